/* domctl and sysctl ops as data: every op an x86 libxenctrl of 4.5-4.20
 * issues, with the Xen struct of its payload, and the layout generations
 * of the payloads the shim never looks inside.  The facts are the `op
 * DOMCTL`/`op SYSCTL` and `generations` rows of versions/abi.table; this
 * file makes them tables and looks them up.
 *
 * The translator (shim/translate_domctl.c) restamps an op whose payload
 * has one layout in the caller's and the hypervisor's release, converts
 * the few it knows field by field, and refuses the rest by name. */
#include <string.h>

#include "versions.h"
#include "abi.h"

#define CTL_OP(nr, name, payload, since, until, flags) { nr, name, payload, since, until, flags },

const struct xs_ctl_op xs_domctl_ops[] = { XS_DOMCTL_TABLE(CTL_OP) };
const size_t xs_nr_domctl_ops = sizeof xs_domctl_ops / sizeof xs_domctl_ops[0];

const struct xs_ctl_op xs_sysctl_ops[] = { XS_SYSCTL_TABLE(CTL_OP) };
const size_t xs_nr_sysctl_ops = sizeof xs_sysctl_ops / sizeof xs_sysctl_ops[0];

/* Payload generations of the structs no struct row of abi.table
 * describes: one row per layout.  Absent here and in layouts.c: not
 * described (the op is refused between releases). */
static const struct payload_gen {
    const char *xen_type;
    const char *since, *until;
} payload_gens[] = {
#define GEN(xen_type, since, until) { xen_type, since, until },
    XS_GENERATIONS(GEN)
#undef GEN
};

static const struct xs_ctl_op *find(const struct xs_ctl_op *t, size_t n, unsigned nr,
                                    const struct xs_release *r)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].nr == nr && xs_release_in(r, t[i].since, t[i].until))
            return &t[i];
    return NULL;
}

const struct xs_ctl_op *xs_domctl_op(unsigned nr, const struct xs_release *r)
{
    return find(xs_domctl_ops, xs_nr_domctl_ops, nr, r);
}

const struct xs_ctl_op *xs_sysctl_op(unsigned nr, const struct xs_release *r)
{
    return find(xs_sysctl_ops, xs_nr_sysctl_ops, nr, r);
}

const char *xs_ctl_op_name(bool sysctl, unsigned nr)
{
    const struct xs_ctl_op *t = sysctl ? xs_sysctl_ops : xs_domctl_ops;
    size_t n = sysctl ? xs_nr_sysctl_ops : xs_nr_domctl_ops;

    for (size_t i = 0; i < n; i++)
        if (t[i].nr == nr)
            return t[i].name;
    return NULL;
}

/* The generation row of xen_type that release r uses, or NULL. */
static const void *payload_gen_of(const char *xen_type, const struct xs_release *r)
{
    const struct xs_layout_gen *g = xs_layout_for(xen_type, r);

    if (g)
        return g;
    for (size_t i = 0; i < sizeof payload_gens / sizeof payload_gens[0]; i++)
        if (!strcmp(payload_gens[i].xen_type, xen_type) &&
            xs_release_in(r, payload_gens[i].since, payload_gens[i].until))
            return &payload_gens[i];
    return NULL;
}

bool xs_ctl_payload_same(const char *xen_type, const struct xs_release *a,
                         const struct xs_release *b)
{
    const void *ga = payload_gen_of(xen_type, a);

    return ga && ga == payload_gen_of(xen_type, b);
}
