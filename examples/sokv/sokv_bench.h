/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SOKV_BENCH_H_
#define _SOKV_BENCH_H_

#include <pthread.h>

#include "sokv_client.h"
#include "sokv_zipf.h"

#define BENCH_MAX_SAMPLES (1u << 20)

struct bench_conf {
	enum sokv_get_mode get;
	enum sokv_put_mode put;
	double read_frac;       /* YCSB A 0.5, B 0.95, C 1 */
	char workload;
	double theta;           /* 0: uniform */
	uint64_t seed, keys;
	uint32_t value_size, threads, trials;
	double duration;        /* seconds per trial */
	uint64_t min_gets;      /* per thread and trial, however long it takes (tests) */
	uint32_t run_id;        /* in every tag this run writes (24 random bits) */
};

/* One client thread of one trial. */
struct bench_thread {
	pthread_t th;
	const struct bench_conf *conf;
	const struct sokv_zipf *zipf;
	struct sokv_client *c;
	unsigned int id;
	uint32_t trial;
	uint64_t hz;
	volatile uint64_t *seq;   /* every thread's last tag sequence (this run) */
	double *get_ns, *put_ns;
	uint64_t n_get, n_put, s_get, s_put;  /* ops and samples kept */
	uint64_t wrong, errors, node_down, earlier_run;
	struct sokv_counters cnt0;
};

/* The thread's body: closed loop for conf->duration seconds. */
void *bench_thread_run(void *arg);

#endif /* _SOKV_BENCH_H_ */
