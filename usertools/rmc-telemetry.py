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


def stats_row(label, st):
    """One table row of counters."""
    return "%-8s %10d %10d %10d %8d %8d %8d %14d %14d %6d %5d %8d" % (
        label, st["requests_total"], st["requests_read"], st["requests_write"],
        st["requests_cas"], st["requests_faa"], st["errors"], st["bytes_read"],
        st["bytes_write"], st["in_flight"], st["qps"], st["latency_p99_ns"])


def print_table(cluster, nodes, want_qps):
    """Human-readable per-node (and per-QP) counters."""
    print("cluster '%s': %d node(s) answered" % (cluster, len(nodes)))
    print("%-8s %10s %10s %10s %8s %8s %8s %14s %14s %6s %5s %8s" % (
        "node", "requests", "read", "write", "cas", "faa", "errors", "bytes_read",
        "bytes_write", "infl", "qps", "p99<ns"))
    for nid in sorted(nodes):
        st = nodes[nid]["stats"]
        if st is None:
            print("%-8s (no statistics)" % nid)
            continue
        print(stats_row(str(nid), st))
        for qp, qst in sorted((nodes[nid].get("qps") or {}).items()):
            if qst is not None:
                print(stats_row("  qp%d" % qp, qst))
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
                        help="print again every SECONDS until interrupted")
    args = parser.parse_args()

    while True:
        prefixes = args.prefix or prefixes_of(args.cluster)
        if not prefixes:
            print("rmc-telemetry: no process of cluster '%s' with telemetry in %s "
                  "(start it with rmc-cluster.py start, rmcd or rmc-testpmd)" %
                  (args.cluster, dpdk_runtime_dir()), file=sys.stderr)
            return 1
        nodes, errors = collect(prefixes, args.qp, args.node)
        for e in errors:
            print("rmc-telemetry: " + e, file=sys.stderr)
        if args.json:
            print(json.dumps({"cluster": args.cluster,
                              "nodes": {str(k): v for k, v in sorted(nodes.items())}},
                             indent=2))
        else:
            print_table(args.cluster, nodes, args.qp)
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
