/* Between the simulated kernel's share of privcmd (libxensim-privcmd.so,
 * inside CMD) and the simulator: three private privcmd requests, numbered
 * beyond Linux's so no real caller makes them.  Only the simulator
 * answers them (through the seccomp listener; on a real privcmd they are
 * -ENOTTY), and they translate nothing: the library keeps CMD's privcmd
 * mappings as Linux's privcmd does and asks here which guest page backs
 * each frame. */
#ifndef XENSHIM_SIM_KERNEL_ABI_H
#define XENSHIM_SIM_KERNEL_ABI_H

#include <stdint.h>

/* arg: uint16_t *domid.  Result: a new descriptor (close-on-exec) of the
 * guest-memory file, gfn N at page N. */
#define XS_SIM_IOCTL_GUEST_MEMORY   0x250e0ul

/* MMAPBATCH's question.  frames[i]: the file page, or -errno. */
struct xs_sim_foreign_frames {
    uint16_t dom;
    uint32_t num;
    uint64_t gfns;        /* const uint64_t[num] */
    uint64_t frames;      /* int64_t[num], OUT */
};
#define XS_SIM_IOCTL_FOREIGN_FRAMES 0x1850e1ul

/* MMAP_RESOURCE's question.  num 0: the resource's size is the result. */
struct xs_sim_resource_frames {
    uint16_t dom;
    uint32_t type, id, idx, num;
    uint64_t frames;      /* int64_t[num], OUT */
};
#define XS_SIM_IOCTL_RESOURCE_FRAMES 0x2050e2ul

/* /dev/xen/hypercall: Linux's privcmd-buf gives hypercall buffers that
 * process_vm_readv cannot reach (and so neither can a translator that
 * reads a caller's memory that way).  The library plays them with
 * memfd_secret(2) memory, and tells the simulator, which is Xen here and
 * must read them as Xen does, where each lies: it takes the descriptor
 * (pidfd_getfd) and maps the same pages.  On the hypercall node, type 'H'. */
struct xs_sim_hcall_buf {
    int32_t fd;           /* MAP: the caller's descriptor of the memory */
    uint32_t pad;
    uint64_t addr, len;
};
#define XS_SIM_IOCTL_HCALL_MAP   0x1848e0ul
#define XS_SIM_IOCTL_HCALL_UNMAP 0x1848e1ul
_Static_assert(sizeof(struct xs_sim_hcall_buf) == 24, "hcall_buf");

/* At most this many frames per request (a 1 GiB mapping). */
#define XS_SIM_MAX_FRAMES (1u << 18)

_Static_assert(sizeof(struct xs_sim_foreign_frames) == 24, "foreign_frames");
_Static_assert(sizeof(struct xs_sim_resource_frames) == 32, "resource_frames");

#endif
