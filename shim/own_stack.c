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

atomic_uint xs_own_stack_maps_gen;
XS_THREAD_LOCAL struct xs_own_stack xs_own_stack;

void xs_own_stack_maps_changed(void)
{
    atomic_fetch_add_explicit(&xs_own_stack_maps_gen, 1, memory_order_release);
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
