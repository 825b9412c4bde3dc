/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_RUNINFO_H_
#define _BENCH_RUNINFO_H_

/*
 * What a figure needs beside it to be read later: the machine's CPU, the
 * date of the run, the sonuma commit it was built from, the plan and where
 * the two sides ran. The JSON's "run" object (doc/performance.md).
 */

#include <stdio.h>

#include "rmc_bench.h"

/* Note the run's start (its date): call once, before measuring. */
void bench_runinfo_start(void);

/* The "run" object's value: {"cpu": ..., "date": ..., ...}. */
void bench_runinfo_json(const struct bench_ctx *b, FILE *f);

#endif /* _BENCH_RUNINFO_H_ */
