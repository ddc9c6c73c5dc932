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


/* Foreign mappings.  Served by the simulated kernel's share of privcmd
 * (sim/kernel/), which keeps the caller's privcmd mappings. */
#define XS_IOCTL_PRIVCMD_MMAPBATCH_V2  0x205004ul
#define XS_IOCTL_PRIVCMD_MMAP_RESOURCE 0x205007ul

struct xs_privcmd_mmapbatch_v2 {
    uint32_t num;
    uint16_t dom;
    uint64_t addr;
    uint64_t arr;         /* const xen_pfn_t *: gfns */
    uint64_t err;         /* int *: one errno (negative) or 0 a frame */
};

struct xs_privcmd_mmap_resource {
    uint16_t dom;
    uint32_t type;
    uint32_t id;
    uint32_t idx;
    uint64_t num;
    uint64_t addr;        /* 0 with num 0: how many frames the resource has */
};

_Static_assert(sizeof(struct xs_privcmd_mmapbatch_v2) == 32, "privcmd_mmapbatch_v2");
_Static_assert(sizeof(struct xs_privcmd_mmap_resource) == 32, "privcmd_mmap_resource");

/* /dev/xen/evtchn (include/uapi/xen/evtchn.h), also _IOC_NONE requests. */
#define XS_IOCTL_EVTCHN_BIND_VIRQ          0x44500ul
#define XS_IOCTL_EVTCHN_BIND_INTERDOMAIN   0x84501ul
#define XS_IOCTL_EVTCHN_BIND_UNBOUND_PORT  0x44502ul
#define XS_IOCTL_EVTCHN_UNBIND             0x44503ul
#define XS_IOCTL_EVTCHN_NOTIFY             0x44504ul
#define XS_IOCTL_EVTCHN_RESET              0x04505ul
#define XS_IOCTL_EVTCHN_RESTRICT_DOMID     0x24506ul

struct xs_ioctl_evtchn_bind_interdomain { uint32_t remote_domain, remote_port; };
_Static_assert(sizeof(struct xs_ioctl_evtchn_bind_interdomain) == 8, "evtchn_bind_interdomain");

/* /dev/xen/gntdev (include/uapi/xen/gntdev.h): the two requests xenstored
 * and QEMU make without a grant of their own. */
#define XS_IOCTL_GNTDEV_SET_MAX_GRANTS 0x44703ul
#define XS_IOCTL_GNTDEV_GRANT_COPY     0x104708ul

struct xs_ioctl_gntdev_grant_copy {
    uint32_t count;
    uint64_t segments;    /* struct gntdev_grant_copy_segment *, 24 bytes each */
};
_Static_assert(sizeof(struct xs_ioctl_gntdev_grant_copy) == 16, "gntdev_grant_copy");
#define XS_GNTDEV_GRANT_COPY_SEGMENT_SIZE 24
#define XS_GNTDEV_SEGMENT_STATUS_OFFSET   20   /* int16_t status, OUT */

#endif
