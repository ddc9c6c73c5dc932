#!/usr/bin/env bash
# tests/reliability_summary.sh LOG: the last line of make check, from the
# lines the runners appended to LOG:
#   fuzz: N executions, N crashes (...)              fuzz/run.sh
#   exactly-once: N/N successful calls ...           suite_15
#   faults: N/N fault checks passed                  suite_95
# A part that did not run says so instead of a number.
log=${1:?usage: reliability_summary.sh LOG}
[ -f "$log" ] || : >"$log"
execs=0 crashes=0 fuzzed=
while read -r _ n _ c _; do
    execs=$((execs + ${n%,})) crashes=$((crashes + c)) fuzzed=1
done < <(grep '^fuzz: ' "$log")
once=$(sed -n 's/^exactly-once: \([0-9]*\/[0-9]*\).*/\1/p' "$log" | tail -n1)
faults=$(sed -n 's/^faults: \([0-9]*\/[0-9]*\).*/\1/p' "$log" | tail -n1)
fuzz="not run"
[ -n "$fuzzed" ] && fuzz="$execs execs $crashes crashes"
echo "reliability: fuzz $fuzz; exactly-once ${once:-not run}; faults ${faults:-not run}"
