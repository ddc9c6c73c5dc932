/* JSON output of the CLI: strings escaped as RFC 8259 wants. */
#ifndef XENSHIM_JSON_OUT_H
#define XENSHIM_JSON_OUT_H

#include <stdio.h>

/* s as a JSON string, or null when s is NULL. */
void json_string(FILE *out, const char *s);

#endif
