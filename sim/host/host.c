/* The simulated host's dom0 kernel devices (host.h): one dispatcher for
 * the FUSE front, and the kernel's own hypercalls. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "host.h"

#define XSD_KVA_SIZE 4096

struct sim_host {
    struct sim *sim;
    struct evtchn_dev *evtchn;
    long xsd_port;                 /* dom0's xenstore port, unbound for dom0 */
    pthread_mutex_t lock;          /* kva */
    unsigned char kva[XSD_KVA_SIZE];
};

/* Kernel memory is ours: copies are plain. */
static int kernel_read(struct sim_caller *c, void *dst, uint64_t addr, size_t len)
{
    (void)c;
    memcpy(dst, (const void *)(uintptr_t)addr, len);
    return 0;
}

static int kernel_write(struct sim_caller *c, uint64_t addr, const void *src, size_t len)
{
    (void)c;
    memcpy((void *)(uintptr_t)addr, src, len);
    return 0;
}

long host_hypercall(struct sim *s, uint64_t op, uint64_t a0, void *a1)
{
    struct sim_caller k = { .pid = 0, .read = kernel_read, .write = kernel_write };
    uint64_t arg[5] = { a0, (uintptr_t)a1, 0, 0, 0 };

    return sim_hypercall(s, &k, op, arg);
}

struct sim_host *sim_host_create(struct sim *s, char *err, size_t errlen)
{
    struct sim_host *h = calloc(1, sizeof(*h));

    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    h->sim = s;
    pthread_mutex_init(&h->lock, NULL);
    h->evtchn = evtchn_dev_create(s);
    /* As dom0's kernel does at boot for its xenbus: a port xenstored
     * binds to from dom0. */
    h->xsd_port = sim_dom0_alloc_unbound(s, 0);
    if (!h->evtchn || h->xsd_port < 0) {
        snprintf(err, errlen, "dom0 event channels: %s",
                 strerror(h->xsd_port < 0 ? (int)-h->xsd_port : ENOMEM));
        sim_host_destroy(h);
        return NULL;
    }
    return h;
}

void sim_host_destroy(struct sim_host *h)
{
    if (!h)
        return;
    evtchn_dev_destroy(h->evtchn);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

struct sim *sim_host_sim(struct sim_host *h)
{
    return h->sim;
}

void sim_host_set_session(struct sim_host *h, struct fuse_session *se)
{
    evtchn_dev_set_session(h->evtchn, se);
}

size_t sim_host_node_size(enum sim_host_node n)
{
    return n == HOST_NODE_XSD_KVA ? XSD_KVA_SIZE : 0;
}

void sim_host_open(struct sim_host *h, enum sim_host_node n, fuse_req_t req,
                   struct fuse_file_info *fi)
{
    switch (n) {
    case HOST_NODE_EVTCHN:
        evtchn_dev_open(h->evtchn, req, fi);
        return;
    case HOST_NODE_XSD_KVA:
        /* Through the page cache, so that xenstored can map it shared. */
        fi->keep_cache = 1;
        fuse_reply_open(req, fi);
        return;
    default:
        fi->direct_io = 1;
        fuse_reply_open(req, fi);
        return;
    }
}

void sim_host_release(struct sim_host *h, enum sim_host_node n, fuse_req_t req,
                      struct fuse_file_info *fi)
{
    if (n == HOST_NODE_EVTCHN)
        evtchn_dev_release(h->evtchn, fi);
    fuse_reply_err(req, 0);
}

static void reply_text(fuse_req_t req, const char *text, size_t size, off_t off)
{
    size_t len = strlen(text);

    if ((size_t)off >= len)
        fuse_reply_buf(req, NULL, 0);
    else
        fuse_reply_buf(req, text + off, len - (size_t)off < size ? len - (size_t)off : size);
}

void sim_host_read(struct sim_host *h, enum sim_host_node n, fuse_req_t req, size_t size,
                   off_t off, struct fuse_file_info *fi)
{
    char text[32];

    switch (n) {
    case HOST_NODE_EVTCHN:
        evtchn_dev_read(h->evtchn, req, size, fi);
        return;
    case HOST_NODE_CAPABILITIES:
        reply_text(req, "control_d\n", size, off);
        return;
    case HOST_NODE_XSD_PORT:
        snprintf(text, sizeof(text), "%ld", h->xsd_port);
        reply_text(req, text, size, off);
        return;
    case HOST_NODE_XSD_KVA:
        pthread_mutex_lock(&h->lock);
        if ((size_t)off >= XSD_KVA_SIZE)
            fuse_reply_buf(req, NULL, 0);
        else
            fuse_reply_buf(req, (const char *)h->kva + off,
                           XSD_KVA_SIZE - (size_t)off < size ? XSD_KVA_SIZE - (size_t)off : size);
        pthread_mutex_unlock(&h->lock);
        return;
    default:
        fuse_reply_err(req, EINVAL);
        return;
    }
}

void sim_host_write(struct sim_host *h, enum sim_host_node n, fuse_req_t req, const char *buf,
                    size_t size, off_t off, struct fuse_file_info *fi)
{
    switch (n) {
    case HOST_NODE_EVTCHN:
        evtchn_dev_write(h->evtchn, req, buf, size, fi);
        return;
    case HOST_NODE_XSD_KVA:
        if (off < 0 || (size_t)off >= XSD_KVA_SIZE) {
            fuse_reply_err(req, ENOSPC);
            return;
        }
        if (size > XSD_KVA_SIZE - (size_t)off)
            size = XSD_KVA_SIZE - (size_t)off;
        pthread_mutex_lock(&h->lock);
        memcpy(h->kva + off, buf, size);
        pthread_mutex_unlock(&h->lock);
        fuse_reply_write(req, size);
        return;
    default:
        fuse_reply_err(req, EINVAL);
        return;
    }
}

long sim_host_ioctl(struct sim_host *h, enum sim_host_node n, struct fuse_file_info *fi,
                    pid_t tid, unsigned cmd, uint64_t arg)
{
    struct sim_caller c;

    sim_caller_init_pid(&c, tid);
    switch (n) {
    case HOST_NODE_EVTCHN:
        return evtchn_dev_ioctl(h->evtchn, fi, &c, cmd, arg);
    case HOST_NODE_GNTDEV:
        return gntdev_ioctl(&c, cmd, arg);
    case HOST_NODE_HYPERCALL:
        return hcall_dev_ioctl(&c, cmd, arg);
    default:
        return -ENOTTY;
    }
}

void sim_host_poll(struct sim_host *h, enum sim_host_node n, fuse_req_t req,
                   struct fuse_file_info *fi, struct fuse_pollhandle *ph)
{
    if (n == HOST_NODE_EVTCHN) {
        evtchn_dev_poll(h->evtchn, req, fi, ph);
        return;
    }
    if (ph)
        fuse_pollhandle_destroy(ph);
    fuse_reply_poll(req, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}
