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

    # Debian 12's toolstack on real 4.14 (domctl 0x12, sysctl 0x13) and real
    # 4.20 (domctl 0x17, sysctl 0x15 as 4.17's): through the shim as on
    # 4.17 (suite_85 holds the simulator to the same lines), refused
    # without it; and `xenshim probe` in the same boot, which must settle
    # the release in at most 4 hypercalls.
    for v in 4.14 4.20; do
        o=$TMPD/s80-tools$v.out
        "$XENSHIM" run --xen "$v" -- sh -c \
            "'$TOP/tests/integration/realxen_tools.sh'; '$XENSHIM' probe --json" >"$o" 2>&1
        t_check "real $v: Debian 12's xl info through the shim (exit 0, xen_version $v, no libxl error)" \
            sh -c "grep -q '^xl info with: exit=0' '$o' && grep -q '^xl info with: xen_version *: $v\.' '$o' &&
                   ! grep -q '^xl info with: libxl: error' '$o'"
        t_check "real $v: xl list through the shim lists the guest (128 MiB, no vCPU up)" \
            grep -qE '^xl list with: xenshim-guest +1 +128 +0 +------ ' "$o"
        t_check "real $v: xl vcpu-list through the shim lists both guest vCPUs" \
            sh -c "[ \$(grep -cE '^xl vcpu-list with: xenshim-guest +1 +[01] .* all / all\$' '$o') -eq 2 ]"
        t_check "real $v: xl pause 1 / unpause 1 through the shim: paused, then not" \
            sh -c "sed -n '/^xl pause 1 with: exit/,/^xl unpause 1 with/p' '$o' | grep -qE '^xl list with: xenshim-guest .* --p--- ' &&
                   sed -n '/^xl unpause 1 with: exit/,/^xentop/p' '$o' | grep -qE '^xl list with: xenshim-guest .* ------ '"
        t_check "real $v: xentop -b -i 1 through the shim shows both domains" \
            sh -c "grep -q '^xentop -b -i 1 with: exit=0' '$o' && grep -qE '^xentop -b -i 1 with: +Domain-0 ' '$o' &&
                   grep -qE '^xentop -b -i 1 with: xenshim-gu ' '$o'"
        t_check "real $v: without the shim xl pause 1 is refused (Permission denied)" \
            grep -q '^xl pause 1 without: .*Pausing domain: Permission denied' "$o"
        t_check "real $v: xenshim probe names $v after at most 4 hypercalls" \
            grep -qE "^\{\"release\": \"$v\".*\"hypercalls\": [1-4]\}" "$o"
    done
    t_check "real 4.14: without the shim xl list fails (Permission denied)" \
        sh -c "grep -q '^xl list without: exit=[1-9]' '$TMPD/s80-tools4.14.out' &&
               grep -q '^xl list without: .*getting domain info list: Permission denied' '$TMPD/s80-tools4.14.out'"
    t_check "real 4.14: without the shim xl info fails (physinfo Permission denied)" \
        grep -q '^xl info without: .*getting physinfo: Permission denied' "$TMPD/s80-tools4.14.out"
    t_check "real 4.20: without the shim xl vcpu-list lists no guest vCPU (its domctl is 0x17)" \
        sh -c "! grep -qE '^xl vcpu-list without: xenshim-guest ' '$TMPD/s80-tools4.20.out'"

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
