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
 * The ELF reading is our own (64-bit little-endian, as Xen's x86 tools):
 * the dynamic section, .dynsym, and the GNU version tables, every offset
 * checked against the file size. */
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
#include "versions.h"

struct elf_file {
    const unsigned char *map;
    size_t size;
    const Elf64_Sym *syms;
    size_t nsyms;
    const char *strs;
    size_t strs_size;
    const Elf64_Half *versym;         /* nsyms entries, or NULL */
    const Elf64_Dyn *dyn;
    size_t ndyn;
    const char **vername;             /* version index -> name */
    const char **verfile;             /* version index -> soname (verneed) */
    size_t nver;
};

static bool in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
    return off <= f->size && len <= f->size - off;
}

static const char *elf_str(const struct elf_file *f, uint64_t off)
{
    if (!f->strs || off >= f->strs_size || !memchr(f->strs + off, 0, f->strs_size - off))
        return NULL;
    return f->strs + off;
}

static void elf_close(struct elf_file *f)
{
    if (f->map)
        munmap((void *)f->map, f->size);
    free(f->vername);
    free(f->verfile);
    memset(f, 0, sizeof(*f));
}

static int set_version(struct elf_file *f, size_t ndx, const char *name, const char *file)
{
    if (ndx >= f->nver) {
        size_t n = ndx + 16;
        const char **a = realloc(f->vername, n * sizeof(*a));
        if (!a)
            return -ENOMEM;
        f->vername = a;
        const char **b = realloc(f->verfile, n * sizeof(*b));
        if (!b)
            return -ENOMEM;
        f->verfile = b;
        for (size_t i = f->nver; i < n; i++)
            f->vername[i] = f->verfile[i] = NULL;
        f->nver = n;
    }
    f->vername[ndx] = name;
    f->verfile[ndx] = file;
    return 0;
}

/* Version definitions (a library's own) and needs (what it imports). */
static int read_versions(struct elf_file *f, const Elf64_Shdr *verdef, const Elf64_Shdr *verneed)
{
    uint64_t off;
    int rc;

    for (off = verdef ? verdef->sh_offset : 0; verdef; ) {
        if (!in_file(f, off, sizeof(Elf64_Verdef)))
            return -EINVAL;
        const Elf64_Verdef *vd = (const void *)(f->map + off);
        if (vd->vd_cnt && !(vd->vd_flags & VER_FLG_BASE)) {
            if (!in_file(f, off + vd->vd_aux, sizeof(Elf64_Verdaux)))
                return -EINVAL;
            const Elf64_Verdaux *va = (const void *)(f->map + off + vd->vd_aux);
            if ((rc = set_version(f, vd->vd_ndx & 0x7fff, elf_str(f, va->vda_name), NULL)))
                return rc;
        }
        if (!vd->vd_next)
            break;
        off += vd->vd_next;
    }
    for (off = verneed ? verneed->sh_offset : 0; verneed; ) {
        if (!in_file(f, off, sizeof(Elf64_Verneed)))
            return -EINVAL;
        const Elf64_Verneed *vn = (const void *)(f->map + off);
        uint64_t aoff = off + vn->vn_aux;
        for (unsigned i = 0; i < vn->vn_cnt; i++) {
            if (!in_file(f, aoff, sizeof(Elf64_Vernaux)))
                return -EINVAL;
            const Elf64_Vernaux *va = (const void *)(f->map + aoff);
            if ((rc = set_version(f, va->vna_other & 0x7fff, elf_str(f, va->vna_name),
                                  elf_str(f, vn->vn_file))))
                return rc;
            if (!va->vna_next)
                break;
            aoff += va->vna_next;
        }
        if (!vn->vn_next)
            break;
        off += vn->vn_next;
    }
    return 0;
}

static int elf_open(const char *path, struct elf_file *f)
{
    struct stat st;
    const Elf64_Ehdr *eh;
    const Elf64_Shdr *sh, *dynsym = NULL, *dynamic = NULL, *versym = NULL, *verdef = NULL,
                     *verneed = NULL;
    int fd, rc;

    memset(f, 0, sizeof(*f));
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        close(fd);
        return -ENOEXEC;
    }
    f->size = (size_t)st.st_size;
    f->map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (f->map == MAP_FAILED) {
        f->map = NULL;
        return -errno;
    }
    eh = (const void *)f->map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !in_file(f, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr))) {
        elf_close(f);
        return -ENOEXEC;
    }
    sh = (const void *)(f->map + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_NOBITS && !in_file(f, sh[i].sh_offset, sh[i].sh_size))
            continue;
        switch (sh[i].sh_type) {
        case SHT_DYNSYM: dynsym = &sh[i]; break;
        case SHT_DYNAMIC: dynamic = &sh[i]; break;
        case SHT_GNU_versym: versym = &sh[i]; break;
        case SHT_GNU_verdef: verdef = &sh[i]; break;
        case SHT_GNU_verneed: verneed = &sh[i]; break;
        }
    }
    if (!dynsym || !dynamic || dynsym->sh_link >= eh->e_shnum ||
        sh[dynsym->sh_link].sh_type != SHT_STRTAB ||
        !in_file(f, sh[dynsym->sh_link].sh_offset, sh[dynsym->sh_link].sh_size)) {
        elf_close(f);
        return -ENOEXEC;          /* static, or not an executable at all */
    }
    f->syms = (const void *)(f->map + dynsym->sh_offset);
    f->nsyms = dynsym->sh_size / sizeof(Elf64_Sym);
    f->strs = (const char *)f->map + sh[dynsym->sh_link].sh_offset;
    f->strs_size = sh[dynsym->sh_link].sh_size;
    f->dyn = (const void *)(f->map + dynamic->sh_offset);
    f->ndyn = dynamic->sh_size / sizeof(Elf64_Dyn);
    if (versym && versym->sh_size / sizeof(Elf64_Half) >= f->nsyms)
        f->versym = (const void *)(f->map + versym->sh_offset);
    rc = read_versions(f, verdef, verneed);
    if (rc) {
        elf_close(f);
        return rc;
    }
    return 0;
}

/* The version name of dynsym entry i, or NULL (unversioned, or base). */
static const char *sym_version(const struct elf_file *f, size_t i, const char **file)
{
    size_t ndx = f->versym ? (f->versym[i] & 0x7fff) : 0;

    if (file)
        *file = NULL;
    if (ndx < 2 || ndx >= f->nver)
        return NULL;
    if (file)
        *file = f->verfile[ndx];
    return f->vername[ndx];
}

/* Does `f` export `name` (with `version`, when one is asked for)?  An
 * unversioned import takes the default (non-hidden) definition. */
static bool elf_defines(const struct elf_file *f, const char *name, const char *version)
{
    for (size_t i = 1; i < f->nsyms; i++) {
        const Elf64_Sym *s = &f->syms[i];
        const char *n = elf_str(f, s->st_name);
        unsigned bind = ELF64_ST_BIND(s->st_info);

        if (s->st_shndx == SHN_UNDEF || !n || strcmp(n, name) ||
            (bind != STB_GLOBAL && bind != STB_WEAK))
            continue;
        const char *v = sym_version(f, i, NULL);
        bool hidden = f->versym && (f->versym[i] & 0x8000);
        if (version ? v && !strcmp(v, version) : !hidden)
            return true;
    }
    return false;
}

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
                rc == -ENOEXEC ? "not a dynamically linked 64-bit ELF file" : strerror(-rc));
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
