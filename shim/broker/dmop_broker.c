/* xenshim-dmop-broker: the unrestricted privcmd descriptor of a device
 * model that restricted its own, in a process of its own (shim/broker.h).
 *
 * libxenshim.so starts it with the socket to the device model on fd 3 and
 * the privcmd descriptor on fd 4; it is not meant to be run by hand.  It
 * forks once and the first process exits, so the device model reaps it at
 * once and never has it as a child; the second serves until the device
 * model's end of the socket is closed (the device model exited).  It is
 * not dumpable, so code running as the device model's user cannot reach
 * into it for the descriptor. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "broker.h"
#include "detect.h"
#include "hv_access.h"
#include "log.h"

static int usage(void)
{
    fprintf(stderr, "usage: xenshim-dmop-broker --domid N  (started by libxenshim.so, "
            "socket on fd %d, privcmd on fd %d)\n", XS_BROKER_SOCKET_FD, XS_BROKER_PRIVCMD_FD);
    return 2;
}

static bool is_seqpacket_socket(int fd)
{
    int type = 0;
    socklen_t len = sizeof(type);

    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_SEQPACKET;
}

/* Nothing the device model left open (without close-on-exec) stays here. */
static void close_inherited(void)
{
    if (close_range(XS_BROKER_PRIVCMD_FD + 1, ~0u, 0) == 0)
        return;
    for (int fd = XS_BROKER_PRIVCMD_FD + 1; fd < 65536; fd++)
        close(fd);
}

int main(int argc, char **argv)
{
    struct xs_privcmd pc = { XS_BROKER_PRIVCMD_FD, xs_raw_ioctl };
    struct xs_confined_privcmd confined;
    const struct xs_profile *p;
    struct xs_hv hv;
    struct stat st;
    unsigned long dom;
    char *end;
    pid_t pid;
    int rc;

    if (argc != 3 || strcmp(argv[1], "--domid"))
        return usage();
    errno = 0;
    dom = strtoul(argv[2], &end, 10);
    if (errno || end == argv[2] || *end || dom >= XS_DOMID_FIRST_RESERVED) {
        fprintf(stderr, "xenshim-dmop-broker: bad domain id '%s'\n", argv[2]);
        return 2;
    }
    /* Nobody of the device model's uid may reach into this process for the
     * descriptor (ptrace, /proc/PID/fd, pidfd_getfd, process_vm_writev). */
    prctl(PR_SET_DUMPABLE, 0);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (!is_seqpacket_socket(XS_BROKER_SOCKET_FD)) {
        fprintf(stderr, "xenshim-dmop-broker: fd %d must be a SOCK_SEQPACKET socket\n",
                XS_BROKER_SOCKET_FD);
        return usage();
    }
    /* privcmd is a character device (a FUSE file under the simulator). */
    if (fstat(XS_BROKER_PRIVCMD_FD, &st) || !(S_ISCHR(st.st_mode) || S_ISREG(st.st_mode))) {
        xs_log(XS_LOG_ERROR, "dm_op broker: fd %d is not a privcmd descriptor",
               XS_BROKER_PRIVCMD_FD);
        xs_broker_say_ready(XS_BROKER_SOCKET_FD, -EBADF);
        return 1;
    }
    close_inherited();

    pid = fork();
    if (pid < 0) {
        xs_broker_say_ready(XS_BROKER_SOCKET_FD, -errno);
        return 1;
    }
    if (pid > 0)
        _exit(0);
    /* A terminal's ^C or hangup for the device model's group is not ours:
     * the broker leaves when the device model's end of the socket closes. */
    setsid();
    prctl(PR_SET_NAME, "xenshim-broker");

    /* The hypervisor as this descriptor sees it (XENSHIM_TARGET, if the
     * device model forced a profile, came along in the environment). */
    xs_hv_init(&hv, &pc, NULL);
    p = xs_profile_once(&hv);
    if (p->passthrough || p->has_dmop || (!p->hvmctl_if && !p->has_legacy_hvmops)) {
        xs_log(XS_LOG_ERROR, "dm_op broker: Xen %s needs no dm_op translation here; not serving",
               xs_profile_name(p));
        xs_broker_say_ready(XS_BROKER_SOCKET_FD, -EOPNOTSUPP);
        return 1;
    }
    confined = (struct xs_confined_privcmd){ pc, (uint16_t)dom };
    xs_hv_init_confined(&hv, &confined, p);
    if (xs_broker_say_ready(XS_BROKER_SOCKET_FD, 0))
        return 1;
    rc = xs_broker_serve(XS_BROKER_SOCKET_FD, &hv, (uint16_t)dom);
    if (rc)
        xs_log(XS_LOG_ERROR, "dm_op broker for domain %lu: %s", dom, strerror(-rc));
    return rc ? 1 : 0;
}
