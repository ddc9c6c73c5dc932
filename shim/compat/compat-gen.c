/* Generates, from symbols.h, what the build and the docs need:
 *   compat-gen script 4.N   version script of libxenctrl.so.4.N
 *   compat-gen link 4.N     the same without versions (the link stub)
 *   compat-gen guest 4.N    version script of libxenguest.so.4.N
 *   compat-gen guest-link 4.N
 *   compat-gen store        version script of libxenstore.so.3.0
 *   compat-gen store-link   the same without versions
 *   compat-gen table        the Markdown table of docs/compat.md
 *
 * Why every library gets a named version, even of releases that had
 * none: the host's libxenctrl calls some of its own exported functions
 * (xc_domain_getinfo from xc_domain_memory_mapping, ...) through the
 * PLT, asking for VERS_4.17.0.  glibc binds such a reference to an
 * unversioned definition found earlier in the global scope, which would
 * be ours, with our handle type.  A definition in another named version
 * never matches it, while the unversioned references of an old binary
 * still bind to it.  Releases that versioned their symbols get exactly
 * their version; the others a private one, XENSHIM_COMPAT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symbols.h"

struct release { int rel; const char *version; };
struct xc_sym { const char *name; int first, last; const char *host; };

#define R(rel, v) { rel, v },
static const struct release releases[] = { XC_RELEASES(R) };
#undef R
#define XC(n, f, l, h) { #n, f, l, h },
static const struct xc_sym xc_syms[] = { XC_SYMBOLS };
#undef XC
#define XG(n, f, l, h) { #n, f, l, h },
static const struct xc_sym xg_syms[] = { XG_SYMBOLS };
#undef XG
#define XSTORE(n) #n,
static const char *const xstore_syms[] = { XSTORE_SYMBOLS };
#undef XSTORE

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int parse_release(const char *s)
{
    int major, minor;

    if (sscanf(s, "%d.%d", &major, &minor) != 2 || major != 4)
        return -1;
    for (size_t i = 0; i < N(releases); i++)
        if (releases[i].rel == 400 + minor)
            return (int)i;
    return -1;
}

static void script_head(const char *version)
{
    if (version)
        printf("%s {\n  global:\n    xenshim_compat_release;\n", version);
    else
        printf("{\n  global:\n");
}

static void script_tail(void)
{
    printf("  local: *;\n};\n");
}

static void xc_script(const struct release *r, const struct xc_sym *syms, size_t n,
                      int versioned)
{
    script_head(!versioned ? NULL : *r->version ? r->version : "XENSHIM_COMPAT");
    for (size_t i = 0; i < n; i++)
        if (syms[i].first <= r->rel && r->rel <= syms[i].last)
            printf("    %s;\n", syms[i].name);
    script_tail();
}

static void xstore_script(int versioned)
{
    script_head(versioned ? XSTORE_VERSION : NULL);
    for (size_t i = 0; i < N(xstore_syms); i++)
        printf("    %s;\n", xstore_syms[i]);
    script_tail();
}

static void table(void)
{
    printf("| symbol | releases | host call |\n|---|---|---|\n");
    for (size_t i = 0; i < N(xc_syms); i++)
        printf("| `%s` | 4.%d-4.%d | `%s` |\n", xc_syms[i].name, xc_syms[i].first - 400,
               xc_syms[i].last - 400, xc_syms[i].host);
    for (size_t i = 0; i < N(xg_syms); i++)
        printf("| `%s` | 4.%d-4.%d (libxenguest.so.4.N) | `%s` |\n", xg_syms[i].name,
               xg_syms[i].first - 400, xg_syms[i].last - 400, xg_syms[i].host);
    for (size_t i = 0; i < N(xstore_syms); i++)
        printf("| `%s` | 4.%d-4.%d (libxenstore.so.3.0) | `%s` of libxenstore.so.4 |\n",
               xstore_syms[i], XSTORE_FIRST - 400, XSTORE_LAST - 400, xstore_syms[i]);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    int r = argc > 2 ? parse_release(argv[2]) : -1;

    if (!strcmp(what, "script") && r >= 0)
        xc_script(&releases[r], xc_syms, N(xc_syms), 1);
    else if (!strcmp(what, "link") && r >= 0)
        xc_script(&releases[r], xc_syms, N(xc_syms), 0);
    else if (!strcmp(what, "guest") && r >= 0)
        xc_script(&releases[r], xg_syms, N(xg_syms), 1);
    else if (!strcmp(what, "guest-link") && r >= 0)
        xc_script(&releases[r], xg_syms, N(xg_syms), 0);
    else if (!strcmp(what, "store"))
        xstore_script(1);
    else if (!strcmp(what, "store-link"))
        xstore_script(0);
    else if (!strcmp(what, "table"))
        table();
    else {
        fprintf(stderr, "usage: compat-gen script|link|guest|guest-link 4.N | store | store-link | table\n");
        return 2;
    }
    return 0;
}
