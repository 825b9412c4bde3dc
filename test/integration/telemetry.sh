#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Telemetry: a cluster started by the launcher; after bench_sync ran,
# dpdk-telemetry.py (Debian's dpdk-dev) lists the /rmc/ commands and returns
# non-zero request counters that agree with what bench_sync did; per-QP
# counters of a running application; the cluster client rmc-telemetry.py;
# and the same commands served by rmc-testpmd for the nodes it hosts.

. "$(dirname "$0")/lib.sh"
SRC=${RMC_SOURCE_DIR:?run through meson test}
TESTPMD=$BUILD/app/rmc-testpmd/rmc-testpmd
LAUNCH="$SRC/usertools/rmc-cluster.py"
TELEMETRY=$(command -v dpdk-telemetry.py) ||
	{ echo "dpdk-telemetry.py not installed (apt-get install dpdk-dev)"; exit 77; }
on_exit() {
	"$LAUNCH" stop --cluster "$CLUSTER" --timeout 5 >/dev/null 2>&1
	[ -n "${TP_PID:-}" ] && kill -KILL "$TP_PID" 2>/dev/null
	cleanup
}
trap on_exit EXIT

# tel PREFIX COMMAND: one reply of dpdk-telemetry.py, as JSON on stdout.
tel() {
	echo "$2" | "$TELEMETRY" -f "$1" 2>&1 | tail -1
}
# json JSON PYTHON-EXPRESSION: evaluate on the reply's value, as 'v'.
json() {
	python3 -c 'import json, sys; r = json.loads(sys.argv[1]); v = list(r.values())[0]; print(eval(sys.argv[2]))' "$1" "$2"
}

"$LAUNCH" start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" >"$LOGDIR/start.out" 2>&1 ||
	fail "launcher start: $(cat "$LOGDIR/start.out")"
cat "$LOGDIR/start.out"
while read -r _ _ _ pid _; do PIDS+=("$pid"); done < <(grep -E '^  node [0-9]+  pid ' "$LOGDIR/start.out")
P0=sonuma_${CLUSTER}_n0

RMC_NODE=1 "$BENCH/bench_server" >/dev/null || fail "bench_server"
RMC_NODE=0 "$BENCH/bench_sync" 1 r >"$LOGDIR/sync.out" 2>&1 || fail "bench_sync: $(cat "$LOGDIR/sync.out")"
ops=$(sed -n 's/.* \([0-9]*\) operations checked.*/\1/p' "$LOGDIR/sync.out")
[ "${ops:-0}" -gt 0 ] || fail "bench_sync did not say how many operations it checked"

# The command list contains every /rmc/ command.
list=$(tel "$P0" /)
echo "$list"
for c in /rmc/nodes /rmc/node/info /rmc/node/stats /rmc/qp/list /rmc/qp/stats; do
	json "$list" "'$c' in v" | grep -q True || fail "dpdk-telemetry.py does not list $c"
done
tel "$P0" /help,/rmc/node/stats | grep -q 'Parameter: node id' || fail "/help,/rmc/node/stats"
[ "$(json "$(tel "$P0" /rmc/nodes)" 'v')" = "[0]" ] || fail "/rmc/nodes of node 0's rmcd"

st=$(tel "$P0" /rmc/node/stats,0)
echo "$st"
[ "$(json "$st" 'v["requests_read"]')" = "$ops" ] || fail "requests_read != $ops reads of bench_sync"
[ "$(json "$st" 'v["bytes_read"]')" = "$((ops * 64))" ] || fail "bytes_read != 64 x $ops"
[ "$(json "$st" 'v["completions_ok"] == v["requests_total"] > 0')" = True ] || fail "completions_ok"
[ "$(json "$st" 'v["errors"]')" = 0 ] || fail "errors"
# The histogram is sampled (one burst in 16 per QP, the first always): rmc_stats.h.
[ "$(json "$st" '0 < sum(v["latency_hist"]) <= v["requests_total"]')" = True ] ||
	fail "histogram total"
[ "$(json "$st" 'len(v["latency_hist"]) == len(v["latency_hist_lower_ns"]) == 24')" = True ] ||
	fail "histogram shape"
[ "$(tel "$P0" /rmc/node/stats)" = "$(tel "$P0" /rmc/node/stats,0 | sed 's|,0"|"|')" ] ||
	fail "/rmc/node/stats without a node id differs"
[ "$(json "$(tel "$P0" /rmc/node/stats,5)" 'v')" = None ] || fail "/rmc/node/stats,5 on node 0"
info=$(tel "$P0" /rmc/node/info,0)
[ "$(json "$info" 'v["cluster"], v["node_count"], v["peers_up"], v["ctx_ids"]')" = "('$CLUSTER', 2, 1, [0])" ] ||
	fail "/rmc/node/info: $info"

# Per-QP counters while an application runs (stopped once they are read).
RMC_NODE=0 "$BENCH/bench_sync" 1 r --duration 60 >/dev/null 2>&1 &
app=$!
PIDS+=("$app")
qps="[]"
for i in $(seq 1 100); do
	qps=$(json "$(tel "$P0" /rmc/qp/list,0)" 'v')
	[ "$qps" != "[]" ] && break
	sleep 0.05
done
[ "$qps" != "[]" ] || fail "no QP listed while bench_sync runs"
qp=$(json "$(tel "$P0" /rmc/qp/list,0)" 'v[0]')
qst=$(tel "$P0" "/rmc/qp/stats,0,$qp")
echo "$qst"
[ "$(json "$qst" 'v["owner_pid"]')" = "$app" ] || fail "QP owner is not bench_sync ($app)"
[ "$(json "$qst" 'v["depth"] > 0 and v["qps"] == 1')" = True ] || fail "QP depth"
[ "$(json "$qst" 'v["requests_read"] > 0')" = True ] || fail "no reads counted on the QP"
[ "$(json "$(tel "$P0" /rmc/qp/stats,0,999)" 'v')" = None ] || fail "/rmc/qp/stats of no QP"
kill -0 $app || fail "bench_sync --duration 60 ended early"
kill -TERM $app
wait $app
# Its QP is gone, its counters stay in the node's totals.
for i in $(seq 1 100); do
	[ "$(json "$(tel "$P0" /rmc/qp/list,0)" 'v')" = "[]" ] && break
	sleep 0.05
done
[ "$(json "$(tel "$P0" /rmc/qp/list,0)" 'v')" = "[]" ] || fail "the QP of the killed bench_sync is still listed"
[ "$(json "$(tel "$P0" /rmc/node/stats,0)" "v['requests_read'] >= $ops + $(json "$qst" 'v["requests_read"]')")" = True ] ||
	fail "the reads of the killed application left the node's totals"
# The RMC-time histogram is a sample: its size, and percentiles as a bucket's range.
[ "$(json "$(tel "$P0" /rmc/node/stats,0)" '(v["latency_hist_samples"] > 0 and
	v["latency_hist_samples"] == sum(v["latency_hist"]) and
	len(v["latency_p50_range_ns"]) == 2 and
	v["latency_p50_range_ns"][0] < v["latency_p50_range_ns"][1] and
	"sampled" in v["latency_hist_sampling"])')" = True ] ||
	fail "histogram sample size or percentile range: $(tel "$P0" /rmc/node/stats,0)"

# The cluster client: every node answers, node 0 has the reads.
"$SRC/usertools/rmc-telemetry.py" --cluster "$CLUSTER" --qp >"$LOGDIR/client.out" 2>&1 ||
	fail "rmc-telemetry.py: $(cat "$LOGDIR/client.out")"
cat "$LOGDIR/client.out"
grep -q "^cluster '$CLUSTER': 2 node(s) answered" "$LOGDIR/client.out" || fail "client header"
"$SRC/usertools/rmc-telemetry.py" --cluster "$CLUSTER" --json >"$LOGDIR/client.json" || fail "client --json"
python3 - "$LOGDIR/client.json" <<'PY' || fail "client JSON"
import json, sys
d = json.load(open(sys.argv[1]))
n0 = d["nodes"]["0"]["stats"]
assert n0["requests_read"] > 0 and n0["requests_total"] == n0["completions_ok"], n0
assert set(d["nodes"]) == {"0", "1"}, d["nodes"].keys()
PY
"$SRC/usertools/rmc-telemetry.py" --cluster nosuch_cluster >/dev/null 2>&1 && fail "client on no cluster"

"$LAUNCH" stop --cluster "$CLUSTER" >/dev/null || fail "launcher stop"
PIDS=()

# rmc-testpmd serves the same commands for the nodes it hosts.
mkfifo "$LOGDIR/cmds"
TPC=${CLUSTER}_tp
"$TESTPMD" -l 0-1 --no-pci -- --nodes 2 --cluster "$TPC" <"$LOGDIR/cmds" >"$LOGDIR/tp.out" 2>&1 &
TP_PID=$!
exec 3>"$LOGDIR/cmds"
printf 'ctx create 1 0 64K\nwrite 1 0 0 aa bb\n' >&3
PT=sonuma_${TPC}_tp
for i in $(seq 1 100); do
	grep -q 'wrote 2 bytes' "$LOGDIR/tp.out" && break
	sleep 0.05
done
grep -q 'wrote 2 bytes' "$LOGDIR/tp.out" || fail "rmc-testpmd: $(cat "$LOGDIR/tp.out")"
[ "$(json "$(tel "$PT" /rmc/nodes)" 'v')" = "[0, 1]" ] || fail "/rmc/nodes of rmc-testpmd"
tst=$(tel "$PT" /rmc/node/stats,0)
[ "$(json "$tst" 'v["requests_write"], v["bytes_write"]')" = "(1, 2)" ] || fail "rmc-testpmd node 0: $tst"
[ "$(json "$(tel "$PT" /rmc/node/info,1)" 'v["ctx_ids"], v["ctx_sizes"]')" = "([0], [65536])" ] ||
	fail "rmc-testpmd node 1 info"
echo quit >&3
exec 3>&-
wait $TP_PID || fail "rmc-testpmd exit status"
TP_PID=
echo "telemetry: OK"
