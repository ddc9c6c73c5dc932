/* The simulated guest model (hv_guest.c), its operations and their
 * errnos, and the state file built from it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv_internal.h"
#include "sim_test_caller.h"

static int setup(void **st)
{
    struct sim *s = sim_test_create("4.17");
    if (!s)
        return -1;
    *st = s;
    return 0;
}

static int teardown(void **st)
{
    sim_destroy(*st);
    return 0;
}

static struct hv_guest *guest(void **st)
{
    return &((struct sim *)*st)->guest;
}

static void assert_state_has(struct sim *s, const char *needle)
{
    char *j = sim_test_state(s);
    if (!strstr(j, needle))
        fail_msg("state lacks %s:\n%s", needle, j);
    free(j);
}

/* ---- lookup ---- */

static void test_lookup(void **st)
{
    struct sim *s = *st;
    struct hv_guest *g;

    assert_int_equal(hv_lookup_remote(s, 1, &g), 0);
    assert_ptr_equal(g, &s->guest);
    assert_int_equal(hv_lookup_remote(s, 0, &g), -EPERM);
    assert_int_equal(hv_lookup_remote(s, HV_DOMID_SELF, &g), -EPERM);
    assert_int_equal(hv_lookup_remote(s, 2, &g), -ESRCH);
    assert_int_equal(hv_lookup_remote(s, 0x7ff4, &g), -ESRCH);
    assert_int_equal(hv_lookup_any(s, HV_DOMID_SELF, &g), 0);
    assert_null(g);
    assert_int_equal(hv_lookup_any(s, 1, &g), 0);
    assert_ptr_equal(g, &s->guest);
    assert_int_equal(hv_lookup_any(s, 3, &g), -ESRCH);
}

/* ---- interrupts ---- */

static void test_pci_intx(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 3, 1, 1), 0);
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 31, 3, 1), 0);
    assert_state_has(*st, "\"pci_intx\":[{\"device\":3,\"intx\":1},{\"device\":31,\"intx\":3}]");
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 31, 3, 0), 0);
    assert_state_has(*st, "\"pci_intx\":[{\"device\":3,\"intx\":1}]");
    assert_int_equal(hv_guest_set_pci_intx_level(g, 1, 0, 3, 1, 1), -EINVAL);   /* segment */
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 1, 3, 1, 1), -EINVAL);   /* bus */
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 32, 1, 1), -EINVAL);
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 3, 4, 1), -EINVAL);
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 3, 1, 2), -EINVAL);   /* level */
    assert_true(g->pci_intx[3][1]);
}

static void test_isa_irq_and_gsi(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_set_isa_irq_level(g, 15, 1), 0);
    assert_int_equal(hv_guest_set_isa_irq_level(g, 16, 1), -EINVAL);
    assert_int_equal(hv_guest_set_isa_irq_level(g, 4, 2), -EINVAL);
    assert_int_equal(hv_guest_set_irq_level(g, 47, 1), 0);
    assert_int_equal(hv_guest_set_irq_level(g, 48, 1), -EINVAL);
    assert_int_equal(hv_guest_set_irq_level(g, 5, 7), -EINVAL);
    assert_state_has(*st, "\"irq_levels\":{\"gsi\":[47],\"isa\":[15],\"pci_intx\":[]}");
}

static void test_link_route(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_set_pci_link_route(g, 2, 11), 0);
    assert_int_equal(hv_guest_set_pci_link_route(g, 4, 11), -EINVAL);
    assert_int_equal(hv_guest_set_pci_link_route(g, 1, 16), -EINVAL);
    assert_state_has(*st, "\"link_routes\":[0,0,11,0]");
}

static void test_msi(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_inject_msi(g, 0xfee00000, 0x4031), 0);     /* fixed, vector 0x31 */
    assert_int_equal(hv_guest_inject_msi(g, 0xfee02000, 0x0141), 0);     /* lowest prio to APIC 2 */
    assert_int_equal(hv_guest_inject_msi(g, 0xfee03000, 0x0141), -ESRCH);/* no APIC id 3 */
    assert_int_equal(hv_guest_inject_msi(g, 0xfee00000, 0x0400), -ERANGE);/* vector 0, no pirq */
    assert_int_equal(hv_guest_inject_msi(g, 0x1200fee00000ull, 0), 0);   /* pirq 0x1200 */
    assert_int_equal(hv_guest_inject_msi(g, 0xfee00000, 0x0431), -EINVAL);/* NMI delivery */
    assert_int_equal(g->nr_msis, 3);
    assert_state_has(*st, "\"msis\":[{\"addr\":\"0xfee00000\",\"data\":\"0x4031\"},"
                          "{\"addr\":\"0xfee02000\",\"data\":\"0x141\"},"
                          "{\"addr\":\"0x1200fee00000\",\"data\":\"0x0\"}]");
}

static void test_events(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_inject_event(g, 2, 14, 3, 2, 0, 0x1000), -EINVAL);   /* vCPU 2 of 2 */
    assert_int_equal(hv_guest_inject_event(g, 0, 14, 3, 2, 0, 0x1000), 0);
    /* No simulated vCPU ever enters the guest, so an event stays pending,
     * paused or not, as real Xen 4.17 answers for a guest that never ran. */
    assert_int_equal(hv_guest_inject_event(g, 0, 2, 2, ~0u, 0, 0), -EBUSY);
    assert_int_equal(hv_guest_pause(g), 0);
    assert_int_equal(hv_guest_inject_event(g, 1, 3, 6, ~0u, 1, 0), 0);
    assert_int_equal(hv_guest_inject_event(g, 1, 3, 6, ~0u, 1, 0), -EBUSY);  /* still pending */
    assert_int_equal(hv_guest_unpause(g), 0);
    assert_int_equal(hv_guest_inject_event(g, 1, 3, 6, ~0u, 1, 0), -EBUSY);  /* unpausing delivers nothing */
    assert_int_equal(g->nr_events, 2);
    assert_state_has(*st, "\"events\":[{\"cr2\":\"0x1000\",\"error_code\":\"0x2\",\"insn_len\":0,"
                          "\"type\":3,\"vcpu\":0,\"vector\":14},");
}

/* ---- memory ---- */

static void test_modified_memory(void **st)
{
    struct hv_guest *g = guest(st);
    uint64_t max = hv_guest_max_gfn(g);

    assert_int_equal(max, 128 * 256 - 1);
    assert_int_equal(hv_guest_modified_memory(g, 0x100, 16), 0);
    assert_int_equal(hv_guest_modified_memory(g, max, 1), 0);
    assert_int_equal(hv_guest_modified_memory(g, max, 2), -EINVAL);
    assert_int_equal(hv_guest_modified_memory(g, max + 1, 1), -EINVAL);
    assert_int_equal(hv_guest_modified_memory(g, 5, 0), -EINVAL);
    assert_int_equal(hv_guest_modified_memory(g, UINT64_MAX, 2), -EINVAL);  /* wraps */
    assert_state_has(*st, "\"modified_memory\":[{\"first_pfn\":\"0x100\",\"nr\":16},"
                          "{\"first_pfn\":\"0x7fff\",\"nr\":1}]");
}

static void test_mem_type(void **st)
{
    struct hv_guest *g = guest(st);
    enum hv_mem_type t;

    assert_int_equal(hv_guest_set_mem_type(g, 0x200, 0x10, HV_MEM_RAM_RO), 0);
    assert_int_equal(hv_guest_set_mem_type(g, 0x210, 0x10, HV_MEM_RAM_RO), 0);
    /* adjacent runs of the same type read back as one range */
    assert_state_has(*st, "\"mem_types\":[{\"first_pfn\":\"0x200\",\"last_pfn\":\"0x21f\",\"type\":\"ram_ro\"}]");
    assert_int_equal(hv_guest_get_mem_type(g, 0x205, &t), 0);
    assert_int_equal(t, HV_MEM_RAM_RO);
    assert_int_equal(hv_guest_get_mem_type(g, 0x100000, &t), 0);
    assert_int_equal(t, HV_MEM_MMIO_DM);

    assert_int_equal(hv_guest_set_mem_type(g, 0x300, 4, HV_MEM_MMIO_DM), 0);
    assert_int_equal(hv_guest_set_mem_type(g, 0x300, 4, HV_MEM_RAM_RW), -EINVAL);  /* a hole stays one */
    /* ioreq_server only from ram_rw; the walk stops at the first refusal */
    assert_int_equal(hv_guest_set_mem_type(g, 0x1fe, 4, HV_MEM_IOREQ_SERVER), -EINVAL);
    assert_int_equal(g->mem_type[0x1fe], HV_MEM_IOREQ_SERVER);
    assert_int_equal(g->mem_type[0x1ff], HV_MEM_IOREQ_SERVER);
    assert_int_equal(g->mem_type[0x200], HV_MEM_RAM_RO);
    assert_int_equal(hv_guest_set_mem_type(g, 0x1fe, 2, HV_MEM_RAM_RO), -EINVAL);
    assert_int_equal(hv_guest_set_mem_type(g, 0x1fe, 2, HV_MEM_RAM_RW), 0);

    assert_int_equal(hv_guest_set_mem_type(g, hv_guest_max_gfn(g), 2, HV_MEM_RAM_RO), -EINVAL);
    assert_int_equal(hv_guest_set_mem_type(g, 0, 0, HV_MEM_RAM_RO), -EINVAL);
    assert_int_equal(hv_guest_set_mem_type(g, 0, 1, HV_NR_MEM_TYPES), -EINVAL);
}

static void test_dirty_vram(void **st)
{
    struct hv_guest *g = guest(st);
    uint8_t bm[4];

    g->vram_keeps_log_dirty_off = false;   /* as before 4.14 */
    memset(bm, 0x55, sizeof(bm));
    assert_int_equal(hv_guest_track_dirty_vram(g, 0x1000, 20, bm), 0);
    /* a new range: whole 0xff bytes, as Xen (bits past nr too) */
    assert_int_equal(bm[0], 0xff);
    assert_int_equal(bm[1], 0xff);
    assert_int_equal(bm[2], 0xff);
    assert_int_equal(bm[3], 0x55);
    assert_state_has(*st, "\"dirty_vram\":{\"first_pfn\":\"0x1000\",\"nr\":20}");

    assert_int_equal(hv_guest_track_dirty_vram(g, 0x1000, 20, bm), 0);
    assert_int_equal(bm[0] | bm[1] | bm[2], 0);     /* nothing written since */
    assert_int_equal(hv_guest_modified_memory(g, 0x1009, 2), 0);
    assert_int_equal(hv_guest_track_dirty_vram(g, 0x1000, 20, bm), 0);
    assert_int_equal(bm[0], 0);
    assert_int_equal(bm[1], 0x06);
    assert_int_equal(bm[2], 0);

    assert_int_equal(hv_guest_track_dirty_vram(g, 0, HV_MAX_DIRTY_VRAM_NR + 1, bm), -EINVAL);
    assert_int_equal(hv_guest_track_dirty_vram(g, 0, 0, bm), 0);      /* stop */
    assert_state_has(*st, "\"dirty_vram\":null");
}

static void test_cacheattr(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x10, 0x1f, 6), 0);
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x10, 0x1f, 1), 0);   /* retype */
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x18, 0x2f, 1), -EBUSY);
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x30, 0x3f, 2), -EINVAL);
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x3f, 0x30, 6), -EINVAL);
    assert_state_has(*st, "\"pinned_cacheattr\":[{\"end\":\"0x1f\",\"start\":\"0x10\",\"type\":1}]");
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x10, 0x1e, HV_CACHEATTR_DELETE), -ENOENT);
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 0x10, 0x1f, HV_CACHEATTR_DELETE), 0);
    assert_int_equal(g->nr_cacheattr, 0);
}

static void test_relocate(void **st)
{
    struct hv_guest *g = guest(st);
    uint64_t max = hv_guest_max_gfn(g);

    assert_int_equal(hv_guest_relocate_memory(g, 0x600, 0x7e00, 4), 0);
    assert_int_equal(hv_guest_relocate_memory(g, 0x600, 0x7e00, 0), 0);   /* nothing */
    assert_int_equal(hv_guest_relocate_memory(g, max, 0x100, 2), -EINVAL);
    assert_int_equal(hv_guest_relocate_memory(g, 0x10, UINT64_MAX, 2), -EINVAL);
    assert_int_equal(g->nr_relocated, 1);
    assert_state_has(*st, "\"relocated\":[{\"dst_gfn\":\"0x7e00\",\"size\":4,\"src_gfn\":\"0x600\"}]");
}

/* ---- ioreq servers ---- */

static void test_ioreq_ids_per_policy(void **st)
{
    struct hv_guest *g = guest(st);
    uint16_t a, b, c;

    (void)st;
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 1, &a), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &b), 0);
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    assert_int_equal(hv_guest_ioreq_destroy(g, 0), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &c), 0);
    assert_int_equal(c, 0);                              /* reused */
    hv_guest_fini(g);

    assert_int_equal(hv_guest_init(g, 1, 2, 128), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE_SKIP0, 0, &a), 0);
    assert_int_equal(a, 1);
    hv_guest_fini(g);

    assert_int_equal(hv_guest_init(g, 1, 2, 128), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_COUNT_FROM_1, 0, &a), 0);
    assert_int_equal(hv_guest_ioreq_destroy(g, a), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_COUNT_FROM_1, 0, &b), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 2);                              /* never reused */
}

static void test_ioreq_info_and_limits(void **st)
{
    struct hv_guest *g = guest(st);
    uint64_t io = 0, buf = 0x1234;
    uint32_t port = 77;
    uint16_t id[8];

    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 3, &id[0]), -EINVAL);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id[0]), 0);
    assert_int_equal(hv_guest_ioreq_get_info(g, id[0], &io, &buf, &port), 0);
    assert_int_equal(io, 0xfeff0);
    assert_int_equal(buf, 0x1234);        /* no buffered ioreqs: untouched */
    assert_int_equal(port, 77);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 1, &id[1]), 0);
    assert_int_equal(hv_guest_ioreq_get_info(g, id[1], &io, &buf, &port), 0);
    assert_int_equal(io, 0xfeff1);
    assert_int_equal(buf, 0xfeff2);
    /* Real event channels, in Xen's order (ioreq_server_add_vcpu): the
     * first server's vCPUs got ports 1 and 2; here vCPU 0's is 3, the
     * buffered-ioreq port 4, vCPU 1's 5. */
    assert_int_equal(g->ioreq[0].vcpu_port[0], 1);
    assert_int_equal(g->ioreq[0].vcpu_port[1], 2);
    assert_int_equal(g->ioreq[1].vcpu_port[0], 3);
    assert_int_equal(port, 4);
    assert_int_equal(g->ioreq[1].vcpu_port[1], 5);
    assert_int_equal(hv_guest_ioreq_get_info(g, 7, &io, &buf, &port), -ENOENT);

    /* eight pages: servers 2..6 take one each, then the area is full */
    for (int i = 2; i < 7; i++)
        assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id[i]), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id[7]), -ENOMEM);
    assert_int_equal(hv_guest_ioreq_destroy(g, id[1]), 0);
    assert_int_equal(hv_guest_ioreq_destroy(g, id[1]), -ENOENT);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id[1]), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id[7]), 0);
    uint16_t x;
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &x), -ENOSPC);
}

static void test_ioreq_ranges(void **st)
{
    struct hv_guest *g = guest(st);
    uint16_t id;

    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PORT, 0x1f0, 0x1f7), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PORT, 0x1f8, 0x1ff), 0);  /* merges */
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PORT, 0x1f4, 0x1f4), -EEXIST);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_MEMORY, 0xf0000000, 0xf0ffffff), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PCI, 0x18, 0x18), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, 3, 0, 1), -EINVAL);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PORT, 9, 8), -EINVAL);
    assert_int_equal(hv_guest_ioreq_map_range(g, id + 1, HV_IO_RANGE_PORT, 0, 1), -ENOENT);
    assert_state_has(*st, "\"ranges\":{\"mmio\":[[\"0xf0000000\",\"0xf0ffffff\"]],"
                          "\"pci\":[[\"0x18\",\"0x18\"]],\"port\":[[\"0x1f0\",\"0x1ff\"]]}");

    /* unmap: part of a mapped range splits it; anything not mapped -ENOENT */
    assert_int_equal(hv_guest_ioreq_unmap_range(g, id, HV_IO_RANGE_PORT, 0x1f6, 0x1f9), 0);
    assert_state_has(*st, "\"port\":[[\"0x1f0\",\"0x1f5\"],[\"0x1fa\",\"0x1ff\"]]");
    assert_int_equal(hv_guest_ioreq_unmap_range(g, id, HV_IO_RANGE_PORT, 0x1f5, 0x1fa), -ENOENT);
    assert_int_equal(hv_guest_ioreq_unmap_range(g, id, HV_IO_RANGE_PCI, 0x20, 0x20), -ENOENT);
    assert_int_equal(hv_guest_ioreq_unmap_range(g, id, 7, 0, 1), -EINVAL);
    assert_int_equal(hv_guest_ioreq_unmap_range(g, id, HV_IO_RANGE_PCI, 2, 1), -EINVAL);
    assert_int_equal(hv_guest_ioreq_unmap_range(g, 5, HV_IO_RANGE_PCI, 0x18, 0x18), -ENOENT);
    assert_int_equal(hv_guest_ioreq_unmap_range(g, id, HV_IO_RANGE_PCI, 0x18, 0x18), 0);

    /* the rangeset limit */
    for (uint64_t i = 0; i < HV_MAX_IO_RANGES - 1; i++)
        assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PCI, 0x1000 + 2 * i, 0x1000 + 2 * i), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PCI, 0x10, 0x10), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PCI, 0x12, 0x12), -ENOMEM);
}

static void test_ioreq_state_and_mem_type(void **st)
{
    struct hv_guest *g = guest(st);
    uint16_t a, b;

    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 2, &a), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &b), 0);
    assert_int_equal(hv_guest_ioreq_set_state(g, a, true), 0);
    assert_int_equal(hv_guest_ioreq_set_state(g, 9, true), -ENOENT);
    assert_state_has(*st, "\"ioreq_servers\":[{\"bufioreq\":true,\"enabled\":true,");
    assert_state_has(*st, "},{\"bufioreq\":false,\"enabled\":false,");

    assert_false(hv_guest_ioreq_mem_type_claimed(g));
    assert_int_equal(hv_guest_ioreq_map_mem_type(g, a, HV_MEM_RAM_RW, 2), -EINVAL);
    assert_int_equal(hv_guest_ioreq_map_mem_type(g, a, HV_MEM_IOREQ_SERVER, 1), -EINVAL);
    assert_int_equal(hv_guest_ioreq_map_mem_type(g, 9, HV_MEM_IOREQ_SERVER, 2), -ENOENT);
    assert_int_equal(hv_guest_ioreq_map_mem_type(g, a, HV_MEM_IOREQ_SERVER, 2), 0);
    assert_true(hv_guest_ioreq_mem_type_claimed(g));
    assert_int_equal(hv_guest_ioreq_map_mem_type(g, b, HV_MEM_IOREQ_SERVER, 2), -EBUSY);
    assert_int_equal(hv_guest_ioreq_map_mem_type(g, b, HV_MEM_IOREQ_SERVER, 0), -EINVAL);
    assert_int_equal(hv_guest_ioreq_destroy(g, a), 0);
    assert_false(hv_guest_ioreq_mem_type_claimed(g));
}

/* ---- params, pause, shutdown ---- */

static void test_params(void **st)
{
    struct hv_guest *g = guest(st);
    uint64_t v;

    assert_int_equal(hv_guest_get_param(g, 32, &v), 0);   /* toolstack's ioreq server pfn */
    assert_int_equal(v, 0xfeff0);
    assert_int_equal(hv_guest_set_param(g, 10, 0xabc), 0);
    assert_int_equal(hv_guest_get_param(g, 10, &v), 0);
    assert_int_equal(v, 0xabc);
    assert_int_equal(hv_guest_set_param(g, 2, 5), 0);
    assert_int_equal(hv_guest_set_param(g, HV_NR_PARAMS, 1), -EINVAL);
    assert_int_equal(hv_guest_get_param(g, HV_NR_PARAMS, &v), -EINVAL);
    /* only what the DM set, in numeric order */
    assert_state_has(*st, "\"params\":{\"02\":\"0x5\",\"10\":\"0xabc\"}");
}

static void test_pause_shutdown(void **st)
{
    struct hv_guest *g = guest(st);

    assert_int_equal(hv_guest_unpause(g), -EINVAL);
    assert_int_equal(hv_guest_pause(g), 0);
    assert_int_equal(g->pause_count, 1);
    assert_int_equal(hv_guest_shutdown(g, 2), 0);
    assert_int_equal(hv_guest_shutdown(g, 0), 0);     /* the first reason stays */
    assert_state_has(*st, "\"shutdown\":{\"reason\":2}");
}

/* ---- the state file ---- */

/* The same effects reached in two releases, with different ioreq server
 * ids, give byte-identical files; a different effect does not. */
static void play(struct sim *s, enum xs_ioreq_id_policy pol, int variant)
{
    struct hv_guest *g = &s->guest;
    uint16_t id;
    uint8_t bm[2];

    assert_int_equal(hv_guest_ioreq_create(g, pol, 1, &id), 0);
    assert_int_equal(hv_guest_ioreq_map_range(g, id, HV_IO_RANGE_PORT, 0x3f8, 0x3ff), 0);
    assert_int_equal(hv_guest_ioreq_set_state(g, id, true), 0);
    assert_int_equal(hv_guest_set_pci_intx_level(g, 0, 0, 2, 0, 1), 0);
    assert_int_equal(hv_guest_set_pci_link_route(g, 0, 5), 0);
    assert_int_equal(hv_guest_inject_msi(g, 0xfee00000, 0x4041), 0);
    assert_int_equal(hv_guest_track_dirty_vram(g, 0xa0, 16, bm), 0);
    assert_int_equal(hv_guest_modified_memory(g, 0xa0, 4), 0);
    assert_int_equal(hv_guest_set_mem_type(g, 0xc0, variant ? 9 : 8, HV_MEM_RAM_RO), 0);
    assert_int_equal(hv_guest_set_param(g, 3, 1), 0);
}

static void test_state_deterministic(void **st)
{
    (void)st;
    struct sim *a = sim_test_create("4.6"), *b = sim_test_create("4.17"), *c = sim_test_create("4.17");

    play(a, XS_IOREQ_ID_COUNT_FROM_1, 0);
    play(b, XS_IOREQ_ID_LOWEST_FREE, 0);
    play(c, XS_IOREQ_ID_LOWEST_FREE, 1);
    char *ja = sim_test_state(a), *jb = sim_test_state(b);
    char *jc = sim_test_state(c), *jb2 = sim_test_state(b);
    assert_string_equal(ja, jb);
    assert_string_equal(jb, jb2);
    assert_string_not_equal(jb, jc);
    /* one line, ids and versions nowhere */
    assert_non_null(strchr(ja, '\n'));
    assert_int_equal(strchr(ja, '\n')[1], '\0');
    assert_null(strstr(ja, "\"id\""));
    assert_null(strstr(ja, "version"));
    free(ja); free(jb); free(jc); free(jb2);
    sim_destroy(a); sim_destroy(b); sim_destroy(c);
}

/* The keys of every object come in sorted order: a crude scan that checks
 * each key against the previous one at the same depth. */
static void test_state_keys_sorted(void **st)
{
    struct sim *s = *st;
    struct hv_guest *g = &s->guest;
    uint16_t id;
    uint8_t bm[1];

    play(s, XS_IOREQ_ID_LOWEST_FREE, 0);
    assert_int_equal(hv_guest_inject_event(g, 1, 6, 3, ~0u, 0, 0), 0);
    assert_int_equal(hv_guest_ioreq_create(g, XS_IOREQ_ID_LOWEST_FREE, 0, &id), 0);
    assert_int_equal(hv_guest_pin_mem_cacheattr(g, 1, 2, 6), 0);
    assert_int_equal(hv_guest_track_dirty_vram(g, 0, 8, bm), 0);
    assert_int_equal(hv_guest_set_irq_level(g, 20, 1), 0);
    assert_int_equal(hv_guest_shutdown(g, 1), 0);
    assert_int_equal(hv_guest_relocate_memory(g, 1, 2, 1), 0);

    char *j = sim_test_state(s);
    char prev[32][64];
    int depth = 0;
    bool in_obj[32] = { false };
    memset(prev, 0, sizeof(prev));
    for (char *p = j; *p; p++) {
        if (*p == '{' || *p == '[') {
            depth++;
            assert_true(depth < 32);
            in_obj[depth] = *p == '{';
            prev[depth][0] = '\0';
        } else if (*p == '}' || *p == ']') {
            depth--;
        } else if (*p == '"') {
            char *end = strchr(p + 1, '"');
            assert_non_null(end);
            if (in_obj[depth] && end[1] == ':') {
                char key[64];
                snprintf(key, sizeof(key), "%.*s", (int)(end - p - 1), p + 1);
                if (strcmp(prev[depth], key) >= 0)
                    fail_msg("key %s after %s in %s", key, prev[depth], j);
                strcpy(prev[depth], key);
            }
            p = end;
        }
    }
    assert_int_equal(depth, 0);
    free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pci_intx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_isa_irq_and_gsi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modified_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mem_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dirty_vram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cacheattr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relocate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioreq_ids_per_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioreq_info_and_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioreq_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioreq_state_and_mem_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_shutdown, setup, teardown),
        cmocka_unit_test(test_state_deterministic),
        cmocka_unit_test_setup_teardown(test_state_keys_sorted, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
