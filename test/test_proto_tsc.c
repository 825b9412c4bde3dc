/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The protocol layer when the TSC steps back. A VM's TSC need not be
 * monotonic for a thread the host moves (this project's VMs boot with
 * tsc=unstable, clocksource kvm-clock; no step back was caught here, the
 * guard is for the VMs where it happens). Every TSC the protocol recorded
 * before such a step (the last poll, a request's last progress) is then
 * later than the TSC it reads now. As unsigned differences those gaps
 * wrapped to centuries: each step counted as the longest gap a pass may
 * credit as silence (half the time-out), so two steps within one request's
 * life failed it with node-down, though its peer answered.
 *
 * The steps are made exact by moving every TSC the protocol recorded forward
 * by 15 ms, which is what a step back looks like from the RMC; the RMCs are
 * polled by the test, node 1 only after both steps. The time-out is 1 s, the
 * test's polls of node 0 alone last about 40 ms: before the fix, the steps
 * made them look like more than a second.
 */

#include <string.h>
#include <time.h>

#include <rte_cycles.h>

#include "rmc_private.h"
#include "rmc_proto_priv.h"
#include "rmc_test.h"

/* Node 0's RMC for 'ms' milliseconds (its scans for time-outs run). */
static void
poll_for_ms(struct rte_rmc_node *node, unsigned int ms)
{
	const struct timespec tick = { .tv_sec = 0, .tv_nsec = 500000 };
	unsigned int i;

	for (i = 0; i < 2 * ms; i++) {
		rte_rmc_node_poll(node);
		nanosleep(&tick, NULL);
	}
}

/* What the RMC of 'node' sees after the TSC stepped back by 'back' cycles. */
static void
tsc_step_back(struct rte_rmc_node *node, uint64_t back)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_txn *t;

	p->last_poll += back;
	p->next_scan += back;
	p->last_yield += back;
	TAILQ_FOREACH(t, &p->active, next) {
		t->last_progress += back;
		t->first_tx += back;
		t->deadline += back;
	}
}

static int
tsc_back(void)
{
	struct rte_rmc_node_conf nc = { .driver = "ring", .proto_timeout_ms = 1000 };
	struct rte_rmc_completion cpl;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	struct rte_rmc_wqe w;
	uint64_t back;
	unsigned int i, step;
	uint16_t n = 0;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_tscback", 2, 0, &nc) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_node_wait_peers(c.node[0], 5000) == 0, "peers");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.dst_nid = 1;
	w.length = 64;
	w.lbuf_id = lb.id;
	w.user_tag = 9;
	RMC_TEST_ASSERT(rte_rmc_post(qp, &w) >= 0, "post");
	/* Node 0 sends the request, node 1 does not run yet. */
	for (i = 0; i < 10; i++)
		rte_rmc_node_poll(c.node[0]);
	RMC_TEST_ASSERT_EQ(rte_rmc_poll(qp, &cpl, 1), 0, "completed before node 1 ran");
	/* Two steps back of 15 ms each, node 0 polling for 20 ms after each. */
	back = c.node[0]->pub.tsc_hz / 1000 * 15;
	for (step = 0; step < 2; step++) {
		tsc_step_back(c.node[0], back);
		poll_for_ms(c.node[0], 20);
		RMC_TEST_ASSERT_EQ(rte_rmc_poll(qp, &cpl, 1), 0,
			"completed after a TSC step back (status %u), node 1 never ran",
			cpl.status);
	}
	for (i = 0; i < 1000 && n == 0; i++) {
		rte_rmc_node_poll(c.node[0]);
		rte_rmc_node_poll(c.node[1]);
		n = rte_rmc_poll(qp, &cpl, 1);
	}
	RMC_TEST_ASSERT_EQ(n, 1, "no completion");
	RMC_TEST_ASSERT_EQ(cpl.user_tag, 9, "");
	RMC_TEST_ASSERT_STATUS(cpl.status, RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_tsc_back_autotest, tsc_back,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
