/* The simulated HVM guest: the state a device model changes, and the
 * operations that change it.  Release-neutral: every function takes plain
 * values (decoders in hv_hvmop.c / hv_dmop.c / hv_hvmctl.c read the
 * release's structs and call these) and returns 0 or -errno with the errno
 * current Xen (dm_op era) gives for that condition.  Where an older release
 * answers differently, the decoder checks first (helpers below) and says
 * so.  Nothing here knows which release is played. */
#ifndef XENSHIM_HV_GUEST_H
#define XENSHIM_HV_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "versions.h"

/* vCPUs a guest may have: per-vCPU state is kept in fixed arrays. */
#define HV_MAX_VCPUS 64

#define HV_PAGE_SHIFT 12

/* Xen's limits that a caller can run into. */
#define HV_MAX_IOREQ_SERVERS   8     /* MAX_NR_IOREQ_SERVERS (4.11+); -ENOSPC beyond */
#define HV_MAX_IO_RANGES       256   /* MAX_NR_IO_RANGES per type; -ENOMEM beyond */
#define HV_MAX_DIRTY_VRAM_NR   (1u << (30 - HV_PAGE_SHIFT)) /* 1 GiB of frames; -EINVAL beyond */
#define HV_NR_PARAMS           64    /* index >= this: -EINVAL */
#define HV_NR_GSIS             48    /* vIOAPIC pins, set_irq_level */
#define HV_MAX_RECORDS         4096  /* msis/events/modified kept; -ENOMEM beyond */

/* io range types: the same numbers in HVMOP_IO_RANGE_*, XEN_DMOP_IO_RANGE_* */
enum hv_io_range_type { HV_IO_RANGE_PORT, HV_IO_RANGE_MEMORY, HV_IO_RANGE_PCI, HV_NR_IO_RANGE_TYPES };

/* bufioreq modes: HVM_IOREQSRV_BUFIOREQ_OFF/LEGACY/ATOMIC (0/1/2) */
enum { HV_BUFIOREQ_OFF, HV_BUFIOREQ_LEGACY, HV_BUFIOREQ_ATOMIC };

/* Memory types, neutral: decoders map the release's HVMMEM_* onto these
 * (HVMMEM_mmio_write_dm of 4.5-4.7 and HVMMEM_ioreq_server of 4.9+ are
 * both HV_MEM_IOREQ_SERVER). */
enum hv_mem_type { HV_MEM_RAM_RW, HV_MEM_RAM_RO, HV_MEM_MMIO_DM, HV_MEM_IOREQ_SERVER, HV_NR_MEM_TYPES };

struct hv_range { uint64_t start, end; };   /* inclusive */

struct hv_ioreq_server {
    bool used;
    uint32_t vcpu_port[HV_MAX_VCPUS];  /* Xen's port per vCPU (0: none) */
    uint16_t id;
    unsigned seq;                  /* creation order, for the state file */
    uint8_t bufioreq_mode;
    bool enabled;
    uint64_t ioreq_gfn, bufioreq_gfn;  /* bufioreq_gfn ~0 if mode OFF */
    uint32_t bufioreq_port;
    unsigned nr_ranges[HV_NR_IO_RANGE_TYPES];
    struct hv_range ranges[HV_NR_IO_RANGE_TYPES][HV_MAX_IO_RANGES]; /* sorted, disjoint */
    uint32_t mem_type_flags;       /* map_mem_type_to_ioreq_server, 0 = not mapped */
};

struct hv_msi { uint64_t addr; uint32_t data; };
struct hv_event {
    uint32_t vcpu;
    uint8_t vector, type, insn_len;
    uint32_t error_code;           /* ~0u = none */
    uint64_t cr2;
};
struct hv_modified { uint64_t first_pfn, nr; };
struct hv_cacheattr { uint64_t start, end; uint32_t type; };
struct hv_relocation { uint64_t src_gfn, dst_gfn, size; };

/* Passthrough, as the domctls a DM issues leave it (hv_domctl.c). */
struct hv_rangeset { struct hv_range *r; size_t nr; };   /* sorted, merged */
struct hv_mmio_map { uint64_t gfn, mfn, nr; };
struct hv_ioport_map { uint32_t gport, mport, nr; };
struct hv_pt_irq {
    uint32_t machine_irq, type;        /* PT_IRQ_TYPE_* */
    uint8_t bus, device, intx, isa_irq, gvec;
    uint32_t gflags;
    uint64_t gtable;
};
struct hv_passthrough {
    struct hv_rangeset iomem_perm, ioport_perm, irq_perm;
    struct hv_mmio_map *mmio; size_t nr_mmio;
    struct hv_ioport_map *ioport; size_t nr_ioport;
    struct hv_pt_irq *irqs; size_t nr_irqs;
};

#define HV_IOREQ_MEM_ACCESS_WRITE 2u  /* XEN_DMOP_IOREQ_MEM_ACCESS_WRITE */

/* What the guest model asks of the rest of the hypervisor, when it is
 * there (sim_create sets it; a bare guest in a unit test has none):
 * event-channel ports Xen keeps for itself, and guest memory. */
struct hv_guest_env {
    long (*alloc_xen_port)(void *ctx, uint16_t domid);    /* port or -errno */
    void (*free_xen_port)(void *ctx, uint16_t domid, uint32_t port);
    void *(*page)(void *ctx, uint64_t gfn);             /* NULL: no memory */
    void *ctx;
};

struct hv_guest {
    uint16_t domid;
    struct hv_guest_env env;
    struct hv_range *populated; size_t nr_populated;  /* beyond RAM: populate_physmap */
    unsigned vcpus;
    uint64_t nr_pages;             /* RAM, gfn 0 .. nr_pages-1 */
    uint64_t max_pages;            /* XEN_DOMCTL_max_mem's limit (nr_pages at first) */
    uint32_t nr_e820;              /* entries of XENMEM_set_memory_map's map */
    unsigned pause_count;          /* toolstack pauses (XEN_DOMCTL_pausedomain) */
    bool shutdown;
    unsigned shutdown_reason;

    bool pci_intx[32][4];          /* device, INTx (segment and bus are 0) */
    bool isa_irq[16];
    bool gsi[HV_NR_GSIS];          /* set_irq_level */
    uint8_t link_route[4];         /* PCI link -> ISA IRQ, 0 = disabled */

    struct hv_msi *msis; size_t nr_msis;
    struct hv_event *events; size_t nr_events;
    bool event_pending[HV_MAX_VCPUS]; /* per vCPU: injected, not yet delivered (the vCPU never entered) */

    struct hv_ioreq_server ioreq[HV_MAX_IOREQ_SERVERS];
    unsigned ioreq_seq;
    uint16_t ioreq_next_id;        /* for XS_IOREQ_ID_COUNT_FROM_1 */
    uint32_t ioreq_gfn_used;       /* bit per page of the ioreq server area */
    int mem_type_server;           /* slot owning HVMMEM_ioreq_server, -1 none */

    uint8_t *mem_type;             /* enum hv_mem_type per gfn */
    uint8_t *dirty;                /* log-dirty bit per gfn, for dirty VRAM */
    bool log_dirty;                /* on since the first track_dirty_vram, before 4.14 */
    bool vram_keeps_log_dirty_off; /* 4.14+: track_dirty_vram leaves log-dirty off */
    bool vram_tracking;
    uint64_t vram_first_pfn, vram_nr;
    struct hv_modified *modified; size_t nr_modified;

    uint64_t params[HV_NR_PARAMS];
    uint64_t params_set;           /* bit per param the DM set */

    struct hv_cacheattr *cacheattr; size_t nr_cacheattr;
    struct hv_relocation *relocated; size_t nr_relocated;
    struct hv_passthrough pt;
};

/* 0, or -ENOMEM (-EINVAL for more than 64 vCPUs). */
int hv_guest_init(struct hv_guest *g, uint16_t domid, unsigned vcpus, unsigned mem_mib);
void hv_guest_fini(struct hv_guest *g);

/* Append v (elem bytes) to a growable array of at most HV_MAX_RECORDS:
 * 0 or -ENOMEM. */
int hv_push(void **arr, size_t *nr, size_t elem, const void *v);

static inline uint64_t hv_guest_max_gfn(const struct hv_guest *g) { return g->nr_pages - 1; }
static inline bool hv_guest_has_vcpu(const struct hv_guest *g, uint32_t v) { return v < g->vcpus; }

/* Interrupts.  Out-of-range line numbers or a level other than 0/1: -EINVAL. */
int hv_guest_set_pci_intx_level(struct hv_guest *g, uint16_t seg, uint8_t bus,
                                uint8_t dev, uint8_t intx, uint8_t level);
int hv_guest_set_isa_irq_level(struct hv_guest *g, uint8_t isa_irq, uint8_t level);
int hv_guest_set_irq_level(struct hv_guest *g, uint32_t irq, uint8_t level);
int hv_guest_set_pci_link_route(struct hv_guest *g, uint8_t link, uint8_t isa_irq);
int hv_guest_inject_msi(struct hv_guest *g, uint64_t addr, uint32_t data);
/* vcpu out of range -EINVAL (4.5-4.8 inject_trap says -ENOENT: check
 * hv_guest_has_vcpu first); an event still pending on that vCPU -EBUSY
 * (an event stays pending until its vCPU enters the guest, which no
 * simulated vCPU does). */
int hv_guest_inject_event(struct hv_guest *g, uint32_t vcpu, uint8_t vector, uint8_t type,
                          uint32_t error_code, uint8_t insn_len, uint64_t cr2);

/* Memory.  Ranges reaching beyond hv_guest_max_gfn (or empty, or
 * wrapping): -EINVAL.
 * modified_memory records every valid range (so the state is the same in
 * every release) and marks it dirty once log-dirty is on.  Xen differs by
 * release in ways the decoder must check first: 4.9+ returns 0 without any
 * check while !g->log_dirty, and rejects first_pfn + nr > max gfn (the last
 * frame too); 4.5-4.8 check the range (as here), then return 0.
 * set_mem_type applies 4.9+'s allow_p2m_type_change frame by frame (a
 * refused frame stops the walk, earlier frames keep the new type); 4.9+
 * first wants a server to hold the type (hv_guest_ioreq_mem_type_claimed,
 * else -EINVAL), which 4.5-4.8's mmio_write_dm does not. */
int hv_guest_modified_memory(struct hv_guest *g, uint64_t first_pfn, uint64_t nr);
int hv_guest_modified_memory_more(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                                  bool continues);
int hv_guest_set_mem_type(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                          enum hv_mem_type type);
/* 4.5-4.8's set_mem_type (hvm_op and hvmctl1): a ram_ro frame may become
 * ioreq_server, by way of ram_rw; otherwise as hv_guest_set_mem_type. */
int hv_guest_set_mem_type_legacy(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                                 enum hv_mem_type type);
int hv_guest_get_mem_type(struct hv_guest *g, uint64_t pfn, enum hv_mem_type *type);
/* nr == 0 stops tracking.  Otherwise bitmap gets (nr+7)/8 bytes: all 0xff
 * when the range is new (bits past nr included, as Xen's memset), else
 * the frames dirtied since the last call.
 * nr > HV_MAX_DIRTY_VRAM_NR: -EINVAL. */
int hv_guest_track_dirty_vram(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                              uint8_t *bitmap);
/* Move size frames from src_gfn to dst_gfn (XENMAPSPACE_gmfn_range):
 * recorded in order.  The source must be RAM and neither range may wrap
 * (-EINVAL); size 0 does nothing.  The frames keep no type of their own
 * here, so the memory-type map is left as it is. */
int hv_guest_relocate_memory(struct hv_guest *g, uint64_t src_gfn, uint64_t dst_gfn,
                             uint64_t size);

/* Pin a cache attribute (PAT type 0,1,4-7) on [start,end]: same bounds
 * again changes the type, overlapping other bounds -EBUSY, other types
 * -EINVAL; HV_CACHEATTR_DELETE removes exactly [start,end] (-ENOENT if not
 * pinned). */
#define HV_CACHEATTR_DELETE 0xffffffffu
int hv_guest_pin_mem_cacheattr(struct hv_guest *g, uint64_t start, uint64_t end, uint32_t type);

/* ioreq servers.  Unknown id: -ENOENT.  bufioreq_mode > ATOMIC: -EINVAL;
 * no free slot: -ENOSPC; no free page in the ioreq area (8 pages, one per
 * server plus one for buffered ioreqs): -ENOMEM (4.5-4.10 fail here too;
 * 4.11+ would fail at get_info instead).  Ids per the release's policy.
 * get_info without buffered ioreqs leaves *bufioreq_gfn / *bufioreq_port
 * untouched, as Xen does. */
/* Whether gfn has memory: RAM, the toolstack's special pages
 * (HV_SPECIAL_PFN..+HV_NR_SPECIAL_PAGES), or what populate_physmap added. */
#define HV_SPECIAL_PFN      0xfeff0u
#define HV_NR_SPECIAL_PAGES 16u
bool hv_guest_frame_present(const struct hv_guest *g, uint64_t gfn);
/* populate_physmap of nr frames at gfn: 0 or -EINVAL (beyond 4 GiB of
 * gfns, what the simulator backs) / -ENOMEM. */
int hv_guest_populate(struct hv_guest *g, uint64_t gfn, uint64_t nr);
#define HV_GUEST_MEMORY_FRAMES (1ull << 20)

int hv_guest_ioreq_create(struct hv_guest *g, enum xs_ioreq_id_policy policy,
                          uint8_t bufioreq_mode, uint16_t *id);
int hv_guest_ioreq_get_info(struct hv_guest *g, uint16_t id, uint64_t *ioreq_gfn,
                            uint64_t *bufioreq_gfn, uint32_t *bufioreq_port);
/* type beyond PCI or start > end: -EINVAL; map overlapping: -EEXIST;
 * unmap of a range not wholly mapped: -ENOENT. */
int hv_guest_ioreq_map_range(struct hv_guest *g, uint16_t id, uint32_t type,
                             uint64_t start, uint64_t end);
int hv_guest_ioreq_unmap_range(struct hv_guest *g, uint16_t id, uint32_t type,
                               uint64_t start, uint64_t end);
int hv_guest_ioreq_set_state(struct hv_guest *g, uint16_t id, bool enabled);
int hv_guest_ioreq_destroy(struct hv_guest *g, uint16_t id);
/* type other than ioreq_server or flags other than WRITE: -EINVAL;
 * another server holds the type: -EBUSY; flags 0 by a non-holder: -EINVAL. */
int hv_guest_ioreq_map_mem_type(struct hv_guest *g, uint16_t id, enum hv_mem_type type,
                                uint32_t flags);

static inline bool hv_guest_ioreq_mem_type_claimed(const struct hv_guest *g)
{
    return g->mem_type_server >= 0;
}

/* HVM params: index >= HV_NR_PARAMS -EINVAL. */
int hv_guest_set_param(struct hv_guest *g, uint32_t index, uint64_t value);
int hv_guest_get_param(struct hv_guest *g, uint32_t index, uint64_t *value);

/* Pausing, as Xen's domain_pause_by_systemcontroller: counted. Unpausing a
 * guest not paused by the toolstack: -EINVAL; more than 255
 * pauses: -EOVERFLOW. */
int hv_guest_pause(struct hv_guest *g);
int hv_guest_unpause(struct hv_guest *g);
/* remote_shutdown: the first reason sticks. */
int hv_guest_shutdown(struct hv_guest *g, unsigned reason);

#endif
