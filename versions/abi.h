/* The Xen structures a device model exchanges with the hypervisor, as
 * each release lays them out on x86_64.
 *
 * They are described once, in versions/abi.table; the build generates
 * abi_gen.h from it (definitions, and a _Static_assert of every size and
 * field offset the table states) and check_417.c compares them with the
 * installed Xen 4.17 headers.  This file holds only what the table builds
 * on.  Never include Xen's headers here. */
#ifndef XENSHIM_ABI_H
#define XENSHIM_ABI_H

#include <stddef.h>
#include <stdint.h>

/* Xen's uint64_aligned_t: 8-byte aligned even where the C ABI would not
 * (matters only for 32-bit callers, but keeps the layouts honest). */
typedef uint64_t xs_u64a __attribute__((aligned(8)));
typedef uint16_t xs_domid_t;
typedef uint16_t xs_ioservid_t;
typedef uint32_t xs_evtchn_port_t;

#include "abi_gen.h"

#endif
