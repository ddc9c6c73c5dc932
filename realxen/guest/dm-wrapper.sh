#!/bin/bash
# xl's device_model_override for `xenshim run --xen --guest-io`: the device
# model xenshim run was given, with its arguments, then xl's, in the
# caller's environment and working directory.  Through the shim it runs as
# `xenshim wrap`'s script runs a device model on a user's host:
# `xenshim exec --adapt-args` (the shim preloaded, the compat sonames on
# its library path unless --no-compat, libxl's line adapted to its era).
#   dm-wrapper.sh JOBDIR [XL-ARGS...]      (or sourced with those arguments)
# JOBDIR/env and JOBDIR/argv: NUL-separated, as for CMD; JOBDIR/config
# says GUEST_EXEC (exec, exec-nocompat, direct) and XENSHIM_BIN.
job=$1
shift
. "$job/config"
mapfile -d '' -t dm_env < "$job/env"
mapfile -d '' -t dm_argv < "$job/argv"
read -r cwd < "$job/cwd"
cd "$cwd" 2>/dev/null || cd /
case $GUEST_EXEC in
    exec) exec env -i "${dm_env[@]}" "$XENSHIM_BIN" exec --adapt-args -- "${dm_argv[@]}" "$@" ;;
    exec-nocompat) exec env -i "${dm_env[@]}" "$XENSHIM_BIN" exec --no-compat --adapt-args -- "${dm_argv[@]}" "$@" ;;
    *) exec env -i "${dm_env[@]}" "${dm_argv[@]}" "$@" ;;
esac
