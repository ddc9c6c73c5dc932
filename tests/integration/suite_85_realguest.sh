# Suite 85: a real HVM guest on real Xen 4.17 (`xenshim run --xen 4.17
# --guest-io`, realxen/guest/).  Debian's xl boots the guest (hvmloader,
# then guest_rt doing the script); its reads, the interrupts it took and the
# interrupt lines Xen holds are compared with the simulator's:
#  - Debian's QEMU 7.2 as the device model serves com1_pci.gio with the
#    values --sim 4.17 gives (the differential check: where they differ the
#    simulator is wrong);
#  - the 4.6-era ioreq_dm46 serves the guest's COM1 beside QEMU through the
#    shim as natively on --sim 4.6, and without the shim cannot start, its
#    own message shown;
#  - every failure (bad script, a device model that never gets running)
#    ends within its timeout with the reason.
# Sourced by run.sh.  Five boots of ~25-60 s (~3-4 minutes).
s85_cache=${XENSHIM_XEN_CACHE:-/var/cache/xenshim/realxen}
s85_qemu=/usr/libexec/xen-qemu-system-i386
s85_gio=$TOP/tests/integration/guest_io
s85_dm46=$BUILD/tests/integration/ioreq_dm46
s85_beside=$TOP/tests/integration/dm46_beside_qemu.sh

# s85_run NAME RUN-OPTIONS... -- DEVICE-MODEL...: $TMPD/s85-NAME.{json,out,err},
# exit status in s85_rc.
# The guest's timeout only bounds a failure; a loaded machine (TCG) may need it.
s85_run() {
    local name=$1
    shift
    timeout 300 "$XENSHIM" run --state-out "$TMPD/s85-$name.json" --guest-io-timeout 150 "$@" \
        >"$TMPD/s85-$name.out" 2>"$TMPD/s85-$name.err"
    s85_rc=$?
}
# s85_same DESC JQ-EXPR A B: the expression gives the same on state files A and B.
s85_same() {
    local a b
    a=$(jq -c "$2" "$3" 2>&1) b=$(jq -c "$2" "$4" 2>&1)
    if [ -n "$a" ] && [ "$a" = "$b" ]; then t_pass "$1"; else t_fail "$1" "real $a, simulated $b"; fi
}
s85_jq() {
    if jq -e "$3" "$2" >/dev/null 2>&1; then t_pass "$1"; else t_fail "$1" "jq: $3"; fi
}
s85_show_err() { [ "$s85_rc" -eq 0 ] || sed 's/^/    /' "$TMPD/s85-$1.err" | tail -n 25; }

if [ ! -s "$s85_cache/kernel/vmlinux" ] || [ ! -x "$s85_qemu" ]; then
    t_fail "real guest: a dom0 kernel in the cache and QEMU 7.2" "run make deps"
else
    # ---- QEMU 7.2 on real 4.17 against --sim 4.17 ----------------------------
    s85_run qemu --xen 4.17 --no-shim --guest-io "$s85_gio/com1_pci.gio" -- "$s85_qemu"
    t_check "QEMU 7.2 serves the real guest's script on real Xen 4.17 (exit 0)" [ "$s85_rc" -eq 0 ]
    s85_show_err qemu
    t_check "the real guest's COM1 output is run's stdout" \
        cmp -s "$TMPD/s85-qemu.out" <(printf 'Hi\n')
    sed -n 's/^xenshim run: the real guest.s first access \([0-9.]*\) s after xl create$/    (xl create to the first access: \1 s)/p' \
        "$TMPD/s85-qemu.err"
    timeout 90 "$XENSHIM" run --sim 4.17 --no-shim --guest-io "$s85_gio/com1_pci.gio" \
        --state-out "$TMPD/s85-qemu-sim.json" -- "$s85_qemu" -xen-domid 1 -machine xenfv -m 128 \
        -nographic -display none -serial "file:$TMPD/s85-qemu-sim.serial" -monitor none \
        >/dev/null 2>&1
    s85_same "real 4.17 and --sim 4.17: QEMU 7.2 answers every access of the script alike" \
        '.guest_io' "$TMPD/s85-qemu.json" "$TMPD/s85-qemu-sim.json"
    s85_same "real 4.17 and --sim 4.17: the same ISA interrupt lines up (IRQ 4, QEMU's UART)" \
        '.irq_levels | {isa, pci_intx}' "$TMPD/s85-qemu.json" "$TMPD/s85-qemu-sim.json"
    s85_jq "the real guest took COM1's interrupt (IRQ 4) and no other" \
        "$TMPD/s85-qemu.json" '.guest_irqs == [4]'

    # ---- the mission: ioreq_dm46 on real 4.17 -------------------------------
    s85_run dm46 --xen 4.17 --guest-io "$s85_gio/uart_pic.gio" -- \
        "$s85_beside" "$s85_dm46" "$s85_qemu"
    t_check "ioreq_dm46 (4.6 era) through the shim serves the real guest on real 4.17 (exit 0)" \
        [ "$s85_rc" -eq 0 ]
    s85_show_err dm46
    t_check "... the guest's byte on COM1, written by ioreq_dm46" \
        cmp -s "$TMPD/s85-dm46.out" <(printf 'H')
    timeout 90 "$XENSHIM" run --sim 4.6 --no-shim --guest-io "$s85_gio/uart_pic.gio" \
        --state-out "$TMPD/s85-dm46-sim.json" -- "$s85_dm46" 1 "$TMPD/s85-dm46-sim.serial" \
        >/dev/null 2>&1
    s85_same "... every access answered as natively on --sim 4.6" \
        '.guest_io' "$TMPD/s85-dm46.json" "$TMPD/s85-dm46-sim.json"
    s85_same "... ISA IRQ 4 up through the translated HVMOP_set_isa_irq_level, as on --sim 4.6" \
        '.irq_levels.isa' "$TMPD/s85-dm46.json" "$TMPD/s85-dm46-sim.json"
    s85_jq "... and the real guest was interrupted by it (IRQ 4)" \
        "$TMPD/s85-dm46.json" '.guest_irqs == [4]'

    s85_run dm46-noshim --xen 4.17 --no-shim --guest-io "$s85_gio/uart_pic.gio" -- \
        "$s85_beside" "$s85_dm46" "$s85_qemu"
    t_check "without the shim ioreq_dm46 cannot serve the real guest (exit 1)" [ "$s85_rc" -eq 1 ]
    t_check "... xl create fails: the device model did not start" \
        grep -q "xl create failed" "$TMPD/s85-dm46-noshim.err"
    t_check "... and its own log says why: HVMOP_create_ioreq_server, ENOSYS on 4.17" \
        grep -q "dm | ioreq_dm46: HVMOP_create_ioreq_server: Function not implemented" \
        "$TMPD/s85-dm46-noshim.err"

    # ---- failures end in time, with the reason ------------------------------
    s85_t0=$(date +%s)
    s85_run never --xen 4.17 --no-shim --guest-io "$s85_gio/uart_pic.gio" --guest-io-timeout 10 -- \
        sh -c 'sleep 600'
    t_check "a device model that never reports running: exit 1" [ "$s85_rc" -eq 1 ]
    t_check "... within the boot and --guest-io-timeout 10 (under 150 s)" \
        [ $(( $(date +%s) - s85_t0 )) -lt 150 ]
    t_check "... saying xl create did not finish within the guest's timeout" \
        grep -q "xl create did not finish within the guest's 10 s" "$TMPD/s85-never.err"

    # A device model that stops answering: the guest waits on its first
    # COM1 access, and the run ends at the timeout naming that access.
    printf '#!/bin/sh\n"%s" "$@" & pid=$!\nuntil [ "$(xenstore-read "$3" 2>/dev/null)" = running ]; do sleep 0.1; done\nkill -STOP $pid; wait $pid\n' \
        "$s85_dm46" >"$TMPD/s85-stall.sh"
    chmod +x "$TMPD/s85-stall.sh"
    s85_run stall --xen 4.17 --guest-io "$s85_gio/uart_pic.gio" --guest-io-timeout 45 -- \
        "$s85_beside" "$TMPD/s85-stall.sh" "$s85_qemu"
    t_check "a device model that stops answering: exit 1 after --guest-io-timeout" [ "$s85_rc" -eq 1 ]
    t_check "... naming the access the guest waits on (the first, uart_pic.gio:5)" \
        grep -q "within --guest-io-timeout 45 s: the guest reported 0 of 6 accesses; the next is $s85_gio/uart_pic.gio:5 (out)" \
        "$TMPD/s85-stall.err"
fi

# The guest's reports read back without a boot (guest_image report): out
# of order or missing ones do not count, a missing end is said.
s85_img=$BUILD/lib/realxen/guest/guest_image
printf 'HVM Loader\ngio 00000000 00000048\ngio 00000002 00000008\ngio 00000001 00000001\nirq 00000004\n' \
    >"$TMPD/s85-rep.txt"
"$s85_img" report "$s85_gio/uart_pic.gio" "$TMPD/s85-rep.txt" >"$TMPD/s85-rep.json" 2>"$TMPD/s85-rep.err"
s85_rc=$?
t_check "guest_image report: a partial report is exit 1" [ "$s85_rc" -eq 1 ]
t_check "... with the reads in order only (an index out of order is not the guest's)" \
    jq -e '.guest_io[1].value == 1 and .guest_io[4].value == null and .guest_irqs == [4]' \
    <(printf '{%s}' "$(cat "$TMPD/s85-rep.json")") >/dev/null
t_check "... saying how far the guest got" \
    grep -q "the guest reported 2 of 6 accesses; the next is $s85_gio/uart_pic.gio:7 (out)" "$TMPD/s85-rep.err"
"$s85_img" build "$s85_gio/uart_pic.gio" "$BUILD/lib/realxen/guest/guest_rt.bin" "$TMPD/s85.img"
t_check "guest_image build: the table holds the script (magic, count 6, in 0x3fa 1 second)" \
    sh -c "[ \"\$(od -An -tx1 -j 32768 -N 32 '$TMPD/s85.img' | tr -d ' \n')\" = \
        7867696f0600000000010000f80300004800000001010000fa03000000000000 ]"

# Bad scripts are refused before anything boots: exit 2, the line named.
# NAME|SCRIPT|MESSAGE
for s85_case in "wide|read 0xfed00000 8|wide.gio:1: read: the real guest runs in 32-bit mode" \
                "syntax|in 0x3fd 1\nouts 0x3f8 1 0x41|syntax.gio:2: unknown access 'outs'"; do
    IFS='|' read -r s85_name s85_text s85_msg <<<"$s85_case"
    printf "$s85_text\n" >"$TMPD/$s85_name.gio"
    "$XENSHIM" run --xen 4.17 --guest-io "$TMPD/$s85_name.gio" -- true >/dev/null 2>"$TMPD/s85-$s85_name.err"
    s85_rc=$?
    t_check "a script the real guest refuses ($s85_name): exit 2 before booting, naming the line" \
        sh -c "[ $s85_rc -eq 2 ] && grep -qF \"$s85_msg\" '$TMPD/s85-$s85_name.err'"
done
