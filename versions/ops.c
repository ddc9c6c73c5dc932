/* The op families a device model uses: number and name.  Which release
 * has which op is answered from the release row alone (HVMOP bitmask,
 * highest DMOP, hvmctl version).  Struct layouts per release: layouts.c. */
#include <string.h>

#include "versions.h"
#include "abi.h"

#define OP(fam, name) { XS_##fam##_##name, #name }

const struct xs_op_info xs_hvmops[] = {
    OP(HVMOP, set_param),
    OP(HVMOP, get_param),
    OP(HVMOP, set_pci_intx_level),
    OP(HVMOP, set_isa_irq_level),
    OP(HVMOP, set_pci_link_route),
    OP(HVMOP, flush_tlbs),
    OP(HVMOP, track_dirty_vram),
    OP(HVMOP, modified_memory),
    OP(HVMOP, set_mem_type),
    OP(HVMOP, inject_trap),
    OP(HVMOP, get_mem_type),
    OP(HVMOP, inject_msi),
    OP(HVMOP, create_ioreq_server),
    OP(HVMOP, get_ioreq_server_info),
    OP(HVMOP, map_io_range_to_ioreq_server),
    OP(HVMOP, unmap_io_range_from_ioreq_server),
    OP(HVMOP, destroy_ioreq_server),
    OP(HVMOP, set_ioreq_server_state),
};
const size_t xs_nr_hvmops = sizeof xs_hvmops / sizeof xs_hvmops[0];

const struct xs_op_info xs_dmops[] = {
    OP(DMOP, create_ioreq_server),
    OP(DMOP, get_ioreq_server_info),
    OP(DMOP, map_io_range_to_ioreq_server),
    OP(DMOP, unmap_io_range_from_ioreq_server),
    OP(DMOP, set_ioreq_server_state),
    OP(DMOP, destroy_ioreq_server),
    OP(DMOP, track_dirty_vram),
    OP(DMOP, set_pci_intx_level),
    OP(DMOP, set_isa_irq_level),
    OP(DMOP, set_pci_link_route),
    OP(DMOP, modified_memory),
    OP(DMOP, set_mem_type),
    OP(DMOP, inject_event),
    OP(DMOP, inject_msi),
    OP(DMOP, map_mem_type_to_ioreq_server),
    OP(DMOP, remote_shutdown),
    OP(DMOP, relocate_memory),
    OP(DMOP, pin_memory_cacheattr),
    OP(DMOP, set_irq_level),
    OP(DMOP, nr_vcpus),
};
const size_t xs_nr_dmops = sizeof xs_dmops / sizeof xs_dmops[0];

const struct xs_op_info xs_hvmctl_cmds[] = {
    OP(HVMCTL, set_pci_intx_level),
    OP(HVMCTL, set_isa_irq_level),
    OP(HVMCTL, set_pci_link_route),
    OP(HVMCTL, track_dirty_vram),
    OP(HVMCTL, modified_memory),
    OP(HVMCTL, set_mem_type),
    OP(HVMCTL, inject_trap),
    OP(HVMCTL, inject_msi),
    OP(HVMCTL, create_ioreq_server),
    OP(HVMCTL, get_ioreq_server_info),
    OP(HVMCTL, map_io_range_to_ioreq_server),
    OP(HVMCTL, unmap_io_range_from_ioreq_server),
    OP(HVMCTL, destroy_ioreq_server),
    OP(HVMCTL, set_ioreq_server_state),
};
const size_t xs_nr_hvmctl_cmds = sizeof xs_hvmctl_cmds / sizeof xs_hvmctl_cmds[0];

bool xs_release_has_hvmop(const struct xs_release *r, unsigned hvmop)
{
    return r && hvmop < 32 && (r->legacy_dm_hvmops & (1u << hvmop));
}

bool xs_release_has_dmop(const struct xs_release *r, unsigned dmop)
{
    return r && dmop >= 1 && dmop <= r->dmop_max;
}

/* Only interface version 1 exists, and it has every command. */
bool xs_release_has_hvmctl(const struct xs_release *r, unsigned cmd)
{
    return r && r->hvmctl_if == XS_HVMCTL_INTERFACE_VERSION &&
           cmd >= 1 && cmd <= XS_HVMCTL_MAX;
}

static const char *op_name(const struct xs_op_info *t, size_t n, unsigned nr)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].nr == nr)
            return t[i].name;
    return NULL;
}

const char *xs_hvmop_name(unsigned hvmop)
{
    return op_name(xs_hvmops, xs_nr_hvmops, hvmop);
}

const char *xs_dmop_name(unsigned dmop)
{
    return op_name(xs_dmops, xs_nr_dmops, dmop);
}

const char *xs_hvmctl_name(unsigned cmd)
{
    return op_name(xs_hvmctl_cmds, xs_nr_hvmctl_cmds, cmd);
}
