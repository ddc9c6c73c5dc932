/* The contract between the interposer (shim/interpose.c) and the
 * translators (shim/translate_*.c).
 *
 * The interposer sees an IOCTL_PRIVCMD_* request on a privcmd descriptor,
 * asks detect.c for the hypervisor's profile, and hands the call to the
 * translator of its family.  A translator either takes the call (and then
 * owns talking to the hypervisor through struct xs_hv) or declines it, in
 * which case the original ioctl goes through untouched. */
#ifndef XENSHIM_TRANSLATE_H
#define XENSHIM_TRANSLATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "versions.h"

/* What the running hypervisor speaks (filled once by detect.c). */
struct xs_profile {
    const struct xs_release *rel;   /* nearest known release, NULL = unknown */
    uint32_t xenver;                /* XENVER_version as answered */
    bool has_dmop;                  /* hypercall 41 is dm_op */
    uint8_t hvmctl_if;              /* hypercall 41 is hvmctl with this version, 0 = not */
    bool has_legacy_hvmops;         /* HVMOP_set_pci_intx_level & co answer */
    uint32_t domctl_if, sysctl_if;  /* interface versions the hypervisor accepts */
    bool passthrough;               /* could not settle: translate nothing */
    bool forced;                    /* XENSHIM_TARGET chose it */
    int transient_errno;            /* detection cut short (EINTR): no answer, never cached */
};

/* One buffer of a dm_op, as the caller's address space holds it. */
struct xs_ubuf {
    uint64_t addr;
    uint64_t size;
};

/* The hypervisor as a translator reaches it.  Every call returns what the
 * ioctl would (>= 0, or -errno).  copy_in/copy_out touch exactly len bytes of
 * the caller's memory and return 0 or -EFAULT instead of faulting. */
struct xs_hv {
    const struct xs_profile *profile;
    long (*hypercall)(struct xs_hv *hv, uint64_t op, const uint64_t arg[5]);
    long (*dm_op)(struct xs_hv *hv, uint16_t domid, unsigned nr, const struct xs_ubuf *bufs);
    int (*copy_in)(struct xs_hv *hv, void *dst, uint64_t addr, size_t len);
    int (*copy_out)(struct xs_hv *hv, uint64_t addr, const void *src, size_t len);
    void *priv;
};

/* Translator results. */
enum xs_verdict {
    XS_PASS,      /* not ours: issue the original call unchanged */
    XS_DONE,      /* translated; *ret holds the ioctl result */
};

/* Legacy hvm_op (4.5-4.8 ABI) on a hypervisor without it. */
enum xs_verdict xs_translate_hvm_op(struct xs_hv *hv, uint64_t op, uint64_t arg, long *ret);
/* A legacy hvm_op sub-op's struct (4.5-4.8 layout, domid first) issued as
 * the hvmctl1 command that carries it; on success the struct holds what
 * hvmctl wrote back.  -ENOSYS for a sub-op hvmctl1 lacks.  Defined in
 * translate_hvmop.c, used by translate_dmop.c too. */
long xs_hvm_op_as_hvmctl(struct xs_hv *hv, unsigned subop, void *legacy, uint32_t opaque);
/* domctl / sysctl whose interface_version differs from the hypervisor's. */
enum xs_verdict xs_translate_domctl(struct xs_hv *hv, uint64_t arg, long *ret);
enum xs_verdict xs_translate_sysctl(struct xs_hv *hv, uint64_t arg, long *ret);
/* dm_op (IOCTL_PRIVCMD_DM_OP or hypercall 41) on a hypervisor without it. */
enum xs_verdict xs_translate_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr,
                                   const struct xs_ubuf *bufs, long *ret);

/* Per-op statistics and logging (shim/log.c). */
void xs_stat_translated(const char *family, const char *op);
enum { XS_LOG_ERROR = 1, XS_LOG_INFO = 2, XS_LOG_DEBUG = 3 };
/* The highest level that may be written: XS_LOG_DEBUG until XENSHIM_LOG
 * is read (so that the first line reads it), then the level itself.  With
 * tracing off a debug line costs one load and one predictable branch, and
 * its arguments are not evaluated (the level always is, once). */
extern _Atomic int xs_log_gate;
void xs_log_line(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define xs_log(level, ...)                                                   \
    do {                                                                     \
        int xs_log_level_ = (level);                                         \
        if (xs_log_level_ <= atomic_load_explicit(&xs_log_gate, memory_order_relaxed)) \
            xs_log_line(xs_log_level_, __VA_ARGS__);                         \
    } while (0)

/* Thread-local storage the preload library reaches without a call
 * (it is loaded at start-up, so its TLS is static). */
#define XS_THREAD_LOCAL __thread __attribute__((tls_model("initial-exec")))

#endif
