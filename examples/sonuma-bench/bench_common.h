/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_COMMON_H_
#define _BENCH_COMMON_H_

/*
 * What bench_server, bench_sync and bench_async share: the command line,
 * attaching through the libsonuma calls, and pinning away from the RMC.
 */

#include <inttypes.h>
#include <stdint.h>

#include <rte_rmc_node.h>
#include <sonuma.h>

/* As in the original: 4096 operations of 64 B, one per 4 KiB page of context 0. */
#define BENCH_ITERS 4096
#define BENCH_OBJ_SIZE 64
#define BENCH_CTX_ID 0

struct bench {
	const char *prog;
	int snid;            /* target node */
	char op;             /* 'r' or 'w' */
	double duration_s;   /* repeat passes until this much time passed; 0 = one pass */
	int pin;             /* move off the RMC's CPU */
	int fd;              /* kal handle */
	rmc_wq_t *wq;
	rmc_cq_t *cq;
	uint8_t *lbuff;
	uint8_t *ctx;
	uint64_t tsc_hz;
};

/* Parse "<nid> r|w [--duration S] [--no-pin]"; exits 2 with a message on error. */
void bench_parse(struct bench *b, int argc, char **argv);

/* kal_open, lbuff of lbuff_pages pages, WQ and CQ. Exits 1 on error. */
void bench_attach(struct bench *b, uint32_t lbuff_pages);

/* Seconds since the first call. */
double bench_elapsed(const struct bench *b, uint64_t t0);

/* bench_model.c: 1 and the target of a 64-byte request when a model applies to snid. */
int bench_model_target(const struct bench *b, uint64_t *target_ns);
/* Target, achieved p50 / p99 of the sorted samples (TSC ticks), error, below, late. */
void bench_model_report(const struct bench *b, const uint64_t *lat, uint64_t n,
		uint64_t target_ns);

/* Print a failed status and exit 1. */
void bench_fail_status(const struct bench *b, const char *what, uint64_t page, int status);

#endif /* _BENCH_COMMON_H_ */
