/* The restricted dm_op broker: both sides of its socket, and its start.
 * broker.h says why it exists. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "abi.h"
#include "broker.h"
#include "broker_ring.h"
#include "hv_access.h"
#include "log.h"

extern char **environ;

/* How long the device model waits for a starting broker to say it can
 * serve (it asks the hypervisor a handful of questions first). */
int xs_broker_start_timeout_ms = 10000;

/* ---- the device model's side ---- */

static int send_request(int sock, const struct xs_broker_request *rq, unsigned nr,
                        uint8_t *const data[])
{
    struct iovec iov[1 + XS_PRIVCMD_DM_OP_MAX_NUM];
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 1 + nr };
    size_t want = sizeof(*rq);
    ssize_t n;

    iov[0] = (struct iovec){ (void *)rq, sizeof(*rq) };
    for (unsigned i = 0; i < nr; i++) {
        iov[1 + i] = (struct iovec){ data[i], rq->size[i] };
        want += rq->size[i];
    }
    do
        n = sendmsg(sock, &m, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)want ? 0 : n < 0 ? -errno : -EIO;
}

/* The reply carries the buffers back into reply_data (same sizes), except
 * an error the broker gave before translating (header only).  Returns the
 * number of buffer bytes received. */
static ssize_t recv_reply(int sock, struct xs_broker_reply *rp, unsigned nr,
                          const uint32_t size[], uint8_t *const reply_data[])
{
    struct iovec iov[1 + XS_PRIVCMD_DM_OP_MAX_NUM];
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 1 + nr };
    size_t data = 0;
    ssize_t n;

    iov[0] = (struct iovec){ rp, sizeof(*rp) };
    for (unsigned i = 0; i < nr; i++) {
        iov[1 + i] = (struct iovec){ reply_data[i], size[i] };
        data += size[i];
    }
    do
        n = recvmsg(sock, &m, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    if (n == 0)
        return -ECONNRESET;
    if ((size_t)n < sizeof(*rp) || (m.msg_flags & MSG_TRUNC) || rp->magic != XS_BROKER_MAGIC)
        return -EIO;
    n -= sizeof(*rp);
    if ((size_t)n == data)
        return n;
    if (n == 0 && rp->verdict == XS_DONE && rp->ret < 0)
        return 0;
    return -EIO;
}

/* Only what the broker changed goes back, so a buffer the dm_op only reads
 * is never written (it may be read-only, or another thread's to change). */
static int write_back_changes(const struct xs_ubuf *b, const uint8_t *before,
                              const uint8_t *after)
{
    size_t lo = 0, hi = b->size;

    while (lo < hi && before[lo] == after[lo])
        lo++;
    while (hi > lo && before[hi - 1] == after[hi - 1])
        hi--;
    if (lo == hi)
        return 0;
    return xs_self_copy_out(b->addr + lo, after + lo, hi - lo);
}

static void say_broker_lost(int err)
{
    static atomic_flag said;

    if (!atomic_flag_test_and_set(&said))
        xs_log(XS_LOG_ERROR, "the dm_op broker does not answer (%s): dm_ops on the "
               "restricted descriptor now fail with -ENOSYS", strerror(err));
}

/* The caller may have closed the socket's number (closefrom, a raw system
 * call) and reused it: never send a dm_op's buffers to another file. */
static bool still_our_socket(struct xs_broker *b)
{
    struct stat st;

    if (b->sock >= 0 && fstat(b->sock, &st) == 0 &&
        st.st_dev == b->sock_dev && st.st_ino == b->sock_ino)
        return true;
    b->sock = -1;
    return false;
}

/* One request through the ring: as send_request and recv_reply do on the
 * socket.  A broker found gone leaves the ring for good. */
static ssize_t ring_round_trip(struct xs_broker *b, const struct xs_broker_request *rq,
                               unsigned nr, uint8_t *const data[], struct xs_broker_reply *rp,
                               uint8_t *const reply_data[])
{
    struct xs_broker_ring *r = b->ring;
    size_t total = 0;
    int rc;

    /* No fstat here: the ring needs no system call while the broker
     * answers, and a socket number reused meanwhile leaves the broker's
     * peer gone, which it answers with GONE. */
    if (r == NULL || b->sock < 0)
        return -EBADF;
    r->rq = *rq;
    for (unsigned i = 0; i < nr; total += rq->size[i], i++)
        memcpy(r->data + total, data[i], rq->size[i]);
    rc = xs_ring_call(r, b->sock, b->sock_dev, b->sock_ino);
    if (rc) {
        still_our_socket(b);   /* its number may be another file's by now */
        b->ring = NULL;
        munmap(r, sizeof(*r));
        return rc;
    }
    *rp = r->rp;
    if (rp->magic != XS_BROKER_MAGIC)
        return -EIO;
    if (!rp->pad)
        return rp->verdict == XS_DONE && rp->ret < 0 ? 0 : -EIO;
    total = 0;
    for (unsigned i = 0; i < nr; total += rq->size[i], i++)
        memcpy(reply_data[i], r->data + total, rq->size[i]);
    return (ssize_t)total;
}

static void release(uint8_t *mem, const uint8_t *small)
{
    if (mem != small)
        free(mem);
}

enum xs_verdict xs_broker_dm_op(struct xs_broker *b, uint16_t domid, unsigned nr,
                                const struct xs_ubuf *bufs, long *ret)
{
    struct xs_broker_request rq = { XS_BROKER_MAGIC, domid, (uint16_t)nr, { 0 } };
    struct xs_broker_reply rp;
    uint8_t small[512], *mem, *before[XS_PRIVCMD_DM_OP_MAX_NUM], *after[XS_PRIVCMD_DM_OP_MAX_NUM];
    size_t total = 0;
    unsigned max_num, max_size;
    ssize_t n;

    if (b->sock < 0 || b->owner != xs_self_pid())
        return XS_PASS;   /* a fork child does not share its parent's broker */
    xs_privcmd_dm_op_limits(&max_num, &max_size);
    if (nr > max_num) {
        *ret = -E2BIG;
        return XS_DONE;
    }
    for (unsigned i = 0; i < nr; i++) {
        if (bufs[i].size > max_size) {
            *ret = -E2BIG;
            return XS_DONE;
        }
        rq.size[i] = (uint32_t)bufs[i].size;
        total += bufs[i].size;
    }
    /* Most dm_ops carry a few dozen bytes: no allocation for those. */
    mem = 2 * total + 1 <= sizeof(small) ? small : malloc(2 * total + 1);
    if (!mem) {
        *ret = -ENOMEM;
        return XS_DONE;
    }
    /* The kernel pins every buffer before Xen runs: one it cannot reach
     * makes the whole call -EFAULT, whatever the op would have read. */
    for (unsigned i = 0, off = 0; i < nr; off += rq.size[i], i++) {
        before[i] = mem + off;
        after[i] = mem + total + off;
        if (xs_self_copy_in(before[i], bufs[i].addr, rq.size[i])) {
            release(mem, small);
            *ret = -EFAULT;
            return XS_DONE;
        }
    }

    pthread_mutex_lock(&b->lock);
    if (b->ring)
        n = ring_round_trip(b, &rq, nr, before, &rp, after);
    else {
        n = still_our_socket(b) ? send_request(b->sock, &rq, nr, before) : -EBADF;
        if (!n)
            n = recv_reply(b->sock, &rp, nr, rq.size, after);
    }
    pthread_mutex_unlock(&b->lock);
    if (n < 0 || (rp.verdict != XS_DONE && rp.verdict != XS_PASS)) {
        say_broker_lost(n < 0 ? (int)-n : EPROTO);
        release(mem, small);
        return XS_PASS;
    }
    if (rp.verdict == XS_PASS || (size_t)n != total) {
        /* Not translated, or refused before translating: nothing to copy. */
        if (rp.verdict == XS_DONE)
            *ret = (long)rp.ret;
        release(mem, small);
        return rp.verdict;
    }
    *ret = (long)rp.ret;
    for (unsigned i = 0; i < nr; i++)
        if (write_back_changes(&bufs[i], before[i], after[i]))
            *ret = -EFAULT;
    if (rp.translated && nr > 0 && rq.size[0] >= sizeof(uint32_t)) {
        uint32_t op;
        memcpy(&op, before[0], sizeof(op));
        xs_stat_translated("dm_op", xs_dmop_name(op));
    }
    release(mem, small);
    return XS_DONE;
}

static int wait_ready(int sock)
{
    struct pollfd p = { sock, POLLIN, 0 };
    struct xs_broker_reply rp;
    int r;

    do
        r = poll(&p, 1, xs_broker_start_timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r == 0)
        return -ETIMEDOUT;
    if (r < 0)
        return -errno;
    if (recv_reply(sock, &rp, 0, NULL, NULL) < 0)
        return -EPROTO;
    if (rp.verdict != XS_BROKER_READY)
        return -EPROTO;
    return rp.ret < 0 ? (int)rp.ret : 0;
}

int xs_broker_attach(struct xs_broker *b, int sock, uint16_t domid)
{
    struct stat st;
    int rc = wait_ready(sock);

    if (rc)
        return rc;
    if (fstat(sock, &st))
        return -errno;
    b->sock = sock;
    b->sock_dev = st.st_dev;
    b->sock_ino = st.st_ino;
    b->domid = domid;
    b->owner = getpid();
    pthread_mutex_init(&b->lock, NULL);
    b->ring = xs_ring_offer(sock, xs_broker_start_timeout_ms);
    return 0;
}

/* xenshim-dmop-broker in the directory this code was loaded from (build/lib,
 * or $(PREFIX)/lib/xenshim once installed).  The loader keeps the name the
 * library was preloaded by, which may be relative to the directory the
 * program started in: xs_broker_locate runs from the library's constructor,
 * before the program can change directory, and the answer is kept.  The
 * broker is handed an unrestricted descriptor, so a path that is not
 * absolute (XENSHIM_BROKER included) is never run. */
static char located[PATH_MAX];
static pthread_once_t locate_once = PTHREAD_ONCE_INIT;

static void locate(void)
{
    char dir[PATH_MAX], real[PATH_MAX];
    Dl_info info;
    const char *slash;

    if (!dladdr((void *)locate, &info) || !info.dli_fname ||
        !(slash = strrchr(info.dli_fname, '/')) ||
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - info.dli_fname),
                 info.dli_fname) >= (int)sizeof(dir) ||
        !realpath(dir, real) ||
        snprintf(located, sizeof(located), "%s/xenshim-dmop-broker", real) >= (int)sizeof(located))
        located[0] = 0;
}

void xs_broker_locate(void)
{
    pthread_once(&locate_once, locate);
}

static int broker_path(char out[PATH_MAX])
{
    const char *env = secure_getenv("XENSHIM_BROKER");

    if (env && *env) {
        if (env[0] != '/') {
            xs_log(XS_LOG_ERROR, "XENSHIM_BROKER=%s is not an absolute path; not run", env);
            return -EINVAL;
        }
        return snprintf(out, PATH_MAX, "%s", env) < PATH_MAX ? 0 : -ENAMETOOLONG;
    }
    xs_broker_locate();
    if (!located[0])
        return -ENOENT;
    memcpy(out, located, sizeof(located));
    return 0;
}

/* The device model's environment minus LD_PRELOAD: the broker talks to
 * privcmd itself and must not run the shim over its own calls. */
static char **environment_without_preload(void)
{
    size_t n = 0, k = 0;
    char **env;

    while (environ && environ[n])
        n++;
    env = calloc(n + 1, sizeof(*env));
    if (!env)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LD_PRELOAD=", 11))
            env[k++] = environ[i];
    return env;
}

static void close_if_open(int fd)
{
    if (fd >= 0)
        syscall(SYS_close, fd);
}

int xs_broker_spawn(struct xs_broker *b, int privcmd_fd, uint16_t domid)
{
    char path[PATH_MAX] = "xenshim-dmop-broker", dom[8];
    char *argv[] = { path, "--domid", dom, NULL };
    char **env = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, all;
    int sv[2] = { -1, -1 }, high_sock = -1, high_privcmd = -1, rc, status;
    pid_t pid;

    rc = broker_path(path);
    if (!rc && access(path, X_OK))
        rc = -errno;
    if (rc) {
        xs_log(XS_LOG_ERROR, "cannot find the dm_op broker (%s): %s", path, strerror(-rc));
        return rc;
    }
    snprintf(dom, sizeof(dom), "%u", domid);
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
        return -errno;
    high_sock = (int)syscall(SYS_fcntl, sv[1], F_DUPFD_CLOEXEC, XS_BROKER_PRIVCMD_FD + 1);
    high_privcmd = (int)syscall(SYS_fcntl, privcmd_fd, F_DUPFD_CLOEXEC, XS_BROKER_PRIVCMD_FD + 1);
    env = environment_without_preload();
    if (high_sock < 0 || high_privcmd < 0 || !env) {
        rc = env ? -errno : -ENOMEM;
        free(env);
        goto out;
    }
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    /* dup2 onto the fixed numbers clears close-on-exec there; the broker
     * closes everything else it inherits.  Both are first moved above the
     * fixed numbers, or the first dup2 could overwrite the second source. */
    posix_spawn_file_actions_adddup2(&fa, high_sock, XS_BROKER_SOCKET_FD);
    posix_spawn_file_actions_adddup2(&fa, high_privcmd, XS_BROKER_PRIVCMD_FD);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    rc = -posix_spawn(&pid, path, &fa, &attr, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    free(env);
    if (rc) {
        xs_log(XS_LOG_ERROR, "cannot start the dm_op broker %s: %s", path, strerror(-rc));
        goto out;
    }
    syscall(SYS_close, sv[1]);
    syscall(SYS_close, high_sock);
    syscall(SYS_close, high_privcmd);
    sv[1] = high_sock = high_privcmd = -1;
    /* The ready message first, with its timeout: a broker that hangs must
     * not hang the device model, so it is killed then. */
    rc = xs_broker_attach(b, sv[0], domid);
    if (rc)
        kill(pid, SIGKILL);
    /* The broker forks once and its first process exits at once, so it is
     * never the device model's child to reap (nor to be surprised by).
     * A process ignoring SIGCHLD gets ECHILD here: nothing to reap. */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (rc) {
        xs_log(XS_LOG_ERROR, "the dm_op broker for domain %u did not start: %s",
               domid, strerror(-rc));
        goto out;
    }
    xs_log(XS_LOG_INFO, "dm_ops of descriptors restricted to domain %u go through the "
           "dm_op broker (%s)", domid, path);
    return 0;
out:
    close_if_open(sv[0]);
    close_if_open(sv[1]);
    close_if_open(high_sock);
    close_if_open(high_privcmd);
    return rc;
}

/* ---- the broker's side ---- */

/* The translator's view of one request: the hypervisor is the confined
 * descriptor, the "caller's memory" is the copies of the buffers and
 * nothing else. */
struct broker_call {
    struct xs_hv hv;          /* first: translators are handed &hv */
    struct xs_hv *inner;
    unsigned nr;
    struct xs_ubuf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
};

static struct broker_call *call_of(struct xs_hv *hv)
{
    return (struct broker_call *)hv;
}

static long call_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct xs_hv *in = call_of(hv)->inner;

    return in->hypercall(in, op, arg);
}

static long call_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    struct xs_hv *in = call_of(hv)->inner;

    return in->dm_op(in, domid, nr, bufs);
}

/* The bytes [addr, addr + len) of one buffer of the request, or NULL:
 * copies from and to the "caller" stop at the declared sizes. */
static void *within_buffers(struct xs_hv *hv, uint64_t addr, size_t len)
{
    static uint8_t nothing;
    struct broker_call *c = call_of(hv);

    if (!len)
        return &nothing;
    for (unsigned i = 0; i < c->nr; i++) {
        const struct xs_ubuf *b = &c->bufs[i];
        if (addr >= b->addr && addr - b->addr <= b->size && len <= b->size - (addr - b->addr))
            return (void *)(uintptr_t)addr;
    }
    return NULL;
}

static int call_copy_in(struct xs_hv *hv, void *dst, uint64_t addr, size_t len)
{
    const void *src = within_buffers(hv, addr, len);

    return src ? (memcpy(dst, src, len), 0) : -EFAULT;
}

static int call_copy_out(struct xs_hv *hv, uint64_t addr, const void *src, size_t len)
{
    void *dst = within_buffers(hv, addr, len);

    return dst ? (memcpy(dst, src, len), 0) : -EFAULT;
}

static int send_reply(int sock, const struct xs_broker_reply *rp, unsigned nr,
                      const struct xs_ubuf *bufs)
{
    struct iovec iov[1 + XS_PRIVCMD_DM_OP_MAX_NUM];
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 1 + nr };
    ssize_t n;

    iov[0] = (struct iovec){ (void *)rp, sizeof(*rp) };
    for (unsigned i = 0; i < nr; i++)
        iov[1 + i] = (struct iovec){ (void *)(uintptr_t)bufs[i].addr, bufs[i].size };
    do
        n = sendmsg(sock, &m, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : 0;
}

int xs_broker_say_ready(int sock, long status)
{
    struct xs_broker_reply rp = { XS_BROKER_MAGIC, XS_BROKER_READY, status, 0, 0 };

    return send_reply(sock, &rp, 0, NULL);
}

/* A request that does not parse is refused with -EINVAL and nothing else
 * happens: only the shim talks to the broker, so it is a bug or somebody
 * else, and neither gets more than an error. */
long xs_broker_check_request(const struct xs_broker_request *rq, size_t len, uint16_t domid)
{
    unsigned max_num, max_size;
    size_t data = 0;

    xs_privcmd_dm_op_limits(&max_num, &max_size);
    if (len < sizeof(*rq) || rq->magic != XS_BROKER_MAGIC || rq->nr > max_num)
        return -EINVAL;
    for (unsigned i = 0; i < rq->nr; i++) {
        if (rq->size[i] > max_size)
            return -EINVAL;
        data += rq->size[i];
    }
    for (unsigned i = rq->nr; i < XS_PRIVCMD_DM_OP_MAX_NUM; i++)
        if (rq->size[i])
            return -EINVAL;
    if (len != sizeof(*rq) + data)
        return -EINVAL;
    /* The kernel's check on a restricted descriptor. */
    if (rq->domid != domid)
        return -EPERM;
    return 0;
}

/* recv says 0 both at end of file and for an empty message. */
bool xs_broker_peer_gone(int sock)
{
    struct pollfd p = { sock, POLLRDHUP, 0 };

    int r = poll(&p, 1, 0);

    return r < 0 || (r == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)));
}

void xs_broker_translate(struct xs_hv *hv, const struct xs_broker_request *rq, uint8_t *data,
                         struct xs_broker_reply *rp)
{
    struct broker_call c = {
        .hv = { hv->profile, call_hypercall, call_dm_op, call_copy_in, call_copy_out, NULL },
        .inner = hv,
        .nr = rq->nr,
    };
    unsigned long before;
    long ret = 0;

    for (unsigned i = 0; i < c.nr; data += rq->size[i], i++)
        c.bufs[i] = (struct xs_ubuf){ (uint64_t)(uintptr_t)data, rq->size[i] };
    before = xs_stat_thread_count();
    rp->verdict = xs_translate_dm_op(&c.hv, rq->domid, c.nr, c.bufs, &ret);
    rp->ret = ret;
    rp->translated = xs_stat_thread_count() != before;
}

/* One message and the descriptor it may carry (*fd, else -1). */
static ssize_t recv_with_fd(int sock, uint8_t *msg, size_t size, int *fd)
{
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } ctl;
    struct iovec iov = { msg, size };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                        .msg_controllen = sizeof(ctl.buf) };
    ssize_t n;

    *fd = -1;
    do
        n = recvmsg(sock, &m, MSG_TRUNC | MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); n >= 0 && h; h = CMSG_NXTHDR(&m, h))
        if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
            h->cmsg_len == CMSG_LEN(sizeof(int)) && *fd < 0)
            memcpy(fd, CMSG_DATA(h), sizeof(*fd));
    return n;
}

/* The ring offer: a request header with the ring's magic and a memfd;
 * one ring per broker.  The reply is a start message (0 or -errno). */
static bool is_ring_offer(const uint8_t *msg, ssize_t n)
{
    uint32_t magic;

    if (n != (ssize_t)sizeof(struct xs_broker_request))
        return false;
    memcpy(&magic, msg, sizeof(magic));
    return magic == XS_BROKER_RING_MAGIC;
}

int xs_broker_serve(int sock, struct xs_hv *hv, uint16_t domid)
{
    /* One byte more than the largest request, to tell "too long" apart. */
    const size_t size = sizeof(struct xs_broker_request) + XS_BROKER_MAX_DATA + 1;
    uint8_t *msg = malloc(size);
    const struct xs_broker_request *rq = (const void *)msg;
    struct xs_ring_server *ring = NULL;
    unsigned long malformed = 0;
    int rc = 0;

    if (!msg)
        return -ENOMEM;
    for (;;) {
        struct xs_broker_reply rp = { XS_BROKER_MAGIC, XS_DONE, 0, 0, 0 };
        ssize_t n;
        long bad;
        int fd;

        n = recv_with_fd(sock, msg, size, &fd);
        if (n < 0) {
            rc = -errno;
            break;
        }
        if (fd >= 0 && is_ring_offer(msg, n)) {
            rc = xs_broker_say_ready(sock, ring ? (syscall(SYS_close, fd), -EBUSY)
                                                : xs_ring_start(&ring, fd, sock, hv, domid));
            if (rc)
                break;
            continue;
        }
        if (fd >= 0)
            syscall(SYS_close, fd);    /* nothing else comes with a descriptor */
        if (n == 0 && xs_broker_peer_gone(sock))
            break;
        bad = (size_t)n >= size ? -EINVAL : xs_broker_check_request(rq, (size_t)n, domid);
        if (bad) {
            /* Whoever sends them can send many: one line, then quiet. */
            if (bad == -EINVAL)
                xs_log(malformed++ ? XS_LOG_DEBUG : XS_LOG_ERROR,
                       "dm_op broker: malformed request (%zd bytes) refused", n);
            rp.ret = bad;
            rc = send_reply(sock, &rp, 0, NULL);
        } else {
            struct xs_ubuf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
            uint8_t *data = msg + sizeof(*rq);

            xs_broker_translate(hv, rq, data, &rp);
            for (unsigned i = 0; i < rq->nr; data += rq->size[i], i++)
                bufs[i] = (struct xs_ubuf){ (uint64_t)(uintptr_t)data, rq->size[i] };
            rc = send_reply(sock, &rp, rq->nr, bufs);
        }
        if (rc)
            break;
    }
    xs_ring_stop(ring);
    free(msg);
    return rc;
}
