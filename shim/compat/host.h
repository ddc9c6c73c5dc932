/* The host's real Xen libraries, found at run time: the compat sonames
 * must not depend at link time on whichever release the host runs. */
#ifndef XENSHIM_COMPAT_HOST_H
#define XENSHIM_COMPAT_HOST_H

#include <stdint.h>

enum host_lib {
    HOST_CTRL,      /* libxenctrl.so.4.N, the newest the host has */
    HOST_DM,        /* libxendevicemodel.so.1 */
    HOST_FMEM,      /* libxenforeignmemory.so.1 */
    HOST_EVTCHN,    /* libxenevtchn.so.1 */
    HOST_GNTTAB,    /* libxengnttab.so.1 */
    HOST_STORE,     /* libxenstore.so.4 */
    HOST_GUEST,     /* libxenguest.so.4.N, the newest the host has */
    HOST_NLIBS
};

/* The host's xc_dominfo_t (4.16 and 4.17, the last with xc_domain_getinfo);
 * also what the unit test's fake host hands back. */
#define XC_DOMINFO_RELEASE 417
#define XC_DOMINFO_TAG host_dominfo
#include "xc_dominfo.h"

/* An old release's xc_interface: what the old libxenctrl did itself and
 * the host split into libraries of their own (libxenctrl, libxenguest). */
struct xc_interface {
    void *host;     /* the host's xc_interface */
    void *dmod;     /* xendevicemodel_handle */
    void *fmem;     /* xenforeignmemory_handle, opened on first use */
    struct xentoollog_logger *logger;
};

/* The host's `name` from `lib`, or NULL after one log line naming
 * `caller` (the compat symbol that has no host equivalent) with errno
 * set to ENOSYS. */
void *host_sym(enum host_lib lib, const char *name, const char *caller);

/* HOST_FN(lib, name, type): `type name##_host`, looked up once. */
#define HOST_FN(lib, name, type)                                         \
    static __typeof__(type) name##_cache;                                \
    __typeof__(type) name##_host = __atomic_load_n(&name##_cache, __ATOMIC_ACQUIRE); \
    if (!name##_host) {                                                  \
        name##_host = (type)host_sym(lib, #name, __func__);              \
        __atomic_store_n(&name##_cache, name##_host, __ATOMIC_RELEASE);  \
    }

/* errno = ENOSYS and one log line naming `what` (once per name). */
void compat_unsupported(const char *what);

#endif
