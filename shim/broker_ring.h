/* The dm_op broker's shared-memory ring: the per-call channel between the
 * shim and its broker once both are up (shim/broker.h says why a broker).
 *
 * A socket round trip per dm_op cost four system calls and two copies
 * through the kernel.  Instead the shim creates a sealed memfd, maps it,
 * and passes it once over the broker's socket; each dm_op is then written
 * into it and handed over by a state word, with futex wake-ups only when
 * the other side sleeps.  The ring holds one request at a time (the shim
 * serialises callers, as it did on the socket).  The memfd is shared only
 * by the two: the shim closes its descriptor once mapped, the broker once
 * it has checked the seals and the size (so the device model cannot shrink
 * it under the broker).  The broker copies each request out of the ring
 * before it checks it and translates only its own copy: nothing the
 * device model writes meanwhile changes what the broker checked.  The
 * socket stays: the broker's liveness, and the fallback if no ring. */
#ifndef XENSHIM_BROKER_RING_H
#define XENSHIM_BROKER_RING_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "broker.h"

#define XS_BROKER_RING_MAGIC 0x58534252u   /* "XSBR": the ring offer on the socket */

enum xs_ring_state {
    XS_RING_IDLE,       /* the shim's to fill */
    XS_RING_REQUEST,    /* the broker's to take */
    XS_RING_SERVING,    /* taken: it runs, and its reply will come */
    XS_RING_REPLY,      /* the shim's to read */
    XS_RING_GONE,       /* the broker serves no more; set only from IDLE,
                         * REQUEST (never taken) or, when the shim is gone,
                         * REPLY, so a call that ran is never unanswered */
};

struct xs_broker_ring {
    _Atomic uint32_t state;          /* enum xs_ring_state; the futex word */
    _Atomic uint32_t shim_sleeps;    /* a side sleeps on state: wake it */
    _Atomic uint32_t broker_sleeps;
    uint32_t pad;
    struct xs_broker_request rq;
    struct xs_broker_reply rp;       /* rp.pad: 1 if the buffers came back */
    uint8_t data[XS_BROKER_MAX_DATA];
};

/* The shim's side: offers a ring over sock and waits (timeout_ms) for the
 * broker to take it.  The mapping, or NULL (the socket then serves). */
struct xs_broker_ring *xs_ring_offer(int sock, int timeout_ms);

/* The shim's side: one request already in r->rq and r->data.  0 with the
 * reply in r->rp and r->data; -EPIPE if the broker is gone: it said so on
 * the ring, or (asked whenever the broker takes long) sock is no longer
 * the socket dev/ino, or its peer hung up. */
int xs_ring_call(struct xs_broker_ring *r, int sock, dev_t dev, ino_t ino);

/* The broker's side: takes the ring offered with memfd (closing it) and
 * serves it from a thread of its own until xs_ring_stop.  0 or -errno. */
struct xs_ring_server;
int xs_ring_start(struct xs_ring_server **out, int memfd, int sock, struct xs_hv *hv,
                  uint16_t domid);
void xs_ring_stop(struct xs_ring_server *s);

/* broker.c's checks and translation of one request, shared by the socket
 * and the ring: data holds the request's buffers and gets them back. */
long xs_broker_check_request(const struct xs_broker_request *rq, size_t len, uint16_t domid);
void xs_broker_translate(struct xs_hv *hv, const struct xs_broker_request *rq, uint8_t *data,
                         struct xs_broker_reply *rp);
bool xs_broker_peer_gone(int sock);

#endif
