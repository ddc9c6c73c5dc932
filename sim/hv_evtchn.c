/* event_channel_op (hypercall 32) and the ports Xen allocates for itself.
 *
 * The caller is dom0.  Errnos are Xen 4.17's common/event_channel.c, which
 * no release from 4.5 on changed for these sub-ops:
 *   alloc_unbound      dom not found -ESRCH (DOMID_SELF is dom0; dom0 may
 *                      allocate in any domain); no free port -ENOSPC.
 *   bind_interdomain   remote domain not found -ESRCH; no free local port
 *                      -ENOSPC; remote port out of range, not unbound, or
 *                      unbound for someone else -EINVAL.  The new local
 *                      port is set pending at once (events sent before the
 *                      bind would be lost otherwise).
 *   bind_virq          virq >= NR_VIRQS -EINVAL; a global virq on vCPU != 0
 *                      -EINVAL; bound already -EEXIST.
 *   close, unmask      port out of range or free -EINVAL (unmask: 0 for a
 *                      free port in range, as Xen only touches the bits).
 *   send               out of range -EINVAL; unbound: nothing, 0;
 *                      interdomain: the peer pending; virq -EINVAL.
 *   status             dom not found -ESRCH; port out of range -EINVAL.
 *   reset              dom not found -ESRCH; every port but Xen's closed.
 * Not modelled: bind_pirq, bind_ipi, bind_vcpu, init_control,
 * expand_array, set_priority (-ENOSYS: no simulated caller has IPIs,
 * PIRQs or a FIFO queue).  Port 0 is never handed out, as in Xen. */
#include <errno.h>
#include <string.h>

#include "abi.h"
#include "hv_internal.h"

static struct hv_evtchn_domain *evtchn_domain(struct sim *s, uint16_t domid)
{
    if (domid == 0 || domid == HV_DOMID_SELF)
        return &s->evtchn_dom0;
    if (domid == s->guest.domid)
        return &s->evtchn_guest;
    return NULL;
}

static int port_in_range(uint32_t port)
{
    return port < HV_EVTCHN_PORTS;
}

static long free_port(struct hv_evtchn_domain *d)
{
    for (uint32_t p = 1; p < HV_EVTCHN_PORTS; p++)
        if (d->port[p].state == HV_ECS_FREE)
            return p;
    return -ENOSPC;
}

/* An event on port p of domain d: dom0's kernel gets an upcall, a port
 * Xen holds for itself runs its consumer. */
static void set_pending(struct sim *s, struct hv_evtchn_domain *d, uint32_t p)
{
    struct hv_evtchn_port *e = &d->port[p];

    if (e->consumer) {
        e->consumer(e->consumer_ctx, d->domid, p);
        return;
    }
    e->pending = true;
    if (d == &s->evtchn_dom0 && !e->masked && s->dom0_upcall) {
        e->pending = false;    /* the kernel's handler acknowledges at once */
        s->dom0_upcall(s->dom0_upcall_ctx, p);
    }
}

static void close_port(struct sim *s, struct hv_evtchn_domain *d, uint32_t p)
{
    struct hv_evtchn_port *e = &d->port[p];

    if (e->state == HV_ECS_INTERDOMAIN) {
        struct hv_evtchn_domain *r = evtchn_domain(s, e->remote_dom);

        if (r && port_in_range(e->remote_port) &&
            r->port[e->remote_port].state == HV_ECS_INTERDOMAIN) {
            /* The peer goes back to waiting for us, as Xen leaves it. */
            r->port[e->remote_port].state = HV_ECS_UNBOUND;
            r->port[e->remote_port].remote_dom = d->domid;
        }
    }
    if (e->state == HV_ECS_VIRQ && e->virq < 32)
        d->virq_port[e->virq] = 0;
    memset(e, 0, sizeof(*e));
}

static long alloc_unbound(struct sim *s, struct xs_evtchn_alloc_unbound *a)
{
    struct hv_evtchn_domain *d = evtchn_domain(s, a->dom);
    long p;

    if (!d)
        return -ESRCH;
    if ((p = free_port(d)) < 0)
        return p;
    d->port[p].state = HV_ECS_UNBOUND;
    d->port[p].remote_dom = a->remote_dom == HV_DOMID_SELF ? d->domid : a->remote_dom;
    a->port = (uint32_t)p;
    return 0;
}

static long bind_interdomain(struct sim *s, struct xs_evtchn_bind_interdomain *b)
{
    struct hv_evtchn_domain *l = &s->evtchn_dom0, *r = evtchn_domain(s, b->remote_dom);
    struct hv_evtchn_port *rp;
    long p;

    if (!r)
        return -ESRCH;
    if ((p = free_port(l)) < 0)
        return p;
    if (!port_in_range(b->remote_port))
        return -EINVAL;
    rp = &r->port[b->remote_port];
    if (rp->state != HV_ECS_UNBOUND || rp->remote_dom != l->domid)
        return -EINVAL;
    if (r == l && (uint32_t)p == b->remote_port)
        return -EINVAL;
    l->port[p] = (struct hv_evtchn_port){ .state = HV_ECS_INTERDOMAIN, .remote_dom = r->domid,
                                          .remote_port = b->remote_port };
    rp->state = HV_ECS_INTERDOMAIN;
    rp->remote_dom = l->domid;
    rp->remote_port = (uint32_t)p;
    b->local_port = (uint32_t)p;
    set_pending(s, l, (uint32_t)p);
    return 0;
}

static long bind_virq(struct sim *s, struct xs_evtchn_bind_virq *b)
{
    struct hv_evtchn_domain *d = &s->evtchn_dom0;
    long p;

    if (b->virq >= XS_NR_VIRQS)
        return -EINVAL;
    /* DOM_EXC is global: Xen takes it only on vCPU 0.  dom0 has one
     * vCPU here. */
    if (b->vcpu != 0)
        return b->virq == XS_VIRQ_DOM_EXC ? -EINVAL : -ENOENT;
    if (d->virq_port[b->virq])
        return -EEXIST;
    if ((p = free_port(d)) < 0)
        return p;
    d->port[p] = (struct hv_evtchn_port){ .state = HV_ECS_VIRQ, .virq = b->virq };
    d->virq_port[b->virq] = (uint32_t)p;
    b->port = (uint32_t)p;
    return 0;
}

static long send(struct sim *s, uint32_t p)
{
    struct hv_evtchn_domain *d = &s->evtchn_dom0, *r;
    struct hv_evtchn_port *e;

    if (!port_in_range(p))
        return -EINVAL;
    e = &d->port[p];
    switch (e->state) {
    case HV_ECS_UNBOUND:
        return 0;
    case HV_ECS_INTERDOMAIN:
        r = evtchn_domain(s, e->remote_dom);
        if (r)
            set_pending(s, r, e->remote_port);
        return 0;
    default:
        return -EINVAL;
    }
}

static long status(struct sim *s, struct xs_evtchn_status *st)
{
    struct hv_evtchn_domain *d = evtchn_domain(s, st->dom);
    struct hv_evtchn_port *e;

    if (!d)
        return -ESRCH;
    if (!port_in_range(st->port))
        return -EINVAL;
    e = &d->port[st->port];
    memset(&st->u, 0, sizeof(st->u));
    st->vcpu = 0;
    switch (e->state) {
    case HV_ECS_UNBOUND:
        st->status = XS_EVTCHNSTAT_unbound;
        st->u.unbound.dom = e->remote_dom;
        break;
    case HV_ECS_INTERDOMAIN:
        st->status = XS_EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = e->remote_dom;
        st->u.interdomain.port = e->remote_port;
        break;
    case HV_ECS_VIRQ:
        st->status = XS_EVTCHNSTAT_virq;
        st->u.virq = e->virq;
        break;
    case HV_ECS_RESERVED:
    default:
        st->status = XS_EVTCHNSTAT_closed;
        break;
    }
    return 0;
}

static long reset(struct sim *s, uint16_t domid)
{
    struct hv_evtchn_domain *d = evtchn_domain(s, domid);

    if (!d)
        return -ESRCH;
    for (uint32_t p = 1; p < HV_EVTCHN_PORTS; p++)
        if (d->port[p].state != HV_ECS_FREE && !d->port[p].consumer &&
            d->port[p].state != HV_ECS_RESERVED)
            close_port(s, d, p);
    return 0;
}

static const char *evtchnop_name(uint64_t cmd)
{
    switch (cmd) {
    case XS_EVTCHNOP_bind_interdomain: return "bind_interdomain";
    case XS_EVTCHNOP_bind_virq:        return "bind_virq";
    case XS_EVTCHNOP_close:            return "close";
    case XS_EVTCHNOP_send:             return "send";
    case XS_EVTCHNOP_status:           return "status";
    case XS_EVTCHNOP_alloc_unbound:    return "alloc_unbound";
    case XS_EVTCHNOP_unmask:           return "unmask";
    case XS_EVTCHNOP_reset:            return "reset";
    }
    return NULL;
}

/* One sub-op: its struct is copied in, changed, and copied back out, as
 * Xen's do_event_channel_op does for the ops with OUT fields. */
long hv_event_channel_op(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg)
{
    union {
        struct xs_evtchn_alloc_unbound alloc;
        struct xs_evtchn_bind_interdomain inter;
        struct xs_evtchn_bind_virq virq;
        struct xs_evtchn_port_arg port;
        struct xs_evtchn_status status;
        xs_domid_t dom;
    } u;
    size_t size;
    long r;

    hv_trace_note(s, evtchnop_name(cmd), -1);
    switch (cmd) {
    case XS_EVTCHNOP_alloc_unbound:    size = sizeof(u.alloc); break;
    case XS_EVTCHNOP_bind_interdomain: size = sizeof(u.inter); break;
    case XS_EVTCHNOP_bind_virq:        size = sizeof(u.virq); break;
    case XS_EVTCHNOP_status:           size = sizeof(u.status); break;
    case XS_EVTCHNOP_reset:            size = sizeof(u.dom); break;
    case XS_EVTCHNOP_close: case XS_EVTCHNOP_send: case XS_EVTCHNOP_unmask:
        size = sizeof(u.port);
        break;
    default:
        return -ENOSYS;
    }
    if (hv_copy_from(c, &u, arg, size))
        return -EFAULT;
    switch (cmd) {
    case XS_EVTCHNOP_alloc_unbound:
        hv_trace_note(s, "alloc_unbound", u.alloc.dom);
        r = alloc_unbound(s, &u.alloc);
        break;
    case XS_EVTCHNOP_bind_interdomain:
        hv_trace_note(s, "bind_interdomain", u.inter.remote_dom);
        r = bind_interdomain(s, &u.inter);
        break;
    case XS_EVTCHNOP_bind_virq:
        r = bind_virq(s, &u.virq);
        break;
    case XS_EVTCHNOP_status:
        r = status(s, &u.status);
        break;
    case XS_EVTCHNOP_reset:
        return reset(s, u.dom);
    case XS_EVTCHNOP_close:
        if (!port_in_range(u.port.port) || s->evtchn_dom0.port[u.port.port].state == HV_ECS_FREE ||
            s->evtchn_dom0.port[u.port.port].state == HV_ECS_RESERVED)
            return -EINVAL;
        close_port(s, &s->evtchn_dom0, u.port.port);
        return 0;
    case XS_EVTCHNOP_send:
        return send(s, u.port.port);
    default: /* unmask */
        if (!port_in_range(u.port.port))
            return -EINVAL;
        s->evtchn_dom0.port[u.port.port].masked = false;
        if (s->evtchn_dom0.port[u.port.port].pending)
            set_pending(s, &s->evtchn_dom0, u.port.port);
        return 0;
    }
    if (r == 0 && hv_copy_to(c, arg, &u, size))
        return -EFAULT;
    return r;
}

long hv_evtchn_alloc_xen_port(struct sim *s, uint16_t domid, uint16_t remote_dom,
                              hv_xen_consumer *consumer, void *ctx)
{
    struct hv_evtchn_domain *d = evtchn_domain(s, domid);
    long p;

    if (!d)
        return -ESRCH;
    if ((p = free_port(d)) < 0)
        return p;
    d->port[p] = (struct hv_evtchn_port){ .state = HV_ECS_UNBOUND, .remote_dom = remote_dom,
                                          .consumer = consumer, .consumer_ctx = ctx };
    return p;
}

void hv_evtchn_free_xen_port(struct sim *s, uint16_t domid, uint32_t port)
{
    struct hv_evtchn_domain *d = evtchn_domain(s, domid);

    if (d && port_in_range(port) && port)
        close_port(s, d, port);
}

void hv_evtchn_notify_xen_port(struct sim *s, uint16_t domid, uint32_t port)
{
    struct hv_evtchn_domain *d = evtchn_domain(s, domid), *r;
    struct hv_evtchn_port *e;

    if (!d || !port_in_range(port))
        return;
    e = &d->port[port];
    if (e->state == HV_ECS_INTERDOMAIN && (r = evtchn_domain(s, e->remote_dom)))
        set_pending(s, r, e->remote_port);
}

void hv_evtchn_send_virq(struct sim *s, uint32_t virq)
{
    uint32_t p = virq < 32 ? s->evtchn_dom0.virq_port[virq] : 0;

    if (p)
        set_pending(s, &s->evtchn_dom0, p);
}

void hv_evtchn_init(struct sim *s)
{
    s->evtchn_dom0.domid = 0;
    s->evtchn_guest.domid = s->guest.domid;
}

/* ---- the dom0 kernel's side (sim.h) ---- */

void sim_set_dom0_upcall(struct sim *s, void (*fn)(void *ctx, uint32_t port), void *ctx)
{
    pthread_mutex_lock(&s->lock);
    s->dom0_upcall = fn;
    s->dom0_upcall_ctx = ctx;
    pthread_mutex_unlock(&s->lock);
}

long sim_dom0_alloc_unbound(struct sim *s, uint16_t remote_dom)
{
    struct xs_evtchn_alloc_unbound a = { .dom = 0, .remote_dom = remote_dom };
    long r;

    pthread_mutex_lock(&s->lock);
    r = alloc_unbound(s, &a);
    pthread_mutex_unlock(&s->lock);
    return r ? r : (long)a.port;
}
