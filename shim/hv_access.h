/* struct xs_hv over a privcmd descriptor of this process. */
#ifndef XENSHIM_HV_ACCESS_H
#define XENSHIM_HV_ACCESS_H

#include <stdint.h>
#include <sys/types.h>

#include "translate.h"

#include "privcmd.h"

typedef int (*xs_ioctl_fn)(int fd, unsigned long req, ...);

struct xs_privcmd {
    int fd;
    xs_ioctl_fn ioctl;    /* the real ioctl (RTLD_NEXT in the preload) */
};

/* The shim's own descriptor standing in for one the caller restricted to
 * domid: a call that is not one the translators make for that domain is
 * refused with -EPERM before it reaches the kernel. */
struct xs_confined_privcmd {
    struct xs_privcmd pc;  /* first: hv->priv is read as either */
    uint16_t domid;
};

/* ioctl by system call, past any preloaded ioctl (`xenshim probe` must see
 * the hypervisor itself even when it runs under the shim). */
int xs_raw_ioctl(int fd, unsigned long req, ...);

void xs_hv_init(struct xs_hv *hv, struct xs_privcmd *pc, const struct xs_profile *profile);
void xs_hv_init_confined(struct xs_hv *hv, struct xs_confined_privcmd *c,
                         const struct xs_profile *profile);

/* The kernel's IOCTL_PRIVCMD_DM_OP limits (buffers per call, bytes per
 * buffer): module parameters of xen_privcmd that an administrator may
 * lower, read once; 16 and 4096 where they cannot be read, and never
 * above those (what the shim's own arrays hold). */
void xs_privcmd_dm_op_limits(unsigned *max_num, unsigned *max_size);

/* getpid without a system call: cached, forgotten in a fork child
 * (pthread_atfork). */
pid_t xs_self_pid(void);

/* Copy to/from this process's memory, -EFAULT instead of a fault. */
int xs_self_copy_in(void *dst, uint64_t addr, size_t len);
int xs_self_copy_out(uint64_t addr, const void *src, size_t len);

#endif
