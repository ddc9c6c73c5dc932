/* xenshim run --guest-io: the guest of the simulated host does the
 * script's accesses, on vCPU 0, once its device model is running.
 *
 * "Running" is what a device model tells the toolstack:
 * /local/domain/0/device-model/<domid>/state = "running" in xenstore.
 * Then each access goes to the hypervisor (sim_vcpu_io), which answers
 * from Xen's own devices or hands it to an ioreq server and waits.  The
 * whole run, from CMD's start to the last answer, has timeout_s seconds.
 * When the script is done or cannot go on, CMD is stopped as a toolstack
 * stops a device model: SIGTERM, SIGKILL 2 s later. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xenstore.h>

#include "guest_io.h"

#define STOP_GRACE_MS 2000

struct guest_io_run {
    struct sim *sim;
    struct guest_io_script *script;
    unsigned domid;
    int timeout_s;
    pid_t cmd;
    atomic_int cmd_exited;
    int ok;                        /* every access answered */
    pthread_t thread;
    struct timespec deadline;
};

static long ms_left(const struct guest_io_run *r)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (r->deadline.tv_sec - now.tv_sec) * 1000 + (r->deadline.tv_nsec - now.tv_nsec) / 1000000;
}

/* 0 once the device model says running; -1 on timeout, CMD's exit or a
 * xenstore failure (said on stderr). */
static int wait_running(struct guest_io_run *r)
{
    char path[96];
    struct xs_handle *h = xs_open(0);
    int rc = -1;

    snprintf(path, sizeof(path), "/local/domain/0/device-model/%u/state", r->domid);
    if (!h || !xs_watch(h, path, "guest-io")) {
        fprintf(stderr, "xenshim run: guest-io: xenstore watch on %s: %s\n", path, strerror(errno));
        goto out;
    }
    for (;;) {
        unsigned len, n;
        char *v = xs_read(h, XBT_NULL, path, &len), **w;
        struct pollfd p = { xs_fileno(h), POLLIN, 0 };
        long left;

        if (v && !strcmp(v, "running")) {
            free(v);
            rc = 0;
            break;
        }
        free(v);
        if (atomic_load(&r->cmd_exited)) {
            fprintf(stderr, "xenshim run: guest-io: the device model exited before it was running\n");
            break;
        }
        left = ms_left(r);
        if (left <= 0) {
            fprintf(stderr, "xenshim run: guest-io: the device model did not write %s = running "
                    "within %d s\n", path, r->timeout_s);
            break;
        }
        if (poll(&p, 1, left > 100 ? 100 : (int)left) > 0 && (w = xs_read_watch(h, &n)))
            free(w);
    }
out:
    if (h)
        xs_close(h);
    return rc;
}

static void stop_cmd(struct guest_io_run *r)
{
    if (atomic_load(&r->cmd_exited))
        return;
    kill(r->cmd, SIGTERM);
    for (int waited = 0; waited < STOP_GRACE_MS; waited += 10) {
        if (atomic_load(&r->cmd_exited))
            return;
        usleep(10 * 1000);
    }
    kill(r->cmd, SIGKILL);
}

static void *run(void *p)
{
    struct guest_io_run *r = p;
    size_t done = 0;

    if (wait_running(r) == 0) {
        for (; done < r->script->count; done++) {
            struct guest_io_access *a = &r->script->access[done];
            int mmio = a->op == GUEST_IO_WRITE || a->op == GUEST_IO_READ;
            long left = ms_left(r);
            int rc = left <= 0 ? -ETIMEDOUT
                               : sim_vcpu_io(r->sim, mmio, guest_io_op_is_write(a->op), a->addr,
                                             a->size, &a->value, (int)left);

            if (rc) {
                fprintf(stderr, "xenshim run: guest-io line %u (%s 0x%llx %u): %s\n", a->line,
                        guest_io_op_name(a->op), (unsigned long long)a->addr, a->size,
                        rc == -ETIMEDOUT ? "no answer from the device model in time"
                        : rc == -ECANCELED ? "the device model exited"
                        : strerror(-rc));
                break;
            }
            a->answered = 1;
        }
    }
    r->ok = done == r->script->count;
    stop_cmd(r);
    return NULL;
}

struct guest_io_run *guest_io_start(struct sim *s, unsigned domid, struct guest_io_script *script,
                                    int timeout_s, pid_t cmd)
{
    struct guest_io_run *r = calloc(1, sizeof(*r));

    if (!r)
        return NULL;
    *r = (struct guest_io_run){ .sim = s, .script = script, .domid = domid,
                                .timeout_s = timeout_s, .cmd = cmd };
    clock_gettime(CLOCK_MONOTONIC, &r->deadline);
    r->deadline.tv_sec += timeout_s;
    if (pthread_create(&r->thread, NULL, run, r)) {
        free(r);
        return NULL;
    }
    return r;
}

void guest_io_cmd_exited(struct guest_io_run *r)
{
    if (!r)
        return;
    atomic_store(&r->cmd_exited, 1);
    sim_vcpu_io_cancel(r->sim);
}

int guest_io_finish(struct guest_io_run *r)
{
    int ok;

    if (!r)
        return 0;
    pthread_join(r->thread, NULL);
    ok = r->ok;
    free(r);
    return ok ? 0 : -1;
}
