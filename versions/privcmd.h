/* The Linux privcmd driver's interface (include/uapi/xen/privcmd.h), which
 * is the same whatever Xen release runs underneath.  Both the shim (which
 * inspects these ioctls) and the simulator's front (which plays the driver)
 * use it. */
#ifndef XENSHIM_PRIVCMD_H
#define XENSHIM_PRIVCMD_H

#include <stdint.h>

/* All three are _IOC_NONE requests: the argument is a raw pointer, which is
 * also why a FUSE file can receive them unrestricted. */
#define XS_IOCTL_PRIVCMD_HYPERCALL 0x305000ul
#define XS_IOCTL_PRIVCMD_DM_OP     0x105005ul
#define XS_IOCTL_PRIVCMD_RESTRICT  0x025006ul

struct xs_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

struct xs_privcmd_dm_op_buf {
    uint64_t uptr;
    uint64_t size;
};

struct xs_privcmd_dm_op {
    uint16_t dom;
    uint16_t num;
    uint64_t ubufs;       /* const struct xs_privcmd_dm_op_buf * */
};

/* Limits the driver enforces before Xen sees the call (-E2BIG). */
#define XS_PRIVCMD_DM_OP_MAX_NUM  16
#define XS_PRIVCMD_DM_OP_MAX_SIZE 4096

_Static_assert(sizeof(struct xs_privcmd_hypercall) == 48, "privcmd_hypercall");
_Static_assert(sizeof(struct xs_privcmd_dm_op) == 16, "privcmd_dm_op");
_Static_assert(sizeof(struct xs_privcmd_dm_op_buf) == 16, "privcmd_dm_op_buf");

#endif
