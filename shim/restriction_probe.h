/* Restrictions made behind the shim's back.
 *
 * The shim notes the IOCTL_PRIVCMD_RESTRICT calls it sees, but a caller
 * can restrict with syscall(SYS_ioctl, ...) or be handed an already
 * restricted descriptor over SCM_RIGHTS.  Translating a legacy hypercall
 * on such a descriptor into a dm_op would let it make a call the kernel
 * refuses it (a restricted file takes no HYPERCALL at all): so before the
 * first translation on a descriptor the shim asks the kernel, once per
 * open file as the descriptor table sees it. */
#ifndef XENSHIM_RESTRICTION_PROBE_H
#define XENSHIM_RESTRICTION_PROBE_H

#include "hv_access.h"

/* Does the kernel hold privcmd descriptor fd restricted?  1 yes, 0 no, or
 * -errno when it could not be asked (the caller's call then fails with
 * it, having done nothing).  real is the ioctl underneath the shim. */
int xs_kernel_restricted(int fd, xs_ioctl_fn real);

#endif
