#!/usr/bin/env bash
# ABI dumps of the versions/ structures, per release, and their checks.
# Called by abi-dumps/abi.mk from the top of the tree:
#
#   abi.sh dump  GEN OUTDIR [LIB...]   write every dump into OUTDIR
#   abi.sh check GEN OUTDIR [LIB...]   dump into OUTDIR, compare with abi-dumps/
#   abi.sh diff  A B                   abidiff report between two releases' dumps
#
# GEN is the built abi-dumps/gen; each LIB a shipped shared library
# (libxenshim.so, compat sonames), dumped as abi-dumps/<file name>.abi.
set -u
TOP=$PWD
DUMPS=$TOP/abi-dumps
CC=${CC:-cc}
# The headers the build generates from versions/abi.table.
ABI_GEN_DIR=${ABI_GEN_DIR:-$TOP/build/gen}
# Nothing machine- or path-dependent goes into a dump: no corpus path, no
# compilation directory, no source locations, type ids from type hashes.
ABIDW="abidw --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash"

die() { echo "abi: $*" >&2; exit 2; }

# compile NAME STD DIR: DIR/src/NAME.c -> DIR/NAME.abi.  Compiled from inside
# DIR/src under a relative name so the object does not record where the
# tree is.
compile_dump() {
    local name=$1 std=$2 dir=$3
    (cd "$dir/src" && $CC -std="$std" -g -O0 -I"$TOP/versions" -I"$ABI_GEN_DIR" -c "$name.c" -o "$name.o") ||
        die "cannot compile $dir/src/$name.c"
    $ABIDW --out-file "$dir/$name.abi" "$dir/src/$name.o" || die "abidw failed on $name.o"
}

dump_all() {
    local gen=$1 dir=$2 lib
    shift 2
    mkdir -p "$dir/src"
    for r in $("$gen" --list); do
        "$gen" "$r" >"$dir/src/$r.c" || die "gen $r"
        compile_dump "$r" c11 "$dir"
    done
    # The same structs as Debian's installed (4.17) headers define them.
    "$gen" --xen 4.17 >"$dir/src/4.17-xen.c" || die "gen --xen 4.17"
    compile_dump 4.17-xen gnu11 "$dir"
    for lib in "$@"; do
        [ -e "$lib" ] || die "no library $lib"
        # The shipped libraries have no public header of their own: their
        # interface is the symbols they export (libc's or libxen*'s entry
        # points), so every type is private and only symbols are compared.
        mkdir -p "$dir/no-public-headers"
        $ABIDW --headers-dir "$dir/no-public-headers" --drop-private-types \
            --out-file "$dir/${lib##*/}.abi" "$lib" || die "abidw failed on $lib"
    done
}

# The libabigail exit status is a bit field: 1 error, 2 usage, 4 change,
# 8 incompatible change.
check_all() {
    local gen=$1 dir=$2 failed=0 rc report lib name
    shift 2
    dump_all "$gen" "$dir" "$@"
    for r in $("$gen" --list) 4.17-xen; do
        if [ ! -e "$DUMPS/$r.abi" ]; then
            echo "abi-check: FAIL $r: no committed dump abi-dumps/$r.abi (run make abi-dumps)"
            failed=1
            continue
        fi
        report=$(abidiff --suppressions "$DUMPS/releases.suppr" "$DUMPS/$r.abi" "$dir/$r.abi" 2>&1)
        rc=$?
        if [ $rc -ne 0 ]; then
            echo "abi-check: FAIL release $r: its structures differ from abi-dumps/$r.abi (abidiff exit $rc):"
            echo "$report" | sed 's/^/    /'
            failed=1
        else
            echo "abi-check: ok $r"
        fi
    done
    # Our 4.17 definitions against the real headers.  Offsets of every field
    # are compared one by one by versions/check_417.c (built before this runs);
    # abidiff adds the view of whole types, with the reviewed differences in
    # real-417.suppr.
    report=$(abidiff --suppressions "$DUMPS/real-417.suppr" "$dir/4.17.abi" "$dir/4.17-xen.abi" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "abi-check: FAIL 4.17: versions/ definitions differ from /usr/include/xen (abidiff exit $rc):"
        echo "$report" | sed 's/^/    /'
        failed=1
    else
        echo "abi-check: ok 4.17 versions/ = /usr/include/xen"
    fi
    for lib in "$@"; do
        name=${lib##*/}
        if [ ! -e "$DUMPS/$name.abi" ]; then
            echo "abi-check: note: $name has no committed dump yet (make abi-dumps)"
            continue
        fi
        report=$(abidiff --suppressions "$DUMPS/libs.suppr" "$DUMPS/$name.abi" "$dir/$name.abi" 2>&1)
        rc=$?
        # New exports are fine; a removed or changed one breaks callers.
        if [ $((rc & 11)) -ne 0 ] ||
            echo "$report" | grep -Eq 'summary: [1-9][0-9]* Removed|, [1-9][0-9]* Changed'; then
            echo "abi-check: FAIL $name: exported interface differs from abi-dumps/$name.abi (abidiff exit $rc):"
            echo "$report" | sed 's/^/    /'
            failed=1
        else
            echo "abi-check: ok $name$([ $((rc & 4)) -ne 0 ] && echo " (additions only)")"
        fi
    done
    [ $failed -eq 0 ] || { echo "abi-check: FAILED"; return 1; }
    echo "abi-check: all dumps match"
}

case ${1:-} in
dump)  [ $# -ge 3 ] || die "usage: abi.sh dump GEN OUTDIR [LIB...]"; shift; dump_all "$@" ;;
check) [ $# -ge 3 ] || die "usage: abi.sh check GEN OUTDIR [LIB...]"; shift; check_all "$@" ;;
diff)
    [ $# -eq 3 ] || die "usage: abi.sh diff A B"
    for r in "$2" "$3"; do [ -e "$DUMPS/$r.abi" ] || die "no dump abi-dumps/$r.abi"; done
    echo "== structures changed, added or removed from Xen $2 to Xen $3 (leaf view)"
    abidiff --leaf-changes-only "$DUMPS/$2.abi" "$DUMPS/$3.abi"
    echo "== full report"
    abidiff "$DUMPS/$2.abi" "$DUMPS/$3.abi"
    exit 0 ;;
*) die "usage: abi.sh dump|check|diff ..." ;;
esac
