/* shim/translate_hvmop.c: a legacy (4.5-4.8) hvm_op on a Xen without it.
 * Input: release byte, sub-op byte, then the op's struct (the arena; its
 * address is the hypercall's argument). */
#include "fuzz_caller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_hv f;
    long ret;

    if (fuzz_begin(&f, data, size, 2))
        return 0;
    xs_translate_hvm_op(&f.hv, data[1], fuzz_addr(0), &ret);
    fuzz_hv_close(&f);
    return 0;
}
