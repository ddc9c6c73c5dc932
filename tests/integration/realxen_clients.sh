#!/usr/bin/env bash
# The clients of the real-Xen differential (suite_80), one after the other
# on one guest, each line prefixed with the client's name.  Run as CMD under
# both `xenshim run --xen V` and `--sim V`, so any difference is the
# simulator's (or the shim's on one of them).
#   realxen_clients.sh BUILD
b=$1/tests/integration
{ "$b/raw_client" 2>&1; echo "exit=$?"; } | sed 's/^/raw_client: /'
{ "$b/legacy_client" 2>&1; echo "exit=$?"; } | sed 's/^/legacy_client: /'
{ "$b/dm_client" 2>&1; echo "exit=$?"; } | sed 's/^/dm_client: /'
{ "$b/evtchn_client" 2>&1; echo "exit=$?"; } | sed 's/^/evtchn_client: /'
exit 0
