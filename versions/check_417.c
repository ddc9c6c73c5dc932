/* Compile-time proof that our 4.17 layouts and numbers (versions/abi.table)
 * equal the installed Xen 4.17 headers, in the spirit of Xen's own CHECK_*
 * compat checks; the checks themselves are generated from the table.  The
 * only file in the tree that includes Xen's headers.
 *
 * Built as part of `make` (versions.mk): the object fails to compile on a
 * struct mismatch, and the linked program, run at build time, fails on a
 * mismatch between the 4.17 row of the release table and the headers. */
#define __XEN_TOOLS__ 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/version.h>
#include <xen/sched.h>
#include <xen/memory.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/dm_op.h>
#include <xen/hvm/save.h>
#include <xen/hvm/ioreq.h>
#include <xen/event_channel.h>
#include <sys/ioctl.h>
#include <xen/sys/privcmd.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>

#include "abi.h"
#include "privcmd.h"
#include "versions.h"

/* Every number, size and field the table gives a 4.17 counterpart,
 * compared at compile time; generated from versions/abi.table. */
#include "abi_check_417.h"

/* ---- the 4.17 row, checked when the program runs at build time (the
 * table is data in another object, not a constant expression here) ---- */
#define EXPECT(cond)                                                    \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "check_417: release table 4.17: %s\n", #cond); \
            bad++;                                                      \
        }                                                               \
    } while (0)

int main(void)
{
    const struct xs_release *r = xs_release_by_name("4.17");
    int bad = 0;

    if (!r) {
        fprintf(stderr, "check_417: no 4.17 row\n");
        return 1;
    }
    EXPECT(r->domctl_if == XEN_DOMCTL_INTERFACE_VERSION);
    EXPECT(r->sysctl_if == XEN_SYSCTL_INTERFACE_VERSION);
    EXPECT(r->dmop_max == XEN_DMOP_nr_vcpus);
    EXPECT(r->hvmctl_if == 0);
    EXPECT(r->getdomaininfo == XS_GETDOMAININFO_V2);
    EXPECT(r->bind_pt_irq == XS_BIND_PT_IRQ_V1);
    EXPECT(r->irq_permission == XS_IRQ_PERMISSION_V1);
    EXPECT(r->dominf == XS_DOMINF_V1);
    EXPECT(xs_release_has_hvmop(r, HVMOP_set_param));
    EXPECT(xs_release_has_hvmop(r, HVMOP_get_mem_type));
    EXPECT(!xs_release_has_hvmop(r, XS_HVMOP_set_pci_intx_level));
    EXPECT(xs_release_has_dmop(r, XEN_DMOP_nr_vcpus));
    EXPECT(!xs_release_has_dmop(r, XEN_DMOP_nr_vcpus + 1));
    /* every layout the table gives 4.17 has the installed header's size */
    static const struct { const char *type; size_t size; } real[] = {
        XS_ABI_417_SIZES
    };
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        const struct xs_layout_gen *g = xs_layout_for(real[i].type, r);
        if (!g || g->size != real[i].size) {
            fprintf(stderr, "check_417: layout table 4.17 %s: %zu, headers say %zu\n",
                    real[i].type, g ? g->size : 0, real[i].size);
            bad++;
        }
    }
    /* and nothing that 4.17 lacks */
    EXPECT(!xs_layout_for("xen_hvm_set_pci_intx_level", r));
    EXPECT(!xs_layout_for("xen_domctl_pin_mem_cacheattr", r));
    EXPECT(!xs_layout_for("xen_hvmctl", r));
    return bad ? 1 : 0;
}
