# Suite 35: the shim's core through the real preload.
# Sourced by run.sh: $XENSHIM, $BUILD, $TMPD, $TOP are set.
#
#  - `xenshim probe` names every release on --sim, under the shim too;
#    XENSHIM_TARGET forces a profile;
#  - the preloaded shim detects the release itself (XENSHIM_LOG=info) and
#    reports at exit (XENSHIM_STATS=1);
#  - domctl in both directions: a client stamping 4.17's interface version
#    runs on 4.6 and a 4.6 one on 4.17, 4.10.1's 0x0f on 4.17; an unknown
#    stamp gets -EACCES;
#  - programs that never touch Xen run unchanged under the shim.

s35_client=$BUILD/tests/integration/legacy_client
s35_lib=$BUILD/lib/libxenshim.so
s35_rels=$(xs_releases)

# s35_grep DESC FILE REGEX: FILE has a line matching REGEX.
s35_grep() {
    if grep -Eq -- "$3" "$2"; then t_pass "$1"; else t_fail "$1" "no '$3' in ${2##*/}"; fi
}

if [ ! -x "$XENSHIM" ] || [ ! -f "$s35_lib" ]; then
    t_fail "suite 35: xenshim and libxenshim.so are built" "missing"
else
    for v in $s35_rels; do
        "$XENSHIM" run --sim "$v" --no-shim -- "$XENSHIM" probe --json >"$TMPD/s35-probe-$v" 2>&1
        s35_grep "probe on $v names $v" "$TMPD/s35-probe-$v" "\"release\": \"$v\".*\"passthrough\": false"
        s35_grep "probe on $v takes at most 4 hypercalls" "$TMPD/s35-probe-$v" '"hypercalls": [1-4]}'
    done
    # The count is the simulator's own: its trace of the probe's calls.
    XENSHIM_SIM_TRACE="$TMPD/s35-trace" "$XENSHIM" run --sim 4.17 --no-shim -- \
        "$XENSHIM" probe --json >"$TMPD/s35-probe-count" 2>&1
    s35_grep "probe's hypercall count is what the simulator saw (xen_version, getdomaininfo)" \
        "$TMPD/s35-probe-count" "\"hypercalls\": $(grep -c -e '^xen_version' -e '^domctl' "$TMPD/s35-trace")}"
    # The CLI probes by system call, so the preloaded shim does not change
    # what it sees (hvmctl1's probe is a hypercall 41 the shim would
    # otherwise route).
    "$XENSHIM" run --sim hvmctl1 -- "$XENSHIM" probe >"$TMPD/s35-probe-shim" 2>&1
    s35_grep "probe under the shim on hvmctl1" "$TMPD/s35-probe-shim" "^profile hvmctl1: xenver 4.8, dm_op no, hvmctl if 1"
    XENSHIM_TARGET=4.6 "$XENSHIM" run --sim 4.17 --no-shim -- "$XENSHIM" probe >"$TMPD/s35-forced" 2>&1
    s35_grep "XENSHIM_TARGET=4.6 forces the profile" "$TMPD/s35-forced" "^profile 4.6: .*forced"
    XENSHIM_TARGET=9.9 "$XENSHIM" run --sim 4.17 --no-shim -- "$XENSHIM" probe >"$TMPD/s35-forced-bad" 2>&1
    s35_grep "an unknown XENSHIM_TARGET means passthrough" "$TMPD/s35-forced-bad" "passthrough, forced"
    if [ ! -e /dev/xen/privcmd ] && [ ! -e /proc/xen/privcmd ]; then
        "$XENSHIM" probe >"$TMPD/s35-nohv" 2>&1
        t_check "probe without a hypervisor fails cleanly" test $? -eq 1
    fi

    # The shim's own detection and its exit report.
    XENSHIM_LOG=info XENSHIM_STATS=1 "$XENSHIM" run --sim 4.17 -- "$s35_client" >"$TMPD/s35-417.out" 2>"$TMPD/s35-417.err"
    s35_grep "preloaded shim detects 4.17" "$TMPD/s35-417.err" "info: profile 4.17: xenver 4.17, dm_op yes"
    s35_grep "stats: domctl getdomaininfo translated" "$TMPD/s35-417.err" "^xenshim: translated domctl getdomaininfo [0-9]+$"
    s35_grep "stats: total line names the profile" "$TMPD/s35-417.err" "^xenshim: translated [0-9]+ calls in total \(profile 4.17\)$"
    XENSHIM_STATS=1 "$XENSHIM" run --sim 4.6 -- "$s35_client" >"$TMPD/s35-46.out" 2>"$TMPD/s35-46.err"
    s35_grep "stats on 4.6: nothing translated" "$TMPD/s35-46.err" "^xenshim: translated nothing \(profile 4.6\)$"

    # A XENSHIM_LOG the shim does not know: one line naming it and the levels.
    XENSHIM_LOG=verbose "$XENSHIM" run --sim 4.6 -- sh -c "'$s35_client' >/dev/null; /bin/true" \
        >"$TMPD/s35-badlog.out" 2>"$TMPD/s35-badlog.err"
    t_check "XENSHIM_LOG=verbose: one line names it and the accepted levels" test "$(grep -c \
        'XENSHIM_LOG=verbose is not a level (none, off, 0, error, info, debug)' "$TMPD/s35-badlog.err")" -eq 1

    # domctl, both directions, against the client's own native run.
    "$XENSHIM" run --sim 4.17 --no-shim -- "$s35_client" 1 0x15 >"$TMPD/s35-native417.out" 2>&1
    "$XENSHIM" run --sim 4.6 -- "$s35_client" 1 0x15 >"$TMPD/s35-new-on-old.out" 2>&1
    for c in domctl_pausedomain domctl_getdomaininfo_paused domctl_unpausedomain domctl_getdomaininfo; do
        s35_grep "4.17 stamp on 4.6 with the shim: $c" "$TMPD/s35-new-on-old.out" "^$c rc=0 errno=0"
    done
    if diff <(grep '^domctl' "$TMPD/s35-native417.out") <(grep '^domctl' "$TMPD/s35-new-on-old.out") >/dev/null; then
        t_pass "4.17 stamp on 4.6: domctl answers as on 4.17"
    else
        t_fail "4.17 stamp on 4.6: domctl answers as on 4.17"
    fi
    "$XENSHIM" run --sim 4.6 --no-shim -- "$s35_client" 1 0x15 >"$TMPD/s35-new-on-old-noshim.out" 2>&1
    s35_grep "4.17 stamp on 4.6 without the shim: EACCES" "$TMPD/s35-new-on-old-noshim.out" "^domctl_pausedomain rc=-1 errno=EACCES"
    "$XENSHIM" run --sim 4.17 -- "$s35_client" 1 0x0b >"$TMPD/s35-old-on-new.out" 2>&1
    s35_grep "4.6 stamp on 4.17 with the shim: getdomaininfo" "$TMPD/s35-old-on-new.out" "^domctl_getdomaininfo_paused rc=0 errno=0 domain=match hvm=1 paused=1"
    "$XENSHIM" run --sim 4.17 -- "$s35_client" 1 0x09 >"$TMPD/s35-unknown.out" 2>&1
    s35_grep "unknown stamp 0x09: EACCES as Xen says" "$TMPD/s35-unknown.out" "^domctl_pausedomain rc=-1 errno=EACCES"
    # 0x0f is Xen 4.10.1-4.10.4's (4.10.0 stamps 0x0e): a known caller.
    "$XENSHIM" run --sim 4.17 -- "$s35_client" 1 0x0f >"$TMPD/s35-4101.out" 2>&1
    s35_grep "4.10.1 stamp 0x0f on 4.17 with the shim: pausedomain" "$TMPD/s35-4101.out" "^domctl_pausedomain rc=0 errno=0"
    s35_grep "4.10.1 stamp 0x0f on 4.17 with the shim: getdomaininfo" "$TMPD/s35-4101.out" "^domctl_getdomaininfo_paused rc=0 errno=0 domain=match hvm=1 paused=1"

    # Nothing Xen: descriptors, pipes, terminal ioctls behave as without it.
    # python3 makes the ioctls through libc (so through the shim); without
    # it this check cannot run, which is a failure, not a pass.
    s35_plain() {
        printf 'abc' | wc -c
        exec 7</dev/null; exec 8<&7; exec 7<&-; exec 8<&-
        python3 -c 'import os,fcntl,termios,array
r,w = os.pipe(); os.write(w, b"xyz")
b = array.array("i", [0]); fcntl.ioctl(r, termios.FIONREAD, b); print(b[0])
try:
    fcntl.ioctl(r, termios.TCGETS, bytes(64)); print("pipe is a tty?")
except OSError as e:
    print("TCGETS", os.strerror(e.errno))
d = os.dup(r); os.close(r); print(os.read(d, 3).decode())'
        echo "python3 rc=$?"
    }
    if ! command -v python3 >/dev/null; then
        t_fail "non-Xen programs unchanged under the shim (and silent)" "python3 is not installed"
    else
        s35_plain >"$TMPD/s35-plain.ref" 2>&1
        (export LD_PRELOAD=$s35_lib XENSHIM_STATS=1; s35_plain) >"$TMPD/s35-plain.out" 2>&1
        printf '3\n3\nTCGETS %s\nxyz\npython3 rc=0\n' "$(python3 -c 'import os,errno; print(os.strerror(errno.ENOTTY))')" \
            >"$TMPD/s35-plain.want"
        t_check "non-Xen programs: the reference run gives the expected answers" \
            cmp -s "$TMPD/s35-plain.want" "$TMPD/s35-plain.ref"
        if cmp -s "$TMPD/s35-plain.want" "$TMPD/s35-plain.out"; then
            t_pass "non-Xen programs unchanged under the shim (and silent)"
        else
            t_fail "non-Xen programs unchanged under the shim (and silent)" "$(diff "$TMPD/s35-plain.want" "$TMPD/s35-plain.out" | head -3 | tr '\n' ';')"
        fi
    fi
fi
