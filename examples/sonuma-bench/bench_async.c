/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * bench_async <nid> r|w: pipelined asynchronous 64-byte operations, one per
 * page of context 0 of node <nid>, as in the original, and their rate.
 *   r: read every page; every page must hold its index (after bench_server)
 *      or every page zero (after bench_sync w); anything else fails.
 *   w: write each page's index back, then read every page to verify.
 * Each WQ slot has its own 64-byte region of the local buffer, so requests in
 * flight never share a destination (the original's overlapped).
 * Exits non-zero on any error status or mismatch.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "bench_common.h"

/* Latency samples on the benchmark's own clock (post to handler), for the model's report. */
#define LAT_CAP (1u << 22)
static uint64_t t_post[256];
static uint64_t *lat;
static uint64_t nlat;

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct async_state {
	struct bench *b;
	uint64_t done;
	uint64_t holds_index;
	uint64_t holds_zero;
	uint64_t errors;
	int first_status;
	uint64_t first_bad_page;
};

static void
handler(uint8_t tid, wq_entry_t *head, void *owner)
{
	struct async_state *st = owner;
	uint32_t page = head->offset / PAGE_SIZE_SONUMA;
	uint32_t v;

	if (lat != NULL && nlat < LAT_CAP)
		lat[nlat++] = rte_rdtsc() - t_post[tid];
	st->done++;
	if (head->status != 0) {
		if (st->errors++ == 0) {
			st->first_status = head->status;
			st->first_bad_page = page;
		}
		return;
	}
	if (head->op != 'r')
		return;
	memcpy(&v, (uint8_t *)(uintptr_t)head->buf_addr + head->buf_offset, sizeof(v));
	if (page == 0 && v == 0)
		return; /* index 0 and zero look the same: consistent with both */
	if (v == page)
		st->holds_index++;
	else if (v == 0)
		st->holds_zero++;
	else if (st->errors++ == 0)
		st->first_bad_page = page;
}

/* One pipelined pass of 4096 operations; returns when all completed. */
static void
bench_pass(struct bench *b, char op, struct async_state *st)
{
	uint64_t t0;
	uint32_t i;
	int ret;

	for (i = 0; i < BENCH_ITERS; i++) {
		uint64_t slot_off = (uint64_t)(i % MAX_NUM_WQ) * BENCH_OBJ_SIZE;
		uint64_t ctx_off = (uint64_t)i * PAGE_SIZE_SONUMA;

		if (rmc_check_cq(b->wq, b->cq, handler, st) < 0) {
			fprintf(stderr, "%s: no completion from node %d's RMC: is it running?\n",
				b->prog, b->snid);
			exit(1);
		}
		t0 = rte_rdtsc();
		if (op == 'w') {
			memset(b->lbuff + slot_off, 0, BENCH_OBJ_SIZE);
			memcpy(b->lbuff + slot_off, &i, sizeof(i));
			ret = rmc_rwrite_async(b->wq, b->lbuff, slot_off, b->snid, BENCH_CTX_ID,
				ctx_off, BENCH_OBJ_SIZE);
		} else {
			ret = rmc_rread_async(b->wq, b->lbuff, slot_off, b->snid, BENCH_CTX_ID,
				ctx_off, BENCH_OBJ_SIZE);
		}
		if (ret < 0) {
			fprintf(stderr, "%s: cannot post: %s\n", b->prog, strerror(-ret));
			exit(1);
		}
		t_post[ret & 255] = t0;
	}
	while (rte_rmc_qp_outstanding(rmc_wq_qp(b->wq)) > 0) {
		if (rmc_check_cq(b->wq, b->cq, handler, st) < 0) {
			fprintf(stderr, "%s: completions stopped coming from node %d's RMC\n",
				b->prog, b->snid);
			exit(1);
		}
		rmc_drain_cq(b->wq, b->cq, handler, st);
	}
}

static void
bench_verify(const struct bench *b, const struct async_state *st, int want_index)
{
	if (st->errors != 0) {
		if (st->first_status != 0)
			bench_fail_status(b, "operation", st->first_bad_page, st->first_status);
		fprintf(stderr, "%s: page %" PRIu64 " of node %d holds neither its index nor "
			"zero\n", b->prog, st->first_bad_page, b->snid);
		exit(1);
	}
	if (st->holds_index != 0 && st->holds_zero != 0) {
		fprintf(stderr, "%s: %" PRIu64 " pages hold their index and %" PRIu64 " hold "
			"zero: the context is inconsistent\n", b->prog, st->holds_index,
			st->holds_zero);
		exit(1);
	}
	if (want_index && st->holds_zero != 0) {
		fprintf(stderr, "%s: %" PRIu64 " pages read back as zero after writing their "
			"index\n", b->prog, st->holds_zero);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct async_state st, check;
	uint64_t t_start, ops = 0, target = 0;
	unsigned int passes = 0;
	struct bench b;
	double secs;

	bench_parse(&b, argc, argv);
	bench_attach(&b, (MAX_NUM_WQ * BENCH_OBJ_SIZE + PAGE_SIZE_SONUMA - 1) /
		PAGE_SIZE_SONUMA);
	if (bench_model_target(&b, &target))
		lat = malloc(LAT_CAP * sizeof(*lat));
	memset(&st, 0, sizeof(st));
	st.b = &b;
	printf("%s: %u asynchronous 64 B %s per pass on node %d, %u in flight at most\n",
		b.prog, BENCH_ITERS, b.op == 'r' ? "reads" : "writes", b.snid, MAX_NUM_WQ);
	t_start = rte_rdtsc();
	do {
		bench_pass(&b, b.op, &st);
		ops += BENCH_ITERS;
		passes++;
	} while (bench_elapsed(&b, t_start) < b.duration_s);
	secs = bench_elapsed(&b, t_start);
	if (lat != NULL) {
		qsort(lat, nlat, sizeof(*lat), cmp_u64);
		bench_model_report(&b, lat, nlat, target);
		free(lat);
		lat = NULL;
	}
	if (b.op == 'r') {
		bench_verify(&b, &st, 0);
		printf("%s: every page holds %s\n", b.prog, st.holds_index ? "its index" : "zero");
	} else {
		if (st.errors != 0)
			bench_verify(&b, &st, 1);
		memset(&check, 0, sizeof(check));
		check.b = &b;
		bench_pass(&b, 'r', &check);
		bench_verify(&b, &check, 1);
		printf("%s: read back: every page holds its index\n", b.prog);
	}
	printf("%s: %u pass(es), %" PRIu64 " operations in %.3f s: %.0f ops/s\n", b.prog,
		passes, ops, secs, ops / secs);
	printf("ops_per_s=%.0f\n", ops / secs);
	return 0;
}
