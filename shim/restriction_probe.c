#include <errno.h>
#include <stddef.h>

#include "fdtable.h"
#include "restriction_probe.h"

/* Linux's privcmd_ioctl_hypercall refuses a restricted file (-EPERM)
 * before it reads its argument, and an unrestricted one then fails to
 * read a NULL argument (-EFAULT): no hypercall is made either way.  A
 * kernel older than RESTRICT (4.16) has only the -EFAULT. */
static int ask_kernel(int fd, xs_ioctl_fn real)
{
    int saved = errno, r, e = 0;

    /* Interrupted before the driver ran (a signal, no SA_RESTART): the
     * question is harmless, so ask again a few times. */
    for (int i = 0; i < 8; i++) {
        r = real(fd, XS_IOCTL_PRIVCMD_HYPERCALL, NULL);
        e = r < 0 ? errno : 0;
        if (e != EINTR)
            break;
    }
    errno = saved;
    if (e == EPERM)
        return 1;
    if (e == EINTR)
        return -EINTR;
    return 0;
}

int xs_kernel_restricted(int fd, xs_ioctl_fn real)
{
    uint32_t gen;
    int r;

    switch (xs_fdt_probed(fd, &gen)) {
    case XS_PROBE_RESTRICTED:
        return 1;
    case XS_PROBE_UNRESTRICTED:
        return 0;
    case XS_PROBE_NONE:
        break;
    }
    r = ask_kernel(fd, real);
    if (r >= 0)
        xs_fdt_set_probed(fd, gen, r ? XS_PROBE_RESTRICTED : XS_PROBE_UNRESTRICTED);
    return r;
}
