/* privcmd ioctls caught by seccomp user notification, so that every errno
 * the simulated Xen gives reaches the caller unchanged (see front.h: FUSE
 * alone would turn ENOSYS into ENOTTY).  One thread serves the listener;
 * the hypervisor serialises calls anyway, and nothing here waits for the
 * caller.
 *
 * Exactly once.  Real privcmd is not interruptible inside a hypercall: a
 * call returns once, with its result, and takes effect once.  A seccomp
 * notification is interruptible by default: a signal between our RECV and
 * our SEND withdraws it, the caller sees EINTR (or restarts the ioctl with
 * SA_RESTART) although the hypercall already ran, and our SEND fails with
 * ENOENT.  Two defences, by kernel:
 *  - Linux 5.19+: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV.  Once we have
 *    received a notification, the caller waits for our answer through any
 *    signal but a fatal one, as it would in privcmd.  A signal before RECV
 *    still withdraws the call, which then has had no effect: the EINTR or
 *    the restart is true.
 *  - older kernels: a replay slot per thread.  When a SEND fails after the
 *    hypercall ran, we keep (cmd, arg, result); if that thread's next
 *    privcmd notification is the same ioctl (the SA_RESTART restart, or a
 *    retry after EINTR), it gets the kept result without running again.
 *    A caller without SA_RESTART that never retries still sees EINTR after
 *    the effect: that kernel cannot do better, and the flag is preferred
 *    whenever present.
 * XENSHIM_SIM_WAIT_KILLABLE=0 forces the older kernels' way, to test it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kcmp.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "front.h"
#include "host/host.h"
#include "kernel/sim_kernel_abi.h"

/* A privcmd descriptor a caller thread used, with our duplicate of it: the
 * next ioctl on that number costs one kcmp() instead of a dozen system
 * calls and two FUSE round trips.  Our duplicate also keeps the open file,
 * and so pf, alive. */
#define NR_KNOWN 64
#define NR_REPLAY 64

/* A result computed but not delivered (the caller was interrupted between
 * our RECV and SEND), for the thread's restarted ioctl. */
struct replay {
    pid_t tid;                     /* 0: slot empty */
    uint64_t cmd, arg;
    long result;
};

struct known_fd {
    pid_t tid;
    int fd;                        /* the caller's number */
    int dup;                       /* ours, or -1: slot empty */
    struct privcmd_file *pf;
};

struct sim_intercept {
    struct sim_front *front;
    struct known_fd known[NR_KNOWN];
    struct replay replay[NR_REPLAY];
    int killable;                  /* the filter has WAIT_KILLABLE_RECV */
    int listener;
    int stop[2];                   /* pipe: written to stop the thread */
    pthread_t thread;
    struct seccomp_notif_sizes sizes;
};

/* ioctl(fd, cmd, ...) with cmd of type 'P' (privcmd's) or 'E' (evtchn's,
 * whose unknown requests are -ENOSYS in Linux) goes to the listener;
 * everything else, and every other syscall, is untouched. */
static struct sock_filter privcmd_filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    /* The low half of args[1]: the kernel takes cmd as unsigned int. */
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
    BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff00),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'P' << 8, 1, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'E' << 8, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

/* Read before fork: the child may only make system calls. */
static int want_killable = 1;

int sim_intercept_available(void)
{
    const char *e = getenv("XENSHIM_SIM_WAIT_KILLABLE");
    int pidfd = pidfd_open(getpid(), 0), fd = -1;

    want_killable = !(e && !strcmp(e, "0"));

    /* pidfd_getfd (5.6) is the newest thing used; with it come the
     * listener's CONTINUE answer (5.5) and pidfd_open (5.3). */
    if (pidfd >= 0) {
        fd = pidfd_getfd(pidfd, pidfd, 0);
        close(pidfd);
    }
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

int sim_intercept_child(int sock)
{
    struct sock_fprog prog = {
        sizeof(privcmd_filter) / sizeof(privcmd_filter[0]), privcmd_filter,
    };
    char cbuf[CMSG_SPACE(sizeof(int))];
    char status;
    struct iovec iov = { &status, 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct cmsghdr *cm;
    int fd, r;

    /* Between fork and exec: system calls only.  Status 0: a listener
     * whose callers wait killably once received; 2: a plain one (kernels
     * before 5.19 refuse the flag with EINVAL); 1: none. */
    fd = -1;
    if (want_killable)
        fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                     SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
                     &prog);
    status = 0;
    if (fd < 0) {
        fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                     &prog);
        status = fd < 0 ? 1 : 2;
    }
    if (fd >= 0) {
        memset(cbuf, 0, sizeof(cbuf));
        msg.msg_control = cbuf;
        msg.msg_controllen = sizeof(cbuf);
        cm = CMSG_FIRSTHDR(&msg);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cm), &fd, sizeof(int));
    }
    /* The listener in flight keeps the filter served until the parent
     * holds it, so ours can go now. */
    r = sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
    if (fd < 0)
        return 1;
    close(fd);
    return r;
}

static int recv_listener(int sock, int *killable)
{
    char cbuf[CMSG_SPACE(sizeof(int))];
    char status = 1;
    struct iovec iov = { &status, 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                          .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
    struct cmsghdr *cm;
    int fd = -1;

    if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
        return -1;
    cm = CMSG_FIRSTHDR(&msg);
    if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(cm), sizeof(int));
    if (status == 1 && fd >= 0) {
        close(fd);
        fd = -1;
    }
    *killable = status == 0;
    return fd;
}

/* The open privcmd file behind descriptor fd of thread tid, or NULL if fd
 * is not our privcmd. */
static struct privcmd_file *privcmd_of(struct sim_intercept *x, pid_t tid, int fd)
{
    struct known_fd *k = &x->known[((unsigned)tid * 31u + (unsigned)fd) % NR_KNOWN];
    struct privcmd_file *pf;
    pid_t tgid;
    int pidfd, dup;

    /* The number may have been closed and reused since: same file? */
    if (k->dup >= 0 && k->tid == tid && k->fd == fd &&
        syscall(SYS_kcmp, getpid(), tid, KCMP_FILE, k->dup, fd) == 0)
        return k->pf;
    tgid = sim_front_tgid(x->front, tid);
    pidfd = tgid > 0 ? pidfd_open(tgid, 0) : -1;
    if (pidfd < 0)
        return NULL;
    /* A duplicate of the caller's descriptor: the same open file, so the
     * same privcmd_file and restriction. */
    dup = pidfd_getfd(pidfd, fd, 0);
    close(pidfd);
    if (dup < 0)
        return NULL;
    pf = sim_front_file(x->front, dup);
    if (!pf) {
        close(dup);
        return NULL;
    }
    if (k->dup >= 0)
        close(k->dup);
    *k = (struct known_fd){ tid, fd, dup, pf };
    return pf;
}

static struct replay *replay_of(struct sim_intercept *x, pid_t tid)
{
    return &x->replay[(unsigned)tid % NR_REPLAY];
}

/* An 'E' request on our /dev/xen/evtchn: served here, so that -ENOSYS
 * reaches the caller as it is.  Not cached like privcmd's descriptors:
 * evtchn ioctls are few next to privcmd's. */
static int answer_evtchn(struct sim_intercept *x, const struct seccomp_notif *req,
                         struct seccomp_notif_resp *resp)
{
    pid_t tgid = sim_front_tgid(x->front, (pid_t)req->pid);
    int pidfd = tgid > 0 ? pidfd_open(tgid, 0) : -1, dup = -1;
    struct sim_host *host = NULL;
    enum sim_host_node n;
    uint64_t fh = 0;
    long r;

    if (pidfd >= 0) {
        dup = pidfd_getfd(pidfd, (int)req->data.args[0], 0);
        close(pidfd);
    }
    if (dup >= 0)
        host = sim_front_host_file(x->front, dup, &n, &fh);
    if (!host || n != HOST_NODE_EVTCHN || ioctl(x->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id)) {
        if (dup >= 0)
            close(dup);
        return 0;
    }
    /* Our duplicate keeps the open file, and so fh, alive meanwhile. */
    struct fuse_file_info fi = { .fh = fh };
    r = sim_host_ioctl(host, n, &fi, (pid_t)req->pid, (unsigned)req->data.args[1],
                       req->data.args[2]);
    close(dup);
    resp->flags = 0;
    if (r < 0)
        resp->error = (int)r;
    else
        resp->val = r;
    return 1;
}

/* The answer to one notification.  Anything that is not an ioctl on our
 * privcmd file continues into the kernel as if we were not here.  Returns
 * whether a hypercall ran (its result must then not be lost). */
static int answer(struct sim_intercept *x, const struct seccomp_notif *req,
                  struct seccomp_notif_resp *resp)
{
    struct privcmd_file *pf;
    struct sim_caller c;
    struct replay *rp;
    long r;

    resp->id = req->id;
    resp->val = 0;
    resp->error = 0;
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    if (req->data.nr != __NR_ioctl || req->pid <= 0)
        return 0;
    if (((unsigned)req->data.args[1] & 0xff00) == 'E' << 8)
        return answer_evtchn(x, req, resp);
    pf = privcmd_of(x, (pid_t)req->pid, (int)req->data.args[0]);
    /* The caller may have died and its pid been reused meanwhile. */
    if (!pf || ioctl(x->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id))
        return 0;
    resp->flags = 0;
    rp = replay_of(x, (pid_t)req->pid);
    if (rp->tid == (pid_t)req->pid) {
        /* Whatever this call is, the kept result is for this one or for
         * none: a thread's next privcmd ioctl after an interrupted one. */
        rp->tid = 0;
        if (rp->cmd == (unsigned)req->data.args[1] && rp->arg == req->data.args[2]) {
            r = rp->result;
            goto out;
        }
    }
    sim_caller_init_pid(&c, req->pid);
    if ((unsigned)req->data.args[1] == XS_SIM_IOCTL_GUEST_MEMORY) {
        r = privcmd_guest_memory(sim_front_hv(x->front), pf, &c, req->data.args[2]);
        if (r >= 0) {
            /* The descriptor goes in as the ioctl's result: ADDFD with
             * SEND answers the notification itself. */
            struct seccomp_notif_addfd add = { .id = req->id, .flags = SECCOMP_ADDFD_FLAG_SEND,
                                               .srcfd = (uint32_t)r, .newfd_flags = O_CLOEXEC };

            if (ioctl(x->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add) >= 0)
                return 2;
            r = -errno;
        }
        goto out;
    }
    r = privcmd_driver_ioctl(sim_front_hv(x->front), pf, &c, (unsigned)req->data.args[1],
                             req->data.args[2]);
out:
    if (r < 0)
        resp->error = (int)r;
    else
        resp->val = r;
    return 1;
}

/* Our SEND failed after a hypercall ran: the caller was interrupted (a
 * kernel without WAIT_KILLABLE_RECV) or died.  Keep the result for the
 * thread's restarted call. */
static void keep_for_replay(struct sim_intercept *x, const struct seccomp_notif *req,
                            const struct seccomp_notif_resp *resp)
{
    struct replay *rp = replay_of(x, (pid_t)req->pid);

    *rp = (struct replay){ (pid_t)req->pid, (unsigned)req->data.args[1], req->data.args[2],
                           resp->error ? resp->error : resp->val };
}

static void *serve(void *p)
{
    struct sim_intercept *x = p;
    struct seccomp_notif *req = calloc(1, x->sizes.seccomp_notif);
    struct seccomp_notif_resp *resp = calloc(1, x->sizes.seccomp_notif_resp);
    struct pollfd pfd[2] = { { x->listener, POLLIN, 0 }, { x->stop[0], POLLIN, 0 } };
    int ran;

    while (req && resp) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (pfd[1].revents)
            break;
        if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            break;                 /* every process under the filter is gone */
        if (!(pfd[0].revents & POLLIN))
            continue;
        memset(req, 0, x->sizes.seccomp_notif);
        if (ioctl(x->listener, SECCOMP_IOCTL_NOTIF_RECV, req))
            continue;              /* EINTR, or the caller died (ENOENT) */
        memset(resp, 0, x->sizes.seccomp_notif_resp);
        ran = answer(x, req, resp);
        if (ran == 2)
            continue;              /* answered by ADDFD */
        if (ioctl(x->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) && errno == ENOENT && ran &&
            !x->killable)
            keep_for_replay(x, req, resp);
    }
    free(req);
    free(resp);
    return NULL;
}

struct sim_intercept *sim_intercept_start(struct sim_front *f, int sock, int *filtered,
                                          char *err, size_t errlen)
{
    struct sim_intercept *x;
    int r, killable, listener = recv_listener(sock, &killable);

    *filtered = listener >= 0;
    if (listener < 0) {
        snprintf(err, errlen, "the child could not install the seccomp filter");
        return NULL;
    }
    x = calloc(1, sizeof(*x));
    if (!x) {
        close(listener);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    x->front = f;
    for (int i = 0; i < NR_KNOWN; i++)
        x->known[i].dup = -1;
    x->stop[0] = x->stop[1] = -1;
    x->listener = listener;
    x->killable = killable;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &x->sizes) ||
        pipe2(x->stop, O_CLOEXEC)) {
        snprintf(err, errlen, "seccomp notification: %s", strerror(errno));
        goto fail;
    }
    r = pthread_create(&x->thread, NULL, serve, x);
    if (r) {
        snprintf(err, errlen, "seccomp thread: %s", strerror(r));
        goto fail;
    }
    return x;

fail:
    if (x->listener >= 0)
        close(x->listener);
    if (x->stop[0] >= 0) {
        close(x->stop[0]);
        close(x->stop[1]);
    }
    free(x);
    return NULL;
}

void sim_intercept_stop(struct sim_intercept *x)
{
    if (!x)
        return;
    (void)!write(x->stop[1], "x", 1);
    pthread_join(x->thread, NULL);
    /* Closing the listener fails any later privcmd ioctl of a process
     * CMD left behind (ENOSYS), as the simulator is gone. */
    close(x->listener);
    close(x->stop[0]);
    close(x->stop[1]);
    for (int i = 0; i < NR_KNOWN; i++)
        if (x->known[i].dup >= 0)
            close(x->known[i].dup);
    free(x);
}
