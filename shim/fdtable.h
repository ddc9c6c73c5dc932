/* Which descriptors are privcmd, as the interposer sees them.
 *
 * One atomic word per descriptor number: the state in the low two bits,
 * a generation counter above.  Every close or (re)creation of a number
 * bumps the generation, and identification by fstat stores its answer with
 * a compare-and-swap against the generation it started from, so an answer
 * computed for a descriptor that was closed meanwhile is dropped instead of
 * being attached to the next file that gets the same number.
 *
 * UNKNOWN is always a safe state: it only costs one fstat at the next
 * privcmd ioctl.  Only a stale PRIVCMD would be harmful, hence the
 * generation. */
#ifndef XENSHIM_FDTABLE_H
#define XENSHIM_FDTABLE_H

#include <stdbool.h>
#include <stdint.h>

enum xs_fd_state {
    XS_FD_UNKNOWN = 0,
    XS_FD_OTHER = 1,
    XS_FD_PRIVCMD = 2,
};

/* Numbers at or above this are never cached: each privcmd ioctl on them
 * identifies the descriptor again (correct, only slower).  The unit test
 * builds the table smaller, to reach past it under any RLIMIT_NOFILE. */
#ifndef XS_FDT_SIZE
#define XS_FDT_SIZE 65536
#endif

/* Lock-free; safe from any thread and from signal handlers. */
enum xs_fd_state xs_fdt_get(int fd);
/* The descriptor number now names a new file (open, dup, accept...). */
void xs_fdt_created(int fd, enum xs_fd_state st);
/* The descriptor number was closed (or may have been). */
void xs_fdt_forget(int fd);
void xs_fdt_forget_range(unsigned first, unsigned last);
/* The same once the close has happened: the restriction record is kept,
 * since the number may already belong to another thread's new file (the
 * forget before the close cleared the old file's). */
void xs_fdt_forget_after_close(int fd);
void xs_fdt_forget_range_after_close(unsigned first, unsigned last);
/* State for fd: the cached one, or identified by fstat and cached unless
 * the number changed hands meanwhile. */
enum xs_fd_state xs_fdt_lookup(int fd);

/* IOCTL_PRIVCMD_RESTRICT as the interposer saw it succeed on a number:
 * the domid, or -1 (not restricted, or not known).  A new generation
 * clears it; dup and friends copy it, as they share the open file that
 * the kernel restricted. */
void xs_fdt_set_restricted(int fd, uint16_t domid);
int xs_fdt_restricted(int fd);
void xs_fdt_copy_restriction(int to, int from);

/* What the kernel itself said about a descriptor's restriction, for the
 * file the number names in this generation (shim/restriction_probe.h
 * asks).  Any new generation (open, dup, close...) drops the answer. */
enum xs_fd_probe {
    XS_PROBE_NONE = 0,          /* not asked for this file */
    XS_PROBE_UNRESTRICTED = 1,
    XS_PROBE_RESTRICTED = 2,    /* to some domain, not known which */
};
/* The answer kept for fd's current generation, and that generation (to
 * hand to xs_fdt_set_probed after asking). */
enum xs_fd_probe xs_fdt_probed(int fd, uint32_t *gen);
/* Kept only while the number is still in generation gen. */
void xs_fdt_set_probed(int fd, uint32_t gen, enum xs_fd_probe answer);

/* Is this open descriptor the privcmd device?  fstat against the privcmd
 * paths: same character device (st_rdev), or same file (st_dev, st_ino). */
bool xs_fd_is_privcmd(int fd);
/* Does the path name a privcmd node (by its last component)? */
bool xs_path_may_be_privcmd(const char *path);

/* Where privcmd lives; unit tests point these at files of their own. */
extern const char *xs_privcmd_paths[2];

#endif
