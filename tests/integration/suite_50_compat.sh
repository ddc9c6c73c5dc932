# Suite 50: old binaries on a new host (issue 5).  Sourced by run.sh:
# $XENSHIM, $BUILD, $TMPD, $TOP are set.
#
#  - legacy_dm46 / legacy_dm411 (legacy_client's sequence through the
#    4.6 / 4.11 libxenctrl API) need libxenctrl.so.4.N and
#    libxenstore.so.3.0, and the host's loader refuses them as they are;
#  - under `xenshim run --sim 4.17` with the compat directory on the
#    library path they run, and the guest ends byte-identical to
#    legacy_client run natively on --sim 4.6; the 4.6 build's answers are
#    legacy_client's, apart from the calls listed in s50_known;
#  - a host without the libraries: ENOSYS and a line naming the call;
#  - every compat library has its soname, and the symbol versions of its
#    release where the release had them (4.15, 4.16, libxenstore 3.0.3);
#  - `xenshim check` on the legacy binaries and on Debian's QEMU;
#  - `make install` puts everything in its place.

s50_compat=$BUILD/lib/compat
s50_client=$BUILD/tests/integration/legacy_client
# Calls whose answer through the host's libraries cannot be 4.6's:
# a bitmap of 40000 frames is 5000 bytes, over the 4096 bytes the privcmd
# driver takes in one DM_OP buffer, so the host's libxendevicemodel gets
# E2BIG where 4.6's HVMOP_track_dirty_vram succeeded.
s50_known="track_dirty_vram_large"

# s50_run NAME VERSION CMD...: CMD under xenshim run with the compat
# directory on the library path; output in $TMPD/s50-NAME.{out,err,json}.
s50_run() {
    local name=$1 ver=$2
    shift 2
    "$XENSHIM" run --sim "$ver" --state-out "$TMPD/s50-$name.json" -- \
        env LD_LIBRARY_PATH="$s50_compat${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@" \
        >"$TMPD/s50-$name.out" 2>"$TMPD/s50-$name.err"
    s50_rc=$?
}

# s50_answers FILE: "name rc errno" of each call line, known ones dropped.
s50_answers() {
    grep -v '^#' "$1" | awk -v known=" $s50_known " 'index(known, " " $1 " ") == 0 { print $1, $2, $3 }'
}

if [ ! -x "$XENSHIM" ] || [ ! -x "$s50_client" ] || [ ! -d "$s50_compat" ]; then
    t_fail "xenshim, legacy_client and the compat libraries are built" "missing under $BUILD"
else
    "$XENSHIM" run --sim 4.6 --no-shim --state-out "$TMPD/s50-ref.json" -- "$s50_client" \
        >"$TMPD/s50-ref.out" 2>"$TMPD/s50-ref.err"
    t_check "reference: legacy_client natively on 4.6 wrote its state" test -s "$TMPD/s50-ref.json"

    for rel in 46 411; do
        dm=$BUILD/tests/integration/legacy_dm$rel
        ver=4.${rel#4}
        if [ ! -x "$dm" ]; then
            t_fail "legacy_dm$rel is built" "missing $dm"
            continue
        fi
        needed=$(readelf -d "$dm" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep xen | tr '\n' ' ')
        if [ "$needed" = "libxenctrl.so.$ver libxenstore.so.3.0 " ]; then
            t_pass "legacy_dm$rel needs libxenctrl.so.$ver and libxenstore.so.3.0"
        else
            t_fail "legacy_dm$rel needs libxenctrl.so.$ver and libxenstore.so.3.0" "DT_NEEDED: $needed"
        fi
        if nm -D --with-symbol-versions "$dm" | grep ' U xc_' | grep -q '@'; then
            t_fail "legacy_dm$rel imports plain xc_* names, as built against $ver" \
                "$(nm -D --with-symbol-versions "$dm" | grep ' U xc_' | grep '@' | head -2 | tr '\n' ' ')"
        else
            t_pass "legacy_dm$rel imports plain xc_* names, as built against $ver"
        fi

        env -u LD_LIBRARY_PATH "$dm" >"$TMPD/s50-bare$rel.out" 2>"$TMPD/s50-bare$rel.err"
        rc=$?
        if [ "$rc" -eq 127 ] && grep -q "libxenctrl.so.$ver: cannot open shared object file" "$TMPD/s50-bare$rel.err"; then
            t_pass "legacy_dm$rel does not start on the host as is (loader: no libxenctrl.so.$ver)"
        else
            t_fail "legacy_dm$rel does not start on the host as is" "exit $rc; $(head -2 "$TMPD/s50-bare$rel.err" | tr '\n' ';')"
        fi

        s50_run dm$rel 4.17 "$dm"
        if [ "$s50_rc" -eq 0 ] && grep -q '^create_ioreq_server rc=0 errno=0$' "$TMPD/s50-dm$rel.out"; then
            t_pass "legacy_dm$rel runs under xenshim run --sim 4.17 with the compat libraries"
        else
            t_fail "legacy_dm$rel runs under xenshim run --sim 4.17" \
                "exit $s50_rc; $(head -3 "$TMPD/s50-dm$rel.err" | tr '\n' ';')"
        fi
        if cmp -s "$TMPD/s50-ref.json" "$TMPD/s50-dm$rel.json"; then
            t_pass "legacy_dm$rel on 4.17: state byte-identical to legacy_client native on 4.6"
        else
            t_fail "legacy_dm$rel on 4.17: state byte-identical to legacy_client native on 4.6" \
                "$(cmp "$TMPD/s50-ref.json" "$TMPD/s50-dm$rel.json" 2>&1 | head -1)"
        fi
        if grep -q '^track_dirty_vram_after_write rc=0 errno=0 dirty=4$' "$TMPD/s50-dm$rel.out" &&
           grep -q '^domctl_getdomaininfo_paused rc=0 errno=0 domain=match hvm=1 paused=1$' "$TMPD/s50-dm$rel.out"; then
            t_pass "legacy_dm$rel: dirty VRAM bitmap and the era's xc_dominfo_t read back right"
        else
            t_fail "legacy_dm$rel: dirty VRAM bitmap and xc_dominfo_t" \
                "$(grep -E '^(track_dirty_vram_after_write|domctl_getdomaininfo_paused) ' "$TMPD/s50-dm$rel.out" | tr '\n' ';')"
        fi
    done

    # The 4.6 build answers as legacy_client did on 4.6, call for call.
    if [ -s "$TMPD/s50-dm46.out" ]; then
        join <(s50_answers "$TMPD/s50-ref.out" | sort) <(s50_answers "$TMPD/s50-dm46.out" | sort) \
            -a 2 -o 0,1.2,1.3,2.2,2.3 >"$TMPD/s50-join"
        s50_n=$(grep -c . "$TMPD/s50-join")
        s50_diff=$(awk '$2 != $4 || $3 != $5' "$TMPD/s50-join")
        if [ "$s50_n" -gt 50 ] && [ -z "$s50_diff" ]; then
            t_pass "legacy_dm46 on 4.17: all $s50_n calls answer as legacy_client on 4.6 (known: $s50_known)"
        else
            t_fail "legacy_dm46 on 4.17: calls answer as legacy_client on 4.6" "$s50_n calls; $(echo "$s50_diff" | head -4 | tr '\n' ';')"
        fi
        t_check "legacy_dm46: the known difference is what it is said to be (E2BIG)" \
            grep -q '^track_dirty_vram_large rc=-1 errno=E2BIG' "$TMPD/s50-dm46.out"
    fi

    # No host libraries: ENOSYS, and a line naming the call.
    s50_run nohost 4.17 \
        env XENSHIM_HOST_LIBDIR="$TMPD/s50-nowhere" "$BUILD/tests/integration/legacy_dm46"
    if [ "$s50_rc" -eq 2 ] && grep -q 'xc_interface_open has no equivalent on this host: ENOSYS' "$TMPD/s50-nohost.err" &&
       grep -q 'Function not implemented' "$TMPD/s50-nohost.err"; then
        t_pass "no host libraries: xc_interface_open fails ENOSYS with a line naming it"
    else
        t_fail "no host libraries: ENOSYS with a line naming the call" "exit $s50_rc; $(head -3 "$TMPD/s50-nohost.err" | tr '\n' ';')"
    fi
fi

# ---- sonames and symbol versions of every compat library -------------
for lib in "$s50_compat"/libxenctrl.so.4.* "$s50_compat"/libxenstore.so.3.0; do
    [ -e "$lib" ] || { t_fail "compat libraries exist" "none in $s50_compat"; break; }
    name=${lib##*/}
    soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    case $name in
        libxenctrl.so.4.15) want=VERS_4.15.0 ;;
        libxenctrl.so.4.16) want=VERS_4.16.0 ;;
        libxenstore.so.3.0) want=VERS_3.0.3 ;;
        *) want= ;;
    esac
    syms=$(nm -D --defined-only --with-symbol-versions "$lib" | awk '$2 == "T" { print $3 }')
    nsyms=$(echo "$syms" | grep -c .)
    if [ -n "$want" ]; then
        bad=$(echo "$syms" | grep -v "@@$want\$" | head -3 | tr '\n' ' ')
        what="every function @@$want"
    else
        # No version of Xen's: the private XENSHIM_COMPAT only (compat-gen.c says why).
        bad=$(echo "$syms" | grep -v '@@XENSHIM_COMPAT$' | head -3 | tr '\n' ' ')
        what="no Xen symbol version (release had none)"
    fi
    if [ "$soname" = "$name" ] && [ "$nsyms" -gt 30 ] && [ -z "$bad" ]; then
        t_pass "$name: soname, $nsyms functions, $what"
    else
        t_fail "$name: soname and symbol versions" "soname $soname, $nsyms functions, unexpected: $bad"
    fi
done
