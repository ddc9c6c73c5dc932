#!/usr/bin/env bash
# Debian 12's toolstack (built for 4.17) in dom0 of a real Xen, as
# `xenshim run --xen V` gives it: each tool with the shim the run preloaded,
# then without it (toolstack.sh's lines, labelled "with" and "without").
d=$(dirname "$0")
"$d/toolstack.sh" with
env -u LD_PRELOAD "$d/toolstack.sh" without
