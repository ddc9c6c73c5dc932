/* Detection: which release the hypervisor underneath speaks.
 *
 * XENVER_version names a release; the probes then settle only what that
 * leaves open:
 *  - XENVER 4.8 is plain 4.8 or hvmctl1.  Hypercall 41 with a struct
 *    xs_hvmctl stamped with a wrong interface_version tells them apart:
 *    hvmctl answers -EACCES, a 4.8 without it -ENOSYS (versions/hvmctl1.md).
 *  - The domctl interface_version: getdomaininfo of domid 0 stamped with
 *    the candidate; only a wrong version gives -EACCES (any other answer,
 *    -ESRCH included, means the stamp was accepted).  Refused, the version
 *    a point release of that minor moved to (xs_point_releases: 4.10.1+
 *    answer 0x0f, 4.10.0 0x0e) is tried before the shim stands aside.
 *  - An unknown XENVER: all of the above plus dm_op (hypercall 41 with no
 *    buffers: -ENOSYS only where it does not exist), legacy HVMOPs
 *    (set_pci_intx_level with a NULL argument: -EFAULT where the sub-op
 *    exists, -ENOSYS where it is gone) and the sysctl interface_version.
 *    Its nearest known release (by XENVER) stands in only if the probes
 *    agree with it; otherwise the shim stands aside.
 * A probe the hypervisor refuses outright (-EPERM from a restricted
 * descriptor, say) settles nothing, and the profile ends as passthrough.
 * -ENOTTY is read as -ENOSYS: privcmd always has the HYPERCALL ioctl, but
 * a FUSE-served device cannot return ENOSYS from an ioctl (the kernel
 * turns it into ENOTTY).
 *
 * Every probe is read-only (or fails before it acts), so an interrupted
 * one (-EINTR: the caller took a signal before the call began) is asked
 * again.  If it stays interrupted, detection has no answer: the profile
 * says so in transient_errno, the process-wide one is not kept, and the
 * next privcmd call detects again, instead of one signal disabling the
 * shim for the process's life. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "detect.h"
#include "log.h"

#define PROBE_TRIES 64

/* Set when a probe stayed interrupted: this detection settles nothing. */
static __thread bool probe_interrupted;

static long hcall(struct xs_hv *hv, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    uint64_t arg[5] = { a0, a1, a2, 0, 0 };
    long r = -EINTR;

    for (int i = 0; i < PROBE_TRIES && r == -EINTR && !probe_interrupted; i++)
        r = hv->hypercall(hv, op, arg);
    if (r == -EINTR)
        probe_interrupted = true;
    return r;
}

/* -1: could not tell (the probe itself was refused). */
static int domctl_accepts(struct xs_hv *hv, uint32_t version)
{
    struct xs_domctl d;
    long r;

    memset(&d, 0, sizeof(d));
    d.cmd = XS_DOMCTL_getdomaininfo;
    d.interface_version = version;
    d.domain = 0;
    r = hcall(hv, XS_HYPERVISOR_domctl, (uintptr_t)&d, 0, 0);
    if (r == -EACCES)
        return 0;
    if (r == -EPERM || r == -ENOSYS || r == -ENOTTY || r == -EFAULT)
        return -1;
    return 1;
}

static int sysctl_accepts(struct xs_hv *hv, uint32_t version)
{
    struct xs_sysctl s;
    long r;

    memset(&s, 0, sizeof(s));
    s.cmd = XS_SYSCTL_getdomaininfolist;
    s.interface_version = version;
    s.u.getdomaininfolist.max_domains = 0;
    r = hcall(hv, XS_HYPERVISOR_sysctl, (uintptr_t)&s, 0, 0);
    if (r == -EACCES)
        return 0;
    if (r == -EPERM || r == -ENOSYS || r == -ENOTTY || r == -EFAULT)
        return -1;
    return 1;
}

/* Interface versions are small counters; scanning this range costs a few
 * dozen hypercalls once per process, and only for an unknown release. */
#define IF_SCAN_FIRST 0x08
#define IF_SCAN_LAST  0x3f

static uint32_t scan_if(struct xs_hv *hv, int (*accepts)(struct xs_hv *, uint32_t),
                        uint32_t first_guess)
{
    if (first_guess && accepts(hv, first_guess) == 1)
        return first_guess;
    for (uint32_t v = IF_SCAN_FIRST; v <= IF_SCAN_LAST; v++)
        if (v != first_guess && accepts(hv, v) == 1)
            return v;
    return 0;
}

/* hvmctl interface_version, 0 if hypercall 41 is not hvmctl, -1 unknown. */
static int probe_hvmctl(struct xs_hv *hv)
{
    struct xs_hvmctl h;
    long r;

    memset(&h, 0, sizeof(h));
    h.interface_version = 0xffffffffu;   /* no release uses it */
    h.domain = XS_DOMID_INVALID;
    r = hcall(hv, XS_HYPERVISOR_dm_op, (uintptr_t)&h, 0, 0);
    if (r == -EACCES)
        return XS_HVMCTL_INTERFACE_VERSION;
    if (r == -EPERM)
        return -1;
    return 0;
}

/* 1 dm_op, 0 none, -1 unknown.  With no buffers a dm_op hypervisor fails
 * on the domain or the buffer count; hvmctl would read a struct at 0x7ff4
 * and fault; without either the hypercall does not exist. */
static int probe_dmop(struct xs_hv *hv)
{
    long r = hcall(hv, XS_HYPERVISOR_dm_op, XS_DOMID_INVALID, 0, 0);

    if (r == -ENOSYS || r == -ENOTTY || r == -EFAULT)
        return 0;
    if (r == -EPERM)
        return -1;
    return 1;
}

static int probe_legacy_hvmops(struct xs_hv *hv)
{
    long r = hcall(hv, XS_HYPERVISOR_hvm_op, XS_HVMOP_set_pci_intx_level, 0, 0);

    if (r == -EFAULT)
        return 1;
    if (r == -ENOSYS || r == -ENOTTY)
        return 0;
    return -1;
}

/* legacy_dm_hvmops also lists the sub-ops every release keeps (set_param
 * and co), so ask about one that only the legacy DM interface has. */
static bool release_has_legacy_hvmops(const struct xs_release *rel)
{
    return xs_release_has_hvmop(rel, XS_HVMOP_set_pci_intx_level);
}

static void fill_from_release(struct xs_profile *p, const struct xs_release *rel)
{
    p->rel = rel;
    p->has_dmop = rel->dmop_max != 0;
    p->hvmctl_if = rel->hvmctl_if;
    p->has_legacy_hvmops = release_has_legacy_hvmops(rel);
    p->domctl_if = rel->domctl_if;
    p->sysctl_if = rel->sysctl_if;
}

static void stand_aside(struct xs_profile *p, const char *why)
{
    p->passthrough = true;
    xs_log(XS_LOG_ERROR, "hypervisor %u.%u: %s; passing every call through untouched",
           p->xenver >> 16, p->xenver & 0xffff, why);
}

/* Releases answering this XENVER (4.8 and hvmctl1 share one). */
static size_t releases_with_xenver(uint32_t xenver, const struct xs_release **out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < xs_nr_releases && n < max; i++)
        if (xs_release_xenver(&xs_releases[i]) == xenver)
            out[n++] = &xs_releases[i];
    return n;
}

/* The known real release closest below (or, failing that, above) xenver
 * within the same major version. */
static const struct xs_release *nearest_release(uint32_t xenver)
{
    const struct xs_release *best = NULL;
    uint32_t best_dist = UINT32_MAX;

    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        uint32_t v = xs_release_xenver(r);
        uint32_t dist;

        if (r->flags & XS_REL_HYPOTHETICAL || r->major != xenver >> 16)
            continue;
        /* Prefer an older neighbour: a newer Xen mostly appends. */
        dist = v <= xenver ? (xenver - v) * 2 : (v - xenver) * 2 + 1;
        if (dist < best_dist) {
            best = r;
            best_dist = dist;
        }
    }
    return best;
}

static void detect_known(struct xs_hv *hv, struct xs_profile *p,
                         const struct xs_release **cands, size_t n)
{
    const struct xs_release *rel = cands[0];
    int ok;

    if (n > 1) {
        /* Same XENVER, told apart by hypercall 41. */
        int hvmctl = probe_hvmctl(hv);

        if (hvmctl < 0) {
            stand_aside(p, "the hvmctl probe was refused");
            return;
        }
        rel = NULL;
        for (size_t i = 0; i < n; i++)
            if ((cands[i]->hvmctl_if != 0) == (hvmctl != 0))
                rel = cands[i];
        if (!rel) {
            stand_aside(p, "no known release matches the hvmctl probe");
            return;
        }
    }
    fill_from_release(p, rel);
    ok = domctl_accepts(hv, rel->domctl_if);
    if (ok == 0) {
        /* A point release of the same minor may stamp another version
         * (4.10.1+); the profile keeps the one the hypervisor accepts. */
        for (size_t i = 0; i < xs_nr_point_releases; i++) {
            const struct xs_point_release *pr = &xs_point_releases[i];

            if (xs_release_by_name(pr->release) == rel && domctl_accepts(hv, pr->domctl_if) == 1) {
                p->domctl_if = pr->domctl_if;
                xs_log(XS_LOG_INFO, "domctl interface 0x%x: %s or later", pr->domctl_if,
                       pr->name);
                return;
            }
        }
    }
    if (ok == 0) {
        uint32_t v = scan_if(hv, domctl_accepts, 0);
        char why[96];

        snprintf(why, sizeof(why), "domctl interface 0x%x refused (accepts 0x%x), unlike %s",
                 rel->domctl_if, v, rel->name);
        p->domctl_if = v;
        stand_aside(p, why);
        return;
    }
    if (ok < 0)
        xs_log(XS_LOG_INFO, "domctl interface probe refused; trusting %s's 0x%x",
               rel->name, rel->domctl_if);
}

static void detect_unknown(struct xs_hv *hv, struct xs_profile *p)
{
    const struct xs_release *near = nearest_release(p->xenver);
    /* dm_op first: an hvmctl-shaped probe is only sent where hypercall 41
     * is not dm_op (hvmctl fails the dm_op probe with -EFAULT). */
    int dmop = probe_dmop(hv);
    int hvmctl = dmop == 0 ? probe_hvmctl(hv) : 0;
    int legacy = probe_legacy_hvmops(hv);
    char why[160];

    p->hvmctl_if = hvmctl > 0 ? (uint8_t)hvmctl : 0;
    p->has_dmop = dmop > 0;
    p->has_legacy_hvmops = legacy > 0;
    p->domctl_if = scan_if(hv, domctl_accepts, near ? near->domctl_if : 0);
    p->sysctl_if = scan_if(hv, sysctl_accepts, near ? near->sysctl_if : 0);
    if (!near) {
        stand_aside(p, "unknown release with no known neighbour");
        return;
    }
    if (hvmctl < 0 || dmop < 0 || legacy < 0) {
        snprintf(why, sizeof(why), "unknown release, probes refused (nearest %s)", near->name);
        stand_aside(p, why);
        return;
    }
    if (p->has_dmop != (near->dmop_max != 0) || p->hvmctl_if != near->hvmctl_if ||
        p->has_legacy_hvmops != release_has_legacy_hvmops(near)) {
        snprintf(why, sizeof(why),
                 "unknown release, probes (dm_op %d, hvmctl %d, legacy hvmops %d) disagree with %s",
                 dmop, hvmctl, legacy, near->name);
        stand_aside(p, why);
        return;
    }
    p->rel = near;
    xs_log(XS_LOG_INFO, "hypervisor %u.%u is not in the release table; probes agree with %s",
           p->xenver >> 16, p->xenver & 0xffff, near->name);
}

void xs_detect(struct xs_hv *hv, const char *target, struct xs_profile *out)
{
    const struct xs_release *cands[4];
    char line[256];
    long ver;
    size_t n;

    memset(out, 0, sizeof(*out));
    probe_interrupted = false;
    if (target && *target) {
        const struct xs_release *rel = xs_release_by_name(target);

        out->forced = true;
        if (!rel) {
            out->passthrough = true;
            xs_log(XS_LOG_ERROR, "XENSHIM_TARGET=%s is not a known release; "
                   "passing every call through untouched", target);
            return;
        }
        fill_from_release(out, rel);
        out->xenver = xs_release_xenver(rel);
        xs_log(XS_LOG_INFO, "profile forced by XENSHIM_TARGET=%s", target);
        goto done;
    }
    ver = hcall(hv, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0);
    if (ver == -EINTR)
        goto interrupted;
    if (ver < 0) {
        out->passthrough = true;
        xs_log(XS_LOG_ERROR, "XENVER_version failed (%ld); passing every call through untouched",
               ver);
        return;
    }
    out->xenver = (uint32_t)ver;
    n = releases_with_xenver(out->xenver, cands, sizeof(cands) / sizeof(cands[0]));
    if (n)
        detect_known(hv, out, cands, n);
    else
        detect_unknown(hv, out);
    if (probe_interrupted)
        goto interrupted;
done:
    xs_profile_format(out, false, line, sizeof(line));
    xs_log(XS_LOG_INFO, "%s", line);
    return;

interrupted:
    memset(out, 0, sizeof(*out));
    out->passthrough = true;
    out->transient_errno = EINTR;
    xs_log(XS_LOG_INFO, "detection interrupted %d times in a row; asking again on the next call",
           PROBE_TRIES);
}

/* The process-wide profile.  Whichever thread gets there first probes,
 * with its own descriptor, under profile_lock; the others wait for it.
 * An interrupted detection is not published (a mutex, not pthread_once,
 * so that it can run again): its caller gets interrupted_profile. */
static pthread_mutex_t profile_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xs_profile profile;
static _Atomic(const struct xs_profile *) profile_ready;
static const struct xs_profile interrupted_profile = { .passthrough = true,
                                                       .transient_errno = EINTR };

const struct xs_profile *xs_profile_once(struct xs_hv *hv)
{
    const struct xs_profile *p = atomic_load_explicit(&profile_ready, memory_order_acquire);

    if (p)
        return p;
    pthread_mutex_lock(&profile_lock);
    p = atomic_load_explicit(&profile_ready, memory_order_relaxed);
    if (!p) {
        xs_detect(hv, secure_getenv("XENSHIM_TARGET"), &profile);
        if (profile.transient_errno) {
            p = &interrupted_profile;
        } else {
            p = &profile;
            atomic_store_explicit(&profile_ready, p, memory_order_release);
        }
    }
    pthread_mutex_unlock(&profile_lock);
    return p;
}

const struct xs_profile *xs_profile_current(void)
{
    return atomic_load_explicit(&profile_ready, memory_order_acquire);
}

const char *xs_profile_name(const struct xs_profile *p)
{
    return p && p->rel ? p->rel->name : "unknown";
}

int xs_profile_format(const struct xs_profile *p, bool json, char *buf, size_t len)
{
    const char *t = "true", *f = "false";

    if (json)
        return snprintf(buf, len,
                        "{\"release\": \"%s\", \"xenver\": \"%u.%u\", \"dm_op\": %s, "
                        "\"hvmctl_if\": %u, \"legacy_hvmops\": %s, \"domctl_if\": %u, "
                        "\"sysctl_if\": %u, \"passthrough\": %s, \"forced\": %s}\n",
                        xs_profile_name(p), p->xenver >> 16, p->xenver & 0xffff,
                        p->has_dmop ? t : f, p->hvmctl_if, p->has_legacy_hvmops ? t : f,
                        p->domctl_if, p->sysctl_if, p->passthrough ? t : f, p->forced ? t : f);
    return snprintf(buf, len,
                    "profile %s: xenver %u.%u, dm_op %s, hvmctl %s%.0u, legacy hvmops %s, "
                    "domctl 0x%02x, sysctl 0x%02x%s%s",
                    xs_profile_name(p), p->xenver >> 16, p->xenver & 0xffff,
                    p->has_dmop ? "yes" : "no", p->hvmctl_if ? "if " : "no", p->hvmctl_if,
                    p->has_legacy_hvmops ? "yes" : "no", p->domctl_if, p->sysctl_if,
                    p->passthrough ? ", passthrough" : "", p->forced ? ", forced" : "");
}
