#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-bench --smoke --json (every part once, minimal iterations) exits 0 and
# prints exactly one JSON object with exactly the documented keys. No figure
# is judged: this is a test of the program, not of the machine.

set -u
BUILD=${RMC_BUILD_DIR:?run through meson test (RMC_BUILD_DIR unset)}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
export RMC_RUNTIME_DIR=$(mktemp -d /tmp/rmc-bench-it-XXXXXX)
out=$(mktemp /tmp/rmc-bench-it-XXXXXX.json)
err=$(mktemp /tmp/rmc-bench-it-XXXXXX.err)
trap 'rm -rf "$RMC_RUNTIME_DIR" "$out" "$err"' EXIT

if ! "$BUILD/app/rmc-bench/rmc-bench" -- --smoke --json >"$out" 2>"$err"; then
	echo "FAIL: rmc-bench exited non-zero"
	tail -30 "$err"
	exit 1
fi
grep -q 'targets met' "$err" || { echo "FAIL: no table on stderr"; tail -30 "$err"; exit 1; }
# stdout is exactly one JSON object (nothing before or after it); the progress is on
# stderr: each part announced, in plain lines (stderr is not a terminal here).
python3 -c 'import json, sys; d = json.loads(open(sys.argv[1]).read()); assert isinstance(d, dict)' \
	"$out" || { echo "FAIL: stdout is not exactly one JSON object"; head -c 600 "$out"; exit 1; }
grep -q '^rmc-bench: part 1/[0-9]* floors of this machine\.\.\.$' "$err" ||
	{ echo "FAIL: no part announced on stderr"; head -5 "$err"; exit 1; }
grep -q '^rmc-bench: part [0-9]*/[0-9]* .*: done in ' "$err" ||
	{ echo "FAIL: no part end on stderr"; exit 1; }
grep -q $'\r' "$err" && { echo "FAIL: a progress bar although stderr is not a terminal"; exit 1; }
# --quiet: no progress at all.
"$BUILD/app/rmc-bench/rmc-bench" -- --smoke --only sync --quiet >/dev/null 2>"$err" ||
	{ echo "FAIL: rmc-bench --quiet"; tail -5 "$err"; exit 1; }
grep -q '^rmc-bench: part' "$err" && { echo "FAIL: progress with --quiet"; exit 1; }
python3 "$SRC/usertools/rmc-bench-check.py" "$out" || { cat "$out"; exit 1; }
# The plotting tool turns it (twice: two runs in one figure) into PNG and PDF figures,
# when matplotlib is there (usertools/rmc-setup.sh installs python3-matplotlib).
plot=$(mktemp -d /tmp/rmc-bench-plot-XXXXXX)
if python3 "$SRC/usertools/rmc-bench-plot.py" "$out" "$out" -o "$plot/run" >"$plot/list" 2>"$plot/err"; then
	for f in latency throughput bandwidth; do
		head -c 8 "$plot/run-$f.png" | grep -q PNG || { echo "FAIL: run-$f.png"; exit 1; }
		head -c 5 "$plot/run-$f.pdf" | grep -q '%PDF' || { echo "FAIL: run-$f.pdf"; exit 1; }
	done
	echo "rmc-bench-plot.py: $(wc -l <"$plot/list") files"
elif grep -q 'needs matplotlib' "$plot/err"; then
	echo "rmc-bench-plot.py: skipped (no matplotlib here)"
else
	echo "FAIL: rmc-bench-plot.py"; cat "$plot/err"; rm -rf "$plot"; exit 1
fi
rm -rf "$plot"
# A bad option is refused with status 2.
"$BUILD/app/rmc-bench/rmc-bench" -- --bogus >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: rmc-bench -- --bogus did not exit 2"; exit 1; }
echo "rmc-bench smoke run: OK"
