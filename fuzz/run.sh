#!/usr/bin/env bash
# fuzz/run.sh SECONDS NAME...: runs each harness $BUILD/fuzz/bin/fuzz_NAME
# for SECONDS on $BUILD/fuzz/corpus/NAME (seeded from fuzz/corpus/NAME),
# one line each with its executions, executions a second and crashes,
# then a total line, which also goes to $XENSHIM_RELIABILITY_LOG.  Exits
# 1 if any harness crashed (the input is kept as $BUILD/fuzz/crash-NAME-*).
set -u
cd "$(dirname "$0")/.."
secs=$1
shift
total=0 crashes=0 bad=()
for name in "$@"; do
    bin=$BUILD/fuzz/bin/fuzz_$name corpus=$BUILD/fuzz/corpus/$name log=$BUILD/fuzz/$name.log
    mkdir -p "$corpus"
    [ -d "fuzz/corpus/$name" ] && cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$BUILD/fuzz/crash-$name-" "$corpus" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
    execs=${execs:-0}
    total=$((total + execs))
    if [ "$rc" -ne 0 ]; then
        crashes=$((crashes + 1))
        bad+=("$name")
        echo "fuzz $name: CRASH after $execs executions (exit $rc), see $log"
        grep -m3 -E "ERROR|runtime error|SUMMARY" "$log"
    else
        echo "fuzz $name: $execs executions in ${secs}s ($rate/s), 0 crashes, corpus $(ls "$corpus" | wc -l)"
    fi
done
line="fuzz: $total executions, $crashes crashes ($# harnesses, ${secs}s each)"
echo "$line"
echo "$line" >>"${XENSHIM_RELIABILITY_LOG:-/dev/null}"
[ "$crashes" -eq 0 ]
