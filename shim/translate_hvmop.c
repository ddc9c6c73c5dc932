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
 * written back into the caller's struct.  Every hvmctl1 payload and most
 * dm_op payloads are the legacy struct's own bytes in another place: for
 * those the row lists the byte runs (proven field by field at compile
 * time) and one converter per successor does the work; a function per op
 * remains only where dm_op means something else.
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

/* Bytes of the legacy struct that are bytes of a successor's payload. */
struct payload_run {
    uint8_t from;              /* offset in the legacy struct */
    uint8_t to;                /* offset in xs_hvmctl.u or xs_dm_op.u */
    uint8_t len;
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
    /* No function per op where the payload is the legacy struct's bytes
     * (see the layout proofs below): the runs say which.  to_dmop is for
     * the ops whose dm_op means something else. */
    struct payload_run hvmctl_runs[2];
    struct payload_run dmop_runs[2];
    long (*to_dmop)(struct hvmop_call *c);
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
_Static_assert(offsetof(struct xs_hvm_modified_memory, nr) == offsetof(struct xs_hvm_set_mem_type, nr) &&
               sizeof(((struct xs_hvm_modified_memory *)0)->nr) == sizeof(uint32_t) &&
               sizeof(((struct xs_hvm_set_mem_type *)0)->nr) == sizeof(uint32_t),
               "both continued ops keep a 32-bit nr in the same place");

/* ---- the payloads that are the legacy structs' bytes, proven ----
 *
 * hvmctl1's payload is the legacy struct without its domid, but not simply
 * shifted by two bytes: its pads sit where they keep 32- and 64-bit fields
 * aligned, so a field before the first pad moves and those after it stay.
 * Each payload is thus at most two runs of legacy bytes.  Most dm_op
 * payloads are the same bytes again (dm_op's create_ioreq_server pads
 * three bytes, not one).  As Xen's compat CHECK_FIELD_ does for the
 * structs it translates, every payload field is asserted to sit at the
 * same distance from its run's start as the legacy field, with the same
 * size, so the runs carry exactly the fields and never a legacy pad (the
 * successors require their pads zero; legacy Xen ignored its own); and
 * the payload's size is asserted to be its fields' plus its pads', so no
 * field is missed.  What no run covers is left zero: the payload's pads,
 * and dm_op get_ioreq_server_info's flags (4.9-4.10: a pad; 0 asks for
 * the gfns, which the legacy op always returned).  The legacy domid goes
 * in the hvmctl header or as the dm_op argument.  track_dirty_vram's
 * bitmap handle is a plain field to hvmctl, as it was to legacy Xen. */
#define FIELD_SIZE(t, f) sizeof(((struct t *)0)->f)
#define FIELD_END(t, f) (offsetof(struct t, f) + FIELD_SIZE(t, f))
/* Legacy bytes from field lfirst on are payload fields pfirst..plast. */
#define RUN(lt, lfirst, pt, pfirst, plast) \
    { offsetof(struct lt, lfirst), offsetof(struct pt, pfirst), \
      FIELD_END(pt, plast) - offsetof(struct pt, pfirst) }
#define CHECK_FIELD(lt, lfirst, lf, pt, pfirst, pf)                                    \
    _Static_assert(offsetof(struct lt, lf) - offsetof(struct lt, lfirst) ==             \
                   offsetof(struct pt, pf) - offsetof(struct pt, pfirst) &&             \
                   FIELD_SIZE(lt, lf) == FIELD_SIZE(pt, pf),                            \
                   #lt "." #lf " is not " #pt "." #pf)
#define CHECK_SIZE(pt, bytes) \
    _Static_assert(sizeof(struct pt) == (bytes), "fields and pads of " #pt " listed")
/* hvmctl: the same layout and field names on both sides. */
#define HRUN(l, first, last) RUN(xs_hvm_##l, first, xs_hvmctl_##l, first, last)
#define HCHECK(l, first, f) CHECK_FIELD(xs_hvm_##l, first, f, xs_hvmctl_##l, first, f)
#define HSIZE(l, f) FIELD_SIZE(xs_hvmctl_##l, f)
/* dm_op: its own struct d, field names as given. */
#define DRUN(l, d, lfirst, dfirst, dlast) RUN(xs_hvm_##l, lfirst, xs_dm_op_##d, dfirst, dlast)
#define DCHECK(l, d, lfirst, dfirst, lf, df) \
    CHECK_FIELD(xs_hvm_##l, lfirst, lf, xs_dm_op_##d, dfirst, df)
#define DSIZE(d, f) FIELD_SIZE(xs_dm_op_##d, f)

HCHECK(set_pci_intx_level, domain, bus);
HCHECK(set_pci_intx_level, domain, device);
HCHECK(set_pci_intx_level, domain, intx);
HCHECK(set_pci_intx_level, domain, level);
CHECK_SIZE(xs_hvmctl_set_pci_intx_level, HSIZE(set_pci_intx_level, domain) +
           HSIZE(set_pci_intx_level, bus) + HSIZE(set_pci_intx_level, device) +
           HSIZE(set_pci_intx_level, intx) + HSIZE(set_pci_intx_level, level));

HCHECK(set_isa_irq_level, isa_irq, level);
CHECK_SIZE(xs_hvmctl_set_isa_irq_level, HSIZE(set_isa_irq_level, isa_irq) + HSIZE(set_isa_irq_level, level));
DCHECK(set_isa_irq_level, set_isa_irq_level, isa_irq, isa_irq, level, level);
CHECK_SIZE(xs_dm_op_set_isa_irq_level, DSIZE(set_isa_irq_level, isa_irq) + DSIZE(set_isa_irq_level, level));

HCHECK(set_pci_link_route, link, isa_irq);
CHECK_SIZE(xs_hvmctl_set_pci_link_route, HSIZE(set_pci_link_route, link) + HSIZE(set_pci_link_route, isa_irq));
DCHECK(set_pci_link_route, set_pci_link_route, link, link, isa_irq, isa_irq);
CHECK_SIZE(xs_dm_op_set_pci_link_route, DSIZE(set_pci_link_route, link) + DSIZE(set_pci_link_route, isa_irq));

HCHECK(track_dirty_vram, nr, nr);
HCHECK(track_dirty_vram, first_pfn, dirty_bitmap);
CHECK_SIZE(xs_hvmctl_track_dirty_vram, HSIZE(track_dirty_vram, nr) + HSIZE(track_dirty_vram, pad) +
           HSIZE(track_dirty_vram, first_pfn) + HSIZE(track_dirty_vram, dirty_bitmap));

HCHECK(modified_memory, nr, nr);
HCHECK(modified_memory, first_pfn, first_pfn);
CHECK_SIZE(xs_hvmctl_modified_memory, HSIZE(modified_memory, nr) + HSIZE(modified_memory, pad) +
           HSIZE(modified_memory, first_pfn));

HCHECK(set_mem_type, hvmmem_type, hvmmem_type);
HCHECK(set_mem_type, nr, first_pfn);
CHECK_SIZE(xs_hvmctl_set_mem_type, HSIZE(set_mem_type, hvmmem_type) + HSIZE(set_mem_type, pad) +
           HSIZE(set_mem_type, nr) + HSIZE(set_mem_type, first_pfn));

HCHECK(inject_trap, vcpuid, vector);
HCHECK(inject_trap, vcpuid, type);
HCHECK(inject_trap, vcpuid, error_code);
HCHECK(inject_trap, vcpuid, insn_len);
HCHECK(inject_trap, cr2, cr2);
CHECK_SIZE(xs_hvmctl_inject_trap, HSIZE(inject_trap, vcpuid) + HSIZE(inject_trap, vector) +
           HSIZE(inject_trap, type) + HSIZE(inject_trap, error_code) +
           HSIZE(inject_trap, insn_len) + HSIZE(inject_trap, pad) + HSIZE(inject_trap, cr2));

HCHECK(inject_msi, data, data);
HCHECK(inject_msi, addr, addr);
CHECK_SIZE(xs_hvmctl_inject_msi, HSIZE(inject_msi, data) + HSIZE(inject_msi, pad) + HSIZE(inject_msi, addr));
DCHECK(inject_msi, inject_msi, data, data, data, data);
DCHECK(inject_msi, inject_msi, addr, addr, addr, addr);
CHECK_SIZE(xs_dm_op_inject_msi, DSIZE(inject_msi, data) + DSIZE(inject_msi, pad) + DSIZE(inject_msi, addr));

HCHECK(create_ioreq_server, handle_bufioreq, handle_bufioreq);
HCHECK(create_ioreq_server, id, id);
CHECK_SIZE(xs_hvmctl_create_ioreq_server, HSIZE(create_ioreq_server, handle_bufioreq) +
           HSIZE(create_ioreq_server, pad) + HSIZE(create_ioreq_server, id));
DCHECK(create_ioreq_server, create_ioreq_server, handle_bufioreq, handle_bufioreq,
       handle_bufioreq, handle_bufioreq);
DCHECK(create_ioreq_server, create_ioreq_server, id, id, id, id);
CHECK_SIZE(xs_dm_op_create_ioreq_server, DSIZE(create_ioreq_server, handle_bufioreq) +
           DSIZE(create_ioreq_server, pad) + DSIZE(create_ioreq_server, id));

HCHECK(get_ioreq_server_info, id, id);
HCHECK(get_ioreq_server_info, bufioreq_port, ioreq_pfn);
HCHECK(get_ioreq_server_info, bufioreq_port, bufioreq_pfn);
CHECK_SIZE(xs_hvmctl_get_ioreq_server_info, HSIZE(get_ioreq_server_info, id) +
           HSIZE(get_ioreq_server_info, pad) + HSIZE(get_ioreq_server_info, bufioreq_port) +
           HSIZE(get_ioreq_server_info, ioreq_pfn) + HSIZE(get_ioreq_server_info, bufioreq_pfn));
DCHECK(get_ioreq_server_info, get_ioreq_server_info, id, id, id, id);
DCHECK(get_ioreq_server_info, get_ioreq_server_info, bufioreq_port, bufioreq_port,
       ioreq_pfn, ioreq_gfn);
DCHECK(get_ioreq_server_info, get_ioreq_server_info, bufioreq_port, bufioreq_port,
       bufioreq_pfn, bufioreq_gfn);
CHECK_SIZE(xs_dm_op_get_ioreq_server_info, DSIZE(get_ioreq_server_info, id) +
           DSIZE(get_ioreq_server_info, flags) + DSIZE(get_ioreq_server_info, bufioreq_port) +
           DSIZE(get_ioreq_server_info, ioreq_gfn) + DSIZE(get_ioreq_server_info, bufioreq_gfn));

HCHECK(io_range, id, id);
HCHECK(io_range, type, start);
HCHECK(io_range, type, end);
CHECK_SIZE(xs_hvmctl_io_range, HSIZE(io_range, id) + HSIZE(io_range, pad) + HSIZE(io_range, type) +
           HSIZE(io_range, start) + HSIZE(io_range, end));
DCHECK(io_range, ioreq_server_range, id, id, id, id);
DCHECK(io_range, ioreq_server_range, type, type, start, start);
DCHECK(io_range, ioreq_server_range, type, type, end, end);
CHECK_SIZE(xs_dm_op_ioreq_server_range, DSIZE(ioreq_server_range, id) +
           DSIZE(ioreq_server_range, pad) + DSIZE(ioreq_server_range, type) +
           DSIZE(ioreq_server_range, start) + DSIZE(ioreq_server_range, end));

HCHECK(destroy_ioreq_server, id, id);
CHECK_SIZE(xs_hvmctl_destroy_ioreq_server, HSIZE(destroy_ioreq_server, id));
DCHECK(destroy_ioreq_server, destroy_ioreq_server, id, id, id, id);
CHECK_SIZE(xs_dm_op_destroy_ioreq_server, DSIZE(destroy_ioreq_server, id) +
           DSIZE(destroy_ioreq_server, pad));

HCHECK(set_ioreq_server_state, id, enabled);
CHECK_SIZE(xs_hvmctl_set_ioreq_server_state, HSIZE(set_ioreq_server_state, id) +
           HSIZE(set_ioreq_server_state, enabled) + HSIZE(set_ioreq_server_state, pad));
DCHECK(set_ioreq_server_state, set_ioreq_server_state, id, id, enabled, enabled);
CHECK_SIZE(xs_dm_op_set_ioreq_server_state, DSIZE(set_ioreq_server_state, id) +
           DSIZE(set_ioreq_server_state, enabled) + DSIZE(set_ioreq_server_state, pad));

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

static void runs_to_payload(void *payload, const struct payload_run *r, const void *legacy)
{
    for (size_t i = 0; i < 2; i++)
        memcpy((uint8_t *)payload + r[i].to, (const uint8_t *)legacy + r[i].from, r[i].len);
}

/* Both successors write the payload back on success (hvmctl1.md; dm_op
 * for the ops that have OUT fields), so the runs carry it back. */
static void runs_to_legacy(void *legacy, const struct payload_run *r, const void *payload)
{
    for (size_t i = 0; i < 2; i++)
        memcpy((uint8_t *)legacy + r[i].from, (const uint8_t *)payload + r[i].to, r[i].len);
}

/* The one hvmctl converter. */
static long hvmctl_of_row(struct xs_hv *hv, const struct hvmop_row *row, void *legacy,
                          uint32_t opaque)
{
    struct xs_hvmctl h;
    xs_domid_t domid;
    long rc;

    memcpy(&domid, legacy, sizeof(domid));
    memset(&h, 0, sizeof(h));
    runs_to_payload(h.u.raw, row->hvmctl_runs, legacy);
    rc = hvmctl(hv, domid, row->hvmctl, opaque, &h);
    if (rc == 0)
        runs_to_legacy(legacy, row->hvmctl_runs, h.u.raw);
    return rc;
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
        if (continued_to_end(c, c->in.mem.nr, &rc))   /* modmem.nr alike (asserted) */
            return rc;
        opaque = (uint32_t)c->start_iter;
    }
    rc = hvmctl_of_row(c->hv, c->row, &c->in, opaque);
    if (c->row->nr == XS_HVMOP_inject_trap)
        rc = unknown_vcpu(c, rc);
    if (rc == 0 && c->row->writes_back)
        rc = copy_back(c);
    return rc;
}

/* The dm_op converter of the ops whose payload is the legacy bytes. */
static long hvmop_to_dmop(struct hvmop_call *c)
{
    struct xs_dm_op op;
    long rc;

    dmop_init(c, &op);
    runs_to_payload(&op.u, c->row->dmop_runs, &c->in);
    rc = dmop1(c, &op);
    if (rc)
        return rc;
    runs_to_legacy(&c->in, c->row->dmop_runs, &op.u);
    return c->row->writes_back ? copy_back(c) : 0;
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
    struct xs_dm_op op;

    dmop_init(c, &op);
    op.u.set_pci_intx_level.domain = a->domain;   /* 8-bit PCI domain -> 16-bit segment */
    op.u.set_pci_intx_level.bus = a->bus;
    op.u.set_pci_intx_level.device = a->device;
    op.u.set_pci_intx_level.intx = a->intx;
    op.u.set_pci_intx_level.level = a->level;
    return dmop1(c, &op);
}

/* inject_trap -> inject_event.  The same event types (both are x86's
 * event types); vector, type and insn_len are 8 bits in dm_op, and no x86
 * event has larger ones, so a larger value is refused (-EINVAL) rather than
 * truncated into another event. */
static long hvmop_to_dmop_inject_trap(struct hvmop_call *c)
{
    const struct xs_hvm_inject_trap *a = &c->in.trap;
    struct xs_dm_op op;

    if (a->vector > 0xff || a->type > 0xff || a->insn_len > 0xff)
        return -EINVAL;
    dmop_init(c, &op);
    op.u.inject_event.vcpuid = a->vcpuid;
    op.u.inject_event.vector = (uint8_t)a->vector;
    op.u.inject_event.type = (uint8_t)a->type;
    op.u.inject_event.insn_len = (uint8_t)a->insn_len;
    op.u.inject_event.error_code = a->error_code;
    op.u.inject_event.cr2 = a->cr2;
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
    struct xs_dm_op op;
    uint8_t unused;

    dmop_init(c, &op);
    op.u.track_dirty_vram.nr = a->nr;
    op.u.track_dirty_vram.first_pfn = a->first_pfn;
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
 * (hvmctl keeps the legacy range and its checks: the generic path.) */
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
    dmop_init(c, &op);
    op.u.modified_memory.nr_extents = 1;
    return dmop(c, &op, (uint64_t)(uintptr_t)&ext, sizeof(ext), 2);
}

/* The continuation progress shortens the range; dm_op checks the range
 * after the domain lookup, as legacy Xen did, and the same way
 * (first > last or last beyond the highest gfn). */
static long hvmop_to_dmop_set_mem_type(struct hvmop_call *c)
{
    const struct xs_hvm_set_mem_type *a = &c->in.mem;
    struct xs_dm_op op;
    long rc;

    if (continued_to_end(c, a->nr, &rc))
        return rc;
    dmop_init(c, &op);
    op.u.set_mem_type.nr = (uint32_t)(a->nr - c->start_iter);
    op.u.set_mem_type.mem_type = a->hvmmem_type;
    op.u.set_mem_type.first_pfn = a->first_pfn + c->start_iter;
    return dmop1(c, &op);
}

/* name: the legacy sub-op and hvmctl command; l: the legacy struct and
 * hvmctl payload (xs_hvm_<l>, xs_hvmctl_<l>); then the dm_op, whether
 * legacy Xen wrote the struct back, the early check, the hvmctl runs, and
 * the dm_op runs or converter. */
#define LIST(...) __VA_ARGS__
#define NO_RUN { 0, 0, 0 }
/* The runs are parenthesised lists, as braces would not keep their commas
 * from splitting macro arguments. */
#define ROW(name, l, dmop_nr, wb, chk, hvmctl_runs, dmop_runs, to_dmop)     \
    { XS_HVMOP_##name, #name, sizeof(struct xs_hvm_##l), dmop_nr,         \
      XS_HVMCTL_##name, wb, chk, { LIST hvmctl_runs }, { LIST dmop_runs }, to_dmop }
/* dm_op by converter */
#define OWN(name, wb, chk, hvmctl_runs)                                      \
    ROW(name, name, XS_DMOP_##name, wb, chk, hvmctl_runs, (NO_RUN), hvmop_to_dmop_##name)
/* dm_op by runs */
#define BYTES(name, l, wb, chk, hvmctl_runs, dmop_runs) \
    ROW(name, l, XS_DMOP_##name, wb, chk, hvmctl_runs, dmop_runs, hvmop_to_dmop)

static const struct hvmop_row rows[] = {
    OWN(set_pci_intx_level, false, check_pci_intx_level,
        (HRUN(set_pci_intx_level, domain, level))),
    BYTES(set_isa_irq_level, set_isa_irq_level, false, check_isa_irq_level,
          (HRUN(set_isa_irq_level, isa_irq, level)),
          (DRUN(set_isa_irq_level, set_isa_irq_level, isa_irq, isa_irq, level))),
    BYTES(set_pci_link_route, set_pci_link_route, false, check_pci_link_route,
          (HRUN(set_pci_link_route, link, isa_irq)),
          (DRUN(set_pci_link_route, set_pci_link_route, link, link, isa_irq))),
    OWN(track_dirty_vram, false, NULL,
        (HRUN(track_dirty_vram, nr, nr), HRUN(track_dirty_vram, first_pfn, dirty_bitmap))),
    OWN(modified_memory, false, NULL,
        (HRUN(modified_memory, nr, nr), HRUN(modified_memory, first_pfn, first_pfn))),
    OWN(set_mem_type, false, NULL,
        (HRUN(set_mem_type, hvmmem_type, hvmmem_type), HRUN(set_mem_type, nr, first_pfn))),
    ROW(inject_trap, inject_trap, XS_DMOP_inject_event, false, NULL,
        (HRUN(inject_trap, vcpuid, insn_len), HRUN(inject_trap, cr2, cr2)),
        (NO_RUN), hvmop_to_dmop_inject_trap),
    BYTES(inject_msi, inject_msi, false, NULL,
          (HRUN(inject_msi, data, data), HRUN(inject_msi, addr, addr)),
          (DRUN(inject_msi, inject_msi, data, data, data),
               DRUN(inject_msi, inject_msi, addr, addr, addr))),
    BYTES(create_ioreq_server, create_ioreq_server, true, NULL,
          (HRUN(create_ioreq_server, handle_bufioreq, handle_bufioreq),
               HRUN(create_ioreq_server, id, id)),
          (DRUN(create_ioreq_server, create_ioreq_server, handle_bufioreq, handle_bufioreq,
                    handle_bufioreq),
               DRUN(create_ioreq_server, create_ioreq_server, id, id, id))),
    BYTES(get_ioreq_server_info, get_ioreq_server_info, true, NULL,
          (HRUN(get_ioreq_server_info, id, id),
               HRUN(get_ioreq_server_info, bufioreq_port, bufioreq_pfn)),
          (DRUN(get_ioreq_server_info, get_ioreq_server_info, id, id, id),
               DRUN(get_ioreq_server_info, get_ioreq_server_info, bufioreq_port, bufioreq_port,
                    bufioreq_gfn))),
    BYTES(map_io_range_to_ioreq_server, io_range, false, NULL,
          (HRUN(io_range, id, id), HRUN(io_range, type, end)),
          (DRUN(io_range, ioreq_server_range, id, id, id),
               DRUN(io_range, ioreq_server_range, type, type, end))),
    BYTES(unmap_io_range_from_ioreq_server, io_range, false, NULL,
          (HRUN(io_range, id, id), HRUN(io_range, type, end)),
          (DRUN(io_range, ioreq_server_range, id, id, id),
               DRUN(io_range, ioreq_server_range, type, type, end))),
    BYTES(destroy_ioreq_server, destroy_ioreq_server, false, NULL,
          (HRUN(destroy_ioreq_server, id, id)),
          (DRUN(destroy_ioreq_server, destroy_ioreq_server, id, id, id))),
    BYTES(set_ioreq_server_state, set_ioreq_server_state, false, NULL,
          (HRUN(set_ioreq_server_state, id, enabled)),
          (DRUN(set_ioreq_server_state, set_ioreq_server_state, id, id, enabled))),
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

    return row ? hvmctl_of_row(hv, row, legacy, opaque) : -ENOSYS;
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
