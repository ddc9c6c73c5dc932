/* The Xen 4.6 ABI as a device model of that release carried it in its own
 * copy of Xen's public headers: numbers and layouts of the HVMOPs and
 * domctls legacy_client.c and ioreq_dm46.c issue through raw privcmd. */
#ifndef LEGACY_ABI46_H
#define LEGACY_ABI46_H

#include <stdint.h>

#define IOCTL_PRIVCMD_HYPERCALL 0x305000ul
#define HYPERVISOR_hvm_op 34
#define HYPERVISOR_domctl 36
#define HYPERVISOR_memory_op 12
#define XENMEM_set_memory_map 13

#define DOMCTL_INTERFACE_VERSION_46 0x0b
#define DOMCTL_pausedomain   3
#define DOMCTL_unpausedomain 4
#define DOMCTL_getdomaininfo 5
#define DOMCTL_max_mem       11
#define DOMCTL_getvcpuinfo   14
#define DOMCTL_getvcpuaffinity 25
#define VCPUAFFINITY_HARD    (1u << 0)
#define DOMINF_hvm_guest (1u << 1)
#define DOMINF_paused    (1u << 3)

#define HVMOP_set_param 0
#define HVMOP_get_param 1
#define HVMOP_set_pci_intx_level 2
#define HVMOP_set_isa_irq_level 3
#define HVMOP_set_pci_link_route 4
#define HVMOP_track_dirty_vram 6
#define HVMOP_modified_memory 7
#define HVMOP_set_mem_type 8
#define HVMOP_inject_trap 14
#define HVMOP_get_mem_type 15
#define HVMOP_inject_msi 16
#define HVMOP_create_ioreq_server 17
#define HVMOP_get_ioreq_server_info 18
#define HVMOP_map_io_range_to_ioreq_server 19
#define HVMOP_unmap_io_range_from_ioreq_server 20
#define HVMOP_destroy_ioreq_server 21
#define HVMOP_set_ioreq_server_state 22

#define HVMMEM_ram_rw 0
#define HVMMEM_ram_ro 1
#define HVM_IOREQSRV_BUFIOREQ_ATOMIC 2
#define HVMOP_IO_RANGE_PORT 0
#define HVMOP_IO_RANGE_MEMORY 1
#define HVMOP_IO_RANGE_PCI 2
#define HVMOP_TRAP_hw_exc 3
#define HVM_PARAM_TIMER_MODE 10
#define HVM_PARAM_VMPORT_REGS_PFN 35

#define PCI_SBDF(s, b, d, f) \
    ((((s) & 0xffffu) << 16) | (((b) & 0xffu) << 8) | (((d) & 0x1fu) << 3) | ((f) & 7u))

/* The 4.6 layouts (xen/include/public/hvm/hvm_op.h, domctl.h). */
struct hvm_param { uint16_t domid; uint32_t index; uint64_t value; };
struct hvm_set_pci_intx_level { uint16_t domid; uint8_t domain, bus, device, intx, level; };
struct hvm_set_isa_irq_level { uint16_t domid; uint8_t isa_irq, level; };
struct hvm_set_pci_link_route { uint16_t domid; uint8_t link, isa_irq; };
struct hvm_track_dirty_vram {
    uint16_t domid; uint32_t nr;
    uint64_t first_pfn __attribute__((aligned(8)));
    uint64_t dirty_bitmap __attribute__((aligned(8)));
};
struct hvm_modified_memory {
    uint16_t domid; uint32_t nr;
    uint64_t first_pfn __attribute__((aligned(8)));
};
struct hvm_set_mem_type {
    uint16_t domid, hvmmem_type; uint32_t nr;
    uint64_t first_pfn __attribute__((aligned(8)));
};
struct hvm_inject_trap {
    uint16_t domid; uint32_t vcpuid, vector, type, error_code, insn_len;
    uint64_t cr2 __attribute__((aligned(8)));
};
struct hvm_get_mem_type { uint16_t domid, mem_type, pad[2]; uint64_t pfn; };
struct hvm_inject_msi { uint16_t domid; uint32_t data; uint64_t addr; };
struct hvm_create_ioreq_server { uint16_t domid; uint8_t handle_bufioreq; uint16_t id; };
struct hvm_get_ioreq_server_info {
    uint16_t domid, id; uint32_t bufioreq_port;
    uint64_t ioreq_pfn __attribute__((aligned(8)));
    uint64_t bufioreq_pfn __attribute__((aligned(8)));
};
struct hvm_io_range {
    uint16_t domid, id; uint32_t type;
    uint64_t start __attribute__((aligned(8)));
    uint64_t end __attribute__((aligned(8)));
};
struct hvm_destroy_ioreq_server { uint16_t domid, id; };
struct hvm_set_ioreq_server_state { uint16_t domid, id; uint8_t enabled; };

struct domctl_getdomaininfo {
    uint16_t domain; uint32_t flags;
    uint64_t tot_pages, max_pages, outstanding_pages, shr_pages, paged_pages;
    uint64_t shared_info_frame, cpu_time;
    uint32_t nr_online_vcpus, max_vcpu_id, ssidref;
    uint8_t handle[16];
    uint32_t cpupool;
};
struct domctl {
    uint32_t cmd, interface_version;
    uint16_t domain;
    union {
        struct domctl_getdomaininfo getdomaininfo;
        uint8_t pad[128];
        uint64_t align;
    } u;
};

_Static_assert(sizeof(struct hvm_param) == 16, "xen_hvm_param");
_Static_assert(sizeof(struct hvm_set_pci_intx_level) == 8, "set_pci_intx_level");
_Static_assert(sizeof(struct hvm_set_isa_irq_level) == 4, "set_isa_irq_level");
_Static_assert(sizeof(struct hvm_set_pci_link_route) == 4, "set_pci_link_route");
_Static_assert(sizeof(struct hvm_track_dirty_vram) == 24, "track_dirty_vram");
_Static_assert(sizeof(struct hvm_modified_memory) == 16, "modified_memory");
_Static_assert(sizeof(struct hvm_set_mem_type) == 16, "set_mem_type");
_Static_assert(sizeof(struct hvm_inject_trap) == 32, "inject_trap");
_Static_assert(sizeof(struct hvm_get_mem_type) == 16, "get_mem_type");
_Static_assert(sizeof(struct hvm_inject_msi) == 16, "inject_msi");
_Static_assert(sizeof(struct hvm_create_ioreq_server) == 6, "create_ioreq_server");
_Static_assert(sizeof(struct hvm_get_ioreq_server_info) == 24, "get_ioreq_server_info");
_Static_assert(sizeof(struct hvm_io_range) == 24, "io_range");
_Static_assert(sizeof(struct hvm_destroy_ioreq_server) == 4, "destroy_ioreq_server");
_Static_assert(sizeof(struct hvm_set_ioreq_server_state) == 6, "set_ioreq_server_state");
_Static_assert(sizeof(struct domctl_getdomaininfo) == 96, "getdomaininfo 4.6");
_Static_assert(sizeof(struct domctl) == 144, "xen_domctl");

#endif
