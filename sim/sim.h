/* xensim: a simulated Xen hypervisor (plus the privcmd driver in front of it).
 *
 * Split in two:
 *  - the front (sim/fuse_front.c, sim/ns.c): serves /dev/xen/privcmd and
 *    /proc/xen/privcmd over FUSE in a private mount namespace, plays the
 *    Linux privcmd driver (IOCTL_PRIVCMD_HYPERCALL / DM_OP / RESTRICT), and
 *    reaches the caller's memory with process_vm_readv/writev;
 *  - the hypervisor (sim/hv_*.c): decodes the raw ABI of the release it
 *    plays and changes the guest's state, returning what that release
 *    returns.
 * The two meet only here, so the hypervisor can be unit-tested with an
 * in-process caller. */
#ifndef XENSHIM_SIM_H
#define XENSHIM_SIM_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "abi.h"
#include "versions.h"

/* Memory of the process that made the call.  Both return 0 or -EFAULT, and
 * never touch more than len bytes. */
struct sim_caller {
    pid_t pid;
    int (*read)(struct sim_caller *c, void *dst, uint64_t addr, size_t len);
    int (*write)(struct sim_caller *c, uint64_t addr, const void *src, size_t len);
    void *priv;
    /* 0 if the kernel could pin [addr, addr + len) for writing, or
     * -EFAULT; NULL: every page is only read once instead. */
    int (*pin)(struct sim_caller *c, uint64_t addr, uint64_t len);
};

struct sim_config {
    uint16_t domid;        /* the HVM guest, default 1 */
    unsigned vcpus;        /* default 2 */
    unsigned mem_mib;      /* default 128 */
    FILE *trace;           /* one line per hypercall, or NULL */
    /* More of the state file: writes ``"guest_io":[...],'' (sorted
     * between "events" and "ioreq_servers"), or NULL. */
    void (*state_guest_io)(void *ctx, FILE *out);
    void *state_ctx;
    /* Xen's hypercall_preempt_check(): true at every Nth check (1: every
     * point where the release may preempt), 0 never (the default; real
     * Xen preempts only with work pending).  A preempted call continues
     * as privcmd's caller sees it: the kernel issues it again at once. */
    unsigned preempt_every;
};

struct sim;

struct sim *sim_create(const struct xs_release *rel, const struct sim_config *cfg);
void sim_destroy(struct sim *s);
const struct xs_release *sim_release(const struct sim *s);

/* One hypercall as the hypervisor sees it.  Returns >= 0 or -errno (Xen's
 * errno values, which are Linux's on x86).  Serialised internally. */
long sim_hypercall(struct sim *s, struct sim_caller *c, uint64_t op, const uint64_t arg[5]);

/* The dm_op hypercall (41) with its buffer array already in the
 * simulator's memory: that is how the kernel's IOCTL_PRIVCMD_DM_OP calls
 * it (the array lives in kernel memory; the buffers it names are in the
 * caller's).  sim_hypercall(41) copies the array in and comes here too.
 * On a release without dm_op this fails exactly as hypercall 41 does there. */
struct sim_dm_op_buf {
    uint64_t addr;   /* in the caller's address space */
    uint64_t size;
};
long sim_dm_op(struct sim *s, struct sim_caller *c, uint16_t domid,
               unsigned nr, const struct sim_dm_op_buf *bufs);

/* Guest-visible state as JSON: sorted keys, nothing release-specific (no
 * ioreq server ids, no interface versions), so two runs with the same
 * effects give byte-identical output. */
int sim_write_state_json(struct sim *s, FILE *out);

/* How many times a hypercall was preempted and issued again (tests). */
unsigned long sim_continuations(const struct sim *s);

/* The dom0 kernel's share of event channels (sim/host/evtchn_dev.c).
 * fn runs, with the simulator's lock held, once per event on a dom0 port
 * that is not masked; it must not call back into the simulator.
 * alloc_unbound: a dom0 port remote_dom may bind (the kernel's xenstore
 * port): the port or -errno. */
void sim_set_dom0_upcall(struct sim *s, void (*fn)(void *ctx, uint32_t port), void *ctx);
long sim_dom0_alloc_unbound(struct sim *s, uint16_t remote_dom);

/* The guest's memory as a file, gfn N at page N (what the simulated
 * kernel maps for foreign mappings): a descriptor owned by the simulator,
 * or -ENOMEM. */
int sim_guest_memory_fd(struct sim *s);
/* Foreign mapping of num guest frames (MMAPBATCH): for each, the page of
 * that file, or -errno as Xen answers a dom0 mapping it (-EINVAL: no
 * memory there).  Whole call: -ESRCH for an unknown domain. */
long sim_foreign_frames(struct sim *s, uint16_t domid, unsigned num, const uint64_t *gfns,
                        int64_t *frames);
/* acquire_resource from the kernel (MMAP_RESOURCE): num 0 asks the size
 * (returned), else frames[] gets each frame's page, 0 or -errno. */
long sim_resource_frames(struct sim *s, uint16_t domid, uint32_t type, uint32_t id,
                         uint32_t idx, uint32_t num, int64_t *frames);
/* One access of the guest's vCPU 0 (sim/hv_io.c): a port (mmio 0) or
 * memory access of size bytes; *value is written (write) or read back.
 * 0 once answered, -ETIMEDOUT when the device model did not answer
 * within timeout_ms, -ENODEV when the server has no port or page. */
int sim_vcpu_io(struct sim *s, int mmio, int write, uint64_t addr, unsigned size,
                uint64_t *value, int timeout_ms);

/* Ends an access waiting in sim_vcpu_io (-ECANCELED): its device model
 * is gone. */
void sim_vcpu_io_cancel(struct sim *s);

#endif
