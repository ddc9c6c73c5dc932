/* Allocation failure inside the shim (issue 15): every allocation the
 * translators and the dm_op broker make is failed in turn, one per call,
 * and each call must answer with an errno (-ENOMEM) or succeed, never
 * crash; built with ASan, which reports at exit anything not freed.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc (tests/tests.mk): every
 * malloc and calloc of the shim's and the simulator's objects comes here
 * first.  The process's own libraries (libc, cmocka) are not affected. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "abi.h"
#include "broker.h"
#include "hv_over_sim.h"
#include "log.h"
#include "translate.h"

#define DOM 1

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);

/* The allocation that fails: the Nth from now (1 = the next), 0 for none. */
static atomic_long fail_in;
static atomic_long failed;

static int should_fail(void)
{
    long n = atomic_load(&fail_in);

    while (n > 0 && !atomic_compare_exchange_weak(&fail_in, &n, n - 1))
        ;
    if (n != 1)
        return 0;
    atomic_fetch_add(&failed, 1);
    return 1;
}

void *__wrap_malloc(size_t size)
{
    return should_fail() ? (errno = ENOMEM, NULL) : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? (errno = ENOMEM, NULL) : __real_calloc(n, size);
}

static struct xs_dm_op track_dirty_vram(void)
{
    struct xs_dm_op op;

    memset(&op, 0, sizeof(op));
    op.op = XS_DMOP_track_dirty_vram;
    op.u.track_dirty_vram.first_pfn = 0x7000;
    op.u.track_dirty_vram.nr = 64;
    return op;
}

/* The translated track_dirty_vram on 4.6 (a bitmap of the shim's own). */
static void translator_allocation_fails(void **state)
{
    struct hv_over_sim h;
    long n, ret, enomem = 0;

    (void)state;
    assert_int_equal(hv_over_sim_open(&h, "4.6"), 0);
    for (n = 1; n < 64; n++) {
        struct xs_dm_op op = track_dirty_vram();
        uint8_t bitmap[8];
        struct xs_ubuf bufs[2] = { { (uintptr_t)&op, sizeof(op) },
                                   { (uintptr_t)bitmap, sizeof(bitmap) } };
        long before = atomic_load(&failed);

        ret = 12345;
        atomic_store(&fail_in, n);
        assert_int_equal(xs_translate_dm_op(&h.hv, DOM, 2, bufs, &ret), XS_DONE);
        atomic_store(&fail_in, 0);
        if (atomic_load(&failed) == before) {
            assert_int_equal(ret, 0);   /* past the last allocation */
            break;
        }
        assert_int_equal(ret, -ENOMEM);
        enomem++;
    }
    assert_true(enomem >= 1);
    hv_over_sim_close(&h);
}

struct served {
    int sock;
    struct hv_over_sim *h;
    int rc;
};

static void *serve(void *p)
{
    struct served *s = p;

    if (xs_broker_say_ready(s->sock, 0) == 0)
        s->rc = xs_broker_serve(s->sock, &s->h->hv, DOM);
    close(s->sock);
    return NULL;
}

/* The broker's client and server: each of their allocations fails in
 * turn.  The client's failure is the caller's -ENOMEM; the server's (its
 * message buffer) ends the broker, and the dm_op is left to the kernel
 * (XS_PASS), as for any broker that is gone. */
static void broker_allocation_fails(void **state)
{
    struct hv_over_sim h;
    long n;
    int seen_pass = 0, seen_enomem = 0;

    (void)state;
    assert_int_equal(hv_over_sim_open(&h, "4.6"), 0);
    for (n = 1; n < 64; n++) {
        struct xs_broker b = { .sock = -1 };
        struct served s = { -1, &h, 0 };
        struct xs_dm_op op = track_dirty_vram();
        uint8_t bitmap[8];
        struct xs_ubuf bufs[2] = { { (uintptr_t)&op, sizeof(op) },
                                   { (uintptr_t)bitmap, sizeof(bitmap) } };
        pthread_t t;
        int sv[2];
        long ret = 12345, before = atomic_load(&failed);
        enum xs_verdict v;

        assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
        s.sock = sv[1];
        atomic_store(&fail_in, n);
        assert_int_equal(pthread_create(&t, NULL, serve, &s), 0);
        assert_int_equal(xs_broker_attach(&b, sv[0], DOM), 0);
        v = xs_broker_dm_op(&b, DOM, 2, bufs, &ret);
        atomic_store(&fail_in, 0);
        close(sv[0]);
        pthread_join(t, NULL);
        pthread_mutex_destroy(&b.lock);
        if (atomic_load(&failed) == before) {
            assert_int_equal(v, XS_DONE);
            assert_int_equal(ret, 0);
            break;
        }
        if (v == XS_PASS) {
            assert_int_equal(s.rc, -ENOMEM);
            seen_pass++;
        } else {
            assert_int_equal(v, XS_DONE);
            assert_int_equal(ret, -ENOMEM);
            seen_enomem++;
        }
    }
    /* Which side's allocation comes Nth depends on the two threads'
     * timing, so only "some failed, each answered as above" is certain. */
    assert_true(seen_pass + seen_enomem >= 1);
    hv_over_sim_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(translator_allocation_fails),
        cmocka_unit_test(broker_allocation_fails),
    };

    xs_log_set_level(0);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
