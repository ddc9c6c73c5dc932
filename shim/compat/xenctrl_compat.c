/* libxenctrl.so.4.N of one past release (XC_RELEASE = 400+N), over the
 * host's libraries.  Compiled once per release; the version script made
 * from symbols.h decides what each build exports.
 *
 * An old xc_interface carries what the old libxenctrl did itself and the
 * host split into libraries of their own: the host's xc_interface plus a
 * xendevicemodel and a xenforeignmemory handle.  Old xc_evtchn and
 * xc_gnttab handles are the host's xenevtchn/xengnttab handles as they
 * are: those libraries kept the old calls' meaning.
 *
 * Prototypes follow the era's xenctrl.h where they changed:
 *   4.9  the xc_hvm_* device-model calls became wrappers of
 *        libxendevicemodel: uint32_t counts, uint16_t PCI segment,
 *        uint8_t event fields;
 *   4.10 domid_t and int domids became uint32_t;
 *   4.16 xc_domain_irq_permission took uint32_t pirq and bool. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host.h"

#ifndef XC_RELEASE
#error "XC_RELEASE (400 + minor) must be defined"
#endif

#define XC_ERA_DMOP_API (XC_RELEASE >= 409)
#define XC_ERA_U32_DOMID (XC_RELEASE >= 410)

#if XC_ERA_U32_DOMID
typedef uint32_t era_domid_t;       /* xc_hvm_*, xc_*_hvm_param */
typedef uint32_t era_int_domid_t;   /* xc_physdev_*, xc_evtchn_bind_interdomain */
#else
typedef uint16_t era_domid_t;
typedef int era_int_domid_t;
#endif
#if XC_ERA_DMOP_API
typedef uint32_t era_nr_t;
typedef uint16_t era_segment_t;
typedef uint8_t era_event_t;
#else
typedef uint64_t era_nr_t;
typedef uint8_t era_segment_t;
typedef uint32_t era_event_t;
#endif

typedef uint16_t ioservid_t;
typedef uint32_t evtchn_port_t;
typedef unsigned long xen_pfn_t;
typedef struct xentoollog_logger xentoollog_logger;

/* Marks our libraries, so host.c never takes one for the host's. */
const int xenshim_compat_release = XC_RELEASE;

typedef struct xc_interface xc_interface;     /* host.h */

/* xc_dominfo_t of the era. */
#define XC_DOMINFO_RELEASE XC_RELEASE
#define XC_DOMINFO_TAG era_dominfo
#include "xc_dominfo.h"
#include "xen_checks.h"
typedef struct era_dominfo xc_dominfo_t;

/* ---- the interface handle ---------------------------------------- */

xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger,
                                unsigned open_flags)
{
    HOST_FN(HOST_CTRL, xc_interface_open, void *(*)(void *, void *, unsigned));
    HOST_FN(HOST_DM, xendevicemodel_open, void *(*)(void *, unsigned));
    xc_interface *xch;

    if (!xc_interface_open_host || !xendevicemodel_open_host)
        return NULL;
    xch = calloc(1, sizeof(*xch));
    if (!xch)
        return NULL;
    xch->logger = logger;
    /* The logger structure (vmessage, progress, destroy) is the same in
     * every release, so the caller's loggers serve the host library. */
    xch->host = xc_interface_open_host(logger, dombuild_logger, open_flags);
    if (xch->host)
        xch->dmod = xendevicemodel_open_host(logger, 0);
    if (!xch->host || !xch->dmod) {
        int e = errno;
        HOST_FN(HOST_CTRL, xc_interface_close, int (*)(void *));
        if (xch->host && xc_interface_close_host)
            xc_interface_close_host(xch->host);
        free(xch);
        errno = e;
        return NULL;
    }
    return xch;
}

int xc_interface_close(xc_interface *xch)
{
    HOST_FN(HOST_CTRL, xc_interface_close, int (*)(void *));
    HOST_FN(HOST_DM, xendevicemodel_close, int (*)(void *));
    int rc = 0;

    if (!xch)
        return 0;
    if (xch->fmem) {
        HOST_FN(HOST_FMEM, xenforeignmemory_close, int (*)(void *));
        if (xenforeignmemory_close_host)
            xenforeignmemory_close_host(xch->fmem);
    }
    if (xch->dmod && xendevicemodel_close_host)
        xendevicemodel_close_host(xch->dmod);
    if (xch->host && xc_interface_close_host)
        rc = xc_interface_close_host(xch->host);
    free(xch);
    return rc;
}

static void *fmem_of(xc_interface *xch)
{
    void *f = __atomic_load_n(&xch->fmem, __ATOMIC_ACQUIRE);

    if (!f) {
        HOST_FN(HOST_FMEM, xenforeignmemory_open, void *(*)(void *, unsigned));
        if (!xenforeignmemory_open_host)
            return NULL;
        f = xenforeignmemory_open_host(xch->logger, 0);
        void *none = NULL;
        /* Two threads may race here: the loser closes its handle. */
        if (f && !__atomic_compare_exchange_n(&xch->fmem, &none, f, 0,
                                              __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            HOST_FN(HOST_FMEM, xenforeignmemory_close, int (*)(void *));
            if (xenforeignmemory_close_host)
                xenforeignmemory_close_host(f);
            f = none;
        }
    }
    return f;
}

/* ---- event channels and grant tables: the host handles as they are --- */

/* SAME(lib, ret, old, host, params, args): `old` is `host` under its old
 * name, with a handle of the same meaning; `fail` is what the old call
 * returned when it could not run. */
#define SAME(lib, ret, fail, old, host, params, args)         \
    ret old params                                            \
    {                                                         \
        HOST_FN(lib, host, ret (*) params);                   \
        if (!host##_host)                                     \
            return fail;                                      \
        return host##_host args;                              \
    }

typedef struct xc_evtchn xc_evtchn;
typedef struct xc_gnttab xc_gnttab;

SAME(HOST_EVTCHN, xc_evtchn *, NULL, xc_evtchn_open, xenevtchn_open,
     (xentoollog_logger *logger, unsigned flags), (logger, flags))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_close, xenevtchn_close, (xc_evtchn *xce), (xce))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_fd, xenevtchn_fd, (xc_evtchn *xce), (xce))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_notify, xenevtchn_notify,
     (xc_evtchn *xce, evtchn_port_t port), (xce, port))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_bind_unbound_port, xenevtchn_bind_unbound_port,
     (xc_evtchn *xce, era_int_domid_t domid), (xce, domid))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_bind_interdomain, xenevtchn_bind_interdomain,
     (xc_evtchn *xce, era_int_domid_t domid, evtchn_port_t remote), (xce, domid, remote))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_bind_virq, xenevtchn_bind_virq,
     (xc_evtchn *xce, unsigned int virq), (xce, virq))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_unbind, xenevtchn_unbind,
     (xc_evtchn *xce, evtchn_port_t port), (xce, port))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_pending, xenevtchn_pending, (xc_evtchn *xce), (xce))
SAME(HOST_EVTCHN, int, -1, xc_evtchn_unmask, xenevtchn_unmask,
     (xc_evtchn *xce, evtchn_port_t port), (xce, port))

SAME(HOST_GNTTAB, xc_gnttab *, NULL, xc_gnttab_open, xengnttab_open,
     (xentoollog_logger *logger, unsigned flags), (logger, flags))
SAME(HOST_GNTTAB, int, -1, xc_gnttab_close, xengnttab_close, (xc_gnttab *xcg), (xcg))
SAME(HOST_GNTTAB, void *, NULL, xc_gnttab_map_grant_ref, xengnttab_map_grant_ref,
     (xc_gnttab *xcg, uint32_t domid, uint32_t ref, int prot), (xcg, domid, ref, prot))
SAME(HOST_GNTTAB, void *, NULL, xc_gnttab_map_grant_refs, xengnttab_map_grant_refs,
     (xc_gnttab *xcg, uint32_t count, uint32_t *domids, uint32_t *refs, int prot),
     (xcg, count, domids, refs, prot))
SAME(HOST_GNTTAB, void *, NULL, xc_gnttab_map_domain_grant_refs, xengnttab_map_domain_grant_refs,
     (xc_gnttab *xcg, uint32_t count, uint32_t domid, uint32_t *refs, int prot),
     (xcg, count, domid, refs, prot))
SAME(HOST_GNTTAB, int, -1, xc_gnttab_munmap, xengnttab_unmap,
     (xc_gnttab *xcg, void *start, uint32_t count), (xcg, start, count))
SAME(HOST_GNTTAB, int, -1, xc_gnttab_set_max_grants, xengnttab_set_max_grants,
     (xc_gnttab *xcg, uint32_t count), (xcg, count))

/* ---- foreign mappings --------------------------------------------- */

typedef void *(*fmem_map_fn)(void *, uint32_t, int, size_t, const xen_pfn_t *, int *);

void *xc_map_foreign_bulk(xc_interface *xch, uint32_t dom, int prot, const xen_pfn_t *arr,
                          int *err, unsigned int num)
{
    HOST_FN(HOST_FMEM, xenforeignmemory_map, fmem_map_fn);
    void *fmem = fmem_of(xch);

    if (!xenforeignmemory_map_host || !fmem)
        return NULL;
    return xenforeignmemory_map_host(fmem, dom, prot, num, arr, err);
}

/* The old whole-array mapping calls over xc_map_foreign_bulk: the mapping
 * and, in *errp (to be freed), each frame's error. */
static void *map_bulk_with_errors(xc_interface *xch, uint32_t dom, int prot,
                                  const xen_pfn_t *arr, int num, int **errp)
{
    void *p;

    *errp = NULL;
    if (num <= 0) {
        errno = EINVAL;
        return NULL;
    }
    *errp = calloc((size_t)num, sizeof(**errp));
    if (!*errp)
        return NULL;
    p = xc_map_foreign_bulk(xch, dom, prot, arr, *errp, (unsigned)num);
    if (!p) {
        free(*errp);
        *errp = NULL;
    }
    return p;
}

/* All or nothing, as the old call: the first page's error is errno. */
void *xc_map_foreign_pages(xc_interface *xch, uint32_t dom, int prot, const xen_pfn_t *arr,
                           int num)
{
    int *err;
    void *p = map_bulk_with_errors(xch, dom, prot, arr, num, &err);

    for (int i = 0; p && i < num; i++)
        if (err[i]) {
            munmap(p, (size_t)num * (size_t)sysconf(_SC_PAGESIZE));
            p = NULL;
            errno = -err[i];
        }
    free(err);
    return p;
}

void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size, int prot,
                           unsigned long mfn)
{
    long page = sysconf(_SC_PAGESIZE);
    int num = (int)((size + page - 1) / page);
    xen_pfn_t *arr;
    void *p;

    if (size <= 0) {
        errno = EINVAL;
        return NULL;
    }
    arr = calloc((size_t)num, sizeof(*arr));
    if (!arr)
        return NULL;
    for (int i = 0; i < num; i++)
        arr[i] = mfn + (unsigned long)i;
    p = xc_map_foreign_pages(xch, dom, prot, arr, num);
    free(arr);
    return p;
}

/* 4.5-4.6: frames that could not be mapped come back marked in `arr`
 * (XEN_DOMCTL_PFINFO_XTAB, 0xf << 28), as the kernel's MMAPBATCH marked
 * them; the mapping itself succeeds. */
void *xc_map_foreign_batch(xc_interface *xch, uint32_t dom, int prot, xen_pfn_t *arr, int num)
{
    int *err;
    void *p = map_bulk_with_errors(xch, dom, prot, arr, num, &err);

    for (int i = 0; p && i < num; i++)
        if (err[i])
            arr[i] |= 0xfUL << 28;
    free(err);
    return p;
}

/* ---- device-model calls: libxendevicemodel ------------------------ */

/* DM(old, host, params, host types, args): the old xc_hvm_* call is the
 * xendevicemodel_* call on the interface's devicemodel handle; C converts
 * the era's argument types (domid_t/uint32_t; the 4.5-4.8 uint64_t counts
 * are truncated to 32 bits exactly as those releases' libxenctrl stored
 * them into the hypercall argument).  DM_STATIC: the same as a helper of
 * a call that checks more first. */
#define DM(...) DM_FN(, __VA_ARGS__)
#define DM_STATIC(...) DM_FN(static, __VA_ARGS__)
#define DM_FN(linkage, old, host, params, types, args)      \
    linkage int old params                                  \
    {                                                       \
        HOST_FN(HOST_DM, host, int (*) types);              \
        if (!host##_host)                                   \
            return -1;                                      \
        return host##_host args;                            \
    }

DM(xc_hvm_create_ioreq_server, xendevicemodel_create_ioreq_server,
   (xc_interface *xch, era_domid_t domid, int bufioreq, ioservid_t *id),
   (void *, uint16_t, int, ioservid_t *), (xch->dmod, domid, bufioreq, id))
DM(xc_hvm_get_ioreq_server_info, xendevicemodel_get_ioreq_server_info,
   (xc_interface *xch, era_domid_t domid, ioservid_t id, xen_pfn_t *ioreq_pfn,
    xen_pfn_t *bufioreq_pfn, evtchn_port_t *bufioreq_port),
   (void *, uint16_t, ioservid_t, xen_pfn_t *, xen_pfn_t *, evtchn_port_t *),
   (xch->dmod, domid, id, ioreq_pfn, bufioreq_pfn, bufioreq_port))
DM(xc_hvm_map_io_range_to_ioreq_server, xendevicemodel_map_io_range_to_ioreq_server,
   (xc_interface *xch, era_domid_t domid, ioservid_t id, int is_mmio, uint64_t start, uint64_t end),
   (void *, uint16_t, ioservid_t, int, uint64_t, uint64_t),
   (xch->dmod, domid, id, is_mmio, start, end))
DM(xc_hvm_unmap_io_range_from_ioreq_server, xendevicemodel_unmap_io_range_from_ioreq_server,
   (xc_interface *xch, era_domid_t domid, ioservid_t id, int is_mmio, uint64_t start, uint64_t end),
   (void *, uint16_t, ioservid_t, int, uint64_t, uint64_t),
   (xch->dmod, domid, id, is_mmio, start, end))
DM(xc_hvm_map_pcidev_to_ioreq_server, xendevicemodel_map_pcidev_to_ioreq_server,
   (xc_interface *xch, era_domid_t domid, ioservid_t id, uint16_t segment, uint8_t bus,
    uint8_t device, uint8_t function),
   (void *, uint16_t, ioservid_t, uint16_t, uint8_t, uint8_t, uint8_t),
   (xch->dmod, domid, id, segment, bus, device, function))
DM(xc_hvm_unmap_pcidev_from_ioreq_server, xendevicemodel_unmap_pcidev_from_ioreq_server,
   (xc_interface *xch, era_domid_t domid, ioservid_t id, uint16_t segment, uint8_t bus,
    uint8_t device, uint8_t function),
   (void *, uint16_t, ioservid_t, uint16_t, uint8_t, uint8_t, uint8_t),
   (xch->dmod, domid, id, segment, bus, device, function))
DM(xc_hvm_destroy_ioreq_server, xendevicemodel_destroy_ioreq_server,
   (xc_interface *xch, era_domid_t domid, ioservid_t id),
   (void *, uint16_t, ioservid_t), (xch->dmod, domid, id))
DM(xc_hvm_set_ioreq_server_state, xendevicemodel_set_ioreq_server_state,
   (xc_interface *xch, era_domid_t domid, ioservid_t id, int enabled),
   (void *, uint16_t, ioservid_t, int), (xch->dmod, domid, id, enabled))
DM_STATIC(dm_set_pci_intx_level, xendevicemodel_set_pci_intx_level,
   (xc_interface *xch, era_domid_t domid, era_segment_t segment, uint8_t bus, uint8_t device,
    uint8_t intx, unsigned int level),
   (void *, uint16_t, uint16_t, uint8_t, uint8_t, uint8_t, unsigned int),
   (xch->dmod, domid, segment, bus, device, intx, level))


/* Xen 4.5-4.8 checked the PCI address before looking the domain up; dm_op
 * looks the domain up first.  A bad address for a bad domain is EINVAL
 * for the old binary, as its hypervisor said. */
int xc_hvm_set_pci_intx_level(xc_interface *xch, era_domid_t domid, era_segment_t segment,
                              uint8_t bus, uint8_t device, uint8_t intx, unsigned int level)
{
#if !XC_ERA_DMOP_API
    if (!xs_xen_pci_intx_ok(segment, bus, device, intx)) {
        errno = EINVAL;
        return -1;
    }
#endif
    return dm_set_pci_intx_level(xch, domid, segment, bus, device, intx, level);
}

DM(xc_hvm_set_isa_irq_level, xendevicemodel_set_isa_irq_level,
   (xc_interface *xch, era_domid_t domid, uint8_t irq, unsigned int level),
   (void *, uint16_t, uint8_t, unsigned int), (xch->dmod, domid, irq, level))
DM(xc_hvm_set_pci_link_route, xendevicemodel_set_pci_link_route,
   (xc_interface *xch, era_domid_t domid, uint8_t link, uint8_t irq),
   (void *, uint16_t, uint8_t, uint8_t), (xch->dmod, domid, link, irq))
DM(xc_hvm_inject_msi, xendevicemodel_inject_msi,
   (xc_interface *xch, era_domid_t domid, uint64_t addr, uint32_t data),
   (void *, uint16_t, uint64_t, uint32_t), (xch->dmod, domid, addr, data))
DM_STATIC(dm_track_dirty_vram, xendevicemodel_track_dirty_vram,
   (xc_interface *xch, era_domid_t domid, uint64_t first_pfn, era_nr_t nr, unsigned long *bitmap),
   (void *, uint16_t, uint64_t, uint32_t, unsigned long *),
   (xch->dmod, domid, first_pfn, (uint32_t)nr, bitmap))


/* Xen 4.5-4.8 refused more than 1 GiB of frames with EINVAL; through
 * dm_op the bitmap of so many frames exceeds what the privcmd driver
 * takes in one buffer and the kernel answers E2BIG instead. */
int xc_hvm_track_dirty_vram(xc_interface *xch, era_domid_t domid, uint64_t first_pfn,
                            era_nr_t nr, unsigned long *bitmap)
{
#if !XC_ERA_DMOP_API
    if (nr > (1u << 18)) {
        errno = EINVAL;
        return -1;
    }
#endif
    return dm_track_dirty_vram(xch, domid, first_pfn, nr, bitmap);
}
DM(xc_hvm_modified_memory, xendevicemodel_modified_memory,
   (xc_interface *xch, era_domid_t domid, uint64_t first_pfn, era_nr_t nr),
   (void *, uint16_t, uint64_t, uint32_t), (xch->dmod, domid, first_pfn, (uint32_t)nr))
DM(xc_hvm_set_mem_type, xendevicemodel_set_mem_type,
   (xc_interface *xch, era_domid_t domid, int type, uint64_t first_pfn, era_nr_t nr),
   (void *, uint16_t, int, uint64_t, uint32_t),
   (xch->dmod, domid, type, first_pfn, (uint32_t)nr))

#if !XC_ERA_DMOP_API
/* How many vCPUs `domid` has: dm_op nr_vcpus (4.11 on), else the domain
 * info's highest vCPU id; UINT_MAX when neither answers. */
static unsigned int nr_vcpus(xc_interface *xch, uint16_t domid)
{
    HOST_FN(HOST_DM, xendevicemodel_nr_vcpus, int (*)(void *, uint16_t, unsigned int *));
    HOST_FN(HOST_CTRL, xc_domain_getinfo, int (*)(void *, uint32_t, unsigned, struct host_dominfo *));
    int e = errno;
    unsigned int n = UINT_MAX;
    struct host_dominfo info;

    if (xendevicemodel_nr_vcpus_host && xendevicemodel_nr_vcpus_host(xch->dmod, domid, &n) == 0)
        ;
    else if (xc_domain_getinfo_host && xc_domain_getinfo_host(xch->host, domid, 1, &info) == 1 &&
             info.domid == domid)
        n = info.max_vcpu_id + 1;
    else
        n = UINT_MAX;
    errno = e;
    return n;
}
#endif

/* Before 4.9 the event fields were 32 bits wide; Xen kept only 8 of
 * vector, type and insn_len, so wider values cannot mean anything. */
int xc_hvm_inject_trap(xc_interface *xch, era_domid_t domid, int vcpu, era_event_t vector,
                       era_event_t type, uint32_t error_code, era_event_t insn_len, uint64_t cr2)
{
    HOST_FN(HOST_DM, xendevicemodel_inject_event,
            int (*)(void *, uint16_t, int, uint8_t, uint8_t, uint32_t, uint8_t, uint64_t));
    if (!xendevicemodel_inject_event_host)
        return -1;
#if !XC_ERA_DMOP_API
    if (vector > 0xff || type > 0xff || insn_len > 0xff) {
        errno = EINVAL;
        return -1;
    }
#endif
    int rc = xendevicemodel_inject_event_host(xch->dmod, domid, vcpu, (uint8_t)vector,
                                              (uint8_t)type, error_code, (uint8_t)insn_len, cr2);
#if !XC_ERA_DMOP_API
    /* A vCPU the domain does not have was ENOENT before dm_op, EINVAL
     * since: tell them apart by asking how many vCPUs there are. */
    if (rc < 0 && errno == EINVAL)
        errno = vcpu < 0 || (unsigned int)vcpu >= nr_vcpus(xch, domid) ? ENOENT : EINVAL;
#endif
    return rc;
}

/* ---- the rest of libxenctrl: the host's libxenctrl, same names ------ */

/* CTRL(old, params, types, args): the host's `old` on the host's
 * xc_interface, arguments converted to the host's types by C. */
#define CTRL(name, params, types, args)                     \
    int name params                                         \
    {                                                       \
        HOST_FN(HOST_CTRL, name, int (*) types);            \
        if (!name##_host)                                   \
            return -1;                                      \
        return name##_host args;                            \
    }

CTRL(xc_hvm_param_get, (xc_interface *xch, era_domid_t dom, uint32_t param, uint64_t *value),
     (void *, uint32_t, uint32_t, uint64_t *), (xch->host, dom, param, value))
CTRL(xc_hvm_param_set, (xc_interface *xch, era_domid_t dom, uint32_t param, uint64_t value),
     (void *, uint32_t, uint32_t, uint64_t), (xch->host, dom, param, value))
CTRL(xc_domain_pause, (xc_interface *xch, uint32_t domid), (void *, uint32_t), (xch->host, domid))
CTRL(xc_domain_unpause, (xc_interface *xch, uint32_t domid), (void *, uint32_t), (xch->host, domid))
CTRL(xc_domain_shutdown, (xc_interface *xch, uint32_t domid, int reason),
     (void *, uint32_t, int), (xch->host, domid, reason))
CTRL(xc_domain_add_to_physmap,
     (xc_interface *xch, uint32_t domid, unsigned int space, unsigned long idx, xen_pfn_t gpfn),
     (void *, uint32_t, unsigned int, unsigned long, xen_pfn_t), (xch->host, domid, space, idx, gpfn))
CTRL(xc_domain_populate_physmap_exact,
     (xc_interface *xch, uint32_t domid, unsigned long nr, unsigned int order, unsigned int flags,
      xen_pfn_t *extents),
     (void *, uint32_t, unsigned long, unsigned int, unsigned int, xen_pfn_t *),
     (xch->host, domid, nr, order, flags, extents))
CTRL(xc_domain_pin_memory_cacheattr,
     (xc_interface *xch, uint32_t domid, uint64_t start, uint64_t end, uint32_t type),
     (void *, uint32_t, uint64_t, uint64_t, uint32_t), (xch->host, domid, start, end, type))
CTRL(xc_domain_iomem_permission,
     (xc_interface *xch, uint32_t domid, unsigned long first_mfn, unsigned long nr_mfns, uint8_t allow),
     (void *, uint32_t, unsigned long, unsigned long, uint8_t), (xch->host, domid, first_mfn, nr_mfns, allow))
CTRL(xc_domain_ioport_permission,
     (xc_interface *xch, uint32_t domid, uint32_t first_port, uint32_t nr_ports, uint32_t allow),
     (void *, uint32_t, uint32_t, uint32_t, uint32_t), (xch->host, domid, first_port, nr_ports, allow))
#if XC_RELEASE >= 416
CTRL(xc_domain_irq_permission, (xc_interface *xch, uint32_t domid, uint32_t pirq, bool allow),
     (void *, uint32_t, uint32_t, bool), (xch->host, domid, pirq, allow))
#else
CTRL(xc_domain_irq_permission, (xc_interface *xch, uint32_t domid, uint8_t pirq, uint8_t allow),
     (void *, uint32_t, uint32_t, bool), (xch->host, domid, pirq, allow != 0))
#endif
CTRL(xc_domain_memory_mapping,
     (xc_interface *xch, uint32_t domid, unsigned long first_gfn, unsigned long first_mfn,
      unsigned long nr_mfns, uint32_t add),
     (void *, uint32_t, unsigned long, unsigned long, unsigned long, uint32_t),
     (xch->host, domid, first_gfn, first_mfn, nr_mfns, add))
CTRL(xc_domain_ioport_mapping,
     (xc_interface *xch, uint32_t domid, uint32_t first_gport, uint32_t first_mport,
      uint32_t nr_ports, uint32_t add),
     (void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t),
     (xch->host, domid, first_gport, first_mport, nr_ports, add))
CTRL(xc_domain_bind_pt_pci_irq,
     (xc_interface *xch, uint32_t domid, uint8_t machine_irq, uint8_t bus, uint8_t device, uint8_t intx),
     (void *, uint32_t, uint8_t, uint8_t, uint8_t, uint8_t), (xch->host, domid, machine_irq, bus, device, intx))
CTRL(xc_domain_unbind_pt_irq,
     (xc_interface *xch, uint32_t domid, uint8_t machine_irq, uint8_t irq_type, uint8_t bus,
      uint8_t device, uint8_t intx, uint8_t isa_irq),
     (void *, uint32_t, uint8_t, uint8_t, uint8_t, uint8_t, uint8_t, uint8_t),
     (xch->host, domid, machine_irq, irq_type, bus, device, intx, isa_irq))
CTRL(xc_domain_update_msi_irq,
     (xc_interface *xch, uint32_t domid, uint32_t gvec, uint32_t pirq, uint32_t gflags, uint64_t gtable),
     (void *, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t), (xch->host, domid, gvec, pirq, gflags, gtable))
CTRL(xc_domain_unbind_msi_irq,
     (xc_interface *xch, uint32_t domid, uint32_t gvec, uint32_t pirq, uint32_t gflags),
     (void *, uint32_t, uint32_t, uint32_t, uint32_t), (xch->host, domid, gvec, pirq, gflags))
CTRL(xc_physdev_map_pirq, (xc_interface *xch, era_int_domid_t domid, int index, int *pirq),
     (void *, uint32_t, int, int *), (xch->host, (uint32_t)domid, index, pirq))
CTRL(xc_physdev_map_pirq_msi,
     (xc_interface *xch, era_int_domid_t domid, int index, int *pirq, int devfn, int bus,
      int entry_nr, uint64_t table_base),
     (void *, uint32_t, int, int *, int, int, int, uint64_t),
     (xch->host, (uint32_t)domid, index, pirq, devfn, bus, entry_nr, table_base))
CTRL(xc_physdev_unmap_pirq, (xc_interface *xch, era_int_domid_t domid, int pirq),
     (void *, uint32_t, int), (xch->host, (uint32_t)domid, pirq))

CTRL(xc_domain_bind_pt_irq,
     (xc_interface *xch, uint32_t domid, uint8_t machine_irq, uint8_t irq_type, uint8_t bus,
      uint8_t device, uint8_t intx, uint8_t isa_irq),
     (void *, uint32_t, uint8_t, uint8_t, uint8_t, uint8_t, uint8_t, uint8_t),
     (xch->host, domid, machine_irq, irq_type, bus, device, intx, isa_irq))
CTRL(xc_domain_bind_pt_isa_irq, (xc_interface *xch, uint32_t domid, uint8_t machine_irq),
     (void *, uint32_t, uint8_t), (xch->host, domid, machine_irq))
CTRL(xc_physdev_pci_access_modify,
     (xc_interface *xch, uint32_t domid, int bus, int dev, int func, int enable),
     (void *, uint32_t, int, int, int, int), (xch->host, domid, bus, dev, func, enable))
/* The host answers for the hypervisor it runs on, which is what a device
 * model asking the version wants to know. */
CTRL(xc_version, (xc_interface *xch, int cmd, void *arg), (void *, int, void *),
     (xch->host, cmd, arg))

/* The pre-4.5 names of the param calls, with unsigned long values. */
int xc_get_hvm_param(xc_interface *xch, era_domid_t dom, int param, unsigned long *value)
{
    uint64_t v;
    int rc = xc_hvm_param_get(xch, dom, (uint32_t)param, &v);

    if (rc == 0)
        *value = (unsigned long)v;
    return rc;
}

int xc_set_hvm_param(xc_interface *xch, era_domid_t dom, int param, unsigned long value)
{
    return xc_hvm_param_set(xch, dom, (uint32_t)param, value);
}

/* Read with the host's layout, handed back in the era's. */
int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid, unsigned int max_doms,
                      xc_dominfo_t *info)
{
    HOST_FN(HOST_CTRL, xc_domain_getinfo, int (*)(void *, uint32_t, unsigned, struct host_dominfo *));
    struct host_dominfo *h;
    int n;

    if (!xc_domain_getinfo_host)
        return -1;
    h = calloc(max_doms ? max_doms : 1, sizeof(*h));
    if (!h)
        return -1;
    n = xc_domain_getinfo_host(xch->host, first_domid, max_doms, h);
    for (int i = 0; i < n; i++) {
        xc_dominfo_t *o = &info[i];
        memset(o, 0, sizeof(*o));
        o->domid = h[i].domid;
        o->ssidref = h[i].ssidref;
        o->dying = h[i].dying;
        o->crashed = h[i].crashed;
        o->shutdown = h[i].shutdown;
        o->paused = h[i].paused;
        o->blocked = h[i].blocked;
        o->running = h[i].running;
        o->hvm = h[i].hvm;
        o->debugged = h[i].debugged;
#if XC_RELEASE >= 407
        o->xenstore = h[i].xenstore;
#endif
#if XC_RELEASE >= 408
        o->hap = h[i].hap;
#endif
        o->shutdown_reason = h[i].shutdown_reason;
        o->nr_pages = h[i].nr_pages;
        o->nr_outstanding_pages = h[i].nr_outstanding_pages;
        o->nr_shared_pages = h[i].nr_shared_pages;
        o->nr_paged_pages = h[i].nr_paged_pages;
        o->shared_info_frame = h[i].shared_info_frame;
        o->cpu_time = h[i].cpu_time;
        o->max_memkb = h[i].max_memkb;
        o->nr_online_vcpus = h[i].nr_online_vcpus;
        o->max_vcpu_id = h[i].max_vcpu_id;
        memcpy(o->handle, h[i].handle, sizeof(o->handle));
        o->cpupool = h[i].cpupool;
#if XC_RELEASE >= 416
        o->gpaddr_bits = h[i].gpaddr_bits;
#endif
#if XC_RELEASE >= 415
        o->arch_config.emulation_flags = h[i].arch_config.emulation_flags;
        o->arch_config.misc_flags = h[i].arch_config.misc_flags;
#elif XC_RELEASE >= 410
        o->arch_config.emulation_flags = h[i].arch_config.emulation_flags;
#endif
    }
    free(h);
    return n;
}
