/* The guest-io script parser (sim/guest_io_script.c), shared by --sim and
 * --xen: any text, a script or a one-line error naming the line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_io_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct guest_io_script s;
    char err[256], *text = malloc(size + 1);

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    if (guest_io_script_parse(text, "fuzz", &s, err, sizeof(err)) == 0) {
        for (size_t i = 0; i < s.count; i++)
            (void)guest_io_op_name(s.access[i].op);
        guest_io_script_free(&s);
    }
    free(text);
    return 0;
}
