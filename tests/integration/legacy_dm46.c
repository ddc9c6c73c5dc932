/* legacy_client's sequence (tests/integration/legacy_client.c) issued the
 * way a device model of Xen 4.6 issues it: through 4.6's libxenctrl
 * (xc_hvm_*, xc_domain_*) and libxenstore, declared in legacy_dm_xen.h
 * and linked so that it needs libxenctrl.so.4.6 and libxenstore.so.3.0
 * (and libxenguest.so.4.6, as a QEMU of 4.6 did).
 * legacy_dm411.c builds the same program for 4.11.
 *
 * On a 4.17 host the loader refuses it unless the compat sonames are on
 * the library path; with them, every call reaches the host's libraries
 * and the guest ends as legacy_client leaves it natively on 4.6.
 *
 * Output: legacy_client's line for each call the library API can make
 * ("<name> rc=<rc> errno=<name> [facts]"); lines starting with '#' are
 * remarks.  legacy_client's calls with no API counterpart are left out:
 * get_mem_type (libxenctrl never wrapped HVMOP_get_mem_type), the raw
 * bad pointers and the unknown sub-op (the library copies arguments
 * itself), the bad range type (is_mmio is a flag).
 *
 * usage: legacy_dm46 [domid]   (default 1) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LEGACY_DM_RELEASE
#define LEGACY_DM_RELEASE 406
#endif
#include "legacy_dm_xen.h"

#define LARGE_VRAM_PAGES 40000u

static xc_interface *xch;
static uint32_t dom;
static ioservid_t ioservid;

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

/* Report a library call: rc as returned, errno only when it failed. */
static void report(const char *name, int rc, int err, const char *extra)
{
    printf("%s rc=%d errno=%s%s%s\n", name, rc, errno_name(rc < 0 ? err : 0),
           extra ? " " : "", extra ? extra : "");
    fflush(stdout);
}

#define CALL(name, expr) do { errno = 0; int rc_ = (expr); report(name, rc_, errno, NULL); } while (0)

static int popcount_bytes(const unsigned char *p, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += __builtin_popcount(p[i]);
    return c;
}

/* show: print the dirty count, as legacy_client does when it passes a
 * bitmap it reads back. */
static void track_vram(const char *name, uint64_t first, uint32_t nr, int show)
{
    size_t longs = (nr + 8 * sizeof(unsigned long) - 1) / (8 * sizeof(unsigned long));
    unsigned long *bitmap = calloc(longs ? longs : 1, sizeof(unsigned long));
    char extra[32];
    int rc;

    if (!bitmap)
        exit(2);
    memset(bitmap, 0xa5, longs * sizeof(unsigned long));
    errno = 0;
    rc = xc_hvm_track_dirty_vram(xch, dom, first, nr, nr ? bitmap : NULL);
    snprintf(extra, sizeof(extra), "dirty=%d",
             rc == 0 ? popcount_bytes((unsigned char *)bitmap, (nr + 7) / 8) : -1);
    report(name, rc, errno, show ? extra : NULL);
    free(bitmap);
}

static void getinfo(const char *name)
{
    xc_dominfo_t info;
    char extra[96] = "";
    int rc;

    memset(&info, 0, sizeof(info));
    errno = 0;
    rc = xc_domain_getinfo(xch, dom, 1, &info);
    /* getinfo returns how many domains it filled in. */
    if (rc == 1)
        snprintf(extra, sizeof(extra), "domain=%s hvm=%d paused=%d",
                 info.domid == dom ? "match" : "other", info.hvm, info.paused);
    report(name, rc == 1 ? 0 : -1, errno, rc == 1 ? extra : NULL);
}

static void ioreq_info(const char *name, int check_stable)
{
    static xen_pfn_t first_ioreq;
    xen_pfn_t ioreq = 0, bufioreq = 0;
    evtchn_port_t port = 0;
    char extra[64];
    int rc;

    errno = 0;
    rc = xc_hvm_get_ioreq_server_info(xch, dom, ioservid, &ioreq, &bufioreq, &port);
    if (check_stable)
        snprintf(extra, sizeof(extra), "stable=%s", rc == 0 && ioreq == first_ioreq ? "yes" : "no");
    else
        snprintf(extra, sizeof(extra), "info=%s", rc != 0 ? "none" :
                 ioreq && bufioreq && ioreq != bufioreq && port ? "consistent" : "inconsistent");
    first_ioreq = ioreq;
    report(name, rc, errno, extra);
}

int main(int argc, char **argv)
{
    const uint32_t bad_dom = 77;
    const ioservid_t bad_id = 200;
    const uint64_t far_pfn = 1ull << 36;
    struct xs_handle *xsh;
    uint64_t v64;
    unsigned long v;
    char extra[64];
    int rc;

    dom = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 1;
    printf("# legacy_dm built for Xen 4.%d\n", LEGACY_DM_RELEASE - 400);

    /* QEMU opens xenstore first; the simulator has no xenstored, which
     * only makes this a remark. */
    xsh = xs_daemon_open();
    printf("# xs_daemon_open %s\n", xsh ? "connected" : "unavailable");
    if (xsh) {
        char *path = xs_get_domain_path(xsh, dom);
        printf("# xs_get_domain_path %s\n", path ? path : "none");
        free(path);
        xs_daemon_close(xsh);
    }
    xch = xc_interface_open(NULL, NULL, 0);
    if (!xch) {
        fprintf(stderr, "legacy_dm: xc_interface_open: %s\n", strerror(errno));
        return 2;
    }

    errno = 0;
    rc = xc_hvm_create_ioreq_server(xch, dom, HVM_IOREQSRV_BUFIOREQ_ATOMIC, &ioservid);
    report("create_ioreq_server", rc, errno, NULL);
    ioreq_info("get_ioreq_server_info", 0);
    ioreq_info("get_ioreq_server_info_again", 1);
    CALL("get_param_vmport_regs_pfn", xc_hvm_param_get(xch, dom, HVM_PARAM_VMPORT_REGS_PFN, &v64));
    CALL("set_ioreq_server_state_on", xc_hvm_set_ioreq_server_state(xch, dom, ioservid, 1));

    CALL("map_port_range", xc_hvm_map_io_range_to_ioreq_server(xch, dom, ioservid, 0, 0x3c0, 0x3df));
    CALL("map_mmio_range", xc_hvm_map_io_range_to_ioreq_server(xch, dom, ioservid, 1, 0xf0000000, 0xf0ffffff));
    CALL("map_pci_range", xc_hvm_map_pcidev_to_ioreq_server(xch, dom, ioservid, 0, 0, 3, 0));
    CALL("map_pci_range_dup", xc_hvm_map_pcidev_to_ioreq_server(xch, dom, ioservid, 0, 0, 3, 0));

    CALL("set_pci_intx_level_assert", xc_hvm_set_pci_intx_level(xch, dom, 0, 0, 3, 0, 1));
    CALL("set_pci_intx_level_deassert", xc_hvm_set_pci_intx_level(xch, dom, 0, 0, 3, 0, 0));
    CALL("set_isa_irq_level_assert", xc_hvm_set_isa_irq_level(xch, dom, 8, 1));
    CALL("set_isa_irq_level_deassert", xc_hvm_set_isa_irq_level(xch, dom, 8, 0));
    CALL("set_pci_link_route", xc_hvm_set_pci_link_route(xch, dom, 0, 5));
    CALL("set_pci_link_route_off", xc_hvm_set_pci_link_route(xch, dom, 3, 0));
    CALL("inject_msi", xc_hvm_inject_msi(xch, dom, 0xfee00000, 0x4041));

    track_vram("track_dirty_vram_start", 0x1000, 64, 1);
    CALL("modified_memory", xc_hvm_modified_memory(xch, dom, 0x1008, 4));
    track_vram("track_dirty_vram_after_write", 0x1000, 64, 1);
    track_vram("track_dirty_vram_clean", 0x1000, 64, 1);
    track_vram("track_dirty_vram_large", 0x2000, LARGE_VRAM_PAGES, 1);

    CALL("set_mem_type_ram_ro", xc_hvm_set_mem_type(xch, dom, HVMMEM_ram_ro, 0x2000, 2));
    CALL("set_mem_type_ram_rw", xc_hvm_set_mem_type(xch, dom, HVMMEM_ram_rw, 0x2000, 2));

    CALL("domctl_pausedomain", xc_domain_pause(xch, dom));
    getinfo("domctl_getdomaininfo_paused");
    CALL("inject_trap", xc_hvm_inject_trap(xch, dom, 0, 14, HVMOP_TRAP_hw_exc, 2, 0, 0x1000));
    CALL("inject_trap_busy", xc_hvm_inject_trap(xch, dom, 0, 13, HVMOP_TRAP_hw_exc, 2, 0, 0x1000));
    CALL("inject_trap_other_vcpu", xc_hvm_inject_trap(xch, dom, 1, 6, HVMOP_TRAP_hw_exc, 2, 0, 0x1000));
    CALL("domctl_unpausedomain", xc_domain_unpause(xch, dom));
    getinfo("domctl_getdomaininfo");
    CALL("inject_trap_after_unpause", xc_hvm_inject_trap(xch, dom, 0, 14, HVMOP_TRAP_hw_exc, 2, 0, 0x1000));

    CALL("set_param_timer_mode", xc_set_hvm_param(xch, dom, HVM_PARAM_TIMER_MODE, 1));
    v = 0;
    errno = 0;
    rc = xc_get_hvm_param(xch, dom, HVM_PARAM_TIMER_MODE, &v);
    snprintf(extra, sizeof(extra), "value=%s", v == 1 ? "as_set" : "other");
    report("get_param_timer_mode_after_set", rc, errno, extra);

    CALL("bad_domid_create_ioreq_server", xc_hvm_create_ioreq_server(xch, bad_dom, HVM_IOREQSRV_BUFIOREQ_ATOMIC, &(ioservid_t){0}));
    CALL("bad_domid_set_pci_intx_level", xc_hvm_set_pci_intx_level(xch, bad_dom, 0, 0, 3, 0, 1));
    CALL("bad_domid_set_isa_irq_level", xc_hvm_set_isa_irq_level(xch, bad_dom, 8, 1));
    CALL("bad_domid_modified_memory", xc_hvm_modified_memory(xch, bad_dom, 0x1000, 1));
    CALL("bad_domid_inject_msi", xc_hvm_inject_msi(xch, bad_dom, 0xfee00000, 0x4041));
    CALL("bad_domid_domctl_pausedomain", xc_domain_pause(xch, bad_dom));
    CALL("self_domid_set_isa_irq_level", xc_hvm_set_isa_irq_level(xch, 0, 8, 1));
    CALL("bad_device_set_pci_intx_level", xc_hvm_set_pci_intx_level(xch, dom, 0, 0, 40, 0, 1));
    CALL("bad_device_bad_domid_set_pci_intx_level", xc_hvm_set_pci_intx_level(xch, bad_dom, 0, 0, 40, 0, 1));
    CALL("bad_irq_set_isa_irq_level", xc_hvm_set_isa_irq_level(xch, dom, 16, 1));
    CALL("bad_level_set_isa_irq_level", xc_hvm_set_isa_irq_level(xch, dom, 8, 2));
    CALL("bad_link_set_pci_link_route", xc_hvm_set_pci_link_route(xch, dom, 4, 5));
    {
        xen_pfn_t a, b;
        evtchn_port_t p;
        CALL("unknown_server_get_ioreq_server_info", xc_hvm_get_ioreq_server_info(xch, dom, bad_id, &a, &b, &p));
    }
    CALL("unknown_server_map_io_range", xc_hvm_map_io_range_to_ioreq_server(xch, dom, bad_id, 0, 0x3c0, 0x3df));
    CALL("unknown_server_set_state", xc_hvm_set_ioreq_server_state(xch, dom, bad_id, 1));
    CALL("out_of_range_modified_memory", xc_hvm_modified_memory(xch, dom, far_pfn, 1));
    CALL("out_of_range_set_mem_type", xc_hvm_set_mem_type(xch, dom, HVMMEM_ram_ro, far_pfn, 1));
    CALL("zero_pages_modified_memory", xc_hvm_modified_memory(xch, dom, 0x1000, 0));
    CALL("bad_type_set_mem_type", xc_hvm_set_mem_type(xch, dom, (hvmmem_type_t)9, 0x2000, 1));
    CALL("bad_vcpu_inject_trap", xc_hvm_inject_trap(xch, dom, 99, 14, HVMOP_TRAP_hw_exc, 2, 0, 0x1000));
    track_vram("too_many_pages_track_dirty_vram", 0x1000, (1u << 18) + 1, 0);

    CALL("unmap_pci_range", xc_hvm_unmap_pcidev_from_ioreq_server(xch, dom, ioservid, 0, 0, 3, 0));
    CALL("unmap_mmio_range", xc_hvm_unmap_io_range_from_ioreq_server(xch, dom, ioservid, 1, 0xf0000000, 0xf0ffffff));
    CALL("unmap_port_range", xc_hvm_unmap_io_range_from_ioreq_server(xch, dom, ioservid, 0, 0x3c0, 0x3df));
    track_vram("track_dirty_vram_stop", 0, 0, 0);
    CALL("set_ioreq_server_state_off", xc_hvm_set_ioreq_server_state(xch, dom, ioservid, 0));
    CALL("destroy_ioreq_server", xc_hvm_destroy_ioreq_server(xch, dom, ioservid));
    CALL("destroy_ioreq_server_again", xc_hvm_destroy_ioreq_server(xch, dom, ioservid));
    xc_interface_close(xch);
    return 0;
}
