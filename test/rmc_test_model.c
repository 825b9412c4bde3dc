/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The random-operation model and the data checks shared by the tests of
 * remote access on the direct path (test_remote_access.c) and over the
 * protocol (test_proto.c): see rmc_test_model.h.
 */

#include <stdlib.h>
#include <string.h>

#include "rmc_test_model.h"

int
rmc_test_model_init(struct rmc_test_model *m)
{
	unsigned int n;

	RMC_TEST_ASSERT(m->nodes <= RTE_RMC_MAX_NODES, "%u nodes", m->nodes);
	memset(m->mem, 0, sizeof(m->mem));
	for (n = 0; n < m->nodes; n++) {
		m->mem[n] = calloc(1, m->ctx_size);
		RMC_TEST_ASSERT(m->mem[n] != NULL, "alloc");
	}
	return TEST_SUCCESS;
}

/* A fetch-and-add or compare-and-swap of the word at 'off' of node 'nid'. */
static int
model_atomic(struct rmc_test_model *m, unsigned int i, uint32_t op, uint16_t nid, uint64_t off,
		uint64_t add)
{
	uint64_t word, want, old;

	memcpy(&word, m->mem[nid] + off, 8);
	if (op == 2) {
		RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(m->qp, m->lb, 0, nid, 0, off, add, &old,
			0), RTE_RMC_STATUS_OK);
		want = word + add;
	} else {
		/* Half of them expect the current value and swap, half do not. */
		uint64_t expect = (add & 1) ? word : add;

		RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(m->qp, m->lb, 0, nid, 0, off, expect, add,
			&old, 0), RTE_RMC_STATUS_OK);
		want = expect == word ? add : word;
	}
	/* Over a lossy fabric, a different old value means one applied twice. */
	RMC_TEST_ASSERT_EQ(old, word, "op %u: atomic old value (applied twice?)", i);
	memcpy(m->mem[nid] + off, &want, 8);
	return TEST_SUCCESS;
}

int
rmc_test_model_run(struct rmc_test_model *m, unsigned int ops)
{
	uint8_t *l = m->lb->addr;
	unsigned int i;

	for (i = 0; i < ops; i++) {
		/* The order of the rand_r() calls fixes the operations of a seed. */
		uint16_t nid = rand_r(&m->seed) % m->nodes;
		uint32_t op = rand_r(&m->seed) % 4;
		uint64_t len = 1 + rand_r(&m->seed) %
			(i % 10 == 0 && m->big_len != 0 ? m->big_len : m->max_len);
		uint64_t off = rand_r(&m->seed) % (m->ctx_size - len);
		uint64_t j, add = rand_r(&m->seed);

		if (op == 0) {
			for (j = 0; j < len; j++)
				l[j] = rand_r(&m->seed);
			RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(m->qp, m->lb, 0, nid, 0, off, len,
				0), RTE_RMC_STATUS_OK);
			memcpy(m->mem[nid] + off, l, len);
		} else if (op == 1) {
			RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(m->qp, m->lb, m->read_off, nid, 0,
				off, len, 0), RTE_RMC_STATUS_OK);
			RMC_TEST_ASSERT(memcmp(l + m->read_off, m->mem[nid] + off, len) == 0,
				"op %u: read of node %u at %" PRIu64 " differs from the model", i,
				nid, off);
		} else if (model_atomic(m, i, op, nid, off & ~UINT64_C(7), add) != TEST_SUCCESS) {
			return TEST_FAILED;
		}
	}
	return TEST_SUCCESS;
}

int
rmc_test_model_check(struct rmc_test_model *m, struct rmc_test_cluster *c)
{
	unsigned int n;
	int ret = TEST_SUCCESS;

	for (n = 0; n < m->nodes; n++) {
		uint8_t *real = rte_rmc_ctx_map(c->sess[n], 0, NULL);

		if (real == NULL || memcmp(real, m->mem[n], m->ctx_size) != 0) {
			printf("FAIL: node %u memory differs from the model\n", n);
			ret = TEST_FAILED;
		}
		free(m->mem[n]);
		m->mem[n] = NULL;
	}
	return ret;
}

#define SENTINEL 0xee

int
rmc_test_exact_lengths(struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb, uint8_t *remote,
		uint16_t nid)
{
	uint8_t *l = lb->addr;
	uint64_t len, off, i;

	for (len = 1; len <= 130; len++) {
		off = 1000 + len * 3; /* unaligned on purpose */
		memset(remote + off - 64, SENTINEL, len + 128);
		memset(l + 64, 0, len + 128);
		for (i = 0; i < len; i++)
			l[128 + i] = (uint8_t)(len + i);
		RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, lb, 128, nid, 0, off, len, 0),
			RTE_RMC_STATUS_OK);
		for (i = 0; i < 64; i++) {
			RMC_TEST_ASSERT_EQ(remote[off - 64 + i], SENTINEL, "before, len %" PRIu64,
				len);
			RMC_TEST_ASSERT_EQ(remote[off + len + i], SENTINEL, "after, len %" PRIu64,
				len);
		}
		RMC_TEST_ASSERT(memcmp(remote + off, l + 128, len) == 0, "data, len %" PRIu64,
			len);
		/* Read it back into a sentinel-framed local area. */
		memset(l + 2048, SENTINEL, len + 128);
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 2048 + 64, nid, 0, off, len, 0),
			RTE_RMC_STATUS_OK);
		for (i = 0; i < 64; i++) {
			RMC_TEST_ASSERT_EQ(l[2048 + i], SENTINEL, "local before, len %" PRIu64,
				len);
			RMC_TEST_ASSERT_EQ(l[2048 + 64 + len + i], SENTINEL, "local after");
		}
		RMC_TEST_ASSERT(memcmp(l + 2048 + 64, remote + off, len) == 0, "read data");
	}
	return TEST_SUCCESS;
}

int
rmc_test_whole_context(struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb, uint8_t *remote,
		uint16_t nid, uint64_t size)
{
	uint8_t *l = lb->addr;
	uint64_t i;

	for (i = 0; i < size; i++)
		l[i] = (uint8_t)(i * 31 + 7);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, lb, 0, nid, 0, 0, size, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(remote, l, size) == 0, "whole context written");
	memset(l, 0, size);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 0, nid, 0, 0, size, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(remote, l, size) == 0, "whole context read");
	return TEST_SUCCESS;
}
