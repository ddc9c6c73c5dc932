#!/usr/bin/env bash
# Bring the pieces of a real Xen host into the cache, once: Debian's hypervisor
# images (4.17 from this Debian 12; 4.14 and 4.20 from Debian 11 and 13, whose
# hypervisor image is all we take, never their userland) and Debian 12's kernel,
# unpacked, with the dom0 kernel's ELF taken out of its bzImage (Xen would spend
# seconds under TCG decompressing it at every boot).
#
#   realxen/fetch.sh [RELEASE...]     default: 4.14 4.17 4.20
#
# The cache is $XENSHIM_XEN_CACHE (default /var/cache/xenshim/realxen):
#   xen-<R>/xen.elf              the hypervisor, gunzipped (QEMU's multiboot loader wants it so)
#   kernel/vmlinux               the dom0 kernel, ELF
#   kernel/lib/modules/<v>/...   its modules, with modules.dep
# Packages come from the mirror this host's apt already uses.
set -euo pipefail
cache=${XENSHIM_XEN_CACHE:-/var/cache/xenshim/realxen}
releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(4.14 4.17 4.20)

# release -> the Debian suite that ships its hypervisor
suite_of() {
    case $1 in
        4.14) echo bullseye ;;
        4.17) echo bookworm ;;
        4.20) echo trixie ;;
        *) echo "realxen: no Debian suite ships Xen $1 (known: 4.14 4.17 4.20)" >&2; return 1 ;;
    esac
}

need() { command -v "$1" >/dev/null || { echo "realxen: $1 not found (install $2)" >&2; exit 1; }; }
need apt-get apt; need dpkg-deb dpkg; need depmod kmod; need xz xz-utils

# The mirror of this host's Debian sources (deb822 or one-line style).
mirror() {
    local u
    u=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)[[:space:]]*$/\1/p' \
            /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [ -n "$u" ] || u=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)[[:space:]].*/\2/p' \
            /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
    [ -n "$u" ] || { echo "realxen: no Debian mirror in this host's apt sources" >&2; return 1; }
    echo "$u"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"

# apt with a private configuration for one suite: its own lists, its own
# cache, nothing of the host's state touched.
apt_suite() {
    local suite=$1; shift
    local d=$work/apt-$suite
    if [ ! -d "$d" ]; then
        mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/etc"
        printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
            "$(mirror)" "$suite" > "$d/etc/sources.list"
        apt-get -q -o Dir::Etc::sourcelist="$d/etc/sources.list" -o Dir::Etc::sourceparts=- \
            -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" \
            -o APT::Sandbox::User=root update >"$d/update.log" 2>&1 ||
            { cat "$d/update.log" >&2; echo "realxen: apt-get update of $suite failed" >&2; return 1; }
    fi
    apt-get -q -o Dir::Etc::sourcelist="$d/etc/sources.list" -o Dir::Etc::sourceparts=- \
        -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" \
        -o APT::Sandbox::User=root "$@"
}

fetch_xen() {
    local r=$1 suite deb out=$cache/xen-$1
    [ -s "$out/xen.elf" ] && return 0
    suite=$(suite_of "$r")
    mkdir -p "$work/dl-$r"
    (cd "$work/dl-$r" && apt_suite "$suite" download "xen-hypervisor-$r-amd64" >/dev/null)
    deb=$(ls "$work/dl-$r"/xen-hypervisor-"$r"-amd64_*.deb)
    dpkg-deb -x "$deb" "$work/x-$r"
    mkdir -p "$out.tmp"
    gzip -dc "$work/x-$r"/boot/xen-"$r"-amd64.gz > "$out.tmp/xen.elf"
    basename "$deb" > "$out.tmp/package"
    rm -rf "$out" && mv "$out.tmp" "$out"
    echo "realxen: Xen $r from $(cat "$out/package")"
}

# Cut the ELF out of a bzImage: its payload is one xz stream.
extract_vmlinux() {
    local bz=$1 out=$2 off
    off=$(grep -abo $'\xfd7zXZ\x00' "$bz" | head -n 1 | cut -d: -f1)
    [ -n "$off" ] || { echo "realxen: no xz payload in $bz" >&2; return 1; }
    tail -c +$((off + 1)) "$bz" | xz -dc 2>/dev/null > "$out" || true
    [ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ||
        { echo "realxen: $bz did not unpack to an ELF" >&2; return 1; }
}

fetch_kernel() {
    local out=$cache/kernel pkg deb v
    [ -s "$out/vmlinux" ] && return 0
    # linux-image-amd64 is a metapackage: take the image it depends on.
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
    [ -n "$pkg" ] || { echo "realxen: apt cannot resolve linux-image-amd64 (run apt-get update)" >&2; return 1; }
    mkdir -p "$work/dl-k"
    (cd "$work/dl-k" && apt-get -q -o APT::Sandbox::User=root download "$pkg" >/dev/null)
    deb=$(ls "$work/dl-k"/"$pkg"_*.deb)
    rm -rf "$out.tmp" && mkdir -p "$out.tmp"
    dpkg-deb -x "$deb" "$work/k"
    v=$(ls "$work/k/lib/modules")
    extract_vmlinux "$work/k/boot/vmlinuz-$v" "$out.tmp/vmlinux"
    mkdir -p "$out.tmp/lib/modules"
    mv "$work/k/lib/modules/$v" "$out.tmp/lib/modules/$v"
    depmod -b "$out.tmp" "$v"
    echo "$v" > "$out.tmp/version"
    rm -rf "$out" && mv "$out.tmp" "$out"
    echo "realxen: dom0 kernel $v"
}

fetch_kernel
for r in "${releases[@]}"; do fetch_xen "$r"; done
