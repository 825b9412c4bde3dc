#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# On a host without Xen, "rmcd --driver xen 2 0" fails within 2 s, with a
# non-zero status and a message that says Xen is not available and names
# --driver shm, and leaves nothing behind. (On a Xen domain with the grant
# devices this test is skipped: the driver would start there.)

. "$(dirname "$0")/lib.sh"

if [ -e /dev/xen/gntalloc ] && [ -e /dev/xen/gntdev ]; then
	echo "this host has the Xen grant devices: nothing to check here (skipped)"
	exit 77
fi

# run_xen ARGS...: run rmcd, record its status, output and run time in ms.
run_xen() {
	local t0 t1
	t0=$(date +%s%N)
	"$RMCD" "$@" >"$LOGDIR/xen.log" 2>&1
	RC=$?
	t1=$(date +%s%N)
	MS=$(( (t1 - t0) / 1000000 ))
	OUT=$(cat "$LOGDIR/xen.log")
	echo "rmcd $*: status $RC after $MS ms: $OUT"
}

for args in "--driver xen 2 0" "--driver xen --driver-args domains=1:2 2 1" \
		"-l 0-1 --no-pci -- --driver xen 2 0"; do
	# shellcheck disable=SC2086
	run_xen $args
	[ "$RC" != 0 ] || fail "rmcd $args exited 0"
	[ "$MS" -lt 2000 ] || fail "rmcd $args took $MS ms (more than 2 s)"
	case "$OUT" in *Xen*) ;; *) fail "the message does not mention Xen" ;; esac
	case "$OUT" in *"--driver shm"*) ;; *) fail "the message does not name --driver shm" ;; esac
	case "$OUT" in *"not available"*) ;; *) fail "the message does not say Xen is not available" ;; esac
done
[ -z "$(ls -A "$RMC_RUNTIME_DIR" 2>/dev/null)" ] ||
	fail "files left in $RMC_RUNTIME_DIR: $(ls -A "$RMC_RUNTIME_DIR")"
ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n* >/dev/null 2>&1 && fail "EAL runtime folder left"
echo "xen_unavailable: OK"
