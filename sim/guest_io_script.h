/* The guest-io script: what the guest does once its device model runs.
 * One access a line, in order; shared by `xenshim run --sim` (the
 * simulator's vCPU 0 issues them) and `xenshim run --xen` (a real guest
 * performs them):
 *
 *     out PORT SIZE VALUE      write VALUE to an I/O port
 *     in PORT SIZE             read an I/O port
 *     write ADDR SIZE VALUE    MMIO write
 *     read ADDR SIZE           MMIO read
 *
 * '#' starts a comment; numbers are C notation (decimal, 0x hex, 0 octal);
 * SIZE is 1, 2, 4 (or 8 for MMIO); a port is below 0x10000 and a VALUE
 * fits in SIZE bytes. */
#ifndef XENSHIM_GUEST_IO_SCRIPT_H
#define XENSHIM_GUEST_IO_SCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum guest_io_op { GUEST_IO_OUT, GUEST_IO_IN, GUEST_IO_WRITE, GUEST_IO_READ };

struct guest_io_access {
    enum guest_io_op op;
    uint64_t addr;       /* port or guest-physical address */
    unsigned size;       /* bytes */
    uint64_t value;      /* written, or (after the run) read back */
    unsigned line;       /* in the script, for messages */
    int answered;        /* set by whoever performed it */
};

struct guest_io_script {
    struct guest_io_access *access;
    size_t count;
};

/* Reads a whole script.  0, or -1 with a one-line message in err naming
 * the file and line ("FILE:3: in: size 3 is not 1, 2 or 4"). */
int guest_io_script_load(const char *path, struct guest_io_script *out,
                         char *err, size_t errlen);
/* The same from text already in memory (name is used in messages). */
int guest_io_script_parse(const char *text, const char *name,
                          struct guest_io_script *out, char *err, size_t errlen);
void guest_io_script_free(struct guest_io_script *s);

const char *guest_io_op_name(enum guest_io_op op);
static inline int guest_io_op_is_write(enum guest_io_op op)
{
    return op == GUEST_IO_OUT || op == GUEST_IO_WRITE;
}

/* The "guest_io":[...] member --state-out holds, in script order: each
 * {"addr","op","size","value"}, value null for a read never answered. */
void guest_io_script_write_json(const struct guest_io_script *s, FILE *out);

#endif
