/* The restricted dm_op broker: dm_ops of a restricted privcmd descriptor on
 * a hypervisor without dm_op.
 *
 * There each dm_op becomes legacy hypercalls, which the kernel refuses on a
 * descriptor restricted with IOCTL_PRIVCMD_RESTRICT.  An unrestricted
 * descriptor kept in the device model's own process would let anything
 * running there make any hypercall.  So the unrestricted descriptor lives
 * in a separate process (build/lib/xenshim-dmop-broker), started when
 * the caller restricts, and the device model keeps only a socket to it.
 * Over that socket the broker accepts exactly what the kernel lets through
 * a restricted descriptor on a Xen with dm_op: dm_ops for the one domain,
 * within the kernel's buffer limits.  It translates them with the same
 * translator as the in-process path (translate_dmop.c), on copies of the
 * buffers, and sends the buffers back; the shim writes back the bytes
 * that changed.
 *
 * Per call, the shim and the broker use a shared-memory ring
 * (broker_ring.h) that the shim offers over the socket once attached; the
 * socket protocol below serves if the ring cannot be set up.
 *
 * Protocol (SOCK_SEQPACKET, one message each way per dm_op):
 *   request: struct xs_broker_request, then the buffers' bytes in order;
 *   reply:   struct xs_broker_reply, then the same number of bytes.
 * On start the broker sends one struct xs_broker_reply with verdict
 * XS_BROKER_READY (ret 0) once it knows the hypervisor, or ret < 0 if it
 * cannot serve. */
#ifndef XENSHIM_BROKER_H
#define XENSHIM_BROKER_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "privcmd.h"
#include "translate.h"

#define XS_BROKER_MAGIC 0x58534231u    /* "XSB1" */
#define XS_BROKER_READY 2u             /* reply verdict of the start message */
/* Where the broker finds its two descriptors. */
#define XS_BROKER_SOCKET_FD  3
#define XS_BROKER_PRIVCMD_FD 4

struct xs_broker_request {
    uint32_t magic;
    uint16_t domid;
    uint16_t nr;
    uint32_t size[XS_PRIVCMD_DM_OP_MAX_NUM];
};

struct xs_broker_reply {
    uint32_t magic;
    uint32_t verdict;      /* enum xs_verdict, or XS_BROKER_READY */
    int64_t ret;           /* the ioctl result when verdict is XS_DONE */
    uint32_t translated;   /* the translator counted the op (statistics) */
    uint32_t pad;
};

#define XS_BROKER_MAX_DATA (XS_PRIVCMD_DM_OP_MAX_NUM * XS_PRIVCMD_DM_OP_MAX_SIZE)

/* The device model's side: one connected broker for one domain. */
struct xs_broker {
    int sock;
    dev_t sock_dev;            /* which file sock is: the number is the */
    ino_t sock_ino;            /* caller's to close and reuse */
    uint16_t domid;
    pid_t owner;               /* the process that started it */
    pthread_mutex_t lock;      /* one request in flight */
    struct xs_broker_ring *ring;   /* the per-call channel, or NULL: the socket */
};

/* Starts a broker over privcmd_fd (unrestricted; the caller closes its own
 * copy afterwards) for domid.  The program is $XENSHIM_BROKER if set (read
 * with secure_getenv; absolute paths only), else xenshim-dmop-broker in
 * the directory this library was loaded from.  0, or -errno with one log
 * line. */
int xs_broker_spawn(struct xs_broker *b, int privcmd_fd, uint16_t domid);

/* How long xs_broker_spawn waits for the start message before it kills
 * the broker (10 s; tests shorten it). */
extern int xs_broker_start_timeout_ms;

/* Finds that directory; the preload library calls it from its constructor
 * (the name it was loaded by may be relative to the starting directory). */
void xs_broker_locate(void);

/* Connects b to an already running broker's socket and waits for its
 * start message. */
int xs_broker_attach(struct xs_broker *b, int sock, uint16_t domid);

/* One dm_op through the broker: the buffers are read from this process
 * within their declared sizes (-EFAULT if one cannot be, as the kernel's
 * page pinning would say), and the bytes the broker changed are written
 * back.  XS_PASS if the broker cannot be reached (the caller then lets the
 * kernel answer, as without the shim). */
enum xs_verdict xs_broker_dm_op(struct xs_broker *b, uint16_t domid, unsigned nr,
                                const struct xs_ubuf *bufs, long *ret);

/* The broker's side: the start message (status 0: ready, -errno: cannot
 * serve). */
int xs_broker_say_ready(int sock, long status);

/* The broker's side: serves requests on sock until it is closed, each
 * translated through hv (a descriptor confined to domid).  Returns 0 at
 * end of file, -errno on a socket error. */
int xs_broker_serve(int sock, struct xs_hv *hv, uint16_t domid);

#endif
