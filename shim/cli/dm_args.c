/* The device-model eras (dm_args.h): which libxl arguments which QEMU
 * refuses, as data, and the rewriting that follows it. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dm_args.h"
#include "elf_reader.h"

enum dm_action {
    DROP_PROPERTY,   /* drop property `what` from the option's key=value list */
    DROP_OPTION,     /* drop the option and its value when the value is `what` */
    REFUSE,          /* the option cannot be honoured nor safely dropped */
};

enum dm_when {
    WHEN_OLDER,      /* built for Xen <= xen_upto, or QEMU < qemu_before */
    WHEN_NO_VNC,     /* built without VNC */
};

struct dm_arg_rule {
    const char *option;
    const char *what;
    bool has_value;           /* the option takes a value (the next word) */
    enum dm_action action;
    enum dm_when when;
    const char *xen_upto, *qemu_before;
    const char *why;
};

/* What libxl 4.17 passes that older device models refuse.  The Xen
 * releases are those whose qemu-xen tree had the QEMU before the change
 * (4.6: QEMU 2.2, 4.7-4.8: 2.6, 4.9: 2.9, 4.10: 2.10). */
static const struct dm_arg_rule rules[] = {
    { "-machine", "suppress-vmdesc", true, DROP_PROPERTY, WHEN_OLDER, "4.6", "2.3",
      "QEMU before 2.3 has no suppress-vmdesc and refuses the whole -machine option "
      "(it only keeps the migration stream free of a description older QEMUs ignore)" },
    { "-vnc", "none", true, DROP_OPTION, WHEN_NO_VNC, NULL, NULL,
      "built without VNC, where older QEMUs refuse any -vnc (\"VNC support is disabled\"; "
      "later stubs take -vnc none); none asks for no VNC server, which it has not" },
    { "-xen-domid-restrict", NULL, false, REFUSE, WHEN_OLDER, "4.9", "2.10",
      "QEMU before 2.10 cannot restrict itself to its domain, and running it unrestricted "
      "would give it more than the toolstack asked for" },
};

static bool rule_applies(const struct dm_arg_rule *r, const struct dm_era *era)
{
    if (r->when == WHEN_NO_VNC)
        return era->no_vnc;
    if (era->xen[0])
        return strverscmp(era->xen, r->xen_upto) <= 0;
    return era->qemu[0] && strverscmp(era->qemu, r->qemu_before) < 0;
}

bool dm_era_parse_version(const char *text, char *out, size_t len)
{
    const char *p = strstr(text, "QEMU emulator version ");
    size_t n = 0;

    if (!p)
        return false;
    p += strlen("QEMU emulator version ");
    while ((p[n] >= '0' && p[n] <= '9') || p[n] == '.')
        n++;
    if (!n || n >= len || p[0] == '.')
        return false;
    memcpy(out, p, n);
    out[n] = 0;
    return true;
}

void dm_era_from_image(const unsigned char *img, size_t size, const char *needed_xenctrl,
                       struct dm_era *era)
{
    static const char no_vnc[] = "VNC support is disabled";
    int major, minor, n = 0;

    memset(era, 0, sizeof(*era));
    if (needed_xenctrl &&
        sscanf(needed_xenctrl, "libxenctrl.so.%d.%d%n", &major, &minor, &n) == 2 &&
        !needed_xenctrl[n]) {
        snprintf(era->xen, sizeof(era->xen), "%d.%d", major, minor);
        snprintf(era->source, sizeof(era->source), "%s", needed_xenctrl);
    }
    era->no_vnc = img && memmem(img, size, no_vnc, sizeof(no_vnc) - 1);
}

/* `path -version`, at most 2 s, its first 256 bytes of output. */
static void era_from_version(const char *path, struct dm_era *era)
{
    char buf[256];
    size_t got = 0;
    int pipefd[2], st;
    pid_t pid;

    if (pipe2(pipefd, O_CLOEXEC))
        return;
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 2);
        dup2(pipefd[1], 1);
        execl(path, path, "-version", (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    if (pid < 0) {
        close(pipefd[0]);
        return;
    }
    fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
    for (int ms = 0; ms < 2000 && got < sizeof(buf) - 1; ms += 10) {
        ssize_t r = read(pipefd[0], buf + got, sizeof(buf) - 1 - got);
        if (r == 0)
            break;
        if (r > 0)
            got += (size_t)r;
        else if (errno != EAGAIN && errno != EINTR)
            break;
        else
            nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    }
    close(pipefd[0]);
    kill(pid, SIGKILL);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    buf[got] = 0;
    if (dm_era_parse_version(buf, era->qemu, sizeof(era->qemu)))
        snprintf(era->source, sizeof(era->source), "-version");
}

int dm_era_detect(const char *path, struct dm_era *era)
{
    const char *xenctrl = NULL;
    struct elf_file f;
    int rc = elf_open(path, &f);

    memset(era, 0, sizeof(*era));
    if (rc)
        return rc;
    for (size_t i = 0; i < f.ndyn && f.dyn[i].d_tag != DT_NULL; i++) {
        const char *s = f.dyn[i].d_tag == DT_NEEDED ? elf_str(&f, f.dyn[i].d_un.d_val) : NULL;
        if (s && !strncmp(s, "libxenctrl.so.", 14))
            xenctrl = s;
    }
    dm_era_from_image(f.map, f.size, xenctrl, era);
    elf_close(&f);
    if (!era->xen[0])
        era_from_version(path, era);
    return 0;
}

static void era_name(const struct dm_era *era, char *out, size_t len)
{
    if (era->xen[0])
        snprintf(out, len, "built for Xen %s, from %s", era->xen, era->source);
    else if (era->qemu[0])
        snprintf(out, len, "QEMU %s, from -version", era->qemu);
    else
        snprintf(out, len, "era unknown");
}

void dm_args_describe(const struct dm_era *era, FILE *out, const char *indent)
{
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        const struct dm_arg_rule *r = &rules[i];
        if (!rule_applies(r, era))
            continue;
        fprintf(out, "%s%s %s%s%s: %s\n", indent,
                r->action == REFUSE ? "refuses" : "drops", r->option,
                r->what ? r->action == DROP_PROPERTY ? " property " : " " : "",
                r->what ? r->what : "", r->why);
    }
}

/* value without its key[=...] items named prop; NULL on ENOMEM. */
static char *drop_property(const char *value, const char *prop, bool *dropped)
{
    char *out = malloc(strlen(value) + 1), *o = out;
    size_t plen = strlen(prop);
    const char *p = value;

    if (!out)
        return NULL;
    *dropped = false;
    while (*p) {
        const char *end = strchrnul(p, ',');
        size_t n = (size_t)(end - p);
        if (n >= plen && !strncmp(p, prop, plen) && (n == plen || p[plen] == '='))
            *dropped = true;
        else {
            if (o != out)
                *o++ = ',';
            memcpy(o, p, n);
            o += n;
        }
        p = *end ? end + 1 : end;
    }
    *o = 0;
    return out;
}

void dm_args_free(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

char **dm_args_adapt(const struct dm_era *era, char **argv, FILE *log, const char *prefix,
                     bool *refused)
{
    size_t argc = 0, n = 0;
    char **out, what[160];

    *refused = false;
    era_name(era, what, sizeof(what));
    while (argv[argc])
        argc++;
    out = calloc(argc + 1, sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < argc; i++) {
        const struct dm_arg_rule *hit = NULL;
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *kept = NULL;

        for (size_t j = 0; i > 0 && j < sizeof(rules) / sizeof(rules[0]) && !hit; j++) {
            const struct dm_arg_rule *r = &rules[j];
            if (strcmp(argv[i], r->option) || !rule_applies(r, era))
                continue;
            if (r->action == REFUSE)
                hit = r;
            else if (value && r->action == DROP_OPTION && !strcmp(value, r->what))
                hit = r;
            else if (value && r->action == DROP_PROPERTY) {
                bool dropped;
                kept = drop_property(value, r->what, &dropped);
                if (!kept)
                    goto nomem;
                if (dropped)
                    hit = r;
                else {
                    free(kept);
                    kept = NULL;
                }
            }
        }
        if (hit && hit->action == REFUSE) {
            fprintf(log, "%s: %s (%s) cannot take %s: %s\n", prefix, argv[0], what,
                    hit->option, hit->why);
            *refused = true;
            dm_args_free(out);
            return NULL;
        }
        if (hit) {
            fprintf(log, "%s: %s (%s): %s %s -> %s: %s\n", prefix, argv[0], what, argv[i],
                    value, kept ? kept : "(dropped)", hit->why);
        }
        if (hit && kept && *kept) {
            /* The option stays with what is left of its value. */
            if (!(out[n++] = strdup(argv[i])))
                goto nomem;
            out[n++] = kept;
            i++;
            continue;
        }
        free(kept);
        if (hit) {
            i += hit->has_value;
            continue;
        }
        if (!(out[n++] = strdup(argv[i])))
            goto nomem;
    }
    return out;
nomem:
    dm_args_free(out);
    return NULL;
}
