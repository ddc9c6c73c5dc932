/* An in-process struct sim_caller for unit tests of the simulator: the
 * process that "made the hypercall" is the test itself.  Memory is reached
 * with process_vm_readv/writev on our own pid, exactly as the FUSE front
 * reaches a real caller, so a bad pointer yields -EFAULT instead of a
 * crash and the hypervisor code runs the same paths it runs in production.
 *
 *     struct sim_caller c = sim_test_caller();
 *     struct sim *s = sim_test_create("4.17");
 *     long rc = sim_test_hypercall(s, &c, SIM_HYPERCALL_domctl, (uintptr_t)&d, 0, 0);
 *
 * Header-only, so no library has to know about tests. */
#ifndef XENSHIM_TESTS_SIM_TEST_CALLER_H
#define XENSHIM_TESTS_SIM_TEST_CALLER_H

#include <errno.h>
#include <stdint.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sim.h"
#include "versions.h"

/* An address no test maps: the first page is never mapped on Linux. */
#define SIM_TEST_BAD_ADDR ((uint64_t)16)

static inline int sim_test_rw(uint64_t remote, void *local, size_t len, int write)
{
    struct iovec l = { local, len };
    struct iovec r = { (void *)(uintptr_t)remote, len };
    ssize_t n;

    if (len == 0)
        return 0;
    n = write ? process_vm_writev(getpid(), &l, 1, &r, 1, 0)
              : process_vm_readv(getpid(), &l, 1, &r, 1, 0);
    return n == (ssize_t)len ? 0 : -EFAULT;
}

static inline int sim_test_read(struct sim_caller *c, void *dst, uint64_t addr, size_t len)
{
    (void)c;
    return sim_test_rw(addr, dst, len, 0);
}

static inline int sim_test_write(struct sim_caller *c, uint64_t addr, const void *src, size_t len)
{
    (void)c;
    return sim_test_rw(addr, (void *)(uintptr_t)src, len, 1);
}

static inline struct sim_caller sim_test_caller(void)
{
    struct sim_caller c = { getpid(), sim_test_read, sim_test_write, NULL };
    return c;
}

/* A simulator for the named release with the default guest (domid 1, 2
 * vCPUs, 128 MiB), or NULL if the name is unknown. */
static inline struct sim *sim_test_create(const char *release)
{
    const struct xs_release *r = xs_release_by_name(release);
    struct sim_config cfg = { 1, 2, 128, NULL };

    return r ? sim_create(r, &cfg) : NULL;
}

static inline long sim_test_hypercall(struct sim *s, struct sim_caller *c, uint64_t op,
                                      uint64_t a0, uint64_t a1, uint64_t a2)
{
    const uint64_t arg[5] = { a0, a1, a2, 0, 0 };

    return sim_hypercall(s, c, op, arg);
}

#endif
