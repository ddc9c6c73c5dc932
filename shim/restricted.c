/* Restricted descriptors on a hypervisor without dm_op (restricted.h).
 *
 * There a dm_op is translated into hypercalls, which the kernel refuses on
 * a descriptor the caller restricted (IOCTL_PRIVCMD_RESTRICT).  An
 * unrestricted descriptor kept in this process would let anything running
 * here (a compromised device model) make any hypercall, which is exactly
 * what restricting rules out.  So when a restriction succeeds, the shim
 * hands a fresh unrestricted descriptor to the dm_op broker, a process of
 * its own (shim/broker.h), and keeps only a socket to it, over which the
 * broker takes dm_ops for the restricted domain and nothing else: what the
 * kernel lets through a restricted descriptor on a Xen with dm_op.  The
 * fresh descriptor is opened after the restriction and only if this
 * process could still open privcmd itself, so no right is gained.
 *
 * One broker per process, for the first domain restricted to; another
 * domain, a fork child, XENSHIM_RESTRICTED_FALLBACK=0, or a broker that
 * cannot start all leave the dm_op to the kernel as it is: it fails as
 * without the shim (-ENOSYS from 4.5-4.8), with one log line.  On hvmctl1
 * the shim answers -ENOSYS itself, since the kernel's hypercall 41 is
 * hvmctl there. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "fdtable.h"
#include "restricted.h"

struct xs_broker xs_restricted_broker = { .sock = -1 };
_Atomic int xs_restricted_broker_sock = -1;      /* published once the broker is set */
/* The process that tried to start one, shifted left, with STARTING set
 * until the attempt is over: one attempt each (a fork child finds its
 * parent's pid here and may try its own). */
#define BROKER_STARTING 1u
static _Atomic uint64_t broker_attempt;
int (*xs_restricted_start_broker)(struct xs_broker *, int, uint16_t) = xs_broker_spawn;

static bool restricted_fallback_wanted(void)
{
    const char *v = secure_getenv("XENSHIM_RESTRICTED_FALLBACK");

    return !v || strcmp(v, "0") != 0;
}

/* While one thread starts the broker, another that restricts too waits
 * for the outcome (its dm_ops would otherwise meet no broker yet).  The
 * claim and the "starting" mark are one word, so nobody can see the claim
 * without it.  No lock is held across the spawn: a fork by another thread
 * meanwhile would leave it taken in the child. */
static void wait_for_broker_start(uint64_t mine)
{
    struct timespec ms = { 0, 1000 * 1000 };

    for (int i = 0; i < 12000 && atomic_load(&broker_attempt) == (mine | BROKER_STARTING); i++)
        nanosleep(&ms, NULL);
}

static void start_broker_for(uint16_t dom)
{
    uint64_t mine = (uint64_t)getpid() << 1, seen = atomic_load(&broker_attempt);
    int fd = -1;

    if ((seen & ~(uint64_t)BROKER_STARTING) == mine ||
        !atomic_compare_exchange_strong(&broker_attempt, &seen, mine | BROKER_STARTING)) {
        wait_for_broker_start(mine);
        return;
    }
    /* Plain system calls, not the interposer's own open and close: the
     * descriptor is the shim's, never the caller's. */
    for (size_t i = 0; i < sizeof(xs_privcmd_paths) / sizeof(xs_privcmd_paths[0]) && fd < 0; i++)
        fd = (int)syscall(SYS_openat, AT_FDCWD, xs_privcmd_paths[i], O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        xs_log(XS_LOG_ERROR, "cannot open privcmd for the dm_op broker: dm_ops on "
               "descriptors restricted to domain %u will fail with -ENOSYS", dom);
    } else {
        if (xs_restricted_start_broker(&xs_restricted_broker, fd, dom) == 0)
            atomic_store(&xs_restricted_broker_sock, xs_restricted_broker.sock);
        syscall(SYS_close, fd);
    }
    atomic_store(&broker_attempt, mine);
}

static void say_restricted_passes_through(uint16_t dom, const char *why)
{
    static atomic_flag said;

    if (atomic_flag_test_and_set(&said))
        return;
    xs_log(XS_LOG_ERROR, "dm_op on a descriptor restricted to domain %u: this hypervisor has "
           "no dm_op and refuses the hypercalls that replace it on a restricted descriptor, "
           "and %s, so it fails with -ENOSYS (docs/dmop-fallback.md)", dom, why);
}


/* RESTRICT goes to the kernel; the shim notes the outcome, and on a
 * hypervisor without dm_op starts the broker for the domain. */
int xs_restricted_ioctl(int fd, xs_ioctl_fn real, void *arg, const struct xs_profile *p)
{
    uint16_t dom;
    int r, saved;

    r = real(fd, XS_IOCTL_PRIVCMD_RESTRICT, arg);
    saved = errno;
    /* DOMID_INVALID is what the kernel keeps for "unrestricted": restricting
     * to it changes nothing.  No dm_op acts on another reserved domid. */
    if (r == 0 && xs_self_copy_in(&dom, (uint64_t)(uintptr_t)arg, sizeof(dom)) == 0 &&
        dom != XS_DOMID_INVALID) {
        xs_fdt_set_restricted(fd, dom);
        if (dom < XS_DOMID_FIRST_RESERVED && !p->passthrough && !p->has_dmop &&
            restricted_fallback_wanted())
            start_broker_for(dom);
    }
    errno = saved;
    return r;
}


/* A dm_op on a descriptor restricted to dom, on a hypervisor without dm_op. */
enum xs_verdict xs_restricted_dm_op(struct xs_hv *hv, uint16_t dom, unsigned nr,
                                    const struct xs_ubuf *bufs, long *ret)
{
    const struct xs_broker *b = &xs_restricted_broker;
    enum xs_verdict v;

    if (atomic_load(&xs_restricted_broker_sock) < 0 || b->domid != dom || b->owner != xs_self_pid()) {
        say_restricted_passes_through(dom, !restricted_fallback_wanted()
                                      ? "XENSHIM_RESTRICTED_FALLBACK=0 turned the dm_op broker off"
                                      : "no dm_op broker serves that domain in this process");
        v = XS_PASS;
    } else {
        v = xs_broker_dm_op(&xs_restricted_broker, dom, nr, bufs, ret);
    }
    /* On hvmctl1 the kernel would issue the dm_op as hypercall 41, which
     * is hvmctl there: a dm_op never reaches it as it is. */
    if (v == XS_PASS && hv->profile->hvmctl_if) {
        *ret = -ENOSYS;
        return XS_DONE;
    }
    return v;
}
