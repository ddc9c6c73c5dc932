/* Stress on the restricted path: a device model on Xen 4.6 (no dm_op)
 * whose descriptors are restricted, so every dm_op goes through the one
 * dm_op broker (here a thread of this process, tests/unit/thread_broker.h).
 * 8 threads, each with descriptors of its own restricted to the guest,
 * send dm_ops that write something back (create/destroy ioreq servers) and
 * ones that do not (ISA IRQ lines), while other threads churn unrelated
 * descriptors.  Nothing may be lost or crossed: each thread gets its own
 * server ids back, every call is answered right, and the hypervisor sees
 * exactly one hvm_op per dm_op. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "interposed_sim.h"
#include "thread_broker.h"
#include "abi.h"
#include "log.h"

#define DM_THREADS 8
#define CHURN_THREADS 2
#define ITER 500

static atomic_int dm_running;
static _Atomic unsigned long calls_ok, calls_bad;

static long dm_op(int fd, struct xs_dm_op *op)
{
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)op, sizeof(*op) };
    struct xs_privcmd_dm_op dm = { 1, 1, (uintptr_t)&buf };
    int r = ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm);

    return r < 0 ? -errno : r;
}

static void count(bool ok)
{
    atomic_fetch_add(ok ? &calls_ok : &calls_bad, 1);
}

static void *dm_thread(void *arg)
{
    int fd = open(isim.path, O_RDWR | O_CLOEXEC);
    uint16_t dom = 1;
    uint8_t irq = (uint8_t)(uintptr_t)arg;

    count(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom) == 0);
    for (int i = 0; i < ITER; i++) {
        struct xs_dm_op create, destroy, line;

        memset(&create, 0, sizeof(create));
        create.op = XS_DMOP_create_ioreq_server;
        create.u.create_ioreq_server.id = 0xffff;
        count(dm_op(fd, &create) == 0 && create.u.create_ioreq_server.id != 0xffff);
        memset(&destroy, 0, sizeof(destroy));
        destroy.op = XS_DMOP_destroy_ioreq_server;
        destroy.u.destroy_ioreq_server.id = create.u.create_ioreq_server.id;
        /* Only this thread knows the id: a crossed reply would destroy
         * another thread's server or fail here. */
        count(dm_op(fd, &destroy) == 0);
        for (uint8_t level = 1; level <= 2; level++) {
            memset(&line, 0, sizeof(line));
            line.op = XS_DMOP_set_isa_irq_level;
            line.u.set_isa_irq_level.isa_irq = irq;
            line.u.set_isa_irq_level.level = level & 1;
            count(dm_op(fd, &line) == 0);
        }
    }
    close(fd);
    isim_closed(fd);
    atomic_fetch_sub(&dm_running, 1);
    return NULL;
}

/* Unrelated descriptors come and go, some on numbers the device model's
 * descriptors had. */
static void *churn_thread(void *arg)
{
    (void)arg;
    while (atomic_load(&dm_running) > 0) {
        int p[2];

        if (pipe(p) == 0) {
            int d = dup(p[0]);
            close(p[0]);
            close(p[1]);
            if (d >= 0)
                close(d);
        }
    }
    return NULL;
}

static void nothing_lost_or_crossed(void **state)
{
    pthread_t dm[DM_THREADS], churn[CHURN_THREADS];
    unsigned long hvm_ops;
    int fd;

    (void)state;
    assert_int_equal(isim_start("4.6"), 0);
    start_broker = thread_broker_start;
    /* Detection, once, before the threads (it needs raw hypercalls). */
    fd = open(isim.path, O_RDWR);
    {
        struct xs_privcmd_hypercall h = { XS_HYPERVISOR_xen_version, { 0, 0, 0, 0, 0 } };
        assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h), 4 << 16 | 6);
    }
    hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);

    atomic_store(&dm_running, DM_THREADS);
    for (unsigned i = 0; i < CHURN_THREADS; i++)
        assert_int_equal(pthread_create(&churn[i], NULL, churn_thread, NULL), 0);
    for (unsigned i = 0; i < DM_THREADS; i++)
        assert_int_equal(pthread_create(&dm[i], NULL, dm_thread, (void *)(uintptr_t)(i + 3)), 0);
    for (unsigned i = 0; i < DM_THREADS; i++)
        assert_int_equal(pthread_join(dm[i], NULL), 0);
    for (unsigned i = 0; i < CHURN_THREADS; i++)
        assert_int_equal(pthread_join(churn[i], NULL), 0);

    /* One broker for all, started by whichever thread restricted first;
     * the others' RESTRICT waited for it, so no call met a broker not yet
     * there. */
    assert_int_equal(tbroker.started, 1);
    assert_int_equal(atomic_load(&calls_bad), 0);
    assert_int_equal(atomic_load(&calls_ok), DM_THREADS * (1ul + 4ul * ITER));
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]) - hvm_ops,
                     4ul * DM_THREADS * ITER);
    assert_int_equal(atomic_load(&isim.dm_ops), 0);
    {
        char *json = sim_test_state(isim.sim);

        assert_non_null(strstr(json, "\"ioreq_servers\":[]"));
        assert_non_null(strstr(json, "\"isa\":[]"));
        free(json);
    }
    close(fd);
    close(atomic_load(&broker_sock));
    pthread_join(tbroker.thread, NULL);
    isim_stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nothing_lost_or_crossed),
    };

    xs_log_set_level(0);
    return cmocka_run_group_tests_name("stress_broker", tests, NULL, NULL);
}
