/* fault_client: a device model meeting faults of its environment
 * (suite_95_faults.sh, issue 15).
 *
 *   fault_client broker            (--sim 4.6, through the shim)
 *   fault_client nofile            (any release)
 *   fault_client xenstore READY GO (--sim with xenstored)
 *
 * broker: restricts its privcmd descriptor, makes one inject_msi dm_op
 * (the shim's dm_op broker carries it), kills the broker, and makes two
 * more.  nofile: fills its descriptor table (RLIMIT_NOFILE lowered to what
 * it has open), then makes a legacy hvm_op inject_msi, a dm_op
 * inject_msi, restricts and makes the dm_op again.  xenstore: reads
 * /local/domain/1/name through libxenstore, creates READY, waits for GO
 * (the caller kills xenstored meanwhile), and reads again.  One line per
 * call: "name=0", "name=-ENAME" or "name=value", with "ms=N" where the
 * time matters.  MSI data words: 0x830, 0x1030, 0x1830 in that order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xenstore.h>

#include "abi.h"
#include "privcmd.h"

#define DOM 1

static const char *errname(int e)
{
    static char buf[32];

    switch (e) {
    case 0: return "0";
    case EPERM: return "-EPERM";
    case ENOMEM: return "-ENOMEM";
    case ENOSYS: return "-ENOSYS";
    case EMFILE: return "-EMFILE";
    case EIO: return "-EIO";
    case ENOTCONN: return "-ENOTCONN";
    case ECONNRESET: return "-ECONNRESET";
    case EPIPE: return "-EPIPE";
    case EBADF: return "-EBADF";
    case EINVAL: return "-EINVAL";
    case ENOENT: return "-ENOENT";
    }
    snprintf(buf, sizeof(buf), "-E%d", e);
    return buf;
}

static long now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void report(const char *name, int r, long since)
{
    printf("%s=%s", name, errname(r < 0 ? errno : 0));
    if (since >= 0)
        printf(" ms=%ld", now_ms() - since);
    putchar('\n');
}

static int dm_op_msi(int fd, uint32_t data)
{
    struct xs_dm_op op;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };
    struct xs_privcmd_dm_op d = { DOM, 1, (uintptr_t)&buf };

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_inject_msi;
    op.u.inject_msi.data = data;
    op.u.inject_msi.addr = 0xfee00000u;
    return ioctl(fd, XS_IOCTL_PRIVCMD_DM_OP, &d);
}

static int hvm_op_msi(int fd, uint32_t data)
{
    struct xs_hvm_inject_msi m = { DOM, 0, data, 0xfee00000u };
    struct xs_privcmd_hypercall h = { XS_HYPERVISOR_hvm_op,
                                      { XS_HVMOP_inject_msi, (uintptr_t)&m, 0, 0, 0 } };

    return ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
}

static int restrict_to(int fd, uint16_t dom)
{
    return ioctl(fd, XS_IOCTL_PRIVCMD_RESTRICT, &dom);
}

static int open_privcmd(void)
{
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        report("open", -1, -1);
        exit(1);
    }
    return fd;
}

/* The shim's broker: it leaves our process tree at once (it forks and
 * its first process exits), to be adopted by `xenshim run`, our parent
 * and a subreaper. */
static pid_t find_broker(void)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    pid_t found = 0;

    while (d && (e = readdir(d)) && !found) {
        char path[288], stat[512];
        FILE *f;
        int ppid;

        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        if (!(f = fopen(path, "r")))
            continue;
        if (fgets(stat, sizeof(stat), f) && strstr(stat, "(xenshim-broker)") &&
            sscanf(strrchr(stat, ')') + 2, "%*c %d", &ppid) == 1 && ppid == getppid())
            found = atoi(e->d_name);
        fclose(f);
    }
    if (d)
        closedir(d);
    return found;
}

static int broker(void)
{
    int fd = open_privcmd();
    pid_t pid;
    long t;

    report("restrict", restrict_to(fd, DOM), -1);
    report("dm_op_via_broker", dm_op_msi(fd, 0x830), -1);
    if (!(pid = find_broker())) {
        printf("broker=none\n");
        return 1;
    }
    kill(pid, SIGKILL);
    for (int i = 0; i < 200 && kill(pid, 0) == 0; i++)
        usleep(10 * 1000);   /* until the subreaper has reaped it */
    printf("broker=killed\n");
    t = now_ms();
    report("dm_op_after_kill", dm_op_msi(fd, 0x1030), t);
    t = now_ms();
    report("dm_op_again", dm_op_msi(fd, 0x1830), t);
    return 0;
}

static int nofile(void)
{
    int fd = open_privcmd(), spare;
    struct rlimit rl;

    /* Nothing more may be opened: the limit is the lowest free number. */
    spare = dup(0);
    rl.rlim_cur = rl.rlim_max = (rlim_t)spare;
    close(spare);
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        perror("fault_client: setrlimit");
        return 1;
    }
    report("dup", dup(0), -1);
    report("hvm_op", hvm_op_msi(fd, 0x830), -1);
    report("dm_op", dm_op_msi(fd, 0x1030), -1);
    report("restrict", restrict_to(fd, DOM), -1);
    report("dm_op_restricted", dm_op_msi(fd, 0x1830), -1);
    return 0;
}

static int xenstore(const char *ready, const char *go)
{
    struct xs_handle *h = xs_open(0);
    unsigned len;
    char *v;
    long t;

    if (!h) {
        report("xs_open", -1, -1);
        return 1;
    }
    v = xs_read(h, XBT_NULL, "/local/domain/1/name", &len);
    printf("read=%s\n", v ? v : errname(errno));
    free(v);
    close(open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    for (int i = 0; i < 400 && access(go, F_OK); i++)
        usleep(50 * 1000);
    t = now_ms();
    v = xs_read(h, XBT_NULL, "/local/domain/1/name", &len);
    printf("read_after_kill=%s ms=%ld\n", v ? v : errname(errno), now_ms() - t);
    free(v);
    t = now_ms();
    report("write_after_kill", xs_write(h, XBT_NULL, "/local/domain/1/x", "1", 1) ? 0 : -1, t);
    xs_close(h);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && strcmp(argv[1], "broker") == 0)
        return broker();
    if (argc == 2 && strcmp(argv[1], "nofile") == 0)
        return nofile();
    if (argc == 4 && strcmp(argv[1], "xenstore") == 0)
        return xenstore(argv[2], argv[3]);
    fprintf(stderr, "usage: fault_client broker|nofile|xenstore READY GO\n");
    return 2;
}
