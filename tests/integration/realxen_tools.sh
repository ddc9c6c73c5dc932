#!/usr/bin/env bash
# Debian 12's toolstack (built for 4.17) in dom0 of a real Xen, as
# `xenshim run --xen V` gives it: each tool with the shim the run preloaded,
# then without it.  Lines: "TOOL with|without: exit=N" and the tool's output.
t=/usr/lib/xen-4.17/bin
for c in "xl info" "xl list" "xl vcpu-list" "xentop -b -i 1"; do
    out=$($t/$c 2>&1); rc=$?
    printf '%s\n' "$out" | sed "s|^|$c with: |"
    echo "$c with: exit=$rc"
    out=$(env -u LD_PRELOAD $t/$c 2>&1); rc=$?
    printf '%s\n' "$out" | sed "s|^|$c without: |"
    echo "$c without: exit=$rc"
done
