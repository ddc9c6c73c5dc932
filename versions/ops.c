/* The op families a device model uses: number and name, as the ABI table
 * lists them (op rows of versions/abi.table).  Which release
 * has which op is answered from the release row alone (HVMOP bitmask,
 * highest DMOP, hvmctl version).  Struct layouts per release: layouts.c. */
#include <string.h>

#include "versions.h"
#include "abi.h"

#define HVMOP(name) { XS_HVMOP_##name, #name },
#define DMOP(name) { XS_DMOP_##name, #name },
#define HVMCTL(name) { XS_HVMCTL_##name, #name },

/* Every op the ABI table lists for the family (versions/abi.table). */
const struct xs_op_info xs_hvmops[] = { XS_HVMOP_OPS(HVMOP) };
const size_t xs_nr_hvmops = sizeof xs_hvmops / sizeof xs_hvmops[0];

const struct xs_op_info xs_dmops[] = { XS_DMOP_OPS(DMOP) };
const size_t xs_nr_dmops = sizeof xs_dmops / sizeof xs_dmops[0];

const struct xs_op_info xs_hvmctl_cmds[] = { XS_HVMCTL_OPS(HVMCTL) };
const size_t xs_nr_hvmctl_cmds = sizeof xs_hvmctl_cmds / sizeof xs_hvmctl_cmds[0];

bool xs_release_has_hvmop(const struct xs_release *r, unsigned hvmop)
{
    return r && hvmop < 32 && (r->legacy_dm_hvmops & (1u << hvmop));
}

bool xs_release_has_dmop(const struct xs_release *r, unsigned dmop)
{
    return r && dmop >= 1 && dmop <= r->dmop_max;
}

/* Only interface version 1 exists, and it has every command. */
bool xs_release_has_hvmctl(const struct xs_release *r, unsigned cmd)
{
    return r && r->hvmctl_if == XS_HVMCTL_INTERFACE_VERSION &&
           cmd >= 1 && cmd <= XS_HVMCTL_MAX;
}

/* Statistics name every translated call's op: the slot of a table listed
 * in number order from 0 or 1 is tried before the search. */
static const char *op_name(const struct xs_op_info *t, size_t n, unsigned nr)
{
    if (nr < n && t[nr].nr == nr)
        return t[nr].name;
    if (nr >= 1 && nr - 1 < n && t[nr - 1].nr == nr)
        return t[nr - 1].name;
    for (size_t i = 0; i < n; i++)
        if (t[i].nr == nr)
            return t[i].name;
    return NULL;
}

const char *xs_hvmop_name(unsigned hvmop)
{
    return op_name(xs_hvmops, xs_nr_hvmops, hvmop);
}

const char *xs_dmop_name(unsigned dmop)
{
    return op_name(xs_dmops, xs_nr_dmops, dmop);
}

const char *xs_hvmctl_name(unsigned cmd)
{
    return op_name(xs_hvmctl_cmds, xs_nr_hvmctl_cmds, cmd);
}
