/* Event channels of the simulated host's two domains: dom0 (the caller)
 * and the HVM guest.  What Xen's common/event_channel.c keeps per port,
 * reduced to what a device model and xenstored can see. */
#ifndef XENSHIM_HV_EVTCHN_H
#define XENSHIM_HV_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>

/* Ports a domain may hold.  Xen's 2-level ABI allows 4096 on x86-64; a
 * smaller table keeps the simulator small and is reported as -ENOSPC the
 * same way. */
#define HV_EVTCHN_PORTS 1024

enum hv_evtchn_state { HV_ECS_FREE, HV_ECS_RESERVED, HV_ECS_UNBOUND, HV_ECS_INTERDOMAIN,
                       HV_ECS_VIRQ };

/* Called (with the simulator's lock held) when a port of Xen's own fires:
 * a guest port Xen allocated for itself (an ioreq server's vCPU port). */
typedef void hv_xen_consumer(void *ctx, uint16_t domid, uint32_t port);

struct hv_evtchn_port {
    uint8_t state;
    bool pending, masked;
    uint16_t remote_dom;           /* UNBOUND: who may bind; INTERDOMAIN: peer */
    uint32_t remote_port;          /* INTERDOMAIN */
    uint32_t virq;                 /* VIRQ */
    hv_xen_consumer *consumer;     /* a Xen-internal port, or NULL */
    void *consumer_ctx;
};

struct hv_evtchn_domain {
    uint16_t domid;
    struct hv_evtchn_port port[HV_EVTCHN_PORTS];
    uint32_t virq_port[32];        /* 0 = unbound */
};

#endif
