#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
"""Compare two sets of rmc-bench --json runs (A and B), figure by figure.

Each figure is taken as a ratio to the floor measured in the same run
(latencies to the request/response floor, message rates to the ring floor,
bandwidths to memcpy, the latency model to its target), because absolute
figures on a shared machine move with the CPU placement. For each ratio it
prints the median of A's runs and of B's, each with its min and max, and
whether B's median lies within A's spread [min, max].

usage: rmc-bench-compare.py A1.json A2.json ... -- B1.json B2.json ...
"""

import json
import statistics
import sys


def ratios(run):
    """The figures of one run as {name: ratio to its floor}."""
    fl = run['floors']
    out = {}
    for op, sizes in run.get('sync', {}).items():
        for size, v in sizes.items():
            out['sync %s %s B p50 / rmc_rtt' % (op, size)] = v['p50_ns'] / fl['rmc_rtt_ns']
    for kind, depths in run.get('async', {}).items():
        for depth, v in depths.items():
            out['async %s depth %s / ring_burst' % (kind, depth)] = \
                v['mops'] / fl['ring_burst_mops']
    for op, sizes in run.get('bandwidth', {}).items():
        for size, v in sizes.items():
            out['bandwidth %s %s B / memcpy' % (op, size)] = v['gbps'] / fl['memcpy_gbps']
    for target, v in run.get('latency_model', {}).items():
        out['latency model %s ns / target' % target] = v['p50_ns'] / float(target)
    for kind, v in run.get('inline', {}).items():
        out['inline %s p50 / rmc_rtt' % kind] = v['p50_ns'] / fl['rmc_rtt_ns']
    return out


def load(paths):
    runs = [ratios(json.load(open(p))) for p in paths]
    names = set(runs[0])
    for r in runs[1:]:
        names &= set(r)
    return {n: [r[n] for r in runs] for n in names}


def main(argv):
    if '--' not in argv:
        sys.exit(__doc__)
    cut = argv.index('--')
    a, b = load(argv[:cut]), load(argv[cut + 1:])
    inside = 0
    names = sorted(set(a) & set(b))
    print('%-42s %24s %24s  %s' % ('ratio', 'A median [min, max]', 'B median [min, max]',
                                   'B within A'))
    for n in names:
        ma, mb = statistics.median(a[n]), statistics.median(b[n])
        ok = min(a[n]) <= mb <= max(a[n])
        inside += ok
        print('%-42s %8.3f [%6.3f, %6.3f] %8.3f [%6.3f, %6.3f]  %s' % (
            n, ma, min(a[n]), max(a[n]), mb, min(b[n]), max(b[n]), 'yes' if ok else 'NO'))
    print('%d of %d medians of B within the spread of A' % (inside, len(names)))


if __name__ == '__main__':
    main(sys.argv[1:])
