/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Every error status of rte_rmc.h, each on one request, with a correct request
 * after each to show the RMC keeps serving.
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_service.h>

#include "rmc_test.h"

#define CTX_SIZE (1u << 20)

struct status_env {
	struct rte_rmc_node *node[2];
	struct rte_rmc_session *s0, *s0b, *s1;
	struct rte_rmc_qp *qp, *qp1;
	struct rte_rmc_lbuf lb, lb_other;
	uint32_t sid;
};

static int
post_sync(struct rte_rmc_qp *qp, uint8_t op, uint16_t nid, uint16_t ctx, uint64_t off,
		uint64_t len, uint16_t lbuf, uint64_t lbuf_off, uint8_t flags, uint32_t reserved)
{
	struct rte_rmc_wqe w;

	memset(&w, 0, sizeof(w));
	w.opcode = op;
	w.flags = flags;
	w.dst_nid = nid;
	w.ctx_id = ctx;
	w.ctx_offset = off;
	w.length = len;
	w.lbuf_id = lbuf;
	w.lbuf_offset = lbuf_off;
	w.start_tsc = reserved;
	return rte_rmc_exec_sync(qp, &w, 2000000, NULL);
}

/* A correct request right after an error: the RMC is still serving. */
#define STILL_OK(e) RMC_TEST_ASSERT_STATUS(post_sync((e)->qp, RTE_RMC_OP_READ, 1, 0, 0, 64, \
	(e)->lb.id, 0, 0, 0), RTE_RMC_STATUS_OK)

static int
status_all(void)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 300, .verbose = 0 };
	struct rte_rmc_node_conf nc = { .cluster = "t_status", .node_count = 3,
		.ctx0_size = CTX_SIZE };
	struct status_env e;
	uint32_t lcores[RTE_MAX_LCORE];
	uint16_t id;
	int i, st;

	memset(&e, 0, sizeof(e));
	/* Nodes 0 and 1 of 3; node 2 never starts; only node 0's RMC runs. */
	for (i = 0; i < 2; i++) {
		nc.node_id = i;
		e.node[i] = rte_rmc_node_create(&nc);
		RMC_TEST_ASSERT(e.node[i] != NULL, "node %d: %s", i, rte_strerror(rte_errno));
	}
	RMC_TEST_ASSERT(rte_rmc_node_ctx_create(e.node[1], 1, 4096, RTE_RMC_PERM_RO) == 0, "ro");
	RMC_TEST_ASSERT(rte_rmc_node_service_register(e.node[0], &e.sid) == 0, "service");
	RMC_TEST_ASSERT(rte_service_lcore_list(lcores, RTE_MAX_LCORE) > 0, "a service lcore");
	rte_service_map_lcore_set(e.sid, lcores[0], 1);
	rte_service_lcore_start(lcores[0]);
	e.s0 = rte_rmc_attach("t_status", 0, &ao);
	e.s0b = rte_rmc_attach("t_status", 0, &ao);
	e.s1 = rte_rmc_attach("t_status", 1, &ao);
	RMC_TEST_ASSERT(e.s0 != NULL && e.s0b != NULL && e.s1 != NULL, "attach");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(e.s0, 8192, &e.lb) == 0, "lbuf");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(e.s0b, 4096, &e.lb_other) == 0, "other lbuf");
	e.qp = rte_rmc_qp_create(e.s0, 32);
	e.qp1 = rte_rmc_qp_create(e.s1, 8);
	RMC_TEST_ASSERT(e.qp != NULL && e.qp1 != NULL, "qps");
	id = e.lb.id;
	STILL_OK(&e);

	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 3, 0, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_NODE);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, UINT16_MAX, 0, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_NODE);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 7, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_CTX);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 9999, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_CTX);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, CTX_SIZE - 4, 8, id, 0,
		0, 0), RTE_RMC_STATUS_OUT_OF_BOUNDS);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_WRITE, 1, 0, UINT64_MAX - 2, 8, id, 0,
		0, 0), RTE_RMC_STATUS_OUT_OF_BOUNDS);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 0, 0, CTX_SIZE, 1, id, 0, 0, 0),
		RTE_RMC_STATUS_OUT_OF_BOUNDS);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_WRITE, 1, 1, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_PERM);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_FAA, 1, 1, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_PERM);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_CAS, 1, 1, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_PERM);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 1, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_OK);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 8, 999, 0, 0, 0),
		RTE_RMC_STATUS_BAD_LBUF);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 8, e.lb_other.id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_LBUF);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 8, id, 8192 - 4, 0, 0),
		RTE_RMC_STATUS_BAD_LBUF);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 16, id, UINT64_MAX - 8,
		0, 0), RTE_RMC_STATUS_BAD_LBUF);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, 0, 1, 0, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_OPCODE);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, 200, 1, 0, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_OPCODE);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_FAA, 1, 0, 4, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_UNALIGNED);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_CAS, 1, 0, 1, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_UNALIGNED);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 0, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_LENGTH);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, RTE_RMC_MAX_LENGTH + 1,
		id, 0, 0, 0), RTE_RMC_STATUS_BAD_LENGTH);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_CAS, 1, 0, 0, 16, id, 0, 0, 0),
		RTE_RMC_STATUS_BAD_LENGTH);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 8, id, 0, 0x80, 0),
		RTE_RMC_STATUS_BAD_FLAGS);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 1, 0, 0, 8, id, 0, 0, 1),
		RTE_RMC_STATUS_BAD_FLAGS);
	STILL_OK(&e);
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_READ, 2, 0, 0, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	STILL_OK(&e);
	/* Loopback is legal. */
	RMC_TEST_ASSERT_STATUS(post_sync(e.qp, RTE_RMC_OP_WRITE, 0, 0, 64, 8, id, 0, 0, 0),
		RTE_RMC_STATUS_OK);

	/* Node 1's RMC never runs: a sync call there times out, not hangs. */
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(e.s1, 4096, &e.lb_other) == 0, "lbuf on node 1");
	st = rte_rmc_read_sync(e.qp1, &e.lb_other, 0, 0, 0, 0, 8, 50000);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_TIMED_OUT);
	/* Stopping node 1 tells its applications: the next call says aborted. */
	rte_rmc_node_stop(e.node[1]);
	st = rte_rmc_read_sync(e.qp1, &e.lb_other, 0, 0, 0, 0, 8, 2000000);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_ABORTED);

	for (i = 0; i < RTE_RMC_STATUS_MAX; i++)
		RMC_TEST_ASSERT(strcmp(rte_rmc_strerror(i), "unknown status") != 0, "text of %d", i);
	RMC_TEST_ASSERT(strcmp(rte_rmc_strerror(RTE_RMC_STATUS_MAX), "unknown status") == 0, "");

	rte_rmc_detach(e.s0);
	rte_rmc_detach(e.s0b);
	rte_rmc_detach(e.s1);
	rte_rmc_node_destroy(e.node[0]);
	rte_rmc_node_destroy(e.node[1]);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(status_autotest, status_all,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
