/* The simulated host's xenstore: Debian's real xenstored (xen-utils-4.17),
 * started as a dom0 boot starts it, against the simulated devices (it
 * binds VIRQ_DOM_EXC on /dev/xen/evtchn and connects dom0's ring through
 * /proc/xen/xsd_port and xsd_kva), then filled with the tree a toolstack
 * writes for the guest.  It listens where libxenstore looks by default,
 * /run/xenstored/socket: a tmpfs mounted there in the private namespace
 * (created empty on the host if missing, as xen-utils' service does). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xenstore.h>

#include "xenstored.h"

#define XENSTORED_RUNDIR "/run/xenstored"
#define START_TIMEOUT_MS 5000

struct sim_xenstored {
    pid_t pid;
    char rootdir[64];              /* its database and log */
    int mounted;
};

static void log_tail(const char *log, char *err, size_t errlen)
{
    char buf[512] = "";
    int fd = open(log, O_RDONLY | O_CLOEXEC);
    ssize_t n = -1;
    off_t end;

    if (fd >= 0) {
        end = lseek(fd, 0, SEEK_END);
        lseek(fd, end > (off_t)sizeof(buf) - 1 ? end - (off_t)sizeof(buf) + 1 : 0, SEEK_SET);
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
    }
    buf[n > 0 ? n : 0] = 0;
    for (char *p = buf; *p; p++)
        if (*p == '\n' && p[1])
            *p = ' ';
    size_t used = strlen(err);
    snprintf(err + used, errlen - used, "%s%s", *buf ? ": " : "", buf);
}

static int write_node(struct xs_handle *h, xs_transaction_t t, const char *path,
                      const char *value, unsigned owner, unsigned reader)
{
    struct xs_permissions perms[2] = { { owner, XS_PERM_NONE }, { reader, XS_PERM_READ } };

    return xs_write(h, t, path, value, strlen(value)) &&
           xs_set_permissions(h, t, path, perms, reader == owner ? 1 : 2) ? 0 : -1;
}

/* What libxl writes for a new HVM guest, as far as a device model reads
 * it.  One transaction. */
static int write_toolstack_tree(const struct sim_config *cfg, char *err, size_t errlen)
{
    struct xs_handle *h = xs_open(0);
    char path[128], value[64], vm[64];
    unsigned d = cfg->domid;
    xs_transaction_t t;
    int r = -1;

    if (!h) {
        snprintf(err, errlen, "xenstore: connect: %s", strerror(errno));
        return -1;
    }
    snprintf(vm, sizeof(vm), "/vm/00000000-0000-0000-0000-%012x", d);
    for (int attempt = 0; attempt < 5 && r; attempt++) {
        t = xs_transaction_start(h);
        if (!t)
            break;
        r = 0;
        r |= write_node(h, t, "/local/domain/0/name", "Domain-0", 0, 0);
        r |= write_node(h, t, "/local/domain/0/domid", "0", 0, 0);
        snprintf(path, sizeof(path), "/local/domain/0/device-model/%u", d);
        r |= xs_mkdir(h, t, path) ? 0 : -1;
        snprintf(path, sizeof(path), "/local/domain/%u", d);
        r |= write_node(h, t, path, "", 0, d);
        snprintf(path, sizeof(path), "/local/domain/%u/name", d);
        snprintf(value, sizeof(value), "xenshim-guest-%u", d);
        r |= write_node(h, t, path, value, 0, d);
        snprintf(path, sizeof(path), "/local/domain/%u/domid", d);
        snprintf(value, sizeof(value), "%u", d);
        r |= write_node(h, t, path, value, 0, d);
        snprintf(path, sizeof(path), "/local/domain/%u/vm", d);
        r |= write_node(h, t, path, vm, 0, d);
        snprintf(path, sizeof(path), "/local/domain/%u/memory/target", d);
        snprintf(value, sizeof(value), "%u", cfg->mem_mib * 1024);
        r |= write_node(h, t, path, value, 0, d);
        snprintf(path, sizeof(path), "/local/domain/%u/memory/static-max", d);
        r |= write_node(h, t, path, value, 0, d);
        /* libxl's own record of the domain's type, which xl unpause reads */
        snprintf(path, sizeof(path), "/libxl/%u/type", d);
        r |= write_node(h, t, path, "hvm", 0, 0);
        snprintf(path, sizeof(path), "%s/uuid", vm);
        r |= write_node(h, t, path, vm + 4, 0, d);
        snprintf(path, sizeof(path), "%s/name", vm);
        snprintf(value, sizeof(value), "xenshim-guest-%u", d);
        r |= write_node(h, t, path, value, 0, d);
        if (!xs_transaction_end(h, t, r != 0) && !r && errno != EAGAIN)
            r = -1, attempt = 5;
        else if (!r && errno == EAGAIN)
            r = -1;
    }
    if (r)
        snprintf(err, errlen, "xenstore: writing the guest's nodes: %s", strerror(errno));
    xs_close(h);
    return r;
}

static int wait_for_socket(struct sim_xenstored *x, char *err, size_t errlen, const char *log)
{
    struct timespec ts = { 0, 10 * 1000 * 1000 };
    struct stat st;
    int status;

    for (int waited = 0; waited < START_TIMEOUT_MS; waited += 10) {
        if (stat(XENSTORED_RUNDIR "/socket", &st) == 0)
            return 0;
        if (waitpid(x->pid, &status, WNOHANG) == x->pid) {
            x->pid = 0;
            snprintf(err, errlen, "xenstored exited (%s %d)",
                     WIFSIGNALED(status) ? "signal" : "status",
                     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            log_tail(log, err, errlen);
            return -1;
        }
        nanosleep(&ts, NULL);
    }
    snprintf(err, errlen, "xenstored did not open %s/socket within %d ms", XENSTORED_RUNDIR,
             START_TIMEOUT_MS);
    log_tail(log, err, errlen);
    return -1;
}

struct sim_xenstored *sim_xenstored_start(const struct sim_config *cfg, char *err, size_t errlen)
{
    struct sim_xenstored *x = calloc(1, sizeof(*x));
    char log[96];
    int fd;

    if (!x) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (access(SIM_XENSTORED_BIN, X_OK)) {
        snprintf(err, errlen, "%s: %s (install xen-utils-4.17)", SIM_XENSTORED_BIN, strerror(errno));
        free(x);
        return NULL;
    }
    snprintf(x->rootdir, sizeof(x->rootdir), "/tmp/xenshim-xenstored.XXXXXX");
    if (!mkdtemp(x->rootdir)) {
        snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
        free(x);
        return NULL;
    }
    if ((mkdir(XENSTORED_RUNDIR, 0755) && errno != EEXIST) ||
        mount("xenshim-xenstored", XENSTORED_RUNDIR, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              "mode=0755,size=1m")) {
        snprintf(err, errlen, "tmpfs on %s: %s", XENSTORED_RUNDIR, strerror(errno));
        goto fail;
    }
    x->mounted = 1;
    snprintf(log, sizeof(log), "%s/xenstored.log", x->rootdir);
    x->pid = fork();
    if (x->pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        x->pid = 0;
        goto fail;
    }
    if (x->pid == 0) {
        fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
            dup2(fd, 0);
        setenv("XENSTORED_ROOTDIR", x->rootdir, 1);
        unsetenv("LD_PRELOAD");
        /* -N: stay in the foreground, so it is our child to stop. */
        execl(SIM_XENSTORED_BIN, "xenstored", "-N", (char *)NULL);
        dprintf(2, "exec %s: %s\n", SIM_XENSTORED_BIN, strerror(errno));
        _exit(127);
    }
    if (wait_for_socket(x, err, errlen, log) || write_toolstack_tree(cfg, err, errlen))
        goto fail;
    return x;
fail:
    sim_xenstored_stop(x);
    return NULL;
}

void sim_xenstored_stop(struct sim_xenstored *x)
{
    char path[128];

    if (!x)
        return;
    if (x->pid > 0) {
        kill(x->pid, SIGTERM);
        for (int i = 0; i < 200; i++) {
            if (waitpid(x->pid, NULL, WNOHANG) == x->pid) {
                x->pid = 0;
                break;
            }
            usleep(10 * 1000);
        }
        if (x->pid > 0) {
            kill(x->pid, SIGKILL);
            waitpid(x->pid, NULL, 0);
        }
    }
    if (x->mounted)
        umount2(XENSTORED_RUNDIR, MNT_DETACH);
    /* Its files: the database, the log, nothing else. */
    const char *names[] = { "xenstored.log", "tdb", "tdb.0", "xenstored-trace.log" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", x->rootdir, names[i]);
        unlink(path);
    }
    rmdir(x->rootdir);
    free(x);
}
