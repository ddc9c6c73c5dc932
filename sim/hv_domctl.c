/* domctl and sysctl: the commands a device model (and its libxenctrl)
 * issues, in each release's layout.  Everything else answers -ENOSYS, as
 * arch_do_domctl's default does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "hv_internal.h"

#define HV_PADDR_BITS    46       /* host physical address width */
#define HV_MAX_IOPORTS   0x10000u
#define HV_DOM0_NR_PIRQS 304      /* nr_irqs_gsi (48) + extra_dom0_irqs (256) */

/* ---- permissive rangesets (iomem/ioport/irq permissions): adding what
 * is there already, or removing what is not, is fine, as in Xen. ---- */

/* [a,b] overlaps or is adjacent to [s,e] */
static bool touches(uint64_t a, uint64_t b, uint64_t s, uint64_t e)
{
    return (e == UINT64_MAX || a <= e + 1) && (b == UINT64_MAX || s <= b + 1);
}

static int rs_add(struct hv_rangeset *rs, uint64_t s, uint64_t e)
{
    size_t i = 0, j;

    while (i < rs->nr && rs->r[i].end < s && !touches(rs->r[i].start, rs->r[i].end, s, e))
        i++;
    /* ranges i..j-1 overlap or touch [s,e] and merge into it */
    for (j = i; j < rs->nr && touches(rs->r[j].start, rs->r[j].end, s, e); j++) {
        if (rs->r[j].start < s)
            s = rs->r[j].start;
        if (rs->r[j].end > e)
            e = rs->r[j].end;
    }
    if (j > i) {
        rs->r[i] = (struct hv_range){ s, e };
        memmove(&rs->r[i + 1], &rs->r[j], (rs->nr - j) * sizeof(rs->r[0]));
        rs->nr -= j - i - 1;
        return 0;
    }
    struct hv_range n = { s, e };
    int rc = hv_push((void **)&rs->r, &rs->nr, sizeof(n), &n);
    if (rc)
        return rc;
    memmove(&rs->r[i + 1], &rs->r[i], (rs->nr - 1 - i) * sizeof(rs->r[0]));
    rs->r[i] = n;
    return 0;
}

static int rs_remove(struct hv_rangeset *rs, uint64_t s, uint64_t e)
{
    for (size_t i = 0; i < rs->nr; i++) {
        struct hv_range *r = &rs->r[i];
        if (r->end < s || r->start > e)
            continue;
        if (r->start < s && r->end > e) {        /* split */
            struct hv_range hi = { e + 1, r->end };
            r->end = s - 1;
            int rc = hv_push((void **)&rs->r, &rs->nr, sizeof(hi), &hi);
            if (rc)
                return rc;
            memmove(&rs->r[i + 2], &rs->r[i + 1], (rs->nr - 2 - i) * sizeof(rs->r[0]));
            rs->r[i + 1] = hi;
            return 0;
        }
        if (r->start < s) {
            r->end = s - 1;
        } else if (r->end > e) {
            r->start = e + 1;
        } else {
            memmove(r, r + 1, (rs->nr - i - 1) * sizeof(*r));
            rs->nr--;
            i--;
        }
    }
    return 0;
}

static bool rs_contains(const struct hv_rangeset *rs, uint64_t s, uint64_t e)
{
    for (size_t i = 0; i < rs->nr; i++)
        if (rs->r[i].start <= s && e <= rs->r[i].end)
            return true;
    return false;
}

/* ---- getdomaininfo ---- */

static size_t dominfo_size(const struct xs_release *r)
{
    switch (r->getdomaininfo) {
    case XS_GETDOMAININFO_V0: return sizeof(struct xs_domctl_getdomaininfo_v0);
    case XS_GETDOMAININFO_V1: return sizeof(struct xs_domctl_getdomaininfo_v1);
    case XS_GETDOMAININFO_V2: return sizeof(struct xs_domctl_getdomaininfo_v2);
    }
    return sizeof(struct xs_domctl_getdomaininfo_v0);
}

/* What the guest holds: its RAM, the special pages a domain builder
 * populates at 0xfeff0 and what populate_physmap added beyond both (real
 * 4.14 reports 128 MiB + 64 KiB for the runner's 128 MiB guest). */
uint64_t hv_guest_tot_pages(const struct hv_guest *g)
{
    uint64_t n = g->nr_pages + HV_NR_SPECIAL_PAGES;

    for (size_t i = 0; i < g->nr_populated; i++)
        for (uint64_t f = g->populated[i].start; f <= g->populated[i].end; f++)
            if (f >= g->nr_pages && (f < HV_SPECIAL_PFN || f >= HV_SPECIAL_PFN + HV_NR_SPECIAL_PAGES))
                n++;
    return n;
}

/* Fill the 96 common bytes (and what follows, per generation) for the
 * guest (g) or dom0 (g == NULL). */
static void fill_dominfo(struct sim *s, const struct hv_guest *g, struct xs_domctl *d)
{
    const struct xs_release *r = s->rel;
    struct xs_domctl_getdomaininfo_v0 *i = &d->u.getdomaininfo_v0;
    uint32_t flags;

    memset(&d->u, 0, dominfo_size(r));
    if (g) {
        i->domain = g->domid;
        i->tot_pages = hv_guest_tot_pages(g);
        i->max_pages = g->max_pages;
        /* Its vCPUs were never brought up (getvcpuinfo: offline), so none
         * is online and Xen reports neither running nor blocked: what real
         * 4.14 shows for the runner's guest (xl list: 0 vCPUs, "------"). */
        i->nr_online_vcpus = 0;
        i->max_vcpu_id = g->vcpus - 1;
        i->shared_info_frame = 0xfeffe;
        flags = XS_DOMINF_hvm_guest;
        if (g->pause_count)
            flags |= XS_DOMINF_paused;
        if (g->shutdown)
            flags |= XS_DOMINF_shutdown | (g->shutdown_reason & XS_DOMINF_shutdownmask)
                                              << XS_DOMINF_shutdownshift;
        if (r->dominf == XS_DOMINF_V1)
            flags |= XS_DOMINF_V1_hap;
        else if (r->flags & XS_REL_DOMINF_HAP)
            flags |= XS_DOMINF_V0_hap;
        memset(i->handle, 0, sizeof(i->handle));
        i->handle[15] = (uint8_t)g->domid;
    } else {
        i->domain = 0;
        i->tot_pages = i->max_pages = HV_DOM0_PAGES;
        i->nr_online_vcpus = 1;
        i->max_vcpu_id = 0;
        i->shared_info_frame = 0x1000;
        flags = XS_DOMINF_running;
    }
    i->flags = flags;
    i->cpu_time = 0;
    i->cpupool = 0;
    /* Emulation flags of an HVM guest with every device emulated (x86's
     * XEN_X86_EMU_ALL but vPCI): what arch_get_domain_info reports. */
    uint32_t emu = g ? 0x3ff : 0;
    if (r->getdomaininfo == XS_GETDOMAININFO_V1)
        d->u.getdomaininfo_v1.arch_config.emulation_flags = emu;
    else if (r->getdomaininfo == XS_GETDOMAININFO_V2) {
        d->u.getdomaininfo_v2.arch_config.emulation_flags = emu;
        d->u.getdomaininfo_v2.gpaddr_bits = g ? 48 : 0;
    }
}

/* Domains by id: dom0 (the caller) and the guest. */
static bool domain_exists(struct sim *s, uint32_t id)
{
    return id == 0 || id == s->guest.domid;
}

/* The first domain with id >= from (the pre-4.18 search), or -1. */
static int next_domain(struct sim *s, uint32_t from)
{
    if (from == 0)
        return 0;
    return from <= s->guest.domid ? s->guest.domid : -1;
}

static long getdomaininfo(struct sim *s, struct xs_domctl *d)
{
    const struct xs_release *r = s->rel;
    int id;

    if (domain_exists(s, d->domain))
        id = d->domain;
    else if (r->flags & XS_REL_GETDOMINFO_EXACT)
        return -ESRCH;
    else if (d->domain >= XS_DOMID_FIRST_RESERVED && (r->flags & XS_REL_GETDOMINFO_RESERVED_EINVAL))
        return -EINVAL;   /* refused before searching */
    else if ((id = next_domain(s, d->domain)) < 0)
        return -ESRCH;
    fill_dominfo(s, id ? &s->guest : NULL, d);
    d->domain = (uint16_t)id;
    return 0;
}

/* ---- passthrough ---- */

/* MMIO mappings, sorted by gfn and merged where both gfn and mfn run on,
 * so the state does not depend on how a caller chunked its calls. */
static int mmio_cut(struct hv_passthrough *pt, uint64_t gfn, uint64_t nr)
{
    uint64_t end = gfn + nr;   /* exclusive */

    for (size_t i = 0; i < pt->nr_mmio; i++) {
        struct hv_mmio_map *m = &pt->mmio[i];
        uint64_t mend = m->gfn + m->nr;
        if (mend <= gfn || m->gfn >= end)
            continue;
        if (m->gfn < gfn && mend > end) {          /* split in two */
            struct hv_mmio_map hi = { end, m->mfn + (end - m->gfn), mend - end };
            m->nr = gfn - m->gfn;
            int rc = hv_push((void **)&pt->mmio, &pt->nr_mmio, sizeof(hi), &hi);
            if (rc)
                return rc;
            memmove(&pt->mmio[i + 2], &pt->mmio[i + 1], (pt->nr_mmio - i - 2) * sizeof(*m));
            pt->mmio[i + 1] = hi;
            return 0;
        }
        if (m->gfn < gfn) {
            m->nr = gfn - m->gfn;
        } else if (mend > end) {
            m->mfn += end - m->gfn;
            m->nr = mend - end;
            m->gfn = end;
        } else {
            memmove(m, m + 1, (pt->nr_mmio - i - 1) * sizeof(*m));
            pt->nr_mmio--;
            i--;
        }
    }
    return 0;
}

static int mmio_add(struct hv_passthrough *pt, uint64_t gfn, uint64_t mfn, uint64_t nr)
{
    size_t i;
    int rc = mmio_cut(pt, gfn, nr);     /* a new mapping replaces the old */

    if (rc)
        return rc;
    for (i = 0; i < pt->nr_mmio && pt->mmio[i].gfn < gfn; i++)
        ;
    if (i > 0 && pt->mmio[i - 1].gfn + pt->mmio[i - 1].nr == gfn &&
        pt->mmio[i - 1].mfn + pt->mmio[i - 1].nr == mfn) {
        pt->mmio[i - 1].nr += nr;
    } else {
        struct hv_mmio_map n = { gfn, mfn, nr };
        if ((rc = hv_push((void **)&pt->mmio, &pt->nr_mmio, sizeof(n), &n)))
            return rc;
        memmove(&pt->mmio[i + 1], &pt->mmio[i], (pt->nr_mmio - 1 - i) * sizeof(n));
        pt->mmio[i] = n;
        i++;
    }
    /* the mapping may now run into the next one */
    struct hv_mmio_map *a = &pt->mmio[i - 1];
    if (i < pt->nr_mmio && a->gfn + a->nr == pt->mmio[i].gfn && a->mfn + a->nr == pt->mmio[i].mfn) {
        a->nr += pt->mmio[i].nr;
        memmove(&pt->mmio[i], &pt->mmio[i + 1], (pt->nr_mmio - i - 1) * sizeof(*a));
        pt->nr_mmio--;
    }
    return 0;
}

/* 4.5-4.6 refuse more than 64 frames per call (-E2BIG); later x86
 * releases do at most 64 and return how many they did, and libxenctrl
 * calls again for the rest. */
#define HV_MMIO_BATCH 64

static long memory_mapping(struct sim *s, struct hv_guest *g,
                           const struct xs_domctl_memory_mapping *m)
{
    uint64_t mfn_end = m->first_mfn + m->nr_mfns - 1, nr = m->nr_mfns;
    struct hv_passthrough *pt = &g->pt;
    int rc;

    if (mfn_end < m->first_mfn || ((m->first_mfn | mfn_end) >> (HV_PADDR_BITS - HV_PAGE_SHIFT)) ||
        m->first_gfn + m->nr_mfns - 1 < m->first_gfn)
        return -EINVAL;
    if (nr > HV_MMIO_BATCH && !(s->rel->flags & XS_REL_MMIO_BATCHES))
        return -E2BIG;
    if (!rs_contains(&pt->iomem_perm, m->first_mfn, mfn_end))
        return -EPERM;
    if (nr > HV_MMIO_BATCH)
        nr = HV_MMIO_BATCH;
    rc = m->add_mapping ? mmio_add(pt, m->first_gfn, m->first_mfn, nr)
                        : mmio_cut(pt, m->first_gfn, nr);
    if (rc)
        return rc;
    return nr < m->nr_mfns ? (long)nr : 0;
}

static long ioport_mapping(struct hv_guest *g, const struct xs_domctl_ioport_mapping *m)
{
    struct hv_passthrough *pt = &g->pt;
    uint32_t np = m->nr_ports;

    if (((m->first_gport | m->first_mport | (np - 1)) >= HV_MAX_IOPORTS) ||
        m->first_gport + np > HV_MAX_IOPORTS || m->first_mport + np > HV_MAX_IOPORTS)
        return -EINVAL;
    size_t i;
    for (i = 0; i < pt->nr_ioport; i++)
        if (pt->ioport[i].gport == m->first_gport && pt->ioport[i].mport == m->first_mport)
            break;
    if (m->add_mapping) {
        /* Re-adding a known mapping updates its size, as Xen's g2m list does. */
        if (i < pt->nr_ioport) {
            pt->ioport[i].nr = np;
        } else {
            struct hv_ioport_map n = { m->first_gport, m->first_mport, np };
            int rc = hv_push((void **)&pt->ioport, &pt->nr_ioport, sizeof(n), &n);
            if (rc)
                return rc;
        }
        return rs_add(&pt->ioport_perm, m->first_mport, m->first_mport + np - 1);
    }
    if (i < pt->nr_ioport) {
        memmove(&pt->ioport[i], &pt->ioport[i + 1], (pt->nr_ioport - i - 1) * sizeof(pt->ioport[0]));
        pt->nr_ioport--;
    }
    return rs_remove(&pt->ioport_perm, m->first_mport, m->first_mport + np - 1);
}

/* bind_pt_irq/unbind_pt_irq, whatever the layout, as one value. */
static void decode_pt_irq(const struct sim *s, const struct xs_domctl *d, struct hv_pt_irq *b)
{
    const union xs_bind_pt_irq_u *u;

    memset(b, 0, sizeof(*b));
    if (s->rel->bind_pt_irq == XS_BIND_PT_IRQ_V0) {
        b->machine_irq = d->u.bind_pt_irq_v0.machine_irq;
        b->type = d->u.bind_pt_irq_v0.irq_type;
        u = &d->u.bind_pt_irq_v0.u;
    } else {
        b->machine_irq = d->u.bind_pt_irq_v1.machine_irq;
        b->type = d->u.bind_pt_irq_v1.irq_type;
        u = &d->u.bind_pt_irq_v1.u;
    }
    switch (b->type) {
    case XS_PT_IRQ_TYPE_PCI:
        b->bus = u->pci.bus;
        b->device = u->pci.device;
        b->intx = u->pci.intx;
        break;
    case XS_PT_IRQ_TYPE_ISA:
        b->isa_irq = u->isa.isa_irq;
        break;
    case XS_PT_IRQ_TYPE_MSI:
    case XS_PT_IRQ_TYPE_MSI_TRANSLATE:
        b->gvec = u->msi.gvec;
        b->gflags = u->msi.gflags;
        b->gtable = u->msi.gtable;
        break;
    }
}

static bool same_binding(const struct hv_pt_irq *a, const struct hv_pt_irq *b)
{
    if (a->machine_irq != b->machine_irq || a->type != b->type)
        return false;
    if (a->type == XS_PT_IRQ_TYPE_PCI)
        return a->bus == b->bus && a->device == b->device && a->intx == b->intx;
    if (a->type == XS_PT_IRQ_TYPE_ISA)
        return a->isa_irq == b->isa_irq;
    return true;   /* an MSI pirq has one binding, rebinding updates it */
}

/* We do not simulate PHYSDEVOP_map_pirq: a machine irq counts as mapped
 * into the guest once the guest may use it (irq_permission). */
static long bind_pt_irq(struct sim *s, struct hv_guest *g, const struct xs_domctl *d, bool bind)
{
    struct hv_passthrough *pt = &g->pt;
    struct hv_pt_irq b;
    size_t i;

    decode_pt_irq(s, d, &b);
    if (b.machine_irq == 0 || !rs_contains(&pt->irq_perm, b.machine_irq, b.machine_irq))
        return -EPERM;
    if (b.type > XS_PT_IRQ_TYPE_MSI_TRANSLATE)
        return -EOPNOTSUPP;
    for (i = 0; i < pt->nr_irqs && !same_binding(&pt->irqs[i], &b); i++)
        ;
    if (bind) {
        if (i < pt->nr_irqs) {
            pt->irqs[i] = b;
            return 0;
        }
        return hv_push((void **)&pt->irqs, &pt->nr_irqs, sizeof(b), &b);
    }
    if (i == pt->nr_irqs)
        return -EINVAL;
    memmove(&pt->irqs[i], &pt->irqs[i + 1], (pt->nr_irqs - i - 1) * sizeof(pt->irqs[0]));
    pt->nr_irqs--;
    return 0;
}

static long irq_permission(struct sim *s, struct hv_guest *g, const struct xs_domctl *d)
{
    uint32_t pirq;
    bool allow;

    if (s->rel->irq_permission == XS_IRQ_PERMISSION_V0) {
        pirq = d->u.irq_permission_v0.pirq;
        allow = d->u.irq_permission_v0.allow_access;
    } else {
        pirq = d->u.irq_permission_v1.pirq;
        allow = d->u.irq_permission_v1.allow_access;
    }
    if (pirq >= HV_DOM0_NR_PIRQS)
        return -EINVAL;
    if (pirq == 0)       /* dom0's pirq 0 maps to no irq */
        return -EPERM;
    if (!g)
        return 0;        /* dom0 may use every irq already */
    return allow ? rs_add(&g->pt.irq_perm, pirq, pirq) : rs_remove(&g->pt.irq_perm, pirq, pirq);
}

static long iomem_permission(struct hv_guest *g, const struct xs_domctl_iomem_permission *p)
{
    uint64_t last = p->first_mfn + p->nr_mfns - 1;

    if (last < p->first_mfn)
        return -EINVAL;
    if (!g)
        return 0;
    return p->allow_access ? rs_add(&g->pt.iomem_perm, p->first_mfn, last)
                           : rs_remove(&g->pt.iomem_perm, p->first_mfn, last);
}

static long ioport_permission(struct hv_guest *g, const struct xs_domctl_ioport_permission *p)
{
    uint64_t last = (uint64_t)p->first_port + p->nr_ports - 1;

    if (p->first_port + p->nr_ports < p->first_port || last >= HV_MAX_IOPORTS)
        return -EINVAL;
    if (!g)
        return 0;
    return p->allow_access ? rs_add(&g->pt.ioport_perm, p->first_port, last)
                           : rs_remove(&g->pt.ioport_perm, p->first_port, last);
}

/* ---- domctl ---- */

static const char *domctl_name(uint32_t cmd)
{
    switch (cmd) {
    case XS_DOMCTL_pausedomain:       return "pausedomain";
    case XS_DOMCTL_unpausedomain:     return "unpausedomain";
    case XS_DOMCTL_getdomaininfo:     return "getdomaininfo";
    case XS_DOMCTL_irq_permission:    return "irq_permission";
    case XS_DOMCTL_iomem_permission:  return "iomem_permission";
    case XS_DOMCTL_ioport_permission: return "ioport_permission";
    case XS_DOMCTL_bind_pt_irq:       return "bind_pt_irq";
    case XS_DOMCTL_memory_mapping:    return "memory_mapping";
    case XS_DOMCTL_ioport_mapping:    return "ioport_mapping";
    case XS_DOMCTL_pin_mem_cacheattr: return "pin_mem_cacheattr";
    case XS_DOMCTL_unbind_pt_irq:     return "unbind_pt_irq";
    case XS_DOMCTL_max_mem:           return "max_mem";
    case XS_DOMCTL_getvcpuinfo:       return "getvcpuinfo";
    case XS_DOMCTL_getvcpuaffinity:   return "getvcpuaffinity";
    }
    return "unknown";
}

/* 4.5-4.20 alike: any value, even below what the domain holds (it may
 * then allocate nothing more), kept in Xen's 32-bit max_pages. */
static long max_mem(struct hv_guest *g, struct xs_domctl *d)
{
    uint64_t pages = d->u.max_mem.max_memkb >> 2;

    if (g)
        g->max_pages = pages > UINT32_MAX ? UINT32_MAX : pages;
    return 0;
}

/* The simulated vCPUs exist but never started (as the real-Xen runner's,
 * which have no context): offline, not blocked, not running, no time, last
 * on pCPU 0.  Dom0 has the one vCPU the simulated host has. */
static long getvcpuinfo(struct sim *s, const struct hv_guest *g, struct xs_domctl *d)
{
    struct xs_domctl_getvcpuinfo *v = &d->u.getvcpuinfo;
    uint32_t vcpu = v->vcpu;

    (void)s;
    if (vcpu >= (g ? g->vcpus : 1))
        return -EINVAL;
    memset(v, 0, sizeof(*v));
    v->vcpu = vcpu;
    if (!g)
        v->online = v->running = 1;
    return 0;
}

/* Every vCPU may run on every pCPU, hard and soft: the affinity a vCPU has
 * when nobody pinned it.  Xen checks the vCPU, then that at least one of
 * the two maps is asked for. */
static long getvcpuaffinity(const struct hv_guest *g, struct sim_caller *c,
                            const struct xs_domctl_vcpuaffinity *a)
{
    long rc = 0;

    if (a->vcpu >= (g ? g->vcpus : 1))
        return -EINVAL;
    if (!(a->flags & (XS_VCPUAFFINITY_HARD | XS_VCPUAFFINITY_SOFT)))
        return -EINVAL;
    if (a->flags & XS_VCPUAFFINITY_HARD)
        rc = hv_put_cpu_bitmap(c, &a->cpumap_hard, true);
    if (!rc && (a->flags & XS_VCPUAFFINITY_SOFT))
        rc = hv_put_cpu_bitmap(c, &a->cpumap_soft, true);
    return rc;
}

long hv_domctl(struct sim *s, struct sim_caller *c, uint64_t arg)
{
    struct xs_domctl d;
    struct hv_guest *g;
    long ret;

    if (hv_copy_from(c, &d, arg, sizeof(d)))
        return -EFAULT;
    hv_trace_note(s, domctl_name(d.cmd), d.domain);
    if (d.interface_version != s->rel->domctl_if)
        return -EACCES;

    if (d.cmd == XS_DOMCTL_getdomaininfo) {
        ret = getdomaininfo(s, &d);
        if (ret == 0 && hv_copy_to(c, arg, &d, sizeof(d)))
            ret = -EFAULT;
        return ret;
    }

    /* Every other command names an existing domain (DOMID_SELF is not
     * resolved here), even one we do not know. */
    if (!domain_exists(s, d.domain))
        return -ESRCH;
    g = d.domain ? &s->guest : NULL;

    switch (d.cmd) {
    case XS_DOMCTL_pausedomain:
        return g ? hv_guest_pause(g) : -EINVAL;      /* not yourself */
    case XS_DOMCTL_unpausedomain:
        return g ? hv_guest_unpause(g) : -EINVAL;    /* dom0's count is 0 */
    case XS_DOMCTL_iomem_permission:
        return iomem_permission(g, &d.u.iomem_permission);
    case XS_DOMCTL_ioport_permission:
        return ioport_permission(g, &d.u.ioport_permission);
    case XS_DOMCTL_irq_permission:
        return irq_permission(s, g, &d);
    case XS_DOMCTL_memory_mapping:
        return g ? memory_mapping(s, g, &d.u.memory_mapping) : -EOPNOTSUPP;
    case XS_DOMCTL_ioport_mapping:
        return g ? ioport_mapping(g, &d.u.ioport_mapping) : -EOPNOTSUPP;
    case XS_DOMCTL_bind_pt_irq:
    case XS_DOMCTL_unbind_pt_irq:
        if (!g)
            return d.cmd == XS_DOMCTL_bind_pt_irq ? -EINVAL : -EPERM;
        return bind_pt_irq(s, g, &d, d.cmd == XS_DOMCTL_bind_pt_irq);
    case XS_DOMCTL_max_mem:
        return max_mem(g, &d);
    case XS_DOMCTL_getvcpuinfo:
        ret = getvcpuinfo(s, g, &d);
        if (ret == 0 && hv_copy_to(c, arg, &d, sizeof(d)))
            ret = -EFAULT;
        return ret;
    case XS_DOMCTL_getvcpuaffinity:
        return getvcpuaffinity(g, c, &d.u.vcpuaffinity);
    case XS_DOMCTL_pin_mem_cacheattr:
        /* Moved to dm_op (pin_memory_cacheattr) in 4.11. */
        if (s->rel->dmop_max >= 18 || !g)
            return -ENOSYS;
        return hv_guest_pin_mem_cacheattr(g, d.u.pin_mem_cacheattr.start,
                                          d.u.pin_mem_cacheattr.end, d.u.pin_mem_cacheattr.type);
    }
    return -ENOSYS;
}

/* ---- sysctl getdomaininfolist (hv_sysctl.c decodes the rest) ---- */

long hv_getdomaininfolist(struct sim *s, struct sim_caller *c, struct xs_sysctl *op)
{
    const size_t one = dominfo_size(s->rel);
    struct xs_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
    uint32_t n = 0;
    int id = next_domain(s, l->first_domain);

    while (id >= 0 && n < l->max_domains) {
        struct xs_domctl d;
        fill_dominfo(s, id ? &s->guest : NULL, &d);
        if (hv_copy_to(c, l->buffer + (uint64_t)n * one, &d.u, one))
            return -EFAULT;
        n++;
        id = id == 0 ? next_domain(s, 1) : -1;
    }
    l->num_domains = n;
    return 0;
}
