/* evtchn_client: the simulated host's new surfaces, called raw as the
 * libraries call them, one "name=result" line each: /dev/xen/evtchn (binds,
 * notify, unbind, read/write of pending ports, restriction, an unknown
 * request), /dev/xen/gntdev, event_channel_op through privcmd, and a
 * foreign mapping of a frame the guest has and one it has not.  Port
 * numbers are not printed (dom0's kernel holds ports of its own on a real
 * host), only what can be compared with real Xen (suite_80) and asserted
 * on the simulator (suite_90).
 *
 * usage: evtchn_client [domid]   (default 1) */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi.h"
#include "privcmd.h"

#define IOCTL_EVTCHN_UNKNOWN 0x457ful       /* _IOC(_IOC_NONE, 'E', 0x7f, 0) */

static const char *result(long r)
{
    static char buf[32];

    if (r >= 0)
        return "0";
    snprintf(buf, sizeof(buf), "-%s", strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "?");
    return buf;
}

static long io(int fd, unsigned long req, void *arg)
{
    long r = ioctl(fd, req, arg);

    return r < 0 ? -errno : r;
}

static void say(const char *name, long r)
{
    printf("%s=%s\n", name, result(r));
}

/* event_channel_op(cmd, arg) through privcmd, the argument in a locked page */
static long evtchn_op(int privcmd, unsigned cmd, void *arg, size_t len)
{
    static unsigned char *page;
    struct xs_privcmd_hypercall h = { XS_HYPERVISOR_event_channel_op, { cmd, 0 } };
    long r;

    if (!page) {
        page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED || mlock(page, 4096))
            return -ENOMEM;
    }
    memcpy(page, arg, len);
    h.arg[1] = (uintptr_t)page;
    r = io(privcmd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
    memcpy(arg, page, len);
    return r;
}

int main(int argc, char **argv)
{
    uint16_t dom = argc > 1 ? (uint16_t)atoi(argv[1]) : 1;
    int privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    int ev = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    uint32_t one, port, got[4];
    long r;

    say("open_evtchn", ev < 0 ? -errno : 0);
    if (ev < 0 || privcmd < 0)
        return 1;

    one = dom;
    r = io(ev, XS_IOCTL_EVTCHN_BIND_UNBOUND_PORT, &one);
    say("bind_unbound_port", r);
    port = (uint32_t)r;
    say("notify_own", io(ev, XS_IOCTL_EVTCHN_NOTIFY, &port));
    one = 100000;
    say("notify_not_bound", io(ev, XS_IOCTL_EVTCHN_NOTIFY, &one));
    one = 1u << 20;
    say("notify_beyond_channels", io(ev, XS_IOCTL_EVTCHN_NOTIFY, &one));
    say("unbind_beyond_channels", io(ev, XS_IOCTL_EVTCHN_UNBIND, &one));
    say("unbind_own", io(ev, XS_IOCTL_EVTCHN_UNBIND, &port));
    say("unbind_again", io(ev, XS_IOCTL_EVTCHN_UNBIND, &port));
    say("read_nothing_pending", read(ev, got, sizeof(got)) < 0 ? -errno : 0);
    say("read_3_bytes", read(ev, got, 3));
    say("unknown_request", io(ev, IOCTL_EVTCHN_UNKNOWN, NULL));

    /* A guest port for dom0, as Xen makes one for an ioreq server: bind to
     * it, and the new port is pending at once. */
    struct xs_evtchn_alloc_unbound a = { .dom = dom, .remote_dom = 0 };
    say("op_alloc_unbound", evtchn_op(privcmd, XS_EVTCHNOP_alloc_unbound, &a, sizeof(a)));
    struct xs_ioctl_evtchn_bind_interdomain b = { dom, a.port };
    r = io(ev, XS_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
    say("bind_interdomain", r);
    port = (uint32_t)r;
    ssize_t n = read(ev, got, sizeof(got));
    printf("pending_after_bind=%s\n", n == 4 && got[0] == port ? "the new port" : "other");
    say("unmask", write(ev, &port, sizeof(port)) == 4 ? 0 : -errno);
    say("bind_interdomain_again", io(ev, XS_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b));
    b.remote_domain = 0x7ff4;     /* DOMID_INVALID */
    say("bind_interdomain_no_domain", io(ev, XS_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b));
    struct xs_evtchn_status st = { .dom = dom, .port = a.port };
    say("op_status", evtchn_op(privcmd, XS_EVTCHNOP_status, &st, sizeof(st)));
    printf("status=%u remote=%s\n", st.status, st.u.interdomain.dom == 0 ? "dom0" : "other");
    say("unbind_interdomain", io(ev, XS_IOCTL_EVTCHN_UNBIND, &port));
    say("op_status_after_unbind", evtchn_op(privcmd, XS_EVTCHNOP_status, &st, sizeof(st)));
    printf("status_after_unbind=%u\n", st.status);

    uint16_t rdom = 0;
    say("restrict_dom0", io(ev, XS_IOCTL_EVTCHN_RESTRICT_DOMID, &rdom));
    rdom = dom;
    say("restrict", io(ev, XS_IOCTL_EVTCHN_RESTRICT_DOMID, &rdom));
    say("restrict_again", io(ev, XS_IOCTL_EVTCHN_RESTRICT_DOMID, &rdom));
    one = 3;    /* VIRQ_DOM_EXC */
    say("bind_virq_restricted", io(ev, XS_IOCTL_EVTCHN_BIND_VIRQ, &one));
    one = dom;
    say("bind_unbound_restricted", io(ev, XS_IOCTL_EVTCHN_BIND_UNBOUND_PORT, &one));
    close(ev);

    int gnt = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    say("open_gntdev", gnt < 0 ? -errno : 0);
    if (gnt >= 0) {
        struct xs_ioctl_gntdev_grant_copy gc = { 0, 0 };
        uint32_t max = 16;
        say("gntdev_grant_copy_0", io(gnt, XS_IOCTL_GNTDEV_GRANT_COPY, &gc));
        say("gntdev_set_max_grants", io(gnt, XS_IOCTL_GNTDEV_SET_MAX_GRANTS, &max));
        close(gnt);
    }

    /* Foreign mapping: frame 0 is RAM; far above RAM there is nothing. */
    uint64_t gfns[2] = { 0, 0x7ffff };
    int errs[2] = { 1, 1 };
    void *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, privcmd, 0);
    say("mmap_privcmd", m == MAP_FAILED ? -errno : 0);
    if (m != MAP_FAILED) {
        struct xs_privcmd_mmapbatch_v2 mb = { 2, dom, (uintptr_t)m, (uintptr_t)gfns,
                                              (uintptr_t)errs };
        say("mmapbatch_v2", io(privcmd, XS_IOCTL_PRIVCMD_MMAPBATCH_V2, &mb));
        printf("mmapbatch_err_ram=%s\n", result(errs[0]));
        printf("mmapbatch_err_nothing=%s\n", result(errs[1]));
        say("mmapbatch_v2_again", io(privcmd, XS_IOCTL_PRIVCMD_MMAPBATCH_V2, &mb));
        mb.addr += 4096;
        say("mmapbatch_v2_not_whole", io(privcmd, XS_IOCTL_PRIVCMD_MMAPBATCH_V2, &mb));
        munmap(m, 2 * 4096);
        mb.addr = (uintptr_t)m;
        say("mmapbatch_v2_unmapped", io(privcmd, XS_IOCTL_PRIVCMD_MMAPBATCH_V2, &mb));
    }
    return 0;
}
