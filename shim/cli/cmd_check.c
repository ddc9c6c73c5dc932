/* xenshim check BINARY [--target VERSION]
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
 * The ELF reading is our own: elf_reader.c. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "elf_reader.h"
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

/* A provider of one soname: the file and its symbols, if it exists. */
struct provider {
    char path[512];
    bool present;                 /* shipped (host: by the target release) */
    bool readable;                /* `elf` holds its symbols */
    struct elf_file elf;
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
static void installed_release(char *out, size_t len)
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

struct needed {
    const char *soname;
    struct provider host, compat;
};

static void usage(FILE *out)
{
    fprintf(out, "usage: xenshim check BINARY [--target VERSION]\n");
}

static int check(int argc, char **argv)
{
    const char *binary = NULL, *target_arg = NULL;
    char installed[16], target[16];
    struct elf_file bin;
    struct needed need[32];
    size_t nneed = 0;
    unsigned from_host = 0, from_compat = 0, missing = 0, nsym = 0;
    const char *libdir = xs_cli_libdir();
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--target") && i + 1 < argc)
            target_arg = argv[++i];
        else if (!strncmp(argv[i], "--target=", 9))
            target_arg = argv[i] + 9;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' || binary) {
            usage(stderr);
            return 2;
        } else
            binary = argv[i];
    }
    if (!binary) {
        usage(stderr);
        return 2;
    }
    installed_release(installed, sizeof(installed));
    if (target_arg) {
        const struct xs_release *r = xs_release_by_name(target_arg);
        if (!r || (r->flags & XS_REL_HYPOTHETICAL)) {
            fprintf(stderr, "xenshim check: unknown Xen release '%s'\n", target_arg);
            return 2;
        }
        snprintf(target, sizeof(target), "%s", r->name);
    } else
        snprintf(target, sizeof(target), "%s", installed);
    rc = elf_open(binary, &bin);
    if (rc) {
        fprintf(stderr, "xenshim check: %s: %s\n", binary,
                rc == -ENOEXEC ? "not a dynamically linked 64-bit ELF file"
                : rc == -EISDIR ? "a directory, not a binary"
                : rc == -ESPIPE ? "not a regular file" : strerror(-rc));
        return 2;
    }
    printf("binary: %s\n", binary);
    printf("host: Xen %s (installed libraries: %s)\n", target[0] ? target : "none",
           installed[0] ? installed : "none");
    printf("compat layer: %s/compat\n", libdir ? libdir : "(not found)");

    for (size_t i = 0; i < bin.ndyn && bin.dyn[i].d_tag != DT_NULL; i++) {
        const char *s = bin.dyn[i].d_tag == DT_NEEDED ? elf_str(&bin, bin.dyn[i].d_un.d_val) : NULL;
        char path[512];
        if (!s || !is_xen_soname(s) || nneed == sizeof(need) / sizeof(need[0]))
            continue;
        struct needed *n = &need[nneed++];
        memset(n, 0, sizeof(*n));
        n->soname = s;
        bool same = !strcmp(target, installed);
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
        const char *who = n->host.present ? "host" : n->compat.present ? "compat" : "MISSING";
        printf("soname %s: %s %s\n", s, who,
               n->host.present ? n->host.path : n->compat.present ? n->compat.path : "");
        if (!n->host.present && !n->compat.present)
            missing++;
    }

    for (size_t i = 1; i < bin.nsyms; i++) {
        const Elf64_Sym *s = &bin.syms[i];
        const char *name = elf_str(&bin, s->st_name), *file, *ver;
        struct needed *n = NULL;

        if (s->st_shndx != SHN_UNDEF || !name || !*name)
            continue;
        ver = sym_version(&bin, i, &file);
        if (file && !is_xen_soname(file))
            continue;
        /* Which needed library it comes from: the version need says so;
         * for a plain name, the first that defines it. */
        for (size_t j = 0; j < nneed && !n; j++) {
            struct needed *c = &need[j];
            if (file ? !strcmp(file, c->soname) :
                (c->host.readable && elf_defines(&c->host.elf, name, NULL)) ||
                (c->compat.readable && elf_defines(&c->compat.elf, name, NULL)))
                n = c;
        }
        if (!n && !file && !is_xen_symbol(name))
            continue;             /* libc and friends */
        nsym++;
        const char *who = "MISSING";
        if (n && n->host.present &&
            (!n->host.readable || elf_defines(&n->host.elf, name, ver))) {
            who = n->host.readable ? "host" : "host (by soname)";
            from_host++;
        } else if (n && !n->host.present && n->compat.readable &&
                   elf_defines(&n->compat.elf, name, ver)) {
            who = "compat";
            from_compat++;
        } else
            missing++;
        printf("symbol %s%s%s (%s): %s\n", name, ver ? "@" : "", ver ? ver : "",
               n ? n->soname : file ? file : "no Xen library", who);
    }
    printf("summary: %zu Xen sonames, %u symbols: %u from the host, %u from the compat layer, "
           "%u unprovided\n", nneed, nsym, from_host, from_compat, missing);
    for (size_t j = 0; j < nneed; j++) {
        if (need[j].host.readable)
            elf_close(&need[j].host.elf);
        if (need[j].compat.readable)
            elf_close(&need[j].compat.elf);
    }
    elf_close(&bin);
    return missing ? 1 : 0;
}

XS_CLI_COMMAND(check_command, "check",
               "check BINARY [--target VERSION]   Xen sonames and symbols BINARY needs, and who provides them",
               check)
