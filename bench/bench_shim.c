/* The shim's cost per translated call, in process (make bench).
 *
 *   bench_shim legacy N   N legacy hvm_op set_pci_intx_level (the 4.6
 *                         layout) through the real interposer, on a
 *                         simulated 4.17: each becomes one dm_op
 *   bench_shim native N   the same N calls as the dm_op a 4.17 device
 *                         model sends, straight to the fake privcmd driver
 *
 * Both end in the same simulator code, so their difference is the shim.
 * Prints "ns_per_call <x>" (wall clock, loop only). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interposed_sim.h"
#include "abi.h"

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int legacy_call(int fd, uint8_t level)
{
    struct xs_hvm_set_pci_intx_level a = { .domid = 1, .device = 3, .intx = 0, .level = level };
    struct xs_privcmd_hypercall h = {
        XS_HYPERVISOR_hvm_op, { XS_HVMOP_set_pci_intx_level, (uintptr_t)&a, 0, 0, 0 } };

    return ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
}

static int native_call(int fd, uint8_t level)
{
    struct xs_dm_op op;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };
    struct xs_privcmd_dm_op dm = { 1, 1, (uintptr_t)&buf };

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_pci_intx_level;
    op.u.set_pci_intx_level.device = 3;
    op.u.set_pci_intx_level.level = level;
    return isim_ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm);
}

int main(int argc, char **argv)
{
    bool legacy = argc > 1 && !strcmp(argv[1], "legacy");
    long n = argc > 2 ? atol(argv[2]) : 100000;
    double t0, t1;
    int fd;

    if (argc < 2 || (!legacy && strcmp(argv[1], "native"))) {
        fprintf(stderr, "usage: bench_shim legacy|native [N]\n");
        return 2;
    }
    xs_log_set_level(0);
    if (isim_start("4.17") != 0) {
        fprintf(stderr, "bench_shim: simulator does not start\n");
        return 1;
    }
    fd = open(isim.path, O_RDWR);
    /* One call outside the loop: detection happens here. */
    if ((legacy ? legacy_call(fd, 0) : native_call(fd, 0)) != 0) {
        perror("bench_shim: first call");
        return 1;
    }
    t0 = now_ns();
    for (long i = 0; i < n; i++)
        if ((legacy ? legacy_call(fd, i & 1) : native_call(fd, i & 1)) != 0) {
            perror("bench_shim: call");
            return 1;
        }
    t1 = now_ns();
    printf("ns_per_call %.1f\n", n ? (t1 - t0) / n : 0.0);
    close(fd);
    isim_stop();
    return 0;
}
