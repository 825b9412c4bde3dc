#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""The autotests of rmc-test, read from their registrations in the C sources.

Each test is registered once, in C, with how meson runs it:

    RMC_REGISTER_TEST(name, function,
            .suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

test/meson.build runs this at configure time over the sources rmc-test is
built from, and makes one meson test per line written:

    name suite timeout no_huge memcheck

Unknown attributes, a missing suite or timeout, and a name given twice are
errors here rather than tests that quietly run differently.

Usage: list_autotests.py OUTPUT|- SOURCE.c...
"""

import re
import sys

# At column 0, as DPDK style writes a registration; comments that name a
# test (" *  - hostile_race_autotest: ...") are not registrations.
REGISTRATION = re.compile(r'^RMC_REGISTER_TEST\((.*?)\);', re.M | re.S)
ATTRIBUTE = re.compile(r'^\.(\w+)\s*=\s*(.+)$')
# known-failing: tests of bugs still open; CI (usertools/rmc-check.sh) skips the suite.
SUITES = ('fast-tests', 'fabric', 'reliability', 'sokv', 'known-failing')
# The attributes and their value when a registration leaves them out (the
# zero of the C initialiser).
DEFAULTS = {'suite': None, 'timeout': None, 'no_huge': '0', 'memcheck': '0'}


def parse_registration(path, line, text):
    """[name, suite, timeout, no_huge, memcheck] of one registration."""
    words = [w.strip() for w in text.split(',')]
    where = '%s:%d' % (path, line)
    if len(words) < 2 or not re.fullmatch(r'\w+', words[0]):
        sys.exit('%s: cannot read the registration "%s"' % (where, text))
    attrs = dict(DEFAULTS)
    for word in words[2:]:
        m = ATTRIBUTE.match(word)
        if m is None or m.group(1) not in DEFAULTS:
            sys.exit('%s: %s: unknown attribute "%s" (known: %s)' %
                     (where, words[0], word, ', '.join(DEFAULTS)))
        attrs[m.group(1)] = m.group(2).strip().strip('"')
    for key, value in attrs.items():
        if value is None:
            sys.exit('%s: %s: .%s is not given' % (where, words[0], key))
    if attrs['suite'] not in SUITES:
        sys.exit('%s: %s: suite "%s" is not one of %s' %
                 (where, words[0], attrs['suite'], ', '.join(SUITES)))
    for key in ('timeout', 'no_huge', 'memcheck'):
        if not attrs[key].isdigit():
            sys.exit('%s: %s: .%s = %s is not a number' % (where, words[0], key, attrs[key]))
    return [words[0], attrs['suite'], attrs['timeout'], attrs['no_huge'], attrs['memcheck']]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    tests = {}
    for path in argv[2:]:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for m in REGISTRATION.finditer(text):
            line = text.count('\n', 0, m.start()) + 1
            test = parse_registration(path, line, ' '.join(m.group(1).split()))
            if test[0] in tests:
                sys.exit('%s:%d: %s is registered twice (also in %s)' %
                         (path, line, test[0], tests[test[0]][0]))
            tests[test[0]] = ('%s:%d' % (path, line), test)
    lines = ''.join(' '.join(tests[name][1]) + '\n' for name in sorted(tests))
    if argv[1] == '-':
        sys.stdout.write(lines)
    else:
        with open(argv[1], 'w', encoding='utf-8') as out:
            out.write(lines)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
