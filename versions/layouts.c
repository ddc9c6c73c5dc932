/* Struct layout generations as data: for each Xen struct a device model
 * exchanges, which of our abi.h definitions each release uses.  The ABI
 * dumps (abi-dumps/gen.c) are generated from this table, and suite_60_abi
 * checks that abidiff between consecutive releases agrees with it. */
#include <string.h>

#include "versions.h"
#include "abi.h"

#define GEN(xen, xs, since, until, needs) \
    { #xen, #xs, sizeof(struct xs), since, until, needs }
#define LEG XS_GEN_NEEDS_LEGACY_HVMOP
#define HC "hvmctl1"

const struct xs_layout_gen xs_layout_gens[] = {
    GEN(xen_hvm_param, xs_hvm_param, "4.5", NULL, 0),
    GEN(xen_hvm_get_mem_type, xs_hvm_get_mem_type, "4.5", NULL, 0),
    GEN(xen_hvm_set_pci_intx_level, xs_hvm_set_pci_intx_level, "4.5", "4.8", LEG),
    GEN(xen_hvm_set_isa_irq_level, xs_hvm_set_isa_irq_level, "4.5", "4.8", LEG),
    GEN(xen_hvm_set_pci_link_route, xs_hvm_set_pci_link_route, "4.5", "4.8", LEG),
    GEN(xen_hvm_track_dirty_vram, xs_hvm_track_dirty_vram, "4.5", "4.8", LEG),
    GEN(xen_hvm_modified_memory, xs_hvm_modified_memory, "4.5", "4.8", LEG),
    GEN(xen_hvm_set_mem_type, xs_hvm_set_mem_type, "4.5", "4.8", LEG),
    GEN(xen_hvm_inject_trap, xs_hvm_inject_trap, "4.5", "4.8", LEG),
    GEN(xen_hvm_inject_msi, xs_hvm_inject_msi, "4.5", "4.8", LEG),
    GEN(xen_hvm_create_ioreq_server, xs_hvm_create_ioreq_server, "4.5", "4.8", LEG),
    GEN(xen_hvm_get_ioreq_server_info, xs_hvm_get_ioreq_server_info, "4.5", "4.8", LEG),
    GEN(xen_hvm_io_range, xs_hvm_io_range, "4.5", "4.8", LEG),
    GEN(xen_hvm_destroy_ioreq_server, xs_hvm_destroy_ioreq_server, "4.5", "4.8", LEG),
    GEN(xen_hvm_set_ioreq_server_state, xs_hvm_set_ioreq_server_state, "4.5", "4.8", LEG),

    GEN(xen_dm_op, xs_dm_op, "4.9", NULL, 0),
    GEN(xen_dm_op_buf, xs_dm_op_buf, "4.9", NULL, 0),
    GEN(xen_dm_op_create_ioreq_server, xs_dm_op_create_ioreq_server, "4.9", NULL, 0),
    GEN(xen_dm_op_get_ioreq_server_info, xs_dm_op_get_ioreq_server_info, "4.9", NULL, 0),
    GEN(xen_dm_op_ioreq_server_range, xs_dm_op_ioreq_server_range, "4.9", NULL, 0),
    GEN(xen_dm_op_set_ioreq_server_state, xs_dm_op_set_ioreq_server_state, "4.9", NULL, 0),
    GEN(xen_dm_op_destroy_ioreq_server, xs_dm_op_destroy_ioreq_server, "4.9", NULL, 0),
    GEN(xen_dm_op_track_dirty_vram, xs_dm_op_track_dirty_vram, "4.9", NULL, 0),
    GEN(xen_dm_op_set_pci_intx_level, xs_dm_op_set_pci_intx_level, "4.9", NULL, 0),
    GEN(xen_dm_op_set_isa_irq_level, xs_dm_op_set_isa_irq_level, "4.9", NULL, 0),
    GEN(xen_dm_op_set_pci_link_route, xs_dm_op_set_pci_link_route, "4.9", NULL, 0),
    GEN(xen_dm_op_modified_memory, xs_dm_op_modified_memory, "4.9", NULL, 0),
    GEN(xen_dm_op_modified_memory_extent, xs_dm_op_modified_memory_extent, "4.9", NULL, 0),
    GEN(xen_dm_op_set_mem_type, xs_dm_op_set_mem_type, "4.9", NULL, 0),
    GEN(xen_dm_op_inject_event, xs_dm_op_inject_event, "4.9", NULL, 0),
    GEN(xen_dm_op_inject_msi, xs_dm_op_inject_msi, "4.9", NULL, 0),
    GEN(xen_dm_op_map_mem_type_to_ioreq_server, xs_dm_op_map_mem_type_to_ioreq_server, "4.9", NULL, 0),
    GEN(xen_dm_op_remote_shutdown, xs_dm_op_remote_shutdown, "4.10", NULL, 0),
    GEN(xen_dm_op_relocate_memory, xs_dm_op_relocate_memory, "4.11", NULL, 0),
    GEN(xen_dm_op_pin_memory_cacheattr, xs_dm_op_pin_memory_cacheattr, "4.11", NULL, 0),
    GEN(xen_dm_op_set_irq_level, xs_dm_op_set_irq_level, "4.15", NULL, 0),
    GEN(xen_dm_op_nr_vcpus, xs_dm_op_nr_vcpus, "4.15", NULL, 0),

    GEN(xen_hvmctl, xs_hvmctl, HC, HC, 0),
    GEN(xen_hvmctl_set_pci_intx_level, xs_hvmctl_set_pci_intx_level, HC, HC, 0),
    GEN(xen_hvmctl_set_isa_irq_level, xs_hvmctl_set_isa_irq_level, HC, HC, 0),
    GEN(xen_hvmctl_set_pci_link_route, xs_hvmctl_set_pci_link_route, HC, HC, 0),
    GEN(xen_hvmctl_track_dirty_vram, xs_hvmctl_track_dirty_vram, HC, HC, 0),
    GEN(xen_hvmctl_modified_memory, xs_hvmctl_modified_memory, HC, HC, 0),
    GEN(xen_hvmctl_set_mem_type, xs_hvmctl_set_mem_type, HC, HC, 0),
    GEN(xen_hvmctl_inject_trap, xs_hvmctl_inject_trap, HC, HC, 0),
    GEN(xen_hvmctl_inject_msi, xs_hvmctl_inject_msi, HC, HC, 0),
    GEN(xen_hvmctl_create_ioreq_server, xs_hvmctl_create_ioreq_server, HC, HC, 0),
    GEN(xen_hvmctl_get_ioreq_server_info, xs_hvmctl_get_ioreq_server_info, HC, HC, 0),
    GEN(xen_hvmctl_io_range, xs_hvmctl_io_range, HC, HC, 0),
    GEN(xen_hvmctl_destroy_ioreq_server, xs_hvmctl_destroy_ioreq_server, HC, HC, 0),
    GEN(xen_hvmctl_set_ioreq_server_state, xs_hvmctl_set_ioreq_server_state, HC, HC, 0),

    GEN(xen_domctl, xs_domctl, "4.5", NULL, 0),
    GEN(xen_domctl_getdomaininfo, xs_domctl_getdomaininfo_v0, "4.5", "4.10", 0),
    GEN(xen_domctl_getdomaininfo, xs_domctl_getdomaininfo_v1, "4.11", "4.15", 0),
    GEN(xen_domctl_getdomaininfo, xs_domctl_getdomaininfo_v2, "4.16", NULL, 0),
    GEN(xen_domctl_bind_pt_irq, xs_domctl_bind_pt_irq_v0, "4.5", "4.9", 0),
    GEN(xen_domctl_bind_pt_irq, xs_domctl_bind_pt_irq_v1, "4.10", NULL, 0),
    GEN(xen_domctl_irq_permission, xs_domctl_irq_permission_v0, "4.5", "4.15", 0),
    GEN(xen_domctl_irq_permission, xs_domctl_irq_permission_v1, "4.16", NULL, 0),
    GEN(xen_domctl_iomem_permission, xs_domctl_iomem_permission, "4.5", NULL, 0),
    GEN(xen_domctl_ioport_permission, xs_domctl_ioport_permission, "4.5", NULL, 0),
    GEN(xen_domctl_memory_mapping, xs_domctl_memory_mapping, "4.5", NULL, 0),
    GEN(xen_domctl_ioport_mapping, xs_domctl_ioport_mapping, "4.5", NULL, 0),
    GEN(xen_domctl_pin_mem_cacheattr, xs_domctl_pin_mem_cacheattr, "4.5", "4.10", 0),
    GEN(xen_domctl_set_target, xs_domctl_set_target, "4.5", NULL, 0),
    GEN(xen_domctl_max_mem, xs_domctl_max_mem, "4.5", NULL, 0),
    GEN(xen_domctl_getvcpuinfo, xs_domctl_getvcpuinfo, "4.5", NULL, 0),
    GEN(xen_domctl_vcpuaffinity, xs_domctl_vcpuaffinity, "4.5", NULL, 0),
    GEN(xen_domctl_max_vcpus, xs_domctl_max_vcpus, "4.5", NULL, 0),

    GEN(xen_sysctl, xs_sysctl, "4.5", NULL, 0),
    GEN(xen_sysctl_getdomaininfolist, xs_sysctl_getdomaininfolist, "4.5", NULL, 0),
    GEN(xen_sysctl_physinfo, xs_sysctl_physinfo_v0, "4.5", "4.9", 0),
    GEN(xen_sysctl_physinfo, xs_sysctl_physinfo_v1, "4.10", "4.16", 0),
    GEN(xen_sysctl_physinfo, xs_sysctl_physinfo_v2, "4.17", NULL, 0),
    GEN(xen_sysctl_sched_id, xs_sysctl_sched_id, "4.5", NULL, 0),
    GEN(xen_sysctl_cpupool_op, xs_sysctl_cpupool_op, "4.5", NULL, 0),
    GEN(sched_remote_shutdown, xs_sched_remote_shutdown, "4.5", NULL, 0),
};
const size_t xs_nr_layout_gens = sizeof xs_layout_gens / sizeof xs_layout_gens[0];

bool xs_release_in(const struct xs_release *r, const char *since_name, const char *until_name)
{
    const struct xs_release *since = xs_release_by_name(since_name);
    const struct xs_release *until = until_name ? xs_release_by_name(until_name) : NULL;

    if (!r)
        return false;
    if (since && (since->flags & XS_REL_HYPOTHETICAL))
        return since == r;
    /* A hypothetical release is its base, as far as shipped layouts go. */
    const struct xs_release *eff = r->base ? xs_release_by_name(r->base) : r;
    if (!eff || !since)
        return false;
    int i = xs_release_index(eff);
    if (i < xs_release_index(since))
        return false;
    return !until || i <= xs_release_index(until);
}

static bool gen_applies(const struct xs_layout_gen *g, const struct xs_release *r)
{
    if (!xs_release_in(r, g->since, g->until))
        return false;
    if ((g->needs & XS_GEN_NEEDS_LEGACY_HVMOP) &&
        !xs_release_has_hvmop(r, XS_HVMOP_set_pci_intx_level))
        return false;
    return true;
}

const struct xs_layout_gen *xs_layout_for(const char *xen_type, const struct xs_release *r)
{
    if (!xen_type || !r)
        return NULL;
    for (size_t i = 0; i < xs_nr_layout_gens; i++)
        if (!strcmp(xs_layout_gens[i].xen_type, xen_type) &&
            gen_applies(&xs_layout_gens[i], r))
            return &xs_layout_gens[i];
    return NULL;
}

bool xs_layout_changed(const char *xen_type, const struct xs_release *a,
                       const struct xs_release *b)
{
    return xs_layout_for(xen_type, a) != xs_layout_for(xen_type, b);
}
