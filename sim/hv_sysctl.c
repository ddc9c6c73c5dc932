/* sysctl (hypercall 35): what the host tells a toolstack about itself.
 *
 * Modelled: physinfo (3), sched_id (4), getdomaininfolist (6, in
 * hv_domctl.c next to getdomaininfo) and cpupool_op's INFO (18): the calls
 * Debian's xl info, xl list, xl vcpu-list and xentop make before they
 * print anything.  Every other sysctl answers -ENOSYS, as do_sysctl's
 * default (arch_do_sysctl) does.
 *
 * The simulated host: one pCPU in one node, HV_HOST_PAGES of RAM of which
 * dom0 and the guest hold theirs, no CPU features announced (hw_cap 0,
 * which only the toolstack's printout shows), HVM with HAP, no IOMMU and
 * no shadow paging (as Debian's Xen, which the real-Xen runner boots). */
#include <errno.h>
#include <string.h>

#include "abi.h"
#include "hv_internal.h"
#include "versions.h"

#define HV_HOST_PAGES   (2048u << (20 - HV_PAGE_SHIFT))     /* 2 GiB */
#define HV_HOST_CPU_KHZ 2000000u

static const char *sysctl_name(uint32_t cmd)
{
    switch (cmd) {
    case XS_SYSCTL_physinfo:          return "physinfo";
    case XS_SYSCTL_sched_id:          return "sched_id";
    case XS_SYSCTL_getdomaininfolist: return "getdomaininfolist";
    case XS_SYSCTL_cpupool_op:        return "cpupool_op";
    }
    return "unknown";
}

/* physinfo's layout in release r, from the layout table: 0, 1 or 2. */
static int physinfo_gen(const struct xs_release *r)
{
    const struct xs_layout_gen *g = xs_layout_for("xen_sysctl_physinfo", r);
    size_t n = g ? strlen(g->xs_type) : 0;

    return n ? g->xs_type[n - 1] - '0' : 0;
}

/* The capability bits release r defines and this host has. */
static uint32_t physcaps(const struct xs_release *r)
{
    if (xs_release_index(r) < xs_release_index(xs_release_by_name("4.13")))
        return XS_PHYSCAP_hvm;
    if (xs_release_index(r) < xs_release_index(xs_release_by_name("4.16")))
        return XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_hap;
    return XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_hap | XS_PHYSCAP_gnttab_v1 |
           XS_PHYSCAP_gnttab_v2;
}

static void physinfo(struct sim *s, struct xs_sysctl *op)
{
    uint64_t used = HV_DOM0_PAGES + hv_guest_tot_pages(&s->guest);
    uint64_t total = HV_HOST_PAGES, free_pages = used < total ? total - used : 0;
    uint32_t caps = physcaps(s->rel);
    int gen = physinfo_gen(s->rel);

    memset(&op->u, 0, sizeof(op->u));
    /* The topology is at the same offsets in every generation. */
    struct xs_sysctl_physinfo_v0 *t = &op->u.physinfo_v0;
    t->threads_per_core = 1;
    t->cores_per_socket = HV_HOST_NR_CPUS;
    t->nr_cpus = HV_HOST_NR_CPUS;
    t->max_cpu_id = HV_HOST_NR_CPUS - 1;
    t->nr_nodes = 1;
    t->max_node_id = 0;
    t->cpu_khz = HV_HOST_CPU_KHZ;
    if (gen == 0) {
        t->total_pages = total;
        t->free_pages = free_pages;
        t->capabilities = caps;
    } else if (gen == 1) {
        struct xs_sysctl_physinfo_v1 *p = &op->u.physinfo_v1;
        p->capabilities = caps;
        p->total_pages = total;
        p->free_pages = free_pages;
        p->max_mfn = total - 1;
    } else {
        struct xs_sysctl_physinfo_v2 *p = &op->u.physinfo_v2;
        p->capabilities = caps;
        p->total_pages = total;
        p->free_pages = free_pages;
        p->max_mfn = total - 1;
    }
}

/* Credit2 is the default scheduler from 4.12, credit before. */
static uint32_t sched_id(const struct xs_release *r)
{
    return xs_release_index(r) >= xs_release_index(xs_release_by_name("4.12"))
               ? XS_SCHEDULER_CREDIT2 : XS_SCHEDULER_CREDIT;
}

/* Writes Xen's cpumask_to_xenctl_bitmap of every pCPU (or none) into the caller's
 * bitmap: as many bytes as its nr_bits hold, the bits past the host's
 * CPUs clear. */
int hv_put_cpu_bitmap(struct sim_caller *c, const struct xs_xenctl_bitmap *b, bool all)
{
    uint32_t bytes = (b->nr_bits + 7) / 8;

    for (uint32_t i = 0; i < bytes; i++) {
        uint32_t first = i * 8;
        uint8_t v = 0;

        for (uint32_t bit = 0; all && bit < 8 && first + bit < HV_HOST_NR_CPUS; bit++)
            v |= (uint8_t)(1u << bit);
        if (hv_copy_to(c, b->bitmap + i, &v, 1))
            return -EFAULT;
    }
    return 0;
}

/* Pool 0 holds every pCPU and both domains; there is no other pool.
 * INFO answers the first pool with an id at or above the one asked for
 * (-ENOENT past the last); FREEINFO the pCPUs in no pool (none).  The
 * other sub-ops change pools, which this host does not model
 * (-EOPNOTSUPP, documented in docs/simulated-host.md). */
static long cpupool_op(struct sim *s, struct sim_caller *c, struct xs_sysctl *op)
{
    struct xs_sysctl_cpupool_op *p = &op->u.cpupool_op;

    if (p->op == XS_CPUPOOL_OP_FREEINFO)
        return hv_put_cpu_bitmap(c, &p->cpumap, false);
    if (p->op != XS_CPUPOOL_OP_INFO)
        return -EOPNOTSUPP;
    if (p->cpupool_id != 0)
        return -ENOENT;
    p->sched_id = sched_id(s->rel);
    p->n_dom = 2;
    return hv_put_cpu_bitmap(c, &p->cpumap, true);
}

long hv_sysctl(struct sim *s, struct sim_caller *c, uint64_t arg)
{
    struct xs_sysctl op;
    long ret;

    if (hv_copy_from(c, &op, arg, sizeof(op)))
        return -EFAULT;
    hv_trace_note(s, sysctl_name(op.cmd), -1);
    if (op.interface_version != s->rel->sysctl_if)
        return -EACCES;
    switch (op.cmd) {
    case XS_SYSCTL_physinfo:
        physinfo(s, &op);
        ret = 0;
        break;
    case XS_SYSCTL_sched_id:
        op.u.sched_id.sched_id = sched_id(s->rel);
        ret = 0;
        break;
    case XS_SYSCTL_getdomaininfolist:
        ret = hv_getdomaininfolist(s, c, &op);
        break;
    case XS_SYSCTL_cpupool_op:
        ret = cpupool_op(s, c, &op);
        break;
    default:
        return -ENOSYS;
    }
    /* do_sysctl copies the whole struct back after a successful op. */
    if (ret == 0 && hv_copy_to(c, arg, &op, sizeof(op)))
        ret = -EFAULT;
    return ret;
}
