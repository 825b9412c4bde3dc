/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Queue-pair protocol: phase wrap-around, full WQ, sync among async, order. */

#include <string.h>

#include "rmc_test.h"

#define CTX_SIZE (1u << 20)

#define WRAP_OPS 2000u   /* per half: 500 laps of a depth-4 queue */
#define WRAP_SLOTS 64u   /* local-buffer slots: more than can be in flight */
#define WRAP_WORDS 256u  /* remote words written, each several times */

/* The value the write of 'i' puts into remote word i % WRAP_WORDS. */
static uint64_t
wrap_value(uint64_t i)
{
	return (i + 1) * UINT64_C(0x9e3779b97f4a7c15);
}

/*
 * Take every completion that is ready; each must be OK and in order. A read
 * (read != NULL) is checked against the word its tag says it read.
 */
static int
wrap_reap(struct rte_rmc_qp *qp, const uint64_t *lbuf, const uint64_t *want, uint64_t *next)
{
	struct rte_rmc_completion cpl[8];
	uint16_t n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));

	for (uint16_t k = 0; k < n; k++, (*next)++) {
		uint64_t t = cpl[k].user_tag;

		if (cpl[k].status != RTE_RMC_STATUS_OK || t != *next) {
			printf("FAIL: completion %u: status %u tag %" PRIu64 ", want %" PRIu64 "\n",
				k, cpl[k].status, t, *next);
			return -1;
		}
		if (want != NULL && lbuf[t % WRAP_SLOTS] != want[t % WRAP_WORDS]) {
			printf("FAIL: read %" PRIu64 " (lap %" PRIu64 "): 0x%" PRIx64 ", want 0x%"
				PRIx64 "\n", t, t / 4, lbuf[t % WRAP_SLOTS], want[t % WRAP_WORDS]);
			return -1;
		}
	}
	return 0;
}

static int
qp_phase_wrap(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote, *local, want[WRAP_WORDS];
	uint64_t i, next;
	int ret = TEST_FAILED;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_qp_wrap", 2, 2, NULL) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map ctx of node 1");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	local = lb.addr;
	qp = rte_rmc_qp_create(c.sess[0], 4);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	memset(remote, 0, WRAP_WORDS * 8);
	/* 500 laps of writes: write i puts wrap_value(i) into word i % 256. */
	for (i = 0, next = 0; i < WRAP_OPS; i++) {
		local[i % WRAP_SLOTS] = wrap_value(i);
		want[i % WRAP_WORDS] = wrap_value(i);
		while (rte_rmc_write(qp, &lb, (i % WRAP_SLOTS) * 8, 1, 0, (i % WRAP_WORDS) * 8, 8,
				i, 0) < 0)
			if (wrap_reap(qp, NULL, NULL, &next) < 0)
				goto out;
	}
	while (next < WRAP_OPS)
		if (wrap_reap(qp, NULL, NULL, &next) < 0)
			goto out;
	for (i = 0; i < WRAP_WORDS; i++)
		RMC_TEST_ASSERT_EQ(remote[i], want[i], "remote word after the writes");
	/* 500 laps of reads of the same words, each value checked. */
	memset(local, 0, WRAP_SLOTS * 8);
	for (i = WRAP_OPS; i < 2 * WRAP_OPS; i++)
		while (rte_rmc_read(qp, &lb, (i % WRAP_SLOTS) * 8, 1, 0, (i % WRAP_WORDS) * 8, 8,
				i, 0) < 0)
			if (wrap_reap(qp, local, want, &next) < 0)
				goto out;
	while (next < 2 * WRAP_OPS)
		if (wrap_reap(qp, local, want, &next) < 0)
			goto out;
	printf("%u writes and %u reads on a depth-4 QP (%u laps), every value checked\n",
		WRAP_OPS, WRAP_OPS, 2 * WRAP_OPS / 4);
	ret = TEST_SUCCESS;
out:
	rmc_test_cluster_stop(&c);
	return ret;
}
RMC_REGISTER_TEST(qp_phase_wrap_autotest, qp_phase_wrap,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

static int
qp_full_and_sync(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_completion cpl[64];
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote;
	uint64_t seen = 0, v = 0;
	uint16_t n, k;
	int i, st;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_qp_full", 2, 2, NULL) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 65536, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	memset(remote, 0x5a, 4096);
	/* Fill the WQ: the 17th post must be refused. */
	for (i = 0; i < 16; i++)
		RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, i * 64, 1, 0, i * 64, 64, 100 + i, 0) >= 0,
			"post %d", i);
	RMC_TEST_ASSERT_EQ(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 64, 999, 0), -ENOSPC, "17th post");
	/* Let the RMC finish them, then a sync call must still work... */
	st = rte_rmc_faa_sync(qp, &lb, 4096, 1, 0, 8192, 5, &v, 0);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(v, 0, "old value of a fresh word");
	/* ...without having consumed the 16 async completions. */
	n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
	RMC_TEST_ASSERT_EQ(n, 16, "async completions kept for poll");
	for (k = 0; k < n; k++) {
		RMC_TEST_ASSERT_STATUS(cpl[k].status, RTE_RMC_STATUS_OK);
		seen |= UINT64_C(1) << (cpl[k].user_tag - 100);
	}
	RMC_TEST_ASSERT_EQ(seen, 0xffff, "every tag once");
	for (i = 0; i < 16 * 64; i++)
		RMC_TEST_ASSERT_EQ(((uint8_t *)lb.addr)[i], 0x5a, "byte %d", i);
	RMC_TEST_ASSERT_EQ(rte_rmc_qp_outstanding(qp), 0, "nothing left");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(qp_full_sync_autotest, qp_full_and_sync,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

/* A transfer of many chunks posted first completes after small ones posted later. */
static int
qp_out_of_order(void)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = 8 << 20, .chunk_size = 4096 };
	struct rmc_test_cluster c;
	struct rte_rmc_completion cpl[8];
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	unsigned int got = 0, pos_big = 0, pos = 0;
	int i;

	/* Node 0's RMC starts only once everything is posted: no race with it. */
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_qp_ooo", 2, 0, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 8 << 20, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 8 << 20, 1, 0) >= 0, "big");
	for (i = 0; i < 4; i++)
		RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 64 * i, 1, 0, 0, 64, 10 + i, 0) >= 0,
			"small");
	RMC_TEST_ASSERT(rmc_test_cluster_run(&c, 0) == 0, "start node 0's RMC");
	while (got < 5) {
		uint16_t n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));

		for (uint16_t k = 0; k < n; k++, pos++) {
			RMC_TEST_ASSERT_STATUS(cpl[k].status, RTE_RMC_STATUS_OK);
			if (cpl[k].user_tag == 1)
				pos_big = pos;
			got++;
		}
	}
	RMC_TEST_ASSERT(pos_big > 0, "the 8 MiB read (2048 chunks) completed before 64 B reads "
		"posted after it");
	/* With a fence, the small read waits for the big one. */
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 8 << 20, 1, 0) >= 0, "big");
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 64, 2, RTE_RMC_F_FENCE) >= 0, "fenced");
	for (got = 0, pos = 0; got < 2;) {
		uint16_t n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));

		for (uint16_t k = 0; k < n; k++, got++)
			RMC_TEST_ASSERT_EQ(cpl[k].user_tag, got + 1, "fence keeps order");
	}
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(qp_out_of_order_autotest, qp_out_of_order,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

/*
 * Fairness, counted in RMC passes rather than time: the test drives node 0's
 * RMC itself with rte_rmc_node_poll(). Three QPs each post a transfer of
 * 2048 chunks; a fourth posts a 64-byte read after them. The small read must
 * complete within the first two passes, while every large one is still in
 * flight, and each large one needs a pass per chunk.
 */
static int
qp_fairness(void)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = 8 << 20, .chunk_size = 4096 };
	struct rte_rmc_completion cpl[4];
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *big[3], *small;
	unsigned int passes, done_big = 0, i;
	uint16_t n;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_qp_fair", 2, 0, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], (8 << 20) + 4096, &lb) == 0, "lbuf");
	for (i = 0; i < 3; i++) {
		big[i] = rte_rmc_qp_create(c.sess[0], 4);
		RMC_TEST_ASSERT(big[i] != NULL, "qp");
		RMC_TEST_ASSERT(rte_rmc_read(big[i], &lb, 0, 1, 0, 0, 8 << 20, i, 0) >= 0, "big");
	}
	small = rte_rmc_qp_create(c.sess[0], 4);
	RMC_TEST_ASSERT(small != NULL, "qp");
	RMC_TEST_ASSERT(rte_rmc_read(small, &lb, 8 << 20, 1, 0, 0, 64, 99, 0) >= 0, "small");
	for (passes = 1; passes <= 2; passes++) {
		rte_rmc_node_poll(c.node[0]);
		if (rte_rmc_poll(small, cpl, 1) == 1)
			break;
	}
	RMC_TEST_ASSERT(passes <= 2, "the 64 B read waited more than two passes");
	RMC_TEST_ASSERT_STATUS(cpl[0].status, RTE_RMC_STATUS_OK);
	for (i = 0; i < 3; i++)
		RMC_TEST_ASSERT_EQ(rte_rmc_poll(big[i], cpl, 1), 0, "8 MiB read %u already done", i);
	/* Each large read advances by one 4 KiB chunk per pass: 2048 passes. */
	for (; done_big < 3 && passes < 10000; passes++) {
		rte_rmc_node_poll(c.node[0]);
		for (i = 0; i < 3; i++) {
			n = rte_rmc_poll(big[i], cpl, 1);
			if (n == 1) {
				RMC_TEST_ASSERT_STATUS(cpl[0].status, RTE_RMC_STATUS_OK);
				done_big++;
			}
		}
	}
	RMC_TEST_ASSERT_EQ(done_big, 3, "large reads complete");
	RMC_TEST_ASSERT(passes >= 2048, "a large read finished after %u passes", passes);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(qp_fairness_autotest, qp_fairness,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

/* rte_rmc_post_burst(): order, slots, partial posting on a full WQ, data. */
static int
qp_post_burst(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_completion cpl[32];
	struct rte_rmc_wqe w[24];
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote;
	uint64_t seen = 0;
	unsigned int got = 0, i;
	uint16_t n;

	/* Node 0's RMC is not running yet: the WQ fills. */
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_qp_burst", 2, 0, NULL) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	for (i = 0; i < 4096; i++)
		remote[i] = (uint8_t)(i * 3);
	memset(w, 0, sizeof(w));
	for (i = 0; i < RTE_DIM(w); i++) {
		w[i].opcode = RTE_RMC_OP_READ;
		w[i].dst_nid = 1;
		w[i].lbuf_id = lb.id;
		w[i].ctx_offset = i * 64;
		w[i].lbuf_offset = i * 64;
		w[i].length = 64;
		w[i].user_tag = 1000 + i;
	}
	/* An invalid entry inside a burst fails alone. */
	w[5].ctx_id = 9;
	RMC_TEST_ASSERT_EQ(rte_rmc_post_burst(qp, w, 10), 10, "first burst");
	RMC_TEST_ASSERT_EQ(rte_rmc_post_burst(qp, w + 10, 14), 6, "only 6 slots left");
	RMC_TEST_ASSERT_EQ(rte_rmc_post_burst(qp, w + 16, 8), 0, "full");
	RMC_TEST_ASSERT(rmc_test_cluster_run(&c, 0) == 0, "start node 0's RMC");
	while (got < 16) {
		n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++, got++) {
			uint64_t k = cpl[i].user_tag - 1000;

			RMC_TEST_ASSERT(k < 16, "tag %" PRIu64, cpl[i].user_tag);
			RMC_TEST_ASSERT_EQ(cpl[i].wq_index, k, "slot of request %" PRIu64, k);
			RMC_TEST_ASSERT_STATUS(cpl[i].status, k == 5 ? RTE_RMC_STATUS_BAD_CTX :
				RTE_RMC_STATUS_OK);
			seen |= UINT64_C(1) << k;
		}
	}
	RMC_TEST_ASSERT_EQ(seen, 0xffff, "every request once");
	for (i = 0; i < 16 * 64; i++)
		if (i / 64 != 5)
			RMC_TEST_ASSERT_EQ(((uint8_t *)lb.addr)[i], (uint8_t)(i * 3), "byte %u", i);
	/* The rest, now that there is room. */
	RMC_TEST_ASSERT_EQ(rte_rmc_post_burst(qp, w + 16, 8), 8, "second round");
	for (got = 0; got < 8;)
		got += rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
	RMC_TEST_ASSERT_EQ(rte_rmc_qp_outstanding(qp), 0, "nothing left");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(qp_post_burst_autotest, qp_post_burst,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
