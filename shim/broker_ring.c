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

/* Sets the state and wakes the other side if it sleeps on it. */
static void ring_set(struct xs_broker_ring *r, uint32_t state, _Atomic uint32_t *sleeps)
{
    atomic_store(&r->state, state);
    if (atomic_load(sleeps))
        futex(&r->state, FUTEX_WAKE, INT_MAX, NULL);
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

int xs_ring_call(struct xs_broker_ring *r, int sock)
{
    const struct timespec slice = { 0, RING_LIVENESS_MS * 1000000L };
    int rc;

    ring_set(r, XS_RING_REQUEST, &r->broker_sleeps);
    while ((rc = ring_wait(r, XS_RING_REPLY, &r->shim_sleeps, &slice)) == -ETIMEDOUT)
        if (xs_broker_peer_gone(sock))
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

static void *ring_serve(void *p)
{
    struct xs_ring_server *s = p;
    struct xs_broker_ring *r = s->ring;

    while (ring_wait(r, XS_RING_REQUEST, &r->broker_sleeps, NULL) == 0) {
        struct xs_broker_reply rp = { XS_BROKER_MAGIC, XS_DONE, 0, 0, 0 };
        size_t len;
        uint32_t req = XS_RING_REQUEST;

        /* The device model gone (or its end shut): no more dm_ops. */
        if (xs_broker_peer_gone(s->sock))
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
        if (!atomic_compare_exchange_strong(&r->state, &req, XS_RING_REPLY))
            break;
        if (atomic_load(&r->shim_sleeps))
            futex(&r->state, FUTEX_WAKE, INT_MAX, NULL);
    }
    ring_set(r, XS_RING_GONE, &r->shim_sleeps);
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

void xs_ring_stop(struct xs_ring_server *s)
{
    if (!s)
        return;
    ring_set(s->ring, XS_RING_GONE, &s->ring->broker_sleeps);
    futex(&s->ring->state, FUTEX_WAKE, INT_MAX, NULL);
    pthread_join(s->thread, NULL);
    munmap(s->ring, sizeof(struct xs_broker_ring));
    munmap(s, sizeof(*s));
}
