/* libxenstore.so.3.0 (Xen 4.5-4.15) over the host's libxenstore.so.4.
 * The soname moved to 4 in 4.16 when a few xs_lib helpers left the
 * library; every call a device model makes kept its prototype, so each
 * one here is the host's under the old soname.  The handle
 * (struct xs_handle *) is the host's.  The xs_ names here are
 * libxenstore's own (the ABI a device model links against), not the
 * project's xenshim prefix; the compat build's own xenstore names say
 * xstore_/XSTORE_ (symbols.h, compat-gen.c). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host.h"

struct xs_handle;
struct xs_permissions;
typedef uint32_t xs_transaction_t;

const int xenshim_compat_release = 300;

/* FWD(ret, fail, name, params, args): `name` is the host's `name`. */
#define FWD(ret, fail, name, params, args)              \
    ret name params                                     \
    {                                                   \
        HOST_FN(HOST_STORE, name, ret (*) params);      \
        if (!name##_host)                               \
            return fail;                                \
        return name##_host args;                        \
    }
/* The same for calls that return nothing. */
#define FWDV(name, params, args)                        \
    void name params                                    \
    {                                                   \
        HOST_FN(HOST_STORE, name, void (*) params);     \
        if (name##_host)                                \
            name##_host args;                           \
    }

typedef struct xs_handle xsh_t;

FWD(xsh_t *, NULL, xs_open, (unsigned long flags), (flags))
FWDV(xs_close, (xsh_t *h), (h))
FWD(xsh_t *, NULL, xs_daemon_open, (void), ())
FWD(xsh_t *, NULL, xs_domain_open, (void), ())
FWD(xsh_t *, NULL, xs_daemon_open_readonly, (void), ())
FWDV(xs_daemon_close, (xsh_t *h), (h))
FWDV(xs_daemon_destroy_postfork, (xsh_t *h), (h))
FWD(char **, NULL, xs_directory, (xsh_t *h, xs_transaction_t t, const char *path, unsigned int *num),
    (h, t, path, num))
FWD(void *, NULL, xs_read, (xsh_t *h, xs_transaction_t t, const char *path, unsigned int *len),
    (h, t, path, len))
FWD(bool, false, xs_write,
    (xsh_t *h, xs_transaction_t t, const char *path, const void *data, unsigned int len),
    (h, t, path, data, len))
FWD(bool, false, xs_mkdir, (xsh_t *h, xs_transaction_t t, const char *path), (h, t, path))
FWD(bool, false, xs_rm, (xsh_t *h, xs_transaction_t t, const char *path), (h, t, path))
FWD(bool, false, xs_restrict, (xsh_t *h, unsigned domid), (h, domid))
FWD(struct xs_permissions *, NULL, xs_get_permissions,
    (xsh_t *h, xs_transaction_t t, const char *path, unsigned int *num), (h, t, path, num))
FWD(bool, false, xs_set_permissions,
    (xsh_t *h, xs_transaction_t t, const char *path, struct xs_permissions *perms, unsigned int num),
    (h, t, path, perms, num))
FWD(bool, false, xs_watch, (xsh_t *h, const char *path, const char *token), (h, path, token))
FWD(int, -1, xs_fileno, (xsh_t *h), (h))
FWD(char **, NULL, xs_check_watch, (xsh_t *h), (h))
FWD(char **, NULL, xs_read_watch, (xsh_t *h, unsigned int *num), (h, num))
FWD(bool, false, xs_unwatch, (xsh_t *h, const char *path, const char *token), (h, path, token))
FWD(xs_transaction_t, 0, xs_transaction_start, (xsh_t *h), (h))
FWD(bool, false, xs_transaction_end, (xsh_t *h, xs_transaction_t t, bool abort), (h, t, abort))
FWD(bool, false, xs_introduce_domain,
    (xsh_t *h, unsigned int domid, unsigned long mfn, unsigned int eventchn), (h, domid, mfn, eventchn))
FWD(bool, false, xs_set_target, (xsh_t *h, unsigned int domid, unsigned int target), (h, domid, target))
FWD(bool, false, xs_resume_domain, (xsh_t *h, unsigned int domid), (h, domid))
FWD(bool, false, xs_release_domain, (xsh_t *h, unsigned int domid), (h, domid))
FWD(char *, NULL, xs_get_domain_path, (xsh_t *h, unsigned int domid), (h, domid))
FWD(bool, false, xs_path_is_subpath, (const char *parent, const char *child), (parent, child))
FWD(bool, false, xs_is_domain_introduced, (xsh_t *h, unsigned int domid), (h, domid))
FWD(char *, NULL, xs_debug_command, (xsh_t *h, const char *cmd, void *data, unsigned int len),
    (h, cmd, data, len))
FWD(int, -1, xs_suspend_evtchn_port, (int domid), (domid))
FWD(const char *, NULL, xs_daemon_rundir, (void), ())
FWD(const char *, NULL, xs_daemon_socket, (void), ())
FWD(const char *, NULL, xs_daemon_socket_ro, (void), ())
FWD(bool, false, xs_write_all, (int fd, const void *data, unsigned int len), (fd, data, len))
FWD(bool, false, xs_strings_to_perms,
    (struct xs_permissions *perms, unsigned int num, const char *strings), (perms, num, strings))
