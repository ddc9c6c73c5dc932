/* hvm_op (hypercall 34) decoder: placeholder until the real decoder lands. */
#include <errno.h>
#include <stdint.h>

#include "sim.h"

long hv_hvm_op(struct sim *s, struct sim_caller *c, uint64_t op, uint64_t arg);

long hv_hvm_op(struct sim *s, struct sim_caller *c, uint64_t op, uint64_t arg)
{
    (void)s; (void)c; (void)op; (void)arg;
    return -ENOSYS;
}
