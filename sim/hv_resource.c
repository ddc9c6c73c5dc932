/* Guest frames a dom0 maps: foreign mappings of guest memory (MMAPBATCH)
 * and XENMEM_acquire_resource (memory_op 28, 4.11+) for an ioreq server's
 * pages.  A "frame" here is a page of the guest-memory file
 * (sim_guest_memory_fd), which is where the simulated kernel maps it from;
 * a PV dom0 calling acquire_resource itself gets the same numbers as its
 * MFNs.
 *
 * acquire_resource, as 4.17's common/memory.c: pad != 0 -EINVAL; frame or
 * frame + nr_frames beyond 32 bits -EINVAL; domain: dom0 itself -EPERM,
 * unknown -ESRCH; the resource's size 0 -EINVAL.  A null frame_list asks
 * the size (nr_frames must be 0): for an ioreq server 1 + one page per
 * 128 vCPUs, for the domain whatever server; an unknown type's "size" is
 * Xen's -EOPNOTSUPP read as unsigned (4.17 returns it so), and mapping it
 * -EOPNOTSUPP.  Frames: unknown server -ENOENT; frame 0 is the buffered
 * ioreq page (-ENOENT without one), frame 1 the ioreq page, others
 * -EINVAL.  Types other than ioreq_server (grant table, vmtrace) are not
 * modelled: -EOPNOTSUPP, as for an unknown type.  Before 4.11: -ENOSYS. */
#include <errno.h>

#include "abi.h"
#include "hv_internal.h"

static long max_frames(const struct sim *s, uint32_t type)
{
    if (type != XS_XENMEM_resource_ioreq_server)
        return (uint32_t)-EOPNOTSUPP;
    return 1 + (s->guest.vcpus * sizeof(struct xs_ioreq) + 4095) / 4096;
}

static long server_frame(struct sim *s, uint32_t id, uint32_t idx, int64_t *frame)
{
    for (unsigned i = 0; i < HV_MAX_IOREQ_SERVERS; i++) {
        const struct hv_ioreq_server *srv = &s->guest.ioreq[i];

        if (!srv->used || srv->id != id)
            continue;
        if (idx == XS_XENMEM_resource_ioreq_server_frame_bufioreq) {
            if (!srv->bufioreq_mode)
                return -ENOENT;
            *frame = (int64_t)srv->bufioreq_gfn;
            return 0;
        }
        if (idx == XS_XENMEM_resource_ioreq_server_frame_ioreq(0)) {
            *frame = (int64_t)srv->ioreq_gfn;
            return 0;
        }
        return -EINVAL;
    }
    return -ENOENT;
}

/* The checks and the frames, shared by the hypercall and the kernel's
 * MMAP_RESOURCE.  num 0: the size. */
static long resource_frames(struct sim *s, uint16_t domid, uint32_t type, uint32_t id,
                            uint64_t frame, uint32_t num, int64_t *frames)
{
    struct hv_guest *g;
    long r, max;

    if (!(s->rel->flags & XS_REL_ACQUIRE_RESOURCE))
        return -ENOSYS;
    if ((frame >> 32) || ((frame + num) >> 32))
        return -EINVAL;
    if ((r = hv_lookup_remote(s, domid, &g)))
        return r;
    max = max_frames(s, type);
    if (num == 0)
        return max;
    if (type != XS_XENMEM_resource_ioreq_server)
        return -EOPNOTSUPP;
    if (id != (uint16_t)id)
        return -EINVAL;
    for (uint32_t i = 0; i < num; i++)
        if ((r = server_frame(s, id, (uint32_t)frame + i, &frames[i])))
            return r;
    return 0;
}

long hv_acquire_resource(struct sim *s, struct sim_caller *c, uint64_t start, uint64_t arg)
{
    struct xs_xen_mem_acquire_resource a;
    int64_t frames[32];
    long r;

    if (!(s->rel->flags & XS_REL_ACQUIRE_RESOURCE))
        return -ENOSYS;
    if (hv_copy_from(c, &a, arg, sizeof(a)))
        return -EFAULT;
    hv_trace_note(s, "acquire_resource", a.domid);
    if (a.pad)
        return -EINVAL;
    if (a.frame_list == 0) {
        if (a.nr_frames || start)
            return -EINVAL;
        r = resource_frames(s, a.domid, a.type, a.id, a.frame, 0, NULL);
        if (r < 0)
            return r;
        a.nr_frames = (uint32_t)r;
        return hv_copy_to(c, arg + offsetof(struct xs_xen_mem_acquire_resource, nr_frames),
                          &a.nr_frames, sizeof(a.nr_frames)) ? -EFAULT : 0;
    }
    if (start >= a.nr_frames || a.nr_frames > (UINT32_MAX >> 6))
        return -EINVAL;
    for (uint64_t done = start; done < a.nr_frames;) {
        uint32_t todo = a.nr_frames - done > 32 ? 32 : (uint32_t)(a.nr_frames - done);

        r = resource_frames(s, a.domid, a.type, a.id, a.frame + done, todo, frames);
        if (r < 0)
            return r;
        if (hv_copy_to(c, a.frame_list + done * sizeof(uint64_t), frames, todo * sizeof(uint64_t)))
            return -EFAULT;
        done += todo;
    }
    return 0;
}

long sim_resource_frames(struct sim *s, uint16_t domid, uint32_t type, uint32_t id,
                         uint32_t idx, uint32_t num, int64_t *frames)
{
    long r;

    pthread_mutex_lock(&s->lock);
    r = resource_frames(s, domid, type, id, idx, num, frames);
    pthread_mutex_unlock(&s->lock);
    return r;
}

long sim_foreign_frames(struct sim *s, uint16_t domid, unsigned num, const uint64_t *gfns,
                        int64_t *frames)
{
    struct hv_guest *g;
    long r;

    pthread_mutex_lock(&s->lock);
    r = hv_lookup_remote(s, domid, &g);
    for (unsigned i = 0; !r && i < num; i++)
        frames[i] = hv_guest_frame_present(g, gfns[i]) ? (int64_t)gfns[i] : -EINVAL;
    pthread_mutex_unlock(&s->lock);
    return r;
}
