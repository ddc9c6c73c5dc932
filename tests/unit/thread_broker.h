/* The dm_op broker as a thread of this process, over the fake privcmd
 * driver of interposed_sim.h (a broker process could not reach it).
 * Include after interposed_sim.h; set start_broker = thread_broker_start.
 * The thread serves until the interposer's end of the socket closes, then
 * closes its own end and its descriptor. */
#ifndef XENSHIM_TESTS_THREAD_BROKER_H
#define XENSHIM_TESTS_THREAD_BROKER_H

#include <pthread.h>
#include <sys/socket.h>

#include "broker.h"
#include "hv_access.h"

static struct {
    int sv[2];
    struct xs_confined_privcmd pc;   /* confined as the real broker's is */
    struct xs_hv hv;
    pthread_t thread;
    int started;
} tbroker;

static void *thread_broker_serve(void *p)
{
    (void)p;
    if (xs_broker_say_ready(tbroker.sv[1], 0) == 0)
        xs_broker_serve(tbroker.sv[1], &tbroker.hv, tbroker.pc.domid);
    close(tbroker.sv[1]);
    close(tbroker.pc.pc.fd);
    return NULL;
}

static int thread_broker_start(struct xs_broker *b, int privcmd_fd, uint16_t domid)
{
    tbroker.started++;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, tbroker.sv))
        return -errno;
    tbroker.pc = (struct xs_confined_privcmd){ { dup(privcmd_fd), isim_ioctl }, domid };
    xs_hv_init_confined(&tbroker.hv, &tbroker.pc, xs_profile_current());
    if (pthread_create(&tbroker.thread, NULL, thread_broker_serve, NULL))
        return -EAGAIN;
    return xs_broker_attach(b, tbroker.sv[0], domid);
}

#endif
