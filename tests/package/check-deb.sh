#!/usr/bin/env bash
# make check-deb DEB: the Debian package as a user gets it (issue 16).
# As root (it installs with apt): lintian reports no errors (its warnings
# are listed); `apt-get install ./xenshim_*.deb`; as nobody: `xenshim
# probe` (no Xen here: a clear refusal; under run --sim: the simulated
# release), `xenshim run --sim 4.6 -- true`, `man xenshim`, the bash
# completion, the integration suites 17 and 18 against the installed
# xenshim; then `apt-get purge xenshim` leaves none of the files `dpkg -L`
# listed.  Last line: "check-deb: N passed, N failed".
set -u
deb=$(realpath "$1")
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-$PWD/build}
LIBDIR=/usr/lib/x86_64-linux-gnu/xenshim
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp"
tmp=$(mktemp -d /tmp/xenshim-deb.XXXXXX)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
t_pass() { passed=$((passed + 1)); echo "PASS: $1"; }
t_fail() { failed=$((failed + 1)); echo "FAIL: $1${2:+ -- $2}"; }
t_check() { local n=$1; shift; if "$@"; then t_pass "$n"; else t_fail "$n" "exit $?"; fi; }

if [ "$(id -u)" -ne 0 ]; then
    echo "check-deb: needs root (it installs the package with apt)"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive

lintian --tag-display-limit 0 "$deb" >"$tmp/lintian" 2>&1
t_check "lintian: no errors ($(grep -c '^E:' "$tmp/lintian") E, $(grep -c '^W:' "$tmp/lintian") W)" \
    bash -c "! grep -q '^E:' '$tmp/lintian'"
sed -n 's/^\([EW]\): /lintian \1: /p' "$tmp/lintian"

dpkg-query -W xenshim >/dev/null 2>&1 && apt-get purge -y xenshim >/dev/null 2>&1
apt-get install -y --no-install-recommends "$deb" xen-utils-4.17 >"$tmp/install" 2>&1
t_check "apt-get install $(basename "$deb")" bash -c "dpkg-query -W -f='\${Status}' xenshim | grep -q 'install ok installed'"
dpkg -L xenshim >"$tmp/files"
absent=
for f in /usr/bin/xenshim $LIBDIR/libxenshim.so $LIBDIR/xenshim-dmop-broker \
         $LIBDIR/compat/libxenctrl.so.4.6 $LIBDIR/compat/libxenstore.so.3.0 \
         /usr/share/man/man1/xenshim.1.gz /usr/share/bash-completion/completions/xenshim; do
    grep -qx "$f" "$tmp/files" || absent="$absent $f"
done
t_check "the package holds xenshim, the shim, the broker, the compat sonames, xenshim(1), the completion${absent:+; not:$absent}" \
    [ -z "$absent" ]
t_check "the compat sonames are in the private directory only, not on the library path" \
    bash -c "! ldconfig -p | grep -q 'libxenctrl.so.4.6'"

$nobody xenshim probe >"$tmp/probe.out" 2>&1
rc=$?
t_check "as nobody: xenshim probe on this host without Xen says so (exit $rc)" \
    bash -c "[ $rc -eq 1 ] && grep -q 'cannot open /dev/xen/privcmd' '$tmp/probe.out'"
$nobody xenshim run --sim 4.6 -- xenshim probe --json >"$tmp/probe46.out" 2>&1
t_check "as nobody: xenshim run --sim 4.6 -- xenshim probe: the 4.6 profile" \
    bash -c "jq -e '.release == \"4.6\"' '$tmp/probe46.out' >/dev/null"
$nobody xenshim run --sim 4.6 -- true
t_check "as nobody: xenshim run --sim 4.6 -- true (exit $?)" [ $? -eq 0 ]
$nobody xenshim run --sim 4.6 -- sh -c 'echo "$LD_PRELOAD $LD_LIBRARY_PATH"' >"$tmp/env.out" 2>&1
t_check "as nobody: CMD gets the installed shim and compat directory" \
    grep -q "^$LIBDIR/libxenshim.so.* $LIBDIR/compat" "$tmp/env.out"
$nobody man -P cat xenshim >"$tmp/man.out" 2>&1
t_check "man xenshim" grep -q 'xenshim - run a Xen device model built for one Xen release on another' "$tmp/man.out"
bash -c 'source /usr/share/bash-completion/completions/xenshim
         COMP_WORDS=(xenshim run --sim 4.1); COMP_CWORD=3; _xenshim; echo "${COMPREPLY[*]}"' >"$tmp/comp.out"
t_check "bash completion: run --sim 4.1<TAB> offers the releases 4.10 ... 4.19" \
    grep -qw '4.17' "$tmp/comp.out"

# The integration suites that exercise the CLI, against the installed one,
# as nobody, from a copy nobody can read.
mkdir -p "$tmp/tree/build"
cp -a tests "$tmp/tree/"
cp -a "$BUILD/tests" "$tmp/tree/build/"
cp -a docs README.md "$tmp/tree/"
chmod -R a+rX "$tmp/tree"
$nobody XENSHIM=/usr/bin/xenshim XENSHIM_LIB=$LIBDIR BUILD="$tmp/tree/build" \
    SUITES="tests/integration/suite_17_wrap.sh tests/integration/suite_18_docs.sh" \
    bash "$tmp/tree/tests/integration/run.sh" >"$tmp/suites.out" 2>&1
rc=$?
grep -E '^(FAIL|failed):' "$tmp/suites.out"
t_check "suites 17 and 18 against the installed xenshim, as nobody: $(tail -n1 "$tmp/suites.out")" [ $rc -eq 0 ]

apt-get purge -y xenshim >"$tmp/purge" 2>&1
t_check "apt-get purge xenshim" bash -c "! dpkg-query -W -f='\${Status}' xenshim 2>/dev/null | grep -q installed"
left=
while read -r f; do
    if [ -d "$f" ]; then
        case $f in "$LIBDIR"*) left="$left $f" ;; esac   # its own directories
    elif [ -e "$f" ] || [ -L "$f" ]; then
        left="$left $f"
    fi
done <"$tmp/files"
t_check "nothing of the $(wc -l <"$tmp/files") paths dpkg -L listed is left${left:+:$left}" [ -z "$left" ]
echo "check-deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
