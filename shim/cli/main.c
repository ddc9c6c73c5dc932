#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static struct xs_cli_command *commands;

void xs_cli_register(struct xs_cli_command *cmd)
{
    struct xs_cli_command **p = &commands;

    /* Keep them sorted so `help` reads the same on every build. */
    while (*p && strcmp((*p)->name, cmd->name) < 0)
        p = &(*p)->next;
    cmd->next = *p;
    *p = cmd;
}

const char *xs_cli_libdir(void)
{
    static char dir[PATH_MAX];
    char exe[PATH_MAX], probe[PATH_MAX + 32];
    ssize_t n;
    char *slash;

    if (dir[0])
        return dir;
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = 0;                       /* .../bin */
    /* Build tree first (build/bin -> build/lib), then an installed
     * $(PREFIX)/bin -> $(PREFIX)/lib/xenshim, or the Debian package's
     * /usr/bin -> /usr/lib/<multiarch>/xenshim. */
    static const char *const subdirs[] = {
        "/../lib", "/../lib/xenshim",
#ifdef XS_MULTIARCH
        "/../lib/" XS_MULTIARCH "/xenshim",
#endif
    };
    for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
        int len = snprintf(probe, sizeof(probe), "%s%s/libxenshim.so", exe, subdirs[i]);
        if (len < 0 || (size_t)len >= sizeof(probe) || access(probe, R_OK) != 0)
            continue;
        /* Canonical: it ends up in LD_PRELOAD and in `wrap`'s scripts. */
        probe[len - strlen("/libxenshim.so")] = 0;
        if (!realpath(probe, dir)) {
            dir[0] = 0;
            continue;
        }
        return dir;
    }
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: xenshim COMMAND [ARGS...]\n\ncommands:\n");
    for (struct xs_cli_command *c = commands; c; c = c->next)
        fprintf(out, "  %s\n", c->usage);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    for (struct xs_cli_command *c = commands; c; c = c->next)
        if (!strcmp(c->name, argv[1]))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "xenshim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
