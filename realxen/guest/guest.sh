#!/bin/bash
# In dom0, for `xenshim run --xen V --guest-io FILE -- DEVICE-MODEL`: what a
# user's host does.  Debian's xl creates an HVM guest whose firmware is
# guest_rt (hvmloader starts it as it would SeaBIOS), DEVICE-MODEL its
# device model through dm-wrapper.sh; the guest's reports on Xen's debug
# port are read from the hypervisor's console until it ends or
# GUEST_TIMEOUT seconds after xl create began.
#   guest.sh JOBDIR
# Reads JOBDIR/config (dom0.sh's, GUEST_*) and JOBDIR/guest.{gio,img}.
# Stdout: the guest's COM1 output; stderr: the device model's log and
# what went wrong; JOBDIR/state.json when WANT_STATE=1.  Exit 0 when the
# guest reported every access and its interrupt window, 1 otherwise.
set -u
job=$1
. "$job/config"
exec 3>>"$job/dom0.log"
say() { echo "xenshim-dom0: $*" >&3; }
name=xenshim-guest
# Debian 12's xl is built for 4.17: elsewhere it runs through the shim, as
# dom0.sh runs xenstored (the device model's own shim is --no-shim's).
xl=("$TOOLS/xl")
[ "$("$XENDOM" release 2>&3)" = 4.17 ] || xl=(env LD_PRELOAD="$SHIMLIB" "$TOOLS/xl")
dmlog=/var/log/xen/qemu-dm-$name.log
# Every exec costs ~0.5 s in a dom0 that TCG emulates: times, waits and
# the guest's lines are bash's own work (EPOCHREALTIME, read -t).
elapsed() {   # elapsed VAR: seconds since start (xl create), one decimal
    local d=$(( ${EPOCHREALTIME/./} - start ))
    printf -v "$1" '%d.%d' $((d / 1000000)) $((d / 100000 % 10))
}

# libxl's locks and QMP sockets; the host's /run is not this boot's.
mkdir -p /var/run/xen /var/lib/xen "$job/xencons"
# xenconsoled also copies the hypervisor's console, where the guest's
# port-0xe9 lines are, into a file as they come.
hvlog=$job/xencons/hypervisor.log
"$TOOLS/xenconsoled" --pid-file=/run/xenconsoled.pid --log=hv --log-dir="$job/xencons" \
    --timestamp=none >&3 2>&3 || say "xenconsoled did not start"

# Sourced, not run: one bash start less (~0.5 s) before the device model.
printf '#!/bin/bash\n. %q %q "$@"\n' "$GUEST_WRAPPER_SH" "$job" > "$job/dm-wrapper"
chmod 755 "$job/dm-wrapper"
: > "$job/com1.log"
cat > "$job/xl.cfg" <<CFG
name = '$name'
builder = 'hvm'
memory = 32
vcpus = 1
serial = 'file:$job/com1.log'
vnc = 0
sdl = 0
vga = 'none'
device_model_version = 'qemu-xen'
device_model_override = '$job/dm-wrapper'
bios = 'seabios'
bios_path_override = '$job/guest.img'
on_crash = 'preserve'
CFG

# Every failure ends here: what went wrong, xl's words, the device model's.
give_up() {
    echo "xenshim run: $*" >&2
    if [ -s "$job/xl.log" ]; then
        echo "xenshim run: xl create said:" >&2
        sed 's/^/  xl | /' "$job/xl.log" >&2
    fi
    if [ -s "$dmlog" ]; then
        echo "xenshim run: the device model's log ($dmlog):" >&2
        sed 's/^/  dm | /' "$dmlog" >&2
    else
        echo "xenshim run: the device model wrote no log" >&2
    fi
    if [ -s "$job/guest.log" ]; then
        echo "xenshim run: the end of the guest's debug output:" >&2
        tail -n 8 "$job/guest.log" | sed 's/^/  guest | /' >&2
    fi
    cat "$job/com1.log"
    timeout 20 "${xl[@]}" destroy "$name" >&3 2>&3
    exit 1
}

start=${EPOCHREALTIME/./}
deadline=$(( EPOCHSECONDS + GUEST_TIMEOUT ))
timeout -k 2 "$GUEST_TIMEOUT" "${xl[@]}" create "$job/xl.cfg" > "$job/xl.log" 2>&1
rc=$?
[ "$rc" = 124 ] && give_up "xl create did not finish within the guest's ${GUEST_TIMEOUT} s (--guest-io-timeout)"
[ "$rc" = 0 ] || give_up "xl create failed (exit $rc): the guest never ran"
domid=$("${xl[@]}" domid "$name" 2>&3) || give_up "xl created no domain named $name"
elapsed t
say "domain $domid created in $t s"
"$XENDOM" params "$domid" "$job/params.base" 2>&3 || say "cannot read domain $domid's params"

# The guest's lines, "(dN) ..." in the hypervisor's console, into
# guest.log; without xenconsoled's copy, xl dmesg -c makes one.
[ -f "$hvlog" ] && by_consoled=1 || by_consoled=
touch "$hvlog"
# A FIFO nobody writes: read -t on it is a sleep without an exec (on
# dom0's tmpfs: the 9p share has no FIFOs).
mkfifo /run/xenshim-tick || give_up "cannot make a FIFO in dom0's /run"
exec 4<"$hvlog" 5<>/run/xenshim-tick || give_up "cannot read $hvlog"
first= ended= partial= line=
: > "$job/guest.log"
while :; do
    [ -n "$by_consoled" ] || "${xl[@]}" dmesg -c >> "$hvlog" 2>&3
    while IFS= read -r -u 4 line || { partial+=$line; false; }; do
        line=$partial$line partial=
        case $line in *"(d$domid) "*) ;; *) continue ;; esac
        line=${line#*"(d$domid) "}
        line=${line%$'\r'}
        echo "$line" >> "$job/guest.log"
        case $line in
            "gio "*) [ -n "$first" ] || elapsed first ;;
            end|fault*) ended=1 ;;
        esac
    done
    [ -n "$ended" ] && break
    [ "$EPOCHSECONDS" -ge "$deadline" ] && break
    read -r -t 0.2 -u 5 _
done
elapsed t
say "the guest's first access ${first:-never} s after xl create; stopped after $t s"

"$GUEST_IMAGE_TOOL" report "$job/guest.gio" "$job/guest.log" > "$job/guest_io.json" 2> "$job/guest.why"
result=$?
if [ "$WANT_STATE" = 1 ]; then
    state=$("$XENDOM" state "$domid" "$job/params.base" 2>&3) &&
        printf '%s,%s}\n' "${state%\}}" "$(cat "$job/guest_io.json")" > "$job/state.json" ||
        say "cannot read domain $domid's state"
fi
if [ "$result" != 0 ]; then
    [ -s "$job/guest.why" ] || echo "the guest's reports could not be read" > "$job/guest.why"
    # Lines of the script by the name the caller gave it.
    sed -i "s|$job/guest.gio:|$GUEST_IO_NAME:|g" "$job/guest.why"
    [ -n "$ended" ] || [ "$EPOCHSECONDS" -lt "$deadline" ] ||
        sed -i "1s/^/within --guest-io-timeout ${GUEST_TIMEOUT} s: /" "$job/guest.why"
    give_up "$(paste -sd ';' "$job/guest.why")"
fi
timeout 20 "${xl[@]}" destroy "$name" >&3 2>&3 || say "xl destroy $name failed"
cat "$job/com1.log"
cat "$dmlog" >&2 2>/dev/null
echo "xenshim run: the real guest's first access ${first} s after xl create" >&2
exit 0
