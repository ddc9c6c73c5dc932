/* vCPU 0's port and MMIO accesses (the guest-io script): what Xen does
 * with an access a guest makes.
 *
 * Order, as Xen's hvm_io_intercept then ioreq_server_select (4.17):
 *  1. devices Xen emulates itself answer at once (below);
 *  2. a 4-byte write to 0xcf8 is latched (and still goes on to a server);
 *     an access to 0xcfc-0xcff with the latch's enable bit set becomes a
 *     PCI config access: type IOREQ_TYPE_PCI_CONFIG, addr = SBDF << 32 |
 *     register, for the server that claimed that SBDF;
 *  3. otherwise the first enabled server whose port or memory ranges hold
 *     the whole access gets it;
 *  4. no server: a read gives all ones, a write is dropped (Xen's null
 *     handler).
 * A server gets the ioreq in vCPU 0's slot of its ioreq page, state
 * IOREQ_READY, and an event on vCPU 0's port; the access is done when the
 * device model has set IORESP_READY and sent an event back.
 *
 * Devices of Xen's own, simplified to what a script can compare: the PICs
 * (0x20/0x21, 0xa0/0xa1: the mask register; command reads give 0), the
 * PIT and port 0x61 (0x40-0x43, 0x61: reads 0, the counters run in real
 * time), the RTC/CMOS (0x70/0x71: index and 128 bytes, status A-D at
 * their reset values 0x26, 0x02, 0x00, 0x80), the ACPI PM block
 * (0xb000-0xb03f: reads 0), the HVM debug port 0xe9 (writes only; reads go
 * on to a server, as in Xen), the LAPIC page (0xfee00000: ID 0, version
 * 0x50014, others 0), the IOAPIC (0xfec00000: index/data, version
 * 0x170011 (48 pins), others 0) and the HPET (0xfed00000: capabilities
 * 0x0429b17f8086a201 as Xen's, others 0).  Not modelled: the pre-4.12
 * default ioreq server (HVM_PARAM_IOREQ_PFN page): without a server of its
 * own an access there gets the null handler's answer. */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "abi.h"
#include "hv_internal.h"

#define CF8_ENABLED(cf8) ((cf8) & 0x80000000u)

static uint64_t all_ones(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Xen's own devices.  1 = handled (value set for reads), 0 = not ours. */
static int xen_port(struct sim *s, int write, uint64_t port, unsigned size, uint64_t *value)
{
    struct hv_vcpu_io *io = &s->vcpu_io;
    uint8_t v = (uint8_t)*value;

    switch (port) {
    case 0x20: case 0xa0:
        if (!write)
            *value = 0;
        return 1;
    case 0x21: case 0xa1:
        if (write)
            io->pic_imr[port == 0xa1] = v;
        else
            *value = io->pic_imr[port == 0xa1];
        return 1;
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x61:
        if (!write)
            *value = 0;
        return 1;
    case 0x70:
        if (write)
            io->cmos_index = v & 0x7f;
        else
            *value = 0xff;
        return 1;
    case 0x71:
        if (write && io->cmos_index != 0x0c && io->cmos_index != 0x0d)
            io->cmos[io->cmos_index] = v;
        else if (!write)
            *value = io->cmos[io->cmos_index];
        return 1;
    case 0xe9:
        return write;
    }
    if (port >= 0xb000 && port + size <= 0xb040) {
        if (!write)
            *value = 0;
        return 1;
    }
    return 0;
}

static int xen_mmio(struct sim *s, int write, uint64_t addr, unsigned size, uint64_t *value)
{
    struct hv_vcpu_io *io = &s->vcpu_io;

    if (addr >= 0xfee00000 && addr < 0xfee01000) {
        if (!write)
            *value = (addr & 0xff0) == 0x30 ? 0x50014 : 0;
        return 1;
    }
    if (addr >= 0xfec00000 && addr < 0xfec00100) {
        if (write && (addr & 0xff) == 0)
            io->ioapic_index = (uint8_t)*value;
        else if (!write)
            *value = (addr & 0xff) == 0x10 && io->ioapic_index == 1 ? 0x170011 : 0;
        return 1;
    }
    if (addr >= 0xfed00000 && addr < 0xfed00400) {
        if (!write) {
            uint64_t caps = 0x0429b17f8086a201ull;
            unsigned off = (unsigned)(addr & 0x3ff);
            *value = off < 8 ? (caps >> (off * 8)) & all_ones(size) : 0;
        }
        return 1;
    }
    return 0;
}

static const struct hv_ioreq_server *select_server(struct sim *s, enum hv_io_range_type type,
                                                   uint64_t addr, uint64_t end)
{
    const struct hv_guest *g = &s->guest;
    const struct hv_ioreq_server *best = NULL;

    /* Xen walks its list newest first. */
    for (unsigned i = 0; i < HV_MAX_IOREQ_SERVERS; i++) {
        const struct hv_ioreq_server *srv = &g->ioreq[i];

        if (!srv->used || !srv->enabled)
            continue;
        for (unsigned k = 0; k < srv->nr_ranges[type]; k++)
            if (srv->ranges[type][k].start <= addr && end <= srv->ranges[type][k].end &&
                (!best || srv->seq > best->seq))
                best = srv;
    }
    return best;
}

static void ioreq_answered(void *ctx, uint16_t domid, uint32_t port)
{
    struct sim *s = ctx;

    (void)domid;
    if (port == s->vcpu_io.waiting_port) {
        s->vcpu_io.answered = true;
        pthread_cond_broadcast(&s->vcpu_io.cond);
    }
}

/* s->lock held.  Hands p to srv and waits for the answer. */
static int send_ioreq(struct sim *s, const struct hv_ioreq_server *srv, struct xs_ioreq *req,
                      uint64_t *value, int timeout_ms)
{
    struct xs_ioreq *slot = hv_guest_page(s, srv->ioreq_gfn);
    uint32_t port = srv->vcpu_port[0];
    _Atomic uint8_t *state;
    struct timespec until;
    int r = 0;

    if (!slot || !port)
        return -ENODEV;
    state = (_Atomic uint8_t *)&slot->state_flags;
    req->vp_eport = port;
    slot->addr = req->addr;
    slot->data = req->data;
    slot->count = req->count;
    slot->size = req->size;
    slot->vp_eport = port;
    slot->type = req->type;
    atomic_store_explicit(state, (uint8_t)(req->state_flags | XS_STATE_IOREQ_READY),
                          memory_order_release);
    s->vcpu_io.waiting_port = port;
    s->vcpu_io.answered = false;
    s->ioreq_done = ioreq_answered;
    s->ioreq_done_ctx = s;
    hv_evtchn_notify_xen_port(s, s->guest.domid, port);
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    for (;;) {
        uint8_t st = atomic_load_explicit(state, memory_order_acquire) & XS_IOREQ_STATE_MASK;

        if (s->vcpu_io.answered && st == XS_STATE_IORESP_READY)
            break;
        if (s->vcpu_io.answered)
            s->vcpu_io.answered = false;   /* an event, but not the answer yet */
        if (s->vcpu_io.cancelled) {
            r = -ECANCELED;
            break;
        }
        if (pthread_cond_timedwait(&s->vcpu_io.cond, &s->lock, &until) == ETIMEDOUT) {
            st = atomic_load_explicit(state, memory_order_acquire) & XS_IOREQ_STATE_MASK;
            if (st != XS_STATE_IORESP_READY)
                r = -ETIMEDOUT;
            break;
        }
    }
    if (!r && !(req->state_flags & XS_IOREQ_DIR_READ))
        *value = req->data;
    else if (!r)
        *value = slot->data & all_ones(req->size);
    atomic_store_explicit(state, XS_STATE_IOREQ_NONE, memory_order_release);
    s->vcpu_io.waiting_port = 0;
    return r;
}

int sim_vcpu_io(struct sim *s, int mmio, int write, uint64_t addr, unsigned size,
                uint64_t *value, int timeout_ms)
{
    struct xs_ioreq req = { .addr = addr, .data = write ? *value : 0, .count = 1, .size = size,
                            .state_flags = write ? 0 : XS_IOREQ_DIR_READ,
                            .type = mmio ? XS_IOREQ_TYPE_COPY : XS_IOREQ_TYPE_PIO };
    const struct hv_ioreq_server *srv;
    enum hv_io_range_type type = mmio ? HV_IO_RANGE_MEMORY : HV_IO_RANGE_PORT;
    uint64_t range_addr = addr, end = addr + size - 1;
    int r;

    pthread_mutex_lock(&s->lock);
    if (mmio ? xen_mmio(s, write, addr, size, value) : xen_port(s, write, addr, size, value)) {
        pthread_mutex_unlock(&s->lock);
        return 0;
    }
    if (!mmio && addr == 0xcf8 && size == 4 && write)
        s->vcpu_io.pci_cf8 = (uint32_t)*value;
    if (!mmio && (addr & ~3ull) == 0xcfc && CF8_ENABLED(s->vcpu_io.pci_cf8)) {
        uint32_t cf8 = s->vcpu_io.pci_cf8;
        uint32_t sbdf = ((cf8 >> 16) & 0xff) << 8 | ((cf8 >> 11) & 0x1f) << 3 | ((cf8 >> 8) & 7);

        type = HV_IO_RANGE_PCI;
        range_addr = end = sbdf;
        req.type = XS_IOREQ_TYPE_PCI_CONFIG;
        req.addr = (uint64_t)sbdf << 32 | (cf8 & 0xfc) | (addr & 3);
    }
    srv = select_server(s, type, range_addr, end);
    if (!srv && type == HV_IO_RANGE_PCI) {
        r = 0;          /* no server claims the device: the null handler */
        if (!write)
            *value = all_ones(size);
    } else if (!srv) {
        r = 0;
        if (!write)
            *value = all_ones(size);
    } else {
        r = send_ioreq(s, srv, &req, value, timeout_ms);
    }
    pthread_mutex_unlock(&s->lock);
    return r;
}

void sim_vcpu_io_cancel(struct sim *s)
{
    pthread_mutex_lock(&s->lock);
    s->vcpu_io.cancelled = true;
    pthread_cond_broadcast(&s->vcpu_io.cond);
    pthread_mutex_unlock(&s->lock);
}

void hv_vcpu_io_init(struct sim *s)
{
    struct hv_vcpu_io *io = &s->vcpu_io;
    pthread_condattr_t a;

    memset(io, 0, sizeof(*io));
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&io->cond, &a);
    pthread_condattr_destroy(&a);
    io->pic_imr[0] = io->pic_imr[1] = 0xff;
    io->cmos[0x0a] = 0x26;
    io->cmos[0x0b] = 0x02;
    io->cmos[0x0d] = 0x80;
}
