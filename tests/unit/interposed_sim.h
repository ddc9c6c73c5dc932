/* The whole shim, in process, in front of the simulated hypervisor.
 *
 * Include this in exactly one program that is NOT run under LD_PRELOAD:
 * it compiles shim/interpose.c into the program (so the program's own
 * ioctl/open/close/dup calls go through the real interposer code) and
 * replaces the interposer's "next ioctl" by a fake privcmd driver.  That
 * driver hands privcmd requests on one temporary file (the fake
 * /dev/xen/privcmd) to an in-process simulator and sends everything else
 * to the kernel, which answers ENOTTY for a privcmd request on any other
 * file, as it would.  Counters say what reached the "kernel", so tests
 * and benchmarks can check that nothing was lost or misrouted.
 *
 *     isim_start("4.17");   ...   fd = open(isim.path, O_RDWR);
 *     ioctl(fd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);   // through the shim
 *     isim_stop(); */
#ifndef XENSHIM_TESTS_INTERPOSED_SIM_H
#define XENSHIM_TESTS_INTERPOSED_SIM_H

#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *isim_dlsym(void *handle, const char *name);
#define dlsym isim_dlsym
#include "shim/interpose.c"
#undef dlsym

#include "fdtable.h"
#include "sim.h"
#include "sim_test_caller.h"

struct isim {
    struct sim *sim;
    struct sim_caller caller;
    char path[64];
    dev_t dev;
    ino_t ino;
    /* Reached the fake driver on the privcmd file: per hypercall number,
     * and DM_OP ioctls. */
    _Atomic unsigned long hypercalls[64];
    _Atomic unsigned long dm_ops;
    /* Privcmd requests that arrived on another file (answered ENOTTY). */
    _Atomic unsigned long not_privcmd;
    /* IOCTL_PRIVCMD_RESTRICT, by descriptor number (domid + 1, 0 none):
     * the kernel keeps it per open file, which a test that neither dups
     * nor reuses a restricted number cannot tell apart.  isim_closed()
     * forgets a number. */
    _Atomic int restricted[1024];
};

static struct isim isim;

static bool isim_is_privcmd(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 && st.st_dev == isim.dev && st.st_ino == isim.ino;
}

static int isim_result(long r)
{
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return (int)r;
}

static int isim_ioctl(int fd, unsigned long req, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (req != XS_IOCTL_PRIVCMD_HYPERCALL && req != XS_IOCTL_PRIVCMD_DM_OP &&
        req != XS_IOCTL_PRIVCMD_RESTRICT)
        return (int)syscall(SYS_ioctl, fd, req, arg);
    if (!isim_is_privcmd(fd)) {
        atomic_fetch_add(&isim.not_privcmd, 1);
        return (int)syscall(SYS_ioctl, fd, req, arg);
    }
    int restricted = fd < 1024 ? atomic_load(&isim.restricted[fd]) - 1 : -1;

    if (req == XS_IOCTL_PRIVCMD_HYPERCALL) {
        const struct xs_privcmd_hypercall *h = arg;

        if (restricted >= 0)
            return isim_result(-EPERM);
        /* Linux's copy_from_user of the argument (the shim's restriction
         * probe passes none). */
        if (!h)
            return isim_result(-EFAULT);
        atomic_fetch_add(&isim.hypercalls[h->op & 63], 1);
        return isim_result(sim_hypercall(isim.sim, &isim.caller, h->op, h->arg));
    }
    if (req == XS_IOCTL_PRIVCMD_DM_OP) {
        const struct xs_privcmd_dm_op *op = arg;
        const struct xs_privcmd_dm_op_buf *ub = (const void *)(uintptr_t)op->ubufs;
        struct sim_dm_op_buf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];

        atomic_fetch_add(&isim.dm_ops, 1);
        if (restricted >= 0 && restricted != op->dom)
            return isim_result(-EPERM);
        if (op->num == 0)
            return 0;
        if (xs_privcmd_dm_op_count_check(op->num))
            return isim_result(-E2BIG);
        for (unsigned i = 0; i < op->num; i++) {
            if (xs_privcmd_dm_op_buf_check(ub[i].size))
                return isim_result(-E2BIG);
            bufs[i].addr = ub[i].uptr;
            bufs[i].size = ub[i].size;
        }
        return isim_result(sim_dm_op(isim.sim, &isim.caller, op->dom, op->num, bufs));
    }
    {
        uint16_t dom = *(const uint16_t *)arg;

        if (fd >= 1024)
            return isim_result(-EINVAL);
        if (restricted >= 0 && restricted != dom)
            return isim_result(-EINVAL);
        /* The kernel keeps DOMID_INVALID for "unrestricted". */
        if (dom != XS_DOMID_INVALID)
            atomic_store(&isim.restricted[fd], dom + 1);
        return 0;
    }
}

static inline void isim_closed(int fd)
{
    if (fd >= 0 && fd < 1024)
        atomic_store(&isim.restricted[fd], 0);
}

static void *isim_dlsym(void *handle, const char *name)
{
    if (!strcmp(name, "ioctl"))
        return (void *)isim_ioctl;
    return dlsym(handle, name);
}

/* 0, or -1 if the release is unknown or the simulator does not start. */
static int isim_start(const char *release)
{
    const struct xs_release *rel = xs_release_by_name(release);
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 128, .trace = NULL };
    struct stat st;
    int fd;

    if (!rel)
        return -1;
    isim.sim = sim_create(rel, &cfg);
    if (!isim.sim)
        return -1;
    isim.caller = sim_test_caller();
    snprintf(isim.path, sizeof(isim.path), "/tmp/xs-isim-privcmd.XXXXXX");
    fd = mkstemp(isim.path);
    if (fd < 0 || fstat(fd, &st) != 0)
        return -1;
    close(fd);
    isim.dev = st.st_dev;
    isim.ino = st.st_ino;
    xs_privcmd_paths[0] = isim.path;
    xs_privcmd_paths[1] = isim.path;
    return 0;
}

/* The interposer's broker state lives in shim/restricted.c; tests and the
 * benchmark keep the short names they have always used. */
#define broker xs_restricted_broker
#define broker_sock xs_restricted_broker_sock
#define start_broker xs_restricted_start_broker

static void isim_stop(void)
{
    unlink(isim.path);
    if (isim.sim)
        sim_destroy(isim.sim);
    isim.sim = NULL;
}

#endif
