/* libxensim-privcmd.so: the simulated kernel's share of privcmd, preloaded
 * into CMD by `xenshim run --sim` (after libxenshim.so, so the shim sees
 * every call first and this library sees what the shim passes on).
 *
 * Linux's privcmd maps guest frames into the caller: mmap() of the device
 * gives an empty VMA, and MMAPBATCH_V2 / MMAP_RESOURCE fill its pages with
 * the guest's.  A FUSE file cannot do that for another process, so this
 * part of "the kernel" runs in CMD: it keeps CMD's privcmd VMAs and their
 * mapped pages as Linux does, asks the simulator which page of the
 * guest-memory file backs each frame (sim_kernel_abi.h), and maps those
 * pages shared.  It translates nothing; without it, privcmd mmap fails
 * with ENODEV as it does on FUSE.
 *
 * Linux's checks, in its order (drivers/xen/privcmd.c):
 *   MMAPBATCH_V2   num 0 -EINVAL; err array not writable, gfn array not
 *                  readable -EFAULT; addr not in a privcmd VMA -EINVAL; a
 *                  fresh VMA must be mapped whole (-EINVAL), a used one only
 *                  in pages not mapped yet (-EINVAL); a restricted file's
 *                  other domain -EPERM (the simulator says); then each
 *                  frame's error in err[] and 0.
 *   MMAP_RESOURCE  addr 0 with num 0: the size, written to num; otherwise
 *                  the VMA must hold [addr, addr + num pages) (-EINVAL),
 *                  then Xen's errno for the frames, all or none mapped.
 *   MMAPBATCH (v1) and MMAP: not offered here (-ENOTTY from the
 *                  simulator); libxenforeignmemory uses V2.
 * An unmapped frame of a VMA is left inaccessible (PROT_NONE, SIGSEGV; on
 * Linux SIGBUS).
 *
 * /dev/xen/hypercall (Linux's privcmd-buf): mmap needs MAP_SHARED
 * (-EINVAL otherwise) and gives memory no other process can reach with
 * process_vm_readv, which the real device's pages cannot be either:
 * memfd_secret(2) here (plain shared memory where the kernel has no
 * secretmem), registered with the simulator, which maps the same pages to
 * read the hypercall arguments libxencall puts there. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "privcmd.h"
#include "sim_kernel_abi.h"

#define PAGE 4096ul

struct vma {
    uintptr_t start, end;
    int prot;
    bool locked;                   /* Linux's PRIV_VMA_LOCKED: filled once */
    uint8_t *mapped;               /* bit per page */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct vma *vmas;
static size_t nr_vmas, cap_vmas;
static int memory_fd = -1;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static int (*real_munmap)(void *, size_t);
static int (*real_ioctl)(int, unsigned long, ...);
static dev_t privcmd_dev;
static ino_t privcmd_ino;
static bool have_privcmd;
static dev_t hcall_dev;
static ino_t hcall_ino;
static bool have_hcall;
static int hcall_fd = -1;          /* ours, for unregistering */

struct hcall_map { uintptr_t start, end; };
static struct hcall_map *hcall_maps;
static size_t nr_hcall_maps, cap_hcall_maps;

static void init(void)
{
    struct stat st;

    real_mmap = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
    real_munmap = (int (*)(void *, size_t))dlsym(RTLD_NEXT, "munmap");
    real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
    if (stat("/dev/xen/privcmd", &st) == 0) {
        privcmd_dev = st.st_dev;
        privcmd_ino = st.st_ino;
        have_privcmd = true;
    }
    if (stat("/dev/xen/hypercall", &st) == 0 && S_ISREG(st.st_mode)) {
        hcall_dev = st.st_dev;
        hcall_ino = st.st_ino;
        have_hcall = true;
    }
}

static bool is_privcmd(int fd)
{
    struct stat st;

    pthread_once(&once, init);
    return have_privcmd && fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == privcmd_dev &&
           st.st_ino == privcmd_ino;
}

static bool is_hcall(int fd)
{
    struct stat st;

    pthread_once(&once, init);
    return have_hcall && fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == hcall_dev &&
           st.st_ino == hcall_ino;
}

/* lock held: tell the simulator that [start, end) is no hypercall buffer
 * any more (munmap, or a fixed mapping over it). */
static void forget_hcall(uintptr_t start, uintptr_t end)
{
    for (size_t i = 0; i < nr_hcall_maps;) {
        struct hcall_map *m = &hcall_maps[i];

        if (m->end <= start || m->start >= end) {
            i++;
            continue;
        }
        struct xs_sim_hcall_buf r = { -1, 0, m->start, m->end - m->start };
        real_ioctl(hcall_fd, XS_SIM_IOCTL_HCALL_UNMAP, &r);
        hcall_maps[i] = hcall_maps[--nr_hcall_maps];
    }
}

static void *hcall_mmap(int fd, void *addr, size_t len, int prot, int flags)
{
    size_t size = (len + PAGE - 1) & ~(PAGE - 1);
    int mem, saved;
    void *p;

    if (!(flags & MAP_SHARED) || size == 0) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    mem = (int)syscall(SYS_memfd_secret, O_CLOEXEC);
    if (mem < 0)
        mem = memfd_create("xenshim-hypercall-buffer", MFD_CLOEXEC);
    if (mem < 0)
        return MAP_FAILED;
    p = ftruncate(mem, (off_t)size) ? MAP_FAILED
        : real_mmap(addr, size, prot, MAP_SHARED | (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)),
                    mem, 0);
    if (p == MAP_FAILED)
        goto fail;
    struct xs_sim_hcall_buf r = { mem, 0, (uintptr_t)p, size };
    pthread_mutex_lock(&lock);
    if (hcall_fd < 0)
        hcall_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (nr_hcall_maps == cap_hcall_maps) {
        size_t cap = cap_hcall_maps ? cap_hcall_maps * 2 : 16;
        void *n = realloc(hcall_maps, cap * sizeof(*hcall_maps));
        if (n) {
            hcall_maps = n;
            cap_hcall_maps = cap;
        }
    }
    if (hcall_fd < 0 || nr_hcall_maps == cap_hcall_maps ||
        real_ioctl(fd, XS_SIM_IOCTL_HCALL_MAP, &r)) {
        pthread_mutex_unlock(&lock);
        real_munmap(p, size);
        errno = ENOMEM;
        goto fail;
    }
    hcall_maps[nr_hcall_maps++] = (struct hcall_map){ (uintptr_t)p, (uintptr_t)p + size };
    pthread_mutex_unlock(&lock);
    madvise(p, size, MADV_DONTFORK);   /* privcmd-buf's VM_DONTCOPY */
    close(mem);
    return p;
fail:
    saved = errno;
    close(mem);
    errno = saved;
    return MAP_FAILED;
}

/* The caller's memory as the kernel reaches it: a bad pointer is -EFAULT,
 * never a fault here. */
static int user_copy(void *local, uintptr_t addr, size_t len, bool to_user)
{
    struct iovec l = { local, len }, r = { (void *)addr, len };
    ssize_t n = to_user ? process_vm_writev(getpid(), &l, 1, &r, 1, 0)
                        : process_vm_readv(getpid(), &l, 1, &r, 1, 0);

    return len == 0 || n == (ssize_t)len ? 0 : -EFAULT;
}

/* lock held: forget [start, end) (munmap, or a fixed mapping over it). */
static void forget(uintptr_t start, uintptr_t end)
{
    for (size_t i = 0; i < nr_vmas;) {
        struct vma *v = &vmas[i];

        if (v->end <= start || v->start >= end) {
            i++;
            continue;
        }
        if (start <= v->start && end >= v->end) {
            free(v->mapped);
            vmas[i] = vmas[--nr_vmas];
            continue;
        }
        /* Partly: Linux splits the VMA; keeping the larger piece's pages
         * is enough for the requests that follow an unmap. */
        if (start > v->start)
            v->end = start;
        else
            v->start = end;
        i++;
    }
}

static struct vma *vma_at(uintptr_t addr)
{
    for (size_t i = 0; i < nr_vmas; i++)
        if (addr >= vmas[i].start && addr < vmas[i].end)
            return &vmas[i];
    return NULL;
}

static void *privcmd_mmap(void *addr, size_t len, int prot, int flags)
{
    size_t pages = (len + PAGE - 1) / PAGE;
    void *p;

    p = real_mmap(addr, len, PROT_NONE,
                  (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) | MAP_PRIVATE | MAP_ANONYMOUS |
                  MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return p;
    madvise(p, len, MADV_DONTFORK);    /* VM_DONTCOPY */
    pthread_mutex_lock(&lock);
    forget((uintptr_t)p, (uintptr_t)p + pages * PAGE);
    if (nr_vmas == cap_vmas) {
        size_t cap = cap_vmas ? cap_vmas * 2 : 64;
        void *n = realloc(vmas, cap * sizeof(*vmas));
        if (!n)
            goto nomem;
        vmas = n;
        cap_vmas = cap;
    }
    vmas[nr_vmas] = (struct vma){ (uintptr_t)p, (uintptr_t)p + pages * PAGE, prot, false,
                                  calloc((pages + 7) / 8, 1) };
    if (!vmas[nr_vmas].mapped)
        goto nomem;
    nr_vmas++;
    pthread_mutex_unlock(&lock);
    return p;
nomem:
    pthread_mutex_unlock(&lock);
    real_munmap(p, len);
    errno = ENOMEM;
    return MAP_FAILED;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    pthread_once(&once, init);
    if (!(flags & MAP_ANONYMOUS) && is_privcmd(fd))
        return privcmd_mmap(addr, len, prot, flags);
    if (flags & MAP_FIXED) {
        pthread_mutex_lock(&lock);
        forget((uintptr_t)addr, (uintptr_t)addr + len);
        forget_hcall((uintptr_t)addr, (uintptr_t)addr + len);
        pthread_mutex_unlock(&lock);
    }
    if (!(flags & MAP_ANONYMOUS) && is_hcall(fd))
        return hcall_mmap(fd, addr, len, prot, flags);
    return real_mmap(addr, len, prot, flags, fd, off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
    __attribute__((alias("mmap")));

int munmap(void *addr, size_t len)
{
    pthread_once(&once, init);
    pthread_mutex_lock(&lock);
    forget((uintptr_t)addr, (uintptr_t)addr + len);
    forget_hcall((uintptr_t)addr, (uintptr_t)addr + len);
    pthread_mutex_unlock(&lock);
    return real_munmap(addr, len);
}

static int guest_memory(int fd, uint16_t dom)
{
    if (memory_fd < 0)
        memory_fd = real_ioctl(fd, XS_SIM_IOCTL_GUEST_MEMORY, &dom);
    return memory_fd;
}

/* lock held: map frames [0, num) of v at addr from the memory file; runs
 * of consecutive pages in one mmap. */
static int map_frames(struct vma *v, int mem, uintptr_t addr, const int64_t *frames, size_t num)
{
    for (size_t i = 0; i < num;) {
        size_t run = 1;

        if (frames[i] < 0) {
            i++;
            continue;
        }
        while (i + run < num && frames[i + run] == frames[i] + (int64_t)run)
            run++;
        if (real_mmap((void *)(addr + i * PAGE), run * PAGE, v->prot, MAP_SHARED | MAP_FIXED, mem,
                      (off_t)frames[i] * (off_t)PAGE) == MAP_FAILED)
            return -errno;
        for (size_t k = 0; k < run; k++) {
            size_t page = (addr - v->start) / PAGE + i + k;
            v->mapped[page / 8] |= 1u << (page % 8);
        }
        i += run;
    }
    return 0;
}

static bool range_mapped(const struct vma *v, uintptr_t addr, size_t pages)
{
    for (size_t k = 0; k < pages; k++) {
        size_t page = (addr - v->start) / PAGE + k;
        if (v->mapped[page / 8] & (1u << (page % 8)))
            return true;
    }
    return false;
}

static long mmapbatch_v2(int fd, uintptr_t arg)
{
    struct xs_privcmd_mmapbatch_v2 m;
    struct xs_sim_foreign_frames q;
    uint64_t *gfns = NULL;
    int64_t *frames = NULL;
    int *errs = NULL;
    struct vma *v;
    long r;
    int mem;

    if (user_copy(&m, arg, sizeof(m), false))
        return -EFAULT;
    if (m.num == 0 || m.num > XS_SIM_MAX_FRAMES)
        return -EINVAL;
    gfns = malloc(m.num * sizeof(*gfns));
    frames = malloc(m.num * sizeof(*frames));
    errs = calloc(m.num, sizeof(*errs));
    if (!gfns || !frames || !errs) {
        r = -ENOMEM;
        goto out;
    }
    if (user_copy(errs, m.err, m.num * sizeof(*errs), true) ||
        user_copy(gfns, m.arr, m.num * sizeof(*gfns), false)) {
        r = -EFAULT;
        goto out;
    }
    pthread_mutex_lock(&lock);
    v = vma_at(m.addr);
    r = -EINVAL;
    if (!v)
        goto unlock;
    if (!v->locked) {
        if (m.addr != v->start || m.addr + m.num * PAGE != v->end)
            goto unlock;
    } else if (m.addr + m.num * PAGE > v->end || range_mapped(v, m.addr, m.num)) {
        goto unlock;
    }
    q = (struct xs_sim_foreign_frames){ m.dom, m.num, (uintptr_t)gfns, (uintptr_t)frames };
    if (real_ioctl(fd, XS_SIM_IOCTL_FOREIGN_FRAMES, &q)) {
        r = -errno;
        if (r != -ESRCH)
            goto unlock;
        /* No such domain: Xen refuses every frame. */
        for (uint32_t i = 0; i < m.num; i++)
            frames[i] = -ESRCH;
    }
    mem = guest_memory(fd, m.dom);
    if (mem < 0) {
        r = -errno;
        goto unlock;
    }
    v->locked = true;
    r = map_frames(v, mem, m.addr, frames, m.num);
    for (uint32_t i = 0; i < m.num; i++)
        errs[i] = frames[i] < 0 ? (int)frames[i] : 0;
unlock:
    pthread_mutex_unlock(&lock);
    if (r == 0 && user_copy(errs, m.err, m.num * sizeof(*errs), true))
        r = -EFAULT;
out:
    free(gfns);
    free(frames);
    free(errs);
    return r;
}

static long mmap_resource(int fd, uintptr_t arg)
{
    struct xs_privcmd_mmap_resource m;
    struct xs_sim_resource_frames q;
    int64_t *frames = NULL;
    struct vma *v;
    long r;
    int mem;

    if (user_copy(&m, arg, sizeof(m), false))
        return -EFAULT;
    if (!m.addr && !m.num) {
        q = (struct xs_sim_resource_frames){ m.dom, m.type, m.id, m.idx, 0, 0 };
        r = real_ioctl(fd, XS_SIM_IOCTL_RESOURCE_FRAMES, &q);
        if (r < 0)
            return -errno;
        m.num = (uint64_t)r;
        return user_copy(&m.num, arg + offsetof(struct xs_privcmd_mmap_resource, num),
                         sizeof(m.num), true);
    }
    if (m.num == 0 || m.num > XS_SIM_MAX_FRAMES)
        return -EINVAL;
    if (!(frames = malloc(m.num * sizeof(*frames))))
        return -ENOMEM;
    pthread_mutex_lock(&lock);
    v = vma_at(m.addr);
    r = -EINVAL;
    if (!v || m.addr + m.num * PAGE > v->end)
        goto unlock;
    q = (struct xs_sim_resource_frames){ m.dom, m.type, m.id, m.idx, (uint32_t)m.num,
                                         (uintptr_t)frames };
    if (real_ioctl(fd, XS_SIM_IOCTL_RESOURCE_FRAMES, &q)) {
        r = -errno;
        goto unlock;
    }
    mem = guest_memory(fd, m.dom);
    r = mem < 0 ? -errno : map_frames(v, mem, m.addr, frames, m.num);
    if (!r)
        v->locked = true;
unlock:
    pthread_mutex_unlock(&lock);
    free(frames);
    return r;
}

int ioctl(int fd, unsigned long req, ...)
{
    va_list ap;
    void *arg;
    long r;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    pthread_once(&once, init);
    if ((req != XS_IOCTL_PRIVCMD_MMAPBATCH_V2 && req != XS_IOCTL_PRIVCMD_MMAP_RESOURCE) ||
        !is_privcmd(fd))
        return real_ioctl(fd, req, arg);
    r = req == XS_IOCTL_PRIVCMD_MMAPBATCH_V2 ? mmapbatch_v2(fd, (uintptr_t)arg)
                                             : mmap_resource(fd, (uintptr_t)arg);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return (int)r;
}
