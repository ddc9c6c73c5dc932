/* Compile-time proof that our 4.17 layouts (abi.h) and numbers equal the
 * installed Xen 4.17 headers, in the spirit of Xen's own CHECK_* compat
 * checks.  The only file in the tree that includes Xen's headers.
 *
 * Built as part of `make` (versions.mk): the object fails to compile on a
 * struct mismatch, and the linked program, run at build time, fails on a
 * mismatch between the 4.17 row of the release table and the headers. */
#define __XEN_TOOLS__ 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/version.h>
#include <xen/sched.h>
#include <xen/memory.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/dm_op.h>
#include <xen/hvm/save.h>
#include <xen/hvm/ioreq.h>
#include <xen/event_channel.h>
#include <sys/ioctl.h>
#include <xen/sys/privcmd.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>

#include "abi.h"
#include "privcmd.h"
#include "versions.h"

#define MEMBER_SIZE(t, f) sizeof(((t *)0)->f)

/* Same size, and one field at the same offset with the same size. */
#define CHECK_SIZE(ours, theirs) \
    _Static_assert(sizeof(struct ours) == sizeof(struct theirs), #ours " size differs from " #theirs)
#define CHECK_FIELD2(ours, of, theirs, tf)                                         \
    _Static_assert(offsetof(struct ours, of) == offsetof(struct theirs, tf) &&     \
                   MEMBER_SIZE(struct ours, of) == MEMBER_SIZE(struct theirs, tf), \
                   #ours "." #of " differs from " #theirs "." #tf)
#define CHECK_FIELD(ours, theirs, f) CHECK_FIELD2(ours, f, theirs, f)
#define CHECK_NUM(ours, theirs) _Static_assert((ours) == (theirs), #ours " != " #theirs)

/* ---- numbers ---- */
CHECK_NUM(XS_HYPERVISOR_xen_version, __HYPERVISOR_xen_version);
CHECK_NUM(XS_HYPERVISOR_sched_op, __HYPERVISOR_sched_op);
CHECK_NUM(XS_HYPERVISOR_hvm_op, __HYPERVISOR_hvm_op);
CHECK_NUM(XS_HYPERVISOR_sysctl, __HYPERVISOR_sysctl);
CHECK_NUM(XS_HYPERVISOR_domctl, __HYPERVISOR_domctl);
CHECK_NUM(XS_HYPERVISOR_dm_op, __HYPERVISOR_dm_op);
CHECK_NUM(XS_DOMID_SELF, DOMID_SELF);
CHECK_NUM(XS_DOMID_INVALID, DOMID_INVALID);
CHECK_NUM(XS_DOMID_FIRST_RESERVED, DOMID_FIRST_RESERVED);
CHECK_NUM(XS_XENVER_version, XENVER_version);
CHECK_NUM(XS_XENVER_extraversion, XENVER_extraversion);
CHECK_NUM(XS_XENVER_EXTRAVERSION_LEN, sizeof(xen_extraversion_t));
CHECK_NUM(XS_SCHEDOP_remote_shutdown, SCHEDOP_remote_shutdown);
CHECK_NUM(XS_HYPERVISOR_memory_op, __HYPERVISOR_memory_op);
CHECK_NUM(XS_XENMEM_add_to_physmap, XENMEM_add_to_physmap);
CHECK_NUM(XS_XENMAPSPACE_gmfn, XENMAPSPACE_gmfn);
CHECK_NUM(XS_XENMAPSPACE_gmfn_range, XENMAPSPACE_gmfn_range);
CHECK_NUM(XS_XENMAPSPACE_gmfn_foreign, XENMAPSPACE_gmfn_foreign);
CHECK_NUM(XS_SHUTDOWN_poweroff, SHUTDOWN_poweroff);
CHECK_NUM(XS_SHUTDOWN_reboot, SHUTDOWN_reboot);
CHECK_NUM(XS_SHUTDOWN_suspend, SHUTDOWN_suspend);
CHECK_NUM(XS_SHUTDOWN_crash, SHUTDOWN_crash);
CHECK_NUM(XS_SHUTDOWN_watchdog, SHUTDOWN_watchdog);
CHECK_NUM(XS_SHUTDOWN_soft_reset, SHUTDOWN_soft_reset);

CHECK_NUM(XS_HVMOP_set_param, HVMOP_set_param);
CHECK_NUM(XS_HVMOP_get_param, HVMOP_get_param);
CHECK_NUM(XS_HVMOP_flush_tlbs, HVMOP_flush_tlbs);
CHECK_NUM(XS_HVMOP_get_mem_type, HVMOP_get_mem_type);
CHECK_NUM(XS_HVMMEM_ram_rw, HVMMEM_ram_rw);
CHECK_NUM(XS_HVMMEM_ram_ro, HVMMEM_ram_ro);
CHECK_NUM(XS_HVMMEM_mmio_dm, HVMMEM_mmio_dm);
CHECK_NUM(XS_HVMMEM_unused, HVMMEM_unused);
CHECK_NUM(XS_HVMMEM_ioreq_server, HVMMEM_ioreq_server);

CHECK_NUM(XS_DMOP_create_ioreq_server, XEN_DMOP_create_ioreq_server);
CHECK_NUM(XS_DMOP_get_ioreq_server_info, XEN_DMOP_get_ioreq_server_info);
CHECK_NUM(XS_DMOP_map_io_range_to_ioreq_server, XEN_DMOP_map_io_range_to_ioreq_server);
CHECK_NUM(XS_DMOP_unmap_io_range_from_ioreq_server, XEN_DMOP_unmap_io_range_from_ioreq_server);
CHECK_NUM(XS_DMOP_set_ioreq_server_state, XEN_DMOP_set_ioreq_server_state);
CHECK_NUM(XS_DMOP_destroy_ioreq_server, XEN_DMOP_destroy_ioreq_server);
CHECK_NUM(XS_DMOP_track_dirty_vram, XEN_DMOP_track_dirty_vram);
CHECK_NUM(XS_DMOP_set_pci_intx_level, XEN_DMOP_set_pci_intx_level);
CHECK_NUM(XS_DMOP_set_isa_irq_level, XEN_DMOP_set_isa_irq_level);
CHECK_NUM(XS_DMOP_set_pci_link_route, XEN_DMOP_set_pci_link_route);
CHECK_NUM(XS_DMOP_modified_memory, XEN_DMOP_modified_memory);
CHECK_NUM(XS_DMOP_set_mem_type, XEN_DMOP_set_mem_type);
CHECK_NUM(XS_DMOP_inject_event, XEN_DMOP_inject_event);
CHECK_NUM(XS_DMOP_inject_msi, XEN_DMOP_inject_msi);
CHECK_NUM(XS_DMOP_map_mem_type_to_ioreq_server, XEN_DMOP_map_mem_type_to_ioreq_server);
CHECK_NUM(XS_DMOP_remote_shutdown, XEN_DMOP_remote_shutdown);
CHECK_NUM(XS_DMOP_relocate_memory, XEN_DMOP_relocate_memory);
CHECK_NUM(XS_DMOP_pin_memory_cacheattr, XEN_DMOP_pin_memory_cacheattr);
CHECK_NUM(XS_DMOP_set_irq_level, XEN_DMOP_set_irq_level);
CHECK_NUM(XS_DMOP_nr_vcpus, XEN_DMOP_nr_vcpus);
CHECK_NUM(XS_DMOP_no_gfns, XEN_DMOP_no_gfns);
CHECK_NUM(XS_DMOP_IOREQ_MEM_ACCESS_READ, XEN_DMOP_IOREQ_MEM_ACCESS_READ);
CHECK_NUM(XS_DMOP_IOREQ_MEM_ACCESS_WRITE, XEN_DMOP_IOREQ_MEM_ACCESS_WRITE);
CHECK_NUM(XS_DMOP_MEM_CACHEATTR_UC, XEN_DMOP_MEM_CACHEATTR_UC);
CHECK_NUM(XS_DMOP_MEM_CACHEATTR_WC, XEN_DMOP_MEM_CACHEATTR_WC);
CHECK_NUM(XS_DMOP_MEM_CACHEATTR_WT, XEN_DMOP_MEM_CACHEATTR_WT);
CHECK_NUM(XS_DMOP_MEM_CACHEATTR_WP, XEN_DMOP_MEM_CACHEATTR_WP);
CHECK_NUM(XS_DMOP_MEM_CACHEATTR_WB, XEN_DMOP_MEM_CACHEATTR_WB);
CHECK_NUM(XS_DMOP_MEM_CACHEATTR_UCM, XEN_DMOP_MEM_CACHEATTR_UCM);
CHECK_NUM(XS_DMOP_DELETE_MEM_CACHEATTR, XEN_DMOP_DELETE_MEM_CACHEATTR);
CHECK_NUM(XS_IOREQSRV_BUFIOREQ_OFF, HVM_IOREQSRV_BUFIOREQ_OFF);
CHECK_NUM(XS_IOREQSRV_BUFIOREQ_LEGACY, HVM_IOREQSRV_BUFIOREQ_LEGACY);
CHECK_NUM(XS_IOREQSRV_BUFIOREQ_ATOMIC, HVM_IOREQSRV_BUFIOREQ_ATOMIC);
CHECK_NUM(XS_IO_RANGE_PORT, XEN_DMOP_IO_RANGE_PORT);
CHECK_NUM(XS_IO_RANGE_MEMORY, XEN_DMOP_IO_RANGE_MEMORY);
CHECK_NUM(XS_IO_RANGE_PCI, XEN_DMOP_IO_RANGE_PCI);
CHECK_NUM(XS_PCI_SBDF(0x1234, 0xab, 0x1f, 7), XEN_DMOP_PCI_SBDF(0x1234, 0xab, 0x1f, 7));
CHECK_NUM(XS_EVENT_ext_int, XEN_DMOP_EVENT_ext_int);
CHECK_NUM(XS_EVENT_nmi, XEN_DMOP_EVENT_nmi);
CHECK_NUM(XS_EVENT_hw_exc, XEN_DMOP_EVENT_hw_exc);
CHECK_NUM(XS_EVENT_sw_int, XEN_DMOP_EVENT_sw_int);
CHECK_NUM(XS_EVENT_pri_sw_exc, XEN_DMOP_EVENT_pri_sw_exc);
CHECK_NUM(XS_EVENT_sw_exc, XEN_DMOP_EVENT_sw_exc);

CHECK_NUM(XS_DOMCTL_pausedomain, XEN_DOMCTL_pausedomain);
CHECK_NUM(XS_DOMCTL_unpausedomain, XEN_DOMCTL_unpausedomain);
CHECK_NUM(XS_DOMCTL_getdomaininfo, XEN_DOMCTL_getdomaininfo);
CHECK_NUM(XS_DOMCTL_irq_permission, XEN_DOMCTL_irq_permission);
CHECK_NUM(XS_DOMCTL_iomem_permission, XEN_DOMCTL_iomem_permission);
CHECK_NUM(XS_DOMCTL_ioport_permission, XEN_DOMCTL_ioport_permission);
CHECK_NUM(XS_DOMCTL_bind_pt_irq, XEN_DOMCTL_bind_pt_irq);
CHECK_NUM(XS_DOMCTL_memory_mapping, XEN_DOMCTL_memory_mapping);
CHECK_NUM(XS_DOMCTL_ioport_mapping, XEN_DOMCTL_ioport_mapping);
CHECK_NUM(XS_DOMCTL_set_target, XEN_DOMCTL_set_target);
CHECK_NUM(XS_DOMCTL_unbind_pt_irq, XEN_DOMCTL_unbind_pt_irq);
#ifdef XEN_DOMCTL_pin_mem_cacheattr
#error "4.17 has no XEN_DOMCTL_pin_mem_cacheattr: the layout table says it ended in 4.10"
#endif
CHECK_NUM(XS_PT_IRQ_TYPE_PCI, PT_IRQ_TYPE_PCI);
CHECK_NUM(XS_PT_IRQ_TYPE_ISA, PT_IRQ_TYPE_ISA);
CHECK_NUM(XS_PT_IRQ_TYPE_MSI, PT_IRQ_TYPE_MSI);
CHECK_NUM(XS_PT_IRQ_TYPE_MSI_TRANSLATE, PT_IRQ_TYPE_MSI_TRANSLATE);
CHECK_NUM(XS_PT_IRQ_TYPE_SPI, PT_IRQ_TYPE_SPI);
/* 4.17 uses the V1 flag numbering. */
CHECK_NUM(XS_DOMINF_dying, XEN_DOMINF_dying);
CHECK_NUM(XS_DOMINF_hvm_guest, XEN_DOMINF_hvm_guest);
CHECK_NUM(XS_DOMINF_shutdown, XEN_DOMINF_shutdown);
CHECK_NUM(XS_DOMINF_paused, XEN_DOMINF_paused);
CHECK_NUM(XS_DOMINF_blocked, XEN_DOMINF_blocked);
CHECK_NUM(XS_DOMINF_running, XEN_DOMINF_running);
CHECK_NUM(XS_DOMINF_debugged, XEN_DOMINF_debugged);
CHECK_NUM(XS_DOMINF_V1_xs_domain, XEN_DOMINF_xs_domain);
CHECK_NUM(XS_DOMINF_V1_hap, XEN_DOMINF_hap);
CHECK_NUM(XS_DOMINF_shutdownmask, XEN_DOMINF_shutdownmask);
CHECK_NUM(XS_DOMINF_shutdownshift, XEN_DOMINF_shutdownshift);
CHECK_NUM(XS_SYSCTL_getdomaininfolist, XEN_SYSCTL_getdomaininfolist);

/* ---- structs that exist in 4.17 ---- */
CHECK_SIZE(xs_xen_add_to_physmap, xen_add_to_physmap);
CHECK_FIELD(xs_xen_add_to_physmap, xen_add_to_physmap, domid);
CHECK_FIELD(xs_xen_add_to_physmap, xen_add_to_physmap, size);
CHECK_FIELD(xs_xen_add_to_physmap, xen_add_to_physmap, space);
CHECK_FIELD(xs_xen_add_to_physmap, xen_add_to_physmap, idx);
CHECK_FIELD(xs_xen_add_to_physmap, xen_add_to_physmap, gpfn);
CHECK_SIZE(xs_sched_remote_shutdown, sched_remote_shutdown);
CHECK_FIELD(xs_sched_remote_shutdown, sched_remote_shutdown, domain_id);
CHECK_FIELD(xs_sched_remote_shutdown, sched_remote_shutdown, reason);

CHECK_SIZE(xs_hvm_param, xen_hvm_param);
CHECK_FIELD(xs_hvm_param, xen_hvm_param, domid);
CHECK_FIELD(xs_hvm_param, xen_hvm_param, index);
CHECK_FIELD(xs_hvm_param, xen_hvm_param, value);
CHECK_SIZE(xs_hvm_get_mem_type, xen_hvm_get_mem_type);
CHECK_FIELD(xs_hvm_get_mem_type, xen_hvm_get_mem_type, domid);
CHECK_FIELD(xs_hvm_get_mem_type, xen_hvm_get_mem_type, mem_type);
CHECK_FIELD(xs_hvm_get_mem_type, xen_hvm_get_mem_type, pfn);

CHECK_SIZE(xs_dm_op_buf, xen_dm_op_buf);
CHECK_FIELD(xs_dm_op_buf, xen_dm_op_buf, h);
CHECK_FIELD(xs_dm_op_buf, xen_dm_op_buf, size);
CHECK_SIZE(xs_dm_op, xen_dm_op);
CHECK_FIELD(xs_dm_op, xen_dm_op, op);
CHECK_FIELD(xs_dm_op, xen_dm_op, pad);
CHECK_FIELD(xs_dm_op, xen_dm_op, u);
CHECK_FIELD(xs_dm_op, xen_dm_op, u.create_ioreq_server);
CHECK_FIELD(xs_dm_op, xen_dm_op, u.nr_vcpus);

CHECK_SIZE(xs_dm_op_create_ioreq_server, xen_dm_op_create_ioreq_server);
CHECK_FIELD(xs_dm_op_create_ioreq_server, xen_dm_op_create_ioreq_server, handle_bufioreq);
CHECK_FIELD(xs_dm_op_create_ioreq_server, xen_dm_op_create_ioreq_server, pad);
CHECK_FIELD(xs_dm_op_create_ioreq_server, xen_dm_op_create_ioreq_server, id);
CHECK_SIZE(xs_dm_op_get_ioreq_server_info, xen_dm_op_get_ioreq_server_info);
CHECK_FIELD(xs_dm_op_get_ioreq_server_info, xen_dm_op_get_ioreq_server_info, id);
CHECK_FIELD(xs_dm_op_get_ioreq_server_info, xen_dm_op_get_ioreq_server_info, flags);
CHECK_FIELD(xs_dm_op_get_ioreq_server_info, xen_dm_op_get_ioreq_server_info, bufioreq_port);
CHECK_FIELD(xs_dm_op_get_ioreq_server_info, xen_dm_op_get_ioreq_server_info, ioreq_gfn);
CHECK_FIELD(xs_dm_op_get_ioreq_server_info, xen_dm_op_get_ioreq_server_info, bufioreq_gfn);
CHECK_SIZE(xs_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range);
CHECK_FIELD(xs_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range, id);
CHECK_FIELD(xs_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range, pad);
CHECK_FIELD(xs_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range, type);
CHECK_FIELD(xs_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range, start);
CHECK_FIELD(xs_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range, end);
CHECK_SIZE(xs_dm_op_set_ioreq_server_state, xen_dm_op_set_ioreq_server_state);
CHECK_FIELD(xs_dm_op_set_ioreq_server_state, xen_dm_op_set_ioreq_server_state, id);
CHECK_FIELD(xs_dm_op_set_ioreq_server_state, xen_dm_op_set_ioreq_server_state, enabled);
CHECK_FIELD(xs_dm_op_set_ioreq_server_state, xen_dm_op_set_ioreq_server_state, pad);
CHECK_SIZE(xs_dm_op_destroy_ioreq_server, xen_dm_op_destroy_ioreq_server);
CHECK_FIELD(xs_dm_op_destroy_ioreq_server, xen_dm_op_destroy_ioreq_server, id);
CHECK_FIELD(xs_dm_op_destroy_ioreq_server, xen_dm_op_destroy_ioreq_server, pad);
CHECK_SIZE(xs_dm_op_track_dirty_vram, xen_dm_op_track_dirty_vram);
CHECK_FIELD(xs_dm_op_track_dirty_vram, xen_dm_op_track_dirty_vram, nr);
CHECK_FIELD(xs_dm_op_track_dirty_vram, xen_dm_op_track_dirty_vram, pad);
CHECK_FIELD(xs_dm_op_track_dirty_vram, xen_dm_op_track_dirty_vram, first_pfn);
CHECK_SIZE(xs_dm_op_set_pci_intx_level, xen_dm_op_set_pci_intx_level);
CHECK_FIELD(xs_dm_op_set_pci_intx_level, xen_dm_op_set_pci_intx_level, domain);
CHECK_FIELD(xs_dm_op_set_pci_intx_level, xen_dm_op_set_pci_intx_level, bus);
CHECK_FIELD(xs_dm_op_set_pci_intx_level, xen_dm_op_set_pci_intx_level, device);
CHECK_FIELD(xs_dm_op_set_pci_intx_level, xen_dm_op_set_pci_intx_level, intx);
CHECK_FIELD(xs_dm_op_set_pci_intx_level, xen_dm_op_set_pci_intx_level, level);
CHECK_SIZE(xs_dm_op_set_isa_irq_level, xen_dm_op_set_isa_irq_level);
CHECK_FIELD(xs_dm_op_set_isa_irq_level, xen_dm_op_set_isa_irq_level, isa_irq);
CHECK_FIELD(xs_dm_op_set_isa_irq_level, xen_dm_op_set_isa_irq_level, level);
CHECK_SIZE(xs_dm_op_set_pci_link_route, xen_dm_op_set_pci_link_route);
CHECK_FIELD(xs_dm_op_set_pci_link_route, xen_dm_op_set_pci_link_route, link);
CHECK_FIELD(xs_dm_op_set_pci_link_route, xen_dm_op_set_pci_link_route, isa_irq);
CHECK_SIZE(xs_dm_op_modified_memory, xen_dm_op_modified_memory);
CHECK_FIELD(xs_dm_op_modified_memory, xen_dm_op_modified_memory, nr_extents);
CHECK_FIELD(xs_dm_op_modified_memory, xen_dm_op_modified_memory, opaque);
CHECK_SIZE(xs_dm_op_modified_memory_extent, xen_dm_op_modified_memory_extent);
CHECK_FIELD(xs_dm_op_modified_memory_extent, xen_dm_op_modified_memory_extent, nr);
CHECK_FIELD(xs_dm_op_modified_memory_extent, xen_dm_op_modified_memory_extent, pad);
CHECK_FIELD(xs_dm_op_modified_memory_extent, xen_dm_op_modified_memory_extent, first_pfn);
CHECK_SIZE(xs_dm_op_set_mem_type, xen_dm_op_set_mem_type);
CHECK_FIELD(xs_dm_op_set_mem_type, xen_dm_op_set_mem_type, nr);
CHECK_FIELD(xs_dm_op_set_mem_type, xen_dm_op_set_mem_type, mem_type);
CHECK_FIELD(xs_dm_op_set_mem_type, xen_dm_op_set_mem_type, pad);
CHECK_FIELD(xs_dm_op_set_mem_type, xen_dm_op_set_mem_type, first_pfn);
CHECK_SIZE(xs_dm_op_inject_event, xen_dm_op_inject_event);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, vcpuid);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, vector);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, type);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, insn_len);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, pad0);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, error_code);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, pad1);
CHECK_FIELD(xs_dm_op_inject_event, xen_dm_op_inject_event, cr2);
CHECK_SIZE(xs_dm_op_inject_msi, xen_dm_op_inject_msi);
CHECK_FIELD(xs_dm_op_inject_msi, xen_dm_op_inject_msi, data);
CHECK_FIELD(xs_dm_op_inject_msi, xen_dm_op_inject_msi, pad);
CHECK_FIELD(xs_dm_op_inject_msi, xen_dm_op_inject_msi, addr);
CHECK_SIZE(xs_dm_op_map_mem_type_to_ioreq_server, xen_dm_op_map_mem_type_to_ioreq_server);
CHECK_FIELD(xs_dm_op_map_mem_type_to_ioreq_server, xen_dm_op_map_mem_type_to_ioreq_server, id);
CHECK_FIELD(xs_dm_op_map_mem_type_to_ioreq_server, xen_dm_op_map_mem_type_to_ioreq_server, type);
CHECK_FIELD(xs_dm_op_map_mem_type_to_ioreq_server, xen_dm_op_map_mem_type_to_ioreq_server, flags);
CHECK_FIELD(xs_dm_op_map_mem_type_to_ioreq_server, xen_dm_op_map_mem_type_to_ioreq_server, opaque);
CHECK_SIZE(xs_dm_op_remote_shutdown, xen_dm_op_remote_shutdown);
CHECK_FIELD(xs_dm_op_remote_shutdown, xen_dm_op_remote_shutdown, reason);
CHECK_SIZE(xs_dm_op_relocate_memory, xen_dm_op_relocate_memory);
CHECK_FIELD(xs_dm_op_relocate_memory, xen_dm_op_relocate_memory, size);
CHECK_FIELD(xs_dm_op_relocate_memory, xen_dm_op_relocate_memory, pad);
CHECK_FIELD(xs_dm_op_relocate_memory, xen_dm_op_relocate_memory, src_gfn);
CHECK_FIELD(xs_dm_op_relocate_memory, xen_dm_op_relocate_memory, dst_gfn);
CHECK_SIZE(xs_dm_op_pin_memory_cacheattr, xen_dm_op_pin_memory_cacheattr);
CHECK_FIELD(xs_dm_op_pin_memory_cacheattr, xen_dm_op_pin_memory_cacheattr, start);
CHECK_FIELD(xs_dm_op_pin_memory_cacheattr, xen_dm_op_pin_memory_cacheattr, end);
CHECK_FIELD(xs_dm_op_pin_memory_cacheattr, xen_dm_op_pin_memory_cacheattr, type);
CHECK_FIELD(xs_dm_op_pin_memory_cacheattr, xen_dm_op_pin_memory_cacheattr, pad);
CHECK_SIZE(xs_dm_op_set_irq_level, xen_dm_op_set_irq_level);
CHECK_FIELD(xs_dm_op_set_irq_level, xen_dm_op_set_irq_level, irq);
CHECK_FIELD(xs_dm_op_set_irq_level, xen_dm_op_set_irq_level, level);
CHECK_FIELD(xs_dm_op_set_irq_level, xen_dm_op_set_irq_level, pad);
CHECK_SIZE(xs_dm_op_nr_vcpus, xen_dm_op_nr_vcpus);
CHECK_FIELD(xs_dm_op_nr_vcpus, xen_dm_op_nr_vcpus, vcpus);

CHECK_SIZE(xs_domctl, xen_domctl);
CHECK_FIELD(xs_domctl, xen_domctl, cmd);
CHECK_FIELD(xs_domctl, xen_domctl, interface_version);
CHECK_FIELD(xs_domctl, xen_domctl, domain);
CHECK_FIELD2(xs_domctl, pad, xen_domctl, _pad);
CHECK_FIELD(xs_domctl, xen_domctl, u);
CHECK_FIELD2(xs_domctl, u.getdomaininfo_v2, xen_domctl, u.getdomaininfo);
CHECK_FIELD2(xs_domctl, u.bind_pt_irq_v1, xen_domctl, u.bind_pt_irq);
CHECK_FIELD2(xs_domctl, u.irq_permission_v1, xen_domctl, u.irq_permission);
CHECK_FIELD(xs_domctl, xen_domctl, u.memory_mapping);
CHECK_FIELD(xs_domctl, xen_domctl, u.ioport_mapping);
CHECK_FIELD(xs_domctl, xen_domctl, u.iomem_permission);
CHECK_FIELD(xs_domctl, xen_domctl, u.ioport_permission);
CHECK_FIELD(xs_domctl, xen_domctl, u.set_target);

/* 4.17 uses generation V2 of getdomaininfo. */
#define GDI xs_domctl_getdomaininfo_v2
CHECK_SIZE(GDI, xen_domctl_getdomaininfo);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, domain);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, pad1);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, flags);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, tot_pages);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, max_pages);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, outstanding_pages);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, shr_pages);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, paged_pages);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, shared_info_frame);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, cpu_time);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, nr_online_vcpus);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, max_vcpu_id);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, ssidref);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, handle);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, cpupool);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, gpaddr_bits);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, pad2);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, arch_config);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, arch_config.emulation_flags);
CHECK_FIELD(GDI, xen_domctl_getdomaininfo, arch_config.misc_flags);
CHECK_SIZE(xs_arch_domainconfig, xen_arch_domainconfig);

#define BPI xs_domctl_bind_pt_irq_v1
CHECK_SIZE(BPI, xen_domctl_bind_pt_irq);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, machine_irq);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, irq_type);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.isa.isa_irq);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.pci.bus);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.pci.device);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.pci.intx);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.msi.gvec);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.msi.gflags);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.msi.gtable);
CHECK_FIELD(BPI, xen_domctl_bind_pt_irq, u.spi.spi);

#define IRP xs_domctl_irq_permission_v1
CHECK_SIZE(IRP, xen_domctl_irq_permission);
CHECK_FIELD(IRP, xen_domctl_irq_permission, pirq);
CHECK_FIELD(IRP, xen_domctl_irq_permission, allow_access);
CHECK_FIELD(IRP, xen_domctl_irq_permission, pad);

CHECK_SIZE(xs_domctl_iomem_permission, xen_domctl_iomem_permission);
CHECK_FIELD(xs_domctl_iomem_permission, xen_domctl_iomem_permission, first_mfn);
CHECK_FIELD(xs_domctl_iomem_permission, xen_domctl_iomem_permission, nr_mfns);
CHECK_FIELD(xs_domctl_iomem_permission, xen_domctl_iomem_permission, allow_access);
CHECK_SIZE(xs_domctl_ioport_permission, xen_domctl_ioport_permission);
CHECK_FIELD(xs_domctl_ioport_permission, xen_domctl_ioport_permission, first_port);
CHECK_FIELD(xs_domctl_ioport_permission, xen_domctl_ioport_permission, nr_ports);
CHECK_FIELD(xs_domctl_ioport_permission, xen_domctl_ioport_permission, allow_access);
CHECK_SIZE(xs_domctl_memory_mapping, xen_domctl_memory_mapping);
CHECK_FIELD(xs_domctl_memory_mapping, xen_domctl_memory_mapping, first_gfn);
CHECK_FIELD(xs_domctl_memory_mapping, xen_domctl_memory_mapping, first_mfn);
CHECK_FIELD(xs_domctl_memory_mapping, xen_domctl_memory_mapping, nr_mfns);
CHECK_FIELD(xs_domctl_memory_mapping, xen_domctl_memory_mapping, add_mapping);
CHECK_FIELD(xs_domctl_memory_mapping, xen_domctl_memory_mapping, padding);
CHECK_SIZE(xs_domctl_ioport_mapping, xen_domctl_ioport_mapping);
CHECK_FIELD(xs_domctl_ioport_mapping, xen_domctl_ioport_mapping, first_gport);
CHECK_FIELD(xs_domctl_ioport_mapping, xen_domctl_ioport_mapping, first_mport);
CHECK_FIELD(xs_domctl_ioport_mapping, xen_domctl_ioport_mapping, nr_ports);
CHECK_FIELD(xs_domctl_ioport_mapping, xen_domctl_ioport_mapping, add_mapping);
CHECK_SIZE(xs_domctl_set_target, xen_domctl_set_target);
CHECK_FIELD(xs_domctl_set_target, xen_domctl_set_target, target);

CHECK_SIZE(xs_sysctl, xen_sysctl);
CHECK_FIELD(xs_sysctl, xen_sysctl, cmd);
CHECK_FIELD(xs_sysctl, xen_sysctl, interface_version);
CHECK_FIELD(xs_sysctl, xen_sysctl, u);
CHECK_FIELD(xs_sysctl, xen_sysctl, u.getdomaininfolist);
CHECK_SIZE(xs_sysctl_getdomaininfolist, xen_sysctl_getdomaininfolist);
CHECK_FIELD(xs_sysctl_getdomaininfolist, xen_sysctl_getdomaininfolist, first_domain);
CHECK_FIELD(xs_sysctl_getdomaininfolist, xen_sysctl_getdomaininfolist, max_domains);
CHECK_FIELD(xs_sysctl_getdomaininfolist, xen_sysctl_getdomaininfolist, buffer);
CHECK_FIELD(xs_sysctl_getdomaininfolist, xen_sysctl_getdomaininfolist, num_domains);

/* ---- the 4.17 row, checked when the program runs at build time (the
 * table is data in another object, not a constant expression here) ---- */
#define EXPECT(cond)                                                    \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "check_417: release table 4.17: %s\n", #cond); \
            bad++;                                                      \
        }                                                               \
    } while (0)

int main(void)
{
    const struct xs_release *r = xs_release_by_name("4.17");
    int bad = 0;

    if (!r) {
        fprintf(stderr, "check_417: no 4.17 row\n");
        return 1;
    }
    EXPECT(r->domctl_if == XEN_DOMCTL_INTERFACE_VERSION);
    EXPECT(r->sysctl_if == XEN_SYSCTL_INTERFACE_VERSION);
    EXPECT(r->dmop_max == XEN_DMOP_nr_vcpus);
    EXPECT(r->hvmctl_if == 0);
    EXPECT(r->getdomaininfo == XS_GETDOMAININFO_V2);
    EXPECT(r->bind_pt_irq == XS_BIND_PT_IRQ_V1);
    EXPECT(r->irq_permission == XS_IRQ_PERMISSION_V1);
    EXPECT(r->dominf == XS_DOMINF_V1);
    EXPECT(xs_release_has_hvmop(r, HVMOP_set_param));
    EXPECT(xs_release_has_hvmop(r, HVMOP_get_mem_type));
    EXPECT(!xs_release_has_hvmop(r, XS_HVMOP_set_pci_intx_level));
    EXPECT(xs_release_has_dmop(r, XEN_DMOP_nr_vcpus));
    EXPECT(!xs_release_has_dmop(r, XEN_DMOP_nr_vcpus + 1));
    /* every layout the table gives 4.17 has the installed header's size */
    static const struct { const char *type; size_t size; } real[] = {
        { "xen_domctl", sizeof(struct xen_domctl) },
        { "xen_domctl_getdomaininfo", sizeof(struct xen_domctl_getdomaininfo) },
        { "xen_domctl_bind_pt_irq", sizeof(struct xen_domctl_bind_pt_irq) },
        { "xen_domctl_irq_permission", sizeof(struct xen_domctl_irq_permission) },
        { "xen_domctl_iomem_permission", sizeof(struct xen_domctl_iomem_permission) },
        { "xen_domctl_memory_mapping", sizeof(struct xen_domctl_memory_mapping) },
        { "xen_domctl_ioport_mapping", sizeof(struct xen_domctl_ioport_mapping) },
        { "xen_sysctl", sizeof(struct xen_sysctl) },
        { "xen_dm_op", sizeof(struct xen_dm_op) },
        { "xen_dm_op_get_ioreq_server_info", sizeof(struct xen_dm_op_get_ioreq_server_info) },
        { "xen_dm_op_inject_event", sizeof(struct xen_dm_op_inject_event) },
        { "xen_dm_op_nr_vcpus", sizeof(struct xen_dm_op_nr_vcpus) },
        { "xen_hvm_param", sizeof(struct xen_hvm_param) },
    };
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        const struct xs_layout_gen *g = xs_layout_for(real[i].type, r);
        if (!g || g->size != real[i].size) {
            fprintf(stderr, "check_417: layout table 4.17 %s: %zu, headers say %zu\n",
                    real[i].type, g ? g->size : 0, real[i].size);
            bad++;
        }
    }
    /* and nothing that 4.17 lacks */
    EXPECT(!xs_layout_for("xen_hvm_set_pci_intx_level", r));
    EXPECT(!xs_layout_for("xen_domctl_pin_mem_cacheattr", r));
    EXPECT(!xs_layout_for("xen_hvmctl", r));
    return bad ? 1 : 0;
}

/* ---- the real-Xen runner's domain builder (4.17 = createdomain v3) ---- */
CHECK_NUM(XS_DOMCTL_createdomain, XEN_DOMCTL_createdomain);
CHECK_NUM(XS_DOMCTL_max_mem, XEN_DOMCTL_max_mem);
CHECK_NUM(XS_DOMCTL_gethvmcontext, XEN_DOMCTL_gethvmcontext);
CHECK_NUM(XS_DOMCTL_CDF_hvm, XEN_DOMCTL_CDF_hvm);
CHECK_NUM(XS_DOMCTL_CDF_hap, XEN_DOMCTL_CDF_hap);
CHECK_NUM(XS_X86_EMU_ALL_BUT_VPCI, XEN_X86_EMU_ALL & ~XEN_X86_EMU_VPCI);
#define CD xs_domctl_createdomain_v3
CHECK_SIZE(CD, xen_domctl_createdomain);
CHECK_FIELD(CD, xen_domctl_createdomain, ssidref);
CHECK_FIELD(CD, xen_domctl_createdomain, handle);
CHECK_FIELD(CD, xen_domctl_createdomain, flags);
CHECK_FIELD(CD, xen_domctl_createdomain, iommu_opts);
CHECK_FIELD(CD, xen_domctl_createdomain, max_vcpus);
CHECK_FIELD(CD, xen_domctl_createdomain, max_evtchn_port);
CHECK_FIELD(CD, xen_domctl_createdomain, max_grant_frames);
CHECK_FIELD(CD, xen_domctl_createdomain, max_maptrack_frames);
CHECK_FIELD(CD, xen_domctl_createdomain, grant_opts);
CHECK_FIELD(CD, xen_domctl_createdomain, vmtrace_size);
CHECK_FIELD(CD, xen_domctl_createdomain, cpupool_id);
CHECK_FIELD2(CD, arch.emulation_flags, xen_domctl_createdomain, arch.emulation_flags);
CHECK_FIELD2(CD, arch.misc_flags, xen_domctl_createdomain, arch.misc_flags);
#undef CD
CHECK_NUM(XS_DOMCTL_max_vcpus, XEN_DOMCTL_max_vcpus);
CHECK_SIZE(xs_domctl_max_vcpus, xen_domctl_max_vcpus);
CHECK_FIELD(xs_domctl_max_vcpus, xen_domctl_max_vcpus, max);
CHECK_SIZE(xs_domctl_max_mem, xen_domctl_max_mem);
CHECK_NUM(XS_DOMCTL_getvcpuinfo, XEN_DOMCTL_getvcpuinfo);
CHECK_SIZE(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo);
CHECK_FIELD(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo, vcpu);
CHECK_FIELD(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo, online);
CHECK_FIELD(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo, blocked);
CHECK_FIELD(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo, running);
CHECK_FIELD(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo, cpu_time);
CHECK_FIELD(xs_domctl_getvcpuinfo, xen_domctl_getvcpuinfo, cpu);

/* What xl info, xl list, xl vcpu-list and xentop ask (sim/hv_sysctl.c). */
CHECK_NUM(XS_DOMCTL_getvcpuaffinity, XEN_DOMCTL_getvcpuaffinity);
CHECK_NUM(XS_VCPUAFFINITY_HARD, XEN_VCPUAFFINITY_HARD);
CHECK_NUM(XS_VCPUAFFINITY_SOFT, XEN_VCPUAFFINITY_SOFT);
CHECK_SIZE(xs_xenctl_bitmap, xenctl_bitmap);
CHECK_FIELD(xs_xenctl_bitmap, xenctl_bitmap, bitmap);
CHECK_FIELD(xs_xenctl_bitmap, xenctl_bitmap, nr_bits);
CHECK_SIZE(xs_domctl_vcpuaffinity, xen_domctl_vcpuaffinity);
CHECK_FIELD(xs_domctl_vcpuaffinity, xen_domctl_vcpuaffinity, vcpu);
CHECK_FIELD(xs_domctl_vcpuaffinity, xen_domctl_vcpuaffinity, flags);
CHECK_FIELD(xs_domctl_vcpuaffinity, xen_domctl_vcpuaffinity, cpumap_hard);
CHECK_FIELD(xs_domctl_vcpuaffinity, xen_domctl_vcpuaffinity, cpumap_soft);
CHECK_NUM(XS_SYSCTL_physinfo, XEN_SYSCTL_physinfo);
CHECK_NUM(XS_SYSCTL_sched_id, XEN_SYSCTL_sched_id);
CHECK_NUM(XS_SYSCTL_cpupool_op, XEN_SYSCTL_cpupool_op);
CHECK_NUM(XS_CPUPOOL_OP_INFO, XEN_SYSCTL_CPUPOOL_OP_INFO);
CHECK_NUM(XS_CPUPOOL_OP_FREEINFO, XEN_SYSCTL_CPUPOOL_OP_FREEINFO);
CHECK_NUM(XS_SCHEDULER_CREDIT, XEN_SCHEDULER_CREDIT);
CHECK_NUM(XS_SCHEDULER_CREDIT2, XEN_SCHEDULER_CREDIT2);
CHECK_NUM(XS_PHYSCAP_hvm, XEN_SYSCTL_PHYSCAP_hvm);
CHECK_NUM(XS_PHYSCAP_pv, XEN_SYSCTL_PHYSCAP_pv);
CHECK_NUM(XS_PHYSCAP_directio, XEN_SYSCTL_PHYSCAP_directio);
CHECK_NUM(XS_PHYSCAP_hap, XEN_SYSCTL_PHYSCAP_hap);
CHECK_NUM(XS_PHYSCAP_shadow, XEN_SYSCTL_PHYSCAP_shadow);
CHECK_NUM(XS_PHYSCAP_gnttab_v1, XEN_SYSCTL_PHYSCAP_gnttab_v1);
CHECK_NUM(XS_PHYSCAP_gnttab_v2, XEN_SYSCTL_PHYSCAP_gnttab_v2);
CHECK_SIZE(xs_sysctl_physinfo_v2, xen_sysctl_physinfo);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, threads_per_core);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, max_cpu_id);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, cpu_khz);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, capabilities);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, arch_capabilities);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, total_pages);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, free_pages);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, scrub_pages);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, outstanding_pages);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, max_mfn);
CHECK_FIELD(xs_sysctl_physinfo_v2, xen_sysctl_physinfo, hw_cap);
CHECK_SIZE(xs_sysctl_sched_id, xen_sysctl_sched_id);
CHECK_SIZE(xs_sysctl_cpupool_op, xen_sysctl_cpupool_op);
CHECK_FIELD(xs_sysctl_cpupool_op, xen_sysctl_cpupool_op, op);
CHECK_FIELD(xs_sysctl_cpupool_op, xen_sysctl_cpupool_op, cpupool_id);
CHECK_FIELD(xs_sysctl_cpupool_op, xen_sysctl_cpupool_op, sched_id);
CHECK_FIELD(xs_sysctl_cpupool_op, xen_sysctl_cpupool_op, n_dom);
CHECK_FIELD(xs_sysctl_cpupool_op, xen_sysctl_cpupool_op, cpumap);
CHECK_FIELD(xs_domctl_max_mem, xen_domctl_max_mem, max_memkb);
CHECK_SIZE(xs_domctl_hvmcontext, xen_domctl_hvmcontext);
CHECK_FIELD(xs_domctl_hvmcontext, xen_domctl_hvmcontext, size);
CHECK_FIELD(xs_domctl_hvmcontext, xen_domctl_hvmcontext, buffer);
CHECK_NUM(XS_XENMEM_populate_physmap, XENMEM_populate_physmap);

/* ---- event channels, ioreqs, resources (4.17 headers) ---- */
CHECK_NUM(XS_HYPERCALL_multicall, __HYPERVISOR_multicall);
CHECK_SIZE(xs_multicall_entry, multicall_entry);
CHECK_FIELD(xs_multicall_entry, multicall_entry, result);
CHECK_FIELD(xs_multicall_entry, multicall_entry, args);
CHECK_NUM(XS_HYPERCALL_event_channel_op, __HYPERVISOR_event_channel_op);
CHECK_NUM(XS_EVTCHNOP_bind_interdomain, EVTCHNOP_bind_interdomain);
CHECK_NUM(XS_EVTCHNOP_bind_virq, EVTCHNOP_bind_virq);
CHECK_NUM(XS_EVTCHNOP_close, EVTCHNOP_close);
CHECK_NUM(XS_EVTCHNOP_send, EVTCHNOP_send);
CHECK_NUM(XS_EVTCHNOP_status, EVTCHNOP_status);
CHECK_NUM(XS_EVTCHNOP_alloc_unbound, EVTCHNOP_alloc_unbound);
CHECK_NUM(XS_EVTCHNOP_unmask, EVTCHNOP_unmask);
CHECK_NUM(XS_EVTCHNOP_reset, EVTCHNOP_reset);
CHECK_NUM(XS_VIRQ_DOM_EXC, VIRQ_DOM_EXC);
CHECK_NUM(XS_NR_VIRQS, NR_VIRQS);
CHECK_SIZE(xs_evtchn_alloc_unbound, evtchn_alloc_unbound);
CHECK_FIELD(xs_evtchn_alloc_unbound, evtchn_alloc_unbound, remote_dom);
CHECK_FIELD(xs_evtchn_alloc_unbound, evtchn_alloc_unbound, port);
CHECK_SIZE(xs_evtchn_bind_interdomain, evtchn_bind_interdomain);
CHECK_FIELD(xs_evtchn_bind_interdomain, evtchn_bind_interdomain, remote_port);
CHECK_FIELD(xs_evtchn_bind_interdomain, evtchn_bind_interdomain, local_port);
CHECK_SIZE(xs_evtchn_bind_virq, evtchn_bind_virq);
CHECK_FIELD(xs_evtchn_bind_virq, evtchn_bind_virq, port);
CHECK_SIZE(xs_evtchn_status, evtchn_status);
CHECK_FIELD(xs_evtchn_status, evtchn_status, status);
CHECK_FIELD(xs_evtchn_status, evtchn_status, vcpu);
CHECK_FIELD(xs_evtchn_status, evtchn_status, u);
CHECK_NUM(XS_EVTCHNSTAT_interdomain, EVTCHNSTAT_interdomain);
CHECK_NUM(XS_EVTCHNSTAT_virq, EVTCHNSTAT_virq);
CHECK_SIZE(xs_ioreq, ioreq);
CHECK_FIELD(xs_ioreq, ioreq, addr);
CHECK_FIELD(xs_ioreq, ioreq, data);
CHECK_FIELD(xs_ioreq, ioreq, count);
CHECK_FIELD(xs_ioreq, ioreq, size);
CHECK_FIELD(xs_ioreq, ioreq, vp_eport);
CHECK_FIELD(xs_ioreq, ioreq, type);
CHECK_NUM(XS_STATE_IORESP_READY, STATE_IORESP_READY);
CHECK_NUM(XS_IOREQ_TYPE_PCI_CONFIG, IOREQ_TYPE_PCI_CONFIG);
CHECK_NUM(XS_IOREQ_TYPE_COPY, IOREQ_TYPE_COPY);
CHECK_NUM(XS_XENMEM_acquire_resource, XENMEM_acquire_resource);
CHECK_NUM(XS_XENMEM_resource_ioreq_server, XENMEM_resource_ioreq_server);
CHECK_NUM(XS_XENMEM_resource_ioreq_server_frame_ioreq(0), XENMEM_resource_ioreq_server_frame_ioreq(0));
CHECK_SIZE(xs_xen_mem_acquire_resource, xen_mem_acquire_resource);
CHECK_FIELD(xs_xen_mem_acquire_resource, xen_mem_acquire_resource, nr_frames);
CHECK_FIELD(xs_xen_mem_acquire_resource, xen_mem_acquire_resource, frame);
CHECK_FIELD(xs_xen_mem_acquire_resource, xen_mem_acquire_resource, frame_list);

/* ---- Linux's Xen devices (the headers libxen-dev ships) ---- */
CHECK_NUM(XS_IOCTL_PRIVCMD_MMAPBATCH_V2, IOCTL_PRIVCMD_MMAPBATCH_V2);
CHECK_NUM(XS_IOCTL_PRIVCMD_MMAP_RESOURCE, IOCTL_PRIVCMD_MMAP_RESOURCE);
CHECK_SIZE(xs_privcmd_mmapbatch_v2, privcmd_mmapbatch_v2);
CHECK_FIELD(xs_privcmd_mmapbatch_v2, privcmd_mmapbatch_v2, dom);
CHECK_FIELD(xs_privcmd_mmapbatch_v2, privcmd_mmapbatch_v2, addr);
CHECK_FIELD(xs_privcmd_mmapbatch_v2, privcmd_mmapbatch_v2, arr);
CHECK_FIELD(xs_privcmd_mmapbatch_v2, privcmd_mmapbatch_v2, err);
CHECK_SIZE(xs_privcmd_mmap_resource, privcmd_mmap_resource);
CHECK_FIELD(xs_privcmd_mmap_resource, privcmd_mmap_resource, idx);
CHECK_FIELD(xs_privcmd_mmap_resource, privcmd_mmap_resource, num);
CHECK_FIELD(xs_privcmd_mmap_resource, privcmd_mmap_resource, addr);
CHECK_NUM(XS_IOCTL_EVTCHN_BIND_VIRQ, IOCTL_EVTCHN_BIND_VIRQ);
CHECK_NUM(XS_IOCTL_EVTCHN_BIND_INTERDOMAIN, IOCTL_EVTCHN_BIND_INTERDOMAIN);
CHECK_NUM(XS_IOCTL_EVTCHN_BIND_UNBOUND_PORT, IOCTL_EVTCHN_BIND_UNBOUND_PORT);
CHECK_NUM(XS_IOCTL_EVTCHN_UNBIND, IOCTL_EVTCHN_UNBIND);
CHECK_NUM(XS_IOCTL_EVTCHN_NOTIFY, IOCTL_EVTCHN_NOTIFY);
CHECK_NUM(XS_IOCTL_EVTCHN_RESET, IOCTL_EVTCHN_RESET);
CHECK_NUM(XS_IOCTL_EVTCHN_RESTRICT_DOMID, IOCTL_EVTCHN_RESTRICT_DOMID);
CHECK_SIZE(xs_ioctl_evtchn_bind_interdomain, ioctl_evtchn_bind_interdomain);
CHECK_NUM(XS_IOCTL_GNTDEV_SET_MAX_GRANTS, IOCTL_GNTDEV_SET_MAX_GRANTS);
CHECK_NUM(XS_IOCTL_GNTDEV_GRANT_COPY, IOCTL_GNTDEV_GRANT_COPY);
CHECK_SIZE(xs_ioctl_gntdev_grant_copy, ioctl_gntdev_grant_copy);
CHECK_FIELD(xs_ioctl_gntdev_grant_copy, ioctl_gntdev_grant_copy, segments);
CHECK_NUM(XS_GNTDEV_GRANT_COPY_SEGMENT_SIZE, sizeof(struct ioctl_gntdev_grant_copy_segment));
CHECK_NUM(XS_GNTDEV_SEGMENT_STATUS_OFFSET, offsetof(struct ioctl_gntdev_grant_copy_segment, status));
CHECK_SIZE(xs_xen_memory_reservation, xen_memory_reservation);
CHECK_FIELD(xs_xen_memory_reservation, xen_memory_reservation, extent_start);
CHECK_FIELD(xs_xen_memory_reservation, xen_memory_reservation, nr_extents);
CHECK_FIELD(xs_xen_memory_reservation, xen_memory_reservation, extent_order);
CHECK_FIELD(xs_xen_memory_reservation, xen_memory_reservation, mem_flags);
CHECK_FIELD(xs_xen_memory_reservation, xen_memory_reservation, domid);
CHECK_SIZE(xs_hvm_save_descriptor, hvm_save_descriptor);
CHECK_FIELD(xs_hvm_save_descriptor, hvm_save_descriptor, typecode);
CHECK_FIELD(xs_hvm_save_descriptor, hvm_save_descriptor, instance);
CHECK_FIELD(xs_hvm_save_descriptor, hvm_save_descriptor, length);
CHECK_NUM(XS_HVM_SAVE_PCI_IRQ, HVM_SAVE_CODE(PCI_IRQ));
CHECK_NUM(XS_HVM_SAVE_ISA_IRQ, HVM_SAVE_CODE(ISA_IRQ));
CHECK_NUM(XS_HVM_SAVE_PCI_LINK, HVM_SAVE_CODE(PCI_LINK));
CHECK_NUM(XS_HVM_SAVE_END, HVM_SAVE_CODE(END));
