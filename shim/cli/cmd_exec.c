/* xenshim exec [--no-compat] [--adapt-args] -- CMD [ARGS...]
 *
 * CMD on this machine's real Xen, with what `xenshim run` gives it on the
 * simulator: libxenshim.so preloaded and the compat sonames on its
 * library path (not with --no-compat).  It replaces this process, so CMD
 * keeps our pid, descriptors and signals: what a toolstack starts as its
 * device model is still its child.  --adapt-args (used by `xenshim wrap`'s
 * script) first rewrites CMD's arguments for CMD's device-model era
 * (dm_args.h) and says each change on stderr, which libxl keeps in
 * /var/log/xen/qemu-dm-NAME.log.
 *
 * Exit status (only when CMD did not start): 2 usage error, 125 the shim
 * is missing or CMD's line was refused, 126/127 CMD could not be
 * executed / was not found. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dm_args.h"
#include "dm_env.h"

#define EXEC_USAGE_ERROR 2
#define EXEC_SETUP_ERROR 125

static void usage(FILE *out)
{
    fprintf(out, "usage: xenshim exec [--no-compat] [--adapt-args] -- CMD [ARGS...]\n"
            "Runs CMD on this host's Xen with libxenshim.so preloaded and the compat\n"
            "sonames on its library path (not with --no-compat); --adapt-args rewrites\n"
            "a device model's command line for its era and says what it changed.\n");
}

static int cmd_exec(int argc, char **argv)
{
    bool no_compat = false, adapt = false, refused;
    char **cmd, **adapted = NULL;
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "--no-compat"))
            no_compat = true;
        else if (!strcmp(argv[i], "--adapt-args"))
            adapt = true;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "xenshim exec: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return EXEC_USAGE_ERROR;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "xenshim exec: no command to run\n");
        usage(stderr);
        return EXEC_USAGE_ERROR;
    }
    cmd = argv + i;
    if (xs_env_preload("exec", "libxenshim.so", "reinstall xenshim"))
        return EXEC_SETUP_ERROR;
    if (!no_compat)
        xs_env_add_compat_path("exec", 0);
    if (adapt) {
        struct dm_era era;
        int rc = dm_era_detect(cmd[0], &era);

        if (rc && rc != -ENOEXEC) {
            fprintf(stderr, "xenshim exec: %s: %s\n", cmd[0], strerror(-rc));
            return rc == -ENOENT ? 127 : 126;
        }
        adapted = dm_args_adapt(&era, cmd, stderr, "xenshim exec", &refused);
        if (!adapted) {
            if (!refused)
                fprintf(stderr, "xenshim exec: out of memory\n");
            return EXEC_SETUP_ERROR;
        }
        cmd = adapted;
    }
    execvp(cmd[0], cmd);
    fprintf(stderr, "xenshim exec: %s: %s\n", cmd[0], strerror(errno));
    dm_args_free(adapted);
    return errno == ENOENT ? 127 : 126;
}

XS_CLI_COMMAND(exec_command, "exec",
               "exec [--no-compat] [--adapt-args] -- CMD [ARGS...]   CMD on this host's Xen with the shim",
               cmd_exec)
