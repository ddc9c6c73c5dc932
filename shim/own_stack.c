/* The calling thread's own stack as memory the copies may touch directly
 * (own_stack.h).
 *
 * Once per thread (again after the interposer saw a mapping change), the
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

static atomic_uint maps_changed;

static XS_THREAD_LOCAL struct {
    uintptr_t lo, hi;       /* hi 0: not a stack the copies may trust */
    unsigned seen;          /* maps_changed when looked up, + 1 (0: never) */
    unsigned writes;        /* odd while a look-up writes (a signal may come) */
} stack;

void xs_own_stack_maps_changed(void)
{
    atomic_fetch_add_explicit(&maps_changed, 1, memory_order_release);
}

static void look_up(uintptr_t sp, unsigned now)
{
    struct xs_user_mapping m;
    uintptr_t self = (uintptr_t)pthread_self(), lo = 0, hi = 0;

    if (xs_user_pages_find(0, sp, 1, &m) == 0) {
        lo = (uintptr_t)m.start;
        if (self > sp && self < m.end)
            hi = self;
        else if (m.is_stack)
            hi = (uintptr_t)m.end;
    }
    /* A sequence count within the thread: a signal handler that looks up
     * too can never leave a reader with one look-up's lo and another's hi. */
    stack.writes++;
    atomic_signal_fence(memory_order_seq_cst);
    stack.lo = lo;
    stack.hi = hi;
    stack.seen = now + 1;
    atomic_signal_fence(memory_order_seq_cst);
    stack.writes++;
}

bool xs_own_stack_contains(uintptr_t addr, size_t len)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    unsigned now = atomic_load_explicit(&maps_changed, memory_order_acquire), w;
    uintptr_t lo, hi;

    if (stack.seen != now + 1)
        look_up(sp, now);
    w = stack.writes;
    atomic_signal_fence(memory_order_seq_cst);
    lo = stack.lo;
    hi = stack.hi;
    atomic_signal_fence(memory_order_seq_cst);
    if ((w & 1) || w != stack.writes)
        return false;
    return sp >= lo && addr >= sp && addr < hi && len <= hi - addr;
}
