/* ioreq_dm46: a device model of the Xen 4.6 era serving a guest's I/O the
 * way those device models did underneath their libxenctrl: raw HVMOPs
 * (create_ioreq_server, get_ioreq_server_info's gfns, map_io_range,
 * set_ioreq_server_state, set_isa_irq_level) through IOCTL_PRIVCMD_HYPERCALL,
 * the ioreq page mapped from its gfn with MMAPBATCH_V2, vCPU 0's event
 * channel bound through /dev/xen/evtchn, and "running" written to xenstore
 * through libxenstore.so.3.0 (the compat soname on a newer host).  Natively
 * it runs on Xen 4.5-4.8; on a newer Xen only through the shim.
 *
 * It plays one device: COM1's 16550 at 0x3f8-0x3ff (transmit holding,
 * interrupt enable, interrupt id, modem control, line status), raising
 * ISA IRQ 4 while the THR-empty interrupt is enabled and OUT2 set; what
 * the guest transmits goes to OUTFILE.  SIGTERM ends it (its server
 * destroyed), as a toolstack stops a device model.  Errors: one line
 * naming the call and the errno, exit 1.
 *
 * usage: ioreq_dm46 DOMID OUTFILE [STATE-NODE]
 * STATE-NODE: where "running" goes instead of device-model/DOMID/state,
 * for a device model serving beside the platform's QEMU (suite_85), whose
 * readiness the toolstack waits for there. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "legacy_abi46.h"

#define IOCTL_PRIVCMD_MMAPBATCH_V2 0x205004ul
#define IOCTL_EVTCHN_BIND_INTERDOMAIN 0x84501ul
#define IOCTL_EVTCHN_NOTIFY 0x44504ul

struct privcmd_mmapbatch_v2 { uint32_t num; uint16_t dom; uint64_t addr, arr, err; };

/* public/hvm/ioreq.h of 4.6 */
struct ioreq {
    uint64_t addr, data;
    uint32_t count, size, vp_eport;
    uint16_t pad;
    uint8_t state:4, data_is_ptr:1, dir:1, df:1, pad1:1;
    uint8_t type;
};
#define STATE_IOREQ_READY 1
#define STATE_IORESP_READY 3
#define IOREQ_READ 1
#define IOREQ_TYPE_PIO 0

/* libxenstore: its ABI has not changed since 3.0. */
struct xs_handle;
struct xs_handle *xs_daemon_open(void);
bool xs_write(struct xs_handle *h, uint32_t t, const char *path, const void *data, unsigned len);

static int privcmd = -1;
static unsigned char *hcall_buf;      /* a locked page: the hypercall's argument */

static int die(const char *what, int err)
{
    fprintf(stderr, "ioreq_dm46: %s: %s\n", what, strerror(err));
    return 1;
}

/* One HVMOP with its argument in the locked page; 0 or errno. */
static int hvm_op(unsigned sub, void *arg, size_t len)
{
    struct { uint64_t op, arg[5]; } h = { HYPERVISOR_hvm_op, { sub, (uintptr_t)hcall_buf } };
    int r;

    memcpy(hcall_buf, arg, len);
    r = ioctl(privcmd, IOCTL_PRIVCMD_HYPERCALL, &h) < 0 ? errno : 0;
    memcpy(arg, hcall_buf, len);
    return r;
}

static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }

struct uart { uint8_t ier, mcr, lcr, scr; int thre_pending, irq; };

static void update_irq(uint16_t dom, struct uart *u)
{
    int level = (u->mcr & 0x08) && (u->ier & 0x02) && u->thre_pending;
    struct hvm_set_isa_irq_level a = { .domid = dom, .isa_irq = 4, .level = (uint8_t)level };

    if (level != u->irq && hvm_op(HVMOP_set_isa_irq_level, &a, sizeof(a)) == 0)
        u->irq = level;
}

static uint64_t uart_access(uint16_t dom, struct uart *u, FILE *out, unsigned reg, int read,
                            uint8_t v)
{
    uint64_t r = 0;

    switch (reg) {
    case 0:                                   /* THR / RBR */
        if (!read) {
            fputc(v, out);
            fflush(out);
            u->thre_pending = 1;              /* sent at once: empty again */
        }
        break;
    case 1:                                   /* IER */
        if (read) {
            r = u->ier;
        } else {
            if ((v & 0x02) && !(u->ier & 0x02))
                u->thre_pending = 1;
            u->ier = v & 0x0f;
        }
        break;
    case 2:                                   /* IIR: reading a THRE cause clears it */
        if (read) {
            r = (u->ier & 0x02) && u->thre_pending ? 0x02 : 0x01;
            if (r == 0x02)
                u->thre_pending = 0;
        }
        break;
    case 3: if (read) r = u->lcr; else u->lcr = v; break;
    case 4: if (read) r = u->mcr; else u->mcr = v & 0x1f; break;
    case 5: if (read) r = 0x60; break;        /* THR and transmitter empty */
    case 7: if (read) r = u->scr; else u->scr = v; break;
    }
    update_irq(dom, u);
    return r;
}

/* qemu22_dm.c puts a QEMU 2.2 command line in front of this main. */
#ifndef IOREQ_DM46_MAIN
#define IOREQ_DM46_MAIN main
#endif

int IOREQ_DM46_MAIN(int argc, char **argv)
{
    struct uart u = { 0 };
    char path[256];
    uint16_t dom;
    int evtchn, local, err = 0, r;

    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: ioreq_dm46 DOMID OUTFILE [STATE-NODE]\n");
        return 2;
    }
    dom = (uint16_t)strtoul(argv[1], NULL, 10);
    FILE *out = fopen(argv[2], "w");
    if (!out)
        return die(argv[2], errno);
    signal(SIGTERM, on_term);
    privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (privcmd < 0)
        return die("/dev/xen/privcmd", errno);
    hcall_buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (hcall_buf == MAP_FAILED || mlock(hcall_buf, 4096))
        return die("hypercall buffer", errno);

    struct hvm_create_ioreq_server c = { .domid = dom, .handle_bufioreq = 0 };
    if ((r = hvm_op(HVMOP_create_ioreq_server, &c, sizeof(c))))
        return die("HVMOP_create_ioreq_server", r);
    struct hvm_get_ioreq_server_info info = { .domid = dom, .id = c.id };
    if ((r = hvm_op(HVMOP_get_ioreq_server_info, &info, sizeof(info))))
        return die("HVMOP_get_ioreq_server_info", r);
    struct hvm_io_range range = { .domid = dom, .id = c.id, .type = HVMOP_IO_RANGE_PORT,
                                  .start = 0x3f8, .end = 0x3ff };
    if ((r = hvm_op(HVMOP_map_io_range_to_ioreq_server, &range, sizeof(range))))
        return die("HVMOP_map_io_range_to_ioreq_server", r);

    /* The ioreq page, from its gfn, as xc_map_foreign_range did. */
    struct ioreq *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, privcmd, 0);
    uint64_t gfn = info.ioreq_pfn;
    struct privcmd_mmapbatch_v2 m = { 1, dom, (uintptr_t)page, (uintptr_t)&gfn, (uintptr_t)&err };
    if (page == MAP_FAILED)
        return die("mmap of privcmd", errno);
    if (ioctl(privcmd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m) || err)
        return die("MMAPBATCH_V2 of the ioreq page", err ? -err : errno);

    struct hvm_set_ioreq_server_state st = { .domid = dom, .id = c.id, .enabled = 1 };
    if ((r = hvm_op(HVMOP_set_ioreq_server_state, &st, sizeof(st))))
        return die("HVMOP_set_ioreq_server_state", r);
    evtchn = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    if (evtchn < 0)
        return die("/dev/xen/evtchn", errno);
    uint32_t bind[2] = { dom, page[0].vp_eport };
    local = ioctl(evtchn, IOCTL_EVTCHN_BIND_INTERDOMAIN, bind);
    if (local < 0)
        return die("IOCTL_EVTCHN_BIND_INTERDOMAIN (vCPU 0's port)", errno);
    struct xs_handle *xs = xs_daemon_open();
    if (argc == 4)
        snprintf(path, sizeof(path), "%s", argv[3]);
    else
        snprintf(path, sizeof(path), "/local/domain/0/device-model/%u/state", dom);
    if (!xs || !xs_write(xs, 0, path, "running", 7))
        return die("xenstore: device-model state", errno);

    while (!stop) {
        struct pollfd p = { evtchn, POLLIN, 0 };
        uint32_t port;

        if (poll(&p, 1, 100) <= 0 || read(evtchn, &port, sizeof(port)) != sizeof(port))
            continue;
        if (write(evtchn, &port, sizeof(port)) != sizeof(port))    /* unmask */
            return die("write to /dev/xen/evtchn", errno);
        if (port != (uint32_t)local)
            continue;
        struct ioreq *req = &page[0];
        if (req->state != STATE_IOREQ_READY)
            continue;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (req->type == IOREQ_TYPE_PIO && req->addr >= 0x3f8 && req->addr <= 0x3ff) {
            uint64_t v = uart_access(dom, &u, out, (unsigned)(req->addr - 0x3f8),
                                     req->dir == IOREQ_READ, (uint8_t)req->data);
            if (req->dir == IOREQ_READ)
                req->data = v;
        } else if (req->dir == IOREQ_READ) {
            req->data = ~0ull;
        }
        __atomic_thread_fence(__ATOMIC_RELEASE);
        req->state = STATE_IORESP_READY;
        ioctl(evtchn, IOCTL_EVTCHN_NOTIFY, &port);
    }
    struct hvm_destroy_ioreq_server d = { .domid = dom, .id = c.id };
    hvm_op(HVMOP_destroy_ioreq_server, &d, sizeof(d));
    fclose(out);
    return 0;
}
