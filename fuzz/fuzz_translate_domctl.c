/* shim/translate_domctl.c: a domctl or sysctl stamped with another
 * release's interface version.  Input: release byte (the hypervisor),
 * kind byte (even: domctl, odd: sysctl), then the struct (the arena). */
#include "fuzz_caller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_hv f;
    long ret;

    if (size < 2)
        return 0;
    fuzz_fill_arena(data + 2, size - 2);
    if (fuzz_hv_open(&f, fuzz_release(data[0])))
        return 0;
    if (data[1] & 1)
        xs_translate_sysctl(&f.hv, fuzz_addr(0), &ret);
    else
        xs_translate_domctl(&f.hv, fuzz_addr(0), &ret);
    fuzz_hv_close(&f);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xs_log_set_level(0);
    return 0;
}
