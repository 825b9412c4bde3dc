#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
"""Figures of one or more rmc-bench runs (the JSON of rmc-bench --json), with
matplotlib (Debian's python3-matplotlib, installed by usertools/rmc-setup.sh),
each as PNG and PDF:

  PREFIX-latency.png/.pdf     synchronous read and write latency, p50 and p99,
                              against the transfer size (log-log, us/ms axis),
                              with the floor of the same runs:
                              rmc_rtt_ns + (size - 64 B) / memcpy_gbps;
  PREFIX-throughput.png/.pdf  asynchronous 64-byte reads per second against the
                              queue depth, with the rte_ring burst rate between
                              the same two CPUs as a reference line;
  PREFIX-bandwidth.png/.pdf   read and write bandwidth against the transfer
                              size, with the memcpy floor.

Each point is the median of the runs' medians; its bar spans the smallest and
the largest trial of all the runs (min-max, never a best-of). The caption
gives what the runs were: CPU, date, commit, plan, CPUs of the application
and of the RMC, number of runs.

Usage: rmc-bench-plot.py [-o PREFIX] RUN.json [RUN.json ...]
       rmc-bench-plot.py RUN.json PREFIX            (the former form)
       rmc-bench -- --json | rmc-bench-plot.py - -o out/run1
PREFIX defaults to rmc-bench.
"""

import argparse
import json
import os
import statistics
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter
except ImportError:
    # A python3 of its own (pyenv, a venv) may lack Debian's matplotlib: use the system's.
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.access("/usr/bin/python3", os.X_OK) and not os.environ.get("RMC_PLOT_REEXEC"):
        os.environ["RMC_PLOT_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("rmc-bench-plot: needs matplotlib: apt-get install python3-matplotlib "
          "(usertools/rmc-setup.sh installs it)", file=sys.stderr)
    sys.exit(2)

SIZE_NAMES = {8: "8 B", 64: "64 B", 512: "512 B", 4096: "4 KiB", 65536: "64 KiB",
              1048576: "1 MiB"}


def load(path):
    text = sys.stdin.read() if path == "-" else open(path).read()
    obj = json.loads(text)
    if not isinstance(obj, dict) or "floors" not in obj:
        raise ValueError("%s: not the JSON of rmc-bench --json" % path)
    return obj


def fig_of(runs, get):
    """Median of the runs' medians and min-max of all their trials, for one figure."""
    vals = [get(r) for r in runs]
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return (statistics.median(v[0] for v in vals), min(v[1] for v in vals),
            max(v[2] for v in vals))


def triple(d, key):
    """(median, min, max) of key in a dict of figures; None when absent."""
    if d is None or key not in d:
        return None
    return (d[key], d.get(key + "_min", d[key]), d.get(key + "_max", d[key]))


def fmt_time(ns, _pos=None):
    """An axis tick in the unit its value reads best in."""
    if ns >= 1e6:
        return "%g ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%g \u00b5s" % (ns / 1e3)
    return "%g ns" % ns


def caption(runs):
    """What the runs were, for the figure's caption."""
    infos = [r.get("run") or {} for r in runs]

    def vals(key):
        seen = []
        for i in infos:
            v = i.get(key, "?")
            if v not in seen:
                seen.append(v)
        return ", ".join(str(v) for v in seen)
    dates = sorted(str(i.get("date", "?")) for i in infos)
    when = dates[0] if len(dates) == 1 else "%s to %s" % (dates[0], dates[-1])
    return ("%d run(s) of rmc-bench (plan %s) on %s (%s CPUs online), %s; commit %s; "
            "application on CPU %s, RMC on CPU %s.\nPoints: median of the runs' medians; "
            "bars: min-max of all their trials. Machine may be shared: see "
            "doc/performance.md." % (len(runs), vals("plan"), vals("cpu"), vals("cpus_online"),
                                     when, vals("commit"), vals("app_cpu"), vals("rmc_cpu")))


def errplot(ax, xs, figs, **kw):
    """A series with min-max bars; points without a figure are left out."""
    pts = [(x, f) for x, f in zip(xs, figs) if f is not None]
    if not pts:
        return
    x = [p[0] for p in pts]
    y = [p[1][0] for p in pts]
    lo = [p[1][0] - p[1][1] for p in pts]
    hi = [p[1][2] - p[1][0] for p in pts]
    ax.errorbar(x, y, yerr=[lo, hi], capsize=3, elinewidth=0.9, markersize=6, **kw)


def finish(fig, ax, runs, prefix, name):
    ax.grid(True, which="major", alpha=0.35)
    ax.legend(fontsize=8, loc="best")
    fig.text(0.01, 0.01, caption(runs), fontsize=6.5, va="bottom", ha="left", wrap=True)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    out = []
    for ext in ("png", "pdf"):
        path = "%s-%s.%s" % (prefix, name, ext)
        fig.savefig(path, dpi=150)
        out.append(path)
    plt.close(fig)
    return out


def latency(runs, prefix):
    sizes = sorted(int(s) for s in runs[0]["sync"]["read"])
    fig, ax = plt.subplots(figsize=(7, 4.8))
    # Reads and writes share sizes: writes are drawn a little to the right, with other
    # markers and colours, so that neither hides the other.
    styles = {("read", "p50"): dict(color="#1f77b4", marker="o", linestyle="-"),
              ("read", "p99"): dict(color="#1f77b4", marker="o", linestyle="--",
                                    markerfacecolor="white"),
              ("write", "p50"): dict(color="#d62728", marker="s", linestyle="-"),
              ("write", "p99"): dict(color="#d62728", marker="s", linestyle="--",
                                     markerfacecolor="white")}
    for (op, pct), st in styles.items():
        shift = 1.0 if op == "read" else 1.12
        figs = [fig_of(runs, lambda r, s=s: triple(r["sync"][op].get(str(s)), pct + "_ns"))
                for s in sizes]
        errplot(ax, [s * shift for s in sizes], figs, label="%s %s" % (op, pct), **st)
    floor = [statistics.median(r["floors"]["rmc_rtt_ns"] + max(0, s - 64) /
                               r["floors"]["memcpy_gbps"] for r in runs) for s in sizes]
    ax.plot(sizes, floor, color="black", linestyle=":", linewidth=1.6,
            label="floor: ideal polling round trip + copy at memcpy's 1 MiB rate\n"
                  "(rmc_rtt + (size - 64 B) / memcpy_gbps, same runs; copies that\n"
                  "fit in cache are faster: not a bound between 512 B and 1 MiB)")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([SIZE_NAMES.get(s, str(s)) for s in sizes])
    ax.yaxis.set_major_formatter(FuncFormatter(fmt_time))
    ax.set_xlabel("transfer size")
    ax.set_ylabel("latency (synchronous, one request at a time)")
    ax.set_title("Remote read and write latency: p50 (filled) and p99 (open, dashed)",
                 fontsize=10)
    return finish(fig, ax, runs, prefix, "latency")


def throughput(runs, prefix):
    depths = sorted(int(d) for d in runs[0]["async"]["read_64"])
    fig, ax = plt.subplots(figsize=(7, 4.8))
    figs = [fig_of(runs, lambda r, d=d: triple(r["async"]["read_64"].get(str(d)), "mops"))
            for d in depths]
    errplot(ax, depths, figs, color="#2ca02c", marker="o", label="RMC: 64 B reads")
    ring = statistics.median(r["floors"]["ring_burst_mops"] for r in runs)
    ax.axhline(ring, color="black", linestyle=":", linewidth=1.6,
               label="reference: rte_ring SP/SC, bursts of 32 x 64 B,\n"
                     "between the same two CPUs, same runs (not a bound)")
    ax.set_xscale("log", base=2)
    ax.set_xticks(depths)
    ax.set_xticklabels([str(d) for d in depths])
    # Room above the highest bar for the legend.
    ax.set_ylim(0, max([f[2] for f in figs if f is not None] + [ring]) * 1.45)
    ax.set_xlabel("requests in flight (queue depth)")
    ax.set_ylabel("million operations per second")
    ax.set_title("Asynchronous 64-byte remote reads", fontsize=10)
    return finish(fig, ax, runs, prefix, "throughput")


def bandwidth(runs, prefix):
    if "bandwidth" not in runs[0]:
        return []
    sizes = sorted(int(s) for s in runs[0]["bandwidth"]["read"])
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for op, st in (("read", dict(color="#1f77b4", marker="o")),
                   ("write", dict(color="#d62728", marker="s"))):
        shift = 1.0 if op == "read" else 1.1
        figs = [fig_of(runs, lambda r, s=s: triple(r["bandwidth"][op].get(str(s)), "gbps"))
                for s in sizes]
        errplot(ax, [s * shift for s in sizes], figs, label=op + " (16 in flight)", **st)
    mem = statistics.median(r["floors"]["memcpy_gbps"] for r in runs)
    ax.axhline(mem, color="black", linestyle=":", linewidth=1.6,
               label="floor: memcpy between the same two CPUs, same runs")
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes)
    ax.set_xticklabels([SIZE_NAMES.get(s, str(s)) for s in sizes])
    tops = [mem] + [r["bandwidth"][op][str(z)].get("gbps_max", 0) for r in runs
                    for op in ("read", "write") for z in sizes]
    ax.set_ylim(0, max(tops) * 1.45)
    ax.set_xlabel("transfer size")
    ax.set_ylabel("GB/s")
    ax.set_title("Remote read and write bandwidth", fontsize=10)
    return finish(fig, ax, runs, prefix, "bandwidth")


def main():
    ap = argparse.ArgumentParser(description="Figures of rmc-bench runs (PNG and PDF).")
    ap.add_argument("runs", nargs="+", help="JSON files of rmc-bench --json ('-': stdin)")
    ap.add_argument("-o", "--prefix", help="output prefix (default rmc-bench)")
    a = ap.parse_args()
    runs, prefix = a.runs, a.prefix
    # The former form: RUN.json PREFIX.
    if prefix is None and len(runs) == 2 and not runs[1].endswith(".json") and \
            runs[1] != "-" and not os.path.isfile(runs[1]):
        runs, prefix = runs[:1], runs[1]
    try:
        data = [load(p) for p in runs]
    except (OSError, ValueError) as e:
        print("rmc-bench-plot: %s" % e, file=sys.stderr)
        return 1
    prefix = prefix or "rmc-bench"
    d = os.path.dirname(prefix)
    if d:
        os.makedirs(d, exist_ok=True)
    for path in latency(data, prefix) + throughput(data, prefix) + bandwidth(data, prefix):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
