/* The simulator's dispatcher and decoders (sim/hv*.c): a sequence of
 * calls on one simulator, so a call can meet the state an earlier one
 * made (an ioreq server, a bound port, a pinned range).
 * Input: release byte (bit 7: Xen preempts at every point it may, see
 * docs/simulated-host.md), then records: u16 length, then the record:
 *   kind byte: even = hypercall, odd = dm_op
 *   hypercall: op byte, 5 u64 arguments (tagged pointers resolved),
 *              then the arena's bytes
 *   dm_op:     domid byte (0: the guest), nr byte, nr u16 sizes, then
 *              the buffers' bytes back to back (the arena) */
#include "fuzz_caller.h"
#include "hv_internal.h"

static void one_call(struct fuzz_hv *f, const uint8_t *r, size_t n)
{
    if (n < 1)
        return;
    if (!(r[0] & 1)) {
        uint64_t arg[5] = { 0 };

        if (n < 42)
            return;
        memcpy(arg, r + 2, sizeof(arg));
        for (int i = 0; i < 5; i++)
            arg[i] = fuzz_resolve(arg[i]);
        fuzz_fill_arena(r + 42, n - 42);
        sim_hypercall(f->sim, &f->caller, r[1], arg);
    } else {
        struct sim_dm_op_buf bufs[16];
        unsigned nr;
        size_t hdr, off = 0;

        if (n < 3)
            return;
        nr = r[2] % 17;
        hdr = 3 + 2 * nr;
        if (n < hdr)
            return;
        fuzz_fill_arena(r + hdr, n - hdr);
        for (unsigned i = 0; i < nr; i++) {
            uint16_t len = (uint16_t)(r[3 + 2 * i] | r[4 + 2 * i] << 8);

            bufs[i] = (struct sim_dm_op_buf){ fuzz_addr(off % FUZZ_ARENA), len };
            off += len;
        }
        sim_dm_op(f->sim, &f->caller, r[1] ? r[1] : 1, nr, bufs);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_hv f;
    size_t at = 1;

    fuzz_arena_only = 1;
    if (size < 1 || fuzz_hv_open(&f, fuzz_release(data[0] & 0x7f)))
        return 0;
    f.sim->cfg.preempt_every = data[0] >> 7;
    for (int calls = 0; at + 2 <= size && calls < 16; calls++) {
        size_t len = (size_t)(data[at] | data[at + 1] << 8);

        at += 2;
        if (len > size - at)
            len = size - at;
        one_call(&f, data + at, len);
        at += len;
    }
    fuzz_hv_close(&f);
    return 0;
}
