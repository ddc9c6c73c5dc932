/* Is a caller's buffer on the calling thread's own stack, above the stack
 * pointer?  Such memory is live frames, mapped and writable: the shim's
 * copies read and write it with a plain memcpy, no system call (most
 * callers keep the small structs of a hypercall there).  Anything else,
 * or a thread running on a stack the shim cannot bound, takes the checked
 * path (hv_access.c).
 *
 * Cost per call: a few compares; /proc/self/maps is read once per thread
 * and again only after munmap, mprotect, mremap or a fixed mmap through
 * the interposer, which call xs_own_stack_maps_changed first.  Lock-free
 * and async-signal-safe (plain system calls, no malloc). */
#ifndef XENSHIM_OWN_STACK_H
#define XENSHIM_OWN_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool xs_own_stack_contains(uintptr_t addr, size_t len);
void xs_own_stack_maps_changed(void);

#endif
