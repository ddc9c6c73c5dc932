# Suite 10: `xenshim run` and the simulator's privcmd front, with a client
# that makes bare open/ioctl/mmap calls (raw_client).  Sourced by run.sh:
# $XENSHIM, $BUILD, $TMPD, $TOP are set.
#
#  - the Linux privcmd driver's answers: XENVER_version of the release
#    played, DM_OP probe and limits, RESTRICT per open file, ENOTTY, mmap;
#  - ENOSYS from the hypervisor arrives as ENOSYS (seccomp path) and, with
#    XENSHIM_SIM_INTERCEPT=0, as ENOTTY (FUSE alone);
#  - several threads and processes served at once;
#  - CMD's exit status, usage errors, /proc and /dev still usable inside,
#    and nothing left on the host afterwards.

s10_client=$BUILD/tests/integration/raw_client

# s10_run NAME ARGS...: `xenshim run ARGS`; output in $TMPD/NAME.out,
# stderr in $TMPD/NAME.err, exit status in s10_rc.
s10_run() {
    local name=$1
    shift
    "$XENSHIM" run "$@" >"$TMPD/$name.out" 2>"$TMPD/$name.err"
    s10_rc=$?
}

# s10_expect DESC NAME KEY VALUE: raw_client's line KEY=... in NAME.out
# starts with VALUE.
s10_expect() {
    local got
    got=$(sed -n "s/^$3=//p" "$TMPD/$2.out" | head -n1)
    case "$got" in
        "$4"*) t_pass "$1" ;;
        *) t_fail "$1" "$3=${got:-<missing>}, want $4" ;;
    esac
}

s10_mounts() {
    sed 's/^[0-9]* [0-9]* //' /proc/self/mountinfo | sort
}

if [ ! -x "$s10_client" ] || [ ! -x "$XENSHIM" ]; then
    t_fail "raw_client and xenshim are built" "missing $s10_client or $XENSHIM"
else
    s10_mounts >"$TMPD/s10-mounts-before"

    # ---- the driver as Linux plays it, on 4.17 via /dev/xen/privcmd -------
    s10_run s10-417 --sim 4.17 --no-shim -- "$s10_client"
    t_check "run 4.17 raw_client exits 0" [ "$s10_rc" -eq 0 ]
    s10_expect "4.17: XENVER_version is 4.17" s10-417 xenver 0x40011
    s10_expect "4.17: dm_op nr_vcpus through DM_OP" s10-417 dm_op_nr_vcpus "0 vcpus=2"
    s10_expect "DM_OP num=0 probe answers 0" s10-417 dm_op_probe 0
    s10_expect "DM_OP with 17 buffers is E2BIG" s10-417 dm_op_17_bufs -E2BIG
    s10_expect "DM_OP buffer of 4097 bytes is E2BIG" s10-417 dm_op_4097_bytes -E2BIG
    s10_expect "unknown privcmd ioctl is ENOTTY" s10-417 unknown_ioctl -ENOTTY
    s10_expect "HYPERCALL with a bad pointer is EFAULT" s10-417 hypercall_efault -EFAULT
    s10_expect "shared mmap of privcmd gives an empty mapping, as Linux's" s10-417 mmap_shared 0
    s10_expect "read on privcmd is EINVAL" s10-417 read -EINVAL
    s10_expect "/dev/xen/hypercall is there, as on a Linux dom0" s10-417 hypercall_buffer_dev 0
    s10_expect "a private mapping of /dev/xen/hypercall is EINVAL" s10-417 hypercall_buffer_private -EINVAL
    s10_expect "a shared mapping of /dev/xen/hypercall works" s10-417 hypercall_buffer_mmap 0
    s10_expect "... and process_vm_readv cannot reach it (EFAULT), as on real Xen" s10-417 hypercall_buffer_vm_readv -EFAULT
    s10_expect "RESTRICT succeeds" s10-417 restrict 0
    s10_expect "HYPERCALL after RESTRICT is EPERM" s10-417 hypercall_after_restrict -EPERM
    s10_expect "DM_OP for another domid after RESTRICT is EPERM" s10-417 dm_op_probe_other_domid -EPERM
    s10_expect "DM_OP for the restricted domid still works" s10-417 dm_op_probe_same_domid 0
    s10_expect "RESTRICT again to the same domid is fine" s10-417 restrict_same 0
    s10_expect "RESTRICT to another domid is EINVAL" s10-417 restrict_other -EINVAL
    s10_expect "a dup of the restricted descriptor is restricted" s10-417 dup_hypercall -EPERM
    s10_expect "restriction belongs to the open file" s10-417 other_fd_hypercall 0x40011
    s10_expect "a reused descriptor number is a new, unrestricted file" s10-417 reused_number \
        "yes hypercall=0x40011"

    # ---- 4.6 via /proc/xen/privcmd: no dm_op hypercall there --------------
    s10_run s10-46 --sim 4.6 --no-shim -- "$s10_client" -p
    t_check "run 4.6 raw_client -p exits 0" [ "$s10_rc" -eq 0 ]
    s10_expect "4.6 via /proc/xen/privcmd: opened" s10-46 open "ok path=/proc/xen/privcmd"
    s10_expect "4.6: XENVER_version is 4.6" s10-46 xenver 0x40006
    s10_expect "4.6: dm_op is ENOSYS, exactly" s10-46 dm_op_nr_vcpus -ENOSYS
    s10_expect "4.6: DM_OP probe still 0 (the kernel answers it)" s10-46 dm_op_probe 0
    XENSHIM_SIM_INTERCEPT=0 s10_run s10-46-fuse --sim 4.6 --no-shim -- "$s10_client"
    s10_expect "FUSE path alone: XENVER_version" s10-46-fuse xenver 0x40006
    s10_expect "FUSE path alone: ENOSYS reads as ENOTTY (kernel FUSE)" s10-46-fuse dm_op_nr_vcpus -ENOTTY
    s10_expect "FUSE path alone: RESTRICT then HYPERCALL is EPERM" s10-46-fuse hypercall_after_restrict -EPERM

    # ---- concurrency ------------------------------------------------------
    s10_run s10-threads --sim 4.17 --no-shim -- "$s10_client" -t 16 -n 300
    s10_expect "16 threads at once all answered right" s10-threads threads "16 calls=300 wrong=0"
    s10_run s10-procs --sim 4.17 --no-shim -- sh -c \
        "'$s10_client' -t 4 -n 200 & '$s10_client' -p -t 4 -n 200 & '$s10_client' -t 4 -n 200; wait"
    t_check "3 processes at once all answered right" \
        [ "$(grep -c 'wrong=0$' "$TMPD/s10-procs.out")" -eq 3 ]

    # ---- exit status, errors ---------------------------------------------
    s10_run s10-exit3 --sim 4.17 --no-shim -- sh -c 'exit 3'
    t_check "CMD's exit status 3 comes back" [ "$s10_rc" -eq 3 ]
    s10_run s10-term --sim 4.17 --no-shim -- sh -c 'kill -TERM $$'
    t_check "CMD killed by SIGTERM gives 143" [ "$s10_rc" -eq 143 ]
    s10_run s10-nocmd --sim 4.17 --no-shim -- /nonexistent/xenshim-cmd
    t_check "missing CMD gives 127" [ "$s10_rc" -eq 127 ]
    s10_run s10-badver --sim 9.9 --no-shim -- true
    t_check "unknown release: exit 2" [ "$s10_rc" -eq 2 ]
    t_check "unknown release: names it and lists known ones" \
        grep -q "'9.9'.*4\.6.*4\.17.*hvmctl1" "$TMPD/s10-badver.err"
    s10_run s10-nosim --no-shim -- true
    t_check "no --sim: exit 2" [ "$s10_rc" -eq 2 ]

    # As another user (when this build is reachable by one, as root): it
    # works in a user namespace of its own; CMD is root there only.
    s10_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
        $s10_nobody "$XENSHIM" help >/dev/null 2>&1; then
        s10_nbdir=$(mktemp -d /tmp/xenshim-s10.XXXXXX) && chmod 1777 "$s10_nbdir"
        $s10_nobody "$XENSHIM" run --sim 4.17 --state-out "$s10_nbdir/state.json" -- \
            sh -c 'id -u; cat /proc/self/uid_map' >"$TMPD/s10-nonroot.out" 2>"$TMPD/s10-nonroot.err"
        t_check "as nobody: run --sim 4.17 works (exit 0)" [ $? -eq 0 ]
        t_check "as nobody: CMD is uid 0 of a user namespace mapping it to 65534" \
            awk 'NR == 1 && $1 == 0 { u = 1 } NR == 2 && $1 == 0 && $2 == 65534 && $3 == 1 { m = 1 }
                 END { exit !(u && m) }' "$TMPD/s10-nonroot.out"
        t_check "as nobody: the state file is nobody's" \
            [ "$(stat -c %u "$s10_nbdir/state.json" 2>/dev/null)" = 65534 ]
        rm -rf "$s10_nbdir"
    fi

    # ---- the namespace: /proc and /dev still work inside -----------------
    s10_run s10-inside --sim 4.17 --no-shim -- sh -c '
        read -r pid _ </proc/self/stat && [ "$pid" = "$$" ] && echo proc_self=ok
        [ "$(cat /proc/$$/comm)" = sh ] && echo proc_pid=ok
        [ -r /proc/cpuinfo ] && grep -q " /proc " /proc/mounts && echo proc_files=ok
        echo x >/dev/null && echo dev_null=ok
        [ "$(head -c 16 /dev/urandom | wc -c)" -eq 16 ] && echo dev_urandom=ok
        [ -d /dev/pts ] && [ -d /dev/shm ] && [ -c /dev/fuse ] && echo dev_dirs=ok
        [ "$(ls /dev/xen | tr "\n" " ")" = "evtchn gntdev hypercall privcmd " ] &&
            [ "$(ls /proc/xen | tr "\n" " ")" = "capabilities privcmd xsd_kva xsd_port " ] && echo xen_dirs=ok
        echo shm >/dev/shm/xenshim-s10.$$ && rm /dev/shm/xenshim-s10.$$ && echo dev_shm=ok
        command -v python3 >/dev/null || echo pty=python3-missing
        python3 -c "import os; m, s = os.openpty(); assert os.ttyname(s).startswith(\"/dev/pts/\")" \
            2>/dev/null && echo pty=ok'
    for k in proc_self proc_pid proc_files dev_null dev_urandom dev_dirs xen_dirs dev_shm pty; do
        s10_expect "inside: $k" s10-inside "$k" ok
    done

    # ---- state file and trace ------------------------------------------------
    XENSHIM_SIM_TRACE=$TMPD/s10.trace s10_run s10-state \
        --sim 4.17 --no-shim --state-out "$TMPD/s10-state.json" -- "$s10_client"
    t_check "--state-out writes a JSON object" grep -q '^{' "$TMPD/s10-state.json"
    t_check "XENSHIM_SIM_TRACE logs the hypercalls" test -s "$TMPD/s10.trace"
    s10_run s10-domid --sim 4.17 --no-shim --domid 7 --vcpus 3 -- "$s10_client" -d 7
    s10_expect "--domid 7 --vcpus 3: the guest is there" s10-domid dm_op_nr_vcpus "0 vcpus=3"
    s10_run s10-domid1 --sim 4.17 --no-shim --domid 7 -- "$s10_client"
    s10_expect "--domid 7: domain 1 does not exist" s10-domid1 dm_op_nr_vcpus -ESRCH
    s10_run s10-baddomid --sim 4.17 --no-shim --domid 0 -- true
    t_check "--domid 0 is a usage error" [ "$s10_rc" -eq 2 ]

    # ---- nothing left on the host ----------------------------------------
    s10_mounts >"$TMPD/s10-mounts-after"
    t_check "host mount table unchanged" cmp -s "$TMPD/s10-mounts-before" "$TMPD/s10-mounts-after"
    t_check "no /dev/xen or /proc/xen on the host" eval '[ ! -e /dev/xen ] && [ ! -e /proc/xen ]'
fi
