/* hidden_restrict_client: a privcmd descriptor restricted where the shim
 * cannot see it (suite_17_hidden_restrict.sh, issue 15 finding 4).
 *
 *   hidden_restrict_client raw|scm [-d DOMID]
 *
 * raw: opens privcmd and restricts it to DOMID with syscall(SYS_ioctl),
 * past any preloaded ioctl.  scm: a child opens and restricts a
 * descriptor and hands it over a socket (SCM_RIGHTS) to the parent, which
 * never opened it.  Before either, the process makes one XENVER_version
 * call on an unrestricted descriptor of its own (as a device model's
 * libxenctrl handle does), so the shim has found its Xen.  Then, on the
 * restricted descriptor, as a 4.6-era device
 * model: a legacy HVMOP_inject_msi (data 0x830), a domctl
 * pin_mem_cacheattr stamped 0x0b (4.6), then the dm_op inject_msi
 * (data 0x1030) that a restricted descriptor may make.  One line each,
 * "name=0" or "name=-ERRNO-NUMBER". */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"
#include "privcmd.h"

#define DOMCTL_VERSION_46 0x0b

static uint16_t dom = 1;

static int open_unrestricted(void);

static int open_restricted(void)
{
    int fd = open_unrestricted();
    uint16_t d = dom;

    if (syscall(SYS_ioctl, fd, XS_IOCTL_PRIVCMD_RESTRICT, &d) != 0) {
        perror("hidden_restrict_client: privcmd restrict");
        exit(1);
    }
    return fd;
}

static int open_unrestricted(void)
{
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        perror("hidden_restrict_client: privcmd");
        exit(1);
    }
    return fd;
}

static int send_fd(int sock, int fd)
{
    char c = 0, ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { &c, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = ctl, .msg_controllen = sizeof(ctl) };
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);

    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &fd, sizeof(int));
    return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
    char c, ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { &c, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = ctl, .msg_controllen = sizeof(ctl) };
    struct cmsghdr *h;
    int fd = -1;

    if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 1 || !(h = CMSG_FIRSTHDR(&m)) ||
        h->cmsg_type != SCM_RIGHTS)
        return -1;
    memcpy(&fd, CMSG_DATA(h), sizeof(int));
    return fd;
}

/* The descriptor from a child that restricted it. */
static int received_restricted(void)
{
    int sv[2], fd, status;
    pid_t pid;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 || (pid = fork()) < 0) {
        perror("hidden_restrict_client: socketpair/fork");
        exit(1);
    }
    if (pid == 0)
        _exit(send_fd(sv[1], open_restricted()) ? 1 : 0);
    fd = recv_fd(sv[0]);
    waitpid(pid, &status, 0);
    if (fd < 0) {
        fprintf(stderr, "hidden_restrict_client: no descriptor received\n");
        exit(1);
    }
    return fd;
}

static void report(const char *name, int r)
{
    printf("%s=%s\n", name, r >= 0 ? "0" : errno == EPERM ? "-EPERM" : strerror(errno));
}

static int hypercall(int fd, uint64_t op, uint64_t a0, void *a1)
{
    struct xs_privcmd_hypercall h = { op, { a0, (uintptr_t)a1, 0, 0, 0 } };

    return ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
}

int main(int argc, char **argv)
{
    struct xs_hvm_inject_msi msi = { dom, 0, 0x830, 0xfee00000u };
    struct xs_dm_op op;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };
    struct xs_privcmd_dm_op dm;
    struct xs_domctl d;
    int fd;

    if (argc >= 4 && strcmp(argv[2], "-d") == 0)
        dom = (uint16_t)atoi(argv[3]);
    if (argc < 2 || (strcmp(argv[1], "raw") && strcmp(argv[1], "scm"))) {
        fprintf(stderr, "usage: hidden_restrict_client raw|scm [-d DOMID]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    report("xen_version", hypercall(open_unrestricted(), XS_HYPERVISOR_xen_version, 0, NULL));
    fd = strcmp(argv[1], "raw") == 0 ? open_restricted() : received_restricted();

    msi.domid = dom;
    report("hvmop_inject_msi", hypercall(fd, XS_HYPERVISOR_hvm_op, XS_HVMOP_inject_msi, &msi));

    memset(&d, 0, sizeof(d));
    d.cmd = XS_DOMCTL_pin_mem_cacheattr;
    d.interface_version = DOMCTL_VERSION_46;
    d.domain = dom;
    d.u.pin_mem_cacheattr.start = 0x10;
    d.u.pin_mem_cacheattr.end = 0x1f;
    d.u.pin_mem_cacheattr.type = 6;
    report("domctl_pin_mem_cacheattr", hypercall(fd, XS_HYPERVISOR_domctl, (uintptr_t)&d, NULL));

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_inject_msi;
    op.u.inject_msi.data = 0x1030;
    op.u.inject_msi.addr = 0xfee00000u;
    dm = (struct xs_privcmd_dm_op){ dom, 1, (uintptr_t)&buf };
    report("dmop_inject_msi", ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &dm));
    return 0;
}
