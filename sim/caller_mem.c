/* The caller's memory, reached the way Xen reaches a guest handle: copy in,
 * copy out, and a fault (-EFAULT) instead of a partial copy. */
#include <errno.h>
#include <stdatomic.h>
#include <sys/uio.h>

#include "front.h"
#include "user_pages.h"

static _Atomic(sim_caller_copy_fn *) hcall_copy;

void sim_caller_set_hcall_copy(sim_caller_copy_fn *fn)
{
    atomic_store_explicit(&hcall_copy, fn, memory_order_release);
}

static int caller_rw(struct sim_caller *c, void *local, uint64_t addr, size_t len, int write)
{
    struct iovec l = { local, len };
    struct iovec r = { (void *)(uintptr_t)addr, len };
    ssize_t n;

    if (len == 0)
        return 0;
    if (addr + len < addr)
        return -EFAULT;
    /* Buffers of /dev/xen/hypercall: process_vm_readv cannot reach them,
     * Xen can. */
    sim_caller_copy_fn *hcall = atomic_load_explicit(&hcall_copy, memory_order_acquire);
    if (hcall && hcall(c->pid, local, addr, len, write) == 0)
        return 0;
    /* One iovec each side, so a short count means the copy stopped at an
     * unmapped (or, for writes, read-only) page of the caller. */
    n = write ? process_vm_writev(c->pid, &l, 1, &r, 1, 0)
              : process_vm_readv(c->pid, &l, 1, &r, 1, 0);
    return n == (ssize_t)len ? 0 : -EFAULT;
}

static int caller_read(struct sim_caller *c, void *dst, uint64_t addr, size_t len)
{
    return caller_rw(c, dst, addr, len, 0);
}

static int caller_write(struct sim_caller *c, uint64_t addr, const void *src, size_t len)
{
    return caller_rw(c, (void *)src, addr, len, 1);
}

static int caller_pin(struct sim_caller *c, uint64_t addr, uint64_t len)
{
    return xs_user_pages_writable(c->pid, addr, len);
}

void sim_caller_init_pid(struct sim_caller *c, pid_t pid)
{
    c->pid = pid;
    c->read = caller_read;
    c->write = caller_write;
    c->priv = 0;
    c->pin = caller_pin;
}
