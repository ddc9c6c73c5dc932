/* What each Xen release speaks to a device model, as data.
 *
 * One row per release in releases.c; the struct layouts themselves live in
 * abi.h.  Code asks questions of a release ("has dm_op 16?", "which
 * getdomaininfo layout?") instead of testing version numbers, so adding a
 * release is adding a row. */
#ifndef XENSHIM_VERSIONS_H
#define XENSHIM_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Layout generations.  Each enum names the releases it covers; the structs
 * are in abi.h under the same suffix. */
enum xs_getdomaininfo_layout {
    XS_GETDOMAININFO_V0,  /* 4.5-4.10.0: 96 bytes (4.10.1+ is V1, domctl 0x0f) */
    XS_GETDOMAININFO_V1,  /* 4.11-4.15: arch_config appended at 96, 104 bytes */
    XS_GETDOMAININFO_V2,  /* 4.16+: gpaddr_bits at 96, arch_config at 104, 112 bytes */
};

enum xs_bind_pt_irq_layout {
    XS_BIND_PT_IRQ_V0,    /* 4.5-4.9: hvm_domid present, union at 16, 32 bytes */
    XS_BIND_PT_IRQ_V1,    /* 4.10+: union at 8, 24 bytes */
};

enum xs_irq_permission_layout {
    XS_IRQ_PERMISSION_V0, /* 4.5-4.15: uint8_t pirq */
    XS_IRQ_PERMISSION_V1, /* 4.16+: uint32_t pirq */
};

enum xs_dominf_bits {
    XS_DOMINF_V0,         /* 4.5-4.8: pvh bit at 7, xs_domain 8, hap 9 */
    XS_DOMINF_V1,         /* 4.9+: pvh dropped, xs_domain 7, hap 8 */
};

enum xs_ioreq_id_policy {
    XS_IOREQ_ID_COUNT_FROM_1,     /* 4.5-4.10 */
    XS_IOREQ_ID_LOWEST_FREE_SKIP0,/* 4.11 */
    XS_IOREQ_ID_LOWEST_FREE,      /* 4.12+ */
};

/* Behaviour bits that are not layouts. */
#define XS_REL_HVMOP_CONT_IN_OP    (1u << 0) /* 4.5-4.8: continuation in op bits > 0xff */
#define XS_REL_IOREQ_INFO_FLAGS    (1u << 1) /* 4.11+: get_ioreq_server_info pad -> flags */
#define XS_REL_GETDOMINFO_EXACT    (1u << 2) /* 4.18+: getdomaininfo -ESRCH, no "next domain" */
#define XS_REL_HYPOTHETICAL        (1u << 3) /* never shipped (hvmctl1) */
/* Rules of the simulated hypervisor that changed at a release. */
#define XS_REL_BUFIOREQ_MODE       (1u << 4) /* 4.6+: HVMOP create_ioreq_server's handle_bufioreq
                                              * is a mode (> 2 -EINVAL); 4.5: a boolean */
#define XS_REL_MMIO_BATCHES        (1u << 5) /* 4.7+: x86 memory_mapping maps at most 64 frames a
                                              * call and returns how many; before, -E2BIG */
#define XS_REL_DOMINF_HAP          (1u << 6) /* 4.8+: getdomaininfo reports XEN_DOMINF_hap */
#define XS_REL_GETDOMINFO_RESERVED_EINVAL (1u << 7) /* 4.8+: getdomaininfo of a reserved
                                              * domid -EINVAL instead of searching on */
#define XS_REL_FLUSH_TLBS_ARG_EINVAL (1u << 8) /* 4.8+: HVMOP_flush_tlbs with an argument
                                              * -EINVAL; before, -ENOSYS */
#define XS_REL_MEMOP_EXTENT_EINVAL (1u << 9) /* 4.8+: memory_op's domain queries (current/
                                              * maximum_reservation, maximum_gpfn) with a start
                                              * extent in cmd -EINVAL; before, -ENOSYS */
#define XS_REL_RELOCATE_CHECKS     (1u << 10)/* 4.17+: XENMEM_add_to_physmap, and dm_op
                                              * relocate_memory through it, refuse dst ~0
                                              * (-EINVAL) and wrapping ranges (-EOVERFLOW) */
#define XS_REL_XATP_PV_EACCES      (1u << 11)/* 4.13+: XENMEM_add_to_physmap on a domain
                                              * without a translated p2m (PV) -EACCES up
                                              * front; before, -EINVAL at the first frame */
#define XS_REL_ACQUIRE_RESOURCE    (1u << 13)/* 4.11+: XENMEM_acquire_resource (ioreq server
                                              * pages without gfns); before, -ENOSYS */
#define XS_REL_VRAM_NO_LOG_DIRTY   (1u << 12)/* 4.14+: HAP track_dirty_vram no longer turns on
                                              * log-dirty mode (upstream 9ef9f69466), so
                                              * modified_memory is a no-op after it (seen on
                                              * real 4.17 by the real-Xen runner) */

struct xs_release {
    const char *name;            /* "4.6", "4.17", "hvmctl1" */
    uint16_t major, minor;       /* XENVER_version = major << 16 | minor */
    uint8_t domctl_if;           /* XEN_DOMCTL_INTERFACE_VERSION */
    uint8_t sysctl_if;           /* XEN_SYSCTL_INTERFACE_VERSION */
    uint8_t dmop_max;            /* highest XEN_DMOP_* number, 0 = no dm_op */
    uint8_t hvmctl_if;           /* hvmctl interface_version, 0 = no hvmctl */
    uint32_t legacy_dm_hvmops;   /* bit N set: HVMOP sub-op N (a DM op) exists */
    enum xs_getdomaininfo_layout getdomaininfo;
    enum xs_bind_pt_irq_layout bind_pt_irq;
    enum xs_irq_permission_layout irq_permission;
    enum xs_dominf_bits dominf;
    enum xs_ioreq_id_policy ioreq_ids;
    uint32_t flags;              /* XS_REL_* */
    const char *soname_xenctrl;  /* "libxenctrl.so.4.6" */
    const char *soname_xenstore; /* "libxenstore.so.3.0" or ".so.4" */
    const char *xenctrl_symver;  /* "VERS_4.15.0", NULL before 4.15 */
    const char *base;            /* hypothetical rows: the release they patch
                                  * ("4.8" for hvmctl1); NULL for real ones */
    uint8_t hvm_nr_params;       /* HVM_NR_PARAMS: 37 (4.5-4.8), 38 (4.9), 39 (4.10+) */
    uint8_t hvmmem_types;        /* bit N: HVMOP_set_mem_type accepts HVMMEM type N (3 is
                                  * mmio_write_dm in 4.6 only; 4 ioreq_server from 4.8) */
};

extern const struct xs_release xs_releases[];
extern const size_t xs_nr_releases;

/* Lookups return NULL when nothing matches.  Numbers several releases
 * share return the first row in table order, i.e. the oldest real release:
 * XENVER 4.8 -> 4.8 (not hvmctl1); domctl 0x0b -> 4.6 (4.7), 0x0c -> 4.8
 * (hvmctl1), 0x12 -> 4.13 (4.14), 0x17 -> 4.19 (4.20); sysctl 0x12 -> 4.12
 * (4.13), 0x13 -> 4.14 (4.15), 0x15 -> 4.17 (4.18-4.20).  Layouts agree
 * within each group; behaviour may not (4.18+ getdomaininfo), so use the
 * XENVER to pick the exact row.  domctl 0x0f (4.10.1+) is unknown: the
 * 4.10 row is 4.10.0, whose getdomaininfo is 8 bytes shorter. */
const struct xs_release *xs_release_by_name(const char *name);
const struct xs_release *xs_release_by_xenver(uint32_t xenver);
const struct xs_release *xs_release_by_domctl_if(uint32_t domctl_if);
const struct xs_release *xs_release_by_sysctl_if(uint32_t sysctl_if);

static inline uint32_t xs_release_xenver(const struct xs_release *r)
{
    return (uint32_t)r->major << 16 | r->minor;
}

/* Point releases whose domctl interface_version moved within their minor
 * (only 4.10.1-4.10.4: 0x0f, getdomaininfo with arch_config appended, the
 * PV-shim backport; no other branch bumped domctl or sysctl in a point
 * release).  The minor's row keeps describing its .0 release, so
 * xs_release_by_domctl_if() does not know these stamps; this table does,
 * and says what differs.  XENVER cannot tell them apart (minor only): the
 * domctl probe does. */
struct xs_point_release {
    const char *name;            /* "4.10.1": the first point release with it */
    const char *release;         /* the row it amends: "4.10" */
    uint8_t domctl_if;           /* 0x0f */
    enum xs_getdomaininfo_layout getdomaininfo;
};
extern const struct xs_point_release xs_point_releases[];
extern const size_t xs_nr_point_releases;
/* The point release stamping domctl_if, or NULL. */
const struct xs_point_release *xs_point_release_by_domctl_if(uint32_t domctl_if);
/* The row a domctl stamp belongs to: xs_release_by_domctl_if(), else the
 * row a point release amends.  *layout (if not NULL) gets that stamp's
 * getdomaininfo layout. */
const struct xs_release *xs_release_by_any_domctl_if(uint32_t domctl_if,
                                                     enum xs_getdomaininfo_layout *layout);

/* One row per op of a family: number and name.  Which releases accept it
 * is the release rows' to say (xs_release_has_*). */
struct xs_op_info {
    unsigned nr;
    const char *name;
};

extern const struct xs_op_info xs_hvmops[];     /* every HVMOP a DM uses */
extern const size_t xs_nr_hvmops;
extern const struct xs_op_info xs_dmops[];      /* XEN_DMOP_* */
extern const size_t xs_nr_dmops;
extern const struct xs_op_info xs_hvmctl_cmds[];/* hvmctl1 commands */
extern const size_t xs_nr_hvmctl_cmds;

bool xs_release_has_hvmop(const struct xs_release *r, unsigned hvmop);
bool xs_release_has_dmop(const struct xs_release *r, unsigned dmop);
bool xs_release_has_hvmctl(const struct xs_release *r, unsigned cmd);
const char *xs_hvmop_name(unsigned hvmop);   /* "set_pci_intx_level" or NULL */
const char *xs_dmop_name(unsigned dmop);
const char *xs_hvmctl_name(unsigned cmd);

/* Order of releases in xs_releases[] (-1 if unknown).  Real releases come
 * first in version order, hypothetical ones after them. */
int xs_release_index(const struct xs_release *r);

/* Struct layout generations, as data: one row per (Xen struct, layout),
 * naming our definition, its size, and which releases use it.  The rows
 * come from the layout= column of versions/abi.table; where a release
 * column decides (a layout generation, an op the release has, hvmctl),
 * the row points at that column instead of naming releases, so each
 * release-to-layout fact is stated once, in the release row.  A
 * hypothetical release has its base release's by-name layouts. */
enum xs_gen_when {
    XS_GEN_RELEASES,             /* since..until by release name */
    XS_GEN_GETDOMAININFO,        /* r->getdomaininfo == value */
    XS_GEN_BIND_PT_IRQ,          /* r->bind_pt_irq == value */
    XS_GEN_IRQ_PERMISSION,       /* r->irq_permission == value */
    XS_GEN_DMOP,                 /* r has dm_op number value */
    XS_GEN_HVMOP,                /* r has HVMOP number value */
    XS_GEN_HVMCTL,               /* r has hvmctl */
};

struct xs_layout_gen {
    const char *xen_type;        /* Xen's name: "xen_domctl_getdomaininfo" */
    const char *xs_type;         /* ours: "xs_domctl_getdomaininfo_v1" */
    size_t size;
    enum xs_gen_when when;
    unsigned value;
    const char *since;           /* XS_GEN_RELEASES only */
    const char *until;           /* NULL: still current */
};

extern const struct xs_layout_gen xs_layout_gens[];
extern const size_t xs_nr_layout_gens;

/* True if r is one of the releases since..until (names, inclusive; until
 * NULL = still current); a hypothetical release counts as its base. */
bool xs_release_in(const struct xs_release *r, const char *since, const char *until);

/* The layout release r uses for Xen struct xen_type, NULL if r lacks it. */
const struct xs_layout_gen *xs_layout_for(const char *xen_type, const struct xs_release *r);
/* True if xen_type exists in only one of a, b or has different layouts. */
bool xs_layout_changed(const char *xen_type, const struct xs_release *a,
                       const struct xs_release *b);

/* Every domctl and sysctl a libxenctrl of 4.5-4.20 issues on x86, as data
 * (the op DOMCTL/SYSCTL rows of abi.table, tables in ctl_ops.c): its
 * number and name in the releases that have it, and the Xen struct of its
 * payload (NULL: none).  Whether a payload has one layout in two releases
 * comes from the layout table (layouts.c) or, for payloads the shim never
 * looks inside, from abi.table's generations rows (taken from each
 * release's public headers). */
#define XS_CTL_RELEASE_DATA (1u << 0) /* points at data in a format of the
                                       * release's own (vcpu context, HVM save
                                       * records) that no table here describes */
struct xs_ctl_op {
    unsigned nr;
    const char *name;
    const char *payload;
    const char *since, *until;
    unsigned flags;              /* XS_CTL_* */
};
extern const struct xs_ctl_op xs_domctl_ops[];
extern const size_t xs_nr_domctl_ops;
extern const struct xs_ctl_op xs_sysctl_ops[];
extern const size_t xs_nr_sysctl_ops;
/* Op nr as release r knows it, or NULL. */
const struct xs_ctl_op *xs_domctl_op(unsigned nr, const struct xs_release *r);
const struct xs_ctl_op *xs_sysctl_op(unsigned nr, const struct xs_release *r);
/* A name for op nr of any release ("max_mem"), or NULL. */
const char *xs_ctl_op_name(bool sysctl, unsigned nr);
/* True if payload xen_type exists in both a and b with one layout. */
bool xs_ctl_payload_same(const char *xen_type, const struct xs_release *a,
                         const struct xs_release *b);

#endif
