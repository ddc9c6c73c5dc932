/* xenshim probe [--json]: what the shim would detect on this host.
 *
 * Talks to privcmd by system call, not through ioctl(), so that under the
 * shim (xenshim run ... -- xenshim probe) the probes reach the hypervisor
 * untranslated, exactly as the shim's own detection does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "detect.h"
#include "fdtable.h"
#include "hv_access.h"

int xs_cli_open_privcmd(const char **path)
{
    for (size_t i = 0; i < sizeof(xs_privcmd_paths) / sizeof(xs_privcmd_paths[0]); i++) {
        int fd = open(xs_privcmd_paths[i], O_RDWR | O_CLOEXEC);

        if (fd >= 0) {
            *path = xs_privcmd_paths[i];
            return fd;
        }
    }
    return -1;
}

static int cmd_probe(int argc, char **argv)
{
    struct xs_privcmd pc = { -1, xs_raw_ioctl };
    struct xs_profile profile;
    struct xs_hv hv;
    const char *path = NULL;
    bool json = false;
    char out[512];

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else {
            fprintf(stderr, "usage: xenshim probe [--json]\n");
            return 2;
        }
    }
    pc.fd = xs_cli_open_privcmd(&path);
    if (pc.fd < 0) {
        fprintf(stderr, "xenshim probe: cannot open %s or %s: %s\n", xs_privcmd_paths[0],
                xs_privcmd_paths[1], strerror(errno));
        return 1;
    }
    xs_hv_init(&hv, &pc, NULL);
    xs_detect(&hv, secure_getenv("XENSHIM_TARGET"), &profile);
    close(pc.fd);
    xs_profile_format(&profile, json, out, sizeof(out));
    if (json)
        fputs(out, stdout);
    else
        printf("%s (via %s)\n", out, path);
    return 0;
}

XS_CLI_COMMAND(probe_cmd, "probe", "probe [--json]   detect the hypervisor and print its profile",
               cmd_probe)
