/* xenshim check BINARY [--target VERSION] [--json]  (--host: cmd_check_host.c)
 *
 * Can BINARY, a device model, load on this host?  Lists the Xen sonames
 * it needs (DT_NEEDED) and the Xen symbols it imports, with the version
 * each import asks for, and says who provides each: the host's own
 * library, the compat layer (<libdir>/compat, shim/compat/), or nothing.
 * Exit status 0 when everything is provided, 1 when something is not,
 * 2 when BINARY cannot be read.
 *
 * --target VERSION: the Xen release the host will run, when it is not
 * the one whose libraries are installed here.  Which sonames that
 * release ships is then known from its number; symbols of a soname the
 * installed libraries share with it are checked against them.
 *
 * --json: the same as one JSON object (keys in xenshim(1), CHECK JSON).
 *
 * The ELF reading is our own: elf_reader.c. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "check.h"
#include "elf_reader.h"
#include "json_out.h"
#include "versions.h"

static bool is_xen_soname(const char *s)
{
    return !strncmp(s, "libxen", 6);
}

static bool is_xen_symbol(const char *s)
{
    static const char *const prefixes[] = { "xc_", "xs_", "xen", "xtl_", "libxl_" };
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (!strncmp(s, prefixes[i], strlen(prefixes[i])))
            return true;
    return false;
}

static const char *const host_dirs[] = {
    "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64",
    "/usr/local/lib", "/usr/lib", "/lib",
};

static void provider_open(struct provider *p, const char *path)
{
    snprintf(p->path, sizeof(p->path), "%s", path);
    p->present = true;
    p->readable = elf_open(path, &p->elf) == 0;
}

/* The host's copy of `soname`: a real one, not one of our compat
 * libraries (those carry xenshim_compat_release). */
static bool find_host_lib(const char *soname, char *path, size_t len)
{
    for (size_t i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++) {
        struct elf_file f;
        snprintf(path, len, "%s/%s", host_dirs[i], soname);
        if (access(path, R_OK) != 0)
            continue;
        if (elf_open(path, &f) == 0) {
            bool ours = elf_defines(&f, "xenshim_compat_release", NULL);
            elf_close(&f);
            if (ours)
                continue;
        }
        return true;
    }
    return false;
}

/* The release (4.N) of the newest libxenctrl.so.4.N installed, or "". */
void check_installed_release(char *out, size_t len)
{
    char pattern[256];

    out[0] = 0;
    for (size_t i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]) && !out[0]; i++) {
        glob_t g;
        snprintf(pattern, sizeof(pattern), "%s/libxenctrl.so.4.*", host_dirs[i]);
        if (glob(pattern, 0, NULL, &g) != 0)
            continue;
        for (size_t j = 0; j < g.gl_pathc; j++) {
            const char *v = strstr(g.gl_pathv[j], ".so.") + 4;
            int major, minor, n = 0;
            char cand[16];
            if (sscanf(v, "%d.%d%n", &major, &minor, &n) != 2 || v[n])
                continue;
            snprintf(cand, sizeof(cand), "%d.%d", major, minor);
            if (!out[0] || strverscmp(cand, out) > 0)
                snprintf(out, len, "%s", cand);
        }
        globfree(&g);
    }
}

/* Does a host running Xen `target` ship `soname`?  From each library's
 * history: the per-release sonames change every release, libxenstore
 * went from 3.0 to 4 in 4.16, the stable libraries came in 4.7-4.14. */
static bool target_ships(const char *target, const char *soname)
{
    static const struct { const char *soname, *first, *last; } libs[] = {
        { "libxenstore.so.3.0", "4.5", "4.15" }, { "libxenstore.so.4", "4.16", NULL },
        { "libxentoollog.so.1", "4.7", NULL }, { "libxenevtchn.so.1", "4.7", NULL },
        { "libxengnttab.so.1", "4.7", NULL }, { "libxencall.so.1", "4.7", NULL },
        { "libxenforeignmemory.so.1", "4.7", NULL }, { "libxendevicemodel.so.1", "4.9", NULL },
        { "libxentoolcore.so.1", "4.10", NULL }, { "libxenhypfs.so.1", "4.14", NULL },
    };
    const char *so = strstr(soname, ".so.");

    for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
        if (!strcmp(libs[i].soname, soname))
            return strverscmp(target, libs[i].first) >= 0 &&
                   (!libs[i].last || strverscmp(target, libs[i].last) <= 0);
    /* libxenctrl, libxenguest, libxenlight, ...: one soname per release. */
    return so && !strncmp(so + 4, "4.", 2) && !strcmp(so + 4, target);
}

static const char *const who_name[] = { "host", "host (by soname)", "compat", "MISSING" };
static const char *const who_key[] = { "host", "host-by-soname", "compat", "missing" };

void check_free(struct check_result *r)
{
    for (size_t j = 0; j < r->nneed; j++) {
        if (r->need[j].host.readable)
            elf_close(&r->need[j].host.elf);
        if (r->need[j].compat.readable)
            elf_close(&r->need[j].compat.elf);
    }
    free(r->syms);
    if (r->bin_open)
        elf_close(&r->bin);
    memset(r, 0, sizeof(*r));
}

static int add_symbol(struct check_result *r, const char *name, const char *ver,
                      const char *soname, enum check_who who)
{
    if (r->nsyms == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct check_symbol *s = realloc(r->syms, cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        r->syms = s;
        r->cap = cap;
    }
    r->syms[r->nsyms++] = (struct check_symbol){ name, ver, soname, who };
    return 0;
}

int check_binary(const char *binary, const char *target, const char *installed,
                 struct check_result *r)
{
    const char *libdir = xs_cli_libdir();
    bool same = !strcmp(target, installed);
    int rc;

    memset(r, 0, sizeof(*r));
    rc = elf_open(binary, &r->bin);
    if (rc)
        return rc;
    r->bin_open = true;
    for (size_t i = 0; i < r->bin.ndyn && r->bin.dyn[i].d_tag != DT_NULL; i++) {
        const char *s = r->bin.dyn[i].d_tag == DT_NEEDED ? elf_str(&r->bin, r->bin.dyn[i].d_un.d_val) : NULL;
        char path[512];
        if (s && !strncmp(s, "libxenctrl.so.", 14))
            r->xenctrl = s;
        if (!s || !is_xen_soname(s) || r->nneed == sizeof(r->need) / sizeof(r->need[0]))
            continue;
        struct needed *n = &r->need[r->nneed++];
        memset(n, 0, sizeof(*n));
        n->soname = s;
        if (find_host_lib(s, path, sizeof(path)) && (same || target_ships(target, s)))
            provider_open(&n->host, path);
        else if (!same && target_ships(target, s)) {
            snprintf(n->host.path, sizeof(n->host.path), "(Xen %s ships it)", target);
            n->host.present = true;
        }
        if (libdir) {
            snprintf(path, sizeof(path), "%s/compat/%s", libdir, s);
            if (access(path, R_OK) == 0)
                provider_open(&n->compat, path);
        }
        n->who = n->host.present ? WHO_HOST : n->compat.present ? WHO_COMPAT : WHO_MISSING;
        if (n->who == WHO_MISSING)
            r->missing++;
    }

    for (size_t i = 1; i < r->bin.nsyms; i++) {
        const Elf64_Sym *s = &r->bin.syms[i];
        const char *name = elf_str(&r->bin, s->st_name), *file, *ver;
        struct needed *n = NULL;
        enum check_who who = WHO_MISSING;

        if (s->st_shndx != SHN_UNDEF || !name || !*name)
            continue;
        ver = sym_version(&r->bin, i, &file);
        if (file && !is_xen_soname(file))
            continue;
        /* Which needed library it comes from: the version need says so;
         * for a plain name, the first that defines it. */
        for (size_t j = 0; j < r->nneed && !n; j++) {
            struct needed *c = &r->need[j];
            if (file ? !strcmp(file, c->soname) :
                (c->host.readable && elf_defines(&c->host.elf, name, NULL)) ||
                (c->compat.readable && elf_defines(&c->compat.elf, name, NULL)))
                n = c;
        }
        if (!n && !file && !is_xen_symbol(name))
            continue;             /* libc and friends */
        if (n && n->host.present &&
            (!n->host.readable || elf_defines(&n->host.elf, name, ver))) {
            who = n->host.readable ? WHO_HOST : WHO_HOST_BY_SONAME;
            r->from_host++;
        } else if (n && !n->host.present && n->compat.readable &&
                   elf_defines(&n->compat.elf, name, ver)) {
            who = WHO_COMPAT;
            r->from_compat++;
        } else
            r->missing++;
        if (add_symbol(r, name, ver, n ? n->soname : file, who))
            return -ENOMEM;
    }
    return 0;
}

static void print_text(const char *binary, const char *target, const char *installed,
                       const struct check_result *r)
{
    const char *libdir = xs_cli_libdir();

    printf("binary: %s\n", binary);
    printf("host: Xen %s (installed libraries: %s)\n", target[0] ? target : "none",
           installed[0] ? installed : "none");
    printf("compat layer: %s/compat\n", libdir ? libdir : "(not found)");
    for (size_t i = 0; i < r->nneed; i++) {
        const struct needed *n = &r->need[i];
        printf("soname %s: %s %s\n", n->soname, who_name[n->who],
               n->who == WHO_HOST ? n->host.path : n->who == WHO_COMPAT ? n->compat.path : "");
    }
    for (size_t i = 0; i < r->nsyms; i++) {
        const struct check_symbol *s = &r->syms[i];
        printf("symbol %s%s%s (%s): %s\n", s->name, s->version ? "@" : "",
               s->version ? s->version : "", s->soname ? s->soname : "no Xen library",
               who_name[s->who]);
    }
    printf("summary: %zu Xen sonames, %zu symbols: %u from the host, %u from the compat layer, "
           "%u unprovided\n", r->nneed, r->nsyms, r->from_host, r->from_compat, r->missing);
}

/* The keys are documented in xenshim(1), CHECK JSON. */
static void print_json(const char *binary, const char *target, const char *installed,
                       const struct check_result *r)
{
    const char *libdir = xs_cli_libdir();
    char compat[PATH_MAX];

    snprintf(compat, sizeof(compat), "%s/compat", libdir ? libdir : "");
    printf("{\"binary\": ");
    json_string(stdout, binary);
    printf(", \"target\": ");
    json_string(stdout, target[0] ? target : NULL);
    printf(", \"installed\": ");
    json_string(stdout, installed[0] ? installed : NULL);
    printf(", \"compat_dir\": ");
    json_string(stdout, libdir ? compat : NULL);
    printf(", \"ok\": %s,\n \"sonames\": [", r->missing ? "false" : "true");
    for (size_t i = 0; i < r->nneed; i++) {
        const struct needed *n = &r->need[i];
        printf("%s\n  {\"soname\": ", i ? "," : "");
        json_string(stdout, n->soname);
        printf(", \"provider\": \"%s\", \"path\": ", who_key[n->who]);
        json_string(stdout, n->who == WHO_HOST ? n->host.path : n->who == WHO_COMPAT ? n->compat.path : NULL);
        printf("}");
    }
    printf("],\n \"symbols\": [");
    for (size_t i = 0; i < r->nsyms; i++) {
        const struct check_symbol *s = &r->syms[i];
        printf("%s\n  {\"name\": ", i ? "," : "");
        json_string(stdout, s->name);
        printf(", \"version\": ");
        json_string(stdout, s->version);
        printf(", \"soname\": ");
        json_string(stdout, s->soname);
        printf(", \"provider\": \"%s\"}", who_key[s->who]);
    }
    printf("],\n \"summary\": {\"sonames\": %zu, \"symbols\": %zu, \"from_host\": %u, "
           "\"from_compat\": %u, \"unprovided\": %u}}\n",
           r->nneed, r->nsyms, r->from_host, r->from_compat, r->missing);
}

static void usage(FILE *out)
{
    fprintf(out, "usage: xenshim check BINARY [--target VERSION] [--json]\n"
            "       xenshim check --host [--target VERSION] [--json]\n");
}

/* --target's release, checked, or the installed one: 0, or 2 (usage). */
int check_target(const char *arg, const char *installed, char *target, size_t len)
{
    if (arg) {
        const struct xs_release *r = xs_release_by_name(arg);
        if (!r || (r->flags & XS_REL_HYPOTHETICAL)) {
            fprintf(stderr, "xenshim check: unknown Xen release '%s'\n", arg);
            return 2;
        }
        snprintf(target, len, "%s", r->name);
    } else
        snprintf(target, len, "%s", installed);
    return 0;
}

static int check(int argc, char **argv)
{
    const char *binary = NULL, *target_arg = NULL;
    char installed[16], target[16];
    struct check_result r;
    bool json = false, host = false;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--target") && i + 1 < argc)
            target_arg = argv[++i];
        else if (!strncmp(argv[i], "--target=", 9))
            target_arg = argv[i] + 9;
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--host"))
            host = true;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' || binary) {
            usage(stderr);
            return 2;
        } else
            binary = argv[i];
    }
    if (host == !!binary) {
        usage(stderr);
        return 2;
    }
    check_installed_release(installed, sizeof(installed));
    if (host)
        return check_host(target_arg, installed, json);
    if ((rc = check_target(target_arg, installed, target, sizeof(target))))
        return rc;
    rc = check_binary(binary, target, installed, &r);
    if (rc) {
        fprintf(stderr, "xenshim check: %s: %s\n", binary, check_strerror(rc));
        check_free(&r);
        return 2;
    }
    if (json)
        print_json(binary, target, installed, &r);
    else
        print_text(binary, target, installed, &r);
    rc = r.missing ? 1 : 0;
    check_free(&r);
    return rc;
}

const char *check_strerror(int rc)
{
    return rc == -ENOEXEC ? "not a dynamically linked 64-bit ELF file"
         : rc == -EISDIR ? "a directory, not a binary"
         : rc == -ESPIPE ? "not a regular file" : strerror(-rc);
}

XS_CLI_COMMAND(check_command, "check",
               "check BINARY | --host [--target VERSION] [--json]   Xen sonames and symbols a program needs "
               "and who provides them; --host: every device model and Xen tool installed",
               check)
