#!/usr/bin/env bash
# make bench: what the shim costs.  A benchmark, not a test: it prints
# numbers and asserts nothing.
#
#  - a loop of N translated calls (legacy hvm_op set_pci_intx_level on a
#    simulated 4.17, through the real interposer, in process) against the
#    same N calls made natively as dm_op: user-space instructions per call
#    from callgrind (loop of N minus loop of 0, so start-up cancels out),
#    wall time per call, and the ratio of the two runs;
#  - the other direction (docs/dmop-fallback.md): the same dm_op through
#    the interposer on a simulated 4.6, where it becomes the legacy hvm_op,
#    and on a restricted descriptor, through the dm_op broker's socket
#    (a thread in the benchmark, a process in real use), both against the
#    native dm_op on 4.17;
#  - a non-Xen ioctl (FIONREAD on a pipe) with and without
#    LD_PRELOAD=libxenshim.so.
set -u
B=${BUILD:?BUILD is the build directory}
N=${XENSHIM_BENCH_N:-100000}
NIO=${XENSHIM_BENCH_IOCTL_N:-1000000}
shim=$B/bench/bench_shim
io=$B/bench/bench_ioctl
lib=$B/lib/libxenshim.so

have_valgrind=1
command -v valgrind >/dev/null || have_valgrind=0

# ir CMD...: total instructions callgrind counts for CMD (user space only).
ir() {
    local out
    out=$(mktemp /tmp/xenshim-bench.XXXXXX)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1
    awk '/^(summary|totals):/ { print $2; exit }' "$out"
    rm -f "$out"
}

# ir_preloaded CMD...: the same with the shim preloaded.
ir_preloaded() {
    local out
    out=$(mktemp /tmp/xenshim-bench.XXXXXX)
    LD_PRELOAD=$lib valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1
    awk '/^(summary|totals):/ { print $2; exit }' "$out"
    rm -f "$out"
}

# best_ns CMD...: the lowest "ns_per_call" of three runs.
best_ns() {
    for _ in 1 2 3; do "$@" | awk '/^ns_per_call/ { print $2 }'; done | sort -g | head -1
}

per_call() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.1f", (a - b) / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "xenshim bench: $N translated calls; $NIO non-Xen ioctls"
t_leg=$(best_ns "$shim" legacy "$N")
t_nat=$(best_ns "$shim" native "$N")
t_fb=$(best_ns "$shim" fallback "$N")
# The broker path waits on a socket for every call: fewer of them.
NB=$(( N / 10 ))
t_br=$(best_ns "$shim" broker "$NB")
t_io=$(best_ns "$io" "$NIO")
t_io_pre=$(LD_PRELOAD=$lib best_ns "$io" "$NIO")

if [ "$have_valgrind" = 1 ]; then
    leg=$(per_call "$(ir "$shim" legacy "$N")" "$(ir "$shim" legacy 0)" "$N")
    nat=$(per_call "$(ir "$shim" native "$N")" "$(ir "$shim" native 0)" "$N")
    fb=$(per_call "$(ir "$shim" fallback "$N")" "$(ir "$shim" fallback 0)" "$N")
    br=$(per_call "$(ir "$shim" broker "$NB")" "$(ir "$shim" broker 0)" "$NB")
    io0=$(per_call "$(ir "$io" "$N")" "$(ir "$io" 0)" "$N")
    io1=$(per_call "$(ir_preloaded "$io" "$N")" "$(ir_preloaded "$io" 0)" "$N")
    shim_ir=$(awk -v a="$leg" -v b="$nat" 'BEGIN { printf "%.1f", a - b }')
    io_ir=$(awk -v a="$io1" -v b="$io0" 'BEGIN { printf "%.1f", a - b }')
else
    leg=n/a nat=n/a fb=n/a br=n/a io0=n/a io1=n/a shim_ir="n/a (no valgrind)" io_ir=n/a
fi

printf '%-52s %12s %14s\n' "" "ns/call" "instr/call"
printf '%-52s %12s %14s\n' "legacy set_pci_intx_level via shim (4.17 sim)" "$t_leg" "$leg"
printf '%-52s %12s %14s\n' "native dm_op set_pci_intx_level (4.17 sim)" "$t_nat" "$nat"
printf '%-52s %12s %14s\n' "dm_op set_pci_intx_level via shim (4.6 sim)" "$t_fb" "$fb"
printf '%-52s %12s %14s\n' "  the same, restricted: via the dm_op broker" "$t_br" "$br"
printf '%-52s %12s %14s\n' "FIONREAD on a pipe" "$t_io" "$io0"
printf '%-52s %12s %14s\n' "FIONREAD on a pipe, LD_PRELOAD=libxenshim.so" "$t_io_pre" "$io1"
echo
echo "shim user-space instructions per translated call: $shim_ir"
echo "whole run, shim / native dm_op: $(ratio "$t_leg" "$t_nat")x wall time$( [ "$have_valgrind" = 1 ] && echo ", $(ratio "$leg" "$nat")x instructions")"
echo "dm_op on 4.6 via shim / native dm_op on 4.17: $(ratio "$t_fb" "$t_nat")x wall time$( [ "$have_valgrind" = 1 ] && echo ", $(ratio "$fb" "$nat")x instructions")"
echo "  through the broker: $(ratio "$t_br" "$t_nat")x wall time$( [ "$have_valgrind" = 1 ] && echo ", $(ratio "$br" "$nat")x instructions") (a socket round trip per call)"
echo "non-Xen ioctl under the shim: +$io_ir instructions, $(ratio "$t_io_pre" "$t_io")x wall time"
