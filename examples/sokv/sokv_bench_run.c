/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A sokv-bench client thread: a closed loop of GETs and PUTs on keys drawn
 * from the seeded generator, each timed; every value read is checked: its
 * bytes are those sokv_value_fill() makes for its key and a tag, and a tag of
 * this run names a write that was issued (writer thread and a sequence number
 * it reached). A wrong value or an unexpected status is counted and fails
 * the run.
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_cycles.h>

#include "sokv_bench.h"

/* A tag: the run (24 bits), the writer thread (8), its write sequence number (32). */
#define TAG(run, thr, seq) ((uint64_t)(run) << 40 | (uint64_t)(thr) << 32 | (seq))

static void
bench_check(struct bench_thread *t, uint64_t key, const uint8_t *v, uint32_t vlen)
{
	uint64_t tag, thr, seq;

	if (vlen != t->conf->value_size || sokv_value_check(v, vlen, key, &tag) < 0) {
		if (t->wrong++ < 5)
			fprintf(stderr, "sokv-bench: WRONG VALUE for key %" PRIu64 " (%u bytes)\n",
				key, vlen);
		return;
	}
	if (tag == 0)
		return; /* the server's preload */
	if ((tag >> 40) != t->conf->run_id) {
		t->earlier_run++;
		return;
	}
	thr = (tag >> 32) & 0xff;
	seq = tag & UINT32_MAX;
	if (thr == 0 || thr > t->conf->threads ||
			seq > __atomic_load_n(&t->seq[thr - 1], __ATOMIC_ACQUIRE)) {
		if (t->wrong++ < 5)
			fprintf(stderr, "sokv-bench: key %" PRIu64 ": a value never written (tag %"
				PRIx64 ")\n", key, tag);
	}
}

static void
bench_status(struct bench_thread *t, int st, const char *op, uint64_t key)
{
	if (st == SOKV_NODE_DOWN) {
		t->node_down++;
		return;
	}
	if (t->errors++ < 5)
		fprintf(stderr, "sokv-bench: %s of key %" PRIu64 ": %s\n", op, key,
			sokv_strstatus(st));
}

static void
bench_get(struct bench_thread *t, uint64_t key, uint8_t *v)
{
	uint64_t t0 = rte_rdtsc(), ver;
	uint32_t vlen = 0;
	int st;

	st = sokv_get(t->c, key, v, &vlen, &ver);
	if (t->s_get < BENCH_MAX_SAMPLES)
		t->get_ns[t->s_get++] = (double)(rte_rdtsc() - t0) * 1e9 / (double)t->hz;
	t->n_get++;
	if (st != SOKV_OK)
		bench_status(t, st, "GET", key);
	else
		bench_check(t, key, v, vlen);
}

static void
bench_put(struct bench_thread *t, uint64_t key, uint8_t *v, uint64_t *seq)
{
	uint64_t t0, tag;
	int st;

	tag = TAG(t->conf->run_id, t->id + 1, ++*seq);
	sokv_value_fill(v, t->conf->value_size, key, tag);
	/* Published before the write: a reader may see the value as soon as it lands. */
	__atomic_store_n(&t->seq[t->id], *seq, __ATOMIC_RELEASE);
	t0 = rte_rdtsc();
	st = sokv_put(t->c, key, v, t->conf->value_size);
	if (t->s_put < BENCH_MAX_SAMPLES)
		t->put_ns[t->s_put++] = (double)(rte_rdtsc() - t0) * 1e9 / (double)t->hz;
	t->n_put++;
	if (st != SOKV_OK)
		bench_status(t, st, "PUT", key);
}

void *
bench_thread_run(void *arg)
{
	struct bench_thread *t = arg;
	uint8_t v[SOKV_MAX_VALUE];
	struct sokv_rng r;
	uint64_t end, key, seq;

	seq = __atomic_load_n(&t->seq[t->id], __ATOMIC_RELAXED);
	sokv_rng_seed(&r, t->conf->seed * 1000003 + t->trial * 1009 + t->id);
	t->cnt0 = t->c->cnt;
	end = rte_rdtsc() + (uint64_t)(t->conf->duration * (double)t->hz);
	/* A slow machine still checks values: tests ask for a number of GETs. */
	while (rte_rdtsc() < end || (t->n_get < t->conf->min_gets && t->conf->read_frac > 0)) {
		key = sokv_zipf_draw(t->zipf, &r);
		if (sokv_rng_unit(&r) < t->conf->read_frac)
			bench_get(t, key, v);
		else
			bench_put(t, key, v, &seq);
	}
	return NULL;
}
