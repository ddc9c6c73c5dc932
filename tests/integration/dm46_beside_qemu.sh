#!/bin/bash
# A device model for `xenshim run --xen --guest-io` (suite_85): the 4.6-era
# ioreq_dm46 serves the guest's COM1 as an ioreq server of its own, beside
# Debian's QEMU 7.2, which serves the platform (PCI host bridge, chipset)
# and QMP, without which libxl will not take a qemu-xen device model.
#   dm46_beside_qemu.sh IOREQ_DM46 QEMU XL-ARGS...
# ioreq_dm46 gets xl's -xen-domid and -serial file:; QEMU the rest, without
# a serial port, so COM1 is ioreq_dm46's alone.  ioreq_dm46 must be serving
# before QEMU starts: if it fails, so does this (its message in the device
# model's log), and xl create with it.
dm46=$1 qemu=$2
shift 2
domid= serial= qemu_args=()
while [ $# -gt 0 ]; do
    case $1 in
        -xen-domid) domid=$2; qemu_args+=("$1" "$2"); shift 2 ;;
        -serial) serial=${2#file:}; shift 2 ;;
        *) qemu_args+=("$1"); shift ;;
    esac
done
[ -n "$domid" ] && [ -n "$serial" ] || { echo "dm46_beside_qemu: no -xen-domid or -serial file: from xl" >&2; exit 2; }
node=/local/domain/0/device-model/$domid/ioreq_dm46
"$dm46" "$domid" "$serial" "$node" &
pid=$!
for _ in $(seq 200); do
    [ "$(xenstore-read "$node" 2>/dev/null)" = running ] && exec "$qemu" "${qemu_args[@]}"
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        echo "dm46_beside_qemu: ioreq_dm46 failed (exit $?); QEMU not started" >&2
        exit 1
    fi
    sleep 0.1
done
echo "dm46_beside_qemu: ioreq_dm46 not serving after 20 s" >&2
kill "$pid"
exit 1
