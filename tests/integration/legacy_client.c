/* A device model of the Xen 4.6 era, reduced to its hypercalls.
 *
 * It talks to privcmd the way 4.6 libxenctrl does: /proc/xen/privcmd (then
 * /dev/xen/privcmd), one IOCTL_PRIVCMD_HYPERCALL per call, arguments in
 * MAP_LOCKED anonymous pages (here at page+4, so nothing relies on their
 * alignment), the 4.6 structure layouts and domctl interface_version 0x0b.
 * The layouts are written out here from the 4.6 headers on purpose, apart
 * from versions/abi.h: the client is a program built for 4.6, so it must
 * not share a layout mistake with the shim it tests.
 *
 * The order follows what a QEMU 2.6 with Xen 4.6 does (xen_hvm_init, then
 * its listeners): create and query its ioreq server, read a param, enable
 * the server, claim port/MMIO/PCI ranges, raise
 * interrupts, track VRAM, report modified memory, change memory types,
 * pause/unpause the domain; then calls that must fail, then teardown.
 *
 * Output: one line per call, "<name> rc=<ioctl return> errno=<name>",
 * sometimes followed by facts checked on the results ("info=consistent").
 * Nothing release-specific is printed (no ioreq server id, no pfn, no
 * port), so the output is the same wherever the calls mean the same.
 *
 * usage: legacy_client [domid [domctl_version]]   (default 1, 0x0b)
 * A different domctl version plays the same client built for another
 * legacy release (4.5: 0x0a, 4.8: 0x0c). 
 * Exit status 0 once the sequence ran, whatever the calls returned. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "legacy_abi46.h"

/* Frames in the large dirty-VRAM request: its bitmap (5000 bytes) is more
 * than a page, which the DM_OP ioctl of newer kernels would not take. */
#define LARGE_VRAM_PAGES 40000u
#define AUX_PAGES 2

static int privcmd = -1;
static uint32_t domctl_version = DOMCTL_INTERFACE_VERSION_46;
static unsigned char *arg_page, *aux_page;   /* hypercall buffers */
static long page_size;

static const char *errno_name(int e)
{
    static const struct { int e; const char *n; } t[] = {
        { 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
        { EINTR, "EINTR" }, { EIO, "EIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" },
        { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
        { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
        { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
        { ENOSYS, "ENOSYS" }, { ENOTTY, "ENOTTY" }, { EOPNOTSUPP, "EOPNOTSUPP" },
        { ENXIO, "ENXIO" }, { EBADF, "EBADF" },
    };
    static char buf[16];
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (t[i].e == e)
            return t[i].n;
    snprintf(buf, sizeof(buf), "E%d", e);
    return buf;
}

/* A hypercall buffer as 4.6 libxenctrl allocates it: locked anonymous
 * memory.  MAP_LOCKED can fail under a small RLIMIT_MEMLOCK; the pages
 * are then only not locked, which nothing here depends on. */
static unsigned char *alloc_locked_pages(size_t n)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    void *p = mmap(NULL, n * page_size, PROT_READ | PROT_WRITE, flags | MAP_LOCKED, -1, 0);

    if (p == MAP_FAILED)
        p = mmap(NULL, n * page_size, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    return p;
}

struct result {
    long rc;
    int err;
};

static struct result hypercall(uint64_t op, uint64_t a0, uint64_t a1)
{
    struct { uint64_t op, arg[5]; } h = { op, { a0, a1, 0, 0, 0 } };
    struct result r;

    errno = 0;
    r.rc = ioctl(privcmd, IOCTL_PRIVCMD_HYPERCALL, &h);
    r.err = r.rc < 0 ? errno : 0;
    return r;
}

/* hvm_op with the argument copied into the hypercall buffer at page+4,
 * and copied back afterwards (the hypervisor writes OUT fields there). */
static struct result hvm_op(unsigned sub, void *arg, size_t len)
{
    struct result r;

    memset(arg_page, 0, page_size);
    memcpy(arg_page + 4, arg, len);
    r = hypercall(HYPERVISOR_hvm_op, sub, (uint64_t)(uintptr_t)(arg_page + 4));
    memcpy(arg, arg_page + 4, len);
    return r;
}

/* A domctl whose payload (len bytes at p) goes in the union. */
static struct result domctl_payload(uint32_t cmd, uint16_t domid, struct domctl *d,
                                    const void *p, size_t len)
{
    struct result r;

    memset(d, 0, sizeof(*d));
    d->cmd = cmd;
    d->interface_version = domctl_version;
    d->domain = domid;
    if (p)
        memcpy(&d->u, p, len);
    memset(arg_page, 0, page_size);
    memcpy(arg_page + 4, d, sizeof(*d));
    r = hypercall(HYPERVISOR_domctl, (uint64_t)(uintptr_t)(arg_page + 4), 0);
    memcpy(d, arg_page + 4, sizeof(*d));
    return r;
}

static struct result domctl(uint32_t cmd, uint16_t domid, struct domctl *d)
{
    return domctl_payload(cmd, domid, d, NULL, 0);
}

static void report(const char *name, struct result r, const char *extra);

/* What 4.6's xc_domain_setmaxmem and xc_vcpu_getinfo (xl, xentop) issue:
 * the same memory limit again, and a vCPU's state. */
static void memory_and_vcpus(uint16_t dom)
{
    struct vcpuinfo {
        uint32_t vcpu;
        uint8_t online, blocked, running;
        uint64_t cpu_time __attribute__((aligned(8)));
        uint32_t cpu;
    } vi = { .vcpu = 1 };
    struct domctl d;
    struct result r = domctl(DOMCTL_getdomaininfo, dom, &d);
    uint64_t max_pages = d.u.getdomaininfo.max_pages, kb = max_pages * 4;
    char extra[64];

    report("domctl_max_mem", domctl_payload(DOMCTL_max_mem, dom, &d, &kb, sizeof(kb)), NULL);
    r = domctl(DOMCTL_getdomaininfo, dom, &d);
    report("domctl_getdomaininfo_after_max_mem", r,
           r.rc == 0 && d.u.getdomaininfo.max_pages == max_pages ? "max_pages=kept" : NULL);
    r = domctl_payload(DOMCTL_getvcpuinfo, dom, &d, &vi, sizeof(vi));
    memcpy(&vi, &d.u, sizeof(vi));
    snprintf(extra, sizeof(extra), "vcpu=%u online=%u running=%u", vi.vcpu, vi.online, vi.running);
    report("domctl_getvcpuinfo", r, r.rc == 0 ? extra : NULL);
    vi.vcpu = 4096;
    report("domctl_getvcpuinfo_bad_vcpu", domctl_payload(DOMCTL_getvcpuinfo, dom, &d, &vi, sizeof(vi)),
           NULL);

    /* xc_vcpu_getaffinity: vCPU 0's hard affinity into an 8-bit map (only
     * pCPU 0's bit is printed: the host's CPU count is the machine's). */
    struct vcpuaffinity {
        uint32_t vcpu, flags;
        struct { uint64_t bitmap; uint32_t nr_bits; } hard, soft;
    } va = { 0, VCPUAFFINITY_HARD, { (uintptr_t)aux_page, 8 }, { 0, 0 } };
    aux_page[0] = 0;
    r = domctl_payload(DOMCTL_getvcpuaffinity, dom, &d, &va, sizeof(va));
    snprintf(extra, sizeof(extra), "cpu0=%u", aux_page[0] & 1);
    report("domctl_getvcpuaffinity", r, r.rc == 0 ? extra : NULL);

    /* xc_domain_set_memmap_limit: memory_op set_memory_map with one e820
     * RAM entry of the guest's size. */
    struct {
        uint16_t domid;
        struct { uint32_t nr_entries; uint64_t buffer; } map __attribute__((aligned(8)));
    } fmap = { dom, { 1, (uintptr_t)aux_page } };
    struct __attribute__((packed)) { uint64_t addr, size; uint32_t type; } e820 = {
        0, max_pages << 12, 1 };
    memcpy(aux_page, &e820, sizeof(e820));
    memset(arg_page, 0, page_size);
    memcpy(arg_page + 4, &fmap, sizeof(fmap));
    report("memory_op_set_memory_map",
           hypercall(HYPERVISOR_memory_op, XENMEM_set_memory_map,
                     (uint64_t)(uintptr_t)(arg_page + 4)), NULL);
}

static void report(const char *name, struct result r, const char *extra)
{
    printf("%s rc=%ld errno=%s%s%s\n", name, r.rc, errno_name(r.err),
           extra ? " " : "", extra ? extra : "");
    fflush(stdout);
}

static int popcount_bytes(const unsigned char *p, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += __builtin_popcount(p[i]);
    return c;
}

static uint16_t dom;
static uint16_t ioservid;

static struct result create_ioreq_server(uint16_t domid, uint16_t *id)
{
    struct hvm_create_ioreq_server a = { .domid = domid, .handle_bufioreq = HVM_IOREQSRV_BUFIOREQ_ATOMIC };
    struct result r = hvm_op(HVMOP_create_ioreq_server, &a, sizeof(a));
    if (id)
        *id = a.id;
    return r;
}

static struct result io_range(unsigned sub, uint16_t domid, uint16_t id, uint32_t type,
                              uint64_t start, uint64_t end)
{
    struct hvm_io_range a = { .domid = domid, .id = id, .type = type, .start = start, .end = end };
    return hvm_op(sub, &a, sizeof(a));
}

static struct result set_state(uint16_t domid, uint16_t id, int enabled)
{
    struct hvm_set_ioreq_server_state a = { .domid = domid, .id = id, .enabled = (uint8_t)enabled };
    return hvm_op(HVMOP_set_ioreq_server_state, &a, sizeof(a));
}

static struct result pci_intx(uint16_t domid, uint8_t device, uint8_t intx, uint8_t level)
{
    struct hvm_set_pci_intx_level a = { .domid = domid, .device = device, .intx = intx, .level = level };
    return hvm_op(HVMOP_set_pci_intx_level, &a, sizeof(a));
}

static struct result isa_irq(uint16_t domid, uint8_t irq, uint8_t level)
{
    struct hvm_set_isa_irq_level a = { .domid = domid, .isa_irq = irq, .level = level };
    return hvm_op(HVMOP_set_isa_irq_level, &a, sizeof(a));
}

static struct result link_route(uint16_t domid, uint8_t link, uint8_t irq)
{
    struct hvm_set_pci_link_route a = { .domid = domid, .link = link, .isa_irq = irq };
    return hvm_op(HVMOP_set_pci_link_route, &a, sizeof(a));
}

static struct result inject_msi(uint16_t domid, uint64_t addr, uint32_t data)
{
    struct hvm_inject_msi a = { .domid = domid, .data = data, .addr = addr };
    return hvm_op(HVMOP_inject_msi, &a, sizeof(a));
}

/* The bitmap lives in its own hypercall buffer (aux_page + 4), as the
 * bounce buffer of xc_hvm_track_dirty_vram does. */
static struct result track_vram(uint16_t domid, uint64_t first, uint32_t nr, int *dirty)
{
    size_t bytes = (nr + 7) / 8;
    struct hvm_track_dirty_vram a = {
        .domid = domid, .nr = nr, .first_pfn = first,
        .dirty_bitmap = nr ? (uint64_t)(uintptr_t)(aux_page + 4) : 0,
    };
    struct result r;

    memset(aux_page, 0xa5, AUX_PAGES * page_size);
    r = hvm_op(HVMOP_track_dirty_vram, &a, sizeof(a));
    if (dirty)
        *dirty = r.rc == 0 ? popcount_bytes(aux_page + 4, bytes) : -1;
    return r;
}

static struct result modified(uint16_t domid, uint64_t first, uint32_t nr)
{
    struct hvm_modified_memory a = { .domid = domid, .nr = nr, .first_pfn = first };
    return hvm_op(HVMOP_modified_memory, &a, sizeof(a));
}

static struct result mem_type(uint16_t domid, uint16_t type, uint64_t first, uint32_t nr)
{
    struct hvm_set_mem_type a = { .domid = domid, .hvmmem_type = type, .nr = nr, .first_pfn = first };
    return hvm_op(HVMOP_set_mem_type, &a, sizeof(a));
}

static struct result get_mem_type(uint16_t domid, uint64_t pfn, int *type)
{
    struct hvm_get_mem_type a = { .domid = domid, .pfn = pfn };
    struct result r = hvm_op(HVMOP_get_mem_type, &a, sizeof(a));
    *type = r.rc == 0 ? a.mem_type : -1;
    return r;
}

static struct result inject_trap(uint16_t domid, uint32_t vcpu, uint32_t vector)
{
    struct hvm_inject_trap a = {
        .domid = domid, .vcpuid = vcpu, .vector = vector, .type = HVMOP_TRAP_hw_exc,
        .error_code = 2, .insn_len = 0, .cr2 = 0x1000,
    };
    return hvm_op(HVMOP_inject_trap, &a, sizeof(a));
}

static struct result param(unsigned sub, uint16_t domid, uint32_t index, uint64_t *value)
{
    struct hvm_param a = { .domid = domid, .index = index, .value = *value };
    struct result r = hvm_op(sub, &a, sizeof(a));
    *value = a.value;
    return r;
}

static void getdomaininfo(const char *name, uint16_t domid)
{
    struct domctl d;
    struct result r = domctl(DOMCTL_getdomaininfo, domid, &d);
    char extra[96] = "";

    if (r.rc == 0)
        snprintf(extra, sizeof(extra), "domain=%s hvm=%d paused=%d",
                 d.u.getdomaininfo.domain == domid ? "match" : "other",
                 !!(d.u.getdomaininfo.flags & DOMINF_hvm_guest),
                 !!(d.u.getdomaininfo.flags & DOMINF_paused));
    report(name, r, extra);
}

static void open_privcmd(void)
{
    privcmd = open("/proc/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (privcmd < 0)
        privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (privcmd < 0) {
        perror("privcmd");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    struct result r;
    char extra[128];
    uint64_t v;
    int n, t;
    const uint16_t bad_dom = 77;
    const uint16_t bad_id = 200;           /* never handed out: at most 8 servers */
    const uint64_t far_pfn = 1ull << 36;   /* far beyond the guest's memory */

    dom = argc > 1 ? (uint16_t)strtoul(argv[1], NULL, 0) : 1;
    if (argc > 2)
        domctl_version = (uint32_t)strtoul(argv[2], NULL, 0);
    page_size = sysconf(_SC_PAGESIZE);
    open_privcmd();
    arg_page = alloc_locked_pages(1);
    aux_page = alloc_locked_pages(AUX_PAGES);

    /* Start-up: the ioreq server and its pages. */
    r = create_ioreq_server(dom, &ioservid);
    report("create_ioreq_server", r, NULL);
    {
        struct hvm_get_ioreq_server_info a = { .domid = dom, .id = ioservid };
        r = hvm_op(HVMOP_get_ioreq_server_info, &a, sizeof(a));
        /* What any release promises: two distinct, non-zero pages and a
         * bound port for the buffered ring (BUFIOREQ_ATOMIC). */
        snprintf(extra, sizeof(extra), "info=%s",
                 r.rc != 0 ? "none" :
                 a.ioreq_pfn && a.bufioreq_pfn && a.ioreq_pfn != a.bufioreq_pfn &&
                 a.bufioreq_port ? "consistent" : "inconsistent");
        report("get_ioreq_server_info", r, extra);
        uint64_t first_ioreq = a.ioreq_pfn;
        memset(&a, 0, sizeof(a));
        a.domid = dom;
        a.id = ioservid;
        r = hvm_op(HVMOP_get_ioreq_server_info, &a, sizeof(a));
        snprintf(extra, sizeof(extra), "stable=%s", r.rc == 0 && a.ioreq_pfn == first_ioreq ? "yes" : "no");
        report("get_ioreq_server_info_again", r, extra);
    }
    /* A second server without buffered ioreqs: Xen leaves the caller's
     * buffered-ring fields as they were. */
    {
        struct hvm_create_ioreq_server c = { .domid = dom, .handle_bufioreq = 0 };
        struct hvm_get_ioreq_server_info a;
        struct hvm_destroy_ioreq_server d = { .domid = dom };

        r = hvm_op(HVMOP_create_ioreq_server, &c, sizeof(c));
        snprintf(extra, sizeof(extra), "distinct=%s", r.rc == 0 && c.id != ioservid ? "yes" : "no");
        report("create_ioreq_server_no_bufioreq", r, extra);
        memset(&a, 0, sizeof(a));
        a.domid = dom;
        a.id = c.id;
        a.bufioreq_port = 0x5a5a;
        a.bufioreq_pfn = 0x77;
        r = hvm_op(HVMOP_get_ioreq_server_info, &a, sizeof(a));
        snprintf(extra, sizeof(extra), "bufioreq_untouched=%s ioreq_page=%s",
                 a.bufioreq_port == 0x5a5a && a.bufioreq_pfn == 0x77 ? "yes" : "no",
                 a.ioreq_pfn ? "yes" : "no");
        report("get_ioreq_server_info_no_bufioreq", r, extra);
        d.id = c.id;
        report("destroy_ioreq_server_no_bufioreq", hvm_op(HVMOP_destroy_ioreq_server, &d, sizeof(d)), NULL);
    }

    /* QEMU asks for the vmport page (its value is release-specific). */
    v = 0;
    r = param(HVMOP_get_param, dom, HVM_PARAM_VMPORT_REGS_PFN, &v);
    report("get_param_vmport_regs_pfn", r, NULL);
    /* QEMU enables the server before its memory listeners run. */
    report("set_ioreq_server_state_on", set_state(dom, ioservid, 1), NULL);

    /* The memory and I/O listeners and the PCI bus claim their ranges. */
    report("map_port_range", io_range(HVMOP_map_io_range_to_ioreq_server, dom, ioservid,
                                      HVMOP_IO_RANGE_PORT, 0x3c0, 0x3df), NULL);
    report("map_mmio_range", io_range(HVMOP_map_io_range_to_ioreq_server, dom, ioservid,
                                      HVMOP_IO_RANGE_MEMORY, 0xf0000000, 0xf0ffffff), NULL);
    report("map_pci_range", io_range(HVMOP_map_io_range_to_ioreq_server, dom, ioservid,
                                     HVMOP_IO_RANGE_PCI, PCI_SBDF(0, 0, 3, 0), PCI_SBDF(0, 0, 3, 0)), NULL);
    report("map_pci_range_dup", io_range(HVMOP_map_io_range_to_ioreq_server, dom, ioservid,
                                         HVMOP_IO_RANGE_PCI, PCI_SBDF(0, 0, 3, 0), PCI_SBDF(0, 0, 3, 0)), NULL);

    /* Interrupt traffic. */
    report("set_pci_intx_level_assert", pci_intx(dom, 3, 0, 1), NULL);
    report("set_pci_intx_level_deassert", pci_intx(dom, 3, 0, 0), NULL);
    report("set_isa_irq_level_assert", isa_irq(dom, 8, 1), NULL);
    report("set_isa_irq_level_deassert", isa_irq(dom, 8, 0), NULL);
    report("set_pci_link_route", link_route(dom, 0, 5), NULL);
    report("set_pci_link_route_off", link_route(dom, 3, 0), NULL);
    report("inject_msi", inject_msi(dom, 0xfee00000, 0x4041), NULL);

    /* VRAM dirty tracking around a modified_memory report. */
    r = track_vram(dom, 0x1000, 64, &n);
    snprintf(extra, sizeof(extra), "dirty=%d", n);
    report("track_dirty_vram_start", r, extra);
    report("modified_memory", modified(dom, 0x1008, 4), NULL);
    r = track_vram(dom, 0x1000, 64, &n);
    snprintf(extra, sizeof(extra), "dirty=%d", n);
    report("track_dirty_vram_after_write", r, extra);
    r = track_vram(dom, 0x1000, 64, &n);
    snprintf(extra, sizeof(extra), "dirty=%d", n);
    report("track_dirty_vram_clean", r, extra);
    /* A 16 MiB framebuffer at 32 bpp and more: a bitmap beyond one page. */
    r = track_vram(dom, 0x2000, LARGE_VRAM_PAGES, &n);
    snprintf(extra, sizeof(extra), "dirty=%d", n);
    report("track_dirty_vram_large", r, extra);

    /* Memory types. */
    report("set_mem_type_ram_ro", mem_type(dom, HVMMEM_ram_ro, 0x2000, 2), NULL);
    r = get_mem_type(dom, 0x2001, &t);
    snprintf(extra, sizeof(extra), "type=%d", t);
    report("get_mem_type", r, extra);
    report("set_mem_type_ram_rw", mem_type(dom, HVMMEM_ram_rw, 0x2000, 2), NULL);

    /* Domain control, stamped with 4.6's interface version.  While the
     * guest is paused an injected event stays pending, so a second one
     * for the same vCPU is refused. */
    {
        struct domctl d;
        report("domctl_pausedomain", domctl(DOMCTL_pausedomain, dom, &d), NULL);
        getdomaininfo("domctl_getdomaininfo_paused", dom);
        report("inject_trap", inject_trap(dom, 0, 14), NULL);
        report("inject_trap_busy", inject_trap(dom, 0, 13), NULL);
        report("inject_trap_other_vcpu", inject_trap(dom, 1, 6), NULL);
        report("domctl_unpausedomain", domctl(DOMCTL_unpausedomain, dom, &d), NULL);
        getdomaininfo("domctl_getdomaininfo", dom);
        report("inject_trap_after_unpause", inject_trap(dom, 0, 14), NULL);
    }

    memory_and_vcpus(dom);

    /* HVM params, which every release still has as hvm_op. */
    v = 1;
    report("set_param_timer_mode", param(HVMOP_set_param, dom, HVM_PARAM_TIMER_MODE, &v), NULL);
    v = 0;
    r = param(HVMOP_get_param, dom, HVM_PARAM_TIMER_MODE, &v);
    snprintf(extra, sizeof(extra), "value=%s", v == 1 ? "as_set" : "other");
    report("get_param_timer_mode_after_set", r, extra);

    /* Calls that must fail, and fail the same way everywhere. */
    report("bad_domid_create_ioreq_server", create_ioreq_server(bad_dom, NULL), NULL);
    report("bad_domid_set_pci_intx_level", pci_intx(bad_dom, 3, 0, 1), NULL);
    report("bad_domid_set_isa_irq_level", isa_irq(bad_dom, 8, 1), NULL);
    report("bad_domid_modified_memory", modified(bad_dom, 0x1000, 1), NULL);
    report("bad_domid_inject_msi", inject_msi(bad_dom, 0xfee00000, 0x4041), NULL);
    {
        struct domctl d;
        report("bad_domid_domctl_pausedomain", domctl(DOMCTL_pausedomain, bad_dom, &d), NULL);
    }
    report("self_domid_set_isa_irq_level", isa_irq(0, 8, 1), NULL);
    /* DOMID_SELF is not resolved for ops on another domain. */
    report("domid_self_create_ioreq_server", create_ioreq_server(0x7ff0, NULL), NULL);
    report("bad_device_set_pci_intx_level", pci_intx(dom, 40, 0, 1), NULL);
    report("bad_device_bad_domid_set_pci_intx_level", pci_intx(bad_dom, 40, 0, 1), NULL);
    report("bad_irq_set_isa_irq_level", isa_irq(dom, 16, 1), NULL);
    report("bad_level_set_isa_irq_level", isa_irq(dom, 8, 2), NULL);
    report("bad_link_set_pci_link_route", link_route(dom, 4, 5), NULL);
    {
        struct hvm_get_ioreq_server_info a = { .domid = dom, .id = bad_id };
        report("unknown_server_get_ioreq_server_info", hvm_op(HVMOP_get_ioreq_server_info, &a, sizeof(a)), NULL);
    }
    report("unknown_server_map_io_range", io_range(HVMOP_map_io_range_to_ioreq_server, dom, bad_id,
                                                   HVMOP_IO_RANGE_PORT, 0x3c0, 0x3df), NULL);
    report("unknown_server_set_state", set_state(dom, bad_id, 1), NULL);
    report("bad_range_type_map_io_range", io_range(HVMOP_map_io_range_to_ioreq_server, dom, ioservid,
                                                   7, 0x3c0, 0x3df), NULL);
    report("out_of_range_modified_memory", modified(dom, far_pfn, 1), NULL);
    report("out_of_range_set_mem_type", mem_type(dom, HVMMEM_ram_ro, far_pfn, 1), NULL);
    report("zero_pages_modified_memory", modified(dom, 0x1000, 0), NULL);
    report("bad_type_set_mem_type", mem_type(dom, 9, 0x2000, 1), NULL);
    report("bad_vcpu_inject_trap", inject_trap(dom, 99, 14), NULL);
    report("too_many_pages_track_dirty_vram", track_vram(dom, 0x1000, (1u << 18) + 1, NULL), NULL);
    r = hypercall(HYPERVISOR_hvm_op, HVMOP_set_isa_irq_level, 0x10);
    report("bad_pointer_set_isa_irq_level", r, NULL);
    r = hypercall(HYPERVISOR_hvm_op, HVMOP_create_ioreq_server, 0x10);
    report("bad_pointer_create_ioreq_server", r, NULL);
    {
        /* The bitmap handle points nowhere: the hypervisor fails writing it. */
        struct hvm_track_dirty_vram a = { .domid = dom, .nr = 64, .first_pfn = 0x1000, .dirty_bitmap = 0x10 };
        report("bad_bitmap_track_dirty_vram", hvm_op(HVMOP_track_dirty_vram, &a, sizeof(a)), NULL);
    }
    {
        uint32_t junk[8] = { dom };
        report("unknown_subop", hvm_op(200, junk, sizeof(junk)), NULL);
    }

    /* Teardown. */
    report("unmap_pci_range", io_range(HVMOP_unmap_io_range_from_ioreq_server, dom, ioservid,
                                       HVMOP_IO_RANGE_PCI, PCI_SBDF(0, 0, 3, 0), PCI_SBDF(0, 0, 3, 0)), NULL);
    report("unmap_mmio_range", io_range(HVMOP_unmap_io_range_from_ioreq_server, dom, ioservid,
                                        HVMOP_IO_RANGE_MEMORY, 0xf0000000, 0xf0ffffff), NULL);
    report("unmap_port_range", io_range(HVMOP_unmap_io_range_from_ioreq_server, dom, ioservid,
                                        HVMOP_IO_RANGE_PORT, 0x3c0, 0x3df), NULL);
    report("track_dirty_vram_stop", track_vram(dom, 0, 0, NULL), NULL);
    report("set_ioreq_server_state_off", set_state(dom, ioservid, 0), NULL);
    {
        struct hvm_destroy_ioreq_server a = { .domid = dom, .id = ioservid };
        report("destroy_ioreq_server", hvm_op(HVMOP_destroy_ioreq_server, &a, sizeof(a)), NULL);
        a.id = ioservid;
        report("destroy_ioreq_server_again", hvm_op(HVMOP_destroy_ioreq_server, &a, sizeof(a)), NULL);
    }
    close(privcmd);
    return 0;
}
