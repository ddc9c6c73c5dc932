/* The interposer itself (compiled in, over the in-process simulator
 * playing 4.6, which has no dm_op): what reaches the kernel untouched,
 * errno, the kernel's DM_OP limits in front of a translated dm_op, and
 * restricted descriptors. */
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
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "interposed_sim.h"
#include "thread_broker.h"
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

/* The fake driver keeps restrictions by number: forget it with the file. */
static void close_privcmd(int fd)
{
    close(fd);
    isim_closed(fd);
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

/* Linux pins every page of every DM_OP buffer for writing before Xen
 * runs: a buffer reaching into an unmapped page, or a read-only one, is
 * -EFAULT and no hypercall is made (issue 15, finding 3). */
static void dm_op_buffers_pinned_for_writing(void **state)
{
    long pagesz = sysconf(_SC_PAGESIZE);
    unsigned char *pages = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct xs_dm_op *op;
    struct xs_privcmd_dm_op_buf buf;
    struct xs_privcmd_dm_op dm = { 1, 1, (uintptr_t)&buf };
    unsigned long hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);
    int fd = open(isim.path, O_RDWR);

    (void)state;
    assert_true(pages != MAP_FAILED);
    assert_int_equal(munmap(pages + pagesz, pagesz), 0);
    /* The op's first 8 bytes mapped, the rest not. */
    op = (struct xs_dm_op *)(pages + pagesz - 8);
    memset(op, 0, 8);
    op->op = XS_DMOP_set_isa_irq_level;
    buf = (struct xs_privcmd_dm_op_buf){ (uintptr_t)op, sizeof(*op) };
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), -1);
    assert_int_equal(errno, EFAULT);
    /* Whole, but read-only. */
    op = (struct xs_dm_op *)pages;
    memset(op, 0, sizeof(*op));
    op->op = XS_DMOP_set_isa_irq_level;
    op->u.set_isa_irq_level.isa_irq = 5;
    buf.uptr = (uintptr_t)op;
    assert_int_equal(mprotect(pages, pagesz, PROT_READ), 0);
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), -1);
    assert_int_equal(errno, EFAULT);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops);
    assert_int_equal(mprotect(pages, pagesz, PROT_READ | PROT_WRITE), 0);
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 1);
    munmap(pages, pagesz);
    close(fd);
}

/* The copies' fast paths (a recorded /dev/xen/hypercall mapping, the
 * thread's own stack) never stretch past what they know is there: a dm_op
 * whose buffer runs from either into an unmapped page is the kernel's
 * EFAULT, with nothing done and no fault in the shim, and a recorded
 * mapping whose pages change (munmap, mprotect) is forgotten first. */
static long dm_op_isa_irq_at(int fd, struct xs_dm_op *op, size_t size)
{
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)op, size };
    struct xs_privcmd_dm_op dm = { 1, 1, (uintptr_t)&buf };

    return ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm) < 0 ? -errno : 0;
}

static void fast_copies_stop_at_unmapped_pages(void **state)
{
    size_t pagesz = (size_t)sysconf(_SC_PAGESIZE);
    char path[] = "/tmp/xs-hypercall-dev.XXXXXX";
    const char *saved = xs_hypercall_dev_path;
    int dev = mkstemp(path), fd = open(isim.path, O_RDWR);
    unsigned long hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);
    struct xs_dm_op *op;
    uint8_t *pages;

    (void)state;
    assert_true(dev >= 0 && ftruncate(dev, (off_t)(2 * pagesz)) == 0);
    xs_hypercall_dev_path = path;
    pages = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE, MAP_SHARED, dev, 0);
    assert_true(pages != MAP_FAILED);
    assert_true(xs_hcall_bufs_contain((uintptr_t)pages, 2 * pagesz));
    /* Read-only: forgotten, and the kernel could not pin it for writing. */
    op = (struct xs_dm_op *)pages;
    memset(op, 0, sizeof(*op));
    op->op = XS_DMOP_set_isa_irq_level;
    op->u.set_isa_irq_level.isa_irq = 5;
    assert_int_equal(mprotect(pages, 2 * pagesz, PROT_READ), 0);
    assert_false(xs_hcall_bufs_contain((uintptr_t)pages, 1));
    assert_int_equal(dm_op_isa_irq_at(fd, op, sizeof(*op)), -EFAULT);
    assert_int_equal(mprotect(pages, 2 * pagesz, PROT_READ | PROT_WRITE), 0);
    /* The second page unmapped: the whole mapping is forgotten, and an op
     * running into that page is EFAULT. */
    assert_int_equal(munmap(pages + pagesz, pagesz), 0);
    assert_false(xs_hcall_bufs_contain((uintptr_t)pages, 1));
    op = (struct xs_dm_op *)(pages + pagesz - 8);
    memset(op, 0, 8);
    op->op = XS_DMOP_set_isa_irq_level;
    assert_int_equal(dm_op_isa_irq_at(fd, op, sizeof(*op)), -EFAULT);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops);
    /* Whole and writable: translated (by the checked copies now). */
    op = (struct xs_dm_op *)pages;
    assert_int_equal(dm_op_isa_irq_at(fd, op, sizeof(*op)), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 1);
    munmap(pages, pagesz);
    xs_hypercall_dev_path = saved;
    close(dev);
    unlink(path);
    close(fd);
}

/* A thread on a stack of the caller's own, with an unmapped page right
 * above it: an op that starts on the stack and runs into that page. */
struct stack_edge {
    int fd;
    long far, near;
};

static void *op_at_the_stack_top(void *p)
{
    struct stack_edge *e = p;
    uintptr_t top = (uintptr_t)pthread_self();   /* glibc: the stack's top */
    struct xs_dm_op *op = (struct xs_dm_op *)(top - 8), near;

    /* 8 bytes below the thread's descriptor, the rest over it and past
     * the mapping's end (the descriptor is far smaller than a page). */
    e->far = dm_op_isa_irq_at(e->fd, op, XS_PRIVCMD_DM_OP_MAX_SIZE);
    memset(&near, 0, sizeof(near));
    near.op = XS_DMOP_set_isa_irq_level;
    near.u.set_isa_irq_level.isa_irq = 6;
    e->near = dm_op_isa_irq_at(e->fd, &near, sizeof(near));
    return NULL;
}

static void stack_copies_stop_at_the_stack_top(void **state)
{
    size_t pagesz = (size_t)sysconf(_SC_PAGESIZE), size = 64 * pagesz;
    uint8_t *mem = mmap(NULL, size + pagesz, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned long hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);
    struct stack_edge e = { open(isim.path, O_RDWR), 0, 0 };
    pthread_attr_t attr;
    pthread_t t;

    (void)state;
    assert_true(mem != MAP_FAILED);
    assert_int_equal(munmap(mem + size, pagesz), 0);
    assert_int_equal(pthread_attr_init(&attr), 0);
    assert_int_equal(pthread_attr_setstack(&attr, mem, size), 0);
    assert_int_equal(pthread_create(&t, &attr, op_at_the_stack_top, &e), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(e.far, -EFAULT);
    assert_int_equal(e.near, 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 1);
    pthread_attr_destroy(&attr);
    munmap(mem, size);
    close(e.fd);
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

static bool fd_names_privcmd(int fd)
{
    char link[64], target[128];
    ssize_t n;

    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    n = readlink(link, target, sizeof(target) - 1);
    if (n <= 0)
        return false;
    target[n] = 0;
    return strcmp(target, isim.path) == 0;
}

/* Descriptors open on the fake privcmd, the caller's included. */
static int privcmd_fds_open(void)
{
    int n = 0;

    for (int fd = 0; fd < 1024; fd++)
        n += fd_names_privcmd(fd);
    return n;
}

/* After RESTRICT the kernel refuses raw hypercalls on the descriptor, and
 * on a hypervisor without dm_op a dm_op would be made of hypercalls.  With
 * the broker turned off (XENSHIM_RESTRICTED_FALLBACK=0) the dm_op reaches
 * the kernel as it is and fails as it would without the shim, and the
 * shim holds no descriptor of its own. */
static void restricted_descriptor(void **state)
{
    int fd = open(isim.path, O_RDWR), d;
    uint16_t dom = 1, other = 2;
    unsigned long hvm_ops, dm_ops;

    (void)state;
    setenv("XENSHIM_RESTRICTED_FALLBACK", "0", 1);
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(xs_fdt_restricted(fd), 1);
    assert_int_equal(atomic_load(&broker_sock), -1);
    assert_int_equal(privcmd_fds_open(), 1);
    hvm_ops = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]);
    dm_ops = atomic_load(&isim.dm_ops);

    /* 4.6 has no dm_op: the kernel's hypercall 41 is -ENOSYS. */
    assert_int_equal(dm_op_isa_irq(fd, 1, 5, 1), -ENOSYS);
    assert_int_equal(atomic_load(&isim.dm_ops), dm_ops + 1);
    /* Another domain: the kernel's -EPERM. */
    assert_int_equal(dm_op_isa_irq(fd, 2, 5, 1), -EPERM);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops);
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
    close_privcmd(fd);
    assert_int_equal(xs_fdt_restricted(fd), -1);
    assert_int_equal(atomic_load(&broker_sock), -1);
    unsetenv("XENSHIM_RESTRICTED_FALLBACK");
    /* An unrestricted descriptor is unaffected. */
    fd = open(isim.path, O_RDWR);
    assert_int_equal(dm_op_isa_irq(fd, 2, 5, 1), -ESRCH);
    close(fd);
}

/* By default, a restriction on a hypervisor without dm_op starts the
 * broker, and the restricted descriptor's dm_ops go through it: for the
 * restricted domain only, raw hypercalls still the kernel's -EPERM. */
/* Another thread forks while the broker is starting: the child must not
 * inherit anything taken (it restricts, and must not hang). */
static int start_broker_forking_meanwhile(struct xs_broker *b, int privcmd_fd, uint16_t domid)
{
    int status = -1;
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(isim.path, O_RDWR);
        uint16_t dom = 1;
        alarm(5);
        start_broker = thread_broker_start;   /* the child may start its own */
        _exit(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom) == 0 ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));     /* not killed by the alarm */
    assert_int_equal(WEXITSTATUS(status), 0);
    return thread_broker_start(b, privcmd_fd, domid);
}

static void restricted_dm_ops_go_through_the_broker(void **state)
{
    int fd = open(isim.path, O_RDWR), fd2 = open(isim.path, O_RDWR);
    uint16_t dom = 1;
    unsigned long hvm_ops;

    (void)state;
    start_broker = start_broker_forking_meanwhile;
    /* DOMID_INVALID is the kernel's "unrestricted": nothing changes.  Other
     * reserved ids restrict, but no dm_op acts on them: no broker, and the
     * one attempt is not spent. */
    dom = XS_DOMID_INVALID;
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(xs_fdt_restricted(fd), -1);
    assert_int_equal(tbroker.started, 0);
    dom = XS_DOMID_SELF;
    assert_int_equal(ioctl(fd2, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(xs_fdt_restricted(fd2), XS_DOMID_SELF);
    assert_int_equal(tbroker.started, 0);
    assert_int_equal(dm_op_isa_irq(fd2, 1, 5, 1), -EPERM);
    close_privcmd(fd2);
    fd2 = open(isim.path, O_RDWR);
    dom = 1;

    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(tbroker.started, 1);
    assert_true(atomic_load(&broker_sock) >= 0);
    assert_int_equal(broker.domid, 1);
    /* The fresh descriptor the interposer opened went to the broker. */
    assert_int_equal(privcmd_fds_open(), 3);   /* fd, fd2, the broker thread's */
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
    {
        struct xs_hvm_set_isa_irq_level a = { 1, 5, 0 };
        assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_hvm_op, XS_HVMOP_set_isa_irq_level,
                                   (uintptr_t)&a, 0), -EPERM);
    }
    /* A second descriptor restricted to the same domain shares the broker. */
    assert_int_equal(ioctl(fd2, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(tbroker.started, 1);
    assert_int_equal(dm_op_isa_irq(fd2, 1, 5, 0), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), hvm_ops + 2);
    close_privcmd(fd);
    close_privcmd(fd2);

    /* Another domain gets no broker of its own in this process: its
     * dm_ops fail as without the shim. */
    fd = open(isim.path, O_RDWR);
    dom = 2;
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(tbroker.started, 1);
    assert_int_equal(dm_op_isa_irq(fd, 2, 5, 1), -ENOSYS);
    close_privcmd(fd);

    /* The caller closing the broker's socket number loses the broker (the
     * number is the caller's to reuse), not the process. */
    close(atomic_load(&broker_sock));
    assert_int_equal(atomic_load(&broker_sock), -1);
    pthread_join(tbroker.thread, NULL);
    fd = open(isim.path, O_RDWR);
    dom = 1;
    assert_int_equal(ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(tbroker.started, 1);   /* one attempt per process */
    assert_int_equal(dm_op_isa_irq(fd, 1, 5, 1), -ENOSYS);
    close_privcmd(fd);
}

/* Every call made on the shim's own descriptor acts on the restricted
 * domain, or does not leave the shim. */
static void confined_descriptor_calls(void **state)
{
    int fd = open(isim.path, O_RDWR);
    struct xs_confined_privcmd c = { { fd, isim_ioctl }, 1 };
    struct xs_hv hv;
    struct xs_hvm_set_isa_irq_level mine = { 1, 5, 1 }, theirs = { 2, 5, 1 };
    struct xs_hvm_param param = { .domid = 1, .index = 1 };
    struct xs_domctl dc;
    struct xs_sched_remote_shutdown sd = { .domain_id = 2 };
    uint64_t a[5] = { XS_HVMOP_set_isa_irq_level, (uintptr_t)&mine, 0, 0, 0 };

    (void)state;
    xs_hv_init_confined(&hv, &c, xs_profile_current());
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_hvm_op, a), 0);
    a[1] = (uintptr_t)&theirs;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_hvm_op, a), -EPERM);
    /* A sub-op no dm_op translation makes, even for the right domain. */
    a[0] = XS_HVMOP_set_param;
    a[1] = (uintptr_t)&param;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_hvm_op, a), -EPERM);
    memset(&dc, 0, sizeof(dc));
    dc.cmd = XS_DOMCTL_pausedomain;
    dc.interface_version = xs_profile_current()->domctl_if;
    dc.domain = 2;
    a[0] = (uintptr_t)&dc;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_domctl, a), -EPERM);
    /* The domain's own, but no domctl a dm_op translation makes. */
    dc.domain = 1;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_domctl, a), -EPERM);
    dc.cmd = XS_DOMCTL_getdomaininfo;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_domctl, a), 0);
    a[0] = XS_SCHEDOP_remote_shutdown;
    a[1] = (uintptr_t)&sd;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_sched_op, a), -EPERM);
    /* memory_op only as relocate_memory's move, for the domain. */
    {
        struct xs_xen_add_to_physmap move = { 2, 1, XS_XENMAPSPACE_gmfn_range, 0x600, 0x7e00 };
        a[0] = XS_XENMEM_add_to_physmap;
        a[1] = (uintptr_t)&move;
        assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_memory_op, a), -EPERM);
        move.domid = 1;
        move.space = XS_XENMAPSPACE_gmfn_foreign;
        assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_memory_op, a), -EPERM);
        move.space = XS_XENMAPSPACE_gmfn;
        assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_memory_op, a), -EPERM);
        /* The right move, but another sub-op, or a continuation. */
        move.space = XS_XENMAPSPACE_gmfn_range;
        a[0] = 14;   /* maximum_gpfn, which reads the same domid */
        assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_memory_op, a), -EPERM);
        a[0] = XS_XENMEM_add_to_physmap | 1u << 6;
        assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_memory_op, a), -EPERM);
        a[0] = XS_XENMEM_add_to_physmap;
        assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_memory_op, a), 0);
    }
    a[0] = XS_XENVER_version;
    assert_int_equal(hv.hypercall(&hv, XS_HYPERVISOR_xen_version, a), -EPERM);
    assert_int_equal(hv.dm_op(&hv, 2, 0, NULL), -EPERM);
    close(fd);
}

/* A privcmd descriptor closed behind the hooks (fclose, the bare system
 * call) and its number taken by pipe(): a privcmd request on the pipe is
 * the kernel's ENOTTY, not a translation. */
static void privcmd_number_reused_behind_the_hooks(void **state)
{
    for (int how = 0; how < 2; how++) {
        unsigned long not_privcmd = atomic_load(&isim.not_privcmd);
        uint8_t dc[256];
        uint32_t cmd = XS_DOMCTL_pausedomain, ver = 0x3f;   /* no release: the shim answers */
        FILE *f = NULL;
        int fd, p[2];

        (void)state;
        if (how == 0) {
            f = fopen(isim.path, "r+");
            assert_non_null(f);
            fd = fileno(f);
        } else {
            fd = open(isim.path, O_RDWR);
        }
        assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0),
                         4 << 16 | 6);
        assert_int_equal(xs_fdt_get(fd), XS_FD_PRIVCMD);
        if (f)
            fclose(f);
        else
            syscall(SYS_close, fd);
        assert_int_equal(pipe(p), 0);
        assert_int_equal(p[0], fd);
        memset(dc, 0, sizeof(dc));
        memcpy(dc, &cmd, 4);
        memcpy(dc + 4, &ver, 4);
        /* A domctl the shim would otherwise have refused itself (-EACCES). */
        assert_int_equal(privcmd_hypercall(p[0], XS_HYPERVISOR_domctl, (uintptr_t)dc, 0, 0),
                         -ENOTTY);
        assert_int_equal(atomic_load(&isim.not_privcmd), not_privcmd + 1);
        assert_int_not_equal(xs_fdt_get(p[0]), XS_FD_PRIVCMD);
        close(p[0]);
        close(p[1]);
    }
}

/* ENOTTY to IOCTL_PRIVCMD_DM_OP from a file that is not privcmd says
 * nothing about the kernel: dm_op must keep going as the ioctl. */
static void enotty_from_another_file(void **state)
{
    struct xs_privcmd pc;
    struct xs_hv hv;
    struct xs_dm_op op;
    struct xs_ubuf buf = { (uintptr_t)&op, sizeof(op) };
    unsigned long dm_ops, hc41;
    int p[2], fd = open(isim.path, O_RDWR);

    (void)state;
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_isa_irq_level;
    op.u.set_isa_irq_level.isa_irq = 4;
    assert_int_equal(pipe(p), 0);
    pc.fd = p[0];
    pc.ioctl = isim_ioctl;
    xs_hv_init(&hv, &pc, xs_profile_current());
    assert_int_equal(hv.dm_op(&hv, 1, 1, &buf), -ENOTTY);
    dm_ops = atomic_load(&isim.dm_ops);
    hc41 = atomic_load(&isim.hypercalls[XS_HYPERVISOR_dm_op]);
    pc.fd = fd;
    assert_int_equal(hv.dm_op(&hv, 1, 1, &buf), -ENOSYS);   /* 4.6's kernel path */
    assert_int_equal(atomic_load(&isim.dm_ops), dm_ops + 1);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_dm_op]), hc41);
    close(p[0]);
    close(p[1]);
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

static char *state_json(struct sim *sim)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    assert_non_null(f);
    assert_int_equal(sim_write_state_json(sim, f), 0);
    fclose(f);
    return text;
}

/* On hvmctl1 hypercall 41 is hvmctl.  A device model built for hvmctl1
 * (a pointer in the first argument) must reach it untouched, never be
 * decoded as a dm_op: the shim's profile is hvmctl1 and the guest ends as
 * the same call made without the shim leaves it. */
static void hvmctl_native_untouched(void **state)
{
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 128, .trace = NULL };
    struct sim *native = sim_create(xs_release_by_name("hvmctl1"), &cfg);
    struct xs_hvmctl h;
    uint64_t arg[5] = { (uintptr_t)&h, 0, 0, 0, 0 };
    char *before, *shimmed, *direct;
    unsigned long calls;
    int fd = open(isim.path, O_RDWR);

    (void)state;
    assert_non_null(native);
    assert_true(fd >= 0);
    /* Detection first, so the count below is the call's alone. */
    assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0),
                     4 << 16 | 8);
    assert_string_equal(xs_profile_name(xs_profile_current()), "hvmctl1");
    before = state_json(isim.sim);
    calls = atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvmctl]);

    memset(&h, 0, sizeof(h));
    h.interface_version = XS_HVMCTL_INTERFACE_VERSION;
    h.domain = 1;
    h.cmd = XS_HVMCTL_set_isa_irq_level;
    h.u.set_isa_irq_level.isa_irq = 5;
    h.u.set_isa_irq_level.level = 1;
    assert_int_equal(privcmd_hypercall(fd, XS_HYPERVISOR_hvmctl, (uintptr_t)&h, 0, 0), 0);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvmctl]), calls + 1);
    assert_int_equal(atomic_load(&isim.hypercalls[XS_HYPERVISOR_hvm_op]), 0);
    assert_int_equal(xs_stat_total(), 0);
    shimmed = state_json(isim.sim);
    assert_string_not_equal(before, shimmed);

    memset(&h, 0, sizeof(h));
    h.interface_version = XS_HVMCTL_INTERFACE_VERSION;
    h.domain = 1;
    h.cmd = XS_HVMCTL_set_isa_irq_level;
    h.u.set_isa_irq_level.isa_irq = 5;
    h.u.set_isa_irq_level.level = 1;
    assert_int_equal(sim_hypercall(native, &isim.caller, XS_HYPERVISOR_hvmctl, arg), 0);
    direct = state_json(native);
    assert_string_equal(shimmed, direct);
    free(before);
    free(shimmed);
    free(direct);
    sim_destroy(native);
    close(fd);
}

static int setup_hvmctl1(void **state)
{
    (void)state;
    xs_log_set_level(0);
    return isim_start("hvmctl1");
}

/* The profile is detected once per process: hvmctl1 runs in a child
 * forked before anything detects 4.6. */
static int run_hvmctl1_group(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hvmctl_native_untouched),
    };
    int status = -1;
    pid_t pid = fork();

    if (pid < 0)
        return 1;
    if (pid == 0) {
        int failed = cmocka_run_group_tests_name("interpose_hvmctl1", tests, setup_hvmctl1,
                                                 teardown);

        fflush(stdout);
        fflush(stderr);
        _exit(failed ? 1 : 0);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 1;
    return WEXITSTATUS(status);
}

int main(void)
{
    int hvmctl1_failed = run_hvmctl1_group();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(other_ioctls_untouched),
        cmocka_unit_test(errno_kept_on_success),
        cmocka_unit_test(dm_op_kernel_limits),
        cmocka_unit_test(dm_op_buffers_pinned_for_writing),
        cmocka_unit_test(fast_copies_stop_at_unmapped_pages),
        cmocka_unit_test(stack_copies_stop_at_the_stack_top),
        cmocka_unit_test(dm_op_as_hypercall),
        cmocka_unit_test(restricted_descriptor),
        cmocka_unit_test(restricted_dm_ops_go_through_the_broker),
        cmocka_unit_test(confined_descriptor_calls),
        cmocka_unit_test(privcmd_number_reused_behind_the_hooks),
        cmocka_unit_test(enotty_from_another_file),
        cmocka_unit_test(fork_child_translates),
        cmocka_unit_test(statistics_report),
    };

    return cmocka_run_group_tests_name("interpose", tests, setup, teardown) + hvmctl1_failed;
}
