/* dm_op decoder: placeholder until the real decoder lands. */
#include <errno.h>
#include <stdint.h>

#include "sim.h"

long hv_dm_op(struct sim *s, struct sim_caller *c, uint16_t domid, unsigned nr,
              const struct sim_dm_op_buf *bufs);

long hv_dm_op(struct sim *s, struct sim_caller *c, uint16_t domid, unsigned nr,
              const struct sim_dm_op_buf *bufs)
{
    (void)s; (void)c; (void)domid; (void)nr; (void)bufs;
    return -ENOSYS;
}
