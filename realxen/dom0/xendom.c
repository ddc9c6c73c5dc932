/* xendom: the real-Xen runner's toolstack in dom0.
 *
 *   xendom create DOMID VCPUS MEM_MIB   build the guest `xenshim run --sim`
 *                                       plays: HVM with HAP, RAM populated,
 *                                       the HVM params libxenguest sets
 *   xendom state DOMID BASELINE         the guest-visible state as the
 *                                       simulator's --state-out JSON, as far
 *                                       as Xen reports it (realxen/README.md)
 *   xendom release                      the running release's name
 *
 * It speaks raw privcmd with the running release's interface versions and
 * layouts (from versions/), so it needs neither the shim nor a libxenctrl of
 * that release: the runner's setup must not depend on what it is testing.
 * Hypercall buffers come from /dev/xen/hypercall, as libxencall's do. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi.h"
#include "privcmd.h"
#include "versions.h"

#define PAGE 4096u
#define BUF_PAGES 16u               /* domctl + a 60 KiB HVM context */

/* libxenguest's special pages below 0xff000 (special_pfn(0..7)) and the
 * 8-page ioreq server pool below them; the simulator's guest has the same. */
#define SPECIAL_PFN_BASE 0xfeff8u
#define IOREQ_SERVER_PFN 0xfeff0u
#define NR_IOREQ_SERVER_PAGES 8u
#define HVM_PARAM_IOREQ_PFN 5
#define HVM_PARAM_BUFIOREQ_PFN 6
#define HVM_PARAM_IOREQ_SERVER_PFN 32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33
/* HVM params that state reports: the ones a device model may set. */
#define NR_PARAMS 39

static int privcmd = -1;
static uint8_t *buf;                /* BUF_PAGES of /dev/xen/hypercall */
static const struct xs_release *rel;

static void die(const char *what, long rc)
{
    fprintf(stderr, "xendom: %s: %s\n", what, rc < 0 ? strerror((int)-rc) : "failed");
    exit(1);
}

static long hypercall(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct xs_privcmd_hypercall h = { .op = op, .arg = { a0, a1, a2 } };
    long rc = ioctl(privcmd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);

    return rc < 0 ? -errno : rc;
}

static void open_xen(void)
{
    int hfd;
    long v;

    privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    hfd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
    if (privcmd < 0 || hfd < 0)
        die("/dev/xen/privcmd or /dev/xen/hypercall", -errno);
    buf = mmap(NULL, BUF_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, hfd, 0);
    if (buf == MAP_FAILED)
        die("mmap /dev/xen/hypercall", -errno);
    close(hfd);
    v = hypercall(XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0);
    if (v < 0)
        die("xen_version", v);
    for (size_t i = 0; i < xs_nr_releases; i++)
        if (xs_releases[i].major == (v >> 16) && xs_releases[i].minor == (v & 0xffff) &&
            !xs_releases[i].base)
            rel = &xs_releases[i];
    if (!rel) {
        fprintf(stderr, "xendom: Xen %ld.%ld is not a release xenshim knows\n", v >> 16, v & 0xffff);
        exit(1);
    }
}

/* One domctl in the buffer's first page; the payload stays there for the caller. */
static long domctl(uint32_t cmd, uint16_t domid, const void *payload, size_t len)
{
    struct xs_domctl *d = (struct xs_domctl *)buf;

    memset(d, 0, sizeof(*d));
    d->cmd = cmd;
    d->interface_version = rel->domctl_if;
    d->domain = domid;
    if (payload)
        memcpy(&d->u, payload, len);
    return hypercall(XS_HYPERVISOR_domctl, (uintptr_t)d, 0, 0);
}

static long hvm_param(unsigned op, uint16_t domid, uint32_t index, uint64_t *value)
{
    struct xs_hvm_param *p = (struct xs_hvm_param *)(buf + PAGE);
    long rc;

    *p = (struct xs_hvm_param){ .domid = domid, .index = index, .value = *value };
    rc = hypercall(XS_HYPERVISOR_hvm_op, op, (uintptr_t)p, 0);
    *value = p->value;
    return rc;
}

/* createdomain in the running release's layout. */
static long create_domain(uint16_t domid, unsigned vcpus)
{
    union {
        struct xs_domctl_createdomain_v0 v0;
        struct xs_domctl_createdomain_v3 v3;
        struct xs_domctl_createdomain_v4 v4;
    } c;
    size_t len;

    memset(&c, 0, sizeof(c));
    c.v0.flags = XS_DOMCTL_CDF_hvm | XS_DOMCTL_CDF_hap;
    c.v0.max_vcpus = vcpus;
    c.v0.max_evtchn_port = 1023;
    c.v0.max_grant_frames = 32;
    c.v0.max_maptrack_frames = 1024;
    if (rel->minor >= 13 && rel->minor <= 14) {
        c.v0.emulation_flags = XS_X86_EMU_ALL_BUT_VPCI;
        len = sizeof(c.v0);
    } else if (rel->minor >= 17 && rel->minor <= 18) {
        c.v3.grant_opts = 1;
        c.v3.arch.emulation_flags = XS_X86_EMU_ALL_BUT_VPCI;
        len = sizeof(c.v3);
    } else if (rel->minor >= 19 && rel->minor <= 20) {
        c.v4.grant_opts = 1;
        c.v4.arch.emulation_flags = XS_X86_EMU_ALL_BUT_VPCI;
        len = sizeof(c.v4);
    } else {
        fprintf(stderr, "xendom: no createdomain layout for Xen %s (4.13-4.14, 4.17-4.20 are known)\n",
                rel->name);
        exit(1);
    }
    return domctl(XS_DOMCTL_createdomain, domid, &c, len);
}

static long populate(uint16_t domid, uint64_t first, uint64_t nr)
{
    struct xs_xen_memory_reservation *r = (struct xs_xen_memory_reservation *)(buf + PAGE);
    uint64_t *pfns = (uint64_t *)(buf + 2 * PAGE);
    const uint64_t chunk = (BUF_PAGES - 2) * PAGE / sizeof(uint64_t);

    for (uint64_t done = 0; done < nr;) {
        uint64_t n = nr - done < chunk ? nr - done : chunk;
        long rc;

        for (uint64_t i = 0; i < n; i++)
            pfns[i] = first + done + i;
        *r = (struct xs_xen_memory_reservation){ .extent_start = (uintptr_t)pfns,
                                                 .nr_extents = n, .domid = domid };
        rc = hypercall(XS_HYPERVISOR_memory_op, XS_XENMEM_populate_physmap, (uintptr_t)r, 0);
        if (rc < 0)
            return rc;
        if ((uint64_t)rc != n)
            return -ENOMEM;
        done += n;
    }
    return 0;
}

static int cmd_create(uint16_t domid, unsigned vcpus, unsigned mem_mib)
{
    uint64_t nr = (uint64_t)mem_mib << 8;
    const uint64_t nr_special = SPECIAL_PFN_BASE + 8 - IOREQ_SERVER_PFN;
    struct xs_domctl_max_mem mm = { .max_memkb = (nr + nr_special) * 4 };
    struct xs_domctl_max_vcpus mv = { .max = vcpus };
    struct { uint32_t index; uint64_t value; } params[] = {
        { HVM_PARAM_IOREQ_PFN, SPECIAL_PFN_BASE + 2 },
        { HVM_PARAM_BUFIOREQ_PFN, SPECIAL_PFN_BASE + 6 },
        { HVM_PARAM_IOREQ_SERVER_PFN, IOREQ_SERVER_PFN },
        { HVM_PARAM_NR_IOREQ_SERVER_PAGES, NR_IOREQ_SERVER_PAGES },
    };
    long rc;

    if ((rc = create_domain(domid, vcpus)) < 0)
        die("createdomain", rc);
    /* Without its vCPUs a domain is only half built: Xen 4.17's
     * getdomaininfo of it dereferences a vCPU that is not there and panics
     * the host (seen here). */
    if ((rc = domctl(XS_DOMCTL_max_vcpus, domid, &mv, sizeof(mv))) < 0)
        die("max_vcpus", rc);
    if ((rc = domctl(XS_DOMCTL_max_mem, domid, &mm, sizeof(mm))) < 0)
        die("max_mem", rc);
    if ((rc = populate(domid, 0, nr)) < 0)
        die("populate_physmap (RAM)", rc);
    if ((rc = populate(domid, IOREQ_SERVER_PFN, nr_special)) < 0)
        die("populate_physmap (special pages)", rc);
    for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
        if ((rc = hvm_param(XS_HVMOP_set_param, domid, params[i].index, &params[i].value)) < 0)
            die("set_param", rc);
    /* The simulator's guest starts unpaused (pause count 0); a created
     * domain is paused by its creator.  Its vCPUs have no context, so
     * unpausing runs nothing. */
    if ((rc = domctl(XS_DOMCTL_unpausedomain, domid, NULL, 0)) < 0)
        die("unpausedomain", rc);
    return 0;
}

/* The HVM params, as "NN=0xVALUE" lines (the baseline file). */
static void dump_params(uint16_t domid, FILE *out)
{
    for (uint32_t i = 0; i < NR_PARAMS; i++) {
        uint64_t v = 0;

        if (hvm_param(XS_HVMOP_get_param, domid, i, &v) == 0)
            fprintf(out, "%02u=0x%" PRIx64 "\n", i, v);
    }
}

static int read_baseline(const char *path, uint64_t base[NR_PARAMS], uint64_t *known)
{
    FILE *f = fopen(path, "r");
    unsigned i;
    uint64_t v;

    *known = 0;
    if (!f)
        return -1;
    while (fscanf(f, "%u=%" SCNx64 "\n", &i, &v) == 2)
        if (i < NR_PARAMS) {
            base[i] = v;
            *known |= (uint64_t)1 << i;
        }
    fclose(f);
    return 0;
}

static void json_bits(FILE *f, const uint8_t *bits, unsigned n)
{
    const char *sep = "";

    for (unsigned i = 0; i < n; i++)
        if (bits[i / 8] >> (i % 8) & 1) {
            fprintf(f, "%s%u", sep, i);
            sep = ",";
        }
}

static int cmd_state(uint16_t domid, const char *baseline)
{
    struct xs_domctl *d = (struct xs_domctl *)buf;
    struct xs_domctl_hvmcontext hc = { 0 };
    uint8_t *ctx = buf + PAGE, pci[16] = { 0 }, isa[8] = { 0 }, link[4] = { 0 };
    uint64_t base[NR_PARAMS] = { 0 }, known, max_pages;
    uint32_t flags, max_vcpu_id;
    const char *sep = "";
    long rc;

    /* getdomaininfo: the fields used are in the part common to every layout. */
    if ((rc = domctl(XS_DOMCTL_getdomaininfo, domid, NULL, 0)) < 0)
        die("getdomaininfo", rc);
    if (d->u.getdomaininfo_v0.domain != domid) {
        fprintf(stderr, "xendom: domain %u does not exist\n", domid);
        return 1;
    }
    flags = d->u.getdomaininfo_v0.flags;
    max_pages = d->u.getdomaininfo_v0.max_pages;
    max_vcpu_id = d->u.getdomaininfo_v0.max_vcpu_id;

    hc.size = (BUF_PAGES - 1) * PAGE;
    hc.buffer = (uintptr_t)ctx;
    if ((rc = domctl(XS_DOMCTL_gethvmcontext, domid, &hc, sizeof(hc))) < 0)
        die("gethvmcontext", rc);
    for (uint32_t off = 0, size = ((struct xs_domctl_hvmcontext *)&d->u)->size;
         off + sizeof(struct xs_hvm_save_descriptor) <= size;) {
        struct xs_hvm_save_descriptor h;
        const uint8_t *data = ctx + off + sizeof(h);

        memcpy(&h, ctx + off, sizeof(h));
        if (h.typecode == XS_HVM_SAVE_END || off + sizeof(h) + h.length > size)
            break;
        if (h.typecode == XS_HVM_SAVE_PCI_IRQ && h.length >= sizeof(pci))
            memcpy(pci, data, sizeof(pci));
        else if (h.typecode == XS_HVM_SAVE_ISA_IRQ && h.length >= 2)
            memcpy(isa, data, 2);
        else if (h.typecode == XS_HVM_SAVE_PCI_LINK && h.length >= sizeof(link))
            memcpy(link, data, sizeof(link));
        off += sizeof(h) + h.length;
    }
    if (read_baseline(baseline, base, &known))
        die(baseline, -errno);

    /* Keys sorted as the simulator writes them; only what Xen reports. */
    printf("{\"domid\":%u,", domid);
    printf("\"irq_levels\":{\"isa\":[");
    json_bits(stdout, isa, 16);
    printf("],\"pci_intx\":[");
    for (unsigned i = 0; i < 128; i++)
        if (pci[i / 8] >> (i % 8) & 1) {
            printf("%s{\"device\":%u,\"intx\":%u}", sep, i / 4, i % 4);
            sep = ",";
        }
    printf("]},\"link_routes\":[%u,%u,%u,%u],", link[0], link[1], link[2], link[3]);
    /* What the guest was given (max_pages less the builder's 16 special
     * pages): tot_pages moves with what a device model relocates or maps. */
    printf("\"mem_mib\":%" PRIu64 ",", (max_pages - (SPECIAL_PFN_BASE + 8 - IOREQ_SERVER_PFN)) >> 8);
    printf("\"params\":{");
    sep = "";
    for (uint32_t i = 0; i < NR_PARAMS; i++) {
        uint64_t v = 0;

        if (hvm_param(XS_HVMOP_get_param, domid, i, &v) == 0 &&
            (!(known >> i & 1) || v != base[i])) {
            printf("%s\"%02u\":\"0x%" PRIx64 "\"", sep, i, v);
            sep = ",";
        }
    }
    printf("},\"paused\":%s,", flags & XS_DOMINF_paused ? "true" : "false");
    if (flags & XS_DOMINF_shutdown)
        printf("\"shutdown\":{\"reason\":%u},",
               (flags >> XS_DOMINF_shutdownshift) & XS_DOMINF_shutdownmask);
    else
        printf("\"shutdown\":null,");
    printf("\"vcpus\":%u}\n", max_vcpu_id + 1);
    return fflush(stdout) ? 1 : 0;
}

static unsigned long number(const char *s, unsigned long max)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (!*s || *end || v > max) {
        fprintf(stderr, "xendom: '%s' is not a number up to %lu\n", s, max);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "release")) {
        open_xen();
        printf("%s\n", rel->name);
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "create")) {
        open_xen();
        return cmd_create((uint16_t)number(argv[2], 0x7fef), (unsigned)number(argv[3], 128),
                          (unsigned)number(argv[4], 1u << 20));
    }
    if (argc == 4 && !strcmp(argv[1], "params")) {
        FILE *f = fopen(argv[3], "w");

        open_xen();
        if (!f)
            die(argv[3], -errno);
        dump_params((uint16_t)number(argv[2], 0x7fef), f);
        return fclose(f) ? 1 : 0;
    }
    if (argc == 4 && !strcmp(argv[1], "state")) {
        open_xen();
        return cmd_state((uint16_t)number(argv[2], 0x7fef), argv[3]);
    }
    fprintf(stderr, "usage: xendom create DOMID VCPUS MEM_MIB | params DOMID FILE | "
            "state DOMID BASELINE | release\n");
    return 2;
}
