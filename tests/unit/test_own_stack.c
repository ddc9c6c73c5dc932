/* own_stack.h: the calling thread's live stack is recognised, nothing else
 * is, and a range that runs past the stack's top is not. */
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "own_stack.h"

/* As the shim asks: from a callee's frame, below the caller's buffers. */
static __attribute__((noinline)) bool contains(uintptr_t addr, size_t len)
{
    return xs_own_stack_contains(addr, len);
}

static void check_here(void)
{
    volatile char local[64];
    char *heap = malloc(64);
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    local[0] = 1;
    assert_true(contains((uintptr_t)local, sizeof(local)));
    assert_false(contains((uintptr_t)heap, 64));
    assert_false(contains((uintptr_t)page, 64));
    /* Past the top of the stack: not the stack any more. */
    assert_false(contains((uintptr_t)local, SIZE_MAX / 2));
    assert_false(contains(UINTPTR_MAX - 8, 16));
    /* A mapping change elsewhere: no new look-up. */
    unsigned gen = atomic_load(&xs_own_stack_maps_gen);
    xs_own_stack_maps_changed((uintptr_t)page, 4096);
    assert_int_equal(atomic_load(&xs_own_stack_maps_gen), gen);
    /* One over this stack: looked up again, with the same answer. */
    xs_own_stack_maps_changed((uintptr_t)local, 1);
    assert_int_not_equal(atomic_load(&xs_own_stack_maps_gen), gen);
    assert_true(contains((uintptr_t)local, sizeof(local)));
    free(heap);
    munmap(page, 4096);
}

static void *in_thread(void *p)
{
    (void)p;
    check_here();
    return NULL;
}

static void test_main_thread(void **state)
{
    (void)state;
    check_here();
}

static void test_other_thread(void **state)
{
    pthread_t t;
    (void)state;

    assert_int_equal(pthread_create(&t, NULL, in_thread, NULL), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
}

/* A frame below the caller's (a deeper call) is not live for the caller
 * once that call returned: only memory at or above the stack pointer of
 * the moment counts. */
static __attribute__((noinline)) uintptr_t deeper(void)
{
    volatile char below[256];

    below[0] = 0;
    return (uintptr_t)below;
}

static void test_below_stack_pointer(void **state)
{
    uintptr_t gone = deeper();
    (void)state;

    assert_false(contains(gone, 16));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_main_thread),
        cmocka_unit_test(test_other_thread),
        cmocka_unit_test(test_below_stack_pointer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
