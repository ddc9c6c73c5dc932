/* The privcmd descriptor table: identification, reuse after close, dup,
 * and generations.  "privcmd" here is a temporary file the table is
 * pointed at: identification compares inodes, so any file will do. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* The table under test, compiled in with room for 1024 numbers, so a
 * number past it is one any process may open (RLIMIT_NOFILE is often
 * below 65536 and only CAP_SYS_RESOURCE may raise it). */
#define XS_FDT_SIZE 1024
#include "shim/fdtable.c"
#include "shim/restriction_probe.c"

static char fake_privcmd[64];
static const char *saved_paths[2];

static int setup(void **state)
{
    int fd;

    (void)state;
    snprintf(fake_privcmd, sizeof(fake_privcmd), "/tmp/xs-fdtable-privcmd.XXXXXX");
    fd = mkstemp(fake_privcmd);
    if (fd < 0)
        return -1;
    close(fd);
    saved_paths[0] = xs_privcmd_paths[0];
    saved_paths[1] = xs_privcmd_paths[1];
    xs_privcmd_paths[0] = fake_privcmd;
    xs_privcmd_paths[1] = "/nonexistent/privcmd";
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(fake_privcmd);
    xs_privcmd_paths[0] = saved_paths[0];
    xs_privcmd_paths[1] = saved_paths[1];
    return 0;
}

static int open_privcmd(void)
{
    int fd = open(fake_privcmd, O_RDWR);

    assert_true(fd >= 0);
    xs_fdt_created(fd, XS_FD_UNKNOWN);
    return fd;
}

static void identifies_and_caches(void **state)
{
    int p[2], fd;

    (void)state;
    assert_int_equal(pipe(p), 0);
    xs_fdt_forget(p[0]);
    assert_int_equal(xs_fdt_get(p[0]), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_lookup(p[0]), XS_FD_OTHER);
    assert_int_equal(xs_fdt_get(p[0]), XS_FD_OTHER);

    fd = open_privcmd();
    assert_int_equal(xs_fdt_get(fd), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_PRIVCMD);
    assert_int_equal(xs_fdt_get(fd), XS_FD_PRIVCMD);
    close(fd);
    xs_fdt_forget(fd);
    close(p[0]);
    close(p[1]);
    xs_fdt_forget(p[0]);
    xs_fdt_forget(p[1]);
}

/* The case the generations exist for: a privcmd number closed and handed
 * to another file must not keep the privcmd answer. */
static void reuse_after_close_is_not_privcmd(void **state)
{
    int fd, again;

    (void)state;
    fd = open_privcmd();
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_PRIVCMD);
    close(fd);
    xs_fdt_forget(fd);
    again = open("/dev/null", O_RDONLY);
    assert_int_equal(again, fd);            /* lowest free number: the same one */
    xs_fdt_created(again, XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_get(again), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_lookup(again), XS_FD_OTHER);
    close(again);
    xs_fdt_forget(again);
}

/* The same, with the close and the reuse unseen (fclose, syscall(SYS_close),
 * pipe): the cached answer is confirmed before it is believed, and a
 * restriction noted for the old file goes with it. */
static void unseen_reuse_is_not_privcmd(void **state)
{
    int fd, p[2];

    (void)state;
    fd = open_privcmd();
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_PRIVCMD);
    xs_fdt_set_restricted(fd, 3);
    close(fd);                              /* no xs_fdt_forget: unseen */
    assert_int_equal(pipe(p), 0);
    assert_int_equal(p[0], fd);
    assert_int_equal(xs_fdt_get(fd), XS_FD_PRIVCMD);   /* stale, as cached */
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_OTHER);
    assert_int_equal(xs_fdt_get(fd), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_restricted(fd), -1);
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_OTHER);
    assert_int_equal(xs_fdt_get(fd), XS_FD_OTHER);
    close(p[0]);
    close(p[1]);
    xs_fdt_forget(p[0]);
    xs_fdt_forget(p[1]);
    /* Reopened as privcmd behind the hooks: still privcmd, and the old
     * restriction stays (the shim may refuse more, never less). */
    fd = open_privcmd();
    xs_fdt_set_restricted(fd, 3);
    close(fd);
    assert_int_equal(open(fake_privcmd, O_RDWR), fd);
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_PRIVCMD);
    assert_int_equal(xs_fdt_restricted(fd), 3);
    close(fd);
    xs_fdt_forget(fd);
}

static void dup_of_privcmd_is_privcmd(void **state)
{
    int fd, d, d2;

    (void)state;
    fd = open_privcmd();
    d = dup(fd);
    xs_fdt_created(d, XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_lookup(d), XS_FD_PRIVCMD);
    d2 = dup2(fd, 200);
    assert_int_equal(d2, 200);
    xs_fdt_created(d2, XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_lookup(d2), XS_FD_PRIVCMD);
    /* dup2 of something else over it: a new file under the same number. */
    d2 = open("/dev/null", O_RDONLY);
    assert_int_equal(dup2(d2, 200), 200);
    xs_fdt_created(200, XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_lookup(200), XS_FD_OTHER);
    /* The original is still privcmd. */
    assert_int_equal(xs_fdt_lookup(fd), XS_FD_PRIVCMD);
    close(d2);
    close(200);
    close(d);
    close(fd);
    xs_fdt_forget_range(0, 1023);
}

static void forget_range_clears_only_the_range(void **state)
{
    (void)state;
    xs_fdt_created(300, XS_FD_PRIVCMD);
    xs_fdt_created(301, XS_FD_OTHER);
    xs_fdt_created(310, XS_FD_PRIVCMD);
    xs_fdt_forget_range(300, 305);
    assert_int_equal(xs_fdt_get(300), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_get(301), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_get(310), XS_FD_PRIVCMD);
    xs_fdt_forget_range(306, ~0u);          /* close_range(.., ~0U) */
    assert_int_equal(xs_fdt_get(310), XS_FD_UNKNOWN);
    assert_int_equal(xs_fdt_get(-1), XS_FD_UNKNOWN);
    xs_fdt_forget(-5);                      /* no effect, no crash */
}

/* Numbers beyond the table are identified on every call, never cached. */
static void large_numbers_are_not_cached(void **state)
{
    int fd, big = XS_FDT_SIZE + 10;

    (void)state;
    fd = open_privcmd();
    assert_int_equal(dup2(fd, big), big);
    assert_int_equal(xs_fdt_lookup(big), XS_FD_PRIVCMD);
    assert_int_equal(xs_fdt_get(big), XS_FD_UNKNOWN);
    close(big);
    assert_int_equal(xs_fdt_lookup(big), XS_FD_OTHER);   /* closed: fstat fails */
    close(fd);
    xs_fdt_forget(fd);
}

/* Thread A closes number N; before its close returns, thread B opens a
 * new privcmd on N and restricts it.  A's forget after the close must not
 * take B's restriction (the interposer would then translate B's dm_ops
 * into hypercalls the kernel refuses on B's restricted file). */
static void restriction_survives_a_racing_close(void **state)
{
    int n = 40;

    (void)state;
    xs_fdt_forget(n);                     /* A: before its close */
    xs_fdt_forget(n);                     /* B: open() got n */
    xs_fdt_set_restricted(n, 1);          /* B: RESTRICT */
    xs_fdt_forget_after_close(n);         /* A: after its close */
    assert_int_equal(xs_fdt_restricted(n), 1);
    assert_int_equal(xs_fdt_get(n), XS_FD_UNKNOWN);
    xs_fdt_forget_range_after_close(30, 50);
    assert_int_equal(xs_fdt_restricted(n), 1);
    xs_fdt_forget(n);                     /* the number's next file */
    assert_int_equal(xs_fdt_restricted(n), -1);
}

/* One thread identifies a number over and over while another keeps
 * swapping the file under it (privcmd / not privcmd), announcing each swap
 * as the interposer does.  Whatever the interleaving, once the swapper
 * leaves a non-privcmd file there, the table must not say privcmd. */
#define SWAP_NUM 400
static atomic_int stop_looking;

static void *looker(void *arg)
{
    unsigned long privcmd_seen = 0;

    (void)arg;
    while (!atomic_load(&stop_looking))
        if (xs_fdt_lookup(SWAP_NUM) == XS_FD_PRIVCMD)
            privcmd_seen++;
    return (void *)privcmd_seen;
}

static void identification_racing_with_reuse(void **state)
{
    int priv = open_privcmd(), other = open("/dev/null", O_RDONLY);
    pthread_t t[2];
    void *seen;

    (void)state;
    assert_true(other >= 0);
    xs_fdt_forget(SWAP_NUM);
    for (int round = 0; round < 200; round++) {
        atomic_store(&stop_looking, 0);
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&t[i], NULL, looker, NULL), 0);
        for (int i = 0; i < 50; i++) {
            assert_int_equal(dup2(priv, SWAP_NUM), SWAP_NUM);
            xs_fdt_forget(SWAP_NUM);
            assert_int_equal(dup2(other, SWAP_NUM), SWAP_NUM);
            xs_fdt_forget(SWAP_NUM);
        }
        atomic_store(&stop_looking, 1);
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_join(t[i], &seen), 0);
        assert_int_not_equal(xs_fdt_get(SWAP_NUM), XS_FD_PRIVCMD);
        assert_int_equal(xs_fdt_lookup(SWAP_NUM), XS_FD_OTHER);
    }
    close(SWAP_NUM);
    close(priv);
    close(other);
    xs_fdt_forget_range(0, 1023);
}

/* A kernel as restriction_probe.c asks it: HYPERCALL with a NULL argument
 * answers -EPERM for a restricted file, -EFAULT otherwise; the first
 * eintr_left questions are interrupted. */
static int kernel_questions, kernel_restricted, eintr_left;

static int fake_kernel_ioctl(int fd, unsigned long req, ...)
{
    (void)fd;
    kernel_questions++;
    assert_int_equal(req, XS_IOCTL_PRIVCMD_HYPERCALL);
    errno = eintr_left-- > 0 ? EINTR : kernel_restricted ? EPERM : EFAULT;
    return -1;
}

static void kernel_asked_once_per_file(void **state)
{
    (void)state;
    kernel_questions = 0;
    kernel_restricted = 0;
    eintr_left = 0;
    xs_fdt_created(40, XS_FD_PRIVCMD);
    assert_int_equal(xs_kernel_restricted(40, fake_kernel_ioctl), 0);
    assert_int_equal(xs_kernel_restricted(40, fake_kernel_ioctl), 0);
    assert_int_equal(kernel_questions, 1);
    /* The number now names another file (here: one restricted): asked
     * again, and that answer kept too. */
    kernel_restricted = 1;
    xs_fdt_forget(40);
    xs_fdt_created(40, XS_FD_PRIVCMD);
    assert_int_equal(xs_kernel_restricted(40, fake_kernel_ioctl), 1);
    assert_int_equal(xs_kernel_restricted(40, fake_kernel_ioctl), 1);
    assert_int_equal(kernel_questions, 2);
    /* A dup is a new generation of its number: asked for it. */
    xs_fdt_created(41, XS_FD_PRIVCMD);
    assert_int_equal(xs_kernel_restricted(41, fake_kernel_ioctl), 1);
    assert_int_equal(kernel_questions, 3);
    xs_fdt_forget(40);
    xs_fdt_forget(41);
}

static void interrupted_question_is_not_an_answer(void **state)
{
    int saved_errno;

    (void)state;
    kernel_questions = 0;
    kernel_restricted = 1;
    eintr_left = 3;
    xs_fdt_created(42, XS_FD_PRIVCMD);
    errno = 1234;
    assert_int_equal(xs_kernel_restricted(42, fake_kernel_ioctl), 1);
    saved_errno = errno;
    assert_int_equal(saved_errno, 1234);
    assert_int_equal(kernel_questions, 4);
    /* Interrupted every time: an errno for this call, nothing cached. */
    xs_fdt_forget(42);
    xs_fdt_created(42, XS_FD_PRIVCMD);
    eintr_left = 1000;
    assert_int_equal(xs_kernel_restricted(42, fake_kernel_ioctl), -EINTR);
    eintr_left = 0;
    kernel_restricted = 0;
    assert_int_equal(xs_kernel_restricted(42, fake_kernel_ioctl), 0);
    /* Numbers past the table are asked each time. */
    kernel_questions = 0;
    assert_int_equal(xs_kernel_restricted(XS_FDT_SIZE + 3, fake_kernel_ioctl), 0);
    assert_int_equal(xs_kernel_restricted(XS_FDT_SIZE + 3, fake_kernel_ioctl), 0);
    assert_int_equal(kernel_questions, 2);
    xs_fdt_forget(42);
}

static void privcmd_path_names(void **state)
{
    (void)state;
    assert_true(xs_path_may_be_privcmd("/dev/xen/privcmd"));
    assert_true(xs_path_may_be_privcmd("/proc/xen/privcmd"));
    assert_true(xs_path_may_be_privcmd("privcmd"));
    assert_false(xs_path_may_be_privcmd("/dev/xen/privcmd2"));
    assert_false(xs_path_may_be_privcmd("/dev/xen/evtchn"));
    assert_false(xs_path_may_be_privcmd("/dev/xen/"));
    assert_false(xs_path_may_be_privcmd(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identifies_and_caches),
        cmocka_unit_test(reuse_after_close_is_not_privcmd),
        cmocka_unit_test(unseen_reuse_is_not_privcmd),
        cmocka_unit_test(dup_of_privcmd_is_privcmd),
        cmocka_unit_test(forget_range_clears_only_the_range),
        cmocka_unit_test(large_numbers_are_not_cached),
        cmocka_unit_test(restriction_survives_a_racing_close),
        cmocka_unit_test(identification_racing_with_reuse),
        cmocka_unit_test(kernel_asked_once_per_file),
        cmocka_unit_test(interrupted_question_is_not_an_answer),
        cmocka_unit_test(privcmd_path_names),
    };

    return cmocka_run_group_tests_name("fdtable", tests, setup, teardown);
}
