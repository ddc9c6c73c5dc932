/* xenshim run --guest-io (guest_io.c). */
#ifndef XENSHIM_SIM_GUEST_IO_H
#define XENSHIM_SIM_GUEST_IO_H

#include <sys/types.h>

#include "guest_io_script.h"
#include "sim.h"

struct guest_io_run;

/* Starts the guest's script once CMD (pid cmd) runs; accesses fill in
 * script's values.  NULL if no thread could be started. */
struct guest_io_run *guest_io_start(struct sim *s, unsigned domid, struct guest_io_script *script,
                                    int timeout_s, pid_t cmd);
/* CMD has been reaped: nothing will answer any more. */
void guest_io_cmd_exited(struct guest_io_run *r);
/* 0 when every access was answered, -1 otherwise. */
int guest_io_finish(struct guest_io_run *r);

#endif
