# Suite 17: a privcmd descriptor restricted behind the shim's back (issue
# 15 finding 4).  Restricted by syscall(SYS_ioctl) or received over
# SCM_RIGHTS, it must answer through the shim on 4.17 exactly as without
# it: the legacy hvm_op and the 4.6-stamped pin_mem_cacheattr -EPERM (a
# restricted file takes no HYPERCALL), nothing of theirs in the guest, and
# the dm_op for its own domain works.  Sourced by run.sh.

s17_client=$BUILD/tests/integration/hidden_restrict_client

# s17_run NAME MODE XENSHIM-RUN-ARGS...
s17_run() {
    local name=$1 mode=$2
    shift 2
    timeout 60 "$XENSHIM" run --sim 4.17 --state-out "$TMPD/s17-$name.json" "$@" -- \
        "$s17_client" "$mode" >"$TMPD/s17-$name.out" 2>"$TMPD/s17-$name.err"
    # What the guest received: the MSI data words and the pinned ranges.
    jq -c '[[.msis[].data], [.. | .pinned_cacheattr? // empty | .[]]]' \
        "$TMPD/s17-$name.json" >"$TMPD/s17-$name.state" 2>/dev/null
}

if [ ! -x "$s17_client" ]; then
    t_fail "hidden_restrict_client is built" "missing $s17_client"
else
    for mode in raw scm; do
        how="restricted by syscall(SYS_ioctl)"
        [ "$mode" = scm ] && how="received restricted over SCM_RIGHTS"
        s17_run "ref-$mode" "$mode" --no-shim
        s17_run "shim-$mode" "$mode"
        t_check "4.17 without the shim, $how: legacy calls -EPERM" \
            grep -qx "hvmop_inject_msi=-EPERM" "$TMPD/s17-ref-$mode.out"
        t_check "4.17 + shim, $how: legacy hvm_op -EPERM, as without the shim" \
            grep -qx "hvmop_inject_msi=-EPERM" "$TMPD/s17-shim-$mode.out"
        t_check "4.17 + shim, $how: 0x0b pin_mem_cacheattr -EPERM, as without the shim" \
            grep -qx "domctl_pin_mem_cacheattr=-EPERM" "$TMPD/s17-shim-$mode.out"
        t_check "4.17 + shim, $how: its own domain's dm_op still works" \
            grep -qx "dmop_inject_msi=0" "$TMPD/s17-shim-$mode.out"
        t_check "4.17 + shim, $how: the guest got only the dm_op's MSI, nothing pinned" \
            grep -qx '\[\["0x1030"\],\[\]\]' "$TMPD/s17-shim-$mode.state"
    done
fi
