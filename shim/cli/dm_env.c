#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dm_env.h"

int xs_env_preload(const char *prog, const char *name, const char *missing)
{
    const char *dir = xs_cli_libdir(), *old = getenv("LD_PRELOAD");
    char lib[PATH_MAX], *val;
    int r;

    snprintf(lib, sizeof(lib), "%s/%s", dir ? dir : "", name);
    if (!dir || access(lib, R_OK)) {
        fprintf(stderr, "xenshim %s: %s not found next to this xenshim (%s)\n", prog, name, missing);
        return -1;
    }
    r = old && *old ? asprintf(&val, "%s:%s", lib, old) : asprintf(&val, "%s", lib);
    if (r < 0 || setenv("LD_PRELOAD", val, 1)) {
        fprintf(stderr, "xenshim %s: cannot set LD_PRELOAD\n", prog);
        return -1;
    }
    free(val);
    return 0;
}

/* Old device models need sonames this host no longer ships (compat
 * libraries, issue 5).  They go on CMD's library path only, never the
 * host's.  A host that itself ships one of those sonames (a 4.5-4.16
 * userspace) keeps its own: the compat directory is then left out
 * entirely, and said so, rather than shadowing a real library. */
void xs_env_add_compat_path(const char *prog, int quiet)
{
    const char *dir = xs_cli_libdir(), *old = getenv("LD_LIBRARY_PATH");
    char compat[PATH_MAX], *val;
    struct dirent *e;
    DIR *d;
    int r;

    if (!dir || snprintf(compat, sizeof(compat), "%s/compat", dir) >= (int)sizeof(compat))
        return;
    d = opendir(compat);
    if (!d)
        return;
    while ((e = readdir(d))) {
        void *h;

        if (strncmp(e->d_name, "lib", 3))
            continue;
        h = dlopen(e->d_name, RTLD_LAZY | RTLD_LOCAL);
        if (h) {
            dlclose(h);
            if (!quiet)
                fprintf(stderr, "xenshim %s: the host provides %s: compat libraries "
                        "not put on the library path\n", prog, e->d_name);
            closedir(d);
            return;
        }
    }
    closedir(d);
    r = old && *old ? asprintf(&val, "%s:%s", compat, old) : asprintf(&val, "%s", compat);
    if (r >= 0) {
        setenv("LD_LIBRARY_PATH", val, 1);
        free(val);
    }
}
