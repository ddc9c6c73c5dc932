/* raw_client: the privcmd device seen with bare system calls, to check the
 * simulator's front plays the Linux driver (suite_10_run.sh).
 *
 *   raw_client [-p] [-d DOMID] [-t THREADS] [-n CALLS]
 *
 * -p opens /proc/xen/privcmd instead of /dev/xen/privcmd; -d names the
 * guest (default 1) for the dm_op and RESTRICT probes.  Prints one
 * "name=result" line per probe, results as numbers or -ERRNAME; -t runs
 * THREADS threads doing CALLS XENVER_version calls each (half of them on
 * one shared descriptor) and prints how many answers were wrong. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "privcmd.h"

#define HYPERVISOR_xen_version 17
#define XENVER_version 0
#define DOMID_INVALID 0x7ff4
#define XEN_DMOP_nr_vcpus 20
#define IOCTL_UNKNOWN 0x5063ul   /* _IOC(_IOC_NONE, 'P', 99, 0) */

static const char *path = "/dev/xen/privcmd";
static unsigned char *page;     /* locked, arguments at page+4 */
static long xenver_expected;
static uint16_t dom = 1;

static const char *result(long r)
{
    static const struct { int e; const char *n; } names[] = {
        { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EIO, "EIO" },
        { E2BIG, "E2BIG" }, { EFAULT, "EFAULT" }, { ENODEV, "ENODEV" },
        { EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { ENOSYS, "ENOSYS" },
        { EACCES, "EACCES" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { EBADF, "EBADF" },
    };
    static __thread char buf[32];

    if (r >= 0) {
        snprintf(buf, sizeof(buf), "%#lx", r);
        return buf;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].e == -r)
            return names[i].n[0] ? (snprintf(buf, sizeof(buf), "-%s", names[i].n), buf) : buf;
    snprintf(buf, sizeof(buf), "-E%ld", -r);
    return buf;
}

static long sys_ioctl(int fd, unsigned long cmd, void *arg)
{
    long r = ioctl(fd, cmd, arg);

    return r < 0 ? -errno : r;
}

static long xen_version(int fd)
{
    struct xs_privcmd_hypercall h = { HYPERVISOR_xen_version,
                                      { XENVER_version, (uintptr_t)(page + 4) } };

    return sys_ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
}

static long dm_op(int fd, uint16_t domid, uint16_t num, struct xs_privcmd_dm_op_buf *bufs)
{
    struct xs_privcmd_dm_op d = { domid, num, (uintptr_t)bufs };

    return sys_ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &d);
}

static long restrict_to(int fd, uint16_t dom)
{
    return sys_ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom);
}

static int open_privcmd(void)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        printf("open=%s\n", result(-errno));
        exit(1);
    }
    return fd;
}

/* /dev/xen/hypercall, as libxencall uses it: a private mapping is
 * refused, a shared one works, and its pages are out of process_vm_readv's
 * reach (what made translation fail on real Xen, issue 12). */
static void hypercall_buffers(void)
{
    int fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
    char byte;
    void *p;

    if (fd < 0) {
        printf("hypercall_buffer_mmap=%s\n", result(-errno));
        return;
    }
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("hypercall_buffer_private=%s\n", result(p == MAP_FAILED ? -errno : 0));
    if (p != MAP_FAILED)
        munmap(p, 4096);
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("hypercall_buffer_mmap=%s\n", result(p == MAP_FAILED ? -errno : 0));
    if (p != MAP_FAILED) {
        struct iovec l = { &byte, 1 }, r = { p, 1 };

        *(volatile char *)p = 1;
        printf("hypercall_buffer_vm_readv=%s\n",
               result(process_vm_readv(getpid(), &l, 1, &r, 1, 0) == 1 ? 0 : -errno));
        munmap(p, 4096);
    }
    close(fd);
}

static void probes(void)
{
    int fd = open_privcmd(), fd2;
    struct xs_privcmd_dm_op_buf bufs[17];
    unsigned char small[8] = { 0 };
    uint32_t *op = (uint32_t *)(page + 4);
    char c;
    void *m;

    printf("open=ok path=%s\n", path);
    xenver_expected = xen_version(fd);
    printf("xenver=%s\n", result(xenver_expected));

    /* XEN_DMOP_nr_vcpus: a real dm_op whose answer comes back in the
     * buffer, placed at page+4. */
    memset(page + 4, 0, 32);
    op[0] = XEN_DMOP_nr_vcpus;
    bufs[0] = (struct xs_privcmd_dm_op_buf){ (uintptr_t)(page + 4), 32 };
    printf("dm_op_nr_vcpus=%s", result(dm_op(fd, dom, 1, bufs)));
    printf(" vcpus=%u\n", *(uint32_t *)(page + 4 + 8));

    printf("dm_op_probe=%s\n", result(dm_op(fd, DOMID_INVALID, 0, NULL)));
    for (int i = 0; i < 17; i++)
        bufs[i] = (struct xs_privcmd_dm_op_buf){ (uintptr_t)small, sizeof(small) };
    printf("dm_op_17_bufs=%s\n", result(dm_op(fd, dom, 17, bufs)));
    bufs[1].size = 4097;
    printf("dm_op_4097_bytes=%s\n", result(dm_op(fd, dom, 2, bufs)));
    printf("unknown_ioctl=%s\n", result(sys_ioctl(fd, IOCTL_UNKNOWN, page)));
    printf("hypercall_efault=%s\n", result(sys_ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, NULL)));

    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap_shared=%s\n", result(m == MAP_FAILED ? -errno : 0));
    if (m != MAP_FAILED)
        munmap(m, 4096);
    printf("read=%s\n", result(read(fd, &c, 1) < 0 ? -errno : 0));
    printf("hypercall_buffer_dev=%s\n",
           result(access("/dev/xen/hypercall", F_OK) ? -errno : 0));
    hypercall_buffers();

    printf("restrict=%s\n", result(restrict_to(fd, dom)));
    printf("hypercall_after_restrict=%s\n", result(xen_version(fd)));
    printf("dm_op_probe_other_domid=%s\n", result(dm_op(fd, DOMID_INVALID, 0, NULL)));
    printf("dm_op_probe_same_domid=%s\n", result(dm_op(fd, dom, 0, NULL)));
    printf("restrict_same=%s\n", result(restrict_to(fd, dom)));
    printf("restrict_other=%s\n", result(restrict_to(fd, dom + 1)));
    fd2 = dup(fd);
    printf("dup_hypercall=%s\n", result(xen_version(fd2)));
    close(fd2);
    fd2 = open_privcmd();
    printf("other_fd_hypercall=%s\n", result(xen_version(fd2)));
    close(fd2);
    /* The restricted descriptor's number, reused for a new open file,
     * must not inherit the restriction. */
    close(fd);
    fd2 = open_privcmd();
    printf("reused_number=%s", fd2 == fd ? "yes" : "no");
    printf(" hypercall=%s\n", result(xen_version(fd2)));
    close(fd2);
}

struct worker {
    int fd;
    int calls;
    int wrong;
};

static void *work(void *p)
{
    struct worker *w = p;

    for (int i = 0; i < w->calls; i++)
        if (xen_version(w->fd) != xenver_expected)
            w->wrong++;
    return NULL;
}

static void threads(int nr, int calls)
{
    pthread_t t[64];
    struct worker w[64];
    int shared = open_privcmd(), wrong = 0;

    xenver_expected = xen_version(shared);
    for (int i = 0; i < nr; i++) {
        w[i] = (struct worker){ i % 2 ? shared : open_privcmd(), calls, 0 };
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    for (int i = 0; i < nr; i++) {
        pthread_join(t[i], NULL);
        wrong += w[i].wrong;
        if (w[i].fd != shared)
            close(w[i].fd);
    }
    close(shared);
    printf("threads=%d calls=%d wrong=%d\n", nr, calls, wrong);
}

int main(int argc, char **argv)
{
    int opt, nr_threads = 0, calls = 100;

    while ((opt = getopt(argc, argv, "pd:t:n:")) != -1) {
        switch (opt) {
        case 'p': path = "/proc/xen/privcmd"; break;
        case 'd': dom = (uint16_t)atoi(optarg); break;
        case 't': nr_threads = atoi(optarg); break;
        case 'n': calls = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-p] [-d DOMID] [-t THREADS] [-n CALLS]\n", argv[0]);
            return 2;
        }
    }
    if (nr_threads < 0 || nr_threads > 64) {
        fprintf(stderr, "%s: at most 64 threads\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    if (nr_threads)
        threads(nr_threads, calls);
    else
        probes();
    return 0;
}
