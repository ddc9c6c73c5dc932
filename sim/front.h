/* The front of the simulator: what a dom0 kernel would put between a
 * device model and Xen.  The Linux privcmd driver is played by
 * privcmd_driver.c (no FUSE in it, so it is unit-testable), the caller's
 * memory is reached through caller_mem.c, and fuse_front.c + ns.c serve
 * /dev/xen/privcmd and /proc/xen/privcmd inside a private mount namespace. */
#ifndef XENSHIM_SIM_FRONT_H
#define XENSHIM_SIM_FRONT_H

#include <stdint.h>
#include <sys/types.h>

#include "privcmd.h"
#include "sim.h"

/* Memory of a live process (or thread) by id, with process_vm_readv/writev:
 * 0 on a complete transfer, -EFAULT otherwise, never more than len bytes. */
void sim_caller_init_pid(struct sim_caller *c, pid_t pid);

/* What the driver calls below it: the simulator in `xenshim run`, a fake in
 * the unit tests. */
struct privcmd_hv {
    long (*hypercall)(void *hv, struct sim_caller *c, uint64_t op, const uint64_t arg[5]);
    long (*dm_op)(void *hv, struct sim_caller *c, uint16_t dom, unsigned nr,
                  const struct sim_dm_op_buf *bufs);
    void *hv;
};

/* DOMID_INVALID: what Linux keeps in an unrestricted privcmd file. */
#define PRIVCMD_UNRESTRICTED 0x7ff4

/* One open privcmd file.  Restriction belongs to the open file, as in
 * Linux: another open() of the device starts unrestricted. */
struct privcmd_file {
    _Atomic uint16_t domid;   /* PRIVCMD_UNRESTRICTED or the restricted domid */
};

void privcmd_file_init(struct privcmd_file *f);

/* One ioctl on an open privcmd file, as Linux's privcmd_ioctl answers it:
 * the hypercall's result, or -errno (-ENOTTY for requests the driver does
 * not know, and for the foreign-mapping requests MMAP, MMAPBATCH(_V2) and
 * MMAP_RESOURCE, which the simulator does not offer). */
long privcmd_ioctl(const struct privcmd_hv *hv, struct privcmd_file *f,
                   struct sim_caller *c, unsigned long cmd, uint64_t arg);

/* The whole front: private mount namespace for the calling process, the
 * FUSE server on its own threads, /proc and /dev views with xen/privcmd.
 * Everything it mounts lives in the new namespace only. */
struct sim_front;

/* On failure returns NULL and writes the reason into err. */
struct sim_front *sim_front_start(const struct privcmd_hv *hv, char *err, size_t errlen);
/* Unmounts and stops serving; waits for calls in flight to finish. */
void sim_front_stop(struct sim_front *f);

#endif
