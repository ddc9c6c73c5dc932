/* dm_op (hypercall 41, 4.9+) as Xen decodes it.
 *
 * dm_op(domid, nr_bufs, bufs): bufs[0] holds struct xs_dm_op, an 8-byte
 * header (op, pad) then the op's payload; only as many payload bytes as
 * the op declares are read, and written back only by ops Xen does not
 * treat as const (it copies those back even when nothing changed).
 * bufs[1] carries modified_memory's extents and track_dirty_vram's bitmap.
 *
 * Check order, as Xen: no buffers (-ENODATA, since XSA-506), more than two
 * (-E2BIG), the domain (-ESRCH / -EPERM), bufs[0] too small for the
 * header (-EFAULT), op beyond the release's last (-EOPNOTSUPP), bufs[0]
 * too small for the payload (-EFAULT), non-zero header pad (-EINVAL), then
 * the op. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim.h"
#include "xen_checks.h"


struct dmop_call {
    struct sim *s;
    struct sim_caller *c;
    struct hv_guest *g;
    unsigned nr_bufs;
    const struct sim_dm_op_buf *bufs;
    bool write_back;      /* not a const op: copy the payload back */
    struct xs_dm_op op;
};

static long do_create_ioreq_server(struct dmop_call *x)
{
    struct xs_dm_op_create_ioreq_server *d = &x->op.u.create_ioreq_server;
    uint16_t id;
    int rc;

    x->write_back = true;
    if (d->pad[0] || d->pad[1] || d->pad[2])
        return -EINVAL;
    rc = hv_guest_ioreq_create(x->g, sim_release(x->s)->ioreq_ids, d->handle_bufioreq, &id);
    if (rc)
        return rc;
    d->id = id;
    return 0;
}

/* 4.9-4.10: the field after id is padding and must be 0.  4.11+: flags,
 * where XS_DMOP_no_gfns leaves both gfn fields as the caller passed them.
 * Without a buffered ring the bufioreq fields stay as passed too (the
 * guest model only writes what exists). */
static long do_get_ioreq_server_info(struct dmop_call *x)
{
    struct xs_dm_op_get_ioreq_server_info *d = &x->op.u.get_ioreq_server_info;
    bool has_flags = sim_release(x->s)->flags & XS_REL_IOREQ_INFO_FLAGS;
    uint64_t ioreq_gfn = d->ioreq_gfn, buf_gfn = d->bufioreq_gfn;
    uint32_t port = d->bufioreq_port;
    int rc;

    x->write_back = true;
    if (has_flags ? (d->flags & ~XS_DMOP_no_gfns) : d->flags)
        return -EINVAL;
    rc = hv_guest_ioreq_get_info(x->g, d->id, &ioreq_gfn, &buf_gfn, &port);
    if (rc)
        return rc;
    if (!(has_flags && (d->flags & XS_DMOP_no_gfns))) {
        d->ioreq_gfn = ioreq_gfn;
        d->bufioreq_gfn = buf_gfn;
    }
    d->bufioreq_port = port;
    return 0;
}

static long do_map_io_range(struct dmop_call *x)
{
    const struct xs_dm_op_ioreq_server_range *d = &x->op.u.map_io_range_to_ioreq_server;

    if (d->pad)
        return -EINVAL;
    return hv_guest_ioreq_map_range(x->g, d->id, d->type, d->start, d->end);
}

static long do_unmap_io_range(struct dmop_call *x)
{
    const struct xs_dm_op_ioreq_server_range *d = &x->op.u.unmap_io_range_from_ioreq_server;

    if (d->pad)
        return -EINVAL;
    return hv_guest_ioreq_unmap_range(x->g, d->id, d->type, d->start, d->end);
}

static long do_set_ioreq_server_state(struct dmop_call *x)
{
    const struct xs_dm_op_set_ioreq_server_state *d = &x->op.u.set_ioreq_server_state;

    if (d->pad)
        return -EINVAL;
    return hv_guest_ioreq_set_state(x->g, d->id, d->enabled != 0);
}

static long do_destroy_ioreq_server(struct dmop_call *x)
{
    const struct xs_dm_op_destroy_ioreq_server *d = &x->op.u.destroy_ioreq_server;

    if (d->pad)
        return -EINVAL;
    return hv_guest_ioreq_destroy(x->g, d->id);
}

/* The bitmap, (nr + 7) / 8 bytes, is written to the start of bufs[1],
 * which must be at least that large. */
static long do_track_dirty_vram(struct dmop_call *x)
{
    const struct xs_dm_op_track_dirty_vram *d = &x->op.u.track_dirty_vram;
    size_t len = ((size_t)d->nr + 7) / 8;
    uint8_t *bitmap;
    int rc;

    if (d->pad || x->nr_bufs < 2)
        return -EINVAL;
    if (d->nr > HV_MAX_DIRTY_VRAM_NR || len > x->bufs[1].size)
        return -EINVAL;
    bitmap = calloc(1, len ? len : 1);
    if (!bitmap)
        return -ENOMEM;
    rc = hv_guest_track_dirty_vram(x->g, d->first_pfn, d->nr, bitmap);
    if (!rc && hv_copy_to(x->c, x->bufs[1].addr, bitmap, len))
        rc = -EFAULT;
    free(bitmap);
    return rc;
}

static long do_set_pci_intx_level(struct dmop_call *x)
{
    const struct xs_dm_op_set_pci_intx_level *d = &x->op.u.set_pci_intx_level;

    if (!xs_xen_pci_intx_ok(d->domain, d->bus, d->device, d->intx))
        return -EINVAL;
    return hv_guest_set_pci_intx_level(x->g, d->domain, d->bus, d->device, d->intx, d->level);
}

static long do_set_isa_irq_level(struct dmop_call *x)
{
    const struct xs_dm_op_set_isa_irq_level *d = &x->op.u.set_isa_irq_level;

    if (!xs_xen_isa_irq_ok(d->isa_irq))
        return -EINVAL;
    return hv_guest_set_isa_irq_level(x->g, d->isa_irq, d->level);
}

static long do_set_pci_link_route(struct dmop_call *x)
{
    const struct xs_dm_op_set_pci_link_route *d = &x->op.u.set_pci_link_route;

    if (!xs_xen_pci_link_ok(d->link, d->isa_irq))
        return -EINVAL;
    return hv_guest_set_pci_link_route(x->g, d->link, d->isa_irq);
}

/* Xen walks the extents from the last to the first, 256 frames a batch;
 * opaque is its cursor into the extent being worked on (the caller
 * passes 0).  After a full batch with extents left it may be preempted:
 * the header (nr_extents left, opaque) is then copied back and the call
 * issued again, continuing from it.  An error stops the walk with the
 * later extents already marked; neither then nor at the end is the
 * header copied back (the "index + 1" that dm_op.h promises in
 * nr_extents never reaches the caller). */
#define MODIFIED_BATCH 256u

static long walk_extents(struct dmop_call *x, bool check)
{
    struct xs_dm_op_modified_memory *d = &x->op.u.modified_memory;
    struct xs_dm_op_modified_memory_extent e;
    uint32_t batch_left = MODIFIED_BATCH;
    int rc;

    if (x->bufs[1].size / sizeof(e) < d->nr_extents)
        return -EINVAL;
    while (d->nr_extents > 0) {
        uint64_t off = (uint64_t)(d->nr_extents - 1) * sizeof(e), end, n;
        uint32_t done = d->opaque;

        if (hv_copy_from(x->c, &e, x->bufs[1].addr + off, sizeof(e)))
            return -EFAULT;
        end = e.first_pfn + e.nr;
        rc = 0;
        if (e.pad || end <= e.first_pfn || end > hv_guest_max_gfn(x->g) || done >= e.nr)
            rc = -EINVAL;
        n = rc ? 0 : e.nr - done;
        if (n > batch_left) {
            n = batch_left;
            d->opaque = done + batch_left;
        } else {
            d->nr_extents--;
            d->opaque = 0;
        }
        if (!rc)
            rc = hv_guest_modified_memory_more(x->g, e.first_pfn + done, n, done > 0);
        if (rc)
            return check ? rc : 0;
        batch_left -= (uint32_t)n;
        if (batch_left == 0 && d->nr_extents > 0) {
            /* Outside log-dirty mode Xen never got here (check is false). */
            if (check && hv_preempt_check(x->s)) {
                x->write_back = true;
                return -HV_ERESTART;
            }
            batch_left = MODIFIED_BATCH;
        }
    }
    return 0;
}

/* Outside log-dirty mode Xen returns 0 at once, without looking at the
 * extents; the simulator still records the extents a log-dirty walk would
 * reach (reading them cannot change the answer), so the state shows what
 * the DM reported whether or not this release's VRAM tracking turned
 * log-dirty on (4.14+ does not: XS_REL_VRAM_NO_LOG_DIRTY). */
static long do_modified_memory(struct dmop_call *x)
{
    /* XSA-506: before the fix Xen read a stale bufs[1] when given one. */
    if (x->nr_bufs != 2)
        return -EINVAL;
    if (!x->g->log_dirty) {
        walk_extents(x, false);
        return 0;
    }
    return walk_extents(x, true);
}

/* hvmmem_type_t of 4.8+, where 3 is the refused placeholder. */
static int dmop_mem_type(uint16_t t, enum hv_mem_type *out)
{
    switch (t) {
    case XS_HVMMEM_ram_rw: *out = HV_MEM_RAM_RW; return 0;
    case XS_HVMMEM_ram_ro: *out = HV_MEM_RAM_RO; return 0;
    case XS_HVMMEM_mmio_dm: *out = HV_MEM_MMIO_DM; return 0;
    case XS_HVMMEM_ioreq_server: *out = HV_MEM_IOREQ_SERVER; return 0;
    }
    return -EINVAL;
}

/* Xen may be preempted after every 256th frame with frames left: the
 * payload, advanced past the frames done, is copied back (as it always
 * is) and the call issued again. */
static long do_set_mem_type(struct dmop_call *x)
{
    struct xs_dm_op_set_mem_type *d = &x->op.u.set_mem_type;
    uint64_t last = d->first_pfn + d->nr - 1;
    enum hv_mem_type t;
    int rc;

    x->write_back = true;
    if (d->pad)
        return -EINVAL;
    if (d->first_pfn > last || last > hv_guest_max_gfn(x->g))
        return -EINVAL;
    if (dmop_mem_type(d->mem_type, &t))
        return -EINVAL;
    /* Only once an ioreq server has claimed the type. */
    if (t == HV_MEM_IOREQ_SERVER && !hv_guest_ioreq_mem_type_claimed(x->g))
        return -EINVAL;
    for (uint32_t iter = 0; iter < d->nr;) {
        uint32_t n = d->nr - iter < 256 ? d->nr - iter : 256;

        if ((rc = hv_guest_set_mem_type(x->g, d->first_pfn + iter, n, t)))
            return rc;
        iter += n;
        if (iter < d->nr && hv_preempt_check(x->s)) {
            d->first_pfn += iter;
            d->nr -= iter;
            return -HV_ERESTART;
        }
    }
    return 0;
}

static long do_inject_event(struct dmop_call *x)
{
    const struct xs_dm_op_inject_event *d = &x->op.u.inject_event;

    if (d->pad0 || d->pad1)
        return -EINVAL;
    return hv_guest_inject_event(x->g, d->vcpuid, d->vector, d->type, d->error_code,
                                 d->insn_len, d->cr2);
}

static long do_inject_msi(struct dmop_call *x)
{
    const struct xs_dm_op_inject_msi *d = &x->op.u.inject_msi;

    if (d->pad)
        return -EINVAL;
    return hv_guest_inject_msi(x->g, d->addr, d->data);
}

/* opaque is Xen's cursor for turning claimed pages back into ram_rw after
 * an unmap (flags 0); a call with opaque != 0 is such a continuation and
 * does not (re)map.  The simulator never preempts: it resets every page
 * from the cursor on in one call. */
static long do_map_mem_type_to_ioreq_server(struct dmop_call *x)
{
    const struct xs_dm_op_map_mem_type_to_ioreq_server *d =
        &x->op.u.map_mem_type_to_ioreq_server;
    long rc = 0;

    x->write_back = true;
    if (!d->opaque) {
        if (d->type != XS_HVMMEM_ioreq_server)
            return -EINVAL;
        if (d->flags & ~XS_DMOP_IOREQ_MEM_ACCESS_WRITE)
            return -EINVAL;
        rc = hv_guest_ioreq_map_mem_type(x->g, d->id, HV_MEM_IOREQ_SERVER, d->flags);
    }
    if (rc || d->flags)
        return rc;
    for (uint64_t pfn = d->opaque; pfn <= hv_guest_max_gfn(x->g); pfn++) {
        if (x->g->mem_type[pfn] != HV_MEM_IOREQ_SERVER)
            continue;
        rc = hv_guest_set_mem_type(x->g, pfn, 1, HV_MEM_RAM_RW);
        if (rc)
            return rc;
    }
    return 0;
}

static long do_remote_shutdown(struct dmop_call *x)
{
    return hv_guest_shutdown(x->g, x->op.u.remote_shutdown.reason);
}

/* XENMEM_add_to_physmap's gmfn_range: the pages at src move to dst.  4.17
 * added the up-front checks; the guest model checks the source is RAM
 * (where Xen would stop at the first frame without a page, the earlier
 * ones moved) and records the move.  Without an IOMMU Xen does not
 * preempt this loop, so nothing is copied back. */
static long do_relocate_memory(struct dmop_call *x)
{
    const struct xs_dm_op_relocate_memory *d = &x->op.u.relocate_memory;
    const struct xs_release *r = sim_release(x->s);

    if (d->pad)
        return -EINVAL;
    if (r->flags & XS_REL_RELOCATE_CHECKS) {
        if (d->dst_gfn == ~(uint64_t)0)
            return -EINVAL;
        if (d->dst_gfn + d->size < d->dst_gfn || d->src_gfn + d->size < d->src_gfn)
            return -EOVERFLOW;
    }
    return hv_guest_relocate_memory(x->g, d->src_gfn, d->dst_gfn, d->size);
}

static long do_pin_memory_cacheattr(struct dmop_call *x)
{
    const struct xs_dm_op_pin_memory_cacheattr *d = &x->op.u.pin_memory_cacheattr;

    if (d->pad)
        return -EINVAL;
    return hv_guest_pin_mem_cacheattr(x->g, d->start, d->end, d->type);
}

static long do_nr_vcpus(struct dmop_call *x)
{
    x->write_back = true;
    x->op.u.nr_vcpus.vcpus = x->g->vcpus;
    return 0;
}

struct dmop_row {
    const char *name;
    size_t size;                    /* payload bytes after the header */
    long (*fn)(struct dmop_call *x);
};

/* Indexed by op.  set_irq_level (19) is Arm only: x86 Xen has no payload
 * size for it and answers -EOPNOTSUPP, as for a hole in the table. */
static const struct dmop_row dmop_rows[XS_DMOP_MAX + 1] = {
#define ROW(n, f) [XS_DMOP_##n] = { #n, sizeof(struct xs_dm_op_##f), do_##n }
    ROW(create_ioreq_server, create_ioreq_server),
    ROW(get_ioreq_server_info, get_ioreq_server_info),
    [XS_DMOP_map_io_range_to_ioreq_server] = { "map_io_range_to_ioreq_server",
        sizeof(struct xs_dm_op_ioreq_server_range), do_map_io_range },
    [XS_DMOP_unmap_io_range_from_ioreq_server] = { "unmap_io_range_from_ioreq_server",
        sizeof(struct xs_dm_op_ioreq_server_range), do_unmap_io_range },
    ROW(set_ioreq_server_state, set_ioreq_server_state),
    ROW(destroy_ioreq_server, destroy_ioreq_server),
    ROW(track_dirty_vram, track_dirty_vram),
    ROW(set_pci_intx_level, set_pci_intx_level),
    ROW(set_isa_irq_level, set_isa_irq_level),
    ROW(set_pci_link_route, set_pci_link_route),
    ROW(modified_memory, modified_memory),
    ROW(set_mem_type, set_mem_type),
    ROW(inject_event, inject_event),
    ROW(inject_msi, inject_msi),
    ROW(map_mem_type_to_ioreq_server, map_mem_type_to_ioreq_server),
    ROW(remote_shutdown, remote_shutdown),
    ROW(relocate_memory, relocate_memory),
    ROW(pin_memory_cacheattr, pin_memory_cacheattr),
    [XS_DMOP_set_irq_level] = { "set_irq_level", 0, NULL },
    ROW(nr_vcpus, nr_vcpus),
#undef ROW
};

long hv_dm_op(struct sim *s, struct sim_caller *c, uint16_t domid, unsigned nr,
              const struct sim_dm_op_buf *bufs)
{
    const struct xs_release *r = sim_release(s);
    const size_t hdr = offsetof(struct xs_dm_op, u);
    struct dmop_call x = { .s = s, .c = c, .nr_bufs = nr, .bufs = bufs };
    const struct dmop_row *row;
    long rc;

    hv_trace_note(s, NULL, domid);
    if (nr == 0)
        return -ENODATA;
    if (nr > XS_DMOP_MAX_BUFS)
        return -E2BIG;
    /* rcu_lock_remote_domain_by_id does not resolve DOMID_SELF. */
    rc = domid == HV_DOMID_SELF ? -ESRCH : hv_lookup_remote(s, domid, &x.g);
    if (rc)
        return rc;

    if (bufs[0].size < hdr || hv_copy_from(c, &x.op, bufs[0].addr, hdr))
        return -EFAULT;
    if (x.op.op > r->dmop_max || (x.op.op && !xs_release_has_dmop(r, x.op.op)))
        return -EOPNOTSUPP;
    row = &dmop_rows[x.op.op];
    hv_trace_note(s, row->name, domid);
    if (bufs[0].size < hdr + row->size ||
        hv_copy_from(c, &x.op.u, bufs[0].addr + hdr, row->size))
        return -EFAULT;
    if (x.op.pad)
        return -EINVAL;
    if (!row->fn)
        return -EOPNOTSUPP;

    rc = row->fn(&x);
    if ((!rc || rc == -HV_ERESTART) && x.write_back &&
        hv_copy_to(c, bufs[0].addr + hdr, &x.op.u, row->size))
        rc = -EFAULT;
    return rc;
}
