/* xenshim versions [--json] | --diff A B
 *
 * Lists what each known release speaks to a device model, straight from
 * the versions/ tables.  --diff prints, per Xen struct, how its layout
 * differs between two releases according to the layout table; the ABI
 * suite compares that with what abidiff finds in the dumps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "abi.h"
#include "versions.h"

static const char *gen_suffix(unsigned v)
{
    static const char *const s[] = { "v0", "v1", "v2" };
    return v < 3 ? s[v] : "?";
}

/* The device-model HVMOPs came and went together (4.5-4.8). */
static bool has_legacy_dm_hvmops(const struct xs_release *r)
{
    return xs_release_has_hvmop(r, XS_HVMOP_set_pci_intx_level);
}

/* The layout generations that do not start with the release series: only
 * those say something per release worth a column. */
static void print_text(void)
{
    printf("%-8s %-8s %-6s %-6s %-5s %-6s %-6s %-13s %-11s %-14s %s\n",
           "release", "xenver", "domctl", "sysctl", "dmop", "hvmctl", "hvmop",
           "getdomaininfo", "bind_pt_irq", "irq_permission", "notes");
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        char dmop[8], hvmctl[8];

        snprintf(dmop, sizeof dmop, "%u", r->dmop_max);
        snprintf(hvmctl, sizeof hvmctl, "%u", r->hvmctl_if);
        printf("%-8s 0x%06x 0x%02x   0x%02x   %-5s %-6s %-6s %-13s %-11s %-14s",
               r->name, xs_release_xenver(r), r->domctl_if, r->sysctl_if,
               r->dmop_max ? dmop : "-", r->hvmctl_if ? hvmctl : "-",
               has_legacy_dm_hvmops(r) ? "yes" : "no",
               gen_suffix(r->getdomaininfo), gen_suffix(r->bind_pt_irq),
               gen_suffix(r->irq_permission));
        if (r->flags & XS_REL_HYPOTHETICAL)
            printf(" hypothetical (base %s)", r->base ? r->base : "?");
        if (r->flags & XS_REL_HVMOP_CONT_IN_OP)
            printf(" hvmop-cont-in-op");
        if (r->flags & XS_REL_IOREQ_INFO_FLAGS)
            printf(" ioreq-info-flags");
        if (r->flags & XS_REL_GETDOMINFO_EXACT)
            printf(" getdomaininfo-esrch");
        printf("\n");
    }
}

static void json_str(const char *key, const char *v, const char *sep)
{
    if (v)
        printf("\"%s\": \"%s\"%s", key, v, sep);
    else
        printf("\"%s\": null%s", key, sep);
}

static int by_xen_type(const void *a, const void *b)
{
    const struct xs_layout_gen *const *x = a, *const *y = b;

    return strcmp((*x)->xen_type, (*y)->xen_type);
}

/* Keys in sorted order so the output is stable and diffable. */
static void print_json(void)
{
    printf("[\n");
    for (size_t i = 0; i < xs_nr_releases; i++) {
        const struct xs_release *r = &xs_releases[i];
        bool first = true;

        printf("  {");
        json_str("base", r->base, ", ");
        printf("\"bind_pt_irq\": \"%s\", ", gen_suffix(r->bind_pt_irq));
        printf("\"dmop_max\": %u, ", r->dmop_max);
        printf("\"domctl_if\": %u, ", r->domctl_if);
        printf("\"dominf\": \"%s\", ", gen_suffix(r->dominf));
        printf("\"getdomaininfo\": \"%s\", ", gen_suffix(r->getdomaininfo));
        printf("\"hvmctl_if\": %u, ", r->hvmctl_if);
        printf("\"hypothetical\": %s, ", r->flags & XS_REL_HYPOTHETICAL ? "true" : "false");
        printf("\"irq_permission\": \"%s\", ", gen_suffix(r->irq_permission));
        /* one entry per Xen type: the generation r uses */
        const struct xs_layout_gen *used[256];
        size_t n = 0;
        for (size_t j = 0; j < xs_nr_layout_gens && n < 256; j++)
            if (xs_layout_for(xs_layout_gens[j].xen_type, r) == &xs_layout_gens[j])
                used[n++] = &xs_layout_gens[j];
        qsort(used, n, sizeof used[0], by_xen_type);
        printf("\"layouts\": {");
        for (size_t j = 0; j < n; j++) {
            printf("%s\"%s\": {\"size\": %zu, \"type\": \"%s\"}",
                   first ? "" : ", ", used[j]->xen_type, used[j]->size, used[j]->xs_type);
            first = false;
        }
        printf("}, ");
        printf("\"legacy_dm_hvmops\": %s, ", has_legacy_dm_hvmops(r) ? "true" : "false");
        json_str("name", r->name, ", ");
        json_str("soname_xenctrl", r->soname_xenctrl, ", ");
        json_str("soname_xenstore", r->soname_xenstore, ", ");
        printf("\"sysctl_if\": %u, ", r->sysctl_if);
        printf("\"xenctrl_symver\": ");
        if (r->xenctrl_symver)
            printf("\"%s\", ", r->xenctrl_symver);
        else
            printf("null, ");
        printf("\"xenver\": %u}%s\n", xs_release_xenver(r), i + 1 < xs_nr_releases ? "," : "");
    }
    printf("]\n");
}

/* Our generic name for a Xen type's layouts: the xs_ name minus _vN. */
static void generic_name(const struct xs_layout_gen *g, char *buf, size_t len)
{
    size_t n = strlen(g->xs_type);

    if (n > 3 && g->xs_type[n - 3] == '_' && g->xs_type[n - 2] == 'v' &&
        g->xs_type[n - 1] >= '0' && g->xs_type[n - 1] <= '9')
        n -= 3;
    snprintf(buf, len, "%.*s", (int)n, g->xs_type);
}

static int print_diff(const char *an, const char *bn)
{
    const struct xs_release *a = xs_release_by_name(an), *b = xs_release_by_name(bn);

    if (!a || !b) {
        fprintf(stderr, "xenshim versions: unknown release '%s'\n", a ? bn : an);
        return 2;
    }
    for (size_t j = 0; j < xs_nr_layout_gens; j++) {
        const struct xs_layout_gen *g = &xs_layout_gens[j];
        const struct xs_layout_gen *ga = xs_layout_for(g->xen_type, a);
        const struct xs_layout_gen *gb = xs_layout_for(g->xen_type, b);
        char name[128];

        /* visit each Xen type once: at its first row */
        bool first = true;
        for (size_t k = 0; k < j; k++)
            if (!strcmp(xs_layout_gens[k].xen_type, g->xen_type))
                first = false;
        if (!first || ga == gb)
            continue;
        generic_name(ga ? ga : gb, name, sizeof name);
        if (!ga)
            printf("added %s %zu\n", name, gb->size);
        else if (!gb)
            printf("removed %s %zu\n", name, ga->size);
        else
            printf("changed %s %zu %zu\n", name, ga->size, gb->size);
    }
    return 0;
}

static int cmd_versions(int argc, char **argv)
{
    if (argc == 1) {
        print_text();
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "--json")) {
        print_json();
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "--diff"))
        return print_diff(argv[2], argv[3]);
    fprintf(stderr, "usage: xenshim versions [--json | --diff A B]\n");
    return 2;
}

XS_CLI_COMMAND(versions_cmd, "versions",
               "versions [--json | --diff A B]  known Xen releases and their interfaces",
               cmd_versions)
