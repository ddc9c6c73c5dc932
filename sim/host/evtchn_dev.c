/* /dev/xen/evtchn as Linux's drivers/xen/evtchn.c serves it to user space.
 *
 * Each open file holds the dom0 ports it bound.  An event on one of them
 * disables the port (Linux disables its irq) and queues it in the file's
 * ring; read() hands out queued ports, write() of ports re-enables them,
 * poll() says whether the ring holds any.  Ioctls, in Linux's order of
 * checks:
 *   BIND_VIRQ, BIND_UNBOUND_PORT   a restricted file -EACCES
 *   BIND_INTERDOMAIN               restricted to another domain -EACCES
 *   UNBIND                         port >= the ABI's channels -EINVAL, a
 *                                  port this file did not bind -ENOTCONN
 *   NOTIFY                         a port this file did not bind -ENOTCONN
 *   RESET                          empties the ring, 0
 *   RESTRICT_DOMID                 restricted already -EACCES, domid 0 or
 *                                  reserved -EINVAL
 *   anything else                  -ENOSYS
 * then the hypercall's own errno.  read(): fewer than 4 bytes 0, an
 * overflowed ring -EFBIG, nothing queued -EAGAIN with O_NONBLOCK, else it
 * waits (a signal ends the wait with EINTR).
 *
 * Locks: the hypervisor calls upcall() with its lock held, so nothing here
 * calls the hypervisor while holding d->lock. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "host.h"
#include "hv_evtchn.h"
#include "privcmd.h"

#define EVTCHN_ABI_CHANNELS (1u << 17) /* xen_evtchn_nr_channels() with the FIFO ABI, which
                                         * Linux takes on every Xen from 4.4 */
#define RESTRICT_NONE 0xffffu          /* Linux's UNRESTRICTED_DOMID */
#define RING_SIZE HV_EVTCHN_PORTS      /* a port is queued at most once: never overflows */

struct waiting_read {
    fuse_req_t req;
    size_t size;
    struct waiting_read *next;
};

struct evtchn_file {
    struct evtchn_dev *dev;
    uint16_t restrict_domid;
    uint32_t ring[RING_SIZE];
    unsigned prod, cons;
    bool overflow;
    struct waiting_read *readers;
    struct fuse_pollhandle *ph;
};

struct evtchn_dev {
    struct sim *sim;
    struct fuse_session *se;
    pthread_mutex_t lock;
    struct evtchn_file *owner[HV_EVTCHN_PORTS];
    bool enabled[HV_EVTCHN_PORTS];
    bool fired[HV_EVTCHN_PORTS];       /* an event while disabled or before binding */
};

static struct evtchn_file *file_of(struct fuse_file_info *fi)
{
    return (struct evtchn_file *)(uintptr_t)fi->fh;
}

static unsigned ring_used(const struct evtchn_file *f)
{
    return f->prod - f->cons;
}

/* Hand queued ports to waiting readers; wake pollers.  d->lock held. */
static void wake(struct evtchn_file *f)
{
    while (f->readers && ring_used(f)) {
        struct waiting_read *w = f->readers;
        uint32_t out[RING_SIZE];
        unsigned n = 0, max = (unsigned)(w->size / sizeof(uint32_t));

        while (n < max && ring_used(f))
            out[n++] = f->ring[f->cons++ % RING_SIZE];
        f->readers = w->next;
        fuse_reply_buf(w->req, (const char *)out, n * sizeof(uint32_t));
        free(w);
    }
    if (f->ph && ring_used(f)) {
        fuse_lowlevel_notify_poll(f->ph);
        fuse_pollhandle_destroy(f->ph);
        f->ph = NULL;
    }
}

static void queue_port(struct evtchn_file *f, uint32_t port)
{
    if (ring_used(f) == RING_SIZE) {
        f->overflow = true;
        return;
    }
    f->ring[f->prod++ % RING_SIZE] = port;
    wake(f);
}

/* d->lock held: an event on port p, delivered now or remembered. */
static void fire(struct evtchn_dev *d, uint32_t p)
{
    struct evtchn_file *f = d->owner[p];

    if (!f || !d->enabled[p]) {
        d->fired[p] = true;
        return;
    }
    d->enabled[p] = false;
    queue_port(f, p);
}

static void upcall(void *ctx, uint32_t port)
{
    struct evtchn_dev *d = ctx;

    if (port >= HV_EVTCHN_PORTS)
        return;
    pthread_mutex_lock(&d->lock);
    fire(d, port);
    pthread_mutex_unlock(&d->lock);
}

struct evtchn_dev *evtchn_dev_create(struct sim *s)
{
    struct evtchn_dev *d = calloc(1, sizeof(*d));

    if (!d)
        return NULL;
    d->sim = s;
    pthread_mutex_init(&d->lock, NULL);
    sim_set_dom0_upcall(s, upcall, d);
    return d;
}

void evtchn_dev_destroy(struct evtchn_dev *d)
{
    if (!d)
        return;
    sim_set_dom0_upcall(d->sim, NULL, NULL);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

void evtchn_dev_set_session(struct evtchn_dev *d, struct fuse_session *se)
{
    d->se = se;
}

void evtchn_dev_open(struct evtchn_dev *d, fuse_req_t req, struct fuse_file_info *fi)
{
    struct evtchn_file *f = calloc(1, sizeof(*f));

    if (!f) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    f->dev = d;
    f->restrict_domid = RESTRICT_NONE;
    fi->fh = (uintptr_t)f;
    fi->direct_io = 1;
    fi->nonseekable = 1;
    fuse_reply_open(req, fi);
}

/* The port is ours now: an event that came first is delivered. */
static void bind_to_file(struct evtchn_dev *d, struct evtchn_file *f, uint32_t port)
{
    pthread_mutex_lock(&d->lock);
    d->owner[port] = f;
    d->enabled[port] = true;
    if (d->fired[port]) {
        d->fired[port] = false;
        fire(d, port);
    }
    pthread_mutex_unlock(&d->lock);
}

static void close_port(struct evtchn_dev *d, uint32_t port)
{
    struct xs_evtchn_port_arg a = { port };

    pthread_mutex_lock(&d->lock);
    d->owner[port] = NULL;
    d->enabled[port] = false;
    d->fired[port] = false;
    pthread_mutex_unlock(&d->lock);
    host_hypercall(d->sim, XS_HYPERVISOR_event_channel_op, XS_EVTCHNOP_close, &a);
}

void evtchn_dev_release(struct evtchn_dev *d, struct fuse_file_info *fi)
{
    struct evtchn_file *f = file_of(fi);

    for (uint32_t p = 1; p < HV_EVTCHN_PORTS; p++)
        if (d->owner[p] == f)
            close_port(d, p);
    pthread_mutex_lock(&d->lock);
    while (f->readers) {
        struct waiting_read *w = f->readers;
        f->readers = w->next;
        fuse_reply_err(w->req, EBADF);
        free(w);
    }
    if (f->ph)
        fuse_pollhandle_destroy(f->ph);
    pthread_mutex_unlock(&d->lock);
    free(f);
}

static void read_interrupted(fuse_req_t req, void *ctx)
{
    struct evtchn_file *f = ctx;
    struct evtchn_dev *d = f->dev;

    pthread_mutex_lock(&d->lock);
    for (struct waiting_read **w = &f->readers; *w; w = &(*w)->next)
        if ((*w)->req == req) {
            struct waiting_read *gone = *w;
            *w = gone->next;
            fuse_reply_err(req, EINTR);
            free(gone);
            break;
        }
    pthread_mutex_unlock(&d->lock);
}

void evtchn_dev_read(struct evtchn_dev *d, fuse_req_t req, size_t size, struct fuse_file_info *fi)
{
    struct evtchn_file *f = file_of(fi);
    struct waiting_read *w, **tail;

    size &= ~(sizeof(uint32_t) - 1);
    if (size == 0) {
        fuse_reply_buf(req, NULL, 0);
        return;
    }
    if (size > 4096)
        size = 4096;
    w = calloc(1, sizeof(*w));
    if (!w) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    w->req = req;
    w->size = size;
    fuse_req_interrupt_func(req, read_interrupted, f);
    pthread_mutex_lock(&d->lock);
    if (f->overflow) {
        free(w);
        fuse_reply_err(req, EFBIG);
    } else if (!ring_used(f) && (fi->flags & O_NONBLOCK)) {
        free(w);
        fuse_reply_err(req, EAGAIN);
    } else if (!ring_used(f) && fuse_req_interrupted(req)) {
        free(w);
        fuse_reply_err(req, EINTR);
    } else {
        for (tail = &f->readers; *tail; tail = &(*tail)->next)
            ;
        *tail = w;
        wake(f);
    }
    pthread_mutex_unlock(&d->lock);
}

void evtchn_dev_write(struct evtchn_dev *d, fuse_req_t req, const char *buf, size_t size,
                      struct fuse_file_info *fi)
{
    struct evtchn_file *f = file_of(fi);
    size_t n;

    size &= ~(sizeof(uint32_t) - 1);
    if (size > 4096)
        size = 4096;
    n = size / sizeof(uint32_t);
    pthread_mutex_lock(&d->lock);
    for (size_t i = 0; i < n; i++) {
        uint32_t p;

        memcpy(&p, buf + i * sizeof(p), sizeof(p));
        if (p < HV_EVTCHN_PORTS && d->owner[p] == f && !d->enabled[p]) {
            d->enabled[p] = true;
            if (d->fired[p]) {
                d->fired[p] = false;
                fire(d, p);
            }
        }
    }
    pthread_mutex_unlock(&d->lock);
    fuse_reply_write(req, size);
}

void evtchn_dev_poll(struct evtchn_dev *d, fuse_req_t req, struct fuse_file_info *fi,
                     struct fuse_pollhandle *ph)
{
    struct evtchn_file *f = file_of(fi);
    unsigned mask = POLLOUT | POLLWRNORM;

    pthread_mutex_lock(&d->lock);
    if (ring_used(f))
        mask |= POLLIN | POLLRDNORM;
    if (f->overflow)
        mask = POLLERR;
    if (ph) {
        if (f->ph)
            fuse_pollhandle_destroy(f->ph);
        f->ph = ph;
        if (mask & (POLLIN | POLLERR)) {
            fuse_pollhandle_destroy(f->ph);
            f->ph = NULL;
        }
    }
    pthread_mutex_unlock(&d->lock);
    fuse_reply_poll(req, mask);
}

static bool owns(struct evtchn_dev *d, struct evtchn_file *f, uint32_t port)
{
    bool r;

    pthread_mutex_lock(&d->lock);
    r = port < HV_EVTCHN_PORTS && d->owner[port] == f;
    pthread_mutex_unlock(&d->lock);
    return r;
}

long evtchn_dev_ioctl(struct evtchn_dev *d, struct fuse_file_info *fi, struct sim_caller *c,
                      unsigned cmd, uint64_t arg)
{
    struct evtchn_file *f = file_of(fi);
    uint32_t one;
    long r;

    switch (cmd) {
    case XS_IOCTL_EVTCHN_BIND_VIRQ: {
        struct xs_evtchn_bind_virq b = { 0 };

        if (f->restrict_domid != RESTRICT_NONE)
            return -EACCES;
        if (c->read(c, &one, arg, sizeof(one)))
            return -EFAULT;
        b.virq = one;
        r = host_hypercall(d->sim, XS_HYPERVISOR_event_channel_op, XS_EVTCHNOP_bind_virq, &b);
        if (r)
            return r;
        bind_to_file(d, f, b.port);
        return b.port;
    }
    case XS_IOCTL_EVTCHN_BIND_INTERDOMAIN: {
        struct xs_ioctl_evtchn_bind_interdomain in;
        struct xs_evtchn_bind_interdomain b = { 0 };

        if (c->read(c, &in, arg, sizeof(in)))
            return -EFAULT;
        if (f->restrict_domid != RESTRICT_NONE && f->restrict_domid != in.remote_domain)
            return -EACCES;
        b.remote_dom = (uint16_t)in.remote_domain;
        b.remote_port = in.remote_port;
        r = host_hypercall(d->sim, XS_HYPERVISOR_event_channel_op, XS_EVTCHNOP_bind_interdomain, &b);
        if (r)
            return r;
        bind_to_file(d, f, b.local_port);
        return b.local_port;
    }
    case XS_IOCTL_EVTCHN_BIND_UNBOUND_PORT: {
        struct xs_evtchn_alloc_unbound a = { .dom = 0x7ff0 /* DOMID_SELF */ };

        if (f->restrict_domid != RESTRICT_NONE)
            return -EACCES;
        if (c->read(c, &one, arg, sizeof(one)))
            return -EFAULT;
        a.remote_dom = (uint16_t)one;
        r = host_hypercall(d->sim, XS_HYPERVISOR_event_channel_op, XS_EVTCHNOP_alloc_unbound, &a);
        if (r)
            return r;
        bind_to_file(d, f, a.port);
        return a.port;
    }
    case XS_IOCTL_EVTCHN_UNBIND:
        if (c->read(c, &one, arg, sizeof(one)))
            return -EFAULT;
        if (one >= EVTCHN_ABI_CHANNELS)
            return -EINVAL;
        if (!owns(d, f, one))
            return -ENOTCONN;
        close_port(d, one);
        return 0;
    case XS_IOCTL_EVTCHN_NOTIFY: {
        struct xs_evtchn_port_arg a;

        /* No range check here, unlike UNBIND (Linux 6.1; seen on real
         * Xen by suite_80): any port not ours is -ENOTCONN. */
        if (c->read(c, &one, arg, sizeof(one)))
            return -EFAULT;
        if (!owns(d, f, one))
            return -ENOTCONN;
        a.port = one;
        host_hypercall(d->sim, XS_HYPERVISOR_event_channel_op, XS_EVTCHNOP_send, &a);
        return 0;
    }
    case XS_IOCTL_EVTCHN_RESET:
        pthread_mutex_lock(&d->lock);
        f->prod = f->cons = 0;
        f->overflow = false;
        pthread_mutex_unlock(&d->lock);
        return 0;
    case XS_IOCTL_EVTCHN_RESTRICT_DOMID: {
        uint16_t dom;

        if (f->restrict_domid != RESTRICT_NONE)
            return -EACCES;
        if (c->read(c, &dom, arg, sizeof(dom)))
            return -EFAULT;
        if (dom == 0 || dom >= XS_DOMID_FIRST_RESERVED)
            return -EINVAL;
        f->restrict_domid = dom;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
