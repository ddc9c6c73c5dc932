/* domctl and sysctl ops as data: every op an x86 libxenctrl of 4.5-4.20
 * issues, with the Xen struct of its payload, and the layout generations
 * of the payloads the shim never looks inside.
 *
 * Facts from the public headers of each release tag (domctl.h, sysctl.h):
 * numbers, names, the union member each op uses, and where that struct's
 * definition (with the structs it embeds) changed.  abi-dumps/ctl_layouts.py
 * recomputes the generations from a Xen checkout; a textual change counts
 * as a layout change, so the table errs towards refusing.
 *
 * The translator (shim/translate_domctl.c) restamps an op whose payload
 * has one layout in the caller's and the hypervisor's release, converts
 * the few it knows field by field, and refuses the rest by name. */
#include <string.h>

#include "versions.h"

#define NOW NULL
#define RD XS_CTL_RELEASE_DATA

const struct xs_ctl_op xs_domctl_ops[] = {
    { 1, "createdomain", "xen_domctl_createdomain", "4.5", NOW, 0 },
    { 2, "destroydomain", NULL, "4.5", NOW, 0 },
    { 3, "pausedomain", NULL, "4.5", NOW, 0 },
    { 4, "unpausedomain", NULL, "4.5", NOW, 0 },
    { 5, "getdomaininfo", "xen_domctl_getdomaininfo", "4.5", NOW, 0 },
    { 6, "getmemlist", "xen_domctl_getmemlist", "4.5", "4.10", 0 },
    { 7, "getpageframeinfo", "xen_domctl_getpageframeinfo", "4.5", "4.5", 0 },
    { 8, "getpageframeinfo2", "xen_domctl_getpageframeinfo2", "4.5", "4.5", 0 },
    { 9, "setvcpuaffinity", "xen_domctl_vcpuaffinity", "4.5", NOW, 0 },
    { 10, "shadow_op", "xen_domctl_shadow_op", "4.5", NOW, 0 },
    { 11, "max_mem", "xen_domctl_max_mem", "4.5", NOW, 0 },
    { 12, "setvcpucontext", "xen_domctl_vcpucontext", "4.5", NOW, RD },
    { 13, "getvcpucontext", "xen_domctl_vcpucontext", "4.5", NOW, RD },
    { 14, "getvcpuinfo", "xen_domctl_getvcpuinfo", "4.5", NOW, 0 },
    { 15, "max_vcpus", "xen_domctl_max_vcpus", "4.5", NOW, 0 },
    { 16, "scheduler_op", "xen_domctl_scheduler_op", "4.5", NOW, 0 },
    { 17, "setdomainhandle", "xen_domctl_setdomainhandle", "4.5", NOW, 0 },
    { 18, "setdebugging", "xen_domctl_setdebugging", "4.5", NOW, 0 },
    { 19, "irq_permission", "xen_domctl_irq_permission", "4.5", NOW, 0 },
    { 20, "iomem_permission", "xen_domctl_iomem_permission", "4.5", NOW, 0 },
    { 21, "ioport_permission", "xen_domctl_ioport_permission", "4.5", NOW, 0 },
    { 22, "hypercall_init", "xen_domctl_hypercall_init", "4.5", NOW, 0 },
    { 24, "settimeoffset", "xen_domctl_settimeoffset", "4.5", NOW, 0 },
    { 25, "getvcpuaffinity", "xen_domctl_vcpuaffinity", "4.5", NOW, 0 },
    { 27, "resumedomain", NULL, "4.5", NOW, 0 },
    { 28, "sendtrigger", "xen_domctl_sendtrigger", "4.5", NOW, 0 },
    { 29, "subscribe", "xen_domctl_subscribe", "4.5", NOW, 0 },
    { 33, "gethvmcontext", "xen_domctl_hvmcontext", "4.5", NOW, RD },
    { 34, "sethvmcontext", "xen_domctl_hvmcontext", "4.5", NOW, RD },
    { 35, "set_address_size", "xen_domctl_address_size", "4.5", NOW, 0 },
    { 36, "get_address_size", "xen_domctl_address_size", "4.5", NOW, 0 },
    { 37, "assign_device", "xen_domctl_assign_device", "4.5", NOW, 0 },
    { 38, "bind_pt_irq", "xen_domctl_bind_pt_irq", "4.5", NOW, 0 },
    { 39, "memory_mapping", "xen_domctl_memory_mapping", "4.5", NOW, 0 },
    { 40, "ioport_mapping", "xen_domctl_ioport_mapping", "4.5", NOW, 0 },
    { 41, "pin_mem_cacheattr", "xen_domctl_pin_mem_cacheattr", "4.5", "4.10", 0 },
    { 42, "set_ext_vcpucontext", "xen_domctl_ext_vcpucontext", "4.5", NOW, 0 },
    { 43, "get_ext_vcpucontext", "xen_domctl_ext_vcpucontext", "4.5", NOW, 0 },
    { 45, "test_assign_device", "xen_domctl_assign_device", "4.5", NOW, 0 },
    { 46, "set_target", "xen_domctl_set_target", "4.5", NOW, 0 },
    { 47, "deassign_device", "xen_domctl_assign_device", "4.5", NOW, 0 },
    { 48, "unbind_pt_irq", "xen_domctl_bind_pt_irq", "4.5", NOW, 0 },
    { 49, "set_cpuid", "xen_domctl_cpuid", "4.5", "4.12", 0 },
    { 50, "get_device_group", "xen_domctl_get_device_group", "4.5", NOW, 0 },
    { 51, "set_machine_address_size", "xen_domctl_address_size", "4.5", "4.12", 0 },
    { 52, "get_machine_address_size", "xen_domctl_address_size", "4.5", "4.12", 0 },
    { 53, "suppress_spurious_page_faults", NULL, "4.5", "4.12", 0 },
    { 54, "debug_op", "xen_domctl_debug_op", "4.5", NOW, 0 },
    { 55, "gethvmcontext_partial", "xen_domctl_hvmcontext_partial", "4.5", NOW, RD },
    { 56, "mem_event_op", "xen_domctl_mem_event_op", "4.5", "4.5", 0 },
    { 56, "vm_event_op", "xen_domctl_vm_event_op", "4.6", NOW, 0 },
    { 57, "mem_sharing_op", "xen_domctl_mem_sharing_op", "4.5", NOW, 0 },
    { 58, "disable_migrate", "xen_domctl_disable_migrate", "4.5", "4.14", 0 },
    { 59, "gettscinfo", "xen_domctl_tsc_info", "4.5", NOW, 0 },
    { 60, "settscinfo", "xen_domctl_tsc_info", "4.5", NOW, 0 },
    { 61, "getpageframeinfo3", "xen_domctl_getpageframeinfo3", "4.5", NOW, 0 },
    { 62, "setvcpuextstate", "xen_domctl_vcpuextstate", "4.5", NOW, 0 },
    { 63, "getvcpuextstate", "xen_domctl_vcpuextstate", "4.5", NOW, 0 },
    { 64, "set_access_required", "xen_domctl_set_access_required", "4.5", NOW, 0 },
    { 65, "audit_p2m", "xen_domctl_audit_p2m", "4.5", NOW, 0 },
    { 66, "set_virq_handler", "xen_domctl_set_virq_handler", "4.5", NOW, 0 },
    { 67, "set_broken_page_p2m", "xen_domctl_set_broken_page_p2m", "4.5", NOW, 0 },
    { 68, "setnodeaffinity", "xen_domctl_nodeaffinity", "4.5", NOW, 0 },
    { 69, "getnodeaffinity", "xen_domctl_nodeaffinity", "4.5", NOW, 0 },
    { 70, "set_max_evtchn", "xen_domctl_set_max_evtchn", "4.5", "4.11", 0 },
    { 71, "cacheflush", "xen_domctl_cacheflush", "4.5", NOW, 0 },
    { 72, "get_vcpu_msrs", "xen_domctl_vcpu_msrs", "4.5", NOW, 0 },
    { 73, "set_vcpu_msrs", "xen_domctl_vcpu_msrs", "4.5", NOW, 0 },
    { 74, "setvnumainfo", "xen_domctl_vnuma", "4.5", NOW, 0 },
    { 75, "psr_cmt_op", "xen_domctl_psr_cmt_op", "4.5", NOW, 0 },
    { 77, "monitor_op", "xen_domctl_monitor_op", "4.6", NOW, 0 },
    { 78, "psr_cat_op", "xen_domctl_psr_cat_op", "4.6", "4.10", 0 },
    { 78, "psr_alloc", "xen_domctl_psr_alloc", "4.11", NOW, 0 },
    { 79, "soft_reset", NULL, "4.7", NOW, 0 },
    { 1000, "gdbsx_guestmemio", "xen_domctl_gdbsx_memio", "4.5", NOW, 0 },
    { 1001, "gdbsx_pausevcpu", "xen_domctl_gdbsx_pauseunp_vcpu", "4.5", NOW, 0 },
    { 1002, "gdbsx_unpausevcpu", "xen_domctl_gdbsx_pauseunp_vcpu", "4.5", NOW, 0 },
    { 1003, "gdbsx_domstatus", "xen_domctl_gdbsx_domstatus", "4.5", NOW, 0 },
};
const size_t xs_nr_domctl_ops = sizeof xs_domctl_ops / sizeof xs_domctl_ops[0];

const struct xs_ctl_op xs_sysctl_ops[] = {
    { 1, "readconsole", "xen_sysctl_readconsole", "4.5", NOW, 0 },
    { 2, "tbuf_op", "xen_sysctl_tbuf_op", "4.5", NOW, 0 },
    { 3, "physinfo", "xen_sysctl_physinfo", "4.5", NOW, 0 },
    { 4, "sched_id", "xen_sysctl_sched_id", "4.5", NOW, 0 },
    { 5, "perfc_op", "xen_sysctl_perfc_op", "4.5", NOW, 0 },
    { 6, "getdomaininfolist", "xen_sysctl_getdomaininfolist", "4.5", NOW, 0 },
    { 7, "debug_keys", "xen_sysctl_debug_keys", "4.5", NOW, 0 },
    { 8, "getcpuinfo", "xen_sysctl_getcpuinfo", "4.5", NOW, 0 },
    { 9, "availheap", "xen_sysctl_availheap", "4.5", NOW, 0 },
    { 10, "get_pmstat", "xen_sysctl_get_pmstat", "4.5", NOW, 0 },
    { 11, "cpu_hotplug", "xen_sysctl_cpu_hotplug", "4.5", NOW, 0 },
    { 12, "pm_op", "xen_sysctl_pm_op", "4.5", NOW, 0 },
    { 14, "page_offline_op", "xen_sysctl_page_offline_op", "4.5", NOW, 0 },
    { 15, "lockprof_op", "xen_sysctl_lockprof_op", "4.5", NOW, 0 },
    { 16, "topologyinfo", "xen_sysctl_topologyinfo", "4.5", "4.5", 0 },
    { 16, "cputopoinfo", "xen_sysctl_cputopoinfo", "4.6", NOW, 0 },
    { 17, "numainfo", "xen_sysctl_numainfo", "4.5", NOW, 0 },
    { 18, "cpupool_op", "xen_sysctl_cpupool_op", "4.5", NOW, 0 },
    { 19, "scheduler_op", "xen_sysctl_scheduler_op", "4.5", NOW, 0 },
    { 20, "coverage_op", "xen_sysctl_coverage_op", "4.5", "4.8", 0 },
    { 20, "gcov_op", "xen_sysctl_gcov_op", "4.9", "4.10", 0 },
    { 20, "coverage_op", "xen_sysctl_coverage_op", "4.11", NOW, 0 },
    { 21, "psr_cmt_op", "xen_sysctl_psr_cmt_op", "4.5", NOW, 0 },
    { 22, "pcitopoinfo", "xen_sysctl_pcitopoinfo", "4.6", NOW, 0 },
    { 23, "psr_cat_op", "xen_sysctl_psr_cat_op", "4.6", "4.10", 0 },
    { 23, "psr_alloc", "xen_sysctl_psr_alloc", "4.11", NOW, 0 },
    { 24, "tmem_op", "xen_sysctl_tmem_op", "4.6", "4.12", 0 },
    { 25, "get_cpu_levelling_caps", "xen_sysctl_cpu_levelling_caps", "4.7", NOW, 0 },
    { 26, "get_cpu_featureset", "xen_sysctl_cpu_featureset", "4.7", NOW, 0 },
    { 27, "livepatch_op", "xen_sysctl_livepatch_op", "4.7", NOW, 0 },
};
const size_t xs_nr_sysctl_ops = sizeof xs_sysctl_ops / sizeof xs_sysctl_ops[0];

/* Payload generations of the structs no abi.h definition describes: one
 * row per layout, since..until.  Absent here and in layouts.c: not
 * described (the op is refused between releases). */
static const struct payload_gen {
    const char *xen_type;
    const char *since, *until;
} payload_gens[] = {
    { "xen_domctl_createdomain", "4.5", "4.5" },
    { "xen_domctl_createdomain", "4.6", "4.6" },
    { "xen_domctl_createdomain", "4.7", "4.8" },
    { "xen_domctl_createdomain", "4.9", "4.10" },
    { "xen_domctl_createdomain", "4.11", "4.11" },
    { "xen_domctl_createdomain", "4.12", "4.12" },
    { "xen_domctl_createdomain", "4.13", "4.14" },
    { "xen_domctl_createdomain", "4.15", "4.15" },
    { "xen_domctl_createdomain", "4.16", "4.16" },
    { "xen_domctl_createdomain", "4.17", "4.18" },
    { "xen_domctl_createdomain", "4.19", NOW },
    { "xen_domctl_getmemlist", "4.5", "4.10" },
    { "xen_domctl_getpageframeinfo", "4.5", "4.5" },
    { "xen_domctl_getpageframeinfo2", "4.5", "4.5" },
    { "xen_domctl_shadow_op", "4.5", NOW },
    { "xen_domctl_vcpucontext", "4.5", NOW },
    { "xen_domctl_scheduler_op", "4.5", "4.5" },
    { "xen_domctl_scheduler_op", "4.6", "4.6" },
    { "xen_domctl_scheduler_op", "4.7", "4.9" },
    { "xen_domctl_scheduler_op", "4.10", NOW },
    { "xen_domctl_setdomainhandle", "4.5", NOW },
    { "xen_domctl_setdebugging", "4.5", NOW },
    { "xen_domctl_hypercall_init", "4.5", NOW },
    { "xen_domctl_settimeoffset", "4.5", "4.5" },
    { "xen_domctl_settimeoffset", "4.6", NOW },
    { "xen_domctl_sendtrigger", "4.5", NOW },
    { "xen_domctl_subscribe", "4.5", NOW },
    { "xen_domctl_hvmcontext", "4.5", NOW },
    { "xen_domctl_address_size", "4.5", NOW },
    { "xen_domctl_assign_device", "4.5", "4.5" },
    { "xen_domctl_assign_device", "4.6", "4.9" },
    { "xen_domctl_assign_device", "4.10", NOW },
    { "xen_domctl_ext_vcpucontext", "4.5", NOW },
    { "xen_domctl_cpuid", "4.5", "4.12" },
    { "xen_domctl_get_device_group", "4.5", NOW },
    { "xen_domctl_debug_op", "4.5", NOW },
    { "xen_domctl_hvmcontext_partial", "4.5", "4.9" },
    { "xen_domctl_hvmcontext_partial", "4.10", NOW },
    { "xen_domctl_mem_event_op", "4.5", "4.5" },
    { "xen_domctl_vm_event_op", "4.6", "4.12" },
    { "xen_domctl_vm_event_op", "4.13", NOW },
    { "xen_domctl_mem_sharing_op", "4.5", NOW },
    { "xen_domctl_disable_migrate", "4.5", "4.14" },
    { "xen_domctl_tsc_info", "4.5", "4.5" },
    { "xen_domctl_tsc_info", "4.6", NOW },
    { "xen_domctl_getpageframeinfo3", "4.5", NOW },
    { "xen_domctl_vcpuextstate", "4.5", NOW },
    { "xen_domctl_set_access_required", "4.5", NOW },
    { "xen_domctl_audit_p2m", "4.5", NOW },
    { "xen_domctl_set_virq_handler", "4.5", NOW },
    { "xen_domctl_set_broken_page_p2m", "4.5", NOW },
    { "xen_domctl_nodeaffinity", "4.5", NOW },
    { "xen_domctl_set_max_evtchn", "4.5", "4.11" },
    { "xen_domctl_cacheflush", "4.5", NOW },
    { "xen_domctl_vcpu_msrs", "4.5", NOW },
    { "xen_domctl_vnuma", "4.5", NOW },
    { "xen_domctl_psr_cmt_op", "4.5", NOW },
    { "xen_domctl_monitor_op", "4.6", "4.7" },
    { "xen_domctl_monitor_op", "4.8", "4.9" },
    { "xen_domctl_monitor_op", "4.10", "4.10" },
    { "xen_domctl_monitor_op", "4.11", "4.16" },
    { "xen_domctl_monitor_op", "4.17", NOW },
    { "xen_domctl_psr_cat_op", "4.6", "4.10" },
    { "xen_domctl_psr_alloc", "4.11", NOW },
    { "xen_domctl_gdbsx_memio", "4.5", NOW },
    { "xen_domctl_gdbsx_pauseunp_vcpu", "4.5", NOW },
    { "xen_domctl_gdbsx_domstatus", "4.5", NOW },

    { "xen_sysctl_readconsole", "4.5", NOW },
    { "xen_sysctl_tbuf_op", "4.5", NOW },
    { "xen_sysctl_perfc_op", "4.5", NOW },
    { "xen_sysctl_debug_keys", "4.5", "4.13" },
    { "xen_sysctl_debug_keys", "4.14", NOW },
    { "xen_sysctl_getcpuinfo", "4.5", NOW },
    { "xen_sysctl_availheap", "4.5", NOW },
    { "xen_sysctl_get_pmstat", "4.5", NOW },
    { "xen_sysctl_cpu_hotplug", "4.5", NOW },
    { "xen_sysctl_pm_op", "4.5", "4.10" },
    { "xen_sysctl_pm_op", "4.11", "4.17" },
    { "xen_sysctl_pm_op", "4.18", NOW },
    { "xen_sysctl_page_offline_op", "4.5", NOW },
    { "xen_sysctl_lockprof_op", "4.5", NOW },
    { "xen_sysctl_topologyinfo", "4.5", "4.5" },
    { "xen_sysctl_cputopoinfo", "4.6", NOW },
    { "xen_sysctl_numainfo", "4.5", "4.5" },
    { "xen_sysctl_numainfo", "4.6", NOW },
    { "xen_sysctl_scheduler_op", "4.5", "4.7" },
    { "xen_sysctl_scheduler_op", "4.8", "4.10" },
    { "xen_sysctl_scheduler_op", "4.11", "4.16" },
    { "xen_sysctl_scheduler_op", "4.17", NOW },
    { "xen_sysctl_coverage_op", "4.5", "4.8" },
    { "xen_sysctl_gcov_op", "4.9", "4.10" },
    { "xen_sysctl_coverage_op", "4.11", NOW },
    { "xen_sysctl_psr_cmt_op", "4.5", NOW },
    { "xen_sysctl_pcitopoinfo", "4.6", NOW },
    { "xen_sysctl_psr_cat_op", "4.6", "4.6" },
    { "xen_sysctl_psr_cat_op", "4.7", "4.9" },
    { "xen_sysctl_psr_cat_op", "4.10", "4.10" },
    { "xen_sysctl_psr_alloc", "4.11", NOW },
    { "xen_sysctl_tmem_op", "4.6", "4.7" },
    { "xen_sysctl_tmem_op", "4.8", "4.8" },
    { "xen_sysctl_tmem_op", "4.9", "4.12" },
    { "xen_sysctl_cpu_levelling_caps", "4.7", NOW },
    { "xen_sysctl_cpu_featureset", "4.7", NOW },
    { "xen_sysctl_livepatch_op", "4.7", "4.9" },
    { "xen_sysctl_livepatch_op", "4.10", "4.13" },
    { "xen_sysctl_livepatch_op", "4.14", "4.18" },
    { "xen_sysctl_livepatch_op", "4.19", NOW },
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
