/* The release table, the op tables and the layout generations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "versions.h"
#include "abi.h"

static const struct xs_release *rel(const char *name)
{
    const struct xs_release *r = xs_release_by_name(name);

    assert_non_null(r);
    return r;
}

/* The table is its own list of releases: real ones first, in version
 * order, named by their XENVER, the hypothetical ones after them.  No
 * release is named here, so a new row needs no edit of this test. */
static void every_release_present_and_ordered(void **state)
{
    size_t nr_real = 0;
    char name[16];

    (void)state;
    while (nr_real < xs_nr_releases && !(xs_releases[nr_real].flags & XS_REL_HYPOTHETICAL))
        nr_real++;
    assert_true(nr_real >= 16);                      /* 4.5 ... 4.20 at least */
    assert_string_equal(xs_releases[0].name, "4.5");
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];

        assert_ptr_equal(rel(r->name), r);
        assert_int_equal(xs_release_index(r), (int)i);
        if (i >= nr_real) {
            assert_true(r->flags & XS_REL_HYPOTHETICAL);
            assert_non_null(xs_release_by_name(r->base));
            continue;
        }
        snprintf(name, sizeof name, "%u.%u", r->major, r->minor);
        assert_string_equal(r->name, name);
        assert_null(r->base);
        if (i > 0) {
            const struct xs_release *p = &xs_releases[i - 1];
            /* interface versions never go backwards */
            assert_true(xs_release_xenver(p) < xs_release_xenver(r));
            assert_true(p->domctl_if <= r->domctl_if);
            assert_true(p->sysctl_if <= r->sysctl_if);
            assert_true(p->dmop_max <= r->dmop_max);
            assert_true(p->getdomaininfo <= r->getdomaininfo);
        }
    }
    const struct xs_release *h = rel("hvmctl1");
    assert_true(xs_release_index(h) >= (int)nr_real);
    assert_string_equal(h->base, "4.8");
    assert_int_equal(xs_release_index(NULL), -1);
    assert_int_equal(xs_release_index(&xs_releases[xs_nr_releases]), -1);
}

/* Numbers from the tags' domctl.h / sysctl.h / hvm/dm_op.h. */
static void interface_numbers(void **state)
{
    static const struct { const char *name; uint8_t d, s, dm; } want[] = {
        { "4.5", 0x0a, 0x0b, 0 },   { "4.6", 0x0b, 0x0c, 0 },
        { "4.7", 0x0b, 0x0d, 0 },   { "4.8", 0x0c, 0x0e, 0 },
        { "4.9", 0x0d, 0x0f, 15 },  { "4.10", 0x0e, 0x10, 16 },
        { "4.11", 0x10, 0x11, 18 }, { "4.12", 0x11, 0x12, 18 },
        { "4.13", 0x12, 0x12, 18 }, { "4.14", 0x12, 0x13, 18 },
        { "4.15", 0x13, 0x13, 20 }, { "4.16", 0x14, 0x14, 20 },
        { "4.17", 0x15, 0x15, 20 }, { "4.18", 0x16, 0x15, 20 },
        { "4.19", 0x17, 0x15, 20 }, { "4.20", 0x17, 0x15, 20 },
        { "hvmctl1", 0x0c, 0x0e, 0 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct xs_release *r = rel(want[i].name);

        assert_int_equal(r->domctl_if, want[i].d);
        assert_int_equal(r->sysctl_if, want[i].s);
        assert_int_equal(r->dmop_max, want[i].dm);
        assert_int_equal(r->hvmctl_if, strcmp(r->name, "hvmctl1") ? 0 : 1);
    }
    assert_int_equal(xs_release_xenver(rel("4.6")), 0x40006);
    assert_int_equal(xs_release_xenver(rel("hvmctl1")), 0x40008);
}

static void lookup_by_name(void **state)
{
    (void)state;
    assert_string_equal(rel("4.17")->name, "4.17");
    assert_null(xs_release_by_name("4.4"));
    assert_null(xs_release_by_name("4.99"));
    assert_null(xs_release_by_name("4.1"));   /* no prefix matching */
    assert_null(xs_release_by_name(""));
    assert_null(xs_release_by_name(NULL));
}

/* Shared numbers return the oldest real release (table order). */
static void lookup_by_numbers(void **state)
{
    (void)state;
    assert_ptr_equal(xs_release_by_xenver(0x40006), rel("4.6"));
    assert_ptr_equal(xs_release_by_xenver(0x40014), rel("4.20"));
    assert_ptr_equal(xs_release_by_xenver(0x40008), rel("4.8"));  /* not hvmctl1 */
    assert_null(xs_release_by_xenver(0x40004));
    assert_null(xs_release_by_xenver(0x40063));   /* 4.99: no row */
    assert_null(xs_release_by_xenver(0x50000));

    assert_ptr_equal(xs_release_by_domctl_if(0x0a), rel("4.5"));
    assert_ptr_equal(xs_release_by_domctl_if(0x0b), rel("4.6"));  /* 4.6, 4.7 */
    assert_ptr_equal(xs_release_by_domctl_if(0x0c), rel("4.8"));  /* 4.8, hvmctl1 */
    assert_ptr_equal(xs_release_by_domctl_if(0x12), rel("4.13")); /* 4.13, 4.14 */
    assert_ptr_equal(xs_release_by_domctl_if(0x17), rel("4.19")); /* 4.19, 4.20 */
    assert_ptr_equal(xs_release_by_domctl_if(0x16), rel("4.18"));
    /* 0x0f is 4.10.1+, whose getdomaininfo differs from the 4.10 row */
    assert_null(xs_release_by_domctl_if(0x0f));
    assert_null(xs_release_by_domctl_if(0x09));
    assert_null(xs_release_by_domctl_if(0x18));

    assert_ptr_equal(xs_release_by_sysctl_if(0x0b), rel("4.5"));
    assert_ptr_equal(xs_release_by_sysctl_if(0x12), rel("4.12")); /* 4.12, 4.13 */
    assert_ptr_equal(xs_release_by_sysctl_if(0x13), rel("4.14")); /* 4.14, 4.15 */
    assert_ptr_equal(xs_release_by_sysctl_if(0x15), rel("4.17")); /* 4.17-4.20 */
    assert_ptr_equal(xs_release_by_sysctl_if(0x0e), rel("4.8"));
    assert_null(xs_release_by_sysctl_if(0x0a));
    assert_null(xs_release_by_sysctl_if(0x16));
}

static const unsigned dm_hvmops[] = {
    XS_HVMOP_set_pci_intx_level, XS_HVMOP_set_isa_irq_level,
    XS_HVMOP_set_pci_link_route, XS_HVMOP_track_dirty_vram,
    XS_HVMOP_modified_memory, XS_HVMOP_set_mem_type, XS_HVMOP_inject_trap,
    XS_HVMOP_inject_msi, XS_HVMOP_create_ioreq_server,
    XS_HVMOP_get_ioreq_server_info, XS_HVMOP_map_io_range_to_ioreq_server,
    XS_HVMOP_unmap_io_range_from_ioreq_server, XS_HVMOP_destroy_ioreq_server,
    XS_HVMOP_set_ioreq_server_state,
};

static void hvmops_per_release(void **state)
{
    (void)state;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        bool legacy = r->minor <= 8 && !(r->flags & XS_REL_HYPOTHETICAL);

        for (size_t j = 0; j < sizeof dm_hvmops / sizeof dm_hvmops[0]; j++)
            assert_int_equal(xs_release_has_hvmop(r, dm_hvmops[j]), legacy);
        assert_true(xs_release_has_hvmop(r, XS_HVMOP_set_param));
        assert_true(xs_release_has_hvmop(r, XS_HVMOP_get_param));
        assert_true(xs_release_has_hvmop(r, XS_HVMOP_get_mem_type));
        assert_false(xs_release_has_hvmop(r, 9));    /* pagetable_dying: not a DM op */
        assert_false(xs_release_has_hvmop(r, 40));
        assert_int_equal(!!(r->flags & XS_REL_HVMOP_CONT_IN_OP), legacy);
    }
    assert_false(xs_release_has_hvmop(NULL, 0));
}

static void dmops_per_release(void **state)
{
    (void)state;
    assert_int_equal(xs_nr_dmops, XS_DMOP_MAX);
    for (unsigned n = 1; n <= XS_DMOP_MAX; n++) {
        assert_non_null(xs_dmop_name(n));
        assert_int_equal(xs_dmops[n - 1].nr, n);
    }
    assert_null(xs_dmop_name(0));
    assert_null(xs_dmop_name(XS_DMOP_MAX + 1));
    assert_string_equal(xs_dmop_name(XS_DMOP_inject_event), "inject_event");
    assert_string_equal(xs_dmop_name(16), "remote_shutdown");

    assert_false(xs_release_has_dmop(rel("4.8"), XS_DMOP_create_ioreq_server));
    assert_false(xs_release_has_dmop(rel("hvmctl1"), XS_DMOP_create_ioreq_server));
    assert_true(xs_release_has_dmop(rel("4.9"), XS_DMOP_map_mem_type_to_ioreq_server));
    assert_false(xs_release_has_dmop(rel("4.9"), XS_DMOP_remote_shutdown));
    assert_true(xs_release_has_dmop(rel("4.10"), XS_DMOP_remote_shutdown));
    assert_false(xs_release_has_dmop(rel("4.10"), XS_DMOP_relocate_memory));
    assert_true(xs_release_has_dmop(rel("4.11"), XS_DMOP_pin_memory_cacheattr));
    assert_false(xs_release_has_dmop(rel("4.14"), XS_DMOP_set_irq_level));
    assert_true(xs_release_has_dmop(rel("4.15"), XS_DMOP_nr_vcpus));
    assert_false(xs_release_has_dmop(rel("4.20"), 0));
    assert_false(xs_release_has_dmop(rel("4.20"), 21));
    assert_false(xs_release_has_dmop(NULL, 1));
}

static void hvmctl_commands(void **state)
{
    (void)state;
    assert_int_equal(xs_nr_hvmctl_cmds, XS_HVMCTL_MAX);
    for (unsigned n = 1; n <= XS_HVMCTL_MAX; n++) {
        assert_non_null(xs_hvmctl_name(n));
        assert_true(xs_release_has_hvmctl(rel("hvmctl1"), n));
        assert_false(xs_release_has_hvmctl(rel("4.8"), n));
        assert_false(xs_release_has_hvmctl(rel("4.9"), n));
    }
    assert_false(xs_release_has_hvmctl(rel("hvmctl1"), 0));
    assert_false(xs_release_has_hvmctl(rel("hvmctl1"), XS_HVMCTL_MAX + 1));
    assert_null(xs_hvmctl_name(0));
    /* every DM HVMOP has an hvmctl command of the same name */
    for (size_t j = 0; j < sizeof dm_hvmops / sizeof dm_hvmops[0]; j++) {
        const char *name = xs_hvmop_name(dm_hvmops[j]);
        bool found = false;

        assert_non_null(name);
        for (size_t k = 0; k < xs_nr_hvmctl_cmds; k++)
            found |= !strcmp(xs_hvmctl_cmds[k].name, name);
        assert_true(found);
    }
    assert_string_equal(xs_hvmop_name(XS_HVMOP_inject_trap), "inject_trap");
    assert_null(xs_hvmop_name(9));
}

static void layout_generations(void **state)
{
    const struct xs_layout_gen *g;

    (void)state;
    g = xs_layout_for("xen_domctl_getdomaininfo", rel("4.10"));
    assert_string_equal(g->xs_type, "xs_domctl_getdomaininfo_v0");
    assert_int_equal(g->size, 96);
    g = xs_layout_for("xen_domctl_getdomaininfo", rel("4.11"));
    assert_string_equal(g->xs_type, "xs_domctl_getdomaininfo_v1");
    assert_int_equal(g->size, 104);
    g = xs_layout_for("xen_domctl_getdomaininfo", rel("4.16"));
    assert_string_equal(g->xs_type, "xs_domctl_getdomaininfo_v2");
    assert_int_equal(g->size, 112);
    assert_int_equal(xs_layout_for("xen_domctl_bind_pt_irq", rel("4.9"))->size, 32);
    assert_int_equal(xs_layout_for("xen_domctl_bind_pt_irq", rel("4.10"))->size, 24);
    assert_int_equal(xs_layout_for("xen_domctl_irq_permission", rel("4.15"))->size, 2);
    assert_int_equal(xs_layout_for("xen_domctl_irq_permission", rel("4.16"))->size, 8);

    assert_true(xs_layout_changed("xen_domctl_getdomaininfo", rel("4.10"), rel("4.11")));
    assert_false(xs_layout_changed("xen_domctl_getdomaininfo", rel("4.11"), rel("4.15")));
    assert_true(xs_layout_changed("xen_domctl_getdomaininfo", rel("4.15"), rel("4.16")));
    assert_false(xs_layout_changed("xen_domctl", rel("4.5"), rel("4.20")));
    assert_false(xs_layout_changed("xen_dm_op", rel("4.9"), rel("4.20")));
    assert_true(xs_layout_changed("xen_dm_op", rel("4.8"), rel("4.9")));

    /* existence */
    assert_non_null(xs_layout_for("xen_hvm_io_range", rel("4.8")));
    assert_null(xs_layout_for("xen_hvm_io_range", rel("4.9")));
    assert_null(xs_layout_for("xen_hvm_io_range", rel("hvmctl1")));
    assert_non_null(xs_layout_for("xen_hvm_param", rel("hvmctl1")));
    assert_non_null(xs_layout_for("xen_hvmctl", rel("hvmctl1")));
    assert_null(xs_layout_for("xen_hvmctl", rel("4.8")));
    assert_null(xs_layout_for("xen_hvmctl", rel("4.20")));
    assert_null(xs_layout_for("xen_dm_op", rel("hvmctl1")));
    assert_null(xs_layout_for("xen_dm_op_remote_shutdown", rel("4.9")));
    assert_non_null(xs_layout_for("xen_dm_op_remote_shutdown", rel("4.10")));
    assert_non_null(xs_layout_for("xen_domctl_pin_mem_cacheattr", rel("4.10")));
    assert_null(xs_layout_for("xen_domctl_pin_mem_cacheattr", rel("4.11")));
    assert_ptr_equal(xs_layout_for("xen_domctl_getdomaininfo", rel("hvmctl1")),
                     xs_layout_for("xen_domctl_getdomaininfo", rel("4.8")));
    assert_null(xs_layout_for("no_such_struct", rel("4.17")));
    assert_null(xs_layout_for(NULL, rel("4.17")));
    assert_null(xs_layout_for("xen_domctl", NULL));
}

/* The release row's enums and the layout table tell the same story. */
static void layout_table_matches_release_enums(void **state)
{
    static const char *const gdi[] = { "xs_domctl_getdomaininfo_v0",
        "xs_domctl_getdomaininfo_v1", "xs_domctl_getdomaininfo_v2" };
    static const char *const bpi[] = { "xs_domctl_bind_pt_irq_v0", "xs_domctl_bind_pt_irq_v1" };
    static const char *const irp[] = { "xs_domctl_irq_permission_v0",
        "xs_domctl_irq_permission_v1" };

    (void)state;
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];

        assert_string_equal(xs_layout_for("xen_domctl_getdomaininfo", r)->xs_type,
                            gdi[r->getdomaininfo]);
        assert_string_equal(xs_layout_for("xen_domctl_bind_pt_irq", r)->xs_type,
                            bpi[r->bind_pt_irq]);
        assert_string_equal(xs_layout_for("xen_domctl_irq_permission", r)->xs_type,
                            irp[r->irq_permission]);
        /* a release has dm_op structs iff it has dm_op */
        assert_int_equal(xs_layout_for("xen_dm_op", r) != NULL, r->dmop_max > 0);
        assert_int_equal(xs_layout_for("xen_hvm_set_mem_type", r) != NULL,
                         xs_release_has_hvmop(r, XS_HVMOP_set_mem_type));
    }
    /* every row names a real size; a by-name row, releases that exist;
     * every row applies to some release */
    for (size_t i = 0; i < xs_nr_layout_gens; i++) {
        const struct xs_layout_gen *g = &xs_layout_gens[i];
        bool used = false;

        assert_true(g->size > 0);
        if (g->when == XS_GEN_RELEASES) {
            assert_non_null(xs_release_by_name(g->since));
            if (g->until)
                assert_true(xs_release_index(rel(g->until)) >= xs_release_index(rel(g->since)));
        } else {
            assert_null(g->since);
        }
        for (size_t j = 0; j < xs_nr_releases; j++)
            used |= xs_layout_for(g->xen_type, &xs_releases[j]) == g;
        assert_true(used);
    }
}

static void behaviour_flags(void **state)
{
    (void)state;
    assert_false(rel("4.10")->flags & XS_REL_IOREQ_INFO_FLAGS);
    assert_true(rel("4.11")->flags & XS_REL_IOREQ_INFO_FLAGS);
    assert_false(rel("4.17")->flags & XS_REL_GETDOMINFO_EXACT);
    assert_true(rel("4.18")->flags & XS_REL_GETDOMINFO_EXACT);
    assert_int_equal(rel("4.10")->ioreq_ids, XS_IOREQ_ID_COUNT_FROM_1);
    assert_int_equal(rel("4.11")->ioreq_ids, XS_IOREQ_ID_LOWEST_FREE_SKIP0);
    assert_int_equal(rel("4.12")->ioreq_ids, XS_IOREQ_ID_LOWEST_FREE);
    assert_int_equal(rel("4.8")->dominf, XS_DOMINF_V0);
    assert_int_equal(rel("4.9")->dominf, XS_DOMINF_V1);
    assert_string_equal(rel("4.6")->soname_xenctrl, "libxenctrl.so.4.6");
    assert_string_equal(rel("4.15")->soname_xenstore, "libxenstore.so.3.0");
    assert_string_equal(rel("4.16")->soname_xenstore, "libxenstore.so.4");
    assert_null(rel("4.14")->xenctrl_symver);
    assert_string_equal(rel("4.17")->xenctrl_symver, "VERS_4.17.0");
    assert_string_equal(rel("4.18")->xenctrl_symver, "libxenctrl_4.18.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_release_present_and_ordered),
        cmocka_unit_test(interface_numbers),
        cmocka_unit_test(lookup_by_name),
        cmocka_unit_test(lookup_by_numbers),
        cmocka_unit_test(hvmops_per_release),
        cmocka_unit_test(dmops_per_release),
        cmocka_unit_test(hvmctl_commands),
        cmocka_unit_test(layout_generations),
        cmocka_unit_test(layout_table_matches_release_enums),
        cmocka_unit_test(behaviour_flags),
    };
    return cmocka_run_group_tests_name("versions", tests, NULL, NULL);
}
