/* The guest-io script format (sim/guest_io_script.h). */
#include "guest_io_script.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    enum guest_io_op op;
    int has_value;
    int is_port;
} op_table[] = {
    { "out",   GUEST_IO_OUT,   1, 1 },
    { "in",    GUEST_IO_IN,    0, 1 },
    { "write", GUEST_IO_WRITE, 1, 0 },
    { "read",  GUEST_IO_READ,  0, 0 },
};

const char *guest_io_op_name(enum guest_io_op op)
{
    for (size_t i = 0; i < sizeof(op_table) / sizeof(op_table[0]); i++)
        if (op_table[i].op == op)
            return op_table[i].name;
    return "?";
}

static int script_error(char *err, size_t errlen, const char *name, unsigned line, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(err, errlen, "%s:%u: ", name, line);

    if (n < 0 || (size_t)n >= errlen)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* A whole word as a C-notation unsigned number, nothing else. */
static int parse_number(const char *word, uint64_t *out)
{
    char *end;

    if (!isdigit((unsigned char)word[0]))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(word, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_line(char *text, const char *name, unsigned line,
                      struct guest_io_access *a, char *err, size_t errlen)
{
    char *word[5], *save = NULL;
    unsigned n = 0;
    size_t k;
    uint64_t size;

    for (char *w = strtok_r(text, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
        if (n == 5)
            return script_error(err, errlen, name, line, "too many words");
        word[n++] = w;
    }
    for (k = 0; k < sizeof(op_table) / sizeof(op_table[0]); k++)
        if (!strcmp(word[0], op_table[k].name))
            break;
    if (k == sizeof(op_table) / sizeof(op_table[0]))
        return script_error(err, errlen, name, line,
                    "unknown access '%s' (out, in, write or read)", word[0]);
    if (n != (op_table[k].has_value ? 4u : 3u))
        return script_error(err, errlen, name, line, "%s takes %s", word[0],
                    op_table[k].has_value ? (op_table[k].is_port ? "PORT SIZE VALUE" : "ADDR SIZE VALUE")
                                          : (op_table[k].is_port ? "PORT SIZE" : "ADDR SIZE"));
    memset(a, 0, sizeof(*a));
    a->op = op_table[k].op;
    a->line = line;
    if (parse_number(word[1], &a->addr))
        return script_error(err, errlen, name, line, "%s: '%s' is not a number", word[0], word[1]);
    if (op_table[k].is_port && a->addr > 0xffff)
        return script_error(err, errlen, name, line, "%s: port %s is above 0xffff", word[0], word[1]);
    if (parse_number(word[2], &size) ||
        !(size == 1 || size == 2 || size == 4 || (size == 8 && !op_table[k].is_port)))
        return script_error(err, errlen, name, line, "%s: size '%s' is not %s", word[0], word[2],
                    op_table[k].is_port ? "1, 2 or 4" : "1, 2, 4 or 8");
    a->size = (unsigned)size;
    if (!op_table[k].is_port && a->addr + size - 1 < a->addr)
        return script_error(err, errlen, name, line, "%s: %s + %s wraps around", word[0], word[1], word[2]);
    if (op_table[k].has_value) {
        if (parse_number(word[3], &a->value))
            return script_error(err, errlen, name, line, "%s: '%s' is not a number", word[0], word[3]);
        if (size < 8 && a->value >> (size * 8))
            return script_error(err, errlen, name, line, "%s: value %s does not fit in %u bytes",
                        word[0], word[3], a->size);
    }
    return 0;
}

int guest_io_script_parse(const char *text, const char *name,
                          struct guest_io_script *out, char *err, size_t errlen)
{
    struct guest_io_script s = { NULL, 0 };
    size_t cap = 0;
    unsigned line = 0;
    const char *p = text;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *buf = strndup(p, len), *hash, *q;

        line++;
        p += len + (nl != NULL);
        if (!buf)
            goto nomem;
        if ((hash = strchr(buf, '#')))
            *hash = 0;
        for (q = buf; *q == ' ' || *q == '\t' || *q == '\r'; q++)
            ;
        if (!*q) {
            free(buf);
            continue;
        }
        if (s.count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            void *v = realloc(s.access, ncap * sizeof(*s.access));
            if (!v) {
                free(buf);
                goto nomem;
            }
            s.access = v;
            cap = ncap;
        }
        if (parse_line(q, name, line, &s.access[s.count], err, errlen)) {
            free(buf);
            guest_io_script_free(&s);
            return -1;
        }
        s.count++;
        free(buf);
    }
    *out = s;
    return 0;
nomem:
    guest_io_script_free(&s);
    return script_error(err, errlen, name, line, "out of memory");
}

int guest_io_script_load(const char *path, struct guest_io_script *out,
                         char *err, size_t errlen)
{
    FILE *f = fopen(path, "re");
    char *text = NULL;
    size_t len = 0;
    int rc;

    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        fclose(f);
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char chunk[4096];
    size_t n;
    int bad = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (memchr(chunk, 0, n) || fwrite(chunk, 1, n, mem) != n)
            bad = 1;
    int read_err = ferror(f);
    fclose(f);
    fclose(mem);
    if (read_err || bad) {
        snprintf(err, errlen, "%s: %s", path, read_err ? "read error" : "not a text file (NUL byte)");
        free(text);
        return -1;
    }
    rc = guest_io_script_parse(text ? text : "", path, out, err, errlen);
    free(text);
    return rc;
}

void guest_io_script_free(struct guest_io_script *s)
{
    free(s->access);
    s->access = NULL;
    s->count = 0;
}

void guest_io_script_write_json(const struct guest_io_script *s, FILE *out)
{
    /* Sorted keys, no spaces: the style of the rest of the state file. */
    fputs("\"guest_io\":[", out);
    for (size_t i = 0; i < s->count; i++) {
        const struct guest_io_access *a = &s->access[i];

        fprintf(out, "%s{\"addr\":%llu,\"op\":\"%s\",\"size\":%u,\"value\":",
                i ? "," : "", (unsigned long long)a->addr, guest_io_op_name(a->op), a->size);
        if (a->answered || guest_io_op_is_write(a->op))
            fprintf(out, "%llu}", (unsigned long long)a->value);
        else
            fputs("null}", out);
    }
    fputc(']', out);
}
