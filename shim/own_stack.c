/* The calling thread's own stack as memory the copies may touch directly
 * (own_stack.h).
 *
 * Once per thread (again after the interposer saw a mapping change that
 * touches a stack some thread trusts), the
 * mapping that holds the thread's stack pointer is looked up in
 * /proc/self/maps with plain system calls.  Its top is the thread's stack
 * top only where that is certain: the main thread's "[stack]" mapping, or
 * a mapping that holds the thread's own descriptor (glibc keeps it at the
 * top of every thread's stack, below which the frames are); anything else
 * (a coroutine's stack, say) is never trusted.  Everything between the
 * stack pointer of the moment and that top is live frames: mapped and
 * writable for as long as the thread runs on it. */
#include <pthread.h>
#include <stdatomic.h>

#include "own_stack.h"
#include "translate.h"
#include "user_pages.h"

atomic_uint xs_own_stack_maps_gen;
XS_THREAD_LOCAL struct xs_own_stack xs_own_stack;

/* The stacks threads trust, so that a mapping change elsewhere (a device
 * model unmaps foreign pages all the time) costs no thread a new look-up.
 * Written round robin: an entry lost to a newer thread only matters for a
 * program that unmaps a live thread's stack, which it cannot survive
 * anyway. */
#define KNOWN 64
static struct {
    _Atomic uintptr_t lo, hi;
} known[KNOWN];
static atomic_uint known_next;

static void remember(uintptr_t lo, uintptr_t hi)
{
    unsigned i = atomic_fetch_add_explicit(&known_next, 1, memory_order_relaxed) % KNOWN;

    atomic_store_explicit(&known[i].hi, 0, memory_order_relaxed);
    atomic_store_explicit(&known[i].lo, lo, memory_order_relaxed);
    atomic_store_explicit(&known[i].hi, hi, memory_order_release);
}

void xs_own_stack_maps_changed(uintptr_t addr, size_t len)
{
    uintptr_t end = addr + len < addr ? UINTPTR_MAX : addr + len;

    for (unsigned i = 0; i < KNOWN; i++) {
        uintptr_t hi = atomic_load_explicit(&known[i].hi, memory_order_acquire);

        if (hi && addr < hi && atomic_load_explicit(&known[i].lo, memory_order_relaxed) < end) {
            atomic_fetch_add_explicit(&xs_own_stack_maps_gen, 1, memory_order_release);
            return;
        }
    }
}

void xs_own_stack_look_up(uintptr_t sp, unsigned now)
{
    struct xs_user_mapping m;
    uintptr_t self = (uintptr_t)pthread_self(), lo = 0, hi = 0;

    if (xs_user_pages_find(0, sp, 1, &m) == 0) {
        lo = (uintptr_t)m.start;
        if (self > sp && self < m.end)
            hi = self;
        else if (m.is_stack)
            hi = (uintptr_t)m.end;
        if (hi)
            remember(lo, hi);
    }
    /* A sequence count within the thread: a signal handler that looks up
     * too can never leave a reader with one look-up's lo and another's hi. */
    xs_own_stack.writes++;
    atomic_signal_fence(memory_order_seq_cst);
    xs_own_stack.lo = lo;
    xs_own_stack.hi = hi;
    xs_own_stack.seen = now + 1;
    atomic_signal_fence(memory_order_seq_cst);
    xs_own_stack.writes++;
}
