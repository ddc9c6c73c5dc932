/* xenshim probe [--json]: what the shim would detect on this host.
 *
 * Talks to privcmd by system call, not through ioctl(), so that under the
 * shim (xenshim run ... -- xenshim probe) the probes reach the hypervisor
 * untranslated, exactly as the shim's own detection does.  It also says how
 * many hypercalls (dm_op ioctls included) the detection took: what every
 * process under the shim pays once. */
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

/* The detection's hypercalls, counted on their way to privcmd. */
static long (*issue_hypercall)(struct xs_hv *, uint64_t, const uint64_t[5]);
static long (*issue_dm_op)(struct xs_hv *, uint16_t, unsigned, const struct xs_ubuf *);
static unsigned probe_hypercalls;

static long counted_hypercall(struct xs_hv *hv, uint64_t op, const uint64_t arg[5])
{
    probe_hypercalls++;
    return issue_hypercall(hv, op, arg);
}

static long counted_dm_op(struct xs_hv *hv, uint16_t domid, unsigned nr,
                          const struct xs_ubuf *bufs)
{
    probe_hypercalls++;
    return issue_dm_op(hv, domid, nr, bufs);
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
    issue_hypercall = hv.hypercall;
    issue_dm_op = hv.dm_op;
    hv.hypercall = counted_hypercall;
    hv.dm_op = counted_dm_op;
    xs_detect(&hv, secure_getenv("XENSHIM_TARGET"), &profile);
    close(pc.fd);
    xs_profile_format(&profile, json, out, sizeof(out));
    if (json) {
        char *end = strrchr(out, '}');   /* one object: the count joins it */
        if (end)
            *end = '\0';
        printf("%s, \"hypercalls\": %u}\n", out, probe_hypercalls);
    } else {
        printf("%s (via %s, %u hypercalls)\n", out, path, probe_hypercalls);
    }
    return 0;
}

XS_CLI_COMMAND(probe_cmd, "probe", "probe [--json]   detect the hypervisor and print its profile",
               cmd_probe)
