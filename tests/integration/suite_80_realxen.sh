# Suite 80: real Xen in the loop (`xenshim run --xen`, realxen/).  Boots
# Debian's hypervisors under QEMU TCG and checks, against their own answers:
#  - the simulator: the same clients (Debian's 4.17 libxendevicemodel and
#    libxenctrl, the 4.6-era legacy_client through the shim, the bare
#    privcmd raw_client) on --xen V and --sim V give the same lines and the
#    same reportable state, for V = 4.14, 4.17, 4.20; what differs and is
#    understood is listed in realxen_known.txt, anything else fails;
#  - the runner: CMD's output and exit status come back as from --sim;
#  - the mission: the 4.6-era client runs through the shim on real 4.17 as
#    natively on --sim 4.6, and fails without the shim.
# Sourced by run.sh ($XENSHIM, $BUILD, $TMPD, $TOP).  ~8 boots of ~15 s.
s80_cache=${XENSHIM_XEN_CACHE:-/var/cache/xenshim/realxen}
s80_drv=$TOP/tests/integration/realxen_clients.sh
s80_known=$TOP/tests/integration/realxen_known.txt

if [ ! -s "$s80_cache/kernel/vmlinux" ]; then
    t_fail "real Xen: the cache has a dom0 kernel" "run make deps (realxen/fetch.sh)"
else
    # ---- the simulator against real Xen --------------------------------------
    for v in 4.17 4.14 4.20; do
        "$XENSHIM" run --xen "$v" --state-out "$TMPD/s80-$v-xen.json" -- "$s80_drv" "$BUILD" \
            >"$TMPD/s80-$v-xen.out" 2>"$TMPD/s80-$v-xen.err"
        rc=$?
        t_check "real Xen $v: the clients ran (exit $rc)" test "$rc" -eq 0
        [ "$rc" -eq 0 ] || sed 's/^/    /' "$TMPD/s80-$v-xen.err" | tail -n 20
        "$XENSHIM" run --sim "$v" --state-out "$TMPD/s80-$v-sim.json" -- "$s80_drv" "$BUILD" \
            >"$TMPD/s80-$v-sim.out" 2>"$TMPD/s80-$v-sim.err"
        if bash "$TOP/tests/integration/realxen_compare.sh" "$v" "$s80_known" \
            "$TMPD/s80-$v-xen.out" "$TMPD/s80-$v-sim.out" \
            "$TMPD/s80-$v-xen.json" "$TMPD/s80-$v-sim.json" >"$TMPD/s80-$v.cmp"; then
            t_pass "real Xen $v and --sim $v: no difference but the known ones"
        else
            t_fail "real Xen $v and --sim $v: no difference but the known ones" \
                "$(grep -e NEW -e gone "$TMPD/s80-$v.cmp" | head -5 | tr '\n' ';')"
        fi
        cat "$TMPD/s80-$v.cmp"
    done

    # ---- the mission: a 4.6-era device model on real 4.17 -------------------
    # The driver's legacy_client ran first on a fresh guest, through the shim.
    "$XENSHIM" run --sim 4.6 --no-shim -- "$BUILD/tests/integration/legacy_client" \
        >"$TMPD/s80-46.out" 2>&1
    # 4.6 turns log-dirty on with VRAM tracking, 4.14+ do not: that line is
    # Xen's own rule (suite_30), not the translation's.
    if diff <(grep -v '^track_dirty_vram_after_write ' "$TMPD/s80-46.out") \
            <(sed -n 's/^legacy_client: //p' "$TMPD/s80-4.17-xen.out" | grep -v -e '^exit=' \
              -e '^track_dirty_vram_after_write ') >"$TMPD/s80-mission.diff"; then
        t_pass "4.6-era client through the shim on real 4.17: every call as natively on --sim 4.6"
    else
        t_fail "4.6-era client through the shim on real 4.17: every call as natively on --sim 4.6" \
            "$(grep '^[<>]' "$TMPD/s80-mission.diff" | head -4 | tr '\n' ';')"
    fi
    "$XENSHIM" run --xen 4.17 --no-shim -- "$BUILD/tests/integration/legacy_client" \
        >"$TMPD/s80-noshim.out" 2>&1
    t_check "without the shim real 4.17 refuses its hvm_op (ENOSYS)" \
        grep -q '^create_ioreq_server rc=-1 errno=ENOSYS' "$TMPD/s80-noshim.out"
    t_check "without the shim real 4.17 refuses its domctl (EACCES)" \
        grep -q '^domctl_pausedomain rc=-1 errno=EACCES' "$TMPD/s80-noshim.out"
    "$XENSHIM" run --xen 4.20 --no-shim -- "$BUILD/tests/integration/dm_client" \
        >"$TMPD/s80-noshim420.out" 2>&1
    t_check "without the shim real 4.20 refuses Debian 12's libxenctrl (EACCES)" \
        grep -q '^xc_domain_pause rc=-1 errno=EACCES' "$TMPD/s80-noshim420.out"

    # Debian 12's toolstack on real 4.14 (sysctl 0x13, not 4.17's 0x15):
    # `xl list` through the shim, and refused without it.
    "$XENSHIM" run --xen 4.14 -- "$TOP/tests/integration/realxen_tools.sh" \
        >"$TMPD/s80-tools414.out" 2>&1
    t_check "real 4.14: Debian 12's xl list through the shim lists the guest" \
        grep -q '^xl list with: xenshim-guest  *1 ' "$TMPD/s80-tools414.out"
    t_check "real 4.14: without the shim xl list fails (Permission denied)" \
        sh -c "grep -q '^xl list without: exit=[1-9]' '$TMPD/s80-tools414.out' &&
               grep -q '^xl list without: .*getting domain info list: Permission denied' '$TMPD/s80-tools414.out'"

    # ---- the runner: output and exit status, as with --sim ------------------
    "$XENSHIM" run --xen 4.17 --no-shim -- sh -c 'echo to-stdout; echo to-stderr >&2; exit 3' \
        >"$TMPD/s80-exit.out" 2>"$TMPD/s80-exit.err"
    rc=$?
    t_check "run --xen: CMD's exit status (3)" test "$rc" -eq 3
    t_check "run --xen: CMD's stdout" grep -qx to-stdout "$TMPD/s80-exit.out"
    t_check "run --xen: CMD's stderr" grep -qx to-stderr "$TMPD/s80-exit.err"
    "$XENSHIM" run --xen 4.17 --no-shim -- sh -c 'echo before; kill -9 $$' \
        >"$TMPD/s80-kill.out" 2>&1
    rc=$?
    t_check "run --xen: CMD killed by SIGKILL gives 137, as --sim" test "$rc" -eq 137
    t_check "run --xen: output before the kill is kept" grep -qx before "$TMPD/s80-kill.out"
    "$XENSHIM" run --xen 9.9 -- true >"$TMPD/s80-bad.out" 2>&1
    rc=$?
    t_check "run --xen 9.9: setup error 125, one line naming what is known" \
        sh -c "test $rc -eq 125 && grep -q 'Debian ships 4.14, 4.17 and 4.20' '$TMPD/s80-bad.out'"
fi
