/* The dm_op broker's socket protocol (shim/broker.c), both ends.
 * Input: mode byte, then
 *   even: the messages a device model sends the broker (u16 length, then
 *         that many bytes, repeated), served by xs_broker_serve for
 *         domain 1 over a 4.6 simulator;
 *   odd:  the broker's start message and reply as the device model's
 *         xs_broker_attach / xs_broker_dm_op read them (u16 length of the
 *         start message, its bytes, then the reply), for one dm_op whose
 *         buffer is the arena's first 64 bytes. */
#include <sys/socket.h>
#include <unistd.h>

#include "broker.h"
#include "fuzz_caller.h"

static void serve(const uint8_t *data, size_t size)
{
    struct fuzz_hv f;
    int sv[2];
    size_t at = 0;

    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
        return;
    for (int n = 0; at + 2 <= size && n < 8; n++) {
        size_t len = (size_t)(data[at] | data[at + 1] << 8);

        at += 2;
        if (len > size - at)
            len = size - at;
        if (send(sv[0], data + at, len, MSG_DONTWAIT) < 0)
            break;
        at += len;
    }
    shutdown(sv[0], SHUT_WR);
    if (fuzz_hv_open(&f, xs_release_by_name("4.6")) == 0) {
        xs_broker_serve(sv[1], &f.hv, 1);
        fuzz_hv_close(&f);
    }
    close(sv[0]);
    close(sv[1]);
}

static void client(const uint8_t *data, size_t size)
{
    struct xs_broker b = { .sock = -1 };
    struct xs_ubuf buf = { fuzz_addr(0), 64 };
    size_t len;
    long ret;
    int sv[2];

    if (size < 2)
        return;
    len = (size_t)(data[0] | data[1] << 8);
    if (len > size - 2)
        len = size - 2;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
        return;
    xs_broker_start_timeout_ms = 50;   /* a start message that never comes */
    send(sv[1], data + 2, len, MSG_DONTWAIT);
    send(sv[1], data + 2 + len, size - 2 - len, MSG_DONTWAIT);
    shutdown(sv[1], SHUT_WR);
    memset(fuzz_arena, 0, 64);
    if (xs_broker_attach(&b, sv[0], 1) == 0) {
        xs_broker_dm_op(&b, 1, 1, &buf, &ret);
        pthread_mutex_destroy(&b.lock);
    }
    close(sv[0]);
    close(sv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        client(data + 1, size - 1);
    else
        serve(data + 1, size - 1);
    return 0;
}
