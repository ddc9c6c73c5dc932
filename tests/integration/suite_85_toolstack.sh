# Suite 85: Debian 12's toolstack (xl, xentop from /usr/lib/xen-4.17/bin,
# with Debian's real libxenctrl and libxl) on the simulated host: natively
# on --sim 4.17, through the shim on 4.15, 4.19, 4.20 and 4.6 (sysctl
# physinfo converted between its layouts, the other domctls and sysctls
# restamped from the ABI tables), and refused without the shim the way
# those releases refuse a 4.17 stamp (EACCES: "Permission denied").
# Sourced by run.sh ($XENSHIM, $BUILD, $TMPD, $TOP).
s85_drv=$TOP/tests/integration/toolstack.sh

# s85_run NAME VERSION [--no-shim]
s85_run() {
    local name=$1 version=$2
    shift 2
    timeout 120 "$XENSHIM" run --sim "$version" "$@" -- "$s85_drv" run \
        >"$TMPD/s85-$name.out" 2>&1
}
s85_has() { grep -qE "$2" "$TMPD/s85-$1.out"; }

for v in 4.17 4.15 4.19 4.20 4.6; do
    if [ "$v" = 4.17 ]; then name=native; s85_run "$name" 4.17 --no-shim; how="natively on 4.17"
    else name=shim-$v; s85_run "$name" "$v"; how="through the shim on $v"; fi
    o=$TMPD/s85-$name.out
    t_check "xl info $how: exit 0, xen_version $v.0" \
        sh -c "grep -q '^xl info run: exit=0' '$o' && grep -q '^xl info run: xen_version *: $v.0\$' '$o'"
    t_check "xl info $how: the host's CPUs and memory (physinfo)" \
        sh -c "grep -qE '^xl info run: nr_cpus *: 1\$' '$o' && grep -qE '^xl info run: total_memory *: 2048\$' '$o' && grep -qE '^xl info run: free_memory *: 1407\$' '$o'"
    t_check "xl info $how: no error from libxl" sh -c "! grep -q 'libxl: error' '$o'"
    # Its vCPUs were never brought up: none online, neither running nor
    # blocked (as real Xen lists the runner's guest).
    t_check "xl list $how: the guest with its name and memory, no vCPU up" \
        s85_has "$name" '^xl list run: xenshim-guest-1 +1 +128 +0 +------ '
    t_check "xl vcpu-list $how: the guest's two vCPUs, affinity all / all" \
        sh -c "[ \$(grep -cE '^xl vcpu-list run: xenshim-guest-1 +1 +[01] .* all / all\$' '$o') -eq 2 ]"
    t_check "xl pause 1 $how: exit 0, then xl list shows it paused" \
        sh -c "grep -q '^xl pause 1 run: exit=0' '$o' && sed -n '/^xl pause 1 run: exit/,/^xl unpause/p' '$o' | grep -qE '^xl list run: xenshim-guest-1 +1 +128 +0 +--p--- '"
    t_check "xl unpause 1 $how: exit 0, then no longer paused" \
        sh -c "grep -q '^xl unpause 1 run: exit=0' '$o' && sed -n '/^xl unpause 1 run: exit/,\$p' '$o' | grep -qE '^xl list run: xenshim-guest-1 +1 +128 +0 +------ '"
    t_check "xentop -b -i 1 $how: both domains with their memory" \
        sh -c "grep -q '^xentop -b -i 1 run: exit=0' '$o' && grep -qE '^xentop -b -i 1 run: +Domain-0 .* 524288 ' '$o' && grep -qE '^xentop -b -i 1 run: xenshim-gu .* 131136 ' '$o'"
done
t_check "xl info through the shim on 4.6: 4.6's scheduler (credit) and capabilities (hvm)" \
    sh -c "grep -qE '^xl info run: xen_scheduler *: credit\$' '$TMPD/s85-shim-4.6.out' && grep -qE '^xl info run: virt_caps *: hvm\$' '$TMPD/s85-shim-4.6.out'"

# Without the shim, each release refuses a 4.17 stamp (EACCES, "Permission
# denied") it does not share: 4.15 and 4.6 every domctl and sysctl; 4.20
# the domctls only (its sysctl is 0x15, as 4.17's, so xl info and xl list
# work there).  xl pause exits 0 whatever happened: the guest's state says.
for v in 4.15 4.6 4.20; do
    s85_run "noshim-$v" "$v" --no-shim
    o=$TMPD/s85-noshim-$v.out
    t_check "without the shim on $v: xl pause 1 refused (Permission denied), the guest still running" \
        sh -c "grep -q '^xl pause 1 run: .*Pausing domain: Permission denied' '$o' && ! grep -qE '^xl list run: xenshim-guest-1 .* --p--- ' '$o'"
    t_check "without the shim on $v: xl vcpu-list lists no vCPU of the guest" \
        sh -c "! grep -qE '^xl vcpu-list run: xenshim-guest-1 ' '$o'"
    if [ "$v" = 4.20 ]; then
        t_check "without the shim on 4.20: its sysctls are 4.17's, xl list works" \
            s85_has "noshim-$v" '^xl list run: xenshim-guest-1 +1 +128 +0 '
        continue
    fi
    t_check "without the shim on $v: xl info fails, physinfo Permission denied" \
        s85_has "noshim-$v" '^xl info run: libxl: error: .*getting physinfo: Permission denied'
    t_check "without the shim on $v: xl list fails (exit 1, Permission denied)" \
        sh -c "grep -q '^xl list run: exit=1' '$o' && grep -q '^xl list run: .*Permission denied' '$o'"
    t_check "without the shim on $v: xentop fails" sh -c "grep -q '^xentop -b -i 1 run: exit=[1-9]' '$o'"
done
