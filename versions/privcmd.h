/* The Linux privcmd, evtchn and gntdev drivers' interface, the same
 * whatever Xen release runs underneath.  Described in versions/abi.table
 * (section privcmd); the build generates privcmd_gen.h from it. */
#ifndef XENSHIM_PRIVCMD_H
#define XENSHIM_PRIVCMD_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "privcmd_gen.h"

/* Linux's checks of IOCTL_PRIVCMD_DM_OP before Xen sees it, in its order:
 * the count (after num 0, which the driver answers 0 without calling
 * Xen), then each buffer's size as it walks them.  -E2BIG, else 0. */
static inline int xs_privcmd_dm_op_count_check(uint64_t num)
{
    return num > XS_PRIVCMD_DM_OP_MAX_NUM ? -E2BIG : 0;
}

static inline int xs_privcmd_dm_op_buf_check(uint64_t size)
{
    return size > XS_PRIVCMD_DM_OP_MAX_SIZE ? -E2BIG : 0;
}

#endif
