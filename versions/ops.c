/* The op families a device model uses, and the struct layout generations,
 * as tables.  Which release has which op is answered from the release row
 * (HVMOP bitmask, highest DMOP, hvmctl version), so the since/until names
 * here are for people and for the consistency test.  Struct layouts per
 * release: layouts.c. */
#include <string.h>

#include "versions.h"
#include "abi.h"

#define OP(fam, name, since, until) { XS_##fam##_##name, #name, since, until }

const struct xs_op_info xs_hvmops[] = {
    OP(HVMOP, set_param, "4.5", NULL),
    OP(HVMOP, get_param, "4.5", NULL),
    OP(HVMOP, set_pci_intx_level, "4.5", "4.8"),
    OP(HVMOP, set_isa_irq_level, "4.5", "4.8"),
    OP(HVMOP, set_pci_link_route, "4.5", "4.8"),
    OP(HVMOP, flush_tlbs, "4.5", NULL),
    OP(HVMOP, track_dirty_vram, "4.5", "4.8"),
    OP(HVMOP, modified_memory, "4.5", "4.8"),
    OP(HVMOP, set_mem_type, "4.5", "4.8"),
    OP(HVMOP, inject_trap, "4.5", "4.8"),
    OP(HVMOP, get_mem_type, "4.5", NULL),
    OP(HVMOP, inject_msi, "4.5", "4.8"),
    OP(HVMOP, create_ioreq_server, "4.5", "4.8"),
    OP(HVMOP, get_ioreq_server_info, "4.5", "4.8"),
    OP(HVMOP, map_io_range_to_ioreq_server, "4.5", "4.8"),
    OP(HVMOP, unmap_io_range_from_ioreq_server, "4.5", "4.8"),
    OP(HVMOP, destroy_ioreq_server, "4.5", "4.8"),
    OP(HVMOP, set_ioreq_server_state, "4.5", "4.8"),
};
const size_t xs_nr_hvmops = sizeof xs_hvmops / sizeof xs_hvmops[0];

const struct xs_op_info xs_dmops[] = {
    OP(DMOP, create_ioreq_server, "4.9", NULL),
    OP(DMOP, get_ioreq_server_info, "4.9", NULL),
    OP(DMOP, map_io_range_to_ioreq_server, "4.9", NULL),
    OP(DMOP, unmap_io_range_from_ioreq_server, "4.9", NULL),
    OP(DMOP, set_ioreq_server_state, "4.9", NULL),
    OP(DMOP, destroy_ioreq_server, "4.9", NULL),
    OP(DMOP, track_dirty_vram, "4.9", NULL),
    OP(DMOP, set_pci_intx_level, "4.9", NULL),
    OP(DMOP, set_isa_irq_level, "4.9", NULL),
    OP(DMOP, set_pci_link_route, "4.9", NULL),
    OP(DMOP, modified_memory, "4.9", NULL),
    OP(DMOP, set_mem_type, "4.9", NULL),
    OP(DMOP, inject_event, "4.9", NULL),
    OP(DMOP, inject_msi, "4.9", NULL),
    OP(DMOP, map_mem_type_to_ioreq_server, "4.9", NULL),
    OP(DMOP, remote_shutdown, "4.10", NULL),
    OP(DMOP, relocate_memory, "4.11", NULL),
    OP(DMOP, pin_memory_cacheattr, "4.11", NULL),
    OP(DMOP, set_irq_level, "4.15", NULL),
    OP(DMOP, nr_vcpus, "4.15", NULL),
};
const size_t xs_nr_dmops = sizeof xs_dmops / sizeof xs_dmops[0];

const struct xs_op_info xs_hvmctl_cmds[] = {
    OP(HVMCTL, set_pci_intx_level, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, set_isa_irq_level, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, set_pci_link_route, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, track_dirty_vram, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, modified_memory, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, set_mem_type, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, inject_trap, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, inject_msi, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, create_ioreq_server, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, get_ioreq_server_info, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, map_io_range_to_ioreq_server, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, unmap_io_range_from_ioreq_server, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, destroy_ioreq_server, "hvmctl1", "hvmctl1"),
    OP(HVMCTL, set_ioreq_server_state, "hvmctl1", "hvmctl1"),
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
