/* The Linux privcmd driver's ioctls (drivers/xen/privcmd.c), played in
 * front of the simulated hypervisor.  Checks happen in the kernel's order,
 * because a device model can tell them apart: DM_OP checks the restriction
 * before it looks at num, so a restricted file answers the num == 0 probe
 * of another domid with -EPERM, not 0. */
#include <errno.h>
#include <stdatomic.h>

#include <stdlib.h>

#include "front.h"
#include "kernel/sim_kernel_abi.h"

/* x86-64 TASK_SIZE_MAX with 4-level paging: access_ok() refuses anything
 * that reaches past it before a page is touched. */
#define USER_ADDR_END 0x00007ffffffff000ull

void privcmd_file_init(struct privcmd_file *f)
{
    atomic_init(&f->domid, PRIVCMD_UNRESTRICTED);
}

static long privcmd_hypercall(const struct privcmd_hv *hv, struct privcmd_file *f,
                              struct sim_caller *c, uint64_t arg)
{
    struct xs_privcmd_hypercall h;

    /* A restricted file may only reach its domain through DM_OP. */
    if (atomic_load(&f->domid) != PRIVCMD_UNRESTRICTED)
        return -EPERM;
    if (c->read(c, &h, arg, sizeof(h)))
        return -EFAULT;
    return hv->hypercall(hv->hv, c, h.op, h.arg);
}

static int user_range_ok(uint64_t addr, uint64_t size)
{
    return addr <= USER_ADDR_END && size <= USER_ADDR_END - addr;
}

static int pin_buffer(struct sim_caller *c, uint64_t addr, uint64_t size)
{
    unsigned char probe;

    if (size == 0)
        return 0;
    if (c->pin)
        return c->pin(c, addr, size);
    /* A caller that cannot tell writable pages: every page readable. */
    for (uint64_t p = addr & ~4095ull; p < addr + size; p += 4096)
        if (c->read(c, &probe, p < addr ? addr : p, 1))
            return -EFAULT;
    return 0;
}

static long privcmd_dm_op(const struct privcmd_hv *hv, struct privcmd_file *f,
                          struct sim_caller *c, uint64_t arg)
{
    struct xs_privcmd_dm_op d;
    struct xs_privcmd_dm_op_buf ubufs[XS_PRIVCMD_DM_OP_MAX_NUM];
    struct sim_dm_op_buf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
    uint16_t restricted;
    unsigned i;

    if (c->read(c, &d, arg, sizeof(d)))
        return -EFAULT;
    restricted = atomic_load(&f->domid);
    if (restricted != PRIVCMD_UNRESTRICTED && restricted != d.dom)
        return -EPERM;
    if (d.num == 0)
        return 0;
    if (xs_privcmd_dm_op_count_check(d.num))
        return -E2BIG;
    if (c->read(c, ubufs, d.ubufs, d.num * sizeof(ubufs[0])))
        return -EFAULT;
    for (i = 0; i < d.num; i++) {
        if (xs_privcmd_dm_op_buf_check(ubufs[i].size))
            return -E2BIG;
        if (!user_range_ok(ubufs[i].uptr, ubufs[i].size))
            return -EFAULT;
    }
    /* The kernel pins every page of every buffer for writing before the
     * hypercall (lock_pages: FOLL_WRITE, read-only buffers included);
     * one page it cannot pin is -EFAULT, and Xen is not called. */
    for (i = 0; i < d.num; i++) {
        if (pin_buffer(c, ubufs[i].uptr, ubufs[i].size))
            return -EFAULT;
        bufs[i].addr = ubufs[i].uptr;
        bufs[i].size = ubufs[i].size;
    }
    return hv->dm_op(hv->hv, c, d.dom, d.num, bufs);
}

static long privcmd_restrict(struct privcmd_file *f, struct sim_caller *c, uint64_t arg)
{
    uint16_t dom, cur = PRIVCMD_UNRESTRICTED;

    if (c->read(c, &dom, arg, sizeof(dom)))
        return -EFAULT;
    /* First restriction wins; repeating it is fine, changing it is not. */
    if (atomic_compare_exchange_strong(&f->domid, &cur, dom))
        return 0;
    return cur == dom ? 0 : -EINVAL;
}

/* Linux's MMAPBATCH and MMAP_RESOURCE refuse a restricted file's other
 * domains with -EPERM before anything else. */
static int may_map(struct privcmd_file *f, uint16_t dom)
{
    uint16_t restricted = atomic_load(&f->domid);

    return restricted == PRIVCMD_UNRESTRICTED || restricted == dom ? 0 : -EPERM;
}

static long answer_frames(struct sim_caller *c, uint64_t out, const int64_t *frames,
                          uint32_t num, long r)
{
    if (r >= 0 && c->write(c, out, frames, num * sizeof(*frames)))
        r = -EFAULT;
    return r;
}

static long foreign_frames(const struct privcmd_hv *hv, struct privcmd_file *f,
                           struct sim_caller *c, uint64_t arg)
{
    struct xs_sim_foreign_frames q;
    uint64_t *gfns;
    int64_t *frames;
    long r;

    if (c->read(c, &q, arg, sizeof(q)))
        return -EFAULT;
    if ((r = may_map(f, q.dom)))
        return r;
    if (q.num == 0 || q.num > XS_SIM_MAX_FRAMES)
        return -EINVAL;
    gfns = malloc(q.num * sizeof(*gfns));
    frames = malloc(q.num * sizeof(*frames));
    if (!gfns || !frames)
        r = -ENOMEM;
    else if (c->read(c, gfns, q.gfns, q.num * sizeof(*gfns)))
        r = -EFAULT;
    else
        r = answer_frames(c, q.frames, frames, q.num,
                          sim_foreign_frames(hv->sim, q.dom, q.num, gfns, frames));
    free(gfns);
    free(frames);
    return r;
}

static long resource_frames(const struct privcmd_hv *hv, struct privcmd_file *f,
                            struct sim_caller *c, uint64_t arg)
{
    struct xs_sim_resource_frames q;
    int64_t *frames = NULL;
    long r;

    if (c->read(c, &q, arg, sizeof(q)))
        return -EFAULT;
    if ((r = may_map(f, q.dom)))
        return r;
    if (q.num > XS_SIM_MAX_FRAMES)
        return -EINVAL;
    if (q.num && !(frames = malloc(q.num * sizeof(*frames))))
        return -ENOMEM;
    r = sim_resource_frames(hv->sim, q.dom, q.type, q.id, q.idx, q.num, frames);
    if (q.num)
        r = answer_frames(c, q.frames, frames, q.num, r);
    free(frames);
    return r;
}

long privcmd_guest_memory(const struct privcmd_hv *hv, struct privcmd_file *f,
                          struct sim_caller *c, uint64_t arg)
{
    uint16_t dom;
    long r;

    if (!hv->sim)
        return -ENOTTY;
    if (c->read(c, &dom, arg, sizeof(dom)))
        return -EFAULT;
    if ((r = may_map(f, dom)))
        return r;
    return sim_guest_memory_fd(hv->sim);
}

long privcmd_driver_ioctl(const struct privcmd_hv *hv, struct privcmd_file *f,
                          struct sim_caller *c, unsigned long cmd, uint64_t arg)
{
    switch (cmd) {
    case XS_IOCTL_PRIVCMD_HYPERCALL:
        return privcmd_hypercall(hv, f, c, arg);
    case XS_IOCTL_PRIVCMD_DM_OP:
        return privcmd_dm_op(hv, f, c, arg);
    case XS_IOCTL_PRIVCMD_RESTRICT:
        return privcmd_restrict(f, c, arg);
    case XS_SIM_IOCTL_FOREIGN_FRAMES:
        return hv->sim ? foreign_frames(hv, f, c, arg) : -ENOTTY;
    case XS_SIM_IOCTL_RESOURCE_FRAMES:
        return hv->sim ? resource_frames(hv, f, c, arg) : -ENOTTY;
    /* XS_SIM_IOCTL_GUEST_MEMORY hands a descriptor over, which only the
     * seccomp listener can (intercept.c); through FUSE it is -ENOTTY. */
    default:
        return -ENOTTY;
    }
}
