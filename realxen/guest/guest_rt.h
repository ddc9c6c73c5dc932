/* The real guest's firmware image (realxen/guest/guest_rt.S), as
 * guest_image fills it in.  hvmloader copies the image to the top of the
 * first MiB, as it does SeaBIOS (xl.cfg bios_path_override), and enters
 * it at the reset vector in real mode.
 *
 * The access table sits at a fixed offset: a header, then one entry per
 * access of the guest-io script, in order. */
#ifndef XENSHIM_GUEST_RT_H
#define XENSHIM_GUEST_RT_H

#define GUEST_RT_BASE 0xf0000         /* where the image lies: 64 KiB below 1 MiB */
#define GUEST_RT_SIZE 0x10000
#define GUEST_RT_TABLE 0x8000         /* offset of the access table */
#define GUEST_RT_MAGIC 0x6f696778     /* "xgio": the header's first word */
#define GUEST_RT_ENTRY_SIZE 12
/* Entries that fit between the table and the reset vector's page. */
#define GUEST_RT_MAX_ACCESSES ((0xf000 - GUEST_RT_TABLE - 8) / GUEST_RT_ENTRY_SIZE)

/* An entry: op (guest_io_op numbering), size, 2 bytes pad, addr, value. */
#define GUEST_RT_OP_OUT 0
#define GUEST_RT_OP_IN 1
#define GUEST_RT_OP_WRITE 2
#define GUEST_RT_OP_READ 3

#endif
