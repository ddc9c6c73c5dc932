/* The guest-io script format: every access kind, comments and C numbers,
 * and a message naming the line for each kind of bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sim/guest_io_script.c"

static void test_every_access(void **state)
{
    struct guest_io_script s;
    char err[256];
    (void)state;

    assert_int_equal(guest_io_script_parse("# COM1\n"
                                           "out 0x3f8 1 0x41   # 'A'\n"
                                           "\n"
                                           "  in 1021 1\n"
                                           "write 0xfebf0000 4 0xdeadbeef\n"
                                           "read 0xfebf0000 8\n"
                                           "out 0xcf8 4 0x80000000\n"
                                           "in 0xcfc 4\r\n"
                                           "out 0x70 1 010",
                                           "t", &s, err, sizeof(err)), 0);
    assert_int_equal(s.count, 7);
    assert_int_equal(s.access[0].op, GUEST_IO_OUT);
    assert_int_equal(s.access[0].addr, 0x3f8);
    assert_int_equal(s.access[0].value, 0x41);
    assert_int_equal(s.access[0].line, 2);
    assert_int_equal(s.access[1].op, GUEST_IO_IN);
    assert_int_equal(s.access[1].addr, 1021);
    assert_int_equal(s.access[1].line, 4);
    assert_int_equal(s.access[2].op, GUEST_IO_WRITE);
    assert_int_equal(s.access[2].value, 0xdeadbeef);
    assert_int_equal(s.access[3].size, 8);
    assert_int_equal(s.access[5].size, 4);
    assert_int_equal(s.access[6].value, 8);

    char *json = NULL;
    size_t len;
    FILE *m = open_memstream(&json, &len);
    s.access[1].value = 96;
    s.access[1].answered = 1;
    guest_io_script_write_json(&s, m);
    fclose(m);
    assert_non_null(strstr(json, "\"guest_io\":[{\"addr\":1016,\"op\":\"out\",\"size\":1,\"value\":65},"
                                 "{\"addr\":1021,\"op\":\"in\",\"size\":1,\"value\":96},"
                                 "{\"addr\":4273930240,\"op\":\"write\",\"size\":4,\"value\":3735928559},"
                                 "{\"addr\":4273930240,\"op\":\"read\",\"size\":8,\"value\":null}"));
    free(json);
    guest_io_script_free(&s);
}

static void expect_error(const char *text, const char *message)
{
    struct guest_io_script s = { NULL, 0 };
    char err[256] = "";

    assert_int_equal(guest_io_script_parse(text, "f.gio", &s, err, sizeof(err)), -1);
    if (strcmp(err, message)) {
        print_error("got '%s', want '%s'\n", err, message);
        fail();
    }
    assert_null(s.access);
}

static void test_bad_input_names_the_line(void **state)
{
    (void)state;
    expect_error("in 0x3fd 1\nouts 0x3f8 1 0", "f.gio:2: unknown access 'outs' (out, in, write or read)");
    expect_error("in 0x3fd", "f.gio:1: in takes PORT SIZE");
    expect_error("out 0x3f8 1", "f.gio:1: out takes PORT SIZE VALUE");
    expect_error("read 0x1000 4 5", "f.gio:1: read takes ADDR SIZE");
    expect_error("in 0x10000 1", "f.gio:1: in: port 0x10000 is above 0xffff");
    expect_error("in 0x3f8 3", "f.gio:1: in: size '3' is not 1, 2 or 4");
    expect_error("in 0x3f8 8", "f.gio:1: in: size '8' is not 1, 2 or 4");
    expect_error("read 0x1000 16", "f.gio:1: read: size '16' is not 1, 2, 4 or 8");
    expect_error("out 0x3f8 1 0x100", "f.gio:1: out: value 0x100 does not fit in 1 bytes");
    expect_error("out 0x3f8 1 -1", "f.gio:1: out: '-1' is not a number");
    expect_error("out 0x3fz 1 1", "f.gio:1: out: '0x3fz' is not a number");
    expect_error("in 99999999999999999999999 1", "f.gio:1: in: '99999999999999999999999' is not a number");
    expect_error("read 0xffffffffffffffff 2", "f.gio:1: read: 0xffffffffffffffff + 2 wraps around");
    expect_error("in 1 1 2 3 4 5", "f.gio:1: too many words");
}

static void test_load_from_file(void **state)
{
    struct guest_io_script s;
    char err[256], path[] = "/tmp/gio-XXXXXX";
    int fd = mkstemp(path);
    (void)state;

    assert_true(fd >= 0);
    assert_int_equal(write(fd, "in 0x61 1\n\0", 11), 11);
    close(fd);
    assert_int_equal(guest_io_script_load(path, &s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not a text file"));
    assert_int_equal(truncate(path, 10), 0);
    assert_int_equal(guest_io_script_load(path, &s, err, sizeof(err)), 0);
    assert_int_equal(s.count, 1);
    guest_io_script_free(&s);
    unlink(path);
    assert_int_equal(guest_io_script_load(path, &s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_access),
        cmocka_unit_test(test_bad_input_names_the_line),
        cmocka_unit_test(test_load_from_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
