/* The hypercall buffers this process mapped from /dev/xen/hypercall (see
 * hcall_bufs.h).  A fixed table: libxencall keeps a handful of buffers
 * (it caches freed ones), so 64 is plenty; past that a mapping is not
 * recorded and its copies fall back to the checked path, which answers
 * EFAULT: a refusal, never a wrong read. */
#include <stdatomic.h>
#include <sys/stat.h>

#include "hcall_bufs.h"
#include "log.h"
#include "translate.h"

#define SLOTS 64

/* end == 0: free; 1: being filled.  A writer claims a free slot by its
 * end, sets start, then end (release); forgetting swaps end to 0.  No lock:
 * munmap may come from a signal handler or a fork child. */
#define CLAIMED 1u
static struct {
    _Atomic uintptr_t start, end;
} slots[SLOTS];
/* Slots are claimed lowest first: none at or above this was ever used, so
 * a lookup scans only as many slots as the process ever held at once (0
 * for a caller that maps no buffers, a handful for libxencall). */
static atomic_int slots_used;

const char *xs_hypercall_dev_path = "/dev/xen/hypercall";

void xs_hcall_bufs_add(uintptr_t start, size_t len)
{
    static atomic_bool told;

    if (!len || !start || start + len < start)
        return;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t free_end = 0;

        if (atomic_compare_exchange_strong(&slots[i].end, &free_end, CLAIMED)) {
            int used = atomic_load(&slots_used);

            while (used <= i && !atomic_compare_exchange_weak(&slots_used, &used, i + 1))
                ;
            atomic_store_explicit(&slots[i].start, start, memory_order_relaxed);
            atomic_store_explicit(&slots[i].end, start + len, memory_order_release);
            return;
        }
    }
    if (!atomic_exchange(&told, true))
        xs_log(XS_LOG_ERROR, "more than %d hypercall buffer mappings: calls using the "
               "others fail with EFAULT", SLOTS);
}

void xs_hcall_bufs_remove(uintptr_t start, size_t len)
{
    uintptr_t end = start + len < start ? UINTPTR_MAX : start + len;
    int used = atomic_load(&slots_used);

    for (int i = 0; i < used; i++) {
        uintptr_t e = atomic_load_explicit(&slots[i].end, memory_order_acquire);
        uintptr_t s = atomic_load_explicit(&slots[i].start, memory_order_relaxed);

        /* Any overlap forgets the whole mapping: what remains of it is
         * copied the checked way, which may refuse but never faults. */
        if (e > CLAIMED && s < end && start < e)
            atomic_compare_exchange_strong(&slots[i].end, &e, 0);
    }
}

bool xs_hcall_bufs_contain(uintptr_t start, size_t len)
{
    uintptr_t last = start + len;
    int used = atomic_load_explicit(&slots_used, memory_order_acquire);

    if (last < start)
        return false;
    for (int i = 0; i < used; i++) {
        uintptr_t e = atomic_load_explicit(&slots[i].end, memory_order_acquire);
        uintptr_t s;

        if (e <= CLAIMED || last > e)
            continue;
        s = atomic_load_explicit(&slots[i].start, memory_order_relaxed);
        if (start >= s && atomic_load_explicit(&slots[i].end, memory_order_acquire) == e)
            return true;
    }
    return false;
}

bool xs_fd_is_hypercall_dev(int fd)
{
    struct stat fs, ds;

    return fstat(fd, &fs) == 0 && stat(xs_hypercall_dev_path, &ds) == 0 &&
           ((S_ISCHR(fs.st_mode) && S_ISCHR(ds.st_mode) && fs.st_rdev == ds.st_rdev) ||
            (fs.st_dev == ds.st_dev && fs.st_ino == ds.st_ino));
}
