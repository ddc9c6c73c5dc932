/* One row per Xen release a device model may meet.  Numbers come from each
 * release tag's public headers (latest point release of the branch, except
 * where noted). */
#include <string.h>

#include "versions.h"
#include "abi.h"

/* HVMOPs every release keeps (a domain may use them on itself too). */
#define KEPT_HVMOPS                                                     \
    (1u << XS_HVMOP_set_param | 1u << XS_HVMOP_get_param |              \
     1u << XS_HVMOP_flush_tlbs | 1u << XS_HVMOP_get_mem_type)

/* The device-model HVMOPs of 4.5-4.8, moved to dm_op in 4.9. */
#define DM_HVMOPS                                                       \
    (1u << XS_HVMOP_set_pci_intx_level | 1u << XS_HVMOP_set_isa_irq_level | \
     1u << XS_HVMOP_set_pci_link_route | 1u << XS_HVMOP_track_dirty_vram | \
     1u << XS_HVMOP_modified_memory | 1u << XS_HVMOP_set_mem_type |     \
     1u << XS_HVMOP_inject_trap | 1u << XS_HVMOP_inject_msi |           \
     1u << XS_HVMOP_create_ioreq_server |                               \
     1u << XS_HVMOP_get_ioreq_server_info |                             \
     1u << XS_HVMOP_map_io_range_to_ioreq_server |                      \
     1u << XS_HVMOP_unmap_io_range_from_ioreq_server |                  \
     1u << XS_HVMOP_destroy_ioreq_server |                              \
     1u << XS_HVMOP_set_ioreq_server_state)

#define LEGACY (KEPT_HVMOPS | DM_HVMOPS)
#define MODERN KEPT_HVMOPS

#define GDI0 XS_GETDOMAININFO_V0
#define GDI1 XS_GETDOMAININFO_V1
#define GDI2 XS_GETDOMAININFO_V2
#define BPI0 XS_BIND_PT_IRQ_V0
#define BPI1 XS_BIND_PT_IRQ_V1
#define IRP0 XS_IRQ_PERMISSION_V0
#define IRP1 XS_IRQ_PERMISSION_V1
#define DI0 XS_DOMINF_V0
#define DI1 XS_DOMINF_V1
#define IDS1 XS_IOREQ_ID_COUNT_FROM_1
#define IDSS XS_IOREQ_ID_LOWEST_FREE_SKIP0
#define IDSL XS_IOREQ_ID_LOWEST_FREE

#define CONT XS_REL_HVMOP_CONT_IN_OP
#define INFF (XS_REL_IOREQ_INFO_FLAGS | XS_REL_ACQUIRE_RESOURCE)   /* both 4.11 */
#define EXACT XS_REL_GETDOMINFO_EXACT

/* Rules that accumulate release by release (see versions.h). */
#define R46 XS_REL_BUFIOREQ_MODE
#define R47 (R46 | XS_REL_MMIO_BATCHES)
#define R48 (R47 | XS_REL_DOMINF_HAP | XS_REL_GETDOMINFO_RESERVED_EINVAL | \
             XS_REL_FLUSH_TLBS_ARG_EINVAL | XS_REL_MEMOP_EXTENT_EINVAL)
#define R413 (R48 | XS_REL_XATP_PV_EACCES)
#define R414 (R413 | XS_REL_VRAM_NO_LOG_DIRTY)
#define R417 (R414 | XS_REL_RELOCATE_CHECKS)

/* hvmmem types HVMOP_set_mem_type accepts. */
#define MEM45 (1u << XS_HVMMEM_ram_rw | 1u << XS_HVMMEM_ram_ro | 1u << XS_HVMMEM_mmio_dm)
#define MEM46 (MEM45 | 1u << XS_HVMMEM_mmio_write_dm)
#define MEM48 (MEM45 | 1u << XS_HVMMEM_ioreq_server)

#define XS3 "libxenstore.so.3.0"
#define XS4 "libxenstore.so.4"

/* 4.10 is the one branch whose ABI moved in a point release: 4.10.0 has
 * domctl 0x0e and the 96-byte getdomaininfo; 4.10.1+ (the PV-shim backport)
 * has domctl 0x0f and appends arch_config (104 bytes).  The row describes
 * 4.10.0, so domctl 0x0f is deliberately unknown: guessing 4.10 would put
 * the wrong getdomaininfo layout on it.  xs_point_releases (below) says
 * what 0x0f is. */
const struct xs_release xs_releases[] = {
    /* name  maj min domctl sysctl dmop hvmctl hvmops  gdi   bpi   irp   dominf ids  flags  xenctrl soname  xenstore symver  base  nr_params  hvmmem */
    { "4.5",  4,  5, 0x0a, 0x0b,  0, 0, LEGACY, GDI0, BPI0, IRP0, DI0, IDS1, CONT, "libxenctrl.so.4.5",  XS3, NULL, NULL, 37, MEM45 },
    { "4.6",  4,  6, 0x0b, 0x0c,  0, 0, LEGACY, GDI0, BPI0, IRP0, DI0, IDS1, CONT | R46, "libxenctrl.so.4.6",  XS3, NULL, NULL, 37, MEM46 },
    { "4.7",  4,  7, 0x0b, 0x0d,  0, 0, LEGACY, GDI0, BPI0, IRP0, DI0, IDS1, CONT | R47, "libxenctrl.so.4.7",  XS3, NULL, NULL, 37, MEM45 },
    { "4.8",  4,  8, 0x0c, 0x0e,  0, 0, LEGACY, GDI0, BPI0, IRP0, DI0, IDS1, CONT | R48, "libxenctrl.so.4.8",  XS3, NULL, NULL, 37, MEM48 },
    { "4.9",  4,  9, 0x0d, 0x0f, 15, 0, MODERN, GDI0, BPI0, IRP0, DI1, IDS1, R48,  "libxenctrl.so.4.9",  XS3, NULL, NULL, 38, MEM48 },
    { "4.10", 4, 10, 0x0e, 0x10, 16, 0, MODERN, GDI0, BPI1, IRP0, DI1, IDS1, R48,  "libxenctrl.so.4.10", XS3, NULL, NULL, 39, MEM48 },
    { "4.11", 4, 11, 0x10, 0x11, 18, 0, MODERN, GDI1, BPI1, IRP0, DI1, IDSS, INFF | R48, "libxenctrl.so.4.11", XS3, NULL, NULL, 39, MEM48 },
    { "4.12", 4, 12, 0x11, 0x12, 18, 0, MODERN, GDI1, BPI1, IRP0, DI1, IDSL, INFF | R48, "libxenctrl.so.4.12", XS3, NULL, NULL, 39, MEM48 },
    { "4.13", 4, 13, 0x12, 0x12, 18, 0, MODERN, GDI1, BPI1, IRP0, DI1, IDSL, INFF | R413, "libxenctrl.so.4.13", XS3, NULL, NULL, 39, MEM48 },
    { "4.14", 4, 14, 0x12, 0x13, 18, 0, MODERN, GDI1, BPI1, IRP0, DI1, IDSL, INFF | R414, "libxenctrl.so.4.14", XS3, NULL, NULL, 39, MEM48 },
    { "4.15", 4, 15, 0x13, 0x13, 20, 0, MODERN, GDI1, BPI1, IRP0, DI1, IDSL, INFF | R414, "libxenctrl.so.4.15", XS3, "VERS_4.15.0", NULL, 39, MEM48 },
    { "4.16", 4, 16, 0x14, 0x14, 20, 0, MODERN, GDI2, BPI1, IRP1, DI1, IDSL, INFF | R414, "libxenctrl.so.4.16", XS4, "VERS_4.16.0", NULL, 39, MEM48 },
    { "4.17", 4, 17, 0x15, 0x15, 20, 0, MODERN, GDI2, BPI1, IRP1, DI1, IDSL, INFF | R417, "libxenctrl.so.4.17", XS4, "VERS_4.17.0", NULL, 39, MEM48 },
    { "4.18", 4, 18, 0x16, 0x15, 20, 0, MODERN, GDI2, BPI1, IRP1, DI1, IDSL, INFF | EXACT | R417, "libxenctrl.so.4.18", XS4, "libxenctrl_4.18.0", NULL, 39, MEM48 },
    { "4.19", 4, 19, 0x17, 0x15, 20, 0, MODERN, GDI2, BPI1, IRP1, DI1, IDSL, INFF | EXACT | R417, "libxenctrl.so.4.19", XS4, "libxenctrl_4.19.0", NULL, 39, MEM48 },
    { "4.20", 4, 20, 0x17, 0x15, 20, 0, MODERN, GDI2, BPI1, IRP1, DI1, IDSL, INFF | EXACT | R417, "libxenctrl.so.4.20", XS4, "libxenctrl_4.20.0", NULL, 39, MEM48 },
    /* 4.8 with the hvmctl proposal applied: the DM HVMOPs are gone from
     * hvm_op (-ENOSYS), hvmctl (hypercall 41) replaces them. */
    { "hvmctl1", 4, 8, 0x0c, 0x0e, 0, XS_HVMCTL_INTERFACE_VERSION, MODERN, GDI0, BPI0, IRP0, DI0, IDS1,
      XS_REL_HYPOTHETICAL | R48, "libxenctrl.so.4.8", XS3, NULL, "4.8", 37, MEM48 },
};

const size_t xs_nr_releases = sizeof xs_releases / sizeof xs_releases[0];

/* Lookups scan in table order and return the first match, so a number two
 * releases share (domctl 0x0b: 4.6/4.7, 0x12: 4.13/4.14, 0x17: 4.19/4.20;
 * sysctl 0x12, 0x13, 0x15; XENVER 4.8 with hvmctl1) gives the oldest real
 * release.  Layouts are identical within each such pair, but the ioreq
 * and errno behaviour may not be: use the XENVER to disambiguate. */
const struct xs_release *xs_release_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < xs_nr_releases; i++)
        if (!strcmp(xs_releases[i].name, name))
            return &xs_releases[i];
    return NULL;
}

const struct xs_release *xs_release_by_xenver(uint32_t xenver)
{
    for (size_t i = 0; i < xs_nr_releases; i++)
        if (xs_release_xenver(&xs_releases[i]) == xenver)
            return &xs_releases[i];
    return NULL;
}

const struct xs_release *xs_release_by_domctl_if(uint32_t domctl_if)
{
    for (size_t i = 0; i < xs_nr_releases; i++)
        if (xs_releases[i].domctl_if == domctl_if)
            return &xs_releases[i];
    return NULL;
}

const struct xs_release *xs_release_by_sysctl_if(uint32_t sysctl_if)
{
    for (size_t i = 0; i < xs_nr_releases; i++)
        if (xs_releases[i].sysctl_if == sysctl_if)
            return &xs_releases[i];
    return NULL;
}

const struct xs_point_release xs_point_releases[] = {
    { "4.10.1", "4.10", 0x0f, GDI1 },
};

const size_t xs_nr_point_releases = sizeof xs_point_releases / sizeof xs_point_releases[0];

const struct xs_point_release *xs_point_release_by_domctl_if(uint32_t domctl_if)
{
    for (size_t i = 0; i < xs_nr_point_releases; i++)
        if (xs_point_releases[i].domctl_if == domctl_if)
            return &xs_point_releases[i];
    return NULL;
}

const struct xs_release *xs_release_by_any_domctl_if(uint32_t domctl_if,
                                                     enum xs_getdomaininfo_layout *layout)
{
    const struct xs_release *r = xs_release_by_domctl_if(domctl_if);
    const struct xs_point_release *pr;

    if (r) {
        if (layout)
            *layout = r->getdomaininfo;
        return r;
    }
    pr = xs_point_release_by_domctl_if(domctl_if);
    r = pr ? xs_release_by_name(pr->release) : NULL;
    if (r && layout)
        *layout = pr->getdomaininfo;
    return r;
}

int xs_release_index(const struct xs_release *r)
{
    if (r < xs_releases || r >= xs_releases + xs_nr_releases)
        return -1;
    return (int)(r - xs_releases);
}
