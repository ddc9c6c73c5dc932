/* /dev/xen/evtchn (sim/host/evtchn_dev.c) and the hypervisor's event
 * channels behind it: two open files, a sequence of ioctls, writes
 * (unmasks), non-blocking reads and polls.  FUSE's replies are stubs here.
 * Input: release byte, then 8-byte records:
 *   file byte (bit 0: which file), kind byte (0-3: ioctl, write, read,
 *   poll; 4+: dom0 sends on a port), command byte (ioctl: the
 *   request number's low byte, 0x00-0x06 being Linux's), pad, u32 arg. */
#include <fcntl.h>

#include "fuzz_caller.h"
#include "host.h"
#include "privcmd.h"

/* FUSE replies go nowhere: the harness checks for crashes and leaks. */
int fuse_reply_err(fuse_req_t req, int err) { (void)req; (void)err; return 0; }
int fuse_reply_open(fuse_req_t req, const struct fuse_file_info *fi) { (void)req; (void)fi; return 0; }
int fuse_reply_buf(fuse_req_t req, const char *buf, size_t size)
{
    (void)req;
    (void)buf;
    (void)size;
    return 0;
}
int fuse_reply_write(fuse_req_t req, size_t count) { (void)req; (void)count; return 0; }
int fuse_reply_poll(fuse_req_t req, unsigned revents) { (void)req; (void)revents; return 0; }
void fuse_pollhandle_destroy(struct fuse_pollhandle *ph) { (void)ph; }
int fuse_lowlevel_notify_poll(struct fuse_pollhandle *ph) { (void)ph; return 0; }
int fuse_req_interrupted(fuse_req_t req) { (void)req; return 1; }
void fuse_req_interrupt_func(fuse_req_t req, fuse_interrupt_func_t func, void *data)
{
    (void)req;
    (void)func;
    (void)data;
}

/* The kernel's own hypercalls: arguments in its (our) memory. */
long host_hypercall(struct sim *s, uint64_t op, uint64_t a0, void *a1)
{
    struct sim_caller k = { 0, fuzz_read, fuzz_write, NULL, NULL };
    uint64_t arg[5] = { a0, (uintptr_t)a1, 0, 0, 0 };

    return sim_hypercall(s, &k, op, arg);
}

static const unsigned long ioctls[] = {
    XS_IOCTL_EVTCHN_BIND_VIRQ, XS_IOCTL_EVTCHN_BIND_INTERDOMAIN,
    XS_IOCTL_EVTCHN_BIND_UNBOUND_PORT, XS_IOCTL_EVTCHN_UNBIND, XS_IOCTL_EVTCHN_NOTIFY,
    XS_IOCTL_EVTCHN_RESET, XS_IOCTL_EVTCHN_RESTRICT_DOMID,
};

/* The device and its two files, kept for FUZZ_SIM_REUSE inputs with the
 * simulator they sit on (releasing a file walks every port: doing that
 * for every input would halve the rate). */
static struct {
    struct fuzz_hv f;
    struct evtchn_dev *d;
    struct fuse_file_info fi[2];
    const struct xs_release *rel;
    unsigned uses;
} dev;

static void dev_close(void)
{
    if (!dev.d)
        return;
    for (int i = 0; i < 2; i++)
        evtchn_dev_release(dev.d, &dev.fi[i]);
    evtchn_dev_destroy(dev.d);
    dev.d = NULL;
}

static int dev_open(const struct xs_release *rel)
{
    if (dev.d && dev.rel == rel && ++dev.uses < FUZZ_SIM_REUSE)
        return 0;
    dev_close();
    /* The simulator is the shared cache's: a new device on whichever it
     * holds now. */
    if (fuzz_hv_open(&dev.f, rel) || !(dev.d = evtchn_dev_create(dev.f.sim)))
        return -1;
    dev.rel = rel;
    dev.uses = 0;
    memset(dev.fi, 0, sizeof(dev.fi));
    for (int i = 0; i < 2; i++) {
        dev.fi[i].flags = O_RDWR | O_NONBLOCK;
        evtchn_dev_open(dev.d, (fuse_req_t)(uintptr_t)1, &dev.fi[i]);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuse_req_t req = (fuse_req_t)(uintptr_t)1;

    if (size < 1 || dev_open(fuzz_release(data[0])))
        return 0;
    for (size_t at = 1; at + 8 <= size && at < 1 + 8 * 64; at += 8) {
        const uint8_t *r = data + at;
        struct fuse_file_info *file = &dev.fi[r[0] & 1];

        memcpy(fuzz_arena, r + 4, 4);
        memset(fuzz_arena + 4, 0, 8);
        switch (r[1]) {
        case 0:
            evtchn_dev_ioctl(dev.d, file, &dev.f.caller,
                             r[2] < 7 ? (unsigned)ioctls[r[2]] : 0x44500u | r[2],
                             fuzz_addr(0));
            break;
        case 1:
            evtchn_dev_write(dev.d, req, (const char *)r + 4, 4, file);
            break;
        case 2:
            evtchn_dev_read(dev.d, req, r[2], file);
            break;
        case 3:
            evtchn_dev_poll(dev.d, req, file, NULL);
            break;
        default: {
            /* EVTCHNOP_send on any port, as dom0's kernel would make it. */
            uint64_t a[5] = { XS_EVTCHNOP_send, fuzz_addr(0), 0, 0, 0 };

            sim_hypercall(dev.f.sim, &dev.f.caller, XS_HYPERVISOR_event_channel_op, a);
        }
        }
    }
    return 0;
}
