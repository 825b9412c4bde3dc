#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""The tree's rules of size and layering, for lib/ and drivers/ (test tree_check).

Usage: check_tree.py SOURCE_ROOT

Fails (exit 1) when, under lib/ or drivers/:
  size      a .c or .h file is over MAX_FILE_LINES lines;
  function  a C function is over MAX_FUNC_LINES lines, counted from its '{' to
            its '}' (DPDK style: the definition starts at column 0, then '{'
            and the matching '}' alone at column 0);
  layer     a file of lib/librte_rmc/app/ includes a header of node/, rmc/ or
            proto/, or one of those includes a header of app/ (common/ and
            the headers at lib/librte_rmc/ itself serve both sides; there,
            rmc_driver.h is the seam of the drivers);
  driver    a file of drivers/ includes a header of lib/ other than
            rmc_driver.h and the public ones (rte_rmc*.h, sonuma.h);
  cycle     headers of lib/ include each other through a chain;
  stale     an exception below no longer matches a violation: a rule that is
            kept again must not keep its exception.

Each violation is printed as 'path:line: rule: what (limit)'. An exception
is a violation accepted on purpose; each is listed below with its reason.
"""

import os
import re
import sys

MAX_FILE_LINES = 600
MAX_FUNC_LINES = 100

# Accepted violations, each with why. Keys: 'path' (size), 'path:function'
# (function), 'path -> header' (layer, driver) and 'a.h -> b.h -> a.h' (cycle,
# as printed, starting from the first of its files in sorted order).
EXCEPTIONS = {}

LIB_RMC = 'lib/librte_rmc/'
LOW_LAYERS = ('node', 'rmc', 'proto')
DRIVER_SEAM = 'rmc_driver.h'
PUBLIC_HEADER = re.compile(r'^(rte_rmc\w*\.h|sonuma\.h)$')
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
FUNC_NAME = re.compile(r'(\w+)\s*\(')


def sources(root):
    """Paths (relative to root) of the .c and .h files of lib/ and drivers/."""
    out = []
    for top in ('lib', 'drivers'):
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(x for x in dirs if not x.startswith('.'))
            for f in sorted(files):
                if f.endswith(('.c', '.h')):
                    out.append(os.path.relpath(os.path.join(d, f), root))
    return out


def read_lines(root, path):
    with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
        return f.read().split('\n')


def functions(lines):
    """(name, line of its '{', body lines) of each function definition."""
    out = []
    i = 0
    while i < len(lines):
        if lines[i].rstrip() != '{':
            i += 1
            continue
        # The definition: the last line at column 0 before the '{' (the
        # parameters may continue on indented lines).
        j = i - 1
        while j >= 0 and lines[j][:1] in (' ', '\t'):
            j -= 1
        m = FUNC_NAME.search(lines[j]) if j >= 0 else None
        if m is None or lines[j].startswith('#'):
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not lines[end].startswith('}'):
            end += 1
        out.append((m.group(1), i + 1, end - i + 1))
        i = end + 1
    return out


def includes(lines):
    """(line number, included name) of each #include."""
    out = []
    for n, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if m:
            out.append((n, m.group(1)))
    return out


def resolve(path, name, by_name):
    """The file of the tree an include names: next to the includer first,
    then by name anywhere in lib/ and drivers/ (the include directories of
    the build); None for a header from elsewhere (DPDK, libc)."""
    near = os.path.normpath(os.path.join(os.path.dirname(path), name))
    if near in by_name.get(os.path.basename(name), []):
        return near
    found = by_name.get(os.path.basename(name), [])
    if len(found) == 1:
        return found[0]
    # The same name twice: prefer the one in the includer's own top folder.
    for f in found:
        if f.split('/')[:2] == path.split('/')[:2]:
            return f
    return found[0] if found else None


def layer(path):
    """app, node, rmc, proto, common, or '' for lib/librte_rmc/ itself."""
    if not path.startswith(LIB_RMC):
        return None
    rest = path[len(LIB_RMC):].split('/')
    return rest[0] if len(rest) > 1 else ''


def check_sizes(path, lines, report):
    n = len(lines) - 1 if lines and lines[-1] == '' else len(lines)
    if n > MAX_FILE_LINES:
        report(path, path, 1, 'size', '%d lines (limit %d)' % (n, MAX_FILE_LINES))
    for name, line, length in functions(lines):
        if length > MAX_FUNC_LINES:
            report('%s:%s' % (path, name), path, line, 'function',
                   '%s() is %d lines (limit %d)' % (name, length, MAX_FUNC_LINES))


def check_include(path, line, target, report):
    """The layer and driver rules for one include of a file of the tree."""
    key = '%s -> %s' % (path, target)
    base = os.path.basename(target)
    src, dst = layer(path), layer(target)
    if src == 'app' and dst in LOW_LAYERS:
        report(key, path, line, 'layer', 'app/ includes %s (%s/ is below the '
               'application side; only common/ and lib/librte_rmc/*.h are shared)'
               % (target, dst))
    elif src in LOW_LAYERS and dst == 'app':
        report(key, path, line, 'layer', '%s/ includes %s (app/ is above it)' % (src, target))
    if path.startswith('drivers/') and target.startswith('lib/'):
        if not (target == LIB_RMC + DRIVER_SEAM or PUBLIC_HEADER.match(base)):
            report(key, path, line, 'driver', 'includes %s (a driver may include only '
                   '%s and the public rte_rmc*.h, sonuma.h of lib/)' % (target, DRIVER_SEAM))


def find_cycles(graph):
    """One cycle per strongly connected component of more than one file (or
    a file that includes itself), as a list of (file, line, next file)."""
    index, low, stack, on, comps = {}, {}, [], set(), []

    def strong(v):
        # Recursion is bounded by the number of headers (a few hundred).
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w, _ in graph.get(v, []):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    cycles = []
    for comp in comps:
        members = set(comp)
        start = comp[0]
        if len(comp) == 1 and all(w != start for w, _ in graph.get(start, [])):
            continue
        # A path back to the start inside the component (breadth first: the
        # shortest, so that the chain printed is the one to cut).
        prev = {start: None}
        queue = [start]
        found = None
        while queue and found is None:
            v = queue.pop(0)
            for w, line in graph.get(v, []):
                if w == start:
                    found = (v, line)
                    break
                if w in members and w not in prev:
                    prev[w] = (v, line)
                    queue.append(w)
        chain = [(found[0], found[1], start)]
        v = found[0]
        while prev[v] is not None:
            chain.insert(0, (prev[v][0], prev[v][1], v))
            v = prev[v][0]
        cycles.append(chain)
    return cycles


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.exit('usage: check_tree.py SOURCE_ROOT')
    root = argv[1]
    files = sources(root)
    by_name = {}
    for f in files:
        by_name.setdefault(os.path.basename(f), []).append(f)
    violations, excused, used = [], [], set()

    def report(key, path, line, rule, what):
        if key in EXCEPTIONS:
            used.add(key)
            excused.append('%s:%d: %s: %s [exception: %s]' % (path, line, rule, what,
                                                              EXCEPTIONS[key]))
        else:
            violations.append('%s:%d: %s: %s' % (path, line, rule, what))

    graph = {}
    for path in files:
        lines = read_lines(root, path)
        check_sizes(path, lines, report)
        for line, name in includes(lines):
            target = resolve(path, name, by_name)
            if target is None:
                continue
            check_include(path, line, target, report)
            if path.startswith('lib/') and target.startswith('lib/'):
                graph.setdefault(path, []).append((target, line))
    for chain in find_cycles(graph):
        key = ' -> '.join([c[0] for c in chain] + [chain[0][0]])
        first = chain[0]
        report(key, first[0], first[1], 'cycle', 'include cycle: %s (%s)' % (
            key, ', '.join('%s:%d' % (c[0], c[1]) for c in chain)))
    for key in sorted(set(EXCEPTIONS) - used):
        violations.append('%s: stale: the exception "%s" matches no violation any more: '
                          'remove it' % (key.split(':')[0].split(' ')[0], key))

    for v in excused:
        print(v)
    for v in violations:
        print(v)
    print('%d files of lib/ and drivers/ checked: %d violation(s), %d accepted by an '
          'exception' % (len(files), len(violations), len(excused)))
    return 1 if violations else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
