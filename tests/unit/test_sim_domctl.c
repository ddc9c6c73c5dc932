/* The simulated hypervisor's domctl, sysctl, xen_version, sched_op and
 * hypercall dispatch, driven through sim_hypercall with an in-process
 * caller. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "abi.h"
#include "sim.h"
#include "sim_test_caller.h"

struct fixture {
    struct sim *s;
    struct sim_caller c;
};

static struct fixture open_sim(const char *rel, uint16_t domid)
{
    const struct xs_release *r = xs_release_by_name(rel);
    struct sim_config cfg = { .domid = domid, .vcpus = 2, .mem_mib = 128, .trace = NULL };
    struct fixture f = { NULL, sim_test_caller() };

    assert_non_null(r);
    f.s = sim_create(r, &cfg);
    assert_non_null(f.s);
    return f;
}

static void domctl_init(struct fixture *f, struct xs_domctl *d, uint32_t cmd, uint16_t dom)
{
    memset(d, 0, sizeof(*d));
    d->cmd = cmd;
    d->interface_version = sim_release(f->s)->domctl_if;
    d->domain = dom;
}

static long domctl(struct fixture *f, struct xs_domctl *d)
{
    return sim_test_hypercall(f->s, &f->c, XS_HYPERVISOR_domctl, (uintptr_t)d, 0, 0);
}

static long do_cmd(struct fixture *f, uint32_t cmd, uint16_t dom)
{
    struct xs_domctl d;
    domctl_init(f, &d, cmd, dom);
    return domctl(f, &d);
}

static void assert_state_has(struct sim *s, const char *needle)
{
    char *j = sim_test_state(s);
    if (!strstr(j, needle))
        fail_msg("state lacks %s:\n%s", needle, j);
    free(j);
}

/* ---- interface version, pointers, domids ---- */

static void test_interface_version_checked_first(void **st)
{
    (void)st;
    static const char *const rels[] = { "4.5", "4.6", "4.9", "4.11", "4.17", "4.18", "4.20", "hvmctl1" };
    for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
        struct fixture f = open_sim(rels[i], 1);
        struct xs_domctl d;
        /* Off by one, and with a domid that does not exist: still -EACCES. */
        domctl_init(&f, &d, XS_DOMCTL_pausedomain, 999);
        d.interface_version++;
        assert_int_equal(domctl(&f, &d), -EACCES);
        domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
        d.interface_version--;
        assert_int_equal(domctl(&f, &d), -EACCES);
        /* A pause that was refused had no effect. */
        assert_state_has(f.s, "\"pause_count\":0,");
        /* The right version works. */
        assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 1), 0);
        sim_destroy(f.s);
    }
}

static void test_domctl_bad_pointer(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_domctl, SIM_TEST_BAD_ADDR, 0, 0),
                     -EFAULT);
    sim_destroy(f.s);
}

static void test_pause_unpause(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.6", 1);

    assert_int_equal(do_cmd(&f, XS_DOMCTL_unpausedomain, 1), -EINVAL); /* not paused */
    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 1), 0);
    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 1), 0);
    assert_state_has(f.s, "\"pause_count\":2,\"paused\":true");
    assert_int_equal(do_cmd(&f, XS_DOMCTL_unpausedomain, 1), 0);
    assert_state_has(f.s, "\"pause_count\":1,\"paused\":true");
    assert_int_equal(do_cmd(&f, XS_DOMCTL_unpausedomain, 1), 0);
    assert_state_has(f.s, "\"pause_count\":0,\"paused\":false");

    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 0), -EINVAL);   /* yourself */
    assert_int_equal(do_cmd(&f, XS_DOMCTL_unpausedomain, 0), -EINVAL);
    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 2), -ESRCH);
    assert_int_equal(do_cmd(&f, XS_DOMCTL_unpausedomain, 77), -ESRCH);
    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, XS_DOMID_SELF), -ESRCH);

    for (int i = 0; i < 255; i++)
        assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 1), 0);
    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 1), -EOVERFLOW);
    sim_destroy(f.s);
}

static void test_unknown_domctl(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    assert_int_equal(do_cmd(&f, 9999, 1), -ENOSYS);
    assert_int_equal(do_cmd(&f, 9999, 5), -ESRCH);   /* the domain is looked up first */
    assert_int_equal(do_cmd(&f, XS_DOMCTL_set_target, 1), -ENOSYS);
    sim_destroy(f.s);
}

/* ---- getdomaininfo ---- */

static void test_getdomaininfo_v0_46(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.6", 1);
    struct xs_domctl d;

    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 1), 0);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
    memset(&d.u, 0xa5, sizeof(d.u));
    assert_int_equal(domctl(&f, &d), 0);
    const struct xs_domctl_getdomaininfo_v0 *i = &d.u.getdomaininfo_v0;
    assert_int_equal(d.domain, 1);
    assert_int_equal(i->domain, 1);
    assert_int_equal(i->flags, XS_DOMINF_hvm_guest | XS_DOMINF_paused);  /* no hap bit before 4.8 */
    /* RAM and the 16 special pages; vCPUs never brought up (real 4.14) */
    assert_int_equal(i->tot_pages, 128 * 256 + 16);
    assert_int_equal(i->max_pages, 128 * 256 + 16);
    assert_int_equal(i->nr_online_vcpus, 0);
    assert_int_equal(i->max_vcpu_id, 1);
    /* Bytes past the 96 of this layout are the caller's, untouched. */
    assert_int_equal(d.u.pad[96], 0xa5);
    assert_int_equal(d.u.pad[127], 0xa5);
    sim_destroy(f.s);
}

static void test_getdomaininfo_v0_48_hap(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.8", 1);
    struct xs_domctl d;
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
    assert_int_equal(domctl(&f, &d), 0);
    assert_int_equal(d.u.getdomaininfo_v0.flags,
                     XS_DOMINF_hvm_guest | XS_DOMINF_V0_hap);
    sim_destroy(f.s);
}

static void test_getdomaininfo_v1_411(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.11", 1);
    struct xs_domctl d;
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
    memset(&d.u, 0xa5, sizeof(d.u));
    assert_int_equal(domctl(&f, &d), 0);
    const struct xs_domctl_getdomaininfo_v1 *i = &d.u.getdomaininfo_v1;
    assert_int_equal(i->flags, XS_DOMINF_hvm_guest | XS_DOMINF_V1_hap);
    assert_int_not_equal(i->arch_config.emulation_flags, 0);
    assert_int_equal(i->arch_config.misc_flags, 0);
    assert_int_equal(d.u.pad[104], 0xa5);
    sim_destroy(f.s);
}

static void test_getdomaininfo_v2_417(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    struct xs_domctl d;
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
    memset(&d.u, 0xa5, sizeof(d.u));
    assert_int_equal(domctl(&f, &d), 0);
    const struct xs_domctl_getdomaininfo_v2 *i = &d.u.getdomaininfo_v2;
    assert_int_equal(i->flags, XS_DOMINF_hvm_guest | XS_DOMINF_V1_hap);
    assert_int_equal(i->gpaddr_bits, 48);
    assert_int_equal(i->pad2[0], 0);
    assert_int_not_equal(i->arch_config.emulation_flags, 0);
    assert_int_equal(d.u.pad[112], 0xa5);

    /* dom0 is there too, as a running PV domain. */
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 0);
    assert_int_equal(domctl(&f, &d), 0);
    assert_int_equal(d.domain, 0);
    assert_int_equal(d.u.getdomaininfo_v2.flags & XS_DOMINF_hvm_guest, 0);
    sim_destroy(f.s);
}

/* Before 4.18 a missing domid yields the next domain up; from 4.18 -ESRCH.
 * 4.8-4.17 refuse reserved domids with -EINVAL, 4.5-4.7 just find none. */
static void test_getdomaininfo_search(void **st)
{
    (void)st;
    struct xs_domctl d;
    struct fixture f = open_sim("4.17", 5);

    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 3);
    assert_int_equal(domctl(&f, &d), 0);
    assert_int_equal(d.domain, 5);
    assert_int_equal(d.u.getdomaininfo_v2.domain, 5);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 6);
    assert_int_equal(domctl(&f, &d), -ESRCH);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, XS_DOMID_SELF);
    assert_int_equal(domctl(&f, &d), -EINVAL);
    sim_destroy(f.s);

    f = open_sim("4.6", 5);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 2);
    assert_int_equal(domctl(&f, &d), 0);
    assert_int_equal(d.domain, 5);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, XS_DOMID_SELF);
    assert_int_equal(domctl(&f, &d), -ESRCH);
    sim_destroy(f.s);

    f = open_sim("4.18", 5);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 3);
    assert_int_equal(domctl(&f, &d), -ESRCH);
    assert_int_equal(d.domain, 3);     /* nothing copied back */
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 5);
    assert_int_equal(domctl(&f, &d), 0);
    assert_int_equal(d.u.getdomaininfo_v2.domain, 5);
    sim_destroy(f.s);
}

/* Every row of the release table against the facts read from each tag:
 * the hap bit (4.8+, where it lives by the dominf generation), a reserved
 * domid (-EINVAL 4.8-4.17, else -ESRCH) and more than 64 frames of
 * memory_mapping (-E2BIG before 4.7). */
static void test_rules_every_release(void **st)
{
    (void)st;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        struct fixture f = open_sim(r->name, 1);
        uint32_t hap = r->minor < 8 ? 0 : r->minor == 8 ? XS_DOMINF_V0_hap : XS_DOMINF_V1_hap;
        struct xs_domctl d;

        domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
        assert_int_equal(domctl(&f, &d), 0);
        assert_int_equal(d.u.getdomaininfo_v0.flags & (XS_DOMINF_V0_hap | XS_DOMINF_V1_hap), hap);
        domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, XS_DOMID_SELF);
        assert_int_equal(domctl(&f, &d), r->minor >= 8 && r->minor <= 17 ? -EINVAL : -ESRCH);

        domctl_init(&f, &d, XS_DOMCTL_iomem_permission, 1);
        d.u.iomem_permission = (struct xs_domctl_iomem_permission){ 0xd0000, 256, 1 };
        assert_int_equal(domctl(&f, &d), 0);
        domctl_init(&f, &d, XS_DOMCTL_memory_mapping, 1);
        d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0xe0000, 0xd0000, 100, 1, 0 };
        assert_int_equal(domctl(&f, &d), r->minor >= 7 ? 64 : -E2BIG);
        sim_destroy(f.s);
    }
}

static void test_getdomaininfo_shutdown(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    struct xs_sched_remote_shutdown r = { .domain_id = 1, .reason = XS_SHUTDOWN_reboot };
    struct xs_domctl d;

    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sched_op,
                                        XS_SCHEDOP_remote_shutdown, (uintptr_t)&r, 0), 0);
    domctl_init(&f, &d, XS_DOMCTL_getdomaininfo, 1);
    assert_int_equal(domctl(&f, &d), 0);
    assert_true(d.u.getdomaininfo_v2.flags & XS_DOMINF_shutdown);
    assert_int_equal(d.u.getdomaininfo_v2.flags >> XS_DOMINF_shutdownshift & 0xff, XS_SHUTDOWN_reboot);
    assert_state_has(f.s, "\"shutdown\":{\"reason\":1}");

    r.domain_id = 9;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sched_op,
                                        XS_SCHEDOP_remote_shutdown, (uintptr_t)&r, 0), -ESRCH);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sched_op,
                                        XS_SCHEDOP_remote_shutdown, SIM_TEST_BAD_ADDR, 0), -EFAULT);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sched_op, 77, 0, 0), -ENOSYS);
    sim_destroy(f.s);
}

/* ---- passthrough ---- */

static void test_memory_mapping(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    struct xs_domctl d;

    domctl_init(&f, &d, XS_DOMCTL_memory_mapping, 1);
    d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0xf0000, 0xc0000, 16, 1, 0 };
    assert_int_equal(domctl(&f, &d), -EPERM);     /* no iomem permission yet */

    struct xs_domctl p;
    domctl_init(&f, &p, XS_DOMCTL_iomem_permission, 1);
    p.u.iomem_permission = (struct xs_domctl_iomem_permission){ 0xc0000, 32, 1 };
    assert_int_equal(domctl(&f, &p), 0);
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"iomem_permitted\":[[\"0xc0000\",\"0xc001f\"]]");
    assert_state_has(f.s, "\"memory_mappings\":[{\"first_gfn\":\"0xf0000\",\"first_mfn\":\"0xc0000\",\"nr_mfns\":16}]");

    d.u.memory_mapping.add_mapping = 0;
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"memory_mappings\":[]");

    d.u.memory_mapping.nr_mfns = 0;                /* wraps */
    assert_int_equal(domctl(&f, &d), -EINVAL);
    d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0, 1ull << 40, 1, 1, 0 };
    assert_int_equal(domctl(&f, &d), -EINVAL);     /* beyond paddr_bits */

    p.u.iomem_permission.allow_access = 0;
    assert_int_equal(domctl(&f, &p), 0);
    assert_state_has(f.s, "\"iomem_permitted\":[]");
    sim_destroy(f.s);
}

/* More than 64 frames: 4.6 refuses (-E2BIG), 4.7+ maps 64 and says so;
 * the caller's follow-up call merges into one mapping. */
static void test_memory_mapping_batches(void **st)
{
    (void)st;
    struct xs_domctl d, p;
    struct fixture f = open_sim("4.6", 1);

    domctl_init(&f, &p, XS_DOMCTL_iomem_permission, 1);
    p.u.iomem_permission = (struct xs_domctl_iomem_permission){ 0xd0000, 256, 1 };
    assert_int_equal(domctl(&f, &p), 0);
    domctl_init(&f, &d, XS_DOMCTL_memory_mapping, 1);
    d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0xe0000, 0xd0000, 100, 1, 0 };
    assert_int_equal(domctl(&f, &d), -E2BIG);
    assert_state_has(f.s, "\"memory_mappings\":[]");
    sim_destroy(f.s);

    f = open_sim("4.17", 1);
    domctl_init(&f, &p, XS_DOMCTL_iomem_permission, 1);
    p.u.iomem_permission = (struct xs_domctl_iomem_permission){ 0xd0000, 256, 1 };
    assert_int_equal(domctl(&f, &p), 0);
    domctl_init(&f, &d, XS_DOMCTL_memory_mapping, 1);
    d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0xe0000, 0xd0000, 100, 1, 0 };
    assert_int_equal(domctl(&f, &d), 64);
    d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0xe0040, 0xd0040, 36, 1, 0 };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"memory_mappings\":[{\"first_gfn\":\"0xe0000\",\"first_mfn\":\"0xd0000\",\"nr_mfns\":100}]");
    /* unmapping the middle splits it */
    d.u.memory_mapping = (struct xs_domctl_memory_mapping){ 0xe0010, 0xd0010, 16, 0, 0 };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"memory_mappings\":[{\"first_gfn\":\"0xe0000\",\"first_mfn\":\"0xd0000\",\"nr_mfns\":16},"
                          "{\"first_gfn\":\"0xe0020\",\"first_mfn\":\"0xd0020\",\"nr_mfns\":68}]");
    sim_destroy(f.s);
}

static void test_ioport_mapping(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.6", 1);
    struct xs_domctl d;

    domctl_init(&f, &d, XS_DOMCTL_ioport_mapping, 1);
    d.u.ioport_mapping = (struct xs_domctl_ioport_mapping){ 0xc000, 0xe000, 0x20, 1 };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"ioport_mappings\":[{\"first_gport\":\"0xc000\",\"first_mport\":\"0xe000\",\"nr_ports\":32}]");
    assert_state_has(f.s, "\"ioport_permitted\":[[\"0xe000\",\"0xe01f\"]]");
    d.u.ioport_mapping.add_mapping = 0;
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"ioport_mappings\":[]");
    d.u.ioport_mapping = (struct xs_domctl_ioport_mapping){ 0xfff0, 0xe000, 0x20, 1 };
    assert_int_equal(domctl(&f, &d), -EINVAL);
    d.u.ioport_mapping = (struct xs_domctl_ioport_mapping){ 0xc000, 0xe000, 0, 1 };
    assert_int_equal(domctl(&f, &d), -EINVAL);
    sim_destroy(f.s);
}

/* irq_permission: a uint8_t pirq before 4.16, uint32_t after. */
static void test_irq_permission_layouts(void **st)
{
    (void)st;
    struct xs_domctl d;
    struct fixture f = open_sim("4.6", 1);

    domctl_init(&f, &d, XS_DOMCTL_irq_permission, 1);
    d.u.irq_permission_v0 = (struct xs_domctl_irq_permission_v0){ 40, 1 };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"irq_permitted\":[[\"0x28\",\"0x28\"]]");
    d.u.irq_permission_v0.pirq = 0;
    assert_int_equal(domctl(&f, &d), -EPERM);
    sim_destroy(f.s);

    f = open_sim("4.17", 1);
    domctl_init(&f, &d, XS_DOMCTL_irq_permission, 1);
    d.u.irq_permission_v1 = (struct xs_domctl_irq_permission_v1){ 300, 1, { 0 } };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"irq_permitted\":[[\"0x12c\",\"0x12c\"]]");
    d.u.irq_permission_v1.pirq = 100000;
    assert_int_equal(domctl(&f, &d), -EINVAL);
    d.u.irq_permission_v1 = (struct xs_domctl_irq_permission_v1){ 300, 0, { 0 } };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"irq_permitted\":[]");
    sim_destroy(f.s);
}

static void permit_irq(struct fixture *f, uint32_t pirq)
{
    struct xs_domctl d;
    domctl_init(f, &d, XS_DOMCTL_irq_permission, 1);
    if (sim_release(f->s)->irq_permission == XS_IRQ_PERMISSION_V0)
        d.u.irq_permission_v0 = (struct xs_domctl_irq_permission_v0){ (uint8_t)pirq, 1 };
    else
        d.u.irq_permission_v1 = (struct xs_domctl_irq_permission_v1){ pirq, 1, { 0 } };
    assert_int_equal(domctl(f, &d), 0);
}

/* bind_pt_irq: union at 16 before 4.10, at 8 after; same state either way. */
static void test_bind_pt_irq_layouts(void **st)
{
    (void)st;
    char *j[2];
    static const char *const rels[2] = { "4.6", "4.17" };

    for (int k = 0; k < 2; k++) {
        struct fixture f = open_sim(rels[k], 1);
        struct xs_domctl d;
        union xs_bind_pt_irq_u *u;

        domctl_init(&f, &d, XS_DOMCTL_bind_pt_irq, 1);
        if (k == 0) {
            d.u.bind_pt_irq_v0.machine_irq = 40;
            d.u.bind_pt_irq_v0.irq_type = XS_PT_IRQ_TYPE_PCI;
            d.u.bind_pt_irq_v0.hvm_domid = 1;
            u = &d.u.bind_pt_irq_v0.u;
        } else {
            d.u.bind_pt_irq_v1.machine_irq = 40;
            d.u.bind_pt_irq_v1.irq_type = XS_PT_IRQ_TYPE_PCI;
            u = &d.u.bind_pt_irq_v1.u;
        }
        u->pci.bus = 0;
        u->pci.device = 4;
        u->pci.intx = 1;
        assert_int_equal(domctl(&f, &d), -EPERM);  /* the guest may not use irq 40 yet */
        permit_irq(&f, 40);
        assert_int_equal(domctl(&f, &d), 0);
        j[k] = sim_test_state(f.s);
        assert_non_null(strstr(j[k], "\"irq_bindings\":[{\"bus\":0,\"device\":4,"));
        assert_non_null(strstr(j[k], "\"machine_irq\":40,\"type\":0}"));

        struct xs_domctl un = d;
        un.cmd = XS_DOMCTL_unbind_pt_irq;
        assert_int_equal(domctl(&f, &un), 0);
        assert_int_equal(domctl(&f, &un), -EINVAL);  /* not bound any more */
        assert_state_has(f.s, "\"irq_bindings\":[]");
        sim_destroy(f.s);
    }
    assert_string_equal(j[0], j[1]);
    free(j[0]);
    free(j[1]);
}

static void test_pin_mem_cacheattr(void **st)
{
    (void)st;
    struct xs_domctl d;
    struct fixture f = open_sim("4.6", 1);

    domctl_init(&f, &d, XS_DOMCTL_pin_mem_cacheattr, 1);
    d.u.pin_mem_cacheattr = (struct xs_domctl_pin_mem_cacheattr){ 0xa0, 0xbf, 1, 0 };
    assert_int_equal(domctl(&f, &d), 0);
    assert_state_has(f.s, "\"pinned_cacheattr\":[{\"end\":\"0xbf\",\"start\":\"0xa0\",\"type\":1}]");
    d.u.pin_mem_cacheattr = (struct xs_domctl_pin_mem_cacheattr){ 0xb0, 0xcf, 6, 0 };
    assert_int_equal(domctl(&f, &d), -EBUSY);
    d.u.pin_mem_cacheattr = (struct xs_domctl_pin_mem_cacheattr){ 0xd0, 0xdf, 3, 0 };
    assert_int_equal(domctl(&f, &d), -EINVAL);
    sim_destroy(f.s);

    f = open_sim("4.17", 1);   /* a dm_op since 4.11 */
    domctl_init(&f, &d, XS_DOMCTL_pin_mem_cacheattr, 1);
    d.u.pin_mem_cacheattr = (struct xs_domctl_pin_mem_cacheattr){ 0xa0, 0xbf, 1, 0 };
    assert_int_equal(domctl(&f, &d), -ENOSYS);
    sim_destroy(f.s);
}

/* ---- sysctl ---- */

static void test_sysctl_getdomaininfolist(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    struct xs_sysctl op;
    struct xs_domctl_getdomaininfo_v2 info[4];

    memset(&op, 0, sizeof(op));
    memset(info, 0xa5, sizeof(info));
    op.cmd = XS_SYSCTL_getdomaininfolist;
    op.interface_version = sim_release(f.s)->sysctl_if;
    op.u.getdomaininfolist.first_domain = 0;
    op.u.getdomaininfolist.max_domains = 4;
    op.u.getdomaininfolist.buffer = (uintptr_t)info;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0), 0);
    assert_int_equal(op.u.getdomaininfolist.num_domains, 2);
    assert_int_equal(info[0].domain, 0);
    assert_int_equal(info[1].domain, 1);
    assert_true(info[1].flags & XS_DOMINF_hvm_guest);
    assert_int_equal(((uint8_t *)&info[2])[0], 0xa5);

    op.u.getdomaininfolist.first_domain = 1;
    op.u.getdomaininfolist.max_domains = 1;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0), 0);
    assert_int_equal(op.u.getdomaininfolist.num_domains, 1);
    assert_int_equal(info[0].domain, 1);

    op.u.getdomaininfolist.buffer = SIM_TEST_BAD_ADDR;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0), -EFAULT);

    op.interface_version--;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0), -EACCES);
    op.interface_version++;
    op.cmd = 9999;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0), -ENOSYS);
    sim_destroy(f.s);
}

/* V0 entries are 96 bytes apart. */
static void test_sysctl_v0_stride(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.6", 1);
    struct xs_sysctl op;
    struct xs_domctl_getdomaininfo_v0 info[2];

    memset(&op, 0, sizeof(op));
    op.cmd = XS_SYSCTL_getdomaininfolist;
    op.interface_version = sim_release(f.s)->sysctl_if;
    op.u.getdomaininfolist.max_domains = 2;
    op.u.getdomaininfolist.buffer = (uintptr_t)info;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0), 0);
    assert_int_equal(op.u.getdomaininfolist.num_domains, 2);
    assert_int_equal(info[1].domain, 1);
    assert_int_equal(info[1].max_vcpu_id, 1);
    sim_destroy(f.s);
}

/* ---- what xl info / xl vcpu-list / xentop ask (sim/hv_sysctl.c) ---- */

static long sysctl_cmd(struct fixture *f, struct xs_sysctl *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = sim_release(f->s)->sysctl_if;
    return sim_test_hypercall(f->s, &f->c, XS_HYPERVISOR_sysctl, (uintptr_t)op, 0, 0);
}

/* physinfo in each release's layout: capabilities after hw_cap (4.5-4.9),
 * before the page counts with max_mfn (4.10-4.16), then arch_capabilities
 * (4.17+); the capability bits renumbered in 4.13. */
static void test_physinfo_layouts(void **st)
{
    (void)st;
    struct xs_sysctl op;
    struct fixture f = open_sim("4.6", 1);

    memset(&op, 0xa5, sizeof(op));
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_physinfo), 0);
    assert_int_equal(op.u.physinfo_v0.nr_cpus, 1);
    assert_int_equal(op.u.physinfo_v0.max_cpu_id, 0);
    assert_int_equal(op.u.physinfo_v0.capabilities, XS_PHYSCAP_hvm);
    assert_int_equal(op.u.physinfo_v0.total_pages, 2048u * 256);
    /* dom0's 512 MiB and the guest's 128 MiB are not free */
    assert_int_equal(op.u.physinfo_v0.free_pages, (2048u - 512 - 128) * 256 - 16);
    sim_destroy(f.s);

    f = open_sim("4.15", 1);
    memset(&op, 0xa5, sizeof(op));
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_physinfo), 0);
    assert_int_equal(op.u.physinfo_v1.capabilities, XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_hap);
    assert_int_equal(op.u.physinfo_v1.total_pages, 2048u * 256);
    assert_int_equal(op.u.physinfo_v1.max_mfn, 2048u * 256 - 1);
    sim_destroy(f.s);

    f = open_sim("4.17", 1);
    memset(&op, 0xa5, sizeof(op));
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_physinfo), 0);
    assert_int_equal(op.u.physinfo_v2.capabilities, XS_PHYSCAP_hvm | XS_PHYSCAP_pv | XS_PHYSCAP_hap |
                                                    XS_PHYSCAP_gnttab_v1 | XS_PHYSCAP_gnttab_v2);
    assert_int_equal(op.u.physinfo_v2.arch_capabilities, 0);
    assert_int_equal(op.u.physinfo_v2.total_pages, 2048u * 256);
    assert_int_equal(op.u.physinfo_v2.max_mfn, 2048u * 256 - 1);
    assert_int_equal(op.u.physinfo_v2.hw_cap[7], 0);
    /* the whole struct came back, the rest of the union cleared */
    assert_int_equal(op.u.pad[127], 0);
    op.interface_version = 0x14;
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, (uintptr_t)&op, 0, 0),
                     -EACCES);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_sysctl, SIM_TEST_BAD_ADDR, 0, 0),
                     -EFAULT);
    sim_destroy(f.s);
}

static void test_sched_id_and_cpupool(void **st)
{
    (void)st;
    struct xs_sysctl op;
    uint8_t map[4];
    struct fixture f = open_sim("4.6", 1);

    memset(&op, 0, sizeof(op));
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_sched_id), 0);
    assert_int_equal(op.u.sched_id.sched_id, XS_SCHEDULER_CREDIT);
    sim_destroy(f.s);

    f = open_sim("4.17", 1);
    memset(&op, 0, sizeof(op));
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_sched_id), 0);
    assert_int_equal(op.u.sched_id.sched_id, XS_SCHEDULER_CREDIT2);

    memset(&op, 0, sizeof(op));
    memset(map, 0xa5, sizeof(map));
    op.u.cpupool_op.op = XS_CPUPOOL_OP_INFO;
    op.u.cpupool_op.cpumap.bitmap = (uintptr_t)map;
    op.u.cpupool_op.cpumap.nr_bits = 16;
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_cpupool_op), 0);
    assert_int_equal(op.u.cpupool_op.sched_id, XS_SCHEDULER_CREDIT2);
    assert_int_equal(op.u.cpupool_op.n_dom, 2);
    /* one pCPU; as many bytes as nr_bits hold, no more */
    assert_int_equal(map[0], 1);
    assert_int_equal(map[1], 0);
    assert_int_equal(map[2], 0xa5);
    op.u.cpupool_op.op = XS_CPUPOOL_OP_FREEINFO;
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_cpupool_op), 0);
    assert_int_equal(map[0], 0);
    op.u.cpupool_op.op = XS_CPUPOOL_OP_INFO;
    op.u.cpupool_op.cpupool_id = 1;
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_cpupool_op), -ENOENT);
    op.u.cpupool_op.op = 1;   /* CREATE */
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_cpupool_op), -EOPNOTSUPP);
    op.u.cpupool_op.op = XS_CPUPOOL_OP_INFO;
    op.u.cpupool_op.cpupool_id = 0;
    op.u.cpupool_op.cpumap.bitmap = SIM_TEST_BAD_ADDR;
    assert_int_equal(sysctl_cmd(&f, &op, XS_SYSCTL_cpupool_op), -EFAULT);
    sim_destroy(f.s);
}

static void test_getvcpuaffinity(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    struct xs_domctl d;
    uint8_t hard[2], soft[2];

    domctl_init(&f, &d, XS_DOMCTL_getvcpuaffinity, 1);
    memset(hard, 0xa5, sizeof(hard));
    memset(soft, 0xa5, sizeof(soft));
    d.u.vcpuaffinity.vcpu = 1;
    d.u.vcpuaffinity.flags = XS_VCPUAFFINITY_HARD | XS_VCPUAFFINITY_SOFT;
    d.u.vcpuaffinity.cpumap_hard = (struct xs_xenctl_bitmap){ (uintptr_t)hard, 16 };
    d.u.vcpuaffinity.cpumap_soft = (struct xs_xenctl_bitmap){ (uintptr_t)soft, 8 };
    assert_int_equal(domctl(&f, &d), 0);
    assert_int_equal(hard[0], 1);
    assert_int_equal(hard[1], 0);
    assert_int_equal(soft[0], 1);
    assert_int_equal(soft[1], 0xa5);
    d.u.vcpuaffinity.vcpu = 2;                 /* the guest has 2 vCPUs */
    assert_int_equal(domctl(&f, &d), -EINVAL);
    d.u.vcpuaffinity.vcpu = 0;
    d.u.vcpuaffinity.flags = 0;
    assert_int_equal(domctl(&f, &d), -EINVAL);
    d.u.vcpuaffinity.flags = XS_VCPUAFFINITY_HARD;
    d.u.vcpuaffinity.cpumap_hard.bitmap = SIM_TEST_BAD_ADDR;
    assert_int_equal(domctl(&f, &d), -EFAULT);
    sim_destroy(f.s);
}

/* xl info's other questions: the build strings, the sharing counters
 * (0: nothing shared), and what xc_domain_set_memmap_limit sends, which
 * every release implements. */
static void test_toolstack_queries(void **st)
{
    (void)st;
    static const char *const rels[] = { "4.5", "4.6", "4.17", "4.20" };
    for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
        struct fixture f = open_sim(rels[i], 1);
        char buf[1024];
        uint64_t virt = 0;
        uint8_t e820[20] = { 0 };
        /* xen_foreign_memory_map: the map (count, handle) 8-byte aligned
         * after the domid: real Xen read a count at offset 4 as a huge
         * one (EINVAL), suite_80 showed */
        struct {
            uint16_t domid;
            struct { uint32_t nr; uint64_t buffer; } map __attribute__((aligned(8)));
        } m = { 1, { 1, (uintptr_t)e820 } };

        assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, 4,
                                            (uintptr_t)buf, 0), 0);
        assert_string_equal(buf, "simulated");
        assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, 5,
                                            (uintptr_t)&virt, 0), 0);
        assert_true(virt == 0xffff800000000000ull);
        assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, 2,
                                            SIM_TEST_BAD_ADDR, 0), -EFAULT);
        assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, 10, 0, 0),
                         i < 2 ? -ENOSYS : -ENODATA);   /* build_id: 4.7+ */
        assert_int_equal(sim_test_hypercall(f.s, &f.c, 12, 18, 0, 0), 0);
        assert_int_equal(sim_test_hypercall(f.s, &f.c, 12, 13, (uintptr_t)&m, 0), 0);
        struct { uint16_t domid; uint32_t nr; uint64_t buffer; } misaligned = {
            1, 1, (uintptr_t)e820 };      /* the count Xen reads: the pointer's low half */
        assert_int_equal(sim_test_hypercall(f.s, &f.c, 12, 13, (uintptr_t)&misaligned, 0),
                         -EINVAL);
        m.map.nr = 1025;
        assert_int_equal(sim_test_hypercall(f.s, &f.c, 12, 13, (uintptr_t)&m, 0), -EINVAL);
        m.map.nr = 1;
        m.domid = 7;
        assert_int_equal(sim_test_hypercall(f.s, &f.c, 12, 13, (uintptr_t)&m, 0), -ESRCH);
        m.domid = 1;
        m.map.buffer = SIM_TEST_BAD_ADDR;
        assert_int_equal(sim_test_hypercall(f.s, &f.c, 12, 13, (uintptr_t)&m, 0), -EFAULT);
        sim_destroy(f.s);
    }
}

/* ---- xen_version, dispatch ---- */

static void test_xen_version(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.6", 1);
    char extra[XS_XENVER_EXTRAVERSION_LEN];

    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0),
                     0x40006);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version,
                                        XS_XENVER_extraversion, (uintptr_t)extra, 0), 0);
    assert_string_equal(extra, ".0");
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version,
                                        XS_XENVER_extraversion, SIM_TEST_BAD_ADDR, 0), -EFAULT);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, 4242, 0, 0), -ENOSYS);
    sim_destroy(f.s);

    f = open_sim("hvmctl1", 1);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0),
                     0x40008);
    sim_destroy(f.s);
    f = open_sim("4.20", 1);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_xen_version, XS_XENVER_version, 0, 0),
                     0x40014);
    sim_destroy(f.s);
}

static void test_dispatch(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.6", 1);
    struct sim_dm_op_buf b[3] = { { 0, 0 }, { 0, 0 }, { 0, 0 } };

    assert_int_equal(sim_test_hypercall(f.s, &f.c, 12345, 0, 0, 0), -ENOSYS);
    /* 4.6 has no hypercall 41 at all, whichever way it comes. */
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_dm_op, 1, 1, (uintptr_t)b), -ENOSYS);
    assert_int_equal(sim_dm_op(f.s, &f.c, 1, 1, b), -ENOSYS);
    sim_destroy(f.s);

    f = open_sim("4.17", 1);
    /* do_dm_op takes at most two buffers and copies the array first. */
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_dm_op, 1, 3, (uintptr_t)b), -E2BIG);
    assert_int_equal(sim_dm_op(f.s, &f.c, 1, 3, b), -E2BIG);
    assert_int_equal(sim_test_hypercall(f.s, &f.c, XS_HYPERVISOR_dm_op, 1, 1, SIM_TEST_BAD_ADDR), -EFAULT);
    sim_destroy(f.s);
}

static void test_trace(void **st)
{
    (void)st;
    char *buf = NULL;
    size_t len = 0;
    FILE *t = open_memstream(&buf, &len);
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 128, .trace = t };
    struct sim *s = sim_create(xs_release_by_name("4.17"), &cfg);
    struct fixture f = { s, sim_test_caller() };

    assert_non_null(s);
    assert_int_equal(do_cmd(&f, XS_DOMCTL_pausedomain, 7), -ESRCH);
    assert_int_equal(sim_test_hypercall(s, &f.c, XS_HYPERVISOR_xen_version, 0, 0, 0), 0x40011);
    sim_destroy(s);
    fclose(t);
    assert_non_null(strstr(buf, "domctl pausedomain dom=7 = -3"));
    assert_non_null(strstr(buf, "xen_version version = 262161\n"));
    free(buf);
}

static void test_create_rejects(void **st)
{
    (void)st;
    struct sim_config cfg = { .domid = XS_DOMID_SELF, .vcpus = 2, .mem_mib = 128, .trace = NULL };
    assert_null(sim_create(NULL, &cfg));
    assert_null(sim_create(xs_release_by_name("4.17"), &cfg));
    cfg = (struct sim_config){ .domid = 1, .vcpus = 65, .mem_mib = 128 };
    assert_null(sim_create(xs_release_by_name("4.17"), &cfg));
    /* Defaults: guest 1, 2 vCPUs, 128 MiB. */
    struct sim *s = sim_create(xs_release_by_name("4.17"), NULL);
    assert_non_null(s);
    assert_state_has(s, "\"domid\":1,");
    assert_state_has(s, "\"mem_mib\":128,");
    assert_state_has(s, "\"vcpus\":2}");
    assert_ptr_equal(sim_release(s), xs_release_by_name("4.17"));
    sim_destroy(s);
}

/* Hypercalls from several threads are serialised: pairs of pause and
 * unpause from four threads leave the count at zero, with the state file
 * written concurrently. */
#define NR_THREADS 4
#define NR_PAIRS 500

static void *pauser(void *arg)
{
    struct fixture *f = arg;
    long bad = 0;
    for (int i = 0; i < NR_PAIRS; i++) {
        bad += do_cmd(f, XS_DOMCTL_pausedomain, 1) != 0;
        bad += do_cmd(f, XS_DOMCTL_unpausedomain, 1) != 0;
    }
    return (void *)bad;
}

static void test_concurrent_hypercalls(void **st)
{
    (void)st;
    struct fixture f = open_sim("4.17", 1);
    pthread_t t[NR_THREADS];

    for (int i = 0; i < NR_THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, pauser, &f), 0);
    for (int i = 0; i < 20; i++)
        free(sim_test_state(f.s));
    for (int i = 0; i < NR_THREADS; i++) {
        void *bad;
        assert_int_equal(pthread_join(t[i], &bad), 0);
        assert_null(bad);
    }
    assert_state_has(f.s, "\"pause_count\":0,\"paused\":false");
    sim_destroy(f.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interface_version_checked_first),
        cmocka_unit_test(test_domctl_bad_pointer),
        cmocka_unit_test(test_pause_unpause),
        cmocka_unit_test(test_unknown_domctl),
        cmocka_unit_test(test_getdomaininfo_v0_46),
        cmocka_unit_test(test_getdomaininfo_v0_48_hap),
        cmocka_unit_test(test_rules_every_release),
        cmocka_unit_test(test_getdomaininfo_v1_411),
        cmocka_unit_test(test_getdomaininfo_v2_417),
        cmocka_unit_test(test_getdomaininfo_search),
        cmocka_unit_test(test_getdomaininfo_shutdown),
        cmocka_unit_test(test_memory_mapping),
        cmocka_unit_test(test_memory_mapping_batches),
        cmocka_unit_test(test_ioport_mapping),
        cmocka_unit_test(test_irq_permission_layouts),
        cmocka_unit_test(test_bind_pt_irq_layouts),
        cmocka_unit_test(test_pin_mem_cacheattr),
        cmocka_unit_test(test_sysctl_getdomaininfolist),
        cmocka_unit_test(test_sysctl_v0_stride),
        cmocka_unit_test(test_physinfo_layouts),
        cmocka_unit_test(test_sched_id_and_cpupool),
        cmocka_unit_test(test_getvcpuaffinity),
        cmocka_unit_test(test_toolstack_queries),
        cmocka_unit_test(test_xen_version),
        cmocka_unit_test(test_dispatch),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_create_rejects),
        cmocka_unit_test(test_concurrent_hypercalls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
