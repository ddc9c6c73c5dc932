/* legacy_dm46.c built for Xen 4.11: the same sequence through 4.11's
 * prototypes (uint32_t domids and counts, uint16_t PCI segment), linked
 * so that it needs libxenctrl.so.4.11, libxenguest.so.4.11 and
 * libxenstore.so.3.0. */
#define LEGACY_DM_RELEASE 411
#include "legacy_dm46.c"
