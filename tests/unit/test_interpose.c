/* The interposer itself (compiled in, over the in-process simulator
 * playing 4.6, which has no dm_op): what reaches the kernel untouched,
 * errno, the kernel's DM_OP limits in front of a translated dm_op, and
 * restricted descriptors. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "interposed_sim.h"
#include "abi.h"
#include "log.h"

static int setup(void **state)
{
    (void)state;
    xs_log_set_level(0);
    return isim_start("4.6");
}

static int teardown(void **state)
{
    (void)state;
    isim_stop();
    return 0;
}

static long privcmd_hypercall(int fd, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct xs_privcmd_hypercall h = { op, { a0, a1, a2, 0, 0 } };
    int r = ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);

    return r < 0 ? -errno : r;
}

/* A set_isa_irq_level dm_op, as libxendevicemodel sends it. */
static long dm_op_isa_irq(int fd, uint16_t dom, uint8_t irq, uint8_t level)
{
    struct xs_dm_op op;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };
    struct xs_privcmd_dm_op dm = { dom, 1, (uintptr_t)&buf };
    int r;

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_isa_irq_level;
    op.u.set_isa_irq_level.isa_irq = irq;
    op.u.set_isa_irq_level.level = level;
    r = ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm);
    return r < 0 ? -errno : r;
}

static void other_ioctls_untouched(void **state)
{
    int p[2], n = -1, fd;

    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "ab", 2), 2);
    assert_int_equal(ioctl(p[0], FIONREAD, &n), 0);
    assert_int_equal(n, 2);
    errno = 0;
    assert_int_equal(ioctl(p[0], TCGETS, &n), -1);     /* a pipe is no tty */
    assert_int_equal(errno, ENOTTY);
    /* A privcmd request on a pipe is the kernel's business. */
    assert_int_equal(privcmd_hypercall(p[0], XS_HYPERVISOR_xen_version, 0, 0, 0), -ENOTTY);
    assert_int_equal(atomic_load(&isim.not_privcmd), 1);
    close(p[0]);
    close(p[1]);

    fd = open(isim.path, O_RDWR);
    assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0),
                     4 << 16 | 6);
    assert_string_equal(xs_profile_name(xs_profile_current()), "4.6");
    close(fd);
}

static void errno_kept_on_success(void **state)
{
    int fd = open(isim.path, O_RDWR);

    (void)state;
    errno = 4242;
    assert_int_equal(dm_op_isa_irq(fd, 1, 3, 1), 0);
    assert_int_equal(errno, 4242);
    assert_int_equal(dm_op_isa_irq(fd, 77, 3, 1), -ESRCH);   /* no such guest */
    close(fd);
}

/* The kernel checks a DM_OP before the hypervisor sees it; a translated
 * dm_op must meet the same checks, in the same order. */
static void dm_op_kernel_limits(void **state)
{
    struct xs_privcmd_dm_op_buf bufs[17];
    struct xs_privcmd_dm_op dm = { 1, 17, (uintptr_t)bufs };
    unsigned long hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);
    int fd = open(isim.path, O_RDWR);

    (void)state;
    memset(bufs, 0, sizeof(bufs));
    errno = 0;
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), -1);
    assert_int_equal(errno, E2BIG);
    dm.num = 1;
    bufs[0].uptr = (uintptr_t)bufs;
    bufs[0].size = 4097;
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), -1);
    assert_int_equal(errno, E2BIG);
    dm.ubufs = 16;                                /* unmapped */
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), -1);
    assert_int_equal(errno, EFAULT);
    dm.num = 0;                                   /* the kernel answers alone */
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops);
    close(fd);
}

/* libxendevicemodel without the DM_OP ioctl makes dm_op hypercall 41. */
static void dm_op_as_hypercall(void **state)
{
    struct xs_dm_op op;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };
    unsigned long hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);
    int fd = open(isim.path, O_RDWR);

    (void)state;
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_isa_irq_level;
    op.u.set_isa_irq_level.isa_irq = 7;
    op.u.set_isa_irq_level.level = 1;
    assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_dm_op, 1, 1, (uintptr_t)&buf), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 1);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_dm_op]), 0);
    assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_dm_op, 1, 17, (uintptr_t)&buf), -E2BIG);
    assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_dm_op, 1, 1, 16), -EFAULT);
    close(fd);
}

/* After RESTRICT the kernel refuses raw hypercalls on the descriptor, yet
 * a dm_op for the restricted domain must still work on a hypervisor
 * without dm_op, where the shim turns it into hypercalls. */
static void restricted_descriptor(void **state)
{
    int fd = open(isim.path, O_RDWR), d;
    uint16_t dom = 1, other = 2;
    unsigned long hvm_ops;

    (void)state;
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(xs_fdt_restricted(fd), 1);
    hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);

    assert_int_equal(dm_op_isa_irq(fd, 1, 5, 1), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 1);
    /* Another domain: the kernel's -EPERM, before anything else. */
    assert_int_equal(dm_op_isa_irq(fd, 2, 5, 1), -EPERM);
    {
        struct xs_privcmd_dm_op probe = { 2, 0, 0 };
        assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &probe), -1);
        assert_int_equal(errno, EPERM);
    }
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 1);
    /* Raw hypercalls, legacy ones included, stay refused. */
    {
        struct xs_hvm_set_isa_irq_level a = { 1, 5, 0 };
        assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_hvm_op, XS_HVMOP_set_isa_irq_level,
                                   (uintptr_t)&a, 0), -EPERM);
    }
    /* Changing the restriction is the kernel's -EINVAL; the shim keeps 1. */
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &other), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(xs_fdt_restricted(fd), 1);
    /* A copy shares the open file, and the restriction. */
    d = dup(fd);
    assert_int_equal(xs_fdt_restricted(d), 1);
    close(d);
    assert_int_equal(xs_fdt_restricted(d), -1);
    close(fd);
    isim_closed(fd);
    assert_int_equal(xs_fdt_restricted(fd), -1);
    /* An unrestricted descriptor is unaffected. */
    fd = open(isim.path, O_RDWR);
    assert_int_equal(dm_op_isa_irq(fd, 2, 5, 1), -ESRCH);
    close(fd);
}

/* A forked child keeps the parent's descriptors and profile, and counts
 * only its own translations. */
static void fork_child_translates(void **state)
{
    int fd = open(isim.path, O_RDWR), status = -1;
    pid_t pid;

    (void)state;
    assert_int_equal(dm_op_isa_irq(fd, 1, 6, 1), 0);
    assert_true(xs_stat_total() > 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int ok = xs_stat_total() == 0 && dm_op_isa_irq(fd, 1, 6, 0) == 0 &&
                 xs_stat_total() == 1 && xs_fdt_get(fd) == XS_FD_PRIVCMD;
        _exit(ok ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(dm_op_isa_irq(fd, 1, 6, 0), 0);
    close(fd);
}

static char *stats_text(const char *profile)
{
    static char buf[1024];
    int p[2];
    ssize_t n;

    assert_int_equal(pipe(p), 0);
    xs_stats_print(p[1], profile);
    close(p[1]);
    n = read(p[0], buf, sizeof(buf) - 1);
    close(p[0]);
    buf[n > 0 ? n : 0] = 0;
    return buf;
}

/* XENSHIM_STATS' report: one sorted line per op, then the total; or the
 * "nothing" line the differential tests on 4.5-4.8 look for. */
static void statistics_report(void **state)
{
    char longop[80];

    (void)state;
    xs_stats_reset();
    assert_string_equal(stats_text("4.6"), "xenshim: translated nothing (profile 4.6)\n");
    xs_stat_translated("hvm_op", "set_pci_intx_level");
    xs_stat_translated("hvm_op", "set_pci_intx_level");
    xs_stat_translated("domctl", "getdomaininfo");
    assert_int_equal(xs_stat_get("hvm_op", "set_pci_intx_level"), 2);
    assert_int_equal(xs_stat_get("hvm_op", "set_isa_irq_level"), 0);
    assert_string_equal(stats_text("4.17"),
                        "xenshim: translated domctl getdomaininfo 1\n"
                        "xenshim: translated hvm_op set_pci_intx_level 2\n"
                        "xenshim: translated 3 calls in total (profile 4.17)\n");
    /* A name too long for a slot still counts in the total. */
    memset(longop, 'x', sizeof(longop) - 1);
    longop[sizeof(longop) - 1] = 0;
    xs_stat_translated("hvm_op", longop);
    assert_int_equal(xs_stat_total(), 4);
    assert_non_null(strstr(stats_text(NULL), "translated 4 calls in total (profile not probed)"));
    xs_stats_reset();
    assert_int_equal(xs_stat_total(), 0);
    assert_string_equal(stats_text("hvmctl1"), "xenshim: translated nothing (profile hvmctl1)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(other_ioctls_untouched),
        cmocka_unit_test(errno_kept_on_success),
        cmocka_unit_test(dm_op_kernel_limits),
        cmocka_unit_test(dm_op_as_hypercall),
        cmocka_unit_test(restricted_descriptor),
        cmocka_unit_test(fork_child_translates),
        cmocka_unit_test(statistics_report),
    };

    return cmocka_run_group_tests_name("interpose", tests, setup, teardown);
}
