#!/usr/bin/env bash
# realxen_compare.sh LABEL KNOWN REAL.out SIM.out [REAL.json SIM.json]
# Compares the clients' lines call by call (the same name, its nth time,
# must give the same line) and the state fields real Xen reports
# (realxen/README.md).  Prints each difference, then
#   realxen: LABEL: N calls compared, M differ (K known)
# and exits 1 when a difference is not in KNOWN (realxen_known.txt) or a
# known one no longer shows.
label=$1 known=$2 real=$3 sim=$4
shift
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
            if (!(k in s)) { printf "  only real:  %s\n", r[k]; diff++; print "KEY " k > "/dev/stderr" }
            else if (r[k] != s[k]) { printf "  real: %s\n  sim:  %s\n", r[k], s[k]; diff++; print "KEY " k > "/dev/stderr" }
        }
        for (i = 1; i <= ne; i++) { printf "  only sim:   %s\n", s[extra[i]]; diff++; calls++; print "KEY " extra[i] > "/dev/stderr" }
        printf "%d %d\n", calls, diff
    }' "$real" "$sim" 2>"$real.keys")
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
            echo "KEY state: $f#1" >> "$real.keys"
            diff=$((diff + 1))
        fi
    done
fi
# Which differences are listed as known, which are new, which went away.
bad=0 nknown=0
while read -r _ k; do
    k=${k%#*}
    if grep -qxF -- "$k" <(sed -n 's/^\([a-z_]*: [^ ]*\) .*/\1/p' "$known"); then
        nknown=$((nknown + 1))
    else
        echo "  NEW difference: $k"; bad=1
    fi
done < "$real.keys"
while read -r k; do
    grep -q "^KEY ${k//[/\[}#" "$real.keys" || { echo "  known difference gone (remove it from the list): $k"; bad=1; }
done < <(sed -n 's/^\([a-z_]*: [^ ]*\) .*/\1/p' "$known")
rm -f "$real.keys"
echo "realxen: $label: $calls calls compared, $diff differ ($nknown known)"
[ "$bad" -eq 0 ]
