/* Xen's own argument checks on the interrupt-routing ops, the same in
 * every release 4.5-4.20 and behind all three ABIs (HVMOP, dm_op,
 * hvmctl1): anything else is -EINVAL.  Written once for the simulator,
 * the translators and the compat libraries. */
#ifndef XENSHIM_XEN_CHECKS_H
#define XENSHIM_XEN_CHECKS_H

#include <stdbool.h>

/* set_pci_intx_level: segment and bus 0, device 0-31, INTA-INTD. */
static inline bool xs_xen_pci_intx_ok(unsigned segment, unsigned bus, unsigned device,
                                      unsigned intx)
{
    return segment == 0 && bus == 0 && device <= 31 && intx <= 3;
}

/* set_isa_irq_level: the 16 ISA IRQs. */
static inline bool xs_xen_isa_irq_ok(unsigned isa_irq)
{
    return isa_irq <= 15;
}

/* set_pci_link_route: links 0-3 to an ISA IRQ (0 unroutes). */
static inline bool xs_xen_pci_link_ok(unsigned link, unsigned isa_irq)
{
    return link <= 3 && isa_irq <= 15;
}

/* An interrupt line's level: deasserted or asserted. */
static inline bool xs_xen_irq_level_ok(unsigned level)
{
    return level <= 1;
}

#endif
