/* The Linux privcmd driver's ioctls (drivers/xen/privcmd.c), played in
 * front of the simulated hypervisor.  Checks happen in the kernel's order,
 * because a device model can tell them apart: DM_OP checks the restriction
 * before it looks at num, so a restricted file answers the num == 0 probe
 * of another domid with -EPERM, not 0. */
#include <errno.h>
#include <stdatomic.h>

#include "front.h"

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
    if (d.num > XS_PRIVCMD_DM_OP_MAX_NUM)
        return -E2BIG;
    if (c->read(c, ubufs, d.ubufs, d.num * sizeof(ubufs[0])))
        return -EFAULT;
    for (i = 0; i < d.num; i++) {
        if (ubufs[i].size > XS_PRIVCMD_DM_OP_MAX_SIZE)
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

long privcmd_ioctl(const struct privcmd_hv *hv, struct privcmd_file *f,
                   struct sim_caller *c, unsigned long cmd, uint64_t arg)
{
    switch (cmd) {
    case XS_IOCTL_PRIVCMD_HYPERCALL:
        return privcmd_hypercall(hv, f, c, arg);
    case XS_IOCTL_PRIVCMD_DM_OP:
        return privcmd_dm_op(hv, f, c, arg);
    case XS_IOCTL_PRIVCMD_RESTRICT:
        return privcmd_restrict(f, c, arg);
    default:
        return -ENOTTY;
    }
}
