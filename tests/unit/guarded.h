/* Memory that ends where an inaccessible page begins, for buffers handed
 * to code that must never read or write past their declared size: a byte
 * too far is -EFAULT (process_vm_readv/writev, as the hypervisor's copy
 * from a guest handle would say) or a crash, never a silent read of a
 * neighbour.  ASan cannot see such reads, which go through system calls. */
#ifndef XENSHIM_TESTS_GUARDED_H
#define XENSHIM_TESTS_GUARDED_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static inline size_t guarded_pages(size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    return (len + page - 1) / page + (len == 0);
}

/* len bytes, a copy of src (NULL: zeroes), followed by PROT_NONE. */
static inline void *guarded_copy(const void *src, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), n = guarded_pages(len);
    uint8_t *base = mmap(NULL, (n + 1) * page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (base == MAP_FAILED)
        return NULL;
    if (mprotect(base + n * page, page, PROT_NONE)) {
        munmap(base, (n + 1) * page);
        return NULL;
    }
    if (src && len)
        memcpy(base + n * page - len, src, len);
    return base + n * page - len;
}

static inline void guarded_free(void *p, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), n = guarded_pages(len);

    if (p)
        munmap((uint8_t *)p + len - n * page, (n + 1) * page);
}

#endif
