#!/usr/bin/env bash
# Debian 12's toolstack (built for 4.17) against whatever Xen CMD runs on:
# xl info, xl list, xl vcpu-list, xl pause 1 / xl unpause 1 (each followed
# by xl list) and xentop -b -i 1.  Lines: "TOOL LABEL: OUTPUT-LINE" and
# "TOOL LABEL: exit=N" (LABEL: $1, e.g. "with").  Used by suite_85 under
# --sim and, through realxen_tools.sh, by suite_80 under --xen.
label=${1:-run}
t=/usr/lib/xen-4.17/bin
for c in "xl info" "xl list" "xl vcpu-list" "xl pause 1" "xl list" "xl unpause 1" "xl list" \
         "xentop -b -i 1"; do
    out=$($t/$c 2>&1); rc=$?
    [ -n "$out" ] && printf '%s\n' "$out" | sed "s|^|$c $label: |"
    echo "$c $label: exit=$rc"
done
