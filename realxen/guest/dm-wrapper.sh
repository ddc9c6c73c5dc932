#!/bin/bash
# xl's device_model_override for `xenshim run --xen --guest-io`: the device
# model xenshim run was given, with the environment it prepared (the shim
# preloaded unless --no-shim, the compat sonames on the library path), and
# xl's own arguments after the caller's, in the caller's working directory.
#   dm-wrapper.sh JOBDIR [XL-ARGS...]
# JOBDIR/env and JOBDIR/argv: NUL-separated, as for CMD.  This is what
# `xenshim wrap DEVICE-MODEL` gives users on a real host; it stays here, on
# its own, so that wrapper can take its place.
job=$1
shift
mapfile -d '' -t dm_env < "$job/env"
mapfile -d '' -t dm_argv < "$job/argv"
cd "$(cat "$job/cwd")" 2>/dev/null || cd /
exec env -i "${dm_env[@]}" "${dm_argv[@]}" "$@"
