/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A sleeping RMC is woken on demand (common/rmc_wake.h): requests posted
 * while the RMC sleeps on its wake page complete, and the RMC's sleep ended
 * by a wake-up, not by its time bound; on shm by the application's post, on
 * ring by the peer RMC that sends the request. A requester that makes no
 * wake check (RMC_WAKE_CHECK=0, as an older library) is still served, at
 * the RMC's bounded wake-up. An application that scribbles
 * every header line of its own QP, cannot make the wake page writable, and
 * waits on the wake word itself (to take wake-ups meant for the RMC) does not
 * stop another application's wake-up. On a driver whose peers cannot wake the
 * RMC (eth; here test_fault), the RMC asleep in its longest poll
 * interval still serves a peer's request.
 *
 * The RMC under test runs on a worker lcore with the adaptive idle policy
 * (services never sleep), so the service lcore of the test EAL arguments is
 * turned back into a worker first. Every wait is bounded: the RMC's own sleep
 * by WAKE_TEST_LONG_SLEEP_NS (where a sleep ended by its bound would hide
 * whether the wake-up came) or RMC_WAKE_SLEEP_MAX_NS, the test's by DEADLINE_NS.
 */

#include <errno.h>
#include <stdlib.h>
#include <linux/futex.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rte_lcore.h>
#include <rte_service.h>

#include "rmc_app.h"
#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_wake.h"
#include "test_proto_fault.h"
#include "test_wake.h"

#define DEADLINE_NS WAKE_TEST_DEADLINE_NS
#define PATTERN 0x5eedf00d12345678ull

#define CHECK_STATUS(st, want) do { \
	int _s = (st); \
	CHECK(_s == (want), "status %d (%s)", _s, rte_rmc_strerror(_s)); \
} while (0)

static int
wake_unchecked(struct rmc_test_cluster *c, uint64_t *remote)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000, .verbose = 0 };
	struct rte_rmc_session *s;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t w0, v;

	setenv("RMC_WAKE_CHECK", "0", 1);
	s = rte_rmc_attach(c->name, 0, &ao);
	unsetenv("RMC_WAKE_CHECK");
	RMC_TEST_ASSERT(s != NULL, "attach");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(s, 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(s, 8);
	RMC_TEST_ASSERT(qp != NULL && qp->wake.page == NULL, "qp without the check");
	remote[7] = ~PATTERN;
	RMC_TEST_ASSERT(wake_test_wait_asleep(c->node[0], &w0) == 0, "asleep");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 56, 8, 20000000),
		RTE_RMC_STATUS_OK);
	memcpy(&v, lb.addr, 8);
	RMC_TEST_ASSERT(v == ~PATTERN, "read back %" PRIx64, v);
	rte_rmc_detach(s);
	return TEST_SUCCESS;
}

static int
wake_shm(void)
{
	struct rte_rmc_node_conf nc;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote, w0, v;
	int lc, ret = TEST_SUCCESS;

	lc = wake_test_worker_lcore();
	if (lc < 0)
		return TEST_SKIPPED;
	wake_test_conf_adaptive(&nc, NULL);
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_wake_shm", 2, 0, &nc) == 0, "cluster");
	wake_test_sleep_bound(c.node[0], WAKE_TEST_LONG_SLEEP_NS);
	CHECK(rte_rmc_node_launch(c.node[0], lc) == 0, "launch");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	CHECK(remote != NULL, "map");
	CHECK(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	CHECK(qp != NULL, "qp");
	CHECK(qp->wake.page != NULL, "the session mapped the wake page");
	remote[7] = PATTERN;
	CHECK(wake_test_wait_asleep(c.node[0], &w0) == 0, "asleep");
	CHECK_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 56, 8, 20000000),
		RTE_RMC_STATUS_OK);
	memcpy(&v, lb.addr, 8);
	CHECK(v == PATTERN, "read back %" PRIx64, v);
	CHECK(wake_test_woken_since(c.node[0], w0), "the post woke the RMC");
	/* A requester that never wakes it (an older library) is served at its time bound. */
	wake_test_sleep_bound(c.node[0], RMC_WAKE_SLEEP_MAX_NS);
	CHECK(wake_unchecked(&c, remote) == TEST_SUCCESS, "no wake check");
out:
	rmc_test_cluster_stop(&c);
	return ret;
}

RMC_REGISTER_TEST(wake_shm_autotest, wake_shm, .suite = "fast-tests", .timeout = 120,
	.no_huge = 1, .memcheck = 1);

/* Ring: node 1's RMC sleeps; node 0's RMC (run by this thread) sends it a request. */
static int
wake_ring(void)
{
	struct rte_rmc_node_conf nc;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote, w0;
	int lc, round, ret = TEST_SUCCESS;

	lc = wake_test_worker_lcore();
	if (lc < 0)
		return TEST_SKIPPED;
	wake_test_conf_adaptive(&nc, "ring");
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_wake_ring", 2, 0, &nc) == 0, "cluster");
	wake_test_sleep_bound(c.node[1], WAKE_TEST_LONG_SLEEP_NS);
	CHECK(rte_rmc_node_launch(c.node[1], lc) == 0, "launch");
	CHECK(rte_rmc_node_wait_peers(c.node[0], 5000) == 0, "peers of node 0");
	CHECK(rte_rmc_node_wait_peers(c.node[1], 5000) == 0, "peers of node 1");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	CHECK(remote != NULL, "map");
	CHECK(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	CHECK(qp != NULL, "qp");
	for (round = 0; round < 3; round++) {
		remote[7] = PATTERN + round;
		CHECK(wake_test_wait_asleep(c.node[1], &w0) == 0, "asleep");
		CHECK(wake_test_read_polled(qp, &lb, c.node[0], PATTERN + round) == 0, "round %d", round);
		CHECK(wake_test_woken_since(c.node[1], w0), "the peer RMC woke the RMC");
	}
out:
	rmc_test_cluster_stop(&c);
	return ret;
}

RMC_REGISTER_TEST(wake_ring_autotest, wake_ring, .suite = "fabric", .timeout = 120,
	.no_huge = 1, .memcheck = 1);

/* Wait until the node's RMC sleeps in its longest poll interval. */
static int
wait_longest_poll(struct rte_rmc_node *node)
{
	uint64_t deadline = wake_test_now_ns() + DEADLINE_NS;
	const struct timespec ms = { .tv_sec = 0, .tv_nsec = 1000000 };

	while (wake_test_now_ns() < deadline) {
		if (__atomic_load_n(&node->wake_bound, __ATOMIC_RELAXED) ==
				RMC_WAKE_POLL_MAX_NS &&
				__atomic_load_n(&node->wake_page->asleep, __ATOMIC_ACQUIRE))
			return 0;
		nanosleep(&ms, NULL);
	}
	printf("the RMC of node %u never reached its longest poll interval\n", node->pub.id);
	return -1;
}

/*
 * Poll interval (test_fault: no peer wake, as eth): node 1's RMC, idle long
 * enough to sleep its longest interval, serves a request of node 0 (run by
 * this thread); three times, so that the interval backs off again after work.
 */
static int
wake_poll(void)
{
	struct rte_rmc_node_conf nc;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote;
	int lc, round, ret = TEST_SUCCESS;

	lc = wake_test_worker_lcore();
	if (lc < 0)
		return TEST_SKIPPED;
	fault_reset();
	wake_test_conf_adaptive(&nc, "test_fault");
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_wake_poll", 2, 0, &nc) == 0, "cluster");
	CHECK(rte_rmc_node_launch(c.node[1], lc) == 0, "launch");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	CHECK(remote != NULL, "map");
	CHECK(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	CHECK(qp != NULL, "qp");
	for (round = 0; round < 3; round++) {
		remote[7] = PATTERN + round;
		CHECK(wait_longest_poll(c.node[1]) == 0, "asleep");
		CHECK(wake_test_read_polled(qp, &lb, c.node[0], PATTERN + round) == 0, "round %d", round);
	}
out:
	rmc_test_cluster_stop(&c);
	fault_reset();
	return ret;
}

RMC_REGISTER_TEST(wake_poll_autotest, wake_poll, .suite = "fabric", .timeout = 120,
	.no_huge = 1, .memcheck = 1);

/* A hostile application: waits on the wake word to take the RMC's wake-ups. */
static volatile int thief_stop;

static void *
thief(void *arg)
{
	const uint32_t *word = arg;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };

	while (!thief_stop)
		syscall(SYS_futex, word, FUTEX_WAIT, 1, &ts, NULL, 0);
	return NULL;
}

static int
wake_isolation(void)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000, .verbose = 0 };
	struct rte_rmc_node_conf nc;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qa, *qb;
	uint64_t *remote, w0, v;
	struct rte_rmc_session *sb = NULL;
	pthread_t th;
	void *page;
	int lc, round, ret = TEST_SUCCESS, thief_on = 0;

	lc = wake_test_worker_lcore();
	if (lc < 0)
		return TEST_SKIPPED;
	wake_test_conf_adaptive(&nc, NULL);
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_wake_iso", 2, 0, &nc) == 0, "cluster");
	wake_test_sleep_bound(c.node[0], WAKE_TEST_LONG_SLEEP_NS);
	CHECK(rte_rmc_node_launch(c.node[0], lc) == 0, "launch");
	sb = rte_rmc_attach(c.name, 0, &ao);
	CHECK(sb != NULL, "second application");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	CHECK(remote != NULL, "map");
	CHECK(rte_rmc_lbuf_register(sb, 4096, &lb) == 0, "lbuf");
	qa = rte_rmc_qp_create(c.sess[0], 8);
	qb = rte_rmc_qp_create(sb, 8);
	CHECK(qa != NULL && qb != NULL, "qps");
	/* A cannot make the wake page writable: its descriptor was read-only. */
	page = (void *)(uintptr_t)c.sess[0]->wake.page;
	CHECK(mprotect(page, 4096, PROT_READ | PROT_WRITE) != 0,
		"the wake page became writable");
	/* A scribbles every line of its QP header after the first, the RMC's too. */
	memset((char *)qa->hdr + 64, 0xff, RTE_RMC_QP_WQ_OFFSET - 64);
	thief_stop = 0;
	CHECK(pthread_create(&th, NULL, thief, page) == 0, "thief");
	thief_on = 1;
	for (round = 0; round < 3; round++) {
		remote[7] = PATTERN + round;
		memset((char *)qa->hdr + 64, round, RTE_RMC_QP_WQ_OFFSET - 64);
		CHECK(wake_test_wait_asleep(c.node[0], &w0) == 0, "asleep");
		CHECK_STATUS(rte_rmc_read_sync(qb, &lb, 0, 1, 0, 56, 8, 20000000),
			RTE_RMC_STATUS_OK);
		memcpy(&v, lb.addr, 8);
		CHECK(v == PATTERN + round, "read back %" PRIx64, v);
		CHECK(wake_test_woken_since(c.node[0], w0), "B's post woke the RMC");
	}
out:
	thief_stop = 1;
	if (thief_on)
		pthread_join(th, NULL);
	rte_rmc_detach(sb);
	rmc_test_cluster_stop(&c);
	return ret;
}

RMC_REGISTER_TEST(wake_isolation_autotest, wake_isolation, .suite = "reliability",
	.timeout = 120, .no_huge = 1, .memcheck = 1);
