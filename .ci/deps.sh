#!/usr/bin/env bash
# Install what xenshim needs on Debian 12.  Safe to run again: only missing
# packages are installed.
set -euo pipefail
pkgs=(build-essential pkg-config libxen-dev libfuse3-dev fuse3 libcmocka-dev
      abigail-tools valgrind jq qemu-system-xen util-linux binutils python3)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "deps: all present"
