# Suite 95: faults of the environment (issue 15), each answered with an
# errno, promptly, without a crash:
#  - the simulator killed while CMD runs: CMD's next calls fail at once
#    (the FUSE connection is gone: ENOTCONN), nothing hangs;
#  - the shim's dm_op broker killed: the restricted descriptor's dm_ops
#    fail with -ENOSYS (as without the shim on 4.6), one log line;
#  - xenstored killed under --sim: the device model's next xenstore
#    calls fail at once;
#  - no descriptor left (RLIMIT_NOFILE): calls that need none work, a
#    dm_op whose buffers the shim cannot check says -EMFILE, the broker
#    that cannot start leaves -ENOSYS.
# (Allocation failure inside the shim: tests/unit/test_alloc_failure.c.)
# Sourced by run.sh.

s95_passed_before=$passed s95_failed_before=$failed

s95_client=$BUILD/tests/integration/raw_client
rm -f "$TMPD/s95.pid"
"$XENSHIM" run --sim 4.17 --no-shim -- sh -c \
    'echo $$ >"$0"; while [ ! -e "$0.go" ]; do sleep 0.05; done; exec timeout 20 "$1"' \
    "$TMPD/s95.pid" "$s95_client" >"$TMPD/s95.out" 2>"$TMPD/s95.err" &
s95_run=$!
for _ in $(seq 100); do [ -s "$TMPD/s95.pid" ] && break; sleep 0.05; done
s95_cmd=$(cat "$TMPD/s95.pid" 2>/dev/null)
kill -9 "$s95_run" 2>/dev/null
wait "$s95_run" 2>/dev/null
: >"$TMPD/s95.pid.go"
# CMD outlives its simulator; it must end on its own, promptly.
for _ in $(seq 200); do kill -0 "$s95_cmd" 2>/dev/null || break; sleep 0.05; done
t_check "the simulator killed under CMD: CMD's calls fail and it ends within 10 s" \
    sh -c '! kill -0 "$1" 2>/dev/null' _ "$s95_cmd"
t_check "... its privcmd calls fail with an errno instead of hanging" \
    grep -qE "^(open|xenver)=-E[A-Z0-9]+" "$TMPD/s95.out"

s95_fault=$BUILD/tests/integration/fault_client

# s95_expect DESC FILE LINE-REGEX
s95_expect() {
    if grep -qE "^$3\$" "$2"; then t_pass "$1"; else t_fail "$1" "$(tr '\n' ' ' <"$2")"; fi
}

# s95_msis FILE: the MSI data words the guest received, comma-separated.
s95_msis() { jq -r '[.msis[].data] | join(",")' "$1" 2>/dev/null; }

if [ ! -x "$s95_fault" ]; then
    t_fail "fault_client is built" "missing $s95_fault"
else
    # ---- the dm_op broker killed (4.6: restricted dm_ops need it) ------
    timeout 60 "$XENSHIM" run --sim 4.6 --state-out "$TMPD/s95-broker.json" -- \
        "$s95_fault" broker >"$TMPD/s95-broker.out" 2>"$TMPD/s95-broker.err"
    s95_expect "broker: the restricted dm_op goes through it" \
        "$TMPD/s95-broker.out" "dm_op_via_broker=0"
    s95_expect "broker killed: the next dm_op fails with -ENOSYS within 1 s" \
        "$TMPD/s95-broker.out" "dm_op_after_kill=-ENOSYS ms=[0-9]{1,3}"
    s95_expect "broker killed: and every later one, promptly" \
        "$TMPD/s95-broker.out" "dm_op_again=-ENOSYS ms=[0-9]{1,3}"
    t_check "broker killed: one log line says so" \
        grep -q "the dm_op broker does not answer" "$TMPD/s95-broker.err"
    t_check "broker killed: only the dm_op it carried reached the guest" \
        test "$(s95_msis "$TMPD/s95-broker.json")" = 0x830

    # ---- xenstored killed ------------------------------------------------
    rm -f "$TMPD/s95-xs.ready" "$TMPD/s95-xs.go"
    "$XENSHIM" run --sim 4.17 -- "$s95_fault" xenstore "$TMPD/s95-xs.ready" "$TMPD/s95-xs.go" \
        >"$TMPD/s95-xs.out" 2>"$TMPD/s95-xs.err" &
    s95_run=$!
    for _ in $(seq 200); do [ -e "$TMPD/s95-xs.ready" ] && break; sleep 0.05; done
    s95_xsd=$(pgrep -P "$s95_run" -x xenstored)
    [ -n "$s95_xsd" ] && kill -9 "$s95_xsd"
    : >"$TMPD/s95-xs.go"
    for _ in $(seq 200); do kill -0 "$s95_run" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$s95_run" 2>/dev/null; then
        t_fail "xenstored killed: the device model ends within 10 s" "still running"
        kill -9 "$s95_run" 2>/dev/null
    else
        t_pass "xenstored killed: the device model ends within 10 s"
    fi
    wait "$s95_run" 2>/dev/null
    s95_expect "xenstored: the device model read its guest's name" \
        "$TMPD/s95-xs.out" "read=xenshim-guest-1"
    s95_expect "xenstored killed: the next read fails with an errno within 1 s" \
        "$TMPD/s95-xs.out" "read_after_kill=-E[A-Z0-9]+ ms=[0-9]{1,3}"
    s95_expect "xenstored killed: so does a write" \
        "$TMPD/s95-xs.out" "write_after_kill=-E[A-Z0-9]+ ms=[0-9]{1,3}"

    # ---- no descriptor left ------------------------------------------------
    for v in 4.17 4.6; do
        timeout 60 "$XENSHIM" run --sim "$v" --state-out "$TMPD/s95-nofile-$v.json" -- \
            "$s95_fault" nofile >"$TMPD/s95-nofile-$v.out" 2>"$TMPD/s95-nofile-$v.err"
        s95_rc=$?
        t_check "$v, no descriptor left: the device model exits normally (no crash)" \
            test "$s95_rc" -eq 0
        s95_expect "$v, no descriptor left: really none (dup -EMFILE)" \
            "$TMPD/s95-nofile-$v.out" "dup=-EMFILE"
    done
    s95_expect "4.17 + shim, no descriptor left: the translated legacy hvm_op works" \
        "$TMPD/s95-nofile-4.17.out" "hvm_op=0"
    t_check "4.17, no descriptor left: every call reached the guest once" \
        test "$(s95_msis "$TMPD/s95-nofile-4.17.json")" = 0x830,0x1030,0x1830
    s95_expect "4.6 + shim, no descriptor left: a dm_op the shim cannot check is -EMFILE" \
        "$TMPD/s95-nofile-4.6.out" "dm_op=-EMFILE"
    s95_expect "4.6 + shim, no descriptor left: restricted, still -EMFILE" \
        "$TMPD/s95-nofile-4.6.out" "dm_op_restricted=-EMFILE"
    t_check "4.6 + shim, no descriptor left: the failed calls had no effect" \
        test "$(s95_msis "$TMPD/s95-nofile-4.6.json")" = 0x830
fi

# Read by the reliability summary at the end of make check.
echo "faults: $((passed - s95_passed_before))/$((passed - s95_passed_before + failed - s95_failed_before)) fault checks passed" \
    >>"${XENSHIM_RELIABILITY_LOG:-/dev/null}"
