/* shim/translate_dmop.c: a dm_op on a Xen without it.
 * Input: release byte (among those without dm_op), domid byte (0: the
 * guest, else that byte), nr byte, nr little-endian u16 sizes, then the
 * buffers' bytes back to back in the arena. */
#include "fuzz_caller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct xs_release *old[32];
    struct xs_ubuf bufs[17];
    struct fuzz_hv f;
    size_t nold = 0, off = 0, hdr;
    unsigned nr;
    uint16_t domid;
    long ret;

    for (size_t i = 0; i < xs_nr_releases && nold < 32; i++)
        if (!xs_releases[i].dmop_max)
            old[nold++] = &xs_releases[i];
    if (size < 3 || !nold)
        return 0;
    domid = data[1] ? data[1] : 1;
    nr = data[2] % 18;
    hdr = 3 + 2 * nr;
    if (size < hdr)
        return 0;
    fuzz_fill_arena(data + hdr, size - hdr);
    for (unsigned i = 0; i < nr; i++) {
        uint16_t len = (uint16_t)(data[3 + 2 * i] | data[4 + 2 * i] << 8);

        bufs[i] = (struct xs_ubuf){ fuzz_addr(off % FUZZ_ARENA), len };
        off += len;
    }
    if (fuzz_hv_open(&f, old[data[0] % nold]))
        return 0;
    xs_translate_dm_op(&f.hv, domid, nr, bufs, &ret);
    fuzz_hv_close(&f);
    return 0;
}
