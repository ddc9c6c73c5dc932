# Suite 50: old binaries on a new host (issue 5).  Sourced by run.sh:
# $XENSHIM, $BUILD, $TMPD, $TOP are set.
#
#  - legacy_dm46 / legacy_dm411 / legacy_dm415 (legacy_client's sequence
#    through the 4.6 / 4.11 / 4.15 libxenctrl API; 4.15 imports versioned
#    names) need libxenctrl.so.4.N, libxenguest.so.4.N
#    and libxenstore.so.3.0, and the host's loader refuses them as they are;
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
# With log-dirty mode off, which 4.14+ VRAM tracking no longer turns on
# (found on real Xen 4.17), modified_memory checks nothing and answers 0
# where 4.6 refused the range: Xen's rule, not the compat layer's.
s50_known="track_dirty_vram_large out_of_range_modified_memory zero_pages_modified_memory"

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

    for rel in 46 411 415; do
        dm=$BUILD/tests/integration/legacy_dm$rel
        ver=4.${rel#4}
        if [ ! -x "$dm" ]; then
            t_fail "legacy_dm$rel is built" "missing $dm"
            continue
        fi
        needed=$(readelf -d "$dm" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep xen | tr '\n' ' ')
        if [ "$needed" = "libxenctrl.so.$ver libxenguest.so.$ver libxenstore.so.3.0 " ]; then
            t_pass "legacy_dm$rel needs libxenctrl.so.$ver, libxenguest.so.$ver and libxenstore.so.3.0"
        else
            t_fail "legacy_dm$rel needs libxenctrl.so.$ver, libxenguest.so.$ver and libxenstore.so.3.0" "DT_NEEDED: $needed"
        fi
        # Built against 4.15 its imports carry 4.15's version; before, none.
        case $rel in 415) s50_want="@VERS_4.15.0" ;; *) s50_want= ;; esac
        s50_bad=$(nm -D --with-symbol-versions "$dm" | awk '$1 == "U" && $2 ~ /^xc_/ { print $2 }' |
                  grep -v "^xc_[a-z_0-9]*$s50_want\$" | head -2 | tr '\n' ' ')
        if [ -z "$s50_bad" ]; then
            t_pass "legacy_dm$rel imports xc_*${s50_want:- plain names}, as built against $ver"
        else
            t_fail "legacy_dm$rel imports xc_*${s50_want:- plain names}, as built against $ver" "$s50_bad"
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
        if grep -q '^track_dirty_vram_after_write rc=0 errno=0 dirty=0$' "$TMPD/s50-dm$rel.out" &&
           grep -q '^out_of_range_modified_memory rc=0 errno=0$' "$TMPD/s50-dm$rel.out" &&
           grep -q '^domctl_getdomaininfo_paused rc=0 errno=0 domain=match hvm=1 paused=1$' "$TMPD/s50-dm$rel.out"; then
            t_pass "legacy_dm$rel: dirty VRAM bitmap (nothing dirty: no log-dirty on 4.17), modified_memory's 4.17 answer and the era's xc_dominfo_t read back right"
        else
            t_fail "legacy_dm$rel: dirty VRAM bitmap and xc_dominfo_t" \
                "$(grep -E '^(track_dirty_vram_after_write|domctl_getdomaininfo_paused) ' "$TMPD/s50-dm$rel.out" | tr '\n' ';')"
        fi
    done

    # Once `xenshim run` puts the compat directory on CMD's library path
    # itself (asked of shim/cli/cmd_run.c), the binary runs as it is.
    s50_lp=$("$XENSHIM" run --sim 4.17 -- sh -c 'echo "${LD_LIBRARY_PATH:-}"' 2>/dev/null)
    case ":$s50_lp:" in
    *:"$s50_compat":*|*/lib/compat:*|*/lib/xenshim/compat:*)
        "$XENSHIM" run --sim 4.17 --state-out "$TMPD/s50-plain.json" -- \
            "$BUILD/tests/integration/legacy_dm46" >"$TMPD/s50-plain.out" 2>"$TMPD/s50-plain.err"
        s50_rc=$?
        if [ "$s50_rc" -eq 0 ] && cmp -s "$TMPD/s50-ref.json" "$TMPD/s50-plain.json"; then
            t_pass "xenshim run --sim 4.17 -- legacy_dm46 (compat directory added by run): state as native 4.6"
        else
            t_fail "xenshim run --sim 4.17 -- legacy_dm46 (compat directory added by run)" "exit $s50_rc; $(head -2 "$TMPD/s50-plain.err" | tr '\n' ';')"
        fi ;;
    *)
        echo "note: xenshim run does not add the compat directory to LD_LIBRARY_PATH yet; the checks above set it" ;;
    esac

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

    # The same binary on other hypervisors: the host's 4.17 libraries speak
    # dm_op, which the preloaded shim carries to releases without it.
    if [ -x "$BUILD/tests/integration/legacy_dm46" ]; then
        for ver in 4.6 4.8 4.11 4.13 hvmctl1; do
            s50_run dm46-$ver "$ver" "$BUILD/tests/integration/legacy_dm46"
            s50_diff=$(diff <(s50_answers "$TMPD/s50-dm46.out") <(s50_answers "$TMPD/s50-dm46-$ver.out") | grep '^[<>]' | head -3 | tr '\n' ';')
            if [ "$s50_rc" -eq 0 ] && cmp -s "$TMPD/s50-ref.json" "$TMPD/s50-dm46-$ver.json" && [ -z "$s50_diff" ]; then
                t_pass "legacy_dm46 over the 4.17 libraries with the shim on --sim $ver: same answers, state as native 4.6"
            else
                t_fail "legacy_dm46 over the 4.17 libraries with the shim on --sim $ver" \
                    "exit $s50_rc; $(cmp "$TMPD/s50-ref.json" "$TMPD/s50-dm46-$ver.json" 2>&1 | head -1); $s50_diff $(head -2 "$TMPD/s50-dm46-$ver.err" | tr '\n' ';')"
            fi
        done
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
for lib in "$s50_compat"/libxenctrl.so.4.* "$s50_compat"/libxenguest.so.4.* "$s50_compat"/libxenstore.so.3.0; do
    [ -e "$lib" ] || { t_fail "compat libraries exist" "none in $s50_compat"; break; }
    name=${lib##*/}
    soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    case $name in
        libxen*.so.4.15) want=VERS_4.15.0 ;;
        libxen*.so.4.16) want=VERS_4.16.0 ;;
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
    case $name in libxenguest*) least=1 ;; *) least=30 ;; esac
    if [ "$soname" = "$name" ] && [ "$nsyms" -ge "$least" ] && [ -z "$bad" ]; then
        t_pass "$name: soname, $nsyms functions, $what"
    else
        t_fail "$name: soname and symbol versions" "soname $soname, $nsyms functions, unexpected: $bad"
    fi
done

# ---- xenshim check ---------------------------------------------------
# s50_check NAME ARGS...: xenshim check; output in $TMPD/s50-check-NAME, status in s50_rc.
s50_check() {
    local name=$1
    shift
    "$XENSHIM" check "$@" >"$TMPD/s50-check-$name" 2>&1
    s50_rc=$?
}

for rel in 46 411 415; do
    dm=$BUILD/tests/integration/legacy_dm$rel
    [ -x "$dm" ] || continue
    s50_check dm$rel "$dm"
    if [ "$s50_rc" -eq 0 ] &&
       grep -q "^soname libxenctrl.so.4.${rel#4}: compat " "$TMPD/s50-check-dm$rel" &&
       grep -q '^soname libxenstore.so.3.0: compat ' "$TMPD/s50-check-dm$rel" &&
       grep -q "^soname libxenguest.so.4.${rel#4}: compat " "$TMPD/s50-check-dm$rel" &&
       grep -q '^symbol xc_hvm_set_pci_intx_level\(@VERS_4.15.0\)\? (libxenctrl.so.4.[0-9]*): compat$' "$TMPD/s50-check-dm$rel" &&
       grep -q '^summary: 3 Xen sonames, [0-9]* symbols: 0 from the host, [0-9]* from the compat layer, 0 unprovided$' "$TMPD/s50-check-dm$rel"; then
        t_pass "xenshim check legacy_dm$rel: its three sonames and every symbol from the compat layer"
    else
        t_fail "xenshim check legacy_dm$rel: compat layer" "exit $s50_rc; $(grep -E '^(soname|summary)' "$TMPD/s50-check-dm$rel" | tr '\n' ';')"
    fi
done

s50_qemu=/usr/libexec/xen-qemu-system-i386
if [ -x "$s50_qemu" ]; then
    s50_check qemu "$s50_qemu"
    if [ "$s50_rc" -eq 0 ] && ! grep -qE '^(soname|symbol) .*: (compat|MISSING)' "$TMPD/s50-check-qemu" &&
       grep -q '^soname libxenctrl.so.4.17: host ' "$TMPD/s50-check-qemu" &&
       grep -q '^symbol xendevicemodel_set_pci_intx_level@VERS_1.0 (libxendevicemodel.so.1): host$' "$TMPD/s50-check-qemu" &&
       grep -q ' 0 from the compat layer, 0 unprovided$' "$TMPD/s50-check-qemu"; then
        t_pass "xenshim check on Debian's QEMU: $(sed -n 's/^summary: //p' "$TMPD/s50-check-qemu")"
    else
        t_fail "xenshim check on Debian's QEMU: everything from the host" "exit $s50_rc; $(grep -E 'compat$|MISSING|^summary' "$TMPD/s50-check-qemu" | head -3 | tr '\n' ';')"
    fi
    # The same QEMU on a 4.13 host: its libxenctrl.so.4.17 is nowhere.
    s50_check qemu413 "$s50_qemu" --target 4.13
    if [ "$s50_rc" -eq 1 ] && grep -q '^soname libxenctrl.so.4.17: MISSING' "$TMPD/s50-check-qemu413"; then
        t_pass "xenshim check --target 4.13 on Debian's QEMU: libxenctrl.so.4.17 unprovided, exit 1"
    else
        t_fail "xenshim check --target 4.13 on Debian's QEMU" "exit $s50_rc; $(grep '^soname libxenctrl' "$TMPD/s50-check-qemu413")"
    fi
else
    t_fail "Debian's QEMU is installed (make deps)" "no $s50_qemu"
fi

# A binary of 4.15 imports versioned names; one of 4.4 needs a soname
# nobody provides.
mkdir -p "$TMPD/s50-lib"
if echo 'int xc_interface_open(void); int main(void) { return xc_interface_open(); }' |
       gcc -x c - -o "$TMPD/s50-dm415" -L"$s50_compat" -l:libxenctrl.so.4.15 2>"$TMPD/s50-gcc.err" &&
   echo 'int xc_interface_open(void) { return 0; }' |
       gcc -x c - -shared -fPIC -Wl,-soname,libxenctrl.so.4.4 -o "$TMPD/s50-lib/libxenctrl.so.4.4" 2>>"$TMPD/s50-gcc.err" &&
   echo 'int xc_interface_open(void); int main(void) { return xc_interface_open(); }' |
       gcc -x c - -o "$TMPD/s50-dm44" -L"$TMPD/s50-lib" -l:libxenctrl.so.4.4 2>>"$TMPD/s50-gcc.err"; then
    s50_check dm415 "$TMPD/s50-dm415"
    if [ "$s50_rc" -eq 0 ] && grep -q '^symbol xc_interface_open@VERS_4.15.0 (libxenctrl.so.4.15): compat$' "$TMPD/s50-check-dm415"; then
        t_pass "xenshim check: a 4.15 binary's xc_interface_open@VERS_4.15.0 comes from the compat layer"
    else
        t_fail "xenshim check: 4.15 versioned import from the compat layer" "exit $s50_rc; $(grep '^symbol' "$TMPD/s50-check-dm415" | head -2 | tr '\n' ';')"
    fi
    s50_check dm44 "$TMPD/s50-dm44"
    if [ "$s50_rc" -eq 1 ] && grep -q '^soname libxenctrl.so.4.4: MISSING' "$TMPD/s50-check-dm44" &&
       grep -q '^symbol xc_interface_open (no Xen library): MISSING$' "$TMPD/s50-check-dm44"; then
        t_pass "xenshim check: a 4.4 binary is reported unprovided, exit 1"
    else
        t_fail "xenshim check: 4.4 binary unprovided" "exit $s50_rc; $(grep -E '^(soname|symbol)' "$TMPD/s50-check-dm44" | head -2 | tr '\n' ';')"
    fi
else
    t_fail "test binaries for xenshim check build" "$(head -2 "$TMPD/s50-gcc.err" | tr '\n' ';')"
fi
s50_check notelf /etc/hostname
t_check "xenshim check on a file that is not ELF: exit 2" test "$s50_rc" -eq 2

# ---- make install ----------------------------------------------------
s50_inst=$TMPD/s50-inst
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP" O="$BUILD" install PREFIX=/opt/xs DESTDIR="$s50_inst" \
    >"$TMPD/s50-install.out" 2>&1
s50_rc=$?
s50_missing=
for f in bin/xenshim lib/xenshim/libxenshim.so lib/xenshim/compat/libxenctrl.so.4.5 \
         lib/xenshim/compat/libxenguest.so.4.6 \
         lib/xenshim/compat/libxenctrl.so.4.6 lib/xenshim/compat/libxenctrl.so.4.11 \
         lib/xenshim/compat/libxenctrl.so.4.16 lib/xenshim/compat/libxenstore.so.3.0; do
    [ -f "$s50_inst/opt/xs/$f" ] || s50_missing="$s50_missing $f"
done
if [ "$s50_rc" -eq 0 ] && [ -z "$s50_missing" ]; then
    t_pass "make install PREFIX=/opt/xs DESTDIR=...: xenshim, libxenshim.so and the compat libraries in lib/xenshim/compat"
else
    t_fail "make install" "exit $s50_rc; missing:$s50_missing; $(tail -2 "$TMPD/s50-install.out" | tr '\n' ';')"
fi
if [ -x "$s50_inst/opt/xs/bin/xenshim" ] && [ -x "$BUILD/tests/integration/legacy_dm46" ]; then
    "$s50_inst/opt/xs/bin/xenshim" check "$BUILD/tests/integration/legacy_dm46" >"$TMPD/s50-check-inst" 2>&1
    s50_rc=$?
    if [ "$s50_rc" -eq 0 ] && grep -q "^soname libxenctrl.so.4.6: compat .*/opt/xs/lib/xenshim/compat/libxenctrl.so.4.6$" "$TMPD/s50-check-inst"; then
        t_pass "installed xenshim check finds the installed compat directory"
    else
        t_fail "installed xenshim check finds the installed compat directory" "exit $s50_rc; $(grep '^soname' "$TMPD/s50-check-inst" | head -1)"
    fi
fi
if [ -x "$s50_inst/opt/xs/bin/xenshim" ] && [ -x "$BUILD/tests/integration/legacy_dm46" ] && [ -s "$TMPD/s50-ref.json" ]; then
    "$s50_inst/opt/xs/bin/xenshim" run --sim 4.17 --state-out "$TMPD/s50-inst.json" -- \
        env LD_LIBRARY_PATH="$s50_inst/opt/xs/lib/xenshim/compat" "$BUILD/tests/integration/legacy_dm46" \
        >"$TMPD/s50-inst.out" 2>"$TMPD/s50-inst.err"
    s50_rc=$?
    if [ "$s50_rc" -eq 0 ] && cmp -s "$TMPD/s50-ref.json" "$TMPD/s50-inst.json"; then
        t_pass "installed tree: legacy_dm46 over the installed compat libraries, state as native 4.6"
    else
        t_fail "installed tree: legacy_dm46 over the installed compat libraries" "exit $s50_rc; $(head -2 "$TMPD/s50-inst.err" | tr '\n' ';')"
    fi
fi
