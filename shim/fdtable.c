#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "fdtable.h"

const char *xs_privcmd_paths[2] = { "/dev/xen/privcmd", "/proc/xen/privcmd" };

#define STATE_MASK 3u
#define GEN_STEP 4u

/* Zero pages until touched (256 KiB each array): zero is UNKNOWN,
 * generation 0, not restricted. */
static _Atomic uint32_t fd_words[XS_FDT_SIZE];
/* domid + 1 of a restriction, 0 for none. */
static _Atomic uint32_t fd_restrict[XS_FDT_SIZE];
/* The generation of fd_words a kernel answer was for, plus the answer
 * (enum xs_fd_probe) in the low two bits; 0 for none. */
static _Atomic uint32_t fd_probe[XS_FDT_SIZE];
/* Above this number no word holds a state, so ranges stop here
 * (close_range(3, ~0U) after every fork would otherwise walk all 64 Ki). */
static atomic_uint fd_high_water;

static void raise_high_water(unsigned fd)
{
    unsigned hw = atomic_load_explicit(&fd_high_water, memory_order_relaxed);

    while (fd > hw && !atomic_compare_exchange_weak_explicit(&fd_high_water, &hw, fd,
                                                             memory_order_relaxed,
                                                             memory_order_relaxed))
        ;
}

static bool cached(int fd)
{
    return fd >= 0 && fd < XS_FDT_SIZE;
}

enum xs_fd_state xs_fdt_get(int fd)
{
    if (!cached(fd))
        return XS_FD_UNKNOWN;
    return atomic_load_explicit(&fd_words[fd], memory_order_acquire) & STATE_MASK;
}

static void new_gen(int fd, enum xs_fd_state st, bool clear_restriction)
{
    uint32_t old = atomic_load_explicit(&fd_words[fd], memory_order_relaxed);
    uint32_t next;

    if (st != XS_FD_UNKNOWN)
        raise_high_water((unsigned)fd);
    do
        next = ((old & ~STATE_MASK) + GEN_STEP) | st;
    while (!atomic_compare_exchange_weak_explicit(&fd_words[fd], &old, next,
                                                  memory_order_acq_rel,
                                                  memory_order_relaxed));
    if (clear_restriction && atomic_load_explicit(&fd_restrict[fd], memory_order_relaxed))
        atomic_store_explicit(&fd_restrict[fd], 0, memory_order_relaxed);
}

static void set_state_new_gen(int fd, enum xs_fd_state st)
{
    new_gen(fd, st, true);
}

void xs_fdt_created(int fd, enum xs_fd_state st)
{
    if (cached(fd))
        set_state_new_gen(fd, st);
}

void xs_fdt_forget(int fd)
{
    if (cached(fd))
        set_state_new_gen(fd, XS_FD_UNKNOWN);
}

static void forget_range(unsigned first, unsigned last, bool clear_restriction)
{
    unsigned hw = atomic_load_explicit(&fd_high_water, memory_order_relaxed);

    if (last > hw)
        last = hw;
    for (unsigned fd = first; fd <= last && fd < XS_FDT_SIZE; fd++)
        if ((atomic_load_explicit(&fd_words[fd], memory_order_relaxed) & STATE_MASK) ||
            (clear_restriction && atomic_load_explicit(&fd_restrict[fd], memory_order_relaxed)))
            new_gen((int)fd, XS_FD_UNKNOWN, clear_restriction);
}

void xs_fdt_forget_range(unsigned first, unsigned last)
{
    forget_range(first, last, true);
}

/* After the close itself, the number may already name a new file opened
 * by another thread, and restricted: its record must stay.  The old
 * file's record went with the forget before the close. */
void xs_fdt_forget_after_close(int fd)
{
    if (cached(fd))
        new_gen(fd, XS_FD_UNKNOWN, false);
}

void xs_fdt_forget_range_after_close(unsigned first, unsigned last)
{
    forget_range(first, last, false);
}

void xs_fdt_set_restricted(int fd, uint16_t domid)
{
    if (!cached(fd))
        return;
    raise_high_water((unsigned)fd);
    atomic_store_explicit(&fd_restrict[fd], (uint32_t)domid + 1, memory_order_release);
}

int xs_fdt_restricted(int fd)
{
    if (!cached(fd))
        return -1;
    return (int)atomic_load_explicit(&fd_restrict[fd], memory_order_acquire) - 1;
}

void xs_fdt_copy_restriction(int to, int from)
{
    int dom = xs_fdt_restricted(from);

    if (dom >= 0)
        xs_fdt_set_restricted(to, (uint16_t)dom);
}

enum xs_fd_probe xs_fdt_probed(int fd, uint32_t *gen)
{
    uint32_t g, p;

    *gen = 0;
    if (!cached(fd))
        return XS_PROBE_NONE;
    g = atomic_load_explicit(&fd_words[fd], memory_order_acquire) & ~STATE_MASK;
    p = atomic_load_explicit(&fd_probe[fd], memory_order_acquire);
    *gen = g;
    return (p & ~STATE_MASK) == g ? (enum xs_fd_probe)(p & STATE_MASK) : XS_PROBE_NONE;
}

/* A generation that moved on while the kernel was asked leaves a stale
 * generation in the word, which xs_fdt_probed never matches. */
void xs_fdt_set_probed(int fd, uint32_t gen, enum xs_fd_probe answer)
{
    if (cached(fd))
        atomic_store_explicit(&fd_probe[fd], gen | answer, memory_order_release);
}

/* The privcmd file last identified, so re-confirming a cached answer costs
 * one fstat.  Only a match is trusted from it: a mismatch goes through the
 * full check, so a stale or torn identity can only cost stat calls. */
static _Atomic uint64_t known_rdev, known_dev, known_ino;

static void remember_privcmd(const struct stat *fs)
{
    if (S_ISCHR(fs->st_mode)) {
        atomic_store_explicit(&known_rdev, fs->st_rdev, memory_order_relaxed);
    } else {
        atomic_store_explicit(&known_rdev, 0, memory_order_relaxed);
        atomic_store_explicit(&known_dev, fs->st_dev, memory_order_relaxed);
        atomic_store_explicit(&known_ino, fs->st_ino, memory_order_relaxed);
    }
}

static bool still_privcmd(int fd)
{
    struct stat fs;
    uint64_t rdev = atomic_load_explicit(&known_rdev, memory_order_relaxed);

    if (fstat(fd, &fs) != 0)
        return false;
    if (rdev ? S_ISCHR(fs.st_mode) && fs.st_rdev == rdev
             : fs.st_ino && fs.st_dev == atomic_load_explicit(&known_dev, memory_order_relaxed) &&
               fs.st_ino == atomic_load_explicit(&known_ino, memory_order_relaxed))
        return true;
    return xs_fd_is_privcmd(fd);
}

/* A cached PRIVCMD is confirmed by fstat before it is acted on (this runs
 * only for the three privcmd requests, never for other ioctls): the hooks
 * do not see every close (fclose of an fopen'd privcmd, syscall(SYS_close))
 * nor every creation (pipe, socket, accept), so the number may now name
 * another file, and a privcmd request on that file is the kernel's to
 * answer (ENOTTY).  A cached OTHER is trusted: passing a call through is
 * always what the kernel would see without the shim.  A restriction noted
 * for a number closed and reopened behind the hooks survives only if the
 * new file is privcmd too; it can then make the shim refuse more than the
 * kernel would, never less. */
enum xs_fd_state xs_fdt_lookup(int fd)
{
    uint32_t before;
    enum xs_fd_state st;

    if (!cached(fd))
        return xs_fd_is_privcmd(fd) ? XS_FD_PRIVCMD : XS_FD_OTHER;
    before = atomic_load_explicit(&fd_words[fd], memory_order_acquire);
    st = before & STATE_MASK;
    if (st == XS_FD_PRIVCMD) {
        if (still_privcmd(fd))
            return st;
        xs_fdt_forget(fd);
        return XS_FD_OTHER;
    }
    if (st != XS_FD_UNKNOWN)
        return st;
    st = xs_fd_is_privcmd(fd) ? XS_FD_PRIVCMD : XS_FD_OTHER;
    raise_high_water((unsigned)fd);
    /* Cache only if nobody closed or recreated the number while we looked;
     * otherwise the answer is still right for this call (it was made on
     * the descriptor the caller handed us) but not for the next one. */
    atomic_compare_exchange_strong_explicit(&fd_words[fd], &before,
                                            (before & ~STATE_MASK) | st,
                                            memory_order_acq_rel,
                                            memory_order_relaxed);
    return st;
}

bool xs_fd_is_privcmd(int fd)
{
    struct stat fs, ps;

    if (fstat(fd, &fs) != 0)
        return false;
    for (size_t i = 0; i < sizeof(xs_privcmd_paths) / sizeof(xs_privcmd_paths[0]); i++) {
        if (stat(xs_privcmd_paths[i], &ps) != 0)
            continue;
        if ((S_ISCHR(fs.st_mode) && S_ISCHR(ps.st_mode) && fs.st_rdev == ps.st_rdev) ||
            (fs.st_dev == ps.st_dev && fs.st_ino == ps.st_ino)) {
            remember_privcmd(&fs);
            return true;
        }
    }
    return false;
}

bool xs_path_may_be_privcmd(const char *path)
{
    const char *base;
    size_t n;

    if (!path)
        return false;
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    n = strlen("privcmd");
    return strncmp(base, "privcmd", n) == 0 && base[n] == 0;
}
