/* The compat sonames (shim/compat/) against a fake host.
 *
 * Built twice from this file: as the cmocka test, and with
 * -DCOMPAT_FAKE_HOST as a shared library that compat.mk installs under
 * every host soname in $(O)/tests/compat-fakehost/ (libxenctrl.so.4.99,
 * libxendevicemodel.so.1, ...).  The fake records what the compat layer
 * asked of the host, so the tests see each era's argument conversion,
 * xc_dominfo_t layout and handle wrapping without a hypervisor. */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the fake host saw last (one call at a time in these tests). */
struct fake_record {
    unsigned calls;
    char fn[64];
    uint64_t a[8];
};

#include "shim/compat/host.h"

#ifdef COMPAT_FAKE_HOST

struct fake_record fake_last;
static int fake_handle;

static void rec(const char *fn, int n, ...)
{
    __builtin_va_list ap;
    fake_last.calls++;
    strncpy(fake_last.fn, fn, sizeof(fake_last.fn) - 1);
    __builtin_va_start(ap, n);
    for (int i = 0; i < n && i < 8; i++)
        fake_last.a[i] = __builtin_va_arg(ap, uint64_t);
    __builtin_va_end(ap);
}

void *xc_interface_open(void *l, void *d, unsigned f) { (void)l; (void)d; (void)f; return &fake_handle; }
int xc_interface_close(void *x) { (void)x; return 0; }
void *xendevicemodel_open(void *l, unsigned f) { (void)l; (void)f; return &fake_handle; }
int xendevicemodel_close(void *x) { (void)x; return 0; }

int xendevicemodel_set_pci_intx_level(void *d, uint16_t dom, uint16_t seg, uint8_t bus,
                                      uint8_t dev, uint8_t intx, unsigned level)
{
    (void)d;
    rec(__func__, 6, (uint64_t)dom, (uint64_t)seg, (uint64_t)bus, (uint64_t)dev,
        (uint64_t)intx, (uint64_t)level);
    return 0;
}

int xendevicemodel_modified_memory(void *d, uint16_t dom, uint64_t first, uint32_t nr)
{
    (void)d;
    rec(__func__, 3, (uint64_t)dom, first, (uint64_t)nr);
    return 0;
}

/* Refuses vCPUs >= 2 with EINVAL, as dm_op does. */
int xendevicemodel_inject_event(void *d, uint16_t dom, int vcpu, uint8_t vector, uint8_t type,
                                uint32_t err, uint8_t len, uint64_t extra)
{
    (void)d;
    rec(__func__, 7, (uint64_t)dom, (uint64_t)vcpu, (uint64_t)vector, (uint64_t)type,
        (uint64_t)err, (uint64_t)len, extra);
    if (vcpu >= 2) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

int xendevicemodel_nr_vcpus(void *d, uint16_t dom, unsigned *n)
{
    (void)d;
    (void)dom;
    *n = 2;
    return 0;
}

int xc_hvm_param_get(void *x, uint32_t dom, uint32_t param, uint64_t *value)
{
    (void)x;
    rec(__func__, 2, (uint64_t)dom, (uint64_t)param);
    *value = 0x1234567890ull;
    return 0;
}

/* Two domains from `first`, every field telling which it is. */
int xc_domain_getinfo(void *x, uint32_t first, unsigned max, struct host_dominfo *info)
{
    (void)x;
    unsigned n = max < 2 ? max : 2;
    for (unsigned i = 0; i < n; i++) {
        memset(&info[i], 0, sizeof(info[i]));
        info[i].domid = first + i;
        info[i].paused = 1;
        info[i].hvm = 1;
        info[i].hap = 1;
        info[i].nr_pages = 1000 + i;
        info[i].max_memkb = 4096;
        info[i].nr_online_vcpus = 2;
        info[i].max_vcpu_id = 1;
        info[i].handle[15] = 0xab;
        info[i].cpupool = 9;
        info[i].gpaddr_bits = 52;
        info[i].arch_config.emulation_flags = 0x55;
        info[i].arch_config.misc_flags = 0x66;
    }
    return (int)n;
}

void *xenforeignmemory_open(void *l, unsigned f) { (void)l; (void)f; return &fake_handle; }
int xenforeignmemory_close(void *f) { (void)f; return 0; }

/* Frame 0xbad cannot be mapped. */
void *xenforeignmemory_map(void *f, uint32_t dom, int prot, size_t n, const unsigned long *arr,
                           int *err)
{
    static char pages[4][4096];
    (void)f;
    rec(__func__, 3, (uint64_t)dom, (uint64_t)prot, (uint64_t)n);
    for (size_t i = 0; i < n; i++)
        err[i] = arr[i] == 0xbad ? -EFAULT : 0;
    return n <= 4 ? pages : NULL;
}

/* Records whether it got the host's handle (not the compat wrapper). */
int xc_linux_build(void *xch, uint32_t domid, unsigned mem_mb, const char *image,
                   const char *ramdisk, const char *cmdline, const char *features,
                   unsigned long flags, unsigned store_evtchn, unsigned long *store_mfn,
                   unsigned console_evtchn, unsigned long *console_mfn)
{
    (void)ramdisk; (void)cmdline; (void)features; (void)flags; (void)store_mfn;
    (void)console_mfn; (void)image;
    rec(__func__, 5, (uint64_t)(xch == &fake_handle), (uint64_t)domid, (uint64_t)mem_mb,
        (uint64_t)store_evtchn, (uint64_t)console_evtchn);
    return 0;
}

void *xs_open(unsigned long flags) { rec(__func__, 1, (uint64_t)flags); return &fake_handle; }

#else /* the tests */

#include <libgen.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "shim/compat/symbols.h"

typedef struct xc_interface xc_interface;

/* xc_dominfo_t as the 4.6 and 4.11 headers have it. */
#define XC_DOMINFO_RELEASE 406
#define XC_DOMINFO_TAG dominfo_46
#include "shim/compat/xc_dominfo.h"
#define XC_DOMINFO_RELEASE 411
#define XC_DOMINFO_TAG dominfo_411
#include "shim/compat/xc_dominfo.h"

static char build_dir[PATH_MAX];      /* $(O) */
static char fake_dir[PATH_MAX + 32];

/* $(O) from our own path: $(O)/tests/test_compat or $(O)/tests/san/test_compat. */
static void find_dirs(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

    assert_true(n > 0);
    exe[n] = 0;
    char *d = dirname(exe);                  /* .../tests or .../tests/san */
    if (!strcmp(strrchr(d, '/'), "/san"))
        *strrchr(d, '/') = 0;
    *strrchr(d, '/') = 0;                    /* $(O) */
    snprintf(build_dir, sizeof(build_dir), "%s", d);
    snprintf(fake_dir, sizeof(fake_dir), "%s/tests/compat-fakehost", d);
}

static void *open_compat(const char *soname)
{
    char path[PATH_MAX + 64];
    void *h;

    snprintf(path, sizeof(path), "%s/lib/compat/%s", build_dir, soname);
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        fail_msg("dlopen %s: %s", path, dlerror());
    return h;
}

static struct fake_record *fake(void)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/libxenctrl.so.4.99", fake_dir);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    assert_non_null(h);
    struct fake_record *r = dlsym(h, "fake_last");
    assert_non_null(r);
    dlclose(h);
    return r;
}

#define SYM(h, name, type) ((type)dlsym(h, name))

struct release { int rel; const char *version; };
#define R(rel, v) { rel, v },
static const struct release releases[] = { XC_RELEASES(R) };
#undef R
struct xc_sym { const char *name; int first, last; };
#define XC(n, f, l, h) { #n, f, l },
static const struct xc_sym xc_syms[] = { XC_SYMBOLS };
#undef XC
#define XG(n, f, l, h) { #n, f, l },
static const struct xc_sym xg_syms[] = { XG_SYMBOLS };
#undef XG

/* Every release's library: its marker, and every symbol of the table. */
static void test_every_release_exports_its_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++) {
        char soname[32];
        int rel = releases[i].rel;
        snprintf(soname, sizeof(soname), "libxenctrl.so.4.%d", rel - 400);
        void *h = open_compat(soname);
        const int *marker = dlsym(h, "xenshim_compat_release");
        assert_non_null(marker);
        assert_int_equal(*marker, rel);
        for (size_t j = 0; j < sizeof(xc_syms) / sizeof(xc_syms[0]); j++)
            if (xc_syms[j].first <= rel && rel <= xc_syms[j].last && !dlsym(h, xc_syms[j].name))
                fail_msg("%s lacks %s", soname, xc_syms[j].name);
        /* Helpers stay inside. */
        assert_null(dlsym(h, "host_sym"));
        dlclose(h);
        snprintf(soname, sizeof(soname), "libxenguest.so.4.%d", rel - 400);
        h = open_compat(soname);
        for (size_t j = 0; j < sizeof(xg_syms) / sizeof(xg_syms[0]); j++)
            if (xg_syms[j].first <= rel && rel <= xg_syms[j].last && !dlsym(h, xg_syms[j].name))
                fail_msg("%s lacks %s", soname, xg_syms[j].name);
        dlclose(h);
    }
}

/* What qemu-traditional's x86 build calls in libxenctrl and libxenstore,
 * with the releases whose tag calls it (docs/compat.md, "Cross-check");
 * each compat library of those releases must export it.  4.16 has no
 * libxenstore.so.3.0 and 4.7+ take evtchn/gnttab from libxenevtchn.so.1
 * and libxengnttab.so.1, which are not ours. */
struct trad_import { const char *name; int first, last; };
static const struct trad_import trad_xc[] = {
    { "xc_interface_open", 405, 416 }, { "xc_interface_close", 405, 416 },
    { "xc_map_foreign_range", 405, 416 }, { "xc_map_foreign_pages", 405, 416 },
    { "xc_map_foreign_bulk", 405, 416 },
    { "xc_get_hvm_param", 405, 416 }, { "xc_set_hvm_param", 405, 416 },
    { "xc_hvm_set_pci_intx_level", 405, 416 }, { "xc_hvm_set_isa_irq_level", 405, 416 },
    { "xc_hvm_set_pci_link_route", 405, 416 }, { "xc_hvm_track_dirty_vram", 405, 416 },
    { "xc_hvm_modified_memory", 405, 416 }, { "xc_hvm_set_mem_type", 405, 416 },
    { "xc_domain_add_to_physmap", 405, 416 }, { "xc_domain_populate_physmap_exact", 405, 416 },
    { "xc_domain_pin_memory_cacheattr", 405, 416 }, { "xc_domain_shutdown", 405, 416 },
    { "xc_domain_memory_mapping", 405, 416 }, { "xc_domain_ioport_mapping", 405, 416 },
    { "xc_domain_bind_pt_irq", 405, 416 }, { "xc_domain_bind_pt_pci_irq", 405, 416 },
    { "xc_domain_unbind_pt_irq", 405, 416 }, { "xc_domain_update_msi_irq", 405, 416 },
    { "xc_domain_unbind_msi_irq", 405, 416 }, { "xc_physdev_map_pirq", 405, 416 },
    { "xc_physdev_map_pirq_msi", 405, 416 }, { "xc_physdev_unmap_pirq", 405, 416 },
    { "xc_evtchn_open", 405, 406 }, { "xc_evtchn_close", 405, 406 },
    { "xc_evtchn_fd", 405, 406 }, { "xc_evtchn_notify", 405, 406 },
    { "xc_evtchn_bind_interdomain", 405, 406 }, { "xc_evtchn_unbind", 405, 406 },
    { "xc_evtchn_pending", 405, 406 }, { "xc_evtchn_unmask", 405, 406 },
    { "xc_gnttab_open", 405, 406 }, { "xc_gnttab_close", 405, 406 },
    { "xc_gnttab_map_grant_ref", 405, 406 }, { "xc_gnttab_map_grant_refs", 405, 406 },
    { "xc_gnttab_munmap", 405, 406 }, { "xc_gnttab_set_max_grants", 405, 406 },
    { "xc_hvm_create_ioreq_server", 412, 416 }, { "xc_hvm_get_ioreq_server_info", 412, 416 },
    { "xc_hvm_map_io_range_to_ioreq_server", 412, 416 },
    { "xc_hvm_unmap_io_range_from_ioreq_server", 412, 416 },
    { "xc_hvm_map_pcidev_to_ioreq_server", 412, 416 },
    { "xc_hvm_unmap_pcidev_from_ioreq_server", 412, 416 },
    { "xc_hvm_set_ioreq_server_state", 412, 416 }, { "xc_hvm_destroy_ioreq_server", 414, 416 },
};
static const char *const trad_xs[] = {
    "xs_daemon_open", "xs_daemon_close", "xs_directory", "xs_read", "xs_write",
    "xs_rm", "xs_watch", "xs_unwatch", "xs_read_watch", "xs_fileno",
    "xs_get_domain_path", "xs_set_permissions", "xs_strings_to_perms",
};

static void test_qemu_traditional_imports(void **state)
{
    (void)state;
    for (int rel = 405; rel <= 416; rel++) {
        char soname[32];
        snprintf(soname, sizeof(soname), "libxenctrl.so.4.%d", rel - 400);
        void *h = open_compat(soname);
        for (size_t j = 0; j < sizeof(trad_xc) / sizeof(trad_xc[0]); j++)
            if (trad_xc[j].first <= rel && rel <= trad_xc[j].last && !dlsym(h, trad_xc[j].name))
                fail_msg("%s lacks %s (qemu-traditional imports it)", soname, trad_xc[j].name);
        dlclose(h);
    }
    void *h = open_compat("libxenstore.so.3.0");
    for (size_t j = 0; j < sizeof(trad_xs) / sizeof(trad_xs[0]); j++)
        if (!dlsym(h, trad_xs[j]))
            fail_msg("libxenstore.so.3.0 lacks %s (qemu-traditional imports it)", trad_xs[j]);
    dlclose(h);
}

typedef xc_interface *(*open_fn)(void *, void *, unsigned);

/* 4.6: domid_t, uint8_t PCI domain, uint64_t counts cut to 32 bits (as
 * 4.6 stored them into the hypercall argument), PCI address checked
 * before anything reaches the host. */
static void test_46_arguments(void **state)
{
    (void)state;
    void *h = open_compat("libxenctrl.so.4.6");
    xc_interface *xch = SYM(h, "xc_interface_open", open_fn)(NULL, NULL, 0);
    assert_non_null(xch);
    struct fake_record *r = fake();

    int (*intx)(xc_interface *, uint16_t, uint8_t, uint8_t, uint8_t, uint8_t, unsigned) =
        SYM(h, "xc_hvm_set_pci_intx_level", int (*)(xc_interface *, uint16_t, uint8_t, uint8_t, uint8_t, uint8_t, unsigned));
    assert_int_equal(intx(xch, 7, 0, 0, 3, 1, 1), 0);
    assert_string_equal(r->fn, "xendevicemodel_set_pci_intx_level");
    assert_int_equal(r->a[0], 7);
    assert_int_equal(r->a[3], 3);
    assert_int_equal(r->a[4], 1);
    assert_int_equal(r->a[5], 1);

    unsigned before = r->calls;
    errno = 0;
    assert_int_equal(intx(xch, 77, 0, 0, 40, 0, 1), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(r->calls, before);

    int (*modified)(xc_interface *, uint16_t, uint64_t, uint64_t) =
        SYM(h, "xc_hvm_modified_memory", int (*)(xc_interface *, uint16_t, uint64_t, uint64_t));
    assert_int_equal(modified(xch, 1, 0x1008, 0x100000004ull), 0);
    assert_string_equal(r->fn, "xendevicemodel_modified_memory");
    assert_int_equal(r->a[1], 0x1008);
    assert_int_equal(r->a[2], 4);

    /* inject_trap: 32-bit fields of 4.6; a vCPU the domain lacks is ENOENT. */
    int (*trap)(xc_interface *, uint16_t, int, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t) =
        SYM(h, "xc_hvm_inject_trap", int (*)(xc_interface *, uint16_t, int, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t));
    assert_int_equal(trap(xch, 1, 1, 14, 3, 2, 0, 0x1000), 0);
    assert_int_equal(r->a[1], 1);
    assert_int_equal(r->a[2], 14);
    assert_int_equal(r->a[6], 0x1000);
    errno = 0;
    assert_int_equal(trap(xch, 1, 5, 14, 3, 2, 0, 0x1000), -1);
    assert_int_equal(errno, ENOENT);
    before = r->calls;
    errno = 0;
    assert_int_equal(trap(xch, 1, 0, 0x10e, 3, 2, 0, 0x1000), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(r->calls, before);

    unsigned long v = 0;
    int (*getp)(xc_interface *, uint16_t, int, unsigned long *) =
        SYM(h, "xc_get_hvm_param", int (*)(xc_interface *, uint16_t, int, unsigned long *));
    assert_int_equal(getp(xch, 3, 35, &v), 0);
    assert_string_equal(r->fn, "xc_hvm_param_get");
    assert_int_equal(r->a[0], 3);
    assert_int_equal(r->a[1], 35);
    assert_int_equal(v, 0x1234567890ul);

    assert_int_equal(SYM(h, "xc_interface_close", int (*)(xc_interface *))(xch), 0);
    dlclose(h);
}

/* 4.5-4.6 xc_map_foreign_batch marks the frames it could not map. */
static void test_46_map_foreign_batch(void **state)
{
    (void)state;
    void *h = open_compat("libxenctrl.so.4.6");
    xc_interface *xch = SYM(h, "xc_interface_open", open_fn)(NULL, NULL, 0);
    unsigned long arr[3] = { 1, 0xbad, 3 };
    void *(*batch)(xc_interface *, uint32_t, int, unsigned long *, int) =
        SYM(h, "xc_map_foreign_batch", void *(*)(xc_interface *, uint32_t, int, unsigned long *, int));
    assert_non_null(batch(xch, 2, 1, arr, 3));
    assert_int_equal(arr[0], 1);
    assert_int_equal(arr[1], 0xbad | 0xf0000000ul);
    assert_int_equal(arr[2], 3);
    assert_string_equal(fake()->fn, "xenforeignmemory_map");
    SYM(h, "xc_interface_close", int (*)(xc_interface *))(xch);
    dlclose(h);
    h = open_compat("libxenctrl.so.4.11");
    assert_null(dlsym(h, "xc_map_foreign_batch"));   /* gone in 4.7 */
    dlclose(h);
}

/* 4.11: the dm_op-era prototypes, and dm_op's own answers. */
static void test_411_arguments(void **state)
{
    (void)state;
    void *h = open_compat("libxenctrl.so.4.11");
    xc_interface *xch = SYM(h, "xc_interface_open", open_fn)(NULL, NULL, 0);
    assert_non_null(xch);
    struct fake_record *r = fake();

    int (*intx)(xc_interface *, uint32_t, uint16_t, uint8_t, uint8_t, uint8_t, unsigned) =
        SYM(h, "xc_hvm_set_pci_intx_level", int (*)(xc_interface *, uint32_t, uint16_t, uint8_t, uint8_t, uint8_t, unsigned));
    unsigned before = r->calls;
    intx(xch, 77, 0, 0, 40, 0, 1);
    assert_int_equal(r->calls, before + 1);      /* the host decides */
    assert_int_equal(r->a[3], 40);

    int (*trap)(xc_interface *, uint32_t, int, uint8_t, uint8_t, uint32_t, uint8_t, uint64_t) =
        SYM(h, "xc_hvm_inject_trap", int (*)(xc_interface *, uint32_t, int, uint8_t, uint8_t, uint32_t, uint8_t, uint64_t));
    errno = 0;
    assert_int_equal(trap(xch, 1, 5, 14, 3, 2, 0, 0x1000), -1);
    assert_int_equal(errno, EINVAL);
    SYM(h, "xc_interface_close", int (*)(xc_interface *))(xch);
    dlclose(h);
}

/* xc_domain_getinfo hands back the era's layout: fields in their places
 * and the array stride of the era's struct (the third slot untouched). */
static void test_getinfo_layouts(void **state)
{
    (void)state;
    void *h = open_compat("libxenctrl.so.4.6");
    xc_interface *xch = SYM(h, "xc_interface_open", open_fn)(NULL, NULL, 0);
    struct dominfo_46 d46[3];
    memset(d46, 0xee, sizeof(d46));
    int (*getinfo)(xc_interface *, uint32_t, unsigned, void *) =
        SYM(h, "xc_domain_getinfo", int (*)(xc_interface *, uint32_t, unsigned, void *));
    assert_int_equal(getinfo(xch, 4, 2, d46), 2);
    assert_int_equal(d46[0].domid, 4);
    assert_int_equal(d46[1].domid, 5);
    assert_int_equal(d46[1].paused, 1);
    assert_int_equal(d46[1].hvm, 1);
    assert_int_equal(d46[1].pvh, 0);
    assert_int_equal(d46[1].nr_pages, 1001);
    assert_int_equal(d46[1].max_memkb, 4096);
    assert_int_equal(d46[1].handle[15], 0xab);
    assert_int_equal(d46[1].cpupool, 9);
    assert_int_equal(d46[2].domid, 0xeeeeeeee);
    SYM(h, "xc_interface_close", int (*)(xc_interface *))(xch);
    dlclose(h);

    h = open_compat("libxenctrl.so.4.11");
    xch = SYM(h, "xc_interface_open", open_fn)(NULL, NULL, 0);
    struct dominfo_411 d411[3];
    memset(d411, 0xee, sizeof(d411));
    getinfo = SYM(h, "xc_domain_getinfo", int (*)(xc_interface *, uint32_t, unsigned, void *));
    assert_int_equal(getinfo(xch, 4, 2, d411), 2);
    assert_int_equal(d411[1].domid, 5);
    assert_int_equal(d411[1].hap, 1);
    assert_int_equal(d411[1].cpupool, 9);
    assert_int_equal(d411[1].arch_config.emulation_flags, 0x55);
    assert_int_equal(d411[2].domid, 0xeeeeeeee);
    SYM(h, "xc_interface_close", int (*)(xc_interface *))(xch);
    dlclose(h);
}

/* libxenguest hands the host its own handle out of our xc_interface. */
static void test_xenguest_unwraps_the_handle(void **state)
{
    (void)state;
    void *ctrl = open_compat("libxenctrl.so.4.6"), *guest = open_compat("libxenguest.so.4.6");
    xc_interface *xch = SYM(ctrl, "xc_interface_open", open_fn)(NULL, NULL, 0);
    struct fake_record *r = fake();
    unsigned long store = 0, console = 0;
    int (*build)(xc_interface *, uint32_t, unsigned, const char *, const char *, const char *,
                 const char *, unsigned long, unsigned, unsigned long *, unsigned,
                 unsigned long *) =
        SYM(guest, "xc_linux_build", int (*)(xc_interface *, uint32_t, unsigned, const char *,
                                             const char *, const char *, const char *,
                                             unsigned long, unsigned, unsigned long *,
                                             unsigned, unsigned long *));
    assert_int_equal(build(xch, 3, 256, "k", NULL, "", NULL, 0, 5, &store, 6, &console), 0);
    assert_string_equal(r->fn, "xc_linux_build");
    assert_int_equal(r->a[0], 1);
    assert_int_equal(r->a[1], 3);
    assert_int_equal(r->a[3], 5);
    assert_int_equal(r->a[4], 6);
    SYM(ctrl, "xc_interface_close", int (*)(xc_interface *))(xch);
    dlclose(guest);
    dlclose(ctrl);
}

static void test_xenstore_forwards(void **state)
{
    (void)state;
    void *h = open_compat("libxenstore.so.3.0");
    struct fake_record *r = fake();
    void *xsh = SYM(h, "xs_open", void *(*)(unsigned long))(5);
    assert_non_null(xsh);
    assert_string_equal(r->fn, "xs_open");
    assert_int_equal(r->a[0], 5);
    dlclose(h);
}

/* With no host library the call fails ENOSYS (4.7 is used by no other
 * test, so its lookups start here, with the directory emptied). */
static void test_no_host_is_enosys(void **state)
{
    (void)state;
    char empty[PATH_MAX + 32];
    snprintf(empty, sizeof(empty), "%s/tests/compat-nohost", build_dir);
    setenv("XENSHIM_HOST_LIBDIR", empty, 1);
    void *h = open_compat("libxenctrl.so.4.7");
    errno = 0;
    assert_null(SYM(h, "xc_interface_open", open_fn)(NULL, NULL, 0));
    assert_int_equal(errno, ENOSYS);
    errno = 0;
    assert_null(SYM(h, "xc_evtchn_open", void *(*)(void *, unsigned))(NULL, 0));
    assert_int_equal(errno, ENOSYS);
    setenv("XENSHIM_HOST_LIBDIR", fake_dir, 1);
    dlclose(h);
}

int main(void)
{
    find_dirs();
    setenv("XENSHIM_HOST_LIBDIR", fake_dir, 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_release_exports_its_table),
        cmocka_unit_test(test_qemu_traditional_imports),
        cmocka_unit_test(test_46_arguments),
        cmocka_unit_test(test_46_map_foreign_batch),
        cmocka_unit_test(test_411_arguments),
        cmocka_unit_test(test_getinfo_layouts),
        cmocka_unit_test(test_xenguest_unwraps_the_handle),
        cmocka_unit_test(test_xenstore_forwards),
        cmocka_unit_test(test_no_host_is_enosys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
