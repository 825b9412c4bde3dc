#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""rmc-telemetry.py: per-node counters of a sonuma cluster, by cluster name.

Reads the /rmc/ telemetry commands of every process that hosts nodes of the
cluster (each rmcd, or one rmc-testpmd) over DPDK's telemetry socket
(SOCK_SEQPACKET, JSON), the same socket dpdk-telemetry.py uses:

  rmc-telemetry.py [--cluster NAME] [--node N] [--qp] [--json] [--watch SECONDS]

The processes are found by their EAL file prefix: sonuma_<cluster>_n<id> for
rmcd, sonuma_<cluster>_tp for rmc-testpmd (or give --prefix). Exit status 0
when every node of the cluster answered, 1 otherwise.
"""

import argparse
import glob
import json
import os
import socket
import sys
import time

SOCKET_NAME = "dpdk_telemetry.v2"
OPS = ("read", "write", "cas", "faa")


def dpdk_runtime_dir():
    """Where EAL puts its runtime folders (same rule as EAL and dpdk-telemetry.py)."""
    run_dir = os.environ.get("RUNTIME_DIRECTORY")
    if not run_dir:
        if os.getuid() == 0:
            run_dir = "/var/run"
        else:
            run_dir = os.environ.get("XDG_RUNTIME_DIR", "/tmp")
    return os.path.join(run_dir, "dpdk")


def socket_path(prefix):
    """The telemetry socket of the process with this EAL file prefix."""
    return os.path.join(dpdk_runtime_dir(), prefix, SOCKET_NAME)


class Telemetry:
    """One connection to a DPDK telemetry socket."""

    def __init__(self, path, timeout=2.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        hello = json.loads(self.sock.recv(1024).decode())
        self.max_len = hello.get("max_output_len", 16384)
        self.pid = hello.get("pid")

    def query(self, cmd):
        """Send "/cmd,params"; return the value of the reply (None on error)."""
        self.sock.send(cmd.encode())
        reply = json.loads(self.sock.recv(self.max_len).decode())
        return reply.get(cmd.split(",")[0])

    def close(self):
        self.sock.close()


def prefixes_of(cluster):
    """EAL prefixes of the processes that host nodes of a cluster."""
    found = []
    for pattern in ("sonuma_%s_n*" % cluster, "sonuma_%s_tp" % cluster):
        for d in glob.glob(os.path.join(dpdk_runtime_dir(), pattern)):
            if os.path.exists(os.path.join(d, SOCKET_NAME)):
                found.append(os.path.basename(d))
    return sorted(found)


def collect(prefixes, want_qps=False, only_node=None):
    """{node id: {"prefix", "pid", "info", "stats", "qps"}} and a list of errors."""
    nodes, errors = {}, []
    for prefix in prefixes:
        try:
            tel = Telemetry(socket_path(prefix))
        except (OSError, ValueError) as e:
            errors.append("%s: cannot connect to %s: %s" % (prefix, socket_path(prefix), e))
            continue
        try:
            ids = tel.query("/rmc/nodes")
            if ids is None:
                errors.append("%s: no /rmc/nodes command: not a sonuma process?" % prefix)
                continue
            for nid in ids:
                if only_node is not None and nid != only_node:
                    continue
                entry = {
                    "prefix": prefix,
                    "pid": tel.pid,
                    "info": tel.query("/rmc/node/info,%d" % nid),
                    "stats": tel.query("/rmc/node/stats,%d" % nid),
                }
                if want_qps:
                    entry["qps"] = {}
                    for qp in tel.query("/rmc/qp/list,%d" % nid) or []:
                        entry["qps"][qp] = tel.query("/rmc/qp/stats,%d,%d" % (nid, qp))
                nodes[nid] = entry
        except (OSError, ValueError) as e:
            errors.append("%s: telemetry query failed: %s" % (prefix, e))
        finally:
            tel.close()
    return nodes, errors


def fmt_ns(lo, hi=None):
    """A time or a histogram bucket's range, in the unit its upper end reads best in."""
    top = hi if hi is not None else lo
    div, unit = (1, "ns") if top <= 4096 else (1e3, "\u00b5s") if top <= 4096000 else (1e6, "ms")
    num = (lambda v: "%d" % v) if div == 1 else (lambda v: "%.3g" % (v / div))
    if hi is None:
        return ">=%s%s" % (num(lo), unit)
    return "[%s,%s)%s" % (num(lo), num(hi), unit)


def hist_samples(st):
    """Requests the (sampled) RMC-time histogram holds."""
    return sum(st.get("latency_hist") or [])


def pct_range(st, pct):
    """The bucket a percentile of the RMC-time histogram falls in, as a range ('-': none)."""
    hist, lower = st.get("latency_hist") or [], st.get("latency_hist_lower_ns") or []
    total = sum(hist)
    if total == 0 or len(hist) != len(lower):
        return "-"
    want, seen = max(1, -(-total * pct // 100)), 0
    for i, n in enumerate(hist):
        seen += n
        if seen >= want:
            return fmt_ns(lower[i], lower[i + 1]) if i + 1 < len(lower) else fmt_ns(lower[i])
    return "-"


def total_bytes(st):
    return sum(st.get("bytes_" + op, 0) for op in OPS)


def fmt_rate(v):
    """A rate with an SI prefix: 1.23M."""
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return "%.3g%s" % (v / div, suffix)
    return "%.3g" % v


COLS = "%-8s %10s %10s %10s %8s %8s %7s %13s %13s %10s %5s %4s %8s %-18s"


def stats_row(label, st, served=True):
    """One table row of counters; p99 as the histogram bucket it lies in."""
    return COLS % (
        label, st["requests_total"], st["requests_read"], st["requests_write"],
        st["requests_cas"], st["requests_faa"], st["errors"], st["bytes_read"],
        st["bytes_write"], st.get("served_requests_total", "-") if served else "-",
        st["in_flight"], st["qps"], hist_samples(st), pct_range(st, 99))


RATE_COLS = "%-8s %12s %12s %12s %12s"


def rate_row(label, cur, prev, dt):
    """Operations and bytes per second since the previous reading."""
    ops = (cur["requests_total"] - prev["requests_total"]) / dt
    nbytes = (total_bytes(cur) - total_bytes(prev)) / dt
    if "served_requests_total" in cur and "served_requests_total" in prev:
        sops = (cur["served_requests_total"] - prev["served_requests_total"]) / dt
        sbytes = sum(cur.get("served_bytes_" + op, 0) - prev.get("served_bytes_" + op, 0)
                     for op in OPS) / dt
        served = (fmt_rate(sops), fmt_rate(sbytes) + "B/s")
    else:
        served = ("-", "-")
    return RATE_COLS % (label, fmt_rate(ops), fmt_rate(nbytes) + "B/s", served[0], served[1])


def print_rates(nodes, prev, dt):
    """--watch: per node and per QP, what happened since the previous reading."""
    print("rates over the last %.1f s:" % dt)
    print(RATE_COLS % ("node", "ops/s", "bytes/s", "served op/s", "served B/s"))
    for nid in sorted(nodes):
        st, pst = nodes[nid]["stats"], (prev.get(nid) or {}).get("stats")
        if st is None or pst is None:
            continue
        print(rate_row(str(nid), st, pst, dt))
        pqps = (prev.get(nid) or {}).get("qps") or {}
        for qp, qst in sorted((nodes[nid].get("qps") or {}).items()):
            if qst is not None and pqps.get(qp) is not None:
                print(rate_row("  qp%d" % qp, qst, pqps[qp], dt))


def print_table(cluster, nodes, want_qps):
    """Human-readable per-node (and per-QP) counters."""
    print("cluster '%s': %d node(s) answered" % (cluster, len(nodes)))
    print(COLS % ("node", "requests", "read", "write", "cas", "faa", "errors", "bytes_read",
                  "bytes_write", "served", "infl", "qps", "sampled", "RMC-time p99 in"))
    for nid in sorted(nodes):
        st = nodes[nid]["stats"]
        if st is None:
            print("%-8s (no statistics)" % nid)
            continue
        print(stats_row(str(nid), st))
        for qp, qst in sorted((nodes[nid].get("qps") or {}).items()):
            if qst is not None:
                print(stats_row("  qp%d" % qp, qst, served=False))
    print("served: peers' requests the node served; sampled: requests the RMC-time "
          "histogram holds (1 burst in 16 per QP is timed); p99 as its bucket's range")
    for nid in sorted(nodes):
        info = nodes[nid]["info"] or {}
        print("node %s: pid %s, %s, RMC on %s, peers up %s/%s, contexts %s (EAL prefix %s)" % (
            nid, nodes[nid]["pid"], info.get("driver", "?"), info.get("rmc", "?"),
            info.get("peers_up", "?"), max(info.get("node_count", 1) - 1, 0),
            info.get("ctx_ids", []), nodes[nid]["prefix"]))


def main():
    parser = argparse.ArgumentParser(
        description="Per-node counters of a sonuma cluster, read through DPDK telemetry.")
    parser.add_argument("--cluster", default=os.environ.get("RMC_CLUSTER") or "default",
                        help="cluster name (default: $RMC_CLUSTER or 'default')")
    parser.add_argument("--prefix", action="append",
                        help="EAL file prefix of a process to read (repeatable); "
                        "default: every sonuma_<cluster>_* process")
    parser.add_argument("--node", type=int, help="only this node")
    parser.add_argument("--qp", action="store_true", help="also each queue pair")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--watch", type=float, metavar="SECONDS",
                        help="print again every SECONDS until interrupted, with the "
                        "rates (operations/s, bytes/s) of each node and QP since the last")
    args = parser.parse_args()
    prev, prev_t = None, None

    while True:
        prefixes = args.prefix or prefixes_of(args.cluster)
        if not prefixes:
            print("rmc-telemetry: no process of cluster '%s' with telemetry in %s "
                  "(start it with rmc-cluster.py start, rmcd or rmc-testpmd)" %
                  (args.cluster, dpdk_runtime_dir()), file=sys.stderr)
            return 1
        nodes, errors = collect(prefixes, args.qp or bool(args.watch), args.node)
        now = time.monotonic()
        for e in errors:
            print("rmc-telemetry: " + e, file=sys.stderr)
        if args.json:
            print(json.dumps({"cluster": args.cluster,
                              "nodes": {str(k): v for k, v in sorted(nodes.items())}},
                             indent=2))
        else:
            print_table(args.cluster, nodes, args.qp)
            if prev is not None and now > prev_t:
                print_rates(nodes, prev, now - prev_t)
        prev, prev_t = nodes, now
        expected = None
        for entry in nodes.values():
            if entry["info"]:
                expected = entry["info"].get("node_count")
        missing = errors or not nodes or (args.node is None and expected is not None and
                                          len(nodes) != expected)
        if not args.watch:
            return 1 if missing else 0
        try:
            time.sleep(args.watch)
        except KeyboardInterrupt:
            return 0
        print()


if __name__ == "__main__":
    sys.exit(main())
