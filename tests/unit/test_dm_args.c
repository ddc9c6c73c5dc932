/* The device-model era rules of `xenshim exec --adapt-args` (dm_args.c):
 * what is dropped for which era, what is kept, what is refused, and how
 * the era is read from a binary and from `-version`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "shim/cli/elf_reader.c"
#include "shim/cli/dm_args.c"

static struct dm_era era_xen(const char *xen)
{
    struct dm_era e;
    memset(&e, 0, sizeof(e));
    snprintf(e.xen, sizeof(e.xen), "%s", xen);
    return e;
}

/* argv adapted to era, joined by spaces; NULL when refused. */
static char *adapt(const struct dm_era *era, const char *const *in, bool *refused)
{
    static char joined[512];
    FILE *log = fopen("/dev/null", "w");
    char **out = dm_args_adapt(era, (char **)in, log, "t", refused);

    fclose(log);
    if (!out)
        return NULL;
    joined[0] = 0;
    for (char **a = out; *a; a++)
        snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
                 a == out ? "" : " ", *a);
    dm_args_free(out);
    return joined;
}

static const char *const libxl_line[] = {
    "qemu", "-xen-domid", "1", "-vnc", "none", "-machine", "xenfv,suppress-vmdesc=on",
    "-m", "128", NULL,
};

static void xen46_drops_suppress_vmdesc_only(void **state)
{
    struct dm_era e = era_xen("4.6");
    bool refused;
    (void)state;
    assert_string_equal(adapt(&e, libxl_line, &refused),
                        "qemu -xen-domid 1 -vnc none -machine xenfv -m 128");
    assert_false(refused);
}

static void xen47_keeps_everything(void **state)
{
    struct dm_era e = era_xen("4.7");
    bool refused;
    (void)state;
    assert_string_equal(adapt(&e, libxl_line, &refused),
                        "qemu -xen-domid 1 -vnc none -machine xenfv,suppress-vmdesc=on -m 128");
}

static void no_vnc_drops_vnc_none_but_not_a_display(void **state)
{
    struct dm_era e = era_xen("4.17");
    const char *const line[] = { "qemu", "-vnc", "127.0.0.1:0", "-vnc", "none", "-m", "1", NULL };
    bool refused;
    (void)state;
    e.no_vnc = true;
    assert_string_equal(adapt(&e, line, &refused), "qemu -vnc 127.0.0.1:0 -m 1");
}

static void property_in_the_middle_and_alone(void **state)
{
    struct dm_era e = era_xen("4.5");
    const char *const mid[] = { "q", "-machine", "xenfv,suppress-vmdesc=on,max-ram-below-4g=1G", NULL };
    const char *const alone[] = { "q", "-machine", "suppress-vmdesc=on", "-m", "1", NULL };
    const char *const prefix[] = { "q", "-machine", "xenfv,suppress-vmdescx=on", NULL };
    bool refused;
    (void)state;
    assert_string_equal(adapt(&e, mid, &refused), "q -machine xenfv,max-ram-below-4g=1G");
    assert_string_equal(adapt(&e, alone, &refused), "q -m 1");
    assert_string_equal(adapt(&e, prefix, &refused), "q -machine xenfv,suppress-vmdescx=on");
}

static void restrict_refused_before_qemu_210(void **state)
{
    struct dm_era old = era_xen("4.9"), new = era_xen("4.10"), q;
    const char *const line[] = { "q", "-xen-domid", "1", "-xen-domid-restrict", NULL };
    bool refused;
    (void)state;
    assert_null(adapt(&old, line, &refused));
    assert_true(refused);
    assert_string_equal(adapt(&new, line, &refused), "q -xen-domid 1 -xen-domid-restrict");
    memset(&q, 0, sizeof(q));
    snprintf(q.qemu, sizeof(q.qemu), "2.9.1");
    assert_null(adapt(&q, line, &refused));
    assert_true(refused);
}

static void unknown_era_changes_nothing(void **state)
{
    struct dm_era e;
    bool refused;
    (void)state;
    memset(&e, 0, sizeof(e));
    assert_string_equal(adapt(&e, libxl_line, &refused),
                        "qemu -xen-domid 1 -vnc none -machine xenfv,suppress-vmdesc=on -m 128");
}

static void era_from_qemu_version(void **state)
{
    struct dm_era e;
    char v[16];
    bool refused;
    (void)state;
    assert_true(dm_era_parse_version("QEMU emulator version 2.2.1 (Debian), Copyright", v, sizeof(v)));
    assert_string_equal(v, "2.2.1");
    assert_false(dm_era_parse_version("qemu 2.2.1", v, sizeof(v)));
    assert_false(dm_era_parse_version("QEMU emulator version .1", v, sizeof(v)));
    assert_false(dm_era_parse_version("QEMU emulator version 22222222222222222.1", v, sizeof(v)));
    memset(&e, 0, sizeof(e));
    snprintf(e.qemu, sizeof(e.qemu), "2.2.1");
    assert_string_equal(adapt(&e, libxl_line, &refused),
                        "qemu -xen-domid 1 -vnc none -machine xenfv -m 128");
    snprintf(e.qemu, sizeof(e.qemu), "2.10.0");   /* not "2.10" < "2.3" as strings */
    assert_string_equal(adapt(&e, libxl_line, &refused),
                        "qemu -xen-domid 1 -vnc none -machine xenfv,suppress-vmdesc=on -m 128");
}

static void era_from_image(void **state)
{
    static const unsigned char with[] = "x\0VNC support is disabled\0y";
    static const unsigned char without[] = "x\0VNC support is\0y";
    struct dm_era e;
    (void)state;
    dm_era_from_image(with, sizeof(with), "libxenctrl.so.4.6", &e);
    assert_string_equal(e.xen, "4.6");
    assert_true(e.no_vnc);
    dm_era_from_image(without, sizeof(without), "libxenctrl.so.4.6.0", &e);
    assert_string_equal(e.xen, "");
    assert_false(e.no_vnc);
    dm_era_from_image(NULL, 0, NULL, &e);
    assert_string_equal(e.xen, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xen46_drops_suppress_vmdesc_only),
        cmocka_unit_test(xen47_keeps_everything),
        cmocka_unit_test(no_vnc_drops_vnc_none_but_not_a_display),
        cmocka_unit_test(property_in_the_middle_and_alone),
        cmocka_unit_test(restrict_refused_before_qemu_210),
        cmocka_unit_test(unknown_era_changes_nothing),
        cmocka_unit_test(era_from_qemu_version),
        cmocka_unit_test(era_from_image),
    };
    return cmocka_run_group_tests_name("dm_args", tests, NULL, NULL);
}
