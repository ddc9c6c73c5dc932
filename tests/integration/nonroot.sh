#!/usr/bin/env bash
# make check-nonroot: the integration suites' --sim parts again as an
# ordinary user (nobody), to prove `xenshim run --sim` needs no root
# (issue 16).  As root: the built programs and the tests are copied where
# nobody can read them (a clone under /root is not), and run.sh runs
# there as nobody.  Not root: check-integration already ran unprivileged,
# so there is nothing more to prove.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-$PWD/build}
SUITES_NONROOT=${SUITES_NONROOT:-"suite_10_run.sh suite_17_wrap.sh"}

if [ "$(id -u)" -ne 0 ]; then
    echo "check-nonroot: not root (uid $(id -u)): check-integration ran unprivileged already"
    exit 0
fi
stage=$(mktemp -d /tmp/xenshim-nonroot.XXXXXX) || exit 1
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
mkdir -p "$stage/build"
cp -a tests "$stage/"
cp -a "$BUILD/bin" "$BUILD/lib" "$BUILD/tests" "$stage/build/"
chmod -R a+rX "$stage"
suites=
for s in $SUITES_NONROOT; do suites="$suites tests/integration/$s"; done
echo "check-nonroot: as nobody:$suites"
setpriv --reuid=65534 --regid=65534 --clear-groups \
    env HOME=/tmp BUILD="$stage/build" SUITES="$suites" bash "$stage/tests/integration/run.sh"
