/* Finding the host's Xen libraries.  libxenctrl and libxenguest change
 * soname every release, so the newest libxen*.so.4.* in the system library
 * directories is taken; by absolute path, because the compat directory
 * (holding libxenctrl.so.4.5 ... 4.16) is on LD_LIBRARY_PATH and must not
 * be found instead.  The others kept their sonames since 4.9.
 *
 * The host libraries are opened RTLD_LOCAL and without RTLD_DEEPBIND: the
 * LD_PRELOADed shim must still see their ioctls.  Their calls to their
 * own exported functions carry their symbol versions, which our
 * definitions never match (see compat.mk), so they stay inside. */
#include <dlfcn.h>
#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

static const char *const sonames[HOST_NLIBS] = {
    [HOST_CTRL] = "libxenctrl.so.4.*",
    [HOST_DM] = "libxendevicemodel.so.1",
    [HOST_FMEM] = "libxenforeignmemory.so.1",
    [HOST_EVTCHN] = "libxenevtchn.so.1",
    [HOST_GNTTAB] = "libxengnttab.so.1",
    [HOST_STORE] = "libxenstore.so.4",
    [HOST_GUEST] = "libxenguest.so.4.*",
};

static const char *const libdirs[] = {
    "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64",
    "/usr/local/lib", "/usr/lib", "/lib",
};

static void *handles[HOST_NLIBS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int newest_first(const void *a, const void *b)
{
    return strverscmp(*(char *const *)b, *(char *const *)a);
}

/* The newest real match of `pattern` in `dir` (XENSHIM_HOST_LIBDIR, if
 * set, replaces the list), skipping our own compat libraries and the
 * unversioned development links. */
static void *open_in(const char *dir, const char *pattern)
{
    char path[512];
    glob_t g;
    void *h = NULL;

    snprintf(path, sizeof(path), "%s/%s", dir, pattern);
    if (glob(path, 0, NULL, &g) != 0)
        return NULL;
    qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), newest_first);
    for (size_t i = 0; i < g.gl_pathc && !h; i++) {
        h = dlopen(g.gl_pathv[i], RTLD_NOW | RTLD_LOCAL);
        if (h && dlsym(h, "xenshim_compat_release")) {
            dlclose(h);
            h = NULL;
        }
    }
    globfree(&g);
    return h;
}

static void *open_lib(enum host_lib lib)
{
    /* secure_getenv: a set-uid program linked against the compat
     * libraries must not load code from a directory its caller names. */
    const char *env = secure_getenv("XENSHIM_HOST_LIBDIR");
    void *h = NULL;

    if (env && *env)
        return open_in(env, sonames[lib]);
    for (size_t i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]) && !h; i++)
        h = open_in(libdirs[i], sonames[lib]);
    return h;
}

void compat_unsupported(const char *what)
{
    static char said[64][64];
    static unsigned nsaid;
    int first = 1;

    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < nsaid; i++)
        if (!strcmp(said[i], what))
            first = 0;
    if (first && nsaid < 64)
        snprintf(said[nsaid++], sizeof(said[0]), "%s", what);
    pthread_mutex_unlock(&lock);
    if (first)
        fprintf(stderr, "xenshim compat: %s has no equivalent on this host: ENOSYS\n", what);
    errno = ENOSYS;
}

void *host_sym(enum host_lib lib, const char *name, const char *caller)
{
    void *h, *f = NULL;

    pthread_mutex_lock(&lock);
    if (!handles[lib])
        handles[lib] = open_lib(lib);
    h = handles[lib];
    pthread_mutex_unlock(&lock);
    if (h)
        f = dlsym(h, name);
    if (!f)
        compat_unsupported(caller);
    return f;
}
