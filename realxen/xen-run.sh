#!/usr/bin/env bash
# Host side of `xenshim run --xen`: boots a real Xen under QEMU TCG (boot.sh),
# has dom0 build the guest and run CMD (dom0.sh), then gives back CMD's
# output, state and exit status.  Called by xenshim, which has already put
# the shim and the compat sonames into the environment CMD is to get:
#   xen-run.sh XEN DOMID VCPUS MEM_MIB STATE_OUT|- SHIMLIB
#              [--guest-io FILE TIMEOUT exec|exec-nocompat|direct XENSHIM] -- CMD [ARGS...]
# With --guest-io, CMD is a device model: dom0 boots a real HVM guest doing
# FILE's accesses with xl, CMD as its device model (realxen/guest/guest.sh);
# the guest's COM1 output is then the stdout given back, the device model's
# log its stderr, and the exit status 0 when the guest reported every access.
# exec: CMD through `XENSHIM exec --adapt-args` (the shim, the compat path;
# exec-nocompat: without it); direct: as it is, in the environment given.
# XEN: 4.14, 4.17, 4.20 (Debian's hypervisor packages, fetched into the
# cache on first use) or the path of a Xen ELF image.
# Exit: CMD's status; 125 when the host could not be set up.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${XENSHIM_XEN_CACHE:-/var/cache/xenshim/realxen}
xen=$1 domid=$2 vcpus=$3 mem=$4 state_out=$5 shimlib=$6
shift 6
guest_io= guest_timeout=
if [ "${1-}" = --guest-io ]; then
    guest_io=$2 guest_timeout=$3 guest_exec=$4 xenshim=$5
    shift 5
fi
[ "${1-}" = -- ] && shift

# CMD's environment is this one; ours is without what was meant for CMD.
job=$(mktemp -d "${TMPDIR:-/tmp}/xenshim-xen.XXXXXX") || { echo "xenshim run: mktemp failed" >&2; exit 125; }
# XENSHIM_XEN_KEEP=1 keeps the job directory (console, dom0 log) for a post-mortem.
[ -n "${XENSHIM_XEN_KEEP:-}" ] && echo "xenshim run: job kept in $job" >&2 || trap 'rm -rf "$job"' EXIT
env -0 > "$job/env"
unset LD_PRELOAD LD_LIBRARY_PATH
printf '%s\0' "$@" > "$job/argv"
printf '%s' "$PWD" > "$job/cwd"

fail() { echo "xenshim run: $*" >&2; exit 125; }
case $xen in
    */*) image=$xen; [ -s "$image" ] || fail "--xen $xen: no such hypervisor image" ;;
    *)
        image=$cache/xen-$xen/xen.elf
        if [ ! -s "$image" ] || [ ! -s "$cache/kernel/vmlinux" ]; then
            case $xen in
                4.14|4.17|4.20) bash "$here/fetch.sh" "$xen" >&2 ||
                    fail "cannot fetch Xen $xen (make deps fetches it; see realxen/README.md)" ;;
                *) fail "--xen $xen: Debian ships 4.14, 4.17 and 4.20; give the path of your own Xen build for others" ;;
            esac
        fi ;;
esac
[ -x /usr/lib/xen-4.17/bin/xenstored ] || fail "/usr/lib/xen-4.17/bin/xenstored not found (install xen-utils-4.17)"
command -v xenstore-write >/dev/null || fail "xenstore-write not found (install xenstore-utils)"

cat > "$job/config" <<CFG
DOMID=$domid
VCPUS=$vcpus
MEM_MIB=$mem
XENDOM=$here/xendom
SHIMLIB=$shimlib
TOOLS=/usr/lib/xen-4.17/bin
WANT_STATE=$([ "$state_out" = - ] && echo 0 || echo 1)
CFG
cp "$here/dom0.sh" "$job/dom0.sh"

# A host that is not answering: a boot is seconds, CMD may take longer.
timeout=${XENSHIM_XEN_TIMEOUT:-300}
if [ -n "$guest_io" ]; then
    # Read once (it may be a pipe); messages name it as the caller did.
    if ! cp "$guest_io" "$job/guest.gio" 2>/dev/null; then
        echo "xenshim run: --guest-io $guest_io: cannot read it" >&2
        exit 2
    fi
    if ! "$here/guest/guest_image" build "$job/guest.gio" "$here/guest/guest_rt.bin" "$job/guest.img" \
            2>"$job/guest_image.err"; then
        sed "s|$job/guest.gio|$guest_io|g" "$job/guest_image.err" >&2
        exit 2
    fi
    cat >> "$job/config" <<CFG
GUEST_SH=$here/guest/guest.sh
GUEST_IMAGE_TOOL=$here/guest/guest_image
GUEST_WRAPPER_SH=$here/guest/dm-wrapper.sh
GUEST_TIMEOUT=$guest_timeout
GUEST_EXEC=$guest_exec
XENSHIM_BIN=$xenshim
GUEST_IO_NAME=$(printf %q "$guest_io")
CFG
    # A guest and its device model need room in dom0 (QEMU maps its RAM).
    export XENSHIM_XEN_HOST_MIB=${XENSHIM_XEN_HOST_MIB:-2048} XENSHIM_XEN_DOM0_MIB=${XENSHIM_XEN_DOM0_MIB:-768}
    # The boot, the guest's timeout, then its teardown: never longer.
    [ "$timeout" -gt $((guest_timeout + 60)) ] && timeout=$((guest_timeout + 60))
fi
bash "$here/boot.sh" "$image" "$job" "$timeout"
qrc=$?
if [ ! -f "$job/status" ]; then
    why=$(cat "$job/setup-error" 2>/dev/null)
    [ "$qrc" = 124 ] && why="the real host did not finish within ${timeout}s (XENSHIM_XEN_TIMEOUT)"
    echo "xenshim run: ${why:-dom0 never ran CMD} (Xen $xen); the end of the console:" >&2
    tail -n 25 "$job/console.log" 2>/dev/null | sed 's/^/  | /' >&2
    [ -f "$job/dom0.log" ] && sed 's/^/  | /' "$job/dom0.log" >&2
    exit 125
fi
cat "$job/stdout"
cat "$job/stderr" >&2
[ -n "${XENSHIM_XEN_CONSOLE:-}" ] && cp "$job/console.log" "$XENSHIM_XEN_CONSOLE"
status=$(cat "$job/status")
if [ "$state_out" != - ]; then
    if [ -s "$job/state.json" ]; then
        cp "$job/state.json" "$state_out" || status=125
    else
        echo "xenshim run: the real host reported no state; $state_out not written" >&2
        # A guest that failed has said why; its status stays.
        [ -n "$guest_io" ] && [ "$status" != 0 ] || status=125
    fi
fi
exit "$status"
