#!/bin/bash
# In dom0 (a chroot of the host's root over 9p): what a toolstack does before
# it starts a device model, then CMD exactly as `xenshim run --sim` runs it.
#   dom0.sh JOBDIR
# JOBDIR/config: DOMID VCPUS MEM_MIB XENDOM SHIMLIB TOOLS; JOBDIR/env, argv:
# NUL-separated; JOBDIR/cwd.  Leaves JOBDIR/stdout, stderr, state.json,
# dom0.log and, last, status (CMD's exit status) for the host side.
set -u
job=$1
. "$job/config"
exec 3>>"$job/dom0.log"
say() { echo "xenshim-dom0: $*" >&3; }
fail() { say "$*"; echo "$*" > "$job/setup-error"; exit 1; }

release=$("$XENDOM" release 2>&3) || fail "cannot ask the hypervisor its version"
say "Xen $release"
# Debian 12's toolstack is built for 4.17; on any other release its own
# domctls and sysctls are refused, so it runs through the shim there.
tools_env=()
[ "$release" = 4.17 ] || tools_env=(LD_PRELOAD="$SHIMLIB")

env "${tools_env[@]}" "$TOOLS/xenstored" --pid-file /run/xenstored.pid \
    -T /run/xenstored-trace.log >&3 2>&3 || fail "xenstored did not start"
for _ in $(seq 100); do [ -S /run/xenstored/socket ] && break; sleep 0.05; done
[ -S /run/xenstored/socket ] || fail "xenstored did not open /run/xenstored/socket"
env "${tools_env[@]}" "$TOOLS/xen-init-dom0" >&3 2>&3 || say "xen-init-dom0 failed"

# --guest-io: xl builds a real guest, CMD is its device model (guest.sh).
if [ -n "${GUEST_SH:-}" ]; then
    bash "$GUEST_SH" "$job" > "$job/stdout" 2> "$job/stderr" < /dev/null
    echo "$?" > "$job/status"
    exit 0
fi

"$XENDOM" create "$DOMID" "$VCPUS" "$MEM_MIB" 2>&3 || fail "cannot build domain $DOMID"
"$XENDOM" params "$DOMID" "$job/params.base" 2>&3 || fail "cannot read domain $DOMID's params"
# The nodes a toolstack writes for an HVM guest and its device model.
d=/local/domain/$DOMID
for kv in "$d/name=xenshim-guest" "$d/domid=$DOMID" "$d/vm=/vm/xenshim-guest" \
          "$d/memory/target=$((MEM_MIB * 1024))" "$d/memory/static-max=$((MEM_MIB * 1024))" \
          "/vm/xenshim-guest/name=xenshim-guest" "/local/domain/0/device-model/$DOMID/state=" \
          "/libxl/$DOMID/type=hvm"; do
    xenstore-write "${kv%%=*}" "${kv#*=}" 2>&3 || fail "xenstore-write ${kv%%=*} failed"
done

mapfile -d '' -t cmd_env < "$job/env"
mapfile -d '' -t cmd_argv < "$job/argv"
cd "$(cat "$job/cwd")" 2>/dev/null || cd /
say "running ${cmd_argv[0]}"
env -i "${cmd_env[@]}" "${cmd_argv[@]}" > "$job/stdout" 2> "$job/stderr" < /dev/null
rc=$?
say "exit $rc"
if [ "$WANT_STATE" = 1 ]; then
    "$XENDOM" state "$DOMID" "$job/params.base" > "$job/state.json" 2>&3 ||
        say "cannot read domain $DOMID's state"
fi
echo "$rc" > "$job/status"
