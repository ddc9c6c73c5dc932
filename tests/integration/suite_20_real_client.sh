# Suite 20: a real Xen 4.17 client (dm_client, linked against Debian's
# libxendevicemodel.so.1 / libxenctrl.so.4.17) on the simulated hypervisor,
# without the shim.  Sourced by run.sh: $XENSHIM, $BUILD, $TMPD, $TOP are set.
#
#  - on --sim 4.17 every call gives what a 4.17 x86 host gives, and the
#    state file shows the effect of each one;
#  - on --sim 4.6 the same program fails the way it would on a real 4.6
#    host: that is the gap the shim (issue 4) closes.

s20_client=$BUILD/tests/integration/dm_client

# s20_run VERSION NAME: run dm_client on --sim VERSION without the shim;
# output in $TMPD/NAME.out, state in $TMPD/NAME.json, the simulator's
# hypercall trace in $TMPD/NAME.trace, exit status in s20_rc.
s20_run() {
    XENSHIM_SIM_TRACE=$TMPD/$2.trace "$XENSHIM" run --sim "$1" --no-shim --state-out "$TMPD/$2.json" -- \
        "$s20_client" >"$TMPD/$2.out" 2>"$TMPD/$2.err"
    s20_rc=$?
}

# s20_line NAME FILE: the "rc=.. errno=.." of call NAME in FILE.
s20_line() {
    awk -v n="$1" '$1 == n { print $2, $3; exit }' "$2"
}

# s20_expect DESC FILE NAME RESULT: call NAME gave RESULT ("rc=0 errno=0").
s20_expect() {
    local got
    got=$(s20_line "$3" "$2")
    if [ "$got" = "$4" ]; then t_pass "$1"; else t_fail "$1" "got '${got:-no such line}'"; fi
}

# s20_jq DESC FILE EXPR: the jq expression is true on the state file.
# Addresses are hex strings ("0xfee00000") in the state file; n turns them
# (or plain numbers) into numbers, so checks read in one base.
s20_jq() {
    local defs='def n: if type == "string" then ltrimstr("0x") | ascii_downcase | explode
        | reduce .[] as $c (0; . * 16 + (if $c >= 97 then $c - 87 else $c - 48 end)) else . end;'
    if jq -e "$defs $3" "$2" >/dev/null 2>&1; then t_pass "$1"; else t_fail "$1" "jq: $3"; fi
}

if [ ! -x "$s20_client" ] || [ ! -x "$XENSHIM" ]; then
    t_fail "dm_client and xenshim are built" "missing $s20_client or $XENSHIM"
else
    # ---- Xen 4.17: the release the libraries were built for -------------
    s20_run 4.17 dm417
    o=$TMPD/dm417.out s=$TMPD/dm417.json
    if [ "$s20_rc" -eq 0 ]; then
        t_pass "4.17: dm_client exits 0 (every call as on a 4.17 x86 host)"
    else
        t_fail "4.17: dm_client exits 0" "exit $s20_rc; $(grep -c . "$o") lines; unexpected: $(grep -v -e 'rc=[0-9]* errno=0' -e 'want=' -e '^#' "$o" | head -5 | tr '\n' ';')"
        sed 's/^/    /' "$o" | head -80
        sed 's/^/    stderr: /' "$TMPD/dm417.err" | head -10
    fi

    # Every xendevicemodel_* QEMU 7.2 imports, and the other calls QEMU
    # makes through libxenctrl/libxentoolcore, succeeded.
    for n in xendevicemodel_open xendevicemodel_create_ioreq_server \
             xendevicemodel_get_ioreq_server_info \
             "xendevicemodel_map_io_range_to_ioreq_server(port)" \
             "xendevicemodel_map_io_range_to_ioreq_server(mmio)" \
             xendevicemodel_map_pcidev_to_ioreq_server \
             xendevicemodel_set_ioreq_server_state \
             xendevicemodel_unmap_io_range_from_ioreq_server \
             xendevicemodel_unmap_pcidev_from_ioreq_server \
             xendevicemodel_destroy_ioreq_server \
             xendevicemodel_set_pci_intx_level xendevicemodel_set_isa_irq_level \
             xendevicemodel_set_pci_link_route xendevicemodel_inject_msi \
             xendevicemodel_track_dirty_vram xendevicemodel_modified_memory \
             xendevicemodel_set_mem_type xendevicemodel_relocate_memory \
             xendevicemodel_pin_memory_cacheattr xendevicemodel_shutdown \
             xentoolcore_restrict_all \
             xendevicemodel_map_mem_type_to_ioreq_server \
             xendevicemodel_modified_memory_bulk xendevicemodel_inject_event \
             xendevicemodel_nr_vcpus xendevicemodel_restrict \
             xc_domain_pause xc_domain_unpause xc_domain_getinfo \
             "xc_domain_getinfolist(paused)"; do
        s20_expect "4.17: $n succeeds" "$o" "$n" "rc=0 errno=0"
    done
    s20_expect "4.17: set_irq_level is Arm-only (EOPNOTSUPP on x86)" "$o" \
        xendevicemodel_set_irq_level "rc=-1 errno=EOPNOTSUPP"
    s20_expect "4.17: dm_op for a missing domain: ESRCH" "$o" \
        "xendevicemodel_create_ioreq_server(bad_domid)" "rc=-1 errno=ESRCH"
    s20_expect "4.17: domctl for a missing domain: ESRCH" "$o" \
        "xc_domain_pause(bad_domid)" "rc=-1 errno=ESRCH"
    s20_expect "4.17: destroyed ioreq server id: ENOENT" "$o" \
        "xendevicemodel_get_ioreq_server_info(unknown_id)" "rc=-1 errno=ENOENT"
    # Real Xen 4.17: VRAM tracking leaves log-dirty mode off, and then
    # modified_memory returns 0 without looking at its extents.
    s20_expect "4.17: modified_memory beyond the guest, log-dirty off: 0, as real 4.17" "$o" \
        "xendevicemodel_modified_memory(out_of_range)" "rc=0 errno=0"
    s20_expect "4.17: bulk modified_memory with a bad middle extent, log-dirty off: 0" "$o" \
        "xendevicemodel_modified_memory_bulk(bad_middle)" "rc=0 errno=0"
    s20_expect "4.17: gfn beyond the guest: EINVAL" "$o" \
        "xendevicemodel_set_mem_type(out_of_range)" "rc=-1 errno=EINVAL"
    s20_expect "4.17: restricted handle, other domain: EPERM" "$o" \
        "xendevicemodel_set_isa_irq_level(restricted,other_domid)" "rc=-1 errno=EPERM"
    s20_expect "4.17: libxenctrl after restrict_all: ENOTTY (/dev/null in place)" "$o" \
        "xc_domain_pause(restricted)" "rc=-1 errno=ENOTTY"
    t_check "4.17: getinfo sees the pause" \
        grep -q '^xc_domain_getinfo(paused) rc=0 errno=0 paused=1 hvm=1' "$o"
    t_check "4.17: getinfolist (sysctl) sees the pause" \
        grep -q '^xc_domain_getinfolist(paused) rc=0 errno=0 paused=1 hvm=1' "$o"
    t_check "4.17: getinfo after unpause" \
        grep -q '^xc_domain_getinfo(unpaused) rc=0 errno=0 paused=0 hvm=1' "$o"
    t_check "4.17: a new VRAM range reads all dirty" \
        grep -q '^xendevicemodel_track_dirty_vram rc=0 errno=0 dirty=256 first=0$' "$o"
    t_check "4.17: then nothing dirty: modified_memory marks nothing without log-dirty" \
        grep -q '^xendevicemodel_track_dirty_vram(again) rc=0 errno=0 dirty=0 first=256$' "$o"
    t_check "4.17: ioreq server info plausible, two servers distinct" \
        grep -q 'get_ioreq_server_info rc=0 errno=0 plausible=yes' "$o"

    # The state file shows each effect.
    if [ ! -s "$s" ] || ! jq -e . "$s" >/dev/null 2>&1; then
        t_fail "4.17: --state-out wrote valid JSON" "$(head -c 200 "$s" 2>/dev/null)"
    else
        t_pass "4.17: --state-out wrote valid JSON"
        # The pause was undone before exit; the shutdown stuck.
        s20_jq "4.17 state: not paused at exit" "$s" '.paused == false and .pause_count == 0'
        s20_jq "4.17 state: shut down, reason reboot (1)" "$s" '.shutdown.reason == 1'
        s20_jq "4.17 state: INTx A of 00:03.0 asserted, nothing else" "$s" \
            '.irq_levels.pci_intx == [{"device": 3, "intx": 0}]'
        s20_jq "4.17 state: ISA IRQs 1 and 4 high, 12 low" "$s" '.irq_levels.isa == [1, 4]'
        s20_jq "4.17 state: no GSI raised (set_irq_level refused)" "$s" '.irq_levels.gsi == []'
        s20_jq "4.17 state: links 0->10 and 1->11" "$s" '.link_routes == [10, 11, 0, 0]'
        s20_jq "4.17 state: one MSI" "$s" \
            '[.msis[] | [(.addr | n), (.data | n)]] == [[4276092928, 16449]]'
        s20_jq "4.17 state: two events, in order" "$s" \
            '[.events[] | [.vcpu, .vector, .type]] == [[0, 14, 3], [1, 32, 0]]'
        s20_jq "4.17 state: cr2 and error code of the #PF" "$s" \
            '(.events[0].cr2 | n) == 4096 and (.events[0].error_code | n) == 2'
        s20_jq "4.17 state: one ioreq server left, enabled, with a buffered ring" "$s" \
            '(.ioreq_servers | length) == 1 and .ioreq_servers[0].enabled == true
             and .ioreq_servers[0].bufioreq == true'
        s20_jq "4.17 state: its port, MMIO and PCI ranges" "$s" \
            '.ioreq_servers[0].ranges | map_values(map(map(n)))
             == {"port": [[1016, 1023]], "mmio": [[4273930240, 4273934335]], "pci": [[24, 24]]}'
        s20_jq "4.17 state: it holds the ioreq_server memory type for writes" "$s" \
            '.ioreq_servers[0].mem_type_access == 2'
        # Xen walks a dm_op's extents from the last one down; the bulk call
        # with a bad middle extent got as far as its last extent (0x710).
        s20_jq "4.17 state: modified memory, every extent, partial bulk call" "$s" \
            '[.modified_memory[] | [(.first_pfn | n), .nr]]
             == [[256, 4], [768, 8], [28688, 1], [512, 2], [1808, 1]]'
        s20_jq "4.17 state: VRAM tracked" "$s" \
            '(.dirty_vram.first_pfn | n) == 28672 and .dirty_vram.nr == 256'
        s20_jq "4.17 state: cache attribute pinned WB over RAM" "$s" \
            '[.pinned_cacheattr[] | [(.start | n), (.end | n), .type]] == [[0, 32767, 6]]'
        s20_jq "4.17 state: frames relocated" "$s" \
            '[.relocated[] | [(.src_gfn | n), (.dst_gfn | n), (.size | n)]] == [[1536, 32256, 4]]'
        s20_jq "4.17 state: memory types: ram_ro, ram_rw again, ioreq_server, nothing else" "$s" \
            '[.mem_types[] | [(.first_pfn | n), (.last_pfn | n), .type]]
             == [[1024, 1031, "ram_ro"], [1280, 1283, "ioreq_server"]]'
    fi

    # Nothing is keyed to domid 1 or the default guest: another domid,
    # more vCPUs and memory give the same answers.
    "$XENSHIM" run --sim 4.17 --no-shim --domid 7 --vcpus 4 --mem-mib 256 \
        --state-out "$TMPD/dm417-7.json" -- "$s20_client" 7 >"$TMPD/dm417-7.out" 2>&1
    t_check "4.17: the same on guest 7 (4 vCPUs, 256 MiB)" \
        cmp -s <(grep -v '^#' "$TMPD/dm417.out") <(grep -v '^#' "$TMPD/dm417-7.out")
    s20_jq "4.17: guest 7's state has its domid and size" "$TMPD/dm417-7.json" \
        '.domid == 7 and .vcpus == 4 and .mem_mib == 256'

    # ---- Xen 4.6 without the shim ----------------------------------------
    # A Debian 12 host keeps the same kernel whatever Xen it boots, so
    # IOCTL_PRIVCMD_DM_OP exists; libxendevicemodel's open-time probe
    # (num = 0) is answered by the kernel alone and succeeds, and every
    # dm_op then goes through that ioctl to hypercall 41, which Xen 4.6
    # does not have: its hypercall table answers -ENOSYS.  (Were the
    # ioctl missing, the library would fall back to
    # IOCTL_PRIVCMD_HYPERCALL with op 41: the same -ENOSYS.)
    # libxenctrl 4.17 stamps every domctl with interface_version 0x15;
    # Xen 4.6 wants 0x0b and refuses anything else with -EACCES before it
    # looks at the domain, so even the bad-domid pause gets EACCES.
    # Opening the libraries and restricting the handles are kernel-only
    # (privcmd), so they succeed, and the kernel still refuses (EPERM)
    # what a restricted handle may not do before Xen sees it.
    s20_run 4.6 dm46
    o=$TMPD/dm46.out
    t_check "4.6: dm_client fails (exit 1)" test "$s20_rc" -eq 1
    awk '$1 !~ /^#/ {
            n = $1
            if (n ~ /^(xc_interface_open|xendevicemodel_open|xendevicemodel_restrict|xentoolcore_restrict_all)$/)
                r = "rc=0 errno=0"
            else if (n ~ /\(restricted,other_domid\)$/)
                r = "rc=-1 errno=EPERM"
            else if (n == "xc_domain_pause(restricted)")
                r = "rc=-1 errno=ENOTTY"
            else if (n ~ /^xc_/)
                r = "rc=-1 errno=EACCES"
            else
                r = "rc=-1 errno=ENOSYS"
            print n, r
         }' "$TMPD/dm417.out" >"$TMPD/dm46.want"
    awk '$1 !~ /^#/ { print $1, $2, $3 }' "$o" >"$TMPD/dm46.got"
    if [ -s "$TMPD/dm46.want" ] && diff -u "$TMPD/dm46.want" "$TMPD/dm46.got" >"$TMPD/dm46.diff"; then
        t_pass "4.6: every dm_op ENOSYS, every domctl EACCES, kernel-only calls succeed ($(wc -l <"$TMPD/dm46.got") calls)"
    else
        t_fail "4.6: calls fail as on a real 4.6 host" "$(grep '^[-+][^-+]' "$TMPD/dm46.diff" | head -6 | tr '\n' ';')"
    fi
    # The simulator saw the dm_ops arrive through the kernel's DM_OP ioctl
    # and answered each one -ENOSYS.
    t_check "4.6: dm_ops reached the hypervisor through IOCTL_PRIVCMD_DM_OP" \
        grep -q '^dm_op(privcmd_dm_op) ' "$TMPD/dm46.trace"
    t_check "4.6: ... and every dm_op got -ENOSYS (-38)" \
        awk '/^dm_op/ { n++; if ($0 !~ / = -38 /) bad++ }
             END { exit !(n > 0 && !bad) }' "$TMPD/dm46.trace"
    # Nothing reached the guest: its state is that of an untouched 4.6 run.
    "$XENSHIM" run --sim 4.6 --no-shim --state-out "$TMPD/idle46.json" -- true \
        >/dev/null 2>&1
    t_check "4.6: guest state unchanged by the failed calls" \
        cmp -s "$TMPD/idle46.json" "$TMPD/dm46.json"
    t_check "4.6: ... and that state file is not empty" test -s "$TMPD/dm46.json"
fi
