/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Remote reads, writes and atomics on the direct path, checked byte for byte:
 * exact-length writes and reads next to sentinels (the original rounded
 * lengths up to 64 B and overwrote neighbours), transfers from 1 byte to the
 * whole context, atomics, and a random mix checked against a local model of
 * the remote memory (rmc_test_model.c).
 */

#include <string.h>

#include "rmc_test.h"
#include "rmc_test_model.h"

#define CTX_SIZE (1u << 20)

static int
exact_lengths(void)
{
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_exact", 2, 2, NULL) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], CTX_SIZE + 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT(rmc_test_exact_lengths(qp, &lb, remote, 1) == TEST_SUCCESS,
		"exact lengths");
	RMC_TEST_ASSERT(rmc_test_whole_context(qp, &lb, remote, 1, CTX_SIZE) == TEST_SUCCESS,
		"the whole context, through many chunks, both ways");
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
	struct rmc_test_model m = { .nodes = 3, .ctx_size = CTX_SIZE, .seed = 12345,
		.max_len = 8192, .read_off = 100 };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_model", 3, 3, NULL) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	m.lb = &lb;
	m.qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(m.qp != NULL, "qp");
	RMC_TEST_ASSERT(rmc_test_model_init(&m) == TEST_SUCCESS, "model");
	RMC_TEST_ASSERT(rmc_test_model_run(&m, rmc_test_ops(20000)) == TEST_SUCCESS, "random operations");
	RMC_TEST_ASSERT(rmc_test_model_check(&m, &c) == TEST_SUCCESS, "memory equals the model");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(random_model_autotest, random_model,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
