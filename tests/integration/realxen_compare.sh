#!/usr/bin/env bash
# realxen_compare.sh LABEL REAL.out SIM.out [REAL.json SIM.json]
# Compares the clients' lines call by call (the same name, its nth time,
# must give the same line) and the state fields real Xen reports
# (realxen/README.md).  Prints each difference, then
#   realxen: LABEL: N calls compared, M differ
# and exits 1 when M > 0.
label=$1 real=$2 sim=$3
out=$(awk '
    function key(line,   k) { k = line; sub(/ .*/, "", k); sub(/=.*/, "", k); return k }
    FNR == 1 { file++ }
    file == 1 { c = $1 " " key(substr($0, length($1) + 2)); n1[c]++; r[c "#" n1[c]] = $0; order[++nr] = c "#" n1[c] }
    file == 2 { c = $1 " " key(substr($0, length($1) + 2)); n2[c]++; s[c "#" n2[c]] = $0; if (!((c "#" n2[c]) in r)) extra[++ne] = c "#" n2[c] }
    END {
        for (i = 1; i <= nr; i++) {
            k = order[i]
            if (r[k] ~ /^[a-z_]*: exit=/) continue
            calls++
            if (!(k in s)) { printf "  only real:  %s\n", r[k]; diff++ }
            else if (r[k] != s[k]) { printf "  real: %s\n  sim:  %s\n", r[k], s[k]; diff++ }
        }
        for (i = 1; i <= ne; i++) { printf "  only sim:   %s\n", s[extra[i]]; diff++; calls++ }
        printf "%d %d\n", calls, diff
    }' "$real" "$sim")
counts=$(printf '%s\n' "$out" | tail -n 1)
printf '%s\n' "$out" | sed '$d'
calls=${counts% *} diff=${counts#* }
if [ $# -ge 5 ]; then
    # The fields real Xen reports, from both documents.
    proj='{domid, irq_levels: {isa: .irq_levels.isa, pci_intx: .irq_levels.pci_intx},
           link_routes, mem_mib, params, paused, shutdown, vcpus}'
    for f in domid irq_levels link_routes mem_mib params paused shutdown vcpus; do
        a=$(jq -cS "$proj | .$f" "$4" 2>/dev/null) b=$(jq -cS "$proj | .$f" "$5" 2>/dev/null)
        calls=$((calls + 1))
        if [ -z "$a" ] || [ "$a" != "$b" ]; then
            printf '  state %s: real %s, sim %s\n' "$f" "${a:-none}" "${b:-none}"
            diff=$((diff + 1))
        fi
    done
fi
echo "realxen: $label: $calls calls compared, $diff differ"
[ "$diff" -eq 0 ]
