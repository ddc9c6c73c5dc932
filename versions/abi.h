/* The Xen structures a device model exchanges with the hypervisor, written
 * once, as each release lays them out on x86_64.
 *
 * Facts (numbers, sizes, offsets) are taken from the public headers of the
 * Xen release tags; the definitions are ours.  Where a structure changed
 * layout between releases it exists once per layout generation with a
 * _v0/_v1/_v2 suffix, and versions.h says which release uses which.  Every
 * size and the offsets that decide compatibility are asserted below, and
 * check_417.c compares the 4.17 ones with the installed Xen headers.
 *
 * Never include Xen's headers here. */
#ifndef XENSHIM_ABI_H
#define XENSHIM_ABI_H

#include <stddef.h>
#include <stdint.h>

/* Xen's uint64_aligned_t: 8-byte aligned even where the C ABI would not
 * (matters only for 32-bit callers, but keeps the layouts honest). */
typedef uint64_t xs_u64a __attribute__((aligned(8)));
typedef uint16_t xs_domid_t;
typedef uint16_t xs_ioservid_t;
typedef uint32_t xs_evtchn_port_t;

#define XS_ABI_CHECK_SIZE(t, n) \
    _Static_assert(sizeof(struct t) == (n), "sizeof(struct " #t ") != " #n)
#define XS_ABI_CHECK_OFF(t, f, n) \
    _Static_assert(offsetof(struct t, f) == (n), "offsetof(" #t ", " #f ") != " #n)

/* ---- hypercall numbers and common constants ---------------------------- */

#define XS_HYPERVISOR_sched_op     29
#define XS_HYPERVISOR_xen_version  17
#define XS_HYPERVISOR_hvm_op       34
#define XS_HYPERVISOR_sysctl       35
#define XS_HYPERVISOR_domctl       36
#define XS_HYPERVISOR_dm_op        41   /* 4.9+ */
#define XS_HYPERVISOR_hvmctl       41   /* hvmctl1 only: same number, other ABI */

#define XS_DOMID_SELF     0x7ff0u
#define XS_DOMID_INVALID  0x7ff4u
#define XS_DOMID_FIRST_RESERVED 0x7ff0u

/* xen_version: returns major << 16 | minor; extraversion fills 16 chars. */
#define XS_XENVER_version       0
#define XS_XENVER_extraversion  1
#define XS_XENVER_EXTRAVERSION_LEN 16

/* sched_op remote_shutdown (xc_domain_shutdown of old libxenctrl). */
#define XS_SCHEDOP_remote_shutdown 4
struct xs_sched_remote_shutdown {
    xs_domid_t domain_id;
    uint32_t reason;               /* XS_SHUTDOWN_*; 2 bytes of padding before */
};
XS_ABI_CHECK_SIZE(xs_sched_remote_shutdown, 8);
XS_ABI_CHECK_OFF(xs_sched_remote_shutdown, reason, 4);

/* memory_op (hypercall 12) XENMEM_add_to_physmap: what dm_op
 * relocate_memory does inside Xen, and before 4.9 the only way a device
 * model could move guest frames.  Same layout in every release 4.5-4.20;
 * size is 16 bits (dm_op's is 32).  A continuation's start extent rides
 * in cmd's bits above XS_XENMEM_cmd_mask. */
#define XS_HYPERVISOR_memory_op    12
#define XS_XENMEM_cmd_mask         0x3f
#define XS_XENMEM_add_to_physmap   7
#define XS_XENMAPSPACE_gmfn        2
#define XS_XENMAPSPACE_gmfn_range  3
#define XS_XENMAPSPACE_gmfn_foreign 4
struct xs_xen_add_to_physmap {
    xs_domid_t domid;
    uint16_t size;                 /* frames, for gmfn_range */
    uint32_t space;                /* XS_XENMAPSPACE_* */
    uint64_t idx;                  /* xen_ulong_t: the source gfn */
    uint64_t gpfn;                 /* xen_pfn_t: where it appears */
};
XS_ABI_CHECK_SIZE(xs_xen_add_to_physmap, 24);
XS_ABI_CHECK_OFF(xs_xen_add_to_physmap, space, 4);
XS_ABI_CHECK_OFF(xs_xen_add_to_physmap, idx, 8);
XS_ABI_CHECK_OFF(xs_xen_add_to_physmap, gpfn, 16);

#define XS_SHUTDOWN_poweroff 0
#define XS_SHUTDOWN_reboot   1
#define XS_SHUTDOWN_suspend  2
#define XS_SHUTDOWN_crash    3
#define XS_SHUTDOWN_watchdog 4
#define XS_SHUTDOWN_soft_reset 5

/* hvmmem_type_t values (set_mem_type / get_mem_type).  3 was mmio_write_dm
 * in 4.6 only; from 4.7 it is "unused" and refused; 4.8 adds ioreq_server. */
#define XS_HVMMEM_ram_rw        0
#define XS_HVMMEM_ram_ro        1
#define XS_HVMMEM_mmio_dm       2
#define XS_HVMMEM_mmio_write_dm 3   /* 4.6 */
#define XS_HVMMEM_unused        3   /* 4.7+ */
#define XS_HVMMEM_ioreq_server  4   /* 4.8+ */

/* Buffered-ioreq modes of create_ioreq_server (ATOMIC from 4.6). */
#define XS_IOREQSRV_BUFIOREQ_OFF    0
#define XS_IOREQSRV_BUFIOREQ_LEGACY 1
#define XS_IOREQSRV_BUFIOREQ_ATOMIC 2

/* io_range types, identical numbers in HVMOP, DMOP and hvmctl. */
#define XS_IO_RANGE_PORT   0
#define XS_IO_RANGE_MEMORY 1
#define XS_IO_RANGE_PCI    2
/* A PCI "range" endpoint is one segment/bus/device/function. */
#define XS_PCI_SBDF(s, b, d, f) \
    ((((uint32_t)(s) & 0xffff) << 16) | (((uint32_t)(b) & 0xff) << 8) | \
     (((uint32_t)(d) & 0x1f) << 3) | ((uint32_t)(f) & 0x07))

/* inject_trap / inject_event types. */
#define XS_EVENT_ext_int    0
#define XS_EVENT_nmi        2
#define XS_EVENT_hw_exc     3
#define XS_EVENT_sw_int     4
#define XS_EVENT_pri_sw_exc 5
#define XS_EVENT_sw_exc     6

/* ---- legacy hvm_op (DM sub-ops exist in 4.5-4.8; layouts identical in
 * all four).  hvm_op(op, arg): op is the sub-op, arg points at the struct
 * whose first field is the target domid.  The hypervisor keeps
 * continuation progress of modified_memory and set_mem_type in the bits of
 * op above XS_HVMOP_op_mask (4.5-4.8 alike), so decode op & mask. ---- */

#define XS_HVMOP_op_mask 0xffu

#define XS_HVMOP_set_param                     0
#define XS_HVMOP_get_param                     1
#define XS_HVMOP_set_pci_intx_level            2
#define XS_HVMOP_set_isa_irq_level             3
#define XS_HVMOP_set_pci_link_route            4
#define XS_HVMOP_flush_tlbs                    5
#define XS_HVMOP_track_dirty_vram              6
#define XS_HVMOP_modified_memory               7
#define XS_HVMOP_set_mem_type                  8
#define XS_HVMOP_inject_trap                  14
#define XS_HVMOP_get_mem_type                 15
#define XS_HVMOP_inject_msi                   16
#define XS_HVMOP_create_ioreq_server          17
#define XS_HVMOP_get_ioreq_server_info        18
#define XS_HVMOP_map_io_range_to_ioreq_server 19
#define XS_HVMOP_unmap_io_range_from_ioreq_server 20
#define XS_HVMOP_destroy_ioreq_server         21
#define XS_HVMOP_set_ioreq_server_state       22

struct xs_hvm_param {                  /* set_param, get_param: all releases */
    xs_domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};
XS_ABI_CHECK_SIZE(xs_hvm_param, 16);
XS_ABI_CHECK_OFF(xs_hvm_param, index, 4);
XS_ABI_CHECK_OFF(xs_hvm_param, value, 8);

struct xs_hvm_set_pci_intx_level {
    xs_domid_t domid;
    uint8_t domain, bus, device, intx;
    uint8_t level;
    uint8_t pad;
};
XS_ABI_CHECK_SIZE(xs_hvm_set_pci_intx_level, 8);
XS_ABI_CHECK_OFF(xs_hvm_set_pci_intx_level, level, 6);

struct xs_hvm_set_isa_irq_level {
    xs_domid_t domid;
    uint8_t isa_irq;
    uint8_t level;
};
XS_ABI_CHECK_SIZE(xs_hvm_set_isa_irq_level, 4);

struct xs_hvm_set_pci_link_route {
    xs_domid_t domid;
    uint8_t link;
    uint8_t isa_irq;
};
XS_ABI_CHECK_SIZE(xs_hvm_set_pci_link_route, 4);

struct xs_hvm_track_dirty_vram {
    xs_domid_t domid;
    uint16_t pad;
    uint32_t nr;
    xs_u64a first_pfn;
    xs_u64a dirty_bitmap;              /* guest handle: uint8_t * */
};
XS_ABI_CHECK_SIZE(xs_hvm_track_dirty_vram, 24);
XS_ABI_CHECK_OFF(xs_hvm_track_dirty_vram, nr, 4);
XS_ABI_CHECK_OFF(xs_hvm_track_dirty_vram, dirty_bitmap, 16);

struct xs_hvm_modified_memory {
    xs_domid_t domid;
    uint16_t pad;
    uint32_t nr;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_hvm_modified_memory, 16);
XS_ABI_CHECK_OFF(xs_hvm_modified_memory, first_pfn, 8);

struct xs_hvm_set_mem_type {
    xs_domid_t domid;
    uint16_t hvmmem_type;
    uint32_t nr;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_hvm_set_mem_type, 16);
XS_ABI_CHECK_OFF(xs_hvm_set_mem_type, nr, 4);

struct xs_hvm_inject_trap {
    xs_domid_t domid;
    uint16_t pad0;
    uint32_t vcpuid;
    uint32_t vector;
    uint32_t type;                     /* XS_EVENT_* */
    uint32_t error_code;               /* ~0u: none */
    uint32_t insn_len;
    xs_u64a cr2;
};
XS_ABI_CHECK_SIZE(xs_hvm_inject_trap, 32);
XS_ABI_CHECK_OFF(xs_hvm_inject_trap, vcpuid, 4);
XS_ABI_CHECK_OFF(xs_hvm_inject_trap, insn_len, 20);
XS_ABI_CHECK_OFF(xs_hvm_inject_trap, cr2, 24);

struct xs_hvm_get_mem_type {           /* all releases */
    xs_domid_t domid;
    uint16_t mem_type;                 /* OUT */
    uint16_t pad[2];
    uint64_t pfn;
};
XS_ABI_CHECK_SIZE(xs_hvm_get_mem_type, 16);
XS_ABI_CHECK_OFF(xs_hvm_get_mem_type, pfn, 8);

struct xs_hvm_inject_msi {
    xs_domid_t domid;
    uint16_t pad0;
    uint32_t data;
    uint64_t addr;
};
XS_ABI_CHECK_SIZE(xs_hvm_inject_msi, 16);
XS_ABI_CHECK_OFF(xs_hvm_inject_msi, data, 4);

struct xs_hvm_create_ioreq_server {
    xs_domid_t domid;
    uint8_t handle_bufioreq;           /* XS_IOREQSRV_BUFIOREQ_* */
    uint8_t pad;
    xs_ioservid_t id;                  /* OUT */
};
XS_ABI_CHECK_SIZE(xs_hvm_create_ioreq_server, 6);
XS_ABI_CHECK_OFF(xs_hvm_create_ioreq_server, id, 4);

struct xs_hvm_get_ioreq_server_info {
    xs_domid_t domid;
    xs_ioservid_t id;
    xs_evtchn_port_t bufioreq_port;    /* OUT */
    xs_u64a ioreq_pfn;                 /* OUT */
    xs_u64a bufioreq_pfn;              /* OUT */
};
XS_ABI_CHECK_SIZE(xs_hvm_get_ioreq_server_info, 24);
XS_ABI_CHECK_OFF(xs_hvm_get_ioreq_server_info, bufioreq_port, 4);
XS_ABI_CHECK_OFF(xs_hvm_get_ioreq_server_info, ioreq_pfn, 8);

struct xs_hvm_io_range {               /* map_io_range / unmap_io_range */
    xs_domid_t domid;
    xs_ioservid_t id;
    uint32_t type;                     /* XS_IO_RANGE_* */
    xs_u64a start, end;                /* inclusive */
};
XS_ABI_CHECK_SIZE(xs_hvm_io_range, 24);
XS_ABI_CHECK_OFF(xs_hvm_io_range, type, 4);
XS_ABI_CHECK_OFF(xs_hvm_io_range, start, 8);
XS_ABI_CHECK_OFF(xs_hvm_io_range, end, 16);

struct xs_hvm_destroy_ioreq_server {
    xs_domid_t domid;
    xs_ioservid_t id;
};
XS_ABI_CHECK_SIZE(xs_hvm_destroy_ioreq_server, 4);

struct xs_hvm_set_ioreq_server_state {
    xs_domid_t domid;
    xs_ioservid_t id;
    uint8_t enabled;
    uint8_t pad;
};
XS_ABI_CHECK_SIZE(xs_hvm_set_ioreq_server_state, 6);
XS_ABI_CHECK_OFF(xs_hvm_set_ioreq_server_state, enabled, 4);

/* ---- dm_op (4.9+).  dm_op(domid, nr_bufs, bufs): bufs[0] holds struct
 * xs_dm_op, later buffers carry op-specific arrays (modified_memory
 * extents, the dirty-VRAM bitmap).  Layouts are those of 4.17; the only
 * change 4.9-4.20 is get_ioreq_server_info's pad becoming flags in 4.11
 * (same offsets).  Numbering is append-only. ---- */

#define XS_DMOP_create_ioreq_server               1
#define XS_DMOP_get_ioreq_server_info             2
#define XS_DMOP_map_io_range_to_ioreq_server      3
#define XS_DMOP_unmap_io_range_from_ioreq_server  4
#define XS_DMOP_set_ioreq_server_state            5
#define XS_DMOP_destroy_ioreq_server              6
#define XS_DMOP_track_dirty_vram                  7
#define XS_DMOP_set_pci_intx_level                8
#define XS_DMOP_set_isa_irq_level                 9
#define XS_DMOP_set_pci_link_route               10
#define XS_DMOP_modified_memory                  11
#define XS_DMOP_set_mem_type                     12
#define XS_DMOP_inject_event                     13
#define XS_DMOP_inject_msi                       14
#define XS_DMOP_map_mem_type_to_ioreq_server     15   /* 4.9 */
#define XS_DMOP_remote_shutdown                  16   /* 4.10 */
#define XS_DMOP_relocate_memory                  17   /* 4.11 */
#define XS_DMOP_pin_memory_cacheattr             18   /* 4.11 */
#define XS_DMOP_set_irq_level                    19   /* 4.15 */
#define XS_DMOP_nr_vcpus                         20   /* 4.15 */
#define XS_DMOP_MAX                              20

#define XS_DMOP_no_gfns (1u << 0)          /* get_ioreq_server_info flags, 4.11+ */
#define XS_DMOP_IOREQ_MEM_ACCESS_READ  (1u << 0)
#define XS_DMOP_IOREQ_MEM_ACCESS_WRITE (1u << 1)
#define XS_DMOP_MEM_CACHEATTR_UC  0
#define XS_DMOP_MEM_CACHEATTR_WC  1
#define XS_DMOP_MEM_CACHEATTR_WT  4
#define XS_DMOP_MEM_CACHEATTR_WP  5
#define XS_DMOP_MEM_CACHEATTR_WB  6
#define XS_DMOP_MEM_CACHEATTR_UCM 7
#define XS_DMOP_DELETE_MEM_CACHEATTR 0xffffffffu

struct xs_dm_op_buf {
    uint64_t h;                        /* guest handle (pointer) */
    uint64_t size;
};
XS_ABI_CHECK_SIZE(xs_dm_op_buf, 16);

struct xs_dm_op_create_ioreq_server {
    uint8_t handle_bufioreq;
    uint8_t pad[3];
    xs_ioservid_t id;                  /* OUT */
};
XS_ABI_CHECK_SIZE(xs_dm_op_create_ioreq_server, 6);
XS_ABI_CHECK_OFF(xs_dm_op_create_ioreq_server, id, 4);

struct xs_dm_op_get_ioreq_server_info {
    xs_ioservid_t id;
    uint16_t flags;                    /* 4.9-4.10: pad, must be 0; 4.11+: XS_DMOP_no_gfns */
    xs_evtchn_port_t bufioreq_port;    /* OUT */
    xs_u64a ioreq_gfn;                 /* OUT */
    xs_u64a bufioreq_gfn;              /* OUT */
};
XS_ABI_CHECK_SIZE(xs_dm_op_get_ioreq_server_info, 24);
XS_ABI_CHECK_OFF(xs_dm_op_get_ioreq_server_info, flags, 2);
XS_ABI_CHECK_OFF(xs_dm_op_get_ioreq_server_info, bufioreq_port, 4);
XS_ABI_CHECK_OFF(xs_dm_op_get_ioreq_server_info, ioreq_gfn, 8);
XS_ABI_CHECK_OFF(xs_dm_op_get_ioreq_server_info, bufioreq_gfn, 16);

struct xs_dm_op_ioreq_server_range {   /* map/unmap_io_range_to/from_ioreq_server */
    xs_ioservid_t id;
    uint16_t pad;
    uint32_t type;                     /* XS_IO_RANGE_* */
    xs_u64a start, end;
};
XS_ABI_CHECK_SIZE(xs_dm_op_ioreq_server_range, 24);
XS_ABI_CHECK_OFF(xs_dm_op_ioreq_server_range, type, 4);
XS_ABI_CHECK_OFF(xs_dm_op_ioreq_server_range, start, 8);

struct xs_dm_op_set_ioreq_server_state {
    xs_ioservid_t id;
    uint8_t enabled;
    uint8_t pad;
};
XS_ABI_CHECK_SIZE(xs_dm_op_set_ioreq_server_state, 4);

struct xs_dm_op_destroy_ioreq_server {
    xs_ioservid_t id;
    uint16_t pad;
};
XS_ABI_CHECK_SIZE(xs_dm_op_destroy_ioreq_server, 4);

/* The dirty bitmap travels in bufs[1]. */
struct xs_dm_op_track_dirty_vram {
    uint32_t nr;
    uint32_t pad;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_dm_op_track_dirty_vram, 16);
XS_ABI_CHECK_OFF(xs_dm_op_track_dirty_vram, first_pfn, 8);

/* The legacy op's 8-bit "domain" is a 16-bit PCI segment here. */
struct xs_dm_op_set_pci_intx_level {
    uint16_t domain;
    uint8_t bus, device, intx;
    uint8_t level;
};
XS_ABI_CHECK_SIZE(xs_dm_op_set_pci_intx_level, 6);
XS_ABI_CHECK_OFF(xs_dm_op_set_pci_intx_level, level, 5);

struct xs_dm_op_set_isa_irq_level {
    uint8_t isa_irq;
    uint8_t level;
};
XS_ABI_CHECK_SIZE(xs_dm_op_set_isa_irq_level, 2);

struct xs_dm_op_set_pci_link_route {
    uint8_t link;
    uint8_t isa_irq;
};
XS_ABI_CHECK_SIZE(xs_dm_op_set_pci_link_route, 2);

/* nr_extents struct xs_dm_op_modified_memory_extent follow in bufs[1].
 * On failure nr_extents is updated to (failing index + 1); opaque must be 0
 * on entry (the hypervisor's own continuation cursor). */
struct xs_dm_op_modified_memory {
    uint32_t nr_extents;
    uint32_t opaque;
};
XS_ABI_CHECK_SIZE(xs_dm_op_modified_memory, 8);

struct xs_dm_op_modified_memory_extent {
    uint32_t nr;
    uint32_t pad;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_dm_op_modified_memory_extent, 16);
XS_ABI_CHECK_OFF(xs_dm_op_modified_memory_extent, first_pfn, 8);

struct xs_dm_op_set_mem_type {
    uint32_t nr;
    uint16_t mem_type;
    uint16_t pad;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_dm_op_set_mem_type, 16);
XS_ABI_CHECK_OFF(xs_dm_op_set_mem_type, mem_type, 4);
XS_ABI_CHECK_OFF(xs_dm_op_set_mem_type, first_pfn, 8);

/* Successor of HVMOP_inject_trap: vector, type and insn_len shrank to 8 bits. */
struct xs_dm_op_inject_event {
    uint32_t vcpuid;
    uint8_t vector;
    uint8_t type;                      /* XS_EVENT_* */
    uint8_t insn_len;
    uint8_t pad0;
    uint32_t error_code;
    uint32_t pad1;
    xs_u64a cr2;
};
XS_ABI_CHECK_SIZE(xs_dm_op_inject_event, 24);
XS_ABI_CHECK_OFF(xs_dm_op_inject_event, vector, 4);
XS_ABI_CHECK_OFF(xs_dm_op_inject_event, error_code, 8);
XS_ABI_CHECK_OFF(xs_dm_op_inject_event, cr2, 16);

struct xs_dm_op_inject_msi {
    uint32_t data;
    uint32_t pad;
    xs_u64a addr;
};
XS_ABI_CHECK_SIZE(xs_dm_op_inject_msi, 16);

struct xs_dm_op_map_mem_type_to_ioreq_server {
    xs_ioservid_t id;
    uint16_t type;                     /* XS_HVMMEM_* (only ioreq_server) */
    uint32_t flags;                    /* XS_DMOP_IOREQ_MEM_ACCESS_*, 0 = unmap */
    uint64_t opaque;                   /* continuation, 0 on entry */
};
XS_ABI_CHECK_SIZE(xs_dm_op_map_mem_type_to_ioreq_server, 16);
XS_ABI_CHECK_OFF(xs_dm_op_map_mem_type_to_ioreq_server, opaque, 8);

struct xs_dm_op_remote_shutdown {
    uint32_t reason;                   /* XS_SHUTDOWN_* */
};
XS_ABI_CHECK_SIZE(xs_dm_op_remote_shutdown, 4);

struct xs_dm_op_relocate_memory {
    uint32_t size;
    uint32_t pad;
    xs_u64a src_gfn;
    xs_u64a dst_gfn;
};
XS_ABI_CHECK_SIZE(xs_dm_op_relocate_memory, 24);

struct xs_dm_op_pin_memory_cacheattr {
    xs_u64a start;
    xs_u64a end;
    uint32_t type;                     /* XS_DMOP_MEM_CACHEATTR_* */
    uint32_t pad;
};
XS_ABI_CHECK_SIZE(xs_dm_op_pin_memory_cacheattr, 24);
XS_ABI_CHECK_OFF(xs_dm_op_pin_memory_cacheattr, type, 16);

struct xs_dm_op_set_irq_level {
    uint32_t irq;
    uint8_t level;
    uint8_t pad[3];
};
XS_ABI_CHECK_SIZE(xs_dm_op_set_irq_level, 8);

struct xs_dm_op_nr_vcpus {
    uint32_t vcpus;                    /* OUT */
};
XS_ABI_CHECK_SIZE(xs_dm_op_nr_vcpus, 4);

struct xs_dm_op {
    uint32_t op;                       /* XS_DMOP_* */
    uint32_t pad;
    union {
        struct xs_dm_op_create_ioreq_server create_ioreq_server;
        struct xs_dm_op_get_ioreq_server_info get_ioreq_server_info;
        struct xs_dm_op_ioreq_server_range map_io_range_to_ioreq_server;
        struct xs_dm_op_ioreq_server_range unmap_io_range_from_ioreq_server;
        struct xs_dm_op_set_ioreq_server_state set_ioreq_server_state;
        struct xs_dm_op_destroy_ioreq_server destroy_ioreq_server;
        struct xs_dm_op_track_dirty_vram track_dirty_vram;
        struct xs_dm_op_set_pci_intx_level set_pci_intx_level;
        struct xs_dm_op_set_isa_irq_level set_isa_irq_level;
        struct xs_dm_op_set_pci_link_route set_pci_link_route;
        struct xs_dm_op_modified_memory modified_memory;
        struct xs_dm_op_set_mem_type set_mem_type;
        struct xs_dm_op_inject_event inject_event;
        struct xs_dm_op_inject_msi inject_msi;
        struct xs_dm_op_map_mem_type_to_ioreq_server map_mem_type_to_ioreq_server;
        struct xs_dm_op_remote_shutdown remote_shutdown;
        struct xs_dm_op_relocate_memory relocate_memory;
        struct xs_dm_op_pin_memory_cacheattr pin_memory_cacheattr;
        struct xs_dm_op_set_irq_level set_irq_level;
        struct xs_dm_op_nr_vcpus nr_vcpus;
    } u;
};
XS_ABI_CHECK_SIZE(xs_dm_op, 32);       /* every release 4.9-4.20 */
XS_ABI_CHECK_OFF(xs_dm_op, u, 8);

/* ---- hvmctl1: the 2016 hvmctl proposal on top of 4.8 (never shipped).
 * Reconstruction and error semantics: versions/hvmctl1.md.
 * hvmctl(arg): one argument, a pointer to struct xs_hvmctl; hypercall 41. */

#define XS_HVMCTL_INTERFACE_VERSION 1

#define XS_HVMCTL_set_pci_intx_level                1
#define XS_HVMCTL_set_isa_irq_level                 2
#define XS_HVMCTL_set_pci_link_route                3
#define XS_HVMCTL_track_dirty_vram                  4
#define XS_HVMCTL_modified_memory                   5
#define XS_HVMCTL_set_mem_type                      6
#define XS_HVMCTL_inject_trap                       7
#define XS_HVMCTL_inject_msi                        8
#define XS_HVMCTL_create_ioreq_server               9
#define XS_HVMCTL_get_ioreq_server_info            10
#define XS_HVMCTL_map_io_range_to_ioreq_server     11
#define XS_HVMCTL_unmap_io_range_from_ioreq_server 12
#define XS_HVMCTL_destroy_ioreq_server             13
#define XS_HVMCTL_set_ioreq_server_state           14
#define XS_HVMCTL_MAX                              14

/* Payloads: the legacy HVMOP structs without their leading domid, pads
 * made explicit (must be zero). */
struct xs_hvmctl_set_pci_intx_level {
    uint8_t domain, bus, device, intx;
    uint8_t level;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_set_pci_intx_level, 5);

struct xs_hvmctl_set_isa_irq_level {
    uint8_t isa_irq;
    uint8_t level;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_set_isa_irq_level, 2);

struct xs_hvmctl_set_pci_link_route {
    uint8_t link;
    uint8_t isa_irq;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_set_pci_link_route, 2);

struct xs_hvmctl_track_dirty_vram {
    uint32_t nr;
    uint32_t pad;
    xs_u64a first_pfn;
    xs_u64a dirty_bitmap;              /* guest handle: uint8_t * */
};
XS_ABI_CHECK_SIZE(xs_hvmctl_track_dirty_vram, 24);

struct xs_hvmctl_modified_memory {
    uint32_t nr;
    uint32_t pad;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_modified_memory, 16);

struct xs_hvmctl_set_mem_type {
    uint16_t hvmmem_type;
    uint16_t pad;
    uint32_t nr;
    xs_u64a first_pfn;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_set_mem_type, 16);

struct xs_hvmctl_inject_trap {
    uint32_t vcpuid;
    uint32_t vector;
    uint32_t type;                     /* XS_EVENT_* */
    uint32_t error_code;
    uint32_t insn_len;
    uint32_t pad;
    xs_u64a cr2;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_inject_trap, 32);
XS_ABI_CHECK_OFF(xs_hvmctl_inject_trap, cr2, 24);

struct xs_hvmctl_inject_msi {
    uint32_t data;
    uint32_t pad;
    xs_u64a addr;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_inject_msi, 16);

struct xs_hvmctl_create_ioreq_server {
    uint8_t handle_bufioreq;
    uint8_t pad;
    xs_ioservid_t id;                  /* OUT */
};
XS_ABI_CHECK_SIZE(xs_hvmctl_create_ioreq_server, 4);

struct xs_hvmctl_get_ioreq_server_info {
    xs_ioservid_t id;
    uint16_t pad;
    xs_evtchn_port_t bufioreq_port;    /* OUT */
    xs_u64a ioreq_pfn;                 /* OUT */
    xs_u64a bufioreq_pfn;              /* OUT */
};
XS_ABI_CHECK_SIZE(xs_hvmctl_get_ioreq_server_info, 24);

struct xs_hvmctl_io_range {            /* map / unmap_io_range */
    xs_ioservid_t id;
    uint16_t pad;
    uint32_t type;                     /* XS_IO_RANGE_* */
    xs_u64a start, end;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_io_range, 24);

struct xs_hvmctl_destroy_ioreq_server {
    xs_ioservid_t id;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_destroy_ioreq_server, 2);

struct xs_hvmctl_set_ioreq_server_state {
    xs_ioservid_t id;
    uint8_t enabled;
    uint8_t pad;
};
XS_ABI_CHECK_SIZE(xs_hvmctl_set_ioreq_server_state, 4);

struct xs_hvmctl {
    uint32_t interface_version;        /* XS_HVMCTL_INTERFACE_VERSION */
    xs_domid_t domain;                 /* target; never the caller itself */
    uint16_t pad;
    uint32_t cmd;                      /* XS_HVMCTL_* */
    uint32_t opaque;                   /* continuation cursor, 0 on entry */
    union {
        struct xs_hvmctl_set_pci_intx_level set_pci_intx_level;
        struct xs_hvmctl_set_isa_irq_level set_isa_irq_level;
        struct xs_hvmctl_set_pci_link_route set_pci_link_route;
        struct xs_hvmctl_track_dirty_vram track_dirty_vram;
        struct xs_hvmctl_modified_memory modified_memory;
        struct xs_hvmctl_set_mem_type set_mem_type;
        struct xs_hvmctl_inject_trap inject_trap;
        struct xs_hvmctl_inject_msi inject_msi;
        struct xs_hvmctl_create_ioreq_server create_ioreq_server;
        struct xs_hvmctl_get_ioreq_server_info get_ioreq_server_info;
        struct xs_hvmctl_io_range map_io_range;
        struct xs_hvmctl_io_range unmap_io_range;
        struct xs_hvmctl_destroy_ioreq_server destroy_ioreq_server;
        struct xs_hvmctl_set_ioreq_server_state set_ioreq_server_state;
        uint8_t raw[120];
    } u;
};
XS_ABI_CHECK_SIZE(xs_hvmctl, 136);
XS_ABI_CHECK_OFF(xs_hvmctl, domain, 4);
XS_ABI_CHECK_OFF(xs_hvmctl, cmd, 8);
XS_ABI_CHECK_OFF(xs_hvmctl, opaque, 12);
XS_ABI_CHECK_OFF(xs_hvmctl, u, 16);

/* ---- domctl.  struct xs_domctl is 144 bytes in every release: cmd,
 * interface_version (exact match or -EACCES), domain, then a 128-byte
 * union at 16. ---- */

#define XS_DOMCTL_pausedomain          3
#define XS_DOMCTL_unpausedomain        4
#define XS_DOMCTL_getdomaininfo        5
#define XS_DOMCTL_irq_permission      19
#define XS_DOMCTL_iomem_permission    20
#define XS_DOMCTL_ioport_permission   21
#define XS_DOMCTL_bind_pt_irq         38
#define XS_DOMCTL_memory_mapping      39
#define XS_DOMCTL_ioport_mapping      40
#define XS_DOMCTL_pin_mem_cacheattr   41   /* 4.5-4.10; dm_op 18 from 4.11 */
#define XS_DOMCTL_set_target          46
#define XS_DOMCTL_unbind_pt_irq       48

/* getdomaininfo flags.  Generation V0 (4.5-4.8) has pvh_guest at 7;
 * xs_domain 8 exists from 4.7 and hap 9 from 4.8.  V1 (4.9+) drops pvh:
 * xs_domain 7, hap 8.  Shutdown code in bits 16-23 in both. */
#define XS_DOMINF_dying       (1u << 0)
#define XS_DOMINF_hvm_guest   (1u << 1)
#define XS_DOMINF_shutdown    (1u << 2)
#define XS_DOMINF_paused      (1u << 3)
#define XS_DOMINF_blocked     (1u << 4)
#define XS_DOMINF_running     (1u << 5)
#define XS_DOMINF_debugged    (1u << 6)
#define XS_DOMINF_V0_pvh_guest  (1u << 7)
#define XS_DOMINF_V0_xs_domain  (1u << 8)   /* 4.7-4.8 */
#define XS_DOMINF_V0_hap        (1u << 9)   /* 4.8 */
#define XS_DOMINF_V1_xs_domain  (1u << 7)
#define XS_DOMINF_V1_hap        (1u << 8)
#define XS_DOMINF_shutdownmask  255u
#define XS_DOMINF_shutdownshift 16

/* The first 96 bytes, common to every generation. */
#define XS_GETDOMAININFO_COMMON                                         \
    xs_domid_t domain;                                                  \
    uint16_t pad1;                                                      \
    uint32_t flags;                    /* XS_DOMINF_* */                \
    xs_u64a tot_pages;                                                  \
    xs_u64a max_pages;                                                  \
    xs_u64a outstanding_pages;                                          \
    xs_u64a shr_pages;                                                  \
    xs_u64a paged_pages;                                                \
    xs_u64a shared_info_frame;                                          \
    xs_u64a cpu_time;                                                   \
    uint32_t nr_online_vcpus;                                           \
    uint32_t max_vcpu_id;                                               \
    uint32_t ssidref;                                                   \
    uint8_t handle[16];                                                 \
    uint32_t cpupool

/* x86 arch_config: emulation_flags; misc_flags exists from 4.15 (before
 * that the same 4 bytes are tail padding, so the size does not change). */
struct xs_arch_domainconfig {
    uint32_t emulation_flags;
    uint32_t misc_flags;
};
XS_ABI_CHECK_SIZE(xs_arch_domainconfig, 8);

struct xs_domctl_getdomaininfo_v0 {    /* 4.5-4.10.0 */
    XS_GETDOMAININFO_COMMON;
};
XS_ABI_CHECK_SIZE(xs_domctl_getdomaininfo_v0, 96);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v0, flags, 4);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v0, tot_pages, 8);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v0, cpu_time, 56);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v0, nr_online_vcpus, 64);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v0, handle, 76);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v0, cpupool, 92);

struct xs_domctl_getdomaininfo_v1 {    /* 4.10.1-4.15 */
    XS_GETDOMAININFO_COMMON;
    struct xs_arch_domainconfig arch_config;
};
XS_ABI_CHECK_SIZE(xs_domctl_getdomaininfo_v1, 104);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v1, arch_config, 96);

struct xs_domctl_getdomaininfo_v2 {    /* 4.16+ */
    XS_GETDOMAININFO_COMMON;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    struct xs_arch_domainconfig arch_config;
};
XS_ABI_CHECK_SIZE(xs_domctl_getdomaininfo_v2, 112);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v2, gpaddr_bits, 96);
XS_ABI_CHECK_OFF(xs_domctl_getdomaininfo_v2, arch_config, 104);

#define XS_PT_IRQ_TYPE_PCI           0
#define XS_PT_IRQ_TYPE_ISA           1
#define XS_PT_IRQ_TYPE_MSI           2
#define XS_PT_IRQ_TYPE_MSI_TRANSLATE 3
#define XS_PT_IRQ_TYPE_SPI           4

union xs_bind_pt_irq_u {
    struct { uint8_t isa_irq; } isa;
    struct { uint8_t bus, device, intx; } pci;
    struct {
        uint8_t gvec;
        uint32_t gflags;
        xs_u64a gtable;
    } msi;
    struct { uint16_t spi; } spi;
};

struct xs_domctl_bind_pt_irq_v0 {      /* 4.5-4.9; also unbind_pt_irq */
    uint32_t machine_irq;
    uint32_t irq_type;                 /* XS_PT_IRQ_TYPE_* (an enum) */
    uint32_t hvm_domid;
    uint32_t pad;
    union xs_bind_pt_irq_u u;
};
XS_ABI_CHECK_SIZE(xs_domctl_bind_pt_irq_v0, 32);
XS_ABI_CHECK_OFF(xs_domctl_bind_pt_irq_v0, hvm_domid, 8);
XS_ABI_CHECK_OFF(xs_domctl_bind_pt_irq_v0, u, 16);

struct xs_domctl_bind_pt_irq_v1 {      /* 4.10+ */
    uint32_t machine_irq;
    uint32_t irq_type;
    union xs_bind_pt_irq_u u;
};
XS_ABI_CHECK_SIZE(xs_domctl_bind_pt_irq_v1, 24);
XS_ABI_CHECK_OFF(xs_domctl_bind_pt_irq_v1, u, 8);

struct xs_domctl_irq_permission_v0 {   /* 4.5-4.15 */
    uint8_t pirq;
    uint8_t allow_access;
};
XS_ABI_CHECK_SIZE(xs_domctl_irq_permission_v0, 2);

struct xs_domctl_irq_permission_v1 {   /* 4.16+ */
    uint32_t pirq;
    uint8_t allow_access;
    uint8_t pad[3];
};
XS_ABI_CHECK_SIZE(xs_domctl_irq_permission_v1, 8);
XS_ABI_CHECK_OFF(xs_domctl_irq_permission_v1, allow_access, 4);

struct xs_domctl_iomem_permission {
    xs_u64a first_mfn;
    xs_u64a nr_mfns;
    uint8_t allow_access;
};
XS_ABI_CHECK_SIZE(xs_domctl_iomem_permission, 24);
XS_ABI_CHECK_OFF(xs_domctl_iomem_permission, allow_access, 16);

struct xs_domctl_ioport_permission {
    uint32_t first_port;
    uint32_t nr_ports;
    uint8_t allow_access;
};
XS_ABI_CHECK_SIZE(xs_domctl_ioport_permission, 12);

struct xs_domctl_memory_mapping {
    xs_u64a first_gfn;
    xs_u64a first_mfn;
    xs_u64a nr_mfns;
    uint32_t add_mapping;
    uint32_t padding;
};
XS_ABI_CHECK_SIZE(xs_domctl_memory_mapping, 32);
XS_ABI_CHECK_OFF(xs_domctl_memory_mapping, add_mapping, 24);

struct xs_domctl_ioport_mapping {
    uint32_t first_gport;
    uint32_t first_mport;
    uint32_t nr_ports;
    uint32_t add_mapping;
};
XS_ABI_CHECK_SIZE(xs_domctl_ioport_mapping, 16);

struct xs_domctl_pin_mem_cacheattr {   /* 4.5-4.10 */
    xs_u64a start, end;
    uint32_t type;                     /* XS_DMOP_MEM_CACHEATTR_* values */
    uint32_t pad;
};
XS_ABI_CHECK_SIZE(xs_domctl_pin_mem_cacheattr, 24);

struct xs_domctl_set_target {
    xs_domid_t target;
};
XS_ABI_CHECK_SIZE(xs_domctl_set_target, 2);

/* ---- what a toolstack issues to build a guest (the real-Xen runner's
 * domain builder, realxen/dom0/xendom.c); never translated by the shim ---- */
#define XS_DOMCTL_createdomain         1
#define XS_DOMCTL_max_mem             11
#define XS_DOMCTL_max_vcpus           15   /* creates the vCPUs createdomain sized */
#define XS_DOMCTL_getvcpuinfo         14
#define XS_DOMCTL_gethvmcontext       33
#define XS_DOMCTL_CDF_hvm        (1u << 0)
#define XS_DOMCTL_CDF_hap        (1u << 1)
#define XS_X86_EMU_ALL_BUT_VPCI  0x3ffu   /* LAPIC..USE_PIRQ: what libxl asks for an HVM guest */

#define XS_CREATEDOMAIN_HEAD                                            \
    uint32_t ssidref;                                                   \
    uint8_t handle[16];                                                 \
    uint32_t flags;                    /* XS_DOMCTL_CDF_* */            \
    uint32_t iommu_opts;                                                \
    uint32_t max_vcpus;                                                 \
    uint32_t max_evtchn_port;                                           \
    int32_t max_grant_frames;                                           \
    int32_t max_maptrack_frames

/* One layout per generation; 4.12 (no iommu_opts) is not described. */
struct xs_domctl_createdomain_v0 {     /* 4.13-4.14 */
    XS_CREATEDOMAIN_HEAD;
    uint32_t emulation_flags;
};
XS_ABI_CHECK_SIZE(xs_domctl_createdomain_v0, 48);
struct xs_domctl_createdomain_v1 {     /* 4.15 */
    XS_CREATEDOMAIN_HEAD;
    uint32_t vmtrace_size;
    struct xs_arch_domainconfig arch;
};
XS_ABI_CHECK_SIZE(xs_domctl_createdomain_v1, 56);
struct xs_domctl_createdomain_v2 {     /* 4.16 */
    XS_CREATEDOMAIN_HEAD;
    uint32_t grant_opts;               /* low 4 bits: highest grant table version */
    uint32_t vmtrace_size;
    struct xs_arch_domainconfig arch;
};
XS_ABI_CHECK_SIZE(xs_domctl_createdomain_v2, 60);
struct xs_domctl_createdomain_v3 {     /* 4.17-4.18 */
    XS_CREATEDOMAIN_HEAD;
    uint32_t grant_opts;
    uint32_t vmtrace_size;
    uint32_t cpupool_id;
    struct xs_arch_domainconfig arch;
};
XS_ABI_CHECK_SIZE(xs_domctl_createdomain_v3, 64);
XS_ABI_CHECK_OFF(xs_domctl_createdomain_v3, arch, 56);
struct xs_domctl_createdomain_v4 {     /* 4.19-4.20 */
    XS_CREATEDOMAIN_HEAD;
    uint32_t grant_opts;
    uint32_t altp2m_opts;
    uint32_t vmtrace_size;
    uint32_t cpupool_id;
    struct xs_arch_domainconfig arch;
};
XS_ABI_CHECK_SIZE(xs_domctl_createdomain_v4, 68);
XS_ABI_CHECK_OFF(xs_domctl_createdomain_v4, arch, 60);

struct xs_domctl_max_vcpus {           /* all releases */
    uint32_t max;                      /* must equal createdomain's max_vcpus */
};
XS_ABI_CHECK_SIZE(xs_domctl_max_vcpus, 4);

struct xs_domctl_max_mem {             /* all releases */
    xs_u64a max_memkb;
};
XS_ABI_CHECK_SIZE(xs_domctl_max_mem, 8);

struct xs_domctl_getvcpuinfo {         /* all releases */
    uint32_t vcpu;                     /* IN */
    uint8_t online, blocked, running;  /* OUT */
    xs_u64a cpu_time;                  /* OUT: ns */
    uint32_t cpu;                      /* OUT: the pCPU it last ran on */
};
XS_ABI_CHECK_SIZE(xs_domctl_getvcpuinfo, 24);
XS_ABI_CHECK_OFF(xs_domctl_getvcpuinfo, cpu_time, 8);
XS_ABI_CHECK_OFF(xs_domctl_getvcpuinfo, cpu, 16);

/* Xen's xenctl_bitmap: a guest handle and a bit count. */
struct xs_xenctl_bitmap {
    xs_u64a bitmap;
    uint32_t nr_bits;
};
XS_ABI_CHECK_SIZE(xs_xenctl_bitmap, 16);

#define XS_DOMCTL_getvcpuaffinity     25
#define XS_VCPUAFFINITY_HARD     (1u << 0)
#define XS_VCPUAFFINITY_SOFT     (1u << 1)
struct xs_domctl_vcpuaffinity {        /* 4.5+ (soft affinity since 4.5) */
    uint32_t vcpu;
    uint32_t flags;                    /* XS_VCPUAFFINITY_* */
    struct xs_xenctl_bitmap cpumap_hard;
    struct xs_xenctl_bitmap cpumap_soft;
};
XS_ABI_CHECK_SIZE(xs_domctl_vcpuaffinity, 40);
XS_ABI_CHECK_OFF(xs_domctl_vcpuaffinity, cpumap_soft, 24);

struct xs_domctl_hvmcontext {          /* all releases; buffer 0 asks the size */
    uint32_t size;
    xs_u64a buffer;
};
XS_ABI_CHECK_SIZE(xs_domctl_hvmcontext, 16);
XS_ABI_CHECK_OFF(xs_domctl_hvmcontext, buffer, 8);

/* HVM save records (arch-x86/hvm/save.h): a descriptor, then the data. */
struct xs_hvm_save_descriptor {
    uint16_t typecode;
    uint16_t instance;
    uint32_t length;
};
XS_ABI_CHECK_SIZE(xs_hvm_save_descriptor, 8);
#define XS_HVM_SAVE_END        0
#define XS_HVM_SAVE_PCI_IRQ    7       /* 128 bits: device * 4 + INTx */
#define XS_HVM_SAVE_ISA_IRQ    8       /* 16 bits (in a 64-bit word) */
#define XS_HVM_SAVE_PCI_LINK   9       /* uint8_t route[4], pad[4] */

#define XS_XENMEM_populate_physmap 6
struct xs_xen_memory_reservation {     /* all releases (x86_64) */
    xs_u64a extent_start;              /* handle: xen_pfn_t[] */
    xs_u64a nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    xs_domid_t domid;
};
XS_ABI_CHECK_SIZE(xs_xen_memory_reservation, 32);
XS_ABI_CHECK_OFF(xs_xen_memory_reservation, domid, 24);

/* The payloads whose layout depends on the release.  abi-dumps/ redefines
 * this list to the one generation a release uses, so that release's dump
 * names them generically and abidiff compares like with like. */
#ifndef XS_DOMCTL_VERSIONED_PAYLOADS
#define XS_DOMCTL_VERSIONED_PAYLOADS                                    \
        struct xs_domctl_getdomaininfo_v0 getdomaininfo_v0;             \
        struct xs_domctl_getdomaininfo_v1 getdomaininfo_v1;             \
        struct xs_domctl_getdomaininfo_v2 getdomaininfo_v2;             \
        struct xs_domctl_bind_pt_irq_v0 bind_pt_irq_v0;                 \
        struct xs_domctl_bind_pt_irq_v1 bind_pt_irq_v1;                 \
        struct xs_domctl_irq_permission_v0 irq_permission_v0;           \
        struct xs_domctl_irq_permission_v1 irq_permission_v1;
#endif

struct xs_domctl {
    uint32_t cmd;
    uint32_t interface_version;
    xs_domid_t domain;
    uint16_t pad[3];
    union {
        XS_DOMCTL_VERSIONED_PAYLOADS
        struct xs_domctl_iomem_permission iomem_permission;
        struct xs_domctl_ioport_permission ioport_permission;
        struct xs_domctl_memory_mapping memory_mapping;
        struct xs_domctl_ioport_mapping ioport_mapping;
        struct xs_domctl_pin_mem_cacheattr pin_mem_cacheattr;
        struct xs_domctl_set_target set_target;
        struct xs_domctl_max_mem max_mem;
        struct xs_domctl_getvcpuinfo getvcpuinfo;
        struct xs_domctl_vcpuaffinity vcpuaffinity;
        uint8_t pad[128];
        xs_u64a align;
    } u;
};
XS_ABI_CHECK_SIZE(xs_domctl, 144);
XS_ABI_CHECK_OFF(xs_domctl, interface_version, 4);
XS_ABI_CHECK_OFF(xs_domctl, domain, 8);
XS_ABI_CHECK_OFF(xs_domctl, u, 16);

/* ---- sysctl: cmd, interface_version, 128-byte union at 8 (136 bytes). */

#define XS_SYSCTL_getdomaininfolist 6

/* buffer points at max_domains getdomaininfo entries of the release's
 * generation (V0/V1/V2 above); num_domains is OUT. */
struct xs_sysctl_getdomaininfolist {
    xs_domid_t first_domain;
    uint32_t max_domains;              /* 2 bytes of padding before */
    xs_u64a buffer;                    /* guest handle */
    uint32_t num_domains;              /* OUT */
};
XS_ABI_CHECK_SIZE(xs_sysctl_getdomaininfolist, 24);
XS_ABI_CHECK_OFF(xs_sysctl_getdomaininfolist, max_domains, 4);
XS_ABI_CHECK_OFF(xs_sysctl_getdomaininfolist, buffer, 8);
XS_ABI_CHECK_OFF(xs_sysctl_getdomaininfolist, num_domains, 16);

/* What xl info, xl list and xentop ask of the host. */
#define XS_SYSCTL_physinfo          3
#define XS_SYSCTL_sched_id          4
#define XS_SYSCTL_cpupool_op       18

/* XEN_SYSCTL_PHYSCAP_*: 4.5-4.12 had hvm 0 and hvm_directio 1 only; 4.13
 * inserted pv at 1 and moved directio to 2; 4.16 added vpmu and the
 * grant table versions. */
#define XS_PHYSCAP_hvm            (1u << 0)
#define XS_PHYSCAP_V0_directio    (1u << 1)
#define XS_PHYSCAP_pv             (1u << 1)   /* 4.13+ */
#define XS_PHYSCAP_directio       (1u << 2)   /* 4.13+ */
#define XS_PHYSCAP_hap            (1u << 3)   /* 4.13+ */
#define XS_PHYSCAP_shadow         (1u << 4)   /* 4.13+ */
#define XS_PHYSCAP_gnttab_v1      (1u << 8)   /* 4.16+ */
#define XS_PHYSCAP_gnttab_v2      (1u << 9)   /* 4.16+ */

#define XS_PHYSINFO_TOPOLOGY                                            \
    uint32_t threads_per_core;                                          \
    uint32_t cores_per_socket;                                          \
    uint32_t nr_cpus;                  /* online */                     \
    uint32_t max_cpu_id;                                                \
    uint32_t nr_nodes;                                                  \
    uint32_t max_node_id;                                               \
    uint32_t cpu_khz
#define XS_PHYSINFO_PAGES                                               \
    xs_u64a total_pages;                                                \
    xs_u64a free_pages;                                                 \
    xs_u64a scrub_pages;                                                \
    xs_u64a outstanding_pages

struct xs_sysctl_physinfo_v0 {         /* 4.5-4.9 */
    XS_PHYSINFO_TOPOLOGY;
    XS_PHYSINFO_PAGES;                 /* 4 bytes of padding before */
    uint32_t hw_cap[8];
    uint32_t capabilities;             /* XS_PHYSCAP_* */
};
XS_ABI_CHECK_SIZE(xs_sysctl_physinfo_v0, 104);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v0, total_pages, 32);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v0, hw_cap, 64);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v0, capabilities, 96);
struct xs_sysctl_physinfo_v1 {         /* 4.10-4.16: capabilities moved up, max_mfn */
    XS_PHYSINFO_TOPOLOGY;
    uint32_t capabilities;
    XS_PHYSINFO_PAGES;
    xs_u64a max_mfn;
    uint32_t hw_cap[8];
};
XS_ABI_CHECK_SIZE(xs_sysctl_physinfo_v1, 104);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v1, capabilities, 28);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v1, max_mfn, 64);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v1, hw_cap, 72);
struct xs_sysctl_physinfo_v2 {         /* 4.17+: arch_capabilities */
    XS_PHYSINFO_TOPOLOGY;
    uint32_t capabilities;
    uint32_t arch_capabilities;
    uint32_t pad;
    XS_PHYSINFO_PAGES;
    xs_u64a max_mfn;
    uint32_t hw_cap[8];
};
XS_ABI_CHECK_SIZE(xs_sysctl_physinfo_v2, 112);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v2, total_pages, 40);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v2, max_mfn, 72);
XS_ABI_CHECK_OFF(xs_sysctl_physinfo_v2, hw_cap, 80);

#define XS_SCHEDULER_CREDIT   5
#define XS_SCHEDULER_CREDIT2  6        /* the default from 4.12 */
struct xs_sysctl_sched_id {            /* all releases */
    uint32_t sched_id;
};
XS_ABI_CHECK_SIZE(xs_sysctl_sched_id, 4);

#define XS_CPUPOOL_OP_INFO     3
#define XS_CPUPOOL_OP_FREEINFO 7
struct xs_sysctl_cpupool_op {          /* all releases */
    uint32_t op;
    uint32_t cpupool_id;
    uint32_t sched_id;
    uint32_t domid;
    uint32_t cpu;
    uint32_t n_dom;
    struct xs_xenctl_bitmap cpumap;
};
XS_ABI_CHECK_SIZE(xs_sysctl_cpupool_op, 40);
XS_ABI_CHECK_OFF(xs_sysctl_cpupool_op, cpumap, 24);

#ifndef XS_SYSCTL_VERSIONED_PAYLOADS
#define XS_SYSCTL_VERSIONED_PAYLOADS                                    \
        struct xs_sysctl_physinfo_v0 physinfo_v0;                       \
        struct xs_sysctl_physinfo_v1 physinfo_v1;                       \
        struct xs_sysctl_physinfo_v2 physinfo_v2;
#endif

struct xs_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        XS_SYSCTL_VERSIONED_PAYLOADS
        struct xs_sysctl_getdomaininfolist getdomaininfolist;
        struct xs_sysctl_sched_id sched_id;
        struct xs_sysctl_cpupool_op cpupool_op;
        uint8_t pad[128];
        xs_u64a align;
    } u;
};
XS_ABI_CHECK_SIZE(xs_sysctl, 136);
XS_ABI_CHECK_OFF(xs_sysctl, u, 8);


/* ---- multicall (hypercall 13): entries of 8 longs on x86-64. */
#define XS_HYPERCALL_multicall 13
struct xs_multicall_entry {
    uint64_t op, result;
    uint64_t args[6];
};
XS_ABI_CHECK_SIZE(xs_multicall_entry, 64);

/* ---- event_channel_op (hypercall 32): the same in every release here. */
#define XS_HYPERCALL_event_channel_op 32
#define XS_EVTCHNOP_bind_interdomain 0
#define XS_EVTCHNOP_bind_virq        1
#define XS_EVTCHNOP_close            3
#define XS_EVTCHNOP_send             4
#define XS_EVTCHNOP_status           5
#define XS_EVTCHNOP_alloc_unbound    6
#define XS_EVTCHNOP_unmask           9
#define XS_EVTCHNOP_reset            10

#define XS_VIRQ_DOM_EXC 3              /* global: a domain died or shut down */
#define XS_NR_VIRQS     24

struct xs_evtchn_alloc_unbound {
    xs_domid_t dom, remote_dom;
    xs_evtchn_port_t port;             /* OUT */
};
XS_ABI_CHECK_SIZE(xs_evtchn_alloc_unbound, 8);
struct xs_evtchn_bind_interdomain {
    xs_domid_t remote_dom;
    xs_evtchn_port_t remote_port;
    xs_evtchn_port_t local_port;       /* OUT */
};
XS_ABI_CHECK_SIZE(xs_evtchn_bind_interdomain, 12);
struct xs_evtchn_bind_virq {
    uint32_t virq, vcpu;
    xs_evtchn_port_t port;             /* OUT */
};
XS_ABI_CHECK_SIZE(xs_evtchn_bind_virq, 12);
struct xs_evtchn_port_arg { xs_evtchn_port_t port; };   /* close, send, unmask */
struct xs_evtchn_status {
    xs_domid_t dom;
    xs_evtchn_port_t port;
    uint32_t status;                   /* OUT: XS_EVTCHNSTAT_* */
    uint32_t vcpu;                     /* OUT */
    union {
        struct { xs_domid_t dom; } unbound;
        struct { xs_domid_t dom; xs_evtchn_port_t port; } interdomain;
        uint32_t pirq, virq;
    } u;
};
XS_ABI_CHECK_SIZE(xs_evtchn_status, 24);
XS_ABI_CHECK_OFF(xs_evtchn_status, u, 16);
enum { XS_EVTCHNSTAT_closed, XS_EVTCHNSTAT_unbound, XS_EVTCHNSTAT_interdomain,
       XS_EVTCHNSTAT_pirq, XS_EVTCHNSTAT_virq, XS_EVTCHNSTAT_ipi };

/* ---- ioreqs (public/hvm/ioreq.h): one 32-byte slot a vCPU in the shared
 * ioreq page; the same from 4.5 on. */
struct xs_ioreq {
    uint64_t addr;                     /* port, guest-physical address, or SBDF << 32 | reg */
    uint64_t data;
    uint32_t count;
    uint32_t size;
    uint32_t vp_eport;                 /* the vCPU's port, for the device model to bind */
    uint16_t pad0;
    uint8_t state_flags;               /* state:4, data_is_ptr:1, dir:1, df:1 */
    uint8_t type;
};
XS_ABI_CHECK_SIZE(xs_ioreq, 32);
XS_ABI_CHECK_OFF(xs_ioreq, vp_eport, 24);
XS_ABI_CHECK_OFF(xs_ioreq, type, 31);
#define XS_IOREQ_STATE_MASK   0x0f
#define XS_IOREQ_DIR_READ     0x20     /* dir bit: 1 = read */
enum { XS_STATE_IOREQ_NONE, XS_STATE_IOREQ_READY, XS_STATE_IOREQ_INPROCESS,
       XS_STATE_IORESP_READY };
enum { XS_IOREQ_TYPE_PIO, XS_IOREQ_TYPE_COPY, XS_IOREQ_TYPE_PCI_CONFIG };

/* ---- memory_op acquire_resource (4.11+). */
#define XS_XENMEM_acquire_resource 28
#define XS_XENMEM_resource_ioreq_server 0
#define XS_XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XS_XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
struct xs_xen_mem_acquire_resource {
    xs_domid_t domid;
    uint16_t type;
    uint32_t id;
    uint32_t nr_frames;                /* IN/OUT: 0 asks the size */
    uint32_t pad;                      /* flags from 4.15, must be 0 before */
    uint64_t frame;
    xs_u64a frame_list;                /* guest handle */
};
XS_ABI_CHECK_SIZE(xs_xen_mem_acquire_resource, 32);
XS_ABI_CHECK_OFF(xs_xen_mem_acquire_resource, frame_list, 24);

#endif
