/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The PGAS barrier and wait-until, on shm and ring: the barrier includes the
 * completion of every put issued before it (non-blocking ones too), reruns
 * start from a fresh count, and a participant that never comes, left, or
 * died gives -ETIMEDOUT (then -EPIPE), never a hang. The test's own limit
 * (meson timeout) is far above the bounds under test (300 ms).
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rte_errno.h>

#include "rmc_app.h"
#include "test_pgas.h"

#define ROUNDS 40
#define BOUND_MS 300

static int
barrier_rounds(struct pgas_job *j, struct rte_rmc_pgas *p)
{
	uint16_t me = rte_rmc_pgas_my_node(p), n = rte_rmc_pgas_nodes(p), k;
	struct rte_rmc_pgas_region *r;
	volatile uint64_t *local;
	uint64_t round, v;

	RTE_SET_USED(j);
	r = rte_rmc_pgas_region_create(p, "t_rounds", 4096, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create");
	local = rte_rmc_pgas_region_addr(r, NULL);
	for (round = 1; round <= ROUNDS; round++) {
		/* Non-blocking puts, no completion handle: the barrier completes them. */
		for (k = 0; k < n; k++) {
			v = round;
			RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put_nbi(p, &v, k, r, 8 * me, 8, NULL), 0,
				"put_nbi");
		}
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier %lu",
			(unsigned long)round);
		for (k = 0; k < n; k++)
			RMC_TEST_ASSERT_EQ(local[k], round, "node %u's put of round %lu not there",
				k, (unsigned long)round);
		/* Nobody writes the next round before everyone has checked this one. */
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "second barrier");
	}
	return TEST_SUCCESS;
}

/* Node 1 sets node 0's flag after a while; node 0 waits for it. */
static int
wait_flag(struct pgas_job *j, struct rte_rmc_pgas *p)
{
	uint16_t me = rte_rmc_pgas_my_node(p);
	struct rte_rmc_pgas_region *r;
	volatile uint64_t *local;
	uint64_t v = 7;

	RTE_SET_USED(j);
	r = rte_rmc_pgas_region_create(p, "t_flag", 64, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create");
	local = rte_rmc_pgas_region_addr(r, NULL);
	if (me == 1) {
		usleep(50000);
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put(p, &v, 0, r, 0, 8), 0, "put");
	} else if (me == 0) {
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_wait_until(p, local, RTE_RMC_PGAS_CMP_EQ, 7, 0),
			0, "wait_until");
		RMC_TEST_ASSERT_EQ(local[0], 7, "flag");
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_wait_until(p, local + 1, RTE_RMC_PGAS_CMP_GT, 0,
			BOUND_MS), -ETIMEDOUT, "wait_until on a word nobody writes");
	}
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	return TEST_SUCCESS;
}

static int
pgas_barrier(void)
{
	unsigned int d, run;

	for (d = 0; d < RTE_DIM(pgas_drivers); d++) {
		struct rte_rmc_node_conf nc = { .driver = pgas_drivers[d] };
		struct rmc_test_cluster c;
		int ret = TEST_SUCCESS;

		RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_pgbar", 3, 3, &nc) == 0, "cluster");
		/* Twice: the second run's counts start from zero again. */
		for (run = 0; run < 2 && ret == TEST_SUCCESS; run++)
			ret = pgas_run(&c, 3, barrier_rounds, NULL);
		if (ret == TEST_SUCCESS)
			ret = pgas_run(&c, 3, wait_flag, NULL);
		rmc_test_cluster_stop(&c);
		RMC_TEST_ASSERT_EQ(ret, TEST_SUCCESS, "driver %s", pgas_drivers[d]);
	}
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(pgas_barrier_autotest, pgas_barrier,
	.suite = "fast-tests", .timeout = 180, .no_huge = 1);

/* One barrier bounded by BOUND_MS must fail alone, in no less than the bound. */
static int
barrier_alone(struct rte_rmc_pgas *p)
{
	struct timespec t0, t1;
	uint64_t ns;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = rte_rmc_pgas_barrier(p, BOUND_MS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000ull + t1.tv_nsec - t0.tv_nsec;
	RMC_TEST_ASSERT(ret == -ETIMEDOUT || ret == -EHOSTDOWN, "barrier gave %d", ret);
	RMC_TEST_ASSERT(ns >= BOUND_MS * 1000000ull, "returned before the bound");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, BOUND_MS), -EPIPE, "a broken handle");
	return TEST_SUCCESS;
}

/* Status of a read of node 1's bootstrap context through a plain QP of node 0. */
static int
boot_read(struct rte_rmc_session *s, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb)
{
	RTE_SET_USED(s);
	return rte_rmc_read_sync(qp, lb, 0, 1, RTE_RMC_PGAS_BOOT_CTX, 0, 8, 0);
}

static int
barrier_dead_on(const char *driver)
{
	struct rte_rmc_node_conf nc = { .driver = driver };
	struct rte_rmc_pgas *p0, *p1;
	struct rte_rmc_session *s1;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	int i, st;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_pgdead", 2, 2, &nc) == 0, "cluster");
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c.sess[0], 4096, &lb), 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	p0 = rte_rmc_pgas_open(c.sess[0]);
	RMC_TEST_ASSERT(p0 != NULL, "open");
	/* Node 1 never opens a handle. */
	RMC_TEST_ASSERT_EQ(barrier_alone(p0), TEST_SUCCESS, "no participant on node 1");
	rte_rmc_pgas_close(p0);
	/* Node 1's participant dies: its session ends without closing anything. */
	p0 = rte_rmc_pgas_open(c.sess[0]);
	s1 = rte_rmc_attach(c.name, 1, NULL);
	RMC_TEST_ASSERT(p0 != NULL && s1 != NULL, "open, attach");
	p1 = rte_rmc_pgas_open(s1);
	RMC_TEST_ASSERT(p1 != NULL, "open on node 1");
	RMC_TEST_ASSERT_STATUS(boot_read(c.sess[0], qp, &lb), RTE_RMC_STATUS_OK);
	/* As a death: the node sees the socket close, nothing else. */
	shutdown(s1->fd, SHUT_RDWR);
	/* The node reclaims the bootstrap context when it sees the session end. */
	for (i = 0; i < 500 && (st = boot_read(c.sess[0], qp, &lb)) == RTE_RMC_STATUS_OK; i++)
		usleep(10000);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_BAD_CTX);
	RMC_TEST_ASSERT_EQ(barrier_alone(p0), TEST_SUCCESS, "dead participant");
	rte_rmc_pgas_close(p1); /* frees what the process held, says nothing to the node */
	rte_rmc_detach(s1);
	rte_rmc_pgas_close(p0);
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
static int
pgas_barrier_dead(void)
{
	unsigned int d;

	for (d = 0; d < RTE_DIM(pgas_drivers); d++)
		RMC_TEST_ASSERT_EQ(barrier_dead_on(pgas_drivers[d]), TEST_SUCCESS, "driver %s",
			pgas_drivers[d]);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(pgas_barrier_dead_autotest, pgas_barrier_dead,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1);
