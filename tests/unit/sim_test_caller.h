/* An in-process struct sim_caller for unit tests of the simulator: the
 * process that "made the hypercall" is the test itself.  Memory is reached
 * with process_vm_readv/writev on our own pid, exactly as the FUSE front
 * reaches a real caller, so a bad pointer yields -EFAULT instead of a
 * crash and the hypervisor code runs the same paths it runs in production.
 *
 *     struct sim_caller c = sim_test_caller();
 *     struct sim *s = sim_test_create("4.17");
 *     long rc = sim_test_hypercall(s, &c, XS_HYPERVISOR_domctl, (uintptr_t)&d, 0, 0);
 *
 * Header-only, so no library has to know about tests. */
#ifndef XENSHIM_TESTS_SIM_TEST_CALLER_H
#define XENSHIM_TESTS_SIM_TEST_CALLER_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    struct sim_caller c = { getpid(), sim_test_read, sim_test_write, NULL, NULL };
    return c;
}

/* A caller that also remembers the size of its first SIM_TEST_REC_MAX
 * reads and writes, and where each write went, so a test can hold a
 * decoder to the ABI's sizes.  The counts go on past the arrays.
 *
 *     static struct sim_test_rec rec;
 *     sim_test_rec_init(&rec);
 *     hv_hvm_op(s, &rec.c, op, arg);
 *     assert_int_equal(rec.read_len[0], sizeof(struct xs_hvm_param));
 */
#define SIM_TEST_REC_MAX 16

struct sim_test_rec {
    struct sim_caller c;   /* first, so the callbacks can cast back */
    unsigned nr_reads, nr_writes;
    size_t read_len[SIM_TEST_REC_MAX], write_len[SIM_TEST_REC_MAX];
    uint64_t write_addr[SIM_TEST_REC_MAX];
};

static inline int sim_test_rec_read(struct sim_caller *c, void *dst, uint64_t addr, size_t len)
{
    struct sim_test_rec *r = (struct sim_test_rec *)c;

    if (r->nr_reads < SIM_TEST_REC_MAX)
        r->read_len[r->nr_reads] = len;
    r->nr_reads++;
    return sim_test_rw(addr, dst, len, 0);
}

static inline int sim_test_rec_write(struct sim_caller *c, uint64_t addr, const void *src, size_t len)
{
    struct sim_test_rec *r = (struct sim_test_rec *)c;

    if (r->nr_writes < SIM_TEST_REC_MAX) {
        r->write_len[r->nr_writes] = len;
        r->write_addr[r->nr_writes] = addr;
    }
    r->nr_writes++;
    return sim_test_rw(addr, (void *)(uintptr_t)src, len, 1);
}

static inline void sim_test_rec_init(struct sim_test_rec *r)
{
    memset(r, 0, sizeof(*r));
    r->c = sim_test_caller();
    r->c.read = sim_test_rec_read;
    r->c.write = sim_test_rec_write;
}

/* The state file as a string (caller frees).  Aborts if it cannot be
 * built, which cmocka reports as a failed test: no test can go on
 * without it.  Kept out of line: inlined, gcc takes the memstream's
 * pointer to the local buf for one that outlives it. */
__attribute__((unused, noinline)) static char *sim_test_state(struct sim *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    if (!f)
        abort();
    rc = sim_write_state_json(s, f);
    fclose(f);
    if (rc != 0)
        abort();
    return buf;
}

/* A simulator for the named release with the default guest (domid 1, 2
 * vCPUs, 128 MiB), or NULL if the name is unknown. */
static inline struct sim *sim_test_create(const char *release)
{
    const struct xs_release *r = xs_release_by_name(release);
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 128, .trace = NULL };

    return r ? sim_create(r, &cfg) : NULL;
}

static inline long sim_test_hypercall(struct sim *s, struct sim_caller *c, uint64_t op,
                                      uint64_t a0, uint64_t a1, uint64_t a2)
{
    const uint64_t arg[5] = { a0, a1, a2, 0, 0 };

    return sim_hypercall(s, c, op, arg);
}

#endif
