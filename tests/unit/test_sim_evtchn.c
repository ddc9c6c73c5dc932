/* The simulated host's event channels (sim/hv_evtchn.c), multicall, and
 * vCPU 0's accesses (sim/hv_io.c): what a device model and xenstored see
 * of Xen, with Xen 4.17's errno for each refusal. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim_test_caller.h"

#define GUEST 1

static long evtchn(struct sim *s, unsigned cmd, void *arg)
{
    struct sim_caller c = sim_test_caller();
    uint64_t a[5] = { cmd, (uintptr_t)arg, 0, 0, 0 };

    return sim_hypercall(s, &c, XS_HYPERVISOR_event_channel_op, a);
}

struct upcalls { uint32_t port[64]; unsigned n; sem_t sem; };

static void record(void *ctx, uint32_t port)
{
    struct upcalls *u = ctx;

    if (u->n < 64)
        u->port[u->n++] = port;
    sem_post(&u->sem);
}

static void test_interdomain(void **st)
{
    struct sim *s = sim_test_create("4.17");
    struct upcalls u = { .n = 0 };
    struct xs_evtchn_alloc_unbound a = { .dom = GUEST, .remote_dom = 0 };
    struct xs_evtchn_bind_interdomain b = { .remote_dom = GUEST };
    struct xs_evtchn_port_arg p;
    struct xs_evtchn_status stt = { .dom = GUEST };

    (void)st;
    sem_init(&u.sem, 0, 0);
    sim_set_dom0_upcall(s, record, &u);
    assert_int_equal(evtchn(s, XS_EVTCHNOP_alloc_unbound, &a), 0);
    assert_int_equal(a.port, 1);                     /* port 0 is never handed out */
    b.remote_port = a.port;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_interdomain, &b), 0);
    assert_int_equal(b.local_port, 1);
    /* Xen sets the new local port pending at once. */
    assert_int_equal(u.n, 1);
    assert_int_equal(u.port[0], b.local_port);
    /* bound twice: the remote port is no longer unbound */
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_port = 1000;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_port = HV_EVTCHN_PORTS;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_dom = 77;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_interdomain, &b), -ESRCH);
    stt.port = a.port;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_status, &stt), 0);
    assert_int_equal(stt.status, XS_EVTCHNSTAT_interdomain);
    assert_int_equal(stt.u.interdomain.dom, 0);
    /* close: the guest's end waits for dom0 again */
    p.port = 1;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_close, &p), 0);
    assert_int_equal(evtchn(s, XS_EVTCHNOP_close, &p), -EINVAL);
    assert_int_equal(evtchn(s, XS_EVTCHNOP_status, &stt), 0);
    assert_int_equal(stt.status, XS_EVTCHNSTAT_unbound);
    /* sending on an unbound port is dropped; on nothing -EINVAL */
    assert_int_equal(evtchn(s, XS_EVTCHNOP_send, &p), -EINVAL);
    p.port = HV_EVTCHN_PORTS + 5;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_send, &p), -EINVAL);
    a.dom = 77;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_alloc_unbound, &a), -ESRCH);
    assert_int_equal(evtchn(s, 99, &p), -ENOSYS);
    assert_int_equal(evtchn(s, XS_EVTCHNOP_send, (void *)SIM_TEST_BAD_ADDR), -EFAULT);
    sim_set_dom0_upcall(s, NULL, NULL);
    sim_destroy(s);
}

static void test_virq_and_mask(void **st)
{
    struct sim *s = sim_test_create("4.6");
    struct upcalls u = { .n = 0 };
    struct xs_evtchn_bind_virq v = { .virq = XS_VIRQ_DOM_EXC, .vcpu = 0 };
    struct xs_evtchn_port_arg p;

    (void)st;
    sem_init(&u.sem, 0, 0);
    sim_set_dom0_upcall(s, record, &u);
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_virq, &v), 0);
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_virq, &v), -EEXIST);
    v.vcpu = 1;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_virq, &v), -EINVAL);   /* global virq */
    v.virq = XS_NR_VIRQS;
    v.vcpu = 0;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_bind_virq, &v), -EINVAL);
    /* a masked port stays pending; unmask delivers it */
    s->evtchn_dom0.port[1].masked = true;
    pthread_mutex_lock(&s->lock);
    hv_evtchn_send_virq(s, XS_VIRQ_DOM_EXC);
    pthread_mutex_unlock(&s->lock);
    assert_int_equal(u.n, 0);
    p.port = 1;
    assert_int_equal(evtchn(s, XS_EVTCHNOP_unmask, &p), 0);
    assert_int_equal(u.n, 1);
    assert_int_equal(u.port[0], 1);
    sim_set_dom0_upcall(s, NULL, NULL);
    sim_destroy(s);
}

/* libxenctrl's memory_op goes as a one-entry multicall on 64-bit Linux. */
static void test_multicall(void **st)
{
    struct sim *s = sim_test_create("4.17");
    struct sim_caller c = sim_test_caller();
    uint16_t dom = GUEST;
    struct xs_multicall_entry e[3] = {
        { .op = 12, .args = { 14, (uintptr_t)&dom } },               /* maximum_gpfn */
        { .op = 12, .args = { 14, SIM_TEST_BAD_ADDR } },
        { .op = 99 },
    };
    uint64_t a[5] = { (uintptr_t)e, 3, 0, 0, 0 };

    (void)st;
    assert_int_equal(sim_hypercall(s, &c, XS_HYPERVISOR_multicall, a), 0);
    assert_int_equal(e[0].result, (128u << 8) - 1);
    assert_int_equal((long)e[1].result, -EFAULT);
    assert_int_equal((long)e[2].result, -ENOSYS);
    /* no multicall inside a multicall */
    e[0] = (struct xs_multicall_entry){ .op = XS_HYPERVISOR_multicall, .args = { (uintptr_t)e, 1 } };
    a[1] = 1;
    assert_int_equal(sim_hypercall(s, &c, XS_HYPERVISOR_multicall, a), 0);
    assert_int_equal((long)e[0].result, -EINVAL);
    a[0] = SIM_TEST_BAD_ADDR;
    assert_int_equal(sim_hypercall(s, &c, XS_HYPERVISOR_multicall, a), -EFAULT);
    sim_destroy(s);
}

/* A device model in a thread: answers every ioreq on its port with
 * value, or 0x41 + the ioreq's address for reads. */
struct dm {
    struct sim *s;
    struct upcalls u;
    uint32_t port;                  /* dom0's end of vCPU 0's port */
    uint64_t ioreq_gfn;
    struct xs_ioreq seen;
    atomic_bool stop;
    pthread_t t;
};

static void *dm_thread(void *p)
{
    struct dm *d = p;

    while (!atomic_load(&d->stop)) {
        if (sem_wait(&d->u.sem))
            continue;
        if (atomic_load(&d->stop))
            break;
        struct xs_ioreq *r = hv_guest_page(d->s, d->ioreq_gfn);
        _Atomic uint8_t *state = (_Atomic uint8_t *)&r->state_flags;

        if ((atomic_load(state) & XS_IOREQ_STATE_MASK) != XS_STATE_IOREQ_READY)
            continue;          /* the bind's first event */
        d->seen = *r;
        if (r->state_flags & XS_IOREQ_DIR_READ)
            r->data = 0x41 + (r->addr & 0xff);
        atomic_store(state, (uint8_t)((atomic_load(state) & ~XS_IOREQ_STATE_MASK) |
                                      XS_STATE_IORESP_READY));
        struct xs_evtchn_port_arg a = { d->port };
        evtchn(d->s, XS_EVTCHNOP_send, &a);
    }
    return NULL;
}

static void test_vcpu_io(void **st)
{
    struct dm d = { .s = sim_test_create("4.17") };
    struct hv_guest *g = &d.s->guest;
    struct xs_evtchn_bind_interdomain b = { .remote_dom = GUEST };
    uint64_t v;
    uint16_t id;

    (void)st;
    sem_init(&d.u.sem, 0, 0);
    assert_true(sim_guest_memory_fd(d.s) >= 0);
    sim_set_dom0_upcall(d.s, record, &d.u);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 1, &id), 0);
    d.ioreq_gfn = g->ioreq[0].ioreq_gfn;
    /* Xen wrote each vCPU's port into the ioreq page for the device model. */
    struct xs_ioreq *page = hv_guest_page(d.s, d.ioreq_gfn);
    assert_int_equal(page[0].vp_eport, g->ioreq[0].vcpu_port[0]);
    assert_int_equal(page[1].vp_eport, g->ioreq[0].vcpu_port[1]);
    b.remote_port = page[0].vp_eport;
    assert_int_equal(evtchn(d.s, XS_EVTCHNOP_bind_interdomain, &b), 0);
    d.port = b.local_port;
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PORT, 0x3f8, 0x3ff), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PCI, 0x18, 0x18), 0);  /* 00:03.0 */
    assert_int_equal(hv_guest_ioreq_set_state(g, id, true), 0);
    pthread_create(&d.t, NULL, dm_thread, &d);

    v = 0;
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x3fd, 1, &v, 5000), 0);
    assert_int_equal(v, (0x41 + 0xfd) & 0xff);      /* only size bytes come back */
    assert_int_equal(d.seen.type, XS_IOREQ_TYPE_PIO);
    assert_int_equal(d.seen.size, 1);
    v = 0x5a;
    assert_int_equal(sim_vcpu_io(d.s, 0, 1, 0x3f8, 1, &v, 5000), 0);
    assert_int_equal(d.seen.data, 0x5a);
    assert_false(d.seen.state_flags & XS_IOREQ_DIR_READ);
    /* PCI config of 00:03.0 through cf8/cfc becomes a PCI_CONFIG ioreq */
    v = 0x80001810;
    assert_int_equal(sim_vcpu_io(d.s, 0, 1, 0xcf8, 4, &v, 5000), 0);   /* nobody claims cf8 */
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0xcfe, 2, &v, 5000), 0);
    assert_int_equal(d.seen.type, XS_IOREQ_TYPE_PCI_CONFIG);
    assert_int_equal(d.seen.addr, (0x18ull << 32) | 0x12);
    /* a device nobody claims, and a port nobody claims: all ones */
    v = 0x80000000;
    assert_int_equal(sim_vcpu_io(d.s, 0, 1, 0xcf8, 4, &v, 5000), 0);
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0xcfc, 4, &v, 5000), 0);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x2f8, 2, &v, 5000), 0);
    assert_int_equal(v, 0xffff);
    /* Xen's own: the PIC mask, CMOS status register A */
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x21, 1, &v, 5000), 0);
    assert_int_equal(v, 0xff);
    v = 0x0a;
    assert_int_equal(sim_vcpu_io(d.s, 0, 1, 0x70, 1, &v, 5000), 0);
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x71, 1, &v, 5000), 0);
    assert_int_equal(v, 0x26);
    /* a disabled server gets nothing */
    assert_int_equal(hv_guest_ioreq_set_state(g, id, false), 0);
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x3fd, 1, &v, 5000), 0);
    assert_int_equal(v, 0xff);

    atomic_store(&d.stop, true);
    sem_post(&d.u.sem);
    pthread_join(d.t, NULL);
    /* a server that never answers: -ETIMEDOUT, and cancelling wakes it */
    assert_int_equal(hv_guest_ioreq_set_state(g, id, true), 0);
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x3fd, 1, &v, 50), -ETIMEDOUT);
    sim_vcpu_io_cancel(d.s);
    assert_int_equal(sim_vcpu_io(d.s, 0, 0, 0x3fd, 1, &v, 5000), -ECANCELED);
    sim_set_dom0_upcall(d.s, NULL, NULL);
    sim_destroy(d.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interdomain),
        cmocka_unit_test(test_virq_and_mask),
        cmocka_unit_test(test_multicall),
        cmocka_unit_test(test_vcpu_io),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
