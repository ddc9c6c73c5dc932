# Suite 90: a real device model on the simulated host.  Debian's QEMU 7.2
# (qemu-system-xen) serves the guest-io script guest_io/com1_pci.gio:
# natively on --sim 4.17, through the shim on the releases before dm_op,
# hvmctl1 and after 4.17, with the same answers and a byte-identical state
# file; without the shim on 4.6 it cannot start.  Sourced by run.sh.

s90_qemu=/usr/libexec/xen-qemu-system-i386
s90_script=$TOP/tests/integration/guest_io/com1_pci.gio

# s90_run NAME VERSION [--no-shim]: QEMU under --sim VERSION with the script;
# $TMPD/NAME.{json,serial,err}, exit status in s90_rc.
s90_run() {
    local name=$1 version=$2
    shift 2
    rm -f "$TMPD/$name.serial"
    timeout 90 "$XENSHIM" run --sim "$version" "$@" --guest-io "$s90_script" \
        --state-out "$TMPD/$name.json" -- \
        "$s90_qemu" -xen-domid 1 -machine xenfv -m 128 -nographic -display none \
        -serial "file:$TMPD/$name.serial" -monitor none >"$TMPD/$name.out" 2>"$TMPD/$name.err"
    s90_rc=$?
}

# What each access of the script reads, in order (writes give the value
# written): COM1's "Hi\n", IIR with nothing pending (1), MCR and IER
# written, LSR = THR and transmitter empty (0x60), cf8 written, the host
# bridge's vendor/device 0x12378086, the master PIC's reset mask, CMOS
# index 0x0a written and status register A (0x26).
# s90_jq DESC FILE EXPR: the jq expression is true on the state file.
s90_jq() {
    if jq -e "$3" "$2" >/dev/null 2>&1; then t_pass "$1"; else t_fail "$1" "jq: $3"; fi
}

s90_values='[72,105,10,1,8,2,96,2147483648,305627270,255,10,38]'

if [ ! -x "$s90_qemu" ]; then
    t_fail "QEMU 7.2 is installed ($s90_qemu)" "install qemu-system-xen (make deps)"
else
    s90_run native 4.17 --no-shim
    t_check "QEMU 7.2 serves the script on --sim 4.17 natively (exit 0)" [ "$s90_rc" -eq 0 ]
    t_check "what the guest wrote to COM1 is in QEMU's serial file" \
        cmp -s "$TMPD/native.serial" <(printf 'Hi\n')
    s90_jq "the guest read the UART, the PCI host bridge and Xen's own devices" \
        "$TMPD/native.json" "[.guest_io[].value] == $s90_values"
    s90_jq "the script's accesses are in the state file in order, with op and size" \
        "$TMPD/native.json" '[.guest_io[] | .op] | join(",") == "out,out,out,in,out,out,in,out,in,in,out,in"'
    s90_jq "the UART's interrupt is up on ISA IRQ 4 (set by QEMU through dm_op)" \
        "$TMPD/native.json" '.irq_levels.isa == [4]'

    for v in 4.5 4.6 4.7 4.8 hvmctl1 4.18 4.19 4.20; do
        s90_run "shim-$v" "$v"
        t_check "QEMU 7.2 through the shim on --sim $v serves the script (exit 0)" [ "$s90_rc" -eq 0 ]
        t_check "through the shim on --sim $v: COM1 output as natively" \
            cmp -s "$TMPD/shim-$v.serial" "$TMPD/native.serial"
        t_check "through the shim on --sim $v: state file byte-identical to native 4.17" \
            cmp -s "$TMPD/shim-$v.json" "$TMPD/native.json"
    done

    s90_run noshim-4.6 4.6 --no-shim
    t_check "QEMU 7.2 without the shim on --sim 4.6 fails (exit 1)" [ "$s90_rc" -eq 1 ]
    t_check "... because Xen 4.6 has no acquire_resource (ENOSYS), said by QEMU" \
        grep -q "failed to map ioreq server resources: error 38" "$TMPD/noshim-4.6.err"
    t_check "... and xenshim says the device model never ran" \
        grep -q "the device model exited before it was running" "$TMPD/noshim-4.6.err"
fi

# The simulated host's xenstore is Debian's xenstored with a toolstack's
# tree for the guest, where libxenstore looks by default.
"$XENSHIM" run --sim 4.17 --no-shim -- sh -c \
    'xenstore-read /local/domain/1/name /local/domain/1/memory/target /local/domain/0/name' \
    >"$TMPD/s90-xs.out" 2>"$TMPD/s90-xs.err"
t_check "xenstore on the simulated host: Debian's xenstored holds the guest's nodes" \
    cmp -s "$TMPD/s90-xs.out" <(printf 'xenshim-guest-1\n131072\nDomain-0\n')

# Bad input on the new surfaces.
printf 'in 0x3fd 1\nouts 0x3f8 1 0x41\n' >"$TMPD/bad.gio"
"$XENSHIM" run --sim 4.17 --guest-io "$TMPD/bad.gio" -- true >/dev/null 2>"$TMPD/bad-gio.err"
s90_rc=$?
t_check "a guest-io file with a syntax error: exit 2" [ "$s90_rc" -eq 2 ]
t_check "... and the message names the file and line" \
    grep -q "bad.gio:2: unknown access 'outs'" "$TMPD/bad-gio.err"
timeout 60 "$XENSHIM" run --sim 4.17 --no-shim --guest-io "$s90_script" --guest-io-timeout 3 -- \
    sleep 30 >/dev/null 2>"$TMPD/gio-timeout.err"
s90_rc=$?
t_check "a CMD that never runs the guest: exit 1 after --guest-io-timeout" [ "$s90_rc" -eq 1 ]
t_check "... saying the device model never reported running" \
    grep -q "did not write /local/domain/0/device-model/1/state = running within 3 s" \
    "$TMPD/gio-timeout.err"

# A device model of the 4.6 era of our own (ioreq_dm46: raw HVMOPs, the
# ioreq page by gfn through MMAPBATCH_V2, /dev/xen/evtchn, libxenstore.so.3.0)
# serves guest_io/legacy_uart.gio natively on 4.6 and through the shim and
# the compat sonames on 4.17 and 4.20, with the same state file.
s90_dm46=$BUILD/tests/integration/ioreq_dm46
s90_uart=$TOP/tests/integration/guest_io/legacy_uart.gio
# s90_legacy NAME VERSION [--no-shim]
s90_legacy() {
    local name=$1 version=$2
    shift 2
    timeout 90 "$XENSHIM" run --sim "$version" "$@" --guest-io "$s90_uart" \
        --state-out "$TMPD/$name.json" -- "$s90_dm46" 1 "$TMPD/$name.serial" \
        >"$TMPD/$name.out" 2>"$TMPD/$name.err"
    s90_rc=$?
}
s90_legacy dm46-native 4.6 --no-shim
t_check "ioreq_dm46 serves the script natively on --sim 4.6 (exit 0)" [ "$s90_rc" -eq 0 ]
t_check "ioreq_dm46 natively on 4.6: the guest's byte on COM1" \
    cmp -s "$TMPD/dm46-native.serial" <(printf 'H')
s90_jq "ioreq_dm46 natively on 4.6: the UART's answers, all ones from an unclaimed device, Xen's PIC" \
    "$TMPD/dm46-native.json" '[.guest_io[].value] == [72,1,8,2,96,2147483648,4294967295,255]'
s90_jq "ioreq_dm46 natively on 4.6: ISA IRQ 4 up through HVMOP_set_isa_irq_level" \
    "$TMPD/dm46-native.json" '.irq_levels.isa == [4]'
for v in 4.17 4.20; do
    s90_legacy "dm46-shim-$v" "$v"
    t_check "ioreq_dm46 through the shim on --sim $v serves the script (exit 0)" [ "$s90_rc" -eq 0 ]
    t_check "ioreq_dm46 through the shim on --sim $v: state file byte-identical to native 4.6" \
        cmp -s "$TMPD/dm46-shim-$v.json" "$TMPD/dm46-native.json"
    t_check "ioreq_dm46 through the shim on --sim $v: COM1 output as natively" \
        cmp -s "$TMPD/dm46-shim-$v.serial" "$TMPD/dm46-native.serial"
done
s90_legacy dm46-noshim 4.17 --no-shim
t_check "ioreq_dm46 without the shim on --sim 4.17 fails (exit 1)" [ "$s90_rc" -eq 1 ]
t_check "... naming the refused call: HVMOP_create_ioreq_server, ENOSYS" \
    grep -q "HVMOP_create_ioreq_server: Function not implemented" "$TMPD/dm46-noshim.err"

# The new surfaces called raw (evtchn_client): each answer as Linux 6.1's
# drivers and Xen give it (evtchn_client.expected; suite_80 holds the same
# client to real Xen 4.14, 4.17 and 4.20), natively and through the shim.
for v in 4.17 4.6; do
    "$XENSHIM" run --sim "$v" --no-shim -- "$BUILD/tests/integration/evtchn_client" \
        >"$TMPD/evtchn-$v.out" 2>&1
    t_check "evtchn, gntdev and foreign mappings on --sim $v answer as Linux and Xen do" \
        diff -u "$TOP/tests/integration/evtchn_client.expected" "$TMPD/evtchn-$v.out"
done
"$XENSHIM" run --sim 4.20 -- "$BUILD/tests/integration/evtchn_client" >"$TMPD/evtchn-shim.out" 2>&1
t_check "... and the same through the shim on --sim 4.20" \
    diff -u "$TOP/tests/integration/evtchn_client.expected" "$TMPD/evtchn-shim.out"
XENSHIM_SIM_INTERCEPT=0 "$XENSHIM" run --sim 4.17 --no-shim -- \
    "$BUILD/tests/integration/evtchn_client" >"$TMPD/evtchn-fuse.out" 2>&1
t_check "through FUSE alone an unknown evtchn request's ENOSYS reads as ENOTTY (the kernel's doing)" \
    grep -qx "unknown_request=-ENOTTY" "$TMPD/evtchn-fuse.out"

# Malformed xenstore traffic: xenstored answers an error and keeps serving.
"$XENSHIM" run --sim 4.17 --no-shim -- python3 -c '
import socket, struct
s = socket.socket(socket.AF_UNIX); s.connect("/run/xenstored/socket")
# type 99 (unknown), req 1, tx 0, len 3, "a\0b"
s.sendall(struct.pack("<IIII", 99, 1, 0, 3) + b"a\0b")
t, r, tx, n = struct.unpack("<IIII", s.recv(16)); body = s.recv(n)
print("unknown_type", t, body.rstrip(b"\0").decode())
s.sendall(struct.pack("<IIII", 2, 2, 0, 4) + b"/vm\0")    # XS_READ of a directory
t, r, tx, n = struct.unpack("<IIII", s.recv(16)); s.recv(n)
print("still_serving", t)
' >"$TMPD/xs-bad.out" 2>&1
t_check "an unknown xenstore message type gets XS_ERROR ENOSYS, and xenstored keeps serving" \
    cmp -s "$TMPD/xs-bad.out" <(printf 'unknown_type 16 ENOSYS\nstill_serving 2\n')
