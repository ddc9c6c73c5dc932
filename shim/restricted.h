/* Restricted privcmd descriptors on a hypervisor without dm_op: the shim's
 * side of the dm_op broker's life cycle (restricted.c).  The interposer
 * only hands over the two requests that concern it. */
#ifndef XENSHIM_RESTRICTED_H
#define XENSHIM_RESTRICTED_H

#include <stdatomic.h>
#include <stdint.h>

#include "broker.h"
#include "hv_access.h"
#include "translate.h"

/* IOCTL_PRIVCMD_RESTRICT: issued through real, its outcome noted in the
 * descriptor table, and on a hypervisor without dm_op the broker started
 * for the domain.  Returns what the kernel did (errno kept). */
int xs_restricted_ioctl(int fd, xs_ioctl_fn real, void *arg, const struct xs_profile *p);

/* A dm_op the kernel's checks passed, on a descriptor restricted to dom:
 * through the broker, or XS_PASS to the kernel as it is (with one log
 * line), -ENOSYS on hvmctl1. */
enum xs_verdict xs_restricted_dm_op(struct xs_hv *hv, uint16_t dom, unsigned nr,
                                    const struct xs_ubuf *bufs, long *ret);

/* The process's broker, its socket once published (-1: none; the close
 * hooks clear it when the caller closes that number), and how it is
 * started (tests run it in process: tests/unit/thread_broker.h). */
extern struct xs_broker xs_restricted_broker;
extern _Atomic int xs_restricted_broker_sock;
extern int (*xs_restricted_start_broker)(struct xs_broker *, int, uint16_t);

#endif
