/* Stress: 8 threads issue translated calls through the real interposer
 * while other threads open, close, dup and close_range unrelated
 * descriptors, reuse numbers that were privcmd a moment ago, and send
 * privcmd requests to files that are not privcmd.
 *
 * The translated calls are those of a 4.6 device model on a 4.17
 * hypervisor: domctls stamped 0x0b (pause, getdomaininfo V2->V0, unpause)
 * and legacy hvm_op set_isa_irq_level (which becomes a dm_op).  Nothing may be lost
 * (every call answered right, and the hypervisor saw exactly one call per
 * call made) or misrouted (a privcmd request on another file goes to the
 * kernel untouched: the shim would refuse the op used for it with
 * -EACCES, the kernel says ENOTTY). */
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
#include "abi.h"
#include "log.h"

#define DM_THREADS 8
#define CHURN_THREADS 4
#define ITER 4000

static atomic_int dm_running;
static _Atomic unsigned long calls_ok, calls_bad;
static _Atomic unsigned long churn_rounds, wrong_file_enotty, wrong_file_other;

static long privcmd_hypercall(int fd, uint64_t op, uint64_t a0)
{
    struct xs_privcmd_hypercall h = { op, { a0, 0, 0, 0, 0 } };
    int r = ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);

    return r < 0 ? -errno : r;
}

static long privcmd_hypercall2(int fd, uint64_t op, uint64_t a0, uint64_t a1)
{
    struct xs_privcmd_hypercall h = { op, { a0, a1, 0, 0, 0 } };
    int r = ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);

    return r < 0 ? -errno : r;
}

static struct xs_domctl domctl_46(uint32_t cmd)
{
    struct xs_domctl d;

    memset(&d, 0xcc, sizeof(d));
    d.cmd = cmd;
    d.interface_version = 0x0b;    /* Xen 4.6's libxenctrl */
    d.domain = 1;
    return d;
}

static bool getdomaininfo_paused_v0(int fd)
{
    struct xs_domctl d = domctl_46(XS_DOMCTL_getdomaininfo);
    const uint8_t *tail = (const uint8_t *)&d.u + 96;

    if (privcmd_hypercall(fd, XS_HYPERVISOR_domctl, (uintptr_t)&d) != 0)
        return false;
    if (d.interface_version != 0x0b || d.domain != 1 || d.u.getdomaininfo_v0.domain != 1)
        return false;
    if (!(d.u.getdomaininfo_v0.flags & XS_DOMINF_hvm_guest) ||
        !(d.u.getdomaininfo_v0.flags & XS_DOMINF_paused))
        return false;
    for (int i = 0; i < 32; i++)
        if (tail[i] != 0xcc)       /* a V0 caller's union past 96 bytes */
            return false;
    return true;
}

static long legacy_isa_irq(int fd, uint8_t irq, uint8_t level)
{
    struct xs_hvm_set_isa_irq_level a = { 1, irq, level };

    return privcmd_hypercall2(fd, XS_HYPERVISOR_hvm_op, XS_HVMOP_set_isa_irq_level, (uintptr_t)&a);
}

static void count(bool ok)
{
    atomic_fetch_add(ok ? &calls_ok : &calls_bad, 1);
}

static void *dm_thread(void *arg)
{
    int fd = open(isim.path, O_RDWR | O_CLOEXEC);
    int fd2 = dup(fd);
    uint8_t irq = (uint8_t)(uintptr_t)arg;

    for (int i = 0; i < ITER; i++) {
        int use = i & 1 ? fd2 : fd;
        struct xs_domctl pause = domctl_46(XS_DOMCTL_pausedomain);
        struct xs_domctl unpause = domctl_46(XS_DOMCTL_unpausedomain);

        count(privcmd_hypercall(use, XS_HYPERVISOR_domctl, (uintptr_t)&pause) == 0);
        /* Between our own pause and unpause the guest must be paused,
         * whatever the other threads do. */
        count(getdomaininfo_paused_v0(use));
        count(privcmd_hypercall(use, XS_HYPERVISOR_domctl, (uintptr_t)&unpause) == 0);
        count(legacy_isa_irq(use, irq, 1) == 0);
        count(legacy_isa_irq(use, irq, 0) == 0);
    }
    close(fd2);
    close(fd);
    atomic_fetch_sub(&dm_running, 1);
    return NULL;
}

/* A privcmd request on a file that is not privcmd: createdomain stamped
 * by 4.6, which the shim refuses itself (-EACCES) if it ever took the
 * file for privcmd; the kernel answers ENOTTY. */
static void wrong_file_request(int fd)
{
    struct xs_domctl d = domctl_46(1);
    long r = privcmd_hypercall(fd, XS_HYPERVISOR_domctl, (uintptr_t)&d);

    atomic_fetch_add(r == -ENOTTY ? &wrong_file_enotty : &wrong_file_other, 1);
}

static void *churn_thread(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;

    while (atomic_load(&dm_running) > 0) {
        int p[2], n, priv, again, hi;

        /* Unrelated descriptors: open, dup, dup2/dup3 onto high numbers,
         * F_DUPFD, close_range. */
        n = open("/dev/null", O_RDONLY);
        hi = 600 + (int)(id * 50) + (int)(atomic_load(&churn_rounds) % 50);
        dup2(n, hi);
        dup3(n, hi + 1, O_CLOEXEC);
        close(fcntl(n, F_DUPFD_CLOEXEC, 900 + (int)id * 10));
        close(hi);
        close_range((unsigned)hi + 1, (unsigned)hi + 1, 0);
        if (pipe(p) == 0) {
            wrong_file_request(p[0]);
            close(p[0]);
            close(p[1]);
        }
        close(n);

        /* A privcmd number closed and reused by another file at once. */
        priv = open(isim.path, O_RDWR);
        if (priv >= 0) {
            count(privcmd_hypercall(priv, XS_HYPERVISOR_xen_version, XS_XENVER_version) ==
                  (4 << 16 | 17));
            close(priv);
            again = open("/dev/zero", O_RDONLY);
            wrong_file_request(again);
            close(again);
        }
        atomic_fetch_add(&churn_rounds, 1);
    }
    return NULL;
}

static void nothing_lost_or_misrouted(void **state)
{
    pthread_t dm[DM_THREADS], churn[CHURN_THREADS];
    unsigned long rounds, domctls;
    int fd;

    (void)state;
    assert_int_equal(isim_start("4.17"), 0);
    atomic_store(&dm_running, DM_THREADS);
    for (unsigned i = 0; i < CHURN_THREADS; i++)
        assert_int_equal(pthread_create(&churn[i], NULL, churn_thread, (void *)(uintptr_t)i), 0);
    for (unsigned i = 0; i < DM_THREADS; i++)
        assert_int_equal(pthread_create(&dm[i], NULL, dm_thread, (void *)(uintptr_t)(i + 3)), 0);
    for (unsigned i = 0; i < DM_THREADS; i++)
        assert_int_equal(pthread_join(dm[i], NULL), 0);
    for (unsigned i = 0; i < CHURN_THREADS; i++)
        assert_int_equal(pthread_join(churn[i], NULL), 0);

    rounds = atomic_load(&churn_rounds);
    assert_true(rounds > 0);
    assert_int_equal(atomic_load(&calls_bad), 0);
    assert_int_equal(atomic_load(&calls_ok), 5ul * DM_THREADS * ITER + rounds);
    /* Every privcmd request on another file reached the kernel as sent. */
    assert_int_equal(atomic_load(&wrong_file_other), 0);
    assert_int_equal(atomic_load(&wrong_file_enotty), 2 * rounds);
    assert_int_equal(atomic_load(&isim.not_privcmd), 2 * rounds);
    /* One domctl reached the hypervisor per domctl made, plus detection's
     * single interface probe. */
    domctls = atomic_load(&isim.hypercalls[XS_HYPERVISOR_domctl]);
    assert_int_equal(domctls, 3ul * DM_THREADS * ITER + 1);
    assert_int_equal(xs_stat_get("domctl", "pausedomain"), DM_THREADS * ITER);
    assert_int_equal(xs_stat_get("domctl", "getdomaininfo"), DM_THREADS * ITER);
    assert_int_equal(xs_stat_get("domctl", "unpausedomain"), DM_THREADS * ITER);
    assert_string_equal(xs_profile_name(xs_profile_current()), "4.17");
    /* Each legacy hvm_op reached the hypervisor as exactly one dm_op. */
    assert_int_equal(atomic_load(&isim.dm_ops), 2ul * DM_THREADS * ITER);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), 0);
    assert_int_equal(xs_stat_get("hvm_op", "set_isa_irq_level"), 2ul * DM_THREADS * ITER);

    /* All pauses undone. */
    fd = open(isim.path, O_RDWR);
    {
        struct xs_domctl d = domctl_46(XS_DOMCTL_getdomaininfo);
        assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_domctl, (uintptr_t)&d), 0);
        assert_int_equal(d.u.getdomaininfo_v0.flags & XS_DOMINF_paused, 0);
    }
    close(fd);
    /* The guest as every thread left it: no pause held, every line low. */
    {
        char *json = sim_test_state(isim.sim);

        assert_non_null(strstr(json, "\"pause_count\":0"));
        assert_non_null(strstr(json, "\"isa\":[]"));
        free(json);
    }
    isim_stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nothing_lost_or_misrouted),
    };

    xs_log_set_level(0);
    return cmocka_run_group_tests_name("stress", tests, NULL, NULL);
}
