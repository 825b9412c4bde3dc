#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-cluster.py for failure experiments: kill NODE, restart NODE, status
# --json; a node restarted by hand shows as running and stops with the
# cluster; an eth cluster with per-node device arguments (--dev).

CLUSTER=run_ln_$$
. "$(dirname "$0")/lib.sh"
SRC=${RMC_SOURCE_DIR:?run through meson test}
CROSS=$BUILD/test/rmc_crosscheck
L() { "$SRC/usertools/rmc-cluster.py" "$@"; }
on_exit() {
	L stop --cluster "$CLUSTER" --timeout 5 >/dev/null 2>&1
	cleanup
}
trap on_exit EXIT
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# js EXPR: a value of the last status --json, in Python syntax (s: the object).
js() { python3 -c "import json,sys; s=json.load(open('$LOGDIR/st.json')); print($1)"; }
status_json() { L status --cluster "$CLUSTER" --json >"$LOGDIR/st.json"; }

L start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" -- --ctx-size 1M \
	>"$LOGDIR/start.out" 2>&1 || fail "start: $(cat "$LOGDIR/start.out")"
status_json || fail "status --json of a ready cluster: $(cat "$LOGDIR/st.json")"
[ "$(js 's["cluster"], len(s["nodes"]), all(n["ready"] for n in s["nodes"])')" = \
	"$CLUSTER 2 True" ] || fail "status --json: $(cat "$LOGDIR/st.json")"
P1=$(js 's["nodes"][1]["pid"]')
PIDS+=("$(js 's["nodes"][0]["pid"]')" "$P1")

# kill: the node dies, status says so (and exits 1).
L kill 1 --cluster "$CLUSTER" >"$LOGDIR/kill.out" || fail "kill: $(cat "$LOGDIR/kill.out")"
grep -q "node 1 (pid $P1) of cluster '$CLUSTER': SIGKILL sent" "$LOGDIR/kill.out" || fail "kill message"
for i in $(seq 1 100); do alive "$P1" || break; sleep 0.05; done
alive "$P1" && fail "node 1 survived kill"
status_json && fail "status 0 with a dead node"
[ "$(js 's["nodes"][1]["running"], s["nodes"][0]["running"]')" = "False True" ] ||
	fail "status --json after kill: $(cat "$LOGDIR/st.json")"

# restart: the same command line again, ready, served.
L restart 1 --cluster "$CLUSTER" >"$LOGDIR/restart.out" 2>&1 || fail "restart: $(cat "$LOGDIR/restart.out")"
cat "$LOGDIR/restart.out"
grep -q "node 1 of cluster '$CLUSTER' restarted: pid [0-9]*, ready" "$LOGDIR/restart.out" ||
	fail "restart message"
status_json || fail "status after restart: $(cat "$LOGDIR/st.json")"
P1=$(js 's["nodes"][1]["pid"]')
PIDS+=("$P1")
RMC_NODE=0 "$CROSS" --ops 500 --span 4K >/dev/null || fail "node 1 not served after restart"
# restart of a running node: stopped (SIGTERM), started again.
L restart 0 --cluster "$CLUSTER" >/dev/null 2>&1 || fail "restart of a running node"
status_json || fail "status after restarting a running node"
PIDS+=("$(js 's["nodes"][0]["pid"]')")

# Restarted by hand: shows as running (by hand), and stop stops it too.
L kill 1 --cluster "$CLUSTER" >/dev/null || fail "second kill"
for i in $(seq 1 100); do alive "$P1" || break; sleep 0.05; done
start_node 2 1 --ctx-size 1M
wait_ready 1
for i in $(seq 1 100); do status_json && break; sleep 0.1; done
[ "$(js 's["nodes"][1]["running"], s["nodes"][1]["by_hand"], s["nodes"][1]["pid"]')" = \
	"True True $NODE_PID_1" ] || fail "node restarted by hand: $(cat "$LOGDIR/st.json")"
L status --cluster "$CLUSTER" | grep -q "node 1  pid $NODE_PID_1 *running, ready (restarted by hand)" ||
	fail "status text of a node restarted by hand"
L kill 7 --cluster "$CLUSTER" >"$LOGDIR/k7.out" 2>&1; [ $? = 2 ] || fail "kill 7 accepted"
grep -q "has no node 7" "$LOGDIR/k7.out" || fail "kill 7 message"
L stop --cluster "$CLUSTER" >"$LOGDIR/stop.out" 2>&1 || fail "stop: $(cat "$LOGDIR/stop.out")"
alive "$NODE_PID_1" && fail "stop left the node restarted by hand running"
PIDS=()
[ -z "$(ls -A "$RMC_RUNTIME_DIR/$CLUSTER" 2>/dev/null)" ] || fail "files left after stop"

# eth with per-node device arguments; the launcher writes the fabric configuration.
SOCK=$LOGDIR/ln.sock
L start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" --driver eth \
	--dev "0=$(memif_vdev 0 server "$SOCK" 0)" --dev "1=$(memif_vdev 0 client "$SOCK" 1)" \
	-- --ctx-size 1M >"$LOGDIR/eth.out" 2>&1 || fail "eth start: $(cat "$LOGDIR/eth.out")"
status_json || fail "eth status"
[ "$(js 's["driver"]')" = eth ] || fail "driver in status --json"
for i in 0 1; do
	grep -q -- "--vdev=net_memif0" "/proc/$(js "s['nodes'][$i]['pid']")/cmdline" ||
		fail "node $i did not get its --dev"
done
RMC_NODE=1 "$CROSS" --ops 500 --span 4K >/dev/null || fail "eth crosscheck"
L stop --cluster "$CLUSTER" >/dev/null || fail "eth stop"
L start --nodes 2 --cluster "$CLUSTER" --dev "2=--vdev=x" >"$LOGDIR/baddev.out" 2>&1
[ $? = 2 ] || fail "--dev of a node outside the cluster accepted"
echo "launcher kill, restart, status --json, by hand, eth --dev: OK"
