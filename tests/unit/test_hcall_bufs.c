/* The shim's copies of hypercall buffers that process_vm_readv cannot
 * reach.  Linux's /dev/xen/hypercall pages are such memory (seen on real
 * Xen); memfd_secret(2) pages are too (GUP refuses them), so they stand in
 * for the driver's here.  Without hcall_bufs the copies are -EFAULT: the
 * EFAULT every translated call met on a real host. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "hcall_bufs.h"
#include "hv_access.h"

#define PAGE 4096

static uint8_t *secret_pages(size_t n)
{
    int fd = (int)syscall(SYS_memfd_secret, 0);
    void *p;

    if (fd < 0) {
        /* Not a skip: without it this test cannot stand in for the device. */
        fprintf(stderr, "memfd_secret: %s (Linux 5.14+, secretmem enabled)\n", strerror(errno));
        return NULL;
    }
    assert_int_equal(ftruncate(fd, (off_t)(n * PAGE)), 0);
    p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    return p == MAP_FAILED ? NULL : p;
}

static void test_unreachable_without_record(void **state)
{
    uint8_t *buf = secret_pages(1), v = 0;
    (void)state;

    assert_non_null(buf);
    buf[10] = 0x5a;
    /* What the shim did before: the checked copy cannot read the page. */
    assert_int_equal(xs_self_copy_in(&v, (uintptr_t)buf + 10, 1), -EFAULT);
    assert_int_equal(xs_self_copy_out((uintptr_t)buf + 10, &v, 1), -EFAULT);
    munmap(buf, PAGE);
}

static void test_recorded_mapping_is_copied(void **state)
{
    uint8_t *buf = secret_pages(2), in[16], out[16];
    (void)state;

    assert_non_null(buf);
    xs_hcall_bufs_add((uintptr_t)buf, 2 * PAGE);
    memset(buf + PAGE - 8, 0x11, 16);        /* across the page boundary */
    assert_int_equal(xs_self_copy_in(in, (uintptr_t)buf + PAGE - 8, sizeof(in)), 0);
    assert_int_equal(in[0], 0x11);
    assert_int_equal(in[15], 0x11);
    memset(out, 0x22, sizeof(out));
    assert_int_equal(xs_self_copy_out((uintptr_t)buf + 2 * PAGE - 16, out, sizeof(out)), 0);
    assert_int_equal(buf[2 * PAGE - 1], 0x22);

    /* One byte past the mapping: the checked path, which refuses. */
    assert_int_equal(xs_self_copy_in(in, (uintptr_t)buf + 2 * PAGE - 8, sizeof(in)), -EFAULT);
    /* Any unmap that touches the mapping forgets all of it. */
    xs_hcall_bufs_remove((uintptr_t)buf + PAGE, 1);
    assert_false(xs_hcall_bufs_contain((uintptr_t)buf, 1));
    assert_int_equal(xs_self_copy_in(in, (uintptr_t)buf, 1), -EFAULT);
    munmap(buf, 2 * PAGE);
}

static void test_ranges(void **state)
{
    (void)state;
    /* Addresses only: nothing is read. */
    xs_hcall_bufs_add(0x10000, 0x2000);
    assert_true(xs_hcall_bufs_contain(0x10000, 0x2000));
    assert_true(xs_hcall_bufs_contain(0x11fff, 1));
    assert_false(xs_hcall_bufs_contain(0xffff, 2));
    assert_false(xs_hcall_bufs_contain(0x11fff, 2));
    assert_false(xs_hcall_bufs_contain(UINTPTR_MAX - 1, 4));   /* wraps */
    xs_hcall_bufs_add(0, PAGE);                               /* never recorded */
    assert_false(xs_hcall_bufs_contain(0, 1));
    xs_hcall_bufs_remove(0x0, 0x10001);
    assert_false(xs_hcall_bufs_contain(0x10000, 1));

    /* A full table records no more, and says so once; nothing else breaks. */
    for (uintptr_t i = 0; i < 70; i++)
        xs_hcall_bufs_add(0x100000 + i * PAGE, PAGE);
    assert_true(xs_hcall_bufs_contain(0x100000, PAGE));
    assert_false(xs_hcall_bufs_contain(0x100000 + 69 * PAGE, PAGE));
    xs_hcall_bufs_remove(0x100000, 70 * PAGE);
    assert_false(xs_hcall_bufs_contain(0x100000, PAGE));
}

static void test_device_identified(void **state)
{
    char path[] = "/tmp/xenshim-hcall-XXXXXX", other[] = "/tmp/xenshim-other-XXXXXX";
    int dev = mkstemp(path), not_dev = mkstemp(other);
    const char *saved = xs_hypercall_dev_path;
    (void)state;

    assert_true(dev >= 0 && not_dev >= 0);
    xs_hypercall_dev_path = path;
    assert_true(xs_fd_is_hypercall_dev(dev));
    assert_false(xs_fd_is_hypercall_dev(not_dev));
    assert_false(xs_fd_is_hypercall_dev(-1));
    xs_hypercall_dev_path = saved;
    close(dev);
    close(not_dev);
    unlink(path);
    unlink(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unreachable_without_record),
        cmocka_unit_test(test_recorded_mapping_is_copied),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_device_identified),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
