#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
"""Fail when the files of a static library call each other in a circle.

usage: check_calls.py LIBRARY.a...

For each object file of each archive, the functions it defines and the ones
it calls (its undefined symbols) are read with nm; an edge a.o -> b.o means
that a.o calls a function that b.o defines. A cycle of such edges is a
circle of direct calls between source files, which the layering of the
library forbids (calls through the driver ops table or registered callbacks
are indirect and do not appear here). Static inline functions of headers are
not calls between files and do not appear either.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_tree import find_cycles  # noqa: E402 (the one cycle finder of the checks)


def symbols(archive):
    """{object: (defined functions, called functions)} of an archive."""
    out = subprocess.run(['nm', '--defined-only', '-A', archive], check=True,
                         capture_output=True, text=True).stdout
    und = subprocess.run(['nm', '--undefined-only', '-A', archive], check=True,
                         capture_output=True, text=True).stdout
    objs = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == 'T':
            obj = parts[0].rsplit(':', 2)[-2]
            objs.setdefault(obj, (set(), set()))[0].add(parts[2])
    for line in und.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == 'U':
            obj = parts[0].rsplit(':', 2)[-2]
            objs.setdefault(obj, (set(), set()))[1].add(parts[2])
    return objs


def main(archives):
    objs = {}
    for a in archives:
        objs.update(symbols(a))
    owner = {}
    for obj, (defined, _) in objs.items():
        for f in defined:
            owner[f] = obj
    edges = {}
    for obj, (_, called) in objs.items():
        edges[obj] = {owner[f] for f in called if f in owner and owner[f] != obj}
    # The edge's label: the functions the first file calls in the second.
    graph = {a: [(b, ', '.join(sorted(f for f in objs[a][1] if owner.get(f) == b)))
                 for b in sorted(bs)] for a, bs in edges.items()}
    found = find_cycles(graph)
    for chain in found:
        print('circle of direct calls:')
        for a, calls, b in chain:
            print('  %s calls %s: %s' % (a, b, calls))
    n = sum(len(e) for e in edges.values())
    print('%d object files, %d calling edges, %d circle(s)' % (len(objs), n, len(found)))
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
