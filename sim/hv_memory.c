/* memory_op (hypercall 12): the domain queries a device model's helpers
 * make.  cmd is the sub-op in its low 6 bits (MEMOP_CMD_MASK) and a
 * continuation's start extent above them.
 *
 * Modelled: current_reservation (3), maximum_reservation (4) and
 * maximum_gpfn (14), all of which take a domid_t (struct
 * xen_memory_domain from 4.16, same 2 bytes).  Xen reads it (-EFAULT),
 * looks the domain up by any id (DOMID_SELF is the caller, an unknown or
 * other reserved id -ESRCH) and asks XSM whether the caller may see it:
 * dom0, the only caller here, always may.
 *
 * Also add_to_physmap (7) for the spaces that move a guest's own frames,
 * gmfn (2) and gmfn_range (3): dm_op relocate_memory's job before 4.9.
 * Xen reads the struct (-EFAULT), refuses gmfn_foreign here (-ENOSYS, it
 * is add_to_physmap_batch's), looks the domain up (-ESRCH); from 4.13 a
 * domain without a translated p2m (dom0, PV) is -EACCES; from 4.17 a
 * destination of ~0 is -EINVAL and (after the start check) a wrapping
 * range -EOVERFLOW.  A continuation's start extent (bits above the
 * sub-op) must fit the 16-bit size (-EDOM) and not pass it (-EILSEQ).
 * Then Xen moves frame by frame: before 4.13 a PV domain is -EINVAL
 * there, as is a source frame without a page.  Simplified: the guest
 * model refuses a bad source range as a whole (Xen moves the frames
 * before the bad one), and a moved source stays a valid source.
 *
 * Not modelled: every other sub-op, and the other spaces of
 * add_to_physmap (shared_info, grant_table, dev_mmio, unknown ones, which
 * Xen maps, maps, refuses with -EACCES and -EINVAL).  They answer -ENOSYS,
 * what Xen gives for a sub-op it does not know; a device model using one
 * through the shim fails visibly instead of seeing a success that changed
 * nothing.
 */
#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "abi.h"
#include "hv_internal.h"

#define HV_MEMOP_EXTENT_SHIFT 6
#define HV_MEMOP_CMD_MASK     ((1u << HV_MEMOP_EXTENT_SHIFT) - 1)

#define HV_XENMEM_current_reservation 3
#define HV_XENMEM_maximum_reservation 4
#define HV_XENMEM_maximum_gpfn        14
#define HV_XENMEM_set_memory_map      13
#define HV_XENMEM_sharing_freed_pages 18
#define HV_XENMEM_sharing_shared_pages 19
#define HV_E820MAX                    1024

static const char *memop_name(unsigned op)
{
    switch (op) {
    case HV_XENMEM_current_reservation: return "current_reservation";
    case HV_XENMEM_maximum_reservation: return "maximum_reservation";
    case HV_XENMEM_maximum_gpfn:        return "maximum_gpfn";
    case XS_XENMEM_add_to_physmap:      return "add_to_physmap";
    case XS_XENMEM_populate_physmap:    return "populate_physmap";
    case XS_XENMEM_acquire_resource:    return "acquire_resource";
    case HV_XENMEM_set_memory_map:      return "set_memory_map";
    case HV_XENMEM_sharing_freed_pages: return "get_sharing_freed_pages";
    case HV_XENMEM_sharing_shared_pages: return "get_sharing_shared_pages";
    }
    return NULL;
}

/* The guest's highest gfn is the last frame of its RAM: the same bound
 * the decoders' range checks use (Xen's p2m max_mapped_pfn also counts
 * the special pages above RAM, which the guest model does not map).
 * dom0 is PV: its frame count less one. */
static long domain_query(struct sim *s, unsigned op, uint16_t domid)
{
    const struct hv_guest *g = NULL;

    if (domid == s->guest.domid)
        g = &s->guest;
    else if (domid != 0 && domid != HV_DOMID_SELF)
        return -ESRCH;
    switch (op) {
    case HV_XENMEM_current_reservation:
        return g ? (long)hv_guest_tot_pages(g) : (long)HV_DOM0_PAGES;
    case HV_XENMEM_maximum_reservation:
        return g ? (long)g->max_pages : (long)HV_DOM0_PAGES;
    default:
        return g ? (long)hv_guest_max_gfn(g) : (long)HV_DOM0_PAGES - 1;
    }
}

static long add_to_physmap(struct sim *s, struct sim_caller *c, uint64_t start, uint64_t arg)
{
    const uint32_t flags = s->rel->flags;
    struct xs_xen_add_to_physmap a;
    bool guest;

    if (start != (uint16_t)start)
        return -EDOM;
    if (hv_copy_from(c, &a, arg, sizeof(a)))
        return -EFAULT;
    hv_trace_note(s, "add_to_physmap", a.domid);
    if (a.space == XS_XENMAPSPACE_gmfn_foreign)
        return -ENOSYS;
    guest = a.domid == s->guest.domid;
    if (!guest && a.domid != 0 && a.domid != HV_DOMID_SELF)
        return -ESRCH;
    if (!guest && (flags & XS_REL_XATP_PV_EACCES))
        return -EACCES;
    if (a.space != XS_XENMAPSPACE_gmfn && a.space != XS_XENMAPSPACE_gmfn_range)
        return -ENOSYS;
    if ((flags & XS_REL_RELOCATE_CHECKS) && a.gpfn == ~(uint64_t)0)
        return -EINVAL;
    if (a.space == XS_XENMAPSPACE_gmfn) {
        a.size = 1;
        start = 0;
    }
    if (a.size < start)
        return -EILSEQ;
    if ((flags & XS_REL_RELOCATE_CHECKS) && a.space == XS_XENMAPSPACE_gmfn_range &&
        (a.gpfn + a.size < a.gpfn || a.idx + a.size < a.idx))
        return -EOVERFLOW;
    if (a.size == start)
        return 0;
    if (!guest)
        return -EINVAL;
    return hv_guest_relocate_memory(&s->guest, a.idx + start, a.gpfn + start, a.size - start);
}

/* populate_physmap for the HVM guest: each extent's gfn gets memory (what
 * QEMU does for VRAM and option ROMs).  Xen returns how many extents it
 * did: an order above the control domain's 12, a start past the end, an
 * unreadable extent or a gfn beyond what the guest can have stop it there.
 * Simplified: the guest's max_pages is not charged (the toolstack's slack
 * for video memory is not modelled), and dom0 (PV) cannot populate
 * itself here (-ENOSYS). */
#define HV_CTLDOM_MAX_ORDER 12

static long populate_physmap(struct sim *s, struct sim_caller *c, uint64_t start, uint64_t arg)
{
    struct xs_xen_memory_reservation r;
    uint64_t i;

    if (hv_copy_from(c, &r, arg, sizeof(r)))
        return -EFAULT;
    hv_trace_note(s, "populate_physmap", r.domid);
    if (start >= r.nr_extents)
        return (long)start;
    if (r.extent_order > HV_CTLDOM_MAX_ORDER)
        return (long)start;
    if (r.domid != s->guest.domid)
        return r.domid == 0 || r.domid == HV_DOMID_SELF ? -ENOSYS : -ESRCH;
    for (i = start; i < r.nr_extents; i++) {
        uint64_t gfn;

        if (hv_copy_from(c, &gfn, r.extent_start + i * sizeof(gfn), sizeof(gfn)))
            break;
        if (hv_guest_populate(&s->guest, gfn & ~((1ull << r.extent_order) - 1),
                              1ull << r.extent_order))
            break;
    }
    return (long)i;
}

/* set_memory_map (what xc_domain_set_memmap_limit issues): the e820 a
 * domain's kernel asks for with XENMEM_memory_map, in every release.  Xen
 * reads the struct, bounds the count (-EINVAL), finds the domain by any
 * id (-ESRCH), reads the entries (-EFAULT) and keeps them; the simulated
 * guest keeps how many (its firmware never asks for them). */
struct hv_foreign_memory_map {
    xs_domid_t domid;
    struct {                           /* xen_memory_map, 8-byte aligned */
        uint32_t nr_entries;
        xs_u64a buffer;
    } map;
};
_Static_assert(offsetof(struct hv_foreign_memory_map, map.nr_entries) == 8, "fmap nr_entries");
_Static_assert(offsetof(struct hv_foreign_memory_map, map.buffer) == 16, "fmap buffer");
#define HV_E820ENTRY_SIZE 20           /* packed: addr, size, type */

static long set_memory_map(struct sim *s, struct sim_caller *c, uint64_t arg)
{
    struct hv_foreign_memory_map m;
    uint8_t e[HV_E820ENTRY_SIZE];

    if (hv_copy_from(c, &m, arg, sizeof(m)))
        return -EFAULT;
    hv_trace_note(s, "set_memory_map", m.domid);
    if (m.map.nr_entries > HV_E820MAX)
        return -EINVAL;
    if (m.domid != s->guest.domid && m.domid != 0 && m.domid != HV_DOMID_SELF)
        return -ESRCH;
    for (uint32_t i = 0; i < m.map.nr_entries; i++)
        if (hv_copy_from(c, e, m.map.buffer + (uint64_t)i * sizeof(e), sizeof(e)))
            return -EFAULT;
    if (m.domid == s->guest.domid)
        s->guest.nr_e820 = m.map.nr_entries;
    return 0;
}

long hv_memory_op(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg)
{
    unsigned op = (unsigned)(cmd & HV_MEMOP_CMD_MASK);
    uint16_t domid;

    hv_trace_note(s, memop_name(op), -1);
    if (!memop_name(op))
        return -ENOSYS;
    if (op == XS_XENMEM_add_to_physmap)
        return add_to_physmap(s, c, cmd >> HV_MEMOP_EXTENT_SHIFT, arg);
    if (op == XS_XENMEM_populate_physmap)
        return populate_physmap(s, c, cmd >> HV_MEMOP_EXTENT_SHIFT, arg);
    if (op == XS_XENMEM_acquire_resource)
        return hv_acquire_resource(s, c, cmd >> HV_MEMOP_EXTENT_SHIFT, arg);
    if (op == HV_XENMEM_set_memory_map)
        return set_memory_map(s, c, arg);
    /* Nothing is shared between domains here (no mem_sharing). */
    if (op == HV_XENMEM_sharing_freed_pages || op == HV_XENMEM_sharing_shared_pages)
        return 0;
    if (cmd >> HV_MEMOP_EXTENT_SHIFT)
        return s->rel->flags & XS_REL_MEMOP_EXTENT_EINVAL ? -EINVAL : -ENOSYS;
    if (hv_copy_from(c, &domid, arg, sizeof(domid)))
        return -EFAULT;
    hv_trace_note(s, memop_name(op), domid);
    return domain_query(s, op, domid);
}
