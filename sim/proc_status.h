/* Reading /proc/<pid>/status, shared by the simulated host's devices and
 * the FUSE front. */
#ifndef XENSHIM_SIM_PROC_STATUS_H
#define XENSHIM_SIM_PROC_STATUS_H

#include <sys/types.h>

/* The Tgid: line of the status file at path (relative to dirfd, or
 * AT_FDCWD), i.e. the process a thread belongs to; 0 if it cannot be read. */
pid_t sim_status_tgid(int dirfd, const char *path);

#endif
