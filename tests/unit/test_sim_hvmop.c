/* The simulator's hvm_op decoder (sim/hv_hvmop.c), release by release:
 * 4.5-4.8 carry the device-model sub-ops (with continuation bits in op),
 * 4.9+ and hvmctl1 answer -ENOSYS for them; set_param/get_param/
 * get_mem_type/flush_tlbs stay everywhere. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim.h"
#include "sim_test_caller.h"
#include "versions.h"

#define GUEST 1   /* the guest sim_test_create makes */

static struct sim_test_rec caller;

static struct sim *open_sim(const char *name)
{
    struct sim *s = sim_test_create(name);

    assert_non_null(s);
    sim_test_rec_init(&caller);
    return s;
}

static long hvm(struct sim *s, uint64_t op, const void *arg)
{
    caller.nr_reads = caller.nr_writes = 0;
    return hv_hvm_op(s, &caller.c, op, (uint64_t)(uintptr_t)arg);
}

/* A page the caller may read but not write. */
static void *ro_copy(const void *src, size_t len)
{
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    assert_true(p != MAP_FAILED);
    memcpy(p, src, len);
    assert_int_equal(mprotect(p, 4096, PROT_READ), 0);
    return p;
}

static void test_pci_intx_level(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    struct xs_hvm_set_pci_intx_level a = { .domid = GUEST, .device = 3, .intx = 1, .level = 1 };

    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), 0);
    assert_int_equal(caller.nr_reads, 1);
    assert_int_equal(caller.read_len[0], sizeof(a));
    assert_int_equal(caller.nr_writes, 0);
    assert_true(s->guest.pci_intx[3][1]);
    a.level = 0;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), 0);
    assert_false(s->guest.pci_intx[3][1]);

    a.level = 2;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -EINVAL);
    a.level = 1;
    a.device = 32;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -EINVAL);
    /* Argument checks come before the domain lookup. */
    a.domid = 7;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -EINVAL);
    a.device = 3;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -ESRCH);
    a.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -EPERM);
    a.domid = XS_DOMID_SELF;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -ESRCH);
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, (void *)SIM_TEST_BAD_ADDR), -EFAULT);
    assert_false(s->guest.pci_intx[3][1]);
    sim_destroy(s);
}

/* 4.9 moved every DM sub-op to dm_op; hvmctl1 to hvmctl. */
static void test_dm_subops_gone_from_49(void **state)
{
    (void)state;
    static const char *rels[] = { "4.9", "4.10", "4.17", "4.20", "hvmctl1" };
    struct xs_hvm_set_pci_intx_level a = { .domid = GUEST, .device = 3, .intx = 1, .level = 1 };
    struct xs_hvm_create_ioreq_server cr = { .domid = GUEST };
    struct xs_hvm_modified_memory mm = { .domid = GUEST, .nr = 1, .first_pfn = 5 };

    for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
        struct sim *s = open_sim(rels[i]);

        assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level, &a), -ENOSYS);
        assert_int_equal(hvm(s, XS_HVMOP_create_ioreq_server, &cr), -ENOSYS);
        assert_int_equal(hvm(s, XS_HVMOP_modified_memory, &mm), -ENOSYS);
        assert_int_equal(hvm(s, XS_HVMOP_modified_memory | 0x100, &mm), -ENOSYS);
        /* Nothing was even read. */
        assert_int_equal(caller.nr_reads, 0);
        assert_false(s->guest.pci_intx[3][1]);
        assert_int_equal(s->guest.nr_modified, 0);
        sim_destroy(s);
    }
}

static void test_unknown_subop(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    struct xs_hvm_set_pci_intx_level a = { .domid = GUEST, .device = 3, .intx = 1, .level = 1 };

    assert_int_equal(hvm(s, 99, &a), -ENOSYS);
    assert_int_equal(hvm(s, 0xff, &a), -ENOSYS);
    /* High bits are continuation state only for modified_memory and
     * set_mem_type; on any other sub-op they make an unknown op. */
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_intx_level | 0x100, &a), -ENOSYS);
    assert_false(s->guest.pci_intx[3][1]);
    sim_destroy(s);
}

/* 4.5-4.8 resume modified_memory at the iteration stored above the mask. */
static void test_modified_memory_continuation(void **state)
{
    (void)state;
    static const char *rels[] = { "4.5", "4.6", "4.7", "4.8" };

    for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
        struct sim *s = open_sim(rels[i]);
        struct xs_hvm_modified_memory a = { .domid = GUEST, .nr = 0x300, .first_pfn = 0x1000 };

        assert_int_equal(hvm(s, XS_HVMOP_modified_memory | 0x100, &a), 0);
        assert_int_equal(caller.read_len[0], sizeof(a));
        assert_int_equal(s->guest.nr_modified, 1);
        assert_int_equal(s->guest.modified[0].first_pfn, 0x1100);
        assert_int_equal(s->guest.modified[0].nr, 0x200);
        /* Progress beyond nr is refused; progress == nr does nothing. */
        assert_int_equal(hvm(s, XS_HVMOP_modified_memory | 0x400, &a), -EINVAL);
        assert_int_equal(hvm(s, XS_HVMOP_modified_memory | 0x300, &a), 0);
        assert_int_equal(s->guest.nr_modified, 1);
        assert_int_equal(hvm(s, XS_HVMOP_modified_memory, &a), 0);
        assert_int_equal(s->guest.nr_modified, 2);
        assert_int_equal(s->guest.modified[1].first_pfn, 0x1000);
        assert_int_equal(s->guest.modified[1].nr, 0x300);
        sim_destroy(s);
    }
}

static void test_modified_memory_errors(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.8");
    uint64_t max = hv_guest_max_gfn(&s->guest);
    struct xs_hvm_modified_memory a = { .domid = GUEST, .nr = 2, .first_pfn = max - 1 };

    /* The last pfn may be the guest's highest. */
    assert_int_equal(hvm(s, XS_HVMOP_modified_memory, &a), 0);
    a.first_pfn = max;
    assert_int_equal(hvm(s, XS_HVMOP_modified_memory, &a), -EINVAL);
    a.first_pfn = 5;
    a.nr = 0;
    assert_int_equal(hvm(s, XS_HVMOP_modified_memory, &a), -EINVAL);
    a.nr = 1;
    a.domid = 9;
    assert_int_equal(hvm(s, XS_HVMOP_modified_memory, &a), -ESRCH);
    assert_int_equal(hvm(s, XS_HVMOP_modified_memory, (void *)SIM_TEST_BAD_ADDR), -EFAULT);
    assert_int_equal(s->guest.nr_modified, 1);
    sim_destroy(s);
}

/* hvmmem_type_t 3 is mmio_write_dm in 4.6 only, refused elsewhere; 4 is
 * ioreq_server from 4.8. */
static void test_set_mem_type_per_release(void **state)
{
    (void)state;
    static const struct { const char *rel; long t3, t4; } cases[] = {
        { "4.5", -EINVAL, -EINVAL },
        { "4.6", 0, -EINVAL },
        { "4.7", -EINVAL, -EINVAL },
        { "4.8", -EINVAL, 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sim *s = open_sim(cases[i].rel);
        struct xs_hvm_set_mem_type a = { .domid = GUEST, .hvmmem_type = XS_HVMMEM_ram_ro,
                                         .nr = 4, .first_pfn = 0x100 };
        struct xs_hvm_get_mem_type q = { .domid = GUEST, .pfn = 0x101 };

        assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), 0);
        assert_int_equal(s->guest.mem_type[0x103], HV_MEM_RAM_RO);
        assert_int_equal(s->guest.mem_type[0x104], HV_MEM_RAM_RW);
        assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), 0);
        assert_int_equal(q.mem_type, XS_HVMMEM_ram_ro);
        assert_int_equal(caller.write_len[0], sizeof(q));

        /* Any RAM frame, read-only ones too, may take the new type. */
        a.hvmmem_type = 3;
        assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), cases[i].t3);
        a.hvmmem_type = 4;
        assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), cases[i].t4);
        if (cases[i].t3 == 0 || cases[i].t4 == 0) {
            assert_int_equal(s->guest.mem_type[0x100], HV_MEM_IOREQ_SERVER);
            assert_int_equal(s->guest.mem_type[0x103], HV_MEM_IOREQ_SERVER);
            assert_int_equal(s->guest.mem_type[0x104], HV_MEM_RAM_RW);
            assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), 0);
            assert_int_equal(q.mem_type, cases[i].t3 == 0 ? 3 : 4);
        }
        a.hvmmem_type = 5;
        assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), -EINVAL);
        /* Only ram_rw leaves the device-model type; a hole only takes
         * mmio_dm. */
        if (cases[i].t3 == 0 || cases[i].t4 == 0) {
            a.hvmmem_type = XS_HVMMEM_ram_ro;
            assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), -EINVAL);
            a.hvmmem_type = XS_HVMMEM_ram_rw;
            assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), 0);
        }
        a.hvmmem_type = XS_HVMMEM_mmio_dm;
        assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), 0);
        a.hvmmem_type = XS_HVMMEM_ram_rw;
        assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), -EINVAL);
        assert_int_equal(s->guest.mem_type[0x100], HV_MEM_MMIO_DM);
        sim_destroy(s);
    }
}

static void test_set_mem_type_continuation(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    struct xs_hvm_set_mem_type a = { .domid = GUEST, .hvmmem_type = XS_HVMMEM_ram_ro,
                                     .nr = 0x200, .first_pfn = 0x1000 };

    assert_int_equal(hvm(s, XS_HVMOP_set_mem_type | 0x100, &a), 0);
    assert_int_equal(s->guest.mem_type[0x10ff], HV_MEM_RAM_RW);
    assert_int_equal(s->guest.mem_type[0x1100], HV_MEM_RAM_RO);
    assert_int_equal(s->guest.mem_type[0x11ff], HV_MEM_RAM_RO);
    assert_int_equal(hvm(s, XS_HVMOP_set_mem_type | 0x300, &a), -EINVAL);
    a.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_set_mem_type, &a), -EPERM);
    sim_destroy(s);
}

/* A pfn beyond RAM is a hole: mmio_dm. get_mem_type may be asked about
 * any domain, the caller's own (PV dom0) included, which is -EINVAL. */
static void test_get_mem_type(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_hvm_get_mem_type q = { .domid = GUEST, .mem_type = 77, .pfn = 1ull << 40 };

    assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), 0);
    assert_int_equal(q.mem_type, XS_HVMMEM_mmio_dm);
    assert_int_equal(caller.read_len[0], sizeof(q));
    q.pfn = 0;
    assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), 0);
    assert_int_equal(q.mem_type, XS_HVMMEM_ram_rw);
    q.domid = XS_DOMID_SELF;
    assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), -EINVAL);
    q.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), -EINVAL);
    q.domid = 3;
    assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, &q), -ESRCH);
    q.domid = GUEST;
    void *ro = ro_copy(&q, sizeof(q));
    assert_int_equal(hvm(s, XS_HVMOP_get_mem_type, ro), -EFAULT);
    munmap(ro, 4096);
    sim_destroy(s);
}

/* HVM_NR_PARAMS: 37 up to 4.8, 38 in 4.9, 39 from 4.10. */
static void test_params(void **state)
{
    (void)state;
    static const struct { const char *rel; uint32_t nr; } cases[] = {
        { "4.6", 37 }, { "4.8", 37 }, { "hvmctl1", 37 }, { "4.9", 38 }, { "4.10", 39 }, { "4.17", 39 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sim *s = open_sim(cases[i].rel);
        struct xs_hvm_param p = { .domid = GUEST, .index = cases[i].nr - 1, .value = 0x1234 };

        assert_int_equal(hvm(s, XS_HVMOP_set_param, &p), 0);
        assert_int_equal(caller.read_len[0], sizeof(p));
        assert_int_equal(caller.nr_writes, 0);
        p.value = 0;
        assert_int_equal(hvm(s, XS_HVMOP_get_param, &p), 0);
        assert_int_equal(p.value, 0x1234);
        assert_int_equal(caller.write_len[0], sizeof(p));

        p.index = cases[i].nr;
        assert_int_equal(hvm(s, XS_HVMOP_set_param, &p), -EINVAL);
        assert_int_equal(hvm(s, XS_HVMOP_get_param, &p), -EINVAL);
        p.index = 1;
        p.domid = 0;
        assert_int_equal(hvm(s, XS_HVMOP_set_param, &p), -EINVAL);
        p.domid = XS_DOMID_SELF;
        assert_int_equal(hvm(s, XS_HVMOP_get_param, &p), -EINVAL);
        p.domid = 4;
        assert_int_equal(hvm(s, XS_HVMOP_get_param, &p), -ESRCH);
        assert_int_equal(hvm(s, XS_HVMOP_set_param, (void *)SIM_TEST_BAD_ADDR), -EFAULT);
        sim_destroy(s);
    }
}

/* Every row of the release table, against the facts read from each tag:
 * HVM_NR_PARAMS and what flush_tlbs with an argument says (the decoder
 * asks the row, so a wrong row shows here). */
static void test_param_limit_and_flush_every_release(void **state)
{
    (void)state;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        uint32_t nr = r->minor <= 8 ? 37 : r->minor == 9 ? 38 : 39;
        struct sim *s = open_sim(r->name);
        struct xs_hvm_param p = { .domid = GUEST, .index = nr - 1, .value = 7 };

        assert_int_equal(hvm(s, XS_HVMOP_set_param, &p), 0);
        p.index = nr;
        assert_int_equal(hvm(s, XS_HVMOP_set_param, &p), -EINVAL);
        assert_int_equal(hv_hvm_op(s, &caller.c, XS_HVMOP_flush_tlbs, 0x1000),
                         r->minor >= 8 ? -EINVAL : -ENOSYS);
        sim_destroy(s);
    }
}

static void test_get_param_write_fault(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    struct xs_hvm_param p = { .domid = GUEST, .index = 2 };
    void *ro = ro_copy(&p, sizeof(p));

    assert_int_equal(hvm(s, XS_HVMOP_get_param, ro), -EFAULT);
    munmap(ro, 4096);
    sim_destroy(s);
}

static void test_flush_tlbs(void **state)
{
    (void)state;
    static const struct { const char *rel; long with_arg; } cases[] = {
        { "4.5", -ENOSYS }, { "4.7", -ENOSYS }, { "4.8", -EINVAL }, { "4.17", -EINVAL },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sim *s = open_sim(cases[i].rel);

        /* It flushes the caller's own domain, and dom0 is PV. */
        assert_int_equal(hv_hvm_op(s, &caller.c, XS_HVMOP_flush_tlbs, 0), -EINVAL);
        assert_int_equal(hv_hvm_op(s, &caller.c, XS_HVMOP_flush_tlbs, 0x1000), cases[i].with_arg);
        assert_int_equal(caller.nr_reads, 0);
        sim_destroy(s);
    }
}

static void test_isa_irq_and_link_route(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.7");
    struct xs_hvm_set_isa_irq_level isa = { .domid = GUEST, .isa_irq = 9, .level = 1 };
    struct xs_hvm_set_pci_link_route link = { .domid = GUEST, .link = 2, .isa_irq = 11 };

    assert_int_equal(hvm(s, XS_HVMOP_set_isa_irq_level, &isa), 0);
    assert_int_equal(caller.read_len[0], sizeof(isa));
    assert_true(s->guest.isa_irq[9]);
    isa.isa_irq = 16;
    isa.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_set_isa_irq_level, &isa), -EINVAL);
    isa.isa_irq = 9;
    assert_int_equal(hvm(s, XS_HVMOP_set_isa_irq_level, &isa), -EPERM);
    isa.domid = GUEST;
    isa.level = 7;
    assert_int_equal(hvm(s, XS_HVMOP_set_isa_irq_level, &isa), -EINVAL);

    assert_int_equal(hvm(s, XS_HVMOP_set_pci_link_route, &link), 0);
    assert_int_equal(s->guest.link_route[2], 11);
    link.link = 4;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_link_route, &link), -EINVAL);
    link.link = 3;
    link.isa_irq = 16;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_link_route, &link), -EINVAL);
    link.isa_irq = 5;
    link.domid = 8;
    assert_int_equal(hvm(s, XS_HVMOP_set_pci_link_route, &link), -ESRCH);
    assert_int_equal(s->guest.link_route[3], 0);
    sim_destroy(s);
}

static void test_track_dirty_vram(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    uint8_t bitmap[4];
    struct xs_hvm_track_dirty_vram a = { .domid = GUEST, .nr = 10, .first_pfn = 0xa0,
                                         .dirty_bitmap = (uintptr_t)bitmap };

    memset(bitmap, 0x55, sizeof(bitmap));
    /* A new range reads all dirty; exactly (nr + 7) / 8 bytes are written. */
    assert_int_equal(hvm(s, XS_HVMOP_track_dirty_vram, &a), 0);
    assert_int_equal(caller.read_len[0], sizeof(a));
    assert_int_equal(caller.nr_writes, 1);
    assert_int_equal(caller.write_len[0], 2);
    assert_int_equal(bitmap[0], 0xff);
    assert_int_equal(bitmap[1], 0xff);   /* whole bytes: bits past nr too */
    assert_int_equal(bitmap[2], 0x55);
    assert_true(s->guest.vram_tracking);

    a.nr = HV_MAX_DIRTY_VRAM_NR + 1;
    assert_int_equal(hvm(s, XS_HVMOP_track_dirty_vram, &a), -EINVAL);
    a.nr = 10;
    a.dirty_bitmap = SIM_TEST_BAD_ADDR;
    assert_int_equal(hvm(s, XS_HVMOP_track_dirty_vram, &a), -EFAULT);
    a.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_track_dirty_vram, &a), -EPERM);
    /* nr 0 stops tracking and writes nothing. */
    a.domid = GUEST;
    a.nr = 0;
    assert_int_equal(hvm(s, XS_HVMOP_track_dirty_vram, &a), 0);
    assert_int_equal(caller.nr_writes, 0);
    assert_false(s->guest.vram_tracking);
    sim_destroy(s);
}

static void test_inject_trap_and_msi(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.8");
    struct xs_hvm_inject_trap t = { .domid = GUEST, .vcpuid = 1, .vector = 14, .type = XS_EVENT_hw_exc,
                                    .error_code = 2, .insn_len = 0, .cr2 = 0xdead000 };
    struct xs_hvm_inject_msi m = { .domid = GUEST, .data = 0x4031, .addr = 0xfee00000 };

    assert_int_equal(hvm(s, XS_HVMOP_inject_trap, &t), 0);
    assert_int_equal(caller.read_len[0], sizeof(t));
    assert_int_equal(s->guest.nr_events, 1);
    assert_int_equal(s->guest.events[0].vcpu, 1);
    assert_int_equal(s->guest.events[0].vector, 14);
    assert_int_equal(s->guest.events[0].cr2, 0xdead000);
    /* The legacy op says -ENOENT for a vCPU that does not exist. */
    t.vcpuid = 2;
    assert_int_equal(hvm(s, XS_HVMOP_inject_trap, &t), -ENOENT);
    /* While paused the event stays pending: a second one is -EBUSY. */
    t.vcpuid = 0;
    assert_int_equal(hv_guest_pause(&s->guest), 0);
    assert_int_equal(hvm(s, XS_HVMOP_inject_trap, &t), 0);
    assert_int_equal(hvm(s, XS_HVMOP_inject_trap, &t), -EBUSY);
    t.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_inject_trap, &t), -EPERM);

    assert_int_equal(hvm(s, XS_HVMOP_inject_msi, &m), 0);
    assert_int_equal(caller.read_len[0], sizeof(m));
    assert_int_equal(s->guest.nr_msis, 1);
    assert_int_equal(s->guest.msis[0].data, 0x4031);
    assert_int_equal(s->guest.msis[0].addr, 0xfee00000);
    m.domid = 2;
    assert_int_equal(hvm(s, XS_HVMOP_inject_msi, &m), -ESRCH);
    assert_int_equal(s->guest.nr_msis, 1);
    sim_destroy(s);
}

static void test_ioreq_servers(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    struct xs_hvm_create_ioreq_server cr = { .domid = GUEST, .handle_bufioreq = XS_IOREQSRV_BUFIOREQ_ATOMIC, .id = 0xeeee };
    struct xs_hvm_get_ioreq_server_info info = { .domid = GUEST };
    struct xs_hvm_io_range r = { .domid = GUEST, .type = XS_IO_RANGE_PCI,
                                 .start = XS_PCI_SBDF(0, 0, 3, 0), .end = XS_PCI_SBDF(0, 0, 3, 7) };
    struct xs_hvm_set_ioreq_server_state st = { .domid = GUEST, .enabled = 1 };
    struct xs_hvm_destroy_ioreq_server d = { .domid = GUEST };
    struct hv_ioreq_server *srv;

    /* 4.5-4.10 count ids from 1. */
    assert_int_equal(hvm(s, XS_HVMOP_create_ioreq_server, &cr), 0);
    assert_int_equal(caller.read_len[0], sizeof(cr));
    assert_int_equal(caller.write_len[0], sizeof(cr));
    assert_int_equal(cr.id, 1);
    srv = &s->guest.ioreq[0];
    assert_true(srv->used);
    assert_int_equal(srv->bufioreq_mode, HV_BUFIOREQ_ATOMIC);

    info.id = cr.id;
    assert_int_equal(hvm(s, XS_HVMOP_get_ioreq_server_info, &info), 0);
    assert_int_equal(caller.write_len[0], sizeof(info));
    assert_int_equal(info.ioreq_pfn, srv->ioreq_gfn);
    assert_int_equal(info.bufioreq_pfn, srv->bufioreq_gfn);
    assert_int_equal(info.bufioreq_port, srv->bufioreq_port);

    r.id = cr.id;
    assert_int_equal(hvm(s, XS_HVMOP_map_io_range_to_ioreq_server, &r), 0);
    assert_int_equal(caller.read_len[0], sizeof(r));
    assert_int_equal(srv->nr_ranges[HV_IO_RANGE_PCI], 1);
    assert_int_equal(hvm(s, XS_HVMOP_map_io_range_to_ioreq_server, &r), -EEXIST);
    r.type = 3;
    assert_int_equal(hvm(s, XS_HVMOP_map_io_range_to_ioreq_server, &r), -EINVAL);
    r.type = XS_IO_RANGE_PCI;
    assert_int_equal(hvm(s, XS_HVMOP_unmap_io_range_from_ioreq_server, &r), 0);
    assert_int_equal(srv->nr_ranges[HV_IO_RANGE_PCI], 0);
    assert_int_equal(hvm(s, XS_HVMOP_unmap_io_range_from_ioreq_server, &r), -ENOENT);

    st.id = cr.id;
    assert_int_equal(hvm(s, XS_HVMOP_set_ioreq_server_state, &st), 0);
    assert_true(srv->enabled);
    st.id = 9;
    assert_int_equal(hvm(s, XS_HVMOP_set_ioreq_server_state, &st), -ENOENT);

    /* A server without buffered ioreqs leaves those fields as passed. */
    cr.handle_bufioreq = XS_IOREQSRV_BUFIOREQ_OFF;
    assert_int_equal(hvm(s, XS_HVMOP_create_ioreq_server, &cr), 0);
    assert_int_equal(cr.id, 2);
    info.id = 2;
    info.bufioreq_pfn = 0x1111;
    info.bufioreq_port = 0x2222;
    assert_int_equal(hvm(s, XS_HVMOP_get_ioreq_server_info, &info), 0);
    assert_int_equal(info.bufioreq_pfn, 0x1111);
    assert_int_equal(info.bufioreq_port, 0x2222);

    cr.handle_bufioreq = 3;
    assert_int_equal(hvm(s, XS_HVMOP_create_ioreq_server, &cr), -EINVAL);

    d.id = 1;
    assert_int_equal(hvm(s, XS_HVMOP_destroy_ioreq_server, &d), 0);
    assert_false(srv->used);
    assert_int_equal(hvm(s, XS_HVMOP_destroy_ioreq_server, &d), -ENOENT);
    info.id = 1;
    assert_int_equal(hvm(s, XS_HVMOP_get_ioreq_server_info, &info), -ENOENT);
    d.domid = 0;
    assert_int_equal(hvm(s, XS_HVMOP_destroy_ioreq_server, &d), -EPERM);
    sim_destroy(s);
}

/* 4.5 took handle_bufioreq as a boolean. */
static void test_ioreq_bufioreq_45(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.5");
    struct xs_hvm_create_ioreq_server cr = { .domid = GUEST, .handle_bufioreq = 7 };

    assert_int_equal(hvm(s, XS_HVMOP_create_ioreq_server, &cr), 0);
    assert_int_equal(s->guest.ioreq[0].bufioreq_mode, HV_BUFIOREQ_LEGACY);
    sim_destroy(s);
}

static void test_create_write_fault(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.6");
    struct xs_hvm_create_ioreq_server cr = { .domid = GUEST };
    void *ro = ro_copy(&cr, sizeof(cr));

    assert_int_equal(hvm(s, XS_HVMOP_create_ioreq_server, ro), -EFAULT);
    munmap(ro, 4096);
    sim_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pci_intx_level),
        cmocka_unit_test(test_dm_subops_gone_from_49),
        cmocka_unit_test(test_unknown_subop),
        cmocka_unit_test(test_modified_memory_continuation),
        cmocka_unit_test(test_modified_memory_errors),
        cmocka_unit_test(test_set_mem_type_per_release),
        cmocka_unit_test(test_set_mem_type_continuation),
        cmocka_unit_test(test_get_mem_type),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_param_limit_and_flush_every_release),
        cmocka_unit_test(test_get_param_write_fault),
        cmocka_unit_test(test_flush_tlbs),
        cmocka_unit_test(test_isa_irq_and_link_route),
        cmocka_unit_test(test_track_dirty_vram),
        cmocka_unit_test(test_inject_trap_and_msi),
        cmocka_unit_test(test_ioreq_servers),
        cmocka_unit_test(test_ioreq_bufioreq_45),
        cmocka_unit_test(test_create_write_fault),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
