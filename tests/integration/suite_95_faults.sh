# Suite 95: faults of the environment (issue 15).  The simulator killed
# while CMD runs: CMD's next calls fail at once with an errno, nothing
# hangs (the FUSE connection is gone: ENOTCONN).  Sourced by run.sh.

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
