/* The simulator's dm_op decoder (sim/hv_dmop.c): buffer handling, the
 * header checks in Xen's order, every XEN_DMOP_* and the release that
 * introduced it, and the ops that use a second buffer. */
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
#include <unistd.h>
#include <cmocka.h>

#include "abi.h"
#include "hv_internal.h"
#include "sim.h"
#include "sim_test_caller.h"
#include "versions.h"

#define GUEST 1   /* the guest sim_test_create makes */
#define HDR offsetof(struct xs_dm_op, u)

static struct sim_test_rec caller;

static struct sim *open_sim(const char *name)
{
    struct sim *s = sim_test_create(name);

    assert_non_null(s);
    sim_test_rec_init(&caller);
    return s;
}

static long dm2(struct sim *s, uint16_t domid, struct xs_dm_op *op, size_t size,
                void *buf1, size_t size1, unsigned nr)
{
    struct sim_dm_op_buf bufs[2] = {
        { (uintptr_t)op, size }, { (uintptr_t)buf1, size1 },
    };

    caller.nr_reads = caller.nr_writes = 0;
    return hv_dm_op(s, &caller.c, domid, nr, bufs);
}

static long dm(struct sim *s, struct xs_dm_op *op)
{
    return dm2(s, GUEST, op, sizeof(*op), NULL, 0, 1);
}

static void test_buffers_and_domain(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op op = { .op = XS_DMOP_set_isa_irq_level,
                           .u.set_isa_irq_level = { .isa_irq = 5, .level = 1 } };
    struct sim_dm_op_buf three[3] = { { (uintptr_t)&op, sizeof(op) } };

    assert_int_equal(hv_dm_op(s, &caller.c, GUEST, 0, three), -ENODATA);
    assert_int_equal(hv_dm_op(s, &caller.c, GUEST, 3, three), -E2BIG);
    assert_int_equal(dm2(s, 0, &op, sizeof(op), NULL, 0, 1), -EPERM);
    assert_int_equal(dm2(s, XS_DOMID_SELF, &op, sizeof(op), NULL, 0, 1), -ESRCH);
    assert_int_equal(dm2(s, 2, &op, sizeof(op), NULL, 0, 1), -ESRCH);
    assert_false(s->guest.isa_irq[5]);

    /* Exactly the header, then exactly the op's payload, is read. */
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.nr_reads, 2);
    assert_int_equal(caller.read_len[0], HDR);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_set_isa_irq_level));
    assert_int_equal(caller.nr_writes, 0);
    assert_true(s->guest.isa_irq[5]);

    /* bufs[0] too small for the header or the payload; unreadable. */
    assert_int_equal(dm2(s, GUEST, &op, HDR - 1, NULL, 0, 1), -EFAULT);
    assert_int_equal(dm2(s, GUEST, &op, HDR + 1, NULL, 0, 1), -EFAULT);
    assert_int_equal(dm2(s, GUEST, &op, HDR + 2, NULL, 0, 1), 0);
    assert_int_equal(dm2(s, GUEST, (void *)SIM_TEST_BAD_ADDR, sizeof(op), NULL, 0, 1), -EFAULT);

    op.pad = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    sim_destroy(s);
}

static void test_unknown_ops(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op op = { .op = 0 };

    assert_int_equal(dm(s, &op), -EOPNOTSUPP);
    op.op = XS_DMOP_MAX + 1;
    assert_int_equal(dm(s, &op), -EOPNOTSUPP);
    assert_int_equal(caller.nr_reads, 1);
    op.op = 0xffffffff;
    assert_int_equal(dm(s, &op), -EOPNOTSUPP);
    /* An unknown op is refused before its (absent) payload is measured. */
    assert_int_equal(dm2(s, GUEST, &op, HDR, NULL, 0, 1), -EOPNOTSUPP);
    /* set_irq_level is Arm only: x86 Xen has no payload for it. */
    op.op = XS_DMOP_set_irq_level;
    op.u.set_irq_level.irq = 40;
    op.u.set_irq_level.level = 1;
    assert_int_equal(dm(s, &op), -EOPNOTSUPP);
    assert_false(s->guest.gsi[40]);
    sim_destroy(s);
}

/* Each op answers -EOPNOTSUPP before the release that introduced it. */
static void test_ops_by_release(void **state)
{
    (void)state;
    static const struct { unsigned op; const char *before, *from; } cases[] = {
        { XS_DMOP_remote_shutdown, "4.9", "4.10" },
        { XS_DMOP_pin_memory_cacheattr, "4.10", "4.11" },
        { XS_DMOP_nr_vcpus, "4.14", "4.15" },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xs_dm_op op = { .op = cases[i].op };
        struct sim *s;

        if (cases[i].op == XS_DMOP_pin_memory_cacheattr) {
            op.u.pin_memory_cacheattr.start = 0x10;
            op.u.pin_memory_cacheattr.end = 0x20;
            op.u.pin_memory_cacheattr.type = XS_DMOP_MEM_CACHEATTR_WB;
        }
        s = open_sim(cases[i].before);
        assert_int_equal(dm(s, &op), -EOPNOTSUPP);
        assert_false(s->guest.shutdown);
        assert_int_equal(s->guest.nr_cacheattr, 0);
        sim_destroy(s);
        s = open_sim(cases[i].from);
        assert_int_equal(dm(s, &op), 0);
        sim_destroy(s);
    }
}

static void test_remote_shutdown(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.10");
    struct xs_dm_op op = { .op = XS_DMOP_remote_shutdown,
                           .u.remote_shutdown.reason = XS_SHUTDOWN_reboot };

    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_remote_shutdown));
    assert_true(s->guest.shutdown);
    assert_int_equal(s->guest.shutdown_reason, XS_SHUTDOWN_reboot);
    sim_destroy(s);
}

static void test_nr_vcpus(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.15");
    struct xs_dm_op op = { .op = XS_DMOP_nr_vcpus, .u.nr_vcpus.vcpus = 99 };
    struct xs_dm_op *ro;

    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(op.u.nr_vcpus.vcpus, 2);
    assert_int_equal(caller.nr_writes, 1);
    assert_int_equal(caller.write_len[0], sizeof(struct xs_dm_op_nr_vcpus));
    assert_int_equal(caller.write_addr[0], (uintptr_t)&op + HDR);

    /* The answer cannot be written back: -EFAULT. */
    ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(ro != MAP_FAILED);
    *ro = op;
    assert_int_equal(mprotect(ro, 4096, PROT_READ), 0);
    assert_int_equal(dm(s, ro), -EFAULT);
    munmap(ro, 4096);
    sim_destroy(s);
}

static void test_irq_ops(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.9");
    struct xs_dm_op op = { .op = XS_DMOP_set_pci_intx_level,
                           .u.set_pci_intx_level = { .device = 4, .intx = 2, .level = 1 } };

    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_set_pci_intx_level));
    assert_true(s->guest.pci_intx[4][2]);
    op.u.set_pci_intx_level.domain = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_pci_intx_level.domain = 0;
    op.u.set_pci_intx_level.bus = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_pci_intx_level.bus = 0;
    op.u.set_pci_intx_level.intx = 4;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_pci_intx_level.intx = 2;
    op.u.set_pci_intx_level.level = 3;
    assert_int_equal(dm(s, &op), -EINVAL);
    assert_true(s->guest.pci_intx[4][2]);

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_isa_irq_level;
    op.u.set_isa_irq_level.isa_irq = 16;
    assert_int_equal(dm(s, &op), -EINVAL);

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_pci_link_route;
    op.u.set_pci_link_route.link = 1;
    op.u.set_pci_link_route.isa_irq = 10;
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_set_pci_link_route));
    assert_int_equal(s->guest.link_route[1], 10);
    op.u.set_pci_link_route.link = 4;
    assert_int_equal(dm(s, &op), -EINVAL);

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_inject_msi;
    op.u.inject_msi.data = 0x4041;
    op.u.inject_msi.addr = 0xfee00000;
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(s->guest.nr_msis, 1);
    assert_int_equal(s->guest.msis[0].data, 0x4041);
    op.u.inject_msi.pad = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    assert_int_equal(s->guest.nr_msis, 1);

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_inject_event;
    op.u.inject_event.vcpuid = 1;
    op.u.inject_event.vector = 6;
    op.u.inject_event.type = XS_EVENT_hw_exc;
    op.u.inject_event.error_code = ~0u;
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_inject_event));
    assert_int_equal(s->guest.nr_events, 1);
    assert_int_equal(s->guest.events[0].vector, 6);
    op.u.inject_event.vcpuid = 2;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.inject_event.vcpuid = 0;
    op.u.inject_event.pad1 = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    assert_int_equal(s->guest.nr_events, 1);
    sim_destroy(s);
}

static void test_ioreq_server_ops(void **state)
{
    (void)state;
    static const struct { const char *rel; uint16_t first_id; } cases[] = {
        { "4.9", 1 }, { "4.11", 1 }, { "4.12", 0 }, { "4.17", 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sim *s = open_sim(cases[i].rel);
        struct xs_dm_op op = { .op = XS_DMOP_create_ioreq_server,
                               .u.create_ioreq_server = { .handle_bufioreq = 1, .id = 0x7777 } };
        struct hv_ioreq_server *srv;
        uint16_t id;

        assert_int_equal(dm(s, &op), 0);
        id = op.u.create_ioreq_server.id;
        assert_int_equal(id, cases[i].first_id);
        assert_int_equal(caller.write_len[0], sizeof(struct xs_dm_op_create_ioreq_server));
        srv = NULL;
        for (unsigned k = 0; k < HV_MAX_IOREQ_SERVERS; k++)
            if (s->guest.ioreq[k].used && s->guest.ioreq[k].id == id)
                srv = &s->guest.ioreq[k];
        assert_non_null(srv);
        op.u.create_ioreq_server.pad[1] = 1;
        assert_int_equal(dm(s, &op), -EINVAL);

        memset(&op, 0, sizeof(op));
        op.op = XS_DMOP_get_ioreq_server_info;
        op.u.get_ioreq_server_info.id = id;
        assert_int_equal(dm(s, &op), 0);
        assert_int_equal(op.u.get_ioreq_server_info.ioreq_gfn, srv->ioreq_gfn);
        assert_int_equal(op.u.get_ioreq_server_info.bufioreq_gfn, srv->bufioreq_gfn);
        assert_int_equal(op.u.get_ioreq_server_info.bufioreq_port, srv->bufioreq_port);
        assert_int_equal(caller.write_len[0], sizeof(struct xs_dm_op_get_ioreq_server_info));

        memset(&op, 0, sizeof(op));
        op.op = XS_DMOP_map_io_range_to_ioreq_server;
        op.u.map_io_range_to_ioreq_server.id = id;
        op.u.map_io_range_to_ioreq_server.type = XS_IO_RANGE_PORT;
        op.u.map_io_range_to_ioreq_server.start = 0x3f8;
        op.u.map_io_range_to_ioreq_server.end = 0x3ff;
        assert_int_equal(dm(s, &op), 0);
        assert_int_equal(caller.nr_writes, 0);
        assert_int_equal(srv->nr_ranges[HV_IO_RANGE_PORT], 1);
        assert_int_equal(dm(s, &op), -EEXIST);
        op.u.map_io_range_to_ioreq_server.pad = 1;
        assert_int_equal(dm(s, &op), -EINVAL);
        op.u.map_io_range_to_ioreq_server.pad = 0;
        op.op = XS_DMOP_unmap_io_range_from_ioreq_server;
        assert_int_equal(dm(s, &op), 0);
        assert_int_equal(srv->nr_ranges[HV_IO_RANGE_PORT], 0);
        assert_int_equal(dm(s, &op), -ENOENT);

        memset(&op, 0, sizeof(op));
        op.op = XS_DMOP_set_ioreq_server_state;
        op.u.set_ioreq_server_state.id = id;
        op.u.set_ioreq_server_state.enabled = 1;
        assert_int_equal(dm(s, &op), 0);
        assert_true(srv->enabled);
        op.u.set_ioreq_server_state.pad = 1;
        assert_int_equal(dm(s, &op), -EINVAL);

        memset(&op, 0, sizeof(op));
        op.op = XS_DMOP_destroy_ioreq_server;
        op.u.destroy_ioreq_server.id = id;
        op.u.destroy_ioreq_server.pad = 1;
        assert_int_equal(dm(s, &op), -EINVAL);
        op.u.destroy_ioreq_server.pad = 0;
        assert_int_equal(dm(s, &op), 0);
        assert_false(srv->used);
        assert_int_equal(dm(s, &op), -ENOENT);
        sim_destroy(s);
    }
}

/* 4.9-4.10: the word after id is padding.  4.11+: flags, no_gfns leaves
 * the gfn fields alone. */
static void test_ioreq_info_flags(void **state)
{
    (void)state;
    static const struct { const char *rel; bool flags; } cases[] = {
        { "4.10", false }, { "4.11", true }, { "4.20", true },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sim *s = open_sim(cases[i].rel);
        struct xs_dm_op op = { .op = XS_DMOP_create_ioreq_server,
                               .u.create_ioreq_server.handle_bufioreq = 2 };
        uint16_t id;

        assert_int_equal(dm(s, &op), 0);
        id = op.u.create_ioreq_server.id;
        memset(&op, 0, sizeof(op));
        op.op = XS_DMOP_get_ioreq_server_info;
        op.u.get_ioreq_server_info.id = id;
        op.u.get_ioreq_server_info.flags = XS_DMOP_no_gfns;
        op.u.get_ioreq_server_info.ioreq_gfn = 0xaaaa;
        op.u.get_ioreq_server_info.bufioreq_gfn = 0xbbbb;
        if (!cases[i].flags) {
            assert_int_equal(dm(s, &op), -EINVAL);
            assert_int_equal(caller.nr_writes, 0);
        } else {
            assert_int_equal(dm(s, &op), 0);
            assert_int_equal(op.u.get_ioreq_server_info.ioreq_gfn, 0xaaaa);
            assert_int_equal(op.u.get_ioreq_server_info.bufioreq_gfn, 0xbbbb);
            assert_int_not_equal(op.u.get_ioreq_server_info.bufioreq_port, 0);
            assert_int_equal(op.u.get_ioreq_server_info.flags, XS_DMOP_no_gfns);
        }
        op.u.get_ioreq_server_info.flags = 2;
        assert_int_equal(dm(s, &op), -EINVAL);
        op.u.get_ioreq_server_info.flags = 0;
        op.u.get_ioreq_server_info.id = id + 5;
        assert_int_equal(dm(s, &op), -ENOENT);
        sim_destroy(s);
    }
}

static void test_track_dirty_vram(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op op = { .op = XS_DMOP_track_dirty_vram,
                           .u.track_dirty_vram = { .nr = 12, .first_pfn = 0xa0 } };
    uint8_t bitmap[4];

    memset(bitmap, 0x55, sizeof(bitmap));
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), bitmap, sizeof(bitmap), 2), 0);
    assert_int_equal(caller.nr_writes, 1);
    assert_int_equal(caller.write_len[0], 2);
    assert_int_equal(caller.write_addr[0], (uintptr_t)bitmap);
    assert_int_equal(bitmap[0], 0xff);
    assert_int_equal(bitmap[1], 0xff);   /* whole bytes: bits past nr too */
    assert_int_equal(bitmap[2], 0x55);

    /* Nothing dirtied since: all clear.  A modified_memory then shows. */
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), bitmap, 2, 2), 0);
    assert_int_equal(bitmap[0], 0);
    assert_int_equal(bitmap[1], 0);

    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), bitmap, 1, 2), -EINVAL);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), bitmap, sizeof(bitmap), 1), -EINVAL);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), (void *)SIM_TEST_BAD_ADDR, 2, 2), -EFAULT);
    op.u.track_dirty_vram.nr = HV_MAX_DIRTY_VRAM_NR + 1;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), bitmap, sizeof(bitmap), 2), -EINVAL);
    op.u.track_dirty_vram.nr = 12;
    op.u.track_dirty_vram.pad = 1;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), bitmap, sizeof(bitmap), 2), -EINVAL);
    sim_destroy(s);
}

/* Outside log-dirty mode Xen answers 0 without looking at the extents;
 * the valid ones are still recorded. */
static void test_modified_memory_without_log_dirty(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op_modified_memory_extent ext[2] = {
        { .nr = 2, .first_pfn = 0x100, .pad = 1 },
        { .nr = 3, .first_pfn = 0x200 },
    };
    struct xs_dm_op op = { .op = XS_DMOP_modified_memory,
                           .u.modified_memory = { .nr_extents = 2 } };

    assert_false(s->guest.log_dirty);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), 0);
    assert_int_equal(s->guest.nr_modified, 1);
    assert_int_equal(s->guest.modified[0].first_pfn, 0x200);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, 1, 2), 0);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), (void *)SIM_TEST_BAD_ADDR, sizeof(ext), 2), 0);
    assert_int_equal(s->guest.nr_modified, 1);
    /* The buffer count is checked before log-dirty mode. */
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 1), -EINVAL);
    sim_destroy(s);
}

/* From 4.14 VRAM tracking leaves log-dirty mode off (seen on real Xen
 * 4.17): modified_memory then answers 0 for any extent, marks nothing, and
 * the frame it named does not read dirty. */
static void test_modified_memory_no_log_dirty(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op_modified_memory_extent ext = { .nr = 1, .first_pfn = 0x10000000 };
    struct xs_dm_op op = { .op = XS_DMOP_modified_memory,
                           .u.modified_memory = { .nr_extents = 1 } };
    struct xs_dm_op vram = { .op = XS_DMOP_track_dirty_vram,
                             .u.track_dirty_vram = { .nr = 8, .first_pfn = 0x100 } };
    struct xs_dm_op_modified_memory_extent in_vram = { .nr = 1, .first_pfn = 0x102 };
    uint8_t bitmap;

    assert_int_equal(dm2(s, GUEST, &vram, sizeof(vram), &bitmap, 1, 2), 0);
    assert_int_equal(bitmap, 0xff);
    assert_false(s->guest.log_dirty);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), &ext, sizeof(ext), 2), 0);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), &in_vram, sizeof(in_vram), 2), 0);
    assert_int_equal(dm2(s, GUEST, &vram, sizeof(vram), &bitmap, 1, 2), 0);
    assert_int_equal(bitmap, 0);
    sim_destroy(s);
}

/* Preempted (every check true): Xen stops after each full batch of 256
 * frames with extents left, copies the header back (nr_extents left,
 * opaque into the extent) and the kernel issues the call again; the
 * ioctl returns 0 once, each frame is marked once, and the caller's
 * header holds the last continuation's values. */
static void test_modified_memory_preempted(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op_modified_memory_extent ext[2] = {
        { .nr = 300, .first_pfn = 0x1000 },
        { .nr = 300, .first_pfn = 0x2000 },
    };
    struct xs_dm_op op = { .op = XS_DMOP_modified_memory,
                           .u.modified_memory = { .nr_extents = 2 } };
    struct sim_dm_op_buf bufs[2] = { { (uintptr_t)&op, sizeof(op) },
                                     { (uintptr_t)ext, sizeof(ext) } };

    s->guest.log_dirty = true;
    s->cfg.preempt_every = 1;
    assert_int_equal(sim_dm_op(s, &caller.c, GUEST, 2, bufs), 0);
    /* 256 of extent 1; its 44 and 212 of extent 0; the last 88. */
    assert_int_equal(sim_continuations(s), 2);
    assert_int_equal(op.u.modified_memory.nr_extents, 1);
    assert_int_equal(op.u.modified_memory.opaque, 212);
    assert_int_equal(s->guest.nr_modified, 2);
    assert_int_equal(s->guest.modified[0].first_pfn, 0x2000);
    assert_int_equal(s->guest.modified[0].nr, 300);
    assert_int_equal(s->guest.modified[1].first_pfn, 0x1000);
    assert_int_equal(s->guest.modified[1].nr, 300);
    for (unsigned i = 0; i < 300; i++)
        assert_true(s->guest.dirty[0x1000 + i] && s->guest.dirty[0x2000 + i]);
    assert_false(s->guest.dirty[0x1000 + 300]);

    /* Never preempted: the header is not written back. */
    s->cfg.preempt_every = 0;
    op.u.modified_memory.nr_extents = 2;
    op.u.modified_memory.opaque = 0;
    assert_int_equal(sim_dm_op(s, &caller.c, GUEST, 2, bufs), 0);
    assert_int_equal(sim_continuations(s), 2);
    assert_int_equal(op.u.modified_memory.nr_extents, 2);
    assert_int_equal(op.u.modified_memory.opaque, 0);
    sim_destroy(s);
}

/* set_mem_type preempted after every 256th frame: the payload, advanced
 * past the frames done, is copied back each time, so the caller finds the
 * last round's first_pfn and nr; every frame changed once. */
static void test_set_mem_type_preempted(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op op = { .op = XS_DMOP_set_mem_type,
                           .u.set_mem_type = { .nr = 600, .mem_type = XS_HVMMEM_ram_ro,
                                               .first_pfn = 0x400 } };
    struct sim_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };

    s->cfg.preempt_every = 1;
    assert_int_equal(sim_dm_op(s, &caller.c, GUEST, 1, &buf), 0);
    assert_int_equal(sim_continuations(s), 2);
    assert_int_equal(op.u.set_mem_type.first_pfn, 0x400 + 512);
    assert_int_equal(op.u.set_mem_type.nr, 88);
    for (unsigned i = 0; i < 600; i++)
        assert_int_equal(s->guest.mem_type[0x400 + i], HV_MEM_RAM_RO);
    assert_int_equal(s->guest.mem_type[0x400 + 600], HV_MEM_RAM_RW);
    sim_destroy(s);
}

static void test_modified_memory(void **state)
{
    (void)state;
    /* 4.13: the last release whose VRAM tracking turns log-dirty on. */
    struct sim *s = open_sim("4.13");
    uint64_t max = hv_guest_max_gfn(&s->guest);
    struct xs_dm_op_modified_memory_extent ext[3] = {
        { .nr = 2, .first_pfn = 0x100 },
        { .nr = 3, .first_pfn = 0x200 },
        { .nr = 4, .first_pfn = 0x300 },
    };
    struct xs_dm_op op = { .op = XS_DMOP_modified_memory,
                           .u.modified_memory = { .nr_extents = 3 } };
    struct xs_dm_op vram = { .op = XS_DMOP_track_dirty_vram,
                             .u.track_dirty_vram = { .nr = 8, .first_pfn = 0x100 } };
    uint8_t bitmap;

    /* Dirty-VRAM tracking turns log-dirty mode on. */
    assert_int_equal(dm2(s, GUEST, &vram, sizeof(vram), &bitmap, 1, 2), 0);
    assert_true(s->guest.log_dirty);

    /* Walked from the last extent to the first; header not written back. */
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), 0);
    assert_int_equal(caller.nr_writes, 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_modified_memory));
    assert_int_equal(caller.read_len[2], sizeof(ext[0]));
    assert_int_equal(s->guest.nr_modified, 3);
    assert_int_equal(s->guest.modified[0].first_pfn, 0x300);
    assert_int_equal(s->guest.modified[0].nr, 4);
    assert_int_equal(s->guest.modified[2].first_pfn, 0x100);
    assert_int_equal(op.u.modified_memory.nr_extents, 3);

    /* opaque: pages already done in the last extent. */
    op.u.modified_memory.opaque = 1;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), 0);
    assert_int_equal(s->guest.nr_modified, 6);
    assert_int_equal(s->guest.modified[3].first_pfn, 0x301);
    assert_int_equal(s->guest.modified[3].nr, 3);
    assert_int_equal(s->guest.modified[4].first_pfn, 0x200);
    op.u.modified_memory.opaque = 4;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), -EINVAL);
    op.u.modified_memory.opaque = 0;

    /* A bad extent stops the walk: later extents stay marked, the caller's
     * header is untouched. */
    ext[0].first_pfn = max;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), -EINVAL);
    assert_int_equal(s->guest.nr_modified, 8);
    assert_int_equal(caller.nr_writes, 0);
    assert_int_equal(op.u.modified_memory.nr_extents, 3);
    ext[0].first_pfn = 0x100;
    ext[1].pad = 1;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), -EINVAL);
    assert_int_equal(s->guest.nr_modified, 9);
    ext[1].pad = 0;
    ext[1].nr = 0;
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 2), -EINVAL);
    ext[1].nr = 3;

    /* Buffer 1 must hold nr_extents extents and be readable. */
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext) - 1, 2), -EINVAL);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), (void *)SIM_TEST_BAD_ADDR, sizeof(ext), 2), -EFAULT);
    assert_int_equal(dm2(s, GUEST, &op, sizeof(op), ext, sizeof(ext), 1), -EINVAL);

    /* What was marked shows in the dirty-VRAM bitmap: 0x100-0x101. */
    assert_int_equal(dm2(s, GUEST, &vram, sizeof(vram), &bitmap, 1, 2), 0);
    assert_int_equal(bitmap, 0x03);
    sim_destroy(s);
}

static void test_set_mem_type(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.17");
    struct xs_dm_op op = { .op = XS_DMOP_set_mem_type,
                           .u.set_mem_type = { .nr = 4, .mem_type = XS_HVMMEM_ram_ro, .first_pfn = 0x50 } };
    struct xs_dm_op mt = { .op = XS_DMOP_map_mem_type_to_ioreq_server };
    struct xs_dm_op cr = { .op = XS_DMOP_create_ioreq_server };
    uint64_t max = hv_guest_max_gfn(&s->guest);

    assert_int_equal(dm(s, &op), 0);
    /* No OUT fields, yet Xen copies the payload back. */
    assert_int_equal(caller.nr_writes, 1);
    assert_int_equal(caller.write_len[0], sizeof(struct xs_dm_op_set_mem_type));
    assert_int_equal(s->guest.mem_type[0x53], HV_MEM_RAM_RO);
    op.u.set_mem_type.mem_type = XS_HVMMEM_ram_rw;
    assert_int_equal(dm(s, &op), 0);

    op.u.set_mem_type.mem_type = XS_HVMMEM_unused;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_mem_type.mem_type = 5;
    assert_int_equal(dm(s, &op), -EINVAL);
    /* ioreq_server only once a server claimed the type. */
    op.u.set_mem_type.mem_type = XS_HVMMEM_ioreq_server;
    assert_int_equal(dm(s, &op), -EINVAL);
    assert_int_equal(dm(s, &cr), 0);
    mt.u.map_mem_type_to_ioreq_server.id = cr.u.create_ioreq_server.id;
    mt.u.map_mem_type_to_ioreq_server.type = XS_HVMMEM_ioreq_server;
    mt.u.map_mem_type_to_ioreq_server.flags = XS_DMOP_IOREQ_MEM_ACCESS_WRITE;
    assert_int_equal(dm(s, &mt), 0);
    assert_int_equal(caller.write_len[0], sizeof(struct xs_dm_op_map_mem_type_to_ioreq_server));
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(s->guest.mem_type[0x50], HV_MEM_IOREQ_SERVER);
    /* 4.9+: only ram_rw may become ioreq_server. */
    op.u.set_mem_type.first_pfn = 0x60;
    op.u.set_mem_type.mem_type = XS_HVMMEM_ram_ro;
    assert_int_equal(dm(s, &op), 0);
    op.u.set_mem_type.mem_type = XS_HVMMEM_ioreq_server;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_mem_type.first_pfn = 0x50;
    /* Releasing the claim turns the pages back into ram_rw. */
    mt.u.map_mem_type_to_ioreq_server.flags = 0;
    assert_int_equal(dm(s, &mt), 0);
    assert_int_equal(s->guest.mem_type[0x50], HV_MEM_RAM_RW);
    assert_int_equal(s->guest.mem_type[0x53], HV_MEM_RAM_RW);
    mt.u.map_mem_type_to_ioreq_server.type = XS_HVMMEM_ram_rw;
    mt.u.map_mem_type_to_ioreq_server.flags = XS_DMOP_IOREQ_MEM_ACCESS_WRITE;
    assert_int_equal(dm(s, &mt), -EINVAL);
    mt.u.map_mem_type_to_ioreq_server.type = XS_HVMMEM_ioreq_server;
    mt.u.map_mem_type_to_ioreq_server.flags = XS_DMOP_IOREQ_MEM_ACCESS_READ;
    assert_int_equal(dm(s, &mt), -EINVAL);

    op.u.set_mem_type.mem_type = XS_HVMMEM_ram_ro;
    op.u.set_mem_type.first_pfn = max;
    op.u.set_mem_type.nr = 2;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_mem_type.nr = 1;
    assert_int_equal(dm(s, &op), 0);
    op.u.set_mem_type.nr = 0;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.set_mem_type.nr = 1;
    op.u.set_mem_type.pad = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    sim_destroy(s);
}

/* Whether the state file the simulator writes contains needle. */
static bool state_has(struct sim *s, const char *needle)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bool found;

    assert_non_null(f);
    assert_int_equal(sim_write_state_json(s, f), 0);
    fclose(f);
    found = strstr(buf, needle) != NULL;
    free(buf);
    return found;
}

static void test_relocate_and_cacheattr(void **state)
{
    (void)state;
    struct sim *s = open_sim("4.11");
    struct xs_dm_op op = { .op = XS_DMOP_relocate_memory,
                           .u.relocate_memory = { .size = 4, .src_gfn = 0x600, .dst_gfn = 0x7e00 } };
    struct xs_dm_op smt = { .op = XS_DMOP_set_mem_type,
                            .u.set_mem_type = { .nr = 1, .mem_type = XS_HVMMEM_ram_ro, .first_pfn = 0x7e01 } };

    /* The move is recorded; the memory-type map stays as it is. */
    assert_int_equal(dm(s, &smt), 0);
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_relocate_memory));
    assert_int_equal(caller.nr_writes, 0);
    assert_int_equal(s->guest.nr_relocated, 1);
    assert_int_equal(s->guest.relocated[0].src_gfn, 0x600);
    assert_int_equal(s->guest.relocated[0].dst_gfn, 0x7e00);
    assert_int_equal(s->guest.relocated[0].size, 4);
    assert_int_equal(s->guest.mem_type[0x7e01], HV_MEM_RAM_RO);
    assert_true(state_has(s, "\"relocated\":[{\"dst_gfn\":\"0x7e00\",\"size\":4,\"src_gfn\":\"0x600\"}]"));
    /* A source beyond RAM has no pages to move. */
    op.u.relocate_memory.src_gfn = hv_guest_max_gfn(&s->guest) - 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.relocate_memory.size = 0;
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(s->guest.nr_relocated, 1);
    op.u.relocate_memory.pad = 1;
    assert_int_equal(dm(s, &op), -EINVAL);

    sim_destroy(s);

    /* 4.17 checks the whole range up front. */
    s = open_sim("4.17");
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_relocate_memory;
    op.u.relocate_memory.size = 2;
    op.u.relocate_memory.src_gfn = 0x10;
    op.u.relocate_memory.dst_gfn = ~0ull;
    assert_int_equal(dm(s, &op), -EINVAL);
    op.u.relocate_memory.dst_gfn = ~0ull - 1;
    assert_int_equal(dm(s, &op), -EOVERFLOW);
    assert_int_equal(s->guest.nr_relocated, 0);
    assert_true(state_has(s, "\"relocated\":[]"));
    op.u.relocate_memory.dst_gfn = 0x9000;
    assert_int_equal(dm(s, &op), 0);
    assert_true(state_has(s, "\"relocated\":[{\"dst_gfn\":\"0x9000\",\"size\":2,\"src_gfn\":\"0x10\"}]"));

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_pin_memory_cacheattr;
    op.u.pin_memory_cacheattr.start = 0x100;
    op.u.pin_memory_cacheattr.end = 0x1ff;
    op.u.pin_memory_cacheattr.type = XS_DMOP_MEM_CACHEATTR_WC;
    assert_int_equal(dm(s, &op), 0);
    assert_int_equal(caller.read_len[1], sizeof(struct xs_dm_op_pin_memory_cacheattr));
    assert_int_equal(s->guest.nr_cacheattr, 1);
    op.u.pin_memory_cacheattr.pad = 1;
    assert_int_equal(dm(s, &op), -EINVAL);
    assert_int_equal(s->guest.nr_cacheattr, 1);
    sim_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffers_and_domain),
        cmocka_unit_test(test_unknown_ops),
        cmocka_unit_test(test_ops_by_release),
        cmocka_unit_test(test_remote_shutdown),
        cmocka_unit_test(test_nr_vcpus),
        cmocka_unit_test(test_irq_ops),
        cmocka_unit_test(test_ioreq_server_ops),
        cmocka_unit_test(test_ioreq_info_flags),
        cmocka_unit_test(test_track_dirty_vram),
        cmocka_unit_test(test_modified_memory_without_log_dirty),
        cmocka_unit_test(test_modified_memory),
        cmocka_unit_test(test_modified_memory_preempted),
        cmocka_unit_test(test_set_mem_type_preempted),
        cmocka_unit_test(test_modified_memory_no_log_dirty),
        cmocka_unit_test(test_set_mem_type),
        cmocka_unit_test(test_relocate_and_cacheattr),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
