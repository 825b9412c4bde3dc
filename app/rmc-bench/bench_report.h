/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_REPORT_H_
#define _BENCH_REPORT_H_

/* The results: a table for people, a JSON object for programs. */

#include <stdio.h>

#include "rmc_bench.h"

void bench_report_table(const struct bench_ctx *b, FILE *f);
void bench_report_json(const struct bench_ctx *b, FILE *f);

#endif /* _BENCH_REPORT_H_ */
