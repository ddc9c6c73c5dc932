/* The Linux privcmd, evtchn and gntdev drivers' interface, the same
 * whatever Xen release runs underneath.  Described in versions/abi.table
 * (section privcmd); the build generates privcmd_gen.h from it. */
#ifndef XENSHIM_PRIVCMD_H
#define XENSHIM_PRIVCMD_H

#include <stddef.h>
#include <stdint.h>

#include "privcmd_gen.h"

#endif
