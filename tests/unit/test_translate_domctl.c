/* domctl / sysctl translation between interface versions, against a fake
 * hypervisor that plays one release's domctl and sysctl exactly enough to
 * see what reached it: the stamp it demands, the layout it writes back,
 * the XEN_DOMINF numbering, and getdomaininfo's "next domain" (before
 * 4.18) or -ESRCH (4.18+). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>
#include <cmocka.h>

#include "abi.h"
#include "log.h"
#include "translate.h"
#include "versions.h"

#define MAX_DOMS 80

struct fake {
    struct xs_hv hv;
    struct xs_profile profile;
    const struct xs_release *rel;
    uint32_t domctl_if;            /* the stamp it accepts */
    enum xs_getdomaininfo_layout layout;   /* the getdomaininfo it writes */
    uint16_t doms[MAX_DOMS];       /* ascending */
    unsigned nr_doms;
    unsigned domctls, sysctls, dm_ops;
    struct xs_domctl last;         /* as the hypervisor received it */
    uint16_t dm_op_domid;
    struct xs_dm_op last_dm_op;
};

static int self_rw(void *local, uint64_t remote, size_t len, int write)
{
    struct iovec l = { local, len }, r = { (void *)(uintptr_t)remote, len };
    ssize_t n;

    if (!len)
        return 0;
    n = write ? process_vm_writev(getpid(), &l, 1, &r, 1, 0)
              : process_vm_readv(getpid(), &l, 1, &r, 1, 0);
    return n == (ssize_t)len ? 0 : -EFAULT;
}

static int fake_copy_in(struct xs_hv *hv, void *dst, uint64_t addr, size_t len)
{
    (void)hv;
    return self_rw(dst, addr, len, 0);
}

static int fake_copy_out(struct xs_hv *hv, uint64_t addr, const void *src, size_t len)
{
    (void)hv;
    return self_rw((void *)src, addr, len, 1);
}

static size_t layout_size(enum xs_getdomaininfo_layout l)
{
    return l == XS_GETDOMAININFO_V0 ? 96 : l == XS_GETDOMAININFO_V1 ? 104 : 112;
}

/* What the fake release reports for a domain, in its own layout. */
static void fill_info(const struct fake *f, uint16_t domid, void *out)
{
    const struct xs_release *r = f->rel;
    enum xs_getdomaininfo_layout layout = f->layout;
    struct xs_domctl_getdomaininfo_v2 i;

    memset(&i, 0, sizeof(i));
    i.domain = domid;
    i.flags = XS_DOMINF_hvm_guest | XS_DOMINF_paused | 3u << XS_DOMINF_shutdownshift;
    i.flags |= r->dominf == XS_DOMINF_V0 ? XS_DOMINF_V0_xs_domain | XS_DOMINF_V0_hap
                                         : XS_DOMINF_V1_xs_domain | XS_DOMINF_V1_hap;
    i.tot_pages = 1000 + domid;
    i.max_pages = 2000 + domid;
    i.cpu_time = 123456789;
    i.nr_online_vcpus = 2;
    i.max_vcpu_id = 1;
    i.handle[0] = 0xab;
    i.handle[15] = (uint8_t)domid;
    i.cpupool = 7;
    if (layout == XS_GETDOMAININFO_V1) {
        struct xs_domctl_getdomaininfo_v1 *v1 = (void *)&i;
        v1->arch_config.emulation_flags = 0x3ff;
    } else if (layout == XS_GETDOMAININFO_V2) {
        i.gpaddr_bits = 52;
        i.arch_config.emulation_flags = 0x3ff;
    }
    memcpy(out, &i, layout_size(layout));
}

static long fake_domctl(struct fake *f, uint64_t addr)
{
    struct xs_domctl d;

    if (self_rw(&d, addr, sizeof(d), 0))
        return -EFAULT;
    f->domctls++;
    f->last = d;
    if (d.interface_version != f->domctl_if)
        return -EACCES;
    if (d.cmd != XS_DOMCTL_getdomaininfo)
        return 0;                  /* pause & co: nothing written back */
    for (unsigned i = 0; i < f->nr_doms; i++) {
        bool exact = f->rel->flags & XS_REL_GETDOMINFO_EXACT;
        if (exact ? f->doms[i] != d.domain : f->doms[i] < d.domain)
            continue;
        fill_info(f, f->doms[i], &d.u);
        d.domain = f->doms[i];
        return self_rw(&d, addr, sizeof(d), 1) ? -EFAULT : 0;
    }
    return -ESRCH;
}

/* physinfo in the fake release's layout, every field a value of its own. */
static long fake_physinfo(struct fake *f, struct xs_sysctl *s, uint64_t addr)
{
    const struct xs_layout_gen *g = xs_layout_for("xen_sysctl_physinfo", f->rel);
    struct xs_sysctl_physinfo_v0 *v0 = &s->u.physinfo_v0;

    memset(&s->u, 0, sizeof(s->u));
    v0->threads_per_core = 2;
    v0->cores_per_socket = 4;
    v0->nr_cpus = 8;
    v0->max_cpu_id = 15;
    v0->nr_nodes = 1;
    v0->cpu_khz = 3000000;
    if (!strcmp(g->xs_type, "xs_sysctl_physinfo_v0")) {
        v0->total_pages = 1000;
        v0->free_pages = 500;
        v0->outstanding_pages = 3;
        v0->hw_cap[0] = 0x1234;
        v0->capabilities = XS_PHYSCAP_hvm | XS_PHYSCAP_V0_directio;
    } else if (!strcmp(g->xs_type, "xs_sysctl_physinfo_v1")) {
        s->u.physinfo_v1.capabilities = XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_hap;
        s->u.physinfo_v1.total_pages = 1000;
        s->u.physinfo_v1.free_pages = 500;
        s->u.physinfo_v1.max_mfn = 999;
        s->u.physinfo_v1.hw_cap[0] = 0x1234;
    } else {
        s->u.physinfo_v2.capabilities = XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_directio |
                                        XS_PHYSCAP_gnttab_v1;
        s->u.physinfo_v2.arch_capabilities = 5;
        s->u.physinfo_v2.total_pages = 1000;
        s->u.physinfo_v2.free_pages = 500;
        s->u.physinfo_v2.max_mfn = 999;
        s->u.physinfo_v2.hw_cap[0] = 0x1234;
    }
    return self_rw(s, addr, sizeof(*s), 1) ? -EFAULT : 0;
}

static long fake_sysctl(struct fake *f, uint64_t addr)
{
    struct xs_sysctl s;
    struct xs_sysctl_getdomaininfolist *l = &s.u.getdomaininfolist;
    uint32_t n = 0;
    uint8_t info[112];

    if (self_rw(&s, addr, sizeof(s), 0))
        return -EFAULT;
    f->sysctls++;
    if (s.interface_version != f->rel->sysctl_if)
        return -EACCES;
    if (s.cmd == XS_SYSCTL_physinfo)
        return fake_physinfo(f, &s, addr);
    if (s.cmd == XS_SYSCTL_sched_id) {
        s.u.sched_id.sched_id = XS_SCHEDULER_CREDIT;
        return self_rw(&s, addr, sizeof(s), 1) ? -EFAULT : 0;
    }
    if (s.cmd != XS_SYSCTL_getdomaininfolist)
        return -ENOSYS;
    for (unsigned i = 0; i < f->nr_doms && n < l->max_domains; i++) {
        if (f->doms[i] < l->first_domain)
            continue;
        fill_info(f, f->doms[i], info);
        if (self_rw(info, l->buffer + n * layout_size(f->layout), layout_size(f->layout), 1))
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return self_rw(&s, addr, sizeof(s), 1) ? -EFAULT : 0;
}

static long fake_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct fake *f = hv->priv;

    if (op == XS_HYPERVISOR_domctl)
        return fake_domctl(f, arg[0]);
    if (op == XS_HYPERVISOR_sysctl)
        return fake_sysctl(f, arg[0]);
    return -ENOSYS;
}

static long fake_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    struct fake *f = hv->priv;

    f->dm_ops++;
    f->dm_op_domid = domid;
    if (!f->rel->dmop_max)
        return -ENOSYS;
    if (nr != 1 || bufs[0].size != sizeof(f->last_dm_op) ||
        self_rw(&f->last_dm_op, bufs[0].addr, sizeof(f->last_dm_op), 0))
        return -EFAULT;
    return 0;
}

static struct fake fk;

static struct xs_hv *hyp(const char *release)
{
    const struct xs_release *r = xs_release_by_name(release);

    assert_non_null(r);
    memset(&fk, 0, sizeof(fk));
    fk.rel = r;
    fk.domctl_if = r->domctl_if;
    fk.layout = r->getdomaininfo;
    fk.profile.rel = r;
    fk.profile.xenver = xs_release_xenver(r);
    fk.profile.has_dmop = r->dmop_max != 0;
    fk.profile.domctl_if = r->domctl_if;
    fk.profile.sysctl_if = r->sysctl_if;
    fk.hv.profile = &fk.profile;
    fk.hv.hypercall = fake_hypercall;
    fk.hv.dm_op = fake_dm_op;
    fk.hv.copy_in = fake_copy_in;
    fk.hv.copy_out = fake_copy_out;
    fk.hv.priv = &fk;
    fk.doms[0] = 0;
    fk.doms[1] = 1;
    fk.doms[2] = 5;
    fk.nr_doms = 3;
    return &fk.hv;
}

/* A point release: its row, another domctl stamp and getdomaininfo. */
static struct xs_hv *hyp_point(const char *point)
{
    const struct xs_point_release *pr = NULL;
    struct xs_hv *hv;

    for (size_t i = 0; i < xs_nr_point_releases; i++)
        if (!strcmp(xs_point_releases[i].name, point))
            pr = &xs_point_releases[i];
    assert_non_null(pr);
    hv = hyp(pr->release);
    fk.domctl_if = pr->domctl_if;
    fk.layout = pr->getdomaininfo;
    fk.profile.domctl_if = pr->domctl_if;   /* what detection settles on */
    return hv;
}

static struct xs_domctl domctl_from(const char *release, uint32_t cmd, uint16_t domid)
{
    struct xs_domctl d;

    memset(&d, 0xcc, sizeof(d));   /* the union's unused bytes: a canary */
    d.cmd = cmd;
    d.interface_version = xs_release_by_name(release)->domctl_if;
    d.domain = domid;
    return d;
}

static enum xs_verdict domctl(struct xs_hv *hv, struct xs_domctl *d, long *ret)
{
    *ret = 12345;
    return xs_translate_domctl(hv, (uintptr_t)d, ret);
}

static void same_version_passes(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_domctl d = domctl_from("4.17", XS_DOMCTL_getdomaininfo, 1);
    long ret;

    (void)state;
    assert_int_equal(domctl(hv, &d, &ret), XS_PASS);
    assert_int_equal(fk.domctls, 0);
    /* 4.19 and 4.20 share 0x17: nothing to do either. */
    hv = hyp("4.20");
    d = domctl_from("4.19", XS_DOMCTL_pausedomain, 1);
    assert_int_equal(domctl(hv, &d, &ret), XS_PASS);
}

static void pause_restamped_both_directions(void **state)
{
    const char *pairs[][2] = { { "4.6", "4.17" }, { "4.17", "4.6" }, { "4.5", "4.20" },
                               { "4.20", "4.9" }, { "hvmctl1", "4.13" } };

    (void)state;
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        struct xs_hv *hv = hyp(pairs[i][1]);
        struct xs_domctl d = domctl_from(pairs[i][0], XS_DOMCTL_pausedomain, 1), before = d;
        long ret;

        assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
        assert_int_equal(ret, 0);
        assert_int_equal(fk.domctls, 1);
        assert_int_equal(fk.last.interface_version, fk.rel->domctl_if);
        assert_int_equal(fk.last.cmd, XS_DOMCTL_pausedomain);
        assert_int_equal(fk.last.domain, 1);
        /* Nothing written back: the caller's struct is as it sent it. */
        assert_memory_equal(&d, &before, sizeof(d));
    }
    assert_true(xs_stat_get("domctl", "pausedomain") >= 5);
}

static void check_v0_info(const struct xs_domctl *d, uint16_t domid)
{
    const struct xs_domctl_getdomaininfo_v0 *i = &d->u.getdomaininfo_v0;
    const uint8_t *tail = (const uint8_t *)&d->u + 96;

    assert_int_equal(d->domain, domid);
    assert_int_equal(i->domain, domid);
    assert_int_equal(i->flags, XS_DOMINF_hvm_guest | XS_DOMINF_paused | XS_DOMINF_V0_xs_domain |
                               XS_DOMINF_V0_hap | 3u << XS_DOMINF_shutdownshift);
    assert_int_equal(i->tot_pages, 1000 + domid);
    assert_int_equal(i->max_pages, 2000 + domid);
    assert_int_equal(i->cpu_time, 123456789);
    assert_int_equal(i->nr_online_vcpus, 2);
    assert_int_equal(i->handle[15], domid);
    assert_int_equal(i->cpupool, 7);
    for (int b = 0; b < 128 - 96; b++)
        assert_int_equal(tail[b], 0xcc);   /* beyond a V0 info: untouched */
}

static void getdomaininfo_v2_hypervisor_to_v0_caller(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_domctl d = domctl_from("4.6", XS_DOMCTL_getdomaininfo, 1);
    long ret;

    (void)state;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.last.interface_version, 0x15);
    assert_int_equal(d.interface_version, 0x0b);
    assert_int_equal(d.cmd, XS_DOMCTL_getdomaininfo);
    check_v0_info(&d, 1);
    /* Pre-4.18 semantics on a pre-4.18 hypervisor: the next domain. */
    d = domctl_from("4.6", XS_DOMCTL_getdomaininfo, 2);
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    check_v0_info(&d, 5);
}

static void getdomaininfo_v0_hypervisor_to_v2_caller(void **state)
{
    struct xs_hv *hv = hyp("4.6");
    struct xs_domctl d = domctl_from("4.17", XS_DOMCTL_getdomaininfo, 1);
    const struct xs_domctl_getdomaininfo_v2 *i = &d.u.getdomaininfo_v2;
    long ret;

    (void)state;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.last.interface_version, 0x0b);
    assert_int_equal(d.interface_version, 0x15);
    assert_int_equal(i->flags, XS_DOMINF_hvm_guest | XS_DOMINF_paused | XS_DOMINF_V1_xs_domain |
                               XS_DOMINF_V1_hap | 3u << XS_DOMINF_shutdownshift);
    assert_int_equal(i->tot_pages, 1001);
    assert_int_equal(i->gpaddr_bits, 0);             /* a 4.6 Xen does not say */
    assert_int_equal(i->arch_config.emulation_flags, 0);
    assert_int_equal(((const uint8_t *)&d.u)[112], 0xcc);
}

static void getdomaininfo_v1_v2(void **state)
{
    struct xs_hv *hv = hyp("4.20");
    struct xs_domctl d = domctl_from("4.13", XS_DOMCTL_getdomaininfo, 1);
    long ret;

    (void)state;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(d.u.getdomaininfo_v1.arch_config.emulation_flags, 0x3ff);
    assert_int_equal(d.u.getdomaininfo_v1.flags & 0x1ff,
                     XS_DOMINF_hvm_guest | XS_DOMINF_paused | XS_DOMINF_V1_xs_domain |
                     XS_DOMINF_V1_hap);
    assert_int_equal(((const uint8_t *)&d.u)[104], 0xcc);

    hv = hyp("4.12");
    d = domctl_from("4.16", XS_DOMCTL_getdomaininfo, 5);
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(d.u.getdomaininfo_v2.domain, 5);
    assert_int_equal(d.u.getdomaininfo_v2.gpaddr_bits, 0);
    assert_int_equal(d.u.getdomaininfo_v2.arch_config.emulation_flags, 0x3ff);
}

/* 4.18 answers only the domain asked for.  An older caller still gets the
 * next one (the shim asks getdomaininfolist), a newer caller on an older
 * Xen gets -ESRCH instead of another domain's info. */
static void getdomaininfo_exact_semantics(void **state)
{
    struct xs_hv *hv = hyp("4.18");
    struct xs_domctl d = domctl_from("4.6", XS_DOMCTL_getdomaininfo, 2), before;
    long ret;

    (void)state;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    check_v0_info(&d, 5);
    assert_int_equal(fk.sysctls, 1);

    d = domctl_from("4.6", XS_DOMCTL_getdomaininfo, 6);
    before = d;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, -ESRCH);
    assert_memory_equal(&d, &before, sizeof(d));

    hv = hyp("4.6");
    d = domctl_from("4.19", XS_DOMCTL_getdomaininfo, 2);
    before = d;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, -ESRCH);
    assert_memory_equal(&d, &before, sizeof(d));
    d = domctl_from("4.19", XS_DOMCTL_getdomaininfo, 5);
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(d.domain, 5);
}

static void refused_layout_changes(void **state)
{
    struct {
        const char *caller, *hyp;
        uint32_t cmd;
        enum xs_verdict verdict;
    } cases[] = {
        { "4.9", "4.10", XS_DOMCTL_bind_pt_irq, XS_DONE },
        { "4.10", "4.9", XS_DOMCTL_bind_pt_irq, XS_DONE },
        { "4.6", "4.17", XS_DOMCTL_unbind_pt_irq, XS_DONE },
        { "4.15", "4.16", XS_DOMCTL_irq_permission, XS_DONE },
        { "4.20", "4.8", XS_DOMCTL_irq_permission, XS_DONE },
        { "4.17", "4.6", XS_DOMCTL_pin_mem_cacheattr, XS_DONE },  /* not in 4.17's domctl */
        { "4.17", "hvmctl1", XS_DOMCTL_bind_pt_irq, XS_DONE },
        { "4.6", "4.17", 1 /* createdomain: layout not in the table */, XS_DONE },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xs_hv *hv = hyp(cases[i].hyp);
        struct xs_domctl d = domctl_from(cases[i].caller, cases[i].cmd, 1), before = d;
        long ret;

        assert_int_equal(domctl(hv, &d, &ret), cases[i].verdict);
        assert_int_equal(ret, -EACCES);
        assert_int_equal(fk.domctls, 0);           /* never forwarded */
        assert_memory_equal(&d, &before, sizeof(d));
    }
}

static void same_layout_ops_go_through(void **state)
{
    struct {
        const char *caller, *hyp;
        uint32_t cmd;
    } cases[] = {
        { "4.10", "4.20", XS_DOMCTL_bind_pt_irq },
        { "4.5", "4.9", XS_DOMCTL_bind_pt_irq },
        { "4.16", "4.20", XS_DOMCTL_irq_permission },
        { "4.6", "4.20", XS_DOMCTL_memory_mapping },
        { "4.20", "4.6", XS_DOMCTL_ioport_mapping },
        { "4.6", "4.17", XS_DOMCTL_iomem_permission },
        { "4.6", "4.10", XS_DOMCTL_pin_mem_cacheattr },
        { "4.6", "hvmctl1", XS_DOMCTL_bind_pt_irq },   /* hvmctl1 has 4.8's layouts */
        { "4.9", "hvmctl1", XS_DOMCTL_pin_mem_cacheattr },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xs_hv *hv = hyp(cases[i].hyp);
        struct xs_domctl d = domctl_from(cases[i].caller, cases[i].cmd, 1);
        long ret;

        d.u.memory_mapping.first_gfn = 0x1234;
        assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
        assert_int_equal(ret, 0);
        assert_int_equal(fk.domctls, 1);
        assert_int_equal(fk.last.cmd, cases[i].cmd);
        assert_int_equal(fk.last.interface_version, fk.rel->domctl_if);
        assert_memory_equal(&fk.last.u, &d.u, sizeof(d.u));
    }
}

/* Removed from domctl in 4.11, where dm_op took it over. */
static void pin_mem_cacheattr_becomes_dm_op(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_domctl d = domctl_from("4.6", XS_DOMCTL_pin_mem_cacheattr, 1), before;
    long ret;

    (void)state;
    d.u.pin_mem_cacheattr.start = 0xa0;
    d.u.pin_mem_cacheattr.end = 0xbf;
    d.u.pin_mem_cacheattr.type = XS_DMOP_MEM_CACHEATTR_WC;
    d.u.pin_mem_cacheattr.pad = 0x1234;            /* the domctl never read it */
    before = d;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.domctls, 0);
    assert_int_equal(fk.dm_ops, 1);
    assert_int_equal(fk.dm_op_domid, 1);
    assert_int_equal(fk.last_dm_op.op, XS_DMOP_pin_memory_cacheattr);
    assert_int_equal(fk.last_dm_op.u.pin_memory_cacheattr.start, 0xa0);
    assert_int_equal(fk.last_dm_op.u.pin_memory_cacheattr.end, 0xbf);
    assert_int_equal(fk.last_dm_op.u.pin_memory_cacheattr.type, XS_DMOP_MEM_CACHEATTR_WC);
    assert_int_equal(fk.last_dm_op.u.pin_memory_cacheattr.pad, 0);
    assert_memory_equal(&d, &before, sizeof(d));   /* nothing written back */

    hv = hyp("4.10");                              /* still a domctl there */
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.dm_ops, 0);
    assert_int_equal(fk.domctls, 1);
    assert_int_equal(fk.last.cmd, XS_DOMCTL_pin_mem_cacheattr);
    assert_int_equal(fk.last.interface_version, 0x0e);
}

static void unknown_stamp_is_eacces(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_domctl d = domctl_from("4.17", XS_DOMCTL_pausedomain, 1);
    struct xs_sysctl s;
    long ret;

    (void)state;
    d.interface_version = 0x09;    /* no release */
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, -EACCES);
    d.interface_version = 0x99;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, -EACCES);
    assert_int_equal(fk.domctls, 0);
    memset(&s, 0, sizeof(s));
    s.cmd = XS_SYSCTL_getdomaininfolist;
    s.interface_version = 0x01;
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, -EACCES);
    assert_int_equal(fk.sysctls, 0);
}

static void bad_buffers_efault(void **state)
{
    long page = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct xs_hv *hv = hyp("4.17");
    struct xs_domctl d = domctl_from("4.6", XS_DOMCTL_getdomaininfo, 1);
    struct xs_domctl *ro;
    long ret;

    (void)state;
    assert_true(m != MAP_FAILED);
    /* Unreadable: as the hypervisor's copy_from_guest would. */
    assert_int_equal(munmap(m + page, (size_t)page), 0);
    assert_int_equal(xs_translate_domctl(hv, (uintptr_t)(m + page), &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    /* Straddling into the hole. */
    assert_int_equal(xs_translate_domctl(hv, (uintptr_t)(m + page - 100), &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)(m + page), &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    /* Readable but not writable: the answer cannot be written back. */
    ro = (struct xs_domctl *)m;
    *ro = d;
    assert_int_equal(mprotect(m, (size_t)page, PROT_READ), 0);
    assert_int_equal(xs_translate_domctl(hv, (uintptr_t)ro, &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    munmap(m, (size_t)page);
}

static struct xs_sysctl list_from(const char *release, uint16_t first, uint32_t max, void *buf)
{
    struct xs_sysctl s;

    memset(&s, 0, sizeof(s));
    s.cmd = XS_SYSCTL_getdomaininfolist;
    s.interface_version = xs_release_by_name(release)->sysctl_if;
    s.u.getdomaininfolist.first_domain = first;
    s.u.getdomaininfolist.max_domains = max;
    s.u.getdomaininfolist.buffer = (uintptr_t)buf;
    return s;
}

static void getdomaininfolist_both_ways(void **state)
{
    static uint8_t buf[100 * 112];
    struct xs_hv *hv = hyp("4.17");
    struct xs_sysctl s = list_from("4.6", 0, 10, buf);
    const struct xs_domctl_getdomaininfo_v0 *v0 = (const void *)buf;
    const struct xs_domctl_getdomaininfo_v2 *v2 = (const void *)buf;
    long ret;

    (void)state;
    memset(buf, 0xcc, sizeof(buf));
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.u.getdomaininfolist.num_domains, 3);
    assert_int_equal(s.interface_version, 0x0c);
    assert_int_equal(v0[0].domain, 0);
    assert_int_equal(v0[1].domain, 1);
    assert_int_equal(v0[2].domain, 5);
    assert_int_equal(v0[2].tot_pages, 1005);
    assert_int_equal(v0[1].flags & 0x3ff, XS_DOMINF_hvm_guest | XS_DOMINF_paused |
                                          XS_DOMINF_V0_xs_domain | XS_DOMINF_V0_hap);
    assert_int_equal(buf[3 * 96], 0xcc);          /* nothing past 3 entries */

    hv = hyp("4.6");
    memset(buf, 0xcc, sizeof(buf));
    s = list_from("4.17", 1, 10, buf);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.u.getdomaininfolist.num_domains, 2);
    assert_int_equal(v2[0].domain, 1);
    assert_int_equal(v2[1].domain, 5);
    assert_int_equal(v2[1].gpaddr_bits, 0);
    assert_int_equal(v2[1].flags & 0x1ff, XS_DOMINF_hvm_guest | XS_DOMINF_paused |
                                          XS_DOMINF_V1_xs_domain | XS_DOMINF_V1_hap);
    assert_int_equal(buf[2 * 112], 0xcc);
}

/* More domains than the shim's chunk: nothing lost at the seams. */
static void getdomaininfolist_many(void **state)
{
    static uint8_t buf[MAX_DOMS * 112];
    const struct xs_domctl_getdomaininfo_v0 *v0 = (const void *)buf;
    struct xs_hv *hv = hyp("4.20");
    struct xs_sysctl s;
    long ret;

    (void)state;
    fk.nr_doms = 75;
    for (unsigned i = 0; i < fk.nr_doms; i++)
        fk.doms[i] = (uint16_t)(i * 3);
    s = list_from("4.8", 0, 100, buf);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.u.getdomaininfolist.num_domains, 75);
    for (unsigned i = 0; i < 75; i++)
        assert_int_equal(v0[i].domain, i * 3);
    s = list_from("4.8", 4, 40, buf);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(s.u.getdomaininfolist.num_domains, 40);
    assert_int_equal(v0[0].domain, 6);
    assert_int_equal(v0[39].domain, 6 + 39 * 3);
    /* The caller's buffer is bad: -EFAULT, struct not written. */
    s = list_from("4.8", 0, 10, (void *)8);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    assert_int_equal(s.u.getdomaininfolist.num_domains, 0);
}

/* 4.10.1-4.10.4 accept domctl 0x0f (4.10.0: 0x0e) and write the V1
 * getdomaininfo (arch_config appended at 96), in domctl and sysctl alike. */
static void point_release_4_10_1(void **state)
{
    static uint8_t buf[100 * 112];
    const struct xs_domctl_getdomaininfo_v2 *v2 = (const void *)buf;
    struct xs_hv *hv = hyp_point("4.10.1");
    struct xs_domctl d = domctl_from("4.10", XS_DOMCTL_pausedomain, 1);
    struct xs_sysctl s;
    const uint8_t *tail = (const uint8_t *)&d.u + 96;
    long ret;

    (void)state;
    /* A 4.10.0 caller: restamped, not passed through to -EACCES. */
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.last.interface_version, 0x0f);
    assert_int_equal(d.interface_version, 0x0e);
    d = domctl_from("4.10", XS_DOMCTL_getdomaininfo, 1);
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(d.u.getdomaininfo_v0.domain, 1);
    assert_int_equal(d.u.getdomaininfo_v0.tot_pages, 1001);
    assert_int_equal(d.u.getdomaininfo_v0.flags & 0x1ff, XS_DOMINF_hvm_guest | XS_DOMINF_paused |
                                                        XS_DOMINF_V1_xs_domain | XS_DOMINF_V1_hap);
    for (int b = 0; b < 128 - 96; b++)
        assert_int_equal(tail[b], 0xcc);  /* arch_config not written past 96 */
    /* A 4.10.1 caller: the hypervisor's own stamp. */
    d.interface_version = 0x0f;
    assert_int_equal(domctl(hv, &d, &ret), XS_PASS);
    /* The list comes in 104-byte entries; a 4.17 caller gets V2 with the
     * arch_config the hypervisor wrote. */
    memset(buf, 0xcc, sizeof(buf));
    s = list_from("4.17", 0, 10, buf);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.u.getdomaininfolist.num_domains, 3);
    assert_int_equal(v2[1].domain, 1);
    assert_int_equal(v2[2].domain, 5);
    assert_int_equal(v2[2].tot_pages, 1005);
    assert_int_equal(v2[2].arch_config.emulation_flags, 0x3ff);
    assert_int_equal(v2[2].gpaddr_bits, 0);

    /* A 4.10.1 caller on 4.6: its stamp is known, its info is V1. */
    hv = hyp("4.6");
    d = domctl_from("4.10", XS_DOMCTL_getdomaininfo, 1);
    d.interface_version = 0x0f;
    assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.last.interface_version, 0x0b);
    assert_int_equal(d.interface_version, 0x0f);
    assert_int_equal(d.u.getdomaininfo_v0.domain, 1);
    assert_int_equal(d.u.getdomaininfo_v0.flags & 0x1ff, XS_DOMINF_hvm_guest | XS_DOMINF_paused |
                                                        XS_DOMINF_V1_xs_domain | XS_DOMINF_V1_hap);
    for (int b = 0; b < 8; b++)
        assert_int_equal(tail[b], 0);    /* arch_config: 4.6 has none */
    for (int b = 8; b < 128 - 96; b++)
        assert_int_equal(tail[b], 0xcc);
}

static struct xs_sysctl sysctl_from(const char *caller, uint32_t cmd)
{
    struct xs_sysctl s;

    memset(&s, 0, sizeof(s));
    s.cmd = cmd;
    s.interface_version = xs_release_by_name(caller)->sysctl_if;
    return s;
}

static void sysctl_other_ops(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_sysctl s = list_from("4.17", 0, 1, NULL);
    long ret;

    (void)state;
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_PASS);
    /* sched_id: one layout everywhere, restamped and written back */
    s = sysctl_from("4.6", XS_SYSCTL_sched_id);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(fk.sysctls, 1);
    assert_int_equal(s.u.sched_id.sched_id, XS_SCHEDULER_CREDIT);
    assert_int_equal(s.interface_version, 0x0c);     /* the caller's own stamp */
    /* refused by name, never forwarded: numainfo (changed in 4.6),
     * scheduler_op (4.8, 4.11, 4.17), tmem_op (gone after 4.12), and a
     * number the caller's release never had */
    static const struct { const char *caller; uint32_t cmd; } refused[] = {
        { "4.5", 17 }, { "4.16", 19 }, { "4.8", 24 }, { "4.6", 29 },
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        s = sysctl_from(refused[i].caller, refused[i].cmd);
        assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
        assert_int_equal(ret, -EACCES);
    }
    assert_int_equal(fk.sysctls, 1);
}

/* physinfo between its three layouts and the two capability numberings. */
static void sysctl_physinfo_converted(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_sysctl s = sysctl_from("4.6", XS_SYSCTL_physinfo);
    long ret;

    (void)state;
    memset(&s.u, 0xcc, sizeof(s.u));
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.interface_version, 0x0c);
    assert_int_equal(s.u.physinfo_v0.nr_cpus, 8);
    assert_int_equal(s.u.physinfo_v0.max_cpu_id, 15);
    assert_int_equal(s.u.physinfo_v0.cpu_khz, 3000000);
    assert_int_equal(s.u.physinfo_v0.total_pages, 1000);
    assert_int_equal(s.u.physinfo_v0.free_pages, 500);
    assert_int_equal(s.u.physinfo_v0.hw_cap[0], 0x1234);
    /* 4.17's hvm|pv|directio|gnttab_v1 in 4.6's numbering: hvm|hvm_directio */
    assert_int_equal(s.u.physinfo_v0.capabilities, XS_PHYSCAP_hvm | XS_PHYSCAP_V0_directio);

    /* 4.17's libxl on 4.15 (V1) and on 4.6 (V0) */
    hv = hyp("4.15");
    s = sysctl_from("4.17", XS_SYSCTL_physinfo);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.u.physinfo_v2.total_pages, 1000);
    assert_int_equal(s.u.physinfo_v2.max_mfn, 999);
    assert_int_equal(s.u.physinfo_v2.hw_cap[0], 0x1234);
    assert_int_equal(s.u.physinfo_v2.arch_capabilities, 0);
    assert_int_equal(s.u.physinfo_v2.capabilities, XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_hap);
    hv = hyp("4.6");
    s = sysctl_from("4.17", XS_SYSCTL_physinfo);
    assert_int_equal(xs_translate_sysctl(hv, (uintptr_t)&s, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    assert_int_equal(s.u.physinfo_v2.nr_cpus, 8);
    assert_int_equal(s.u.physinfo_v2.total_pages, 1000);
    assert_int_equal(s.u.physinfo_v2.outstanding_pages, 3);
    assert_int_equal(s.u.physinfo_v2.max_mfn, 0);       /* 4.6 has none */
    assert_int_equal(s.u.physinfo_v2.capabilities, XS_PHYSCAP_hvm | XS_PHYSCAP_directio);
}

/* Every domctl of libxenctrl 4.5-4.8 with one payload layout up to 4.20
 * goes through restamped; those whose payload changed are refused. */
static void domctl_ops_from_the_table(void **state)
{
    struct {
        const char *caller, *hyp;
        uint32_t cmd;
        long want;
    } cases[] = {
        { "4.6", "4.17", XS_DOMCTL_max_mem, 0 },
        { "4.6", "4.17", 2 /* destroydomain */, 0 },
        { "4.6", "4.17", 15 /* max_vcpus */, 0 },
        { "4.6", "4.17", 17 /* setdomainhandle */, 0 },
        { "4.6", "4.20", 25 /* getvcpuaffinity */, 0 },
        { "4.8", "4.17", 10 /* shadow_op */, 0 },
        { "4.7", "4.19", 79 /* soft_reset */, 0 },
        { "4.17", "4.6", 9 /* setvcpuaffinity */, 0 },
        { "4.6", "4.17", 16 /* scheduler_op: 4.7, 4.10 */, -EACCES },
        { "4.5", "4.17", 59 /* gettscinfo: 4.6 */, -EACCES },
        { "4.6", "4.17", 70 /* set_max_evtchn: gone in 4.12 */, -EACCES },
        { "4.6", "4.17", 13 /* getvcpucontext: the release's own context */, -EACCES },
        { "4.6", "4.17", 33 /* gethvmcontext: save records */, -EACCES },
        { "4.6", "4.17", 37 /* assign_device: 4.10 */, -EACCES },
        { "4.6", "4.17", 77 /* monitor_op: 4.8, 4.10, 4.11, 4.17 */, -EACCES },
        { "4.5", "4.17", 79 /* soft_reset: not in 4.5 (4.6 and 4.7 share a stamp) */, -EACCES },
        { "4.6", "4.17", 4242, -EACCES },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xs_hv *hv = hyp(cases[i].hyp);
        struct xs_domctl d = domctl_from(cases[i].caller, cases[i].cmd, 1), before = d;
        long ret;

        assert_int_equal(domctl(hv, &d, &ret), XS_DONE);
        if (ret != cases[i].want)
            fail_msg("%s on %s: domctl %u gave %ld", cases[i].caller, cases[i].hyp,
                     cases[i].cmd, ret);
        assert_int_equal(fk.domctls, cases[i].want ? 0 : 1);
        if (!cases[i].want) {
            assert_int_equal(fk.last.cmd, cases[i].cmd);
            assert_int_equal(fk.last.interface_version, fk.rel->domctl_if);
        }
        assert_memory_equal(&d, &before, sizeof(d));
    }
}

static void passthrough_profile_touches_nothing(void **state)
{
    struct xs_hv *hv = hyp("4.17");
    struct xs_domctl d = domctl_from("4.6", XS_DOMCTL_pausedomain, 1);
    long ret;

    (void)state;
    fk.profile.passthrough = true;
    assert_int_equal(domctl(hv, &d, &ret), XS_PASS);
    fk.profile.passthrough = false;
    fk.profile.domctl_if = 0;      /* hypervisor's version unknown */
    assert_int_equal(domctl(hv, &d, &ret), XS_PASS);
    assert_int_equal(fk.domctls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_version_passes),
        cmocka_unit_test(pause_restamped_both_directions),
        cmocka_unit_test(getdomaininfo_v2_hypervisor_to_v0_caller),
        cmocka_unit_test(getdomaininfo_v0_hypervisor_to_v2_caller),
        cmocka_unit_test(getdomaininfo_v1_v2),
        cmocka_unit_test(getdomaininfo_exact_semantics),
        cmocka_unit_test(refused_layout_changes),
        cmocka_unit_test(sysctl_physinfo_converted),
        cmocka_unit_test(domctl_ops_from_the_table),
        cmocka_unit_test(same_layout_ops_go_through),
        cmocka_unit_test(pin_mem_cacheattr_becomes_dm_op),
        cmocka_unit_test(unknown_stamp_is_eacces),
        cmocka_unit_test(bad_buffers_efault),
        cmocka_unit_test(getdomaininfolist_both_ways),
        cmocka_unit_test(getdomaininfolist_many),
        cmocka_unit_test(point_release_4_10_1),
        cmocka_unit_test(sysctl_other_ops),
        cmocka_unit_test(passthrough_profile_touches_nothing),
    };

    xs_log_set_level(0);
    return cmocka_run_group_tests_name("translate_domctl", tests, NULL, NULL);
}
