/* The ELF reader of `xenshim check`: 64-bit little-endian (as Xen's x86
 * tools), the dynamic section, .dynsym and the GNU version tables; every
 * offset is checked against the file size and every structure's
 * alignment, so a hostile file is refused (-ENOEXEC), never read past or
 * read unaligned. */
#ifndef XENSHIM_ELF_READER_H
#define XENSHIM_ELF_READER_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Open and map path: 0, -EISDIR, -ESPIPE (not a regular file: a FIFO is
 * never opened for reading in a way that blocks), -ENOEXEC, or -errno. */
int elf_open(const char *path, struct elf_file *f);
/* Parse f->map, f->size bytes (8-aligned), already set: 0 or -ENOEXEC /
 * -ENOMEM.  elf_close frees what it allocated (and unmaps a map elf_open
 * made; set map to NULL first for memory of one's own). */
int elf_parse(struct elf_file *f);
void elf_close(struct elf_file *f);
/* The NUL-terminated string at off of .dynstr, or NULL. */
const char *elf_str(const struct elf_file *f, uint64_t off);
/* The version name of dynsym entry i, or NULL (unversioned, or base);
 * *file: the soname a needed version comes from. */
const char *sym_version(const struct elf_file *f, size_t i, const char **file);
/* Does f export name (with version, when one is asked for)? */
bool elf_defines(const struct elf_file *f, const char *name, const char *version);

#endif
