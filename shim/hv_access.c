/* The hypervisor as translators reach it: ioctls on a privcmd descriptor.
 *
 * The caller's memory is our own, but a caller may hand the shim a bad
 * pointer that the kernel would have answered with EFAULT; process_vm_readv
 * and process_vm_writev on our own pid give exactly that answer instead of
 * a SIGSEGV inside the shim.  They cannot reach /dev/xen/hypercall's pages,
 * which hcall_bufs.h knows by their mmap() and copies directly, as it does
 * the calling thread's own stack (own_stack.h): no system call there. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "abi.h"
#include "fdtable.h"
#include "hcall_bufs.h"
#include "hv_access.h"
#include "log.h"
#include "own_stack.h"

/* getpid is a system call; the answer only changes in a fork child. */
static _Atomic pid_t self_pid;
static pthread_once_t fork_watch = PTHREAD_ONCE_INIT;

static void forget_pid(void)
{
    atomic_store(&self_pid, 0);
}

static void watch_forks(void)
{
    pthread_atfork(NULL, NULL, forget_pid);
}

pid_t xs_self_pid(void)
{
    pid_t pid = atomic_load_explicit(&self_pid, memory_order_relaxed);

    if (!pid) {
        pthread_once(&fork_watch, watch_forks);
        pid = getpid();
        atomic_store_explicit(&self_pid, pid, memory_order_relaxed);
    }
    return pid;
}

static __attribute__((noinline)) int checked_copy(void *local, uint64_t addr, size_t len,
                                                  bool to_remote)
{
    struct iovec l = { local, len }, r = { (void *)(uintptr_t)addr, len };
    ssize_t n;

    if (!addr)
        return -EFAULT;
    n = to_remote ? process_vm_writev(xs_self_pid(), &l, 1, &r, 1, 0)
                  : process_vm_readv(xs_self_pid(), &l, 1, &r, 1, 0);
    if (n == (ssize_t)len)
        return 0;
    if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
        /* A seccomp filter or an old kernel refuses the call: fall back to a
         * plain copy, as the unshimmed library would have touched the
         * memory itself anyway. */
        if (to_remote)
            memcpy((void *)(uintptr_t)addr, local, len);
        else
            memcpy(local, (const void *)(uintptr_t)addr, len);
        return 0;
    }
    return -EFAULT;
}

/* Inlined into each copy function, so the stack check measures from its
 * frame, below every caller's buffer. */
static inline __attribute__((always_inline)) int self_copy(void *local, uint64_t addr,
                                                           size_t len, bool to_remote)
{
    if (!len)
        return 0;
    if (addr && (xs_own_stack_contains(addr, len) || xs_hcall_bufs_contain(addr, len))) {
        if (to_remote)
            memcpy((void *)(uintptr_t)addr, local, len);
        else
            memcpy(local, (const void *)(uintptr_t)addr, len);
        return 0;
    }
    return checked_copy(local, addr, len, to_remote);
}

int xs_self_copy_in(void *dst, uint64_t addr, size_t len)
{
    return self_copy(dst, addr, len, false);
}

int xs_self_copy_out(uint64_t addr, const void *src, size_t len)
{
    return self_copy((void *)src, addr, len, true);
}

static unsigned dm_op_max_num = XS_PRIVCMD_DM_OP_MAX_NUM;
static unsigned dm_op_max_size = XS_PRIVCMD_DM_OP_MAX_SIZE;
static pthread_once_t limits_once = PTHREAD_ONCE_INIT;

/* A module parameter no larger than *value replaces it. */
static void lower_to_parameter(const char *name, unsigned *value)
{
    char path[128], text[24];
    unsigned long v;
    char *end;
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "/sys/module/xen_privcmd/parameters/%s", name);
    /* Plain system calls: open/close here would be the shim's own
     * overrides, which a file of its own has no business passing. */
    fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    n = syscall(SYS_read, fd, text, sizeof(text) - 1);
    syscall(SYS_close, fd);
    if (n <= 0)
        return;
    text[n] = 0;
    v = strtoul(text, &end, 10);
    if (end != text && (*end == '\n' || !*end) && v < *value)
        *value = (unsigned)v;
}

static void read_limits(void)
{
    lower_to_parameter("dm_op_max_nr_bufs", &dm_op_max_num);
    lower_to_parameter("dm_op_buf_max_size", &dm_op_max_size);
}

void xs_privcmd_dm_op_limits(unsigned *max_num, unsigned *max_size)
{
    pthread_once(&limits_once, read_limits);
    *max_num = dm_op_max_num;
    *max_size = dm_op_max_size;
}

int xs_raw_ioctl(int fd, unsigned long req, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    return (int)syscall(SYS_ioctl, fd, req, arg);
}

static long ioctl_result(int r)
{
    return r < 0 ? -(long)errno : r;
}

/* The legacy HVMOPs the dm_op translator makes (translate_dmop.c).  Each
 * takes a struct whose first member is the target domid (hvm_op.h). */
#define HVMOP_BIT(op) (1u << XS_HVMOP_##op)
static const uint32_t dm_hvmops =
    HVMOP_BIT(set_pci_intx_level) | HVMOP_BIT(set_isa_irq_level) |
    HVMOP_BIT(set_pci_link_route) | HVMOP_BIT(track_dirty_vram) |
    HVMOP_BIT(modified_memory) | HVMOP_BIT(set_mem_type) | HVMOP_BIT(inject_trap) |
    HVMOP_BIT(inject_msi) | HVMOP_BIT(create_ioreq_server) |
    HVMOP_BIT(get_ioreq_server_info) | HVMOP_BIT(map_io_range_to_ioreq_server) |
    HVMOP_BIT(unmap_io_range_from_ioreq_server) | HVMOP_BIT(destroy_ioreq_server) |
    HVMOP_BIT(set_ioreq_server_state);

static long domid_at(uint64_t addr)
{
    xs_domid_t dom;

    return xs_self_copy_in(&dom, addr, sizeof(dom)) ? -1 : dom;
}

/* The domain a hypercall acts on, if it is one the translators make on
 * behalf of a dm_op; -1 for anything else. */
static long translated_call_target(const struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    switch (op) {
    case XS_HYPERVISOR_hvm_op:
        if (arg[0] >= 32 || !(dm_hvmops & (1u << arg[0])))
            return -1;
        return domid_at(arg[1]);
    case XS_HYPERVISOR_domctl: {      /* nr_vcpus' and pin_memory_cacheattr's only */
        uint32_t cmd;

        if (xs_self_copy_in(&cmd, arg[0] + offsetof(struct xs_domctl, cmd), sizeof(cmd)) ||
            (cmd != XS_DOMCTL_getdomaininfo && cmd != XS_DOMCTL_pin_mem_cacheattr))
            return -1;
        return domid_at(arg[0] + offsetof(struct xs_domctl, domain));
    }
    case XS_HYPERVISOR_memory_op: {   /* relocate_memory's move, nothing else */
        struct xs_xen_add_to_physmap a;

        if (arg[0] != XS_XENMEM_add_to_physmap || xs_self_copy_in(&a, arg[1], sizeof(a)) ||
            a.space != XS_XENMAPSPACE_gmfn_range)
            return -1;
        return a.domid;
    }
    case XS_HYPERVISOR_sched_op:
        if (arg[0] != XS_SCHEDOP_remote_shutdown)
            return -1;
        return domid_at(arg[1] + offsetof(struct xs_sched_remote_shutdown, domain_id));
    case XS_HYPERVISOR_dm_op:   /* == XS_HYPERVISOR_hvmctl */
        if (hv->profile && hv->profile->hvmctl_if)
            return domid_at(arg[0] + offsetof(struct xs_hvmctl, domain));
        return arg[0] <= 0xffff ? (long)arg[0] : -1;
    default:
        return -1;
    }
}

static long pc_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct xs_privcmd *pc = hv->priv;
    struct xs_privcmd_hypercall h = { op, { arg[0], arg[1], arg[2], arg[3], arg[4] } };
    int saved = errno;
    long r = ioctl_result(pc->ioctl(pc->fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h));

    errno = saved;
    return r;
}

/* Set once a kernel answered ENOTTY to IOCTL_PRIVCMD_DM_OP (before Linux
 * 4.11): from then on dm_op goes as hypercall 41, as libxendevicemodel does.
 * Only privcmd's own ENOTTY counts: any other file says ENOTTY to every
 * privcmd request, which tells nothing about the kernel's privcmd. */
static atomic_bool no_dm_op_ioctl;

static long pc_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    struct xs_privcmd *pc = hv->priv;
    int saved = errno;
    long r;

    if (!atomic_load_explicit(&no_dm_op_ioctl, memory_order_relaxed)) {
        struct xs_privcmd_dm_op op = { domid, (uint16_t)nr, (uint64_t)(uintptr_t)bufs };

        if (nr > 0xffff)
            return -E2BIG;
        r = ioctl_result(pc->ioctl(pc->fd, XS_IOCTL_PRIVCMD_DM_OP, &op));
        if (r != -ENOTTY || !xs_fd_is_privcmd(pc->fd)) {
            errno = saved;
            return r;
        }
        atomic_store(&no_dm_op_ioctl, true);
    }
    /* struct xs_ubuf has xen_dm_op_buf_t's layout (handle, size). */
    uint64_t arg[5] = { domid, nr, (uint64_t)(uintptr_t)bufs, 0, 0 };
    r = pc_hypercall(hv, XS_HYPERVISOR_dm_op, arg);
    errno = saved;
    return r;
}

static int pc_copy_in(struct xs_hv *hv, void *dst, uint64_t addr, size_t len)
{
    (void)hv;
    return self_copy(dst, addr, len, false);
}

static int pc_copy_out(struct xs_hv *hv, uint64_t addr, const void *src, size_t len)
{
    (void)hv;
    return self_copy((void *)src, addr, len, true);
}

static long confined_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    const struct xs_confined_privcmd *c = hv->priv;
    long dom = translated_call_target(hv, op, arg);

    if (dom == c->domid)
        return pc_hypercall(hv, op, arg);
    xs_log(XS_LOG_ERROR, "refused hypercall %llu (target %ld) on the shim's own descriptor: "
           "it stands in for one restricted to domain %u",
           (unsigned long long)op, dom, c->domid);
    return -EPERM;
}

static long confined_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr,
                           const struct xs_ubuf *bufs)
{
    const struct xs_confined_privcmd *c = hv->priv;

    return domid == c->domid ? pc_dm_op(hv, domid, nr, bufs) : -EPERM;
}

void xs_hv_init_confined(struct xs_hv *hv, struct xs_confined_privcmd *c,
                         const struct xs_profile *profile)
{
    xs_hv_init(hv, &c->pc, profile);
    hv->hypercall = confined_hypercall;
    hv->dm_op = confined_dm_op;
}

void xs_hv_init(struct xs_hv *hv, struct xs_privcmd *pc, const struct xs_profile *profile)
{
    hv->profile = profile;
    hv->hypercall = pc_hypercall;
    hv->dm_op = pc_dm_op;
    hv->copy_in = pc_copy_in;
    hv->copy_out = pc_copy_out;
    hv->priv = pc;
}
