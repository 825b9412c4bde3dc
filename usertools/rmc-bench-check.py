#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
"""Check that rmc-bench --json printed exactly one JSON object with exactly
the documented keys (doc/performance.md), every value a finite number.

Usage: rmc-bench-check.py FILE   (or - for standard input)
Exit status 0 when it conforms; otherwise each problem is printed.
"""

import json
import math
import sys

SIZES = ["8", "64", "512", "4096", "65536", "1048576"]
DEPTHS = ["1", "8", "32", "64", "128"]
BW_SIZES = ["4096", "65536", "1048576"]
TARGETS = ["1000", "2000", "5000"]
# What the run was: text and numbers, not figures (checked apart).
RUN_KEYS = {"cpu", "cpus_online", "host", "date", "commit", "plan", "app_cpu", "rmc_cpu",
            "tsc_ghz"}
MODEL_TARGETS = ["500", "1000", "2000", "5000"]
MODEL_ONCE = {"latency_model_table." + k for k in
              ("below_target", "samples", "law_ks", "law_p99_ns")}
# Transfers against bytes / bandwidth: KiB x how many at once.
XFERS = [f"xfer_{kib}k_x{n}" for kib in ("64", "1024") for n in ("1", "4")]
MODEL_ONCE |= {f"latency_model_table.{x}_expect_ns" for x in XFERS}


def expected_keys():
    keys = {"floors.c2c_rtt_ns", "floors.rmc_rtt_ns", "floors.memcpy_gbps",
            "floors.ring_burst_mops", "inline.read_64.p50_ns"}
    for op in ("read", "write"):
        for s in SIZES:
            keys.add(f"sync.{op}.{s}.p50_ns")
            keys.add(f"sync.{op}.{s}.p99_ns")
        for s in BW_SIZES:
            keys.add(f"bandwidth.{op}.{s}.gbps")
    for d in DEPTHS:
        keys.add(f"async.read_64.{d}.mops")
    for t in TARGETS:
        keys.add(f"latency_model.{t}.p50_ns")
    keys |= {"handoff.futex_rtt_1cpu_us", "handoff.futex_rtt_2cpu_us",
             "handoff.yield_rtt_1cpu_us", "idle.cpu_pct", "idle.wakeups_per_s",
             "idle.first_req_us", "wake_check.read_64.on_p50_ns",
             "wake_check.read_64.off_p50_ns", "guard.access_ns"}
    for t in MODEL_TARGETS:
        for op in ("read", "write"):
            for s in ("64", "4096"):
                keys.add(f"latency_model_table.{t}.sync_{op}_{s}_p50_ns")
        for d in ("1", "4", "16"):
            keys.add(f"latency_model_table.{t}.async_depth_{d}_ops")
    for x in XFERS:
        keys.add(f"latency_model_table.{x}_ns")
    # Every figure is the median of its trials, with their range beside it;
    # the model table's counts and law check are single figures.
    return keys | {k + "_min" for k in keys} | {k + "_max" for k in keys} | MODEL_ONCE


def flatten(obj, prefix, out, problems):
    for k, v in obj.items():
        path = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            flatten(v, path, out, problems)
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            problems.append(f"{path}: not a number ({v!r})")
        elif not math.isfinite(v) or v < 0:
            problems.append(f"{path}: {v} is not a finite non-negative number")
        else:
            out[path] = v


def main():
    src = sys.stdin if len(sys.argv) < 2 or sys.argv[1] == "-" else open(sys.argv[1])
    text = src.read()
    try:
        obj, end = json.JSONDecoder().raw_decode(text.strip())
    except json.JSONDecodeError as e:
        print(f"not JSON: {e}")
        return 1
    problems = []
    if text.strip()[end:].strip():
        problems.append("more than one JSON object (or trailing text) on stdout")
    if not isinstance(obj, dict):
        print("not a JSON object")
        return 1
    flat = {}
    run = obj.pop("run", None)
    if not isinstance(run, dict) or set(run) != RUN_KEYS:
        problems.append(f"'run' must be an object with keys {sorted(RUN_KEYS)}: {run!r}")
    flatten(obj, "", flat, problems)
    want = expected_keys()
    for k in sorted(want - flat.keys()):
        problems.append(f"missing key {k}")
    for k in sorted(flat.keys() - want):
        problems.append(f"unexpected key {k}")
    for p in problems:
        print(p)
    if not problems:
        print(f"rmc-bench JSON: {len(flat)} keys, as documented")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
