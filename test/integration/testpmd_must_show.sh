#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Two command lines of the README and doc/testpmd.md, exactly as written there:
#   printf '...' | rmc-testpmd -l 0-1 --no-pci -- --nodes 2
# exits 0 and shows "de ad be ef" read back; with "read 9 0 0 8" added it
# prints a clear error, still runs the rest, and exits non-zero.

. "$(dirname "$0")/lib.sh"
TESTPMD=$BUILD/app/rmc-testpmd/rmc-testpmd

out=$LOGDIR/ok.out
printf 'ctx create 1 0 1M rw\nset node 0\nwrite 1 0 256 de ad be ef\nread 1 0 256 4\nfaa 1 0 0 5\nshow stats\nquit\n' |
	"$TESTPMD" -l 0-1 --no-pci -- --nodes 2 >"$out" 2>"$LOGDIR/ok.err"
rc=$?
cat "$out"
[ $rc = 0 ] || fail "rmc-testpmd exited $rc: $(cat "$LOGDIR/ok.err")"
grep -q '^00000100: de ad be ef ' "$out" || fail "de ad be ef not read back at offset 0x100"
grep -q 'old value 0, new value 5' "$out" || fail "faa did not return the old value 0"
grep -q 'RMC statistics for node 0' "$out" || fail "no statistics of node 0"
# Node 0 issued one read, one write and one fetch-and-add, all successful.
grep -Eq 'Requests: +read 1 +write 1 +cas 0 +faa 1 ' "$out" || fail "wrong request counters"
grep -Eq 'Bytes: +read 4 +write 4 +cas 0 +faa 8' "$out" || fail "wrong byte counters"
grep -q 'Completions: ok 3  (errors 0)' "$out" || fail "wrong completion counters"
grep -q '^error' "$out" && fail "an error was printed"

out=$LOGDIR/bad.out
printf 'ctx create 1 0 1M rw\nset node 0\nwrite 1 0 256 de ad be ef\nread 9 0 0 8\nread 1 0 256 4\nfaa 1 0 0 5\nshow stats\nquit\n' |
	"$TESTPMD" -l 0-1 --no-pci -- --nodes 2 >"$out" 2>"$LOGDIR/bad.err"
rc=$?
cat "$out"
[ $rc != 0 ] || fail "rmc-testpmd exited 0 although 'read 9 0 0 8' failed"
grep -q "^error: node 9 does not exist: cluster '.*' has 2 nodes (0..1)$" "$out" ||
	fail "no clear error for node 9"
# The commands after the failing one still ran.
grep -q '^00000100: de ad be ef ' "$out" || fail "the read after the error did not run"
grep -q 'old value 0, new value 5' "$out" || fail "the faa after the error did not run"
grep -q 'RMC statistics for node 1' "$out" || fail "show stats did not run"
grep -q '^rmc-testpmd: 1 command failed$' "$out" || fail "no failure summary"

[ -z "$(ls -A "$RMC_RUNTIME_DIR" 2>/dev/null)" ] || fail "files left in $RMC_RUNTIME_DIR: $(ls -A "$RMC_RUNTIME_DIR")"
for d in /var/run/dpdk/sonuma_testpmd*_tp; do
	[ -e "$d" ] || continue
	pid=${d#/var/run/dpdk/sonuma_testpmd}
	pid=${pid%_tp}
	kill -0 "$pid" 2>/dev/null || fail "EAL folder left behind: $d"
done
echo "rmc-testpmd must-show: OK"
