#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Every rmc-testpmd command, its errors, --cmdfile, the three placements of
# the RMCs (shared service lcore, given service lcore, one worker lcore per
# node), the interactive prompt on a pseudo-terminal, and bad command lines. Statistics are checked against the exact
# numbers of requests issued.

. "$(dirname "$0")/lib.sh"
TESTPMD=$BUILD/app/rmc-testpmd/rmc-testpmd

# run NAME EXPECTED_RC ARGS...: commands on stdin, output in $LOGDIR/NAME.out
run() {
	local name=$1 want=$2 rc
	shift 2
	"$TESTPMD" "$@" >"$LOGDIR/$name.out" 2>"$LOGDIR/$name.err"
	rc=$?
	cat "$LOGDIR/$name.out"
	if [ "$want" = 0 ] && [ $rc != 0 ]; then
		fail "$name: exit $rc: $(tail -5 "$LOGDIR/$name.err")"
	elif [ "$want" != 0 ] && [ $rc = 0 ]; then
		fail "$name: exit 0, expected a failure"
	fi
	return 0
}
has() { grep -Eq -- "$2" "$LOGDIR/$1.out" || fail "$1: no line matching: $2"; }

# 1. Three nodes on one shared service lcore (fewer workers than nodes).
run all 0 -l 0-1 --no-pci -- --nodes 3 --ctx0 1M <<'CMDS'
help
show config
set node 2
write 0 0 8 11 22 33 44 55 66 77 88
read 0 0 8 8
write 1 0 0x20 deadbeefcafe
read 1 0 0x20 6
cas 1 0 0 0 42
cas 1 0 0 0 43
faa 1 0 0 8
read 1 0 0 8
ctx create 1 5 64K ro
ctx create 0 6 4096
read 1 5 0 16
bench read 0 64 2000
bench write 1 4K 500 8
show stats 2
clear stats 2
show stats 2
clear stats
set node 0
read 2 0 0 1
show stats
quit
CMDS
has all '^  set node <nid>: '
has all '^  bench read\|write <nid> <size> <count> <depth>: '
has all '^  set latency <nid> off: '
has all '^  quit: '
has all '^RMCs: +rte_service on service lcore 1 \(fewer worker lcores than nodes\)'
has all '^cluster: +testpmd[0-9]+ \(3 nodes'
has all '^00000008: 11 22 33 44 55 66 77 88 '
has all '^00000020: de ad be ef ca fe '
has all 'old value 0 \(0x0\), swapped'
has all 'old value 42 \(0x2a\), not swapped'
has all 'old value 42, new value 50'
has all '^00000000: 32 00 00 00 00 00 00 00 '
has all 'node 1: context 5 created, 65536 bytes, read-only'
has all 'node 0: context 6 created, 4096 bytes, read-write'
has all '^00000000: 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00 '
has all '^bench read: node 2 -> node 0 context 0, 2000 x 64 B, depth 1: 2000 ok, 0 failed'
has all '^bench write: node 2 -> node 1 context 0, 500 x 4096 B, depth 8: 500 ok, 0 failed'
has all 'latency ns: min [0-9]+  p50 [0-9]+  p99 [0-9]+'
# Node 2 issued 2 + 2 + 1 + 1 + 2000 reads... counted per operation:
# reads: 4 commands + 2000 bench = 2004; writes 2 + 500; cas 2; faa 1.
has all 'Requests: +read 2004 +write 502 +cas 2 +faa 1 +invalid 0'
has all 'Bytes: +read 128038 +write 2048014 +cas 16 +faa 8$'
has all 'Completions: ok 2509  \(errors 0\)'
has all 'node 2: statistics cleared'
has all 'node 0: statistics cleared'
# The second "show stats 2", after "clear stats 2", starts from zero.
awk '/RMC statistics for node 2/ {n++} n == 2 && /Requests:/ {print; exit}' "$LOGDIR/all.out" |
	grep -Eq 'read 0 +write 0 +cas 0 +faa 0 +invalid 0' || fail "clear stats 2 did not reset"
grep -q '^error' "$LOGDIR/all.out" && fail "all: an error was printed"

# 2. Errors are messages; every failing command counted, the rest still run.
run errors 1 -l 0-1 --no-pci -- --nodes 2 <<'CMDS'
read 1 0 0 8
ctx create 1 0 1M
ctx create 1 0 1M
ctx create 1 0 1X
ctx create 7 0 1M
ctx create 1 64 1M
set node 5
read 1 0 2M 8
read 1 0 0 0
read 1 0 0 100000
read 1 0 1048570 8
write 1 0 0 zz
write 1 0 0 abc
write 1 0 0
cas 1 0 3 0 1
frobnicate
reed 1 0 0 8
read 1 0 0 100K
bench read 1 64 0
bench read 1 2M 1
bench write 1 64 10 2000
set latency 4 100 10
show stats 9
clear stats 9
read 1 0 0 8
CMDS
has errors '^error: read at node 1 context 0 offset 0x0 \(issued by node 0\): no such context on the destination node$'
has errors '^node 1: context 0 created, 1048576 bytes, read-write$'
has errors '^error: node 1 already has a context 0$'
has errors "^error: '1X' is not a size"
has errors "^error: node 7 does not exist: cluster '.*' has 2 nodes \(0..1\)$"
has errors '^error: context id 64 is out of range \(0..63\)$'
has errors '^error: node 5 does not exist'
has errors "^error: bad arguments in 'read 1 0 2M 8': '2M' is not a number for <offset>"
has errors '^  syntax: read <nid> <ctx_id> <offset> <len>$'
has errors '^error: read length must be 1..65536 bytes$'
has errors 'offset 0xffffa \(issued by node 0\): offset \+ length is beyond the end of the context$'
has errors "^error: write: 'zz' is not hexadecimal bytes"
has errors '^error: write: odd number of hex digits'
has errors "^error: bad arguments in 'write 1 0 0': 3 arguments given, the syntax has 5$"
has errors 'atomic on a word that is not 8-byte aligned$'
has errors "^error: unknown command 'frobnicate': 'help' lists the commands$"
has errors "^error: unknown command 'reed 1 0 0 8': did you mean 'read'\?$"
has errors "^error: bad arguments in 'read 1 0 0 100K': '100K' is not a number for <len>"
has errors '^error: bench count must be 1..1000000$'
has errors '^error: bench: 1 of 1 requests failed, the first with: offset \+ length is beyond the end of the context$'
has errors '^error: bench depth must be 1..1024$'
has errors '^error: node 4 does not exist'
has errors '^error: node 9 does not exist'
has errors '^00000000: 00 00 00 00 00 00 00 00 '
has errors '^rmc-testpmd: 23 commands failed$'

# 3. --cmdfile, a given service lcore, one worker lcore per node.
printf 'ctx create 1 0 64K\nwrite 1 0 0 01\nread 1 0 0 1\nshow config\n' >"$LOGDIR/cmds.txt"
run svc 0 -l 0-1 -s 0x2 --no-pci -- --nodes 2 --cmdfile "$LOGDIR/cmds.txt" </dev/null
has svc '^RMCs: +rte_service on service lcore 1$'
has svc '^00000000: 01 '
run workers 0 --lcores=0@0,1@1,2@1 --no-pci -- --nodes 2 --idle yield --cmdfile "$LOGDIR/cmds.txt"
has workers '^RMCs: +worker lcores: node 0 on 1 node 1 on 2$'
has workers '^00000000: 01 '
# quit stops reading: what follows is not run.
printf 'quit\nread 5 0 0 1\n' | run quit 0 -l 0-1 --no-pci -- --nodes 2
grep -q 'read 5' "$LOGDIR/quit.out" && fail "a command after quit ran"

# 3b. eth in one process: each node on its own net_memif port (--driver-args,
# "%u" the node id), the two linked; set latency waits until node 0 knows the
# model from node 1's hellos, so the bench runs under it: no sample below it.
fabric_conf "$LOGDIR/eth.conf" 2
printf 'set latency 1 20000 0\nset node 0\nbench read 1 64 200\n' >"$LOGDIR/eth_cmds.txt"
run eth 0 -l 0-1 -s 0x2 --no-pci "$(memif_vdev 0 server "$LOGDIR/eth.sock" 0)" \
	"$(memif_vdev 1 client "$LOGDIR/eth.sock" 1)" -- --nodes 2 --ctx0 1M --driver eth \
	--driver-args 'ports=net_memif%u' --fabric-conf "$LOGDIR/eth.conf" \
	--cmdfile "$LOGDIR/eth_cmds.txt" </dev/null
eth_min=$(sed -n 's/.*latency ns: min \([0-9]*\) .*/\1/p' "$LOGDIR/eth.out")
[ -n "$eth_min" ] && [ "$eth_min" -ge 20000 ] || fail "eth: min latency '$eth_min' below 20000 ns"

# 4. At a terminal: prompt, TAB completion, history, errors, quit.
python3 "$(dirname "$0")/testpmd_prompt.py" "$TESTPMD" >"$LOGDIR/prompt.out" 2>&1 ||
	fail "interactive prompt: $(tail -30 "$LOGDIR/prompt.out")"
tail -1 "$LOGDIR/prompt.out"

# 5. Bad command lines: exit 2 with one line saying what is wrong.
for args in "-- --nodes 0" "-- --nodes 65" "-- --bogus" "-- --cluster bad/name" \
		"-- --ctx0 zero" "-- --driver nosuch" "-- --idle fast" "-- --nodes"; do
	# shellcheck disable=SC2086
	"$TESTPMD" -l 0-1 --no-pci $args </dev/null >"$LOGDIR/args.out" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "rmc-testpmd $args: exit $rc, expected 2"
	grep -q 'see rmc-testpmd --help' "$LOGDIR/args.out" || fail "rmc-testpmd $args: $(cat "$LOGDIR/args.out")"
done
"$TESTPMD" --help | grep -q -- '--attach \[CLUSTER\]' || fail "--help"
"$TESTPMD" -- --nodes 2 --cmdfile /nonexistent/file >"$LOGDIR/nofile.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "missing cmdfile: exit $rc, expected 2"
grep -q 'cannot open /nonexistent/file' "$LOGDIR/nofile.out" || fail "missing cmdfile message"
# Before any cluster starts: no node line.
grep -q 'cluster' "$LOGDIR/nofile.out" && fail "missing cmdfile: a cluster started first"
"$TESTPMD" -- --bogus >"$LOGDIR/bogus.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "-- --bogus: exit $rc, expected 2"
grep -q "unknown option '--bogus'" "$LOGDIR/bogus.out" || fail "--bogus: $(cat "$LOGDIR/bogus.out")"
RMC_ATTACH_TIMEOUT=1 "$TESTPMD" --attach nosuchcluster </dev/null >"$LOGDIR/noattach.out" 2>&1 && fail "attach to nothing succeeded"
grep -q "no node of cluster 'nosuchcluster' runs on this host" "$LOGDIR/noattach.out" || fail "attach message: $(cat "$LOGDIR/noattach.out")"

[ -z "$(ls -A "$RMC_RUNTIME_DIR" 2>/dev/null)" ] || fail "files left in $RMC_RUNTIME_DIR"
echo "rmc-testpmd commands: OK"
