/* A non-Xen ioctl in a loop (FIONREAD on a pipe), to run with and without
 * LD_PRELOAD=libxenshim.so (make bench).  Prints "ns_per_call <x>". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    struct timespec a, b;
    int p[2], avail;

    if (pipe(p) != 0 || write(p[1], "x", 1) != 1)
        return 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)
        if (ioctl(p[0], FIONREAD, &avail) != 0 || avail != 1)
            return 1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("ns_per_call %.1f\n",
           n ? ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n : 0.0);
    return 0;
}
