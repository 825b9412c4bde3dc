/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model without timing assertions: deadlines as computed, the
 * order of completions that follows from them, held completions treated as
 * in flight (FENCE), what the RMC recorded (every completion held, none made
 * visible before its deadline), and lower bounds only: a completion can never
 * be seen before post + its modelled hold, however slow the machine.
 */

#include <string.h>

#include <rte_cycles.h>

#include "rmc_private.h"
#include "rmc_test.h"

#define MS (1000000ull)

/* Poll until 'want' completions arrived; store them in order with the TSC. */
static int
wait_cpl(struct rte_rmc_qp *qp, struct rte_rmc_completion *cpl, uint64_t *when,
		unsigned int want)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	unsigned int got = 0;

	while (got < want) {
		uint16_t n = rte_rmc_poll(qp, cpl + got, want - got);
		uint64_t now = rte_rdtsc();

		for (uint16_t k = 0; k < n; k++)
			when[got + k] = now;
		got += n;
		if (now > limit)
			return -1;
	}
	return 0;
}

static double
ns_since(uint64_t t0, uint64_t t1)
{
	return (double)(t1 - t0) * 1e9 / (double)rte_get_tsc_hz();
}

static int
latency_deadlines(void)
{
	struct rmc_lat_params lp = { .hold0_tsc = 1000, .per_chunk_tsc = 10, .on = 1 };

	RMC_TEST_ASSERT_EQ(rmc_latency_chunks(1, 65536), 1, "");
	RMC_TEST_ASSERT_EQ(rmc_latency_chunks(65536, 65536), 1, "");
	RMC_TEST_ASSERT_EQ(rmc_latency_chunks(65537, 65536), 2, "");
	RMC_TEST_ASSERT_EQ(rmc_latency_chunks(1 << 20, 65536), 16, "");
	RMC_TEST_ASSERT_EQ(rmc_latency_deadline(&lp, 5000, 1), 5000 + 1010, "");
	RMC_TEST_ASSERT_EQ(rmc_latency_deadline(&lp, 5000, 16), 5000 + 1160, "");
	/* A target below the platform's cost holds nothing. */
	lp.hold0_tsc = -500;
	RMC_TEST_ASSERT_EQ(rmc_latency_deadline(&lp, 5000, 1), 5000, "");
	RMC_TEST_ASSERT_EQ(rmc_latency_deadline(&lp, 5000, 100), 5000 + 500, "");
	return TEST_SUCCESS;
}

static int
latency_model(void)
{
	/* Set through a session too: the operator allowed it. */
	struct rte_rmc_node_conf conf = { .ctx0_size = 1 << 20, .chunk_size = 4096,
		.flags = RTE_RMC_NODE_F_ALLOW_APP_ADMIN };
	struct rte_rmc_completion cpl[4];
	struct rte_rmc_latency_info info;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t when[4], t0, held;
	int ret;

	/* Node 0's RMC starts only once everything is posted: one burst, one issue time. */
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_lat", 2, 0, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 20, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[0], 11000000000ull, 0), -ERANGE, "");
	/* Not running: nothing to calibrate with, so nothing is subtracted. */
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[0], 1 * MS, 5 * MS), 0, "");
	RMC_TEST_ASSERT(rte_rmc_node_latency_get(c.node[0], &info) == 0, "");
	RMC_TEST_ASSERT(info.on && !info.calibrated && info.platform_ns == 0, "info");
	RMC_TEST_ASSERT_EQ(info.base_ns, 1 * MS, "");
	RMC_TEST_ASSERT_EQ(info.per_chunk_ns, 5 * MS, "");

	/* 16 KiB = 4 chunks posted first: deadline +21 ms; 64 B after it: +6 ms. */
	t0 = rte_rdtsc();
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 16384, 1, 0) >= 0, "big");
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 65536, 1, 0, 0, 64, 2, 0) >= 0, "small");
	RMC_TEST_ASSERT(rmc_test_cluster_run(&c, 0) == 0, "start node 0's RMC");
	RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 2) == 0, "two completions");
	RMC_TEST_ASSERT_EQ(cpl[0].user_tag, 2, "the 64 B read's deadline comes first");
	RMC_TEST_ASSERT_EQ(cpl[1].user_tag, 1, "");
	RMC_TEST_ASSERT_STATUS(cpl[0].status, RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(cpl[1].status, RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(ns_since(t0, when[0]) >= 6.0 * MS, "64 B seen after %.0f ns",
		ns_since(t0, when[0]));
	RMC_TEST_ASSERT(ns_since(t0, when[1]) >= 21.0 * MS, "16 KiB seen after %.0f ns",
		ns_since(t0, when[1]));
	rte_rmc_node_latency_get(c.node[0], &info);
	RMC_TEST_ASSERT_EQ(info.held, 2, "both held");
	RMC_TEST_ASSERT_EQ(info.released, 2, "both released");
	RMC_TEST_ASSERT_EQ(info.early, 0, "none before its deadline");

	/* A fenced request waits for a held one: it is still in flight. */
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[0], 5 * MS, 0), 0, "");
	rte_rmc_node_latency_get(c.node[0], &info);
	t0 = rte_rdtsc();
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 64, 3, 0) >= 0, "A");
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 64, 1, 0, 64, 64, 4, RTE_RMC_F_FENCE) >= 0,
		"fenced B");
	RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 2) == 0, "A and B");
	RMC_TEST_ASSERT_EQ(cpl[0].user_tag, 3, "A first");
	RMC_TEST_ASSERT_EQ(cpl[1].user_tag, 4, "B after A");
	/* B could only be taken once A was visible: two holds at least. */
	RMC_TEST_ASSERT(ns_since(t0, when[1]) >= 2.0 * (5.0 * MS - info.platform_ns),
		"fenced B seen after %.0f ns, platform %" PRIu64 " ns", ns_since(t0, when[1]),
		info.platform_ns);

	/*
	 * A QP destroyed with completions held: it drains (its completions are
	 * written at their deadline, or flushed at stop), nothing breaks.
	 */
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[0], 50 * MS, 0), 0, "");
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 64, 5, 0) >= 0, "");
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 64, 1, 0, 0, 64, 6, 0) >= 0, "");
	rte_rmc_qp_destroy(qp);
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[0], 0, 0), 0, "off");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp again");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);

	/* Set through the session (a running rmcd gets the same control message). */
	ret = rte_rmc_latency_set(c.sess[0], 10 * MS, 0);
	RMC_TEST_ASSERT(ret == 0, "session set: %d", ret);
	rte_rmc_node_latency_get(c.node[0], &info);
	RMC_TEST_ASSERT(info.on && info.base_ns == 10 * MS, "set through the session");
	/* Stopping the node shows what it holds: done work, status OK. */
	rte_rmc_node_latency_get(c.node[0], &info);
	held = info.held;
	RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, 0, 1, 0, 0, 64, 7, 0) >= 0, "");
	while (rte_rmc_node_latency_get(c.node[0], &info) == 0 && info.held == held)
		;
	/* Everything still held when the node stops is flushed, this one included. */
	held = info.held - info.released;
	rte_rmc_node_stop(c.node[0]);
	RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 1) == 0, "flushed at stop");
	RMC_TEST_ASSERT_EQ(cpl[0].user_tag, 7, "");
	RMC_TEST_ASSERT_STATUS(cpl[0].status, RTE_RMC_STATUS_OK);
	rte_rmc_node_latency_get(c.node[0], &info);
	RMC_TEST_ASSERT(held >= 1 && info.flushed >= 1 && info.flushed <= held,
		"flushed %" PRIu64 " of %" PRIu64 " held", info.flushed, held);
	RMC_TEST_ASSERT_EQ(info.early, 0, "");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

/*
 * Not in memcheck: deadlines of milliseconds and a calibration with a time
 * limit; under valgrind's slowdown the calibration gives up, and these tests
 * are not about memory errors anyway (they run under ASan/UBSan like the rest).
 */
RMC_REGISTER_TEST(latency_deadline_autotest, latency_deadlines,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1);
RMC_REGISTER_TEST(latency_model_autotest, latency_model,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1);
