/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_TEST_MODEL_H_
#define _RMC_TEST_MODEL_H_

/*
 * Random reads, writes, fetch-and-adds and compare-and-swaps from node 0 to
 * context 0 of every node of a test cluster, each checked against a local
 * copy of that memory (the model): a read must return what the model holds,
 * an atomic the old value the model holds, and at the end every node's
 * memory must equal its model. One loop for every transport the tests run
 * it over (the direct path, the protocol with or without message loss); and
 * the fixed data checks these tests share.
 */

#include <stdint.h>

#include "rmc_test.h"

struct rmc_test_model {
	/* Set before rmc_test_model_init(). */
	struct rte_rmc_qp *qp;          /* a QP of node 0 */
	struct rte_rmc_lbuf *lb;        /* node 0's buffer: max_len + read_off bytes at least */
	unsigned int nodes;             /* nodes 0 .. nodes - 1 are targets */
	uint64_t ctx_size;              /* size of context 0 of each node */
	unsigned int seed;              /* rand_r() state: the same seed, the same operations */
	uint64_t max_len;               /* transfers of 1 to max_len bytes ... */
	uint64_t big_len;               /* ... and every tenth of 1 to big_len (0: max_len) */
	uint64_t read_off;              /* where reads land in the local buffer */
	/* The model: one copy of context 0 per node. */
	uint8_t *mem[RTE_RMC_MAX_NODES];
};

/* Allocate the model of every node (zeroed, as a new context is). */
int rmc_test_model_init(struct rmc_test_model *m);

/* Run 'ops' random operations, each checked against the model. */
int rmc_test_model_run(struct rmc_test_model *m, unsigned int ops);

/* Compare every node's context 0 with its model, then free the model. */
int rmc_test_model_check(struct rmc_test_model *m, struct rmc_test_cluster *c);

/*
 * Fixed data checks of the same tests, against 'remote', context 0 of node
 * 'nid' mapped in this process, through a QP of node 0 and its buffer 'lb'.
 *
 * Writes and reads of 1 to 130 bytes at unaligned offsets, between 64
 * sentinel bytes on both sides, remote and local: no byte beyond the length
 * may change (the original rounded lengths up to 64 B). 'lb': 4 KiB at least.
 */
int rmc_test_exact_lengths(struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb, uint8_t *remote,
		uint16_t nid);

/* The whole context ('size' bytes, many chunks) written, then read back. */
int rmc_test_whole_context(struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb, uint8_t *remote,
		uint16_t nid, uint64_t size);

#endif /* _RMC_TEST_MODEL_H_ */
