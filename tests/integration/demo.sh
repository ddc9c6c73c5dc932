#!/usr/bin/env bash
# `make demo`: the main job in a few lines.  A device model built for Xen 4.6
# (legacy_client: raw privcmd hypercalls with 4.6 layouts) runs on its own
# release, then on a simulated Xen 4.17 without and with libxenshim.so.
# Each call's answer is compared with the 4.6 run, and so is the guest
# state it leaves.  Falls back to dm_client on 4.17 while legacy_client
# is not built.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-$PWD/build}
XENSHIM=$BUILD/bin/xenshim
LEGACY=$BUILD/tests/integration/legacy_client
DM=$BUILD/tests/integration/dm_client
T=$(mktemp -d /tmp/xenshim-demo.XXXXXX)
trap 'rm -rf "$T"' EXIT

# run NAME ARGS...: xenshim run ARGS, output in $T/NAME.out, state $T/NAME.json
run() {
    local name=$1; shift
    "$XENSHIM" run "$@" --state-out "$T/$name.json" -- "$CLIENT" >"$T/$name.out" 2>"$T/$name.err"
}
# answer NAME CALL: "ok" or the errno name of CALL in run NAME
answer() {
    awk -v c="$2" '$1 == c { e = $3; sub(/^errno=/, "", e); print (e == "0" ? "ok" : e); exit }' "$T/$1.out"
}
# same NAME: how many calls of run NAME answer as in the reference run
same() {
    awk 'NR == FNR { if ($1 !~ /^#/) want[$1] = $2 " " $3; next }
         $1 in want { n += (want[$1] == $2 " " $3) }
         END { print n + 0 }' "$T/ref.out" "$T/$1.out"
}

if [ ! -x "$LEGACY" ]; then
    CLIENT=$DM
    echo "xenshim demo: Debian's Xen 4.17 libraries (dm_client) on a simulated Xen 4.17"
    run native --sim 4.17 --no-shim
    [ -s "$T/native.out" ] || { head -3 "$T/native.err"; exit 1; }
    awk '$1 !~ /^#/' "$T/native.out" | head -16
    tail -1 "$T/native.out"
    exit 0
fi

CLIENT=$LEGACY
run ref --sim 4.6 --no-shim
if [ ! -s "$T/ref.out" ]; then
    echo "demo: the client did not run on the simulator:"; head -3 "$T/ref.err"
    exit 1
fi
run noshim --sim 4.17 --no-shim
run shim --sim 4.17
total=$(grep -vc '^#' "$T/ref.out")

echo "xenshim demo: a Xen 4.6-era device model (legacy_client) on a simulated Xen 4.17"
printf '%-34s %-9s %-14s %s\n' call "Xen 4.6" "4.17 no shim" "4.17 + shim"
for c in create_ioreq_server map_port_range set_ioreq_server_state_on \
         set_pci_intx_level_assert inject_msi track_dirty_vram_start modified_memory \
         set_mem_type_ram_ro inject_trap domctl_pausedomain domctl_getdomaininfo_paused; do
    # First call whose name starts with c: names carry suffixes ("_assert").
    full=$(awk -v c="$c" 'index($1, c) == 1 { print $1; exit }' "$T/ref.out")
    [ -n "$full" ] || continue
    printf '%-34s %-9s %-14s %s\n' "$full" "$(answer ref "$full")" \
        "$(answer noshim "$full")" "$(answer shim "$full")"
done
printf '%-34s %-9s %-14s %s\n' "calls answered as on Xen 4.6" "$total/$total" \
    "$(same noshim)/$total" "$(same shim)/$total"
state() { cmp -s "$T/ref.json" "$T/$1.json" && echo yes || echo no; }
printf '%-34s %-9s %-14s %s\n' "guest state same as on Xen 4.6" "-" "$(state noshim)" "$(state shim)"
