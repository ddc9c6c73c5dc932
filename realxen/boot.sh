#!/usr/bin/env bash
# Boot a real Xen under QEMU TCG with Debian's kernel as PV dom0, run one job
# in dom0, power off.  Used by xen-run.sh; also handy by hand:
#   realxen/boot.sh XEN-ELF JOBDIR [TIMEOUT-S]
# JOBDIR must hold dom0.sh; dom0 sees the host's root over 9p (read-write, so
# JOBDIR and every path of the host are the same inside), and runs
# `bash JOBDIR/dom0.sh JOBDIR` in a chroot of it.  The serial console (Xen's
# and dom0's) goes to JOBDIR/console.log.  Exit: QEMU's, or 124 on timeout.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${XENSHIM_XEN_CACHE:-/var/cache/xenshim/realxen}
xen=$1 job=$2 timeout=${3:-120}

fail() { echo "xenshim run --xen: $*" >&2; exit 125; }
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 not found (install qemu-system-x86)"
[ -x /bin/busybox ] && file_static=$(head -c 4 /bin/busybox | od -An -c) || fail "/bin/busybox not found (install busybox-static)"
[ -s "$cache/kernel/vmlinux" ] || fail "no dom0 kernel in $cache (run make deps, or realxen/fetch.sh)"
[ -s "$xen" ] || fail "no hypervisor image $xen"

kver=$(cat "$cache/kernel/version")
mods=$cache/kernel/lib/modules/$kver

# The drivers dom0 needs, dependencies first (from modules.dep).
want="virtio_pci 9pnet_virtio 9p xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc"
order=()
add_mod() {
    local path deps d
    path=$(grep -m1 -E "(^|/)$1\.ko:" "$mods/modules.dep") || fail "module $1 not in $kver"
    deps=${path#*:}; path=${path%%:*}
    for d in $deps; do add_mod "$(basename "$d" .ko)"; done
    case " ${order[*]-} " in *" $path "*) ;; *) order+=("$path") ;; esac
}
for m in $want; do add_mod "$m"; done

ird=$job/initrd.d
rm -rf "$ird" && mkdir -p "$ird/bin" "$ird/modules"
cp /bin/busybox "$ird/bin/busybox"
cp "$here/dom0-init" "$ird/init" && chmod 755 "$ird/init"
: > "$ird/modules.list"
for p in "${order[@]}"; do
    cp "$mods/$p" "$ird/modules/"
    basename "$p" >> "$ird/modules.list"
done
(cd "$ird" && find . | cpio -o -H newc --quiet) > "$job/initrd" || fail "cpio failed (install cpio)"
rm -rf "$ird"

timeout --foreground -k 5 "$timeout" qemu-system-x86_64 \
    -accel tcg -machine pc -cpu qemu64,+svm,+npt -smp 1 -m "${XENSHIM_XEN_HOST_MIB:-1024}" \
    -display none -monitor none -serial "file:$job/console.log" -no-reboot \
    -kernel "$xen" \
    -append "console=com1 com1=115200 dom0_mem=${XENSHIM_XEN_DOM0_MIB:-512}M,max:${XENSHIM_XEN_DOM0_MIB:-512}M loglvl=all guest_loglvl=all" \
    -initrd "$cache/kernel/vmlinux console=hvc0 quiet xenshim.job=$job,$job/initrd" \
    -virtfs "local,path=/,mount_tag=host,security_model=none,multidevs=remap" \
    </dev/null
