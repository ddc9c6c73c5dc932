/* The ELF reader of `xenshim check` against hostile files: misaligned
 * tables are refused rather than read unaligned (UBSan would report the
 * load), a FIFO is not waited on, a directory is named as one (issue 15,
 * finding 6).  The well-formed input is this test program itself. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "shim/cli/elf_reader.c"

static unsigned char *self_image(size_t *size)
{
    int fd = open("/proc/self/exe", O_RDONLY);
    struct stat st;
    unsigned char *buf;

    assert_true(fd >= 0);
    assert_int_equal(fstat(fd, &st), 0);
    /* One spare byte for the shifted copies, 8-aligned like a map. */
    buf = aligned_alloc(8, ((size_t)st.st_size + 16) & ~(size_t)7);
    assert_non_null(buf);
    assert_int_equal(read(fd, buf, (size_t)st.st_size), st.st_size);
    close(fd);
    *size = (size_t)st.st_size;
    return buf;
}

static int parse(unsigned char *buf, size_t size)
{
    struct elf_file f;
    int rc;

    memset(&f, 0, sizeof(f));
    f.map = buf;
    f.size = size;
    rc = elf_parse(&f);
    f.map = NULL;
    elf_close(&f);
    return rc;
}

static void well_formed_file_parses(void **state)
{
    size_t size;
    unsigned char *buf = self_image(&size);
    struct elf_file f;

    (void)state;
    memset(&f, 0, sizeof(f));
    f.map = buf;
    f.size = size;
    assert_int_equal(elf_parse(&f), 0);
    assert_true(f.nsyms > 1);
    assert_true(f.ndyn > 0);
    f.map = NULL;
    elf_close(&f);
    free(buf);
}

/* The section header table one byte further on, the file one byte longer:
 * every offset in it still in the file, but misaligned. */
static void misaligned_section_headers_refused(void **state)
{
    size_t size;
    unsigned char *buf = self_image(&size);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
    uint64_t shoff = eh->e_shoff;

    (void)state;
    assert_true(shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) <= size);
    memmove(buf + shoff + 1, buf + shoff, size - shoff);
    eh->e_shoff = shoff + 1;
    assert_int_equal(parse(buf, size + 1), -ENOEXEC);
    free(buf);
}

static void misaligned_dynsym_refused(void **state)
{
    size_t size;
    unsigned char *buf = self_image(&size);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
    Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff);
    int found = 0;

    (void)state;
    for (unsigned i = 0; i < eh->e_shnum; i++)
        if (sh[i].sh_type == SHT_DYNSYM || sh[i].sh_type == SHT_DYNAMIC) {
            sh[i].sh_offset += 4;
            found++;
        }
    assert_int_equal(found, 2);
    assert_int_equal(parse(buf, size), -ENOEXEC);
    free(buf);
}

static void fifo_and_directory_named(void **state)
{
    char path[] = "/tmp/xenshim-elf-XXXXXX";
    char fifo[64];
    struct elf_file f;

    (void)state;
    assert_non_null(mkdtemp(path));
    assert_int_equal(elf_open(path, &f), -EISDIR);
    snprintf(fifo, sizeof(fifo), "%s/fifo", path);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    alarm(10);                    /* a blocking open would hang here */
    assert_int_equal(elf_open(fifo, &f), -ESPIPE);
    alarm(0);
    unlink(fifo);
    rmdir(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_formed_file_parses),
        cmocka_unit_test(misaligned_section_headers_refused),
        cmocka_unit_test(misaligned_dynsym_refused),
        cmocka_unit_test(fifo_and_directory_named),
    };

    return cmocka_run_group_tests_name("elf_reader", tests, NULL, NULL);
}
