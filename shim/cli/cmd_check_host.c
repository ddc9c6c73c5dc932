/* xenshim check --host [--target VERSION] [--json]
 *
 * Every device model and Xen tool installed (qemu-system-*, the
 * /usr/libexec QEMUs, /usr/lib/xen-<version>/bin) and whether each runs
 * on this host as it is, with the shim (`xenshim exec`, `xenshim wrap`),
 * or not at all, and why.  The host's Xen is the running hypervisor's
 * release (the shim's detection), else --target, else the release of the
 * installed libraries; the libraries a program loads are the installed
 * ones, unless --target says the host changes release.  Exit status 0,
 * or 1 when some program cannot run.
 *
 * A program needs the shim when it links sonames only the compat layer
 * provides, or was built for another release than the host's (its
 * libxenctrl.so.4.N): its domctl/sysctl interface versions, and before
 * 4.9 its HVMOPs, are not the host's. */
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "detect.h"
#include "dm_args.h"
#include "fdtable.h"
#include "hv_access.h"
#include "json_out.h"

static const char *const host_globs[] = {
    "/usr/bin/qemu-system-*", "/usr/libexec/*qemu*", "/usr/lib/xen-*/bin/*",
};

enum verdict { AS_IS, WITH_SHIM, CANNOT, NOT_JUDGED };
static const char *const verdict_key[] = { "as-is", "shim", "no", "not-judged" };
static const char *const verdict_text[] = {
    "runs as it is", "runs with the shim", "does not run", "not judged",
};

struct judged {
    enum verdict verdict;
    char built_for[16];     /* Xen release of its libxenctrl, or "" */
    char why[256];
};

/* The running hypervisor's release, as the shim detects it, or "". */
static void running_release(char *out, size_t len)
{
    struct xs_privcmd pc = { -1, xs_raw_ioctl };
    struct xs_profile profile;
    struct xs_hv hv;
    const char *path;

    out[0] = 0;
    pc.fd = xs_cli_open_privcmd(&path);
    if (pc.fd < 0)
        return;
    xs_hv_init(&hv, &pc, NULL);
    xs_detect(&hv, NULL, &profile);
    close(pc.fd);
    if (!profile.passthrough)
        snprintf(out, len, "%s", xs_profile_name(&profile));
}

static bool is_script(const char *path)
{
    char magic[2];
    FILE *f = fopen(path, "r");
    bool r = f && fread(magic, 1, 2, f) == 2 && magic[0] == '#' && magic[1] == '!';

    if (f)
        fclose(f);
    return r;
}

/* libs: the release whose libraries it will load (the installed ones,
 * unless --target says the host changes); target: the host's Xen. */
static void judge(const char *path, const char *libs, const char *target, const char *installed,
                  struct judged *j)
{
    struct check_result r;
    struct dm_era era;
    int rc = check_binary(path, libs, installed, &r);

    memset(j, 0, sizeof(*j));
    if (rc) {
        j->verdict = NOT_JUDGED;
        snprintf(j->why, sizeof(j->why), "%s", rc == -ENOEXEC && is_script(path)
                 ? "a script: what it starts is judged on its own" : check_strerror(rc));
        check_free(&r);
        return;
    }
    dm_era_from_image(NULL, 0, r.xenctrl, &era);
    snprintf(j->built_for, sizeof(j->built_for), "%s", era.xen);
    if (r.missing) {
        const char *what = NULL;
        for (size_t i = 0; i < r.nneed && !what; i++)
            if (r.need[i].who == WHO_MISSING)
                what = r.need[i].soname;
        for (size_t i = 0; i < r.nsyms && !what; i++)
            if (r.syms[i].who == WHO_MISSING)
                what = r.syms[i].name;
        j->verdict = CANNOT;
        snprintf(j->why, sizeof(j->why), "%u Xen sonames or symbols nobody provides (%s); "
                 "`xenshim check %s` lists them", r.missing, what ? what : "?", path);
    } else if (!r.nneed) {
        j->verdict = AS_IS;
        snprintf(j->why, sizeof(j->why), "uses no Xen library");
    } else if (r.from_compat) {
        j->verdict = WITH_SHIM;
        snprintf(j->why, sizeof(j->why), "%u of its Xen symbols only the compat sonames provide",
                 r.from_compat);
    } else if (era.xen[0] && target[0] && strcmp(era.xen, target)) {
        j->verdict = WITH_SHIM;
        snprintf(j->why, sizeof(j->why), "built for Xen %s, the host runs %s: its calls need "
                 "translating (xenshim exec -- %s)", era.xen, target, path);
    } else {
        j->verdict = AS_IS;
        snprintf(j->why, sizeof(j->why), "%s%s, every Xen library from the host",
                 era.xen[0] ? "built for Xen " : "", era.xen[0] ? era.xen : "no libxenctrl");
    }
    check_free(&r);
}

int check_host(const char *target_arg, const char *installed, bool json)
{
    char running[16], target[16];
    const char *basis;
    unsigned count[4] = { 0 }, n = 0;
    int rc;

    running_release(running, sizeof(running));
    if (running[0] && !target_arg) {
        snprintf(target, sizeof(target), "%s", running);
        basis = "running";
    } else {
        if ((rc = check_target(target_arg, installed, target, sizeof(target))))
            return rc;
        basis = target_arg ? "target" : "installed";
    }
    if (json) {
        printf("{\"target\": ");
        json_string(stdout, target[0] ? target : NULL);
        printf(", \"basis\": \"%s\", \"running\": ", basis);
        json_string(stdout, running[0] ? running : NULL);
        printf(", \"installed\": ");
        json_string(stdout, installed[0] ? installed : NULL);
        printf(",\n \"programs\": [");
    } else {
        printf("host: Xen %s (%s)\n", target[0] ? target : "none",
               !strcmp(basis, "running") ? "the running hypervisor"
               : !strcmp(basis, "target") ? "--target"
               : "no Xen running: the installed libraries' release");
    }
    for (size_t g = 0; g < sizeof(host_globs) / sizeof(host_globs[0]); g++) {
        glob_t gl;

        if (glob(host_globs[g], 0, NULL, &gl))
            continue;
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            const char *path = gl.gl_pathv[i], *base = strrchr(path, '/') + 1;
            const char *kind = strstr(base, "qemu") ? "device-model" : "xen-tool";
            struct stat st;
            struct judged j;

            if (stat(path, &st) || !S_ISREG(st.st_mode) || access(path, X_OK))
                continue;
            judge(path, strcmp(basis, "target") ? installed : target, target, installed, &j);
            count[j.verdict]++;
            if (json) {
                printf("%s\n  {\"path\": ", n ? "," : "");
                json_string(stdout, path);
                printf(", \"kind\": \"%s\", \"built_for\": ", kind);
                json_string(stdout, j.built_for[0] ? j.built_for : NULL);
                printf(", \"verdict\": \"%s\", \"why\": ", verdict_key[j.verdict]);
                json_string(stdout, j.why);
                printf("}");
            } else {
                printf("%s: %s, %s: %s\n", path,
                       strcmp(kind, "xen-tool") ? "device model" : "Xen tool",
                       verdict_text[j.verdict], j.why);
            }
            n++;
        }
        globfree(&gl);
    }
    if (json)
        printf("],\n \"summary\": {\"programs\": %u, \"as_is\": %u, \"shim\": %u, \"no\": %u, "
               "\"not_judged\": %u}}\n", n, count[AS_IS], count[WITH_SHIM], count[CANNOT],
               count[NOT_JUDGED]);
    else
        printf("summary: %u programs: %u as they are, %u with the shim (xenshim exec, "
               "xenshim wrap), %u not at all, %u not judged\n", n, count[AS_IS],
               count[WITH_SHIM], count[CANNOT], count[NOT_JUDGED]);
    return count[CANNOT] ? 1 : 0;
}
