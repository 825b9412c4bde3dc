#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-run: -n 2 and -n 4 on shm and ring (a program per node, RMC_NODE set,
# output prefixed, placement printed, the cluster stopped and nothing left);
# --latency given to every node; the exit status rules (first non-zero in node
# order, 128 + N for signal N);
# a running cluster is used and left running; Ctrl-C (SIGINT) and SIGTERM stop
# the copies and the cluster it started; bad command lines and hostfiles. RMC_RUN_TEST_PROG chooses the program
# (default: rmc_run_prog.sh, random checked remote operations).

CLUSTER=run_rr_$$
. "$(dirname "$0")/lib.sh"
SRC=${RMC_SOURCE_DIR:?run through meson test}
RUN=$SRC/usertools/rmc-run
PROG=${RMC_RUN_TEST_PROG:-$SRC/test/integration/rmc_run_prog.sh}
R() { "$RUN" --cluster "$CLUSTER" --rmcd "$RMCD" "$@"; }
on_exit() {
	"$SRC/usertools/rmc-cluster.py" stop --cluster "$CLUSTER" --timeout 5 >/dev/null 2>&1
	cleanup
}
trap on_exit EXIT

# nothing_left: no node of the cluster runs and no file of it is left.
nothing_left() {
	[ -z "$(ls -A "$RMC_RUNTIME_DIR/$CLUSTER" 2>/dev/null)" ] ||
		fail "$1: files left: $(ls -A "$RMC_RUNTIME_DIR/$CLUSTER")"
	[ ! -e "$RMC_RUNTIME_DIR/launcher/$CLUSTER/state.json" ] || fail "$1: cluster still known"
	ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n* >/dev/null 2>&1 && fail "$1: EAL folders left"
	return 0
}

for driver in shm ring; do
	for n in 2 4; do
		out=$LOGDIR/run_${driver}_$n
		R -n $n --driver $driver --rmcd-args "--ctx-size 1M" -- "$PROG" >"$out.out" \
			2>"$out.err" || fail "rmc-run -n $n --driver $driver: $(cat "$out.out" "$out.err")"
		cat "$out.out"
		grep -q "^rmc-run: placement: " "$out.out" || fail "no placement line"
		[ "$(grep -c '^rmc-run: placement: ' "$out.out")" = 1 ] || fail "placement: one line"
		for i in $(seq 0 $((n - 1))); do
			grep -q "^\[$i\] " "$out.out" || fail "-n $n $driver: no output of node $i"
		done
		if [ -z "${RMC_RUN_TEST_PROG:-}" ]; then
			for i in $(seq 0 $((n - 1))); do
				grep -q "^\[$i\] node $i of cluster $CLUSTER," "$out.out" ||
					fail "node $i did not run with RMC_NODE=$i"
				grep -q "^\[$i\] rmc_crosscheck: .* on $n nodes, 0 mismatches" \
					"$out.out" || fail "node $i: checked operations"
			done
		fi
		grep -v '^\[[0-9]*\] ' "$out.out" | grep -qv '^rmc-run: ' &&
			fail "an unprefixed line: $(cat "$out.out")"
		nothing_left "-n $n $driver"
	done
done

# --latency reaches every node: each reads its own pages (loopback), no sooner
# than the model's 20 us (a lower bound only).
R -n 2 --latency 20000 -- sh -c "$BENCH/bench_server >/dev/null && $BENCH/bench_sync \$RMC_NODE r" \
	>"$LOGDIR/lat.out" 2>&1 || fail "--latency: $(cat "$LOGDIR/lat.out")"
for i in 0 1; do
	p50=$(sed -n "s/^\[$i\] p50_ns=\([0-9]*\)$/\1/p" "$LOGDIR/lat.out")
	[ -n "$p50" ] && [ "$p50" -ge 20000 ] || fail "node $i: p50 '$p50' ns under --latency 20000"
done

# Exit statuses: the first non-zero one in node order; 128 + N for signal N.
S='case $RMC_NODE in 1) exit 5;; 2) exit 3;; esac'
R -n 3 --rmcd-args "--ctx-size 1M" -- sh -c "$S" >"$LOGDIR/st.out" 2>&1
st=$?
[ $st = 5 ] || fail "exit status $st, expected 5 (node 1's): $(cat "$LOGDIR/st.out")"
grep -q "exit statuses: \[0\] 0 \[1\] 5 \[2\] 3" "$LOGDIR/st.out" || fail "statuses line"
R -n 2 --rmcd-args "--ctx-size 1M" -- sh -c '[ $RMC_NODE = 1 ] && exit 3; exit 0' \
	>/dev/null 2>&1
st=$?
[ $st = 3 ] || fail "a node exiting 3 gave $st"
R -n 2 --rmcd-args "--ctx-size 1M" -- sh -c '[ $RMC_NODE = 1 ] && kill -KILL $$; exit 0' \
	>/dev/null 2>&1
st=$?
[ $st = 137 ] || fail "a node killed by SIGKILL gave $st, expected 137"
R -n 2 --rmcd-args "--ctx-size 1M" -- true || fail "all zero must give 0"
nothing_left "exit statuses"

# A running cluster is used, and left running.
"$SRC/usertools/rmc-cluster.py" start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" \
	--log-dir "$LOGDIR" -- --ctx-size 1M >/dev/null || fail "launcher start"
R -n 2 -- "$PROG" >"$LOGDIR/use.out" 2>&1 || fail "on a running cluster: $(cat "$LOGDIR/use.out")"
grep -q "using the running cluster '$CLUSTER' (2 nodes)" "$LOGDIR/use.out" || fail "use message"
"$SRC/usertools/rmc-cluster.py" status --cluster "$CLUSTER" >/dev/null ||
	fail "the running cluster was not left running"
R -n 3 -- true >"$LOGDIR/wrongn.out" 2>&1 && fail "-n 3 on a running 2-node cluster"
grep -q "runs with 2 nodes, not 3" "$LOGDIR/wrongn.out" || fail "node count message"
"$SRC/usertools/rmc-cluster.py" stop --cluster "$CLUSTER" >/dev/null || fail "launcher stop"

# Ctrl-C (SIGINT) and SIGTERM: the copies end, the cluster rmc-run started
# stops, status 128 + the signal.
for sig in INT TERM; do
	PIDDIR=$LOGDIR/pids_$sig
	mkdir "$PIDDIR"
	# Not through R: $! must be rmc-run itself.
	"$RUN" --cluster "$CLUSTER" --rmcd "$RMCD" -n 2 --rmcd-args "--ctx-size 1M" -- \
		sh -c "echo \$\$ > $PIDDIR/\$RMC_NODE; exec sleep 600" >"$LOGDIR/$sig.out" 2>&1 &
	run=$!
	for i in $(seq 1 600); do
		[ -s "$PIDDIR/0" ] && [ -s "$PIDDIR/1" ] && break
		sleep 0.05
	done
	[ -s "$PIDDIR/1" ] || fail "the copies did not start: $(cat "$LOGDIR/$sig.out")"
	kill -$sig $run
	wait $run
	st=$?
	cat "$LOGDIR/$sig.out"
	want=$((128 + $(kill -l $sig)))
	[ $st = $want ] || fail "after SIG$sig: status $st, expected $want"
	grep -q "^rmc-run: SIG$sig: stopping" "$LOGDIR/$sig.out" || fail "SIG$sig message"
	for i in 0 1; do
		kill -0 "$(cat "$PIDDIR/$i")" 2>/dev/null && fail "copy $i still runs after SIG$sig"
	done
	nothing_left "SIG$sig"
done

# Bad command lines and hostfiles: status 2, with the reason.
"$RUN" -n 2 true >"$LOGDIR/bad1.out" 2>&1; [ $? = 2 ] || fail "no -- accepted"
"$RUN" -n 0 -- true >/dev/null 2>&1; [ $? = 2 ] || fail "-n 0 accepted"
printf 'h1 slots=x\n' >"$LOGDIR/hosts.bad"
R -n 1 --hostfile "$LOGDIR/hosts.bad" -- true >"$LOGDIR/bad2.out" 2>&1; [ $? = 2 ] ||
	fail "bad hostfile accepted"
grep -q "hosts.bad:1: 'slots=x': expected slots=K or dev=ARGS" "$LOGDIR/bad2.out" ||
	fail "bad hostfile message: $(cat "$LOGDIR/bad2.out")"
printf '# two slots\nh1 slots=2\n' >"$LOGDIR/hosts.few"
R -n 3 --hostfile "$LOGDIR/hosts.few" -- true >"$LOGDIR/bad3.out" 2>&1; [ $? = 2 ] ||
	fail "too few slots accepted"
grep -q "2 slot(s) for 3 nodes" "$LOGDIR/bad3.out" || fail "slots message: $(cat "$LOGDIR/bad3.out")"
echo "rmc-run on shm and ring, --latency, exit statuses, running cluster, SIGINT, SIGTERM, bad command lines: OK"
