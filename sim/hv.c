/* The simulated hypervisor's front door: hypercall dispatch, locking,
 * tracing, domain lookup and the state file. */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "hv_internal.h"


/* An event from dom0 on a vCPU's ioreq port: the device model answered
 * (hv_io.c waits for it). */
static void ioreq_port_fired(void *ctx, uint16_t domid, uint32_t port)
{
    struct sim *s = ctx;

    if (s->ioreq_done)
        s->ioreq_done(s->ioreq_done_ctx, domid, port);
}

static long guest_alloc_xen_port(void *ctx, uint16_t domid)
{
    /* Xen's own end, bound for the device model in dom0. */
    return hv_evtchn_alloc_xen_port(ctx, domid, 0, ioreq_port_fired, ctx);
}

static void guest_free_xen_port(void *ctx, uint16_t domid, uint32_t port)
{
    hv_evtchn_free_xen_port(ctx, domid, port);
}

static void *guest_page(void *ctx, uint64_t gfn)
{
    return hv_guest_page(ctx, gfn);
}

void *hv_guest_page(struct sim *s, uint64_t gfn)
{
    if (!s->mem || gfn >= HV_GUEST_MEMORY_FRAMES)
        return NULL;
    return s->mem + (gfn << HV_PAGE_SHIFT);
}

int sim_guest_memory_fd(struct sim *s)
{
    int fd;

    pthread_mutex_lock(&s->lock);
    if (s->mem_fd < 0) {
        fd = memfd_create("xenshim-guest-memory", MFD_CLOEXEC);
        if (fd >= 0 && ftruncate(fd, (off_t)(HV_GUEST_MEMORY_FRAMES << HV_PAGE_SHIFT)) == 0) {
            void *m = mmap(NULL, HV_GUEST_MEMORY_FRAMES << HV_PAGE_SHIFT, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_NORESERVE, fd, 0);
            if (m != MAP_FAILED) {
                s->mem = m;
                s->mem_fd = fd;
                /* Servers made before the memory existed get their ports
                 * written now. */
                for (unsigned i = 0; i < HV_MAX_IOREQ_SERVERS; i++) {
                    struct hv_ioreq_server *srv = &s->guest.ioreq[i];
                    struct xs_ioreq *page;

                    if (!srv->used || !(page = hv_guest_page(s, srv->ioreq_gfn)))
                        continue;
                    for (unsigned v = 0; v < s->guest.vcpus; v++)
                        page[v].vp_eport = srv->vcpu_port[v];
                }
            }
        }
        if (s->mem_fd < 0 && fd >= 0)
            close(fd);
    }
    fd = s->mem_fd;
    pthread_mutex_unlock(&s->lock);
    return fd < 0 ? -ENOMEM : fd;
}

struct sim *sim_create(const struct xs_release *rel, const struct sim_config *cfg)
{
    struct sim *s;

    if (!rel)
        return NULL;
    s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->rel = rel;
    if (cfg)
        s->cfg = *cfg;
    if (s->cfg.domid == 0)
        s->cfg.domid = 1;
    if (s->cfg.domid >= XS_DOMID_FIRST_RESERVED ||
        hv_guest_init(&s->guest, s->cfg.domid, s->cfg.vcpus, s->cfg.mem_mib)) {
        free(s);
        return NULL;
    }
    s->guest.vram_keeps_log_dirty_off = rel->flags & XS_REL_VRAM_NO_LOG_DIRTY;
    s->cfg.vcpus = s->guest.vcpus;
    s->cfg.mem_mib = (unsigned)(s->guest.nr_pages >> (20 - HV_PAGE_SHIFT));
    pthread_mutex_init(&s->lock, NULL);
    hv_evtchn_init(s);
    hv_vcpu_io_init(s);
    s->mem_fd = -1;
    s->guest.env = (struct hv_guest_env){ guest_alloc_xen_port, guest_free_xen_port,
                                          guest_page, s };
    return s;
}

void sim_destroy(struct sim *s)
{
    if (!s)
        return;
    hv_guest_fini(&s->guest);
    if (s->mem)
        munmap(s->mem, HV_GUEST_MEMORY_FRAMES << HV_PAGE_SHIFT);
    if (s->mem_fd >= 0)
        close(s->mem_fd);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

const struct xs_release *sim_release(const struct sim *s)
{
    return s->rel;
}

int hv_lookup_remote(struct sim *s, uint16_t domid, struct hv_guest **g)
{
    if (domid == s->guest.domid) {
        *g = &s->guest;
        return 0;
    }
    return domid == 0 || domid == HV_DOMID_SELF ? -EPERM : -ESRCH;
}

int hv_lookup_any(struct sim *s, uint16_t domid, struct hv_guest **g)
{
    *g = NULL;
    if (domid == 0 || domid == HV_DOMID_SELF)
        return 0;
    return hv_lookup_remote(s, domid, g);
}

static const char *hypercall_name(const struct sim *s, uint64_t op)
{
    switch (op) {
    case XS_HYPERVISOR_xen_version: return "xen_version";
    case XS_HYPERVISOR_sched_op:    return "sched_op";
    case XS_HYPERVISOR_memory_op:    return "memory_op";
    case XS_HYPERVISOR_hvm_op:      return "hvm_op";
    case XS_HYPERVISOR_sysctl:      return "sysctl";
    case XS_HYPERVISOR_domctl:      return "domctl";
    case XS_HYPERVISOR_multicall:    return "multicall";
    case XS_HYPERVISOR_event_channel_op: return "event_channel_op";
    case XS_HYPERVISOR_dm_op:
        return s->rel->dmop_max ? "dm_op" : s->rel->hvmctl_if ? "hvmctl" : "hypercall41";
    }
    return NULL;
}

static void trace(struct sim *s, const char *what, uint64_t op, long ret)
{
    if (!s->cfg.trace)
        return;
    if (what)
        fprintf(s->cfg.trace, "%s", what);
    else
        fprintf(s->cfg.trace, "hypercall%" PRIu64, op);
    fprintf(s->cfg.trace, " %s", s->trace_subop ? s->trace_subop : "-");
    if (s->trace_domid >= 0)
        fprintf(s->cfg.trace, " dom=%d", s->trace_domid);
    fprintf(s->cfg.trace, " = %ld", ret);
    if (ret < 0)
        fprintf(s->cfg.trace, " (%s)", strerror((int)-ret));
    fputc('\n', s->cfg.trace);
    fflush(s->cfg.trace);
}

static void trace_reset(struct sim *s)
{
    s->trace_subop = NULL;
    s->trace_domid = -1;
}

/* Hypercall 41 once its buffer array is in our memory. */
static long dm_op_locked(struct sim *s, struct sim_caller *c, uint16_t domid,
                         unsigned nr, const struct sim_dm_op_buf *bufs)
{
    if (!s->rel->dmop_max)
        return -ENOSYS;
    if (nr > XS_DMOP_MAX_BUFS)
        return -E2BIG;
    return hv_dm_op(s, c, domid, nr, bufs);
}

static long multicall(struct sim *s, struct sim_caller *c, uint64_t list, uint64_t nr);
static long dispatch_to_completion(struct sim *s, struct sim_caller *c, uint64_t op,
                                   const uint64_t arg[5], int nested);

/* One hypercall, s->lock held. */
static long dispatch(struct sim *s, struct sim_caller *c, uint64_t op, const uint64_t arg[5],
                     int nested)
{
    long ret;

    trace_reset(s);
    switch (op) {
    case XS_HYPERVISOR_xen_version:
        ret = hv_xen_version(s, c, arg[0], arg[1]);
        break;
    case XS_HYPERVISOR_sched_op:
        ret = hv_sched_op(s, c, arg[0], arg[1]);
        break;
    case XS_HYPERVISOR_memory_op:
        ret = hv_memory_op(s, c, arg[0], arg[1]);
        break;
    case XS_HYPERVISOR_hvm_op:
        ret = hv_hvm_op(s, c, arg[0], arg[1]);
        break;
    case XS_HYPERVISOR_sysctl:
        ret = hv_sysctl(s, c, arg[0]);
        break;
    case XS_HYPERVISOR_domctl:
        ret = hv_domctl(s, c, arg[0]);
        break;
    case XS_HYPERVISOR_event_channel_op:
        ret = hv_event_channel_op(s, c, arg[0], arg[1]);
        break;
    case XS_HYPERVISOR_dm_op:
        if (s->rel->hvmctl_if) {
            ret = hv_hvmctl(s, c, arg[0]);
        } else if (!s->rel->dmop_max) {
            ret = -ENOSYS;
        } else {
            /* do_dm_op(domid_t, unsigned int nr_bufs, handle): the
             * arguments arrive truncated to those types. */
            uint16_t domid = (uint16_t)arg[0];
            unsigned nr = (unsigned)arg[1];
            struct sim_dm_op_buf bufs[XS_DMOP_MAX_BUFS];

            if (nr > XS_DMOP_MAX_BUFS)
                ret = -E2BIG;
            else if (hv_copy_from(c, bufs, arg[2], nr * sizeof(bufs[0])))
                ret = -EFAULT;
            else
                ret = dm_op_locked(s, c, domid, nr, bufs);
        }
        break;
    case XS_HYPERVISOR_multicall:
        /* Xen refuses a multicall inside a multicall. */
        ret = nested ? -EINVAL : multicall(s, c, arg[0], arg[1]);
        break;
    default:
        ret = -ENOSYS;
    }
    trace(s, hypercall_name(s, op), op, ret);
    return ret;
}

/* do_multicall: each entry runs as its own hypercall, its result written
 * back into the entry; the multicall itself returns 0.  An entry that
 * cannot be read or written back ends it with -EFAULT.  (Xen also
 * preempts long lists with a continuation; the simulator runs them
 * whole.)  libxenctrl sends its memory_ops this way on 64-bit Linux, to
 * get a result wider than the ioctl's int. */
static long multicall(struct sim *s, struct sim_caller *c, uint64_t list, uint64_t nr)
{
    for (uint64_t i = 0; i < (uint32_t)nr; i++) {
        struct xs_multicall_entry e;
        uint64_t at = list + i * sizeof(e);

        if (hv_copy_from(c, &e, at, sizeof(e)))
            return -EFAULT;
        e.result = (uint64_t)dispatch_to_completion(s, c, e.op, e.args, 1);
        if (hv_copy_to(c, at + offsetof(struct xs_multicall_entry, result), &e.result,
                       sizeof(e.result)))
            return -EFAULT;
    }
    trace_reset(s);
    return 0;
}

bool hv_preempt_check(struct sim *s)
{
    return s->cfg.preempt_every && ++s->preempt_checks % s->cfg.preempt_every == 0;
}

void hv_continue_with(struct sim *s, uint64_t arg0)
{
    s->cont_arg0_set = true;
    s->cont_arg0 = arg0;
}

unsigned long sim_continuations(const struct sim *s)
{
    return s->continuations;
}

/* A preempted hypercall from privcmd: Xen's continuation rewinds the
 * kernel to the hypercall instruction with the saved arguments, so the
 * call runs again before the ioctl returns, and user space never sees
 * -ERESTART (what it may see is the progress written into its structs). */
static long dispatch_to_completion(struct sim *s, struct sim_caller *c, uint64_t op,
                                   const uint64_t arg[5], int nested)
{
    uint64_t a[5] = { arg[0], arg[1], arg[2], arg[3], arg[4] };
    long ret;

    for (;;) {
        s->cont_arg0_set = false;
        ret = dispatch(s, c, op, a, nested);
        if (ret != -HV_ERESTART)
            return ret;
        s->continuations++;
        if (s->cont_arg0_set)
            a[0] = s->cont_arg0;
    }
}

long sim_hypercall(struct sim *s, struct sim_caller *c, uint64_t op, const uint64_t arg[5])
{
    long ret;

    pthread_mutex_lock(&s->lock);
    ret = dispatch_to_completion(s, c, op, arg, 0);
    pthread_mutex_unlock(&s->lock);
    return ret;
}

long sim_dm_op(struct sim *s, struct sim_caller *c, uint16_t domid,
               unsigned nr, const struct sim_dm_op_buf *bufs)
{
    long ret;

    pthread_mutex_lock(&s->lock);
    trace_reset(s);
    if (s->rel->hvmctl_if)
        /* The kernel issues hypercall 41 as dm_op(dom, num, bufs); hvmctl
         * takes its first argument for a pointer to its struct. */
        ret = hv_hvmctl(s, c, domid);
    else
        while ((ret = dm_op_locked(s, c, domid, nr, bufs)) == -HV_ERESTART)
            s->continuations++;   /* the kernel issues it again, as above */
    trace(s, s->rel->hvmctl_if ? "hvmctl(privcmd_dm_op)" : "dm_op(privcmd_dm_op)",
          XS_HYPERVISOR_dm_op, ret);
    pthread_mutex_unlock(&s->lock);
    return ret;
}

/* ---- state file ----
 * One line of JSON.  Keys are written in sorted order by hand (the unit
 * test checks it); addresses, frame numbers and other 64-bit values as
 * "0x..." strings so no JSON reader rounds them, counts as numbers.
 *
 *   dirty_vram        null | {first_pfn, nr}
 *   domid, mem_mib, vcpus   the configuration
 *   events            [{cr2, error_code, insn_len, type, vcpu, vector}] in order
 *   ioreq_servers     [{bufioreq, enabled, mem_type_access,
 *                       ranges: {mmio, pci, port: [[start, end]...]}}] in
 *                     creation order, no ids; bufioreq says whether the
 *                     server has a buffered ring, not which pointer
 *                     protocol it runs (legacy or atomic): that is between
 *                     Xen and the device model, and 4.5 has only legacy
 *   irq_levels        {gsi: [n...], isa: [n...], pci_intx: [{device, intx}]}
 *                     (the lines that are high)
 *   link_routes       [isa irq of link 0..3]
 *   mem_types         [{first_pfn, last_pfn, type}] runs other than ram_rw
 *   modified_memory   [{first_pfn, nr}] in order
 *   msis              [{addr, data}] in order
 *   params            {"NN": value} the HVM params the DM set
 *   passthrough       {iomem_permitted, ioport_mappings, ioport_permitted,
 *                      irq_bindings, irq_permitted, memory_mappings}
 *   pause_count, paused
 *   pinned_cacheattr  [{end, start, type}]
 *   relocated         [{dst_gfn, size, src_gfn}] in order
 *   shutdown          null | {reason} */

static void json_ranges(FILE *f, const struct hv_range *r, size_t nr)
{
    fputc('[', f);
    for (size_t i = 0; i < nr; i++)
        fprintf(f, "%s[\"0x%" PRIx64 "\",\"0x%" PRIx64 "\"]", i ? "," : "", r[i].start, r[i].end);
    fputc(']', f);
}

static const char *const mem_type_names[HV_NR_MEM_TYPES] = {
    [HV_MEM_RAM_RW] = "ram_rw", [HV_MEM_RAM_RO] = "ram_ro",
    [HV_MEM_MMIO_DM] = "mmio_dm", [HV_MEM_IOREQ_SERVER] = "ioreq_server",
};

static void json_irqs(FILE *f, const struct hv_guest *g)
{
    const char *sep = "";

    fprintf(f, "\"irq_levels\":{\"gsi\":[");
    for (unsigned i = 0; i < HV_NR_GSIS; i++)
        if (g->gsi[i]) {
            fprintf(f, "%s%u", sep, i);
            sep = ",";
        }
    fprintf(f, "],\"isa\":[");
    sep = "";
    for (unsigned i = 0; i < 16; i++)
        if (g->isa_irq[i]) {
            fprintf(f, "%s%u", sep, i);
            sep = ",";
        }
    fprintf(f, "],\"pci_intx\":[");
    sep = "";
    for (unsigned d = 0; d < 32; d++)
        for (unsigned i = 0; i < 4; i++)
            if (g->pci_intx[d][i]) {
                fprintf(f, "%s{\"device\":%u,\"intx\":%u}", sep, d, i);
                sep = ",";
            }
    fprintf(f, "]},");
}

static void json_ioreq_servers(FILE *f, const struct hv_guest *g)
{
    static const char *const type_names[HV_NR_IO_RANGE_TYPES] = { "port", "mmio", "pci" };
    /* Sorted key order of the three range kinds. */
    static const unsigned type_order[HV_NR_IO_RANGE_TYPES] = {
        HV_IO_RANGE_MEMORY, HV_IO_RANGE_PCI, HV_IO_RANGE_PORT };
    const char *sep = "";

    fprintf(f, "\"ioreq_servers\":[");
    for (unsigned seq = 0; seq < g->ioreq_seq; seq++)
        for (unsigned i = 0; i < HV_MAX_IOREQ_SERVERS; i++) {
            const struct hv_ioreq_server *s = &g->ioreq[i];
            if (!s->used || s->seq != seq)
                continue;
            fprintf(f, "%s{\"bufioreq\":%s,\"enabled\":%s,\"mem_type_access\":%u,\"ranges\":{",
                    sep, s->bufioreq_mode ? "true" : "false", s->enabled ? "true" : "false", s->mem_type_flags);
            for (unsigned k = 0; k < HV_NR_IO_RANGE_TYPES; k++) {
                unsigned t = type_order[k];
                fprintf(f, "%s\"%s\":", k ? "," : "", type_names[t]);
                json_ranges(f, s->ranges[t], s->nr_ranges[t]);
            }
            fprintf(f, "}}");
            sep = ",";
        }
    fprintf(f, "],");
}

static void json_mem_types(FILE *f, const struct hv_guest *g)
{
    const char *sep = "";

    fprintf(f, "\"mem_types\":[");
    for (uint64_t pfn = 0; pfn < g->nr_pages;) {
        uint64_t end = pfn;
        while (end + 1 < g->nr_pages && g->mem_type[end + 1] == g->mem_type[pfn])
            end++;
        if (g->mem_type[pfn] != HV_MEM_RAM_RW) {
            fprintf(f, "%s{\"first_pfn\":\"0x%" PRIx64 "\",\"last_pfn\":\"0x%" PRIx64 "\",\"type\":\"%s\"}",
                    sep, pfn, end, mem_type_names[g->mem_type[pfn]]);
            sep = ",";
        }
        pfn = end + 1;
    }
    fprintf(f, "],");
}

static void json_passthrough(FILE *f, const struct hv_passthrough *pt)
{
    fprintf(f, "\"passthrough\":{\"iomem_permitted\":");
    json_ranges(f, pt->iomem_perm.r, pt->iomem_perm.nr);
    fprintf(f, ",\"ioport_mappings\":[");
    for (size_t i = 0; i < pt->nr_ioport; i++)
        fprintf(f, "%s{\"first_gport\":\"0x%x\",\"first_mport\":\"0x%x\",\"nr_ports\":%u}",
                i ? "," : "", pt->ioport[i].gport, pt->ioport[i].mport, pt->ioport[i].nr);
    fprintf(f, "],\"ioport_permitted\":");
    json_ranges(f, pt->ioport_perm.r, pt->ioport_perm.nr);
    fprintf(f, ",\"irq_bindings\":[");
    for (size_t i = 0; i < pt->nr_irqs; i++) {
        const struct hv_pt_irq *b = &pt->irqs[i];
        fprintf(f, "%s{\"bus\":%u,\"device\":%u,\"gflags\":\"0x%x\",\"gtable\":\"0x%" PRIx64
                "\",\"gvec\":%u,\"intx\":%u,\"isa_irq\":%u,\"machine_irq\":%u,\"type\":%u}",
                i ? "," : "", b->bus, b->device, b->gflags, b->gtable, b->gvec, b->intx,
                b->isa_irq, b->machine_irq, b->type);
    }
    fprintf(f, "],\"irq_permitted\":");
    json_ranges(f, pt->irq_perm.r, pt->irq_perm.nr);
    fprintf(f, ",\"memory_mappings\":[");
    for (size_t i = 0; i < pt->nr_mmio; i++)
        fprintf(f, "%s{\"first_gfn\":\"0x%" PRIx64 "\",\"first_mfn\":\"0x%" PRIx64 "\",\"nr_mfns\":%" PRIu64 "}",
                i ? "," : "", pt->mmio[i].gfn, pt->mmio[i].mfn, pt->mmio[i].nr);
    fprintf(f, "]},");
}

int sim_write_state_json(struct sim *s, FILE *f)
{
    const struct hv_guest *g = &s->guest;

    pthread_mutex_lock(&s->lock);
    fputc('{', f);
    if (g->vram_tracking)
        fprintf(f, "\"dirty_vram\":{\"first_pfn\":\"0x%" PRIx64 "\",\"nr\":%" PRIu64 "},",
                g->vram_first_pfn, g->vram_nr);
    else
        fprintf(f, "\"dirty_vram\":null,");
    fprintf(f, "\"domid\":%u,", g->domid);

    fprintf(f, "\"events\":[");
    for (size_t i = 0; i < g->nr_events; i++) {
        const struct hv_event *e = &g->events[i];
        fprintf(f, "%s{\"cr2\":\"0x%" PRIx64 "\",\"error_code\":\"0x%x\",\"insn_len\":%u,"
                "\"type\":%u,\"vcpu\":%u,\"vector\":%u}",
                i ? "," : "", e->cr2, e->error_code, e->insn_len, e->type, e->vcpu, e->vector);
    }
    fprintf(f, "],");

    if (s->cfg.state_guest_io) {
        s->cfg.state_guest_io(s->cfg.state_ctx, f);
        fputc(',', f);
    }
    json_ioreq_servers(f, g);
    json_irqs(f, g);
    fprintf(f, "\"link_routes\":[%u,%u,%u,%u],", g->link_route[0], g->link_route[1],
            g->link_route[2], g->link_route[3]);
    fprintf(f, "\"mem_mib\":%u,", s->cfg.mem_mib);
    json_mem_types(f, g);

    fprintf(f, "\"modified_memory\":[");
    for (size_t i = 0; i < g->nr_modified; i++)
        fprintf(f, "%s{\"first_pfn\":\"0x%" PRIx64 "\",\"nr\":%" PRIu64 "}", i ? "," : "",
                g->modified[i].first_pfn, g->modified[i].nr);
    fprintf(f, "],");

    fprintf(f, "\"msis\":[");
    for (size_t i = 0; i < g->nr_msis; i++)
        fprintf(f, "%s{\"addr\":\"0x%" PRIx64 "\",\"data\":\"0x%x\"}", i ? "," : "",
                g->msis[i].addr, g->msis[i].data);
    fprintf(f, "],");

    /* Two-digit keys so that sorted order is numeric order too. */
    fprintf(f, "\"params\":{");
    const char *sep = "";
    for (unsigned i = 0; i < HV_NR_PARAMS; i++)
        if (g->params_set >> i & 1) {
            fprintf(f, "%s\"%02u\":\"0x%" PRIx64 "\"", sep, i, g->params[i]);
            sep = ",";
        }
    fprintf(f, "},");

    json_passthrough(f, &g->pt);
    fprintf(f, "\"pause_count\":%u,\"paused\":%s,", g->pause_count,
            g->pause_count ? "true" : "false");

    fprintf(f, "\"pinned_cacheattr\":[");
    for (size_t i = 0; i < g->nr_cacheattr; i++)
        fprintf(f, "%s{\"end\":\"0x%" PRIx64 "\",\"start\":\"0x%" PRIx64 "\",\"type\":%u}",
                i ? "," : "", g->cacheattr[i].end, g->cacheattr[i].start, g->cacheattr[i].type);
    fprintf(f, "],");

    fprintf(f, "\"relocated\":[");
    for (size_t i = 0; i < g->nr_relocated; i++)
        fprintf(f, "%s{\"dst_gfn\":\"0x%" PRIx64 "\",\"size\":%" PRIu64 ",\"src_gfn\":\"0x%" PRIx64 "\"}",
                i ? "," : "", g->relocated[i].dst_gfn, g->relocated[i].size,
                g->relocated[i].src_gfn);
    fprintf(f, "],");

    if (g->shutdown)
        fprintf(f, "\"shutdown\":{\"reason\":%u},", g->shutdown_reason);
    else
        fprintf(f, "\"shutdown\":null,");
    fprintf(f, "\"vcpus\":%u}\n", g->vcpus);
    int rc = fflush(f) || ferror(f) ? -EIO : 0;
    pthread_mutex_unlock(&s->lock);
    return rc;
}
