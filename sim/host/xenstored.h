/* The simulated host's xenstored (xenstored.c). */
#ifndef XENSHIM_SIM_XENSTORED_H
#define XENSHIM_SIM_XENSTORED_H

#include <stddef.h>

#include "sim.h"

#define SIM_XENSTORED_BIN "/usr/lib/xen-4.17/bin/xenstored"

struct sim_xenstored;

/* In the private namespace, once the front serves /dev/xen/evtchn and
 * /proc/xen/xsd_*: xenstored listening, the guest's nodes written.  NULL
 * with the reason (and xenstored's last words) in err. */
struct sim_xenstored *sim_xenstored_start(const struct sim_config *cfg, char *err, size_t errlen);
void sim_xenstored_stop(struct sim_xenstored *x);

#endif
