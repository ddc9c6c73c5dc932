#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc_status.h"

pid_t sim_status_tgid(int dirfd, const char *path)
{
    char buf[512], *p;
    ssize_t n;
    int fd;

    fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    p = strstr(buf, "\nTgid:");
    return p ? (pid_t)strtol(p + 6, NULL, 10) : 0;
}
