/* Legacy hvm_op (Xen 4.5-4.8 device-model sub-ops) on a hypervisor that
 * no longer has them.  Placeholder: passes everything through until the
 * real translator lands. */
#include "translate.h"

enum xs_verdict xs_translate_hvm_op(struct xs_hv *hv, uint64_t op, uint64_t arg, long *ret)
{
    (void)hv; (void)op; (void)arg; (void)ret;
    return XS_PASS;
}
