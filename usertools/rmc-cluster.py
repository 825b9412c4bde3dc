#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""rmc-cluster.py: start, watch and stop a cluster of rmcd processes on this host.

  rmc-cluster.py start --nodes N [--cluster NAME] [--driver D] [--log-dir DIR]
                       [--timeout S] [--numa spread|D0,D1,...] [--dev ID=ARGS ...]
                       [-- rmcd options...]
  rmc-cluster.py status [--cluster NAME] [--json]
  rmc-cluster.py stop [--cluster NAME] [--timeout S]
  rmc-cluster.py kill NODE [--cluster NAME] [--signal SIG]
  rmc-cluster.py restart NODE [--cluster NAME] [--timeout S]
  rmc-cluster.py list

start launches N rmcd (node ids 0..N-1), waits until every node is ready and
connected to all its peers, and prints the pids, the logs and the telemetry
prefixes. A second cluster of the same name is refused. stop sends SIGTERM,
waits, and reports any node that did not stop. The launcher keeps its state
in <runtime dir>/launcher/<cluster>/ (runtime dir: $RMC_RUNTIME_DIR, else
/var/run/sonuma for root, else $XDG_RUNTIME_DIR/sonuma, else /tmp/sonuma-<uid>),
the logs there too unless --log-dir is given.

--numa spread places the nodes across the host's NUMA domains (those with CPUs
and memory), node i on domain i * domains / N, by giving each rmcd
--numa-node; --numa D0,D1,... names the domains, node i on the (i mod k)-th.

--driver eth: each node gets its EAL device arguments from --dev ID=ARGS
(for example --dev "0=--vdev=net_af_packet0,iface=va"); without any --dev, the
launcher links every pair of nodes with a net_memif link (sockets in its state
folder). Without an rmcd --fabric-conf, it writes one (node i: MAC
02:00:00:<cluster hash>:<i>; a port with another address runs in promiscuous
mode).

kill sends a signal (default SIGKILL) to one node, for failure experiments;
restart stops one node (SIGTERM) if it runs and starts it again with the same
command line, waiting until it is ready. A node of the cluster restarted by
hand (found by its lock file) shows as running, and stop stops it too.

Exit status: 0 on success, 1 on failure, 2 on a bad command line.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,31}$")


def load_telemetry():
    """The telemetry client next to this script (rmc-telemetry.py)."""
    path = os.path.join(HERE, "rmc-telemetry.py")
    spec = importlib.util.spec_from_file_location("rmc_telemetry", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def runtime_base():
    """Same rule as librte_rmc's rte_rmc_cluster_dir()."""
    env = os.environ.get("RMC_RUNTIME_DIR")
    if env:
        return env
    if os.geteuid() == 0:
        return "/var/run/sonuma"
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return os.path.join(xdg, "sonuma")
    return "/tmp/sonuma-%d" % os.geteuid()


def state_dir(cluster):
    return os.path.join(runtime_base(), "launcher", cluster)


def state_file(cluster):
    return os.path.join(state_dir(cluster), "state.json")


def find_rmcd(explicit):
    """--rmcd, $RMC_RMCD, rmcd next to this script, on PATH, or in ../build."""
    for cand in (explicit, os.environ.get("RMC_RMCD"), os.path.join(HERE, "rmcd"),
                 shutil.which("rmcd"),
                 os.path.join(HERE, "..", "build", "app", "rmcd", "rmcd")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    return None


def pid_alive(pid, cluster=None):
    """True if pid runs (not a zombie) and, with cluster, is rmcd of that cluster."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return False
        if cluster is not None:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                args = f.read().split(b"\0")
            if b"--cluster" not in args or cluster.encode() not in args:
                return False
    except (OSError, IndexError):
        return False
    return True


def load_state(cluster):
    try:
        with open(state_file(cluster)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save_state(cluster, state):
    os.makedirs(state_dir(cluster), mode=0o700, exist_ok=True)
    tmp = state_file(cluster) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f, indent=2)
    os.replace(tmp, state_file(cluster))


def remove_state(cluster):
    """Forget a cluster; its folders go too when no log is left in them."""
    os.unlink(state_file(cluster))
    for name in os.listdir(state_dir(cluster)):
        if name == "fabric.conf" or re.match(r"^memif_\d+_\d+\.sock$", name):
            try:
                os.unlink(os.path.join(state_dir(cluster), name))
            except OSError:
                pass
    for d in (state_dir(cluster), os.path.dirname(state_dir(cluster)), runtime_base()):
        try:
            os.rmdir(d)
        except OSError:
            break


def nodes_running_by_hand(cluster):
    """{node id: pid} of live nodes of the cluster, from their lock files."""
    cdir = os.path.join(runtime_base(), cluster)
    live = {}
    try:
        names = os.listdir(cdir)
    except OSError:
        return live
    for name in names:
        m = re.match(r"^node(\d+)\.lock$", name)
        if not m:
            continue
        try:
            with open(os.path.join(cdir, name)) as f:
                pid = int(f.read().strip() or "0")
        except (OSError, ValueError):
            continue
        if pid > 0 and pid_alive(pid):
            live[int(m.group(1))] = pid
    return live


def log_says(path, pattern, start=0):
    try:
        with open(path, errors="replace") as f:
            f.seek(start)
            return re.search(pattern, f.read(), re.M)
    except OSError:
        return None


def tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError as e:
        return "(cannot read %s: %s)\n" % (path, e)


def node_ready(tel, node):
    """None when ready; else what the node is waiting for."""
    if not pid_alive(node["pid"]):
        return "exited"
    if not log_says(node["log"], r": ready \(", node.get("log_from", 0)):
        return "starting"
    m = log_says(node["log"], r"^rmcd: telemetry socket: (\S+)", node.get("log_from", 0))
    if not m:
        return "no telemetry socket in its log"
    node["telemetry"] = m.group(1)
    try:
        conn = tel.Telemetry(m.group(1), timeout=1.0)
        info = conn.query("/rmc/node/info")
        conn.close()
    except (OSError, ValueError):
        return "telemetry not answering yet"
    if not info:
        return "no /rmc/node/info"
    if info["peers_up"] < info["node_count"] - 1:
        return "%d of %d peers connected" % (info["peers_up"], info["node_count"] - 1)
    return None


def signal_all(nodes, sig):
    for node in nodes:
        if pid_alive(node["pid"]):
            try:
                os.kill(node["pid"], sig)
            except OSError:
                pass


def wait_gone(nodes, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(pid_alive(n["pid"]) for n in nodes):
            return []
        time.sleep(0.05)
    return [n for n in nodes if pid_alive(n["pid"])]


def numa_domains():
    """NUMA domains of this host that have CPUs and memory (from sysfs)."""
    base = "/sys/devices/system/node"
    doms = []
    try:
        names = os.listdir(base)
    except OSError:
        return doms
    for name in names:
        m = re.match(r"^node(\d+)$", name)
        if not m:
            continue
        try:
            cpus = open(os.path.join(base, name, "cpulist")).read().strip()
            mem = re.search(r"MemTotal:\s+(\d+)", open(os.path.join(base, name,
                                                                  "meminfo")).read())
        except OSError:
            continue
        if cpus and mem and int(mem.group(1)) > 0:
            doms.append(int(m.group(1)))
    return sorted(doms)


def numa_plan(spec, nodes):
    """The NUMA domain of each node for --numa SPEC, or raise ValueError."""
    doms = numa_domains()
    if not doms:
        raise ValueError("this host reports no NUMA domain with CPUs and memory "
                         "(/sys/devices/system/node)")
    if spec == "spread":
        return [doms[i * len(doms) // nodes] for i in range(nodes)]
    try:
        want = [int(x) for x in spec.split(",")]
    except ValueError:
        raise ValueError("--numa '%s': give 'spread' or domain numbers (0,1,...)" % spec)
    bad = [d for d in want if d not in doms]
    if bad:
        raise ValueError("--numa '%s': domain(s) %s do not exist or have no CPUs or memory "
                         "(this host has %s)" % (spec, ",".join(map(str, bad)),
                                                 ",".join(map(str, doms))))
    return [want[i % len(want)] for i in range(nodes)]


def cluster_mac(cluster, node):
    """The MAC a generated fabric configuration gives a node."""
    h = hashlib.sha1(cluster.encode()).digest()
    return "02:00:00:%02x:%02x:%02x" % (h[0], h[1], node)


def write_fabric_conf(path, cluster, nodes):
    with open(path, "w") as f:
        f.write("# sonuma fabric configuration written by rmc-cluster.py: node <id> <mac>\n")
        for i in range(nodes):
            f.write("node %d %s\n" % (i, cluster_mac(cluster, i)))


def memif_mesh(cluster, nodes, folder):
    """EAL device arguments of each node: one net_memif link per pair of nodes."""
    devs = [[] for _ in range(nodes)]
    for i in range(nodes):
        for j in range(i + 1, nodes):
            sock = os.path.join(folder, "memif_%d_%d.sock" % (i, j))
            for node, role in ((i, "server"), (j, "client")):
                devs[node].append("--vdev=net_memif%d,role=%s,socket=%s,socket-abstract=no,"
                                  "mac=%s" % (len(devs[node]), role, sock,
                                              cluster_mac(cluster, node)))
    return devs


def parse_devs(specs, nodes):
    """--dev ID=ARGS options: {id: [EAL arguments]}, or raise ValueError."""
    devs = {}
    for spec in specs or []:
        ident, sep, rest = spec.partition("=")
        try:
            i = int(ident)
        except ValueError:
            i = -1
        if not sep or not 0 <= i < nodes:
            raise ValueError("--dev '%s': give ID=ARGS with ID among 0..%d" % (spec, nodes - 1))
        devs.setdefault(i, []).extend(shlex.split(rest))
    return devs


def eth_plan(args, cluster, extra):
    """For --driver eth: per-node device arguments and the rmcd options to add."""
    devs = parse_devs(args.dev, args.nodes)
    add = []
    if args.driver == "eth":
        if not devs:
            devs = dict(enumerate(memif_mesh(cluster, args.nodes, state_dir(cluster))))
        if "--fabric-conf" not in extra:
            conf = os.path.join(state_dir(cluster), "fabric.conf")
            write_fabric_conf(conf, cluster, args.nodes)
            add = ["--fabric-conf", conf]
    return devs, add


def spawn_node(node, mode="w"):
    """Start one node's rmcd from its saved command line; its pid goes in node."""
    with open(node["log"], mode) as out:
        proc = subprocess.Popen(node["cmd"], stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    node["pid"] = proc.pid


def wait_ready(tel, nodes, timeout):
    """{node id: why} of the nodes not ready when all are, one exits, or time is up."""
    deadline = time.monotonic() + timeout
    while True:
        waiting = {n["id"]: node_ready(tel, n) for n in nodes}
        waiting = {k: v for k, v in waiting.items() if v is not None}
        dead = [k for k, v in waiting.items() if v == "exited"]
        if not waiting or dead or time.monotonic() > deadline:
            return waiting
        time.sleep(0.05)


def cmd_start(args):
    cluster = args.cluster
    state = load_state(cluster)
    if state is not None:
        alive = [n for n in state["nodes"] if pid_alive(n["pid"], cluster)]
        if alive:
            print("rmc-cluster: cluster '%s' is already running (pids %s, started %s); "
                  "stop it first with 'rmc-cluster.py stop --cluster %s' or choose "
                  "another --cluster" % (cluster, " ".join(str(n["pid"]) for n in alive),
                                         state.get("started", "?"), cluster),
                  file=sys.stderr)
            return 1
        print("rmc-cluster: note: cluster '%s' was not stopped with 'stop' (its nodes are "
              "gone); starting afresh" % cluster)
    by_hand = nodes_running_by_hand(cluster)
    if by_hand:
        print("rmc-cluster: cluster '%s' is already running: node(s) %s (pids %s) were "
              "started without this launcher; stop them first or choose another "
              "--cluster" % (cluster, ",".join(str(k) for k in sorted(by_hand)),
                             " ".join(str(by_hand[k]) for k in sorted(by_hand))),
              file=sys.stderr)
        return 1
    rmcd = find_rmcd(args.rmcd)
    if rmcd is None:
        print("rmc-cluster: rmcd not found: install sonuma, build it (ninja -C build), "
              "or give --rmcd PATH", file=sys.stderr)
        return 1
    log_dir = os.path.abspath(args.log_dir or state_dir(cluster))
    os.makedirs(log_dir, mode=0o700, exist_ok=True)
    os.makedirs(state_dir(cluster), mode=0o700, exist_ok=True)
    extra = list(args.rmcd_args)
    if extra and extra[0] == "--":
        extra = extra[1:]
    plan = None
    if args.numa is not None:
        if "--numa-node" in extra:
            print("rmc-cluster: give --numa or an rmcd --numa-node, not both",
                  file=sys.stderr)
            return 2
        try:
            plan = numa_plan(args.numa, args.nodes)
        except ValueError as e:
            print("rmc-cluster: %s" % e, file=sys.stderr)
            return 2
    try:
        devs, eth_add = eth_plan(args, cluster, extra)
    except ValueError as e:
        print("rmc-cluster: %s" % e, file=sys.stderr)
        return 2
    nodes = []
    for i in range(args.nodes):
        log = os.path.join(log_dir, "node%d.log" % i)
        numa = ["--numa-node", str(plan[i])] if plan is not None else []
        dev = devs.get(i, [])
        cmd = [rmcd] + (dev + ["--"] if dev else []) + extra + eth_add + numa + \
            ["--cluster", cluster, "--driver", args.driver, "--nodes", str(args.nodes),
             "--node-id", str(i)]
        node = {"id": i, "log": log, "cmd": cmd, "prefix": "sonuma_%s_n%d" % (cluster, i),
                "numa": plan[i] if plan is not None else None}
        spawn_node(node)
        nodes.append(node)
    state = {"cluster": cluster, "nodes": nodes, "rmcd": rmcd, "driver": args.driver,
             "started": time.strftime("%Y-%m-%d %H:%M:%S"), "log_dir": log_dir}
    save_state(cluster, state)

    tel = load_telemetry()
    waiting = wait_ready(tel, nodes, args.timeout)
    if waiting:
        for k in sorted(waiting):
            print("rmc-cluster: node %d is not ready (%s); end of %s:\n%s" %
                  (k, waiting[k], nodes[k]["log"], tail(nodes[k]["log"])), file=sys.stderr)
        signal_all(nodes, signal.SIGTERM)
        left = wait_gone(nodes, 10)
        signal_all(left, signal.SIGKILL)
        wait_gone(left, 5)
        remove_state(cluster)
        print("rmc-cluster: cluster '%s' did not start; every node stopped" % cluster,
              file=sys.stderr)
        return 1
    save_state(cluster, state)
    print("rmc-cluster: cluster '%s': %d node%s ready" %
          (cluster, len(nodes), "" if len(nodes) == 1 else "s"))
    for n in nodes:
        print("  node %d  pid %-7d log %s  telemetry: dpdk-telemetry.py -f %s%s" %
              (n["id"], n["pid"], n["log"], n["prefix"],
               "" if n["numa"] is None else "  NUMA domain %d" % n["numa"]))
    print("Applications: RMC_CLUSTER=%s RMC_NODE=<id> <program>; stop with "
          "'rmc-cluster.py stop --cluster %s'" % (cluster, cluster))
    return 0


def live_pid(node, cluster, by_hand):
    """The pid node runs as now: the launcher's, or one restarted by hand; else None."""
    if pid_alive(node["pid"], cluster):
        return node["pid"]
    return by_hand.get(node["id"])


def node_status(tel, node, cluster, by_hand):
    """A dict saying what one node of a launched cluster is doing."""
    pid = live_pid(node, cluster, by_hand)
    out = {"id": node["id"], "pid": pid if pid is not None else node["pid"],
           "log": node["log"], "prefix": node["prefix"], "running": pid is not None,
           "ready": False, "by_hand": pid is not None and pid != node["pid"], "why": None}
    if pid is None:
        out["why"] = "not running"
        return out
    probe = dict(node, pid=pid)
    why = node_ready(tel, probe) if not out["by_hand"] else node_ready_by_prefix(tel, node)
    out["ready"] = why is None
    out["why"] = why
    if "telemetry" in probe:
        node["telemetry"] = probe["telemetry"]
    return out


def node_ready_by_prefix(tel, node):
    """node_ready() for a node restarted by hand: its log is not the launcher's."""
    path = node.get("telemetry") or "/var/run/dpdk/%s/dpdk_telemetry.v2" % node["prefix"]
    try:
        conn = tel.Telemetry(path, timeout=1.0)
        info = conn.query("/rmc/node/info")
        conn.close()
    except (OSError, ValueError):
        return "telemetry not answering"
    if not info:
        return "no /rmc/node/info"
    if info["peers_up"] < info["node_count"] - 1:
        return "%d of %d peers connected" % (info["peers_up"], info["node_count"] - 1)
    return None


def cmd_status(args):
    cluster = args.cluster
    state = load_state(cluster)
    by_hand = nodes_running_by_hand(cluster)
    if state is None:
        if args.json:
            print(json.dumps({"cluster": cluster, "launched": False,
                              "nodes": [{"id": k, "pid": by_hand[k], "running": True,
                                         "by_hand": True} for k in sorted(by_hand)]}))
            return 0 if by_hand else 1
        if by_hand:
            print("cluster '%s': not started by this launcher; node(s) %s run (pids %s)" %
                  (cluster, ",".join(str(k) for k in sorted(by_hand)),
                   " ".join(str(by_hand[k]) for k in sorted(by_hand))))
            return 0
        print("cluster '%s': not running" % cluster)
        return 1
    tel = load_telemetry()
    nodes = [node_status(tel, n, cluster, by_hand) for n in state["nodes"]]
    bad = sum(1 for n in nodes if not n["ready"])
    if args.json:
        print(json.dumps({"cluster": cluster, "launched": True, "driver": state.get("driver"),
                          "started": state.get("started"), "rmcd": state.get("rmcd"),
                          "nodes": nodes}, indent=2))
        return 1 if bad else 0
    print("cluster '%s': %d nodes, started %s, rmcd %s" %
          (cluster, len(state["nodes"]), state.get("started", "?"), state.get("rmcd", "?")))
    for n in nodes:
        if not n["running"]:
            what = "NOT RUNNING (see %s)" % n["log"]
        else:
            what = "running, " + ("ready" if n["ready"] else n["why"])
            if n["by_hand"]:
                what += " (restarted by hand)"
        print("  node %d  pid %-7d %s  log %s" % (n["id"], n["pid"], what, n["log"]))
    return 1 if bad else 0


def find_node(state, cluster, ident):
    for n in state["nodes"]:
        if n["id"] == ident:
            return n
    print("rmc-cluster: cluster '%s' has no node %d (nodes 0..%d)" %
          (cluster, ident, len(state["nodes"]) - 1), file=sys.stderr)
    return None


def launcher_node(args):
    """(status, state, node, pid) of the node 'kill' and 'restart' act on;
    status is non-zero (and said) when there is none."""
    cluster = args.cluster
    state = load_state(cluster)
    if state is None:
        print("rmc-cluster: cluster '%s' was not started by this launcher" % cluster,
              file=sys.stderr)
        return 1, None, None, None
    node = find_node(state, cluster, args.node)
    if node is None:
        return 2, None, None, None
    return 0, state, node, live_pid(node, cluster, nodes_running_by_hand(cluster))


def cmd_kill(args):
    cluster = args.cluster
    status, _, _, pid = launcher_node(args)
    if status:
        return status
    if pid is None:
        print("rmc-cluster: node %d of cluster '%s' is not running" % (args.node, cluster),
              file=sys.stderr)
        return 1
    sig = args.signal.upper()
    signum = getattr(signal, sig if sig.startswith("SIG") else "SIG" + sig, None)
    if signum is None:
        print("rmc-cluster: unknown signal '%s'" % args.signal, file=sys.stderr)
        return 2
    os.kill(pid, signum)
    print("rmc-cluster: node %d (pid %d) of cluster '%s': %s sent" %
          (args.node, pid, cluster, signal.Signals(signum).name))
    return 0


def cmd_restart(args):
    cluster = args.cluster
    status, state, node, pid = launcher_node(args)
    if status:
        return status
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        if wait_gone([{"pid": pid}], 10):
            print("rmc-cluster: node %d (pid %d) did not stop within 10 s after SIGTERM" %
                  (args.node, pid), file=sys.stderr)
            return 1
    with open(node["log"], "a") as out:
        out.write("rmc-cluster: restart at %s\n" % time.strftime("%Y-%m-%d %H:%M:%S"))
    # The log is read from here on: a ready line of before does not count.
    node["log_from"] = os.path.getsize(node["log"])
    spawn_node(node, "a")
    save_state(cluster, state)
    # Ready once it and every other running node see each other: 'status' agrees then.
    alive = [n for n in state["nodes"] if n is node or pid_alive(n["pid"])]
    waiting = wait_ready(load_telemetry(), alive, args.timeout)
    if waiting:
        why = "; ".join("node %d: %s" % (k, v) for k, v in sorted(waiting.items()))
        print("rmc-cluster: node %d restarted (pid %d) but not ready (%s); end of %s:\n%s" %
              (args.node, node["pid"], why, node["log"], tail(node["log"])),
              file=sys.stderr)
        return 1
    print("rmc-cluster: node %d of cluster '%s' restarted: pid %d, ready" %
          (args.node, cluster, node["pid"]))
    return 0


def cmd_stop(args):
    cluster = args.cluster
    state = load_state(cluster)
    if state is None:
        by_hand = nodes_running_by_hand(cluster)
        if by_hand:
            print("rmc-cluster: cluster '%s' was not started by this launcher; its nodes "
                  "(pids %s) are left alone" % (cluster, " ".join(map(str, by_hand.values()))),
                  file=sys.stderr)
        else:
            print("rmc-cluster: cluster '%s' is not running" % cluster, file=sys.stderr)
        return 1
    by_hand = nodes_running_by_hand(cluster)
    nodes = []
    for n in state["nodes"]:
        pid = live_pid(n, cluster, by_hand)
        if pid is not None:
            nodes.append(dict(n, pid=pid))
    signal_all(nodes, signal.SIGTERM)
    left = wait_gone(nodes, args.timeout)
    for n in left:
        print("rmc-cluster: node %d (pid %d) did not stop within %g s after SIGTERM; "
              "see %s, or end it with: kill -KILL %d" %
              (n["id"], n["pid"], args.timeout, n["log"], n["pid"]), file=sys.stderr)
    if left:
        return 1
    stale = []
    cdir = os.path.join(runtime_base(), cluster)
    if os.path.isdir(cdir):
        stale = sorted(os.listdir(cdir))
    remove_state(cluster)
    print("rmc-cluster: cluster '%s' stopped (%d node%s); logs kept in %s" %
          (cluster, len(state["nodes"]), "" if len(state["nodes"]) == 1 else "s",
           state.get("log_dir", state_dir(cluster))))
    if stale:
        print("rmc-cluster: warning: files left in %s: %s" % (cdir, " ".join(stale)),
              file=sys.stderr)
        return 1
    return 0


def cmd_list(args):
    del args
    base = os.path.join(runtime_base(), "launcher")
    names = sorted(os.listdir(base)) if os.path.isdir(base) else []
    running = 0
    for name in names:
        state = load_state(name)
        if state is None:
            continue
        alive = sum(1 for n in state["nodes"] if pid_alive(n["pid"], name))
        print("%-32s %d/%d nodes running" % (name, alive, len(state["nodes"])))
        running += 1
    if not running:
        print("no cluster started by rmc-cluster.py")
    return 0


def cluster_name(txt):
    if not NAME_RE.match(txt) or txt.startswith("."):
        raise argparse.ArgumentTypeError("'%s' is not a cluster name (1..31 characters "
                                         "among A-Z a-z 0-9 _ . -)" % txt)
    return txt


def node_count(txt):
    try:
        n = int(txt)
    except ValueError:
        n = 0
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError("node count must be 1..64")
    return n


def main():
    parser = argparse.ArgumentParser(
        description="Start, watch and stop a cluster of rmcd processes on this host.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    default_cluster = os.environ.get("RMC_CLUSTER") or "default"

    p = sub.add_parser("start", help="start N rmcd and wait until all are ready")
    p.add_argument("--nodes", type=node_count, required=True, help="node count (1..64)")
    p.add_argument("--cluster", type=cluster_name, default=default_cluster)
    p.add_argument("--driver", default="shm", help="remote-memory driver (default shm)")
    p.add_argument("--log-dir", help="where the node logs go")
    p.add_argument("--rmcd", help="rmcd program (default: installed or built one)")
    p.add_argument("--timeout", type=float, default=30,
                   help="seconds to wait for every node to be ready (default 30)")
    p.add_argument("--numa", metavar="spread|D0,D1,...",
                   help="bind each node to a NUMA domain: spread them over the host's "
                        "domains, or use the ones listed (rmcd --numa-node)")
    p.add_argument("--dev", action="append", metavar="ID=ARGS",
                   help="EAL device arguments of node ID (before rmcd's --); repeat per "
                        "node; with --driver eth and none, nodes are linked by net_memif")
    p.add_argument("rmcd_args", nargs=argparse.REMAINDER,
                   help="after --: options passed to every rmcd (for example --ctx-size 1M)")
    p.set_defaults(fn=cmd_start)

    p = sub.add_parser("status", help="state of each node of a cluster")
    p.add_argument("--cluster", type=cluster_name, default=default_cluster)
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(fn=cmd_status)

    p = sub.add_parser("kill", help="send a signal (default KILL) to one node")
    p.add_argument("node", type=int, help="node id")
    p.add_argument("--cluster", type=cluster_name, default=default_cluster)
    p.add_argument("--signal", default="KILL", help="signal name (default KILL)")
    p.set_defaults(fn=cmd_kill)

    p = sub.add_parser("restart", help="stop one node if it runs, start it again")
    p.add_argument("node", type=int, help="node id")
    p.add_argument("--cluster", type=cluster_name, default=default_cluster)
    p.add_argument("--timeout", type=float, default=30,
                   help="seconds to wait for the node to be ready (default 30)")
    p.set_defaults(fn=cmd_restart)

    p = sub.add_parser("stop", help="SIGTERM every node, wait, report any left")
    p.add_argument("--cluster", type=cluster_name, default=default_cluster)
    p.add_argument("--timeout", type=float, default=10,
                   help="seconds to wait after SIGTERM (default 10)")
    p.set_defaults(fn=cmd_stop)

    p = sub.add_parser("list", help="clusters started by this launcher")
    p.set_defaults(fn=cmd_list)

    args = parser.parse_args()
    if args.cmd == "start" and args.rmcd_args and args.rmcd_args[0] != "--":
        parser.error("unexpected arguments %s (rmcd options go after --)" %
                     " ".join(args.rmcd_args))
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
