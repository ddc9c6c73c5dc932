/* Whether Linux could pin a range of a process's memory for writing, as
 * privcmd's IOCTL_PRIVCMD_DM_OP does for every declared buffer before Xen
 * runs (pin_user_pages_fast with FOLL_WRITE: every page mapped, in a
 * writable mapping, or -EFAULT and Xen is never called).  Shared by the
 * simulator (for its caller) and the shim (for its own process), so that
 * both give the answer the kernel would. */
#ifndef XENSHIM_USER_PAGES_H
#define XENSHIM_USER_PAGES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* 0 if every page of [addr, addr + len) lies in writable mappings of pid
 * (0: this process), else -EFAULT; -EMFILE, -ENFILE or -ENOMEM when the
 * maps file cannot be opened for want of a descriptor or memory (the
 * answer is then unknown, and a caller must not guess it).  len 0 is
 * always 0.  Reads
 * /proc/PID/maps with plain system calls: async-signal-safe, no malloc. */
int xs_user_pages_writable(pid_t pid, uint64_t addr, uint64_t len);

/* The writable mapping that holds addr: 0 and *found filled if it holds
 * all of [addr, addr + len), else -EFAULT (found may then be filled too).
 * found NULL: the same as xs_user_pages_writable. */
struct xs_user_mapping {
    uint64_t start, end;
    bool is_stack;          /* the main thread's stack ("[stack]") */
};
int xs_user_pages_find(pid_t pid, uint64_t addr, uint64_t len, struct xs_user_mapping *found);

#endif
