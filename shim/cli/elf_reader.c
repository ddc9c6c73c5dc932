/* The ELF reader of `xenshim check` (elf_reader.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_reader.h"

static bool in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
    return off <= f->size && len <= f->size - off;
}

/* The map is page-aligned, so a structure is aligned where its file
 * offset is; one that is not is refused, never read unaligned. */
static bool in_file_aligned(const struct elf_file *f, uint64_t off, uint64_t len, uint64_t align)
{
    return !(off & (align - 1)) && in_file(f, off, len);
}

const char *elf_str(const struct elf_file *f, uint64_t off)
{
    if (!f->strs || off >= f->strs_size || !memchr(f->strs + off, 0, f->strs_size - off))
        return NULL;
    return f->strs + off;
}

void elf_close(struct elf_file *f)
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
        if (!in_file_aligned(f, off, sizeof(Elf64_Verdef), 4))
            return -ENOEXEC;
        const Elf64_Verdef *vd = (const void *)(f->map + off);
        if (vd->vd_cnt && !(vd->vd_flags & VER_FLG_BASE)) {
            if (!in_file_aligned(f, off + vd->vd_aux, sizeof(Elf64_Verdaux), 4))
                return -ENOEXEC;
            const Elf64_Verdaux *va = (const void *)(f->map + off + vd->vd_aux);
            if ((rc = set_version(f, vd->vd_ndx & 0x7fff, elf_str(f, va->vda_name), NULL)))
                return rc;
        }
        if (!vd->vd_next)
            break;
        off += vd->vd_next;
    }
    for (off = verneed ? verneed->sh_offset : 0; verneed; ) {
        if (!in_file_aligned(f, off, sizeof(Elf64_Verneed), 4))
            return -ENOEXEC;
        const Elf64_Verneed *vn = (const void *)(f->map + off);
        uint64_t aoff = off + vn->vn_aux;
        for (unsigned i = 0; i < vn->vn_cnt; i++) {
            if (!in_file_aligned(f, aoff, sizeof(Elf64_Vernaux), 4))
                return -ENOEXEC;
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

/* The ELF structures of f->map (f->size bytes, at least 8-aligned).
 * -ENOEXEC for anything that is not a well-formed dynamic ELF64. */
int elf_parse(struct elf_file *f)
{
    const Elf64_Ehdr *eh;
    const Elf64_Shdr *sh, *dynsym = NULL, *dynamic = NULL, *versym = NULL, *verdef = NULL,
                     *verneed = NULL;

    if (f->size < sizeof(Elf64_Ehdr))
        return -ENOEXEC;
    eh = (const void *)f->map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !in_file_aligned(f, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), 8))
        return -ENOEXEC;
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
        !in_file(f, sh[dynsym->sh_link].sh_offset, sh[dynsym->sh_link].sh_size) ||
        dynsym->sh_type == SHT_NOBITS || dynamic->sh_type == SHT_NOBITS ||
        dynsym->sh_offset & 7 || dynamic->sh_offset & 7)
        return -ENOEXEC;          /* static, or not an executable at all */
    f->syms = (const void *)(f->map + dynsym->sh_offset);
    f->nsyms = dynsym->sh_size / sizeof(Elf64_Sym);
    f->strs = (const char *)f->map + sh[dynsym->sh_link].sh_offset;
    f->strs_size = sh[dynsym->sh_link].sh_size;
    f->dyn = (const void *)(f->map + dynamic->sh_offset);
    f->ndyn = dynamic->sh_size / sizeof(Elf64_Dyn);
    if (versym && versym->sh_size / sizeof(Elf64_Half) >= f->nsyms && !(versym->sh_offset & 1) &&
        in_file(f, versym->sh_offset, versym->sh_size))
        f->versym = (const void *)(f->map + versym->sh_offset);
    return read_versions(f, verdef, verneed);
}

int elf_open(const char *path, struct elf_file *f)
{
    struct stat st;
    int fd, rc;

    memset(f, 0, sizeof(*f));
    /* O_NONBLOCK: a FIFO must not block the open; only a regular file is
     * read at all (a directory or a device is no binary). */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        close(fd);
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return S_ISDIR(st.st_mode) ? -EISDIR : -ESPIPE;
    }
    if (st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
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
    rc = elf_parse(f);
    if (rc)
        elf_close(f);
    return rc;
}

/* The version name of dynsym entry i, or NULL (unversioned, or base). */
const char *sym_version(const struct elf_file *f, size_t i, const char **file)
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
bool elf_defines(const struct elf_file *f, const char *name, const char *version)
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

