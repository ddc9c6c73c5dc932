/* Legacy hvm_op: the device-model sub-ops of Xen 4.5-4.8 on a hypervisor
 * that no longer has them.
 *
 * A 4.5-4.8 device model issues hvm_op(sub-op, struct *) with the target
 * domid as the struct's first field.  Xen 4.9 moved these sub-ops to dm_op
 * (domid as a hypercall argument, struct in buffer 0, arrays in buffer 1),
 * and the hvmctl1 release to hvmctl (one struct with the domid in its
 * header).  Each sub-op is one row below: the legacy struct is read from
 * the caller exactly as the legacy hypervisor reads it, rebuilt for the
 * hypervisor at hand in our own memory, issued, and what the legacy
 * hypervisor would have written back (ioreq server id, pfns, port) is
 * written back into the caller's struct.
 *
 * Our own memory is fine for the rebuilt structs: in the preload the caller
 * is this process, and a hypervisor reads the calling process's memory.
 *
 * Where the new op means something slightly different, the row's function
 * says how the legacy meaning is kept; the list:
 *  - argument checks that legacy Xen made before looking the domain up
 *    (INTx/ISA IRQ/link numbers) are made here first, so a bad argument
 *    with a bad domid still says -EINVAL;
 *  - inject_trap -> inject_event: 32-bit vector/type/insn_len shrank to 8
 *    bits; an unknown vCPU is -ENOENT in legacy Xen, -EINVAL in dm_op and
 *    hvmctl;
 *  - get_ioreq_server_info: 4.11+ reads the old pad as flags; we send 0
 *    (gfns wanted), and fields Xen leaves alone keep the caller's values;
 *  - track_dirty_vram: the bitmap is a handle inside the legacy struct,
 *    buffer 1 of dm_op;
 *  - modified_memory: one legacy range is one dm_op extent; 4.5-4.8 keep
 *    continuation progress in op bits above 0xff, which we apply to the
 *    range; dm_op checks the range differently (see the function);
 *  - set_mem_type: same numbers; 4.6's mmio_write_dm (3) is "unused" to
 *    4.7+ and dm_op alike, so it is refused as 4.7/4.8 refuse it. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "abi.h"
#include "privcmd.h"
#include "translate.h"

#define XENMEM_maximum_gpfn 14
#define HYPERVISOR_memory_op 12

/* One legacy call being translated. */
struct hvmop_call {
    struct xs_hv *hv;
    uint64_t arg;              /* the caller's struct */
    uint64_t start_iter;       /* op & ~0xff: 4.5-4.8 continuation progress */
    const struct hvmop_row *row;
    union {
        struct xs_hvm_set_pci_intx_level intx;
        struct xs_hvm_set_isa_irq_level isa;
        struct xs_hvm_set_pci_link_route link;
        struct xs_hvm_track_dirty_vram vram;
        struct xs_hvm_modified_memory modmem;
        struct xs_hvm_set_mem_type mem;
        struct xs_hvm_inject_trap trap;
        struct xs_hvm_inject_msi msi;
        struct xs_hvm_create_ioreq_server create;
        struct xs_hvm_get_ioreq_server_info info;
        struct xs_hvm_io_range range;
        struct xs_hvm_destroy_ioreq_server destroy;
        struct xs_hvm_set_ioreq_server_state state;
        xs_domid_t domid;      /* every legacy struct starts with it */
    } in;
};

struct hvmop_row {
    unsigned nr;               /* XS_HVMOP_* */
    const char *name;
    size_t size;               /* of the legacy struct */
    unsigned dmop;             /* XS_DMOP_* */
    unsigned hvmctl;           /* XS_HVMCTL_* */
    long (*to_dmop)(struct hvmop_call *c);
    long (*to_hvmctl)(struct hvmop_call *c);
};

/* What this file relies on in the layouts, beyond abi.h's own checks. */
_Static_assert(offsetof(struct xs_hvm_set_pci_intx_level, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_track_dirty_vram, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_inject_trap, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_create_ioreq_server, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_io_range, domid) == 0, "domid first");
_Static_assert(sizeof(struct xs_ubuf) == sizeof(struct xs_dm_op_buf), "xs_ubuf is xen_dm_op_buf");
_Static_assert(offsetof(struct xs_ubuf, size) == offsetof(struct xs_dm_op_buf, size), "buf size");
_Static_assert(offsetof(struct xs_dm_op, u) == 8, "dm_op payload at 8");
_Static_assert(offsetof(struct xs_hvmctl, u) == 16, "hvmctl payload at 16");
_Static_assert(sizeof(((struct xs_hvm_inject_trap *)0)->vector) == 4 &&
               sizeof(((struct xs_dm_op_inject_event *)0)->vector) == 1, "vector narrowed");

/* ---- issuing the new ops ---- */

/* dm_op with struct xs_dm_op in buffer 0 and an optional buffer 1.  The
 * kernel's DM_OP ioctl refuses buffers over a page (-E2BIG) where legacy
 * Xen took any bitmap; such a call goes as hypercall 41 instead, with the
 * buffer array in our memory (struct xs_ubuf is xen_dm_op_buf_t). */
static long dmop(struct hvmop_call *c, struct xs_dm_op *op, uint64_t buf1, uint64_t buf1_size,
                 unsigned nr_bufs)
{
    struct xs_ubuf bufs[2] = {
        { (uint64_t)(uintptr_t)op, sizeof(*op) },
        { buf1, buf1_size },
    };

    if (nr_bufs > 1 && buf1_size > XS_PRIVCMD_DM_OP_MAX_SIZE) {
        uint64_t arg[5] = { c->in.domid, nr_bufs, (uint64_t)(uintptr_t)bufs, 0, 0 };
        return c->hv->hypercall(c->hv, XS_HYPERVISOR_dm_op, arg);
    }
    return c->hv->dm_op(c->hv, c->in.domid, nr_bufs, bufs);
}

static long dmop1(struct hvmop_call *c, struct xs_dm_op *op)
{
    return dmop(c, op, 0, 0, 1);
}

static void dmop_init(struct hvmop_call *c, struct xs_dm_op *op)
{
    memset(op, 0, sizeof(*op));
    op->op = c->row->dmop;
}

/* A side-effect-free dm_op that only looks the domain up: op 0 is no
 * dm_op in any release, so a remote HVM domain answers -EOPNOTSUPP and
 * anything else answers what the domain lookup says. */
static long dmop_probe_domain(struct hvmop_call *c)
{
    struct xs_dm_op op;

    memset(&op, 0, sizeof(op));
    return dmop1(c, &op);
}

static void hvmctl_init(struct hvmop_call *c, struct xs_hvmctl *h)
{
    memset(h, 0, sizeof(*h));
    h->interface_version = c->hv->profile->hvmctl_if;
    h->domain = c->in.domid;
    h->cmd = c->row->hvmctl;
}

/* hvmctl1 refuses DOMID_SELF with -EPERM (hvmctl1.md); legacy Xen never
 * resolved it for these ops and said -ESRCH, as dm_op does. */
static long hvmctl(struct hvmop_call *c, struct xs_hvmctl *h)
{
    uint64_t arg[5] = { (uint64_t)(uintptr_t)h, 0, 0, 0, 0 };

    if (h->domain == XS_DOMID_SELF)
        return -ESRCH;
    return c->hv->hypercall(c->hv, XS_HYPERVISOR_hvmctl, arg);
}

/* As dmop_probe_domain: command 0 is none, so a usable domain answers
 * -EOPNOTSUPP (hvmctl checks the domain before the command). */
static long hvmctl_probe_domain(struct hvmop_call *c)
{
    struct xs_hvmctl h;

    hvmctl_init(c, &h);
    h.cmd = 0;
    return hvmctl(c, &h);
}

/* What legacy Xen answered after a successful domain lookup, given a
 * domain probe's result: its own error if the lookup failed. */
static long after_lookup(long probe, long rc)
{
    return probe == -EOPNOTSUPP ? rc : probe;
}

/* Write the legacy struct back whole, as legacy Xen's copy_to_guest did. */
static long copy_back(struct hvmop_call *c)
{
    return c->hv->copy_out(c->hv, c->arg, &c->in, c->row->size) ? -EFAULT : 0;
}

/* ---- interrupts ---- */

/* Legacy Xen checked the wire numbers before the domain. */
static long check_pci_intx_level(const struct xs_hvm_set_pci_intx_level *a)
{
    return a->domain > 0 || a->bus > 0 || a->device > 31 || a->intx > 3 ? -EINVAL : 0;
}

static long hvmop_to_dmop_set_pci_intx_level(struct hvmop_call *c)
{
    const struct xs_hvm_set_pci_intx_level *a = &c->in.intx;
    struct xs_dm_op op;
    long rc = check_pci_intx_level(a);

    if (rc)
        return rc;
    dmop_init(c, &op);
    op.u.set_pci_intx_level.domain = a->domain;   /* 8-bit PCI domain -> 16-bit segment */
    op.u.set_pci_intx_level.bus = a->bus;
    op.u.set_pci_intx_level.device = a->device;
    op.u.set_pci_intx_level.intx = a->intx;
    op.u.set_pci_intx_level.level = a->level;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_set_pci_intx_level(struct hvmop_call *c)
{
    const struct xs_hvm_set_pci_intx_level *a = &c->in.intx;
    struct xs_hvmctl h;
    long rc = check_pci_intx_level(a);

    if (rc)
        return rc;
    hvmctl_init(c, &h);
    h.u.set_pci_intx_level.domain = a->domain;
    h.u.set_pci_intx_level.bus = a->bus;
    h.u.set_pci_intx_level.device = a->device;
    h.u.set_pci_intx_level.intx = a->intx;
    h.u.set_pci_intx_level.level = a->level;
    return hvmctl(c, &h);
}

static long hvmop_to_dmop_set_isa_irq_level(struct hvmop_call *c)
{
    struct xs_dm_op op;

    if (c->in.isa.isa_irq > 15)
        return -EINVAL;
    dmop_init(c, &op);
    op.u.set_isa_irq_level.isa_irq = c->in.isa.isa_irq;
    op.u.set_isa_irq_level.level = c->in.isa.level;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_set_isa_irq_level(struct hvmop_call *c)
{
    struct xs_hvmctl h;

    if (c->in.isa.isa_irq > 15)
        return -EINVAL;
    hvmctl_init(c, &h);
    h.u.set_isa_irq_level.isa_irq = c->in.isa.isa_irq;
    h.u.set_isa_irq_level.level = c->in.isa.level;
    return hvmctl(c, &h);
}

static long hvmop_to_dmop_set_pci_link_route(struct hvmop_call *c)
{
    struct xs_dm_op op;

    if (c->in.link.link > 3 || c->in.link.isa_irq > 15)
        return -EINVAL;
    dmop_init(c, &op);
    op.u.set_pci_link_route.link = c->in.link.link;
    op.u.set_pci_link_route.isa_irq = c->in.link.isa_irq;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_set_pci_link_route(struct hvmop_call *c)
{
    struct xs_hvmctl h;

    if (c->in.link.link > 3 || c->in.link.isa_irq > 15)
        return -EINVAL;
    hvmctl_init(c, &h);
    h.u.set_pci_link_route.link = c->in.link.link;
    h.u.set_pci_link_route.isa_irq = c->in.link.isa_irq;
    return hvmctl(c, &h);
}

static long hvmop_to_dmop_inject_msi(struct hvmop_call *c)
{
    struct xs_dm_op op;

    dmop_init(c, &op);
    op.u.inject_msi.data = c->in.msi.data;
    op.u.inject_msi.addr = c->in.msi.addr;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_inject_msi(struct hvmop_call *c)
{
    struct xs_hvmctl h;

    hvmctl_init(c, &h);
    h.u.inject_msi.data = c->in.msi.data;
    h.u.inject_msi.addr = c->in.msi.addr;
    return hvmctl(c, &h);
}

/* inject_trap -> inject_event.  The same event types (both are x86's
 * event types); vector, type and insn_len are 8 bits in dm_op, and no x86
 * event has larger ones, so a larger value is refused (-EINVAL) rather than
 * truncated into another event.  Legacy Xen answers -ENOENT for a vCPU the
 * domain lacks; dm_op says -EINVAL, which it also says for a non-HVM
 * target: a domain probe tells the two apart. */
static long hvmop_to_dmop_inject_trap(struct hvmop_call *c)
{
    const struct xs_hvm_inject_trap *a = &c->in.trap;
    struct xs_dm_op op;
    long rc;

    if (a->vector > 0xff || a->type > 0xff || a->insn_len > 0xff)
        return -EINVAL;
    dmop_init(c, &op);
    op.u.inject_event.vcpuid = a->vcpuid;
    op.u.inject_event.vector = (uint8_t)a->vector;
    op.u.inject_event.type = (uint8_t)a->type;
    op.u.inject_event.insn_len = (uint8_t)a->insn_len;
    op.u.inject_event.error_code = a->error_code;
    op.u.inject_event.cr2 = a->cr2;
    rc = dmop1(c, &op);
    if (rc == -EINVAL && dmop_probe_domain(c) == -EOPNOTSUPP)
        rc = -ENOENT;
    return rc;
}

static long hvmop_to_hvmctl_inject_trap(struct hvmop_call *c)
{
    const struct xs_hvm_inject_trap *a = &c->in.trap;
    struct xs_hvmctl h;
    long rc;

    hvmctl_init(c, &h);
    h.u.inject_trap.vcpuid = a->vcpuid;
    h.u.inject_trap.vector = a->vector;
    h.u.inject_trap.type = a->type;
    h.u.inject_trap.error_code = a->error_code;
    h.u.inject_trap.insn_len = a->insn_len;
    h.u.inject_trap.cr2 = a->cr2;
    rc = hvmctl(c, &h);
    if (rc == -EINVAL && hvmctl_probe_domain(c) == -EOPNOTSUPP)
        rc = -ENOENT;   /* hvmctl1.md: a bad vcpu is -EINVAL there too */
    return rc;
}

/* ---- memory ---- */

/* nr beyond what one bitmap page holds goes as hypercall 41 (see dmop());
 * beyond Xen's 1 GiB limit the bitmap is not sent at all, so the
 * hypervisor's own -EINVAL for nr comes after its domain checks, as in
 * legacy Xen. */
static long hvmop_to_dmop_track_dirty_vram(struct hvmop_call *c)
{
    const struct xs_hvm_track_dirty_vram *a = &c->in.vram;
    uint64_t bytes = ((uint64_t)a->nr + 7) / 8;
    struct xs_dm_op op;

    if (a->nr > (1u << (30 - 12)))
        bytes = 0;
    dmop_init(c, &op);
    op.u.track_dirty_vram.nr = a->nr;
    op.u.track_dirty_vram.first_pfn = a->first_pfn;
    return dmop(c, &op, a->dirty_bitmap, bytes, 2);
}

static long hvmop_to_hvmctl_track_dirty_vram(struct hvmop_call *c)
{
    const struct xs_hvm_track_dirty_vram *a = &c->in.vram;
    struct xs_hvmctl h;

    hvmctl_init(c, &h);
    h.u.track_dirty_vram.nr = a->nr;
    h.u.track_dirty_vram.first_pfn = a->first_pfn;
    h.u.track_dirty_vram.dirty_bitmap = a->dirty_bitmap;
    return hvmctl(c, &h);
}

/* XENMEM_maximum_gpfn: >= 0, or -errno. */
static long max_gpfn(struct hvmop_call *c)
{
    xs_domid_t d = c->in.domid;
    uint64_t arg[5] = { XENMEM_maximum_gpfn, (uint64_t)(uintptr_t)&d, 0, 0, 0 };
    return c->hv->hypercall(c->hv, HYPERVISOR_memory_op, arg);
}

/* Legacy modified_memory: one range [first_pfn, first_pfn + nr), of which
 * the first start_iter frames are already done (continuation).  Legacy Xen
 * looks the domain up, rejects a range that is empty, wraps or ends beyond
 * the domain's highest gfn (-EINVAL), and only then returns 0 early when
 * log-dirty is off.  dm_op returns 0 early before checking anything, and
 * also rejects a range whose last frame is the highest gfn.  With the
 * highest gfn known (XENMEM_maximum_gpfn) we check as legacy Xen did and
 * leave the last frame of memory out of the extent (dm_op cannot mark it;
 * it is the only difference left).  Without it, the extent goes as is. */
static long hvmop_to_dmop_modified_memory(struct hvmop_call *c)
{
    const struct xs_hvm_modified_memory *a = &c->in.modmem;
    struct xs_dm_op_modified_memory_extent ext = { 0 };
    struct xs_dm_op op;
    uint64_t first = a->first_pfn + c->start_iter;
    uint64_t nr = a->nr - c->start_iter;
    uint64_t last = a->first_pfn + a->nr - 1;
    long top = max_gpfn(c);

    if (a->nr == 0 || a->nr < c->start_iter || last < a->first_pfn || (top >= 0 && last > (uint64_t)top))
        return after_lookup(dmop_probe_domain(c), -EINVAL);
    if (top >= 0 && last == (uint64_t)top)
        nr--;
    if (nr == 0)
        return after_lookup(dmop_probe_domain(c), 0);
    ext.nr = (uint32_t)nr;
    ext.first_pfn = first;
    dmop_init(c, &op);
    op.u.modified_memory.nr_extents = 1;
    return dmop(c, &op, (uint64_t)(uintptr_t)&ext, sizeof(ext), 2);
}

/* hvmctl keeps the legacy range and its own continuation cursor (opaque). */
static long hvmop_to_hvmctl_modified_memory(struct hvmop_call *c)
{
    const struct xs_hvm_modified_memory *a = &c->in.modmem;
    struct xs_hvmctl h;

    if (a->nr < c->start_iter)
        return after_lookup(hvmctl_probe_domain(c), -EINVAL);
    if (a->nr == c->start_iter && a->nr)
        return after_lookup(hvmctl_probe_domain(c), 0);
    hvmctl_init(c, &h);
    h.u.modified_memory.nr = a->nr;
    h.u.modified_memory.first_pfn = a->first_pfn;
    h.opaque = (uint32_t)c->start_iter;
    return hvmctl(c, &h);
}

/* The continuation progress shortens the range; dm_op checks the range
 * after the domain lookup, as legacy Xen did, and the same way
 * (first > last or last beyond the highest gfn). */
static long hvmop_to_dmop_set_mem_type(struct hvmop_call *c)
{
    const struct xs_hvm_set_mem_type *a = &c->in.mem;
    struct xs_dm_op op;

    if (a->nr < c->start_iter)
        return after_lookup(dmop_probe_domain(c), -EINVAL);
    if (a->nr == c->start_iter && a->nr)
        return after_lookup(dmop_probe_domain(c), 0);
    dmop_init(c, &op);
    op.u.set_mem_type.nr = (uint32_t)(a->nr - c->start_iter);
    op.u.set_mem_type.mem_type = a->hvmmem_type;
    op.u.set_mem_type.first_pfn = a->first_pfn + c->start_iter;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_set_mem_type(struct hvmop_call *c)
{
    const struct xs_hvm_set_mem_type *a = &c->in.mem;
    struct xs_hvmctl h;

    if (a->nr < c->start_iter)
        return after_lookup(hvmctl_probe_domain(c), -EINVAL);
    if (a->nr == c->start_iter && a->nr)
        return after_lookup(hvmctl_probe_domain(c), 0);
    hvmctl_init(c, &h);
    h.u.set_mem_type.hvmmem_type = a->hvmmem_type;
    h.u.set_mem_type.nr = a->nr;
    h.u.set_mem_type.first_pfn = a->first_pfn;
    h.opaque = (uint32_t)c->start_iter;
    return hvmctl(c, &h);
}

/* ---- ioreq servers ---- */

static long hvmop_to_dmop_create_ioreq_server(struct hvmop_call *c)
{
    struct xs_dm_op op;
    long rc;

    dmop_init(c, &op);
    op.u.create_ioreq_server.handle_bufioreq = c->in.create.handle_bufioreq;
    rc = dmop1(c, &op);
    if (rc)
        return rc;
    c->in.create.id = op.u.create_ioreq_server.id;
    return copy_back(c);
}

static long hvmop_to_hvmctl_create_ioreq_server(struct hvmop_call *c)
{
    struct xs_hvmctl h;
    long rc;

    hvmctl_init(c, &h);
    h.u.create_ioreq_server.handle_bufioreq = c->in.create.handle_bufioreq;
    rc = hvmctl(c, &h);
    if (rc)
        return rc;
    c->in.create.id = h.u.create_ioreq_server.id;
    return copy_back(c);
}

/* flags 0 (4.9-4.10: the pad, which must be 0): the gfns are wanted, as
 * the legacy op always returned them.  The OUT fields start as the caller
 * gave them: Xen leaves the buffered ones alone for a server without
 * buffered ioreqs, and the legacy caller then finds its own values. */
static long hvmop_to_dmop_get_ioreq_server_info(struct hvmop_call *c)
{
    struct xs_hvm_get_ioreq_server_info *a = &c->in.info;
    struct xs_dm_op op;
    long rc;

    dmop_init(c, &op);
    op.u.get_ioreq_server_info.id = a->id;
    op.u.get_ioreq_server_info.flags = 0;
    op.u.get_ioreq_server_info.bufioreq_port = a->bufioreq_port;
    op.u.get_ioreq_server_info.ioreq_gfn = a->ioreq_pfn;
    op.u.get_ioreq_server_info.bufioreq_gfn = a->bufioreq_pfn;
    rc = dmop1(c, &op);
    if (rc)
        return rc;
    a->bufioreq_port = op.u.get_ioreq_server_info.bufioreq_port;
    a->ioreq_pfn = op.u.get_ioreq_server_info.ioreq_gfn;
    a->bufioreq_pfn = op.u.get_ioreq_server_info.bufioreq_gfn;
    return copy_back(c);
}

static long hvmop_to_hvmctl_get_ioreq_server_info(struct hvmop_call *c)
{
    struct xs_hvm_get_ioreq_server_info *a = &c->in.info;
    struct xs_hvmctl h;
    long rc;

    hvmctl_init(c, &h);
    h.u.get_ioreq_server_info.id = a->id;
    h.u.get_ioreq_server_info.bufioreq_port = a->bufioreq_port;
    h.u.get_ioreq_server_info.ioreq_pfn = a->ioreq_pfn;
    h.u.get_ioreq_server_info.bufioreq_pfn = a->bufioreq_pfn;
    rc = hvmctl(c, &h);
    if (rc)
        return rc;
    a->bufioreq_port = h.u.get_ioreq_server_info.bufioreq_port;
    a->ioreq_pfn = h.u.get_ioreq_server_info.ioreq_pfn;
    a->bufioreq_pfn = h.u.get_ioreq_server_info.bufioreq_pfn;
    return copy_back(c);
}

/* map and unmap share the layout; the row says which op. */
static long hvmop_to_dmop_io_range(struct hvmop_call *c)
{
    const struct xs_hvm_io_range *a = &c->in.range;
    struct xs_dm_op op;

    dmop_init(c, &op);
    op.u.map_io_range_to_ioreq_server.id = a->id;
    op.u.map_io_range_to_ioreq_server.type = a->type;
    op.u.map_io_range_to_ioreq_server.start = a->start;
    op.u.map_io_range_to_ioreq_server.end = a->end;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_io_range(struct hvmop_call *c)
{
    const struct xs_hvm_io_range *a = &c->in.range;
    struct xs_hvmctl h;

    hvmctl_init(c, &h);
    h.u.map_io_range.id = a->id;
    h.u.map_io_range.type = a->type;
    h.u.map_io_range.start = a->start;
    h.u.map_io_range.end = a->end;
    return hvmctl(c, &h);
}

static long hvmop_to_dmop_set_ioreq_server_state(struct hvmop_call *c)
{
    struct xs_dm_op op;

    dmop_init(c, &op);
    op.u.set_ioreq_server_state.id = c->in.state.id;
    op.u.set_ioreq_server_state.enabled = c->in.state.enabled;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_set_ioreq_server_state(struct hvmop_call *c)
{
    struct xs_hvmctl h;

    hvmctl_init(c, &h);
    h.u.set_ioreq_server_state.id = c->in.state.id;
    h.u.set_ioreq_server_state.enabled = c->in.state.enabled;
    return hvmctl(c, &h);
}

static long hvmop_to_dmop_destroy_ioreq_server(struct hvmop_call *c)
{
    struct xs_dm_op op;

    dmop_init(c, &op);
    op.u.destroy_ioreq_server.id = c->in.destroy.id;
    return dmop1(c, &op);
}

static long hvmop_to_hvmctl_destroy_ioreq_server(struct hvmop_call *c)
{
    struct xs_hvmctl h;

    hvmctl_init(c, &h);
    h.u.destroy_ioreq_server.id = c->in.destroy.id;
    return hvmctl(c, &h);
}

#define ROW(name, legacy_struct, to_dmop, to_hvmctl)                       \
    { XS_HVMOP_##name, #name, sizeof(struct legacy_struct), XS_DMOP_##name, \
      XS_HVMCTL_##name, to_dmop, to_hvmctl }

static const struct hvmop_row rows[] = {
    ROW(set_pci_intx_level, xs_hvm_set_pci_intx_level,
        hvmop_to_dmop_set_pci_intx_level, hvmop_to_hvmctl_set_pci_intx_level),
    ROW(set_isa_irq_level, xs_hvm_set_isa_irq_level,
        hvmop_to_dmop_set_isa_irq_level, hvmop_to_hvmctl_set_isa_irq_level),
    ROW(set_pci_link_route, xs_hvm_set_pci_link_route,
        hvmop_to_dmop_set_pci_link_route, hvmop_to_hvmctl_set_pci_link_route),
    ROW(track_dirty_vram, xs_hvm_track_dirty_vram,
        hvmop_to_dmop_track_dirty_vram, hvmop_to_hvmctl_track_dirty_vram),
    ROW(modified_memory, xs_hvm_modified_memory,
        hvmop_to_dmop_modified_memory, hvmop_to_hvmctl_modified_memory),
    ROW(set_mem_type, xs_hvm_set_mem_type,
        hvmop_to_dmop_set_mem_type, hvmop_to_hvmctl_set_mem_type),
    { XS_HVMOP_inject_trap, "inject_trap", sizeof(struct xs_hvm_inject_trap),
      XS_DMOP_inject_event, XS_HVMCTL_inject_trap,
      hvmop_to_dmop_inject_trap, hvmop_to_hvmctl_inject_trap },
    ROW(inject_msi, xs_hvm_inject_msi,
        hvmop_to_dmop_inject_msi, hvmop_to_hvmctl_inject_msi),
    ROW(create_ioreq_server, xs_hvm_create_ioreq_server,
        hvmop_to_dmop_create_ioreq_server, hvmop_to_hvmctl_create_ioreq_server),
    ROW(get_ioreq_server_info, xs_hvm_get_ioreq_server_info,
        hvmop_to_dmop_get_ioreq_server_info, hvmop_to_hvmctl_get_ioreq_server_info),
    { XS_HVMOP_map_io_range_to_ioreq_server, "map_io_range_to_ioreq_server",
      sizeof(struct xs_hvm_io_range), XS_DMOP_map_io_range_to_ioreq_server,
      XS_HVMCTL_map_io_range_to_ioreq_server, hvmop_to_dmop_io_range, hvmop_to_hvmctl_io_range },
    { XS_HVMOP_unmap_io_range_from_ioreq_server, "unmap_io_range_from_ioreq_server",
      sizeof(struct xs_hvm_io_range), XS_DMOP_unmap_io_range_from_ioreq_server,
      XS_HVMCTL_unmap_io_range_from_ioreq_server, hvmop_to_dmop_io_range, hvmop_to_hvmctl_io_range },
    ROW(destroy_ioreq_server, xs_hvm_destroy_ioreq_server,
        hvmop_to_dmop_destroy_ioreq_server, hvmop_to_hvmctl_destroy_ioreq_server),
    ROW(set_ioreq_server_state, xs_hvm_set_ioreq_server_state,
        hvmop_to_dmop_set_ioreq_server_state, hvmop_to_hvmctl_set_ioreq_server_state),
};

static const struct hvmop_row *row_of(unsigned nr)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (rows[i].nr == nr)
            return &rows[i];
    return NULL;
}

/* Only modified_memory and set_mem_type carried progress in op; for any
 * other sub-op high bits make it no sub-op at all, and the hypervisor's
 * own answer (-ENOSYS) is the legacy one. */
static bool op_has_continuation(unsigned nr)
{
    return nr == XS_HVMOP_modified_memory || nr == XS_HVMOP_set_mem_type;
}

/* The release row is the authority once the profile names one (its hvmop
 * mask also lists set_param & co, so "non-empty" would not do); the probe
 * result covers an unknown release. */
static bool legacy_op_exists(const struct xs_profile *p, unsigned nr)
{
    return p->rel ? xs_release_has_hvmop(p->rel, nr) : p->has_legacy_hvmops;
}

enum xs_verdict xs_translate_hvm_op(struct xs_hv *hv, uint64_t op, uint64_t arg, long *ret)
{
    const struct xs_profile *p = hv->profile;
    unsigned nr = op & XS_HVMOP_op_mask;
    const struct hvmop_row *row = row_of(nr);
    struct hvmop_call c;
    bool to_hvmctl;
    long rc;

    if (!row || (op > XS_HVMOP_op_mask && !op_has_continuation(nr)))
        return XS_PASS;
    /* hvmctl layouts are those of interface version 1; another version
     * would need its own rows. */
    if (!p || p->passthrough || legacy_op_exists(p, nr) ||
        (!p->has_dmop && p->hvmctl_if != XS_HVMCTL_INTERFACE_VERSION)) {
        xs_log(XS_LOG_DEBUG, "hvm_op %s passed through (%s)", row->name,
               !p || p->passthrough ? "passthrough profile" :
               legacy_op_exists(p, nr) ? "the hypervisor has it" : "nothing to translate to");
        return XS_PASS;
    }
    to_hvmctl = !p->has_dmop;

    memset(&c, 0, sizeof(c));
    c.hv = hv;
    c.arg = arg;
    c.start_iter = op & ~(uint64_t)XS_HVMOP_op_mask;
    c.row = row;
    if (hv->copy_in(hv, &c.in, arg, row->size)) {
        rc = -EFAULT;
    } else if (!to_hvmctl && p->rel && !xs_release_has_dmop(p->rel, row->dmop)) {
        rc = -ENOSYS;    /* cannot happen with 4.9+; an unknown sub-op, as legacy Xen says */
    } else {
        rc = to_hvmctl ? row->to_hvmctl(&c) : row->to_dmop(&c);
    }
    /* Both successors say -EOPNOTSUPP for an op they do not have, where
     * legacy Xen said -ENOSYS for a sub-op it did not have.  set_mem_type
     * is the one op whose own -EOPNOTSUPP (ioreq_server type without HAP)
     * legacy 4.8 shares. */
    if (rc == -EOPNOTSUPP && nr != XS_HVMOP_set_mem_type)
        rc = -ENOSYS;
    xs_stat_translated("hvm_op", row->name);
    xs_log(XS_LOG_DEBUG, "hvm_op %s (dom %u) -> %s %u: %ld", row->name, c.in.domid,
           to_hvmctl ? "hvmctl" : "dm_op", to_hvmctl ? row->hvmctl : row->dmop, rc);
    *ret = rc;
    return XS_DONE;
}
