# Suite 40: today's device model on hypervisors without dm_op.
# dm_client (Debian's real libxendevicemodel.so.1 / libxenctrl.so.4.17)
# with the shim on 4.5, 4.6, 4.7, 4.8 and hvmctl1, compared with the same
# program on --sim 4.17 without the shim.  Sourced by run.sh: $XENSHIM,
# $BUILD, $TMPD, $TOP are set.  docs/dmop-fallback.md explains the split:
#
#  1. without the dm_op the old releases cannot express that dm_client
#     calls (map_mem_type_to_ioreq_server), every output line and the
#     --state-out file are identical to 4.17's;
#  2. the full program: that one says EOPNOTSUPP, set_mem_type of the
#     ioreq_server type (which needs it) says EINVAL, and every other line
#     is 4.17's;
#  3. without the shim the program fails on each old release.
#
#  4. restricted handles: their dm_ops go through the dm_op broker, a
#     process of its own (shim/broker.h); the device model's process holds
#     no unrestricted descriptor, and the broker gives a caller that talks
#     to it directly no more than the restriction allows.  With
#     XENSHIM_RESTRICTED_FALLBACK=0 there is no broker and the dm_op fails
#     as without the shim.

s40_client=$BUILD/tests/integration/dm_client
s40_old="4.5 4.6 4.7 4.8 hvmctl1"
s40_inexpressible="xendevicemodel_map_mem_type_to_ioreq_server"

# s40_run NAME VERSION [xenshim run options] [-- dm_client args]: output in
# $TMPD/s40-NAME.out, stderr in .err, state in .json, exit status in s40_rc.
s40_run() {
    local name=$1 ver=$2 opts=() args=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    args=("$@")
    XENSHIM_STATS=1 "$XENSHIM" run --sim "$ver" "${opts[@]+"${opts[@]}"}" \
        --state-out "$TMPD/s40-$name.json" -- \
        "$s40_client" "${args[@]+"${args[@]}"}" >"$TMPD/s40-$name.out" 2>"$TMPD/s40-$name.err"
    s40_rc=$?
}

# s40_same DESC A B [FILTER]: files A and B (names under $TMPD/s40-) agree
# line for line, leaving out lines that match the basic regex FILTER.
s40_same() {
    local f=${4:-}
    s40_keep() { if [ -n "$f" ]; then grep -v -e "$f" "$1"; else cat "$1"; fi; }
    if diff -u <(s40_keep "$TMPD/s40-$2") <(s40_keep "$TMPD/s40-$3") \
        >"$TMPD/s40-$3.diff"; then
        t_pass "$1"
    else
        t_fail "$1" "$(grep '^[-+][^-+]' "$TMPD/s40-$3.diff" | head -6 | tr '\n' ';')"
    fi
}

# s40_line FILE NAME: "rc=.. errno=.." of call NAME.
s40_line() {
    awk -v n="$2" '$1 == n { print ($3 == "" ? $2 : $2 " " $3); exit }' "$1"
}

s40_expect() {
    local got
    got=$(s40_line "$2" "$3")
    if [ "$got" = "$4" ]; then t_pass "$1"; else t_fail "$1" "got '${got:-no such line}'"; fi
}

# s40_unexpected FILE: M of dm_client's "# dm_client: N calls, M unexpected".
s40_unexpected() {
    awk '/^# dm_client: [0-9]+ calls, [0-9]+ unexpected/ { print $5 }' "$1"
}

# s40_fds VERSION [FALLBACK]: a python3 caller (run with
# XENSHIM_RESTRICTED_FALLBACK=FALLBACK if given) opens privcmd, restricts it
# to domain 1 (after a set_isa_irq_level(7) dm_op made as raw hypercall 41:
# "raw41 rc=.. errno=.."), counts the privcmd descriptors and sockets in /proc/self/fd
# ("privcmd_fds N", "sockets N") and makes a set_isa_irq_level(5) dm_op
# ("dm_op rc=.. errno=..").  Then it plays a compromised device model: it
# looks for the dm_op broker ("brokers N": processes named xenshim-broker
# that xenshim run adopted, each with "broker_pid" and "broker_privcmd_fds") and sends requests of
# its own over its socket (ret= the
# broker's answer): for domain 2, with a bad magic, shorter than it says,
# and a set_isa_irq_level(6) for domain 1.  Output in
# $TMPD/s40-fds-VERSION[-FALLBACK].out, state in .json.
s40_fds() {
    local out=$TMPD/s40-fds-$1${2:+-$2}.out
    env ${2:+XENSHIM_RESTRICTED_FALLBACK=$2} "$XENSHIM" run --sim "$1" \
        --state-out "${out%.out}.json" -- python3 -c '
import ctypes, errno, fcntl, os, socket, struct
def isa_irq(irq):
    return struct.pack("II", 9, 0) + bytes([irq, 1]) + bytes(246)
fd = os.open("/dev/xen/privcmd", os.O_RDWR)
# Before restricting: the dm_op as raw hypercall 41 (what libxendevicemodel
# falls back to on kernels without IOCTL_PRIVCMD_DM_OP; hvmctl1 must not
# take it for hvmctl).
op7 = ctypes.create_string_buffer(isa_irq(7))
buf7 = ctypes.create_string_buffer(struct.pack("QQ", ctypes.addressof(op7), 256))
try:
    fcntl.ioctl(fd, 0x305000, struct.pack("6Q", 41, 1, 1, ctypes.addressof(buf7), 0, 0))
    print("raw41 rc=0 errno=0")
except OSError as e:
    print("raw41 rc=-1 errno=" + errno.errorcode[e.errno])
fcntl.ioctl(fd, 0x25006, struct.pack("H", 1))
n, socks = 0, []
for e in os.listdir("/proc/self/fd"):
    try:
        t = os.readlink("/proc/self/fd/" + e)
    except OSError:
        continue
    if t.endswith("/privcmd"):
        n += 1
    elif t.startswith("socket:"):
        socks.append(int(e))
print("privcmd_fds", n)
print("sockets", len(socks))
op = ctypes.create_string_buffer(isa_irq(5))
buf = ctypes.create_string_buffer(struct.pack("QQ", ctypes.addressof(op), 256))
try:
    fcntl.ioctl(fd, 0x105005, struct.pack("HHIQ", 1, 1, 0, ctypes.addressof(buf)))
    print("dm_op rc=0 errno=0")
except OSError as e:
    print("dm_op rc=-1 errno=" + errno.errorcode[e.errno])
def links(pid):
    out = []
    for x in os.listdir("/proc/%d/fd" % pid):
        try:
            out.append(os.readlink("/proc/%d/fd/%s" % (pid, x)))
        except OSError:
            pass
    return out
# Ours: adopted by xenshim run (the subreaper), our parent; a broker of
# another run on the machine is not counted.
def running_broker(pid):
    try:
        stat = open("/proc/%s/stat" % pid).read()
    except OSError:
        return False
    rest = stat[stat.rindex(")") + 2:].split()
    return stat[stat.index("(") + 1:stat.rindex(")")] == "xenshim-broker" and \
        rest[0] != "Z" and int(rest[1]) == os.getppid()
brokers = [int(p) for p in os.listdir("/proc") if p.isdigit() and running_broker(p)]
print("brokers", len(brokers))
for pid in brokers:
    print("broker_pid", pid)
    print("broker_privcmd_fds", sum(l.endswith("/privcmd") for l in links(pid)))
for s in socks:
    sk = socket.socket(fileno=os.dup(s))
    def ask(dom, data, magic=0x58534231, size=256):
        sk.send(struct.pack("IHH16I", magic, dom, 1, size, *([0] * 15)) + data)
        return struct.unpack("IIqII", sk.recv(70000)[:24])[2]
    print("broker_other_domain ret=%d" % ask(2, isa_irq(6)))
    print("broker_bad_magic ret=%d" % ask(1, isa_irq(6), magic=0))
    print("broker_short ret=%d" % ask(1, isa_irq(6)[:100]))
    print("broker_own_domain ret=%d" % ask(1, isa_irq(6)))
' >"$out" 2>"$out.err" || echo "python3 failed: $(head -3 "$out.err" | tr '\n' ';')" >>"$out"
}

s40_jq() { jq -e "$1" "$2" >/dev/null; }

# s40_gone PID: the process is gone within two seconds.
s40_gone() {
    local i
    for i in $(seq 20); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    return 1
}

if [ ! -x "$s40_client" ] || [ ! -x "$XENSHIM" ]; then
    t_fail "dm_client and xenshim are built" "missing $s40_client or $XENSHIM"
else
    # ---- references: Xen 4.17, no shim --------------------------------------
    s40_run ref-part 4.17 --no-shim -- --skip "$s40_inexpressible"
    s40_run ref-full 4.17 --no-shim
    s40_run ref-early 4.17 --no-shim -- --restrict-early --skip "$s40_inexpressible"
    s40_n=$(grep -vc '^#' "$TMPD/s40-ref-part.out")
    if [ "$s40_n" -gt 30 ] && [ -s "$TMPD/s40-ref-part.json" ]; then
        t_pass "4.17 reference: dm_client ran ($s40_n calls), state written"
    else
        t_fail "4.17 reference: dm_client ran" "$s40_n calls; $(head -3 "$TMPD/s40-ref-part.err" | tr '\n' ';')"
    fi
    # The references must be right themselves, or agreeing means little.
    s40_expect "4.17 reference: create_ioreq_server succeeds" "$TMPD/s40-ref-part.out" \
        xendevicemodel_create_ioreq_server "rc=0 errno=0"
    s40_expect "4.17 reference: modified_memory_bulk succeeds" "$TMPD/s40-ref-part.out" \
        xendevicemodel_modified_memory_bulk "rc=0 errno=0"
    s40_expect "4.17 reference: without a claimed type, set_mem_type(ioreq_server) is EINVAL" \
        "$TMPD/s40-ref-part.out" "xendevicemodel_set_mem_type(ioreq_server)" "rc=-1 errno=EINVAL"
    s40_expect "4.17 reference (full): map_mem_type_to_ioreq_server succeeds" \
        "$TMPD/s40-ref-full.out" xendevicemodel_map_mem_type_to_ioreq_server "rc=0 errno=0"

    # Up to 4.13 Xen's VRAM tracking turned on log-dirty mode; from 4.14 it
    # does not, so on 4.17 modified_memory checks nothing and marks nothing
    # (found on real Xen 4.17).  No translation can change what the older
    # hypervisor does there: those three lines are compared on their own.
    s40_logdirty='^xendevicemodel_track_dirty_vram(again) \|^xendevicemodel_modified_memory(out_of_range) \|^xendevicemodel_modified_memory_bulk(bad_middle) '
    for v in $s40_old; do
        # ---- 1. everything expressible: identical lines and state -----------
        XENSHIM_LOG=info s40_run "part-$v" "$v" -- --skip "$s40_inexpressible"
        s40_same "$v + shim: every call answers as on 4.17 (but log-dirty, below)" \
            ref-part.out "part-$v.out" "$s40_logdirty"
        s40_expect "$v + shim: VRAM tracking turned log-dirty on, as before 4.14" \
            "$TMPD/s40-part-$v.out" "xendevicemodel_track_dirty_vram(again)" "rc=0 errno=0"
        t_check "$v + shim: so the frame modified_memory named reads dirty" \
            grep -q '^xendevicemodel_track_dirty_vram(again) rc=0 errno=0 dirty=1 first=16$' \
            "$TMPD/s40-part-$v.out"
        s40_expect "$v + shim: and a range beyond the guest is EINVAL there" \
            "$TMPD/s40-part-$v.out" "xendevicemodel_modified_memory(out_of_range)" "rc=-1 errno=EINVAL"
        t_check "$v + shim: guest state byte-identical to 4.17's" \
            cmp -s "$TMPD/s40-ref-part.json" "$TMPD/s40-part-$v.json"
        if [ "$v" = 4.5 ]; then
            # 4.5 has one buffered ring, the legacy one: the ATOMIC server
            # dm_client asks for runs its pointers the legacy way, which
            # the state file (guest-visible only) does not record; the shim
            # says so at info level (docs/dmop-fallback.md).
            t_check "4.5 + shim: says the ATOMIC ioreq server runs the legacy ring" \
                grep -q 'Xen 4.5 has no atomic buffered ioreq ring; server [0-9]* uses the legacy ring' \
                "$TMPD/s40-part-$v.err"
        fi
        # After RESTRICT the kernel refuses raw hypercalls on the caller's
        # descriptor; the broker's must still get through, and other
        # domains stay refused.
        s40_expect "$v + shim: restricted handle, own domain: the broker carries it" \
            "$TMPD/s40-part-$v.out" "xendevicemodel_set_isa_irq_level(restricted)" "rc=0 errno=0"
        s40_expect "$v + shim: restricted handle, other domain: EPERM" \
            "$TMPD/s40-part-$v.out" "xendevicemodel_set_isa_irq_level(restricted,other_domid)" \
            "rc=-1 errno=EPERM"
        t_check "$v + shim: the statistics show dm_op translated" \
            grep -q '^xenshim: translated dm_op create_ioreq_server' "$TMPD/s40-part-$v.err"
        t_check "$v + shim: modified_memory went through the fallback" \
            grep -q '^xenshim: translated dm_op modified_memory' "$TMPD/s40-part-$v.err"

        # ---- 1b. restricted from the start, as QEMU with -xen-domid-restrict:
        # every dm_op goes through the dm_op broker ----------------------------
        XENSHIM_STATS=1 s40_run "early-$v" "$v" -- --restrict-early --skip "$s40_inexpressible"
        s40_same "$v + shim, restricted from the start: every call answers as on 4.17" \
            ref-early.out "early-$v.out" "$s40_logdirty"
        t_check "$v + shim, restricted from the start: guest state byte-identical to 4.17's" \
            cmp -s "$TMPD/s40-ref-early.json" "$TMPD/s40-early-$v.json"
        s40_n=$(awk '/^xenshim: translated dm_op / { n += $5 } END { print n + 0 }' \
                "$TMPD/s40-early-$v.err")
        t_check "$v + shim, restricted from the start: the broker carried the dm_ops ($s40_n)" \
            test "$s40_n" -ge 30

        # ---- 2. the full program ---------------------------------------------
        s40_run "full-$v" "$v"
        s40_expect "$v + shim: map_mem_type_to_ioreq_server is EOPNOTSUPP" "$TMPD/s40-full-$v.out" \
            xendevicemodel_map_mem_type_to_ioreq_server "rc=-1 errno=EOPNOTSUPP"
        s40_expect "$v + shim: relocate_memory is translated (XENMEM_add_to_physmap)" \
            "$TMPD/s40-full-$v.out" xendevicemodel_relocate_memory "rc=0 errno=0"
        s40_expect "$v + shim: so set_mem_type(ioreq_server) is EINVAL" "$TMPD/s40-full-$v.out" \
            "xendevicemodel_set_mem_type(ioreq_server)" "rc=-1 errno=EINVAL"
        t_check "$v + shim: one log line names the refused op" \
            grep -q 'dm_op map_mem_type_to_ioreq_server (15): this hypervisor has no equivalent' \
            "$TMPD/s40-full-$v.err"
        s40_same "$v + shim: every other call answers as on 4.17" ref-full.out "full-$v.out" \
            "^#\|^xendevicemodel_map_mem_type_to_ioreq_server \|^xendevicemodel_set_mem_type(ioreq_server) \|$s40_logdirty"
        t_check "$v + shim: dm_client reports the refusals (exit 1)" test "$s40_rc" -eq 1

        # ---- 3. without the shim the same program fails ------------------------
        s40_run "noshim-$v" "$v" --no-shim -- --skip "$s40_inexpressible"
        # The reference itself exits 1 (set_mem_type(ioreq_server) without
        # map_mem_type_to_ioreq_server): count the unexpected calls instead.
        s40_unexp_ref=$(s40_unexpected "$TMPD/s40-ref-part.out")
        s40_unexp=$(s40_unexpected "$TMPD/s40-noshim-$v.out")
        t_check "$v without shim: dm_client fails ($s40_unexp unexpected calls, 4.17: $s40_unexp_ref)" \
            test "$s40_rc" -ne 0 -a "${s40_unexp:-0}" -gt "$(( ${s40_unexp_ref:-99} + 10 ))"
        # What fails, and how: hypercall 41 does not exist on 4.5-4.8
        # (ENOSYS); hvmctl1's hvmctl reads the domid as a pointer (EFAULT).
        if [ "$v" = hvmctl1 ]; then s40_want=EFAULT; else s40_want=ENOSYS; fi
        s40_expect "$v without shim: create_ioreq_server fails with $s40_want" \
            "$TMPD/s40-noshim-$v.out" xendevicemodel_create_ioreq_server "rc=-1 errno=$s40_want"
        s40_expect "$v without shim: set_isa_irq_level fails with $s40_want" \
            "$TMPD/s40-noshim-$v.out" xendevicemodel_set_isa_irq_level "rc=-1 errno=$s40_want"
        s40_n=$(grep -c "^xendevicemodel_[a-z_]* rc=-1 errno=$s40_want" "$TMPD/s40-noshim-$v.out")
        t_check "$v without shim: every dm_op call fails ($s40_n with $s40_want)" test "$s40_n" -ge 20
        t_check "$v without shim: answers differ from 4.17's (both runs wrote them)" \
            eval "[ -s '$TMPD/s40-ref-part.out' ] && [ -s '$TMPD/s40-noshim-$v.out' ] &&
                  ! cmp -s '$TMPD/s40-ref-part.out' '$TMPD/s40-noshim-$v.out'"
        t_check "$v without shim: guest state differs from 4.17's (both states written)" \
            eval "[ -s '$TMPD/s40-ref-part.json' ] && [ -s '$TMPD/s40-noshim-$v.json' ] &&
                  ! cmp -s '$TMPD/s40-ref-part.json' '$TMPD/s40-noshim-$v.json'"

        # ---- 4. restricted handles ------------------------------------------
        # Run 1 restricted its handles (as QEMU does); the dm_op broker
        # carried their dm_ops.  Here: what the device model's process
        # holds, and what the broker gives a caller that talks to it
        # directly (no more than a restricted descriptor on a Xen with
        # dm_op).
        s40_fds "$v"
        s40_f=$TMPD/s40-fds-$v.out
        s40_expect "$v + shim: restricted caller: its own descriptor is its only privcmd" \
            "$s40_f" privcmd_fds 1
        s40_expect "$v + shim: restricted caller: dm_op works" "$s40_f" dm_op "rc=0 errno=0"
        s40_expect "$v + shim: one broker process (socket: the caller's only one)" \
            "$s40_f" brokers 1
        s40_expect "$v + shim: the caller holds one socket" "$s40_f" sockets 1
        s40_expect "$v + shim: the broker holds the unrestricted descriptor" \
            "$s40_f" broker_privcmd_fds 1
        s40_expect "$v + shim: broker asked directly for domain 2: EPERM" \
            "$s40_f" broker_other_domain "ret=-1"
        s40_expect "$v + shim: broker sent a bad magic: EINVAL" "$s40_f" broker_bad_magic "ret=-22"
        s40_expect "$v + shim: broker sent a short request: EINVAL" "$s40_f" broker_short "ret=-22"
        s40_expect "$v + shim: broker asked directly for domain 1: done" \
            "$s40_f" broker_own_domain "ret=0"
        s40_expect "$v + shim: a dm_op as raw hypercall 41 is translated too" \
            "$s40_f" raw41 "rc=0 errno=0"
        t_check "$v + shim: the three dm_ops reached the guest (ISA IRQs 5, 6 and 7 high)" \
            s40_jq '.irq_levels.isa == [5, 6, 7]' "${s40_f%.out}.json"
        s40_pid=$(awk '$1 == "broker_pid" { print $2 }' "$s40_f")
        t_check "$v + shim: the broker exits with the device model" s40_gone "${s40_pid:-0}"

        # XENSHIM_RESTRICTED_FALLBACK=0: no broker, and the dm_op fails as
        # without the shim: 4.5-4.8 have no hypercall 41 (ENOSYS).  On
        # hvmctl1 the kernel's hypercall 41 is hvmctl, which reads the domid
        # as a pointer (EFAULT without the shim); the shim never lets a
        # dm_op reach it and says ENOSYS itself.
        if [ "$v" = hvmctl1 ]; then s40_nowant=EFAULT; else s40_nowant=ENOSYS; fi
        s40_want=ENOSYS
        XENSHIM_RESTRICTED_FALLBACK=0 XENSHIM_SIM_TRACE="$TMPD/s40-restricted-$v.trace" \
            s40_run "restricted-$v" "$v" -- --skip "$s40_inexpressible"
        s40_expect "$v + shim, broker off: restricted handle, own domain: $s40_want" \
            "$TMPD/s40-restricted-$v.out" "xendevicemodel_set_isa_irq_level(restricted)" \
            "rc=-1 errno=$s40_want"
        s40_expect "$v without shim: restricted handle, own domain: $s40_nowant" \
            "$TMPD/s40-noshim-$v.out" "xendevicemodel_set_isa_irq_level(restricted)" \
            "rc=-1 errno=$s40_nowant"
        if [ "$v" = hvmctl1 ]; then
            t_check "hvmctl1 + shim, broker off: no dm_op reached hvmctl as it was" \
                eval "[ -s '$TMPD/s40-restricted-$v.trace' ] &&
                      ! grep -q 'hvmctl(privcmd_dm_op)' '$TMPD/s40-restricted-$v.trace'"
        fi
        s40_expect "$v + shim, broker off: restricted handle, other domain: EPERM" \
            "$TMPD/s40-restricted-$v.out" "xendevicemodel_set_isa_irq_level(restricted,other_domid)" \
            "rc=-1 errno=EPERM"
        t_check "$v + shim, broker off: one log line names the reason and the variable" \
            test "$(grep -c 'restricted to domain 1: .*XENSHIM_RESTRICTED_FALLBACK=0' \
                    "$TMPD/s40-restricted-$v.err")" -eq 1
        s40_fds "$v" 0
        s40_f=$TMPD/s40-fds-$v-0.out
        s40_expect "$v + shim, broker off: no privcmd descriptor but the caller's" \
            "$s40_f" privcmd_fds 1
        s40_expect "$v + shim, broker off: and no socket" "$s40_f" sockets 0
        s40_expect "$v + shim, broker off: dm_op after restrict fails with $s40_want" \
            "$s40_f" dm_op "rc=-1 errno=$s40_want"
    done
fi
