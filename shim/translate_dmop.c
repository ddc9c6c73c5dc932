/* dm_op (Xen 4.9+) on a hypervisor that has none: Xen 4.5-4.8, where the
 * same jobs are legacy hvm_op sub-ops, and hvmctl1, where they are hvmctl
 * commands.  A few dm_ops did their job through domctl or sched_op before
 * dm_op existed; those go there.  docs/dmop-fallback.md has the table.
 *
 * The caller is today's libxendevicemodel, so the answers are those of a
 * 4.17 x86 hypervisor: its order of checks (target domain, then buffer
 * sizes, then pads, then the op), its errnos, and what it copies back into
 * buf[0].  The hypervisor underneath checks the target domain itself, but
 * only when it is asked something; an error the shim finds on its own
 * first asks the hypervisor about the domain (target_error), so a bad
 * domid still wins as it does in Xen. */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "translate.h"
#include "xen_checks.h"

#define DMOP_HEADER offsetof(struct xs_dm_op, u)
/* track_dirty_vram: at most 1 GiB of frames. */
#define DMOP_MAX_VRAM_FRAMES (1u << (30 - 12))

_Static_assert(offsetof(struct xs_dm_op, u) == 8, "dm_op payload offset");
_Static_assert(offsetof(struct xs_dm_op, pad) == 4, "dm_op pad offset");
_Static_assert(sizeof(struct xs_dm_op_modified_memory_extent) == 16, "extent size");
_Static_assert(offsetof(struct xs_domctl_getdomaininfo_v0, max_vcpu_id) == 68,
               "max_vcpu_id is in the prefix every getdomaininfo layout shares");
_Static_assert(offsetof(struct xs_domctl_getdomaininfo_v2, max_vcpu_id) == 68,
               "max_vcpu_id is in the prefix every getdomaininfo layout shares");

struct dmop_call {
    struct xs_hv *hv;
    uint16_t domid;
    unsigned nr;
    const struct xs_ubuf *bufs;
    struct xs_dm_op op;            /* buf[0], header and payload */
};

typedef long (*dmop_fn)(struct dmop_call *c);

/* ---- talking to the old hypervisor ---------------------------------- */

static uint64_t ptr(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static long domctl(struct dmop_call *c, struct xs_domctl *d, uint32_t cmd)
{
    uint64_t a[5] = { ptr(d), 0, 0, 0, 0 };

    d->cmd = cmd;
    d->interface_version = c->hv->profile->domctl_if;
    d->domain = c->domid;
    return c->hv->hypercall(c->hv, XS_HYPERVISOR_domctl, a);
}

static bool on_hvmctl(const struct dmop_call *c)
{
    return c->hv->profile->hvmctl_if == XS_HVMCTL_INTERFACE_VERSION;
}

/* The one way out for the ops both old releases have: the caller builds
 * the legacy struct (dmop_to_hvmop_*), which 4.5-4.8 take as hvm_op and
 * hvmctl1 as its payload minus the domid, wrapped by translate_hvmop.c
 * (the layouts are proven there).  On success the struct holds what the
 * hypervisor wrote back either way.  subop is bare: 4.5-4.8 read bits
 * above XS_HVMOP_op_mask as continuation progress of modified_memory and
 * set_mem_type, so nothing may ever be set there. */
static long hvm_op(struct dmop_call *c, unsigned subop, void *arg)
{
    uint64_t a[5] = { subop & XS_HVMOP_op_mask, ptr(arg), 0, 0, 0 };

    if (on_hvmctl(c))
        return xs_hvm_op_as_hvmctl(c->hv, subop, arg, 0);
    return c->hv->hypercall(c->hv, XS_HYPERVISOR_hvm_op, a);
}

/* An empty modified_memory range: the old hypervisor looks the domain up
 * (-ESRCH, -EPERM for the caller itself, -EINVAL for a PV domain), then
 * refuses the range with -EINVAL.  Nothing changes. */
static long probe_target(struct dmop_call *c)
{
    struct xs_hvm_modified_memory a = { .domid = c->domid, .nr = 0, .first_pfn = 1 };
    return hvm_op(c, XS_HVMOP_modified_memory, &a);
}

/* err, unless the domain is wrong, which Xen reports first. */
static long target_error(struct dmop_call *c, long err)
{
    long r = probe_target(c);

    return r < 0 && r != -EINVAL ? r : err;
}

/* ---- ioreq servers -------------------------------------------------- */

/* 4.5 takes handle_bufioreq as a boolean: a mode beyond ATOMIC must be
 * refused here, and ATOMIC becomes 4.5's only buffered ring, the legacy
 * one (the device model's side of the ring protocol is compatible). */
static long check_create_ioreq_server(struct dmop_call *c)
{
    const struct xs_dm_op_create_ioreq_server *d = &c->op.u.create_ioreq_server;

    if (d->pad[0] || d->pad[1] || d->pad[2])
        return -EINVAL;
    return d->handle_bufioreq > XS_IOREQSRV_BUFIOREQ_ATOMIC ? -EINVAL : 0;
}

static long dmop_to_hvmop_create_ioreq_server(struct dmop_call *c)
{
    struct xs_dm_op_create_ioreq_server *d = &c->op.u.create_ioreq_server;
    struct xs_hvm_create_ioreq_server a = { .domid = c->domid,
                                            .handle_bufioreq = d->handle_bufioreq };
    const struct xs_release *rel = c->hv->profile->rel;
    long rc = hvm_op(c, XS_HVMOP_create_ioreq_server, &a);

    if (rc == 0)
        d->id = a.id;
    /* Not silent: the legacy ring's pointers are not rebased atomically,
     * so they wrap at 2^32 where an atomic ring never does. */
    if (rc == 0 && d->handle_bufioreq == XS_IOREQSRV_BUFIOREQ_ATOMIC && rel &&
        !(rel->flags & XS_REL_BUFIOREQ_MODE))
        xs_log(XS_LOG_INFO, "dm_op create_ioreq_server dom %u: Xen %s has no atomic "
               "buffered ioreq ring; server %u uses the legacy ring", c->domid,
               rel->name, a.id);
    return rc;
}

/* flags: only no_gfns (4.11+).  The old calls always report the gfns;
 * with no_gfns the caller's gfn fields are left as they came, as Xen
 * leaves them. */
static long check_get_ioreq_server_info(struct dmop_call *c)
{
    return c->op.u.get_ioreq_server_info.flags & ~XS_DMOP_no_gfns ? -EINVAL : 0;
}

static void set_info(struct xs_dm_op_get_ioreq_server_info *d, uint32_t port,
                     uint64_t ioreq, uint64_t bufioreq)
{
    d->bufioreq_port = port;
    if (!(d->flags & XS_DMOP_no_gfns)) {
        d->ioreq_gfn = ioreq;
        d->bufioreq_gfn = bufioreq;
    }
}

static long dmop_to_hvmop_get_ioreq_server_info(struct dmop_call *c)
{
    struct xs_dm_op_get_ioreq_server_info *d = &c->op.u.get_ioreq_server_info;
    struct xs_hvm_get_ioreq_server_info a = { .domid = c->domid, .id = d->id };
    long rc = hvm_op(c, XS_HVMOP_get_ioreq_server_info, &a);

    if (rc == 0)
        set_info(d, a.bufioreq_port, a.ioreq_pfn, a.bufioreq_pfn);
    return rc;
}

/* map and unmap share the payload layout (both union members alias it). */
static long check_io_range(struct dmop_call *c)
{
    return c->op.u.map_io_range_to_ioreq_server.pad ? -EINVAL : 0;
}

static long io_range_to_hvmop(struct dmop_call *c, unsigned subop)
{
    const struct xs_dm_op_ioreq_server_range *d = &c->op.u.map_io_range_to_ioreq_server;
    struct xs_hvm_io_range a = { .domid = c->domid, .id = d->id, .type = d->type,
                                 .start = d->start, .end = d->end };

    return hvm_op(c, subop, &a);
}

static long dmop_to_hvmop_map_io_range_to_ioreq_server(struct dmop_call *c)
{
    return io_range_to_hvmop(c, XS_HVMOP_map_io_range_to_ioreq_server);
}

static long dmop_to_hvmop_unmap_io_range_from_ioreq_server(struct dmop_call *c)
{
    return io_range_to_hvmop(c, XS_HVMOP_unmap_io_range_from_ioreq_server);
}

static long check_set_ioreq_server_state(struct dmop_call *c)
{
    return c->op.u.set_ioreq_server_state.pad ? -EINVAL : 0;
}

static long dmop_to_hvmop_set_ioreq_server_state(struct dmop_call *c)
{
    const struct xs_dm_op_set_ioreq_server_state *d = &c->op.u.set_ioreq_server_state;
    struct xs_hvm_set_ioreq_server_state a = { .domid = c->domid, .id = d->id,
                                               .enabled = !!d->enabled };

    return hvm_op(c, XS_HVMOP_set_ioreq_server_state, &a);
}

static long check_destroy_ioreq_server(struct dmop_call *c)
{
    return c->op.u.destroy_ioreq_server.pad ? -EINVAL : 0;
}

static long dmop_to_hvmop_destroy_ioreq_server(struct dmop_call *c)
{
    struct xs_hvm_destroy_ioreq_server a = { .domid = c->domid,
                                             .id = c->op.u.destroy_ioreq_server.id };

    return hvm_op(c, XS_HVMOP_destroy_ioreq_server, &a);
}

/* ---- dirty VRAM --------------------------------------------------------
 * dm_op takes the bitmap as buf[1]; the old calls take a pointer in the
 * struct.  The hypervisor writes into a bitmap of the shim's, sized for nr
 * frames, which is then copied into buf[1] (within its declared size, which
 * the check made sure holds the bitmap): the caller's buffer is written only
 * through copy_out, and only on success. */

static long check_track_dirty_vram(struct dmop_call *c)
{
    const struct xs_dm_op_track_dirty_vram *d = &c->op.u.track_dirty_vram;

    if (d->pad || c->nr < 2 || d->nr > DMOP_MAX_VRAM_FRAMES)
        return -EINVAL;
    if ((d->nr + 7ull) / 8 > c->bufs[1].size)
        return -EINVAL;
    return 0;
}

static long dmop_to_hvmop_track_dirty_vram(struct dmop_call *c)
{
    const struct xs_dm_op_track_dirty_vram *d = &c->op.u.track_dirty_vram;
    size_t size = (d->nr + 7u) / 8;
    uint8_t *bitmap = calloc(1, size ? size : 1);
    struct xs_hvm_track_dirty_vram a = { .domid = c->domid, .nr = d->nr,
                                         .first_pfn = d->first_pfn,
                                         .dirty_bitmap = ptr(bitmap) };
    long rc;

    if (!bitmap)
        return -ENOMEM;
    rc = hvm_op(c, XS_HVMOP_track_dirty_vram, &a);
    if (rc == 0 && size && c->hv->copy_out(c->hv, c->bufs[1].addr, bitmap, size))
        rc = -EFAULT;
    free(bitmap);
    return rc;
}

/* ---- interrupts --------------------------------------------------------
 * The old calls check their arguments before they look the domain up, Xen
 * 4.17 after: the shim checks them, so a bad domid still wins. */

static long check_set_pci_intx_level(struct dmop_call *c)
{
    const struct xs_dm_op_set_pci_intx_level *d = &c->op.u.set_pci_intx_level;

    /* The 16-bit segment must be 0, which also makes it fit the old 8-bit
     * "domain" field. */
    return xs_xen_pci_intx_ok(d->domain, d->bus, d->device, d->intx) &&
           xs_xen_irq_level_ok(d->level) ? 0 : -EINVAL;
}

static long dmop_to_hvmop_set_pci_intx_level(struct dmop_call *c)
{
    const struct xs_dm_op_set_pci_intx_level *d = &c->op.u.set_pci_intx_level;
    struct xs_hvm_set_pci_intx_level a = { .domid = c->domid, .domain = 0, .bus = d->bus,
                                           .device = d->device, .intx = d->intx,
                                           .level = d->level };

    return hvm_op(c, XS_HVMOP_set_pci_intx_level, &a);
}

static long check_set_isa_irq_level(struct dmop_call *c)
{
    const struct xs_dm_op_set_isa_irq_level *d = &c->op.u.set_isa_irq_level;

    return xs_xen_isa_irq_ok(d->isa_irq) && xs_xen_irq_level_ok(d->level) ? 0 : -EINVAL;
}

static long dmop_to_hvmop_set_isa_irq_level(struct dmop_call *c)
{
    const struct xs_dm_op_set_isa_irq_level *d = &c->op.u.set_isa_irq_level;
    struct xs_hvm_set_isa_irq_level a = { .domid = c->domid, .isa_irq = d->isa_irq,
                                          .level = d->level };

    return hvm_op(c, XS_HVMOP_set_isa_irq_level, &a);
}

static long check_set_pci_link_route(struct dmop_call *c)
{
    const struct xs_dm_op_set_pci_link_route *d = &c->op.u.set_pci_link_route;

    return xs_xen_pci_link_ok(d->link, d->isa_irq) ? 0 : -EINVAL;
}

static long dmop_to_hvmop_set_pci_link_route(struct dmop_call *c)
{
    const struct xs_dm_op_set_pci_link_route *d = &c->op.u.set_pci_link_route;
    struct xs_hvm_set_pci_link_route a = { .domid = c->domid, .link = d->link,
                                           .isa_irq = d->isa_irq };

    return hvm_op(c, XS_HVMOP_set_pci_link_route, &a);
}

/* inject_event -> inject_trap: vcpuid, error_code and cr2 as they are;
 * vector, type and insn_len widen from 8 to 32 bits (type numbers are the
 * same, XS_EVENT_*).  A vCPU that does not exist is -ENOENT to the old
 * call and -EINVAL to dm_op. */
static long check_inject_event(struct dmop_call *c)
{
    const struct xs_dm_op_inject_event *d = &c->op.u.inject_event;

    return d->pad0 || d->pad1 ? -EINVAL : 0;
}

static long inject_trap_result(long rc)
{
    return rc == -ENOENT ? -EINVAL : rc;
}

static long dmop_to_hvmop_inject_event(struct dmop_call *c)
{
    const struct xs_dm_op_inject_event *d = &c->op.u.inject_event;
    struct xs_hvm_inject_trap a = { .domid = c->domid, .vcpuid = d->vcpuid,
                                    .vector = d->vector, .type = d->type,
                                    .error_code = d->error_code,
                                    .insn_len = d->insn_len, .cr2 = d->cr2 };

    return inject_trap_result(hvm_op(c, XS_HVMOP_inject_trap, &a));
}

static long check_inject_msi(struct dmop_call *c)
{
    return c->op.u.inject_msi.pad ? -EINVAL : 0;
}

static long dmop_to_hvmop_inject_msi(struct dmop_call *c)
{
    struct xs_hvm_inject_msi a = { .domid = c->domid, .data = c->op.u.inject_msi.data,
                                   .addr = c->op.u.inject_msi.addr };

    return hvm_op(c, XS_HVMOP_inject_msi, &a);
}

/* ---- memory ------------------------------------------------------------ */

/* dm_op takes nr_extents extents from buf[1]; the old calls one range.
 * Xen walks the extents from the last to the first (nr_extents counts
 * down), starting opaque frames into the last one, and stops at the first
 * bad extent: the extents after it are marked, the ones before it are not.
 * The shim issues one old call per extent in that same order.  Xen writes
 * the header back only when it preempts itself (never visible through
 * privcmd, which restarts the call), so on success and on failure buf[0]
 * is left as the caller wrote it. */
static long dmop_to_hvmop_modified_memory(struct dmop_call *c)
{
    const struct xs_dm_op_modified_memory *h = &c->op.u.modified_memory;
    struct xs_hvm_modified_memory a = { .domid = c->domid };
    uint32_t left = h->nr_extents, done = h->opaque;
    bool asked = false;   /* the hypervisor has vouched for the domain */

    /* Xen before the XSA-506 fix read buf[1]'s size even when given one
     * buffer (stack rubble); since, it refuses the call with -EINVAL,
     * even with zero extents. */
    if (c->nr < 2 ||
        c->bufs[1].size / sizeof(struct xs_dm_op_modified_memory_extent) < left)
        return target_error(c, -EINVAL);
    while (left > 0) {
        struct xs_dm_op_modified_memory_extent e;
        uint64_t addr = c->bufs[1].addr + (uint64_t)(left - 1) * sizeof(e);
        long rc;

        if (c->hv->copy_in(c->hv, &e, addr, sizeof(e)))
            return asked ? -EFAULT : target_error(c, -EFAULT);
        if (e.pad || e.first_pfn + e.nr <= e.first_pfn || done >= e.nr)
            return asked ? -EINVAL : target_error(c, -EINVAL);
        a.first_pfn = e.first_pfn + done;
        a.nr = e.nr - done;
        rc = hvm_op(c, XS_HVMOP_modified_memory, &a);
        if (rc)
            return rc;
        asked = true;
        done = 0;
        left--;
    }
    return 0;
}

/* mem_type 3 was mmio_write_dm on 4.6 and is "unused" (refused) since;
 * ioreq_server (4) needs a server mapped by map_mem_type_to_ioreq_server,
 * which the old releases cannot express, so none ever is: Xen says
 * -EINVAL then too. */
static long check_set_mem_type(struct dmop_call *c)
{
    const struct xs_dm_op_set_mem_type *d = &c->op.u.set_mem_type;

    if (d->pad)
        return -EINVAL;
    if (d->mem_type != XS_HVMMEM_ram_rw && d->mem_type != XS_HVMMEM_ram_ro &&
        d->mem_type != XS_HVMMEM_mmio_dm)
        return -EINVAL;
    return 0;
}

static long dmop_to_hvmop_set_mem_type(struct dmop_call *c)
{
    const struct xs_dm_op_set_mem_type *d = &c->op.u.set_mem_type;
    struct xs_hvm_set_mem_type a = { .domid = c->domid, .hvmmem_type = d->mem_type,
                                     .nr = d->nr, .first_pfn = d->first_pfn };

    return hvm_op(c, XS_HVMOP_set_mem_type, &a);
}

/* ---- through domctl and sched_op -----------------------------------------
 * These old calls do not refuse the caller's own domain the way dm_op does
 * (-EPERM), so the target is checked first with the probe. */

static long check_pin_memory_cacheattr(struct dmop_call *c)
{
    return c->op.u.pin_memory_cacheattr.pad ? -EINVAL : 0;
}

/* XEN_DOMCTL_pin_mem_cacheattr (41) takes the same start, end and type,
 * stamped with the hypervisor's own domctl interface version. */
static long dmop_to_domctl_pin_memory_cacheattr(struct dmop_call *c)
{
    const struct xs_dm_op_pin_memory_cacheattr *d = &c->op.u.pin_memory_cacheattr;
    struct xs_domctl dc;
    long rc = probe_target(c);

    if (rc < 0 && rc != -EINVAL)
        return rc;
    memset(&dc, 0, sizeof(dc));
    dc.u.pin_mem_cacheattr.start = d->start;
    dc.u.pin_mem_cacheattr.end = d->end;
    dc.u.pin_mem_cacheattr.type = d->type;
    return domctl(c, &dc, XS_DOMCTL_pin_mem_cacheattr);
}

/* SCHEDOP_remote_shutdown takes the domid and the same reason. */
static long dmop_to_schedop_remote_shutdown(struct dmop_call *c)
{
    struct xs_sched_remote_shutdown a = { .domain_id = c->domid,
                                          .reason = c->op.u.remote_shutdown.reason };
    uint64_t arg[5] = { XS_SCHEDOP_remote_shutdown, ptr(&a), 0, 0, 0 };
    long rc = probe_target(c);

    if (rc < 0 && rc != -EINVAL)
        return rc;
    return c->hv->hypercall(c->hv, XS_HYPERVISOR_sched_op, arg);
}

/* getdomaininfo: max_vcpu_id + 1 is the domain's vCPU count.  The field
 * sits in the 96-byte prefix all layouts share.  Before 4.18 getdomaininfo
 * answers with the next domain when the asked one does not exist. */
/* dm_op's own checks on its target, which 4.17 makes before any op: the
 * domain exists (-ESRCH), is not the caller (-EPERM), and is HVM
 * (-EINVAL; the probe alone cannot tell, its empty range is -EINVAL
 * too).  dc holds the domain's getdomaininfo. */
static long hvm_target(struct dmop_call *c, struct xs_domctl *dc)
{
    long rc = probe_target(c);

    if (rc < 0 && rc != -EINVAL)
        return rc;
    memset(dc, 0, sizeof(*dc));
    rc = domctl(c, dc, XS_DOMCTL_getdomaininfo);
    if (rc)
        return rc;
    if (dc->u.getdomaininfo_v0.domain != c->domid)
        return -ESRCH;
    return dc->u.getdomaininfo_v0.flags & XS_DOMINF_hvm_guest ? 0 : -EINVAL;
}

static long dmop_to_getdomaininfo_nr_vcpus(struct dmop_call *c)
{
    struct xs_domctl dc;
    long rc = hvm_target(c, &dc);

    if (rc)
        return rc;
    c->op.u.nr_vcpus.vcpus = dc.u.getdomaininfo_v0.max_vcpu_id + 1;
    return 0;
}

/* ---- relocate_memory -------------------------------------------------
 * 4.17 makes the move inside dm_op with XENMEM_add_to_physmap's
 * gmfn_range, which the old releases offer as memory_op itself: the same
 * frame-by-frame move.  4.17's checks come first: its target checks (the
 * old memory_op would accept the caller's own domain), then pad and
 * dst_gfn ~0 (-EINVAL), then a wrapping range (-EOVERFLOW).  The old
 * struct's size is 16 bits, so more than 65535 frames go in pieces: all
 * size frames move, as dm_op.h documents (4.17 itself truncates the size
 * to 16 bits, moves size mod 65536 frames and says 0; see
 * docs/dmop-fallback.md). */
static long check_relocate_memory(struct dmop_call *c)
{
    const struct xs_dm_op_relocate_memory *d = &c->op.u.relocate_memory;

    if (d->pad || d->dst_gfn == ~(uint64_t)0)
        return -EINVAL;
    if (d->dst_gfn + d->size < d->dst_gfn || d->src_gfn + d->size < d->src_gfn)
        return -EOVERFLOW;
    return 0;
}

/* Frames moved before a failure stay moved, and the caller's struct says
 * nothing of them (4.17 writes it back only when it preempts itself). */
static long dmop_to_memop_relocate_memory(struct dmop_call *c)
{
    const struct xs_dm_op_relocate_memory *d = &c->op.u.relocate_memory;
    struct xs_domctl dc;
    uint32_t done = 0;
    long rc = hvm_target(c, &dc);

    while (rc == 0 && done < d->size) {
        uint32_t n = d->size - done > UINT16_MAX ? UINT16_MAX : d->size - done;
        struct xs_xen_add_to_physmap a = {
            .domid = c->domid, .size = (uint16_t)n, .space = XS_XENMAPSPACE_gmfn_range,
            .idx = d->src_gfn + done, .gpfn = d->dst_gfn + done,
        };
        uint64_t arg[5] = { XS_XENMEM_add_to_physmap, ptr(&a), 0, 0, 0 };

        rc = c->hv->hypercall(c->hv, XS_HYPERVISOR_memory_op, arg);
        done += n;
    }
    return rc < 0 ? rc : 0;
}

/* ---- the table ------------------------------------------------------------
 * size: the payload Xen 4.17 (x86) reads for the op; buf[0] must hold the
 * header and that much.  set_irq_level is absent from x86's table (size 0:
 * 4.17 refuses it with -EOPNOTSUPP itself).  writes_back: Xen copies the
 * payload back into buf[0] after success.  No translator at all: the old
 * release cannot express the op. */
struct dmop_row {
    uint8_t size;
    bool writes_back;
    dmop_fn check;
    dmop_fn fn;            /* 4.5-4.8 and hvmctl1 alike */
};

#define PAYLOAD(f) ((uint8_t)sizeof(((struct xs_dm_op *)0)->u.f))
#define ROW(op, wb, chk, fn) [XS_DMOP_##op] = { PAYLOAD(op), wb, chk, fn }
#define SAME(op, wb, chk) ROW(op, wb, chk, dmop_to_hvmop_##op)

static const struct dmop_row dmop_rows[XS_DMOP_MAX + 1] = {
    SAME(create_ioreq_server, true, check_create_ioreq_server),
    SAME(get_ioreq_server_info, true, check_get_ioreq_server_info),
    SAME(map_io_range_to_ioreq_server, false, check_io_range),
    SAME(unmap_io_range_from_ioreq_server, false, check_io_range),
    SAME(set_ioreq_server_state, false, check_set_ioreq_server_state),
    SAME(destroy_ioreq_server, false, check_destroy_ioreq_server),
    SAME(track_dirty_vram, false, check_track_dirty_vram),
    SAME(set_pci_intx_level, false, check_set_pci_intx_level),
    SAME(set_isa_irq_level, false, check_set_isa_irq_level),
    SAME(set_pci_link_route, false, check_set_pci_link_route),
    SAME(modified_memory, false, NULL),
    SAME(set_mem_type, true, check_set_mem_type),
    SAME(inject_event, false, check_inject_event),
    SAME(inject_msi, false, check_inject_msi),
    ROW(map_mem_type_to_ioreq_server, true, NULL, NULL),
    ROW(remote_shutdown, false, NULL, dmop_to_schedop_remote_shutdown),
    ROW(relocate_memory, false, check_relocate_memory, dmop_to_memop_relocate_memory),
    ROW(pin_memory_cacheattr, false, check_pin_memory_cacheattr,
        dmop_to_domctl_pin_memory_cacheattr),
    [XS_DMOP_set_irq_level] = { 0, false, NULL, NULL },
    ROW(nr_vcpus, true, NULL, dmop_to_getdomaininfo_nr_vcpus),
};

/* One line per refused op at error level the first time, then debug. */
static _Atomic uint32_t refused_logged;

static void log_refused(unsigned op)
{
    uint32_t bit = 1u << op;
    int level = XS_LOG_DEBUG;

    if (!(atomic_fetch_or(&refused_logged, bit) & bit))
        level = XS_LOG_ERROR;
    xs_log(level, "dm_op %s (%u): this hypervisor has no equivalent, -EOPNOTSUPP",
           xs_dmop_name(op), op);
}

static long dm_op(struct dmop_call *c)
{
    const struct dmop_row *row;
    unsigned op;
    dmop_fn fn;
    long rc;

    /* No buffers: Xen with the XSA-506 fix says -ENODATA before anything
     * else (before it, buf[0] was stack rubble).  The empty DM_OP ioctl
     * of libxendevicemodel's probe at open never gets here: the privcmd
     * driver answers it (0) without Xen, and the interposer lets it. */
    if (c->nr == 0)
        return -ENODATA;
    if (c->nr > XS_DMOP_MAX_BUFS)
        return -E2BIG;
    /* dm_op finds its target with rcu_lock_remote_domain_by_id, which does
     * not resolve DOMID_SELF; hvmctl1 would say -EPERM. */
    if (c->domid == XS_DOMID_SELF)
        return -ESRCH;

    memset(&c->op, 0, sizeof(c->op));
    if (c->bufs[0].size < DMOP_HEADER ||
        c->hv->copy_in(c->hv, &c->op, c->bufs[0].addr, DMOP_HEADER))
        return target_error(c, -EFAULT);
    op = c->op.op;
    if (op > XS_DMOP_MAX)
        return target_error(c, -EOPNOTSUPP);
    row = &dmop_rows[op];
    if (c->bufs[0].size < DMOP_HEADER + row->size ||
        c->hv->copy_in(c->hv, &c->op.u, c->bufs[0].addr + DMOP_HEADER, row->size))
        return target_error(c, -EFAULT);
    if (c->op.pad)
        return target_error(c, -EINVAL);
    if (row->check && (rc = row->check(c)))
        return target_error(c, rc);

    fn = row->fn;
    if (!fn) {
        if (xs_dmop_name(op))
            log_refused(op);
        return target_error(c, -EOPNOTSUPP);
    }
    xs_stat_translated("dm_op", xs_dmop_name(op));
    rc = fn(c);
    xs_log(XS_LOG_DEBUG, "dm_op %s dom %u: %ld", xs_dmop_name(op), c->domid, rc);
    if (rc == 0 && row->writes_back &&
        c->hv->copy_out(c->hv, c->bufs[0].addr + DMOP_HEADER, &c->op.u, row->size))
        rc = -EFAULT;
    return rc;
}

enum xs_verdict xs_translate_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr,
                                   const struct xs_ubuf *bufs, long *ret)
{
    const struct xs_profile *p = hv->profile;
    struct dmop_call c = { .hv = hv, .domid = domid, .nr = nr, .bufs = bufs };

    if (!p || p->passthrough || p->has_dmop)
        return XS_PASS;
    if (p->hvmctl_if && p->hvmctl_if != XS_HVMCTL_INTERFACE_VERSION) {
        /* Hypercall 41 is an hvmctl whose layout we do not know: a dm_op
         * must not reach it, and nothing can stand in for it. */
        xs_log(XS_LOG_ERROR, "dm_op: hvmctl interface version %u unknown, -ENOSYS",
               p->hvmctl_if);
        *ret = -ENOSYS;
        return XS_DONE;
    }
    if (!p->hvmctl_if && !p->has_legacy_hvmops)
        return XS_PASS;
    *ret = dm_op(&c);
    return XS_DONE;
}
