/* Device-model eras and the command-line differences between them.
 *
 * libxl builds the device model's command line for the QEMU of its own
 * release; an older device model refuses some of it before its first
 * hypercall (QEMU 2.2, Xen 4.6's, refuses `-machine xenfv,suppress-vmdesc=on`).
 * `xenshim exec --adapt-args` (what `xenshim wrap`'s script runs) finds
 * the era of the device model and rewrites the line by the rules in
 * dm_args.c, one table of data; each change is said on the log. */
#ifndef XENSHIM_DM_ARGS_H
#define XENSHIM_DM_ARGS_H

#include <stdbool.h>
#include <stdio.h>

struct dm_era {
    char xen[16];      /* the Xen release it was built for ("4.6"), or "" */
    char qemu[16];     /* its QEMU version ("2.2.1"), or "" */
    char source[64];   /* how that was found: "libxenctrl.so.4.6", "-version" */
    bool no_vnc;       /* built without VNC ("VNC support is disabled") */
};

/* Era of the device model at path: from the libxenctrl.so.4.N it needs,
 * else from its `-version` output.  0, or -errno when it cannot be read
 * as an ELF file (era then all unknown). */
int dm_era_detect(const char *path, struct dm_era *era);
/* The era from an ELF file in memory (for tests: no `-version` run). */
void dm_era_from_image(const unsigned char *img, size_t size, const char *needed_xenctrl,
                       struct dm_era *era);
/* "QEMU emulator version 2.2.1 (...)" -> "2.2.1"; false if not one. */
bool dm_era_parse_version(const char *text, char *out, size_t len);

/* argv (NULL-terminated, argv[0] the device model) adapted to era: a new
 * NULL-terminated array (strings may be argv's own; free with
 * dm_args_free), or NULL with *refused set when the line asks for what
 * this device model cannot do and dropping it would widen what it may do,
 * or NULL on ENOMEM.  Every change and refusal is one line on log,
 * prefixed by prefix. */
char **dm_args_adapt(const struct dm_era *era, char **argv, FILE *log, const char *prefix,
                     bool *refused);
void dm_args_free(char **argv);
/* One line per rule that applies to era (for `xenshim wrap` and `check --host`). */
void dm_args_describe(const struct dm_era *era, FILE *out, const char *indent);

#endif
