/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The hand-off floors: what it costs one thread to make another run, the
 * bound of every design in which a requester and an RMC that do not both
 * poll hand work to each other. A round trip is two hand-offs:
 *   - futex, one CPU: both threads on the application's CPU, each sleeping
 *     in FUTEX_WAIT until the other wakes it;
 *   - futex, two CPUs: the same with the responder on the RMC's CPU;
 *   - sched_yield(), one CPU: both threads on one CPU, each yielding until
 *     the other has answered (no sleep: the scheduler's run-queue switch).
 * Threads of this process, pinned; nothing else of the benchmark runs.
 */

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

#include "bench_perf.h"
#include "rmc_bench.h"

struct handoff {
	uint32_t word __rte_aligned(64);
	uint32_t iters;
	int yield;   /* sched_yield() instead of the futex */
	int cpu;     /* of the responder */
};

static void
fwait(uint32_t *w, uint32_t val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void
fwake(uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

/* Wait until *w == want; the value before is want - 1. */
static void
handoff_wait(struct handoff *h, uint32_t want)
{
	while (__atomic_load_n(&h->word, __ATOMIC_ACQUIRE) != want) {
		if (h->yield)
			sched_yield();
		else
			fwait(&h->word, want - 1);
	}
}

static void
handoff_set(struct handoff *h, uint32_t v)
{
	__atomic_store_n(&h->word, v, __ATOMIC_RELEASE);
	if (!h->yield)
		fwake(&h->word);
}

static int
pin(int cpu)
{
	cpu_set_t cs;

	CPU_ZERO(&cs);
	CPU_SET(cpu, &cs);
	return pthread_setaffinity_np(pthread_self(), sizeof(cs), &cs);
}

static void *
responder(void *arg)
{
	struct handoff *h = arg;
	uint32_t i;

	pin(h->cpu);
	for (i = 0; i < h->iters; i++) {
		handoff_wait(h, 2 * i + 1);
		handoff_set(h, 2 * i + 2);
	}
	return NULL;
}

/* Median round trip of one run of n, in us; -1 on failure. */
static double
handoff_run(int cpu_req, int cpu_resp, int yield, uint32_t n)
{
	struct handoff *h = aligned_alloc(64, sizeof(*h));
	uint64_t *lat = malloc(sizeof(uint64_t) * n);
	cpu_set_t saved;
	pthread_t th;
	double p50 = -1;
	uint32_t i;

	if (h == NULL || lat == NULL)
		goto out;
	h->word = 0;
	h->iters = n;
	h->yield = yield;
	h->cpu = cpu_resp;
	pthread_getaffinity_np(pthread_self(), sizeof(saved), &saved);
	pin(cpu_req);
	if (pthread_create(&th, NULL, responder, h) != 0)
		goto restore;
	for (i = 0; i < n; i++) {
		uint64_t t0 = rte_rdtsc();

		handoff_set(h, 2 * i + 1);
		handoff_wait(h, 2 * i + 2);
		lat[i] = rte_rdtsc() - t0;
	}
	pthread_join(th, NULL);
	p50 = bench_pct_ns(lat, n, 50) / 1000;
restore:
	pthread_setaffinity_np(pthread_self(), sizeof(saved), &saved);
out:
	free(lat);
	free(h);
	return p50;
}

static int
handoff_fig(const struct bench_ctx *b, int cpu_req, int cpu_resp, int yield,
		struct bench_fig *f)
{
	uint32_t t, trials = RTE_MAX(RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS), 5u);
	uint32_t n = RTE_MAX(b->plan->floor_iters / 100, 20u);
	double v[BENCH_MAX_TRIALS];

	for (t = 0; t < trials; t++) {
		v[t] = handoff_run(cpu_req, cpu_resp, yield, n);
		if (v[t] < 0)
			return -1;
	}
	*f = bench_fig_of(v, trials);
	return 0;
}

int
bench_handoff(struct bench_ctx *b)
{
	struct bench_perf *p = &b->r.perf;
	int app = b->r.app_cpu, rmc = b->r.rmc_cpu;

	if (app < 0 || rmc < 0 || app == rmc) {
		fprintf(stderr, "rmc-bench: hand-off floors need two CPUs (application %d, "
			"RMC %d)\n", app, rmc);
		return -1;
	}
	if (handoff_fig(b, app, app, 0, &p->futex_rtt_1cpu_us) < 0 ||
			handoff_fig(b, app, rmc, 0, &p->futex_rtt_2cpu_us) < 0 ||
			handoff_fig(b, app, app, 1, &p->yield_rtt_1cpu_us) < 0 ||
			bench_guard(b) < 0) {
		fprintf(stderr, "rmc-bench: hand-off floors failed\n");
		return -1;
	}
	return 0;
}
