/* /proc/PID/maps read for privcmd's page pinning (user_pages.h).  Each line
 * is "start-end perms ...", in ascending address order; the range must be
 * covered by consecutive writable mappings with no gap.  Plain system
 * calls: under the shim, open/close would be its own overrides. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user_pages.h"

#define PAGE_SIZE_MIN 4096u

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* One line: start, end, and whether the mapping is writable. */
static bool parse_line(const char *s, size_t n, uint64_t *start, uint64_t *end, bool *w)
{
    size_t i = 0;
    int d;

    *start = *end = 0;
    for (; i < n && (d = hexval(s[i])) >= 0; i++)
        *start = *start << 4 | (unsigned)d;
    if (i >= n || s[i++] != '-')
        return false;
    for (; i < n && (d = hexval(s[i])) >= 0; i++)
        *end = *end << 4 | (unsigned)d;
    if (i + 2 >= n || s[i] != ' ')
        return false;
    *w = s[i + 2] == 'w';
    return true;
}

static void maps_path(pid_t pid, char *buf)
{
    char digits[16];
    int n = 0;

    if (pid <= 0) {
        strcpy(buf, "/proc/self/maps");
        return;
    }
    while (pid && n < (int)sizeof(digits)) {
        digits[n++] = (char)('0' + pid % 10);
        pid /= 10;
    }
    strcpy(buf, "/proc/");
    buf += 6;
    while (n)
        *buf++ = digits[--n];
    strcpy(buf, "/maps");
}

/* The line's path column is "[stack]" (the main thread's stack). */
static bool names_stack(const char *s, size_t n)
{
    static const char tag[] = "[stack]";
    size_t t = sizeof(tag) - 1;

    return n >= t && memcmp(s + n - t, tag, t) == 0 && (n == t || s[n - t - 1] == ' ');
}

int xs_user_pages_writable(pid_t pid, uint64_t addr, uint64_t len)
{
    return xs_user_pages_find(pid, addr, len, NULL);
}

int xs_user_pages_find(pid_t pid, uint64_t addr, uint64_t len, struct xs_user_mapping *found)
{
    char path[32], buf[4096];
    uint64_t cur = addr & ~(uint64_t)(PAGE_SIZE_MIN - 1), end = addr + len;
    size_t have = 0;
    int fd, r = -EFAULT;
    bool eof = false, skip = false;

    if (len == 0)
        return 0;
    if (end < addr)
        return -EFAULT;
    maps_path(pid, path);
    fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == EMFILE || errno == ENFILE || errno == ENOMEM ? -errno : -EFAULT;
    for (;;) {
        char *nl = memchr(buf, '\n', have);
        uint64_t s, e;
        bool w;

        if (!nl && !eof && have < sizeof(buf)) {
            ssize_t got = syscall(SYS_read, fd, buf + have, sizeof(buf) - have);

            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                eof = true;
            else
                have += (size_t)got;
            continue;
        }
        if (!nl && have < sizeof(buf))
            break;                 /* end of file */
        if (!nl) {
            /* A line longer than buf (a long path): its fields are all at
             * the start; the rest is dropped up to the next newline. */
            nl = buf + sizeof(buf) - 1;
            skip = true;
        }
        if (parse_line(buf, (size_t)(nl - buf), &s, &e, &w) && e > cur) {
            if (s > cur || !w)
                break;             /* a hole, or a mapping Linux cannot pin for writing */
            if (found) {
                /* Only one mapping is asked about: the one holding addr. */
                found->start = s;
                found->end = e;
                found->is_stack = !skip && names_stack(buf, (size_t)(nl - buf));
                r = e >= end ? 0 : -EFAULT;
                break;
            }
            cur = e;
            if (cur >= end) {
                r = 0;
                break;
            }
        }
        have -= (size_t)(nl + 1 - buf);
        memmove(buf, nl + 1, have);
        while (skip) {
            ssize_t got;

            nl = memchr(buf, '\n', have);
            if (nl) {
                have -= (size_t)(nl + 1 - buf);
                memmove(buf, nl + 1, have);
                skip = false;
                break;
            }
            got = syscall(SYS_read, fd, buf, sizeof(buf));
            if (got < 0 && errno == EINTR) {
                have = 0;
                continue;
            }
            if (got <= 0) {
                have = 0;
                eof = true;
                skip = false;
            } else {
                have = (size_t)got;
            }
        }
    }
    syscall(SYS_close, fd);
    return r;
}
