/* /dev/xen/gntdev, as far as xenstored and QEMU use it when no guest has
 * granted them anything.  Linux 6.1's driver:
 *   GRANT_COPY        each segment checked (a copy needs a grant on at
 *                     least one side, and must stay inside its page,
 *                     else -EINVAL for the whole call), then Xen answers
 *                     per segment; the simulated guest grants nothing, so
 *                     every segment's status is GNTST_bad_gntref.  count 0
 *                     is QEMU's probe: 0.
 *   SET_MAX_GRANTS    gone from Linux since 4.x: -ENOTTY, which
 *                     libxengnttab takes for "no limit".
 *   anything else     -ENOTTY (Linux's -ENOIOCTLCMD).  MAP_GRANT_REF and
 *                     the rest are not modelled: no simulated guest
 *                     grants a page, so nothing could be mapped. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "host.h"
#include "privcmd.h"

#define GNTCOPY_source_gref 1u
#define GNTCOPY_dest_gref   2u
#define GNTST_bad_gntref    (-4)
#define PAGE_SIZE_4K        4096u

struct copy_segment {              /* struct gntdev_grant_copy_segment */
    union { uint64_t virt; struct { uint32_t ref; uint16_t offset, domid; } foreign; } source, dest;
    uint16_t len, flags;
    int16_t status;
    uint16_t pad;
};
_Static_assert(sizeof(struct copy_segment) == XS_GNTDEV_GRANT_COPY_SEGMENT_SIZE, "segment");
_Static_assert(offsetof(struct copy_segment, status) == XS_GNTDEV_SEGMENT_STATUS_OFFSET, "status");

static long grant_copy(struct sim_caller *c, uint64_t arg)
{
    struct xs_ioctl_gntdev_grant_copy gc;
    struct copy_segment seg;
    int16_t status = GNTST_bad_gntref;

    if (c->read(c, &gc, arg, sizeof(gc)))
        return -EFAULT;
    for (uint32_t i = 0; i < gc.count; i++) {
        uint64_t at = gc.segments + (uint64_t)i * sizeof(seg);

        if (c->read(c, &seg, at, sizeof(seg)))
            return -EFAULT;
        if (!(seg.flags & (GNTCOPY_source_gref | GNTCOPY_dest_gref)))
            return -EINVAL;
        if (((seg.flags & GNTCOPY_source_gref) &&
             seg.source.foreign.offset + (unsigned)seg.len > PAGE_SIZE_4K) ||
            ((seg.flags & GNTCOPY_dest_gref) &&
             seg.dest.foreign.offset + (unsigned)seg.len > PAGE_SIZE_4K))
            return -EINVAL;
    }
    for (uint32_t i = 0; i < gc.count; i++)
        if (c->write(c, gc.segments + (uint64_t)i * sizeof(seg) + XS_GNTDEV_SEGMENT_STATUS_OFFSET,
                     &status, sizeof(status)))
            return -EFAULT;
    return 0;
}

long gntdev_ioctl(struct sim_caller *c, unsigned cmd, uint64_t arg)
{
    switch (cmd) {
    case XS_IOCTL_GNTDEV_GRANT_COPY:
        return grant_copy(c, arg);
    default:
        return -ENOTTY;
    }
}
