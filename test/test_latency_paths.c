/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model on the paths of the library that test_latency.c does not
 * drive (sonuma.h's synchronous calls, rmc_check_cq() and rmc_drain_cq();
 * messaging), per destination (a model applies to requests to its node only;
 * an application cannot change it), and the effect at the destination: a
 * write is not visible there before t + one-way. Only lower bounds, read on
 * the test's own clock before posting.
 */

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>

#include "rmc_test.h"
#include "test_latency.h"
#include "rte_rmc_admin.h"
#include "rte_rmc_latency.h"
#include "rte_rmc_msg.h"
#include "sonuma.h"

static uint64_t son_when[256];
static unsigned int son_n;

static void
son_handler(uint8_t tid, wq_entry_t *head, void *owner)
{
	RTE_SET_USED(tid);
	RTE_SET_USED(head);
	RTE_SET_USED(owner);
	if (son_n < RTE_DIM(son_when))
		son_when[son_n] = rte_rdtsc();
	son_n++;
}

static int
latency_sonuma(void)
{
	const uint64_t lat = 100 * US, L = ns_to_tsc(lat);
	struct rmc_test_cluster c;
	uint64_t t0, limit;
	unsigned int i, posted = 0;
	rmc_wq_t *wq;
	rmc_cq_t *cq;
	uint8_t *lb;
	int h;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_lat_son", 2, 2, NULL) == 0, "cluster");
	setenv("RMC_CLUSTER", "t_lat_son", 1);
	setenv("RMC_NODE", "0", 1);
	h = kal_open((char *)RMC_DEV);
	unsetenv("RMC_NODE");
	unsetenv("RMC_CLUSTER");
	RMC_TEST_ASSERT(h >= 0, "kal_open");
	RMC_TEST_ASSERT(kal_reg_wq(h, &wq) == 0 && kal_reg_cq(h, &cq) == 0, "wq");
	RMC_TEST_ASSERT(kal_reg_lbuff(h, &lb, 4) == 0, "lbuf");
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, lat), 0, "model of node 1");
	for (i = 0; i < 5; i++) {
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_EQ(rmc_rread_sync(wq, cq, lb, 0, 1, 0, 0, 64), 0, "rread_sync");
		RMC_TEST_ASSERT(rte_rdtsc() - t0 >= L, "rmc_rread_sync after %.0f ns",
			ns_since(t0, rte_rdtsc()));
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_EQ(rmc_rwrite_sync(wq, cq, lb, 0, 1, 0, 4096, 64), 0, "");
		RMC_TEST_ASSERT(rte_rdtsc() - t0 >= L, "rmc_rwrite_sync");
		/* rmc_drain_cq: one asynchronous read, drained until handled. */
		son_n = 0;
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT(rmc_rread_async(wq, lb, 0, 1, 0, 0, 64) >= 0, "async");
		limit = t0 + 10 * rte_get_tsc_hz();
		while (son_n == 0 && rte_rdtsc() < limit)
			rmc_drain_cq(wq, cq, son_handler, NULL);
		RMC_TEST_ASSERT(son_n == 1 && son_when[0] - t0 >= L, "rmc_drain_cq after %.0f ns",
			ns_since(t0, son_when[0]));
	}
	/* rmc_check_cq: the WQ full, it hands completions over until a slot frees. */
	son_n = 0;
	t0 = rte_rdtsc();
	while (rmc_rread_async(wq, lb, 0, 1, 0, 64 * (posted % 64), 64) >= 0 && posted < 256)
		posted++;
	RMC_TEST_ASSERT(posted > 0, "posted");
	RMC_TEST_ASSERT_EQ(rmc_check_cq(wq, cq, son_handler, NULL), 0, "check_cq");
	RMC_TEST_ASSERT(son_n >= 1, "handled");
	for (i = 0; i < RTE_MIN(son_n, RTE_DIM(son_when)); i++)
		RMC_TEST_ASSERT(son_when[i] - t0 >= L, "rmc_check_cq after %.0f ns",
			ns_since(t0, son_when[i]));
	rte_rmc_detach(kal_session(h));
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

/*
 * A model set on node 2 applies to requests to node 2 only (counted by the
 * library), not to node 1; an application cannot change it.
 */
static int
latency_per_destination(void)
{
	struct rte_rmc_qp_lat_stats a, b;
	struct rte_rmc_latency_model m;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t t0;
	unsigned int i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_lat_dst", 3, 3, NULL) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 2, 30 * US), 0, "model of node 2");
	RMC_TEST_ASSERT(rte_rmc_latency_get(c.sess[0], 1, &m) == 0 && !m.on, "node 1: none");
	RMC_TEST_ASSERT(rte_rmc_latency_get(c.sess[0], 0, &m) == 0 && !m.on, "self: none");
	RMC_TEST_ASSERT(rte_rmc_latency_get(c.sess[1], 2, &m) == 0 && m.on &&
		m.base_ns == 30 * US, "every requester learns it");
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &a) == 0, "");
	for (i = 0; i < 10; i++)
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &b) == 0, "");
	RMC_TEST_ASSERT_EQ(b.count, a.count, "requests to node 1 are not under node 2's model");
	for (i = 0; i < 10; i++) {
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 2, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT(rte_rdtsc() - t0 >= ns_to_tsc(30 * US), "to node 2: early");
	}
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &b) == 0, "");
	RMC_TEST_ASSERT_EQ(b.count, a.count + 10, "requests to node 2 are");
	/* Loopback: the node's own model (d = self). */
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 0, 20 * US), 0, "model of node 0");
	t0 = rte_rmc_qp_latency_stats(qp, &a) == 0 ? rte_rdtsc() : 0;
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 0, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(rte_rdtsc() - t0 >= ns_to_tsc(20 * US), "loopback: early");
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &b) == 0 && b.count == a.count + 1, "");
	/* The operator's: an application is refused, and nothing changed. */
	RMC_TEST_ASSERT_EQ(rte_rmc_latency_set(c.sess[0], 1, 0), -EPERM, "app refused");
	RMC_TEST_ASSERT_EQ(rte_rmc_latency_set(c.sess[2], 1, 0), -EPERM, "app refused");
	RMC_TEST_ASSERT(rte_rmc_latency_get(c.sess[0], 2, &m) == 0 && m.base_ns == 30 * US,
		"unchanged");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

/* Messaging: a message is not in the receiver's area before t + one-way. */
int
latency_msg_run(const char *driver, const char *args, const char *name)
{
	struct rte_rmc_msg_conf conf = { .ctx_id = 0, .ctx_offset = 4096, .max_ports = 1,
		.slots = 4 };
	struct rte_rmc_node_conf nc = { .driver = driver, .driver_args = args };
	const uint64_t lat = 200 * US;
	struct rte_rmc_msg_ep *a, *b;
	struct rmc_test_cluster c;
	char out[64], in[64];
	uint64_t t0, t1;
	unsigned int i;
	int ret;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, name, 2, 2, &nc) == 0, "cluster");
	a = rte_rmc_msg_open(c.sess[0], 0, &conf);
	b = rte_rmc_msg_open(c.sess[1], 0, &conf);
	RMC_TEST_ASSERT(a != NULL && b != NULL, "endpoints");
	/* The first message finds the endpoint; the model comes after. */
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 0, out, 8, 2000000), 0, "first");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b, NULL, NULL, in, sizeof(in), 2000000), 8, "");
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, lat), 0, "model of node 1");
	for (i = 0; i < 5; i++) {
		memset(out, 'a' + i, sizeof(out));
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 0, out, sizeof(out), 2000000), 0, "send");
		ret = rte_rmc_msg_recv(b, NULL, NULL, in, sizeof(in), 5000000);
		t1 = rte_rdtsc();
		RMC_TEST_ASSERT_EQ(ret, (int)sizeof(out), "recv");
		RMC_TEST_ASSERT(memcmp(in, out, sizeof(in)) == 0, "intact");
		RMC_TEST_ASSERT(t1 - t0 >= ns_to_tsc(lat / 2), "message arrived after %.0f ns, "
			"before the one-way %" PRIu64 " ns", ns_since(t0, t1), lat / 2);
	}
	rte_rmc_msg_close(a);
	rte_rmc_msg_close(b);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

/*
 * A law: the library's draws (its targets, deadline - post, which the
 * machine's speed does not enter: a statistical test of the seeded draws, not
 * of the machine) have the law's mean, within five standard errors.
 */
static int
law_mean(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		const struct rte_rmc_latency_model *lm, double mean, double sd)
{
	const unsigned int n = 400;
	struct rte_rmc_qp_lat_stats a, b;
	struct rte_rmc_latency_model m;
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	double got;
	unsigned int i;

	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_model_set(c->node[1], lm), 0, "set the law");
	do {
		RMC_TEST_ASSERT(rte_rmc_latency_get(c->sess[0], 1, &m) == 0, "");
	} while ((m.law != lm->law || m.seed != lm->seed) && rte_rdtsc() < limit);
	RMC_TEST_ASSERT(m.on && m.law == lm->law && m.seed == lm->seed, "announced");
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &a) == 0, "");
	for (i = 0; i < n; i++)
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &b) == 0, "");
	RMC_TEST_ASSERT_EQ(b.count - a.count, n, "");
	got = (double)(b.target_ns_sum - a.target_ns_sum) / n;
	RMC_TEST_ASSERT(got > mean - 5 * sd / 20 && got < mean + 5 * sd / 20,
		"mean target %.0f ns, the law's %.0f ns (sd %.0f)", got, mean, sd);
	return TEST_SUCCESS;
}

static int
latency_law(void)
{
	struct rte_rmc_latency_model nm = { .law = RTE_RMC_LAT_NORMAL, .law_a = 20000,
		.law_b = 5000, .seed = 7 };
	struct rte_rmc_latency_model lm = { .law = RTE_RMC_LAT_LOGNORMAL, .law_a = 10000,
		.law_b = 40000, .seed = 9 };
	struct rte_rmc_latency_model bad = { .law = RTE_RMC_LAT_LOGNORMAL, .law_a = 10000,
		.law_b = 5000 };
	struct rte_rmc_latency_model em = { .law = RTE_RMC_LAT_EMPIRICAL, .seed = 11 };
	char path[64];
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	double s = log(4.0) / 2.3263478740408408, mean = 10000 * exp(s * s / 2);

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_lat_law", 2, 2, NULL) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_model_set(c.node[1], &bad), -EINVAL,
		"p99 below the median");
	/* sd / mean = 0.25: the truncation at 0 moves the mean by nothing measurable. */
	RMC_TEST_ASSERT(law_mean(&c, qp, &lb, &nm, 20000, 5000) == TEST_SUCCESS, "normal");
	RMC_TEST_ASSERT(law_mean(&c, qp, &lb, &lm, mean, mean * sqrt(exp(s * s) - 1)) ==
		TEST_SUCCESS, "lognormal");
	/* A measured device: 200 latencies spread evenly over 10..29.9 us. */
	RMC_TEST_ASSERT(rmc_test_latency_file(path, sizeof(path), 10000, 100,
		"# a measured device") == 0, "file");
	em.law_file = path;
	RMC_TEST_ASSERT(law_mean(&c, qp, &lb, &em, 19950, 5774) == TEST_SUCCESS, "empirical");
	unlink(path);
	em.law_file = "/nonexistent/latencies";
	RMC_TEST_ASSERT(rte_rmc_node_latency_model_set(c.node[1], &em) < 0, "no such file");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

static int
latency_msg(void)
{
	return latency_msg_run("ring", NULL, "t_lat_msg");
}

RMC_REGISTER_TEST(latency_sonuma_autotest, latency_sonuma,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1);
RMC_REGISTER_TEST(latency_per_destination_autotest, latency_per_destination,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1);
RMC_REGISTER_TEST(latency_law_autotest, latency_law,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1);
RMC_REGISTER_TEST(latency_msg_autotest, latency_msg,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
