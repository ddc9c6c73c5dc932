/* guest_image: the guest-io script as a real guest, and back.
 *
 *   guest_image build SCRIPT RUNTIME IMAGE
 *       IMAGE = RUNTIME (guest_rt.bin) with SCRIPT's accesses in its table.
 *   guest_image report SCRIPT REPORTS
 *       REPORTS: the guest's lines from xl dmesg ("gio I V", "irq N",
 *       "end", "fault ..."), prefix removed.  Prints the state file's
 *       "guest_io":[...] (the simulator's member, filled from the reports)
 *       and ,"guest_irqs":[...] (the lines that interrupted the guest).
 *       Exit 0 when every access was reported and the guest ended its
 *       interrupt window; 1 with the reason on stderr otherwise.
 *
 * The real guest runs in 32-bit protected mode: it refuses what it cannot
 * do (MMIO above 4 GiB, 8-byte accesses) here, naming the line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_io_script.h"
#include "guest_rt.h"

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static int load(const char *path, struct guest_io_script *s)
{
    char err[256];

    if (guest_io_script_load(path, s, err, sizeof(err))) {
        fprintf(stderr, "xenshim run: --guest-io %s\n", err);
        return -1;
    }
    return 0;
}

static int build(const char *script, const char *runtime, const char *image)
{
    static unsigned char img[GUEST_RT_SIZE];
    struct guest_io_script s;
    FILE *f;
    size_t n;

    if (load(script, &s))
        return 2;
    if (s.count > GUEST_RT_MAX_ACCESSES) {
        fprintf(stderr, "xenshim run: --guest-io %s: %zu accesses; the real guest holds %d\n",
                script, s.count, GUEST_RT_MAX_ACCESSES);
        return 2;
    }
    for (size_t i = 0; i < s.count; i++) {
        const struct guest_io_access *a = &s.access[i];

        if (a->size == 8 || a->addr > 0xffffffffull - (a->size - 1)) {
            fprintf(stderr, "xenshim run: --guest-io %s:%u: %s: the real guest runs in 32-bit mode: "
                    "no 8-byte accesses, no MMIO above 4 GiB\n", script, a->line,
                    guest_io_op_name(a->op));
            guest_io_script_free(&s);
            return 2;
        }
    }
    if (!(f = fopen(runtime, "rb")) || (n = fread(img, 1, sizeof(img), f)) != sizeof(img) ||
        fgetc(f) != EOF) {
        fprintf(stderr, "xenshim run: --guest-io %s: %s\n", runtime,
                f ? "not a 64 KiB guest runtime" : strerror(errno));
        if (f)
            fclose(f);
        guest_io_script_free(&s);
        return 2;
    }
    fclose(f);
    unsigned char *t = img + GUEST_RT_TABLE;
    put32(t, GUEST_RT_MAGIC);
    put32(t + 4, (uint32_t)s.count);
    for (size_t i = 0; i < s.count; i++) {
        unsigned char *e = t + 8 + i * GUEST_RT_ENTRY_SIZE;

        e[0] = (unsigned char)s.access[i].op;
        e[1] = (unsigned char)s.access[i].size;
        put32(e + 4, (uint32_t)s.access[i].addr);
        put32(e + 8, (uint32_t)s.access[i].value);
    }
    guest_io_script_free(&s);
    if (!(f = fopen(image, "wb")) || fwrite(img, 1, sizeof(img), f) != sizeof(img) || fclose(f)) {
        fprintf(stderr, "xenshim run: --guest-io %s: %s\n", image, strerror(errno));
        return 2;
    }
    return 0;
}

static int report(const char *script, const char *reports)
{
    struct guest_io_script s;
    char line[256], fault[256] = "";
    unsigned irqs = 0, ended = 0;
    size_t answered = 0;
    FILE *f;

    if (load(script, &s))
        return 2;
    if (!(f = fopen(reports, "r"))) {
        fprintf(stderr, "xenshim run: --guest-io %s: %s\n", reports, strerror(errno));
        guest_io_script_free(&s);
        return 2;
    }
    while (fgets(line, sizeof(line), f)) {
        unsigned long idx, val;

        line[strcspn(line, "\r\n")] = 0;
        if (sscanf(line, "gio %lx %lx", &idx, &val) == 2) {
            /* Accesses are reported in order: a report out of it is not ours. */
            if (idx == answered && idx < s.count) {
                s.access[idx].answered = 1;
                if (!guest_io_op_is_write(s.access[idx].op))
                    s.access[idx].value = val;
                answered++;
            }
        } else if (sscanf(line, "irq %lx", &val) == 1 && val < 16) {
            irqs |= 1u << val;
        } else if (!strcmp(line, "end")) {
            ended = 1;
        } else if (!strncmp(line, "fault", 5) && !fault[0]) {
            memcpy(fault, line, sizeof(fault));
        }
    }
    fclose(f);
    guest_io_script_write_json(&s, stdout);
    printf(",\"guest_irqs\":[");
    for (unsigned i = 0, first = 1; i < 16; i++)
        if (irqs & (1u << i)) {
            printf("%s%u", first ? "" : ",", i);
            first = 0;
        }
    printf("]");
    int rc = 0;
    if (answered < s.count) {
        fprintf(stderr, "the guest reported %zu of %zu accesses; the next is %s:%u (%s)\n",
                answered, s.count, script, s.access[answered].line,
                guest_io_op_name(s.access[answered].op));
        rc = 1;
    } else if (!ended) {
        fprintf(stderr, "the guest did every access but never ended its interrupt window\n");
        rc = 1;
    }
    if (fault[0])
        fprintf(stderr, "the guest stopped: %s\n", fault);
    guest_io_script_free(&s);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "build"))
        return build(argv[2], argv[3], argv[4]);
    if (argc == 4 && !strcmp(argv[1], "report"))
        return report(argv[2], argv[3]);
    fprintf(stderr, "usage: guest_image build SCRIPT RUNTIME IMAGE | report SCRIPT REPORTS\n");
    return 2;
}
