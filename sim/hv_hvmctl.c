/* hvmctl (hypercall 41 on the hypothetical hvmctl1 release: 4.8 with the
 * 2016 hvmctl proposal applied; see versions/hvmctl1.md).
 *
 * hvmctl(arg): arg points at one struct xs_hvmctl (136 bytes): interface
 * version, target domain, command, a continuation cursor (opaque) and a
 * 120-byte per-command union holding the legacy HVMOP struct without its
 * domid.  The guest effects and per-command errors are those of the 4.8
 * HVMOP each command replaces.
 *
 * Check order (hvmctl1.md): copy in (-EFAULT), interface_version
 * (-EACCES), header pad (-EINVAL), the domain (-EPERM for the caller or
 * DOMID_SELF, else -ESRCH), the command (-EOPNOTSUPP), opaque where it
 * means nothing (-EINVAL), payload pads (-EINVAL), then the command.
 * Commands with OUT fields copy the whole struct back on success. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim.h"
#include "xen_checks.h"

struct hvmctl_call {
    struct sim *s;
    struct sim_caller *c;
    struct hv_guest *g;
    bool write_back;
    struct xs_hvmctl op;
};

static long do_set_pci_intx_level(struct hvmctl_call *x)
{
    const struct xs_hvmctl_set_pci_intx_level *a = &x->op.u.set_pci_intx_level;

    if (!xs_xen_pci_intx_ok(a->domain, a->bus, a->device, a->intx))
        return -EINVAL;
    return hv_guest_set_pci_intx_level(x->g, a->domain, a->bus, a->device, a->intx, a->level);
}

static long do_set_isa_irq_level(struct hvmctl_call *x)
{
    const struct xs_hvmctl_set_isa_irq_level *a = &x->op.u.set_isa_irq_level;

    if (!xs_xen_isa_irq_ok(a->isa_irq))
        return -EINVAL;
    return hv_guest_set_isa_irq_level(x->g, a->isa_irq, a->level);
}

static long do_set_pci_link_route(struct hvmctl_call *x)
{
    const struct xs_hvmctl_set_pci_link_route *a = &x->op.u.set_pci_link_route;

    if (!xs_xen_pci_link_ok(a->link, a->isa_irq))
        return -EINVAL;
    return hv_guest_set_pci_link_route(x->g, a->link, a->isa_irq);
}

/* The bitmap, (nr + 7) / 8 bytes, goes to the dirty_bitmap pointer. */
static long do_track_dirty_vram(struct hvmctl_call *x)
{
    const struct xs_hvmctl_track_dirty_vram *a = &x->op.u.track_dirty_vram;
    size_t len = ((size_t)a->nr + 7) / 8;
    uint8_t *bitmap;
    int rc;

    if (a->pad)
        return -EINVAL;
    if (a->nr > HV_MAX_DIRTY_VRAM_NR)
        return -EINVAL;
    bitmap = calloc(1, len ? len : 1);
    if (!bitmap)
        return -ENOMEM;
    rc = hv_guest_track_dirty_vram(x->g, a->first_pfn, a->nr, bitmap);
    if (!rc && hv_copy_to(x->c, a->dirty_bitmap, bitmap, len))
        rc = -EFAULT;
    free(bitmap);
    return rc;
}

/* As 4.8's HVMOP the last pfn may be the guest's highest.  opaque, the
 * pages already done, must be below nr. */
static int check_pfn_range(const struct hv_guest *g, uint64_t first, uint32_t nr, uint32_t done)
{
    uint64_t last = first + nr - 1;

    if (done && done >= nr)
        return -EINVAL;
    if (last < first || last > hv_guest_max_gfn(g))
        return -EINVAL;
    return 0;
}

static long do_modified_memory(struct hvmctl_call *x)
{
    const struct xs_hvmctl_modified_memory *a = &x->op.u.modified_memory;
    uint32_t done = x->op.opaque;
    int rc;

    if (a->pad)
        return -EINVAL;
    rc = check_pfn_range(x->g, a->first_pfn, a->nr, done);
    if (rc)
        return rc;
    return hv_guest_modified_memory(x->g, a->first_pfn + done, a->nr - done);
}

/* hvmmem_type_t of 4.8: 3 is the refused placeholder, 4 ioreq_server. */
static long do_set_mem_type(struct hvmctl_call *x)
{
    const struct xs_hvmctl_set_mem_type *a = &x->op.u.set_mem_type;
    uint32_t done = x->op.opaque;
    enum hv_mem_type t;
    int rc;

    if (a->pad)
        return -EINVAL;
    rc = check_pfn_range(x->g, a->first_pfn, a->nr, done);
    if (rc)
        return rc;
    switch (a->hvmmem_type) {
    case XS_HVMMEM_ram_rw: t = HV_MEM_RAM_RW; break;
    case XS_HVMMEM_ram_ro: t = HV_MEM_RAM_RO; break;
    case XS_HVMMEM_mmio_dm: t = HV_MEM_MMIO_DM; break;
    case XS_HVMMEM_ioreq_server: t = HV_MEM_IOREQ_SERVER; break;
    default: return -EINVAL;
    }
    return hv_guest_set_mem_type_legacy(x->g, a->first_pfn + done, a->nr - done, t);
}

/* hvmctl1.md: a vCPU that does not exist is -EINVAL (the guest model's
 * answer), not the -ENOENT of 4.8's HVMOP_inject_trap. */
static long do_inject_trap(struct hvmctl_call *x)
{
    const struct xs_hvmctl_inject_trap *a = &x->op.u.inject_trap;

    if (a->pad)
        return -EINVAL;
    return hv_guest_inject_event(x->g, a->vcpuid, (uint8_t)a->vector, (uint8_t)a->type,
                                 a->error_code, (uint8_t)a->insn_len, a->cr2);
}

static long do_inject_msi(struct hvmctl_call *x)
{
    const struct xs_hvmctl_inject_msi *a = &x->op.u.inject_msi;

    if (a->pad)
        return -EINVAL;
    return hv_guest_inject_msi(x->g, a->addr, a->data);
}

static long do_create_ioreq_server(struct hvmctl_call *x)
{
    struct xs_hvmctl_create_ioreq_server *a = &x->op.u.create_ioreq_server;
    uint16_t id;
    int rc;

    if (a->pad)
        return -EINVAL;
    rc = hv_guest_ioreq_create(x->g, sim_release(x->s)->ioreq_ids, a->handle_bufioreq, &id);
    if (rc)
        return rc;
    a->id = id;
    x->write_back = true;
    return 0;
}

/* Without a buffered ring the bufioreq fields stay as the caller passed
 * them, as in 4.8 (the guest model only writes what exists). */
static long do_get_ioreq_server_info(struct hvmctl_call *x)
{
    struct xs_hvmctl_get_ioreq_server_info *a = &x->op.u.get_ioreq_server_info;
    uint64_t ioreq_gfn = a->ioreq_pfn, buf_gfn = a->bufioreq_pfn;
    uint32_t port = a->bufioreq_port;
    int rc;

    if (a->pad)
        return -EINVAL;
    rc = hv_guest_ioreq_get_info(x->g, a->id, &ioreq_gfn, &buf_gfn, &port);
    if (rc)
        return rc;
    a->ioreq_pfn = ioreq_gfn;
    a->bufioreq_pfn = buf_gfn;
    a->bufioreq_port = port;
    x->write_back = true;
    return 0;
}

static long do_map_io_range(struct hvmctl_call *x)
{
    const struct xs_hvmctl_io_range *a = &x->op.u.map_io_range;

    if (a->pad)
        return -EINVAL;
    return hv_guest_ioreq_map_range(x->g, a->id, a->type, a->start, a->end);
}

static long do_unmap_io_range(struct hvmctl_call *x)
{
    const struct xs_hvmctl_io_range *a = &x->op.u.unmap_io_range;

    if (a->pad)
        return -EINVAL;
    return hv_guest_ioreq_unmap_range(x->g, a->id, a->type, a->start, a->end);
}

static long do_destroy_ioreq_server(struct hvmctl_call *x)
{
    return hv_guest_ioreq_destroy(x->g, x->op.u.destroy_ioreq_server.id);
}

static long do_set_ioreq_server_state(struct hvmctl_call *x)
{
    const struct xs_hvmctl_set_ioreq_server_state *a = &x->op.u.set_ioreq_server_state;

    if (a->pad)
        return -EINVAL;
    return hv_guest_ioreq_set_state(x->g, a->id, a->enabled != 0);
}

struct hvmctl_row {
    const char *name;
    long (*fn)(struct hvmctl_call *x);
    bool continuable;     /* opaque is a cursor; elsewhere it must be 0 */
};

static const struct hvmctl_row hvmctl_rows[XS_HVMCTL_MAX + 1] = {
#define ROW(n) [XS_HVMCTL_##n] = { #n, do_##n, false }
    ROW(set_pci_intx_level),
    ROW(set_isa_irq_level),
    ROW(set_pci_link_route),
    ROW(track_dirty_vram),
    [XS_HVMCTL_modified_memory] = { "modified_memory", do_modified_memory, true },
    [XS_HVMCTL_set_mem_type] = { "set_mem_type", do_set_mem_type, true },
    ROW(inject_trap),
    ROW(inject_msi),
    ROW(create_ioreq_server),
    ROW(get_ioreq_server_info),
    [XS_HVMCTL_map_io_range_to_ioreq_server] = { "map_io_range_to_ioreq_server",
                                                 do_map_io_range, false },
    [XS_HVMCTL_unmap_io_range_from_ioreq_server] = { "unmap_io_range_from_ioreq_server",
                                                     do_unmap_io_range, false },
    ROW(destroy_ioreq_server),
    ROW(set_ioreq_server_state),
#undef ROW
};

long hv_hvmctl(struct sim *s, struct sim_caller *c, uint64_t arg)
{
    const struct xs_release *r = sim_release(s);
    struct hvmctl_call x = { .s = s, .c = c };
    const struct hvmctl_row *row = NULL;
    long rc;

    hv_trace_note(s, NULL, -1);
    if (hv_copy_from(c, &x.op, arg, sizeof(x.op)))
        return -EFAULT;
    if (x.op.cmd <= XS_HVMCTL_MAX && xs_release_has_hvmctl(r, x.op.cmd))
        row = &hvmctl_rows[x.op.cmd];
    hv_trace_note(s, row ? row->name : NULL, x.op.domain);
    if (x.op.interface_version != r->hvmctl_if)
        return -EACCES;
    if (x.op.pad)
        return -EINVAL;
    rc = hv_lookup_remote(s, x.op.domain, &x.g);   /* DOMID_SELF: -EPERM */
    if (rc)
        return rc;
    if (!row)
        return -EOPNOTSUPP;
    if (x.op.opaque && !row->continuable)
        return -EINVAL;

    rc = row->fn(&x);
    if (!rc && x.write_back && hv_copy_to(c, arg, &x.op, sizeof(x.op)))
        rc = -EFAULT;
    return rc;
}
