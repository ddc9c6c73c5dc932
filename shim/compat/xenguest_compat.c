/* libxenguest.so.4.N (XC_RELEASE = 400+N): a QEMU of 4.5-4.8 links it for
 * xc_linux_build, which every release kept with the same prototype; the
 * host's runs on the host handle inside our xc_interface. */
#include <stdint.h>

#include "host.h"

#ifndef XC_RELEASE
#error "XC_RELEASE (400 + minor) must be defined"
#endif

const int xenshim_compat_release = XC_RELEASE;

int xc_linux_build(struct xc_interface *xch, uint32_t domid, unsigned int mem_mb,
                   const char *image_name, const char *ramdisk_name, const char *cmdline,
                   const char *features, unsigned long flags, unsigned int store_evtchn,
                   unsigned long *store_mfn, unsigned int console_evtchn,
                   unsigned long *console_mfn)
{
    HOST_FN(HOST_GUEST, xc_linux_build,
            int (*)(void *, uint32_t, unsigned int, const char *, const char *, const char *,
                    const char *, unsigned long, unsigned int, unsigned long *, unsigned int,
                    unsigned long *));
    if (!xc_linux_build_host)
        return -1;
    return xc_linux_build_host(xch->host, domid, mem_mb, image_name, ramdisk_name, cmdline,
                               features, flags, store_evtchn, store_mfn, console_evtchn,
                               console_mfn);
}
