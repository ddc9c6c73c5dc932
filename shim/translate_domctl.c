/* domctl and sysctl between releases whose interface_version differs.
 *
 * Xen accepts a domctl or sysctl only stamped with its own interface
 * version (else -EACCES), and libxenctrl stamps the version it was built
 * with.  The caller's release is read from that stamp, so this works in
 * both directions (old caller on new Xen, new caller on old Xen):
 *  - an op whose payload has the same layout in both releases is issued
 *    from a copy carrying the hypervisor's version;
 *  - getdomaininfo (domctl) and getdomaininfolist (sysctl) are rebuilt
 *    field by field between the V0/V1/V2 layouts and the two numberings of
 *    the XEN_DOMINF_* bits;
 *  - pin_mem_cacheattr from a caller that has it, on 4.11+ which replaced
 *    it by dm_op, becomes that dm_op;
 *  - any other op, and any op whose layout differs (bind_pt_irq across
 *    4.9/4.10, irq_permission across 4.15/4.16), is refused with the
 *    -EACCES the hypervisor gives a stamp it does not know, and one log
 *    line; it is never forwarded.
 *
 * Write-back: do_domctl and do_sysctl copy their whole struct back to the
 * caller for the ops that return something.  Here the hypervisor writes
 * into our copy; the caller gets its own struct back only if the
 * hypervisor wrote (the copy changed), with the caller's own stamp, which
 * is what the caller's release would have written. */
#include <errno.h>
#include <string.h>

#include "abi.h"
#include "log.h"
#include "translate.h"

/* Fields whose value the hypervisor's layout does not carry are left 0:
 * gpaddr_bits for a V2 caller on a pre-4.16 hypervisor, arch_config for a
 * V1/V2 caller on a pre-4.11 one. */
union any_info {
    struct xs_domctl_getdomaininfo_v0 v0;
    struct xs_domctl_getdomaininfo_v1 v1;
    struct xs_domctl_getdomaininfo_v2 v2;
};

static size_t info_size(enum xs_getdomaininfo_layout l)
{
    switch (l) {
    case XS_GETDOMAININFO_V0: return sizeof(struct xs_domctl_getdomaininfo_v0);
    case XS_GETDOMAININFO_V1: return sizeof(struct xs_domctl_getdomaininfo_v1);
    default:                  return sizeof(struct xs_domctl_getdomaininfo_v2);
    }
}

/* V0 has pvh_guest at bit 7 (xs_domain 8, hap 9); V1 dropped it and moved
 * the two down.  A pvh_guest bit has no V1 equivalent and is dropped. */
static uint32_t dominf_convert(uint32_t f, enum xs_dominf_bits from, enum xs_dominf_bits to)
{
    const uint32_t low = 0x7f | XS_DOMINF_shutdownmask << XS_DOMINF_shutdownshift;
    uint32_t out = f & low;

    if (from == to)
        return f;
    if (from == XS_DOMINF_V0) {
        out |= f & XS_DOMINF_V0_xs_domain ? XS_DOMINF_V1_xs_domain : 0;
        out |= f & XS_DOMINF_V0_hap ? XS_DOMINF_V1_hap : 0;
    } else {
        out |= f & XS_DOMINF_V1_xs_domain ? XS_DOMINF_V0_xs_domain : 0;
        out |= f & XS_DOMINF_V1_hap ? XS_DOMINF_V0_hap : 0;
    }
    return out;
}

static const struct xs_arch_domainconfig *info_arch(const union any_info *i,
                                                    enum xs_getdomaininfo_layout l)
{
    if (l == XS_GETDOMAININFO_V1)
        return &i->v1.arch_config;
    if (l == XS_GETDOMAININFO_V2)
        return &i->v2.arch_config;
    return NULL;
}

/* A getdomaininfo as one side writes it: the layout (a point release may
 * differ from its row: 4.10.1+) and the XEN_DOMINF_* numbering. */
struct info_form {
    enum xs_getdomaininfo_layout layout;
    enum xs_dominf_bits dominf;
};

/* The form release r uses when stamping domctl_if (0: its row's own). */
static struct info_form form_of(const struct xs_release *r, uint32_t domctl_if)
{
    struct info_form f = { r->getdomaininfo, r->dominf };

    if (domctl_if && domctl_if != r->domctl_if)
        xs_release_by_any_domctl_if(domctl_if, &f.layout);
    return f;
}

/* The hypervisor's form: its row, or the point release it turned out to be. */
static struct info_form hyp_form(const struct xs_profile *p)
{
    return form_of(p->rel, p->domctl_if);
}

/* Writes exactly info_size(to.layout) bytes at dst. */
static void info_convert(void *dst, const union any_info *src, struct info_form from,
                         struct info_form to)
{
    union any_info out;
    const struct xs_arch_domainconfig *arch = info_arch(src, from.layout);

    memset(&out, 0, sizeof(out));
    memcpy(&out, src, sizeof(struct xs_domctl_getdomaininfo_v0));
    out.v0.flags = dominf_convert(src->v0.flags, from.dominf, to.dominf);
    if (to.layout == XS_GETDOMAININFO_V1 && arch)
        out.v1.arch_config = *arch;
    if (to.layout == XS_GETDOMAININFO_V2) {
        if (arch)
            out.v2.arch_config = *arch;
        if (from.layout == XS_GETDOMAININFO_V2)
            out.v2.gpaddr_bits = src->v2.gpaddr_bits;
    }
    memcpy(dst, &out, info_size(to.layout));
}

static long domctl_call(struct xs_hv *hv, struct xs_domctl *d)
{
    uint64_t arg[5] = { (uintptr_t)d, 0, 0, 0, 0 };

    return hv->hypercall(hv, XS_HYPERVISOR_domctl, arg);
}

static long sysctl_call(struct xs_hv *hv, struct xs_sysctl *s)
{
    uint64_t arg[5] = { (uintptr_t)s, 0, 0, 0, 0 };

    return hv->hypercall(hv, XS_HYPERVISOR_sysctl, arg);
}

/* Up to max entries from first upwards, in the hypervisor's layout. */
static long hyp_domaininfolist(struct xs_hv *hv, uint16_t first, uint32_t max, void *buf)
{
    struct xs_sysctl s;
    long r;

    memset(&s, 0, sizeof(s));
    s.cmd = XS_SYSCTL_getdomaininfolist;
    s.interface_version = hv->profile->sysctl_if;
    s.u.getdomaininfolist.first_domain = first;
    s.u.getdomaininfolist.max_domains = max;
    s.u.getdomaininfolist.buffer = (uintptr_t)buf;
    r = sysctl_call(hv, &s);
    return r < 0 ? r : (long)s.u.getdomaininfolist.num_domains;
}

/* getdomaininfo answers for the domain asked for (4.18+), or before 4.18
 * for the first existing domain at or above it.  The caller gets its own
 * release's behaviour: the next domain through getdomaininfolist, or
 * -ESRCH for a domain other than the one asked for. */
static long getdomaininfo(struct xs_hv *hv, const struct xs_release *caller, struct xs_domctl *d,
                          uint64_t arg)
{
    const struct xs_release *hyp = hv->profile->rel;
    bool caller_exact = caller->flags & XS_REL_GETDOMINFO_EXACT;
    bool hyp_exact = hyp->flags & XS_REL_GETDOMINFO_EXACT;
    struct xs_domctl x;
    union any_info info;
    long r;

    memset(&x, 0, sizeof(x));
    x.cmd = XS_DOMCTL_getdomaininfo;
    x.interface_version = hv->profile->domctl_if;
    x.domain = d->domain;
    r = domctl_call(hv, &x);
    memcpy(&info, &x.u, sizeof(info));
    if (r == -ESRCH && hyp_exact && !caller_exact) {
        long n = hv->profile->sysctl_if ? hyp_domaininfolist(hv, d->domain, 1, &info) : -ESRCH;

        r = n == 1 ? 0 : n < 0 && n != -EACCES ? n : -ESRCH;
    }
    if (r == 0 && caller_exact && !hyp_exact && info.v0.domain != d->domain)
        r = -ESRCH;
    if (r != 0)
        return r;
    d->domain = info.v0.domain;
    info_convert(&d->u, &info, hyp_form(hv->profile), form_of(caller, d->interface_version));
    r = hv->copy_out(hv, arg, d, sizeof(*d));
    return r ? -EFAULT : 0;
}

/* The sysctl getdomaininfolist, in chunks the stack holds. */
#define INFO_CHUNK 32

static long getdomaininfolist(struct xs_hv *hv, const struct xs_release *caller,
                              struct xs_sysctl *s, uint64_t arg)
{
    struct xs_sysctl_getdomaininfolist *l = &s->u.getdomaininfolist;
    union any_info chunk[INFO_CHUNK];
    /* The sysctl stamp cannot tell 4.10.0's libxenctrl from 4.10.1's (both
     * 0x10, their elements 96 and 104 bytes): the row's own form is taken.
     * Xen itself broke that pair the same way. */
    struct info_form cform = form_of(caller, 0), hform = hyp_form(hv->profile);
    size_t csize = info_size(cform.layout), hsize = info_size(hform.layout);
    uint32_t total = 0;
    unsigned next = l->first_domain;

    while (total < l->max_domains && next < XS_DOMID_FIRST_RESERVED) {
        uint32_t want = l->max_domains - total;
        long n;

        if (want > INFO_CHUNK)
            want = INFO_CHUNK;
        n = hyp_domaininfolist(hv, (uint16_t)next, want, chunk);
        if (n < 0)
            return n;
        if (n > (long)want)   /* never from Xen; keeps the chunk in bounds */
            n = want;
        for (long i = 0; i < n; i++) {
            const union any_info *src = (const void *)((const char *)chunk + (size_t)i * hsize);
            union any_info out;

            info_convert(&out, src, hform, cform);
            if (hv->copy_out(hv, l->buffer + (uint64_t)total * csize, &out, csize))
                return -EFAULT;
            total++;
            next = src->v0.domain + 1u;
        }
        if ((uint32_t)n < want)
            break;
    }
    l->num_domains = total;
    return hv->copy_out(hv, arg, s, sizeof(*s)) ? -EFAULT : 0;
}

/* The domctls a device model uses, with the Xen struct of their payload
 * as versions/layouts.c names it (NULL: no payload).  An op may be
 * restamped only where both releases have that struct with one layout. */
static const struct domctl_op {
    uint32_t cmd;
    const char *name;
    const char *payload;
} domctl_ops[] = {
    { XS_DOMCTL_pausedomain, "pausedomain", NULL },
    { XS_DOMCTL_unpausedomain, "unpausedomain", NULL },
    { XS_DOMCTL_getdomaininfo, "getdomaininfo", "xen_domctl_getdomaininfo" },
    { XS_DOMCTL_irq_permission, "irq_permission", "xen_domctl_irq_permission" },
    { XS_DOMCTL_iomem_permission, "iomem_permission", "xen_domctl_iomem_permission" },
    { XS_DOMCTL_ioport_permission, "ioport_permission", "xen_domctl_ioport_permission" },
    { XS_DOMCTL_bind_pt_irq, "bind_pt_irq", "xen_domctl_bind_pt_irq" },
    { XS_DOMCTL_memory_mapping, "memory_mapping", "xen_domctl_memory_mapping" },
    { XS_DOMCTL_ioport_mapping, "ioport_mapping", "xen_domctl_ioport_mapping" },
    { XS_DOMCTL_pin_mem_cacheattr, "pin_mem_cacheattr", "xen_domctl_pin_mem_cacheattr" },
    { XS_DOMCTL_set_target, "set_target", "xen_domctl_set_target" },
    { XS_DOMCTL_unbind_pt_irq, "unbind_pt_irq", "xen_domctl_bind_pt_irq" },
    /* What libxenctrl's xc_domain_setmaxmem and xl/xentop's vCPU lists
     * issue (4.6's libxenctrl met EACCES on 4.17 without them). */
    { XS_DOMCTL_max_mem, "max_mem", "xen_domctl_max_mem" },
    { XS_DOMCTL_getvcpuinfo, "getvcpuinfo", "xen_domctl_getvcpuinfo" },
};

static bool has_payload(const struct domctl_op *op, const struct xs_release *r)
{
    return !op->payload || xs_layout_for(op->payload, r);
}

static bool same_layout(const struct domctl_op *op, const struct xs_release *a,
                        const struct xs_release *b)
{
    return has_payload(op, a) && (!op->payload || !xs_layout_changed(op->payload, a, b));
}

/* XEN_DOMCTL_pin_mem_cacheattr became XEN_DMOP_pin_memory_cacheattr in
 * 4.11: same range (inclusive gfns) and type, same hypervisor function
 * behind both.  The dm_op also insists on a zero pad, which the domctl
 * never read, so the pad is not carried over.  Nothing is written back by
 * either. */
static bool pin_mem_cacheattr_moved(const struct domctl_op *op, const struct xs_release *caller,
                                    const struct xs_release *hyp)
{
    return op->cmd == XS_DOMCTL_pin_mem_cacheattr && has_payload(op, caller) &&
           !has_payload(op, hyp) && xs_release_has_dmop(hyp, XS_DMOP_pin_memory_cacheattr);
}

static long pin_mem_cacheattr_as_dmop(struct xs_hv *hv, const struct xs_domctl *d)
{
    struct xs_dm_op op;
    struct xs_ubuf buf = { (uintptr_t)&op, sizeof(op) };

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_pin_memory_cacheattr;
    op.u.pin_memory_cacheattr.start = d->u.pin_mem_cacheattr.start;
    op.u.pin_memory_cacheattr.end = d->u.pin_mem_cacheattr.end;
    op.u.pin_memory_cacheattr.type = d->u.pin_mem_cacheattr.type;
    return hv->dm_op(hv, d->domain, 1, &buf);
}

static enum xs_verdict done(long *ret, long r)
{
    *ret = r;
    return XS_DONE;
}

/* The caller's release from its stamp, or NULL (then -EACCES, as Xen). */
static const struct xs_release *caller_release(uint32_t stamp, bool sysctl)
{
    return sysctl ? xs_release_by_sysctl_if(stamp) : xs_release_by_any_domctl_if(stamp, NULL);
}

static void refuse(const char *family, const char *op, uint32_t cmd, const char *why,
                   const struct xs_release *caller, const struct xs_release *hyp)
{
    xs_log(XS_LOG_ERROR, "%s %s (%u) from a %s caller refused on %s: %s (-EACCES)", family,
           op ? op : "?", cmd, caller->name, hyp->name, why);
}

enum xs_verdict xs_translate_domctl(struct xs_hv *hv, uint64_t arg, long *ret)
{
    const struct xs_profile *p = hv->profile;
    const struct xs_release *caller;
    const struct domctl_op *op = NULL;
    struct xs_domctl d, x;
    long r;

    if (!p || p->passthrough || !p->rel || !p->domctl_if)
        return XS_PASS;
    if (hv->copy_in(hv, &d, arg, sizeof(d)))
        return done(ret, -EFAULT);
    if (d.interface_version == p->domctl_if)
        return XS_PASS;
    caller = caller_release(d.interface_version, false);
    if (!caller) {
        xs_log(XS_LOG_DEBUG, "domctl %u stamped 0x%x: no known release; -EACCES", d.cmd,
               d.interface_version);
        return done(ret, -EACCES);
    }
    for (size_t i = 0; i < sizeof(domctl_ops) / sizeof(domctl_ops[0]); i++)
        if (domctl_ops[i].cmd == d.cmd)
            op = &domctl_ops[i];
    if (!op) {
        refuse("domctl", NULL, d.cmd, "layout not known to match", caller, p->rel);
        return done(ret, -EACCES);
    }
    if (pin_mem_cacheattr_moved(op, caller, p->rel) && hv->dm_op) {
        xs_stat_translated("domctl", op->name);
        return done(ret, pin_mem_cacheattr_as_dmop(hv, &d));
    }
    /* getdomaininfo changes layout between generations: converted below. */
    if (d.cmd != XS_DOMCTL_getdomaininfo && !same_layout(op, caller, p->rel)) {
        refuse("domctl", op->name, d.cmd, "layout differs", caller, p->rel);
        return done(ret, -EACCES);
    }
    xs_stat_translated("domctl", op->name);
    if (d.cmd == XS_DOMCTL_getdomaininfo)
        return done(ret, getdomaininfo(hv, caller, &d, arg));

    x = d;
    x.interface_version = p->domctl_if;
    r = domctl_call(hv, &x);
    x.interface_version = d.interface_version;
    if (memcmp(&x, &d, sizeof(d)) && hv->copy_out(hv, arg, &x, sizeof(x)))
        r = -EFAULT;
    return done(ret, r);
}

enum xs_verdict xs_translate_sysctl(struct xs_hv *hv, uint64_t arg, long *ret)
{
    const struct xs_profile *p = hv->profile;
    const struct xs_release *caller;
    struct xs_sysctl s;

    if (!p || p->passthrough || !p->rel || !p->sysctl_if)
        return XS_PASS;
    if (hv->copy_in(hv, &s, arg, sizeof(s)))
        return done(ret, -EFAULT);
    if (s.interface_version == p->sysctl_if)
        return XS_PASS;
    caller = caller_release(s.interface_version, true);
    if (!caller) {
        xs_log(XS_LOG_DEBUG, "sysctl %u stamped 0x%x: no known release; -EACCES", s.cmd,
               s.interface_version);
        return done(ret, -EACCES);
    }
    if (s.cmd != XS_SYSCTL_getdomaininfolist) {
        refuse("sysctl", NULL, s.cmd, "layout not known to match", caller, p->rel);
        return done(ret, -EACCES);
    }
    xs_stat_translated("sysctl", "getdomaininfolist");
    return done(ret, getdomaininfolist(hv, caller, &s, arg));
}
