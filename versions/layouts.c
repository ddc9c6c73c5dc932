/* Struct layout generations as data: for each Xen struct a device model
 * exchanges, which of our definitions each release uses.  The rows are
 * generated from the layout= columns of versions/abi.table and mostly
 * point at a column of the release rows (versions.h, enum xs_gen_when).  The ABI
 * dumps (abi-dumps/gen.c) are generated from this table, and suite_60_abi
 * checks that abidiff between consecutive releases agrees with it. */
#include <string.h>

#include "versions.h"
#include "abi.h"

#define GEN(xen, xs, when, value, since, until) \
    { #xen, #xs, sizeof(struct xs), when, value, since, until },

const struct xs_layout_gen xs_layout_gens[] = {
#include "abi_layouts.h"
};
const size_t xs_nr_layout_gens = sizeof xs_layout_gens / sizeof xs_layout_gens[0];

bool xs_release_in(const struct xs_release *r, const char *since_name, const char *until_name)
{
    const struct xs_release *since = xs_release_by_name(since_name);
    const struct xs_release *until = until_name ? xs_release_by_name(until_name) : NULL;
    const struct xs_release *eff;
    int i;

    if (!r || !since)
        return false;
    if (since->flags & XS_REL_HYPOTHETICAL)
        return since == r;
    /* A hypothetical release is its base, as far as shipped layouts go. */
    eff = r->base ? xs_release_by_name(r->base) : r;
    if (!eff)
        return false;
    i = xs_release_index(eff);
    return i >= xs_release_index(since) && (!until || i <= xs_release_index(until));
}

static bool gen_applies(const struct xs_layout_gen *g, const struct xs_release *r)
{
    switch (g->when) {
    case XS_GEN_RELEASES:       return xs_release_in(r, g->since, g->until);
    case XS_GEN_GETDOMAININFO:  return r->getdomaininfo == g->value;
    case XS_GEN_BIND_PT_IRQ:    return r->bind_pt_irq == g->value;
    case XS_GEN_IRQ_PERMISSION: return r->irq_permission == g->value;
    case XS_GEN_DMOP:           return xs_release_has_dmop(r, g->value);
    case XS_GEN_HVMOP:          return xs_release_has_hvmop(r, g->value);
    case XS_GEN_HVMCTL:         return r->hvmctl_if != 0;
    }
    return false;
}

const struct xs_layout_gen *xs_layout_for(const char *xen_type, const struct xs_release *r)
{
    if (!xen_type || !r)
        return NULL;
    for (size_t i = 0; i < xs_nr_layout_gens; i++)
        if (!strcmp(xs_layout_gens[i].xen_type, xen_type) &&
            gen_applies(&xs_layout_gens[i], r))
            return &xs_layout_gens[i];
    return NULL;
}

bool xs_layout_changed(const char *xen_type, const struct xs_release *a,
                       const struct xs_release *b)
{
    return xs_layout_for(xen_type, a) != xs_layout_for(xen_type, b);
}
