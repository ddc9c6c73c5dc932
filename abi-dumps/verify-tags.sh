#!/usr/bin/env bash
# Developer check (not part of make check: it needs Xen's git history):
# compare each release's dump with the same structs compiled from that
# release's own public headers, taken from a Xen git repository.
#
#   abi-dumps/verify-tags.sh GEN XEN_GIT_DIR [RELEASE...]
#
# GEN is the built abi-dumps/gen ($(O)/abi/gen).  For each release the
# headers of its newest RELEASE-x.y.z tag are extracted to a temporary
# directory (nothing is copied into the tree), the structs the layout
# table gives that release are compiled from them under our generic names,
# and abidiff lists every member that differs.  Expected differences
# (last reviewed against each branch's newest tag, 4.5.5 onwards):
#   - explicit 'pad' members of ours where Xen leaves the padding implicit
#     (same offsets of every named field);
#   - 4.10: the row describes 4.10.0; 4.10.1+ appended arch_config;
#   - 4.11-4.14: Xen's arch_config is 4 bytes, ours 8 (misc_flags of 4.15);
#     getdomaininfo is 104 bytes either way.
set -u
gen=${1:?usage: verify-tags.sh GEN XEN_GIT_DIR [RELEASE...]}
git=${2:?usage: verify-tags.sh GEN XEN_GIT_DIR [RELEASE...]}
shift 2
tmp=$(mktemp -d /tmp/xs-verify-tags.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ABIDW="abidw --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash"
releases=${*:-$("$gen" --list --real)}
for r in $releases; do
    tag=$(git -C "$git" tag -l "RELEASE-$r.*" | grep -E "^RELEASE-$r\.[0-9]+$" | sort -V | tail -1)
    [ -n "$tag" ] || { echo "== $r: no RELEASE-$r.* tag"; continue; }
    mkdir -p "$tmp/$r/xen"
    git -C "$git" archive "$tag" xen/include/public | tar -x -C "$tmp/$r" --strip-components=3 -f - &&
        (cd "$tmp/$r" && find . -maxdepth 1 -mindepth 1 ! -name xen -exec mv {} xen/ \;)
    # dm_op.h exists from 4.9 only
    "$gen" --xen "$r" | sed 's|^#include <xen/hvm/dm_op.h>|#if __has_include(<xen/hvm/dm_op.h>)\n#include <xen/hvm/dm_op.h>\n#endif|' >"$tmp/$r.c"
    (cd "$tmp" && cc -std=gnu11 -g -O0 -I"$tmp/$r" -c "$r.c" -o "$r.o") || { echo "== $r: does not compile"; continue; }
    $ABIDW --out-file "$tmp/$r.abi" "$tmp/$r.o"
    echo "== $r ($tag)"
    abidiff --suppressions abi-dumps/real-417.suppr abi-dumps/"$r".abi "$tmp/$r.abi" |
        grep -E "was changed|^ +'[^']+'|offset changed|size changed" | sed 's/^ */    /'
done
