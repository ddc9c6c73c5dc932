/* /dev/xen/hypercall of the simulated host: where CMD's hypercall buffers
 * are (sim_kernel_abi.h).  The simulated kernel's library in CMD maps them
 * from memfd_secret memory and registers each mapping here; the simulator
 * maps the same pages, and reads and writes a caller's memory there
 * directly (caller_mem.c asks hcall_dev_copy first), as Xen reaches a
 * buffer wherever the caller's page tables put it.
 *
 * Linux's device has no ioctl: the two private requests are this
 * simulator's, anything else -ENOTTY. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <unistd.h>

#include "front.h"
#include "host.h"
#include "kernel/sim_kernel_abi.h"
#include "proc_status.h"

#define MAX_BUFS 256
#define MAX_BUF_LEN (64ull << 20)

struct hcall_buf {
    pid_t tgid;
    int pidfd;                     /* -1: slot free */
    uint64_t addr, len;
    unsigned char *local;
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct hcall_buf bufs[MAX_BUFS];
static int nr_used;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static sim_caller_copy_fn hcall_dev_copy;

static void init(void)
{
    for (int i = 0; i < MAX_BUFS; i++)
        bufs[i].pidfd = -1;
    sim_caller_set_hcall_copy(hcall_dev_copy);
}

static pid_t tgid_of(pid_t tid)
{
    char path[64];
    pid_t tgid;

    /* Our /proc is the FUSE view; the host's is attached beneath it. */
    snprintf(path, sizeof(path), "/proc/" NS_PROC_HOST "/%d/status", (int)tid);
    tgid = sim_status_tgid(AT_FDCWD, path);
    if (!tgid) {
        snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
        tgid = sim_status_tgid(AT_FDCWD, path);
    }
    return tgid;
}

static void drop(struct hcall_buf *b)
{
    munmap(b->local, b->len);
    close(b->pidfd);
    b->pidfd = -1;
    nr_used--;
}

static long map(pid_t tgid, const struct xs_sim_hcall_buf *r)
{
    int pidfd, fd = -1, slot = -1;
    void *local;

    if (r->len == 0 || r->len > MAX_BUF_LEN || (r->addr | r->len) & 4095)
        return -EINVAL;
    pidfd = pidfd_open(tgid, 0);
    if (pidfd < 0)
        return -errno;
    fd = pidfd_getfd(pidfd, r->fd, 0);
    if (fd < 0) {
        close(pidfd);
        return -EBADF;
    }
    local = mmap(NULL, r->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (local == MAP_FAILED) {
        close(pidfd);
        return -ENOMEM;
    }
    pthread_rwlock_wrlock(&lock);
    for (int i = 0; i < MAX_BUFS; i++) {
        struct hcall_buf *b = &bufs[i];

        /* A process that died left its buffers behind. */
        if (b->pidfd >= 0 && poll(&(struct pollfd){ b->pidfd, POLLIN, 0 }, 1, 0) > 0)
            drop(b);
        if (b->pidfd < 0 && slot < 0)
            slot = i;
    }
    if (slot >= 0) {
        bufs[slot] = (struct hcall_buf){ tgid, pidfd, r->addr, r->len, local };
        nr_used++;
    }
    pthread_rwlock_unlock(&lock);
    if (slot < 0) {
        munmap(local, r->len);
        close(pidfd);
        return -ENOSPC;
    }
    return 0;
}

static long unmap(pid_t tgid, const struct xs_sim_hcall_buf *r)
{
    long ret = -ENOENT;

    pthread_rwlock_wrlock(&lock);
    for (int i = 0; i < MAX_BUFS; i++)
        if (bufs[i].pidfd >= 0 && bufs[i].tgid == tgid && bufs[i].addr == r->addr) {
            drop(&bufs[i]);
            ret = 0;
            break;
        }
    pthread_rwlock_unlock(&lock);
    return ret;
}

long hcall_dev_ioctl(struct sim_caller *c, unsigned cmd, uint64_t arg)
{
    struct xs_sim_hcall_buf r;
    pid_t tgid;

    pthread_once(&once, init);
    if (cmd != XS_SIM_IOCTL_HCALL_MAP && cmd != XS_SIM_IOCTL_HCALL_UNMAP)
        return -ENOTTY;
    if (c->read(c, &r, arg, sizeof(r)))
        return -EFAULT;
    tgid = tgid_of(c->pid);
    if (tgid <= 0)
        return -ESRCH;
    return cmd == XS_SIM_IOCTL_HCALL_MAP ? map(tgid, &r) : unmap(tgid, &r);
}

static int hcall_dev_copy(pid_t tid, void *local, uint64_t addr, size_t len, int write)
{
    int r = 1;

    if (__atomic_load_n(&nr_used, __ATOMIC_RELAXED) == 0)
        return 1;
    pthread_rwlock_rdlock(&lock);
    for (int i = 0; i < MAX_BUFS; i++) {
        struct hcall_buf *b = &bufs[i];

        if (b->pidfd < 0 || addr < b->addr || addr + len > b->addr + b->len ||
            addr + len < addr || tgid_of(tid) != b->tgid)
            continue;
        if (write)
            memcpy(b->local + (addr - b->addr), local, len);
        else
            memcpy(local, b->local + (addr - b->addr), len);
        r = 0;
        break;
    }
    pthread_rwlock_unlock(&lock);
    return r;
}
