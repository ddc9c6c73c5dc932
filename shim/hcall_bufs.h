/* The hypercall buffers this process mapped from /dev/xen/hypercall.
 *
 * libxencall (4.8+) takes its hypercall buffers from mmap()s of that
 * device.  Linux backs them with pages that process_vm_readv/writev cannot
 * reach (EFAULT), so the shim's checked copies would refuse every buffer a
 * real host's libraries pass (seen on real Xen 4.14/4.17/4.20).  The
 * interposer records each such mapping as it is made and forgets it before
 * it is unmapped; a copy that lies wholly inside one is a plain memcpy,
 * with no system call: the driver's pages are locked and always present. */
#ifndef XENSHIM_HCALL_BUFS_H
#define XENSHIM_HCALL_BUFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lock-free for readers; writers serialise among themselves. */
void xs_hcall_bufs_add(uintptr_t start, size_t len);
/* Forget every mapping that overlaps [start, start + len). */
void xs_hcall_bufs_remove(uintptr_t start, size_t len);
bool xs_hcall_bufs_contain(uintptr_t start, size_t len);
/* Is the open descriptor the hypercall buffer device? */
bool xs_fd_is_hypercall_dev(int fd);

/* Where the device lives; unit tests point it at a file of their own. */
extern const char *xs_hypercall_dev_path;

#endif
