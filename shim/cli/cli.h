/* The xenshim command line: each subcommand lives in its own cmd_*.c and
 * registers itself, so adding one touches no shared file. */
#ifndef XENSHIM_CLI_H
#define XENSHIM_CLI_H

struct xs_cli_command {
    const char *name;
    const char *usage;     /* one line, shown by `xenshim help` */
    int (*run)(int argc, char **argv);   /* argv[0] is the subcommand */
    struct xs_cli_command *next;
};

void xs_cli_register(struct xs_cli_command *cmd);

#define XS_CLI_COMMAND(var, name_, usage_, fn)                      \
    static struct xs_cli_command var = { name_, usage_, fn, 0 };     \
    __attribute__((constructor)) static void var##_register(void)   \
    { xs_cli_register(&var); }

/* Directory holding libxenshim.so and the compat sonames, found from
 * /proc/self/exe (build/bin/../lib, or $(PREFIX)/lib/xenshim). */
const char *xs_cli_libdir(void);
/* The first privcmd node that opens (its path in *path), or -1 (errno). */
int xs_cli_open_privcmd(const char **path);

#endif
