/* The ELF reader of `xenshim check` (shim/cli/elf_reader.c): a hostile
 * file, parsed and asked what `check` asks. */
#include <stdlib.h>
#include <string.h>

#include "cli/elf_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_file f;
    /* elf_parse wants 8-aligned memory, as a mapping is. */
    uint64_t *copy = malloc(size ? (size + 7) & ~(size_t)7 : 8);
    const char *file;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    memset(&f, 0, sizeof(f));
    f.map = (const unsigned char *)copy;
    f.size = size;
    if (elf_parse(&f) == 0) {
        for (size_t i = 0; i < f.nsyms && i < 4096; i++)
            (void)sym_version(&f, i, &file);
        (void)elf_defines(&f, "xc_interface_open", NULL);
        (void)elf_defines(&f, "xendevicemodel_open", "VERS_1.0");
        (void)elf_str(&f, 1);
    }
    f.map = NULL;
    elf_close(&f);
    free(copy);
    return 0;
}
