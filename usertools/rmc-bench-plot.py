#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
"""Turn the JSON of rmc-bench --json into the two microbenchmark figures of
the soNUMA paper's kind, as SVG files written by hand (no plotting package):

  PREFIX-latency.svg     synchronous read/write latency (p50, p99) against the
                         transfer size, log-log, with the floor
                         rmc_rtt_ns + (size - 64) / memcpy_gbps;
  PREFIX-throughput.svg  asynchronous 64-byte reads per second against the
                         queue depth, with the rte_ring floor.

Usage: rmc-bench-plot.py RESULT.json [PREFIX]     (PREFIX defaults to rmc-bench)
       rmc-bench -- --json | rmc-bench-plot.py - out/run1
"""

import json
import math
import sys

W, H = 640, 420
ML, MR, MT, MB = 70, 150, 40, 55
COLORS = {"read p50": "#1f77b4", "read p99": "#aec7e8", "write p50": "#d62728",
          "write p99": "#ff9896", "floor": "#555555", "RMC": "#2ca02c"}


def esc(t):
    return str(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Plot:
    def __init__(self, title, xlabel, ylabel, xs, ylo, yhi, xlog=True, ylog=True):
        self.parts = []
        self.xs = xs
        self.xlog, self.ylog = xlog, ylog
        self.xlo, self.xhi = min(xs), max(xs)
        self.ylo, self.yhi = ylo, yhi
        self.add(f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">'
                 f'{esc(title)}</text>')
        self.add(f'<text x="{ML + (W - ML - MR) / 2}" y="{H - 12}" text-anchor="middle" '
                 f'font-size="12">{esc(xlabel)}</text>')
        self.add(f'<text x="16" y="{MT + (H - MT - MB) / 2}" text-anchor="middle" '
                 f'font-size="12" transform="rotate(-90 16 {MT + (H - MT - MB) / 2})">'
                 f'{esc(ylabel)}</text>')
        self.add(f'<rect x="{ML}" y="{MT}" width="{W - ML - MR}" height="{H - MT - MB}" '
                 'fill="none" stroke="black"/>')
        self.legend = 0

    def add(self, s):
        self.parts.append(s)

    def fx(self, x):
        if self.xlog:
            a, b, v = math.log(self.xlo), math.log(self.xhi), math.log(x)
        else:
            a, b, v = self.xlo, self.xhi, x
        return ML + (v - a) / (b - a if b > a else 1) * (W - ML - MR)

    def fy(self, y):
        y = max(y, self.ylo)
        if self.ylog:
            a, b, v = math.log(self.ylo), math.log(self.yhi), math.log(y)
        else:
            a, b, v = self.ylo, self.yhi, y
        return H - MB - (v - a) / (b - a if b > a else 1) * (H - MT - MB)

    def xticks(self, labels):
        for x, lab in zip(self.xs, labels):
            px = self.fx(x)
            self.add(f'<line x1="{px:.1f}" y1="{H - MB}" x2="{px:.1f}" y2="{H - MB + 5}" '
                     'stroke="black"/>')
            self.add(f'<text x="{px:.1f}" y="{H - MB + 18}" text-anchor="middle" '
                     f'font-size="11">{esc(lab)}</text>')

    def yticks(self):
        if self.ylog:
            e = math.floor(math.log10(self.ylo))
            ticks = []
            while 10 ** e <= self.yhi:
                for m in (1, 2, 5):
                    v = m * 10 ** e
                    if self.ylo <= v <= self.yhi:
                        ticks.append(v)
                e += 1
        else:
            step = 10 ** math.floor(math.log10(max(self.yhi, 1e-9) / 2))
            ticks = [i * step for i in range(int(self.yhi / step) + 1)]
        for v in ticks:
            py = self.fy(v)
            self.add(f'<line x1="{ML}" y1="{py:.1f}" x2="{W - MR}" y2="{py:.1f}" '
                     'stroke="#e5e5e5"/>')
            lab = f"{v:g}" if v < 1e4 else f"{v / 1e3:g}k"
            self.add(f'<text x="{ML - 6}" y="{py + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{lab}</text>')

    def series(self, name, ys, dash=False, color=None):
        color = color or COLORS.get(name, "#000")
        pts = " ".join(f"{self.fx(x):.1f},{self.fy(y):.1f}" for x, y in zip(self.xs, ys))
        d = ' stroke-dasharray="6,4"' if dash else ""
        self.add(f'<polyline points="{pts}" fill="none" stroke="{color}" '
                 f'stroke-width="2"{d}/>')
        if not dash:
            for x, y in zip(self.xs, ys):
                self.add(f'<circle cx="{self.fx(x):.1f}" cy="{self.fy(y):.1f}" r="3" '
                         f'fill="{color}"/>')
        ly = MT + 14 + 18 * self.legend
        self.legend += 1
        self.add(f'<line x1="{W - MR + 10}" y1="{ly}" x2="{W - MR + 34}" y2="{ly}" '
                 f'stroke="{color}" stroke-width="2"{d}/>')
        self.add(f'<text x="{W - MR + 40}" y="{ly + 4}" font-size="11">{esc(name)}</text>')

    def svg(self):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
                f'font-family="sans-serif">\n<rect width="{W}" height="{H}" fill="white"/>\n'
                + "\n".join(self.parts) + "\n</svg>\n")


def size_label(s):
    return f"{s >> 20}M" if s >= 1 << 20 else f"{s >> 10}K" if s >= 1024 else f"{s}"


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) >= 2 else 2
    src = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1])
    r = json.load(src)
    prefix = sys.argv[2] if len(sys.argv) > 2 else "rmc-bench"
    fl = r["floors"]

    sizes = sorted(int(s) for s in r["sync"]["read"])
    series = {}
    for op in ("read", "write"):
        for p in ("p50", "p99"):
            series[f"{op} {p}"] = [r["sync"][op][str(s)][f"{p}_ns"] for s in sizes]
    floor = [fl["rmc_rtt_ns"] + max(0, s - 64) / fl["memcpy_gbps"] for s in sizes]
    allv = [v for ys in series.values() for v in ys] + floor
    lo = max(min(v for v in allv if v > 0) / 1.5, 1)
    p = Plot("Synchronous remote access latency", "transfer size (bytes)",
             "latency (ns)", sizes, lo, max(allv) * 1.5)
    p.yticks()
    p.xticks([size_label(s) for s in sizes])
    for name, ys in series.items():
        p.series(name, ys)
    p.series("floor", floor, dash=True)
    with open(prefix + "-latency.svg", "w") as f:
        f.write(p.svg())

    depths = sorted(int(d) for d in r["async"]["read_64"])
    mops = [r["async"]["read_64"][str(d)]["mops"] for d in depths]
    ring = fl["ring_burst_mops"]
    q = Plot("Asynchronous 64-byte remote reads", "queue depth (requests in flight)",
             "million operations per second", depths, 0, max(mops + [ring]) * 1.15,
             xlog=True, ylog=False)
    q.yticks()
    q.xticks([str(d) for d in depths])
    q.series("RMC", mops)
    q.series("rte_ring floor", [ring] * len(depths), dash=True, color=COLORS["floor"])
    with open(prefix + "-throughput.svg", "w") as f:
        f.write(q.svg())
    print(f"wrote {prefix}-latency.svg and {prefix}-throughput.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
