/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model on xen, two nodes of this process over the stand-ins
 * (grant tables in a memfd, xenstore as a folder: test_xen.h): xen domains
 * have no control session between them, so each node's model travels as a
 * protocol message (RMC_PROTO_LAT) on the rings in the "granted" pages, as
 * on eth. A law set on either node reaches the other exactly (every field,
 * the 129 quantiles included), a change and "off" too, and requests are not
 * handed over before the law's minimum on the test's clock. Not tested on a
 * hypervisor: what differs there (libxengnttab, xenstore) is below the rings.
 */

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rmc_latency_wire.h"
#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_xen_remote.h"
#include "test_latency.h"
#include "test_xen.h"

static struct xen_fixture lat_xen_f;
static struct rmc_test_cluster lat_xen_c;

/* Wait (bounded) until both nodes are linked with each other. */
static int
lat_xen_linked(struct rmc_test_cluster *c)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
	struct rmc_xen_info a, b;
	unsigned int i;

	for (i = 0; i < 1000; i++) {
		if (rmc_xen_node_info(c->node[0], &a) == 0 && rmc_xen_node_info(c->node[1],
				&b) == 0 && a.peers_linked == 1 && b.peers_linked == 1)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* Set model lm on node d; wait (bounded) until node r publishes it, exactly. */
static int
lat_xen_set(struct rmc_test_cluster *c, unsigned int d, unsigned int r,
		const struct rte_rmc_latency_model *lm)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	struct rte_rmc_latency_model m;
	struct rmc_lat_wire a, b;
	struct rmc_lat_model cur;

	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_model_set(c->node[d], lm), 0, "model refused");
	do {
		memcpy(&cur, &c->node[r]->page->lat[d], sizeof(cur));
		rmc_lat_wire_encode(&cur, &a);
		rmc_lat_wire_encode(c->node[d]->lat, &b);
		RMC_TEST_ASSERT(rte_rmc_latency_get(c->sess[r], d, &m) == 0, "");
		if (memcmp(&a, &b, sizeof(a)) == 0 && m.law == lm->law && m.seed == lm->seed)
			return TEST_SUCCESS;
	} while (rte_rdtsc() < limit);
	RMC_TEST_ASSERT(0, "node %u did not learn node %u's model", r, d);
	return TEST_FAILED;
}

static int
latency_law_xen_run(void)
{
	struct rte_rmc_latency_model em = { .law = RTE_RMC_LAT_EMPIRICAL, .seed = 17 };
	struct rte_rmc_latency_model nm = { .law = RTE_RMC_LAT_NORMAL, .law_a = 40000,
		.law_b = 8000, .seed = 19 };
	struct rte_rmc_latency_model off = { .law = RTE_RMC_LAT_CONST };
	struct rmc_test_cluster *c = &lat_xen_c;
	struct rte_rmc_fabric_stats fs;
	struct rte_rmc_node_conf conf;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t t0, t1;
	unsigned int i;
	char path[64];
	int ret;

	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(&lat_xen_f, 4096, "1024\n", 1), 0, "fixture");
	memset(&conf, 0, sizeof(conf));
	conf.driver = "xen";
	conf.driver_args = "domains=21:22";
	conf.proto_timeout_ms = 300;
	RMC_TEST_ASSERT(rmc_test_cluster_start(c, "xen_lat", 2, 2, &conf) == 0, "start");
	RMC_TEST_ASSERT_EQ(lat_xen_linked(c), 0, "the cluster did not link");
	RMC_TEST_ASSERT(rmc_test_latency_file(path, sizeof(path), 50000, 1000, NULL) == 0, "file");
	em.law_file = path;
	ret = lat_xen_set(c, 1, 0, &em);
	unlink(path);
	RMC_TEST_ASSERT(ret == TEST_SUCCESS, "empirical law from node 1 to node 0");
	RMC_TEST_ASSERT(lat_xen_set(c, 0, 1, &nm) == TEST_SUCCESS, "normal law, node 0 to 1");
	qp = rte_rmc_qp_create(c->sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c->sess[0], 1 << 16, &lb), 0, "lbuf");
	for (i = 0; i < 50; i++) {
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
		t1 = rte_rdtsc();
		RMC_TEST_ASSERT(t1 - t0 >= ns_to_tsc(50000), "read %u after %.0f ns, before the "
			"law's minimum", i, ns_since(t0, t1));
	}
	RMC_TEST_ASSERT(lat_xen_set(c, 1, 0, &off) == TEST_SUCCESS, "off, node 1 to 0");
	for (i = 0; i < 2; i++) {
		RMC_TEST_ASSERT_EQ(rte_rmc_node_fabric_stats(c->node[i], &fs), 0, "");
		RMC_TEST_ASSERT_EQ(fs.bad_msg, 0, "node %u refused a message", i);
	}
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(c);
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(&lat_xen_f), 0, "leaks after stop");
	return TEST_SUCCESS;
}

static int
latency_law_xen(void)
{
	int ret = latency_law_xen_run();

	if (ret != TEST_SUCCESS) {
		rmc_test_cluster_stop(&lat_xen_c);
		rmc_xen_set_env(NULL);
		test_xen_rm_tree(lat_xen_f.root);
	}
	return ret;
}

RMC_REGISTER_TEST(latency_law_xen_autotest, latency_law_xen,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
