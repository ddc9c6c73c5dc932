/* The part of xenctrl.h and xenstore.h that a device model of Xen 4.6,
 * 4.11 or 4.15 sees (LEGACY_DM_RELEASE 406, 411, 415), written out from those
 * releases' headers: legacy_dm46/legacy_dm411 are programs built for
 * that era, and must not borrow declarations from the host or from the
 * compat layer they test. */
#ifndef LEGACY_DM_XEN_H
#define LEGACY_DM_XEN_H

#include <stdbool.h>
#include <stdint.h>

typedef struct xc_interface xc_interface;
typedef struct xentoollog_logger xentoollog_logger;
typedef uint16_t domid_t;
typedef uint16_t ioservid_t;
typedef uint32_t evtchn_port_t;
typedef unsigned long xen_pfn_t;
typedef enum { HVMMEM_ram_rw, HVMMEM_ram_ro, HVMMEM_mmio_dm } hvmmem_type_t;

#define HVM_IOREQSRV_BUFIOREQ_ATOMIC 2
#define HVMOP_TRAP_hw_exc 3
#define HVM_PARAM_TIMER_MODE 10
#define HVM_PARAM_VMPORT_REGS_PFN 35

#define XC_DOMINFO_RELEASE LEGACY_DM_RELEASE
#define XC_DOMINFO_TAG xc_dominfo
#include "shim/compat/xc_dominfo.h"
typedef struct xc_dominfo xc_dominfo_t;

#if LEGACY_DM_RELEASE >= 410
typedef uint32_t era_domid_t;
typedef uint32_t era_nr_t;
typedef uint16_t era_segment_t;
typedef uint8_t era_event_t;
#else
typedef domid_t era_domid_t;
typedef uint64_t era_nr_t;
typedef uint8_t era_segment_t;
typedef uint32_t era_event_t;
#endif

xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger,
                                unsigned open_flags);
int xc_interface_close(xc_interface *xch);
int xc_hvm_create_ioreq_server(xc_interface *xch, era_domid_t domid, int handle_bufioreq,
                               ioservid_t *id);
int xc_hvm_get_ioreq_server_info(xc_interface *xch, era_domid_t domid, ioservid_t id,
                                 xen_pfn_t *ioreq_pfn, xen_pfn_t *bufioreq_pfn,
                                 evtchn_port_t *bufioreq_port);
int xc_hvm_map_io_range_to_ioreq_server(xc_interface *xch, era_domid_t domid, ioservid_t id,
                                        int is_mmio, uint64_t start, uint64_t end);
int xc_hvm_unmap_io_range_from_ioreq_server(xc_interface *xch, era_domid_t domid, ioservid_t id,
                                            int is_mmio, uint64_t start, uint64_t end);
int xc_hvm_map_pcidev_to_ioreq_server(xc_interface *xch, era_domid_t domid, ioservid_t id,
                                      uint16_t segment, uint8_t bus, uint8_t device,
                                      uint8_t function);
int xc_hvm_unmap_pcidev_from_ioreq_server(xc_interface *xch, era_domid_t domid, ioservid_t id,
                                          uint16_t segment, uint8_t bus, uint8_t device,
                                          uint8_t function);
int xc_hvm_destroy_ioreq_server(xc_interface *xch, era_domid_t domid, ioservid_t id);
int xc_hvm_set_ioreq_server_state(xc_interface *xch, era_domid_t domid, ioservid_t id,
                                  int enabled);
int xc_hvm_inject_msi(xc_interface *xch, era_domid_t dom, uint64_t addr, uint32_t data);
int xc_hvm_modified_memory(xc_interface *xch, era_domid_t dom, uint64_t first_pfn, era_nr_t nr);
int xc_hvm_set_isa_irq_level(xc_interface *xch, era_domid_t dom, uint8_t isa_irq,
                             unsigned int level);
int xc_hvm_set_mem_type(xc_interface *xch, era_domid_t dom, hvmmem_type_t memtype,
                        uint64_t first_pfn, era_nr_t nr);
int xc_hvm_set_pci_intx_level(xc_interface *xch, era_domid_t dom, era_segment_t domain,
                              uint8_t bus, uint8_t device, uint8_t intx, unsigned int level);
int xc_hvm_set_pci_link_route(xc_interface *xch, era_domid_t dom, uint8_t link, uint8_t isa_irq);
int xc_hvm_track_dirty_vram(xc_interface *xch, era_domid_t dom, uint64_t first_pfn, era_nr_t nr,
                            unsigned long *bitmap);
int xc_hvm_inject_trap(xc_interface *xch, era_domid_t dom, int vcpu, era_event_t vector,
                       era_event_t type, uint32_t error_code, era_event_t insn_len, uint64_t cr2);
int xc_hvm_param_get(xc_interface *handle, era_domid_t dom, uint32_t param, uint64_t *value);
int xc_set_hvm_param(xc_interface *handle, era_domid_t dom, int param, unsigned long value);
int xc_get_hvm_param(xc_interface *handle, era_domid_t dom, int param, unsigned long *value);
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid, unsigned int max_doms,
                      xc_dominfo_t *info);

struct xs_handle;
struct xs_handle *xs_daemon_open(void);
void xs_daemon_close(struct xs_handle *);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);

#endif
