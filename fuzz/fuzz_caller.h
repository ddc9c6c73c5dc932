/* What every libFuzzer harness of fuzz/ shares: the caller's memory and a
 * struct xs_hv over the in-process simulator, without a system call per
 * access (the unit tests' hv_over_sim.h uses process_vm_readv, which would
 * cap a harness at a few thousand executions a second).
 *
 * The caller's memory is an arena of FUZZ_ARENA bytes that the harness
 * fills from its input.  A translator also hands the hypervisor pointers
 * to its own locals and allocations, as the shim does to the kernel, so
 * the current thread's live stack bytes and any heap block from its start
 * (asked of the sanitizer) are memory too.  Anything else is -EFAULT, as
 * copy_from_guest says of an unmapped address.
 *
 * Pointers inside the input: an 8-aligned 64-bit word of the arena whose
 * upper half is FUZZ_PTR_TAG is replaced by arena + its low 16 bits, so
 * seeds (and mutations of them) can point into the arena. */
#ifndef XENSHIM_FUZZ_CALLER_H
#define XENSHIM_FUZZ_CALLER_H

#include <errno.h>
#include <pthread.h>
#include <sanitizer/allocator_interface.h>
#include <sanitizer/asan_interface.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hv_over_sim.h"    /* tests/unit: hvos_profile_of */
#include "log.h"
#include "sim.h"
#include "translate.h"
#include "versions.h"

#define FUZZ_ARENA 65536u
#define FUZZ_PTR_TAG 0xfa5e0000u

static _Alignas(4096) uint8_t fuzz_arena[FUZZ_ARENA];
static __thread uintptr_t fuzz_stack_lo, fuzz_stack_hi;

static inline uint64_t fuzz_addr(size_t off)
{
    return (uint64_t)(uintptr_t)fuzz_arena + off;
}

__attribute__((no_sanitize("coverage")))
static void fuzz_stack_bounds(void)
{
    pthread_attr_t a;
    void *base;
    size_t size;

    if (fuzz_stack_hi || pthread_getattr_np(pthread_self(), &a))
        return;
    if (pthread_attr_getstack(&a, &base, &size) == 0) {
        fuzz_stack_lo = (uintptr_t)base;
        fuzz_stack_hi = (uintptr_t)base + size;
    }
    pthread_attr_destroy(&a);
}

/* Set by a harness whose caller is the arena alone (no translator in
 * between to hand the hypervisor its own locals). */
static int fuzz_arena_only;

/* Is [addr, addr + len) memory the caller may name?  Hidden from the
 * fuzzer's comparison tracing: it would otherwise learn the stack's and
 * the heap's addresses from these bounds and aim writes at them (the
 * simulator's own state, return addresses), crashes of the harness and
 * not of the code under test. */
__attribute__((no_sanitize("coverage")))
static int fuzz_mem_ok(uint64_t addr, size_t len)
{
    uintptr_t a = (uintptr_t)addr, arena = (uintptr_t)fuzz_arena;

    if (addr + len < addr)
        return 0;
    if (a >= arena && a + len <= arena + FUZZ_ARENA)
        return 1;
    if (fuzz_arena_only)
        return 0;
    /* A pointer from the input may land anywhere on the stack: only
     * bytes ASan holds addressable (a live local) count. */
    fuzz_stack_bounds();
    if (a >= fuzz_stack_lo && a + len <= fuzz_stack_hi)
        return !__asan_region_is_poisoned((void *)a, len);
    return __sanitizer_get_ownership((const void *)a) &&
           len <= __sanitizer_get_allocated_size((const void *)a);
}

/* The arena from the input (the rest zero), tagged pointers resolved. */
static inline size_t fuzz_fill_arena(const uint8_t *data, size_t size)
{
    size_t n = size < FUZZ_ARENA ? size : FUZZ_ARENA;

    memcpy(fuzz_arena, data, n);
    memset(fuzz_arena + n, 0, FUZZ_ARENA - n);
    for (size_t off = 0; off + 8 <= n; off += 8) {
        uint64_t v;

        memcpy(&v, fuzz_arena + off, 8);
        if ((v >> 32) == FUZZ_PTR_TAG) {
            v = fuzz_addr(v & 0xffff);
            memcpy(fuzz_arena + off, &v, 8);
        }
    }
    return n;
}

static inline uint64_t fuzz_resolve(uint64_t v)
{
    return (v >> 32) == FUZZ_PTR_TAG ? fuzz_addr(v & 0xffff) : v;
}

static int fuzz_read(struct sim_caller *c, void *dst, uint64_t addr, size_t len)
{
    (void)c;
    if (!len)
        return 0;
    if (!fuzz_mem_ok(addr, len))
        return -EFAULT;
    memmove(dst, (const void *)(uintptr_t)addr, len);
    return 0;
}

static int fuzz_write(struct sim_caller *c, uint64_t addr, const void *src, size_t len)
{
    (void)c;
    if (!len)
        return 0;
    if (!fuzz_mem_ok(addr, len))
        return -EFAULT;
    memmove((void *)(uintptr_t)addr, src, len);
    return 0;
}

static int fuzz_pin(struct sim_caller *c, uint64_t addr, uint64_t len)
{
    (void)c;
    return len == 0 || fuzz_mem_ok(addr, (size_t)len) ? 0 : -EFAULT;
}

/* The hypervisor of one execution: a fresh simulator of one release. */
struct fuzz_hv {
    struct xs_hv hv;
    struct xs_profile profile;
    struct sim *sim;
    struct sim_caller caller;
};

static long fuzz_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    struct fuzz_hv *f = hv->priv;

    return sim_hypercall(f->sim, &f->caller, op, arg);
}

static long fuzz_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs)
{
    struct fuzz_hv *f = hv->priv;
    struct sim_dm_op_buf b[16];

    if (nr > 16)
        return -E2BIG;     /* the kernel's limit, before Xen */
    for (unsigned i = 0; i < nr; i++)
        b[i] = (struct sim_dm_op_buf){ bufs[i].addr, bufs[i].size };
    return sim_dm_op(f->sim, &f->caller, domid, nr, b);
}

static int fuzz_copy_in(struct xs_hv *hv, void *dst, uint64_t addr, size_t len)
{
    (void)hv;
    return fuzz_read(NULL, dst, addr, len);
}

static int fuzz_copy_out(struct xs_hv *hv, uint64_t addr, const void *src, size_t len)
{
    (void)hv;
    return fuzz_write(NULL, addr, src, len);
}

/* A small guest (4 MiB).  A simulator is some 170 KiB of zeroed state:
 * made afresh for every input, its page faults would cost most of the
 * time, so each release's is kept for FUZZ_SIM_REUSE inputs, then made
 * again.  An input can therefore meet a few earlier inputs' state (a
 * crash that needs it shows in the harness's log, not when the one input
 * is run again); fuzz_sim makes sequences of calls within one input for
 * the state that matters. */
#define FUZZ_SIM_REUSE 64

static struct sim *fuzz_sims[64];
static unsigned fuzz_sim_uses[64];

static inline int fuzz_hv_open(struct fuzz_hv *f, const struct xs_release *rel)
{
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 4 };
    int i = xs_release_index(rel);

    memset(f, 0, sizeof(*f));
    if (i < 0 || i >= 64)
        return -1;
    if (fuzz_sims[i] && ++fuzz_sim_uses[i] >= FUZZ_SIM_REUSE) {
        sim_destroy(fuzz_sims[i]);
        fuzz_sims[i] = NULL;
    }
    if (!fuzz_sims[i]) {
        fuzz_sims[i] = sim_create(rel, &cfg);
        fuzz_sim_uses[i] = 0;
    }
    if (!(f->sim = fuzz_sims[i]))
        return -1;
    f->caller = (struct sim_caller){ 0, fuzz_read, fuzz_write, NULL, fuzz_pin };
    hvos_profile_of(&f->profile, rel);
    f->hv = (struct xs_hv){ &f->profile, fuzz_hypercall, fuzz_dm_op, fuzz_copy_in,
                            fuzz_copy_out, f };
    return 0;
}

/* The simulator stays for the next input of its release. */
static inline void fuzz_hv_close(struct fuzz_hv *f)
{
    f->sim = NULL;
}

static inline const struct xs_release *fuzz_release(uint8_t b)
{
    return &xs_releases[b % xs_nr_releases];
}

/* The common start of an input: release byte data[0], hdr bytes of
 * header, the rest the arena.  0, or -1 for an input too short. */
static inline int fuzz_begin(struct fuzz_hv *f, const uint8_t *data, size_t size, size_t hdr)
{
    if (size < hdr || size < 1)
        return -1;
    fuzz_fill_arena(data + hdr, size - hdr);
    return fuzz_hv_open(f, fuzz_release(data[0]));
}

/* Every harness that includes this: no log line per refused input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xs_log_set_level(0);
    return 0;
}

#endif
