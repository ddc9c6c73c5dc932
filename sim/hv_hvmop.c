/* hvm_op (hypercall 34) as Xen 4.5-4.20 decode it.
 *
 * hvm_op(op, arg): op names the sub-op, arg points at the sub-op's struct,
 * whose first field is the target domid.  The device-model sub-ops exist
 * only up to 4.8 (the release table says which); later releases answer
 * -ENOSYS for them like any unknown sub-op.  set_param, get_param,
 * flush_tlbs and get_mem_type are kept in every release.
 *
 * Order of checks follows Xen: the whole struct is copied in first
 * (-EFAULT), then a few sub-ops validate their arguments, then the domain
 * is looked up, then the guest is changed.  The struct is copied back only
 * by the sub-ops that have OUT fields, and only on success. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim.h"
#include "xen_checks.h"

struct hvmop_call {
    struct sim *s;
    struct sim_caller *c;
    uint64_t arg;
    /* Progress of modified_memory and set_mem_type: 4.5-4.8 keep the
     * number of frames done in the bits of op above XS_HVMOP_op_mask (so
     * always a multiple of 256). */
    uint64_t start_iter;
    union xs_hvmop_args u;
};

/* hvmmem_type_t as set_mem_type accepts it (the release row says which:
 * 4.5 knows 0-2; 4.6 adds mmio_write_dm (3); 4.7 turns 3 into "unused";
 * 4.8 adds ioreq_server (4)).  3 and 4 both name the type an ioreq
 * server claims. */
static int hvmmem_to_hv(const struct xs_release *r, unsigned t, enum hv_mem_type *out)
{
    static const enum hv_mem_type types[] = {
        [XS_HVMMEM_ram_rw] = HV_MEM_RAM_RW, [XS_HVMMEM_ram_ro] = HV_MEM_RAM_RO,
        [XS_HVMMEM_mmio_dm] = HV_MEM_MMIO_DM, [XS_HVMMEM_mmio_write_dm] = HV_MEM_IOREQ_SERVER,
        [XS_HVMMEM_ioreq_server] = HV_MEM_IOREQ_SERVER,
    };

    if (t >= sizeof(types) / sizeof(types[0]) || !(r->hvmmem_types >> t & 1))
        return -EINVAL;
    *out = types[t];
    return 0;
}

/* What get_mem_type calls a claimed page: the release's own name for the
 * type, mmio_dm where it has none (4.5, 4.7). */
static uint16_t hv_to_hvmmem(const struct xs_release *r, enum hv_mem_type t)
{
    switch (t) {
    case HV_MEM_RAM_RW: return XS_HVMMEM_ram_rw;
    case HV_MEM_RAM_RO: return XS_HVMMEM_ram_ro;
    case HV_MEM_IOREQ_SERVER:
        if (r->hvmmem_types >> XS_HVMMEM_ioreq_server & 1)
            return XS_HVMMEM_ioreq_server;
        if (r->hvmmem_types >> XS_HVMMEM_mmio_write_dm & 1)
            return XS_HVMMEM_mmio_write_dm;
        return XS_HVMMEM_mmio_dm;
    default:
        return XS_HVMMEM_mmio_dm;
    }
}

/* 4.5 took handle_bufioreq as a boolean (any non-zero: the legacy ring);
 * 4.6 made it a mode and refuses values above ATOMIC. */
static uint8_t bufioreq_mode(const struct xs_release *r, uint8_t v)
{
    if (!(r->flags & XS_REL_BUFIOREQ_MODE))
        return v ? HV_BUFIOREQ_LEGACY : HV_BUFIOREQ_OFF;
    return v;
}

/* rcu_lock_remote_domain_by_id: DOMID_SELF is not resolved there, so it
 * names no domain (-ESRCH); the caller's own id is -EPERM. */
static int lookup_remote(struct sim *s, uint16_t domid, struct hv_guest **g)
{
    if (domid == HV_DOMID_SELF)
        return -ESRCH;
    return hv_lookup_remote(s, domid, g);
}

static long copy_back(struct hvmop_call *x, size_t len)
{
    return hv_copy_to(x->c, x->arg, &x->u, len) ? -EFAULT : 0;
}

static long do_set_param(struct hvmop_call *x)
{
    struct hv_guest *g;
    int rc;

    if (x->u.param.index >= sim_release(x->s)->hvm_nr_params)
        return -EINVAL;
    rc = hv_lookup_any(x->s, x->u.param.domid, &g);
    if (rc)
        return rc;
    if (!g)
        return -EINVAL;   /* dom0 is PV */
    return hv_guest_set_param(g, x->u.param.index, x->u.param.value);
}

static long do_get_param(struct hvmop_call *x)
{
    struct hv_guest *g;
    uint64_t v;
    int rc;

    if (x->u.param.index >= sim_release(x->s)->hvm_nr_params)
        return -EINVAL;
    rc = hv_lookup_any(x->s, x->u.param.domid, &g);
    if (rc)
        return rc;
    if (!g)
        return -EINVAL;
    rc = hv_guest_get_param(g, x->u.param.index, &v);
    if (rc)
        return rc;
    x->u.param.value = v;
    return copy_back(x, sizeof(x->u.param));
}

static long do_set_pci_intx_level(struct hvmop_call *x)
{
    const struct xs_hvm_set_pci_intx_level *a = &x->u.intx;
    struct hv_guest *g;
    int rc;

    if (!xs_xen_pci_intx_ok(a->domain, a->bus, a->device, a->intx))
        return -EINVAL;
    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    return hv_guest_set_pci_intx_level(g, a->domain, a->bus, a->device, a->intx, a->level);
}

static long do_set_isa_irq_level(struct hvmop_call *x)
{
    struct hv_guest *g;
    int rc;

    if (!xs_xen_isa_irq_ok(x->u.isa.isa_irq))
        return -EINVAL;
    rc = lookup_remote(x->s, x->u.isa.domid, &g);
    if (rc)
        return rc;
    return hv_guest_set_isa_irq_level(g, x->u.isa.isa_irq, x->u.isa.level);
}

static long do_set_pci_link_route(struct hvmop_call *x)
{
    struct hv_guest *g;
    int rc;

    if (!xs_xen_pci_link_ok(x->u.link.link, x->u.link.isa_irq))
        return -EINVAL;
    rc = lookup_remote(x->s, x->u.link.domid, &g);
    if (rc)
        return rc;
    return hv_guest_set_pci_link_route(g, x->u.link.link, x->u.link.isa_irq);
}

/* The bitmap goes to the caller's dirty_bitmap pointer, (nr+7)/8 bytes. */
static long track_dirty_vram_to(struct hv_guest *g, struct sim_caller *c, uint64_t first_pfn,
                                uint32_t nr, uint64_t bitmap_addr)
{
    size_t len = ((size_t)nr + 7) / 8;
    uint8_t *bitmap;
    int rc;

    if (nr > HV_MAX_DIRTY_VRAM_NR)
        return -EINVAL;
    bitmap = calloc(1, len ? len : 1);
    if (!bitmap)
        return -ENOMEM;
    rc = hv_guest_track_dirty_vram(g, first_pfn, nr, bitmap);
    if (!rc && hv_copy_to(c, bitmap_addr, bitmap, len))
        rc = -EFAULT;
    free(bitmap);
    return rc;
}

static long do_track_dirty_vram(struct hvmop_call *x)
{
    const struct xs_hvm_track_dirty_vram *a = &x->u.vram;
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    return track_dirty_vram_to(g, x->c, a->first_pfn, a->nr, a->dirty_bitmap);
}

/* The range checks of modified_memory and set_mem_type: the last pfn may
 * be the guest's highest, and progress may not exceed nr. */
static int check_pfn_range(const struct hv_guest *g, uint64_t first, uint32_t nr, uint64_t start)
{
    uint64_t last = first + nr - 1;

    if (nr < start || last < first || last > hv_guest_max_gfn(g))
        return -EINVAL;
    return 0;
}

/* modified_memory and set_mem_type go frame by frame from start_iter,
 * and Xen may be preempted after every 256th frame with frames left: the
 * continuation carries the progress in op's upper bits. */
static long walk_frames(struct hvmop_call *x, struct hv_guest *g, unsigned op, uint64_t first,
                        uint32_t nr, bool preemptible, enum hv_mem_type t)
{
    for (uint64_t it = x->start_iter; nr > it;) {
        uint64_t next = (it | XS_HVMOP_op_mask) + 1;
        int rc;

        if (next > nr)
            next = nr;
        rc = op == XS_HVMOP_modified_memory
             ? hv_guest_modified_memory_more(g, first + it, next - it, it > 0)
             : hv_guest_set_mem_type_legacy(g, first + it, next - it, t);
        if (rc)
            return rc;
        it = next;
        if (nr > it && preemptible && hv_preempt_check(x->s)) {
            hv_continue_with(x->s, op | it);
            return -HV_ERESTART;
        }
    }
    return 0;
}

static long do_modified_memory(struct hvmop_call *x)
{
    const struct xs_hvm_modified_memory *a = &x->u.modmem;
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    rc = check_pfn_range(g, a->first_pfn, a->nr, x->start_iter);
    if (rc || a->nr == x->start_iter)
        return rc;
    /* Outside log-dirty mode Xen returns before its preemptible loop. */
    return walk_frames(x, g, XS_HVMOP_modified_memory, a->first_pfn, a->nr, g->log_dirty, 0);
}

static long do_set_mem_type(struct hvmop_call *x)
{
    const struct xs_hvm_set_mem_type *a = &x->u.set_mem;
    enum hv_mem_type t;
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    rc = check_pfn_range(g, a->first_pfn, a->nr, x->start_iter);
    if (rc)
        return rc;
    rc = hvmmem_to_hv(sim_release(x->s), a->hvmmem_type, &t);
    if (rc || a->nr == x->start_iter)
        return rc;
    return walk_frames(x, g, XS_HVMOP_set_mem_type, a->first_pfn, a->nr, true, t);
}

static long do_inject_trap(struct hvmop_call *x)
{
    const struct xs_hvm_inject_trap *a = &x->u.trap;
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    if (!hv_guest_has_vcpu(g, a->vcpuid))
        return -ENOENT;
    return hv_guest_inject_event(g, a->vcpuid, (uint8_t)a->vector, (uint8_t)a->type,
                                 a->error_code, (uint8_t)a->insn_len, a->cr2);
}

/* A pfn beyond the guest's memory is a hole, which Xen reports as
 * mmio_dm. */
static long do_get_mem_type(struct hvmop_call *x)
{
    struct xs_hvm_get_mem_type *a = &x->u.get_mem;
    enum hv_mem_type t = HV_MEM_MMIO_DM;
    struct hv_guest *g;
    int rc;

    rc = hv_lookup_any(x->s, a->domid, &g);
    if (rc)
        return rc;
    if (!g)
        return -EINVAL;
    if (a->pfn <= hv_guest_max_gfn(g)) {
        rc = hv_guest_get_mem_type(g, a->pfn, &t);
        if (rc)
            return rc;
    }
    a->mem_type = hv_to_hvmmem(sim_release(x->s), t);
    return copy_back(x, sizeof(*a));
}

static long do_inject_msi(struct hvmop_call *x)
{
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, x->u.msi.domid, &g);
    if (rc)
        return rc;
    return hv_guest_inject_msi(g, x->u.msi.addr, x->u.msi.data);
}

static long do_create_ioreq_server(struct hvmop_call *x)
{
    const struct xs_release *r = sim_release(x->s);
    struct xs_hvm_create_ioreq_server *a = &x->u.create;
    struct hv_guest *g;
    uint16_t id;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    rc = hv_guest_ioreq_create(g, r->ioreq_ids, bufioreq_mode(r, a->handle_bufioreq), &id);
    if (rc)
        return rc;
    a->id = id;
    return copy_back(x, sizeof(*a));
}

/* Without a buffered ring Xen leaves bufioreq_pfn and bufioreq_port as the
 * caller passed them (the guest model only writes what exists). */
static long do_get_ioreq_server_info(struct hvmop_call *x)
{
    struct xs_hvm_get_ioreq_server_info *a = &x->u.info;
    uint64_t ioreq_gfn = a->ioreq_pfn, buf_gfn = a->bufioreq_pfn;
    uint32_t port = a->bufioreq_port;
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    rc = hv_guest_ioreq_get_info(g, a->id, &ioreq_gfn, &buf_gfn, &port);
    if (rc)
        return rc;
    a->ioreq_pfn = ioreq_gfn;
    a->bufioreq_pfn = buf_gfn;
    a->bufioreq_port = port;
    return copy_back(x, sizeof(*a));
}

/* Map and unmap take the same argument and differ only in the guest call. */
static long io_range(struct hvmop_call *x,
                     int (*fn)(struct hv_guest *, uint16_t, uint32_t, uint64_t, uint64_t))
{
    const struct xs_hvm_io_range *a = &x->u.range;
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, a->domid, &g);
    if (rc)
        return rc;
    return fn(g, a->id, a->type, a->start, a->end);
}

static long do_map_io_range(struct hvmop_call *x)
{
    return io_range(x, hv_guest_ioreq_map_range);
}

static long do_unmap_io_range(struct hvmop_call *x)
{
    return io_range(x, hv_guest_ioreq_unmap_range);
}

static long do_destroy_ioreq_server(struct hvmop_call *x)
{
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, x->u.destroy.domid, &g);
    if (rc)
        return rc;
    return hv_guest_ioreq_destroy(g, x->u.destroy.id);
}

static long do_set_ioreq_server_state(struct hvmop_call *x)
{
    struct hv_guest *g;
    int rc;

    rc = lookup_remote(x->s, x->u.state.domid, &g);
    if (rc)
        return rc;
    return hv_guest_ioreq_set_state(g, x->u.state.id, x->u.state.enabled != 0);
}

struct hvmop_row {
    unsigned nr;
    const char *name;
    size_t size;          /* bytes copied in from arg */
    bool dm;              /* a device-model sub-op: only where the release has it */
    bool continuable;     /* keeps progress in op's high bits (4.5-4.8) */
    long (*fn)(struct hvmop_call *x);
};

static const struct hvmop_row hvmop_rows[] = {
    { XS_HVMOP_set_param, "set_param", sizeof(struct xs_hvm_param), false, false, do_set_param },
    { XS_HVMOP_get_param, "get_param", sizeof(struct xs_hvm_param), false, false, do_get_param },
    { XS_HVMOP_set_pci_intx_level, "set_pci_intx_level",
      sizeof(struct xs_hvm_set_pci_intx_level), true, false, do_set_pci_intx_level },
    { XS_HVMOP_set_isa_irq_level, "set_isa_irq_level",
      sizeof(struct xs_hvm_set_isa_irq_level), true, false, do_set_isa_irq_level },
    { XS_HVMOP_set_pci_link_route, "set_pci_link_route",
      sizeof(struct xs_hvm_set_pci_link_route), true, false, do_set_pci_link_route },
    { XS_HVMOP_track_dirty_vram, "track_dirty_vram",
      sizeof(struct xs_hvm_track_dirty_vram), true, false, do_track_dirty_vram },
    { XS_HVMOP_modified_memory, "modified_memory",
      sizeof(struct xs_hvm_modified_memory), true, true, do_modified_memory },
    { XS_HVMOP_set_mem_type, "set_mem_type",
      sizeof(struct xs_hvm_set_mem_type), true, true, do_set_mem_type },
    { XS_HVMOP_inject_trap, "inject_trap",
      sizeof(struct xs_hvm_inject_trap), true, false, do_inject_trap },
    { XS_HVMOP_get_mem_type, "get_mem_type",
      sizeof(struct xs_hvm_get_mem_type), false, false, do_get_mem_type },
    { XS_HVMOP_inject_msi, "inject_msi",
      sizeof(struct xs_hvm_inject_msi), true, false, do_inject_msi },
    { XS_HVMOP_create_ioreq_server, "create_ioreq_server",
      sizeof(struct xs_hvm_create_ioreq_server), true, false, do_create_ioreq_server },
    { XS_HVMOP_get_ioreq_server_info, "get_ioreq_server_info",
      sizeof(struct xs_hvm_get_ioreq_server_info), true, false, do_get_ioreq_server_info },
    { XS_HVMOP_map_io_range_to_ioreq_server, "map_io_range_to_ioreq_server",
      sizeof(struct xs_hvm_io_range), true, false, do_map_io_range },
    { XS_HVMOP_unmap_io_range_from_ioreq_server, "unmap_io_range_from_ioreq_server",
      sizeof(struct xs_hvm_io_range), true, false, do_unmap_io_range },
    { XS_HVMOP_destroy_ioreq_server, "destroy_ioreq_server",
      sizeof(struct xs_hvm_destroy_ioreq_server), true, false, do_destroy_ioreq_server },
    { XS_HVMOP_set_ioreq_server_state, "set_ioreq_server_state",
      sizeof(struct xs_hvm_set_ioreq_server_state), true, false, do_set_ioreq_server_state },
};

static const struct hvmop_row *find_row(const struct xs_release *r, uint64_t nr)
{
    for (size_t i = 0; i < sizeof(hvmop_rows) / sizeof(hvmop_rows[0]); i++) {
        const struct hvmop_row *row = &hvmop_rows[i];

        if (row->nr != nr)
            continue;
        if (row->dm && !xs_release_has_hvmop(r, row->nr))
            return NULL;
        return row;
    }
    return NULL;
}

long hv_hvm_op(struct sim *s, struct sim_caller *c, uint64_t op, uint64_t arg)
{
    const struct xs_release *r = sim_release(s);
    const struct hvmop_row *row;
    struct hvmop_call x = { .s = s, .c = c, .arg = arg };

    /* Only the two continuable sub-ops look below the mask; for every
     * other one the whole op must match, so stray high bits are an
     * unknown sub-op. */
    row = find_row(r, op & XS_HVMOP_op_mask);
    if (row && row->continuable && (r->flags & XS_REL_HVMOP_CONT_IN_OP))
        x.start_iter = op & ~(uint64_t)XS_HVMOP_op_mask;
    else if (op > XS_HVMOP_op_mask)
        row = NULL;

    if (op == XS_HVMOP_flush_tlbs) {
        hv_trace_note(s, "flush_tlbs", -1);
        /* It takes no argument (4.5-4.7 called one an unknown op, 4.8+
         * invalid) and flushes the caller's own domain: dom0 is not HVM. */
        if (arg)
            return r->flags & XS_REL_FLUSH_TLBS_ARG_EINVAL ? -EINVAL : -ENOSYS;
        return -EINVAL;
    }
    if (!row) {
        hv_trace_note(s, NULL, -1);
        return -ENOSYS;
    }
    if (hv_copy_from(c, &x.u, arg, row->size)) {
        hv_trace_note(s, row->name, -1);
        return -EFAULT;
    }
    /* Every legacy struct starts with the target domid. */
    hv_trace_note(s, row->name, x.u.param.domid);
    return row->fn(&x);
}
