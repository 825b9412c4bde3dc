/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The physical floors, between the main lcore (the application's CPU) and
 * the worker lcore (the RMC's CPU):
 *   - c2c: a 64-byte cache line bounced there and back;
 *   - rmc: an ideal polling request/response: the requester writes a request
 *     line, the other core copies 64 bytes as it says and writes a completion
 *     line, which the requester polls (what an RMC does, with nothing else);
 *   - memcpy: one core copying 1 MiB to 1 MiB of hot memory (the better of
 *     libc memcpy and rte_memcpy);
 *   - ring: rte_ring SP/SC, bursts of 32 elements of 64 bytes, one core
 *     enqueuing and the other dequeuing.
 * Neither side pauses while it polls: these are floors.
 */

#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memcpy.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "bench_floors.h"
#include "bench_stats.h"

/*
 * Each line the two sides exchange gets a 128-byte block of its own: the
 * L2 prefetchers fetch lines in aligned pairs, and two exchanged lines in one
 * pair would cost more than the floor.
 */
struct pingpong {
	uint64_t req __rte_aligned(128);      /* written by the requester */
	uint64_t resp __rte_aligned(128);     /* written by the responder */
	uint8_t src[64] __rte_aligned(128);   /* the responder's data */
	uint8_t dst[64] __rte_aligned(128);
	uint32_t iters;
	int copy;
};

static int
floor_responder(void *arg)
{
	struct pingpong *p = arg;
	uint64_t i;

	for (i = 1; i <= p->iters; i++) {
		while (__atomic_load_n(&p->req, __ATOMIC_ACQUIRE) != i)
			;
		if (p->copy)
			rte_memcpy(p->dst, p->src, 64);
		__atomic_store_n(&p->resp, i, __ATOMIC_RELEASE);
	}
	return 0;
}

/* p50 round trip of one ping-pong run of n round trips, in ns. */
static double
floor_pingpong_run(struct bench_ctx *b, int copy, uint32_t n)
{
	uint32_t i;
	struct pingpong *p;
	uint64_t *lat;
	double p50;

	p = rte_zmalloc("rmcb_pp", sizeof(*p), 128);
	lat = malloc(sizeof(*lat) * n);
	if (p == NULL || lat == NULL) {
		rte_free(p);
		free(lat);
		return -1;
	}
	p->iters = n;
	p->copy = copy;
	memset(p->src, 0x5a, sizeof(p->src));
	if (rte_eal_remote_launch(floor_responder, p, b->worker) != 0) {
		rte_free(p);
		free(lat);
		return -1;
	}
	for (i = 1; i <= n; i++) {
		uint64_t t0 = rte_rdtsc();

		__atomic_store_n(&p->req, i, __ATOMIC_RELEASE);
		while (__atomic_load_n(&p->resp, __ATOMIC_ACQUIRE) != i)
			;
		lat[i - 1] = rte_rdtsc() - t0;
	}
	rte_eal_wait_lcore(b->worker);
	/* Skip the first tenth: warm-up. */
	p50 = bench_pct_ns(lat + n / 10, n - n / 10, 50);
	rte_free(p);
	free(lat);
	return p50;
}

/* The round trip as a figure: the median of the plan's trials, with the spread. */
static struct bench_fig
floor_pingpong(struct bench_ctx *b, int copy)
{
	uint32_t t, trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS);
	double v[BENCH_MAX_TRIALS];

	for (t = 0; t < trials; t++) {
		v[t] = floor_pingpong_run(b, copy, b->plan->floor_iters / trials + 10);
		if (v[t] < 0)
			return BENCH_FIG_FAIL;
	}
	return bench_fig_of(v, trials);
}

struct copy_job {
	uint8_t *src;
	uint8_t *dst;
	uint64_t size;
	uint64_t budget;     /* TSC ticks to copy for */
	uint32_t reps;       /* copies done */
	int use_rte;
	uint64_t ticks;
};

static int
floor_copy(void *arg)
{
	struct copy_job *j = arg;
	uint64_t t0, now;
	uint32_t i;

	for (i = 0; i < 4; i++)
		memcpy(j->dst, j->src, j->size);
	t0 = rte_rdtsc();
	i = 0;
	do {
		if (j->use_rte)
			rte_memcpy(j->dst, j->src, j->size);
		else
			memcpy(j->dst, j->src, j->size);
		/* Keep the compiler from merging the copies. */
		__asm__ volatile("" : : "r"(j->dst) : "memory");
		i++;
		now = rte_rdtsc();
	} while (now - t0 < j->budget);
	j->reps = i;
	j->ticks = now - t0;
	return 0;
}

/* GB/s (10^9 bytes per second) of one-core copies of 1 MiB, on the worker. */
static struct bench_fig
floor_memcpy(struct bench_ctx *b, int use_rte)
{
	struct copy_job j;
	double v[BENCH_MAX_TRIALS];
	uint32_t t, trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS);

	memset(&j, 0, sizeof(j));
	j.size = 1 << 20;
	j.src = rte_malloc("rmcb_src", j.size, 4096);
	j.dst = rte_malloc("rmcb_dst", j.size, 4096);
	if (j.src == NULL || j.dst == NULL) {
		rte_free(j.src);
		rte_free(j.dst);
		return BENCH_FIG_FAIL;
	}
	memset(j.src, 0x11, j.size);
	memset(j.dst, 0x22, j.size);
	j.use_rte = use_rte;
	j.budget = (uint64_t)(b->plan->tput_s / 2 * rte_rmc_tsc_hz_local());
	for (t = 0; t < trials; t++) {
		if (rte_eal_remote_launch(floor_copy, &j, b->worker) != 0) {
			rte_free(j.src);
			rte_free(j.dst);
			return BENCH_FIG_FAIL;
		}
		rte_eal_wait_lcore(b->worker);
		v[t] = (double)j.size * j.reps / bench_ns(j.ticks);
	}
	rte_free(j.src);
	rte_free(j.dst);
	return bench_fig_of(v, trials);
}

#define RING_BURST 32
#define RING_ELEM 64

struct ring_job {
	struct rte_ring *r;
	uint64_t got;
	uint32_t stop;       /* set by the producer when its time is up */
	uint64_t end_tsc;
};

static int
floor_ring_consumer(void *arg)
{
	struct ring_job *j = arg;
	uint8_t buf[RING_BURST * RING_ELEM] __rte_aligned(64);
	uint64_t got = 0;
	unsigned int n;

	for (;;) {
		n = rte_ring_dequeue_burst_elem(j->r, buf, RING_ELEM, RING_BURST, NULL);
		got += n;
		if (n == 0 && __atomic_load_n(&j->stop, __ATOMIC_ACQUIRE) &&
				rte_ring_empty(j->r))
			break;
	}
	j->end_tsc = rte_rdtsc();
	j->got = got;
	return 0;
}

/*
 * Millions of 64-byte elements per second through an SP/SC rte_ring, for the
 * plan's time (so that a busy machine makes it slower, not longer).
 */
static struct bench_fig
floor_ring(struct bench_ctx *b)
{
	uint8_t buf[RING_BURST * RING_ELEM] __rte_aligned(64);
	uint64_t hz = rte_rmc_tsc_hz_local();
	struct ring_job j;
	double v[BENCH_MAX_TRIALS];
	uint32_t t, trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS);

	memset(buf, 0x33, sizeof(buf));
	memset(&j, 0, sizeof(j));
	j.r = rte_ring_create_elem("rmcb_ring", RING_ELEM, 1024, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (j.r == NULL)
		return BENCH_FIG_FAIL;
	for (t = 0; t < trials; t++) {
		uint64_t t0, t_end, k = 0;

		j.stop = 0;
		if (rte_eal_remote_launch(floor_ring_consumer, &j, b->worker) != 0) {
			rte_ring_free(j.r);
			return BENCH_FIG_FAIL;
		}
		t0 = rte_rdtsc();
		t_end = t0 + (uint64_t)(b->plan->tput_s * hz);
		do {
			rte_ring_enqueue_burst_elem(j.r, buf, RING_ELEM, RING_BURST, NULL);
		} while ((++k & 63) != 0 || rte_rdtsc() < t_end);
		__atomic_store_n(&j.stop, 1, __ATOMIC_RELEASE);
		rte_eal_wait_lcore(b->worker);
		v[t] = (double)j.got / bench_ns(j.end_tsc - t0) * 1e3;
	}
	rte_ring_free(j.r);
	return bench_fig_of(v, trials);
}

int
bench_floors(struct bench_ctx *b)
{
	struct bench_results *r = &b->r;

	r->c2c_rtt_ns = floor_pingpong(b, 0);
	r->rmc_rtt_ns = floor_pingpong(b, 1);
	r->memcpy_libc_gbps = floor_memcpy(b, 0);
	r->memcpy_rte_gbps = floor_memcpy(b, 1);
	r->memcpy_gbps = r->memcpy_libc_gbps.med >= r->memcpy_rte_gbps.med ?
		r->memcpy_libc_gbps : r->memcpy_rte_gbps;
	r->ring_burst_mops = floor_ring(b);
	if (r->c2c_rtt_ns.min <= 0 || r->rmc_rtt_ns.min <= 0 || r->memcpy_gbps.min <= 0 ||
			r->ring_burst_mops.min <= 0) {
		fprintf(stderr, "rmc-bench: cannot measure the floors (out of memory?)\n");
		return -1;
	}
	return 0;
}

/*
 * The round trips again, after the RMC's figures: on a virtual machine the host may move
 * the two CPUs during a run (here the round trip is either about 110 or about
 * 470 ns), and then ratios to the floors of the start mean little.
 */
int
bench_floors_recheck(struct bench_ctx *b)
{
	b->r.c2c_rtt_end_ns = floor_pingpong(b, 0);
	b->r.rmc_rtt_end_ns = floor_pingpong(b, 1);
	return b->r.c2c_rtt_end_ns.min > 0 && b->r.rmc_rtt_end_ns.min > 0 ? 0 : -1;
}
