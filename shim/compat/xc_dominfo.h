/* xc_dominfo_t, as libxenctrl's xenctrl.h of each release lays it out
 * (xc_domain_getinfo fills an array of them; 4.17 is the last to have it).
 * The flag bits moved (pvh went in 4.9; xenstore and hap came in 4.7),
 * arch_config came in 4.10 and grew in 4.15, gpaddr_bits in 4.16.
 *
 * Include with XC_DOMINFO_RELEASE (406 for 4.6 ... 417) and XC_DOMINFO_TAG
 * (the struct tag to define) set; both are undefined again, so one file
 * may include this several times for several releases. */
#if !defined(XC_DOMINFO_RELEASE) || !defined(XC_DOMINFO_TAG)
#error "define XC_DOMINFO_RELEASE and XC_DOMINFO_TAG before including xc_dominfo.h"
#endif

#include <stdint.h>

struct XC_DOMINFO_TAG {
    uint32_t domid, ssidref;
#if XC_DOMINFO_RELEASE <= 406
    unsigned int dying:1, crashed:1, shutdown:1, paused:1, blocked:1, running:1,
                 hvm:1, debugged:1, pvh:1;
#elif XC_DOMINFO_RELEASE <= 408
    unsigned int dying:1, crashed:1, shutdown:1, paused:1, blocked:1, running:1,
                 hvm:1, debugged:1, pvh:1, xenstore:1, hap:1;
#else
    unsigned int dying:1, crashed:1, shutdown:1, paused:1, blocked:1, running:1,
                 hvm:1, debugged:1, xenstore:1, hap:1;
#endif
    unsigned int shutdown_reason;
    unsigned long nr_pages, nr_outstanding_pages, nr_shared_pages, nr_paged_pages;
    unsigned long shared_info_frame;
    uint64_t cpu_time;
    unsigned long max_memkb;
    unsigned int nr_online_vcpus, max_vcpu_id;
    uint8_t handle[16];
    unsigned int cpupool;
#if XC_DOMINFO_RELEASE >= 416
    uint8_t gpaddr_bits;
#endif
#if XC_DOMINFO_RELEASE >= 415
    struct { uint32_t emulation_flags, misc_flags; } arch_config;
#elif XC_DOMINFO_RELEASE >= 410
    struct { uint32_t emulation_flags; } arch_config;
#endif
};

#undef XC_DOMINFO_RELEASE
#undef XC_DOMINFO_TAG
