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
/* Where callers' memory is not reachable by process_vm_readv: the
 * hypercall buffers of /dev/xen/hypercall (sim/host/hcall_dev.c), which
 * registers this once it holds one.  fn returns 0 when it did the copy, 1
 * when [addr, addr + len) is not one of them. */
typedef int sim_caller_copy_fn(pid_t tid, void *local, uint64_t addr, size_t len, int write);
void sim_caller_set_hcall_copy(sim_caller_copy_fn *fn);

/* What the driver calls below it: the simulator in `xenshim run`, a fake in
 * the unit tests. */
struct privcmd_hv {
    long (*hypercall)(void *hv, struct sim_caller *c, uint64_t op, const uint64_t arg[5]);
    long (*dm_op)(void *hv, struct sim_caller *c, uint16_t dom, unsigned nr,
                  const struct sim_dm_op_buf *bufs);
    void *hv;
    /* For the simulated kernel's foreign mappings (sim/kernel/); NULL: the
     * private requests are -ENOTTY. */
    struct sim *sim;
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
long privcmd_driver_ioctl(const struct privcmd_hv *hv, struct privcmd_file *f,
                          struct sim_caller *c, unsigned long cmd, uint64_t arg);
/* XS_SIM_IOCTL_GUEST_MEMORY's checks: the simulator's descriptor of the
 * guest memory to hand over, or -errno. */
long privcmd_guest_memory(const struct privcmd_hv *hv, struct privcmd_file *f,
                          struct sim_caller *c, uint64_t arg);

/* The whole front: private mount namespace for the calling process, the
 * FUSE server on its own threads, /proc and /dev views with xen/privcmd.
 * Everything it mounts lives in the new namespace only. */
struct sim_front;

/* Must be called while the process has a single thread (unshare(CLONE_NEWNS)
 * only moves the calling thread).  On failure returns NULL and writes the
 * reason into err. */
struct sim_host;
/* host: the dom0 kernel's other devices (sim/host/host.h), or NULL for
 * privcmd alone. */
struct sim_front *sim_front_start(const struct privcmd_hv *hv, struct sim_host *host,
                                  char *err, size_t errlen);
/* Unmounts and stops serving.  0 once no call is in flight any more;
 * -EBUSY if a serving thread could not be stopped, in which case the
 * hypervisor behind hv must be left alive. */
int sim_front_stop(struct sim_front *f);

/* For intercept.c: the driver's backend, a thread's process, and the open
 * privcmd file behind a descriptor (a duplicate of the caller's: same open
 * file, so the same restriction), or NULL if fd is not our privcmd. */
const struct privcmd_hv *sim_front_hv(const struct sim_front *f);
pid_t sim_front_tgid(struct sim_front *f, pid_t tid);
struct privcmd_file *sim_front_file(struct sim_front *f, int fd);
/* The same for the host's device nodes (sim/host/host.h): the host, with
 * which node and its open file's handle, or NULL. */
enum sim_host_node;
struct sim_host *sim_front_host_file(struct sim_front *f, int fd, enum sim_host_node *n,
                                     uint64_t *fh);

/* intercept.c: exact errnos for privcmd ioctls.  The kernel's FUSE turns
 * an ENOSYS answer to an ioctl into ENOTTY, and ENOSYS is what Xen says for
 * every hypercall or sub-op it lacks.  So CMD and everything it starts get
 * a seccomp filter whose user notifications bring each 'P'-type ioctl
 * here first; ours are answered with any errno, others continue to the
 * kernel.  Where seccomp notification is unavailable, the FUSE path still
 * serves every ioctl, with ENOSYS seen as ENOTTY. */
struct sim_intercept;

/* Whether this kernel has all the interception needs; ask before fork. */
int sim_intercept_available(void);
/* In the child between fork and exec: install the filter and send its
 * listener over sock.  0 when done; 1 when there is no filter (the parent
 * is told); -errno when the filter is in place but the listener could not
 * be sent, so nothing would answer: the child must not run CMD then. */
int sim_intercept_child(int sock);
/* In the parent: take the listener from sock and serve it on a thread.
 * On failure NULL, the reason in err, and *filtered says whether the child
 * runs under the filter anyway (then nothing would answer its ioctls). */
struct sim_intercept *sim_intercept_start(struct sim_front *f, int sock, int *filtered,
                                          char *err, size_t errlen);
void sim_intercept_stop(struct sim_intercept *x);

/* ns.c: the namespace pieces sim_front_start puts together. */
#define NS_PROC_HOST  ".xenshim-host"   /* the host's /proc, under our /proc */
#define NS_DEV_STAGE  ".xenshim-dev"    /* the host's /dev while /dev is built */
#define NS_DEVICES    ".xenshim-devices" /* evtchn, gntdev: bound into /dev/xen */

/* unshare(CLONE_NEWNS) (this thread only) with nothing propagating back to
 * the host.  0 or -errno. */
int ns_enter(void);
/* For an ordinary user, before ns_enter and before any thread: root of a
 * user namespace of its own (uid and gid 0 inside are its own ids
 * outside, as `unshare -r`), which may then mount in its mount
 * namespace.  0, or -errno (EPERM, ENOSPC: user namespaces not allowed). */
int ns_enter_user(void);
/* A detached copy of the host's /proc: its fd, or -errno. */
int ns_clone_proc(void);
/* Attach that copy at where, or with tree < 0 a procfs of our own. */
int ns_attach_proc(int tree, const char *where);
/* Cover /dev with a tmpfs holding the host's /dev entries (bound from
 * stage) plus xen/privcmd bound from privcmd.  -errno on failure, with
 * what failed in err. */
int ns_build_dev(const char *stage, const char *privcmd, const char *devices,
                 char *err, size_t errlen);
/* Give /sys/bus a dom0's empty xen-backend bus (stage: a free mount
 * point).  -errno on failure, with what failed in err. */
int ns_build_xen_bus(const char *stage, char *err, size_t errlen);

#endif
