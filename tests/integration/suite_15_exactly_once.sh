# Suite 15: exactly once under a signal storm.  Real privcmd is not
# interruptible inside a hypercall: a call returns once, with its result,
# and takes effect once.  storm_client makes inject_msi calls while SIGALRM
# arrives every 20 us; the MSIs the simulator recorded must be exactly the
# calls that returned 0 (each once; none of the calls that failed), with
# and without SA_RESTART, on the simulator alone (seccomp and FUSE paths)
# and through the shim (legacy hvm_op to dm_op on 4.17, dm_op to hvm_op on
# 4.6).  Sourced by run.sh.

s15_client=$BUILD/tests/integration/storm_client
s15_calls=${XENSHIM_STORM_CALLS:-1000}

# s15_storm DESC ENV-AND-RUN-ARGS... -- CLIENT-ARGS...
s15_storm() {
    local desc=$1 runargs=() out=$TMPD/s15.out state=$TMPD/s15.json rc
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do runargs+=("$1"); shift; done
    shift
    rm -f "$state"
    env "${runargs[@]}" "$XENSHIM" run --state-out "$state" "${runargs_sim[@]}" -- \
        "$s15_client" -n "$s15_calls" "$@" >"$out" 2>"$TMPD/s15.err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$state" ]; then
        t_fail "$desc" "exit $rc: $(tail -n2 "$TMPD/s15.err" | tr '\n' ' ')"
        return
    fi
    local ok landed
    ok=$(wc -l <"$out")
    landed=$(jq '.msis | length' "$state")
    s15_checked=$((s15_checked + ok))
    if jq -r '.msis[].data' "$state" | sort | cmp -s - <(sort "$out"); then
        t_pass "$desc ($ok of $s15_calls succeeded, $landed MSIs)"
        s15_exact=$((s15_exact + ok))
    else
        t_fail "$desc" "$ok calls succeeded, $landed MSIs landed: $(tail -n1 "$TMPD/s15.err")"
    fi
}

s15_exact=0 s15_checked=0
if [ ! -x "$s15_client" ]; then
    t_fail "storm_client is built" "missing $s15_client"
else
    for flags in "" -r; do
        how=${flags:+SA_RESTART}
        how=${how:-no SA_RESTART}
        runargs_sim=(--sim 4.17 --no-shim)
        s15_storm "4.17 sim, seccomp, $how: one MSI per successful dm_op" -- $flags
        s15_storm "4.17 sim, FUSE only, $how: one MSI per successful dm_op" \
            XENSHIM_SIM_INTERCEPT=0 -- $flags
        runargs_sim=(--sim 4.17)
        s15_storm "4.17 through the shim, $how: one MSI per successful legacy hvm_op" -- -l $flags
        runargs_sim=(--sim 4.6)
        s15_storm "4.6 through the shim, $how: one MSI per successful dm_op" -- $flags
    done
    # Read by the reliability summary at the end of make check.
    echo "exactly-once: $s15_exact/$s15_checked successful calls under SIGALRM took effect exactly once" \
        >>"${XENSHIM_RELIABILITY_LOG:-/dev/null}"
fi
