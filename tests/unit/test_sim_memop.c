/* The simulator's memory_op (sim/hv_memory.c): XENMEM_maximum_gpfn and
 * the reservation queries as each release answers them, add_to_physmap's
 * frame moves, populate_physmap and acquire_resource, and -ENOSYS for the
 * sub-ops it does not model. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim_test_caller.h"

#define GUEST 1
#define GUEST_TOP ((128u << 8) - 1)          /* 128 MiB of 4 KiB frames, less one */
#define DOM0_TOP (HV_DOM0_PAGES - 1)
#define MAXIMUM_GPFN 14
#define CURRENT_RESERVATION 3
#define MAXIMUM_RESERVATION 4

/* The handler itself, as hv.c's dispatch would call it (see
 * sim/hv_memory.c for why hypercall 12 is not dispatched yet). */
static long memop_at(struct sim *s, uint64_t cmd, uint64_t arg)
{
    struct sim_caller c = sim_test_caller();

    return hv_memory_op(s, &c, cmd, arg);
}

static long memop(struct sim *s, uint64_t cmd, uint16_t domid)
{
    return memop_at(s, cmd, (uintptr_t)&domid);
}

static void test_maximum_gpfn_every_release(void **st)
{
    (void)st;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        struct sim *s = sim_test_create(r->name);

        assert_non_null(s);
        assert_int_equal(memop(s, MAXIMUM_GPFN, GUEST), GUEST_TOP);
        /* DOMID_SELF and 0 are the caller, dom0. */
        assert_int_equal(memop(s, MAXIMUM_GPFN, 0), DOM0_TOP);
        assert_int_equal(memop(s, MAXIMUM_GPFN, HV_DOMID_SELF), DOM0_TOP);
        assert_int_equal(memop(s, MAXIMUM_GPFN, 77), -ESRCH);
        assert_int_equal(memop(s, MAXIMUM_GPFN, 0x7ff1), -ESRCH);      /* DOMID_IO */
        assert_int_equal(memop(s, MAXIMUM_GPFN, 0x7ff4), -ESRCH);      /* DOMID_INVALID */
        assert_int_equal(memop_at(s, MAXIMUM_GPFN, SIM_TEST_BAD_ADDR), -EFAULT);
        /* A start extent in cmd: 4.5-4.7 -ENOSYS, 4.8 on (and hvmctl1, a
         * 4.8) -EINVAL; the domid is not read. */
        assert_int_equal(memop_at(s, MAXIMUM_GPFN | 1u << 6, SIM_TEST_BAD_ADDR),
                         r->minor >= 8 ? -EINVAL : -ENOSYS);
        /* RAM and the 16 special pages a domain builder populates */
        assert_int_equal(memop(s, CURRENT_RESERVATION, GUEST), GUEST_TOP + 1 + 16);
        assert_int_equal(memop(s, MAXIMUM_RESERVATION, GUEST), GUEST_TOP + 1 + 16);
        assert_int_equal(memop(s, CURRENT_RESERVATION, HV_DOMID_SELF), HV_DOM0_PAGES);
        assert_int_equal(memop(s, MAXIMUM_RESERVATION, 77), -ESRCH);
        sim_destroy(s);
    }
}

/* The answer follows the guest's size and is the bound the legacy
 * modified_memory range check uses. */
static void test_maximum_gpfn_is_the_range_bound(void **st)
{
    const struct xs_release *r = xs_release_by_name("4.6");
    struct sim_config cfg = { .domid = GUEST, .vcpus = 2, .mem_mib = 256, .trace = NULL };
    struct sim *s = sim_create(r, &cfg);
    struct sim_caller c = sim_test_caller();
    struct xs_hvm_modified_memory mm = { .domid = GUEST, .nr = 1 };
    long top;

    (void)st;
    assert_non_null(s);
    top = memop(s, MAXIMUM_GPFN, GUEST);
    assert_int_equal(top, (256u << 8) - 1);
    mm.first_pfn = (uint64_t)top;
    assert_int_equal(sim_test_hypercall(s, &c, XS_HYPERVISOR_hvm_op, XS_HVMOP_modified_memory,
                                        (uintptr_t)&mm, 0), 0);
    mm.first_pfn = (uint64_t)top + 1;
    assert_int_equal(sim_test_hypercall(s, &c, XS_HYPERVISOR_hvm_op, XS_HVMOP_modified_memory,
                                        (uintptr_t)&mm, 0), -EINVAL);
    sim_destroy(s);
}

/* Xen copies one domid_t: a domid in the last two bytes before an
 * unmapped page is fine. */
static void test_reads_two_bytes(void **st)
{
    long pg = 4096;
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sim *s = sim_test_create("4.17");
    uint16_t domid = GUEST;

    (void)st;
    assert_true(m != MAP_FAILED);
    assert_int_equal(munmap(m + pg, pg), 0);
    memcpy(m + pg - 2, &domid, 2);
    assert_int_equal(memop_at(s, MAXIMUM_GPFN, (uintptr_t)(m + pg - 2)), GUEST_TOP);
    assert_int_equal(memop_at(s, MAXIMUM_GPFN, (uintptr_t)(m + pg - 1)), -EFAULT);
    munmap(m, pg);
    sim_destroy(s);
}

/* Sub-ops the simulator does not model answer -ENOSYS without reading
 * their argument. */
static void test_unmodelled_subops(void **st)
{
    static const unsigned ops[] = { 0, 1, 2, 5, 12, 15, 21, 63 };   /* 13: set_memory_map */
    struct sim *s = sim_test_create("4.17");

    (void)st;
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        assert_int_equal(memop_at(s, ops[i], SIM_TEST_BAD_ADDR), -ENOSYS);
    /* The mask keeps the sub-op: 14 with a start extent is still 14. */
    assert_int_equal(memop_at(s, 14 + (3u << 6), SIM_TEST_BAD_ADDR), -EINVAL);
    sim_destroy(s);
}

static long add_to_physmap(struct sim *s, uint64_t start, uint16_t domid, uint32_t space,
                           uint16_t size, uint64_t idx, uint64_t gpfn)
{
    struct xs_xen_add_to_physmap a = { domid, size, space, idx, gpfn };

    return memop_at(s, XS_XENMEM_add_to_physmap | start << 6, (uintptr_t)&a);
}

static bool relocated_is(struct sim *s, const char *json)
{
    char *st = sim_test_state(s);
    bool ok = strstr(st, json) != NULL;

    if (!ok)
        fprintf(stderr, "state: %s\nwanted: %s\n", st, json);
    free(st);
    return ok;
}

/* add_to_physmap moving the guest's own frames (gmfn, gmfn_range), on
 * every release: the checks in Xen's order, and the move recorded. */
static void test_add_to_physmap(void **st)
{
    (void)st;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        struct sim *s = sim_test_create(xs_releases[i].name);
        const unsigned range = XS_XENMAPSPACE_gmfn_range;

        assert_non_null(s);
        assert_int_equal(memop_at(s, XS_XENMEM_add_to_physmap, SIM_TEST_BAD_ADDR), -EFAULT);
        assert_int_equal(add_to_physmap(s, 0x10000, GUEST, range, 4, 0x600, 0x7e00), -EDOM);
        assert_int_equal(add_to_physmap(s, 0, GUEST, XS_XENMAPSPACE_gmfn_foreign, 1, 0, 0),
                         -ENOSYS);
        assert_int_equal(add_to_physmap(s, 0, 77, range, 4, 0x600, 0x7e00), -ESRCH);
        /* Not modelled (Xen would map shared_info): the simulator's -ENOSYS. */
        assert_int_equal(add_to_physmap(s, 0, GUEST, 0 /* shared_info */, 0, 0, 0x7e00), -ENOSYS);
        assert_int_equal(add_to_physmap(s, 5, GUEST, range, 4, 0x600, 0x7e00), -EILSEQ);
        assert_int_equal(add_to_physmap(s, 0, GUEST, range, 0, 0x600, 0x7e00), 0);
        /* dom0 is PV: no translated p2m.  4.13 refuses it up front (even
         * moving nothing), before it at the first frame. */
        if (xs_releases[i].flags & XS_REL_XATP_PV_EACCES) {
            assert_int_equal(add_to_physmap(s, 0, 0, range, 4, 0x600, 0x7e00), -EACCES);
            assert_int_equal(add_to_physmap(s, 0, HV_DOMID_SELF, range, 0, 0x600, 0x7e00), -EACCES);
        } else {
            assert_int_equal(add_to_physmap(s, 0, 0, range, 4, 0x600, 0x7e00), -EINVAL);
            assert_int_equal(add_to_physmap(s, 0, HV_DOMID_SELF, range, 4, 0x600, 0x7e00), -EINVAL);
            assert_int_equal(add_to_physmap(s, 0, HV_DOMID_SELF, range, 0, 0x600, 0x7e00), 0);
        }
        /* 4.17's checks on the destination and the range. */
        if (xs_releases[i].flags & XS_REL_RELOCATE_CHECKS) {
            assert_int_equal(add_to_physmap(s, 0, GUEST, XS_XENMAPSPACE_gmfn, 1, 0x600, ~0ull), -EINVAL);
            assert_int_equal(add_to_physmap(s, 5, GUEST, range, 4, 0x600, ~0ull), -EINVAL);
            assert_int_equal(add_to_physmap(s, 0, GUEST, range, 4, 0x600, ~0ull - 2), -EOVERFLOW);
            assert_int_equal(add_to_physmap(s, 5, GUEST, range, 4, 0x600, ~0ull - 2), -EILSEQ);
        } else {
            assert_int_equal(add_to_physmap(s, 0, GUEST, range, 4, 0x600, ~0ull - 2), -EINVAL);
        }
        assert_int_equal(add_to_physmap(s, 0, GUEST, range, 4, GUEST_TOP, 0x7e00), -EINVAL);
        assert_true(relocated_is(s, "\"relocated\":[]"));
        assert_int_equal(add_to_physmap(s, 0, GUEST, range, 4, 0x600, 0x7e00), 0);
        /* A continuation starts where it says; a move continuing the last
         * one is recorded as one. */
        assert_int_equal(add_to_physmap(s, 2, GUEST, range, 6, 0x602, 0x7e02), 0);
        assert_int_equal(add_to_physmap(s, 0, GUEST, XS_XENMAPSPACE_gmfn, 9, 0x700, 0x7f00), 0);
        assert_true(relocated_is(s, "\"relocated\":[{\"dst_gfn\":\"0x7e00\",\"size\":8,"
                                    "\"src_gfn\":\"0x600\"},{\"dst_gfn\":\"0x7f00\","
                                    "\"size\":1,\"src_gfn\":\"0x700\"}]"));
        assert_string_equal(s->trace_subop, "add_to_physmap");
        assert_int_equal(s->trace_domid, GUEST);
        sim_destroy(s);
    }
}

/* What the trace line will name: the sub-op and the domid once read. */
static void test_trace_note(void **st)
{
    struct sim *s = sim_test_create("4.9");

    (void)st;
    assert_int_equal(memop(s, MAXIMUM_GPFN, GUEST), GUEST_TOP);
    assert_string_equal(s->trace_subop, "maximum_gpfn");
    assert_int_equal(s->trace_domid, GUEST);
    assert_int_equal(memop_at(s, MAXIMUM_GPFN, SIM_TEST_BAD_ADDR), -EFAULT);
    assert_int_equal(s->trace_domid, -1);
    assert_int_equal(memop(s, 5, GUEST), -ENOSYS);
    assert_null(s->trace_subop);
    sim_destroy(s);
}

static long populate(struct sim *s, uint16_t domid, uint32_t order, uint64_t *gfns, uint64_t nr,
                     unsigned start)
{
    struct xs_xen_memory_reservation r = { .extent_start = (uintptr_t)gfns, .nr_extents = nr,
                                           .extent_order = order, .domid = domid };

    return memop_at(s, XS_XENMEM_populate_physmap | (uint64_t)start << 6, (uintptr_t)&r);
}

/* QEMU's VRAM and option ROMs: frames above RAM get memory, and Xen
 * returns the number of extents done. */
static void test_populate_physmap(void **st)
{
    struct sim *s = sim_test_create("4.17");
    uint64_t gfns[3] = { 0x8000, 0x8001, 0x9000 }, far = 1ull << 40;

    (void)st;
    assert_false(hv_guest_frame_present(&s->guest, 0x8000));
    assert_true(hv_guest_frame_present(&s->guest, 0x7fff));       /* RAM */
    assert_true(hv_guest_frame_present(&s->guest, 0xfeff0));      /* special pages */
    assert_int_equal(populate(s, GUEST, 0, gfns, 3, 0), 3);
    assert_true(hv_guest_frame_present(&s->guest, 0x8001));
    assert_true(hv_guest_frame_present(&s->guest, 0x9000));
    assert_false(hv_guest_frame_present(&s->guest, 0x8002));
    /* order 4: the whole aligned extent */
    gfns[0] = 0xa003;
    assert_int_equal(populate(s, GUEST, 4, gfns, 1, 0), 1);
    assert_true(hv_guest_frame_present(&s->guest, 0xa000));
    assert_true(hv_guest_frame_present(&s->guest, 0xa00f));
    /* stops at the first extent it cannot do */
    gfns[0] = 0xb000;
    gfns[1] = far;
    assert_int_equal(populate(s, GUEST, 0, gfns, 3, 0), 1);
    /* a start at or past the end, or an order beyond 12: nothing */
    assert_int_equal(populate(s, GUEST, 0, gfns, 1, 1), 1);
    assert_int_equal(populate(s, GUEST, 13, gfns, 1, 0), 0);
    assert_int_equal(populate(s, 77, 0, gfns, 1, 0), -ESRCH);
    assert_int_equal(memop_at(s, XS_XENMEM_populate_physmap, SIM_TEST_BAD_ADDR), -EFAULT);
    gfns[0] = 0xc000;
    assert_int_equal(populate(s, GUEST, 0, (uint64_t *)SIM_TEST_BAD_ADDR, 1, 0), 0);
    sim_destroy(s);
}

static long acquire(struct sim *s, struct xs_xen_mem_acquire_resource *a)
{
    return memop_at(s, XS_XENMEM_acquire_resource, (uintptr_t)a);
}

/* 4.17's acquire_resource for an ioreq server: the size, the frames, and
 * each errno in Xen's order; none before 4.11. */
static void test_acquire_resource(void **st)
{
    struct sim *s = sim_test_create("4.17"), *old = sim_test_create("4.10");
    struct xs_xen_mem_acquire_resource a = { .domid = GUEST, .type = 0 };
    uint64_t frames[2] = { 0, 0 };
    uint16_t id, plain;

    (void)st;
    assert_int_equal(acquire(old, &a), -ENOSYS);
    assert_int_equal(acquire(s, &a), 0);
    assert_int_equal(a.nr_frames, 2);             /* bufioreq + one page for 2 vCPUs */
    a.type = 7;
    a.nr_frames = 0;
    assert_int_equal(acquire(s, &a), 0);
    assert_int_equal(a.nr_frames, (uint32_t)-EOPNOTSUPP);   /* as 4.17 says it */
    a.type = 0;
    a.nr_frames = 1;
    assert_int_equal(acquire(s, &a), -EINVAL);    /* a size query with frames */
    a.pad = 1;
    a.nr_frames = 0;
    assert_int_equal(acquire(s, &a), -EINVAL);
    a.pad = 0;
    a.domid = 0;
    assert_int_equal(acquire(s, &a), -EPERM);
    a.domid = 77;
    assert_int_equal(acquire(s, &a), -ESRCH);

    assert_int_equal(hv_guest_ioreq_create(&s->guest, XS_IOREQ_ID_LOWEST_FREE, 1, &id), 0);
    assert_int_equal(hv_guest_ioreq_create(&s->guest, XS_IOREQ_ID_LOWEST_FREE, 0, &plain), 0);
    a = (struct xs_xen_mem_acquire_resource){ .domid = GUEST, .type = 0, .id = id,
                                              .nr_frames = 2, .frame_list = (uintptr_t)frames };
    assert_int_equal(acquire(s, &a), 0);
    assert_int_equal(frames[0], s->guest.ioreq[0].bufioreq_gfn);
    assert_int_equal(frames[1], s->guest.ioreq[0].ioreq_gfn);
    a.id = plain;                                  /* no buffered ioreqs: frame 0 -ENOENT */
    assert_int_equal(acquire(s, &a), -ENOENT);
    a.frame = 1;
    a.nr_frames = 1;
    assert_int_equal(acquire(s, &a), 0);
    assert_int_equal(frames[0], s->guest.ioreq[1].ioreq_gfn);
    a.frame = 2;
    assert_int_equal(acquire(s, &a), -EINVAL);
    a.frame = 1ull << 32;
    assert_int_equal(acquire(s, &a), -EINVAL);
    a = (struct xs_xen_mem_acquire_resource){ .domid = GUEST, .type = 0, .id = 5,
                                              .nr_frames = 1, .frame_list = (uintptr_t)frames };
    assert_int_equal(acquire(s, &a), -ENOENT);
    sim_destroy(s);
    sim_destroy(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maximum_gpfn_every_release),
        cmocka_unit_test(test_maximum_gpfn_is_the_range_bound),
        cmocka_unit_test(test_reads_two_bytes),
        cmocka_unit_test(test_unmodelled_subops),
        cmocka_unit_test(test_populate_physmap),
        cmocka_unit_test(test_acquire_resource),
        cmocka_unit_test(test_add_to_physmap),
        cmocka_unit_test(test_trace_note),
    };
    return cmocka_run_group_tests_name("sim_memop", tests, NULL, NULL);
}
