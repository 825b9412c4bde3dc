/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The PGAS layer's error paths: bad names and flags, a region too large, the
 * application's context quotas (-EDQUOT on every participant, nothing left),
 * a name that exists, bad arguments of the data calls, and accesses to a
 * region that is gone (destroyed, or its node's last user ended, also by
 * death): BAD_CTX.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>

#include "rmc_private.h"
#include "rmc_test_ctl.h"
#include "test_pgas.h"

#define PGAS_ASSERT_FAILS(call, err) do { \
	rte_errno = 0; \
	RMC_TEST_ASSERT((call) == NULL && rte_errno == (err), "rte_errno %d (%s), want %d", \
		rte_errno, rte_strerror(rte_errno), (err)); \
} while (0)

static int
bad_args(struct rte_rmc_pgas *p)
{
	struct rte_rmc_pgas_region *r;
	uint64_t v = 0;

	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "", 8, 0, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, NULL, 8, 0, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "a b", 8, 0, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "rmc.pgas.boot", 8, 0, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "0123456789012345678901234567890123",
		8, 0, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "t_flags", 8, 0x80, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "t_zero", 0, 0, 0), EINVAL);
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "t_huge", UINT64_C(1) << 40, 0, 0),
		EFBIG);
	r = rte_rmc_pgas_region_create(p, "t_args", 64, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, rte_rmc_pgas_nodes(p), r, 0, 8), -EINVAL,
		"node outside the cluster");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, 0, r, 0, 0), -EINVAL, "length 0");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put(p, NULL, 0, r, 0, 8), -EINVAL, "NULL source");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, 1, r, 60, 8), RTE_RMC_STATUS_OUT_OF_BOUNDS,
		"beyond the region");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_wait_until(p, (uint64_t *)((uintptr_t)&v + 1),
		RTE_RMC_PGAS_CMP_EQ, 0, 10), -EINVAL, "unaligned wait");
	/* The name exists: every participant fails alike. */
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "t_args", 64, 0, 0), EEXIST);
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_destroy(r, 0), 0, "destroy");
	return TEST_SUCCESS;
}

static int
quota(struct rte_rmc_pgas *p)
{
	struct rte_rmc_pgas_region *a, *b;

	/* The cluster allows 2 contexts and 64 KiB per application. */
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "t_big", 128 << 10, 0, 0), EDQUOT);
	a = rte_rmc_pgas_region_create(p, "t_q1", 4096, 0, 0);
	b = rte_rmc_pgas_region_create(p, "t_q2", 4096, 0, 0);
	RMC_TEST_ASSERT(a != NULL && b != NULL, "two regions within the quota");
	PGAS_ASSERT_FAILS(rte_rmc_pgas_region_create(p, "t_q3", 4096, 0, 0), EDQUOT);
	/* Nothing left of the refused ones; closing gives the quota back. */
	RMC_TEST_ASSERT(rte_rmc_pgas_region_lookup(p, "t_q3") == NULL, "refused region left");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_destroy(b, 0), 0, "destroy");
	b = rte_rmc_pgas_region_create(p, "t_q3", 4096, 0, 0);
	RMC_TEST_ASSERT(b != NULL, "quota given back");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_destroy(b, 0), 0, "destroy");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_destroy(a, 0), 0, "destroy");
	return TEST_SUCCESS;
}

/* Accesses to a region destroyed, and to a node's part whose last user left. */
static int
gone(struct rte_rmc_pgas *p)
{
	uint16_t me = rte_rmc_pgas_my_node(p);
	struct rte_rmc_pgas_region *r, *keep;
	uint64_t v = 1;

	r = rte_rmc_pgas_region_create(p, "t_gone", 64, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create");
	keep = rte_rmc_pgas_region_lookup(p, "t_gone"); /* a record that outlives it */
	RMC_TEST_ASSERT(keep != NULL, "lookup");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put(p, &v, 1 - me, keep, 0, 8), 0, "put while it exists");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_destroy(r, 0), 0, "destroy");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put(p, &v, 1 - me, keep, 0, 8), RTE_RMC_STATUS_BAD_CTX,
		"put to a destroyed region");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, me, keep, 0, 8), RTE_RMC_STATUS_BAD_CTX,
		"get from our own destroyed part");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_fetch_add(p, 1 - me, keep, 0, 1, &v),
		RTE_RMC_STATUS_BAD_CTX, "atomic on a destroyed region");
	rte_rmc_pgas_region_close(keep);
	/* Node 1's only user closes: its part goes, node 0's stays. */
	r = rte_rmc_pgas_region_create(p, "t_left", 64, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create");
	if (me == 1)
		rte_rmc_pgas_region_close(r);
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	if (me == 0) {
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, 1, r, 0, 8), RTE_RMC_STATUS_BAD_CTX,
			"node 1's part outlived its last user");
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, 0, r, 0, 8), 0, "node 0's part");
	}
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	return TEST_SUCCESS;
}

static int
err_calls(struct pgas_job *j, struct rte_rmc_pgas *p)
{
	RTE_SET_USED(j);
	RMC_TEST_ASSERT_EQ(bad_args(p), TEST_SUCCESS, "bad arguments");
	RMC_TEST_ASSERT_EQ(quota(p), TEST_SUCCESS, "quota");
	RMC_TEST_ASSERT_EQ(gone(p), TEST_SUCCESS, "gone");
	return TEST_SUCCESS;
}

static int
pgas_errors(void)
{
	unsigned int d;

	for (d = 0; d < RTE_DIM(pgas_drivers); d++) {
		struct rte_rmc_node_conf nc = { .driver = pgas_drivers[d], .app_max_ctx = 2,
			.app_ctx_mem = 64 << 10 };
		struct rmc_test_cluster c;
		int ret;

		RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_pgerr", 2, 2, &nc) == 0, "cluster");
		ret = pgas_run(&c, 2, err_calls, NULL);
		rmc_test_cluster_stop(&c);
		RMC_TEST_ASSERT_EQ(ret, TEST_SUCCESS, "driver %s", pgas_drivers[d]);
	}
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(pgas_errors_autotest, pgas_errors,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1, .memcheck = 1);

/*
 * Contexts an application creates with rte_rmc_ctx_create() go with the last
 * session of their node that uses them (created, mapped, or told EEXIST),
 * also by death; persistent ones stay; the operator's stay.
 */
static int
ctx_reclaim(void)
{
	struct rte_rmc_session *a, *b;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	int i, st = 0;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_ctxrec", 2, 2, NULL) == 0, "cluster");
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c.sess[0], 4096, &lb), 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	a = rte_rmc_attach(c.name, 1, NULL);
	b = rte_rmc_attach(c.name, 1, NULL);
	RMC_TEST_ASSERT(qp != NULL && a != NULL && b != NULL, "qp, sessions");
	RMC_TEST_ASSERT_EQ(rte_rmc_ctx_create(a, 5, 4096, RTE_RMC_PERM_RW), 0, "ctx 5");
	RMC_TEST_ASSERT_EQ(rte_rmc_ctx_create(a, 6, 4096,
		RTE_RMC_PERM_RW | RTE_RMC_CTX_F_PERSISTENT), 0, "ctx 6, persistent");
	RMC_TEST_ASSERT(rte_rmc_ctx_map(b, 5, NULL) != NULL, "b maps ctx 5");
	rte_rmc_detach(a);
	/* b still uses 5: it stays. */
	usleep(100000);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 5, 0, 8, 0), RTE_RMC_STATUS_OK);
	rte_rmc_detach(b);
	for (i = 0; i < 500; i++) {
		st = rte_rmc_read_sync(qp, &lb, 0, 1, 5, 0, 8, 0);
		if (st != RTE_RMC_STATUS_OK)
			break;
		usleep(10000);
	}
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_BAD_CTX);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 6, 0, 8, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 8, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(rte_rmc_ctx_create(c.sess[1], 7, 4096, RTE_RMC_PERM_RW | 0x200),
		-EINVAL, "unknown flag");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(ctx_reclaim_autotest, ctx_reclaim,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

static void
boot_join_msg(struct rmc_ctl_msg *m)
{
	rmc_ctl_init(m, RMC_CTL_REGION_CREATE);
	m->u.region.id = RTE_RMC_PGAS_BOOT_CTX;
	m->u.region.size = 4096;
	m->u.region.flags = RMC_REGION_F_JOIN | RMC_REGION_F_BOOT;
	snprintf(m->u.region.name, sizeof(m->u.region.name), "rmc.pgas.boot");
}

/*
 * A rerun's first handle joins the bootstrap context while the previous
 * run's process has hung up but its node has not handled that yet: it must
 * get a fresh context, never the old counts. The node's control thread is
 * held (its lock) so that the join is handled before the hang-up.
 */
static int
pgas_rerun_unreaped(void)
{
	struct rmc_test_cluster c;
	struct rmc_ctl_msg m;
	uint64_t *boot;
	int a, b, rfd;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_pgrerun", 2, 2, NULL) == 0, "cluster");
	a = rmc_test_ctl_hello(c.node[1], c.name, 0, &m);
	b = rmc_test_ctl_hello(c.node[1], c.name, 0, &m);
	RMC_TEST_ASSERT(a >= 0 && b >= 0, "raw sessions");
	boot_join_msg(&m);
	RMC_TEST_ASSERT_EQ(rmc_test_ctl_call(a, &m, NULL), 0, "the old run joins");
	boot = (uint64_t *)(void *)c.node[1]->ctx[RTE_RMC_PGAS_BOOT_CTX].view.base;
	boot[0] = 5; /* the old run's arrivals */
	pthread_mutex_lock(&c.node[1]->lock);
	boot_join_msg(&m);
	rmc_ctl_send(b, &m, -1);
	usleep(100000); /* the control thread takes b's request and waits for the lock */
	close(a);       /* the old run's process ends */
	pthread_mutex_unlock(&c.node[1]->lock);
	RMC_TEST_ASSERT_EQ(rmc_ctl_recv(b, &m, &rfd), 0, "reply");
	RMC_TEST_ASSERT_EQ(m.result, 0, "the new run joins");
	boot = (uint64_t *)(void *)c.node[1]->ctx[RTE_RMC_PGAS_BOOT_CTX].view.base;
	RMC_TEST_ASSERT(boot != NULL, "no bootstrap context");
	RMC_TEST_ASSERT_EQ(boot[0], 0, "the new run got the old run's counts");
	close(b);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(pgas_rerun_unreaped_autotest, pgas_rerun_unreaped,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
