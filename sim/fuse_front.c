/* The FUSE server behind /proc (and, by a bind, /dev/xen/privcmd) in the
 * namespace of `xenshim run`.
 *
 * It serves one low-level FUSE filesystem mounted on /proc:
 *   xen/privcmd      the privcmd "device": a regular file (FUSE cannot serve
 *                    a character device), ioctls go to privcmd_driver.c
 *   <name>           a symlink to NS_PROC_HOST/<name> for every entry of
 *                    the host's /proc, looked up when asked, so new pids,
 *                    self and thread-self work
 *   NS_PROC_HOST     where the host's /proc is attached (hidden)
 *   NS_DEV_STAGE     where the host's /dev waits while /dev is built
 * The privcmd ioctls are _IOC_NONE requests, so the kernel hands us the raw
 * pointer and copies nothing: the driver reads and writes the caller's
 * memory itself (caller_mem.c), and the caller is the thread that made the
 * call (fuse_req_ctx()->pid is the thread id, which process_vm_readv
 * takes).  Under `xenshim run` CMD's ioctls are caught earlier by
 * intercept.c, because this path cannot return ENOSYS; it still serves any
 * process outside that seccomp filter. */
#define FUSE_USE_VERSION 312

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "front.h"
#include "host/host.h"
#include "proc_status.h"

enum {
    INO_ROOT = FUSE_ROOT_ID,
    INO_XEN,
    INO_PRIVCMD,
    INO_HOST,
    INO_STAGE,
    INO_DEVS,                      /* NS_DEVICES: the host's device nodes */
    INO_HOST_NODE_BASE,            /* + enum sim_host_node */
    INO_NAME_BASE = 16,            /* + index into names[] */
};
#define INO_PID_BASE (1ull << 32)  /* + pid: numeric entries need no table */

#define FOREVER 1e9                /* seconds: entries that never change */

/* Asked by intercept.c on a duplicate of a caller's descriptor: "which
 * open privcmd file is this?"  Answered only to this very process, by
 * storing the pointer through arg, which is then our own memory. */
#define FRONT_IOCTL_WHICH_FILE 0x785eu   /* _IOC(_IOC_NONE, 'x', 0x5e, 0) */

_Static_assert(INO_HOST_NODE_BASE + HOST_NR_NODES <= 16, "inode numbers");

/* Where each host node shows: /proc/xen/<name> or NS_DEVICES/<name>. */
static const struct { const char *name; int in_proc_xen; mode_t mode; } host_nodes[HOST_NR_NODES] = {
    [HOST_NODE_EVTCHN]       = { "evtchn", 0, 0600 },
    [HOST_NODE_GNTDEV]       = { "gntdev", 0, 0600 },
    [HOST_NODE_HYPERCALL]    = { "hypercall", 0, 0600 },
    [HOST_NODE_CAPABILITIES] = { "capabilities", 1, 0444 },
    [HOST_NODE_XSD_PORT]     = { "xsd_port", 1, 0400 },
    [HOST_NODE_XSD_KVA]      = { "xsd_kva", 1, 0600 },
};

struct sim_front {
    struct privcmd_hv hv;
    struct sim_host *host;         /* NULL: privcmd only */
    struct fuse_session *se;
    pthread_t loop;
    int loop_running;
    int proc_host;                 /* the host's /proc, for our own lookups */
    dev_t privcmd_dev;             /* st_dev of our privcmd node */
    pthread_mutex_t lock;          /* names */
    char **names;
    size_t nr_names, cap_names;
};

static struct sim_front *front_of(fuse_req_t req)
{
    return fuse_req_userdata(req);
}

static int is_pid_name(const char *name, unsigned long *pid)
{
    char *end;

    if (name[0] < '1' || name[0] > '9')
        return 0;
    errno = 0;
    *pid = strtoul(name, &end, 10);
    return !*end && !errno && *pid <= INT_MAX;
}

/* Node id of a host /proc name; non-numeric names are few and permanent. */
static fuse_ino_t name_ino(struct sim_front *f, const char *name)
{
    unsigned long pid;
    fuse_ino_t ino = 0;

    if (is_pid_name(name, &pid))
        return INO_PID_BASE + pid;
    pthread_mutex_lock(&f->lock);
    for (size_t i = 0; i < f->nr_names; i++)
        if (!strcmp(f->names[i], name)) {
            ino = INO_NAME_BASE + i;
            goto out;
        }
    if (f->nr_names == f->cap_names) {
        size_t cap = f->cap_names ? 2 * f->cap_names : 64;
        char **n = realloc(f->names, cap * sizeof(*n));

        if (!n)
            goto out;
        f->names = n;
        f->cap_names = cap;
    }
    f->names[f->nr_names] = strdup(name);
    if (f->names[f->nr_names])
        ino = INO_NAME_BASE + f->nr_names++;
out:
    pthread_mutex_unlock(&f->lock);
    return ino;
}

/* The name behind a symlink node, into buf; 0 if the node is not one. */
static int ino_name(struct sim_front *f, fuse_ino_t ino, char *buf, size_t len)
{
    int ok = 0;

    if (ino >= INO_PID_BASE) {
        snprintf(buf, len, "%llu", (unsigned long long)(ino - INO_PID_BASE));
        return 1;
    }
    if (ino < INO_NAME_BASE)
        return 0;
    pthread_mutex_lock(&f->lock);
    if (ino - INO_NAME_BASE < f->nr_names) {
        snprintf(buf, len, "%s", f->names[ino - INO_NAME_BASE]);
        ok = 1;
    }
    pthread_mutex_unlock(&f->lock);
    return ok;
}

static pid_t tgid_of(struct sim_front *f, pid_t tid)
{
    char path[32];

    snprintf(path, sizeof(path), "%d/status", (int)tid);
    return sim_status_tgid(f->proc_host, path);
}

/* Where a /proc name points.  self and thread-self are answered per caller,
 * as procfs does, so readlink("/proc/self") still gives the pid. */
static void link_target(struct sim_front *f, fuse_req_t req, const char *name,
                        char *buf, size_t len)
{
    pid_t tid = fuse_req_ctx(req)->pid;
    pid_t tgid = tid > 0 ? tgid_of(f, tid) : 0;

    if (tgid && !strcmp(name, "self"))
        snprintf(buf, len, "%d", (int)tgid);
    else if (tgid && !strcmp(name, "thread-self"))
        snprintf(buf, len, "%d/task/%d", (int)tgid, (int)tid);
    else
        snprintf(buf, len, NS_PROC_HOST "/%s", name);
}

static int host_node_of(fuse_ino_t ino, enum sim_host_node *n)
{
    if (ino < INO_HOST_NODE_BASE || ino >= INO_HOST_NODE_BASE + HOST_NR_NODES)
        return 0;
    *n = (enum sim_host_node)(ino - INO_HOST_NODE_BASE);
    return 1;
}

static void fill_stat(fuse_ino_t ino, struct stat *st)
{
    enum sim_host_node n;

    memset(st, 0, sizeof(*st));
    st->st_ino = ino;
    st->st_nlink = 1;
    if (host_node_of(ino, &n)) {
        st->st_mode = S_IFREG | host_nodes[n].mode;
        st->st_size = (off_t)sim_host_node_size(n);
        return;
    }
    switch (ino) {
    case INO_ROOT: case INO_XEN: case INO_HOST: case INO_STAGE: case INO_DEVS:
        st->st_mode = S_IFDIR | 0555;
        st->st_nlink = 2;
        break;
    case INO_PRIVCMD:
        st->st_mode = S_IFREG | 0600;
        break;
    default:
        st->st_mode = S_IFLNK | 0777;   /* size 0, as procfs links have */
        break;
    }
}

static void reply_entry(fuse_req_t req, fuse_ino_t ino, double timeout)
{
    struct fuse_entry_param e;

    memset(&e, 0, sizeof(e));
    e.ino = ino;
    e.generation = 1;
    e.attr_timeout = timeout;
    e.entry_timeout = timeout;
    fill_stat(ino, &e.attr);
    fuse_reply_entry(req, &e);
}

static void front_init(void *userdata, struct fuse_conn_info *conn)
{
    (void)userdata;
    /* self and thread-self answer per caller: never cache a link. */
    conn->want &= ~FUSE_CAP_CACHE_SYMLINKS;
}

static void front_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
    struct sim_front *f = front_of(req);
    unsigned long pid;
    struct stat st;
    fuse_ino_t ino;

    if (parent == INO_XEN || parent == INO_DEVS) {
        if (parent == INO_XEN && !strcmp(name, "privcmd"))
            return reply_entry(req, INO_PRIVCMD, FOREVER);
        for (int i = 0; f->host && i < HOST_NR_NODES; i++)
            if (host_nodes[i].in_proc_xen == (parent == INO_XEN) && !strcmp(name, host_nodes[i].name))
                return reply_entry(req, INO_HOST_NODE_BASE + i, FOREVER);
        fuse_reply_err(req, ENOENT);
        return;
    }
    if (parent != INO_ROOT) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    if (!strcmp(name, "xen"))
        return reply_entry(req, INO_XEN, FOREVER);
    if (!strcmp(name, NS_PROC_HOST))
        return reply_entry(req, INO_HOST, FOREVER);
    if (!strcmp(name, NS_DEV_STAGE))
        return reply_entry(req, INO_STAGE, FOREVER);
    if (f->host && !strcmp(name, NS_DEVICES))
        return reply_entry(req, INO_DEVS, FOREVER);
    if (fstatat(f->proc_host, name, &st, AT_SYMLINK_NOFOLLOW)) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    ino = name_ino(f, name);
    if (!ino) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    /* A pid comes and goes: ask again on every walk. */
    reply_entry(req, ino, is_pid_name(name, &pid) ? 0 : FOREVER);
}

static void front_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    struct stat st;

    (void)fi;
    fill_stat(ino, &st);
    fuse_reply_attr(req, &st, ino >= INO_PID_BASE ? 0 : FOREVER);
}

/* Truncation and the like are accepted and change nothing, as on a
 * character device. */
static void front_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
                          int to_set, struct fuse_file_info *fi)
{
    (void)attr;
    (void)to_set;
    front_getattr(req, ino, fi);
}

static void front_readlink(fuse_req_t req, fuse_ino_t ino)
{
    struct sim_front *f = front_of(req);
    char name[256], target[320];

    if (!ino_name(f, ino, name, sizeof(name))) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    link_target(f, req, name, target, sizeof(target));
    fuse_reply_readlink(req, target);
}

/* A directory listing, taken at opendir. */
struct listing {
    size_t nr;
    struct { fuse_ino_t ino; mode_t type; char *name; } *e;
};

static int listing_add(struct listing *l, fuse_ino_t ino, mode_t type, const char *name)
{
    void *n = realloc(l->e, (l->nr + 1) * sizeof(*l->e));

    if (!n)
        return -ENOMEM;
    l->e = n;
    l->e[l->nr].ino = ino;
    l->e[l->nr].type = type;
    l->e[l->nr].name = strdup(name);
    if (!l->e[l->nr].name)
        return -ENOMEM;
    l->nr++;
    return 0;
}

static void listing_free(struct listing *l)
{
    for (size_t i = 0; l && i < l->nr; i++)
        free(l->e[i].name);
    if (l)
        free(l->e);
    free(l);
}

static int list_host_proc(struct sim_front *f, struct listing *l)
{
    struct dirent *de;
    DIR *d;
    int fd, r = 0;

    fd = openat(f->proc_host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -ENOMEM;
    }
    while (!r && (de = readdir(d))) {
        fuse_ino_t ino;

        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "xen"))
            continue;
        ino = name_ino(f, de->d_name);
        r = ino ? listing_add(l, ino, S_IFLNK, de->d_name) : -ENOMEM;
    }
    closedir(d);
    return r;
}

static void front_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    struct listing *l = calloc(1, sizeof(*l));
    int r;

    if (!l) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    r = listing_add(l, ino, S_IFDIR, ".");
    if (!r)
        r = listing_add(l, ino == INO_XEN ? INO_ROOT : ino, S_IFDIR, "..");
    if (!r && ino == INO_ROOT) {
        r = listing_add(l, INO_XEN, S_IFDIR, "xen");
        if (!r)
            r = list_host_proc(front_of(req), l);
    }
    if (!r && ino == INO_XEN)
        r = listing_add(l, INO_PRIVCMD, S_IFREG, "privcmd");
    for (int i = 0; !r && front_of(req)->host && i < HOST_NR_NODES; i++)
        if ((ino == INO_XEN && host_nodes[i].in_proc_xen) || (ino == INO_DEVS && !host_nodes[i].in_proc_xen))
            r = listing_add(l, INO_HOST_NODE_BASE + i, S_IFREG, host_nodes[i].name);
    if (r) {
        listing_free(l);
        fuse_reply_err(req, -r);
        return;
    }
    fi->fh = (uintptr_t)l;
    fuse_reply_open(req, fi);
}

static void front_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                          struct fuse_file_info *fi)
{
    struct listing *l = (struct listing *)(uintptr_t)fi->fh;
    char *buf = malloc(size);
    size_t used = 0;

    (void)ino;
    if (!buf) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    for (size_t i = off; i < l->nr; i++) {
        struct stat st = { .st_ino = l->e[i].ino, .st_mode = l->e[i].type };
        size_t n = fuse_add_direntry(req, buf + used, size - used, l->e[i].name, &st, i + 1);

        if (n > size - used)
            break;
        used += n;
    }
    fuse_reply_buf(req, buf, used);
    free(buf);
}

static void front_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    listing_free((struct listing *)(uintptr_t)fi->fh);
    fuse_reply_err(req, 0);
}

static void front_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    struct privcmd_file *pf;
    enum sim_host_node n;

    if (host_node_of(ino, &n)) {
        sim_host_open(front_of(req)->host, n, req, fi);
        return;
    }
    if (ino != INO_PRIVCMD) {
        fuse_reply_err(req, ino < INO_NAME_BASE ? EISDIR : ELOOP);
        return;
    }
    pf = malloc(sizeof(*pf));
    if (!pf) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    privcmd_file_init(pf);
    fi->fh = (uintptr_t)pf;
    /* No page cache: a shared mmap of the file then fails (ENODEV) instead
     * of mapping cache pages, and read/write reach us (and fail, as the
     * real device has neither). */
    fi->direct_io = 1;
    fi->nonseekable = 1;
    fuse_reply_open(req, fi);
}

static void front_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    enum sim_host_node n;

    if (host_node_of(ino, &n)) {
        sim_host_release(front_of(req)->host, n, req, fi);
        return;
    }
    free((void *)(uintptr_t)fi->fh);
    fuse_reply_err(req, 0);
}

static void front_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    (void)fi;
    fuse_reply_err(req, 0);
}

static void front_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                       struct fuse_file_info *fi)
{
    enum sim_host_node n;

    if (host_node_of(ino, &n)) {
        sim_host_read(front_of(req)->host, n, req, size, off, fi);
        return;
    }
    fuse_reply_err(req, EINVAL);
}

static void front_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size,
                        off_t off, struct fuse_file_info *fi)
{
    enum sim_host_node n;

    if (host_node_of(ino, &n)) {
        sim_host_write(front_of(req)->host, n, req, buf, size, off, fi);
        return;
    }
    fuse_reply_err(req, EINVAL);
}

static void front_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg,
                        struct fuse_file_info *fi, unsigned flags,
                        const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
    struct sim_front *f = front_of(req);
    struct sim_caller c;
    enum sim_host_node n;
    long r;

    (void)in_buf, (void)in_bufsz, (void)out_bufsz;
    if ((ino == INO_PRIVCMD || host_node_of(ino, &n)) && cmd == FRONT_IOCTL_WHICH_FILE &&
        !(flags & FUSE_IOCTL_COMPAT) &&
        tgid_of(f, fuse_req_ctx(req)->pid) == getpid()) {
        *(struct privcmd_file **)arg = (struct privcmd_file *)(uintptr_t)fi->fh;
        fuse_reply_ioctl(req, 0, NULL, 0);
        return;
    }
    if (host_node_of(ino, &n)) {
        /* Linux's evtchn and gntdev have no compat_ioctl either. */
        r = (flags & (FUSE_IOCTL_COMPAT | FUSE_IOCTL_DIR)) ? -ENOTTY
            : sim_host_ioctl(f->host, n, fi, fuse_req_ctx(req)->pid, cmd, (uintptr_t)arg);
        fuse_reply_ioctl(req, r < -4095 ? -EIO : (int)r, NULL, 0);
        return;
    }
    /* privcmd has no compat_ioctl: 32-bit callers get -ENOTTY there too. */
    if (ino != INO_PRIVCMD || (flags & (FUSE_IOCTL_COMPAT | FUSE_IOCTL_DIR))) {
        fuse_reply_err(req, ENOTTY);
        return;
    }
    sim_caller_init_pid(&c, fuse_req_ctx(req)->pid);
    r = privcmd_driver_ioctl(&f->hv, (struct privcmd_file *)(uintptr_t)fi->fh, &c, cmd,
                             (uintptr_t)arg);
    /* Errors go back as a negative ioctl result rather than an error
     * reply, which keeps every errno but one: the kernel turns ENOSYS into
     * ENOTTY both ways (older kernels only for error replies), which is
     * why intercept.c exists.  FUSE carries an int; no hypercall a device
     * model makes returns more, and a syscall cannot fail below -4095. */
    if (r > INT_MAX)
        r = INT_MAX;
    if (r < -4095)
        r = -EIO;
    fuse_reply_ioctl(req, (int)r, NULL, 0);
}

static void front_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
                       struct fuse_pollhandle *ph)
{
    enum sim_host_node n;

    if (host_node_of(ino, &n)) {
        sim_host_poll(front_of(req)->host, n, req, fi, ph);
        return;
    }
    if (ph)
        fuse_pollhandle_destroy(ph);
    fuse_reply_poll(req, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}

static const struct fuse_lowlevel_ops front_ops = {
    .poll = front_poll,
    .init = front_init,
    .lookup = front_lookup,
    .getattr = front_getattr,
    .setattr = front_setattr,
    .readlink = front_readlink,
    .opendir = front_opendir,
    .readdir = front_readdir,
    .releasedir = front_releasedir,
    .open = front_open,
    .release = front_release,
    .flush = front_flush,
    .read = front_read,
    .write = front_write,
    .ioctl = front_ioctl,
};

static void *front_loop(void *p)
{
    struct sim_front *f = p;
    struct fuse_loop_config *cfg = fuse_loop_cfg_create();

    if (cfg) {
        /* Several threads and processes of the caller may be in a call at
         * once; the hypervisor serialises what needs it. */
        fuse_loop_cfg_set_max_threads(cfg, 64);
        fuse_loop_cfg_set_idle_threads(cfg, 4);
    }
    fuse_session_loop_mt(f->se, cfg);
    if (cfg)
        fuse_loop_cfg_destroy(cfg);
    return NULL;
}

static void wake(int sig)
{
    (void)sig;
}

/* The loop's main thread waits on a semaphore that only a signal or a
 * dying worker interrupts, so poke it until it notices the exit flag. */
static int stop_loop(struct sim_front *f)
{
    struct sigaction sa = { .sa_handler = wake };

    if (!f->loop_running)
        return 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    fuse_session_exit(f->se);
    for (int i = 0; i < 100; i++) {
        struct timespec ts;

        pthread_kill(f->loop, SIGUSR2);
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        if (pthread_timedjoin_np(f->loop, NULL, &ts) == 0) {
            f->loop_running = 0;
            return 0;
        }
    }
    return -EBUSY;
}

static void front_free(struct sim_front *f)
{
    if (f->se)
        fuse_session_destroy(f->se);
    if (f->proc_host >= 0)
        close(f->proc_host);
    for (size_t i = 0; i < f->nr_names; i++)
        free(f->names[i]);
    free(f->names);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

const struct privcmd_hv *sim_front_hv(const struct sim_front *f)
{
    return &f->hv;
}

pid_t sim_front_tgid(struct sim_front *f, pid_t tid)
{
    return tgid_of(f, tid);
}

struct sim_host *sim_front_host_file(struct sim_front *f, int fd, enum sim_host_node *n,
                                     uint64_t *fh)
{
    struct privcmd_file *pf = NULL;
    struct stat st;

    if (!f->host || fstat(fd, &st) || st.st_dev != f->privcmd_dev ||
        !host_node_of(st.st_ino, n) || ioctl(fd, FRONT_IOCTL_WHICH_FILE, &pf))
        return NULL;
    *fh = (uintptr_t)pf;
    return f->host;
}

struct privcmd_file *sim_front_file(struct sim_front *f, int fd)
{
    struct privcmd_file *pf = NULL;
    struct stat st;

    if (fstat(fd, &st) || st.st_dev != f->privcmd_dev || st.st_ino != INO_PRIVCMD)
        return NULL;
    if (ioctl(fd, FRONT_IOCTL_WHICH_FILE, &pf))
        return NULL;
    return pf;
}

int sim_front_stop(struct sim_front *f)
{
    umount2("/dev", MNT_DETACH);
    if (stop_loop(f))
        return -EBUSY;
    if (f->se)
        fuse_session_unmount(f->se);
    front_free(f);
    return 0;
}

struct sim_front *sim_front_start(const struct privcmd_hv *hv, struct sim_host *host,
                                  char *err, size_t errlen)
{
    char *argv[] = { "xenshim", "-o",
                     "allow_other,default_permissions,fsname=xenshim,subtype=xenshim", NULL };
    struct fuse_args args = FUSE_ARGS_INIT(3, argv);
    struct sim_front *f = calloc(1, sizeof(*f));
    int r, mounted = 0;
    struct stat st;

    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    f->hv = *hv;
    f->host = host;
    f->proc_host = -1;
    pthread_mutex_init(&f->lock, NULL);

    r = ns_enter();
    if (r < 0) {
        snprintf(err, errlen, "private mount namespace: %s", strerror(-r));
        goto fail;
    }
    f->proc_host = ns_clone_proc();
    f->se = fuse_session_new(&args, &front_ops, sizeof(front_ops), f);
    fuse_opt_free_args(&args);
    if (!f->se) {
        snprintf(err, errlen, "fuse_session_new failed");
        goto fail;
    }
    if (fuse_session_mount(f->se, "/proc")) {
        snprintf(err, errlen, "FUSE mount on /proc failed (is /dev/fuse there?)");
        goto fail;
    }
    mounted = 1;
    if (host)
        sim_host_set_session(host, f->se);
    r = pthread_create(&f->loop, NULL, front_loop, f);
    if (r) {
        snprintf(err, errlen, "FUSE thread: %s", strerror(r));
        goto fail;
    }
    f->loop_running = 1;
    r = ns_attach_proc(f->proc_host, "/proc/" NS_PROC_HOST);
    if (!r && f->proc_host < 0) {
        f->proc_host = open("/proc/" NS_PROC_HOST, O_PATH | O_DIRECTORY | O_CLOEXEC);
        r = f->proc_host < 0 ? -errno : 0;
    }
    if (r) {
        snprintf(err, errlen, "attach the host's /proc: %s", strerror(-r));
        goto fail;
    }
    if (mount("/dev", "/proc/" NS_DEV_STAGE, NULL, MS_BIND | MS_REC, NULL)) {
        snprintf(err, errlen, "bind the host's /dev: %s", strerror(errno));
        goto fail;
    }
    if (stat("/proc/xen/privcmd", &st)) {
        snprintf(err, errlen, "/proc/xen/privcmd: %s", strerror(errno));
        goto fail;
    }
    f->privcmd_dev = st.st_dev;
    r = ns_build_dev("/proc/" NS_DEV_STAGE, "/proc/xen/privcmd",
                     host ? "/proc/" NS_DEVICES : NULL, err, errlen);
    umount2("/proc/" NS_DEV_STAGE, MNT_DETACH);
    if (!r && host)
        r = ns_build_xen_bus("/proc/" NS_DEV_STAGE, err, errlen);
    if (r)
        goto fail;
    return f;

fail:
    umount2("/dev", MNT_DETACH);
    if (stop_loop(f)) {
        /* A thread may still use f and the hypervisor: leave both. */
        return NULL;
    }
    if (mounted)
        fuse_session_unmount(f->se);
    front_free(f);
    return NULL;
}
