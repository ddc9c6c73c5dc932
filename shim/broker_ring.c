/* The dm_op broker's shared-memory ring, both sides (broker_ring.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "broker_ring.h"

/* A call's round trip is a few microseconds, and waking a sleeping CPU
 * (a virtual one above all) costs tens: a short spin (2000 pauses, some
 * 10-50 us) catches the other side's answer without a sleep. */
#define RING_SPIN 2000
/* How long the shim sleeps before it asks the socket whether the broker
 * is still there (a broker that died never wakes it). */
#define RING_LIVENESS_MS 50

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static long futex(_Atomic uint32_t *word, int op, uint32_t val, const struct timespec *t)
{
    return syscall(SYS_futex, word, op, val, t, NULL, 0);
}

/* Waits until the state is want: 0, -EPIPE at XS_RING_GONE, -ETIMEDOUT
 * after timeout (NULL: none).  A sleeper says so first, so that whoever
 * changes the state afterwards wakes it (both sides' atomics are
 * sequentially consistent: one of the two sees the other). */
static int ring_wait(struct xs_broker_ring *r, uint32_t want, _Atomic uint32_t *sleeps,
                     const struct timespec *timeout)
{
    uint32_t cur;

    for (int i = 0; i < RING_SPIN; i++) {
        if (atomic_load_explicit(&r->state, memory_order_acquire) == want)
            return 0;
        cpu_relax();
    }
    for (;;) {
        long rc;

        cur = atomic_load(&r->state);
        if (cur == want)
            return 0;
        if (cur == XS_RING_GONE)
            return -EPIPE;
        atomic_store(sleeps, 1);
        rc = atomic_load(&r->state) == cur ? futex(&r->state, FUTEX_WAIT, cur, timeout) : 0;
        atomic_store(sleeps, 0);
        if (rc < 0 && errno == ETIMEDOUT)
            return -ETIMEDOUT;
    }
}

/* ---- the shim's side ---- */

struct xs_broker_ring *xs_ring_offer(int sock, int timeout_ms)
{
    struct xs_broker_request rq = { XS_BROKER_RING_MAGIC, 0, 0, { 0 } };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } ctl;
    struct iovec iov = { &rq, sizeof(rq) };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                        .msg_controllen = sizeof(ctl.buf) };
    struct pollfd p = { sock, POLLIN, 0 };
    struct xs_broker_reply rp;
    struct xs_broker_ring *r = MAP_FAILED;
    int fd, ok = 0;

    fd = (int)syscall(SYS_memfd_create, "xenshim-broker-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return NULL;
    if (ftruncate(fd, sizeof(*r)) == 0 &&
        (int)syscall(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) == 0)
        r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r != MAP_FAILED) {
        ctl.h.cmsg_level = SOL_SOCKET;
        ctl.h.cmsg_type = SCM_RIGHTS;
        ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(&ctl.h), &fd, sizeof(fd));
        ok = sendmsg(sock, &m, MSG_NOSIGNAL) == (ssize_t)sizeof(rq) &&
             poll(&p, 1, timeout_ms) == 1 &&
             recv(sock, &rp, sizeof(rp), 0) == (ssize_t)sizeof(rp) &&
             rp.magic == XS_BROKER_MAGIC && rp.verdict == XS_BROKER_READY && rp.ret == 0;
    }
    syscall(SYS_close, fd);   /* the shim's own descriptor, never the caller's */
    if (ok)
        return r;
    if (r != MAP_FAILED)
        munmap(r, sizeof(*r));
    return NULL;
}

/* The broker's socket is still this one and its peer still there.  The
 * number may be another file's by now (the caller closed and reused it):
 * that file's peer says nothing about the broker. */
static bool broker_still_there(int sock, dev_t dev, ino_t ino)
{
    struct stat st;

    return fstat(sock, &st) == 0 && st.st_dev == dev && st.st_ino == ino &&
           !xs_broker_peer_gone(sock);
}

int xs_ring_call(struct xs_broker_ring *r, int sock, dev_t dev, ino_t ino)
{
    const struct timespec slice = { 0, RING_LIVENESS_MS * 1000000L };
    uint32_t idle = XS_RING_IDLE;
    int rc;

    /* From IDLE only: a broker that has stopped meanwhile set GONE, and
     * a plain store would wipe that out and wait for nobody. */
    if (!atomic_compare_exchange_strong(&r->state, &idle, XS_RING_REQUEST))
        return -EPIPE;
    if (atomic_load(&r->broker_sleeps))
        futex(&r->state, FUTEX_WAKE, INT_MAX, NULL);
    while ((rc = ring_wait(r, XS_RING_REPLY, &r->shim_sleeps, &slice)) == -ETIMEDOUT)
        if (!broker_still_there(sock, dev, ino))
            return -EPIPE;
    if (rc == 0)
        atomic_store(&r->state, XS_RING_IDLE);
    return rc;
}

/* ---- the broker's side ---- */

struct xs_ring_server {
    struct xs_broker_ring *ring;
    int sock;
    struct xs_hv *hv;
    uint16_t domid;
    pthread_t thread;
    struct xs_broker_request rq;          /* the broker's own copies */
    uint8_t data[XS_BROKER_MAX_DATA];
};

static size_t request_bytes(const struct xs_broker_request *rq)
{
    size_t n = 0;

    for (unsigned i = 0; i < XS_PRIVCMD_DM_OP_MAX_NUM; i++)
        n += rq->size[i];
    return n;
}

/* Moves the ring from one state to another and wakes whoever sleeps on
 * it; false if the state was not from. */
static bool ring_move(struct xs_broker_ring *r, uint32_t from, uint32_t to)
{
    if (!atomic_compare_exchange_strong(&r->state, &from, to))
        return false;
    if (atomic_load(&r->shim_sleeps) || atomic_load(&r->broker_sleeps))
        futex(&r->state, FUTEX_WAKE, INT_MAX, NULL);
    return true;
}

static void *ring_serve(void *p)
{
    struct xs_ring_server *s = p;
    struct xs_broker_ring *r = s->ring;

    while (ring_wait(r, XS_RING_REQUEST, &r->broker_sleeps, NULL) == 0) {
        struct xs_broker_reply rp = { XS_BROKER_MAGIC, XS_DONE, 0, 0, 0 };
        size_t len;

        /* The device model gone (or its end shut): the request is not
         * taken, and the shim (if any) hears GONE. */
        if (xs_broker_peer_gone(s->sock)) {
            ring_move(r, XS_RING_REQUEST, XS_RING_GONE);
            break;
        }
        /* Taken: from here xs_ring_stop waits for the reply. */
        if (!ring_move(r, XS_RING_REQUEST, XS_RING_SERVING))
            break;
        memcpy(&s->rq, &r->rq, sizeof(s->rq));
        len = request_bytes(&s->rq);
        rp.ret = xs_broker_check_request(&s->rq, sizeof(s->rq) + len, s->domid);
        if (!rp.ret) {
            memcpy(s->data, r->data, len);
            xs_broker_translate(s->hv, &s->rq, s->data, &rp);
            memcpy(r->data, s->data, len);
            rp.pad = 1;
        }
        r->rp = rp;
        ring_move(r, XS_RING_SERVING, XS_RING_REPLY);
    }
    return NULL;
}

/* Only a sealed memfd of the ring's size: one the device model could
 * shrink would fault the broker. */
static bool ring_memfd_fits(int fd)
{
    struct stat st;
    int seals = (int)syscall(SYS_fcntl, fd, F_GET_SEALS);

    return seals >= 0 && (seals & F_SEAL_SHRINK) && (seals & F_SEAL_SEAL) &&
           fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
           st.st_size == (off_t)sizeof(struct xs_broker_ring);
}

int xs_ring_start(struct xs_ring_server **out, int memfd, int sock, struct xs_hv *hv,
                  uint16_t domid)
{
    struct xs_ring_server *s;
    void *ring = MAP_FAILED;
    int rc;

    if (ring_memfd_fits(memfd))
        ring = mmap(NULL, sizeof(struct xs_broker_ring), PROT_READ | PROT_WRITE, MAP_SHARED,
                    memfd, 0);
    rc = ring == MAP_FAILED ? -EINVAL : 0;
    syscall(SYS_close, memfd);
    if (rc)
        return rc;
    /* mmap, not malloc: a large buffer, and a thread's own memory. */
    s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED) {
        munmap(ring, sizeof(struct xs_broker_ring));
        return -ENOMEM;
    }
    *s = (struct xs_ring_server){ .ring = ring, .sock = sock, .hv = hv, .domid = domid };
    rc = -pthread_create(&s->thread, NULL, ring_serve, s);
    if (rc) {
        munmap(ring, sizeof(struct xs_broker_ring));
        munmap(s, sizeof(*s));
        return rc;
    }
    *out = s;
    return 0;
}

/* How long xs_ring_stop waits for a shim to read a reply before it takes
 * the shim for gone (it is stopping because the socket's peer hung up). */
#define RING_STOP_GRACE_MS 1000

void xs_ring_stop(struct xs_ring_server *s)
{
    struct xs_broker_ring *r;
    const struct timespec tick = { 0, 10 * 1000000L };

    if (!s)
        return;
    r = s->ring;
    /* Never over a call that was taken: its reply reaches the shim first.
     * The thread always moves SERVING on, so that wait ends. */
    for (int waited = 0;; ) {
        uint32_t cur = atomic_load(&r->state);

        if (cur == XS_RING_GONE ||
            ((cur == XS_RING_IDLE || cur == XS_RING_REQUEST) && ring_move(r, cur, XS_RING_GONE)))
            break;
        if (cur == XS_RING_REPLY && waited >= RING_STOP_GRACE_MS && ring_move(r, cur, XS_RING_GONE))
            break;
        if (cur == XS_RING_REPLY || cur == XS_RING_SERVING) {
            atomic_store(&r->broker_sleeps, 1);
            futex(&r->state, FUTEX_WAIT, cur, &tick);
            waited += 10;
        }
    }
    pthread_join(s->thread, NULL);
    munmap(s->ring, sizeof(struct xs_broker_ring));
    munmap(s, sizeof(*s));
}
