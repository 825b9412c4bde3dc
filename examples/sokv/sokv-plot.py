#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""Plots of sokv-figures.sh's output (PNG and PDF, matplotlib).

Usage: sokv-plot.py -o PREFIX [--get LAT_NS=FILE ...] [--retries LAT_NS=FILE ...]
                     [--count]

  --get 1000=get-1000.txt     a 'get' run at an emulated latency (0: native)
  --retries 0=retries-0.txt   a 'retries' run at an emulated latency
  --count                     also print (Markdown) the latency-count check of
                              the --get runs: per GET way and size, the
                              modelled latencies k it pays under the latency
                              contract, and (p50 at L - native p50) / L

Draws PREFIX-get-latency (GET p50 against the emulated latency, per validation
and object size, min-max bars of the trials; RPC on its own axis: it is orders
of magnitude slower on a small machine) and PREFIX-retries (retries per GET
against the object size, 5 % and 50 % writes, per emulated latency). Each
point is the median of the run's trials, as sokv-bench prints it.
"""

import argparse
import re
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HEAD = re.compile(r"^== (get|retries)-(?:([AB])-)?(\w+)-(\d+) \(exit (\d+)\)")
FIG = re.compile(r"^(\w+)\s+median ([\d.]+)\s+min ([\d.]+)\s+max ([\d.]+)")


def parse(path):
    """{(mix, way, size): {figure: (median, min, max)}} of one output file."""
    runs, cur = {}, None
    with open(path) as f:
        for line in f:
            m = HEAD.match(line)
            if m:
                cur = runs.setdefault((m.group(2) or "C", m.group(3), int(m.group(4))), {})
                continue
            m = FIG.match(line)
            if m and cur is not None:
                cur[m.group(1)] = tuple(float(m.group(i)) for i in (2, 3, 4))
    return runs


def pairs(items):
    out = []
    for it in items or []:
        lat, _, path = it.partition("=")
        if not path:
            sys.exit("sokv-plot: expected LAT_NS=FILE, got '%s'" % it)
        out.append((int(lat), parse(path)))
    return sorted(out)


def bar(ax, xs, pts, **kw):
    med = [p[0] for p in pts]
    err = [[p[0] - p[1] for p in pts], [p[2] - p[0] for p in pts]]
    ax.errorbar(xs, med, yerr=err, capsize=3, marker="o", **kw)


# Reply bytes that fit a message slot (256 B slots, 32-byte slot header): a
# longer reply is pulled by the client with one more remote read.
INLINE_MAX = 224
RPC_HDR = 40


def latencies(way, size):
    """Modelled latencies L a GET pays under the contract (doc/sokv.md)."""
    if way != "rpc":
        return 2  # the buckets, then the object (or one SABRe)
    lines = 1 + max(0, -(-(size - 32) // 56))  # the object's 64-byte lines
    # A message is visible 1.5 L after its send (a write, then a fenced
    # write of its sequence word): request and reply 3 L, a pull 1 L more.
    return 3 if RPC_HDR + 64 * lines <= INLINE_MAX else 4


def print_count(runs):
    """(p50 at L - native p50) / L per way and size; extremes in brackets."""
    native = dict(runs).get(0)
    if native is None:
        sys.exit("sokv-plot: --count needs a native run (0=FILE)")
    lats = [lat for lat, _ in runs if lat > 0]
    print("| value | GET | k | " + " | ".join("%g µs" % (lat / 1000) for lat in lats) + " |")
    print("|---|---|---|" + "---|" * len(lats))
    for size in sorted({k[2] for k in native if k[0] == "C"}):
        for way in ("farm", "pilaf", "sabre", "rpc"):
            n = native.get(("C", way, size), {}).get("get_p50_us")
            if n is None:
                continue
            cells = []
            for lat in lats:
                p = dict(runs)[lat].get(("C", way, size), {}).get("get_p50_us")
                if p is None:
                    cells.append("-")
                    continue
                L = lat / 1000
                cells.append("%.2f [%.2f, %.2f]" % ((p[0] - n[0]) / L, (p[1] - n[2]) / L,
                                                    (p[2] - n[1]) / L))
            print("| %s | %s | %d | %s |" % ("%d B" % size if size < 1024 else
                                             "%d KiB" % (size // 1024), way,
                                             latencies(way, size), " | ".join(cells)))


def plot_get(runs, prefix):
    fig, (ax, axr) = plt.subplots(1, 2, figsize=(10, 4.2))
    lats = [lat / 1000 for lat, _ in runs]
    for way, style in (("farm", "-"), ("pilaf", "--"), ("sabre", ":")):
        for size in (64, 1024):
            pts = [r.get(("C", way, size), {}).get("get_p50_us") for _, r in runs]
            if all(pts):
                bar(ax, lats, pts, linestyle=style, label="%s %d B" % (way, size))
    ax.plot(lats, [2 * x for x in lats], "k:", lw=1, label="2 L (the model's share)")
    ax.set(xlabel="emulated remote latency L (µs)", ylabel="GET p50 (µs)",
           title="one-sided GET (2 remote accesses)")
    ax.legend(fontsize=7)
    for size in (64, 1024):
        pts = [r.get(("C", "rpc", size), {}).get("get_p50_us") for _, r in runs]
        if all(pts):
            bar(axr, lats, pts, label="rpc %d B" % size)
            k = latencies("rpc", size)
            axr.plot(lats, [pts[0][0] + k * x for x in lats], ":", lw=1,
                     label="native + %d L (%d B)" % (k, size))
    axr.set(xlabel="emulated remote latency L (µs)", ylabel="GET p50 (µs)",
            title="RPC GET (request and reply messages)")
    axr.legend(fontsize=7)
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig("%s-get-latency.%s" % (prefix, ext), dpi=120)


def plot_retries(runs, prefix):
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for lat, r in runs:
        for mix, pct in (("B", "5 %"), ("A", "50 %")):
            for way in ("farm", "sabre", "pilaf"):
                keys = sorted(k for k in r if k[0] == mix and k[1] == way)
                if not keys:
                    continue
                pts = [r[k]["retries_per_get"] for k in keys]
                bar(ax, [k[2] for k in keys], pts, label="%s, %s writes, L=%g µs" %
                    (way, pct, lat / 1000))
    ax.set_xscale("log", base=2)
    ax.set(xlabel="object size (B)", ylabel="retries per GET",
           title="torn-read retries (one-sided writers, 2 client threads)")
    ax.legend(fontsize=6, ncol=2)
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig("%s-retries.%s" % (prefix, ext), dpi=120)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", dest="prefix", required=True)
    ap.add_argument("--get", nargs="*")
    ap.add_argument("--retries", nargs="*")
    ap.add_argument("--count", action="store_true")
    a = ap.parse_args()
    if a.get:
        plot_get(pairs(a.get), a.prefix)
        if a.count:
            print_count(pairs(a.get))
    if a.retries:
        plot_retries(pairs(a.retries), a.prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
