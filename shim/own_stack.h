/* Is a caller's buffer on the calling thread's own stack, above the stack
 * pointer?  Such memory is live frames, mapped and writable: the shim's
 * copies read and write it with a plain memcpy, no system call (most
 * callers keep the small structs of a hypercall there).  Anything else,
 * or a thread running on a stack the shim cannot bound, takes the checked
 * path (hv_access.c).
 *
 * Cost per call: a few compares; /proc/self/maps is read once per thread
 * and again only after munmap, mprotect, mremap or a fixed mmap through
 * the interposer over a stack some thread trusts (the interposer calls
 * xs_own_stack_maps_changed first).  Lock-free
 * and async-signal-safe (plain system calls, no malloc). */
#ifndef XENSHIM_OWN_STACK_H
#define XENSHIM_OWN_STACK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translate.h"

/* [addr, addr + len) is about to be unmapped, reprotected or replaced. */
void xs_own_stack_maps_changed(uintptr_t addr, size_t len);

/* Inline, as it is on every copy.  The thread's record is written by
 * xs_own_stack_look_up under a sequence count within the thread: a signal
 * handler that looks up too can never leave a reader with one look-up's
 * lo and another's hi. */
struct xs_own_stack {
    uintptr_t lo, hi;       /* hi 0: not a stack the copies may trust */
    unsigned seen;          /* xs_own_stack_maps_gen when looked up, + 1 (0: never) */
    unsigned writes;        /* odd while a look-up writes */
};
extern XS_THREAD_LOCAL struct xs_own_stack xs_own_stack;
extern atomic_uint xs_own_stack_maps_gen;
void xs_own_stack_look_up(uintptr_t sp, unsigned now);

static inline __attribute__((always_inline)) bool xs_own_stack_contains(uintptr_t addr, size_t len)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0), lo, hi;
    unsigned now = atomic_load_explicit(&xs_own_stack_maps_gen, memory_order_acquire), w;

    if (__builtin_expect(xs_own_stack.seen != now + 1, 0))
        xs_own_stack_look_up(sp, now);
    w = xs_own_stack.writes;
    atomic_signal_fence(memory_order_seq_cst);
    lo = xs_own_stack.lo;
    hi = xs_own_stack.hi;
    atomic_signal_fence(memory_order_seq_cst);
    if ((w & 1) || w != xs_own_stack.writes)
        return false;
    return sp >= lo && addr >= sp && addr < hi && len <= hi - addr;
}

#endif
