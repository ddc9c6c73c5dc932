/* xen_version and sched_op: the sub-ops device models and their libraries
 * use.  Others answer -ENOSYS, which is what Xen says for unknown ones. */
#include <errno.h>
#include <string.h>

#include "abi.h"
#include "hv_internal.h"
#include "versions.h"

#define HV_XENVER_compile_info   2
#define HV_XENVER_capabilities   3
#define HV_XENVER_changeset      4
#define HV_XENVER_platform_parameters 5
#define HV_XENVER_get_features   6
#define HV_XENVER_pagesize       7
#define HV_XENVER_commandline    9
#define HV_XENVER_build_id      10     /* 4.7+ */
#define HV_XENVER_CAPABILITIES_LEN 1024
#define HV_XENVER_CHANGESET_LEN  64
#define HV_XENVER_COMMANDLINE_LEN 1024
#define HV_HYPERVISOR_VIRT_START 0xffff800000000000ull   /* x86_64 */

/* xen_compile_info_t: compiler, compile_by, compile_domain, compile_date. */
struct hv_compile_info {
    char compiler[64], by[16], domain[32], date[32];
};

/* The strings a build of Xen carries, for a hypervisor nobody compiled:
 * each names the simulator, so a toolstack's printout says what it ran on. */
static long put_string(struct sim_caller *c, uint64_t arg, const char *text, size_t len)
{
    char buf[HV_XENVER_COMMANDLINE_LEN] = { 0 };

    strncpy(buf, text, len - 1);
    return hv_copy_to(c, arg, buf, len) ? -EFAULT : 0;
}

#define HV_SCHEDOP_yield 0

long hv_xen_version(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case XS_XENVER_version:
        hv_trace_note(s, "version", -1);
        return (long)xs_release_xenver(s->rel);
    case XS_XENVER_extraversion: {
        /* We play a release, not a point release of it. */
        char extra[XS_XENVER_EXTRAVERSION_LEN] = ".0";
        hv_trace_note(s, "extraversion", -1);
        return hv_copy_to(c, arg, extra, sizeof(extra)) ? -EFAULT : 0;
    }
    case HV_XENVER_capabilities: {
        char caps[HV_XENVER_CAPABILITIES_LEN] =
            "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";
        hv_trace_note(s, "capabilities", -1);
        return hv_copy_to(c, arg, caps, sizeof(caps)) ? -EFAULT : 0;
    }
    case HV_XENVER_get_features: {
        /* struct { uint32_t submap_idx; uint32_t submap; }: dom0 is a PV
         * guest with no optional features announced. */
        uint32_t fi[2];
        hv_trace_note(s, "get_features", -1);
        if (hv_copy_from(c, fi, arg, sizeof(fi)))
            return -EFAULT;
        fi[1] = 0;
        return hv_copy_to(c, arg, fi, sizeof(fi)) ? -EFAULT : 0;
    }
    case HV_XENVER_pagesize:
        hv_trace_note(s, "pagesize", -1);
        return 1 << HV_PAGE_SHIFT;
    case HV_XENVER_compile_info: {
        struct hv_compile_info ci = { "xenshim simulator", "xenshim", "sim", "-" };
        hv_trace_note(s, "compile_info", -1);
        return hv_copy_to(c, arg, &ci, sizeof(ci)) ? -EFAULT : 0;
    }
    case HV_XENVER_changeset:
        hv_trace_note(s, "changeset", -1);
        return put_string(c, arg, "simulated", HV_XENVER_CHANGESET_LEN);
    case HV_XENVER_platform_parameters: {
        uint64_t virt_start = HV_HYPERVISOR_VIRT_START;
        hv_trace_note(s, "platform_parameters", -1);
        return hv_copy_to(c, arg, &virt_start, sizeof(virt_start)) ? -EFAULT : 0;
    }
    case HV_XENVER_commandline:
        hv_trace_note(s, "commandline", -1);
        return put_string(c, arg, "", HV_XENVER_COMMANDLINE_LEN);
    case HV_XENVER_build_id:
        /* A hypervisor without a build id says so (4.7+). */
        hv_trace_note(s, "build_id", -1);
        if (xs_release_index(s->rel) >= xs_release_index(xs_release_by_name("4.7")))
            return -ENODATA;
        break;
    }
    hv_trace_note(s, "unknown", -1);
    return -ENOSYS;
}

long hv_sched_op(struct sim *s, struct sim_caller *c, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case HV_SCHEDOP_yield:
        hv_trace_note(s, "yield", -1);
        return 0;
    case XS_SCHEDOP_remote_shutdown: {
        struct xs_sched_remote_shutdown r;
        hv_trace_note(s, "remote_shutdown", -1);
        if (hv_copy_from(c, &r, arg, sizeof(r)))
            return -EFAULT;
        hv_trace_note(s, "remote_shutdown", r.domain_id);
        if (r.domain_id == s->guest.domid)
            return hv_guest_shutdown(&s->guest, r.reason);
        /* dom0 may shut itself down; we do not play that part. */
        return r.domain_id == 0 ? 0 : -ESRCH;
    }
    }
    hv_trace_note(s, "unknown", -1);
    return -ENOSYS;
}
