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
 * written back into the caller's struct.  As in libxendevicemodel, each op
 * is one small function per successor (hvmctl_<op>, hvmop_to_dmop_<op>)
 * that fills the successor's payload field by field.
 *
 * Our own memory is fine for the rebuilt structs: in the preload the caller
 * is this process, and a hypervisor reads the calling process's memory.
 *
 * Where the new op means something slightly different, the legacy meaning
 * is kept here; the list:
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
#include "xen_checks.h"

#define XENMEM_maximum_gpfn 14

/* One legacy call being translated. */
struct hvmop_call {
    struct xs_hv *hv;
    uint64_t arg;              /* the caller's struct */
    uint64_t start_iter;       /* op & ~0xff: 4.5-4.8 continuation progress */
    const struct hvmop_row *row;
    bool to_hvmctl;            /* else to dm_op */
    union xs_hvmop_args in;
};

struct hvmop_row {
    unsigned nr;               /* XS_HVMOP_* */
    const char *name;
    size_t size;               /* of the legacy struct */
    unsigned dmop;             /* XS_DMOP_* */
    unsigned hvmctl;           /* XS_HVMCTL_* */
    bool writes_back;          /* legacy Xen copied the struct back */
    /* Argument checks legacy Xen made before looking the domain up, made
     * here before either successor is asked, so a bad argument with a bad
     * domid still says -EINVAL. */
    long (*check)(struct hvmop_call *c);
    /* The op as hvmctl (legacy: the caller's struct, its OUT fields
     * written on success) and as dm_op. */
    long (*to_hvmctl)(struct xs_hv *hv, void *legacy, uint32_t opaque);
    long (*to_dmop)(struct hvmop_call *c);
};

/* What this file relies on in the layouts, beyond the ABI table's own
 * checks: c->in.domid reads the domid of every legacy struct. */
_Static_assert(offsetof(struct xs_hvm_set_pci_intx_level, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_track_dirty_vram, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_inject_trap, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_create_ioreq_server, domid) == 0, "domid first");
_Static_assert(offsetof(struct xs_hvm_io_range, domid) == 0, "domid first");
_Static_assert(sizeof(struct xs_ubuf) == sizeof(struct xs_dm_op_buf), "xs_ubuf is xen_dm_op_buf");
_Static_assert(offsetof(struct xs_ubuf, size) == offsetof(struct xs_dm_op_buf, size), "buf size");
_Static_assert(sizeof(((struct xs_hvm_inject_trap *)0)->vector) == 4 &&
               sizeof(((struct xs_dm_op_inject_event *)0)->vector) == 1, "vector narrowed");
_Static_assert(offsetof(struct xs_hvm_modified_memory, nr) == offsetof(struct xs_hvm_set_mem_type, nr) &&
               sizeof(((struct xs_hvm_modified_memory *)0)->nr) == sizeof(uint32_t) &&
               sizeof(((struct xs_hvm_set_mem_type *)0)->nr) == sizeof(uint32_t),
               "both continued ops keep a 32-bit nr in the same place");

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

/* h->u is filled by the caller.  hvmctl1 refuses DOMID_SELF with -EPERM
 * (hvmctl1.md); legacy Xen never resolved it for these ops and said
 * -ESRCH, as dm_op does. */
static long hvmctl(struct xs_hv *hv, xs_domid_t domid, uint32_t cmd, uint32_t opaque,
                   struct xs_hvmctl *h)
{
    uint64_t arg[5] = { (uint64_t)(uintptr_t)h, 0, 0, 0, 0 };

    if (domid == XS_DOMID_SELF)
        return -ESRCH;
    h->interface_version = XS_HVMCTL_INTERFACE_VERSION;
    h->domain = domid;
    h->pad = 0;
    h->cmd = cmd;
    h->opaque = opaque;
    return hv->hypercall(hv, XS_HYPERVISOR_hvmctl, arg);
}

/* ---- to hvmctl: one function per op ----
 *
 * hvmctl1's payloads are the legacy structs without their domid (which
 * goes in the header), pads made explicit and zero.  Both directions of a
 * field are listed: hvmctl1 writes the payload back on success
 * (hvmctl1.md), and the OUT fields go back into the legacy struct. */

static long hvmctl_set_pci_intx_level(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_set_pci_intx_level *a = legacy;
    struct xs_hvmctl h = { .u.set_pci_intx_level = {
        .domain = a->domain, .bus = a->bus, .device = a->device, .intx = a->intx,
        .level = a->level } };

    return hvmctl(hv, a->domid, XS_HVMCTL_set_pci_intx_level, opaque, &h);
}

static long hvmctl_set_isa_irq_level(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_set_isa_irq_level *a = legacy;
    struct xs_hvmctl h = { .u.set_isa_irq_level = { .isa_irq = a->isa_irq, .level = a->level } };

    return hvmctl(hv, a->domid, XS_HVMCTL_set_isa_irq_level, opaque, &h);
}

static long hvmctl_set_pci_link_route(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_set_pci_link_route *a = legacy;
    struct xs_hvmctl h = { .u.set_pci_link_route = { .link = a->link, .isa_irq = a->isa_irq } };

    return hvmctl(hv, a->domid, XS_HVMCTL_set_pci_link_route, opaque, &h);
}

/* The bitmap handle is a plain field to hvmctl, as it was to legacy Xen. */
static long hvmctl_track_dirty_vram(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_track_dirty_vram *a = legacy;
    struct xs_hvmctl h = { .u.track_dirty_vram = {
        .nr = a->nr, .first_pfn = a->first_pfn, .dirty_bitmap = a->dirty_bitmap } };

    return hvmctl(hv, a->domid, XS_HVMCTL_track_dirty_vram, opaque, &h);
}

static long hvmctl_modified_memory(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_modified_memory *a = legacy;
    struct xs_hvmctl h = { .u.modified_memory = { .nr = a->nr, .first_pfn = a->first_pfn } };

    return hvmctl(hv, a->domid, XS_HVMCTL_modified_memory, opaque, &h);
}

static long hvmctl_set_mem_type(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_set_mem_type *a = legacy;
    struct xs_hvmctl h = { .u.set_mem_type = {
        .hvmmem_type = a->hvmmem_type, .nr = a->nr, .first_pfn = a->first_pfn } };

    return hvmctl(hv, a->domid, XS_HVMCTL_set_mem_type, opaque, &h);
}

static long hvmctl_inject_trap(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_inject_trap *a = legacy;
    struct xs_hvmctl h = { .u.inject_trap = {
        .vcpuid = a->vcpuid, .vector = a->vector, .type = a->type,
        .error_code = a->error_code, .insn_len = a->insn_len, .cr2 = a->cr2 } };

    return hvmctl(hv, a->domid, XS_HVMCTL_inject_trap, opaque, &h);
}

static long hvmctl_inject_msi(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_inject_msi *a = legacy;
    struct xs_hvmctl h = { .u.inject_msi = { .data = a->data, .addr = a->addr } };

    return hvmctl(hv, a->domid, XS_HVMCTL_inject_msi, opaque, &h);
}

static long hvmctl_create_ioreq_server(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    struct xs_hvm_create_ioreq_server *a = legacy;
    struct xs_hvmctl h = { .u.create_ioreq_server = {
        .handle_bufioreq = a->handle_bufioreq, .id = a->id } };
    long rc = hvmctl(hv, a->domid, XS_HVMCTL_create_ioreq_server, opaque, &h);

    if (rc == 0)
        a->id = h.u.create_ioreq_server.id;
    return rc;
}

static long hvmctl_get_ioreq_server_info(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    struct xs_hvm_get_ioreq_server_info *a = legacy;
    struct xs_hvmctl h = { .u.get_ioreq_server_info = {
        .id = a->id, .bufioreq_port = a->bufioreq_port, .ioreq_pfn = a->ioreq_pfn,
        .bufioreq_pfn = a->bufioreq_pfn } };
    long rc = hvmctl(hv, a->domid, XS_HVMCTL_get_ioreq_server_info, opaque, &h);

    if (rc == 0) {
        a->bufioreq_port = h.u.get_ioreq_server_info.bufioreq_port;
        a->ioreq_pfn = h.u.get_ioreq_server_info.ioreq_pfn;
        a->bufioreq_pfn = h.u.get_ioreq_server_info.bufioreq_pfn;
    }
    return rc;
}

/* map and unmap share one payload layout (xs_hvmctl_io_range). */
static long hvmctl_io_range(struct xs_hv *hv, const struct xs_hvm_io_range *a, uint32_t cmd,
                            uint32_t opaque)
{
    struct xs_hvmctl h = { .u.map_io_range = {
        .id = a->id, .type = a->type, .start = a->start, .end = a->end } };

    return hvmctl(hv, a->domid, cmd, opaque, &h);
}

static long hvmctl_map_io_range_to_ioreq_server(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    return hvmctl_io_range(hv, legacy, XS_HVMCTL_map_io_range_to_ioreq_server, opaque);
}

static long hvmctl_unmap_io_range_from_ioreq_server(struct xs_hv *hv, void *legacy,
                                                    uint32_t opaque)
{
    return hvmctl_io_range(hv, legacy, XS_HVMCTL_unmap_io_range_from_ioreq_server, opaque);
}

static long hvmctl_destroy_ioreq_server(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_destroy_ioreq_server *a = legacy;
    struct xs_hvmctl h = { .u.destroy_ioreq_server = { .id = a->id } };

    return hvmctl(hv, a->domid, XS_HVMCTL_destroy_ioreq_server, opaque, &h);
}

static long hvmctl_set_ioreq_server_state(struct xs_hv *hv, void *legacy, uint32_t opaque)
{
    const struct xs_hvm_set_ioreq_server_state *a = legacy;
    struct xs_hvmctl h = { .u.set_ioreq_server_state = { .id = a->id, .enabled = a->enabled } };

    return hvmctl(hv, a->domid, XS_HVMCTL_set_ioreq_server_state, opaque, &h);
}

/* A side-effect-free call that only looks the domain up: op 0 is no
 * dm_op in any release and command 0 no hvmctl command (hvmctl checks the
 * domain before the command), so a remote HVM domain answers -EOPNOTSUPP
 * and anything else answers what the domain lookup says. */
static long probe_domain(struct hvmop_call *c)
{
    struct xs_dm_op op;
    struct xs_hvmctl h;

    if (c->to_hvmctl) {
        memset(&h, 0, sizeof(h));
        return hvmctl(c->hv, c->in.domid, 0, 0, &h);
    }
    memset(&op, 0, sizeof(op));
    return dmop1(c, &op);
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

/* Only modified_memory and set_mem_type carried progress in op; for any
 * other sub-op high bits make it no sub-op at all, and the hypervisor's
 * own answer (-ENOSYS) is the legacy one. */
static bool op_has_continuation(unsigned nr)
{
    return nr == XS_HVMOP_modified_memory || nr == XS_HVMOP_set_mem_type;
}

/* Progress (start_iter) past the range is -EINVAL and progress at its
 * end is done, both after the domain lookup as in legacy Xen: dm_op would
 * be asked another range, and hvmctl refuses opaque >= nr outright.
 * *rc is the answer when true. */
static bool continued_to_end(struct hvmop_call *c, uint32_t nr, long *rc)
{
    if (nr > c->start_iter || (nr == 0 && c->start_iter == 0))
        return false;
    *rc = after_lookup(probe_domain(c), nr < c->start_iter ? -EINVAL : 0);
    return true;
}

/* inject_trap: legacy Xen answers -ENOENT for a vCPU the domain lacks;
 * dm_op and hvmctl say -EINVAL (hvmctl1.md), which they also say for a
 * non-HVM target: a domain probe tells the two apart. */
static long unknown_vcpu(struct hvmop_call *c, long rc)
{
    if (rc == -EINVAL && probe_domain(c) == -EOPNOTSUPP)
        rc = -ENOENT;
    return rc;
}

/* Continuation progress travels in opaque, the range stays the legacy one. */
static long hvmop_to_hvmctl(struct hvmop_call *c)
{
    uint32_t opaque = 0;
    long rc;

    if (op_has_continuation(c->row->nr)) {
        if (continued_to_end(c, c->in.set_mem.nr, &rc))   /* modmem.nr alike (asserted) */
            return rc;
        opaque = (uint32_t)c->start_iter;
    }
    rc = c->row->to_hvmctl(c->hv, &c->in, opaque);
    if (c->row->nr == XS_HVMOP_inject_trap)
        rc = unknown_vcpu(c, rc);
    if (rc == 0 && c->row->writes_back)
        rc = copy_back(c);
    return rc;
}

/* ---- the rows' early checks, for both successors ---- */

/* Legacy Xen checked the wire numbers before the domain. */
static long check_pci_intx_level(struct hvmop_call *c)
{
    const struct xs_hvm_set_pci_intx_level *a = &c->in.intx;

    return xs_xen_pci_intx_ok(a->domain, a->bus, a->device, a->intx) ? 0 : -EINVAL;
}

static long check_isa_irq_level(struct hvmop_call *c)
{
    return xs_xen_isa_irq_ok(c->in.isa.isa_irq) ? 0 : -EINVAL;
}

static long check_pci_link_route(struct hvmop_call *c)
{
    return xs_xen_pci_link_ok(c->in.link.link, c->in.link.isa_irq) ? 0 : -EINVAL;
}

/* ---- to dm_op where the meaning differs: a converter per op ---- */

static long hvmop_to_dmop_set_pci_intx_level(struct hvmop_call *c)
{
    const struct xs_hvm_set_pci_intx_level *a = &c->in.intx;
    struct xs_dm_op op = { .op = XS_DMOP_set_pci_intx_level, .u.set_pci_intx_level = {
        .domain = a->domain,          /* 8-bit PCI domain -> 16-bit segment */
        .bus = a->bus, .device = a->device, .intx = a->intx, .level = a->level } };

    return dmop1(c, &op);
}

/* inject_trap -> inject_event.  The same event types (both are x86's
 * event types); vector, type and insn_len are 8 bits in dm_op, and no x86
 * event has larger ones, so a larger value is refused (-EINVAL) rather than
 * truncated into another event. */
static long hvmop_to_dmop_inject_trap(struct hvmop_call *c)
{
    const struct xs_hvm_inject_trap *a = &c->in.trap;
    struct xs_dm_op op = { .op = XS_DMOP_inject_event, .u.inject_event = {
        .vcpuid = a->vcpuid, .vector = (uint8_t)a->vector, .type = (uint8_t)a->type,
        .insn_len = (uint8_t)a->insn_len, .error_code = a->error_code, .cr2 = a->cr2 } };

    if (a->vector > 0xff || a->type > 0xff || a->insn_len > 0xff)
        return -EINVAL;
    return unknown_vcpu(c, dmop1(c, &op));
}

/* nr beyond what one bitmap page holds goes as hypercall 41 (see dmop());
 * beyond Xen's 1 GiB limit the bitmap is not sent at all, so the
 * hypervisor's own -EINVAL for nr comes after its domain checks, as in
 * legacy Xen. */
static long hvmop_to_dmop_track_dirty_vram(struct hvmop_call *c)
{
    const struct xs_hvm_track_dirty_vram *a = &c->in.vram;
    uint64_t bytes = ((uint64_t)a->nr + 7) / 8;
    struct xs_dm_op op = { .op = XS_DMOP_track_dirty_vram, .u.track_dirty_vram = {
        .nr = a->nr, .first_pfn = a->first_pfn } };
    uint8_t unused;

    /* Linux's privcmd (6.1) answers -EFAULT for a buffer of no bytes
     * (seen on real Xen 4.17), so where Xen reads no bitmap (nr 0 stops
     * tracking; nr past 1 GiB is refused) it gets one byte of ours. */
    if (a->nr == 0 || a->nr > (1u << (30 - 12)))
        return dmop(c, &op, (uint64_t)(uintptr_t)&unused, 1, 2);
    return dmop(c, &op, a->dirty_bitmap, bytes, 2);
}

/* XENMEM_maximum_gpfn: >= 0, or -errno. */
static long max_gpfn(struct hvmop_call *c)
{
    xs_domid_t d = c->in.domid;
    uint64_t arg[5] = { XENMEM_maximum_gpfn, (uint64_t)(uintptr_t)&d, 0, 0, 0 };
    return c->hv->hypercall(c->hv, XS_HYPERVISOR_memory_op, arg);
}

/* Legacy modified_memory: one range [first_pfn, first_pfn + nr), of which
 * the first start_iter frames are already done (continuation).  Legacy Xen
 * looks the domain up, rejects a range that is empty, wraps or ends beyond
 * the domain's highest gfn (-EINVAL), and only then returns 0 early when
 * log-dirty is off.  dm_op returns 0 early before checking anything, and
 * also rejects a range whose last frame is the highest gfn.  With the
 * highest gfn known (XENMEM_maximum_gpfn) we check as legacy Xen did and
 * leave the last frame of memory out of the extent (dm_op cannot mark it;
 * it is the only difference left).  Without it, the extent goes as is.
 * (hvmctl keeps the legacy range and its checks: hvmctl_modified_memory.) */
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
        return after_lookup(probe_domain(c), -EINVAL);
    if (nr && top >= 0 && last == (uint64_t)top)
        nr--;
    if (nr == 0)
        return after_lookup(probe_domain(c), 0);
    ext.nr = (uint32_t)nr;
    ext.first_pfn = first;
    op = (struct xs_dm_op){ .op = XS_DMOP_modified_memory, .u.modified_memory = {
        .nr_extents = 1 } };
    return dmop(c, &op, (uint64_t)(uintptr_t)&ext, sizeof(ext), 2);
}

/* The continuation progress shortens the range; dm_op checks the range
 * after the domain lookup, as legacy Xen did, and the same way
 * (first > last or last beyond the highest gfn). */
static long hvmop_to_dmop_set_mem_type(struct hvmop_call *c)
{
    const struct xs_hvm_set_mem_type *a = &c->in.set_mem;
    struct xs_dm_op op = { .op = XS_DMOP_set_mem_type, .u.set_mem_type = {
        .nr = (uint32_t)(a->nr - c->start_iter), .mem_type = a->hvmmem_type,
        .first_pfn = a->first_pfn + c->start_iter } };
    long rc;

    if (continued_to_end(c, a->nr, &rc))
        return rc;
    return dmop1(c, &op);
}

/* ---- to dm_op where the payload keeps the legacy fields ---- */

static long hvmop_to_dmop_set_isa_irq_level(struct hvmop_call *c)
{
    struct xs_dm_op op = { .op = XS_DMOP_set_isa_irq_level, .u.set_isa_irq_level = {
        .isa_irq = c->in.isa.isa_irq, .level = c->in.isa.level } };

    return dmop1(c, &op);
}

static long hvmop_to_dmop_set_pci_link_route(struct hvmop_call *c)
{
    struct xs_dm_op op = { .op = XS_DMOP_set_pci_link_route, .u.set_pci_link_route = {
        .link = c->in.link.link, .isa_irq = c->in.link.isa_irq } };

    return dmop1(c, &op);
}

static long hvmop_to_dmop_inject_msi(struct hvmop_call *c)
{
    struct xs_dm_op op = { .op = XS_DMOP_inject_msi, .u.inject_msi = {
        .data = c->in.msi.data, .addr = c->in.msi.addr } };

    return dmop1(c, &op);
}

/* dm_op pads handle_bufioreq with three bytes where the legacy op had one. */
static long hvmop_to_dmop_create_ioreq_server(struct hvmop_call *c)
{
    struct xs_hvm_create_ioreq_server *a = &c->in.create;
    struct xs_dm_op op = { .op = XS_DMOP_create_ioreq_server, .u.create_ioreq_server = {
        .handle_bufioreq = a->handle_bufioreq, .id = a->id } };
    long rc = dmop1(c, &op);

    if (rc)
        return rc;
    a->id = op.u.create_ioreq_server.id;
    return copy_back(c);
}

/* flags stays 0 (4.9-4.10: a pad; 4.11+: 0 asks for the gfns, which the
 * legacy op always returned); fields Xen leaves alone keep the caller's
 * values. */
static long hvmop_to_dmop_get_ioreq_server_info(struct hvmop_call *c)
{
    struct xs_hvm_get_ioreq_server_info *a = &c->in.info;
    struct xs_dm_op op = { .op = XS_DMOP_get_ioreq_server_info, .u.get_ioreq_server_info = {
        .id = a->id, .bufioreq_port = a->bufioreq_port, .ioreq_gfn = a->ioreq_pfn,
        .bufioreq_gfn = a->bufioreq_pfn } };
    long rc = dmop1(c, &op);

    if (rc)
        return rc;
    a->bufioreq_port = op.u.get_ioreq_server_info.bufioreq_port;
    a->ioreq_pfn = op.u.get_ioreq_server_info.ioreq_gfn;
    a->bufioreq_pfn = op.u.get_ioreq_server_info.bufioreq_gfn;
    return copy_back(c);
}

/* map and unmap share one payload layout (xs_dm_op_ioreq_server_range). */
static long dmop_io_range(struct hvmop_call *c, uint32_t nr)
{
    const struct xs_hvm_io_range *a = &c->in.range;
    struct xs_dm_op op = { .op = nr, .u.map_io_range_to_ioreq_server = {
        .id = a->id, .type = a->type, .start = a->start, .end = a->end } };

    return dmop1(c, &op);
}

static long hvmop_to_dmop_map_io_range_to_ioreq_server(struct hvmop_call *c)
{
    return dmop_io_range(c, XS_DMOP_map_io_range_to_ioreq_server);
}

static long hvmop_to_dmop_unmap_io_range_from_ioreq_server(struct hvmop_call *c)
{
    return dmop_io_range(c, XS_DMOP_unmap_io_range_from_ioreq_server);
}

static long hvmop_to_dmop_destroy_ioreq_server(struct hvmop_call *c)
{
    struct xs_dm_op op = { .op = XS_DMOP_destroy_ioreq_server, .u.destroy_ioreq_server = {
        .id = c->in.destroy.id } };

    return dmop1(c, &op);
}

static long hvmop_to_dmop_set_ioreq_server_state(struct hvmop_call *c)
{
    struct xs_dm_op op = { .op = XS_DMOP_set_ioreq_server_state, .u.set_ioreq_server_state = {
        .id = c->in.state.id, .enabled = c->in.state.enabled } };

    return dmop1(c, &op);
}

/* ---- the rows ---- */

/* op: the legacy sub-op, hvmctl command and the two converters' suffix;
 * l: the legacy struct (xs_hvm_<l>); dm: the dm_op; wb: legacy Xen wrote
 * the struct back; chk: the early check. */
#define ROW(op, l, dm, wb, chk)                                                 \
    { .nr = XS_HVMOP_##op, .name = #op, .size = sizeof(struct xs_hvm_##l),      \
      .dmop = XS_DMOP_##dm, .hvmctl = XS_HVMCTL_##op, .writes_back = wb,        \
      .check = chk, .to_hvmctl = hvmctl_##op, .to_dmop = hvmop_to_dmop_##op }

static const struct hvmop_row rows[] = {
    ROW(set_pci_intx_level, set_pci_intx_level, set_pci_intx_level, false, check_pci_intx_level),
    ROW(set_isa_irq_level, set_isa_irq_level, set_isa_irq_level, false, check_isa_irq_level),
    ROW(set_pci_link_route, set_pci_link_route, set_pci_link_route, false, check_pci_link_route),
    ROW(track_dirty_vram, track_dirty_vram, track_dirty_vram, false, NULL),
    ROW(modified_memory, modified_memory, modified_memory, false, NULL),
    ROW(set_mem_type, set_mem_type, set_mem_type, false, NULL),
    ROW(inject_trap, inject_trap, inject_event, false, NULL),
    ROW(inject_msi, inject_msi, inject_msi, false, NULL),
    ROW(create_ioreq_server, create_ioreq_server, create_ioreq_server, true, NULL),
    ROW(get_ioreq_server_info, get_ioreq_server_info, get_ioreq_server_info, true, NULL),
    ROW(map_io_range_to_ioreq_server, io_range, map_io_range_to_ioreq_server, false, NULL),
    ROW(unmap_io_range_from_ioreq_server, io_range, unmap_io_range_from_ioreq_server, false, NULL),
    ROW(destroy_ioreq_server, destroy_ioreq_server, destroy_ioreq_server, false, NULL),
    ROW(set_ioreq_server_state, set_ioreq_server_state, set_ioreq_server_state, false, NULL),
};

static const struct hvmop_row *row_of(unsigned nr)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (rows[i].nr == nr)
            return &rows[i];
    return NULL;
}

/* For translate_dmop.c, which builds legacy structs for 4.5-4.8 and sends
 * the same structs to hvmctl1 through here. */
long xs_hvm_op_as_hvmctl(struct xs_hv *hv, unsigned subop, void *legacy, uint32_t opaque)
{
    const struct hvmop_row *row = row_of(subop);

    return row ? row->to_hvmctl(hv, legacy, opaque) : -ENOSYS;
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
    c.to_hvmctl = to_hvmctl;
    if (hv->copy_in(hv, &c.in, arg, row->size)) {
        rc = -EFAULT;
    } else if (!to_hvmctl && p->rel && !xs_release_has_dmop(p->rel, row->dmop)) {
        rc = -ENOSYS;    /* cannot happen with 4.9+; an unknown sub-op, as legacy Xen says */
    } else if (!row->check || !(rc = row->check(&c))) {
        rc = to_hvmctl ? hvmop_to_hvmctl(&c) : row->to_dmop(&c);
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
