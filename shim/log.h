/* shim/log.c beyond the two entry points translate.h declares. */
#ifndef XENSHIM_LOG_H
#define XENSHIM_LOG_H

#include <stdbool.h>

int xs_log_level(void);            /* 0 = silent, else XS_LOG_* */
void xs_log_set_level(int level);  /* tests and the CLI */
bool xs_log_enabled(int level);

bool xs_stats_wanted(void);        /* XENSHIM_STATS set and not "0" */
unsigned long xs_stat_get(const char *family, const char *op);
unsigned long xs_stat_total(void);
/* Ops the calling thread has counted so far (cheap: did this call count?). */
unsigned long xs_stat_thread_count(void);
/* One line per translated op, sorted ("xenshim: translated FAMILY OP N"),
 * then "xenshim: translated N calls in total (profile P)", or only
 * "xenshim: translated nothing (profile P)". */
void xs_stats_print(int fd, const char *profile_name);
void xs_stats_reset(void);         /* counts back to zero (fork child, tests) */

#endif
