/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * One application cannot hurt the others: node-wide settings are the
 * operator's (-EPERM to applications unless rmcd --allow-app-admin), and
 * each application has quotas (-EDQUOT with a message naming the option),
 * with nothing created by a refused request.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>

#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_test_ctl.h"

/* Applications may not set the latency model nor reset the node's statistics. */
static int
app_admin_eperm(void)
{
	struct rte_rmc_latency_info info;
	struct rmc_test_cluster c;
	struct rte_rmc_stats st;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	struct rmc_ctl_msg m;
	int fd, ret;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_eperm", 2, 2, NULL) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);

	ret = rte_rmc_latency_set(c.sess[0], 1000000000, 0);
	RMC_TEST_ASSERT_EQ(ret, -EPERM, "an application set the latency model");
	RMC_TEST_ASSERT(rte_rmc_node_latency_get(c.node[0], &info) != 0 || !info.on,
		"the latency model changed");
	ret = rte_rmc_stats_reset(c.sess[0]);
	RMC_TEST_ASSERT_EQ(ret, -EPERM, "an application reset the node's statistics");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_get(c.node[0], &st), 0, "stats");
	RMC_TEST_ASSERT(st.requests[RTE_RMC_OP_READ] >= 1, "the statistics were reset");
	/* The answers name the option. */
	fd = rmc_test_ctl_hello(c.node[0], c.name, 0, &m);
	RMC_TEST_ASSERT(fd >= 0, "raw session");
	rmc_ctl_init(&m, RMC_CTL_LATENCY_SET);
	m.u.admin.base_ns = 1000;
	RMC_TEST_ASSERT_EQ(rmc_test_ctl_call(fd, &m, NULL), -EPERM, "latency");
	RMC_TEST_ASSERT(strstr(m.u.text, "--allow-app-admin") != NULL, "%.*s",
		RMC_CTL_TEXT_MAX, m.u.text);
	rmc_ctl_init(&m, RMC_CTL_STATS);
	m.u.admin.qp_id = RMC_CTL_STATS_NODE;
	m.u.admin.flags = RMC_CTL_STATS_F_RESET;
	RMC_TEST_ASSERT_EQ(rmc_test_ctl_call(fd, &m, NULL), -EPERM, "reset");
	RMC_TEST_ASSERT(strstr(m.u.text, "--allow-app-admin") != NULL, "%.*s",
		RMC_CTL_TEXT_MAX, m.u.text);
	close(fd);
	/* Reading the statistics stays open to applications; the operator acts. */
	RMC_TEST_ASSERT_EQ(rte_rmc_stats_get(c.sess[0], &st), 0, "stats through the session");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_stats_reset(c.node[0]), 0, "the operator resets");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[0], 0, 0), 0, "the operator sets");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(app_admin_eperm_autotest, app_admin_eperm,
	.suite = "fast-tests", .timeout = 30, .no_huge = 1, .memcheck = 1);

/* One request on the raw session; its result, the text checked for 'option'. */
static int
quota_call(int fd, struct rmc_ctl_msg *m, const char *option)
{
	int ret = rmc_test_ctl_call(fd, m, NULL);

	if (ret == -EDQUOT && strstr(m->u.text, option) == NULL) {
		printf("FAIL: -EDQUOT without naming %s: %.*s\n", option, RMC_CTL_TEXT_MAX,
			m->u.text);
		return -EINVAL;
	}
	return ret;
}

static int
quota_qp(int fd, struct rmc_ctl_msg *m)
{
	rmc_ctl_init(m, RMC_CTL_QP_CREATE);
	m->u.seg.depth = 8;
	return quota_call(fd, m, "--app-max-qps");
}

static int
quota_lbuf(int fd, struct rmc_ctl_msg *m, uint64_t size, const char *option)
{
	rmc_ctl_init(m, RMC_CTL_LBUF_REG);
	m->u.seg.size = size;
	return quota_call(fd, m, option);
}

static int
quota_ctx(int fd, struct rmc_ctl_msg *m, uint16_t id, uint64_t size, const char *option)
{
	rmc_ctl_init(m, RMC_CTL_CTX_CREATE);
	m->u.ctx.id = id;
	m->u.ctx.size = size;
	m->u.ctx.perm = RTE_RMC_PERM_RW;
	return quota_call(fd, m, option);
}

/* Each quota: reached, refused with -EDQUOT naming its option, nothing created. */
static int
app_quota_edquot(void)
{
	struct rte_rmc_node_conf conf = { .app_max_qps = 2, .app_itt_share = 64,
		.app_max_lbufs = 2, .app_lbuf_mem = 64 << 10, .app_max_ctx = 2,
		.app_ctx_mem = 64 << 10 };
	struct rmc_test_cluster c;
	struct rte_rmc_usage u0, u;
	struct rmc_ctl_msg m;
	int fd, fd2;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_quota", 2, 2, &conf) == 0, "cluster");
	fd = rmc_test_ctl_hello(c.node[0], c.name, 0, &m);
	fd2 = rmc_test_ctl_hello(c.node[0], c.name, 0, &m);
	RMC_TEST_ASSERT(fd >= 0 && fd2 >= 0, "raw sessions");
	/* QPs: the process's sessions together (the test's own session has none). */
	RMC_TEST_ASSERT_EQ(quota_qp(fd, &m), 0, "QP 1");
	RMC_TEST_ASSERT_EQ(quota_qp(fd2, &m), 0, "QP 2, another session of the process");
	RMC_TEST_ASSERT(rte_rmc_node_usage_get(c.node[0], &u0) == 0, "usage");
	RMC_TEST_ASSERT_EQ(quota_qp(fd, &m), -EDQUOT, "QP 3");
	RMC_TEST_ASSERT_EQ(quota_qp(fd2, &m), -EDQUOT, "QP 3 through the other session");
	RMC_TEST_ASSERT(rte_rmc_qp_create(c.sess[0], 8) == NULL, "QP through the API");
	RMC_TEST_ASSERT_EQ(rte_errno, EDQUOT, "API error");
	/* Local buffers: count, then bytes. */
	RMC_TEST_ASSERT_EQ(quota_lbuf(fd, &m, 4096, ""), 0, "lbuf 1");
	RMC_TEST_ASSERT_EQ(quota_lbuf(fd, &m, 64 << 10, "--app-lbuf-mem"), -EDQUOT, "64K more");
	RMC_TEST_ASSERT_EQ(quota_lbuf(fd, &m, 48 << 10, ""), 0, "lbuf 2");
	RMC_TEST_ASSERT_EQ(quota_lbuf(fd2, &m, 4096, "--app-max-lbufs"), -EDQUOT, "lbuf 3");
	close(fd2); /* its QP goes with it: the lbufs are fd's */
	RMC_TEST_ASSERT(rte_rmc_node_usage_get(c.node[0], &u) == 0, "usage");
	RMC_TEST_ASSERT_EQ(u.lbufs, u0.lbufs + 2, "lbufs");
	/* Contexts: bytes, then count; a refused one does not exist. */
	RMC_TEST_ASSERT_EQ(quota_ctx(fd, &m, 5, 32 << 10, ""), 0, "ctx 5");
	RMC_TEST_ASSERT_EQ(quota_ctx(fd, &m, 6, 64 << 10, "--app-ctx-mem"), -EDQUOT, "ctx 6");
	RMC_TEST_ASSERT(!c.node[0]->ctx[6].view.valid, "refused context 6 exists");
	RMC_TEST_ASSERT_EQ(quota_ctx(fd, &m, 6, 4096, ""), 0, "ctx 6, smaller");
	RMC_TEST_ASSERT_EQ(quota_ctx(fd, &m, 7, 4096, "--app-max-ctx"), -EDQUOT, "ctx 7");
	RMC_TEST_ASSERT(!c.node[0]->ctx[7].view.valid, "refused context 7 exists");
	RMC_TEST_ASSERT_EQ(rte_rmc_ctx_create(c.sess[0], 7, 4096, RTE_RMC_PERM_RW), -EDQUOT,
		"context through the API");
	close(fd);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(app_quota_edquot_autotest, app_quota_edquot,
	.suite = "fast-tests", .timeout = 30, .no_huge = 1, .memcheck = 1);
