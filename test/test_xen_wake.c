/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Event channels wake a sleeping xen RMC (drivers/xen_remote/rmc_xen_wake.c),
 * over the stand-ins (grants in a memfd, event channels in a table of this
 * process). Node 1's RMC, on a worker lcore with the adaptive idle policy,
 * sleeps as long as a node whose peers can all wake it; a request of node 0
 * (whose RMC this thread runs) ends that sleep by a wake-up, through a
 * notification node 0 sent and node 1's relay thread took; three times, so
 * that the RMC says it sleeps again at each sleep. While node 1's RMC spins,
 * node 0 sends no notification at all: it wakes only a sleeper. Stopping the
 * cluster leaves no event channel port bound. Without event channels (an
 * environment that gives none) the RMC polls its rings instead.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_wake.h"
#include "rmc_xen_remote.h"
#include "test_wake.h"
#include "test_xen.h"

#define PATTERN 0x0e7c4a115eed0001ull
#define SPIN_READS 200


/* Both nodes linked with each other (the control threads' ticks); 0 or -1. */
static int
xen_wait_linked(struct rmc_test_cluster *c)
{
	uint64_t deadline = wake_test_now_ns() + WAKE_TEST_DEADLINE_NS;
	const struct timespec ms = { .tv_sec = 0, .tv_nsec = 1000000 };
	struct rmc_xen_info a, b;

	while (wake_test_now_ns() < deadline) {
		if (rmc_xen_node_info(c->node[0], &a) == 0 && a.peers_linked == 1 &&
				rmc_xen_node_info(c->node[1], &b) == 0 && b.peers_linked == 1)
			return 0;
		nanosleep(&ms, NULL);
	}
	printf("the nodes did not link\n");
	return -1;
}

/* Node 1's RMC sleeps; node 0's request wakes it through the event channel. */
static int
xen_wake_rounds(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb,
		uint64_t *remote)
{
	struct rmc_xen_info a0, a1, b0, b1;
	uint64_t w0;
	int round;

	for (round = 0; round < 3; round++) {
		remote[7] = PATTERN + round;
		RMC_TEST_ASSERT_EQ(wake_test_wait_asleep(c->node[1], &w0), 0, "asleep");
		RMC_TEST_ASSERT_EQ(c->node[1]->wake_bound, WAKE_TEST_LONG_SLEEP_NS,
			"the RMC polls: it does not count on its peers to wake it");
		rmc_xen_node_info(c->node[0], &a0);
		rmc_xen_node_info(c->node[1], &a1);
		RMC_TEST_ASSERT_EQ(wake_test_read_polled(qp, lb, c->node[0], PATTERN + round), 0,
			"round %d", round);
		RMC_TEST_ASSERT(wake_test_woken_since(c->node[1], w0),
			"round %d: the sleep ended by its bound, not by a wake-up", round);
		rmc_xen_node_info(c->node[0], &b0);
		rmc_xen_node_info(c->node[1], &b1);
		RMC_TEST_ASSERT(b0.wake_notified > a0.wake_notified,
			"round %d: node 0 sent no notification", round);
		RMC_TEST_ASSERT(b1.wake_relayed > a1.wake_relayed,
			"round %d: node 1 took no notification", round);
	}
	return TEST_SUCCESS;
}

/* Node 1's RMC spins: not one notification for many requests. */
static int
xen_wake_spinning(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb,
		uint64_t *remote)
{
	struct rmc_xen_info a, b;
	int i;

	__atomic_store_n(&c->node[1]->conf.idle, RTE_RMC_IDLE_SPIN, __ATOMIC_RELAXED);
	/* The first may wake it from a sleep begun before; it then never sleeps. */
	remote[7] = PATTERN;
	RMC_TEST_ASSERT_EQ(wake_test_read_polled(qp, lb, c->node[0], PATTERN), 0, "first");
	rmc_xen_node_info(c->node[0], &a);
	for (i = 0; i < SPIN_READS; i++) {
		remote[7] = PATTERN + i;
		RMC_TEST_ASSERT_EQ(wake_test_read_polled(qp, lb, c->node[0], PATTERN + i), 0,
			"read %d", i);
	}
	rmc_xen_node_info(c->node[0], &b);
	RMC_TEST_ASSERT_EQ(b.wake_notified, a.wake_notified,
		"%d requests to an RMC that never slept sent notifications", SPIN_READS);
	__atomic_store_n(&c->node[1]->conf.idle, RTE_RMC_IDLE_ADAPTIVE, __ATOMIC_RELAXED);
	return TEST_SUCCESS;
}

/* The two-node cluster of these tests and what node 0 reads with; 0 or -1. */
struct xen_wake_env {
	struct xen_fixture f;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote;     /* node 1's context 0, as its application maps it */
};

/*
 * Node 1's RMC on worker lcore lc (adaptive idle policy), node 0's run by
 * this thread; with the fixture's event channels or none. The fixture is set
 * up whatever happens: xen_wake_env_stop() then checks what is left.
 */
static int
xen_wake_env_start(struct xen_wake_env *e, const char *name, int channels, int lc)
{
	struct rte_rmc_node_conf nc;

	memset(e, 0, sizeof(*e));
	if (test_xen_fixture_setup(&e->f, 4096, "1024\n", 1) != 0)
		return -1;
	if (!channels)
		e->f.env.evtchn = NULL;
	wake_test_conf_adaptive(&nc, "xen");
	nc.driver_args = "domains=21:22";
	if (rmc_test_cluster_start(&e->c, name, 2, 0, &nc) != 0)
		return -1;
	wake_test_sleep_bound(e->c.node[1], WAKE_TEST_LONG_SLEEP_NS);
	if (rte_rmc_node_launch(e->c.node[1], lc) != 0 || xen_wait_linked(&e->c) != 0)
		return -1;
	e->remote = rte_rmc_ctx_map(e->c.sess[1], 0, NULL);
	if (e->remote == NULL || rte_rmc_lbuf_register(e->c.sess[0], 4096, &e->lb) != 0)
		return -1;
	e->qp = rte_rmc_qp_create(e->c.sess[0], 8);
	return e->qp != NULL ? 0 : -1;
}

/* Stop the cluster; 0 when it left no grant, port or publication. */
static int
xen_wake_env_stop(struct xen_wake_env *e)
{
	rmc_test_cluster_stop(&e->c);
	if (test_xen_fixture_teardown(&e->f) != 0) {
		printf("FAIL: the cluster left grants, ports or publications\n");
		return -1;
	}
	return 0;
}

/* Without event channels: nothing to bind, the RMC polls, requests are served. */
static int
xen_wake_polled(struct xen_wake_env *e)
{
	struct rmc_xen_info info;

	RMC_TEST_ASSERT(!e->c.node[1]->peer_wake, "the RMC counts on wake-ups nobody sends");
	e->remote[7] = PATTERN;
	RMC_TEST_ASSERT_EQ(wake_test_read_polled(e->qp, &e->lb, e->c.node[0], PATTERN), 0,
		"read");
	RMC_TEST_ASSERT(rmc_xen_node_info(e->c.node[0], &info) == 0 &&
		info.wake_notified == 0, "notified without event channels");
	return TEST_SUCCESS;
}

static int
xen_wake_run(const char *name, int channels)
{
	struct rmc_xen_info info;
	struct xen_wake_env e;
	int lc, ret = TEST_SUCCESS;

	lc = wake_test_worker_lcore();
	if (lc < 0)
		return TEST_SKIPPED;
	CHECK(xen_wake_env_start(&e, name, channels, lc) == 0, "cluster");
	CHECK(rmc_xen_node_info(e.c.node[1], &info) == 0 && info.wake_channels == channels,
		"event channels: %d", info.wake_channels);
	if (channels) {
		CHECK(xen_wake_rounds(&e.c, e.qp, &e.lb, e.remote) == TEST_SUCCESS,
			"woken by its peer");
		CHECK(xen_wake_spinning(&e.c, e.qp, &e.lb, e.remote) == TEST_SUCCESS,
			"no needless wake-up");
	} else {
		CHECK(xen_wake_polled(&e) == TEST_SUCCESS, "polled");
	}
out:
	if (xen_wake_env_stop(&e) != 0)
		ret = TEST_FAILED;
	return ret;
}

static int
xen_wake(void)
{
	return xen_wake_run("t_xen_wake", 1);
}

static int
xen_wake_none(void)
{
	return xen_wake_run("t_xen_nowake", 0);
}

RMC_REGISTER_TEST(xen_wake_autotest, xen_wake, .suite = "fast-tests", .timeout = 120,
	.no_huge = 1, .memcheck = 1);
RMC_REGISTER_TEST(xen_wake_none_autotest, xen_wake_none, .suite = "fast-tests",
	.timeout = 120, .no_huge = 1, .memcheck = 1);
