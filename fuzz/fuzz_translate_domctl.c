/* shim/translate_domctl.c: a domctl or sysctl stamped with another
 * release's interface version.  Input: release byte (the hypervisor),
 * kind byte (even: domctl, odd: sysctl), then the struct (the arena). */
#include "fuzz_caller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_hv f;
    long ret;

    if (fuzz_begin(&f, data, size, 2))
        return 0;
    if (data[1] & 1)
        xs_translate_sysctl(&f.hv, fuzz_addr(0), &ret);
    else
        xs_translate_domctl(&f.hv, fuzz_addr(0), &ret);
    fuzz_hv_close(&f);
    return 0;
}
