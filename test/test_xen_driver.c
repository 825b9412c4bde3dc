/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The xen driver's life cycle, hosted in this process over the stand-ins
 * (grant tables in a memfd, xenstore as a folder, a scratch /dev and /sys):
 * a 3-node cluster shares, publishes and maps its regions; the grants it
 * holds are exactly what the start-up check computed; remote reads, writes
 * and atomics, small and multi-chunk, travel through the protocol layer on
 * the rings in the "granted" pages; a node that stops is noticed by the
 * others (its requests fail with node-down), which share afresh for its
 * successor and serve it when it comes back; stopping the cluster leaves no
 * grant, no mapping and no publication. Start-up failures (limits too low, a grant table that
 * runs out, bad arguments, no Xen) fail the node cleanly with nothing left.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <rte_errno.h>

#include "rmc_gnt_memfd.h"
#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_xen_board_dir.h"
#include "rmc_xen_env.h"
#include "rmc_xen_pub.h"
#include "rmc_xen_remote.h"
#include "test_xen.h"

static void
sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Wait until every listed node is linked with 'want' peers; the bound only
 * turns a hang into a failure.
 */
static int
wait_linked(struct rmc_test_cluster *c, unsigned int want, uint32_t timeout_ms)
{
	struct rmc_xen_info info;
	unsigned int i, ok;
	uint32_t waited;

	for (waited = 0; waited <= timeout_ms; waited += 10) {
		ok = 1;
		for (i = 0; i < c->count; i++) {
			if (c->node[i] == NULL)
				continue;
			if (rmc_xen_node_info(c->node[i], &info) < 0 || info.peers_linked != want)
				ok = 0;
		}
		if (ok)
			return 0;
		sleep_ms(10);
	}
	for (i = 0; i < c->count; i++)
		if (c->node[i] != NULL && rmc_xen_node_info(c->node[i], &info) == 0)
			printf("node %u: %u peers linked, want %u\n", i, info.peers_linked, want);
	return -1;
}

/* Read a publication from the stand-in board as domain 'reader'. */
static int
board_read(const struct xen_fixture *f, uint32_t reader, uint32_t owner, const char *key,
		struct rmc_xen_pub *p)
{
	char txt[RMC_XEN_PUB_MAX_LEN + 2], why[128], err[256];
	void *h = rmc_xen_board_dir_ops.open(f->board, reader, why, sizeof(why));
	int n;

	if (h == NULL)
		return -EIO;
	n = rmc_xen_board_dir_ops.get(h, owner, key, txt, sizeof(txt));
	rmc_xen_board_dir_ops.close(h);
	if (n < 0)
		return n;
	if (rmc_xen_pub_decode(txt, n, p, err, sizeof(err)) < 0) {
		printf("%s: %s\n", key, err);
		return -EPROTO;
	}
	return 0;
}

#define TMO 3000000u
#define BIG (256u << 10)

/*
 * Remote operations among the three nodes: small and multi-chunk writes and
 * reads, compare-and-swap and fetch-and-add, each checked. 'round' varies
 * the data so that a restarted node's fresh context is told apart.
 */
static int
remote_ops(struct rte_rmc_qp **qp, struct rte_rmc_lbuf *lb, unsigned int round)
{
	uint8_t *a = lb[0].addr, *b = lb[1].addr, *c = lb[2].addr;
	uint64_t old = 0;
	unsigned int i;

	/* 0 writes 8 bytes into node 1; 2 reads them from node 1. */
	memcpy(a, round ? "second!" : "remote!", 8);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp[0], &lb[0], 0, 1, 0, 4096, 8, TMO),
		RTE_RMC_STATUS_OK);
	memset(c, 0, 8);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[2], &lb[2], 0, 1, 0, 4096, 8, TMO),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(c, a, 8) == 0, "node 2 read '%.8s' from node 1", (char *)c);
	/* 256 KiB, many chunks: 0 writes into node 2; 1 reads it back. */
	for (i = 0; i < BIG; i++)
		a[i] = (uint8_t)(i * 7 + round);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp[0], &lb[0], 0, 2, 0, 8192, BIG, TMO),
		RTE_RMC_STATUS_OK);
	memset(b, 0, BIG);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[1], &lb[1], 0, 2, 0, 8192, BIG, TMO),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(a, b, BIG) == 0, "multi-chunk data differ");
	/* Atomics on node 2's context, from node 1. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp[1], &lb[1], 0, 2, 0, 0, 0, 40 + round,
		&old, TMO), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 0, "fresh word");
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp[1], &lb[1], 0, 2, 0, 0, 2, &old, TMO),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 40 + round, "");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[0], &lb[0], 0, 2, 0, 0, 8, TMO),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(*(uint64_t *)a, 42 + round, "after cas and faa");
	/* Errors still come back as statuses: beyond the context, bad context. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[0], &lb[0], 0, 1, 0, (1 << 20) - 4, 8, TMO),
		RTE_RMC_STATUS_OUT_OF_BOUNDS);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[0], &lb[0], 0, 1, 9, 0, 8, TMO),
		RTE_RMC_STATUS_BAD_CTX);
	return 0;
}

/*
 * A failed assertion returns early: the cluster is still stopped (its
 * control threads must not outlive the EAL's memory) and the scratch tree
 * still goes.
 */
static struct xen_fixture xen_f;
static struct rmc_test_cluster xen_c;

static int
xen_driver_run(void)
{
	struct xen_fixture *f = &xen_f;
	static struct rmc_xen_pub p, p2;
	struct rte_rmc_attach_opts ao = { .verbose = 0 };
	struct rte_rmc_node_conf conf, nc;
	struct rte_rmc_fabric_stats fs;
	struct rmc_test_cluster *c = &xen_c;
	struct rmc_xen_info info;
	struct rte_rmc_lbuf lb[3];
	struct rte_rmc_qp *qp[3];
	uint32_t grants, mapped, region;
	unsigned int i;
	char key[64];

	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(f, 4096, "1024\n", 1), 0, "fixture");
	memset(&conf, 0, sizeof(conf));
	conf.driver = "xen";
	conf.driver_args = "domains=11:12:13";
	conf.proto_timeout_ms = 300;
	RMC_TEST_ASSERT(rmc_test_cluster_start(c, "xen_drv", 3, 3, &conf) == 0, "start");
	RMC_TEST_ASSERT_EQ(wait_linked(c, 2, 10000), 0, "the cluster did not link");

	/* What each node holds is exactly what the start-up check computed. */
	region = 1 + rmc_xen_data_pages(RMC_XEN_DEFAULT_SLOTS);
	for (i = 0; i < 3; i++) {
		RMC_TEST_ASSERT_EQ(rmc_xen_node_info(c->node[i], &info), 0, "");
		RMC_TEST_ASSERT_EQ(info.self_domid, 11 + i, "");
		RMC_TEST_ASSERT_EQ(info.need.shared_pages, 2 * region, "need");
		RMC_TEST_ASSERT_EQ(info.shared_pages, info.need.shared_pages, "node %u shares", i);
		RMC_TEST_ASSERT_EQ(info.mapped_pages, info.need.mapped_pages, "node %u maps", i);
		RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_granted(f->t, 11 + i, 11 + (i + 1) % 3),
			region, "grants of node %u to its next", i);
	}
	rmc_gnt_memfd_table_usage(f->t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 6 * region && mapped == 6 * region, "grants %u mapped %u",
		grants, mapped);

	/* Six publications, each readable by its one peer only. */
	RMC_TEST_ASSERT_EQ(rmc_xen_board_dir_count(f->board), 6, "publications");
	RMC_TEST_ASSERT_EQ(board_read(f, 12, 11, "xen_drv/n0-to-n1", &p), 0, "");
	RMC_TEST_ASSERT(p.from == 0 && p.to == 1 && p.domid == 11 &&
		p.nb_pages == region - 1 && p.slots == RMC_XEN_DEFAULT_SLOTS, "publication");
	RMC_TEST_ASSERT_EQ(board_read(f, 13, 11, "xen_drv/n0-to-n1", &p2), -ENOENT,
		"domain 13 read a publication meant for domain 12");

	/* Requests between the nodes, through the rings in the granted pages. */
	for (i = 0; i < 3; i++) {
		qp[i] = rte_rmc_qp_create(c->sess[i], 16);
		RMC_TEST_ASSERT(qp[i] != NULL, "qp %u", i);
		RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c->sess[i], BIG, &lb[i]), 0, "lbuf %u", i);
	}
	RMC_TEST_ASSERT_EQ(remote_ops(qp, lb, 0), 0, "remote operations");
	/* Loopback, served by the node itself. */
	memcpy(lb[0].addr, "granted", 8);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp[0], &lb[0], 0, 0, 0, 100, 8, TMO),
		RTE_RMC_STATUS_OK);
	memset(lb[0].addr, 0, 8);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[0], &lb[0], 0, 0, 0, 100, 8, TMO),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(lb[0].addr, "granted", 8) == 0, "loopback read");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_fabric_stats(c->node[1], &fs), 0, "");
	RMC_TEST_ASSERT(fs.req_served > 0 && fs.bad_msg == 0, "node 1 served %" PRIu64
		" requests, %" PRIu64 " malformed", fs.req_served, fs.bad_msg);

	/* Node 2 stops: the others notice, release its region, share afresh. */
	RMC_TEST_ASSERT_EQ(board_read(f, 13, 11, "xen_drv/n0-to-n2", &p), 0, "");
	rte_rmc_qp_destroy(qp[2]);
	rmc_test_cluster_drop(c, 2);
	RMC_TEST_ASSERT_EQ(wait_linked(c, 1, 10000), 0, "the loss of node 2 went unnoticed");
	for (i = 0; i < 2; i++) {
		RMC_TEST_ASSERT_EQ(rmc_xen_node_info(c->node[i], &info), 0, "");
		RMC_TEST_ASSERT_EQ(info.links_lost, 1, "node %u", i);
		RMC_TEST_ASSERT_EQ(info.shared_pages, 2 * region, "node %u re-shared", i);
		RMC_TEST_ASSERT_EQ(info.mapped_pages, region, "node %u still maps node 2", i);
	}
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_granted(f->t, 13, 11) +
		rmc_gnt_memfd_table_granted(f->t, 13, 12), 0, "node 2's grants outlived it");
	RMC_TEST_ASSERT_EQ(rmc_xen_board_dir_count(f->board), 4, "node 2 left publications");
	RMC_TEST_ASSERT_EQ(board_read(f, 13, 11, "xen_drv/n0-to-n2", &p2), 0, "");
	RMC_TEST_ASSERT(p2.gen != p.gen, "node 0 kept the old region for node 2's successor");
	/* Requests to the missing node fail with node-down; the others go on. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[0], &lb[0], 0, 2, 0, 0, 64, TMO),
		RTE_RMC_STATUS_NODE_DOWN);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp[0], &lb[0], 0, 1, 0, 0, 64, TMO),
		RTE_RMC_STATUS_OK);

	/* Its successor starts and links with both. */
	nc = conf;
	nc.cluster = c->name;
	nc.node_id = 2;
	nc.node_count = 3;
	nc.ctx0_size = 1 << 20;
	c->node[2] = rte_rmc_node_create(&nc);
	RMC_TEST_ASSERT(c->node[2] != NULL, "restart: %s", rte_strerror(rte_errno));
	RMC_TEST_ASSERT_EQ(rmc_test_cluster_run(c, 2), 0, "");
	RMC_TEST_ASSERT_EQ(wait_linked(c, 2, 10000), 0, "the restarted node did not link");
	ao.timeout_ms = 5000;
	c->sess[2] = rte_rmc_attach(c->name, 2, &ao);
	RMC_TEST_ASSERT(c->sess[2] != NULL, "attach to the restarted node");
	qp[2] = rte_rmc_qp_create(c->sess[2], 16);
	RMC_TEST_ASSERT(qp[2] != NULL, "");
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c->sess[2], BIG, &lb[2]), 0, "");
	RMC_TEST_ASSERT_EQ(remote_ops(qp, lb, 1), 0, "remote operations after the restart");
	rmc_gnt_memfd_table_usage(f->t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 6 * region && mapped == 6 * region, "grants %u mapped %u",
		grants, mapped);
	for (i = 0; i < 3; i++) {
		RMC_TEST_ASSERT_EQ(rmc_xen_node_info(c->node[i], &info), 0, "");
		RMC_TEST_ASSERT_EQ(info.bad_releases, 0, "node %u", i);
	}

	/* Stop: no grant, no mapping, no publication left. */
	rmc_test_cluster_stop(c);
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(f), 0, "leaks after stop");

	/* Bad driver arguments fail the node, and leave nothing. */
	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(f, 4096, NULL, 1), 0, "");
	memset(&nc, 0, sizeof(nc));
	nc.driver = "xen";
	nc.cluster = "xen_bad";
	nc.node_count = 3;
	nc.ctx0_size = 1 << 20;
	for (i = 0; i < 5; i++) {
		static const char *const bad[] = {
			"domains=11:12", "domains=11:11:12", "domains=11:12:x", "colour=blue",
			"domains=11:12:13,ring-slots=100",
		};

		nc.driver_args = bad[i];
		RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "'%s' accepted", bad[i]);
		RMC_TEST_ASSERT_EQ(rte_errno, EINVAL, "'%s'", bad[i]);
	}
	nc.driver_args = NULL;
	RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "no domains= for 3 nodes");
	snprintf(key, sizeof(key), "domains=4:5:6,ring-slots=64,grant-frames=128,grant-reserve=1");
	nc.driver_args = key;
	c->node[0] = rte_rmc_node_create(&nc);
	c->count = 1; /* for the clean-up after a failure */
	RMC_TEST_ASSERT(c->node[0] != NULL, "good arguments refused: %s", rte_strerror(rte_errno));
	RMC_TEST_ASSERT_EQ(rmc_xen_node_info(c->node[0], &info), 0, "");
	RMC_TEST_ASSERT_EQ(info.need.region_pages, 1 + rmc_xen_data_pages(64), "ring-slots=64");
	rmc_test_cluster_stop(c);
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(f), 0, "leaks after refused starts");
	return TEST_SUCCESS;
}

static int
xen_driver_test(void)
{
	int ret = xen_driver_run();

	if (ret != TEST_SUCCESS) {
		/* rmc_test_cluster_stop() skips the nodes and sessions already gone. */
		rmc_test_cluster_stop(&xen_c);
		rmc_xen_set_env(NULL);
		test_xen_rm_tree(xen_f.root);
	}
	return ret;
}

/* Start-up failures: each refused with nothing left behind. */
static int
xen_limit_exceeded_run(void)
{
	struct xen_fixture *f = &xen_f;
	struct rte_rmc_node_conf nc;
	struct rte_rmc_node *node;

	memset(&nc, 0, sizeof(nc));
	nc.driver = "xen";
	nc.cluster = "xen_lim";
	nc.node_count = 3;
	nc.ctx0_size = 1 << 20;
	nc.driver_args = "domains=31:32:33";

	/* gntalloc allows 10 grants; the cluster needs 2 regions. */
	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(f, 4096, "10\n", 1), 0, "");
	node = rte_rmc_node_create(&nc);
	RMC_TEST_ASSERT(node == NULL, "started above the gntalloc limit");
	RMC_TEST_ASSERT_EQ(rte_errno, ENOSPC, "");
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(f), 0, "leaks");

	/* A grant table that is too small for the domain (grant-frames=). */
	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(f, 4096, NULL, 1), 0, "");
	nc.driver_args = "domains=31:32:33,grant-frames=8";
	RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "started with 8 grant frames");
	RMC_TEST_ASSERT_EQ(rte_errno, ENOSPC, "");
	/* 4096 slots: 2 regions of 130 pages, more than 1 maptrack frame maps. */
	nc.driver_args = "domains=31:32:33,maptrack-frames=1,ring-slots=4096";
	RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "started with 1 maptrack frame");
	RMC_TEST_ASSERT_EQ(rte_errno, ENOSPC, "");
	nc.driver_args = "domains=31:32:33,ring-slots=65536";
	RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "rings larger than a region");
	RMC_TEST_ASSERT_EQ(rte_errno, EINVAL, "");
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(f), 0, "leaks");

	/*
	 * The limits look fine but the grant table runs out while sharing (other
	 * users took grants): the shares made are undone.
	 */
	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(f, RMC_XEN_GREF_FIRST + 1 +
		rmc_xen_data_pages(RMC_XEN_DEFAULT_SLOTS) + 2, NULL, 1), 0, "");
	nc.driver_args = "domains=31:32:33";
	RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "started without grants");
	RMC_TEST_ASSERT_EQ(rte_errno, ENOSPC, "");
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(f), 0, "a partial start left grants");

	/* No grant devices: no Xen, said before anything is made. */
	RMC_TEST_ASSERT_EQ(test_xen_fixture_setup(f, 4096, NULL, 0), 0, "");
	RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "started without Xen");
	RMC_TEST_ASSERT_EQ(rte_errno, ENODEV, "");
	RMC_TEST_ASSERT_EQ(test_xen_fixture_teardown(f), 0, "leaks");

	/* This host, as rmcd uses it (no stand-ins). */
	if (rte_rmc_driver_probe("xen", f->board, sizeof(f->board)) < 0) {
		nc.node_count = 2;
		nc.driver_args = NULL;
		RMC_TEST_ASSERT(rte_rmc_node_create(&nc) == NULL, "started without Xen");
		RMC_TEST_ASSERT(rte_errno == ENODEV || rte_errno == ENOENT, "%d", rte_errno);
	}
	return TEST_SUCCESS;
}

static int
xen_limit_exceeded_test(void)
{
	int ret = xen_limit_exceeded_run();

	if (ret != TEST_SUCCESS) {
		rmc_xen_set_env(NULL);
		test_xen_rm_tree(xen_f.root);
	}
	return ret;
}

RMC_REGISTER_TEST(xen_driver_autotest, xen_driver_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
RMC_REGISTER_TEST(xen_limit_exceeded_autotest, xen_limit_exceeded_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
