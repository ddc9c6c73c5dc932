/* Logging (XENSHIM_LOG) and per-op statistics (XENSHIM_STATS).
 *
 * Both are reached from hypercall paths in any thread, so neither takes a
 * lock: the level is read once, and the counters live in a fixed open-
 * addressed table whose slots are claimed with a compare-and-swap. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "translate.h"

/* -1 until the environment is read; then read on every call without a
 * lock (translators ask before each debug line). */
static _Atomic int log_level = -1;
_Atomic int xs_log_gate = XS_LOG_DEBUG;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static bool stats_wanted;

static void read_env(void)
{
    const char *lv = secure_getenv("XENSHIM_LOG");
    const char *st = secure_getenv("XENSHIM_STATS");
    /* Errors are worth a line even unasked: the few there are say that a
     * call was refused or that the shim stood aside. */
    int level = XS_LOG_ERROR;

    if (lv) {
        if (!strcmp(lv, "none") || !strcmp(lv, "off") || !strcmp(lv, "0"))
            level = 0;
        else if (!strcmp(lv, "error"))
            level = XS_LOG_ERROR;
        else if (!strcmp(lv, "info"))
            level = XS_LOG_INFO;
        else if (!strcmp(lv, "debug"))
            level = XS_LOG_DEBUG;
        else
            dprintf(STDERR_FILENO, "xenshim[%d] error: XENSHIM_LOG=%s is not a level "
                    "(none, off, 0, error, info, debug); logging errors only\n",
                    (int)getpid(), lv);
    }
    stats_wanted = st && *st && strcmp(st, "0") != 0;
    atomic_store_explicit(&log_level, level, memory_order_release);
    atomic_store_explicit(&xs_log_gate, level, memory_order_relaxed);
}

int xs_log_level(void)
{
    int level = atomic_load_explicit(&log_level, memory_order_acquire);

    if (level >= 0)
        return level;
    pthread_once(&env_once, read_env);
    return atomic_load_explicit(&log_level, memory_order_acquire);
}

void xs_log_set_level(int level)
{
    pthread_once(&env_once, read_env);
    atomic_store(&log_level, level);
    atomic_store(&xs_log_gate, level);
}

bool xs_log_enabled(int level)
{
    return level <= atomic_load_explicit(&xs_log_gate, memory_order_relaxed) &&
           level <= xs_log_level();
}

void xs_log_line(int level, const char *fmt, ...)
{
    static const char *const tag[] = { "", "error", "info", "debug" };
    char line[512];
    va_list ap;
    int n, m;

    if (!xs_log_enabled(level))
        return;
    n = snprintf(line, sizeof(line), "xenshim[%d] %s: ", (int)getpid(),
                 tag[level >= 1 && level <= 3 ? level : 1]);
    va_start(ap, fmt);
    m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    /* One write per line so threads do not interleave inside a line. */
    if (write(STDERR_FILENO, line, (size_t)n) < 0)
        return;
}

/* Statistics. */
#define STAT_SLOTS 256
#define STAT_KEY 64

struct stat_slot {
    _Atomic int state;          /* 0 free, 1 being filled, 2 ready */
    char key[STAT_KEY];         /* "family op" */
    _Atomic unsigned long count;
};

static struct stat_slot stat_slots[STAT_SLOTS];
static _Atomic unsigned long stat_overflow;

/* The key is "family op"; it is hashed and compared in its two parts so
 * that counting a call builds no string (only claiming a slot does). */
static unsigned hash_str(unsigned h, const char *s)
{
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static unsigned hash_key(const char *family, const char *op)
{
    return hash_str(hash_str(hash_str(2166136261u, family), " "), op);
}

static bool key_is(const char *key, const char *family, const char *op)
{
    size_t n = strlen(family);

    return !strncmp(key, family, n) && key[n] == ' ' && !strcmp(key + n + 1, op);
}

static struct stat_slot *stat_slot_for(const char *family, const char *op, bool claim)
{
    unsigned h = hash_key(family, op);

    if (strlen(family) + 1 + strlen(op) >= STAT_KEY)
        return NULL;   /* would not fit a slot's key: counted as overflow */
    for (unsigned i = 0; i < STAT_SLOTS; i++) {
        struct stat_slot *s = &stat_slots[(h + i) % STAT_SLOTS];
        int st = atomic_load_explicit(&s->state, memory_order_acquire);

        if (st == 0) {
            int expect = 0;
            if (!claim)
                return NULL;
            if (atomic_compare_exchange_strong(&s->state, &expect, 1)) {
                snprintf(s->key, sizeof(s->key), "%s %s", family, op);
                atomic_store_explicit(&s->state, 2, memory_order_release);
                return s;
            }
            st = expect;
        }
        while (st == 1)   /* another thread is writing this key: a few stores */
            st = atomic_load_explicit(&s->state, memory_order_acquire);
        if (key_is(s->key, family, op))
            return s;
    }
    return NULL;
}

/* Translators pass string literals, so the same call site passes the same
 * pointers: a small per-thread cache keyed by them skips hashing and
 * comparing on every call (no atomics needed, slots are never freed). */
#define STAT_CACHE 16
static XS_THREAD_LOCAL struct {
    const char *family, *op;
    struct stat_slot *slot;
} stat_cache[STAT_CACHE];

static XS_THREAD_LOCAL unsigned long thread_count;

unsigned long xs_stat_thread_count(void)
{
    return thread_count;
}

void xs_stat_translated(const char *family, const char *op)
{
    unsigned c;
    struct stat_slot *s;

    thread_count++;
    family = family ? family : "?";
    op = op ? op : "?";
    c = (unsigned)(((uintptr_t)family >> 3) ^ ((uintptr_t)op >> 3)) % STAT_CACHE;
    if (stat_cache[c].family == family && stat_cache[c].op == op) {
        s = stat_cache[c].slot;
    } else {
        s = stat_slot_for(family, op, true);
        if (s) {
            stat_cache[c].family = family;
            stat_cache[c].op = op;
            stat_cache[c].slot = s;
        }
    }
    if (s)
        atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
    else
        atomic_fetch_add_explicit(&stat_overflow, 1, memory_order_relaxed);
    xs_log(XS_LOG_DEBUG, "translated %s %s", family, op);
}

unsigned long xs_stat_get(const char *family, const char *op)
{
    struct stat_slot *s = stat_slot_for(family, op, false);

    return s ? atomic_load_explicit(&s->count, memory_order_relaxed) : 0;
}

unsigned long xs_stat_total(void)
{
    unsigned long n = atomic_load(&stat_overflow);

    for (unsigned i = 0; i < STAT_SLOTS; i++)
        if (atomic_load_explicit(&stat_slots[i].state, memory_order_acquire) == 2)
            n += atomic_load_explicit(&stat_slots[i].count, memory_order_relaxed);
    return n;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const struct stat_slot *const *)a)[0]->key,
                  ((const struct stat_slot *const *)b)[0]->key);
}

void xs_stats_print(int fd, const char *profile_name)
{
    struct stat_slot *sorted[STAT_SLOTS];
    size_t n = 0;
    unsigned long total = xs_stat_total();
    char line[160];
    int len;

    if (!profile_name)
        profile_name = "not probed";
    for (unsigned i = 0; i < STAT_SLOTS; i++)
        if (atomic_load_explicit(&stat_slots[i].state, memory_order_acquire) == 2 &&
            atomic_load(&stat_slots[i].count))
            sorted[n++] = &stat_slots[i];
    qsort(sorted, n, sizeof(sorted[0]), cmp_key);
    for (size_t i = 0; i < n; i++) {
        len = snprintf(line, sizeof(line), "xenshim: translated %s %lu\n",
                       sorted[i]->key, atomic_load(&sorted[i]->count));
        if (write(fd, line, (size_t)len) < 0)
            return;
    }
    if (total)
        len = snprintf(line, sizeof(line), "xenshim: translated %lu calls in total (profile %s)\n",
                       total, profile_name);
    else
        len = snprintf(line, sizeof(line), "xenshim: translated nothing (profile %s)\n",
                       profile_name);
    if (write(fd, line, (size_t)len) < 0)
        return;
}

/* Counts only: a slot keeps its key, so a thread holding it stays right. */
void xs_stats_reset(void)
{
    for (unsigned i = 0; i < STAT_SLOTS; i++)
        atomic_store(&stat_slots[i].count, 0);
    atomic_store(&stat_overflow, 0);
}

bool xs_stats_wanted(void)
{
    pthread_once(&env_once, read_env);
    return stats_wanted;
}
