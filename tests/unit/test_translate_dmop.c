/* xs_translate_dm_op over the in-process simulator.
 *
 * Every test runs once per release without dm_op (4.5, 4.6, 4.7, 4.8,
 * hvmctl1).  Most of them are differential: the same dm_op buffers go
 * through the translator on the old release and natively to a 4.17
 * simulator, and the return values, what was written back into the
 * caller's buffers, and the guest state (sim_write_state_json) must agree.
 * Explicit errno assertions make sure the agreement is not on nonsense. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "abi.h"
#include "guarded.h"
#include "hv_internal.h"
#include "hv_over_sim.h"
#include "log.h"
#include "translate.h"

#define DOM 1
#define BAD_DOM 999

/* Both hypervisors of a differential test, and what the translator asked
 * of the old one. */
struct pair {
    const char *rel;
    struct hv_over_sim old, ref;
    struct xs_hv spy;                 /* old.hv with hypercalls recorded */
    unsigned nr_calls;
    uint64_t ops[64], arg0[64];
};

static long spy_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct pair *p = (struct pair *)((char *)hv - offsetof(struct pair, spy));

    if (p->nr_calls < 64) {
        p->ops[p->nr_calls] = op;
        p->arg0[p->nr_calls] = arg[0];
    }
    p->nr_calls++;
    return hvos_hypercall(&p->old.hv, op, arg);
}

static int pair_setup(void **state)
{
    struct pair *p = calloc(1, sizeof(*p));

    assert_non_null(p);
    p->rel = *state;
    assert_int_equal(hv_over_sim_open(&p->old, p->rel), 0);
    assert_int_equal(hv_over_sim_open(&p->ref, "4.17"), 0);
    p->spy = p->old.hv;
    p->spy.hypercall = spy_hypercall;
    xs_log_set_level(0);
    *state = p;
    return 0;
}

static int pair_teardown(void **state)
{
    struct pair *p = *state;
    const char *rel = p->rel;

    hv_over_sim_close(&p->old);
    hv_over_sim_close(&p->ref);
    free(p);
    *state = (void *)rel;
    return 0;
}

/* The translated call; it must be taken. */
static long xlat(struct pair *p, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    long ret = 12345;

    assert_int_equal(xs_translate_dm_op(&p->spy, domid, nr, bufs, &ret), XS_DONE);
    assert_int_not_equal(ret, 12345);
    return ret;
}

static long native(struct pair *p, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    return p->ref.hv.dm_op(&p->ref.hv, domid, nr, bufs);
}

static void assert_same_state(struct pair *p)
{
    assert_true(hv_over_sim_same_state(&p->old, p->rel, &p->ref, "4.17"));
}

/* One dm_op both ways: buf[0] holds op, buf[1] (optional) extra bytes.
 * Copies are made so each side sees the caller's original bytes; the
 * translated side's buf[0] comes back in *out, the native one in *ref_out.
 * Returns the translated result after checking it equals the native one. */
struct call {
    struct xs_dm_op op;
    size_t size0;                 /* bytes of buf[0], default header + payload */
    unsigned nr;                  /* buffers, default 1 (2 if extra) */
    void *extra;
    size_t extra_size;
    uint16_t domid;
};

static long both(struct pair *p, struct call *c, struct xs_dm_op *out, void *extra_out)
{
    unsigned nr = c->nr ? c->nr : (c->extra ? 2 : 1);
    size_t size0 = c->size0 ? c->size0 : sizeof(struct xs_dm_op);
    size_t copy0 = size0 < sizeof(c->op) ? size0 : sizeof(c->op);
    /* Each buffer ends at an inaccessible page: a read or write past the
     * declared size is -EFAULT on that side, and the two sides disagree. */
    uint8_t *a = guarded_copy(NULL, size0), *b = guarded_copy(NULL, size0);
    void *ea = guarded_copy(c->extra, c->extra_size), *eb = guarded_copy(c->extra, c->extra_size);
    struct xs_ubuf ba[2], bb[2];
    long r_old, r_ref;

    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(ea);
    assert_non_null(eb);
    memcpy(a, &c->op, copy0);
    memcpy(b, &c->op, copy0);
    ba[0] = (struct xs_ubuf){ (uintptr_t)a, size0 };
    bb[0] = (struct xs_ubuf){ (uintptr_t)b, size0 };
    ba[1] = (struct xs_ubuf){ (uintptr_t)ea, c->extra_size };
    bb[1] = (struct xs_ubuf){ (uintptr_t)eb, c->extra_size };
    r_old = xlat(p, c->domid ? c->domid : DOM, nr, ba);
    r_ref = native(p, c->domid ? c->domid : DOM, nr, bb);
    if (r_old != r_ref)
        fprintf(stderr, "%s: dm_op %u: translated %ld, 4.17 %ld\n", p->rel, c->op.op,
                r_old, r_ref);
    assert_int_equal(r_old, r_ref);
    if (out) {
        memset(out, 0, sizeof(*out));
        memcpy(out, a, copy0);
    }
    if (extra_out) {
        memcpy(extra_out, ea, c->extra_size);
        assert_memory_equal(ea, eb, c->extra_size);
    }
    guarded_free(a, size0);
    guarded_free(b, size0);
    guarded_free(ea, c->extra_size);
    guarded_free(eb, c->extra_size);
    return r_old;
}

static struct call dmop(unsigned op)
{
    struct call c;

    memset(&c, 0, sizeof(c));
    c.op.op = op;
    return c;
}

/* ioreq server id on each side: they differ by release. */
static uint16_t create_server_each(struct pair *p, uint8_t bufioreq, uint16_t *ref_id)
{
    struct xs_dm_op a, b;
    struct xs_ubuf ba = { (uintptr_t)&a, sizeof(a) }, bb = { (uintptr_t)&b, sizeof(b) };

    memset(&a, 0, sizeof(a));
    a.op = XS_DMOP_create_ioreq_server;
    a.u.create_ioreq_server.handle_bufioreq = bufioreq;
    a.u.create_ioreq_server.id = 0xbeef;
    b = a;
    assert_int_equal(xlat(p, DOM, 1, &ba), 0);
    assert_int_equal(native(p, DOM, 1, &bb), 0);
    assert_int_not_equal(a.u.create_ioreq_server.id, 0xbeef);
    *ref_id = b.u.create_ioreq_server.id;
    return a.u.create_ioreq_server.id;
}

/* A dm_op whose payload names an ioreq server: each side gets its own id. */
static long both_with_id(struct pair *p, struct xs_dm_op *op, size_t id_off,
                         uint16_t id_old, uint16_t id_ref, struct xs_dm_op *out)
{
    struct xs_dm_op a = *op, b = *op;
    struct xs_ubuf ba = { (uintptr_t)&a, sizeof(a) }, bb = { (uintptr_t)&b, sizeof(b) };
    long r_old, r_ref;

    memcpy((char *)&a + id_off, &id_old, 2);
    memcpy((char *)&b + id_off, &id_ref, 2);
    r_old = xlat(p, DOM, 1, &ba);
    r_ref = native(p, DOM, 1, &bb);
    assert_int_equal(r_old, r_ref);
    if (out)
        *out = a;
    return r_old;
}

#define ID_OFF offsetof(struct xs_dm_op, u)  /* every ioreq payload starts with id */

/* ---- dispatch ------------------------------------------------------------ */

static void test_passes_where_dm_op_exists(void **state)
{
    struct hv_over_sim h;
    struct xs_dm_op op = { .op = XS_DMOP_set_isa_irq_level };
    struct xs_ubuf b = { (uintptr_t)&op, sizeof(op) };
    long ret = 7;

    (void)state;
    assert_int_equal(hv_over_sim_open(&h, "4.17"), 0);
    assert_int_equal(xs_translate_dm_op(&h.hv, DOM, 1, &b, &ret), XS_PASS);
    assert_int_equal(ret, 7);
    hv_over_sim_close(&h);

    assert_int_equal(hv_over_sim_open(&h, "4.6"), 0);
    h.profile.passthrough = true;
    assert_int_equal(xs_translate_dm_op(&h.hv, DOM, 1, &b, &ret), XS_PASS);
    assert_int_equal(h.nr_hypercalls, 0);
    hv_over_sim_close(&h);
}

/* No buffers: -ENODATA, as Xen (XSA-506) says to hypercall 41, before
 * looking at the domain, and the old hypervisor is not asked.  (The empty
 * DM_OP ioctl of libxendevicemodel's probe is the kernel's: 0, and the
 * interposer passes it through; test_interpose covers that.) */
static void test_no_buffers(void **state)
{
    struct pair *p = *state;

    p->ref.kernel_dm_op_limits = 0;
    assert_int_equal(xlat(p, XS_DOMID_INVALID, 0, NULL), -ENODATA);
    assert_int_equal(native(p, XS_DOMID_INVALID, 0, NULL), -ENODATA);
    assert_int_equal(xlat(p, DOM, 0, NULL), -ENODATA);
    assert_int_equal(p->nr_calls, 0);
}

static void test_header_errors(void **state)
{
    struct pair *p = *state;
    struct call c;
    struct xs_ubuf bufs[3] = { { 0, 0 }, { 0, 0 }, { 0, 0 } };

    /* More buffers than Xen takes. */
    c = dmop(XS_DMOP_set_isa_irq_level);
    bufs[0] = (struct xs_ubuf){ (uintptr_t)&c.op, sizeof(c.op) };
    assert_int_equal(xlat(p, DOM, 3, bufs), -E2BIG);

    /* buf[0] smaller than the header, or than header + payload. */
    c = dmop(XS_DMOP_set_isa_irq_level);
    c.size0 = 4;
    assert_int_equal(both(p, &c, NULL, NULL), -EFAULT);
    c = dmop(XS_DMOP_create_ioreq_server);
    c.size0 = 8 + 5;
    assert_int_equal(both(p, &c, NULL, NULL), -EFAULT);
    /* ... but a bad domain is reported first. */
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    /* The caller itself, and DOMID_SELF (never resolved by dm_op). */
    {
        struct xs_ubuf b0 = { (uintptr_t)&c.op, 4 };
        assert_int_equal(xlat(p, 0, 1, &b0), -EPERM);
        assert_int_equal(native(p, 0, 1, &b0), -EPERM);
        assert_int_equal(xlat(p, XS_DOMID_SELF, 1, &b0), -ESRCH);
        assert_int_equal(native(p, XS_DOMID_SELF, 1, &b0), -ESRCH);
    }

    /* Unreadable buf[0]. */
    {
        void *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        struct xs_ubuf b0 = { (uintptr_t)page, 32 };
        assert_true(page != MAP_FAILED);
        assert_int_equal(xlat(p, DOM, 1, &b0), -EFAULT);
        munmap(page, 4096);
    }

    /* Unknown ops, op 0, non-zero header pad. */
    c = dmop(XS_DMOP_MAX + 1);
    assert_int_equal(both(p, &c, NULL, NULL), -EOPNOTSUPP);
    c = dmop(0x7fffffff);
    c.size0 = 8;
    assert_int_equal(both(p, &c, NULL, NULL), -EOPNOTSUPP);
    c = dmop(0);
    assert_int_equal(both(p, &c, NULL, NULL), -EOPNOTSUPP);
    c = dmop(XS_DMOP_set_isa_irq_level);
    c.op.pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    assert_same_state(p);
}

/* ---- ioreq servers --------------------------------------------------------- */

static void test_ioreq_server_family(void **state)
{
    struct pair *p = *state;
    struct xs_dm_op op, out;
    /* LEGACY, not ATOMIC: 4.5 has only the legacy ring, and the state
     * would show it (the suite and docs/dmop-fallback.md say more). */
    uint16_t ref_id, id = create_server_each(p, XS_IOREQSRV_BUFIOREQ_LEGACY, &ref_id);
    uint16_t ref_id2, id2 = create_server_each(p, XS_IOREQSRV_BUFIOREQ_OFF, &ref_id2);

    assert_int_not_equal(id, id2);

    /* get_info: port and gfns come back; no_gfns leaves the gfns alone. */
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_get_ioreq_server_info;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, &out), 0);
    assert_true(out.u.get_ioreq_server_info.ioreq_gfn != 0);
    assert_true(out.u.get_ioreq_server_info.bufioreq_gfn != 0);
    assert_true(out.u.get_ioreq_server_info.bufioreq_port != 0);
    op.u.get_ioreq_server_info.flags = XS_DMOP_no_gfns;
    op.u.get_ioreq_server_info.ioreq_gfn = 0x1111;
    op.u.get_ioreq_server_info.bufioreq_gfn = 0x2222;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, &out), 0);
    assert_int_equal(out.u.get_ioreq_server_info.ioreq_gfn, 0x1111);
    assert_int_equal(out.u.get_ioreq_server_info.bufioreq_gfn, 0x2222);
    assert_true(out.u.get_ioreq_server_info.bufioreq_port != 0);
    op.u.get_ioreq_server_info.flags = 2;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), -EINVAL);

    /* Ranges: port, MMIO, PCI; overlap, bad type, pad. */
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_map_io_range_to_ioreq_server;
    op.u.map_io_range_to_ioreq_server.type = XS_IO_RANGE_PORT;
    op.u.map_io_range_to_ioreq_server.start = 0x3f8;
    op.u.map_io_range_to_ioreq_server.end = 0x3ff;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), 0);
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), -EEXIST);
    op.u.map_io_range_to_ioreq_server.type = XS_IO_RANGE_MEMORY;
    op.u.map_io_range_to_ioreq_server.start = 0xfebf0000;
    op.u.map_io_range_to_ioreq_server.end = 0xfebf0fff;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), 0);
    op.u.map_io_range_to_ioreq_server.type = XS_IO_RANGE_PCI;
    op.u.map_io_range_to_ioreq_server.start = XS_PCI_SBDF(0, 0, 3, 0);
    op.u.map_io_range_to_ioreq_server.end = XS_PCI_SBDF(0, 0, 3, 0);
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), 0);
    op.u.map_io_range_to_ioreq_server.start = XS_PCI_SBDF(0, 0, 4, 0);
    op.u.map_io_range_to_ioreq_server.end = XS_PCI_SBDF(0, 0, 4, 0);
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), 0);
    op.u.map_io_range_to_ioreq_server.type = 3;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), -EINVAL);
    op.u.map_io_range_to_ioreq_server.type = XS_IO_RANGE_PORT;
    op.u.map_io_range_to_ioreq_server.pad = 1;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), -EINVAL);

    op.op = XS_DMOP_unmap_io_range_from_ioreq_server;
    op.u.unmap_io_range_from_ioreq_server.pad = 0;
    op.u.unmap_io_range_from_ioreq_server.type = XS_IO_RANGE_PCI;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), 0);
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), -ENOENT);

    /* State: on, pad, then off for the second. */
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_set_ioreq_server_state;
    op.u.set_ioreq_server_state.enabled = 7;     /* any non-zero is on */
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), 0);
    op.u.set_ioreq_server_state.pad = 1;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id, ref_id, NULL), -EINVAL);

    /* Destroy the second; its id then names nothing. */
    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_destroy_ioreq_server;
    op.u.destroy_ioreq_server.pad = 1;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), -EINVAL);
    op.u.destroy_ioreq_server.pad = 0;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), 0);
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), -ENOENT);
    op.op = XS_DMOP_get_ioreq_server_info;
    assert_int_equal(both_with_id(p, &op, ID_OFF, id2, ref_id2, NULL), -ENOENT);

    /* Create: ATOMIC is taken everywhere (4.5 runs it as its legacy ring:
     * destroyed again so the states stay comparable); then pad, bad
     * bufioreq mode, bad domain. */
    {
        uint16_t ref3, id3 = create_server_each(p, XS_IOREQSRV_BUFIOREQ_ATOMIC, &ref3);
        struct call c;
        memset(&op, 0, sizeof(op));
        op.op = XS_DMOP_destroy_ioreq_server;
        assert_int_equal(both_with_id(p, &op, ID_OFF, id3, ref3, NULL), 0);
        c = dmop(XS_DMOP_create_ioreq_server);
        c.op.u.create_ioreq_server.pad[1] = 1;
        assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
        c = dmop(XS_DMOP_create_ioreq_server);
        c.op.u.create_ioreq_server.handle_bufioreq = 3;
        assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
        c.op.u.create_ioreq_server.handle_bufioreq = 0;
        c.domid = BAD_DOM;
        assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    }
    assert_same_state(p);
}

/* ---- dirty VRAM ------------------------------------------------------------ */

/* The old releases' VRAM tracking turns log-dirty on (up to 4.13), 4.17's
 * does not: a Xen rule no translation changes.  Tests of the translated
 * modified_memory and dirty bitmap compare with a 4.17 reference playing
 * the old rule. */
static void ref_keeps_old_log_dirty_rule(struct pair *p)
{
    p->ref.sim->guest.vram_keeps_log_dirty_off = false;
}

static void test_track_dirty_vram(void **state)
{
    struct pair *p = *state;
    uint8_t bitmap[40], got[40];
    struct call c = dmop(XS_DMOP_track_dirty_vram);

    ref_keeps_old_log_dirty_rule(p);

    /* 256 frames: 32 bytes, all dirty the first time; nothing past it. */
    memset(bitmap, 0xa5, sizeof(bitmap));
    c.op.u.track_dirty_vram.first_pfn = 0x7000;
    c.op.u.track_dirty_vram.nr = 256;
    c.extra = bitmap;
    c.extra_size = sizeof(bitmap);
    assert_int_equal(both(p, &c, NULL, got), 0);
    for (unsigned i = 0; i < 32; i++)
        assert_int_equal(got[i], 0xff);
    for (unsigned i = 32; i < sizeof(got); i++)
        assert_int_equal(got[i], 0xa5);

    /* Again: clean, then one modified frame shows up. */
    assert_int_equal(both(p, &c, NULL, got), 0);
    for (unsigned i = 0; i < 32; i++)
        assert_int_equal(got[i], 0);
    {
        struct xs_dm_op_modified_memory_extent e = { .nr = 1, .first_pfn = 0x7009 };
        struct call m = dmop(XS_DMOP_modified_memory);
        m.op.u.modified_memory.nr_extents = 1;
        m.extra = &e;
        m.extra_size = sizeof(e);
        assert_int_equal(both(p, &m, NULL, NULL), 0);
    }
    assert_int_equal(both(p, &c, NULL, got), 0);
    assert_int_equal(got[1], 0x02);

    /* Exactly big enough, then one byte short. */
    c.op.u.track_dirty_vram.nr = 12;
    c.extra_size = 2;
    assert_int_equal(both(p, &c, NULL, got), 0);
    c.extra_size = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    /* No buf[1], a pad, more than 1 GiB of frames. */
    c.extra_size = sizeof(bitmap);
    c.nr = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.nr = 0;
    c.op.u.track_dirty_vram.pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.track_dirty_vram.pad = 0;
    c.op.u.track_dirty_vram.nr = (1u << 18) + 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.track_dirty_vram.nr = 8;
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    /* nr 0 stops tracking, bitmap untouched. */
    c.domid = 0;
    c.op.u.track_dirty_vram.nr = 0;
    memset(bitmap, 0x5a, sizeof(bitmap));
    assert_int_equal(both(p, &c, NULL, got), 0);
    assert_int_equal(got[0], 0x5a);
    assert_same_state(p);
    /* An unwritable bitmap. */
    c.op.u.track_dirty_vram.nr = 8;
    {
        struct xs_dm_op op = c.op;
        void *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        struct xs_ubuf b[2] = { { (uintptr_t)&op, sizeof(op) }, { (uintptr_t)page, 1 } };
        assert_true(page != MAP_FAILED);
        assert_int_equal(xlat(p, DOM, 2, b), -EFAULT);
        munmap(page, 4096);
    }
}

/* ---- interrupts ------------------------------------------------------------- */

static void test_interrupts(void **state)
{
    struct pair *p = *state;
    struct call c;

    c = dmop(XS_DMOP_set_pci_intx_level);
    c.op.u.set_pci_intx_level.device = 3;
    c.op.u.set_pci_intx_level.level = 1;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    c.op.u.set_pci_intx_level.domain = 0x100;   /* does not fit the old 8 bits */
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.domid = BAD_DOM;                         /* the domain is reported first */
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    c.domid = 0;
    c.op.u.set_pci_intx_level.domain = 0;
    c.op.u.set_pci_intx_level.device = 32;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_pci_intx_level.device = 3;
    c.op.u.set_pci_intx_level.intx = 4;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_pci_intx_level.intx = 0;
    c.op.u.set_pci_intx_level.level = 2;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);

    c = dmop(XS_DMOP_set_isa_irq_level);
    c.op.u.set_isa_irq_level.isa_irq = 4;
    c.op.u.set_isa_irq_level.level = 1;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    c.op.u.set_isa_irq_level.isa_irq = 16;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);

    c = dmop(XS_DMOP_set_pci_link_route);
    c.op.u.set_pci_link_route.link = 1;
    c.op.u.set_pci_link_route.isa_irq = 11;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    c.op.u.set_pci_link_route.link = 4;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);

    c = dmop(XS_DMOP_inject_msi);
    c.op.u.inject_msi.addr = 0xfee00000;
    c.op.u.inject_msi.data = 0x4041;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    c.op.u.inject_msi.pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);

    /* inject_event -> inject_trap: fields carried over, bad vCPU is -EINVAL
     * (the old call's -ENOENT), a second event on a paused vCPU -EBUSY. */
    {
        struct xs_domctl d;
        uint64_t a[5] = { (uintptr_t)&d };
        memset(&d, 0, sizeof(d));
        d.cmd = XS_DOMCTL_pausedomain;
        d.interface_version = p->old.profile.domctl_if;
        d.domain = DOM;
        assert_int_equal(hvos_hypercall(&p->old.hv, XS_HYPERVISOR_domctl, a), 0);
        d.interface_version = p->ref.profile.domctl_if;
        assert_int_equal(hvos_hypercall(&p->ref.hv, XS_HYPERVISOR_domctl, a), 0);
    }
    c = dmop(XS_DMOP_inject_event);
    c.op.u.inject_event.vcpuid = 1;
    c.op.u.inject_event.vector = 14;
    c.op.u.inject_event.type = XS_EVENT_hw_exc;
    c.op.u.inject_event.insn_len = 2;
    c.op.u.inject_event.error_code = 6;
    c.op.u.inject_event.cr2 = 0xdeadb000;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    assert_int_equal(both(p, &c, NULL, NULL), -EBUSY);
    c.op.u.inject_event.vcpuid = 2;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.inject_event.vcpuid = 0;
    c.op.u.inject_event.pad1 = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    assert_same_state(p);
}

/* ---- memory ----------------------------------------------------------------- */

/* The guest model's record of modified ranges (hv_internal.h). */
static bool modified_has(struct hv_over_sim *h, uint64_t first_pfn, uint64_t nr)
{
    const struct hv_guest *g = &h->sim->guest;

    for (size_t i = 0; i < g->nr_modified; i++)
        if (g->modified[i].first_pfn == first_pfn && g->modified[i].nr == nr)
            return true;
    return false;
}

/* The old hypervisor preempts its modified_memory every 256 frames (the
 * kernel issues the call again, with the progress in op on 4.5-4.8):
 * the translated dm_op still makes one legacy call per extent, answers
 * once, and leaves the guest as the 4.17 reference that was never
 * preempted (each frame marked once, the extents recorded whole). */
static void test_modified_memory_preempted(void **state)
{
    struct pair *p = *state;
    struct xs_dm_op_modified_memory_extent e[3] = {
        { .nr = 600, .first_pfn = 0x1000 },
        { .nr = 1, .first_pfn = 0x3000 },
        { .nr = 513, .first_pfn = 0x2000 },
    };
    struct call c = dmop(XS_DMOP_modified_memory);
    unsigned calls_plain, calls_preempted;

    ref_keeps_old_log_dirty_rule(p);
    p->old.sim->guest.log_dirty = p->ref.sim->guest.log_dirty = true;
    c.op.u.modified_memory.nr_extents = 3;
    c.extra = e;
    c.extra_size = sizeof(e);

    p->nr_calls = 0;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    calls_plain = p->nr_calls;
    assert_int_equal(sim_continuations(p->old.sim), 0);

    p->old.sim->cfg.preempt_every = 1;
    e[0].first_pfn = 0x4000;
    e[2].first_pfn = 0x5000;
    p->nr_calls = 0;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    calls_preempted = p->nr_calls;
    assert_int_equal(calls_preempted, calls_plain);
    /* hvmctl1 (hypothetical) keeps its progress in opaque and is not
     * made to preempt; 4.5-4.8 are, twice in 600 frames and twice in 513. */
    if (!p->old.sim->rel->hvmctl_if)
        assert_int_equal(sim_continuations(p->old.sim), 4);
    assert_true(modified_has(&p->old, 0x4000, 600));
    assert_true(modified_has(&p->old, 0x5000, 513));
    for (unsigned i = 0; i < 600; i++)
        assert_true(p->old.sim->guest.dirty[0x4000 + i]);
    assert_same_state(p);
}

/* set_mem_type of 600 frames on an old hypervisor that preempts it every
 * 256: one translated call, the guest as the unpreempted 4.17 reference
 * leaves it, the caller's payload as the reference leaves it. */
static void test_set_mem_type_preempted(void **state)
{
    struct pair *p = *state;
    struct call c = dmop(XS_DMOP_set_mem_type);
    struct xs_dm_op out;

    p->old.sim->cfg.preempt_every = 1;
    c.op.u.set_mem_type.nr = 600;
    c.op.u.set_mem_type.mem_type = XS_HVMMEM_ram_ro;
    c.op.u.set_mem_type.first_pfn = 0x400;
    assert_int_equal(both(p, &c, &out, NULL), 0);
    if (!p->old.sim->rel->hvmctl_if)
        assert_int_equal(sim_continuations(p->old.sim), 2);
    for (unsigned i = 0; i < 600; i++)
        assert_int_equal(p->old.sim->guest.mem_type[0x400 + i], HV_MEM_RAM_RO);
    assert_same_state(p);
}

static void test_modified_memory_extents(void **state)
{
    struct pair *p = *state;

    ref_keeps_old_log_dirty_rule(p);
    struct xs_dm_op_modified_memory_extent e[3] = {
        { .nr = 2, .first_pfn = 0x200 },
        { .nr = 1, .first_pfn = 0x10000000 },     /* beyond the guest */
        { .nr = 8, .first_pfn = 0x300 },
    };
    struct call c = dmop(XS_DMOP_modified_memory);
    struct xs_dm_op out;

    /* Log-dirty on, so the hypervisor does not skip the call. */
    {
        uint8_t bm[4];
        struct call t = dmop(XS_DMOP_track_dirty_vram);
        t.op.u.track_dirty_vram.first_pfn = 0x7000;
        t.op.u.track_dirty_vram.nr = 32;
        t.extra = bm;
        t.extra_size = sizeof(bm);
        assert_int_equal(both(p, &t, NULL, NULL), 0);
    }

    /* The middle extent fails: the last one (done first) is marked, the
     * first is not, and the header is left as the caller wrote it. */
    c.op.u.modified_memory.nr_extents = 3;
    c.extra = e;
    c.extra_size = sizeof(e);
    assert_int_equal(both(p, &c, &out, NULL), -EINVAL);
    assert_int_equal(out.u.modified_memory.nr_extents, 3);
    assert_int_equal(out.u.modified_memory.opaque, 0);
    assert_true(modified_has(&p->old, 0x300, 8));
    assert_false(modified_has(&p->old, 0x200, 2));
    assert_same_state(p);

    /* All good; opaque skips frames of the last extent. */
    e[1].first_pfn = 0x400;
    c.op.u.modified_memory.opaque = 3;
    assert_int_equal(both(p, &c, &out, NULL), 0);
    assert_true(modified_has(&p->old, 0x303, 5));
    c.op.u.modified_memory.opaque = 8;          /* >= the extent's nr */
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.modified_memory.opaque = 0;

    /* Extent array shorter than nr_extents; no buf[1]; pad; empty extent. */
    c.extra_size = 2 * sizeof(e[0]);
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.extra_size = sizeof(e);
    c.nr = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.nr = 0;
    e[2].pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    e[2].pad = 0;
    e[0].nr = 0;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    e[0].nr = 2;
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    c.domid = 0;
    c.op.u.modified_memory.nr_extents = 0;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    assert_same_state(p);

    /* Unreadable extents. */
    {
        struct xs_dm_op op = c.op;
        void *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        struct xs_ubuf b[2] = { { (uintptr_t)&op, sizeof(op) }, { (uintptr_t)page, 16 } };
        assert_true(page != MAP_FAILED);
        op.u.modified_memory.nr_extents = 1;
        assert_int_equal(xlat(p, DOM, 2, b), -EFAULT);
        munmap(page, 4096);
    }

    /* Never a continuation bit in the hvm_op number (4.5-4.8 would take it
     * as progress). */
    for (unsigned i = 0; i < p->nr_calls && i < 64; i++)
        if (p->ops[i] == XS_HYPERVISOR_hvm_op)
            assert_true(p->arg0[i] <= XS_HVMOP_op_mask);
}

static void test_set_mem_type(void **state)
{
    struct pair *p = *state;
    struct call c = dmop(XS_DMOP_set_mem_type);

    c.op.u.set_mem_type.mem_type = XS_HVMMEM_ram_ro;
    c.op.u.set_mem_type.first_pfn = 0x400;
    c.op.u.set_mem_type.nr = 16;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    c.op.u.set_mem_type.mem_type = XS_HVMMEM_ram_rw;
    c.op.u.set_mem_type.nr = 8;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    /* 3 is mmio_write_dm to 4.6 but refused by dm_op; 4 needs a server
     * that claimed the type, which cannot happen here. */
    c.op.u.set_mem_type.mem_type = 3;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_mem_type.mem_type = XS_HVMMEM_ioreq_server;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_mem_type.mem_type = 9;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_mem_type.mem_type = XS_HVMMEM_ram_ro;
    c.op.u.set_mem_type.first_pfn = 0x10000000;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_mem_type.first_pfn = 0x400;
    c.op.u.set_mem_type.nr = 0;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_mem_type.nr = 1;
    c.op.u.set_mem_type.pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.set_mem_type.pad = 0;
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    assert_same_state(p);
}

/* ---- through domctl and sched_op ---------------------------------------------- */

static void test_domctl_and_sched_op(void **state)
{
    struct pair *p = *state;
    struct call c;
    struct xs_dm_op out;

    c = dmop(XS_DMOP_nr_vcpus);
    assert_int_equal(both(p, &c, &out, NULL), 0);
    assert_int_equal(out.u.nr_vcpus.vcpus, 2);
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    {
        struct xs_dm_op op = { .op = XS_DMOP_nr_vcpus };
        struct xs_ubuf b = { (uintptr_t)&op, sizeof(op) };
        assert_int_equal(xlat(p, 0, 1, &b), -EPERM);
    }

    c = dmop(XS_DMOP_pin_memory_cacheattr);
    c.op.u.pin_memory_cacheattr.start = 0;
    c.op.u.pin_memory_cacheattr.end = 0x7fff;
    c.op.u.pin_memory_cacheattr.type = XS_DMOP_MEM_CACHEATTR_WB;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    /* It went out as a domctl (stamped with the hypervisor's own interface
     * version, or the answer would have been -EACCES). */
    assert_int_equal(p->ops[(p->nr_calls - 1) % 64], XS_HYPERVISOR_domctl);
    c.op.u.pin_memory_cacheattr.pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.pin_memory_cacheattr.pad = 0;
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);

    c = dmop(XS_DMOP_remote_shutdown);
    c.op.u.remote_shutdown.reason = XS_SHUTDOWN_reboot;
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    c.domid = 0;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    assert_same_state(p);
}

/* ---- what the old releases cannot express --------------------------------------- */

static void test_unexpressible(void **state)
{
    struct pair *p = *state;
    struct call c;
    unsigned before;

    c = dmop(XS_DMOP_map_mem_type_to_ioreq_server);
    c.op.u.map_mem_type_to_ioreq_server.type = XS_HVMMEM_ioreq_server;
    c.op.u.map_mem_type_to_ioreq_server.flags = XS_DMOP_IOREQ_MEM_ACCESS_WRITE;
    before = p->nr_calls;
    {
        struct xs_dm_op op = c.op;
        struct xs_ubuf b = { (uintptr_t)&op, sizeof(op) };
        assert_int_equal(xlat(p, DOM, 1, &b), -EOPNOTSUPP);
    }
    /* Only the domain probe reached the hypervisor. */
    assert_true(p->nr_calls - before <= 1);
    c.domid = BAD_DOM;
    {
        struct xs_dm_op op = c.op;
        struct xs_ubuf b = { (uintptr_t)&op, sizeof(op) };
        assert_int_equal(xlat(p, BAD_DOM, 1, &b), -ESRCH);
    }

    /* x86 4.17 refuses set_irq_level itself: the same answer both ways,
     * even with a buffer holding just the header. */
    c = dmop(XS_DMOP_set_irq_level);
    c.size0 = 8;
    assert_int_equal(both(p, &c, NULL, NULL), -EOPNOTSUPP);
    assert_same_state(p);
}

/* relocate_memory through XENMEM_add_to_physmap (memory_op): the move,
 * 4.17's up-front checks, and the errors of the move itself, each the
 * same as 4.17's, with the same guest state. */
static void test_relocate_memory(void **state)
{
    struct pair *p = *state;
    struct call c = dmop(XS_DMOP_relocate_memory);
    unsigned before = p->nr_calls;

    c.op.u.relocate_memory.size = 4;
    c.op.u.relocate_memory.src_gfn = 0x600;
    c.op.u.relocate_memory.dst_gfn = 0x7e00;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    /* The target checked (probe, getdomaininfo), then one memory_op. */
    assert_int_equal(p->nr_calls - before, 3);
    assert_int_equal(p->ops[before + 1], XS_HYPERVISOR_domctl);
    assert_int_equal(p->ops[before + 2], XS_HYPERVISOR_memory_op);
    assert_int_equal(p->arg0[before + 2], XS_XENMEM_add_to_physmap);
    assert_same_state(p);
    /* Continuing the last move, and nothing at all. */
    c.op.u.relocate_memory.src_gfn = 0x604;
    c.op.u.relocate_memory.dst_gfn = 0x7e04;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    c.op.u.relocate_memory.size = 0;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    assert_same_state(p);

    c.op.u.relocate_memory.size = 4;
    c.op.u.relocate_memory.pad = 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.relocate_memory.pad = 0;
    c.op.u.relocate_memory.dst_gfn = ~(uint64_t)0;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.relocate_memory.dst_gfn = ~(uint64_t)0 - 2;
    assert_int_equal(both(p, &c, NULL, NULL), -EOVERFLOW);
    c.op.u.relocate_memory.dst_gfn = 0x7e00;
    c.op.u.relocate_memory.src_gfn = ~(uint64_t)0 - 1;
    assert_int_equal(both(p, &c, NULL, NULL), -EOVERFLOW);
    /* A source past the guest's RAM; more frames than a 16-bit size holds
     * (the first piece already fails). */
    c.op.u.relocate_memory.src_gfn = 0x7ffe;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    c.op.u.relocate_memory.src_gfn = 0;
    c.op.u.relocate_memory.size = 0x10005;
    assert_int_equal(both(p, &c, NULL, NULL), -EINVAL);
    /* The domain is wrong first. */
    c.op.u.relocate_memory.size = 4;
    c.op.u.relocate_memory.src_gfn = 0x600;
    c.domid = BAD_DOM;
    assert_int_equal(both(p, &c, NULL, NULL), -ESRCH);
    /* dom0, a PV domain (both() reads domid 0 as the guest), with frames
     * to move and without. */
    for (uint32_t size = 4; ; size = 0) {
        struct xs_dm_op a = c.op, b = c.op;
        struct xs_ubuf ba = { (uintptr_t)&a, sizeof(a) }, bb = { (uintptr_t)&b, sizeof(b) };
        long r;

        a.u.relocate_memory.size = b.u.relocate_memory.size = size;
        r = xlat(p, 0, 1, &ba);
        assert_int_equal(r, native(p, 0, 1, &bb));
        assert_true(r < 0);
        if (!size)
            break;
    }
    assert_same_state(p);
}

/* A move of more frames than the old struct's 16-bit size: pieces, and
 * every frame moved, as dm_op.h documents and the simulated 4.17 does
 * (real 4.17 truncates the size; docs/dmop-fallback.md).  Both simulators
 * get a guest big enough (512 MiB). */
static void test_relocate_memory_in_pieces(void **state)
{
    struct pair *p = *state;
    struct sim_config cfg = { .domid = DOM, .vcpus = 2, .mem_mib = 512, .trace = NULL };
    struct call c = dmop(XS_DMOP_relocate_memory);
    unsigned before;

    sim_destroy(p->old.sim);
    sim_destroy(p->ref.sim);
    p->old.sim = sim_create(xs_release_by_name(p->rel), &cfg);
    p->ref.sim = sim_create(xs_release_by_name("4.17"), &cfg);
    assert_non_null(p->old.sim);
    assert_non_null(p->ref.sim);
    c.op.u.relocate_memory.size = 0x10005;
    c.op.u.relocate_memory.src_gfn = 0x100;
    c.op.u.relocate_memory.dst_gfn = 0x18000;
    before = p->nr_calls;
    assert_int_equal(both(p, &c, NULL, NULL), 0);
    assert_int_equal(p->nr_calls - before, 4);   /* probe, getdomaininfo, two pieces */
    assert_int_equal(p->ops[before + 2], XS_HYPERVISOR_memory_op);
    assert_int_equal(p->ops[before + 3], XS_HYPERVISOR_memory_op);
    assert_same_state(p);
    /* The second piece fails (past RAM, which ends at 0x1ffff): the error
     * comes straight back, and the first piece stays
     * moved, as the frames real 4.17 moves before a failure do (the
     * simulated 4.17 refuses the whole range up front, so the states are
     * not compared here). */
    c.op.u.relocate_memory.src_gfn = 0x10000;
    c.op.u.relocate_memory.dst_gfn = 0x200;
    before = p->nr_calls;
    assert_int_equal(xlat(p, DOM, 1, (struct xs_ubuf[]){ { (uintptr_t)&c.op, sizeof(c.op) } }),
                     -EINVAL);
    assert_int_equal(p->nr_calls - before, 4);
    assert_int_equal(p->ops[before + 2], XS_HYPERVISOR_memory_op);
    assert_int_equal(p->ops[before + 3], XS_HYPERVISOR_memory_op);
    {
        char *st = hv_over_sim_state(&p->old);
        assert_non_null(strstr(st, "{\"dst_gfn\":\"0x200\",\"size\":65535,\"src_gfn\":\"0x10000\"}"));
        free(st);
    }
}

/* A refused op is never silent: one error line naming it the first time
 * (later ones at debug level), and it does not count as translated, while
 * a translated op does.  In a child, for a fresh process-wide state and
 * its own stderr. */
static void test_refusal_logged_once(void **state)
{
    char path[] = "/tmp/test_translate_dmop.XXXXXX";
    int fd = mkstemp(path), status;
    pid_t pid;

    (void)state;
    assert_true(fd >= 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct hv_over_sim h;
        struct xs_dm_op op = { .op = XS_DMOP_map_mem_type_to_ioreq_server };
        struct xs_dm_op irq = { .op = XS_DMOP_set_isa_irq_level };
        struct xs_ubuf b = { (uintptr_t)&op, sizeof(op) }, bi = { (uintptr_t)&irq, sizeof(irq) };
        long ret = 0;
        int ok = 1;

        dup2(fd, 2);
        xs_log_set_level(XS_LOG_ERROR);
        xs_stats_reset();
        if (hv_over_sim_open(&h, "4.6"))
            _exit(3);
        for (int i = 0; i < 3; i++) {
            ok &= xs_translate_dm_op(&h.hv, DOM, 1, &b, &ret) == XS_DONE && ret == -EOPNOTSUPP;
            ok &= xs_translate_dm_op(&h.hv, DOM, 1, &bi, &ret) == XS_DONE && ret == 0;
        }
        ok &= xs_stat_get("dm_op", "map_mem_type_to_ioreq_server") == 0;
        ok &= xs_stat_get("dm_op", "set_isa_irq_level") == 3;
        hv_over_sim_close(&h);
        _exit(ok ? 0 : 4);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    {
        char buf[4096] = "";
        ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
        unsigned lines = 0;
        assert_true(n > 0);
        for (char *q = buf; (q = strstr(q, "map_mem_type_to_ioreq_server (15)")); q++)
            lines++;
        assert_int_equal(lines, 1);
        assert_non_null(strstr(buf, "EOPNOTSUPP"));
        assert_null(strstr(buf, "set_isa_irq_level"));
    }
    close(fd);
    unlink(path);
}

/* Each test once per release without dm_op, named so a failure says which. */
#define ON(f, rel) { #f "(" rel ")", f, pair_setup, pair_teardown, (void *)rel }
#define EACH(f) ON(f, "4.5"), ON(f, "4.6"), ON(f, "4.7"), ON(f, "4.8"), ON(f, "hvmctl1")

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_passes_where_dm_op_exists),
        cmocka_unit_test(test_refusal_logged_once),
        EACH(test_no_buffers),
        EACH(test_header_errors),
        EACH(test_relocate_memory),
        EACH(test_relocate_memory_in_pieces),
        EACH(test_ioreq_server_family),
        EACH(test_track_dirty_vram),
        EACH(test_interrupts),
        EACH(test_modified_memory_extents),
        EACH(test_modified_memory_preempted),
        EACH(test_set_mem_type_preempted),
        EACH(test_set_mem_type),
        EACH(test_domctl_and_sched_op),
        EACH(test_unexpressible),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
