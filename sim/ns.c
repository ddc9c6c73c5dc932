/* The private mount namespace of `xenshim run`.
 *
 * Neither procfs nor devtmpfs can take a new directory (and devtmpfs is
 * one superblock shared with the host, so a mkdir there would show on the
 * host), so both are covered instead:
 *  - /proc by the FUSE view of fuse_front.c: symlinks into the host's
 *    /proc (attached under it, at NS_PROC_HOST) plus xen/privcmd;
 *  - /dev by a tmpfs holding the host's entries bound one by one (so
 *    /dev/pts, /dev/shm keep their own mounts and names) plus xen/privcmd.
 * Everything is mounted in the new namespace only and goes when it does. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "front.h"

int ns_enter(void)
{
    if (unshare(CLONE_NEWNS))
        return -errno;
    /* Nothing mounted from here on may propagate back to the host. */
    return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ? -errno : 0;
}

static int write_proc_self(const char *name, const char *text)
{
    char path[64];
    int fd, r = 0;

    snprintf(path, sizeof(path), "/proc/self/%s", name);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        r = -errno;
    close(fd);
    return r;
}

/* Set by ns_enter_user: /dev/pts is then a devpts of our own (below). */
static int in_user_ns;

int ns_enter_user(void)
{
    char map[64];
    uid_t uid = geteuid();
    gid_t gid = getegid();
    int r;

    if (unshare(CLONE_NEWUSER))
        return -errno;
    /* The kernel takes an unprivileged gid_map only once setgroups is off. */
    snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
    if ((r = write_proc_self("setgroups", "deny")) || (r = write_proc_self("uid_map", map)))
        return r;
    snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
    if ((r = write_proc_self("gid_map", map)))
        return r;
    in_user_ns = 1;
    return 0;
}

int ns_clone_proc(void)
{
    int fd = open_tree(AT_FDCWD, "/proc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);

    return fd < 0 ? -errno : fd;
}

int ns_attach_proc(int tree, const char *where)
{
    if (tree >= 0)
        return move_mount(tree, "", AT_FDCWD, where, MOVE_MOUNT_F_EMPTY_PATH) ? -errno : 0;
    /* No open_tree (before Linux 5.2, or filtered): a procfs of our own
     * shows the same pids, without whatever was mounted inside the host's. */
    return mount("proc", where, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) ? -errno : 0;
}

static int bind_entry(const char *from, const char *to, int rec)
{
    return mount(from, to, NULL, MS_BIND | (rec ? MS_REC : 0), NULL) ? -errno : 0;
}

/* One host /dev entry into the new /dev: directories and device nodes are
 * bound (a bind shows the host's inode, so owner and mode are the host's),
 * symlinks are copied. */
static int copy_dev_entry(int stagefd, const char *stage, const char *name)
{
    char from[512], to[512], link[512];
    struct stat st;
    ssize_t n;
    int fd;

    if (fstatat(stagefd, name, &st, AT_SYMLINK_NOFOLLOW))
        return -errno;
    snprintf(from, sizeof(from), "%s/%s", stage, name);
    snprintf(to, sizeof(to), "/dev/%s", name);
    if (S_ISLNK(st.st_mode)) {
        n = readlinkat(stagefd, name, link, sizeof(link) - 1);
        if (n < 0)
            return -errno;
        link[n] = 0;
        return symlink(link, to) ? -errno : 0;
    }
    if (S_ISCHR(st.st_mode) && !strcmp(name, "ptmx")) {
        /* A bound ptmx cannot find its devpts (the kernel looks for "pts"
         * beside the node, inside the node's own mount), so make a real
         * node in our tmpfs next to the bound pts; else the usual link. */
        if (mknod(to, st.st_mode, st.st_rdev) == 0)
            return chown(to, st.st_uid, st.st_gid) || chmod(to, st.st_mode & 07777) ? -errno : 0;
        return symlink("pts/ptmx", to) ? -errno : 0;
    }
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(to, st.st_mode & 07777))
            return -errno;
        /* In a user namespace no node can be made for ptmx, and the host's
         * pts/ptmx (mode 000, the host root's) cannot be opened: a devpts
         * instance of our own serves new ptys; the host's ptys stay usable
         * through the descriptors CMD inherits, not by their names. */
        if (in_user_ns && !strcmp(name, "pts"))
            return mount("devpts", to, "devpts", MS_NOSUID | MS_NOEXEC,
                         "newinstance,ptmxmode=0666,mode=0620") ? -errno : 0;
        return bind_entry(from, to, 1);
    }
    fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    close(fd);
    return bind_entry(from, to, 0);
}

static int bind_node(const char *from, const char *to, char *err, size_t errlen)
{
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), r = 0;

    if (fd < 0 || close(fd) || (r = bind_entry(from, to, 0))) {
        r = r ? r : -errno;
        snprintf(err, errlen, "%s: %s", to, strerror(-r));
    }
    return r;
}

int ns_build_dev(const char *stage, const char *privcmd, const char *devices,
                 char *err, size_t errlen)
{
    struct dirent *de;
    DIR *d;
    int r;

    if (mount("xenshim-dev", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=1m")) {
        r = -errno;
        snprintf(err, errlen, "mount tmpfs on /dev: %s", strerror(-r));
        return r;
    }
    d = opendir(stage);
    if (!d) {
        r = -errno;
        snprintf(err, errlen, "open %s: %s", stage, strerror(-r));
        return r;
    }
    r = 0;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "xen"))
            continue;
        r = copy_dev_entry(dirfd(d), stage, de->d_name);
        if (r) {
            snprintf(err, errlen, "/dev/%s: %s", de->d_name, strerror(-r));
            break;
        }
    }
    closedir(d);
    if (r)
        return r;
    /* The devices of sim/host/ when there is a host: evtchn, gntdev and
     * hypercall (whose mappings libxencall takes for its buffers). */
    if (mkdir("/dev/xen", 0755)) {
        r = -errno;
        snprintf(err, errlen, "mkdir /dev/xen: %s", strerror(-r));
        return r;
    }
    if ((r = bind_node(privcmd, "/dev/xen/privcmd", err, errlen)))
        return r;
    if (devices) {
        static const char *const names[] = { "evtchn", "gntdev", "hypercall" };
        char from[256], to[64];

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            snprintf(from, sizeof(from), "%s/%s", devices, names[i]);
            snprintf(to, sizeof(to), "/dev/xen/%s", names[i]);
            if ((r = bind_node(from, to, err, errlen)))
                return r;
        }
    }
    return 0;
}

/* A Linux dom0 has the xenbus backend bus (/sys/bus/xen-backend, with one
 * entry per backend device; none here), and libxenstat, so xentop, fails
 * without it.  sysfs cannot gain a directory, so /sys/bus becomes a tmpfs
 * holding the host's buses (bound from stage, a bind of the host's
 * /sys/bus) and the empty xen-backend/devices. */
int ns_build_xen_bus(const char *stage, char *err, size_t errlen)
{
    struct dirent *de;
    char to[512];
    DIR *d;
    int r = 0;

    if (access("/sys/bus/xen-backend", F_OK) == 0)
        return 0;
    if (mount("/sys/bus", stage, NULL, MS_BIND, NULL)) {
        r = -errno;
        snprintf(err, errlen, "bind /sys/bus: %s", strerror(-r));
        return r;
    }
    if (mount("xenshim-bus", "/sys/bus", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV,
              "mode=0755,size=64k")) {
        r = -errno;
        snprintf(err, errlen, "mount tmpfs on /sys/bus: %s", strerror(-r));
        umount2(stage, MNT_DETACH);
        return r;
    }
    d = opendir(stage);
    while (d && !r && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char from[512];
        snprintf(from, sizeof(from), "%s/%s", stage, de->d_name);
        snprintf(to, sizeof(to), "/sys/bus/%s", de->d_name);
        if (mkdir(to, 0755) || bind_entry(from, to, 1)) {
            r = -errno;
            snprintf(err, errlen, "%s: %s", to, strerror(-r));
        }
    }
    if (!d) {
        r = -errno;
        snprintf(err, errlen, "open %s: %s", stage, strerror(-r));
    } else {
        closedir(d);
    }
    if (!r && (mkdir("/sys/bus/xen-backend", 0755) ||
               mkdir("/sys/bus/xen-backend/devices", 0755))) {
        r = -errno;
        snprintf(err, errlen, "/sys/bus/xen-backend: %s", strerror(-r));
    }
    umount2(stage, MNT_DETACH);
    return r;
}
