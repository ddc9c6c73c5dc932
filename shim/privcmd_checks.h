/* The kernel's checks on IOCTL_PRIVCMD_DM_OP (privcmd_checks.c). */
#ifndef XENSHIM_PRIVCMD_CHECKS_H
#define XENSHIM_PRIVCMD_CHECKS_H

#include <stdbool.h>

#include "privcmd.h"
#include "translate.h"

/* The kernel's checks on the dm_op at arg, in its order; restricted is the
 * descriptor's domain, or -1.  true: go on, with op and bufs read; false:
 * *v says what happens (the kernel answers alone, or done with *ret). */
bool xs_privcmd_dm_op_checks(struct xs_hv *hv, void *arg, int restricted,
                             struct xs_privcmd_dm_op *op, struct xs_ubuf *bufs,
                             enum xs_verdict *v, long *ret);

#endif
