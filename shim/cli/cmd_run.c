/* xenshim run: CMD against the simulated hypervisor of one Xen release.
 *
 * The simulator lives in this process; CMD runs in a child that shares our
 * private mount namespace, where /dev/xen/privcmd and /proc/xen/privcmd
 * are served by sim/fuse_front.c, and CMD's privcmd ioctls are answered
 * through sim/intercept.c.  Exit status: CMD's (128+N when signal N
 * killed it), 2 for a usage error, 125 when the simulator could not be set
 * up, 126/127 when CMD could not be executed/found. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "dm_env.h"
#include "front.h"
#include "hv_guest.h"
#include "host/host.h"
#include "host/xenstored.h"
#include "host/guest_io.h"
#include "guest_io_script.h"
#include "sim.h"
#include "versions.h"

#define RUN_USAGE_ERROR 2
#define RUN_SETUP_ERROR 125

static volatile sig_atomic_t child_pid;

static void forward_signal(int sig)
{
    if (child_pid > 0)
        kill(child_pid, sig);
}

static long run_hypercall(void *hv, struct sim_caller *c, uint64_t op, const uint64_t arg[5])
{
    return sim_hypercall(hv, c, op, arg);
}

static long run_dm_op(void *hv, struct sim_caller *c, uint16_t dom, unsigned nr,
                      const struct sim_dm_op_buf *bufs)
{
    return sim_dm_op(hv, c, dom, nr, bufs);
}

static void known_releases(FILE *out)
{
    fprintf(out, "known releases:");
    for (size_t i = 0; i < xs_nr_releases; i++)
        fprintf(out, " %s", xs_releases[i].name);
    fprintf(out, "\n");
}

static int parse_uint(const char *opt, const char *s, unsigned long min, unsigned long max,
                      const char *why, unsigned long *out)
{
    char *end;
    bool digits = *s != 0;

    /* Plain decimal digits only: strtoul alone would also take " 5",
     * "+5" and "0x10", which a typo more likely wrote than a user. */
    for (const char *c = s; *c; c++)
        digits &= *c >= '0' && *c <= '9';
    errno = 0;
    *out = digits ? strtoul(s, &end, 10) : 0;
    if (!digits || errno || *end || *out < min || *out > max) {
        fprintf(stderr, "xenshim run: %s wants a decimal number from %lu to %lu, not '%s'%s\n",
                opt, min, max, s, why ? why : "");
        return -1;
    }
    return 0;
}

static int preload_shim(void)
{
    return xs_env_preload("run", "libxenshim.so", "build it, or run without the shim: --no-shim");
}

/* Under --sim, the simulated kernel's share of privcmd (guest memory
 * mappings) goes in after the shim, which then sees every call first. */
static int preload_sim_kernel(void)
{
    return xs_env_preload("run", "libxensim-privcmd.so", "build it");
}

/* --xen: a real hypervisor under QEMU TCG, run by realxen/xen-run.sh
 * (installed beside libxenshim.so), which gets CMD's environment as ours
 * is now.  It needs the shim's path even with --no-shim: Debian 12's
 * toolstack in dom0 runs through it on releases other than 4.17. */
/* With --guest-io, CMD is the guest's device model and xl starts it:
 * through `xenshim exec --adapt-args` (what `xenshim wrap`'s script runs)
 * when the shim is wanted, so the environment we pass then has neither the
 * shim nor the compat path; exec says which ("exec", "exec-nocompat"
 * or "direct"). */
struct real_guest {
    const char *script, *exec;
    unsigned long timeout;
};

static int run_real_xen(const char *xen, const struct sim_config *cfg, const char *state_out,
                        const struct real_guest *guest, char **cmd)
{
    const char *dir = xs_cli_libdir();
    char script[PATH_MAX], shim[PATH_MAX], self[PATH_MAX], domid[8], vcpus[8], mem[16];
    char gio_timeout[16];
    char **args;
    int n = 0, nr_cmd = 0;
    ssize_t len;

    if (!dir) {
        fprintf(stderr, "xenshim run: cannot tell where libxenshim.so is\n");
        return RUN_SETUP_ERROR;
    }
    snprintf(script, sizeof(script), "%s/realxen/xen-run.sh", dir);
    snprintf(shim, sizeof(shim), "%s/libxenshim.so", dir);
    if (access(script, R_OK)) {
        fprintf(stderr, "xenshim run: %s: %s\n", script, strerror(errno));
        return RUN_SETUP_ERROR;
    }
    snprintf(domid, sizeof(domid), "%u", cfg->domid);
    snprintf(vcpus, sizeof(vcpus), "%u", cfg->vcpus);
    snprintf(mem, sizeof(mem), "%u", cfg->mem_mib);
    while (cmd[nr_cmd])
        nr_cmd++;
    len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (len <= 0) {
        fprintf(stderr, "xenshim run: cannot tell where this xenshim is\n");
        return RUN_SETUP_ERROR;
    }
    self[len] = 0;
    snprintf(gio_timeout, sizeof(gio_timeout), "%lu", guest ? guest->timeout : 0);
    args = calloc((size_t)nr_cmd + 16, sizeof(*args));
    if (!args)
        return RUN_SETUP_ERROR;
    args[n++] = "bash";
    args[n++] = script;
    args[n++] = (char *)xen;
    args[n++] = domid;
    args[n++] = vcpus;
    args[n++] = mem;
    args[n++] = (char *)(state_out ? state_out : "-");
    args[n++] = shim;
    if (guest) {
        args[n++] = "--guest-io";
        args[n++] = (char *)guest->script;
        args[n++] = gio_timeout;
        args[n++] = (char *)guest->exec;
        args[n++] = self;
    }
    args[n++] = "--";
    for (int i = 0; i < nr_cmd; i++)
        args[n++] = cmd[i];
    execvp("bash", args);
    fprintf(stderr, "xenshim run: bash: %s\n", strerror(errno));
    free(args);
    return RUN_SETUP_ERROR;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: xenshim run --sim VERSION | --xen VERSION|IMAGE [--no-shim] [--no-compat] [--state-out FILE] "
            "[--domid N] [--vcpus N] [--mem-mib N] [--guest-io FILE [--guest-io-timeout S]] -- CMD [ARGS...]\n"
            "Runs CMD against a simulated Xen VERSION (see `xenshim versions`),\n"
            "with libxenshim.so preloaded unless --no-shim, and the compat sonames\n"
            "of old releases on its library path unless --no-compat.  As an ordinary\n"
            "user it works in a user namespace of its own.\n"
            "What CMD leaves running gets up to 2 s to finish before the simulator stops.\n"
            "XENSHIM_SIM_TRACE=FILE logs one line per hypercall.\n"
            "--xen boots a real Xen (4.14, 4.17, 4.20: Debian's; or an image file) under\n"
            "QEMU TCG with Debian's kernel as dom0, and runs CMD there (realxen/README.md).\n"
            "--guest-io FILE: a guest does FILE's accesses; with --xen it is a real HVM guest\n"
            "that Debian's xl boots with CMD as its device model (docs/real-guest.md).\n");
}

/* The child installs the privcmd seccomp filter (see sim/front.h) and
 * hands its listener to us over sock before exec. */
static pid_t spawn(char **cmd, int sock[2], int intercept)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    sigset_t none;
    pid_t pid = fork();

    if (pid)
        return pid;
    close(sock[0]);
    if (intercept && sock[1] >= 0 && sim_intercept_child(sock[1]) < 0) {
        dprintf(2, "xenshim run: cannot hand the seccomp listener over\n");
        _exit(RUN_SETUP_ERROR);
    }
    close(sock[1]);
    /* Ignored signals survive exec: give CMD the defaults back. */
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGINT, &dfl, NULL);
    sigaction(SIGQUIT, &dfl, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execvp(cmd[0], cmd);
    dprintf(2, "xenshim run: %s: %s\n", cmd[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
}

static int wait_child(pid_t pid)
{
    int st;

    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return RUN_SETUP_ERROR;
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

/* We are the subreaper of CMD's descendants: what CMD left running (the
 * shim's dm_op broker, which leaves when CMD's end of its socket closes)
 * gets a moment to finish its last call before the simulator stops, and
 * is reaped rather than left a zombie.  Anything still running after that
 * is left alone. */
#define LEFTOVER_GRACE_MS 2000

static void reap_leftovers(void)
{
    for (int waited = 0; waited < LEFTOVER_GRACE_MS; waited += 10) {
        pid_t p;

        while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
            ;
        if (p < 0 && errno != EINTR)
            return;   /* ECHILD: nobody left */
        usleep(10 * 1000);
    }
}

static int write_state(struct sim *s, const char *path)
{
    FILE *f = fopen(path, "w");
    int r;

    if (!f) {
        fprintf(stderr, "xenshim run: %s: %s\n", path, strerror(errno));
        return -1;
    }
    r = sim_write_state_json(s, f);
    if (fclose(f) || r < 0) {
        fprintf(stderr, "xenshim run: cannot write the state to %s\n", path);
        return -1;
    }
    return 0;
}

static void write_guest_io_state(void *ctx, FILE *out)
{
    guest_io_script_write_json(ctx, out);
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        { "sim", required_argument, 0, 's' },
        { "xen", required_argument, 0, 'x' },
        { "no-shim", no_argument, 0, 'n' },
        { "no-compat", no_argument, 0, 'c' },
        { "state-out", required_argument, 0, 'o' },
        { "domid", required_argument, 0, 'd' },
        { "vcpus", required_argument, 0, 'v' },
        { "mem-mib", required_argument, 0, 'm' },
        { "guest-io", required_argument, 0, 'g' },
        { "guest-io-timeout", required_argument, 0, 'G' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    const char *version = NULL, *xen = NULL, *state_out = NULL, *trace_path, *guest_io = NULL;
    struct guest_io_script script = { NULL, 0 };
    struct guest_io_run *gio = NULL;
    unsigned long guest_io_timeout = 0;   /* 0: not given */
    struct sim_config cfg = { .domid = 1, .vcpus = 2, .mem_mib = 128 };
    struct sigaction sa = { .sa_handler = forward_signal };
    struct privcmd_hv hv = { run_hypercall, run_dm_op, NULL, NULL };
    const struct xs_release *rel;
    struct sim_front *front;
    struct sim_host *host = NULL;
    struct sim_xenstored *xenstored = NULL;
    unsigned long n;
    int opt, r, no_shim = 0, no_compat = 0, status, sock[2], filtered = 0, no_intercept;
    const char *p;
    struct sim_intercept *intercept = NULL;
    char err[256];
    struct sim *s;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (opt) {
        case 's': version = optarg; break;
        case 'x': xen = optarg; break;
        case 'n': no_shim = 1; break;
        case 'c': no_compat = 1; break;
        case 'o':
            /* getopt hands over the next word whatever it is: "--state-out
             * -- CMD" would write the state to a file named "--". */
            if (!*optarg || optarg[0] == '-') {
                fprintf(stderr, "xenshim run: --state-out wants a file name, not '%s'\n", optarg);
                return RUN_USAGE_ERROR;
            }
            state_out = optarg;
            break;
        case 'd':
            /* Below DOMID_FIRST_RESERVED, and not dom0: the guest is a domU. */
            if (parse_uint("--domid", optarg, 1, 0x7fef, NULL, &n))
                return RUN_USAGE_ERROR;
            cfg.domid = (uint16_t)n;
            break;
        case 'v':
            if (parse_uint("--vcpus", optarg, 1, HV_MAX_VCPUS,
                           " (the simulated guest keeps per-vCPU state for at most 64)", &n))
                return RUN_USAGE_ERROR;
            cfg.vcpus = (unsigned)n;
            break;
        case 'm':
            if (parse_uint("--mem-mib", optarg, 1, 1u << 20, NULL, &n))
                return RUN_USAGE_ERROR;
            cfg.mem_mib = (unsigned)n;
            break;
        case 'g': guest_io = optarg; break;
        case 'G':
            if (parse_uint("--guest-io-timeout", optarg, 1, 3600, NULL, &guest_io_timeout))
                return RUN_USAGE_ERROR;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return RUN_USAGE_ERROR;
        }
    }
    if (version && xen) {
        fprintf(stderr, "xenshim run: --sim and --xen exclude each other\n");
        return RUN_USAGE_ERROR;
    }
    if (xen && optind < argc) {
        /* xen-run.sh reads the script (once: it may be a pipe) and checks
         * it with the same parser, for what the real guest can do too. */
        /* A real guest's clock starts at xl create, which alone takes
         * 12-25 s under TCG: more room than the simulator's 30 s. */
        struct real_guest guest = { guest_io, no_shim ? "direct" : no_compat ? "exec-nocompat" : "exec",
                                    guest_io_timeout ? guest_io_timeout : 120 };

        if (!(guest_io && !no_shim)) {
            if (!no_shim && preload_shim())
                return RUN_SETUP_ERROR;
            if (!no_compat)
                xs_env_add_compat_path("run", 0);
        }
        return run_real_xen(xen, &cfg, state_out, guest_io ? &guest : NULL, argv + optind);
    }
    if (!version || optind >= argc) {
        fprintf(stderr, "xenshim run: %s\n", !version && !xen ? "--sim VERSION or --xen VERSION|IMAGE is required"
                                                              : "no command to run");
        usage(stderr);
        return RUN_USAGE_ERROR;
    }
    if (guest_io && guest_io_script_load(guest_io, &script, err, sizeof(err))) {
        fprintf(stderr, "xenshim run: --guest-io %s\n", err);
        return RUN_USAGE_ERROR;
    }
    if (guest_io) {
        cfg.state_guest_io = write_guest_io_state;
        cfg.state_ctx = &script;
    }
    rel = xs_release_by_name(version);
    if (!rel) {
        fprintf(stderr, "xenshim run: unknown Xen release '%s'; ", version);
        known_releases(stderr);
        return RUN_USAGE_ERROR;
    }
    /* Not root: a user namespace of our own, before the simulator's threads. */
    if (geteuid() != 0 && (r = ns_enter_user())) {
        fprintf(stderr, "xenshim run: not root, and cannot create a user namespace: %s "
                "(run as root, or allow unprivileged user namespaces: sysctl "
                "user.max_user_namespaces, kernel.unprivileged_userns_clone)\n", strerror(-r));
        return RUN_SETUP_ERROR;
    }
    if (preload_sim_kernel() || (!no_shim && preload_shim()))
        return RUN_SETUP_ERROR;
    if (!no_compat)
        xs_env_add_compat_path("run", 0);

    trace_path = getenv("XENSHIM_SIM_TRACE");
    if (trace_path && *trace_path) {
        cfg.trace = fopen(trace_path, "w");
        if (!cfg.trace) {
            fprintf(stderr, "xenshim run: XENSHIM_SIM_TRACE=%s: %s\n", trace_path,
                    strerror(errno));
            return RUN_SETUP_ERROR;
        }
        setvbuf(cfg.trace, NULL, _IOLBF, 0);
    }
    /* XENSHIM_SIM_PREEMPT=N: Xen's preemption checks succeed every Nth
     * time (1: wherever the release may preempt), for tests of callers. */
    if ((p = getenv("XENSHIM_SIM_PREEMPT")) && *p)
        cfg.preempt_every = (unsigned)strtoul(p, NULL, 10);
    s = sim_create(rel, &cfg);
    if (!s) {
        fprintf(stderr, "xenshim run: cannot create the simulated Xen %s\n", rel->name);
        if (cfg.trace)
            fclose(cfg.trace);
        return RUN_SETUP_ERROR;
    }
    hv.hv = s;
    hv.sim = s;
    host = sim_host_create(s, err, sizeof(err));
    front = host ? sim_front_start(&hv, host, err, sizeof(err)) : NULL;
    if (front && !(xenstored = sim_xenstored_start(&cfg, err, sizeof(err)))) {
        fprintf(stderr, "xenshim run: cannot start the simulated host's xenstore: %s\n", err);
        if (!sim_front_stop(front))
            sim_host_destroy(host);
        sim_destroy(s);
        if (cfg.trace)
            fclose(cfg.trace);
        return RUN_SETUP_ERROR;
    }
    if (!front) {
        fprintf(stderr, "xenshim run: cannot serve privcmd: %s\n", err);
        sim_host_destroy(host);
        sim_destroy(s);
        if (cfg.trace)
            fclose(cfg.trace);
        return RUN_SETUP_ERROR;
    }

    /* A terminal's ^C or ^\ reaches CMD directly; we only outlive it.
     * TERM and HUP sent to us are passed on. */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);

    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock)) {
        fprintf(stderr, "xenshim run: socketpair: %s\n", strerror(errno));
        sock[0] = sock[1] = -1;
    }
    /* XENSHIM_SIM_INTERCEPT=0 leaves every ioctl to FUSE (to test that
     * path; ENOSYS then reads as ENOTTY). */
    no_intercept = (p = getenv("XENSHIM_SIM_INTERCEPT")) && !strcmp(p, "0");
    if (!no_intercept && !sim_intercept_available()) {
        fprintf(stderr, "xenshim run: warning: this kernel cannot intercept privcmd ioctls "
                "(Linux 5.6 needed); through FUSE ENOSYS reads as ENOTTY\n");
        no_intercept = 1;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1))
        fprintf(stderr, "xenshim run: warning: cannot reap CMD's orphans: %s\n", strerror(errno));
    child_pid = spawn(argv + optind, sock, !no_intercept);
    if (child_pid < 0) {
        fprintf(stderr, "xenshim run: fork: %s\n", strerror(errno));
        status = RUN_SETUP_ERROR;
    } else {
        close(sock[1]);
        intercept = sim_intercept_start(front, sock[0], &filtered, err, sizeof(err));
        if (guest_io && (intercept || !filtered) &&
            !(gio = guest_io_start(s, cfg.domid, &script, guest_io_timeout ? (int)guest_io_timeout : 30, child_pid))) {
            fprintf(stderr, "xenshim run: cannot start the guest's script\n");
            kill(child_pid, SIGKILL);
        }
        if (!intercept && filtered) {
            fprintf(stderr, "xenshim run: %s\n", err);
            kill(child_pid, SIGKILL);
        } else if (!intercept && !no_intercept) {
            fprintf(stderr, "xenshim run: warning: %s; privcmd ioctls go through FUSE, "
                    "where ENOSYS reads as ENOTTY\n", err);
        }
        status = wait_child(child_pid);
        if (guest_io) {
            /* The run is the guest's: 0 when every access was answered. */
            guest_io_cmd_exited(gio);
            status = gio && guest_io_finish(gio) == 0 ? 0 : 1;
        }
        reap_leftovers();
        if (!intercept && filtered)
            status = RUN_SETUP_ERROR;
    }
    close(sock[0]);
    child_pid = 0;
    sim_xenstored_stop(xenstored);
    sim_intercept_stop(intercept);

    if (sim_front_stop(front)) {
        /* A call is still being served: the simulator must outlive it. */
        fprintf(stderr, "xenshim run: the simulator did not stop; state not written\n");
        return state_out ? RUN_SETUP_ERROR : status;
    }
    sim_host_destroy(host);
    if (state_out && write_state(s, state_out))
        status = RUN_SETUP_ERROR;
    sim_destroy(s);
    if (cfg.trace)
        fclose(cfg.trace);
    guest_io_script_free(&script);
    return status;
}

XS_CLI_COMMAND(run_command, "run",
               "run --sim VERSION | --xen VERSION|IMAGE [--no-shim] [--no-compat] [--state-out FILE] [--domid N] [--vcpus N] "
               "[--mem-mib N] [--guest-io FILE [--guest-io-timeout S]] -- CMD [ARGS...]",
               cmd_run)
