/* The simulator's hvmctl decoder (sim/hv_hvmctl.c) on the hvmctl1
 * release: the error order of versions/hvmctl1.md, every command's guest
 * effect, and the whole-struct copy back of the commands with OUT fields. */
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

static struct sim *open_sim(void)
{
    struct sim *s = sim_test_create("hvmctl1");

    assert_non_null(s);
    sim_test_rec_init(&caller);
    return s;
}

static struct xs_hvmctl cmd(uint32_t nr)
{
    struct xs_hvmctl h;

    memset(&h, 0, sizeof(h));
    h.interface_version = XS_HVMCTL_INTERFACE_VERSION;
    h.domain = GUEST;
    h.cmd = nr;
    return h;
}

static long ctl(struct sim *s, const void *h)
{
    caller.nr_reads = caller.nr_writes = 0;
    return hv_hvmctl(s, &caller.c, (uint64_t)(uintptr_t)h);
}

/* The error order of hvmctl1.md, each step shadowing the later ones. */
static void test_error_order(void **state)
{
    (void)state;
    struct sim *s = open_sim();
    struct xs_hvmctl h = cmd(XS_HVMCTL_set_isa_irq_level);

    h.u.set_isa_irq_level.isa_irq = 4;
    h.u.set_isa_irq_level.level = 1;
    assert_int_equal(ctl(s, (void *)SIM_TEST_BAD_ADDR), -EFAULT);

    h.interface_version = 0;
    h.pad = 1;
    h.domain = 0;
    h.cmd = 99;
    assert_int_equal(ctl(s, &h), -EACCES);
    assert_int_equal(caller.nr_reads, 1);
    assert_int_equal(caller.read_len[0], sizeof(h));
    h.interface_version = 2;
    assert_int_equal(ctl(s, &h), -EACCES);
    h.interface_version = XS_HVMCTL_INTERFACE_VERSION;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.pad = 0;
    assert_int_equal(ctl(s, &h), -EPERM);
    h.domain = XS_DOMID_SELF;
    assert_int_equal(ctl(s, &h), -EPERM);
    h.domain = 5;
    assert_int_equal(ctl(s, &h), -ESRCH);
    h.domain = GUEST;
    assert_int_equal(ctl(s, &h), -EOPNOTSUPP);
    h.cmd = 0;
    assert_int_equal(ctl(s, &h), -EOPNOTSUPP);
    h.cmd = XS_HVMCTL_MAX + 1;
    assert_int_equal(ctl(s, &h), -EOPNOTSUPP);
    h.cmd = XS_HVMCTL_set_isa_irq_level;
    h.opaque = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);
    assert_false(s->guest.isa_irq[4]);
    h.opaque = 0;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(caller.nr_writes, 0);
    assert_true(s->guest.isa_irq[4]);
    sim_destroy(s);
}

static void test_irq_commands(void **state)
{
    (void)state;
    struct sim *s = open_sim();
    struct xs_hvmctl h = cmd(XS_HVMCTL_set_pci_intx_level);

    h.u.set_pci_intx_level.device = 5;
    h.u.set_pci_intx_level.intx = 3;
    h.u.set_pci_intx_level.level = 1;
    assert_int_equal(ctl(s, &h), 0);
    assert_true(s->guest.pci_intx[5][3]);
    h.u.set_pci_intx_level.bus = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.u.set_pci_intx_level.bus = 0;
    h.u.set_pci_intx_level.level = 2;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_set_isa_irq_level);
    h.u.set_isa_irq_level.isa_irq = 16;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_set_pci_link_route);
    h.u.set_pci_link_route.link = 3;
    h.u.set_pci_link_route.isa_irq = 7;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.link_route[3], 7);
    h.u.set_pci_link_route.link = 4;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_inject_msi);
    h.u.inject_msi.data = 0x4055;
    h.u.inject_msi.addr = 0xfee00000;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.nr_msis, 1);
    assert_int_equal(s->guest.msis[0].data, 0x4055);
    h.u.inject_msi.pad = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_inject_trap);
    h.u.inject_trap.vcpuid = 1;
    h.u.inject_trap.vector = 13;
    h.u.inject_trap.type = XS_EVENT_hw_exc;
    h.u.inject_trap.error_code = 0;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.nr_events, 1);
    assert_int_equal(s->guest.events[0].vector, 13);
    h.u.inject_trap.vcpuid = 2;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.u.inject_trap.vcpuid = 0;
    h.u.inject_trap.pad = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);
    assert_int_equal(s->guest.nr_events, 1);
    sim_destroy(s);
}

static void test_memory_commands(void **state)
{
    (void)state;
    struct sim *s = open_sim();
    uint64_t max = hv_guest_max_gfn(&s->guest);
    struct xs_hvmctl h = cmd(XS_HVMCTL_modified_memory);
    uint8_t bitmap[3];

    h.u.modified_memory.nr = 0x10;
    h.u.modified_memory.first_pfn = 0x400;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.nr_modified, 1);
    assert_int_equal(s->guest.modified[0].first_pfn, 0x400);
    assert_int_equal(s->guest.modified[0].nr, 0x10);
    /* opaque: pages already done. */
    h.opaque = 4;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.modified[1].first_pfn, 0x404);
    assert_int_equal(s->guest.modified[1].nr, 0xc);
    h.opaque = 0x10;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.opaque = 0;
    h.u.modified_memory.first_pfn = max;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.u.modified_memory.first_pfn = 0x400;
    h.u.modified_memory.pad = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);
    assert_int_equal(s->guest.nr_modified, 2);

    h = cmd(XS_HVMCTL_set_mem_type);
    h.u.set_mem_type.hvmmem_type = XS_HVMMEM_ram_ro;
    h.u.set_mem_type.nr = 8;
    h.u.set_mem_type.first_pfn = 0x200;
    h.opaque = 2;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.mem_type[0x201], HV_MEM_RAM_RW);
    assert_int_equal(s->guest.mem_type[0x202], HV_MEM_RAM_RO);
    assert_int_equal(s->guest.mem_type[0x207], HV_MEM_RAM_RO);
    h.opaque = 0;
    h.u.set_mem_type.hvmmem_type = XS_HVMMEM_unused;
    assert_int_equal(ctl(s, &h), -EINVAL);
    /* As 4.8: read-only RAM (0x202-0x207) may become ioreq_server too. */
    h.u.set_mem_type.hvmmem_type = XS_HVMMEM_ioreq_server;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.mem_type[0x200], HV_MEM_IOREQ_SERVER);
    assert_int_equal(s->guest.mem_type[0x207], HV_MEM_IOREQ_SERVER);
    h.u.set_mem_type.hvmmem_type = XS_HVMMEM_ram_ro;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.u.set_mem_type.hvmmem_type = XS_HVMMEM_ram_rw;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(s->guest.mem_type[0x207], HV_MEM_RAM_RW);
    h.u.set_mem_type.nr = 0;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_track_dirty_vram);
    memset(bitmap, 0x55, sizeof(bitmap));
    h.u.track_dirty_vram.nr = 9;
    h.u.track_dirty_vram.first_pfn = 0xa0;
    h.u.track_dirty_vram.dirty_bitmap = (uintptr_t)bitmap;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(caller.nr_writes, 1);
    assert_int_equal(caller.write_len[0], 2);
    assert_int_equal(bitmap[0], 0xff);
    assert_int_equal(bitmap[1], 0xff);   /* whole bytes: bits past nr too */
    assert_int_equal(bitmap[2], 0x55);
    h.u.track_dirty_vram.dirty_bitmap = SIM_TEST_BAD_ADDR;
    assert_int_equal(ctl(s, &h), -EFAULT);
    h.u.track_dirty_vram.nr = HV_MAX_DIRTY_VRAM_NR + 1;
    assert_int_equal(ctl(s, &h), -EINVAL);
    sim_destroy(s);
}

static void test_ioreq_commands(void **state)
{
    (void)state;
    struct sim *s = open_sim();
    struct xs_hvmctl h = cmd(XS_HVMCTL_create_ioreq_server);
    struct hv_ioreq_server *srv = &s->guest.ioreq[0];
    struct xs_hvmctl *ro;
    uint16_t id;

    h.u.create_ioreq_server.handle_bufioreq = XS_IOREQSRV_BUFIOREQ_LEGACY;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(caller.nr_writes, 1);
    assert_int_equal(caller.write_len[0], sizeof(h));
    /* 4.8's numbering: from 1. */
    id = h.u.create_ioreq_server.id;
    assert_int_equal(id, 1);
    assert_true(srv->used);
    h.u.create_ioreq_server.handle_bufioreq = 3;
    assert_int_equal(ctl(s, &h), -EINVAL);
    h.u.create_ioreq_server.handle_bufioreq = 0;
    h.u.create_ioreq_server.pad = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_get_ioreq_server_info);
    h.u.get_ioreq_server_info.id = id;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(caller.write_len[0], sizeof(h));
    assert_int_equal(h.u.get_ioreq_server_info.ioreq_pfn, srv->ioreq_gfn);
    assert_int_equal(h.u.get_ioreq_server_info.bufioreq_pfn, srv->bufioreq_gfn);
    assert_int_equal(h.u.get_ioreq_server_info.bufioreq_port, srv->bufioreq_port);
    h.u.get_ioreq_server_info.id = 7;
    assert_int_equal(ctl(s, &h), -ENOENT);
    assert_int_equal(caller.nr_writes, 0);

    h = cmd(XS_HVMCTL_map_io_range_to_ioreq_server);
    h.u.map_io_range.id = id;
    h.u.map_io_range.type = XS_IO_RANGE_MEMORY;
    h.u.map_io_range.start = 0xf0000000;
    h.u.map_io_range.end = 0xf0000fff;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(caller.nr_writes, 0);
    assert_int_equal(srv->nr_ranges[HV_IO_RANGE_MEMORY], 1);
    assert_int_equal(ctl(s, &h), -EEXIST);
    h.cmd = XS_HVMCTL_unmap_io_range_from_ioreq_server;
    assert_int_equal(ctl(s, &h), 0);
    assert_int_equal(srv->nr_ranges[HV_IO_RANGE_MEMORY], 0);
    assert_int_equal(ctl(s, &h), -ENOENT);
    h.u.unmap_io_range.pad = 1;
    assert_int_equal(ctl(s, &h), -EINVAL);

    h = cmd(XS_HVMCTL_set_ioreq_server_state);
    h.u.set_ioreq_server_state.id = id;
    h.u.set_ioreq_server_state.enabled = 1;
    assert_int_equal(ctl(s, &h), 0);
    assert_true(srv->enabled);

    h = cmd(XS_HVMCTL_destroy_ioreq_server);
    h.u.destroy_ioreq_server.id = id;
    assert_int_equal(ctl(s, &h), 0);
    assert_false(srv->used);
    assert_int_equal(ctl(s, &h), -ENOENT);

    /* The id cannot be written back: -EFAULT. */
    h = cmd(XS_HVMCTL_create_ioreq_server);
    ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(ro != MAP_FAILED);
    *ro = h;
    assert_int_equal(mprotect(ro, 4096, PROT_READ), 0);
    assert_int_equal(ctl(s, ro), -EFAULT);
    munmap(ro, 4096);
    sim_destroy(s);
}

/* Through the hypercall door: 41 is hvmctl on hvmctl1 and dm_op on 4.9+;
 * 4.8 has neither. */
static void test_hypercall_41(void **state)
{
    (void)state;
    struct sim *s = open_sim();
    struct sim *s48;
    struct xs_hvmctl h = cmd(XS_HVMCTL_set_isa_irq_level);
    uint64_t args[5] = { (uintptr_t)&h };
    struct sim_config cfg = { .domid = GUEST, .vcpus = 2, .mem_mib = 128 };

    h.u.set_isa_irq_level.isa_irq = 3;
    h.u.set_isa_irq_level.level = 1;
    assert_int_equal(sim_hypercall(s, &caller.c, XS_HYPERVISOR_dm_op, args), 0);
    assert_true(s->guest.isa_irq[3]);
    h.interface_version = 0;
    assert_int_equal(sim_hypercall(s, &caller.c, XS_HYPERVISOR_dm_op, args), -EACCES);
    s48 = sim_create(xs_release_by_name("4.8"), &cfg);
    assert_non_null(s48);
    assert_int_equal(sim_hypercall(s48, &caller.c, XS_HYPERVISOR_dm_op, args), -ENOSYS);
    sim_destroy(s48);
    sim_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_order),
        cmocka_unit_test(test_irq_commands),
        cmocka_unit_test(test_memory_commands),
        cmocka_unit_test(test_ioreq_commands),
        cmocka_unit_test(test_hypercall_41),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
