/* Which hypervisor is underneath: the profile translators work from.
 *
 * Detection asks the hypervisor itself through hv->hypercall (nothing else
 * of hv is used): XENVER_version first, then only the probes the version
 * leaves open. */
#ifndef XENSHIM_DETECT_H
#define XENSHIM_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "abi.h"
#include "translate.h"

/* Build a profile.  target: a release name that forces the profile
 * (XENSHIM_TARGET), or NULL to probe.  Never fails: what cannot be settled
 * ends as a passthrough profile.  Logs the outcome at info level, and one
 * line at error level when it falls back to passthrough. */
void xs_detect(struct xs_hv *hv, const char *target, struct xs_profile *out);

/* The process-wide profile, detected on the first call (thread-safe, once)
 * with XENSHIM_TARGET from the environment.  hv->profile is ignored. */
const struct xs_profile *xs_profile_once(struct xs_hv *hv);
/* The process-wide profile if detection already ran, else NULL. */
const struct xs_profile *xs_profile_current(void);

/* "4.17", "hvmctl1", or "unknown" for a profile without a release. */
const char *xs_profile_name(const struct xs_profile *p);
/* The profile as one line of text, or as a JSON object (with newline).
 * Returns snprintf's count. */
int xs_profile_format(const struct xs_profile *p, bool json, char *buf, size_t len);

#endif
