#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# examples/sokv/sokv-plot.py draws doc/sokv.md's plots from the kept
# sokv-figures.sh outputs (doc/figures/sokv/): both figures, PNG and PDF, into
# a folder of its own (the committed ones are left alone); a bad argument is
# refused with status 2. Skipped (77) without the system's matplotlib.

set -eu
SRC=${RMC_SOURCE_DIR:?run through meson test}
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || { echo "no python3-matplotlib"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
kept=$SRC/doc/figures/sokv
get=()
for l in 0 500 1000 2000 5000; do
	get+=("$l=$kept/get-$l.txt")
done
"$SRC/examples/sokv/sokv-plot.py" -o "$out/p" --get "${get[@]}" \
	--retries "0=$kept/retries-0.txt" "5000=$kept/retries-5000.txt"
for f in get-latency retries; do
	for ext in png pdf; do
		[ -s "$out/p-$f.$ext" ] || { echo "FAIL: p-$f.$ext not drawn"; exit 1; }
	done
done
if "$SRC/examples/sokv/sokv-plot.py" -o "$out/q" --get nofile >/dev/null 2>&1; then
	echo "FAIL: a LAT=FILE without '=' was accepted"; exit 1
fi
echo "PASS: both plots drawn (PNG and PDF)"
