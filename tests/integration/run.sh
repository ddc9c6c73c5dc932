#!/usr/bin/env bash
# Integration suite: every tests/integration/suite_*.sh is sourced in turn.
# A suite records each check with t_pass/t_fail; the last line printed is the
# plain "N passed, N failed" summary that CI reads.
set -u
cd "$(dirname "$0")/../.."
export TOP=$PWD
export BUILD=${BUILD:-$TOP/build}
# XENSHIM, XENSHIM_LIB: another xenshim and its private directory (make
# check-deb runs suites against the installed package).
export XENSHIM=${XENSHIM:-$BUILD/bin/xenshim}
export XENSHIM_LIB=${XENSHIM_LIB:-$BUILD/lib}
export TMPD=$(mktemp -d /tmp/xenshim-it.XXXXXX)
trap 'rm -rf "$TMPD"' EXIT

passed=0 failed=0
failures=()
t_pass() { passed=$((passed + 1)); echo "PASS: $1"; }
t_fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1${2:+ -- $2}"; }
# t_check NAME CMD...: pass when CMD exits 0.
t_check() { local n=$1; shift; if "$@"; then t_pass "$n"; else t_fail "$n" "exit $?"; fi; }
# xs_releases [JQ-CONDITION]: the names of the release rows (versions/,
# table order) that satisfy the condition on `xenshim versions --json`;
# suites walk releases through this, so a new row reaches them all.
xs_releases() {
    "$XENSHIM" versions --json | jq -r ".[] | select(${1:-true}) | .name" | tr '\n' ' '
}

for suite in ${SUITES:-tests/integration/suite_*.sh}; do
    [ -e "$suite" ] || continue
    echo "== ${suite##*/}"
    # shellcheck source=/dev/null
    source "$suite"
done

for f in "${failures[@]+"${failures[@]}"}"; do echo "failed: $f"; done
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
