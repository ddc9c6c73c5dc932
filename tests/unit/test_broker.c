/* The restricted dm_op broker (shim/broker.c), both ends of its socket in
 * this process: the server runs in a thread over an in-process simulator.
 *
 * Differential: each dm_op goes through the translator directly on one
 * simulator and through the broker on a second one of the same release;
 * return values, the bytes written back into the caller's buffers and the
 * guest states must agree.  Then the protocol: what the broker refuses
 * from a caller that talks to it directly, and what the device model's
 * side does with buffers it cannot read, with read-only buffers, and with
 * a broker that is gone.  Every test runs on 4.5, 4.6 and hvmctl1. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "abi.h"
#include "broker.h"
#include "broker_ring.h"
#include "hv_over_sim.h"
#include "log.h"
#include "translate.h"

#define DOM 1

struct bt {
    const char *rel;
    struct hv_over_sim direct, via;
    int sv[2];
    pthread_t server;
    int served;                    /* xs_broker_serve's result */
    struct xs_broker b;
};

static void *serve(void *p)
{
    struct bt *t = p;

    if (xs_broker_say_ready(t->sv[1], 0) == 0)
        t->served = xs_broker_serve(t->sv[1], &t->via.hv, DOM);
    return NULL;
}

static int setup(void **state)
{
    struct bt *t = calloc(1, sizeof(*t));

    assert_non_null(t);
    t->rel = *state;
    xs_log_set_level(0);
    assert_int_equal(hv_over_sim_open(&t->direct, t->rel), 0);
    assert_int_equal(hv_over_sim_open(&t->via, t->rel), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, t->sv), 0);
    assert_int_equal(pthread_create(&t->server, NULL, serve, t), 0);
    assert_int_equal(xs_broker_attach(&t->b, t->sv[0], DOM), 0);
    *state = t;
    return 0;
}

/* Closing the device model's end ends the server cleanly. */
static int teardown(void **state)
{
    struct bt *t = *state;
    const char *rel = t->rel;

    if (t->b.sock >= 0)
        close(t->b.sock);
    pthread_join(t->server, NULL);
    assert_int_equal(t->served, 0);
    close(t->sv[1]);
    hv_over_sim_close(&t->direct);
    hv_over_sim_close(&t->via);
    free(t);
    *state = (void *)rel;
    return 0;
}

/* One dm_op both ways: buf[0] holds op (size0 bytes of it), buf[1] the
 * optional extra bytes.  Each side works on its own copy; the broker's
 * copy comes back in *out / extra_out.  Returns the common result. */
static long both(struct bt *t, uint16_t dom, const struct xs_dm_op *op, size_t size0,
                 const void *extra, size_t extra_size, struct xs_dm_op *out, void *extra_out)
{
    struct xs_dm_op a = *op, b = *op;
    uint8_t ea[256], eb[256];
    struct xs_ubuf ba[2] = { { (uintptr_t)&a, size0 }, { (uintptr_t)ea, extra_size } };
    struct xs_ubuf bb[2] = { { (uintptr_t)&b, size0 }, { (uintptr_t)eb, extra_size } };
    unsigned nr = extra ? 2 : 1;
    long r_direct = 12345, r_broker = 54321;

    assert_true(extra_size <= sizeof(ea));
    if (extra) {
        memcpy(ea, extra, extra_size);
        memcpy(eb, extra, extra_size);
    }
    assert_int_equal(xs_translate_dm_op(&t->direct.hv, dom, nr, ba, &r_direct), XS_DONE);
    assert_int_equal(xs_broker_dm_op(&t->b, dom, nr, bb, &r_broker), XS_DONE);
    if (r_direct != r_broker)
        fprintf(stderr, "%s: dm_op %u: in process %ld, broker %ld\n", t->rel, op->op,
                r_direct, r_broker);
    assert_int_equal(r_direct, r_broker);
    assert_memory_equal(&a, &b, sizeof(a));
    if (extra)
        assert_memory_equal(ea, eb, extra_size);
    if (out)
        *out = b;
    if (extra_out)
        memcpy(extra_out, eb, extra_size);
    assert_true(hv_over_sim_same_state(&t->direct, t->rel, &t->via, t->rel));
    return r_broker;
}

static struct xs_dm_op dmop(unsigned op)
{
    struct xs_dm_op o;

    memset(&o, 0, sizeof(o));
    o.op = op;
    return o;
}

static void same_as_in_process(void **state)
{
    struct bt *t = *state;
    struct xs_dm_op o, out;
    struct xs_dm_op_modified_memory_extent ext[3] = {
        { 2, 0, 0x10 }, { 4, 0, 0x100000 }, { 1, 0, 0x20 },
    };
    uint8_t bitmap[8], all[8];
    uint16_t id;

    o = dmop(XS_DMOP_set_isa_irq_level);
    o.u.set_isa_irq_level.isa_irq = 5;
    o.u.set_isa_irq_level.level = 1;
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, NULL, NULL), 0);

    /* Output in buf[0]: the server id, then its frames and port. */
    o = dmop(XS_DMOP_create_ioreq_server);
    o.u.create_ioreq_server.handle_bufioreq = 1;
    o.u.create_ioreq_server.id = 0xbeef;
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, &out, NULL), 0);
    id = out.u.create_ioreq_server.id;
    assert_int_not_equal(id, 0xbeef);
    o = dmop(XS_DMOP_get_ioreq_server_info);
    o.u.get_ioreq_server_info.id = id;
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, &out, NULL), 0);
    assert_int_not_equal(out.u.get_ioreq_server_info.ioreq_gfn, 0);

    /* Output in buf[1]: the dirty bitmap. */
    o = dmop(XS_DMOP_track_dirty_vram);
    o.u.track_dirty_vram.nr = 64;
    o.u.track_dirty_vram.first_pfn = 0x100;
    memset(bitmap, 0xa5, sizeof(bitmap));
    memset(all, 0xff, sizeof(all));
    assert_int_equal(both(t, DOM, &o, sizeof(o), bitmap, sizeof(bitmap), NULL, bitmap), 0);
    assert_memory_equal(bitmap, all, sizeof(bitmap));   /* the first call: all dirty */

    /* Several extents, the middle one out of the guest: the same partial
     * failure and the same records as in process. */
    o = dmop(XS_DMOP_modified_memory);
    o.u.modified_memory.nr_extents = 3;
    assert_int_not_equal(both(t, DOM, &o, sizeof(o), ext, sizeof(ext), NULL, NULL), 0);

    /* Errors from the translator travel unchanged. */
    o = dmop(99);
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, NULL, NULL), -EOPNOTSUPP);
    o = dmop(XS_DMOP_set_isa_irq_level);
    o.pad = 1;
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, NULL, NULL), -EINVAL);
    o = dmop(XS_DMOP_set_isa_irq_level);
    assert_int_equal(both(t, DOM, &o, 4, NULL, 0, NULL, NULL), -EFAULT);
    o = dmop(XS_DMOP_map_mem_type_to_ioreq_server);
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, NULL, NULL), -EOPNOTSUPP);
    /* relocate_memory, a memory_op, through the broker too. */
    o = dmop(XS_DMOP_relocate_memory);
    o.u.relocate_memory.size = 2;
    o.u.relocate_memory.src_gfn = 0x600;
    o.u.relocate_memory.dst_gfn = 0x7e00;
    assert_int_equal(both(t, DOM, &o, sizeof(o), NULL, 0, NULL, NULL), 0);
    /* modified_memory claiming more extents than buf[1] holds: the broker
     * has only the declared bytes to give, as Xen would. */
    o = dmop(XS_DMOP_modified_memory);
    o.u.modified_memory.nr_extents = 9;
    assert_int_equal(both(t, DOM, &o, sizeof(o), ext, sizeof(ext), NULL, NULL), -EINVAL);
    o.u.modified_memory.nr_extents = 4;          /* one more than buf[1] holds */
    assert_int_equal(both(t, DOM, &o, sizeof(o), ext, sizeof(ext), NULL, NULL), -EINVAL);
}

/* The statistics of the device model's process count what the broker
 * translated (the broker itself reports nothing). */
static void counts_translated_ops(void **state)
{
    struct bt *t = *state;
    struct xs_dm_op o = dmop(XS_DMOP_set_pci_link_route);
    struct xs_ubuf buf = { (uintptr_t)&o, sizeof(o) };
    unsigned long before = xs_stat_get("dm_op", "set_pci_link_route");
    long ret = 1;

    o.u.set_pci_link_route.link = 1;
    o.u.set_pci_link_route.isa_irq = 11;
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    /* This process holds both ends here, so the broker's own count is in
     * the same table: one from each side. */
    assert_int_equal(xs_stat_get("dm_op", "set_pci_link_route"), before + 2);
}

/* A raw request; the broker's ret, or 1 if no reply came. */
static long ask(struct bt *t, const void *msg, size_t len)
{
    struct xs_broker_reply rp;
    uint8_t back[sizeof(rp) + XS_BROKER_MAX_DATA];
    ssize_t n;

    assert_int_equal(send(t->b.sock, msg, len, 0), (ssize_t)len);
    n = recv(t->b.sock, back, sizeof(back), 0);
    if (n < (ssize_t)sizeof(rp))
        return 1;
    memcpy(&rp, back, sizeof(rp));
    assert_int_equal(rp.magic, XS_BROKER_MAGIC);
    return rp.ret;
}

static void refuses_what_a_restricted_descriptor_would(void **state)
{
    struct bt *t = *state;
    struct {
        struct xs_broker_request rq;
        struct xs_dm_op op;
    } m;
    static uint8_t big[sizeof(struct xs_broker_request) + XS_BROKER_MAX_DATA + 64];
    unsigned long calls = t->via.nr_hypercalls;

    memset(&m, 0, sizeof(m));
    m.rq = (struct xs_broker_request){ XS_BROKER_MAGIC, DOM, 1, { sizeof(m.op) } };
    m.op.op = XS_DMOP_set_isa_irq_level;
    m.op.u.set_isa_irq_level.isa_irq = 7;
    m.op.u.set_isa_irq_level.level = 1;

    m.rq.domid = 2;                                      /* another domain */
    assert_int_equal(ask(t, &m, sizeof(m)), -EPERM);
    m.rq.domid = XS_DOMID_SELF;
    assert_int_equal(ask(t, &m, sizeof(m)), -EPERM);
    m.rq.domid = DOM;
    m.rq.magic = 0;                                      /* not ours */
    assert_int_equal(ask(t, &m, sizeof(m)), -EINVAL);
    m.rq.magic = XS_BROKER_MAGIC;
    assert_int_equal(ask(t, &m, sizeof(m) - 1), -EINVAL);   /* shorter than it says */
    assert_int_equal(ask(t, &m, 10), -EINVAL);              /* not even a header */
    m.rq.nr = XS_PRIVCMD_DM_OP_MAX_NUM + 1;
    assert_int_equal(ask(t, &m, sizeof(m)), -EINVAL);
    m.rq.nr = 1;
    m.rq.size[0] = XS_PRIVCMD_DM_OP_MAX_SIZE + 1;
    assert_int_equal(ask(t, &m, sizeof(m)), -EINVAL);
    m.rq.size[0] = sizeof(m.op);
    m.rq.size[1] = 8;                                    /* a size past nr */
    assert_int_equal(ask(t, &m, sizeof(m)), -EINVAL);
    m.rq.size[1] = 0;
    memcpy(big, &m, sizeof(m));                          /* longer than any request */
    assert_int_equal(ask(t, big, sizeof(big)), -EINVAL);
    assert_int_equal(ask(t, big, 0), -EINVAL);           /* empty: not the end of file */
    assert_int_equal(t->via.nr_hypercalls, calls);
    /* ... and it still serves. */
    assert_int_equal(ask(t, &m, sizeof(m)), 0);
    assert_int_equal(t->via.nr_hypercalls, calls + 1);
}

/* The kernel pins every dm_op buffer before Xen runs, so one it cannot
 * reach is -EFAULT whatever the op; the broker never sees the call. */
static void unreadable_buffer_is_efault(void **state)
{
    struct bt *t = *state;
    struct xs_dm_op o = dmop(XS_DMOP_set_isa_irq_level);
    struct xs_ubuf bufs[2] = { { (uintptr_t)&o, sizeof(o) }, { 8, 16 } };
    unsigned long calls = t->via.nr_hypercalls;
    long ret = 1;

    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 2, bufs, &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    bufs[1].size = XS_PRIVCMD_DM_OP_MAX_SIZE + 1;
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 2, bufs, &ret), XS_DONE);
    assert_int_equal(ret, -E2BIG);
    assert_int_equal(t->via.nr_hypercalls, calls);
}

/* Only the bytes the op changed are written back: an input-only dm_op
 * from read-only memory works. */
static void read_only_input_is_not_written(void **state)
{
    struct bt *t = *state;
    struct xs_dm_op *o = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct xs_ubuf buf;
    long ret = 1;

    assert_true(o != MAP_FAILED);
    o->op = XS_DMOP_set_isa_irq_level;
    o->u.set_isa_irq_level.isa_irq = 3;
    o->u.set_isa_irq_level.level = 1;
    assert_int_equal(mprotect(o, 4096, PROT_READ), 0);
    buf = (struct xs_ubuf){ (uintptr_t)o, sizeof(*o) };
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_DONE);
    assert_int_equal(ret, 0);
    /* An op that writes back into read-only memory: -EFAULT. */
    buf.size = 4096;
    memset(&ret, 0, sizeof(ret));
    assert_int_equal(mprotect(o, 4096, PROT_READ | PROT_WRITE), 0);
    memset(o, 0, sizeof(*o));
    o->op = XS_DMOP_create_ioreq_server;
    assert_int_equal(mprotect(o, 4096, PROT_READ), 0);
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_DONE);
    assert_int_equal(ret, -EFAULT);
    munmap(o, 4096);
}

/* A fork child does not share the parent's broker (their requests and
 * replies would cross); a broker that is gone leaves the call to the
 * kernel. */
static void fork_child_and_lost_broker_pass(void **state)
{
    struct bt *t = *state;
    struct xs_dm_op o = dmop(XS_DMOP_set_isa_irq_level);
    struct xs_ubuf buf = { (uintptr_t)&o, sizeof(o) };
    int status = -1;
    long ret = 1;
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0)
        _exit(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret) == XS_PASS ? 0 : 1);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_DONE);

    shutdown(t->sv[1], SHUT_RDWR);      /* the broker's end goes away */
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_PASS);
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_PASS);
}

/* The caller closed the broker's socket behind the shim's back and the
 * number now names another socket: the dm_op's buffers never go there. */
static void reused_socket_number_is_not_the_broker(void **state)
{
    struct bt *t = *state;
    struct xs_dm_op o = dmop(XS_DMOP_set_isa_irq_level);
    struct xs_ubuf buf = { (uintptr_t)&o, sizeof(o) };
    int number = t->b.sock, other[2], spare;
    uint8_t got[64];
    long ret = 1;

    close(number);
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, other), 0);
    if (other[0] != number) {
        spare = other[0];
        assert_int_equal(dup2(spare, number), number);
        close(spare);
        other[0] = number;
    }
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_PASS);
    assert_int_equal(recv(other[1], got, sizeof(got), MSG_DONTWAIT), -1);
    assert_int_equal(errno, EAGAIN);
    assert_int_equal(t->b.sock, -1);
    assert_int_equal(xs_broker_dm_op(&t->b, DOM, 1, &buf, &ret), XS_PASS);
    close(other[0]);
    close(other[1]);
}

/* The real broker program, started the way the interposer starts it. */
static const char *broker_program(void)
{
    static char path[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    static const char *const rel[] = { "/../lib/xenshim-dmop-broker",
                                       "/../../lib/xenshim-dmop-broker" };

    assert_true(n > 0);
    exe[n] = 0;
    *strrchr(exe, '/') = 0;     /* build/tests or build/tests/san */
    for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", exe, rel[i]);
        if (access(path, X_OK) == 0)
            return path;
    }
    fail_msg("xenshim-dmop-broker is not built next to %s (make builds it)", exe);
    return NULL;
}

/* The descriptors arrive on fds 3 and 4 whatever numbers they had, even
 * when the privcmd descriptor is fd 3 itself.  /dev/null stands in for
 * privcmd: a character device that answers no hypercall, so the broker
 * starts, finds no hypervisor to translate for, and says so (-EOPNOTSUPP);
 * a socket on fd 4 would be -EBADF. */
static void spawn_puts_descriptors_in_place(void **state)
{
    int saved = fcntl(3, F_DUPFD_CLOEXEC, 10), null, sv[2];
    struct xs_broker b;

    (void)state;
    setenv("XENSHIM_BROKER", broker_program(), 1);
    setenv("XENSHIM_LOG", "error", 1);
    null = open("/dev/null", O_RDWR | O_CLOEXEC);
    assert_true(null >= 0);
    if (null != 3)
        assert_int_equal(dup3(null, 3, O_CLOEXEC), 3);
    assert_int_equal(xs_broker_spawn(&b, 3, DOM), -EOPNOTSUPP);
    /* Something that is not privcmd at all. */
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    assert_int_equal(xs_broker_spawn(&b, sv[0], DOM), -EBADF);
    close(sv[0]);
    close(sv[1]);
    /* The broker is handed an unrestricted descriptor: never a program
     * found relative to the current directory. */
    setenv("XENSHIM_BROKER", "lib/xenshim-dmop-broker", 1);
    assert_int_equal(xs_broker_spawn(&b, null, DOM), -EINVAL);
    setenv("XENSHIM_BROKER", "/nonexistent/xenshim-dmop-broker", 1);
    assert_int_equal(xs_broker_spawn(&b, null, DOM), -ENOENT);
    /* A broker that never answers is killed when the wait runs out: the
     * device model's RESTRICT must not hang on it. */
    {
        char script[] = "/tmp/xs-hanging-broker.XXXXXX";
        int sfd = mkstemp(script);
        struct timespec t0, t1;

        assert_true(sfd >= 0);
        assert_true(write(sfd, "#!/bin/sh\nexec sleep 30\n", 25) == 25);
        close(sfd);
        assert_int_equal(chmod(script, 0700), 0);
        setenv("XENSHIM_BROKER", script, 1);
        xs_broker_start_timeout_ms = 200;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(xs_broker_spawn(&b, null, DOM), -ETIMEDOUT);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        assert_true(t1.tv_sec - t0.tv_sec < 5);
        xs_broker_start_timeout_ms = 10000;
        unlink(script);
    }
    unsetenv("XENSHIM_BROKER");
    unsetenv("XENSHIM_LOG");
    if (null != 3)
        close(null);
    if (saved >= 0) {
        dup2(saved, 3);
        close(saved);
    } else {
        close(3);
    }
}

/* A ring whose broker has stopped answers the next call with -EPIPE at
 * once, even when the socket the shim asks about is alive (its number
 * reused): the call must not overwrite the broker's GONE and then wait
 * for a broker that will never take it. */
static void call_on_a_stopped_ring_is_epipe(void **state)
{
    struct bt *t = *state;
    struct xs_ring_server *server = NULL;
    struct xs_broker_ring *r;
    struct stat st;
    int sv[2], fd = (int)syscall(SYS_memfd_create, "test-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);

    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, sizeof(*r)), 0);
    assert_int_equal(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL), 0);
    r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    assert_true(r != MAP_FAILED);
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
    assert_int_equal(xs_ring_start(&server, fd, sv[1], &t->via.hv, DOM), 0);
    xs_ring_stop(server);
    assert_int_equal(atomic_load(&r->state), XS_RING_GONE);
    assert_int_equal(fstat(sv[0], &st), 0);
    assert_int_equal(xs_ring_call(r, sv[0], st.st_dev, st.st_ino), -EPIPE);
    assert_int_equal(atomic_load(&r->state), XS_RING_GONE);
    munmap(r, sizeof(*r));
    close(sv[0]);
    close(sv[1]);
}

/* A broker that cannot serve says so at start. */
static void start_message(void **state)
{
    struct xs_broker b;
    int sv[2];

    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
    assert_int_equal(xs_broker_say_ready(sv[1], -EOPNOTSUPP), 0);
    assert_int_equal(xs_broker_attach(&b, sv[0], DOM), -EOPNOTSUPP);
    close(sv[1]);                        /* gone before it said anything */
    assert_int_equal(xs_broker_attach(&b, sv[0], DOM), -EPROTO);
    close(sv[0]);
}

/* Each test once per release, named so a failure says which. */
#define ON(test, rel) { #test "(" rel ")", test, setup, teardown, (void *)rel }
#define FOR_RELEASES(test) ON(test, "4.5"), ON(test, "4.6"), ON(test, "hvmctl1")

int main(void)
{
    const struct CMUnitTest tests[] = {
        FOR_RELEASES(same_as_in_process),
        FOR_RELEASES(counts_translated_ops),
        FOR_RELEASES(refuses_what_a_restricted_descriptor_would),
        FOR_RELEASES(unreadable_buffer_is_efault),
        FOR_RELEASES(read_only_input_is_not_written),
        FOR_RELEASES(fork_child_and_lost_broker_pass),
        FOR_RELEASES(reused_socket_number_is_not_the_broker),
        FOR_RELEASES(call_on_a_stopped_ring_is_epipe),
        cmocka_unit_test(start_message),
        cmocka_unit_test(spawn_puts_descriptors_in_place),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
