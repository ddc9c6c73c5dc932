/* The real guest: a 64 KiB firmware image hvmloader starts in place of
 * SeaBIOS (xl.cfg bios_path_override), so the guest runs the real
 * hvmloader path xl takes, without SeaBIOS's boot menu and disk probing.
 *
 * It enters 32-bit flat protected mode, masks both PICs (the state the
 * simulator's guest starts in), performs each access of the table
 * guest_image put at GUEST_RT_TABLE, in order, and reports each on Xen's
 * debug port 0xe9 (xl dmesg shows "(dN) gio INDEX VALUE"; reads give what
 * was read, writes what was written).  Then it depends on interrupts: with
 * every PIC line unmasked for ~55 ms (PIT channel 2, polled), it reports
 * each line that interrupts it ("irq N"; the line is masked after its
 * first, so a level that stays up does not storm), then "end".  It idles with interrupts on, so the domain stays for
 * the toolstack to read its state.  An exception reports "fault VECTOR"
 * and halts with interrupts off, which Xen takes as a power-off. */
#include "guest_rt.h"

#define A(x) (GUEST_RT_BASE + (x) - rt_base)   /* a label's flat address */
#define DEBUGCON 0xe9
#define IDT 0x1000                              /* in the guest's low RAM */
#define LAPIC_LVT0 0xfee00350

    .text
    .code16
rt_base:
entry16:
    cli
    cld
    lgdtl %cs:(gdt_desc - rt_base)
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmpl $0x08, $A(pm32)

    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff        /* 0x08: code, flat 4 GiB */
    .quad 0x00cf92000000ffff        /* 0x10: data, flat 4 GiB */
gdt_desc:
    .word gdt_desc - gdt - 1
    .long A(gdt)
idt_desc:
    .word 256 * 8 - 1
    .long IDT

    .code32
pm32:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw %ax, %fs
    movw %ax, %gs
    movl $0x90000, %esp

    /* Both PICs initialised (vectors 0x20-0x2f) and masked. */
    movb $0x11, %al
    outb %al, $0x20
    outb %al, $0xa0
    movb $0x20, %al
    outb %al, $0x21
    movb $0x28, %al
    outb %al, $0xa1
    movb $0x04, %al
    outb %al, $0x21
    movb $0x02, %al
    outb %al, $0xa1
    movb $0x01, %al
    outb %al, $0x21
    outb %al, $0xa1
    movb $0xff, %al
    outb %al, $0x21
    outb %al, $0xa1

    /* The access table. */
    movl $A(table), %esi
    cmpl $GUEST_RT_MAGIC, (%esi)
    jne bad_table
    movl 4(%esi), %ecx
    addl $8, %esi
    xorl %ebx, %ebx
next_access:
    cmpl %ecx, %ebx
    jae accesses_done
    movzbl 1(%esi), %edi            /* size */
    movl 4(%esi), %edx              /* port or address */
    movl 8(%esi), %eax              /* value to write */
    movzbl (%esi), %ebp             /* op */
    cmpl $GUEST_RT_OP_OUT, %ebp
    je do_out
    cmpl $GUEST_RT_OP_IN, %ebp
    je do_in
    cmpl $GUEST_RT_OP_WRITE, %ebp
    je do_write
    jmp do_read

do_out:
    cmpl $1, %edi
    jne 1f
    outb %al, %dx
    jmp reported
1:  cmpl $2, %edi
    jne 2f
    outw %ax, %dx
    jmp reported
2:  outl %eax, %dx
    jmp reported

do_in:
    cmpl $1, %edi
    jne 1f
    inb %dx, %al
    movzbl %al, %eax
    jmp reported
1:  cmpl $2, %edi
    jne 2f
    inw %dx, %ax
    movzwl %ax, %eax
    jmp reported
2:  inl %dx, %eax
    jmp reported

do_write:
    cmpl $1, %edi
    jne 1f
    movb %al, (%edx)
    jmp reported
1:  cmpl $2, %edi
    jne 2f
    movw %ax, (%edx)
    jmp reported
2:  movl %eax, (%edx)
    jmp reported

do_read:
    cmpl $1, %edi
    jne 1f
    movzbl (%edx), %eax
    jmp reported
1:  cmpl $2, %edi
    jne 2f
    movzwl (%edx), %eax
    jmp reported
2:  movl (%edx), %eax

reported:                           /* "gio INDEX VALUE\n" */
    movl %eax, %edx
    movl $A(msg_gio), %eax
    call put_str
    movl %ebx, %eax
    call put_hex
    movb $' ', %al
    outb %al, $DEBUGCON
    movl %edx, %eax
    call put_hex
    movb $'\n', %al
    outb %al, $DEBUGCON
    incl %ebx
    addl $GUEST_RT_ENTRY_SIZE, %esi
    jmp next_access

accesses_done:
    /* The interrupt window: vectors 0x20-0x2f to irq_common, the rest to
     * fault_common; LINT0 as ExtINT so the PIC reaches the CPU whatever
     * hvmloader left there. */
    movl $IDT, %edi
    xorl %ecx, %ecx
1:  movl $A(vector_stubs), %eax
    movl %ecx, %edx
    shll $4, %edx
    addl %edx, %eax
    movw %ax, (%edi)
    movw $0x08, 2(%edi)
    movw $0x8e00, 4(%edi)           /* present, 32-bit interrupt gate */
    shrl $16, %eax
    movw %ax, 6(%edi)
    addl $8, %edi
    incl %ecx
    cmpl $256, %ecx
    jb 1b
    lidt A(idt_desc)
    movl $0x700, LAPIC_LVT0
    xorb %al, %al
    outb %al, $0x21
    outb %al, $0xa1
    /* The window: PIT channel 2 counting ~55 ms once (mode 0), polled
     * through port 0x61, so timing it raises no interrupt line itself. */
    inb $0x61, %al
    andb $0xfc, %al
    orb $0x01, %al                  /* gate on, speaker off */
    outb %al, $0x61
    movb $0xb0, %al                 /* channel 2, lo/hi, mode 0 */
    outb %al, $0x43
    movb $0xff, %al
    outb %al, $0x42
    outb %al, $0x42
    sti
2:  pause
    inb $0x61, %al
    testb $0x20, %al                /* channel 2's output: the count ran out */
    jz 2b
    cli
    movl $A(msg_end), %eax
    call put_str
idle:
    sti
    hlt
    jmp idle

bad_table:
    movl $A(msg_bad), %eax
    call put_str
    cli
    hlt

/* irq_common: the stub pushed its vector.  Reports the line, masks it,
 * ends its interrupt at the PIC(s). */
irq_common:
    pushal
    movl 32(%esp), %ecx
    cmpl $0x20, %ecx
    jb fault_common
    cmpl $0x30, %ecx
    jae fault_common
    subl $0x20, %ecx
    movl $A(msg_irq), %eax
    call put_str
    movl %ecx, %eax
    call put_hex
    movb $'\n', %al
    outb %al, $DEBUGCON
    movl $1, %ebx
    shll %cl, %ebx
    inb $0x21, %al
    orb %bl, %al
    outb %al, $0x21
    inb $0xa1, %al
    orb %bh, %al
    outb %al, $0xa1
    movb $0x20, %al
    cmpl $8, %ecx
    jb 1f
    outb %al, $0xa0
1:  outb %al, $0x20
    popal
    addl $4, %esp
    iret

fault_common:
    movl $A(msg_fault), %eax
    call put_str
    movl %ecx, %eax
    call put_hex
    movb $'\n', %al
    outb %al, $DEBUGCON
    cli
    hlt

/* put_str: the NUL-terminated string at %eax to the debug port. */
put_str:
    pushl %esi
    movl %eax, %esi
1:  lodsb
    testb %al, %al
    jz 2f
    outb %al, $DEBUGCON
    jmp 1b
2:  popl %esi
    ret

/* put_hex: %eax as 8 hex digits. */
put_hex:
    pushl %ecx
    pushl %edx
    movl %eax, %edx
    movl $8, %ecx
1:  roll $4, %edx
    movl %edx, %eax
    andl $0xf, %eax
    movb A(hex_digits)(%eax), %al
    outb %al, $DEBUGCON
    loop 1b
    popl %edx
    popl %ecx
    ret

hex_digits: .ascii "0123456789abcdef"
msg_gio:    .asciz "gio "
msg_irq:    .asciz "irq "
msg_end:    .asciz "end\n"
msg_fault:  .asciz "fault "
msg_bad:    .asciz "fault table\n"

/* One stub of 16 bytes per vector: push it, go to irq_common (which
 * sends what is not an IRQ on to fault_common). */
    .balign 16
vector_stubs:
    .set v, 0
    .rept 256
    .balign 16
    pushl $v
    jmp irq_common
    .set v, v + 1
    .endr

    .org GUEST_RT_TABLE
table:
    .long 0                         /* no magic: guest_image fills it */

    .org 0xfff0
reset_vector:
    .code16
    ljmp $0xf000, $(entry16 - rt_base)
    .org GUEST_RT_SIZE
