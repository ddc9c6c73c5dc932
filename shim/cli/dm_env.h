/* The environment a device model gets from `xenshim run` and `xenshim
 * exec`: libxenshim.so (and under --sim the simulated kernel's part)
 * preloaded, the compat sonames on its library path. */
#ifndef XENSHIM_DM_ENV_H
#define XENSHIM_DM_ENV_H

/* LD_PRELOAD=<libdir>/name ahead of what was preloaded; 0, or -1 after
 * saying so on stderr ("xenshim PROG: ...", `missing` tells what to do). */
int xs_env_preload(const char *prog, const char *name, const char *missing);
/* <libdir>/compat ahead of LD_LIBRARY_PATH, unless the host ships one of
 * its sonames itself (said on stderr unless quiet). */
void xs_env_add_compat_path(const char *prog, int quiet);

#endif
