/* Inside the simulated hypervisor: what hv.c shares with the decoders
 * (hv_hvmop.c, hv_dmop.c, hv_hvmctl.c) and the domctl/sysctl/misc
 * handlers.  Decoders turn a release's raw ABI into calls on the guest
 * model (hv_guest.h); they never lock: hv.c holds s->lock around every
 * hypercall and around sim_dm_op. */
#ifndef XENSHIM_HV_INTERNAL_H
#define XENSHIM_HV_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "sim.h"
#include "hv_guest.h"
#include "hv_evtchn.h"

/* vCPU 0's accesses (hv_io.c): Xen's own devices and the ioreq in flight. */
struct hv_vcpu_io {
    uint8_t pic_imr[2];
    uint8_t cmos_index, cmos[128];
    uint8_t ioapic_index;
    uint32_t pci_cf8;
    uint32_t waiting_port;          /* 0: no ioreq in flight */
    bool answered;
    bool cancelled;
    pthread_cond_t cond;            /* with s->lock */
};

struct sim {
    const struct xs_release *rel;
    struct hv_vcpu_io vcpu_io;
    struct sim_config cfg;
    pthread_mutex_t lock;
    struct hv_guest guest;      /* the one HVM guest; dom0 is the caller */
    /* What the trace line of the current hypercall says beyond the op:
     * set by decoders with hv_trace_note(), reset before each call. */
    const char *trace_subop;
    int trace_domid;            /* -1 = none */
    struct hv_evtchn_domain evtchn_dom0, evtchn_guest;
    /* dom0's kernel: told of each event on a dom0 port (hv_evtchn.c). */
    void (*dom0_upcall)(void *ctx, uint32_t port);
    void *dom0_upcall_ctx;
    /* The guest's memory: one sparse file, gfn N at page N, made on first
     * use (sim_guest_memory_fd), so what the device model maps and what
     * the hypervisor writes are the same pages. */
    int mem_fd;
    uint8_t *mem;
    /* The vCPUs' ioreq ports: Xen's consumer of what the device model
     * sends back (hv_io.c sets it while an ioreq is in flight). */
    hv_xen_consumer *ioreq_done;
    void *ioreq_done_ctx;
    /* Preemption (sim_config.preempt_every): checks made, continuations
     * taken, and the first argument a continuation is issued with when
     * the release encodes its progress there (4.5-4.8 hvm_op). */
    unsigned long preempt_checks, continuations;
    bool cont_arg0_set;
    uint64_t cont_arg0;
};

/* Xen's -ERESTART: a handler that returns it was preempted, its progress
 * saved where that release saves it (the caller's struct, or the first
 * argument via hv_continue_with); the call is then issued again. */
#define HV_ERESTART 85
/* hypercall_preempt_check(). */
bool hv_preempt_check(struct sim *s);
/* The continuation's first argument (hypercall_create_continuation with
 * a changed op, as do_hvm_op's "op | start_iter"). */
void hv_continue_with(struct sim *s, uint64_t arg0);

/* The trace line of the current hypercall names this sub-op and domid
 * (domid < 0: none). */
static inline void hv_trace_note(struct sim *s, const char *subop, int domid)
{
    s->trace_subop = subop;
    s->trace_domid = domid;
}

/* Copy helpers over the caller's memory: 0 or -EFAULT. */
static inline int hv_copy_from(struct sim_caller *c, void *dst, uint64_t addr, size_t len)
{
    return len ? c->read(c, dst, addr, len) : 0;
}
static inline int hv_copy_to(struct sim_caller *c, uint64_t addr, const void *src, size_t len)
{
    return len ? c->write(c, addr, src, len) : 0;
}

/* Entry points, each called with s->lock held.
 * hv_hvm_op: hypercall 34 (op = arg[0] as the caller passed it, arg = arg[1]).
 * hv_dm_op: dm_op proper; only called on releases with dm_op, with the
 *   buffer array already in simulator memory (nr may be 0).
 * hv_hvmctl: hypercall 41 on a release with hvmctl (arg = arg[0]). */
long hv_hvm_op(struct sim *s, struct sim_caller *c, uint64_t op, uint64_t arg);
long hv_dm_op(struct sim *s, struct sim_caller *c, uint16_t domid, unsigned nr,
              const struct sim_dm_op_buf *bufs);
long hv_hvmctl(struct sim *s, struct sim_caller *c, uint64_t arg);

/* hv_domctl.c, hv_misc.c, hv_memory.c */
long hv_domctl(struct sim *s, struct sim_caller *c, uint64_t arg);
long hv_sysctl(struct sim *s, struct sim_caller *c, uint64_t arg);
/* hv_domctl.c's part of hv_sysctl (hv_sysctl.c): fills op's list. */
struct xs_sysctl;
long hv_getdomaininfolist(struct sim *s, struct sim_caller *c, struct xs_sysctl *op);
/* The frames the guest holds, as getdomaininfo's tot_pages counts them. */
uint64_t hv_guest_tot_pages(const struct hv_guest *g);
/* The simulated host's CPUs (physinfo, affinities): one pCPU. */
#define HV_HOST_NR_CPUS 1
/* Every pCPU's bit (all) or none into a caller's xenctl_bitmap
 * (hv_sysctl.c): 0 or -EFAULT. */
struct xs_xenctl_bitmap;
int hv_put_cpu_bitmap(struct sim_caller *c, const struct xs_xenctl_bitmap *b, bool all);
long hv_xen_version(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg);
long hv_sched_op(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg);
long hv_memory_op(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg);

/* hv_evtchn.c: hypercall 32 for dom0, and the ports Xen keeps for itself
 * (an ioreq server's: a guest port dom0 binds to, whose events run
 * consumer).  Ports or -errno. */
/* hv_resource.c: memory_op acquire_resource, and the frames behind it. */
long hv_acquire_resource(struct sim *s, struct sim_caller *c, uint64_t start, uint64_t arg);
/* Guest memory page of gfn, or NULL before the memory exists. */
void *hv_guest_page(struct sim *s, uint64_t gfn);

long hv_event_channel_op(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg);
void hv_evtchn_init(struct sim *s);
long hv_evtchn_alloc_xen_port(struct sim *s, uint16_t domid, uint16_t remote_dom,
                              hv_xen_consumer *consumer, void *ctx);
void hv_evtchn_free_xen_port(struct sim *s, uint16_t domid, uint32_t port);
/* Xen's notify_via_xen_event_channel: the peer of a Xen port fires. */
void hv_evtchn_notify_xen_port(struct sim *s, uint16_t domid, uint32_t port);
void hv_evtchn_send_virq(struct sim *s, uint32_t virq);
void hv_vcpu_io_init(struct sim *s);

/* dom0, the caller, is a PV domain the simulator does not model beyond
 * what getdomaininfo and memory_op report: 512 MiB. */
#define HV_DOM0_PAGES (512u << (20 - HV_PAGE_SHIFT))

/* Domain lookup as Xen's rcu_lock_*_domain_by_id does it.
 * hv_lookup_remote: for ops a domain may not issue on itself (all DM ops):
 *   the guest -> 0 and *g set; the caller (dom0 or DOMID_SELF) -> -EPERM;
 *   anything else -> -ESRCH.  Xen's rcu_lock_remote_domain_by_id does not
 *   resolve DOMID_SELF (-ESRCH): decoders of real releases check that
 *   first; hvmctl1's reconstruction wants -EPERM, as here.
 * hv_lookup_any: for ops a domain may issue on itself (get/set_param):
 *   the guest -> 0 and *g set; the caller -> 0 and *g = NULL (dom0 is PV,
 *   so an HVM-only op then fails with -EINVAL); else -ESRCH. */
#define HV_DOMID_SELF 0x7ff0u
int hv_lookup_remote(struct sim *s, uint16_t domid, struct hv_guest **g);
int hv_lookup_any(struct sim *s, uint16_t domid, struct hv_guest **g);

#endif
