/* The shim's cost per translated call, in process (make bench).
 *
 *   bench_shim legacy N   N legacy hvm_op set_pci_intx_level (the 4.6
 *                         layout) through the real interposer, on a
 *                         simulated 4.17: each becomes one dm_op
 *   bench_shim native N   the same N calls as the dm_op a 4.17 device
 *                         model sends, straight to the fake privcmd driver
 *   bench_shim fallback N that dm_op through the interposer on a simulated
 *                         4.6, where it becomes the legacy hvm_op
 *   bench_shim broker N   the same on a descriptor restricted to the
 *                         domain: through the dm_op broker's socket (the
 *                         broker is a thread here, a process in real use;
 *                         both sides count)
 *   bench_shim domctl N   domctl getdomaininfo stamped with 4.6's interface
 *                         version on a simulated 4.17, through the
 *                         interposer; domctl_native: stamped with 4.17's,
 *                         straight to the driver
 *   *_hbuf                the same with the argument structs in a shared
 *                         mapping of the (stand-in) /dev/xen/hypercall
 *
 * All end in the same simulator code, so their difference is the shim.
 * Prints "ns_per_call <x>" (wall clock, loop only), and for the first call
 * (where detection happens) "detect_hypercalls <n>" and "first_call_ns <t>"
 * from the privcmd open to that call's return. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "interposed_sim.h"
#include "abi.h"
#include "thread_broker.h"
#include "hcall_bufs.h"

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Where the *_hbuf modes keep a call's argument structs: a shared mapping
 * of the (stand-in) /dev/xen/hypercall, as libxencall allocates them;
 * NULL: on the caller's stack. */
static void *hbuf;

static int legacy_call(int fd, uint8_t level)
{
    struct xs_hvm_set_pci_intx_level on_stack, *a = hbuf ? hbuf : &on_stack;
    struct xs_privcmd_hypercall h = {
        XS_HYPERVISOR_hvm_op, { XS_HVMOP_set_pci_intx_level, (uintptr_t)a, 0, 0, 0 } };

    *a = (struct xs_hvm_set_pci_intx_level){ .domid = 1, .device = 3, .intx = 0, .level = level };
    return ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
}

/* through: isim_ioctl straight to the driver, or ioctl (the interposer). */
static int dm_op_call(int fd, uint8_t level, int (*through)(int, unsigned long, ...))
{
    struct xs_dm_op on_stack, *op = hbuf ? hbuf : &on_stack;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)op, sizeof(*op) };
    struct xs_privcmd_dm_op dm = { 1, 1, (uintptr_t)&buf };

    memset(op, 0, sizeof(*op));
    op->op = XS_DMOP_set_pci_intx_level;
    op->u.set_pci_intx_level.device = 3;
    op->u.set_pci_intx_level.level = level;
    return through(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm);
}

static int native_call(int fd, uint8_t level)
{
    return dm_op_call(fd, level, isim_ioctl);
}

static int fallback_call(int fd, uint8_t level)
{
    return dm_op_call(fd, level, ioctl);
}

/* The domctl family: getdomaininfo stamped with 4.6's interface version
 * on 4.17 (the shim re-stamps it and converts the layout) against the
 * same domctl stamped with 4.17's, straight to the driver. */
static int domctl_call(int fd, uint8_t stamp_of_417, int (*through)(int, unsigned long, ...))
{
    struct xs_domctl d;
    struct xs_privcmd_hypercall h = { XS_HYPERVISOR_domctl, { (uintptr_t)&d, 0, 0, 0, 0 } };

    memset(&d, 0, sizeof(d));
    d.cmd = XS_DOMCTL_getdomaininfo;
    d.interface_version = xs_release_by_name(stamp_of_417 ? "4.17" : "4.6")->domctl_if;
    d.domain = 1;
    return through(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h) < 0 || d.domain != 1 ? -1 : 0;
}

static int domctl_46_call(int fd, uint8_t level)
{
    (void)level;
    return domctl_call(fd, 0, ioctl);
}

static int domctl_native_call(int fd, uint8_t level)
{
    (void)level;
    return domctl_call(fd, 1, isim_ioctl);
}

static int run(int argc, char **argv);

struct args {
    int argc, status;
    char **argv;
};

static void *run_thread(void *p)
{
    struct args *a = p;

    a->status = run(a->argc, a->argv);
    return NULL;
}

/* Everything runs in a thread of its own, as a device model's calls do.
 * (Under valgrind the main thread runs on a stack valgrind made, which is
 * not the kernel's "[stack]", so the shim could not bound it there and
 * the count would include the checked copies a real run never makes.) */
int main(int argc, char **argv)
{
    struct args a = { argc, 1, argv };
    pthread_t t;

    if (pthread_create(&t, NULL, run_thread, &a) != 0)
        return 1;
    pthread_join(t, NULL);
    return a.status;
}

static int run(int argc, char **argv)
{
    static const struct {
        const char *mode, *release;
        int (*call)(int fd, uint8_t level);
        bool restrict_fd, in_hbuf;
    } modes[] = {
        { "legacy", "4.17", legacy_call, false, false },
        { "legacy_hbuf", "4.17", legacy_call, false, true },
        { "native", "4.17", native_call, false, false },
        { "native_hbuf", "4.17", native_call, false, true },
        { "fallback", "4.6", fallback_call, false, false },
        { "fallback_hbuf", "4.6", fallback_call, false, true },
        { "broker", "4.6", fallback_call, true, false },
        { "domctl", "4.17", domctl_46_call, false, false },
        { "domctl_native", "4.17", domctl_native_call, false, false },
    };
    char hdev[] = "/tmp/xs-bench-hypercall.XXXXXX";
    unsigned long before = 0, after = 0;
    long n = argc > 2 ? atol(argv[2]) : 100000;
    size_t m = 0;
    double t0, t1, t_open;
    int fd;

    while (argc > 1 && m < sizeof(modes) / sizeof(modes[0]) && strcmp(argv[1], modes[m].mode))
        m++;
    if (argc < 2 || m == sizeof(modes) / sizeof(modes[0])) {
        fprintf(stderr, "usage: bench_shim legacy|native|fallback[_hbuf]|broker|domctl[_native] [N]\n");
        return 2;
    }
    xs_log_set_level(0);
    if (isim_start(modes[m].release) != 0) {
        fprintf(stderr, "bench_shim: simulator does not start\n");
        return 1;
    }
    if (modes[m].in_hbuf) {
        int h = mkstemp(hdev);

        if (h < 0 || ftruncate(h, 4096) != 0)
            return 1;
        xs_hypercall_dev_path = hdev;
        hbuf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, h, 0);
        close(h);
        if (hbuf == MAP_FAILED || !xs_hcall_bufs_contain((uintptr_t)hbuf, 4096)) {
            fprintf(stderr, "bench_shim: the hypercall buffer mapping is not recorded\n");
            return 1;
        }
    }
    for (size_t i = 0; i < 64; i++)
        before += atomic_load(&isim.hypercalls[i]);
    before += atomic_load(&isim.dm_ops);
    t_open = now_ns();
    fd = open(isim.path, O_RDWR);
    /* One call outside the loop: detection happens here.  What reached
     * the hypervisor beyond the call's own one is detection's. */
    if (modes[m].call(fd, 0) != 0) {
        perror("bench_shim: first call");
        return 1;
    }
    t0 = now_ns();
    for (size_t i = 0; i < 64; i++)
        after += atomic_load(&isim.hypercalls[i]);
    after += atomic_load(&isim.dm_ops);
    printf("detect_hypercalls %lu\n", after - before - 1);
    printf("first_call_ns %.0f\n", t0 - t_open);
    if (modes[m].restrict_fd) {
        uint16_t dom = 1;
        start_broker = thread_broker_start;
        if (ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom) || atomic_load(&broker_sock) < 0) {
            fprintf(stderr, "bench_shim: no broker after restrict\n");
            return 1;
        }
        if (modes[m].call(fd, 0) != 0) {
            perror("bench_shim: first call through the broker");
            return 1;
        }
    }
    t0 = now_ns();
    for (long i = 0; i < n; i++)
        if (modes[m].call(fd, i & 1) != 0) {
            perror("bench_shim: call");
            return 1;
        }
    t1 = now_ns();
    printf("ns_per_call %.1f\n", n ? (t1 - t0) / n : 0.0);
    close(fd);
    if (hbuf) {
        munmap(hbuf, 4096);
        unlink(hdev);
    }
    if (modes[m].restrict_fd) {
        close(atomic_load(&broker_sock));
        pthread_join(tbroker.thread, NULL);
    }
    isim_stop();
    return 0;
}
