/* struct xs_hv backed by the simulator library, in process.
 *
 * Unit tests of the translators use it instead of a privcmd descriptor: the
 * "caller" of the simulated hypervisor is this very process, so a pointer a
 * test hands to a translator is read by the simulator exactly as the real
 * hypervisor would read the device model's memory.  Memory is reached with
 * process_vm_readv/writev on our own pid (sim_test_caller.h, as in the
 * simulator's own tests), so a bad pointer gives -EFAULT (as
 * copy_from_guest would) instead of a crash.
 *
 * Header-only so each test binary gets its own copy and no library needs to
 * know about tests.
 *
 *     struct hv_over_sim h;
 *     assert_int_equal(hv_over_sim_open(&h, "4.17"), 0);
 *     ... xs_translate_hvm_op(&h.hv, op, (uintptr_t)&arg, &ret) ...
 *     hv_over_sim_close(&h);
 */
#ifndef XENSHIM_TESTS_HV_OVER_SIM_H
#define XENSHIM_TESTS_HV_OVER_SIM_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"
#include "privcmd.h"
#include "sim.h"
#include "sim_test_caller.h"
#include "translate.h"
#include "versions.h"

struct hv_over_sim {
    struct xs_hv hv;
    struct xs_profile profile;
    struct sim *sim;
    struct sim_caller caller;
    /* What the translator asked of the hypervisor, for assertions. */
    unsigned nr_hypercalls, nr_dm_ops;
    uint64_t last_hypercall_op;
    unsigned last_dm_op_nr;
    /* Plays the kernel's DM_OP limits (num 0 -> 0, > 16 bufs or a buffer
     * > 4096 bytes -> -E2BIG) before the hypervisor sees the call; tests
     * of hypercall-41 fallbacks turn it off. */
    int kernel_dm_op_limits;
    /* Override of XENMEM_maximum_gpfn (memory_op 12, cmd 14): 0 lets the
     * simulator answer; > 0 is the guest's answer (another domain's
     * -ESRCH); < 0 is the errno of a hypervisor without it. */
    long fake_max_gpfn;
};

static inline struct hv_over_sim *hvos_of(struct xs_hv *hv)
{
    return (struct hv_over_sim *)hv->priv;
}

static inline long hvos_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct hv_over_sim *h = hvos_of(hv);

    h->nr_hypercalls++;
    h->last_hypercall_op = op;
    if (h->fake_max_gpfn != 0 && op == 12 && arg[0] == 14) {
        uint16_t domid;
        if (h->fake_max_gpfn < 0)
            return h->fake_max_gpfn;
        if (sim_test_rw(arg[1], &domid, sizeof(domid), 0))
            return -EFAULT;
        return domid == 1 ? h->fake_max_gpfn : -ESRCH;
    }
    return sim_hypercall(h->sim, &h->caller, op, arg);
}

static inline long hvos_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    struct hv_over_sim *h = hvos_of(hv);
    struct sim_dm_op_buf b[XS_PRIVCMD_DM_OP_MAX_NUM];
    unsigned i;

    h->nr_dm_ops++;
    if (h->kernel_dm_op_limits) {
        if (nr == 0)
            return 0;
        if (xs_privcmd_dm_op_count_check(nr))
            return -E2BIG;
    } else if (nr > XS_PRIVCMD_DM_OP_MAX_NUM) {
        return -E2BIG;     /* no room here; the hypervisor refuses far fewer */
    }
    for (i = 0; i < nr; i++) {
        if (h->kernel_dm_op_limits && xs_privcmd_dm_op_buf_check(bufs[i].size))
            return -E2BIG;
        b[i].addr = bufs[i].addr;
        b[i].size = bufs[i].size;
    }
    if (nr > 0) {
        uint32_t op;
        if (bufs[0].size >= sizeof(op) && sim_test_rw(bufs[0].addr, &op, sizeof(op), 0) == 0)
            h->last_dm_op_nr = op;
    }
    return sim_dm_op(h->sim, &h->caller, domid, nr, b);
}

static inline int hvos_copy_in(struct xs_hv *hv, void *dst, uint64_t addr, size_t len)
{
    (void)hv;
    return sim_test_rw(addr, dst, len, 0);
}

static inline int hvos_copy_out(struct xs_hv *hv, uint64_t addr, const void *src, size_t len)
{
    (void)hv;
    return sim_test_rw(addr, (void *)(uintptr_t)src, len, 1);
}

/* The profile detect.c would build for this release. */
static inline void hvos_profile_of(struct xs_profile *p, const struct xs_release *rel)
{
    memset(p, 0, sizeof(*p));
    p->rel = rel;
    p->xenver = xs_release_xenver(rel);
    p->has_dmop = rel->dmop_max != 0;
    p->hvmctl_if = rel->hvmctl_if;
    /* legacy_dm_hvmops lists every hvm_op the release has (set_param too):
     * the device-model ones are there when set_pci_intx_level is. */
    p->has_legacy_hvmops = xs_release_has_hvmop(rel, XS_HVMOP_set_pci_intx_level);
    p->domctl_if = rel->domctl_if;
    p->sysctl_if = rel->sysctl_if;
}

/* 0, or -1 when the release is unknown or the simulator cannot start.
 * domid 1 is the HVM guest (2 vCPUs, 128 MiB). */
static inline int hv_over_sim_open(struct hv_over_sim *h, const char *release)
{
    const struct xs_release *rel = xs_release_by_name(release);

    memset(h, 0, sizeof(*h));
    if (!rel)
        return -1;
    h->sim = sim_test_create(release);
    if (!h->sim)
        return -1;
    h->caller = sim_test_caller();
    hvos_profile_of(&h->profile, rel);
    h->hv.profile = &h->profile;
    h->hv.hypercall = hvos_hypercall;
    h->hv.dm_op = hvos_dm_op;
    h->hv.copy_in = hvos_copy_in;
    h->hv.copy_out = hvos_copy_out;
    h->hv.priv = h;
    h->kernel_dm_op_limits = 1;
    return 0;
}

static inline void hv_over_sim_close(struct hv_over_sim *h)
{
    if (h->sim)
        sim_destroy(h->sim);
    h->sim = NULL;
}

/* The raw hypercall a caller would make, straight to the simulator (no
 * translation): the reference a test compares a translated call with. */
static inline long hv_over_sim_raw(struct hv_over_sim *h, uint64_t op, uint64_t a0, uint64_t a1)
{
    return sim_test_hypercall(h->sim, &h->caller, op, a0, a1, 0);
}

/* The guest state as sim_write_state_json writes it (malloc'd), or NULL. */
static inline char *hv_over_sim_state(struct hv_over_sim *h)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return NULL;
    if (sim_write_state_json(h->sim, f)) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

/* Whether two simulators' guests ended in the same state (the end of every
 * differential test); when not, both states go to stderr under the names
 * given. */
static inline int hv_over_sim_same_state(struct hv_over_sim *a, const char *a_name,
                                         struct hv_over_sim *b, const char *b_name)
{
    char *sa = hv_over_sim_state(a), *sb = hv_over_sim_state(b);
    int same = sa && sb && strcmp(sa, sb) == 0;

    if (!same)
        fprintf(stderr, "guest states differ\n--- %s\n%s\n--- %s\n%s\n", a_name,
                sa ? sa : "(none)", b_name, sb ? sb : "(none)");
    free(sa);
    free(sb);
    return same;
}

#endif
