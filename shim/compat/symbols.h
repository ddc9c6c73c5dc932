/* The one description of what the compat libraries export.
 *
 * XC(name, first, last, host): libxenctrl.so.4.N exports `name` for the
 * releases first..last (4.N written 400+N); `host` is the host call it
 * maps onto (documentation, `compat-gen --table`).  The prototype of each
 * era is in xenctrl_compat.c, where the eras differ (XC_ERA_* there).
 *
 * XG(name, first, last, host): the same for libxenguest.so.4.N, which
 * a QEMU of 4.5-4.8 links for xc_linux_build.
 *
 * XSTORE(name): libxenstore.so.3.0 (4.5-4.15) forwards `name` to the host's
 * libxenstore.so.4, which kept the same prototypes.
 *
 * The list is what device models of each era import (QEMU 2.x with
 * xen_common.h's compat paths, qemu-traditional's passthrough and
 * mapping calls), not all of libxenctrl.
 * Included by compat-gen.c (version scripts, docs) and cmd_check.c. */

/* Releases with a compat libxenctrl, and the symbol version each used. */
#define XC_RELEASES(R)                                                  \
    R(405, "") R(406, "") R(407, "") R(408, "") R(409, "") R(410, "")   \
    R(411, "") R(412, "") R(413, "") R(414, "")                         \
    R(415, "VERS_4.15.0") R(416, "VERS_4.16.0")

/* libxenstore.so.3.0 was built by 4.5-4.15; only 4.15 versioned it. */
#define XSTORE_FIRST 405
#define XSTORE_LAST 415
#define XSTORE_VERSION "VERS_3.0.3"

#define XC_SYMBOLS                                                                      \
    XC(xc_interface_open, 405, 416, "xc_interface_open + xendevicemodel_open")          \
    XC(xc_interface_close, 405, 416, "xc_interface_close + xendevicemodel_close + xenforeignmemory_close") \
    XC(xc_evtchn_open, 405, 416, "xenevtchn_open")                                      \
    XC(xc_evtchn_close, 405, 416, "xenevtchn_close")                                    \
    XC(xc_evtchn_fd, 405, 416, "xenevtchn_fd")                                          \
    XC(xc_evtchn_notify, 405, 416, "xenevtchn_notify")                                  \
    XC(xc_evtchn_bind_unbound_port, 405, 416, "xenevtchn_bind_unbound_port")            \
    XC(xc_evtchn_bind_interdomain, 405, 416, "xenevtchn_bind_interdomain")              \
    XC(xc_evtchn_bind_virq, 405, 416, "xenevtchn_bind_virq")                            \
    XC(xc_evtchn_unbind, 405, 416, "xenevtchn_unbind")                                  \
    XC(xc_evtchn_pending, 405, 416, "xenevtchn_pending")                                \
    XC(xc_evtchn_unmask, 405, 416, "xenevtchn_unmask")                                  \
    XC(xc_gnttab_open, 405, 416, "xengnttab_open")                                      \
    XC(xc_gnttab_close, 405, 416, "xengnttab_close")                                    \
    XC(xc_gnttab_map_grant_ref, 405, 416, "xengnttab_map_grant_ref")                    \
    XC(xc_gnttab_map_grant_refs, 405, 416, "xengnttab_map_grant_refs")                  \
    XC(xc_gnttab_map_domain_grant_refs, 405, 416, "xengnttab_map_domain_grant_refs")    \
    XC(xc_gnttab_munmap, 405, 416, "xengnttab_unmap")                                   \
    XC(xc_gnttab_set_max_grants, 405, 416, "xengnttab_set_max_grants")                  \
    XC(xc_map_foreign_bulk, 405, 416, "xenforeignmemory_map")                           \
    XC(xc_map_foreign_pages, 405, 416, "xenforeignmemory_map")                          \
    XC(xc_map_foreign_range, 405, 416, "xenforeignmemory_map")                          \
    XC(xc_map_foreign_batch, 405, 406, "xenforeignmemory_map (failed frames marked 0xf<<28)") \
    XC(xc_hvm_create_ioreq_server, 405, 416, "xendevicemodel_create_ioreq_server")      \
    XC(xc_hvm_get_ioreq_server_info, 405, 416, "xendevicemodel_get_ioreq_server_info")  \
    XC(xc_hvm_map_io_range_to_ioreq_server, 405, 416, "xendevicemodel_map_io_range_to_ioreq_server") \
    XC(xc_hvm_unmap_io_range_from_ioreq_server, 405, 416, "xendevicemodel_unmap_io_range_from_ioreq_server") \
    XC(xc_hvm_map_pcidev_to_ioreq_server, 405, 416, "xendevicemodel_map_pcidev_to_ioreq_server") \
    XC(xc_hvm_unmap_pcidev_from_ioreq_server, 405, 416, "xendevicemodel_unmap_pcidev_from_ioreq_server") \
    XC(xc_hvm_destroy_ioreq_server, 405, 416, "xendevicemodel_destroy_ioreq_server")    \
    XC(xc_hvm_set_ioreq_server_state, 405, 416, "xendevicemodel_set_ioreq_server_state") \
    XC(xc_hvm_set_pci_intx_level, 405, 416, "xendevicemodel_set_pci_intx_level")        \
    XC(xc_hvm_set_isa_irq_level, 405, 416, "xendevicemodel_set_isa_irq_level")          \
    XC(xc_hvm_set_pci_link_route, 405, 416, "xendevicemodel_set_pci_link_route")        \
    XC(xc_hvm_inject_msi, 405, 416, "xendevicemodel_inject_msi")                        \
    XC(xc_hvm_track_dirty_vram, 405, 416, "xendevicemodel_track_dirty_vram")            \
    XC(xc_hvm_modified_memory, 405, 416, "xendevicemodel_modified_memory")              \
    XC(xc_hvm_set_mem_type, 405, 416, "xendevicemodel_set_mem_type")                    \
    XC(xc_hvm_inject_trap, 405, 416, "xendevicemodel_inject_event")                     \
    XC(xc_hvm_param_get, 405, 416, "xc_hvm_param_get")                                  \
    XC(xc_hvm_param_set, 405, 416, "xc_hvm_param_set")                                  \
    XC(xc_get_hvm_param, 405, 416, "xc_hvm_param_get")                                  \
    XC(xc_set_hvm_param, 405, 416, "xc_hvm_param_set")                                  \
    XC(xc_domain_getinfo, 405, 416, "xc_domain_getinfo (4.16/4.17 layout)")        \
    XC(xc_domain_pause, 405, 416, "xc_domain_pause")                                    \
    XC(xc_domain_unpause, 405, 416, "xc_domain_unpause")                                \
    XC(xc_domain_shutdown, 405, 416, "xc_domain_shutdown")                              \
    XC(xc_domain_add_to_physmap, 405, 416, "xc_domain_add_to_physmap")                  \
    XC(xc_domain_populate_physmap_exact, 405, 416, "xc_domain_populate_physmap_exact")  \
    XC(xc_domain_pin_memory_cacheattr, 405, 416, "xc_domain_pin_memory_cacheattr")      \
    XC(xc_domain_iomem_permission, 405, 416, "xc_domain_iomem_permission")              \
    XC(xc_domain_ioport_permission, 405, 416, "xc_domain_ioport_permission")            \
    XC(xc_domain_irq_permission, 405, 416, "xc_domain_irq_permission")                  \
    XC(xc_domain_memory_mapping, 405, 416, "xc_domain_memory_mapping")                  \
    XC(xc_domain_ioport_mapping, 405, 416, "xc_domain_ioport_mapping")                  \
    XC(xc_domain_bind_pt_pci_irq, 405, 416, "xc_domain_bind_pt_pci_irq")                \
    XC(xc_domain_bind_pt_irq, 405, 416, "xc_domain_bind_pt_irq")                        \
    XC(xc_domain_bind_pt_isa_irq, 405, 416, "xc_domain_bind_pt_isa_irq")                \
    XC(xc_domain_unbind_pt_irq, 405, 416, "xc_domain_unbind_pt_irq")                    \
    XC(xc_domain_update_msi_irq, 405, 416, "xc_domain_update_msi_irq")                  \
    XC(xc_domain_unbind_msi_irq, 405, 416, "xc_domain_unbind_msi_irq")                  \
    XC(xc_physdev_map_pirq, 405, 416, "xc_physdev_map_pirq")                            \
    XC(xc_physdev_map_pirq_msi, 405, 416, "xc_physdev_map_pirq_msi")                    \
    XC(xc_physdev_unmap_pirq, 405, 416, "xc_physdev_unmap_pirq")                        \
    XC(xc_physdev_pci_access_modify, 405, 416, "xc_physdev_pci_access_modify")          \
    XC(xc_version, 405, 416, "xc_version")

#define XG_SYMBOLS                                                      \
    XG(xc_linux_build, 405, 416, "xc_linux_build of libxenguest.so.4.N")

#define XSTORE_SYMBOLS                                                      \
    XSTORE(xs_open) XSTORE(xs_close) XSTORE(xs_daemon_open)                 \
    XSTORE(xs_domain_open) XSTORE(xs_daemon_open_readonly)                  \
    XSTORE(xs_daemon_close) XSTORE(xs_daemon_destroy_postfork)              \
    XSTORE(xs_directory) XSTORE(xs_read) XSTORE(xs_write) XSTORE(xs_mkdir)  \
    XSTORE(xs_rm) XSTORE(xs_restrict) XSTORE(xs_get_permissions)            \
    XSTORE(xs_set_permissions) XSTORE(xs_watch) XSTORE(xs_fileno)           \
    XSTORE(xs_check_watch) XSTORE(xs_read_watch) XSTORE(xs_unwatch)         \
    XSTORE(xs_transaction_start) XSTORE(xs_transaction_end)                 \
    XSTORE(xs_introduce_domain) XSTORE(xs_set_target)                       \
    XSTORE(xs_resume_domain) XSTORE(xs_release_domain)                      \
    XSTORE(xs_get_domain_path) XSTORE(xs_path_is_subpath)                   \
    XSTORE(xs_is_domain_introduced) XSTORE(xs_debug_command)                \
    XSTORE(xs_suspend_evtchn_port) XSTORE(xs_daemon_rundir)                 \
    XSTORE(xs_daemon_socket) XSTORE(xs_daemon_socket_ro)                    \
    XSTORE(xs_write_all) XSTORE(xs_strings_to_perms)
