/* Detection against the in-process simulator: every release is recognised
 * from its answers alone, with no more probes than its version leaves
 * open; forced targets; unknown releases take a neighbour only when the
 * probes agree. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "abi.h"
#include "detect.h"
#include "hv_over_sim.h"
#include "log.h"

/* A hypervisor that claims another XENVER, or refuses some hypercalls,
 * in front of a simulated release. */
static long fake_xenver = -1;
static uint64_t refuse_op = ~0ull;
static bool enosys_as_enotty;      /* what a FUSE-served privcmd does */

static long lying_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    if (op == XS_HYPERVISOR_xen_version && fake_xenver != -1) {
        hvos_of(hv)->nr_hypercalls++;
        return fake_xenver;
    }
    if (op == refuse_op) {
        hvos_of(hv)->nr_hypercalls++;
        return -EPERM;
    }
    {
        long r = hvos_hypercall(hv, op, arg);
        return enosys_as_enotty && r == -ENOSYS ? -ENOTTY : r;
    }
}

static void open_lying(struct hv_over_sim *h, const char *release, long xenver, uint64_t refuse)
{
    assert_int_equal(hv_over_sim_open(h, release), 0);
    fake_xenver = xenver;
    refuse_op = refuse;
    h->hv.hypercall = lying_hypercall;
}

static void every_release_detected(void **state)
{
    (void)state;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *rel = &xs_releases[i];
        struct hv_over_sim h;
        struct xs_profile p;

        assert_int_equal(hv_over_sim_open(&h, rel->name), 0);
        xs_detect(&h.hv, NULL, &p);
        assert_non_null(p.rel);
        assert_string_equal(p.rel->name, rel->name);
        assert_false(p.passthrough);
        assert_false(p.forced);
        assert_int_equal(p.xenver, xs_release_xenver(rel));
        assert_int_equal(p.domctl_if, rel->domctl_if);
        assert_int_equal(p.sysctl_if, rel->sysctl_if);
        assert_int_equal(p.has_dmop, rel->dmop_max != 0);
        assert_int_equal(p.hvmctl_if, rel->hvmctl_if);
        assert_int_equal(p.has_legacy_hvmops, xs_release_has_hvmop(rel, XS_HVMOP_set_pci_intx_level));
        assert_int_equal(p.has_legacy_hvmops, rel->minor <= 8 && !rel->hvmctl_if);
        /* XENVER + the domctl check; XENVER 4.8 needs the hvmctl probe too. */
        assert_int_equal(h.nr_hypercalls, rel->major == 4 && rel->minor == 8 ? 3 : 2);
        hv_over_sim_close(&h);
    }
}

static void forced_target(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    assert_int_equal(hv_over_sim_open(&h, "4.17"), 0);
    xs_detect(&h.hv, "4.6", &p);
    assert_string_equal(p.rel->name, "4.6");
    assert_true(p.forced);
    assert_false(p.passthrough);
    assert_true(p.has_legacy_hvmops);
    assert_false(p.has_dmop);
    assert_int_equal(p.domctl_if, 0x0b);
    assert_int_equal(h.nr_hypercalls, 0);          /* forced: nothing asked */

    xs_detect(&h.hv, "hvmctl1", &p);
    assert_string_equal(p.rel->name, "hvmctl1");
    assert_int_equal(p.hvmctl_if, 1);

    xs_detect(&h.hv, "9.9", &p);
    assert_null(p.rel);
    assert_true(p.forced);
    assert_true(p.passthrough);
    hv_over_sim_close(&h);
}

/* The newest real release the table has (the neighbour of anything newer). */
static const struct xs_release *newest_real(void)
{
    const struct xs_release *n = NULL;

    for (size_t i = 0; i < xs_nr_releases; i++)
        if (!(xs_releases[i].flags & XS_REL_HYPOTHETICAL))
            n = &xs_releases[i];
    assert_non_null(n);
    return n;
}

/* A newer point in the 4.x line that the table does not know: its older
 * neighbour stands in when the probes agree with it. */
static void unknown_newer_release_takes_neighbour(void **state)
{
    const struct xs_release *newest = newest_real();
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    open_lying(&h, newest->name, 4 << 16 | 99, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_non_null(p.rel);
    assert_ptr_equal(p.rel, newest);
    assert_false(p.passthrough);
    assert_true(p.has_dmop);
    assert_false(p.has_legacy_hvmops);
    assert_int_equal(p.hvmctl_if, 0);
    assert_int_equal(p.domctl_if, newest->domctl_if);
    assert_int_equal(p.sysctl_if, newest->sysctl_if);
    assert_int_equal(p.xenver, 4 << 16 | 99);
    hv_over_sim_close(&h);

    open_lying(&h, "4.5", 4 << 16 | 4, ~0ull);     /* older than all: 4.5 above */
    xs_detect(&h.hv, NULL, &p);
    assert_non_null(p.rel);
    assert_string_equal(p.rel->name, "4.5");
    assert_true(p.has_legacy_hvmops);
    assert_int_equal(p.domctl_if, 0x0a);
    hv_over_sim_close(&h);
}

static void enotty_reads_as_enosys(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    enosys_as_enotty = true;
    open_lying(&h, newest_real()->name, 4 << 16 | 99, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_false(p.passthrough);
    assert_ptr_equal(p.rel, newest_real());
    assert_false(p.has_legacy_hvmops);
    hv_over_sim_close(&h);
    open_lying(&h, "4.6", 4 << 16 | 4, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_false(p.passthrough);
    assert_string_equal(p.rel->name, "4.5");
    assert_false(p.has_dmop);
    hv_over_sim_close(&h);
    open_lying(&h, "4.8", -1, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_string_equal(p.rel->name, "4.8");
    hv_over_sim_close(&h);
    enosys_as_enotty = false;
}

static void unknown_release_probes_disagree(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    /* Claims 4.99 (no row) but speaks 4.6: nothing like the newest. */
    open_lying(&h, "4.6", 4 << 16 | 99, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    assert_null(p.rel);
    assert_true(p.has_legacy_hvmops);
    assert_false(p.has_dmop);
    assert_int_equal(p.domctl_if, 0x0b);          /* found by scanning */
    hv_over_sim_close(&h);

    /* Claims 4.99 but hypercall 41 is hvmctl: seen as such, and not the newest. */
    open_lying(&h, "hvmctl1", 4 << 16 | 99, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    assert_false(p.has_dmop);
    assert_int_equal(p.hvmctl_if, 1);
    hv_over_sim_close(&h);

    /* Another major version: no neighbour at all. */
    open_lying(&h, "4.17", 5 << 16 | 0, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    assert_null(p.rel);
    hv_over_sim_close(&h);
}

/* A known XENVER whose domctl version is not the table's: stand aside. */
static void known_version_wrong_domctl(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    open_lying(&h, "4.16", 4 << 16 | 17, ~0ull);
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    assert_int_equal(p.domctl_if, 0x14);
    hv_over_sim_close(&h);
}

/* Xen 4.10.1-4.10.4: XENVER 4.10, domctl 0x0f instead of 4.10.0's 0x0e.
 * The simulator plays 4.10.0; this one takes 0x0f in its place. */
static long point_4_10_1_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct xs_domctl *d = (void *)(uintptr_t)arg[0];
    long r;

    if (op != XS_HYPERVISOR_domctl || !d)
        return hvos_hypercall(hv, op, arg);
    if (d->interface_version != 0x0f) {
        hvos_of(hv)->nr_hypercalls++;
        return -EACCES;
    }
    d->interface_version = 0x0e;
    r = hvos_hypercall(hv, op, arg);
    d->interface_version = 0x0f;
    return r;
}

static void point_release_detected(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    assert_int_equal(hv_over_sim_open(&h, "4.10"), 0);
    h.hv.hypercall = point_4_10_1_hypercall;
    xs_detect(&h.hv, NULL, &p);
    assert_false(p.passthrough);
    assert_non_null(p.rel);
    assert_string_equal(p.rel->name, "4.10");
    assert_int_equal(p.domctl_if, 0x0f);          /* what it accepts */
    assert_int_equal(p.sysctl_if, 0x10);
    assert_true(p.has_dmop);
    /* XENVER, 0x0e refused, 0x0f accepted. */
    assert_int_equal(h.nr_hypercalls, 3);
    hv_over_sim_close(&h);
    /* Another minor answering 0x0f is still not a release the shim knows. */
    assert_int_equal(hv_over_sim_open(&h, "4.9"), 0);
    h.hv.hypercall = point_4_10_1_hypercall;
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    hv_over_sim_close(&h);
}

static void refused_probes(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;

    (void)state;
    open_lying(&h, "4.17", -1, XS_HYPERVISOR_xen_version);
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    assert_null(p.rel);
    hv_over_sim_close(&h);

    /* 4.8 or hvmctl1 cannot be told apart if hypercall 41 is refused. */
    open_lying(&h, "4.8", -1, XS_HYPERVISOR_dm_op);
    xs_detect(&h.hv, NULL, &p);
    assert_true(p.passthrough);
    hv_over_sim_close(&h);

    /* A refused domctl probe on an unambiguous release: trust the table. */
    open_lying(&h, "4.17", -1, XS_HYPERVISOR_domctl);
    xs_detect(&h.hv, NULL, &p);
    assert_false(p.passthrough);
    assert_string_equal(p.rel->name, "4.17");
    assert_int_equal(p.domctl_if, 0x15);
    hv_over_sim_close(&h);
}

static void profile_text_and_json(void **state)
{
    struct hv_over_sim h;
    struct xs_profile p;
    char buf[512];

    (void)state;
    assert_int_equal(hv_over_sim_open(&h, "hvmctl1"), 0);
    xs_detect(&h.hv, NULL, &p);
    xs_profile_format(&p, true, buf, sizeof(buf));
    assert_non_null(strstr(buf, "\"release\": \"hvmctl1\""));
    assert_non_null(strstr(buf, "\"xenver\": \"4.8\""));
    assert_non_null(strstr(buf, "\"hvmctl_if\": 1"));
    assert_non_null(strstr(buf, "\"dm_op\": false"));
    assert_non_null(strstr(buf, "\"passthrough\": false"));
    xs_profile_format(&p, false, buf, sizeof(buf));
    assert_non_null(strstr(buf, "profile hvmctl1: xenver 4.8, dm_op no, hvmctl if 1"));
    assert_string_equal(xs_profile_name(&p), "hvmctl1");
    assert_string_equal(xs_profile_name(NULL), "unknown");
    hv_over_sim_close(&h);
}

/* A hypervisor whose calls are interrupted (-EINTR, as privcmd answers a
 * caller that took a signal before the call began) eintr_left more times. */
static long eintr_left;

static long interrupted_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    hvos_of(hv)->nr_hypercalls++;
    if (eintr_left > 0) {
        eintr_left--;
        return -EINTR;
    }
    hvos_of(hv)->nr_hypercalls--;
    return hvos_hypercall(hv, op, arg);
}

/* Probes are read-only: an interrupted one is asked again, and the
 * release is still recognised. */
static void interrupted_probes_retried(void **state)
{
    static const char *const rels[] = { "4.6", "4.8", "hvmctl1", "4.17" };

    (void)state;
    for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
        struct hv_over_sim h;
        struct xs_profile p;

        assert_int_equal(hv_over_sim_open(&h, rels[i]), 0);
        h.hv.hypercall = interrupted_hypercall;
        eintr_left = 3;
        xs_detect(&h.hv, NULL, &p);
        assert_false(p.passthrough);
        assert_int_equal(p.transient_errno, 0);
        assert_non_null(p.rel);
        assert_string_equal(p.rel->name, rels[i]);
        hv_over_sim_close(&h);
    }
}

/* A detection that could not finish for a transient reason is no answer:
 * the call that asked fails with EINTR, nothing is cached, and the next
 * call detects again; a finished one is probed once, by the first caller. */
static void interrupted_detection_not_cached(void **state)
{
    struct hv_over_sim h;
    const struct xs_profile *p;

    (void)state;
    assert_null(xs_profile_current());
    assert_int_equal(hv_over_sim_open(&h, "4.17"), 0);
    h.hv.hypercall = interrupted_hypercall;
    eintr_left = 1000000;
    p = xs_profile_once(&h.hv);
    assert_true(p->passthrough);
    assert_int_equal(p->transient_errno, EINTR);
    assert_null(xs_profile_current());
    eintr_left = 0;
    p = xs_profile_once(&h.hv);
    assert_false(p->passthrough);
    assert_string_equal(p->rel->name, "4.17");
    assert_ptr_equal(xs_profile_current(), p);
    /* Then probed once: the next caller asks nothing. */
    h.nr_hypercalls = 0;
    assert_ptr_equal(xs_profile_once(&h.hv), p);
    assert_int_equal(h.nr_hypercalls, 0);
    hv_over_sim_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_release_detected),
        cmocka_unit_test(forced_target),
        cmocka_unit_test(unknown_newer_release_takes_neighbour),
        cmocka_unit_test(unknown_release_probes_disagree),
        cmocka_unit_test(enotty_reads_as_enosys),
        cmocka_unit_test(known_version_wrong_domctl),
        cmocka_unit_test(point_release_detected),
        cmocka_unit_test(refused_probes),
        cmocka_unit_test(profile_text_and_json),
        cmocka_unit_test(interrupted_probes_retried),
        cmocka_unit_test(interrupted_detection_not_cached),
    };

    xs_log_set_level(0);
    return cmocka_run_group_tests_name("detect", tests, NULL, NULL);
}
