/* storm_client: privcmd calls under a signal storm, to check that every
 * call takes effect exactly once when it succeeds and never when it fails
 * (suite_15_exactly_once.sh).
 *
 *   storm_client [-r] [-l] [-n CALLS] [-u USEC] [-d DOMID]
 *
 * Makes CALLS inject_msi calls (dm_op, or with -l the legacy hvm_op that
 * the shim translates on 4.9+) while SIGALRM arrives every USEC
 * microseconds, with SA_RESTART when -r is given.  Each call carries its
 * own MSI data word; the data of every call that returned 0 is printed
 * one per line (as 0x... hex, as --state-out writes it), then a line "# ok=N eintr=N other=N"
 * goes to stderr.  The caller compares the printed list with the MSIs the
 * simulator records (--state-out). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include "privcmd.h"

#define HYPERVISOR_hvm_op 34
#define HVMOP_inject_msi 16
#define XEN_DMOP_inject_msi 14

struct dm_op_inject_msi {
    uint32_t op, pad;
    uint32_t data, pad2;
    uint64_t addr;
};

struct hvm_inject_msi {
    uint16_t domid, pad0;
    uint32_t data;
    uint64_t addr;
};

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

int main(int argc, char **argv)
{
    int restart = 0, legacy = 0, opt, fd;
    unsigned long calls = 3000, usec = 20, ok = 0, eintr = 0, other = 0;
    uint16_t dom = 1;
    struct sigaction sa;
    struct itimerval it;
    unsigned char *page;

    while ((opt = getopt(argc, argv, "rln:u:d:")) != -1) {
        switch (opt) {
        case 'r': restart = 1; break;
        case 'l': legacy = 1; break;
        case 'n': calls = strtoul(optarg, NULL, 0); break;
        case 'u': usec = strtoul(optarg, NULL, 0); break;
        case 'd': dom = (uint16_t)strtoul(optarg, NULL, 0); break;
        default:
            fprintf(stderr, "usage: storm_client [-r] [-l] [-n CALLS] [-u USEC] [-d DOMID]\n");
            return 2;
        }
    }
    fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fd < 0 || page == MAP_FAILED) {
        perror("storm_client: privcmd");
        return 1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    it.it_interval.tv_sec = it.it_value.tv_sec = 0;
    it.it_interval.tv_usec = it.it_value.tv_usec = (suseconds_t)usec;
    setitimer(ITIMER_REAL, &it, NULL);

    for (unsigned long i = 1; i <= calls; i++) {
        /* Delivery fixed (bits 8-10 zero), vector 0x30, the rest tells
         * the calls apart. */
        uint32_t data = (uint32_t)(i << 11) | 0x30;
        long r;

        if (legacy) {
            struct hvm_inject_msi *m = (void *)page;
            struct xs_privcmd_hypercall h = { HYPERVISOR_hvm_op,
                                              { HVMOP_inject_msi, (uintptr_t)m } };

            *m = (struct hvm_inject_msi){ dom, 0, data, 0xfee00000u };
            r = ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
        } else {
            struct dm_op_inject_msi *m = (void *)page;
            struct xs_privcmd_dm_op_buf *b = (void *)(page + 64);
            struct xs_privcmd_dm_op d = { dom, 1, (uintptr_t)b };

            *m = (struct dm_op_inject_msi){ XEN_DMOP_inject_msi, 0, data, 0, 0xfee00000u };
            *b = (struct xs_privcmd_dm_op_buf){ (uintptr_t)m, sizeof(*m) };
            r = ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &d);
        }
        if (r == 0) {
            ok++;
            printf("%#x\n", data);
        } else if (errno == EINTR) {
            eintr++;
        } else {
            if (!other)
                fprintf(stderr, "storm_client: call %lu: %s\n", i, strerror(errno));
            other++;
        }
    }
    it.it_interval.tv_usec = it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    fprintf(stderr, "# ok=%lu eintr=%lu other=%lu alarms=%ld\n", ok, eintr, other, (long)alarms);
    return other ? 1 : 0;
}
