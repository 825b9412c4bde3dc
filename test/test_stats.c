/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Statistics: every request counted once by operation and by status, bytes
 * of successful requests only, one latency sample per request, the same
 * figures through the node API, the QP API and an attached session, resets
 * that start from zero again, QPs that are gone still counted in the node's
 * totals, and a node started without context 0.
 */

#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_rmc_admin.h>

#include "rmc_test.h"

static uint64_t
hist_total(const struct rte_rmc_stats *st)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS; i++)
		n += st->latency_hist[i];
	return n;
}

static uint64_t
requests_total(const struct rte_rmc_stats *st)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < RTE_RMC_STATS_OPS; i++)
		n += st->requests[i];
	return n;
}

/* The counters that do not depend on timing must match exactly. */
static int
same_counters(const struct rte_rmc_stats *a, const struct rte_rmc_stats *b)
{
	return memcmp(a->requests, b->requests, sizeof(a->requests)) == 0 &&
		memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0 &&
		memcmp(a->completions, b->completions, sizeof(a->completions)) == 0 &&
		memcmp(a->latency_hist, b->latency_hist, sizeof(a->latency_hist)) == 0;
}

static int
stats_counts(void)
{
	struct rte_rmc_stats st, st2, sq;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	struct rte_rmc_wqe w;
	uint32_t ids[8], depth, pid;
	uint64_t old;
	/* Resets and latency through a session: the operator allowed them. */
	struct rte_rmc_node_conf conf = { .flags = RTE_RMC_NODE_F_ALLOW_APP_ADMIN };
	int n;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_stats", 2, 2, &conf) == 0, "cluster");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st), 0, "get");
	RMC_TEST_ASSERT_EQ(requests_total(&st), 0, "fresh node");
	RMC_TEST_ASSERT_EQ(st.nb_qps, 0, "no QP yet");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 256 << 10, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");

	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, 256, 4, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 256, 4, 0),
		RTE_RMC_STATUS_OK);
	/* Larger than the 64 KiB chunk: goes through the ITT. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 200000, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp, &lb, 0, 1, 0, 0, 5, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp, &lb, 0, 0, 0, 8, 0, 1, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 9, 0, 8, 0),
		RTE_RMC_STATUS_BAD_CTX);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 7, 0, 0, 8, 0),
		RTE_RMC_STATUS_BAD_NODE);
	memset(&w, 0, sizeof(w));
	w.opcode = 77;
	w.dst_nid = 1;
	w.length = 8;
	w.lbuf_id = lb.id;
	RMC_TEST_ASSERT_STATUS(rte_rmc_exec_sync(qp, &w, 0, NULL), RTE_RMC_STATUS_BAD_OPCODE);

	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st), 0, "get");
	RMC_TEST_ASSERT_EQ(st.requests[RTE_RMC_OP_READ], 4, "reads (2 ok, 2 failed)");
	RMC_TEST_ASSERT_EQ(st.requests[RTE_RMC_OP_WRITE], 1, "writes");
	RMC_TEST_ASSERT_EQ(st.requests[RTE_RMC_OP_FAA], 1, "faa");
	RMC_TEST_ASSERT_EQ(st.requests[RTE_RMC_OP_CAS], 1, "cas");
	RMC_TEST_ASSERT_EQ(st.requests[RTE_RMC_OP_NONE], 1, "invalid opcode");
	RMC_TEST_ASSERT_EQ(st.bytes[RTE_RMC_OP_READ], 200004, "bytes of successful reads");
	RMC_TEST_ASSERT_EQ(st.bytes[RTE_RMC_OP_WRITE], 4, "bytes written");
	RMC_TEST_ASSERT_EQ(st.bytes[RTE_RMC_OP_FAA], 8, "faa bytes");
	RMC_TEST_ASSERT_EQ(st.completions[RTE_RMC_STATUS_OK], 5, "ok");
	RMC_TEST_ASSERT_EQ(st.completions[RTE_RMC_STATUS_BAD_CTX], 1, "bad ctx");
	RMC_TEST_ASSERT_EQ(st.completions[RTE_RMC_STATUS_BAD_NODE], 1, "bad node");
	RMC_TEST_ASSERT_EQ(st.completions[RTE_RMC_STATUS_BAD_OPCODE], 1, "bad opcode");
	/* Sampled (rmc_stats.h): the first burst of a QP is always timed. */
	RMC_TEST_ASSERT(hist_total(&st) >= 1 && hist_total(&st) <= 8,
		"latency samples %" PRIu64 " of 8 requests", hist_total(&st));
	RMC_TEST_ASSERT(rte_rmc_stats_percentile_ns(&st, 50) > 0, "p50 of 8 samples");
	RMC_TEST_ASSERT_EQ(st.nb_qps, 1, "one QP");
	RMC_TEST_ASSERT_EQ(st.in_flight, 0, "nothing in flight after sync calls");
	RMC_TEST_ASSERT_EQ(st.cq_unread, 0, "every completion consumed");

	/* Node 1 served, it did not issue: its counters stay at zero. */
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[1], &st2), 0, "get 1");
	RMC_TEST_ASSERT_EQ(requests_total(&st2), 0, "node 1 issued nothing");

	/* The QP view and the session view agree with the node view. */
	n = rte_rmc_node_qp_list(c.node[0], ids, RTE_DIM(ids));
	RMC_TEST_ASSERT_EQ(n, 1, "one live QP");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_qp_stats_get(c.node[0], ids[0], &sq, &depth, &pid), 0,
		"qp stats");
	RMC_TEST_ASSERT_EQ(depth, 8, "depth");
	RMC_TEST_ASSERT_EQ(pid, getpid(), "owner");
	RMC_TEST_ASSERT(same_counters(&st, &sq), "QP and node totals differ");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_qp_stats_get(c.node[0], 4000, &sq, NULL, NULL), -ENOENT,
		"no such QP");
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_get(c.sess[0], &st2), 0, "session get");
	RMC_TEST_ASSERT(same_counters(&st, &st2), "session and node totals differ");
	RMC_TEST_ASSERT_EQ(st2.nb_qps, 1, "QPs through the session");

	/* Reset through the session, then one more request. */
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_reset(c.sess[0]), 0, "reset");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st), 0, "get");
	RMC_TEST_ASSERT_EQ(requests_total(&st) + hist_total(&st), 0, "zero after reset");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st), 0, "get");
	RMC_TEST_ASSERT_EQ(st.requests[RTE_RMC_OP_READ], 1, "one read since the reset");
	RMC_TEST_ASSERT_EQ(st.bytes[RTE_RMC_OP_READ], 64, "64 bytes since the reset");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_qp_stats_get(c.node[0], ids[0], &sq, NULL, NULL), 0,
		"qp");
	RMC_TEST_ASSERT_EQ(sq.requests[RTE_RMC_OP_READ], 1, "QP reset too");

	/* A destroyed QP's counters stay in the node's totals. */
	rte_rmc_qp_destroy(qp);
	RMC_TEST_ASSERT_EQ(rte_rmc_node_qp_list(c.node[0], ids, RTE_DIM(ids)), 0, "no QP");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st2), 0, "get");
	RMC_TEST_ASSERT(same_counters(&st, &st2), "retired QP lost from the totals");
	RMC_TEST_ASSERT_EQ(st2.nb_qps, 0, "no live QP");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_reset(c.node[0]), 0, "node reset");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st2), 0, "get");
	RMC_TEST_ASSERT_EQ(requests_total(&st2), 0, "retired counters reset");

	/* The latency setting reaches the node the same way as a local call. */
	RMC_TEST_ASSERT_EQ(rte_rmc_latency_set(c.sess[1], 0, 0),
		rte_rmc_node_latency_set(c.node[1], 0, 0), "latency through the session");
	rmc_test_cluster_stop(&c);

	RMC_TEST_ASSERT_EQ(rte_rmc_stats_hist_lower_ns(0), 0, "bucket 0");
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_hist_lower_ns(1), 16, "bucket 1");
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_hist_lower_ns(2), 32, "bucket 2");
	/* Percentiles to the bucket: 3 samples, the slowest in bucket 5. */
	memset(&st, 0, sizeof(st));
	st.latency_hist[2] = 2;
	st.latency_hist[5] = 1;
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_percentile_ns(&st, 50), 64, "p50 below bucket 3");
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_percentile_ns(&st, 99), 512, "p99 is the slowest");
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_percentile_ns(&st, 0), 64, "p0");
	st.latency_hist[RTE_RMC_STATS_HIST_BUCKETS - 1] = 10;
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_percentile_ns(&st, 100),
		rte_rmc_stats_hist_lower_ns(RTE_RMC_STATS_HIST_BUCKETS - 1), "open last bucket");
	RMC_TEST_ASSERT(strcmp(rte_rmc_op_name(RTE_RMC_OP_FAA), "faa") == 0, "faa name");
	RMC_TEST_ASSERT(strcmp(rte_rmc_op_name(99), "invalid") == 0, "bad op name");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(stats_autotest, stats_counts,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

static int
no_ctx0(void)
{
	struct rte_rmc_node_conf conf;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;

	memset(&conf, 0, sizeof(conf));
	conf.flags = RTE_RMC_NODE_F_NO_CTX0;
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_noctx0", 2, 2, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_ctx_map(c.sess[1], 0, NULL) == NULL, "context 0 exists");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 4);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 8, 0),
		RTE_RMC_STATUS_BAD_CTX);
	RMC_TEST_ASSERT_EQ(rte_rmc_node_ctx_create(c.node[1], 0, 1 << 20, RTE_RMC_PERM_RW), 0,
		"create context 0 later");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 8, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(rte_rmc_node_ctx_create(c.node[1], 0, 1 << 20, RTE_RMC_PERM_RW),
		-EEXIST, "second context 0");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(no_ctx0_autotest, no_ctx0,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

/*
 * Gauges: requests waiting in a WQ while the node's RMC does not run, then
 * completions the application has not consumed yet.
 */
static int
stats_gauges(void)
{
	struct rte_rmc_completion cpl[8];
	struct rmc_test_cluster c;
	struct rte_rmc_stats st;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t deadline;
	int i, n;

	/* Node 1 exists but its RMC does not run yet. */
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_gauges", 2, 1, NULL) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[1], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[1], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	for (i = 0; i < 3; i++)
		RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, i * 64, 0, 0, 0, 64, i, 0) >= 0, "post");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[1], &st), 0, "get");
	RMC_TEST_ASSERT_EQ(st.wq_pending, 3, "three requests wait in the WQ");
	RMC_TEST_ASSERT_EQ(st.completions[RTE_RMC_STATUS_OK], 0, "nothing served yet");

	/* The RMC starts: the requests complete, their completions wait. */
	RMC_TEST_ASSERT(rmc_test_cluster_run(&c, 1) == 0, "run node 1");
	deadline = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	do {
		RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[1], &st), 0, "get");
	} while (st.completions[RTE_RMC_STATUS_OK] < 3 && rte_get_timer_cycles() < deadline);
	RMC_TEST_ASSERT_EQ(st.completions[RTE_RMC_STATUS_OK], 3, "served");
	RMC_TEST_ASSERT_EQ(st.wq_pending, 0, "WQ drained");
	RMC_TEST_ASSERT_EQ(st.cq_unread, 3, "three completions not consumed");
	for (n = 0; n < 3; )
		n += rte_rmc_poll(qp, cpl + n, 3 - n);
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[1], &st), 0, "get");
	RMC_TEST_ASSERT_EQ(st.cq_unread, 0, "completions consumed");
	RMC_TEST_ASSERT_EQ(st.in_flight, 0, "nothing in the RMC");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(stats_gauges_autotest, stats_gauges,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
