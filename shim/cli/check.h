/* `xenshim check`: what a program needs of the Xen libraries and who
 * provides it (cmd_check.c), for one binary or, with --host, for every
 * device model and Xen tool installed (cmd_check_host.c). */
#ifndef XENSHIM_CHECK_H
#define XENSHIM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "elf_reader.h"

enum check_who { WHO_HOST, WHO_HOST_BY_SONAME, WHO_COMPAT, WHO_MISSING };

/* A provider of one soname: the file and its symbols, if it exists. */
struct provider {
    char path[512];
    bool present;                 /* shipped (host: by the target release) */
    bool readable;                /* `elf` holds its symbols */
    struct elf_file elf;
};

struct needed {
    const char *soname;
    struct provider host, compat;
    enum check_who who;
};

struct check_symbol {
    const char *name, *version, *soname;   /* into the binary's map */
    enum check_who who;
};

struct check_result {
    struct elf_file bin;
    bool bin_open;
    const char *xenctrl;                   /* its libxenctrl.so.4.N, or NULL */
    struct needed need[32];
    size_t nneed;
    struct check_symbol *syms;
    size_t nsyms, cap;
    unsigned from_host, from_compat, missing;
};

/* 0, or -errno of reading binary (check_strerror says it); free with
 * check_free either way. */
int check_binary(const char *binary, const char *target, const char *installed,
                 struct check_result *r);
void check_free(struct check_result *r);
const char *check_strerror(int rc);
/* The release (4.N) of the newest libxenctrl.so.4.N installed, or "". */
void check_installed_release(char *out, size_t len);
/* --target's release, checked (2 and a message when unknown), or installed. */
int check_target(const char *arg, const char *installed, char *target, size_t len);
int check_host(const char *target_arg, const char *installed, bool json);

#endif
