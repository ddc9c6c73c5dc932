/* legacy_dm46.c built for Xen 4.15, the first release whose libraries
 * versioned their symbols: linked against the versioned compat sonames,
 * so it imports xc_*@VERS_4.15.0 and xs_*@VERS_3.0.3 as a binary built
 * against 4.15 does. */
#define LEGACY_DM_RELEASE 415
#include "legacy_dm46.c"
