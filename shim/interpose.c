/* libxenshim.so: the libc entry points a device model reaches Xen through.
 *
 * ioctl is the only one that does real work, and only for the three
 * privcmd request numbers on a descriptor that is privcmd.  Every other
 * ioctl costs one masked compare before the real one runs.
 *
 * The descriptor hooks (open*, close, dup*, fcntl, close_range, closefrom) do not
 * identify anything: they only start a new generation for the number
 * they touched, so a privcmd answer cached for an old file is never
 * applied to the next file that gets the same number.  Identification
 * itself happens by fstat on the first privcmd ioctl of each generation,
 * which also covers descriptors inherited across exec (the table starts
 * empty in every process image) or created behind our back (fopen and
 * friends call libc's internal open).
 *
 * fork needs nothing: the child's descriptors are the parent's, so is the
 * table, and no hook holds a lock a fork could leave taken.  Only the
 * statistics are reset in the child, so each process reports its own. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "broker.h"
#include "restricted.h"
#include "detect.h"
#include "fdtable.h"
#include "restriction_probe.h"
#include "hcall_bufs.h"
#include "hv_access.h"
#include "log.h"
#include "own_stack.h"
#include "user_pages.h"
#include "privcmd.h"
#include "privcmd_checks.h"
#include "translate.h"

#define EXPORT __attribute__((visibility("default")))

/* The next definition of each symbol (libc's, or another preload's). */
static void *next_sym(const char *name, const char *alt)
{
    void *f = dlsym(RTLD_NEXT, name);

    if (!f && alt)
        f = dlsym(RTLD_NEXT, alt);
    return f;
}

/* The look-up is out of line, so that a pass-through call is a load, a
 * test and a jump (and the entry point needs no stack frame of its own). */
#define NEXT(type, name, alt)                                               \
    static _Atomic(type) name##_next;                                       \
    static __attribute__((noinline, cold)) type resolve_##name(void)        \
    {                                                                       \
        type f = (type)next_sym(#name, alt);                                \
        atomic_store_explicit(&name##_next, f, memory_order_relaxed);       \
        return f;                                                           \
    }                                                                       \
    static inline type next_##name(void)                                    \
    {                                                                       \
        type f = atomic_load_explicit(&name##_next, memory_order_relaxed);  \
        return f ? f : resolve_##name();                                    \
    }

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*open2_fn)(const char *, int);
typedef int (*openat2_fn)(int, const char *, int);
typedef int (*close_fn)(int);
typedef int (*dup_fn)(int);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);
typedef int (*fcntl_fn)(int, int, ...);
typedef int (*close_range_fn)(unsigned, unsigned, int);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);
typedef int (*munmap_fn)(void *, size_t);
typedef int (*mprotect_fn)(void *, size_t, int);
typedef void *(*mremap_fn)(void *, size_t, size_t, int, ...);

NEXT(xs_ioctl_fn, ioctl, NULL)
NEXT(open_fn, open, NULL)
NEXT(open_fn, open64, "open")
NEXT(openat_fn, openat, NULL)
NEXT(openat_fn, openat64, "openat")
NEXT(open2_fn, __open_2, NULL)
NEXT(open2_fn, __open64_2, "__open_2")
NEXT(openat2_fn, __openat_2, NULL)
NEXT(openat2_fn, __openat64_2, "__openat_2")
NEXT(close_fn, close, NULL)
NEXT(dup_fn, dup, NULL)
NEXT(dup2_fn, dup2, NULL)
NEXT(dup3_fn, dup3, NULL)
NEXT(fcntl_fn, fcntl, NULL)
NEXT(fcntl_fn, fcntl64, "fcntl")
NEXT(close_range_fn, close_range, NULL)
NEXT(mmap_fn, mmap, NULL)
NEXT(mmap_fn, mmap64, "mmap")
NEXT(munmap_fn, munmap, NULL)
NEXT(mprotect_fn, mprotect, NULL)
NEXT(mremap_fn, mremap, NULL)

/* A call through a symbol libc lacks fails as an old libc would have. */
#define CALL_OR_ENOSYS(f, ...) ((f) ? (f)(__VA_ARGS__) : (errno = ENOSYS, -1))

static int new_fd(int fd)
{
    if (fd >= 0)
        xs_fdt_forget(fd);
    return fd;
}

static bool open_has_mode(int flags)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

#define OPEN_MODE(flags, mode)                  \
    do {                                        \
        if (open_has_mode(flags)) {             \
            va_list ap;                         \
            va_start(ap, flags);                \
            mode = va_arg(ap, mode_t);          \
            va_end(ap);                         \
        }                                       \
    } while (0)

EXPORT int open(const char *path, int flags, ...)
{
    mode_t mode = 0;

    OPEN_MODE(flags, mode);
    return new_fd(CALL_OR_ENOSYS(next_open(), path, flags, mode));
}

EXPORT int open64(const char *path, int flags, ...)
{
    mode_t mode = 0;

    OPEN_MODE(flags, mode);
    return new_fd(CALL_OR_ENOSYS(next_open64(), path, flags, mode));
}

EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;

    OPEN_MODE(flags, mode);
    return new_fd(CALL_OR_ENOSYS(next_openat(), dirfd, path, flags, mode));
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;

    OPEN_MODE(flags, mode);
    return new_fd(CALL_OR_ENOSYS(next_openat64(), dirfd, path, flags, mode));
}

/* The _FORTIFY_SOURCE entry points. */
EXPORT int __open_2(const char *path, int flags)
{
    return new_fd(CALL_OR_ENOSYS(next___open_2(), path, flags));
}

EXPORT int __open64_2(const char *path, int flags)
{
    return new_fd(CALL_OR_ENOSYS(next___open64_2(), path, flags));
}

EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
    return new_fd(CALL_OR_ENOSYS(next___openat_2(), dirfd, path, flags));
}

EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
    return new_fd(CALL_OR_ENOSYS(next___openat64_2(), dirfd, path, flags));
}

/* The caller closes a number: if it was ours, we no longer have it. */
static void forget_closing(int fd)
{
    int h = fd;

    xs_fdt_forget(fd);
    atomic_compare_exchange_strong(&xs_restricted_broker_sock, &h, -1);
}

/* The generation moves both before and after the descriptor goes.
 * Before: from then on nobody trusts the old answer, so a file that gets
 * the number in between through a call we do not see (pipe, socket,
 * accept...) is never taken for privcmd.  After: an identification that
 * raced with the close either finished before (and is wiped) or fails its
 * compare-and-swap; the restriction record stays, as another thread may
 * already have opened and restricted a new file on the number.  (A thread
 * still using the number while another closes it is the program's own
 * race; the shim does not make it worse.) */
/* libxencall's hypercall buffers are shared mappings of /dev/xen/hypercall
 * (hcall_bufs.h): remember them, so that the translators can read them. */
static void *mapped(void *p, size_t len, int prot, int flags, int fd)
{
    /* Only what the copies may both read and write is recorded: they are
     * plain memcpys there. */
    if (p != MAP_FAILED && fd >= 0 && (flags & MAP_SHARED) &&
        (prot & (PROT_READ | PROT_WRITE)) == (PROT_READ | PROT_WRITE) &&
        xs_fdt_get(fd) != XS_FD_PRIVCMD && xs_fd_is_hypercall_dev(fd))
        xs_hcall_bufs_add((uintptr_t)p, len);
    return p;
}

/* Memory about to be unmapped, reprotected, moved or replaced: a recorded
 * buffer there is forgotten and the threads' stacks are looked up again
 * (own_stack.h) before the pages change, so a copy racing the change takes
 * the checked path (EFAULT), never a fault inside the shim. */
static void maps_change(void *addr, size_t len)
{
    xs_own_stack_maps_changed((uintptr_t)addr, len);
    xs_hcall_bufs_remove((uintptr_t)addr, len);
}

static void *map_through(mmap_fn f, void *addr, size_t len, int prot, int flags, int fd,
                         off_t off)
{
    int saved;
    void *p;

    if (!f) {
        errno = ENOSYS;
        return MAP_FAILED;
    }
    /* A fixed mapping replaces whatever was there. */
    if ((flags & MAP_FIXED) && addr)
        maps_change(addr, len);
    p = f(addr, len, prot, flags, fd, off);
    saved = errno;
    p = mapped(p, len, prot, flags, fd);
    errno = saved;
    return p;
}

EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return map_through(next_mmap(), addr, len, prot, flags, fd, off);
}

EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return map_through(next_mmap64(), addr, len, prot, flags, fd, off);
}


EXPORT int munmap(void *addr, size_t len)
{
    maps_change(addr, len);
    return CALL_OR_ENOSYS(next_munmap(), addr, len);
}

/* A buffer whose protection changes, or that moves, is forgotten first too. */
EXPORT int mprotect(void *addr, size_t len, int prot)
{
    maps_change(addr, len);
    return CALL_OR_ENOSYS(next_mprotect(), addr, len, prot);
}

EXPORT void *mremap(void *addr, size_t len, size_t new_len, int flags, ...)
{
    mremap_fn f = next_mremap();
    void *new_addr = NULL;
    va_list ap;

    if (flags & MREMAP_FIXED) {
        va_start(ap, flags);
        new_addr = va_arg(ap, void *);
        va_end(ap);
        maps_change(new_addr, new_len);
    }
    maps_change(addr, len);
    if (!f) {
        errno = ENOSYS;
        return MAP_FAILED;
    }
    return f(addr, len, new_len, flags, new_addr);
}

EXPORT int close(int fd)
{
    int r, saved;

    forget_closing(fd);
    r = CALL_OR_ENOSYS(next_close(), fd);
    saved = errno;
    xs_fdt_forget_after_close(fd);
    errno = saved;
    return r;
}

/* A copy shares the open file, and with it the file's privcmd restriction. */
static int copied_fd(int to, int from)
{
    if (to >= 0 && to != from) {
        xs_fdt_forget(to);
        xs_fdt_copy_restriction(to, from);
    }
    return to;
}

EXPORT int dup(int fd)
{
    return copied_fd(CALL_OR_ENOSYS(next_dup(), fd), fd);
}

/* fd2 may be closed on the way (see close). */
EXPORT int dup2(int fd, int fd2)
{
    if (fd2 != fd)
        forget_closing(fd2);
    return copied_fd(CALL_OR_ENOSYS(next_dup2(), fd, fd2), fd);
}

EXPORT int dup3(int fd, int fd2, int flags)
{
    if (fd2 != fd)
        forget_closing(fd2);
    return copied_fd(CALL_OR_ENOSYS(next_dup3(), fd, fd2, flags), fd);
}

static int fcntl_common(fcntl_fn f, int fd, int cmd, void *arg)
{
    int r = CALL_OR_ENOSYS(f, fd, cmd, arg);

    if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
        copied_fd(r, fd);
    return r;
}

/* Every fcntl argument is an int, a long or a pointer: passing one
 * register-sized value on is what libc itself does. */
EXPORT int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, cmd);
    arg = va_arg(ap, void *);
    va_end(ap);
    return fcntl_common(next_fcntl(), fd, cmd, arg);
}

EXPORT int fcntl64(int fd, int cmd, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, cmd);
    arg = va_arg(ap, void *);
    va_end(ap);
    return fcntl_common(next_fcntl64(), fd, cmd, arg);
}

EXPORT int close_range(unsigned first, unsigned last, int flags)
{
    bool closes = !(flags & CLOSE_RANGE_CLOEXEC);
    int r, saved;

    if (closes) {
        int h = atomic_load(&xs_restricted_broker_sock);

        if (h >= 0 && (unsigned)h >= first && (unsigned)h <= last)
            forget_closing(h);
        xs_fdt_forget_range(first, last);
    }
    r = CALL_OR_ENOSYS(next_close_range(), first, last, flags);
    saved = errno;
    if (closes)
        xs_fdt_forget_range_after_close(first, last);
    errno = saved;
    return r;
}

/* glibc's closefrom closes through an internal close_range we never see. */
typedef void (*closefrom_fn)(int);
NEXT(closefrom_fn, closefrom, NULL)

EXPORT void closefrom(int lowfd)
{
    int h = atomic_load(&xs_restricted_broker_sock);
    closefrom_fn f = next_closefrom();

    if (lowfd < 0)
        lowfd = 0;
    if (h >= lowfd)
        forget_closing(h);
    xs_fdt_forget_range((unsigned)lowfd, ~0u);
    if (f)
        f(lowfd);
    xs_fdt_forget_range_after_close((unsigned)lowfd, ~0u);
}

/* The privcmd slow path. */

static enum xs_verdict dm_op_from_hypercall(struct xs_hv *hv,
                                            const struct xs_privcmd_hypercall *h, long *ret)
{
    struct xs_ubuf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
    uint64_t nr = (uint32_t)h->arg[1];
    int rc;

    /* On hvmctl1 hypercall 41 is hvmctl, whose first argument is a
     * pointer; a dm_op's is a domid, never above 0xffff (and no user
     * pointer is that low), so hvmctl callers go through untouched. */
    if (hv->profile->hvmctl_if && h->arg[0] > 0xffff)
        return XS_PASS;
    if (nr > XS_PRIVCMD_DM_OP_MAX_NUM) {
        *ret = -E2BIG;
        return XS_DONE;
    }
    rc = hv->copy_in(hv, bufs, h->arg[2], nr * sizeof(bufs[0]));
    if (rc) {
        *ret = rc;
        return XS_DONE;
    }
    return xs_translate_dm_op(hv, (uint16_t)h->arg[0], (unsigned)nr, bufs, ret);
}

static enum xs_verdict hypercall(struct xs_hv *hv, void *arg, long *ret)
{
    struct xs_privcmd_hypercall h;
    int rc = hv->copy_in(hv, &h, (uint64_t)(uintptr_t)arg, sizeof(h));

    if (rc)
        return XS_PASS;   /* the kernel gives the caller its own -EFAULT */
    switch (h.op) {
    case XS_HYPERVISOR_hvm_op:
        return xs_translate_hvm_op(hv, h.arg[0], h.arg[1], ret);
    case XS_HYPERVISOR_sysctl:
        return xs_translate_sysctl(hv, h.arg[0], ret);
    case XS_HYPERVISOR_domctl:
        return xs_translate_domctl(hv, h.arg[0], ret);
    case XS_HYPERVISOR_dm_op:
        if (hv->profile->has_dmop)
            return XS_PASS;
        return dm_op_from_hypercall(hv, &h, ret);
    default:
        return XS_PASS;
    }
}

/* IOCTL_PRIVCMD_DM_OP on an unrestricted descriptor, hypervisor without dm_op. */
static enum xs_verdict dm_op_ioctl(struct xs_hv *hv, void *arg, long *ret)
{
    struct xs_privcmd_dm_op op;
    struct xs_ubuf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
    enum xs_verdict v;

    if (hv->profile->has_dmop)
        return XS_PASS;
    if (!xs_privcmd_dm_op_checks(hv, arg, -1, &op, bufs, &v, ret))
        return v;
    return xs_translate_dm_op(hv, op.dom, op.num, bufs, ret);
}

/* A dm_op on a descriptor restricted to dom, on a hypervisor without dm_op:
 * the kernel's checks here, the rest in restricted.c. */
static enum xs_verdict restricted_dm_op(struct xs_hv *hv, void *arg, uint16_t dom, long *ret)
{
    struct xs_privcmd_dm_op op;
    struct xs_ubuf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
    enum xs_verdict v;

    if (!xs_privcmd_dm_op_checks(hv, arg, dom, &op, bufs, &v, ret))
        return v;
    return xs_restricted_dm_op(hv, dom, op.num, bufs, ret);
}

static int privcmd_ioctl(int fd, unsigned long req, void *arg)
{
    xs_ioctl_fn real = next_ioctl();
    struct xs_privcmd pc = { fd, real };
    struct xs_hv hv;
    const struct xs_profile *profile;
    enum xs_verdict v = XS_PASS;
    int saved = errno, restricted;
    long ret = 0;

    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    if (xs_fdt_lookup(fd) != XS_FD_PRIVCMD) {
        errno = saved;
        return real(fd, req, arg);
    }
    /* Detection runs before anything else on privcmd, RESTRICT included:
     * after RESTRICT the descriptor can no longer make raw hypercalls. */
    xs_hv_init(&hv, &pc, NULL);
    profile = xs_profile_once(&hv);
    hv.profile = profile;
    /* Detection was interrupted (a signal before its probes began, and no
     * SA_RESTART): this call did nothing, and says so as the kernel would. */
    if (profile->transient_errno) {
        errno = profile->transient_errno;
        return -1;
    }
    errno = saved;
    if (req == XS_IOCTL_PRIVCMD_RESTRICT)
        return xs_restricted_ioctl(fd, real, arg, profile);
    /* A new caller's ioreq pages by resource, on a Xen older than
     * acquire_resource (4.11): answer as a kernel without the request
     * does (ENOTTY, which libxenforeignmemory reports as EOPNOTSUPP), so
     * the caller maps the pages at the gfns get_ioreq_server_info gives,
     * which it has always known to do; Xen's own ENOSYS would stop it. */
    if (req == XS_IOCTL_PRIVCMD_MMAP_RESOURCE) {
        if (!profile->passthrough && profile->rel &&
            !(profile->rel->flags & XS_REL_ACQUIRE_RESOURCE)) {
            xs_log(XS_LOG_INFO, "fd %d: MMAP_RESOURCE: Xen %s has no acquire_resource, "
                   "answered ENOTTY", fd, profile->rel->name);
            errno = ENOTTY;
            return -1;
        }
        return real(fd, req, arg);
    }
    /* Raw hypercalls on a restricted descriptor are the kernel's to
     * refuse; its dm_ops go to the broker, or to the kernel as they are. */
    restricted = xs_fdt_restricted(fd);
    if (!profile->passthrough) {
        if (req == XS_IOCTL_PRIVCMD_HYPERCALL && restricted < 0) {
            /* Restricted where the shim could not see (restriction_probe.h):
             * the HYPERCALL is the kernel's to refuse. */
            int hidden = xs_kernel_restricted(fd, real);

            if (hidden < 0) {
                errno = -hidden;
                return -1;
            }
            if (!hidden)
                v = hypercall(&hv, arg, &ret);
        } else if (req == XS_IOCTL_PRIVCMD_DM_OP && restricted < 0) {
            v = dm_op_ioctl(&hv, arg, &ret);
        } else if (req == XS_IOCTL_PRIVCMD_DM_OP && !profile->has_dmop) {
            v = restricted_dm_op(&hv, arg, (uint16_t)restricted, &ret);
        }
    }
    xs_log(XS_LOG_DEBUG, "fd %d: %s %s", fd,
               req == XS_IOCTL_PRIVCMD_HYPERCALL ? "HYPERCALL" : "DM_OP",
               v == XS_PASS ? "passed through" : ret < 0 ? "translated, failed" : "translated");
    errno = saved;
    if (v == XS_PASS)
        return real(fd, req, arg);
    if (ret < 0) {
        errno = (int)-ret;
        return -1;
    }
    return (int)ret;
}

/* The three privcmd requests all have type 'P' (0x50) in bits 8-15, so one
 * masked compare turns away nearly every other ioctl. */
#define PRIVCMD_TYPE_MASK 0xff00ul
#define PRIVCMD_TYPE_BITS 0x5000ul

/* Every ioctl passes its argument as one register-sized value, so the
 * entry point takes it as such under libc's symbol name: a variadic
 * definition would save every argument register (eight vector registers
 * among them) on each of the program's ioctls. */
EXPORT int xs_ioctl_entry(int fd, unsigned long req, void *arg) __asm__("ioctl");

EXPORT int xs_ioctl_entry(int fd, unsigned long req, void *arg)
{
    if ((req & PRIVCMD_TYPE_MASK) != PRIVCMD_TYPE_BITS ||
        (req != XS_IOCTL_PRIVCMD_HYPERCALL && req != XS_IOCTL_PRIVCMD_DM_OP &&
         req != XS_IOCTL_PRIVCMD_RESTRICT && req != XS_IOCTL_PRIVCMD_MMAP_RESOURCE)) {
        xs_ioctl_fn real = next_ioctl();
        return real ? real(fd, req, arg) : (errno = ENOSYS, -1);
    }
    return privcmd_ioctl(fd, req, arg);
}

/* Statistics at exit. */

static atomic_bool is_fork_child;

static void after_fork_in_child(void)
{
    xs_stats_reset();
    atomic_store(&is_fork_child, true);
}

__attribute__((constructor)) static void shim_init(void)
{
    next_ioctl();   /* resolve before any thread races for it */
    xs_broker_locate();   /* before the program can change directory */
    pthread_atfork(NULL, NULL, after_fork_in_child);
}

__attribute__((destructor)) static void shim_fini(void)
{
    const struct xs_profile *p = xs_profile_current();

    /* A process that never used privcmd (a wrapper shell, say) has nothing
     * to report, and a forked child that translated nothing would only
     * repeat its parent's summary line.  Asked first, so such a process
     * never reads the environment (nor complains about XENSHIM_LOG). */
    if (xs_stat_total() == 0 && (!p || atomic_load(&is_fork_child)))
        return;
    if (!xs_stats_wanted())
        return;
    xs_stats_print(STDERR_FILENO, p ? xs_profile_name(p) : NULL);
}
