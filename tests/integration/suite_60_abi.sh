# Suite 60: the ABI safety net (abi-dumps/).  Sourced by run.sh: $XENSHIM,
# $BUILD, $TMPD, $TOP are set.
#
#  (a) `make abi-check` on a scratch copy of the tree passes as committed,
#      and fails, naming the release, the type and the field, when one field
#      of one release's structure changes type or offset; likewise when the
#      shipped library loses an exported symbol;
#  (b) for every consecutive pair of releases, the structures abidiff finds
#      changed / added / removed between the committed dumps are exactly the
#      ones the versions/ layout table says changed.

s60_tree=$TMPD/s60-tree
s60_build=$TMPD/s60-build

# s60_check NAME: make abi-check in the scratch tree; output in
# $TMPD/s60-NAME.out, exit status in s60_rc.
s60_check() {
    # A sub-make of `make check` must not inherit the outer O=, CFLAGS or jobserver.
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$s60_tree" O="$s60_build" abi-check >"$TMPD/s60-$1.out" 2>&1
    s60_rc=$?
}

# s60_mutate NAME FILE SED-EXPR: apply SED-EXPR to the scratch FILE (saved
# first) and fail NAME if it changed nothing.
s60_mutate() {
    cp "$s60_tree/$2" "$TMPD/s60-saved"
    sed -i "$3" "$s60_tree/$2"
    if cmp -s "$s60_tree/$2" "$TMPD/s60-saved"; then
        t_fail "$1" "mutation did not apply to $2"
        return 1
    fi
}
s60_restore() { cp "$TMPD/s60-saved" "$s60_tree/$1"; }

# s60_expect_fail NAME PATTERN...: the last check failed and its output
# matches every PATTERN (grep -E).
s60_expect_fail() {
    local name=$1 p
    shift
    if [ "$s60_rc" -eq 0 ]; then
        t_fail "$name" "abi-check passed (see $TMPD/s60-$name.out)"
        return
    fi
    for p in "$@"; do
        if ! grep -Eq -- "$p" "$TMPD/s60-$name.out"; then
            t_fail "$name" "abi-check failed but its output lacks /$p/"
            sed 's/^/    | /' "$TMPD/s60-$name.out" | tail -30
            return
        fi
    done
    t_pass "$name"
}

mkdir -p "$s60_tree"
(cd "$TOP" && tar --exclude=./build --exclude=./.git -cf - .) | tar -xf - -C "$s60_tree"

s60_check baseline
if [ "$s60_rc" -eq 0 ] && grep -q "abi-check: all dumps match" "$TMPD/s60-baseline.out"; then
    t_pass "abi-check passes on an unmodified copy"
else
    t_fail "abi-check passes on an unmodified copy" "exit $s60_rc"
    tail -30 "$TMPD/s60-baseline.out" | sed 's/^/    | /'
fi

# Regenerating in the scratch copy (another path, another build dir)
# reproduces the committed release dumps byte for byte, and a second run
# reproduces the first, library dumps included.
s60_regen() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$s60_tree" O="$s60_build" abi-dumps >"$TMPD/s60-regen.out" 2>&1
}
if s60_regen; then
    s60_diffs=""
    for s60_f in "$TOP"/abi-dumps/4.*.abi "$TOP"/abi-dumps/hvmctl1.abi "$TOP"/abi-dumps/CHANGES; do
        cmp -s "$s60_f" "$s60_tree/abi-dumps/${s60_f##*/}" || s60_diffs="$s60_diffs ${s60_f##*/}"
    done
    if [ -z "$s60_diffs" ]; then
        t_pass "committed release dumps and their report are exactly what make abi-dumps produces"
    else
        t_fail "committed release dumps and their report are exactly what make abi-dumps produces" "differ:$s60_diffs"
    fi
    mkdir -p "$TMPD/s60-first"
    cp "$s60_tree"/abi-dumps/*.abi "$TMPD/s60-first/"
    if s60_regen; then
        s60_diffs=""
        for s60_f in "$TMPD"/s60-first/*.abi; do
            cmp -s "$s60_f" "$s60_tree/abi-dumps/${s60_f##*/}" || s60_diffs="$s60_diffs ${s60_f##*/}"
        done
        if [ -z "$s60_diffs" ]; then
            t_pass "make abi-dumps is stable across two runs"
        else
            t_fail "make abi-dumps is stable across two runs" "differ:$s60_diffs"
        fi
    else
        t_fail "make abi-dumps is stable across two runs" "second make abi-dumps failed"
    fi
    # The scratch copy keeps the regenerated dumps: release dumps equal the
    # committed ones (checked above), and the library dump now describes the
    # library as built, which the removed-symbol check below starts from.
else
    t_fail "committed release dumps are exactly what make abi-dumps produces" "make abi-dumps failed"
fi

# The mutations below edit the one ABI description, versions/abi.table
# (rows "TYPE NAME OFFSET" between "struct NAME SIZE ..." and "end").

# A field's type changes in a layout only 4.5-4.9 (and hvmctl1) use: the
# size and offsets stay, so only the dumps can see it.
if s60_mutate "type change" versions/abi.table \
    '/^struct xs_domctl_bind_pt_irq_v0 /,/^end/ s/^    uint32_t\( *\)hvm_domid /    int32_t \1 hvm_domid /'; then
    s60_check type_change
    s60_expect_fail type_change "FAIL release 4\.5:" "FAIL release 4\.9:" \
        "xs_domctl_bind_pt_irq" "hvm_domid"
    if grep -q "FAIL release 4\.10:" "$TMPD/s60-type_change.out"; then
        t_fail "type change is reported only for the releases using the layout"
    else
        t_pass "type change is reported only for the releases using the layout"
    fi
    s60_restore versions/abi.table
fi

# Two fields of the 4.5-4.15 irq_permission swap places: same size, new
# offsets (the table rows stay true to the new layout, so it builds).
if s60_mutate "offset change" versions/abi.table \
    '/^struct xs_domctl_irq_permission_v0 /,/^end/ { s/ pirq \( *\)0$/ allow_access\1 0/; t; s/ allow_access \( *\)1$/ pirq\1 1/ }'; then
    s60_check offset_change
    s60_expect_fail offset_change "FAIL release 4\.15:" "xs_domctl_irq_permission" \
        "'uint8_t (pirq|allow_access)' offset changed"
    s60_restore versions/abi.table
fi

# A 4.17 field moves (gpaddr_bits after pad2, rows consistent): the
# generated comparison with the 4.17 headers stops the build, naming it.
if s60_mutate "4.17 offset change" versions/abi.table \
    '/^struct xs_domctl_getdomaininfo_v2 /,/^end/ { / gpaddr_bits /d; s/^\( *uint8_t *\)pad2\[7\] *97$/\1pad2[7] 96\n\1gpaddr_bits 103/ }'; then
    s60_check v417_change
    s60_expect_fail v417_change "abi\.table:[0-9]+: xs_domctl_getdomaininfo_v2\.gpaddr_bits differs from 4\.17"
    s60_restore versions/abi.table
fi

# One field's offset is written wrong in the description: the generated
# asserts stop the build at the first file that includes abi.h, naming
# the table line and the field.
if s60_mutate "wrong offset in the table" versions/abi.table \
    '/^struct xs_dm_op_inject_event /,/^end/ s/ error_code \( *\)8$/ error_code\1 12/'; then
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$s60_tree" O="$s60_build" "$s60_build/obj/versions/layouts.o" >"$TMPD/s60-table_offset.out" 2>&1
    s60_rc=$?
    s60_expect_fail table_offset \
        "abi\.table:[0-9]+: xs_dm_op_inject_event\.error_code is not at offset 12"
    s60_restore versions/abi.table
fi

# Restored, the copy passes again (and every object is up to date, so the
# relink below is not undone by make).
s60_check restored
if [ "$s60_rc" -eq 0 ]; then
    t_pass "abi-check passes again once the copy is restored"
else
    t_fail "abi-check passes again once the copy is restored" "exit $s60_rc"
fi

# The shipped library loses one exported (interposed) symbol: relink it from
# the same objects with that symbol made local.
s60_lib=$s60_build/lib/libxenshim.so
if [ -e "$s60_tree/shim/interpose.c" ] && [ -e "$s60_lib" ] && [ -e "$s60_tree/abi-dumps/libxenshim.so.abi" ]; then
    s60_sym=$(nm -D --defined-only "$s60_lib" | awk '$2 ~ /^[TW]$/ && $3 !~ /^xs_/ && $3 != "_init" && $3 != "_fini" {print $3}' | sort | head -1)
    printf '{ global: *; local: %s; };\n' "$s60_sym" >"$TMPD/s60-hide.map"
    (cd "$s60_tree" && cc -shared -Wl,-soname,libxenshim.so -Wl,--version-script="$TMPD/s60-hide.map" \
        -o "$s60_lib" $(ls "$s60_build"/hidden/shim/*.o "$s60_build"/hidden/versions/*.o | grep -v check_417) -ldl -lpthread)
    if nm -D --defined-only "$s60_lib" | awk '{print $3}' | grep -qx "$s60_sym"; then
        t_fail "removed library symbol" "could not hide $s60_sym"
    else
        s60_check lib_symbol
        s60_expect_fail lib_symbol "FAIL libxenshim.so" "$s60_sym"
    fi
else
    t_fail "removed library symbol" "no libxenshim.so or no committed dump to test with"
fi

# (b) abidiff between releases (the committed report abi-dumps/CHANGES,
# which abi-check keeps equal to what the dumps say) agrees with the
# layout table, pair by pair.
# s60_report_changes A B: the lines of CHANGES' "== A B" section.
s60_report_changes() {
    awk -v h="== $1 $2" '$0 == h { on = 1; next } /^== / { on = 0 } on' "$TOP/abi-dumps/CHANGES"
}
s60_table_changes() {
    "$XENSHIM" versions --diff "$1" "$2" | LC_ALL=C sort
}

s60_pairs=$(awk '/^== / { print $2 ":" $3 }' "$TOP/abi-dumps/CHANGES" | tr '\n' ' ')
s60_want=$(build_pairs=""; prev=""
    for r in $(xs_releases '.hypothetical | not'); do
        [ -n "$prev" ] && build_pairs="$build_pairs$prev:$r "
        prev=$r
    done
    for h in $(xs_releases '.hypothetical'); do
        build_pairs="$build_pairs$("$XENSHIM" versions --json | jq -r ".[] | select(.name == \"$h\") | .base"):$h "
    done
    echo "$build_pairs")
if [ "$s60_pairs" = "$s60_want" ]; then
    t_pass "abi-dumps/CHANGES reports every consecutive pair of the release table"
else
    t_fail "abi-dumps/CHANGES reports every consecutive pair of the release table" \
        "report: $s60_pairs; table: $s60_want"
fi
s60_bad=0
for s60_p in $s60_pairs; do
    s60_a=${s60_p%:*} s60_b=${s60_p#*:}
    s60_report_changes "$s60_a" "$s60_b" >"$TMPD/s60-abidiff-$s60_p"
    s60_table_changes "$s60_a" "$s60_b" >"$TMPD/s60-table-$s60_p"
    if ! cmp -s "$TMPD/s60-abidiff-$s60_p" "$TMPD/s60-table-$s60_p"; then
        t_fail "abidiff $s60_a -> $s60_b agrees with the versions/ layout table" \
            "$(diff "$TMPD/s60-table-$s60_p" "$TMPD/s60-abidiff-$s60_p" | grep '^[<>]' | tr '\n' ';')"
        s60_bad=1
    fi
done
[ "$s60_bad" -eq 0 ] && t_pass "abidiff agrees with the versions/ layout table for every consecutive pair"

# The pairs where the table says a layout changed are not vacuous.
if grep -qx "changed xs_domctl_getdomaininfo 96 104" "$TMPD/s60-abidiff-4.10:4.11" &&
    grep -qx "changed xs_domctl_getdomaininfo 104 112" "$TMPD/s60-abidiff-4.15:4.16" &&
    grep -qx "changed xs_domctl_bind_pt_irq 32 24" "$TMPD/s60-abidiff-4.9:4.10" &&
    grep -qx "changed xs_domctl_irq_permission 2 8" "$TMPD/s60-abidiff-4.15:4.16" &&
    grep -qx "added xs_dm_op 32" "$TMPD/s60-abidiff-4.8:4.9" &&
    grep -qx "added xs_hvmctl 136" "$TMPD/s60-abidiff-4.8:hvmctl1"; then
    t_pass "abidiff sees the known layout changes (4.9/4.10/4.11/4.16, dm_op, hvmctl)"
else
    t_fail "abidiff sees the known layout changes (4.9/4.10/4.11/4.16, dm_op, hvmctl)"
fi
