/* qemu22_dm: ioreq_dm46 (a 4.6-era device model serving COM1) behind the
 * command line of the QEMU Xen 4.6 shipped, QEMU 2.2, built without VNC,
 * refusing what that QEMU refused: -machine properties it did not have
 * (suppress-vmdesc came in 2.3), any -vnc ("VNC support is disabled"),
 * options it did not have (-xen-domid-restrict came in 2.10).  Linked as
 * that QEMU was: libxenctrl.so.4.6, libxenguest.so.4.6, libxenstore.so.3.0.
 * suite_17 starts it through `xenshim wrap`'s script with the line libxl
 * 4.17 builds.
 *
 * usage: qemu22_dm -xen-domid N -serial file:OUTFILE [QEMU OPTIONS...] */
#define IOREQ_DM46_MAIN ioreq_dm46_main
#include "ioreq_dm46.c"

static const char *const with_value[] = {
    "-chardev", "-mon", "-name", "-display", "-device", "-boot", "-smp", "-net",
    "-m", "-drive", "-runas", "-vga", "-k", "-global",
};
static const char *const without_value[] = { "-no-shutdown", "-nodefaults", "-no-user-config" };
/* QEMU 2.2's -machine properties that libxl may pass. */
static const char *const machine_props[] = {
    "type", "accel", "kernel_irqchip", "max-ram-below-4g", "usb", "iommu", "mem-merge",
    "dump-guest-core",
};

static bool listed(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !strncmp(list[i], s, len))
            return true;
    return false;
}

static int check_machine(const char *value)
{
    for (const char *p = value; *p;) {
        const char *end = strchrnul(p, ','), *eq = memchr(p, '=', (size_t)(end - p));
        size_t klen = eq ? (size_t)(eq - p) : (size_t)(end - p);
        /* The first word without '=' is the machine type. */
        if ((eq || p != value) &&
            !listed(machine_props, sizeof(machine_props) / sizeof(machine_props[0]), p, klen)) {
            fprintf(stderr, "qemu-system-i386: -machine %s: Invalid parameter '%.*s'\n", value,
                    (int)klen, p);
            return -1;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *domid = NULL, *serial = NULL;

    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        size_t olen = strlen(o);

        if (listed(without_value, sizeof(without_value) / sizeof(without_value[0]), o, olen))
            continue;
        if (!strcmp(o, "-vnc")) {
            fprintf(stderr, "qemu-system-i386: VNC support is disabled\n");
            return 1;
        }
        if (!v || (strcmp(o, "-xen-domid") && strcmp(o, "-serial") && strcmp(o, "-machine") &&
                   !listed(with_value, sizeof(with_value) / sizeof(with_value[0]), o, olen))) {
            fprintf(stderr, "qemu-system-i386: %s: invalid option\n", o);
            return 1;
        }
        if (!strcmp(o, "-xen-domid"))
            domid = v;
        else if (!strcmp(o, "-serial") && !strncmp(v, "file:", 5))
            serial = v + 5;
        else if (!strcmp(o, "-machine") && check_machine(v))
            return 1;
        i++;
    }
    if (!domid || !serial) {
        fprintf(stderr, "usage: qemu22_dm -xen-domid N -serial file:OUTFILE [QEMU OPTIONS...]\n");
        return 2;
    }
    return ioreq_dm46_main(3, (char *[]){ argv[0], (char *)domid, (char *)serial, NULL });
}
