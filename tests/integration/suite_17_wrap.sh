# Suite 17: real hosts (issue 16).  `xenshim exec` gives CMD the shim and
# the compat sonames; `xenshim wrap`'s script, used as xl.cfg's
# device_model_override, starts a device model of the Xen 4.6 era (qemu22_dm:
# QEMU 2.2's command line, built without VNC) with the command line libxl
# 4.17 builds, on the simulated 4.17 host, and it serves the guest as
# ioreq_dm46 does natively on 4.6.  Sourced by run.sh.

s17_dm=$BUILD/tests/integration/qemu22_dm
s17_ref=$BUILD/tests/integration/ioreq_dm46
s17_gio=$TOP/tests/integration/guest_io/legacy_uart.gio
# What libxl 4.17's libxl__build_device_model_args_new gives an HVM guest
# (its QMP sockets moved under $TMPD); -serial is the guest's COM1.
s17_line() {
    echo -xen-domid 1 -no-shutdown \
        -chardev "socket,id=libxl-cmd,path=$TMPD/qmp-libxl-1,server=on,wait=off" \
        -mon chardev=libxl-cmd,mode=control \
        -chardev "socket,id=libxenstat-cmd,path=$TMPD/qmp-libxenstat-1,server=on,wait=off" \
        -mon chardev=libxenstat-cmd,mode=control \
        -nodefaults -no-user-config -name guest -vnc none -display none \
        -serial "file:$1" -device VGA,vgamem_mb=8 -boot order=cda -smp 2,maxcpus=2 \
        -net none -machine xenfv,suppress-vmdesc=on -m 128
}
# s17_sim NAME RUN-OPTIONS... -- CMD...: under `xenshim run --sim 4.17` with
# the guest's COM1 script; output in $TMPD/s17-NAME.{out,err,json}.
s17_sim() {
    local name=$1
    shift
    timeout 90 "$XENSHIM" run --sim 4.17 --guest-io "$s17_gio" --state-out "$TMPD/s17-$name.json" \
        "$@" >"$TMPD/s17-$name.out" 2>"$TMPD/s17-$name.err"
    s17_rc=$?
}

# exec: the environment, the status, the errors.
"$XENSHIM" exec -- sh -c 'echo "$LD_PRELOAD"; echo "$LD_LIBRARY_PATH"' >"$TMPD/s17-env.out" 2>&1
t_check "exec preloads libxenshim.so" grep -q "^$XENSHIM_LIB/libxenshim.so" "$TMPD/s17-env.out"
t_check "exec puts the compat sonames on the library path" \
    grep -qx "$XENSHIM_LIB/compat.*" "$TMPD/s17-env.out"
LD_LIBRARY_PATH= "$XENSHIM" exec --no-compat -- sh -c 'echo "[$LD_LIBRARY_PATH]"' >"$TMPD/s17-env.out" 2>&1
t_check "exec --no-compat leaves the library path alone" grep -qx '\[\]' "$TMPD/s17-env.out"
"$XENSHIM" exec -- sh -c 'exit 7'
t_check "exec exits with CMD's status" [ $? -eq 7 ]
"$XENSHIM" exec -- /nonexistent/dm 2>"$TMPD/s17-exec.err"
t_check "exec of a missing CMD: 127, named" [ $? -eq 127 ]
"$XENSHIM" exec 2>/dev/null
t_check "exec without CMD: usage error 2" [ $? -eq 2 ]

# wrap: the script and what it says of the device model.
"$XENSHIM" wrap "$s17_dm" >"$TMPD/s17-wrap.sh" 2>"$TMPD/s17-wrap.err"
t_check "wrap writes a script" grep -qx '#!/bin/sh' "$TMPD/s17-wrap.sh"
t_check "wrap: the script runs the device model through xenshim exec --adapt-args" \
    grep -qF "'$XENSHIM' exec --adapt-args -- '$s17_dm' \"\$@\"" "$TMPD/s17-wrap.sh"
t_check "wrap: the era from the libxenctrl soname it needs" \
    grep -qF "built for Xen 4.6 (libxenctrl.so.4.6)" "$TMPD/s17-wrap.err"
t_check "wrap: says it drops suppress-vmdesc and -vnc none" \
    [ "$(grep -c -e 'drops -machine property suppress-vmdesc' -e 'drops -vnc none' "$TMPD/s17-wrap.err")" -eq 2 ]
chmod +x "$TMPD/s17-wrap.sh"
"$XENSHIM" wrap --no-compat "$s17_dm" 2>/dev/null | grep -qF 'exec --adapt-args --no-compat --'
t_check "wrap --no-compat passes it on" [ $? -eq 0 ]
"$XENSHIM" wrap /nonexistent/dm >/dev/null 2>&1
t_check "wrap of a missing device model: exit 1" [ $? -eq 1 ]
s17_qemu=/usr/libexec/xen-qemu-system-i386
if [ -x "$s17_qemu" ]; then
    "$XENSHIM" wrap "$s17_qemu" 2>&1 >/dev/null | grep -q "built for Xen 4.17" &&
        ! "$XENSHIM" wrap "$s17_qemu" 2>&1 >/dev/null | grep -q -e drops -e refuses
    t_check "wrap: Debian's QEMU 7.2 is of the 4.17 era, nothing to adapt" [ $? -eq 0 ]
else
    t_fail "Debian's QEMU is installed" "no $s17_qemu"
fi

# The wrapper as libxl runs it: the simulator's own shim and compat path off
# (--no-shim --no-compat): what the device model gets, the script gives it.
timeout 90 "$XENSHIM" run --sim 4.6 --no-shim --guest-io "$s17_gio" --state-out "$TMPD/s17-native.json" \
    -- "$s17_ref" 1 "$TMPD/s17-native.serial" >/dev/null 2>&1
t_check "reference: ioreq_dm46 natively on --sim 4.6" test -s "$TMPD/s17-native.json"
# shellcheck disable=SC2046
s17_sim wrapped --no-shim --no-compat -- "$TMPD/s17-wrap.sh" $(s17_line "$TMPD/s17-wrapped.serial")
t_check "libxl 4.17's line through the wrapper: the 4.6 device model serves the guest on 4.17 (exit $s17_rc)" \
    [ "$s17_rc" -eq 0 ]
t_check "... the guest's byte on COM1" cmp -s "$TMPD/s17-wrapped.serial" <(printf 'H')
t_check "... guest state byte-identical to native 4.6" cmp -s "$TMPD/s17-wrapped.json" "$TMPD/s17-native.json"
t_check "... the log names suppress-vmdesc dropped from -machine" \
    grep -qF -- "-machine xenfv,suppress-vmdesc=on -> xenfv" "$TMPD/s17-wrapped.err"
t_check "... and -vnc none dropped" grep -qF -- "-vnc none -> (dropped)" "$TMPD/s17-wrapped.err"

# The same line without the wrapper (shim and compat from run): refused.
# shellcheck disable=SC2046
s17_sim direct -- "$s17_dm" $(s17_line "$TMPD/s17-direct.serial")
t_check "without the wrapper QEMU 2.2 refuses libxl 4.17's -vnc none (exit $s17_rc)" \
    grep -q "VNC support is disabled" "$TMPD/s17-direct.err"
# shellcheck disable=SC2046
s17_sim direct2 -- "$s17_dm" $(s17_line "$TMPD/s17-direct.serial" | sed 's/ -vnc none//')
t_check "... and suppress-vmdesc" grep -qF "Invalid parameter 'suppress-vmdesc'" "$TMPD/s17-direct2.err"
# The shim in the wrapped device model: its log names the profile it
# detected (the run itself preloads nothing: --no-shim).
XENSHIM_LOG=info s17_sim log --no-shim --no-compat -- "$TMPD/s17-wrap.sh" \
    -xen-domid 1 -serial "file:$TMPD/s17-log.serial"
t_check "the wrapped device model has the shim: it logs the profile it detected, 4.17" \
    grep -q "info: profile 4.17:" "$TMPD/s17-log.err"
# A line this era cannot honour and must not drop.
"$TMPD/s17-wrap.sh" -xen-domid 1 -xen-domid-restrict -serial file:/dev/null 2>"$TMPD/s17-restrict.err"
s17_rc=$?
t_check "-xen-domid-restrict for a device model before QEMU 2.10: refused, 125 (not dropped)" \
    [ "$s17_rc" -eq 125 ]
t_check "... saying why" grep -q "cannot take -xen-domid-restrict" "$TMPD/s17-restrict.err"

# s17_jq FILTER FILE: FILTER holds (jq -e) on FILE.
s17_jq() { jq -e "$1" "$2" >/dev/null; }

# check --host: every device model and Xen tool, judged for the host's Xen.
s17_xq=/usr/libexec/xen-qemu-system-i386
"$XENSHIM" check --host >"$TMPD/s17-host.out" 2>&1
t_check "check --host on this host (no Xen running): exit 0" [ $? -eq 0 ]
t_check "check --host: judged for the installed libraries' release" \
    grep -qx "host: Xen 4.17 (no Xen running: the installed libraries' release)" "$TMPD/s17-host.out"
t_check "check --host: Debian's QEMU runs as it is" \
    grep -qx "$s17_xq: device model, runs as it is: built for Xen 4.17, every Xen library from the host" "$TMPD/s17-host.out"
t_check "check --host: Debian's xl is listed as a Xen tool" \
    grep -q "^/usr/lib/xen-4.17/bin/xl: Xen tool, runs as it is" "$TMPD/s17-host.out"
timeout 60 "$XENSHIM" run --sim 4.6 -- "$XENSHIM" check --host >"$TMPD/s17-host46.out" 2>&1
t_check "check --host on a running Xen 4.6 (--sim): the running hypervisor's release" \
    grep -qx "host: Xen 4.6 (the running hypervisor)" "$TMPD/s17-host46.out"
t_check "... Debian's QEMU runs with the shim: built for 4.17" \
    grep -q "^$s17_xq: device model, runs with the shim: built for Xen 4.17, the host runs 4.6" "$TMPD/s17-host46.out"
"$XENSHIM" check --host --target 4.20 >"$TMPD/s17-host420.out" 2>&1
t_check "check --host --target 4.20: exit 1, Debian's QEMU cannot run (no libxenctrl.so.4.17)" \
    [ $? -eq 1 ] && grep -q "^$s17_xq: device model, does not run: .*(libxenctrl.so.4.17)" "$TMPD/s17-host420.out"
"$XENSHIM" check --host --json >"$TMPD/s17-host.json"
t_check "check --host --json: the documented keys, the counts adding up" s17_jq '
    (keys == ["basis","installed","programs","running","summary","target"]) and
    (.programs | all(keys == ["built_for","kind","path","verdict","why"])) and
    (.programs | all(.verdict | IN("as-is","shim","no","not-judged"))) and
    (.summary.programs == (.programs | length)) and
    (.summary.as_is + .summary.shim + .summary.no + .summary.not_judged == .summary.programs) and
    (.programs | map(select(.path == "/usr/libexec/xen-qemu-system-i386"))[0] |
        .verdict == "as-is" and .built_for == "4.17" and .kind == "device-model")' "$TMPD/s17-host.json"
"$XENSHIM" check "$s17_dm" --json >"$TMPD/s17-check.json"
t_check "check --json on the 4.6 device model: its sonames from the compat layer, ok" s17_jq '
    (keys == ["binary","compat_dir","installed","ok","sonames","summary","symbols","target"]) and
    .ok and (.sonames | map(.provider) == ["compat","compat","compat"]) and
    (.symbols | all(.provider == "compat")) and .summary.unprovided == 0 and
    (.summary.symbols == (.symbols | length))' "$TMPD/s17-check.json"
"$XENSHIM" check "$s17_xq" --target 4.13 --json >"$TMPD/s17-check413.json"
t_check "check --json --target 4.13 on Debian's QEMU: exit 1, ok false, libxenctrl.so.4.17 missing" \
    [ $? -eq 1 ] && jq -e '(.ok | not) and (.sonames[] | select(.soname == "libxenctrl.so.4.17") |
        .provider == "missing" and .path == null)' "$TMPD/s17-check413.json" >/dev/null
"$XENSHIM" check --host "$s17_dm" >/dev/null 2>&1
t_check "check --host with a BINARY too: usage error 2" [ $? -eq 2 ]
