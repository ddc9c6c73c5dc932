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
# Sourced by run.sh.  Four boots of ~20-45 s.
s85_cache=${XENSHIM_XEN_CACHE:-/var/cache/xenshim/realxen}
s85_qemu=/usr/libexec/xen-qemu-system-i386
s85_gio=$TOP/tests/integration/guest_io
s85_dm46=$BUILD/tests/integration/ioreq_dm46
s85_beside=$TOP/tests/integration/dm46_beside_qemu.sh

# s85_run NAME RUN-OPTIONS... -- DEVICE-MODEL...: $TMPD/s85-NAME.{json,out,err},
# exit status in s85_rc.
s85_run() {
    local name=$1
    shift
    timeout 240 "$XENSHIM" run --state-out "$TMPD/s85-$name.json" "$@" \
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
    t_check "... within the boot and --guest-io-timeout 10 (under 120 s)" \
        [ $(( $(date +%s) - s85_t0 )) -lt 120 ]
    t_check "... saying xl create did not finish within the guest's timeout" \
        grep -q "xl create did not finish within the guest's 10 s" "$TMPD/s85-never.err"
fi

# Bad scripts are refused before anything boots.
printf 'read 0xfed00000 8\n' >"$TMPD/s85-wide.gio"
"$XENSHIM" run --xen 4.17 --guest-io "$TMPD/s85-wide.gio" -- true >/dev/null 2>"$TMPD/s85-wide.err"
s85_rc=$?
t_check "an 8-byte access for the real guest: exit 2, before booting" [ "$s85_rc" -eq 2 ]
t_check "... naming the line and why (the guest runs in 32-bit mode)" \
    grep -q "s85-wide.gio:1: read: the real guest runs in 32-bit mode" "$TMPD/s85-wide.err"
printf 'in 0x3fd 1\nouts 0x3f8 1 0x41\n' >"$TMPD/s85-bad.gio"
"$XENSHIM" run --xen 4.17 --guest-io "$TMPD/s85-bad.gio" -- true >/dev/null 2>"$TMPD/s85-bad.err"
s85_rc=$?
t_check "a guest-io syntax error with --xen: exit 2, naming the line" \
    sh -c "[ $s85_rc -eq 2 ] && grep -q \"s85-bad.gio:2: unknown access 'outs'\" '$TMPD/s85-bad.err'"
