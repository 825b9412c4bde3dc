/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_PERF_H_
#define _BENCH_PERF_H_

/*
 * What an idle node costs and what waking it costs: the hand-off floors of
 * this machine (a futex wake-up round trip between two threads on one CPU
 * and on two CPUs, a sched_yield() round trip on one CPU), the CPU time and
 * wake-ups per second of an idle node, the latency of its first request
 * after a pause, and the cost of the wake check on the post path (sync 64 B
 * reads with and without it, in the same run).
 */

#include <stdio.h>

#include "bench_stats.h"

struct bench_perf {
	struct bench_fig futex_rtt_1cpu_us; /* two wake-ups, both threads on one CPU */
	struct bench_fig futex_rtt_2cpu_us; /* two wake-ups, one thread on each CPU */
	struct bench_fig yield_rtt_1cpu_us; /* two sched_yield() hand-offs on one CPU */
	struct bench_fig idle_cpu_pct;      /* of one CPU, the node's threads */
	struct bench_fig idle_wakeups_per_s;
	struct bench_fig first_req_us;      /* sync 64 B read after idle_s idle */
	double idle_s;
	struct bench_fig wake_on_p50_ns;    /* sync 64 B read, wake check on the post path */
	struct bench_fig wake_off_p50_ns;   /* the same without it */
	unsigned int idle_trials;
	struct bench_fig guard_ns;          /* memory-fault guard, per access, one core */
};

struct bench_ctx;

/* bench_handoff.c */
int bench_handoff(struct bench_ctx *b);
/* bench_guard.c */
int bench_guard(struct bench_ctx *b);
/* bench_idle.c */
int bench_idle(struct bench_ctx *b);
/* bench_perf_report.c */
void bench_perf_table(const struct bench_ctx *b, FILE *f);
void bench_perf_json(const struct bench_ctx *b, FILE *f);

#endif /* _BENCH_PERF_H_ */
