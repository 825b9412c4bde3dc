/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Data correctness: exact-length writes and reads next to sentinels (the
 * original rounded lengths up to 64 B and overwrote neighbours), transfers from
 * 1 byte to the whole context, atomics, and a random mix checked against a
 * local model of the remote memory.
 */

#include <stdlib.h>
#include <string.h>

#include "rmc_test.h"

#define CTX_SIZE (1u << 20)
#define SENTINEL 0xee

static int
exact_lengths(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote, *l;
	uint64_t len, off, i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_exact", 2, 2, NULL) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], CTX_SIZE + 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	l = lb.addr;
	for (len = 1; len <= 130; len++) {
		off = 1000 + len * 3; /* unaligned on purpose */
		memset(remote + off - 64, SENTINEL, len + 128);
		memset(l + 64, 0, len + 128);
		for (i = 0; i < len; i++)
			l[128 + i] = (uint8_t)(len + i);
		RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 128, 1, 0, off, len, 0),
			RTE_RMC_STATUS_OK);
		for (i = 0; i < 64; i++) {
			RMC_TEST_ASSERT_EQ(remote[off - 64 + i], SENTINEL, "before, len %" PRIu64, len);
			RMC_TEST_ASSERT_EQ(remote[off + len + i], SENTINEL, "after, len %" PRIu64, len);
		}
		RMC_TEST_ASSERT(memcmp(remote + off, l + 128, len) == 0, "data, len %" PRIu64, len);
		/* Read it back into a sentinel-framed local area. */
		memset(l + 2048, SENTINEL, len + 128);
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 2048 + 64, 1, 0, off, len, 0),
			RTE_RMC_STATUS_OK);
		for (i = 0; i < 64; i++) {
			RMC_TEST_ASSERT_EQ(l[2048 + i], SENTINEL, "local before, len %" PRIu64, len);
			RMC_TEST_ASSERT_EQ(l[2048 + 64 + len + i], SENTINEL, "local after");
		}
		RMC_TEST_ASSERT(memcmp(l + 2048 + 64, remote + off, len) == 0, "read data");
	}
	/* The whole context, through many chunks, both ways. */
	for (i = 0; i < CTX_SIZE; i++)
		l[i] = (uint8_t)(i * 31 + 7);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, 0, CTX_SIZE, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(remote, l, CTX_SIZE) == 0, "whole context written");
	memset(l, 0, CTX_SIZE);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, CTX_SIZE, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(remote, l, CTX_SIZE) == 0, "whole context read");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(exact_length_autotest, exact_lengths,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

static int
atomics(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote, old, stored;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_atomic", 2, 2, NULL) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	remote[10] = 40;
	remote[11] = 0x1111;
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp, &lb, 8, 1, 0, 80, 2, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 40, "faa old");
	RMC_TEST_ASSERT_EQ(remote[10], 42, "faa new");
	memcpy(&stored, (uint8_t *)lb.addr + 8, 8);
	RMC_TEST_ASSERT_EQ(stored, 40, "old value stored in the local buffer");
	RMC_TEST_ASSERT_EQ(remote[11], 0x1111, "neighbour untouched");
	RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp, &lb, 0, 1, 0, 80, 41, 7, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 42, "failed cas returns the current value");
	RMC_TEST_ASSERT_EQ(remote[10], 42, "failed cas changes nothing");
	RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp, &lb, 0, 1, 0, 80, 42, 7, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 42, "cas old");
	RMC_TEST_ASSERT_EQ(remote[10], 7, "cas new");
	/* FAA wraps modulo 2^64. */
	remote[12] = UINT64_MAX;
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp, &lb, 0, 1, 0, 96, 3, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(remote[12], 2, "wrap");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(atomic_autotest, atomics,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

/* Random reads, writes and atomics on 3 nodes, checked against a model. */
static int
random_model(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *model[3], *l;
	unsigned int seed = 12345, n;
	uint64_t old;
	int i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_model", 3, 3, NULL) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	l = lb.addr;
	for (n = 0; n < 3; n++) {
		model[n] = calloc(1, CTX_SIZE);
		RMC_TEST_ASSERT(model[n] != NULL, "alloc");
	}
	for (i = 0; i < 20000; i++) {
		uint16_t nid = rand_r(&seed) % 3;
		uint32_t op = rand_r(&seed) % 4;
		uint64_t len = 1 + rand_r(&seed) % 8192;
		uint64_t off = rand_r(&seed) % (CTX_SIZE - len);
		uint64_t j, add = rand_r(&seed);

		if (op == 0) {
			for (j = 0; j < len; j++)
				l[j] = rand_r(&seed);
			RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, nid, 0, off, len, 0),
				RTE_RMC_STATUS_OK);
			memcpy(model[nid] + off, l, len);
		} else if (op == 1) {
			RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 100, nid, 0, off, len, 0),
				RTE_RMC_STATUS_OK);
			RMC_TEST_ASSERT(memcmp(l + 100, model[nid] + off, len) == 0,
				"op %d: read of node %u at %" PRIu64 " differs from the model", i, nid,
				off);
		} else {
			uint64_t w, want;

			off &= ~UINT64_C(7);
			memcpy(&w, model[nid] + off, 8);
			if (op == 2) {
				RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp, &lb, 0, nid, 0, off, add,
					&old, 0), RTE_RMC_STATUS_OK);
				want = w + add;
			} else {
				uint64_t expect = (add & 1) ? w : add;

				RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp, &lb, 0, nid, 0, off, expect,
					add, &old, 0), RTE_RMC_STATUS_OK);
				want = expect == w ? add : w;
			}
			RMC_TEST_ASSERT_EQ(old, w, "op %d: atomic old value", i);
			memcpy(model[nid] + off, &want, 8);
		}
	}
	for (n = 0; n < 3; n++) {
		uint8_t *real = rte_rmc_ctx_map(c.sess[n], 0, NULL);

		RMC_TEST_ASSERT(real != NULL && memcmp(real, model[n], CTX_SIZE) == 0,
			"node %u memory equals the model", n);
		free(model[n]);
	}
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(random_model_autotest, random_model,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
