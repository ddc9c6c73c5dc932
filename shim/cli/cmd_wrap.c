/* xenshim wrap [--no-compat] DEVICE-MODEL
 *
 * Prints a shell script for xl.cfg's device_model_override: it runs
 * DEVICE-MODEL through `xenshim exec --adapt-args`, so the device model
 * gets the shim, the compat sonames and a command line rewritten for its
 * era (dm_args.h).  What the era is and which rules apply to it is said
 * on stderr; the era is found again each time the script runs, so a
 * replaced device model is judged as it is then.
 *
 * Exit status: 0, 1 DEVICE-MODEL is not an executable file, 2 usage. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dm_args.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: xenshim wrap [--no-compat] DEVICE-MODEL > WRAPPER\n"
            "Prints a script for xl.cfg's device_model_override that runs DEVICE-MODEL\n"
            "with the shim, the compat sonames (not with --no-compat) and libxl's\n"
            "command line adapted to its era.\n");
}

/* s in single quotes, for sh. */
static void sh_quote(FILE *out, const char *s)
{
    fputc('\'', out);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", out);
        else
            fputc(*s, out);
    fputc('\'', out);
}

static int cmd_wrap(int argc, char **argv)
{
    char self[PATH_MAX], dm[PATH_MAX];
    const char *dm_arg = NULL;
    bool no_compat = false;
    struct dm_era era;
    ssize_t n;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-compat"))
            no_compat = true;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' || dm_arg) {
            usage(stderr);
            return 2;
        } else
            dm_arg = argv[i];
    }
    if (!dm_arg) {
        usage(stderr);
        return 2;
    }
    /* libxl runs the script with its own working directory: absolute paths. */
    if (!realpath(dm_arg, dm) || access(dm, X_OK)) {
        fprintf(stderr, "xenshim wrap: %s: %s\n", dm_arg, strerror(errno));
        return 1;
    }
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) {
        fprintf(stderr, "xenshim wrap: cannot tell where this xenshim is\n");
        return 1;
    }
    self[n] = 0;

    if (dm_era_detect(dm, &era) == 0 && (era.xen[0] || era.qemu[0]))
        fprintf(stderr, "xenshim wrap: %s: %s %s (%s)\n", dm, era.xen[0] ? "built for Xen" : "QEMU",
                era.xen[0] ? era.xen : era.qemu, era.source);
    else
        fprintf(stderr, "xenshim wrap: %s: era unknown, its command line is passed as it is\n", dm);
    dm_args_describe(&era, stderr, "xenshim wrap:   ");

    printf("#!/bin/sh\n"
           "# Written by `xenshim wrap%s %s`.\n"
           "# xl.cfg: device_model_override = \"/path/of/this/script\"\n"
           "# Runs the device model with libxenshim.so preloaded%s and the command\n"
           "# line libxl builds adapted to the device model's era; each change is one\n"
           "# line on stderr (libxl: /var/log/xen/qemu-dm-NAME.log).\n"
           "exec ", no_compat ? " --no-compat" : "", dm,
           no_compat ? "" : ", the compat sonames on its library path");
    sh_quote(stdout, self);
    printf(" exec --adapt-args%s -- ", no_compat ? " --no-compat" : "");
    sh_quote(stdout, dm);
    printf(" \"$@\"\n");
    return fflush(stdout) ? 1 : 0;
}

XS_CLI_COMMAND(wrap_command, "wrap",
               "wrap [--no-compat] DEVICE-MODEL   a device_model_override script for xl.cfg",
               cmd_wrap)
