/* The privcmd driver as the simulator plays it, against a fake hypervisor
 * that records what reached it.  The caller is this process, reached with
 * process_vm_readv/writev like any device model, so bad pointers are real
 * unmapped pages. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "abi.h"
#include "sim.h"

/* The driver and the caller memory are linked into xenshim only; compile
 * them in here. */
#include "sim/caller_mem.c"
#include "sim/privcmd_driver.c"

#define IOCTL_UNKNOWN        0x5063ul     /* _IOC(_IOC_NONE, 'P', 99, 0) */
#define IOCTL_MMAPBATCH_V2   0x205004ul   /* real privcmd request, not offered */

struct fake_hv {
    unsigned hypercalls, dm_ops;
    uint64_t op, arg[5];
    uint16_t dom;
    unsigned nr;
    struct sim_dm_op_buf bufs[XS_PRIVCMD_DM_OP_MAX_NUM];
    long ret;
};

static long fake_hypercall(void *p, struct sim_caller *c, uint64_t op, const uint64_t arg[5])
{
    struct fake_hv *f = p;

    (void)c;
    f->hypercalls++;
    f->op = op;
    memcpy(f->arg, arg, sizeof(f->arg));
    return f->ret;
}

static long fake_dm_op(void *p, struct sim_caller *c, uint16_t dom, unsigned nr,
                       const struct sim_dm_op_buf *bufs)
{
    struct fake_hv *f = p;

    (void)c;
    f->dm_ops++;
    f->dom = dom;
    f->nr = nr;
    memcpy(f->bufs, bufs, nr * sizeof(*bufs));
    return f->ret;
}

struct env {
    struct fake_hv fake;
    struct privcmd_hv hv;
    struct privcmd_file file;
    struct sim_caller caller;
    unsigned char *page;      /* two pages, the second unmapped */
    long pagesz;
};

static int setup(void **state)
{
    struct env *e = test_calloc(1, sizeof(*e));

    e->hv.hypercall = fake_hypercall;
    e->hv.dm_op = fake_dm_op;
    e->hv.hv = &e->fake;
    privcmd_file_init(&e->file);
    sim_caller_init_pid(&e->caller, getpid());
    e->pagesz = sysconf(_SC_PAGESIZE);
    e->page = mmap(NULL, 2 * e->pagesz, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(e->page != MAP_FAILED);
    assert_int_equal(munmap(e->page + e->pagesz, e->pagesz), 0);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;

    munmap(e->page, e->pagesz);
    test_free(e);
    return 0;
}

static long ioctl_(struct env *e, struct privcmd_file *f, unsigned long cmd, const void *arg)
{
    return privcmd_driver_ioctl(&e->hv, f, &e->caller, cmd, (uintptr_t)arg);
}

static uint64_t unmapped(struct env *e)
{
    return (uintptr_t)(e->page + e->pagesz);
}

/* --- caller memory ---------------------------------------------------- */

static void caller_reads_and_writes_exactly_len(void **state)
{
    struct env *e = *state;
    unsigned char src[16], dst[16];

    for (unsigned i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i + 1);
    memset(dst, 0xee, sizeof(dst));
    assert_int_equal(e->caller.read(&e->caller, dst, (uintptr_t)src, 8), 0);
    assert_memory_equal(dst, src, 8);
    for (unsigned i = 8; i < sizeof(dst); i++)
        assert_int_equal(dst[i], 0xee);

    memset(e->page, 0, 16);
    assert_int_equal(e->caller.write(&e->caller, (uintptr_t)e->page + 4, src, 4), 0);
    assert_int_equal(e->page[3], 0);
    assert_memory_equal(e->page + 4, src, 4);
    assert_int_equal(e->page[8], 0);
    assert_int_equal(e->caller.read(&e->caller, dst, 0, 0), 0);
}

static void caller_faults_on_partial_transfer(void **state)
{
    struct env *e = *state;
    unsigned char dst[16];
    uint64_t tail = unmapped(e) - 4;

    memset(dst, 0xee, sizeof(dst));
    assert_int_equal(e->caller.read(&e->caller, dst, tail, 8), -EFAULT);
    assert_int_equal(e->caller.read(&e->caller, dst, unmapped(e), 1), -EFAULT);
    assert_int_equal(e->caller.write(&e->caller, tail, dst, 8), -EFAULT);
    assert_int_equal(e->caller.read(&e->caller, dst, UINT64_MAX - 2, 8), -EFAULT);
    for (unsigned i = 8; i < sizeof(dst); i++)
        assert_int_equal(dst[i], 0xee);

    assert_int_equal(mprotect(e->page, e->pagesz, PROT_READ), 0);
    assert_int_equal(e->caller.write(&e->caller, (uintptr_t)e->page, dst, 4), -EFAULT);
    assert_int_equal(mprotect(e->page, e->pagesz, PROT_READ | PROT_WRITE), 0);
}

static void caller_of_dead_pid_faults(void **state)
{
    struct sim_caller c;
    unsigned char b;

    (void)state;
    sim_caller_init_pid(&c, 0x3ffffff0);
    assert_int_equal(c.read(&c, &b, (uintptr_t)&b, 1), -EFAULT);
}

/* --- IOCTL_PRIVCMD_HYPERCALL ---------------------------------------------- */

static void hypercall_passes_op_and_args_from_page_plus_4(void **state)
{
    struct env *e = *state;
    struct xs_privcmd_hypercall h = { 17, { 0, 0x1000, 3, 4, 5 } };

    /* Old libxenctrl puts the struct at page+4 of a locked page. */
    memcpy(e->page + 4, &h, sizeof(h));
    e->fake.ret = 0x40011;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, e->page + 4), 0x40011);
    assert_int_equal(e->fake.hypercalls, 1);
    assert_int_equal(e->fake.op, 17);
    assert_memory_equal(e->fake.arg, h.arg, sizeof(h.arg));

    e->fake.ret = -ENOSYS;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, e->page + 4), -ENOSYS);
}

static void hypercall_bad_pointer_faults_before_xen(void **state)
{
    struct env *e = *state;
    struct xs_privcmd_hypercall h = { 17, { 0 } };

    /* 48 bytes straddling into the unmapped page. */
    memcpy(e->page + e->pagesz - 24, &h, 24);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL,
                            e->page + e->pagesz - 24), -EFAULT);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, NULL), -EFAULT);
    assert_int_equal(e->fake.hypercalls, 0);
}

/* --- IOCTL_PRIVCMD_RESTRICT -------------------------------------------- */

static void restrict_refuses_hypercalls_on_that_file_only(void **state)
{
    struct env *e = *state;
    struct xs_privcmd_hypercall h = { 17, { 0 } };
    struct privcmd_file other;
    uint16_t dom = 1;

    privcmd_file_init(&other);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), -EPERM);
    /* Refused before the argument is even read. */
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, NULL), -EPERM);
    assert_int_equal(e->fake.hypercalls, 0);
    assert_int_equal(ioctl_(e, &other, XS_IOCTL_PRIVCMD_HYPERCALL, &h), 0);
    assert_int_equal(e->fake.hypercalls, 1);
}

static void restrict_again_same_ok_other_einval(void **state)
{
    struct env *e = *state;
    uint16_t one = 1, two = 2;

    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &one), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &one), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &two), -EINVAL);
    assert_int_equal(atomic_load(&e->file.domid), 1);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, NULL), -EFAULT);
}

static void restrict_to_domid_invalid_stays_unrestricted(void **state)
{
    struct env *e = *state;
    struct xs_privcmd_hypercall h = { 17, { 0 } };
    uint16_t inval = PRIVCMD_UNRESTRICTED, two = 2;

    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &inval), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &two), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), -EPERM);
}

/* --- IOCTL_PRIVCMD_DM_OP ------------------------------------------------ */

static void dm_op_num_zero_answers_without_xen(void **state)
{
    struct env *e = *state;
    struct xs_privcmd_dm_op d = { PRIVCMD_UNRESTRICTED, 0, 0 };

    e->fake.ret = -ENOSYS;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), 0);
    assert_int_equal(e->fake.dm_ops, 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, NULL), -EFAULT);
}

static void dm_op_passes_buffers(void **state)
{
    struct env *e = *state;
    unsigned char a[32], b[4096];
    struct xs_privcmd_dm_op_buf bufs[2] = { { (uintptr_t)a, sizeof(a) },
                                            { (uintptr_t)b, sizeof(b) } };
    struct xs_privcmd_dm_op d = { 1, 2, (uintptr_t)bufs };

    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    e->fake.ret = 7;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), 7);
    assert_int_equal(e->fake.dm_ops, 1);
    assert_int_equal(e->fake.dom, 1);
    assert_int_equal(e->fake.nr, 2);
    assert_int_equal(e->fake.bufs[0].addr, (uintptr_t)a);
    assert_int_equal(e->fake.bufs[0].size, sizeof(a));
    assert_int_equal(e->fake.bufs[1].addr, (uintptr_t)b);
    assert_int_equal(e->fake.bufs[1].size, 4096);
}

static void dm_op_limits_e2big(void **state)
{
    struct env *e = *state;
    unsigned char a[8];
    struct xs_privcmd_dm_op_buf bufs[17];
    struct xs_privcmd_dm_op d = { 1, 17, (uintptr_t)bufs };

    for (unsigned i = 0; i < 17; i++)
        bufs[i] = (struct xs_privcmd_dm_op_buf){ (uintptr_t)a, sizeof(a) };
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -E2BIG);
    /* num is checked before the array is read. */
    d.ubufs = unmapped(e);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -E2BIG);

    d.ubufs = (uintptr_t)bufs;
    d.num = 16;
    bufs[15].size = 4097;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -E2BIG);
    /* The size check comes before any buffer is touched. */
    bufs[0].uptr = unmapped(e);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -E2BIG);
    assert_int_equal(e->fake.dm_ops, 0);
}

static void dm_op_restricted_to_other_domid_eperm(void **state)
{
    struct env *e = *state;
    unsigned char a[8] = { 0 };
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)a, sizeof(a) };
    struct xs_privcmd_dm_op probe = { PRIVCMD_UNRESTRICTED, 0, 0 };
    struct xs_privcmd_dm_op d = { 2, 1, (uintptr_t)&buf };
    uint16_t dom = 1;

    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    /* The kernel checks the restriction before num: even the probe fails. */
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &probe), -EPERM);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -EPERM);
    assert_int_equal(e->fake.dm_ops, 0);
    d.dom = 1;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), 0);
    assert_int_equal(e->fake.dm_ops, 1);
    probe.dom = 1;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &probe), 0);
}

/* Linux pins every page of every buffer for writing: a buffer that runs
 * from a mapped page into an unmapped one, or one in read-only memory, is
 * -EFAULT and Xen never runs (issue 15, finding 3). */
static void dm_op_every_page_pinned_for_writing(void **state)
{
    struct env *e = *state;
    struct xs_privcmd_dm_op_buf buf = { unmapped(e) - 8, 16 };
    struct xs_privcmd_dm_op d = { 1, 1, (uintptr_t)&buf };

    e->fake.ret = 0;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -EFAULT);
    assert_int_equal(e->fake.dm_ops, 0);
    buf.size = 8;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), 0);
    assert_int_equal(e->fake.dm_ops, 1);
    assert_int_equal(mprotect(e->page, e->pagesz, PROT_READ), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -EFAULT);
    assert_int_equal(e->fake.dm_ops, 1);
    assert_int_equal(mprotect(e->page, e->pagesz, PROT_READ | PROT_WRITE), 0);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), 0);
    assert_int_equal(e->fake.dm_ops, 2);
}

static void dm_op_bad_buffers_fault_before_xen(void **state)
{
    struct env *e = *state;
    unsigned char a[8] = { 0 };
    struct xs_privcmd_dm_op_buf bufs[2] = { { (uintptr_t)a, sizeof(a) },
                                            { unmapped(e), 8 } };
    struct xs_privcmd_dm_op d = { 1, 2, (uintptr_t)bufs };

    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -EFAULT);
    bufs[1].uptr = 0x00007ffffffff000ull - 4;   /* past the user address space */
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -EFAULT);
    d.ubufs = unmapped(e);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), -EFAULT);
    assert_int_equal(e->fake.dm_ops, 0);
    /* An empty buffer is never touched, wherever it points. */
    d.ubufs = (uintptr_t)bufs;
    bufs[1] = (struct xs_privcmd_dm_op_buf){ unmapped(e), 0 };
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d), 0);
    assert_int_equal(e->fake.dm_ops, 1);
}

/* --- everything else ----------------------------------------------------- */

static void other_ioctls_enotty(void **state)
{
    struct env *e = *state;
    char arg[64] = { 0 };

    assert_int_equal(ioctl_(e, &e->file, IOCTL_UNKNOWN, arg), -ENOTTY);
    assert_int_equal(ioctl_(e, &e->file, IOCTL_MMAPBATCH_V2, arg), -ENOTTY);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL | 0x40000000ul, arg), -ENOTTY);
    assert_int_equal(e->fake.hypercalls + e->fake.dm_ops, 0);
}

/* --- in front of the real simulator -------------------------------------- */

static long real_hypercall(void *hv, struct sim_caller *c, uint64_t op, const uint64_t arg[5])
{
    return sim_hypercall(hv, c, op, arg);
}

static long real_dm_op(void *hv, struct sim_caller *c, uint16_t dom, unsigned nr,
                       const struct sim_dm_op_buf *bufs)
{
    return sim_dm_op(hv, c, dom, nr, bufs);
}

static struct sim *use_real_sim(struct env *e, const char *release)
{
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 128 };
    struct sim *s = sim_create(xs_release_by_name(release), &cfg);

    assert_non_null(s);
    e->hv.hypercall = real_hypercall;
    e->hv.dm_op = real_dm_op;
    e->hv.hv = s;
    return s;
}

static void sim_xen_version_reads_and_writes_the_caller(void **state)
{
    struct env *e = *state;
    struct sim *s = use_real_sim(e, "4.17");
    struct xs_privcmd_hypercall h = { XS_HYPERVISOR_xen_version, { XS_XENVER_version } };

    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), 0x40011);
    /* extraversion lands at page+4, as old libxenctrl places arguments */
    memset(e->page, 0xee, 32);
    h.arg[0] = XS_XENVER_extraversion;
    h.arg[1] = (uintptr_t)(e->page + 4);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), 0);
    assert_int_equal(e->page[3], 0xee);
    assert_int_equal(e->page[4], '.');
    assert_int_equal(e->page[4 + XS_XENVER_EXTRAVERSION_LEN], 0xee);
    /* 16 bytes that run into the unmapped page */
    h.arg[1] = unmapped(e) - 8;
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), -EFAULT);
    sim_destroy(s);
}

static long nr_vcpus(struct env *e, uint16_t dom, uint32_t *vcpus)
{
    struct xs_dm_op op;
    struct xs_privcmd_dm_op_buf buf = { (uintptr_t)&op, sizeof(op) };
    struct xs_privcmd_dm_op d = { dom, 1, (uintptr_t)&buf };
    long r;

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_nr_vcpus;
    r = ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &d);
    *vcpus = op.u.nr_vcpus.vcpus;
    return r;
}

static void sim_dm_op_through_the_driver(void **state)
{
    struct env *e = *state;
    struct sim *s = use_real_sim(e, "4.17");
    uint32_t vcpus;
    uint16_t dom = 1;

    assert_int_equal(nr_vcpus(e, 1, &vcpus), 0);
    assert_int_equal(vcpus, 2);
    assert_int_equal(nr_vcpus(e, 5, &vcpus), -ESRCH);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_RESTRICT, &dom), 0);
    assert_int_equal(nr_vcpus(e, 1, &vcpus), 0);
    assert_int_equal(nr_vcpus(e, 5, &vcpus), -EPERM);
    sim_destroy(s);
}

static void sim_46_has_no_dm_op_but_the_probe_works(void **state)
{
    struct env *e = *state;
    struct sim *s = use_real_sim(e, "4.6");
    struct xs_privcmd_dm_op probe = { PRIVCMD_UNRESTRICTED, 0, 0 };
    struct xs_privcmd_hypercall h = { XS_HYPERVISOR_xen_version, { XS_XENVER_version } };
    uint32_t vcpus;

    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_HYPERCALL, &h), 0x40006);
    assert_int_equal(ioctl_(e, &e->file, XS_IOCTL_PRIVCMD_DM_OP, &probe), 0);
    assert_int_equal(nr_vcpus(e, 1, &vcpus), -ENOSYS);
    sim_destroy(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(caller_reads_and_writes_exactly_len),
        T(caller_faults_on_partial_transfer),
        T(caller_of_dead_pid_faults),
        T(hypercall_passes_op_and_args_from_page_plus_4),
        T(hypercall_bad_pointer_faults_before_xen),
        T(restrict_refuses_hypercalls_on_that_file_only),
        T(restrict_again_same_ok_other_einval),
        T(restrict_to_domid_invalid_stays_unrestricted),
        T(dm_op_num_zero_answers_without_xen),
        T(dm_op_passes_buffers),
        T(dm_op_limits_e2big),
        T(dm_op_restricted_to_other_domid_eperm),
        T(dm_op_every_page_pinned_for_writing),
        T(dm_op_bad_buffers_fault_before_xen),
        T(other_ioctls_enotty),
        T(sim_xen_version_reads_and_writes_the_caller),
        T(sim_dm_op_through_the_driver),
        T(sim_46_has_no_dm_op_but_the_probe_works),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
