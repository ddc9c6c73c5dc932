/* What Linux's privcmd checks on IOCTL_PRIVCMD_DM_OP before the
 * hypervisor runs.  A caller on a Xen with dm_op meets these checks in the
 * kernel; where the shim carries the call another way (translated, or
 * through the broker), it makes them itself, in the kernel's order, so the
 * answer does not depend on the way. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "privcmd_checks.h"
#include "hcall_bufs.h"
#include "hv_access.h"
#include "own_stack.h"
#include "user_pages.h"

/* Memory the kernel could pin for writing without asking /proc: the
 * thread's own live stack, or a recorded read-write hypercall buffer. */
static bool writable_without_looking(uint64_t addr, uint64_t len)
{
    return !len || (xs_own_stack_contains(addr, len) || xs_hcall_bufs_contain(addr, len));
}

/* The kernel's checks on IOCTL_PRIVCMD_DM_OP, in its order, since the
 * caller would have met them before the hypervisor does.  true: go on,
 * with op and bufs read; false: *v says what happens (the kernel answers
 * alone, or done with *ret). */
bool xs_privcmd_dm_op_checks(struct xs_hv *hv, void *arg, int restricted,
                             struct xs_privcmd_dm_op *op, struct xs_ubuf *bufs, enum xs_verdict *v, long *ret)
{
    unsigned max_num, max_size;
    int rc;

    *v = XS_DONE;
    if (hv->copy_in(hv, op, (uint64_t)(uintptr_t)arg, sizeof(*op))) {
        *v = XS_PASS;     /* the kernel gives the caller its own -EFAULT */
        return false;
    }
    if (restricted >= 0 && op->dom != restricted) {
        *ret = -EPERM;
        return false;
    }
    if (op->num == 0) {
        *v = XS_PASS;     /* answered by the kernel alone (libxendevicemodel's probe) */
        return false;
    }
    xs_privcmd_dm_op_limits(&max_num, &max_size);
    if (op->num > max_num) {
        *ret = -E2BIG;
        return false;
    }
    rc = hv->copy_in(hv, bufs, op->ubufs, op->num * sizeof(bufs[0]));
    if (rc) {
        *ret = rc;
        return false;
    }
    for (unsigned i = 0; i < op->num; i++)
        if (bufs[i].size > max_size) {
            *ret = -E2BIG;
            return false;
        }
    /* The kernel pins every page of every buffer for writing before Xen
     * runs (lock_pages, FOLL_WRITE): a page it could not pin is -EFAULT
     * with no effect, whichever way the shim then carries the call.  With
     * no descriptor left to read its maps, the shim cannot tell: -EMFILE. */
    for (unsigned i = 0; i < op->num; i++)
        if (!writable_without_looking(bufs[i].addr, bufs[i].size) &&
            (*ret = xs_user_pages_writable(0, bufs[i].addr, bufs[i].size)))
            return false;
    return true;
}

