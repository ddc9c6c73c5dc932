#!/usr/bin/env bash
# fuzz/coverage.sh NAME...: runs each coverage-built harness
# ($BUILD/fuzz/cov/fuzz_NAME) once over its corpus (the grown one in
# $BUILD/fuzz/corpus/NAME and the seeds in fuzz/corpus/NAME), merges the
# profiles and prints line coverage of the simulator's decoders.
set -u
cd "$(dirname "$0")/.."
out=$BUILD/fuzz/profiles
rm -rf "$out"
mkdir -p "$out"
first= objs=()
for name in "$@"; do
    bin=$BUILD/fuzz/cov/fuzz_$name
    dirs=()
    for d in "$BUILD/fuzz/corpus/$name" "fuzz/corpus/$name"; do [ -d "$d" ] && dirs+=("$d"); done
    [ ${#dirs[@]} -gt 0 ] || continue
    LLVM_PROFILE_FILE="$out/$name.profraw" "$bin" -runs=0 "${dirs[@]}" >/dev/null 2>&1
    if [ -z "$first" ]; then first=$bin; else objs+=(-object "$bin"); fi
done
llvm-profdata merge -sparse "$out"/*.profraw -o "$out/all.profdata"
llvm-cov report "$first" "${objs[@]}" -instr-profile="$out/all.profdata" \
    sim/hv_dmop.c sim/hv_domctl.c sim/hv_hvmctl.c sim/hv_hvmop.c sim/hv_evtchn.c sim/hv.c \
    shim/translate_dmop.c shim/translate_hvmop.c shim/translate_domctl.c shim/broker.c \
    shim/cli/elf_reader.c sim/guest_io_script.c sim/host/evtchn_dev.c
