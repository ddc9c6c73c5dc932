/* hvmctl1 (hypercall 41 on the hvmctl1 release): placeholder until the real
 * decoder lands. */
#include <errno.h>
#include <stdint.h>

#include "sim.h"

long hv_hvmctl(struct sim *s, struct sim_caller *c, uint64_t arg);

long hv_hvmctl(struct sim *s, struct sim_caller *c, uint64_t arg)
{
    (void)s; (void)c; (void)arg;
    return -ENOSYS;
}
