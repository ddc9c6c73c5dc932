/* dm_client: what a Xen 4.17 device model asks of the hypervisor, issued
 * through Debian's real libxendevicemodel.so.1, libxenctrl.so.4.17 and
 * libxentoolcore.so.1, so the bytes that reach privcmd are exactly the ones
 * a distribution QEMU sends.
 *
 * It calls every xendevicemodel_* function QEMU 7.2 imports (read from
 * Debian's /usr/libexec/xen-qemu-system-i386: create/get_info/set_state/
 * destroy ioreq server, map/unmap io range and pcidev, set_pci_intx_level,
 * set_isa_irq_level, set_pci_link_route, inject_msi, track_dirty_vram,
 * modified_memory, set_mem_type, shutdown, relocate_memory,
 * pin_memory_cacheattr, plus xentoolcore_restrict_all), the rest of the
 * dm_op family the library offers (map_mem_type_to_ioreq_server,
 * modified_memory_bulk, inject_event, set_irq_level, nr_vcpus, restrict),
 * xc_domain_pause/unpause/getinfo/getinfolist, and a few calls that must
 * fail.
 *
 * Usage: dm_client [--skip NAME[,NAME...]] [--restrict-early] [DOMID]
 * (DOMID defaults to 1).  --restrict-early restricts the device-model
 * handle to DOMID right after opening it, as a QEMU started with
 * -xen-domid-restrict is before it emulates anything, so every dm_op goes
 * through a restricted descriptor.
 *
 * One line per call: "<name> rc=<rc> errno=<ENAME or 0>" and, for calls
 * that must fail, " want=<ENAME>".  Ids, gfns and ports differ by release,
 * so they are never printed, only whether they were plausible.  The exit
 * status is 0 only when every call gave what a 4.17 x86 host gives. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>
#include <xendevicemodel.h>
#include <xentoolcore.h>

#define BAD_DOMID   999      /* no such domain on the simulated host */
#define RAM_PAGES   0x8000   /* the guest has at least 128 MiB */
#define VRAM_PFN    0x7000
#define VRAM_PAGES  0x100

static unsigned calls, unexpected;
static const char *skip_list;

static bool skipped(const char *name)
{
    size_t n = strlen(name);
    const char *p = skip_list;

    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, name, n))
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

static const char *errname(int e)
{
    const char *s;

    if (!e)
        return "0";
    s = strerrorname_np(e);
    return s ? s : "E?";
}

/* want == 0: the call must succeed.  Otherwise it must fail with errno
 * want.  extra is appended only for calls that succeeded. */
static void report(const char *name, int rc, int err, int want, const char *extra)
{
    bool ok = want ? (rc < 0 && err == want) : rc >= 0;

    calls++;
    if (!ok)
        unexpected++;
    printf("%s rc=%d errno=%s", name, rc, errname(rc < 0 ? err : 0));
    if (want)
        printf(" want=%s", errname(want));
    if (extra && rc >= 0)
        printf(" %s", extra);
    putchar('\n');
    fflush(stdout);
}

/* Runs EXPR (an int-returning library call) unless its name is skipped. */
#define CALL(name, want, expr)                                  \
    do {                                                        \
        if (!skipped(name)) {                                   \
            int rc_;                                            \
            errno = 0;                                          \
            rc_ = (expr);                                       \
            report(name, rc_, errno, want, NULL);               \
        }                                                       \
    } while (0)

/* xc_domain_getinfo returns a count, and with only one domain asked for
 * it may hand back the next domain instead: success means exactly the
 * one we asked for.  Prints the two flags a device model cares about. */
static void getinfo(xc_interface *xch, uint32_t domid, const char *name)
{
    xc_dominfo_t info;
    char extra[64];
    int n, err;

    if (skipped(name))
        return;
    memset(&info, 0, sizeof(info));
    errno = 0;
    n = xc_domain_getinfo(xch, domid, 1, &info);
    err = errno;
    if (n == 1 && info.domid == domid) {
        snprintf(extra, sizeof(extra), "paused=%u hvm=%u shutdown=%u",
                 info.paused, info.hvm, info.shutdown);
        report(name, 0, 0, 0, extra);
    } else {
        /* No domain, or not the one asked for: rc=-1, with errno as
         * libxenctrl left it (it returns the count so far, 0, when the
         * first domctl fails) or ESRCH when it simply found nothing. */
        report(name, -1, err ? err : ESRCH, 0, NULL);
    }
}

/* The same question through sysctl getdomaininfolist, which libxenctrl
 * answers from one hypercall with Xen's own getdomaininfo structure. */
static void getinfolist(xc_interface *xch, uint32_t domid, const char *name)
{
    xc_domaininfo_t info[16];
    char extra[64];
    int n, err, i;

    if (skipped(name))
        return;
    memset(info, 0, sizeof(info));
    errno = 0;
    n = xc_domain_getinfolist(xch, 0, 16, info);
    err = errno;
    for (i = 0; i < n && info[i].domain != domid; i++)
        ;
    if (n > 0 && i < n) {
        snprintf(extra, sizeof(extra), "paused=%u hvm=%u",
                 !!(info[i].flags & XEN_DOMINF_paused),
                 !!(info[i].flags & XEN_DOMINF_hvm_guest));
        report(name, 0, 0, 0, extra);
    } else {
        report(name, -1, n < 0 ? err : ESRCH, 0, NULL);
    }
}

/* Prints how many VRAM frames the bitmap calls dirty, and the first one:
 * guest-visible and the same in every release (Xen marks a new range all
 * dirty, then reports what was written since the previous call). */
static unsigned track_dirty_vram(xendevicemodel_handle *dmod, uint32_t domid,
                                 const char *name)
{
    unsigned long bitmap[VRAM_PAGES / (8 * sizeof(unsigned long))];
    const unsigned bits = 8 * sizeof(unsigned long);
    char extra[64];
    unsigned i, dirty = 0, first = VRAM_PAGES;
    int rc;

    if (skipped(name))
        return 0;
    memset(bitmap, 0x5a, sizeof(bitmap));     /* not what Xen would write */
    errno = 0;
    rc = xendevicemodel_track_dirty_vram(dmod, domid, VRAM_PFN, VRAM_PAGES, bitmap);
    for (i = 0; i < VRAM_PAGES; i++)
        if (bitmap[i / bits] >> (i % bits) & 1) {
            dirty++;
            if (first == VRAM_PAGES)
                first = i;
        }
    snprintf(extra, sizeof(extra), "dirty=%u first=%u", dirty, first);
    report(name, rc, errno, 0, extra);
    return rc < 0 ? 0 : dirty;
}

int main(int argc, char **argv)
{
    uint32_t domid = 1;
    xc_interface *xch;
    xendevicemodel_handle *dmod;
    ioservid_t srv = 0, tmp = 0, unused;
    bool have_srv = false, have_tmp = false, restrict_early = false, log_dirty = true;
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--skip") && i + 1 < argc)
            skip_list = argv[++i];
        else if (!strcmp(argv[i], "--restrict-early"))
            restrict_early = true;
        else if (argv[i][0] >= '0' && argv[i][0] <= '9')
            domid = (uint32_t)strtoul(argv[i], NULL, 0);
        else {
            fprintf(stderr, "usage: %s [--skip NAME[,NAME...]] [--restrict-early] [DOMID]\n",
                    argv[0]);
            return 2;
        }
    }

    xch = xc_interface_open(NULL, NULL, 0);
    report("xc_interface_open", xch ? 0 : -1, errno, 0, NULL);
    dmod = xendevicemodel_open(NULL, 0);
    report("xendevicemodel_open", dmod ? 0 : -1, errno, 0, NULL);
    if (!xch || !dmod) {
        printf("# dm_client: cannot open the libraries, stopping\n");
        return 1;
    }
    if (restrict_early)
        CALL("xendevicemodel_restrict(early)", 0, xendevicemodel_restrict(dmod, domid));

    /* The domain as the toolstack sees it, paused while we set it up. */
    getinfo(xch, domid, "xc_domain_getinfo");
    CALL("xc_domain_pause", 0, xc_domain_pause(xch, domid));
    getinfo(xch, domid, "xc_domain_getinfo(paused)");
    getinfolist(xch, domid, "xc_domain_getinfolist(paused)");

    if (!skipped("xendevicemodel_nr_vcpus")) {
        unsigned int vcpus = 0;
        errno = 0;
        rc = xendevicemodel_nr_vcpus(dmod, domid, &vcpus);
        report("xendevicemodel_nr_vcpus", rc, errno, 0,
               vcpus >= 1 && vcpus <= 128 ? "plausible=yes" : "plausible=no");
    }

    /* The ioreq server QEMU keeps for the guest's life ... */
    errno = 0;
    rc = xendevicemodel_create_ioreq_server(dmod, domid,
                                            HVM_IOREQSRV_BUFIOREQ_ATOMIC, &srv);
    report("xendevicemodel_create_ioreq_server", rc, errno, 0, NULL);
    have_srv = rc == 0;

    /* Issued even when creation failed (with whatever id is left), so a
     * host without dm_op shows every call failing, not just the first. */
    {
        xen_pfn_t ioreq_gfn = 0, bufioreq_gfn = 0;
        evtchn_port_t port = 0;

        errno = 0;
        rc = xendevicemodel_get_ioreq_server_info(dmod, domid, srv, &ioreq_gfn,
                                                  &bufioreq_gfn, &port);
        report("xendevicemodel_get_ioreq_server_info", rc, errno, 0,
               ioreq_gfn && bufioreq_gfn && ioreq_gfn != bufioreq_gfn
               ? "plausible=yes" : "plausible=no");

        CALL("xendevicemodel_map_io_range_to_ioreq_server(port)", 0,
             xendevicemodel_map_io_range_to_ioreq_server(dmod, domid, srv, 0,
                                                          0x3f8, 0x3ff));
        CALL("xendevicemodel_map_io_range_to_ioreq_server(mmio)", 0,
             xendevicemodel_map_io_range_to_ioreq_server(dmod, domid, srv, 1,
                                                          0xfebf0000, 0xfebf0fff));
        CALL("xendevicemodel_map_pcidev_to_ioreq_server", 0,
             xendevicemodel_map_pcidev_to_ioreq_server(dmod, domid, srv,
                                                       0, 0, 3, 0));
        CALL("xendevicemodel_map_mem_type_to_ioreq_server", 0,
             xendevicemodel_map_mem_type_to_ioreq_server(dmod, domid, srv,
                 HVMMEM_ioreq_server, XEN_DMOP_IOREQ_MEM_ACCESS_WRITE));
        CALL("xendevicemodel_set_ioreq_server_state", 0,
             xendevicemodel_set_ioreq_server_state(dmod, domid, srv, 1));
    }

    /* ... and one that lives briefly, to exercise the teardown calls. */
    errno = 0;
    rc = xendevicemodel_create_ioreq_server(dmod, domid,
                                            HVM_IOREQSRV_BUFIOREQ_OFF, &tmp);
    report("xendevicemodel_create_ioreq_server(second)", rc, errno, 0,
           have_srv && rc == 0 ? (tmp != srv ? "distinct=yes" : "distinct=no") : NULL);
    have_tmp = rc == 0;
    if (!have_tmp)
        tmp = srv + 1;
    CALL("xendevicemodel_map_io_range_to_ioreq_server(second)", 0,
         xendevicemodel_map_io_range_to_ioreq_server(dmod, domid, tmp, 0,
                                                      0x60, 0x64));
    CALL("xendevicemodel_map_pcidev_to_ioreq_server(second)", 0,
         xendevicemodel_map_pcidev_to_ioreq_server(dmod, domid, tmp,
                                                   0, 0, 4, 0));
    CALL("xendevicemodel_set_ioreq_server_state(second,on)", 0,
         xendevicemodel_set_ioreq_server_state(dmod, domid, tmp, 1));
    CALL("xendevicemodel_set_ioreq_server_state(second,off)", 0,
         xendevicemodel_set_ioreq_server_state(dmod, domid, tmp, 0));
    CALL("xendevicemodel_unmap_io_range_from_ioreq_server", 0,
         xendevicemodel_unmap_io_range_from_ioreq_server(dmod, domid, tmp, 0,
                                                         0x60, 0x64));
    CALL("xendevicemodel_unmap_pcidev_from_ioreq_server", 0,
         xendevicemodel_unmap_pcidev_from_ioreq_server(dmod, domid, tmp,
                                                       0, 0, 4, 0));
    CALL("xendevicemodel_destroy_ioreq_server", 0,
         xendevicemodel_destroy_ioreq_server(dmod, domid, tmp));

    /* Interrupt traffic. */
    CALL("xendevicemodel_set_pci_intx_level", 0,
         xendevicemodel_set_pci_intx_level(dmod, domid, 0, 0, 3, 0, 1));
    CALL("xendevicemodel_set_isa_irq_level", 0,
         xendevicemodel_set_isa_irq_level(dmod, domid, 4, 1));
    CALL("xendevicemodel_set_isa_irq_level(low)", 0,
         xendevicemodel_set_isa_irq_level(dmod, domid, 12, 0));
    /* XEN_DMOP_set_irq_level (4.15) is implemented only by Arm's dm_op;
     * x86 Xen leaves it out of its op table and answers -EOPNOTSUPP. */
    CALL("xendevicemodel_set_irq_level", EOPNOTSUPP,
         xendevicemodel_set_irq_level(dmod, domid, 5, 1));
    CALL("xendevicemodel_set_pci_link_route", 0,
         xendevicemodel_set_pci_link_route(dmod, domid, 0, 10));
    CALL("xendevicemodel_set_pci_link_route(link1)", 0,
         xendevicemodel_set_pci_link_route(dmod, domid, 1, 11));
    CALL("xendevicemodel_inject_msi", 0,
         xendevicemodel_inject_msi(dmod, domid, 0xfee00000, 0x4041));
    /* Xen holds one pending event per vCPU (-EBUSY for a second). */
    CALL("xendevicemodel_inject_event", 0,
         xendevicemodel_inject_event(dmod, domid, 0, 14, 3 /* hw exception */,
                                     2, 0, 0x1000));
    CALL("xendevicemodel_inject_event(vcpu1)", 0,
         xendevicemodel_inject_event(dmod, domid, 1, 0x20, 0 /* ext int */,
                                     ~0u, 0, 0));

    /* Memory.  Dirty tracking first: x86 Xen ignores modified_memory
     * unless log-dirty mode (which VRAM tracking turns on) is active. */
    track_dirty_vram(dmod, domid, "xendevicemodel_track_dirty_vram");
    CALL("xendevicemodel_modified_memory", 0,
         xendevicemodel_modified_memory(dmod, domid, 0x100, 4));
    {
        struct xen_dm_op_modified_memory_extent ext[3] = {
            { .first_pfn = 0x200, .nr = 2 },
            { .first_pfn = VRAM_PFN + 0x10, .nr = 1 },
            { .first_pfn = 0x300, .nr = 8 },
        };
        CALL("xendevicemodel_modified_memory_bulk", 0,
             xendevicemodel_modified_memory_bulk(dmod, domid, ext, 3));
    }
    /* Up to 4.13 VRAM tracking turned on log-dirty mode, and the frame
     * modified_memory reported shows up dirty here; from 4.14 (upstream
     * 9ef9f69466) it does not, and modified_memory is a no-op that checks
     * nothing (seen on real 4.17).  What follows expects whichever this
     * host does. */
    log_dirty = track_dirty_vram(dmod, domid, "xendevicemodel_track_dirty_vram(again)") > 0;
    CALL("xendevicemodel_set_mem_type", 0,
         xendevicemodel_set_mem_type(dmod, domid, HVMMEM_ram_ro, 0x400, 16));
    CALL("xendevicemodel_set_mem_type(ram_rw)", 0,
         xendevicemodel_set_mem_type(dmod, domid, HVMMEM_ram_rw, 0x408, 8));
    CALL("xendevicemodel_set_mem_type(ioreq_server)", 0,
         xendevicemodel_set_mem_type(dmod, domid, HVMMEM_ioreq_server, 0x500, 4));
    CALL("xendevicemodel_relocate_memory", 0,
         xendevicemodel_relocate_memory(dmod, domid, 4, 0x600, 0x7e00));
    CALL("xendevicemodel_pin_memory_cacheattr", 0,
         xendevicemodel_pin_memory_cacheattr(dmod, domid, 0, RAM_PAGES - 1,
                                             XEN_DMOP_MEM_CACHEATTR_WB));

    CALL("xc_domain_unpause", 0, xc_domain_unpause(xch, domid));
    getinfo(xch, domid, "xc_domain_getinfo(unpaused)");

    /* Calls a 4.17 host refuses. */
    CALL("xendevicemodel_create_ioreq_server(bad_domid)", ESRCH,
         xendevicemodel_create_ioreq_server(dmod, BAD_DOMID,
                                            HVM_IOREQSRV_BUFIOREQ_OFF, &unused));
    CALL("xendevicemodel_set_isa_irq_level(bad_domid)", ESRCH,
         xendevicemodel_set_isa_irq_level(dmod, BAD_DOMID, 4, 1));
    CALL("xc_domain_pause(bad_domid)", ESRCH, xc_domain_pause(xch, BAD_DOMID));
    /* The second server is gone: its id names nothing now. */
    CALL("xendevicemodel_get_ioreq_server_info(unknown_id)", ENOENT,
         xendevicemodel_get_ioreq_server_info(dmod, domid, tmp, NULL, NULL, NULL));
    CALL("xendevicemodel_set_ioreq_server_state(unknown_id)", ENOENT,
         xendevicemodel_set_ioreq_server_state(dmod, domid, tmp, 1));
    CALL("xendevicemodel_destroy_ioreq_server(unknown_id)", ENOENT,
         xendevicemodel_destroy_ioreq_server(dmod, domid, tmp));
    /* Beyond any gfn the guest has (log-dirty is still on, see above). */
    CALL("xendevicemodel_modified_memory(out_of_range)", log_dirty ? EINVAL : 0,
         xendevicemodel_modified_memory(dmod, domid, 0x10000000, 1));
    {
        /* Xen walks the extents from the last one down and stops at the
         * bad one: 0x710 is recorded, 0x700 never reached. */
        struct xen_dm_op_modified_memory_extent ext[3] = {
            { .first_pfn = 0x700, .nr = 1 },
            { .first_pfn = 0x10000000, .nr = 1 },
            { .first_pfn = 0x710, .nr = 1 },
        };
        CALL("xendevicemodel_modified_memory_bulk(bad_middle)", log_dirty ? EINVAL : 0,
             xendevicemodel_modified_memory_bulk(dmod, domid, ext, 3));
    }
    CALL("xendevicemodel_set_mem_type(out_of_range)", EINVAL,
         xendevicemodel_set_mem_type(dmod, domid, HVMMEM_ram_ro, 0x10000000, 1));

    /* What QEMU does once set up: confine every handle to the guest.
     * libxendevicemodel restricts its privcmd descriptor (the kernel then
     * refuses dm_ops for other domains, -EPERM, before Xen sees them);
     * libxencall has no such ioctl to rely on and dup2()s /dev/null over
     * its descriptor, so a later hypercall through libxenctrl gets the
     * null device's ENOTTY. */
    CALL("xendevicemodel_restrict", 0, xendevicemodel_restrict(dmod, domid));
    CALL("xendevicemodel_set_isa_irq_level(restricted,other_domid)", EPERM,
         xendevicemodel_set_isa_irq_level(dmod, BAD_DOMID, 4, 1));
    CALL("xentoolcore_restrict_all", 0, xentoolcore_restrict_all(domid));
    CALL("xc_domain_pause(restricted)", ENOTTY, xc_domain_pause(xch, domid));
    CALL("xendevicemodel_set_isa_irq_level(restricted)", 0,
         xendevicemodel_set_isa_irq_level(dmod, domid, 1, 1));

    /* The guest powered off: the device model tells Xen (reboot = 1). */
    CALL("xendevicemodel_shutdown", 0,
         xendevicemodel_shutdown(dmod, domid, SHUTDOWN_reboot));

    xendevicemodel_close(dmod);
    xc_interface_close(xch);
    printf("# dm_client: %u calls, %u unexpected\n", calls, unexpected);
    return unexpected ? 1 : 0;
}
