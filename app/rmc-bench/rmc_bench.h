/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_BENCH_H_
#define _RMC_BENCH_H_

/*
 * rmc-bench: the RMC's figures beside the physical floors of this machine,
 * measured in the same run on the same two CPUs: the application
 * thread on the main lcore, node 0's RMC on the worker lcore.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_rmc.h>
#include <rte_rmc_node.h>

#include "bench_perf.h"
#include "bench_stats.h"

#define BENCH_NB_SIZES 6
#define BENCH_NB_DEPTHS 5
#define BENCH_NB_BW 3
#define BENCH_NB_TARGETS 3
#define BENCH_MANY_NODES 16

/* How much to measure: --smoke, --quick or the full run. */
struct bench_plan {
	const char *name;
	uint32_t floor_iters;   /* round trips per floor trial */
	uint32_t lat_iters;     /* sync requests per size up to 4 KiB */
	uint32_t lat_iters_big; /* sync requests per size from 64 KiB */
	/*
	 * Trials of each figure, floors and RMC alike: the figure is their
	 * median, printed with the smallest and the largest (never the best
	 * of them: the machines are shared, and a best-of-N reports the rare
	 * undisturbed moment as if it were the machine).
	 */
	uint32_t trials;
	double tput_s;          /* seconds per throughput trial */
	uint32_t many_rounds;   /* all-to-all rounds on 16 nodes */
};

struct bench_results {
	/* Floors. */
	struct bench_fig c2c_rtt_ns;
	struct bench_fig rmc_rtt_ns;
	struct bench_fig memcpy_gbps;
	struct bench_fig memcpy_libc_gbps;
	struct bench_fig memcpy_rte_gbps;
	struct bench_fig ring_burst_mops;
	/* RMC. */
	struct bench_fig sync_p50[2][BENCH_NB_SIZES]; /* [0] read, [1] write */
	struct bench_fig sync_p99[2][BENCH_NB_SIZES];
	struct bench_fig async_mops[BENCH_NB_DEPTHS];
	struct bench_fig bw_gbps[2][BENCH_NB_BW];
	struct bench_fig lat_p50[BENCH_NB_TARGETS];
	int lat_below[BENCH_NB_TARGETS]; /* late completions, per ten thousand */
	double lat_platform_ns;
	struct bench_fig inline_p50;
	double many_p50[2];
	uint64_t many_checked;
	/* Software costs on one core, caches hot (what bounds the figures). */
	double sw_sync_ns;       /* post + one RMC pass + reap, one request */
	double sw_pass_ns;       /* an RMC pass with nothing to do */
	double sw_burst_rmc_ns;  /* RMC, per request, bursts of 32 */
	double sw_burst_app_ns;  /* application, per request, bursts of 32 */
	/* The two round-trip floors measured again after the 2-node figures. */
	struct bench_fig c2c_rtt_end_ns;
	struct bench_fig rmc_rtt_end_ns;
	/* Idle node, hand-off floors, wake check (bench_perf.h). */
	struct bench_perf perf;
	/* Set-up. */
	int app_cpu;
	int rmc_cpu;
	double tsc_ghz;
};

/* Parts of a run (--only). */
#define BENCH_PART_SYNC 0x01
#define BENCH_PART_ASYNC 0x02
#define BENCH_PART_BW 0x04
#define BENCH_PART_MODEL 0x08
#define BENCH_PART_INLINE 0x10
#define BENCH_PART_MANY 0x20
#define BENCH_PART_COST 0x40
#define BENCH_PART_IDLE 0x80
#define BENCH_PART_ALL 0xff

struct bench_ctx {
	const struct bench_plan *plan;
	unsigned int parts;    /* BENCH_PART_* to run */
	unsigned int worker;   /* lcore of node 0's RMC and of the floors' other side */
	char cluster[RTE_RMC_NAME_MAX];
	struct bench_results r;
};

#endif /* _RMC_BENCH_H_ */
