/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_MODEL_H_
#define _BENCH_MODEL_H_

/*
 * rmc-bench's latency-model table (bench_model.c): targets 500, 1000, 2000,
 * 5000 ns; sync reads and writes of 64 B and 4 KiB; async 64-byte reads at
 * depths 1, 4, 16 against depth / L; a law check (KS distance, p99).
 */

#include <stdio.h>

#include "rmc_bench.h"

/* Run the table: node 'dst' is the destination of the requests of 'qp'. */
int bench_model_run(struct bench_ctx *b, struct rte_rmc_node *dst, struct rte_rmc_qp *qp,
		const struct rte_rmc_lbuf *lb);
/* Print it (nothing if it did not run). */
void bench_model_table(FILE *f);
/* Its JSON members, each preceded by ", " (nothing if it did not run). */
void bench_model_json(FILE *f);

#endif /* _BENCH_MODEL_H_ */
