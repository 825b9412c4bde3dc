/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Inline mode gives the same status as the RMC for every kind of request of
 * test_status.c, and the same data: each case runs through an offloaded
 * session and an inline session of the same node, and both must give the
 * expected status.
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_service.h>

#include <rte_rmc_admin.h>
#include <rte_rmc_sabre.h>

#include "rmc_test.h"

#define CTX_SIZE (1u << 20)
#define LB_SIZE 8192

/* Local-buffer choice of a case. */
enum { LB_OWN, LB_OTHER, LB_BAD };

struct icase {
	uint8_t op;
	uint16_t nid;
	uint16_t ctx;
	uint64_t off;
	uint64_t len;
	int lb;
	uint64_t lb_off;
	uint8_t flags;
	uint32_t reserved;
	enum rte_rmc_status want;
};

static const struct icase cases[] = {
	{ RTE_RMC_OP_READ, 1, 0, 0, 64, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_READ, 3, 0, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_NODE },
	{ RTE_RMC_OP_READ, UINT16_MAX, 0, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_NODE },
	{ RTE_RMC_OP_READ, 1, 7, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_CTX },
	{ RTE_RMC_OP_READ, 1, 9999, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_CTX },
	{ RTE_RMC_OP_READ, 0, 7, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_CTX },
	{ RTE_RMC_OP_READ, 1, 0, CTX_SIZE - 4, 8, LB_OWN, 0, 0, 0,
		RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_WRITE, 1, 0, UINT64_MAX - 2, 8, LB_OWN, 0, 0, 0,
		RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_READ, 0, 0, CTX_SIZE, 1, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_WRITE, 1, 1, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_PERM },
	{ RTE_RMC_OP_FAA, 1, 1, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_PERM },
	{ RTE_RMC_OP_CAS, 1, 1, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_PERM },
	{ RTE_RMC_OP_READ, 1, 1, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_READ, 1, 0, 0, 8, LB_BAD, 0, 0, 0, RTE_RMC_STATUS_BAD_LBUF },
	{ RTE_RMC_OP_READ, 1, 0, 0, 8, LB_OTHER, 0, 0, 0, RTE_RMC_STATUS_BAD_LBUF },
	{ RTE_RMC_OP_READ, 1, 0, 0, 8, LB_OWN, LB_SIZE - 4, 0, 0, RTE_RMC_STATUS_BAD_LBUF },
	{ RTE_RMC_OP_READ, 1, 0, 0, 16, LB_OWN, UINT64_MAX - 8, 0, 0, RTE_RMC_STATUS_BAD_LBUF },
	{ 0, 1, 0, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_OPCODE },
	{ 200, 1, 0, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_OPCODE },
	{ RTE_RMC_OP_FAA, 1, 0, 4, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_UNALIGNED },
	{ RTE_RMC_OP_CAS, 1, 0, 1, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_UNALIGNED },
	{ RTE_RMC_OP_READ, 1, 0, 0, 0, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_LENGTH },
	{ RTE_RMC_OP_READ, 1, 0, 0, RTE_RMC_MAX_LENGTH + 1, LB_OWN, 0, 0, 0,
		RTE_RMC_STATUS_BAD_LENGTH },
	{ RTE_RMC_OP_CAS, 1, 0, 0, 16, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_LENGTH },
	{ RTE_RMC_OP_READ, 1, 0, 0, 8, LB_OWN, 0, 0x80, 0, RTE_RMC_STATUS_BAD_FLAGS },
	{ RTE_RMC_OP_READ, 1, 0, 0, 8, LB_OWN, 0, 0, 1, RTE_RMC_STATUS_BAD_FLAGS },
	{ RTE_RMC_OP_READ, 2, 0, 0, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_NODE_DOWN },
	{ RTE_RMC_OP_WRITE, 0, 0, 64, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_WRITE, 1, 0, 4096, 3000, LB_OWN, 100, RTE_RMC_F_FENCE, 0,
		RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_FAA, 1, 0, 8192, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_CAS, 1, 0, 8192, 8, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OK },
	/* SABRe: the same checks and outcome inline (its object's version is 0 here). */
	{ RTE_RMC_OP_SABRE, 1, 0, 16384, 256, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_SABRE, 1, 0, 16388, 64, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_UNALIGNED },
	{ RTE_RMC_OP_SABRE, 1, 0, 16384, 4, LB_OWN, 0, 0, 0, RTE_RMC_STATUS_BAD_LENGTH },
	{ RTE_RMC_OP_SABRE, 1, 0, 16384, RTE_RMC_SABRE_MAX_LENGTH + 8, LB_OWN, 0, 0, 0,
		RTE_RMC_STATUS_BAD_LENGTH },
};

static int
run_case(struct rte_rmc_qp *qp, const struct icase *c, uint16_t own, uint16_t other)
{
	struct rte_rmc_wqe w;

	memset(&w, 0, sizeof(w));
	w.opcode = c->op;
	w.flags = c->flags;
	w.dst_nid = c->nid;
	w.ctx_id = c->ctx;
	w.ctx_offset = c->off;
	w.length = c->len;
	w.lbuf_id = c->lb == LB_OWN ? own : c->lb == LB_OTHER ? other : 999;
	w.lbuf_offset = c->lb_off;
	w.start_tsc = c->reserved;
	w.operand0 = 1;
	w.operand1 = 2;
	return rte_rmc_exec_sync(qp, &w, 2000000, NULL);
}

static int
inline_status(void)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 300 };
	struct rte_rmc_attach_opts io = { .timeout_ms = 300, .inline_mode = 1 };
	struct rte_rmc_node_conf nc = { .cluster = "t_inline", .node_count = 3,
		.ctx0_size = CTX_SIZE, .flags = RTE_RMC_NODE_F_ALLOW_INLINE };
	struct rte_rmc_node *node[2];
	struct rte_rmc_session *off, *inl, *other, *s1;
	struct rte_rmc_lbuf lb_off, lb_inl, lb_other;
	struct rte_rmc_qp *qp_off, *qp_inl;
	uint32_t lcores[RTE_MAX_LCORE], sid;
	uint8_t *remote;
	uint64_t v_off = 0, v_inl = 0;
	unsigned int i;
	int st_off, st_inl;

	/* Nodes 0 and 1 of 3; node 2 never starts. */
	for (i = 0; i < 2; i++) {
		nc.node_id = i;
		node[i] = rte_rmc_node_create(&nc);
		RMC_TEST_ASSERT(node[i] != NULL, "node %u: %s", i, rte_strerror(rte_errno));
	}
	RMC_TEST_ASSERT(rte_rmc_node_ctx_create(node[1], 1, 4096, RTE_RMC_PERM_RO) == 0, "ro");
	RMC_TEST_ASSERT(rte_rmc_node_service_register(node[0], &sid) == 0, "service");
	RMC_TEST_ASSERT(rte_service_lcore_list(lcores, RTE_MAX_LCORE) > 0, "a service lcore");
	rte_service_map_lcore_set(sid, lcores[0], 1);
	rte_service_lcore_start(lcores[0]);
	off = rte_rmc_attach("t_inline", 0, &ao);
	inl = rte_rmc_attach("t_inline", 0, &io);
	other = rte_rmc_attach("t_inline", 0, &ao);
	RMC_TEST_ASSERT(off != NULL && inl != NULL && other != NULL, "attach");
	RMC_TEST_ASSERT(!rte_rmc_is_inline(off) && rte_rmc_is_inline(inl), "modes");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(off, LB_SIZE, &lb_off) == 0, "lbuf");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(inl, LB_SIZE, &lb_inl) == 0, "inline lbuf");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(other, 4096, &lb_other) == 0, "other lbuf");
	qp_off = rte_rmc_qp_create(off, 16);
	qp_inl = rte_rmc_qp_create(inl, 16);
	RMC_TEST_ASSERT(qp_off != NULL && qp_inl != NULL, "qps");

	for (i = 0; i < RTE_DIM(cases); i++) {
		st_off = run_case(qp_off, &cases[i], lb_off.id, lb_other.id);
		st_inl = run_case(qp_inl, &cases[i], lb_inl.id, lb_other.id);
		if (st_off != (int)cases[i].want || st_inl != (int)cases[i].want) {
			printf("case %u: offloaded %s, inline %s, expected %s\n", i,
				rte_rmc_strerror(st_off), rte_rmc_strerror(st_inl),
				rte_rmc_strerror(cases[i].want));
			return TEST_FAILED;
		}
	}

	/*
	 * The node shows what the inline application says it executed, in the
	 * application's own line of its QP: every case, its failures, the bytes
	 * of its successes; the offloaded QP reports none.
	 */
	{
		struct rte_rmc_stats st;
		uint64_t bytes = 0, errors = 0;

		for (i = 0; i < RTE_DIM(cases); i++) {
			if (cases[i].want == RTE_RMC_STATUS_OK)
				bytes += cases[i].len;
			else
				errors++;
		}
		RMC_TEST_ASSERT(rte_rmc_node_stats_get(node[0], &st) == 0, "node stats");
		RMC_TEST_ASSERT_EQ(st.inline_requests, RTE_DIM(cases), "inline requests");
		RMC_TEST_ASSERT_EQ(st.inline_errors, errors, "inline errors");
		RMC_TEST_ASSERT_EQ(st.inline_bytes, bytes, "inline bytes");
		RMC_TEST_ASSERT_EQ(st.nb_qps, 2, "the inline QP is listed by the node");
	}

	/* Same data: inline writes, the RMC reads back, and the other way round. */
	s1 = rte_rmc_attach("t_inline", 1, &ao);
	RMC_TEST_ASSERT(s1 != NULL, "attach node 1");
	remote = rte_rmc_ctx_map(s1, 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map node 1's context");
	for (i = 0; i < 300; i++)
		((uint8_t *)lb_inl.addr)[i] = (uint8_t)(i * 7 + 1);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp_inl, &lb_inl, 0, 1, 0, 5000, 300, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(remote + 5000, lb_inl.addr, 300) == 0, "inline write landed");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp_off, &lb_off, 0, 1, 0, 5000, 300, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(lb_off.addr, lb_inl.addr, 300) == 0, "RMC reads it back");
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp_inl, &lb_inl, 0, 1, 0, 16384, 5, &v_inl, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp_off, &lb_off, 0, 1, 0, 16384, 5, &v_off, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(v_inl == 0 && v_off == 5, "one word, both paths: %" PRIu64 " %" PRIu64,
		v_inl, v_off);

	/* Asynchronous calls in inline mode complete through poll, as offloaded. */
	{
		struct rte_rmc_completion cpl[4];

		RMC_TEST_ASSERT(rte_rmc_read(qp_inl, &lb_inl, 0, 1, 0, 5000, 64, 77, 0) >= 0, "");
		RMC_TEST_ASSERT(rte_rmc_read(qp_inl, &lb_inl, 0, 1, 7, 0, 64, 78, 0) >= 0, "");
		RMC_TEST_ASSERT_EQ(rte_rmc_qp_outstanding(qp_inl), 2, "");
		RMC_TEST_ASSERT_EQ(rte_rmc_poll(qp_inl, cpl, 4), 2, "");
		RMC_TEST_ASSERT(cpl[0].user_tag == 77 && cpl[0].status == RTE_RMC_STATUS_OK, "");
		RMC_TEST_ASSERT(cpl[1].user_tag == 78 && cpl[1].status == RTE_RMC_STATUS_BAD_CTX,
			"");
	}
	/* Node 1 goes away: both paths say node down... */
	rte_rmc_detach(s1);
	rte_rmc_node_destroy(node[1]);
	while (rte_rmc_node_peers_up(node[0]) != 0)
		rte_pause();
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp_inl, &lb_inl, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp_off, &lb_off, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	/* ...and when it comes back with new memory, the inline session uses that. */
	nc.node_id = 1;
	node[1] = rte_rmc_node_create(&nc);
	RMC_TEST_ASSERT(node[1] != NULL, "node 1 again");
	while (rte_rmc_node_peers_up(node[0]) != 1)
		rte_pause();
	memset(lb_inl.addr, 0x3c, 128);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp_inl, &lb_inl, 0, 1, 0, 256, 128, 0),
		RTE_RMC_STATUS_OK);
	memset(lb_off.addr, 0, 128);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp_off, &lb_off, 0, 1, 0, 256, 128, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(lb_off.addr, lb_inl.addr, 128) == 0,
		"the inline write reached the new node 1");
	rte_rmc_detach(off);
	rte_rmc_detach(inl);
	rte_rmc_detach(other);
	rte_rmc_node_destroy(node[0]);
	rte_rmc_node_destroy(node[1]);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(inline_status_autotest, inline_status,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
