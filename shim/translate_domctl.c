/* domctl and sysctl between releases whose interface_version differs.
 *
 * Xen accepts a domctl or sysctl only stamped with its own interface
 * version (else -EACCES), and libxenctrl stamps the version it was built
 * with.  The caller's release is read from that stamp, so this works in
 * both directions (old caller on new Xen, new caller on old Xen):
 *  - which ops exist in which release, and the Xen struct of each one's
 *    payload, is data (versions/ctl_ops.c: every domctl and sysctl an
 *    x86 libxenctrl of 4.5-4.20 issues); an op whose payload has one
 *    layout in both releases (layouts.c, or abi.table's generations rows for
 *    payloads we never look inside), or none, is issued from a copy
 *    carrying the hypervisor's version;
 *  - getdomaininfo (domctl), getdomaininfolist and physinfo (sysctl) are
 *    rebuilt field by field between their layouts (and the two numberings
 *    of the XEN_DOMINF_* and XEN_SYSCTL_PHYSCAP_* bits);
 *  - pin_mem_cacheattr from a caller that has it, on 4.11+ which replaced
 *    it by dm_op, becomes that dm_op;
 *  - any other op is refused by name with the -EACCES the hypervisor gives
 *    a stamp it does not know, and one log line saying why (not an op of
 *    the caller's release, none of the hypervisor's, payload layout
 *    differs, or it points at data in a release's own format); it is
 *    never forwarded.
 *
 * Write-back: do_domctl and do_sysctl copy their whole struct back to the
 * caller for the ops that return something.  Here the hypervisor writes
 * into our copy; the caller gets its own struct back only if the
 * hypervisor wrote (the copy changed), with the caller's own stamp, which
 * is what the caller's release would have written. */
#include <errno.h>
#include <stddef.h>
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

/* XEN_DOMCTL_pin_mem_cacheattr became XEN_DMOP_pin_memory_cacheattr in
 * 4.11: same range (inclusive gfns) and type, same hypervisor function
 * behind both.  The dm_op also insists on a zero pad, which the domctl
 * never read, so the pad is not carried over.  Nothing is written back by
 * either. */
static bool pin_mem_cacheattr_moved(unsigned cmd, const struct xs_release *hyp)
{
    return cmd == XS_DOMCTL_pin_mem_cacheattr && !xs_domctl_op(cmd, hyp) &&
           xs_release_has_dmop(hyp, XS_DMOP_pin_memory_cacheattr);
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

/* The op cmd as the caller's release knows it.  Releases sharing one stamp
 * (4.6 and 4.7 both stamp domctl 0x0b) share layouts but not always ops
 * (soft_reset came in 4.7): any of them having it will do. */
static const struct xs_ctl_op *caller_op(unsigned cmd, const struct xs_release *caller,
                                         bool sysctl)
{
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        const struct xs_ctl_op *op;

        if (sysctl ? r->sysctl_if != caller->sysctl_if : r->domctl_if != caller->domctl_if)
            continue;
        op = sysctl ? xs_sysctl_op(cmd, r) : xs_domctl_op(cmd, r);
        if (op)
            return op;
    }
    return NULL;
}

/* Whether op (the caller's) may go to the hypervisor restamped, from the
 * op and layout tables (versions/ctl_ops.c, layouts.c): NULL if so, else
 * why not. */
static const char *restamp_refusal(const struct xs_ctl_op *op, const struct xs_ctl_op *hop,
                                   const struct xs_release *caller, const struct xs_release *hyp)
{
    if (!hop || strcmp(hop->name, op->name))
        return "the hypervisor's release has no such op";
    if (op->flags & XS_CTL_RELEASE_DATA)
        return "it points at data in a format of the caller's release";
    if (op->payload && !xs_ctl_payload_same(op->payload, caller, hyp))
        return "payload layout differs";
    return NULL;
}

/* Restamped with the hypervisor's version; the caller's struct is written
 * back only if the hypervisor wrote into the copy. */
static long restamped(struct xs_hv *hv, const void *in, size_t size, uint64_t arg,
                      uint32_t hyp_if, bool sysctl)
{
    union { struct xs_domctl d; struct xs_sysctl s; } x;
    uint32_t caller_if;
    long r;

    memcpy(&x, in, size);
    caller_if = x.d.interface_version;   /* at offset 4 in both */
    x.d.interface_version = hyp_if;
    r = sysctl ? sysctl_call(hv, &x.s) : domctl_call(hv, &x.d);
    x.d.interface_version = caller_if;
    if (memcmp(&x, in, size) && hv->copy_out(hv, arg, &x, size))
        r = -EFAULT;
    return r;
}

enum xs_verdict xs_translate_domctl(struct xs_hv *hv, uint64_t arg, long *ret)
{
    const struct xs_profile *p = hv->profile;
    const struct xs_release *caller;
    const struct xs_ctl_op *op;
    const char *why;
    struct xs_domctl d;

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
    op = caller_op(d.cmd, caller, false);
    if (!op) {
        refuse("domctl", xs_ctl_op_name(false, d.cmd), d.cmd, "not an op of its release", caller,
               p->rel);
        return done(ret, -EACCES);
    }
    if (pin_mem_cacheattr_moved(d.cmd, p->rel) && hv->dm_op) {
        xs_stat_translated("domctl", op->name);
        return done(ret, pin_mem_cacheattr_as_dmop(hv, &d));
    }
    /* getdomaininfo changes layout between generations: converted. */
    if (d.cmd == XS_DOMCTL_getdomaininfo) {
        xs_stat_translated("domctl", op->name);
        return done(ret, getdomaininfo(hv, caller, &d, arg));
    }
    why = restamp_refusal(op, xs_domctl_op(d.cmd, p->rel), caller, p->rel);
    if (why) {
        refuse("domctl", op->name, d.cmd, why, caller, p->rel);
        return done(ret, -EACCES);
    }
    xs_stat_translated("domctl", op->name);
    return done(ret, restamped(hv, &d, sizeof(d), arg, p->domctl_if, false));
}

/* ---- physinfo: three layouts (versions/abi.h), and the capability bits
 * renumbered in 4.13 (pv inserted at 1, directio moved to 2).  Bits one
 * numbering has and the other lacks (pv, hap, shadow before 4.13) are
 * left 0: a hypervisor that did not report them is not made to. ---- */

static int physinfo_gen(const struct xs_release *r)
{
    const struct xs_layout_gen *g = xs_layout_for("xen_sysctl_physinfo", r);
    size_t n = g ? strlen(g->xs_type) : 0;

    return n ? g->xs_type[n - 1] - '0' : -1;
}

static bool physcaps_v0(const struct xs_release *r)
{
    return xs_release_in(r, "4.5", "4.12");
}

static uint32_t physcaps_convert(uint32_t c, const struct xs_release *from,
                                 const struct xs_release *to)
{
    bool f0 = physcaps_v0(from), t0 = physcaps_v0(to);

    if (f0 == t0)
        return c;
    if (f0)   /* hvm, hvm_directio -> hvm, directio */
        return (c & XS_PHYSCAP_hvm) | (c & XS_PHYSCAP_V0_directio ? XS_PHYSCAP_directio : 0);
    return (c & XS_PHYSCAP_hvm) | (c & XS_PHYSCAP_directio ? XS_PHYSCAP_V0_directio : 0);
}

/* The fields every generation has after the topology, between two of them. */
#define PHYSINFO_COPY_COMMON(dst, src)                                   \
    do {                                                                 \
        (dst)->capabilities = (src)->capabilities;                       \
        (dst)->total_pages = (src)->total_pages;                         \
        (dst)->free_pages = (src)->free_pages;                           \
        (dst)->scrub_pages = (src)->scrub_pages;                         \
        (dst)->outstanding_pages = (src)->outstanding_pages;             \
        memcpy((dst)->hw_cap, (src)->hw_cap, sizeof((dst)->hw_cap));     \
    } while (0)

static void physinfo_decode(struct xs_sysctl_physinfo_v2 *o, const struct xs_sysctl *s, int gen)
{
    const struct xs_sysctl_physinfo_v0 *v0 = &s->u.physinfo_v0;
    const struct xs_sysctl_physinfo_v1 *v1 = &s->u.physinfo_v1;

    memset(o, 0, sizeof(*o));
    /* the topology has the same offsets in every generation */
    memcpy(o, v0, offsetof(struct xs_sysctl_physinfo_v0, cpu_khz) + sizeof(v0->cpu_khz));
    if (gen == 2) {
        *o = s->u.physinfo_v2;
    } else if (gen == 1) {
        PHYSINFO_COPY_COMMON(o, v1);
        o->max_mfn = v1->max_mfn;
    } else {
        PHYSINFO_COPY_COMMON(o, v0);
    }
}

/* Writes i in layout gen over s's payload; the rest of the union is left
 * as the caller had it.  max_mfn and arch_capabilities, which older
 * layouts lack, are 0 for a caller whose hypervisor did not report them. */
static void physinfo_encode(struct xs_sysctl *s, const struct xs_sysctl_physinfo_v2 *i, int gen)
{
    struct xs_sysctl_physinfo_v0 *v0 = &s->u.physinfo_v0;
    struct xs_sysctl_physinfo_v1 *v1 = &s->u.physinfo_v1;

    if (gen == 2) {
        s->u.physinfo_v2 = *i;
        return;
    }
    if (gen == 1) {
        memset(v1, 0, sizeof(*v1));
        memcpy(v1, i, offsetof(struct xs_sysctl_physinfo_v1, capabilities));
        PHYSINFO_COPY_COMMON(v1, i);
        v1->max_mfn = i->max_mfn;
        return;
    }
    memset(v0, 0, sizeof(*v0));
    memcpy(v0, i, offsetof(struct xs_sysctl_physinfo_v0, cpu_khz) + sizeof(v0->cpu_khz));
    PHYSINFO_COPY_COMMON(v0, i);
}

static long physinfo(struct xs_hv *hv, const struct xs_release *caller, struct xs_sysctl *s,
                     uint64_t arg)
{
    const struct xs_release *hyp = hv->profile->rel;
    int cgen = physinfo_gen(caller), hgen = physinfo_gen(hyp);
    struct xs_sysctl x = *s;
    struct xs_sysctl_physinfo_v2 info;
    long r;

    if (cgen < 0 || hgen < 0)
        return -EACCES;
    x.interface_version = hv->profile->sysctl_if;
    r = sysctl_call(hv, &x);
    if (r)
        return r;
    physinfo_decode(&info, &x, hgen);
    info.capabilities = physcaps_convert(info.capabilities, hyp, caller);
    if (cgen != 2)
        info.arch_capabilities = 0;
    physinfo_encode(s, &info, cgen);
    return hv->copy_out(hv, arg, s, sizeof(*s)) ? -EFAULT : 0;
}

enum xs_verdict xs_translate_sysctl(struct xs_hv *hv, uint64_t arg, long *ret)
{
    const struct xs_profile *p = hv->profile;
    const struct xs_release *caller;
    const struct xs_ctl_op *op;
    const char *why;
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
    op = caller_op(s.cmd, caller, true);
    if (!op) {
        refuse("sysctl", xs_ctl_op_name(true, s.cmd), s.cmd, "not an op of its release", caller,
               p->rel);
        return done(ret, -EACCES);
    }
    /* getdomaininfolist and physinfo: converted between layouts. */
    if (s.cmd == XS_SYSCTL_getdomaininfolist) {
        xs_stat_translated("sysctl", op->name);
        return done(ret, getdomaininfolist(hv, caller, &s, arg));
    }
    if (s.cmd == XS_SYSCTL_physinfo && xs_sysctl_op(s.cmd, p->rel)) {
        xs_stat_translated("sysctl", op->name);
        return done(ret, physinfo(hv, caller, &s, arg));
    }
    why = restamp_refusal(op, xs_sysctl_op(s.cmd, p->rel), caller, p->rel);
    if (why) {
        refuse("sysctl", op->name, s.cmd, why, caller, p->rel);
        return done(ret, -EACCES);
    }
    xs_stat_translated("sysctl", op->name);
    return done(ret, restamped(hv, &s, sizeof(s), arg, p->sysctl_if, true));
}
