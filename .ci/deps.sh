#!/usr/bin/env bash
# Install what xenshim needs on Debian 12 (`make deps`).  Safe to run again:
# only missing packages are installed, and nothing touches the network when
# everything is present.
#   build-essential pkg-config     compiler, make, ar, pkg-config for fuse3/cmocka
#   libxen-dev                     Xen 4.17 headers + real libxendevicemodel/libxenctrl (dm_client, check_417.c)
#   libfuse3-dev fuse3             the simulator's /dev/xen/privcmd (fusermount3, /dev/fuse)
#   libcmocka-dev                  unit tests
#   abigail-tools                  abidw/abidiff for abi-dumps/ (make abi-check)
#   valgrind                       callgrind counts for make bench
#   jq                             integration suites read --state-out JSON
#   util-linux                     unshare, setpriv, for the simulator's namespace and suites
#   python3                        suites 35/40: callers that make ioctls through libc
#   qemu-system-xen                Debian's real device model: `xenshim check` (suite 50), QEMU on the simulated host (suite 90)
#   qemu-system-x86 busybox-static the real-Xen runner (realxen/): Xen under TCG, dom0's /init
#   xen-utils-4.17 xenstore-utils  the toolstack: xenstored of the simulated host and of dom0 on real Xen, xenstore-write
#   kmod xz-utils cpio             realxen/fetch.sh and boot.sh: depmod, the kernel's xz, the initramfs
#   clang libclang-rt-14-dev llvm  make fuzz: libFuzzer, ASan/UBSan runtimes, llvm-profdata/llvm-cov
#   debhelper lintian man-db       make deb / check-deb: the Debian package, its checks, `man xenshim`
# and then, once, realxen/fetch.sh: Debian's Xen 4.14/4.17/4.20 hypervisor
# images and Debian 12's kernel, unpacked into the runner's cache.
set -euo pipefail
pkgs=(build-essential pkg-config libxen-dev libfuse3-dev fuse3 libcmocka-dev
      abigail-tools valgrind jq util-linux python3 qemu-system-xen
      qemu-system-x86 busybox-static xen-utils-4.17 xenstore-utils kmod xz-utils cpio
      clang libclang-rt-14-dev llvm
      debhelper lintian man-db)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    SUDO=
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "deps: run as root or install sudo" >&2; exit 1; }
        SUDO=sudo
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update </dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
fi
echo "deps: all present"
# The real hosts of `xenshim run --xen` (fetch.sh does nothing once cached).
bash "$(dirname "$0")/../realxen/fetch.sh"
