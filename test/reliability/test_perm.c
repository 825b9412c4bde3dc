/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Read-only contexts: every write and atomic, of any size (single chunk or
 * many), synchronous or in a burst, remote or loopback, fails with the
 * permission status and changes no byte; reads work. A transfer of many
 * chunks that runs past the end of a read-write context is refused whole:
 * not one chunk is written. On shm, and (perm_ro_ring_autotest, and on xen
 * in test_rel_xen.c) over the protocol path.
 */

#include <string.h>

#include "rmc_test.h"
#include "rel_scenarios.h"

#define P_CHUNK 4096
#define P_RO_SIZE (64u << 10)
/* Sync-call timeout: a hang detector, generous for valgrind builds. */
#define P_WAIT_US 60000000u

static void
fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + seed);
}

int
perm_ro_run(const char *driver, const char *args)
{
	static const uint64_t lens[] = { 1, 7, 8, 64, P_CHUNK, P_CHUNK + 1, P_RO_SIZE };
	struct rte_rmc_node_conf conf = { .ctx0_size = 1 << 20, .chunk_size = P_CHUNK,
		.driver = driver, .driver_args = args };
	struct rte_rmc_completion cpl[64];
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *ro1, *ro0, *rw1, *snap_ro1, *snap_ro0, *snap_rw1;
	uint64_t old = 0;
	unsigned int i, got;
	int st, nid;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, driver != NULL ? "t_perm_p" : "t_perm", 2, 2,
		&conf) == 0, "cluster");
	RMC_TEST_ASSERT(driver == NULL || (rte_rmc_node_wait_peers(c.node[0], 10000) == 0 &&
		rte_rmc_node_wait_peers(c.node[1], 10000) == 0), "the nodes did not link");
	RMC_TEST_ASSERT(rte_rmc_node_ctx_create(c.node[1], 1, P_RO_SIZE, RTE_RMC_PERM_RO) == 0,
		"read-only context on node 1");
	RMC_TEST_ASSERT(rte_rmc_node_ctx_create(c.node[0], 1, P_RO_SIZE, RTE_RMC_PERM_RO) == 0,
		"read-only context on node 0");
	ro1 = rte_rmc_ctx_map(c.sess[1], 1, NULL);
	ro0 = rte_rmc_ctx_map(c.sess[0], 1, NULL);
	rw1 = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(ro1 != NULL && ro0 != NULL && rw1 != NULL, "maps");
	fill(ro1, P_RO_SIZE, 1);
	fill(ro0, P_RO_SIZE, 2);
	fill(rw1, 1 << 20, 3);
	snap_ro1 = malloc(P_RO_SIZE);
	snap_ro0 = malloc(P_RO_SIZE);
	snap_rw1 = malloc(1 << 20);
	RMC_TEST_ASSERT(snap_ro1 != NULL && snap_ro0 != NULL && snap_rw1 != NULL, "malloc");
	memcpy(snap_ro1, ro1, P_RO_SIZE);
	memcpy(snap_ro0, ro0, P_RO_SIZE);
	memcpy(snap_rw1, rw1, 1 << 20);
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 2 * P_RO_SIZE, &lb) == 0, "lbuf");
	memset(lb.addr, 0xee, 2 * P_RO_SIZE);
	qp = rte_rmc_qp_create(c.sess[0], 64);
	RMC_TEST_ASSERT(qp != NULL, "qp");

	for (nid = 0; nid < 2; nid++) {
		for (i = 0; i < RTE_DIM(lens); i++) {
			uint64_t off = P_RO_SIZE - lens[i];

			st = rte_rmc_write_sync(qp, &lb, 0, nid, 1, 0, lens[i], P_WAIT_US);
			RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_PERM);
			st = rte_rmc_write_sync(qp, &lb, 0, nid, 1, off, lens[i], P_WAIT_US);
			RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_PERM);
		}
		st = rte_rmc_cas_sync(qp, &lb, 0, nid, 1, 0, 0, 1, &old, P_WAIT_US);
		RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_PERM);
		memcpy(&old, nid ? ro1 : ro0, 8);
		st = rte_rmc_cas_sync(qp, &lb, 0, nid, 1, 0, old, ~old, NULL, P_WAIT_US);
		RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_PERM);
		st = rte_rmc_faa_sync(qp, &lb, 0, nid, 1, 8, 1, NULL, P_WAIT_US);
		RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_PERM);
		/* A burst of writes and atomics, fenced and not. */
		for (i = 0; i < 48; i++) {
			int ret;

			if (i % 3 == 0)
				ret = rte_rmc_write(qp, &lb, 0, nid, 1, i * 64, 64 + i * 100, i,
					i & 4 ? RTE_RMC_F_FENCE : 0);
			else if (i % 3 == 1)
				ret = rte_rmc_faa(qp, &lb, 0, nid, 1, i * 64, 1, i, 0);
			else
				ret = rte_rmc_cas(qp, &lb, 0, nid, 1, i * 64, 0, 1, i, 0);
			RMC_TEST_ASSERT(ret >= 0, "post %u", i);
		}
		for (got = 0; got < 48;) {
			uint16_t n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));

			for (i = 0; i < n; i++)
				RMC_TEST_ASSERT_STATUS(cpl[i].status, RTE_RMC_STATUS_PERM);
			got += n;
		}
		/* Reads are allowed and see the data. */
		st = rte_rmc_read_sync(qp, &lb, 0, nid, 1, 0, P_RO_SIZE, P_WAIT_US);
		RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT(memcmp(lb.addr, nid ? snap_ro1 : snap_ro0, P_RO_SIZE) == 0,
			"read of a read-only context");
		memset(lb.addr, 0xee, 2 * P_RO_SIZE);
	}
	RMC_TEST_ASSERT(memcmp(ro1, snap_ro1, P_RO_SIZE) == 0, "read-only context changed");
	RMC_TEST_ASSERT(memcmp(ro0, snap_ro0, P_RO_SIZE) == 0, "read-only context changed");

	/* Many chunks, the last ones past the end: refused before the first. */
	st = rte_rmc_write_sync(qp, &lb, 0, 1, 0, (1 << 20) - 8 * P_CHUNK, 2 * P_RO_SIZE,
		P_WAIT_US);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_OUT_OF_BOUNDS);
	st = rte_rmc_read_sync(qp, &lb, 0, 1, 0, (1 << 20) - 8 * P_CHUNK, 2 * P_RO_SIZE,
		P_WAIT_US);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_OUT_OF_BOUNDS);
	for (i = 0; i < 2 * P_RO_SIZE; i++)
		RMC_TEST_ASSERT_EQ(((uint8_t *)lb.addr)[i], 0xee, "local byte %u written by a "
			"refused read", i);
	RMC_TEST_ASSERT(memcmp(rw1, snap_rw1, 1 << 20) == 0, "a refused write changed the "
		"context");
	/* The same write, in bounds, works. */
	st = rte_rmc_write_sync(qp, &lb, 0, 1, 0, (1 << 20) - 2 * P_RO_SIZE, 2 * P_RO_SIZE,
		P_WAIT_US);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_OK);
	for (i = 0; i < 2 * P_RO_SIZE; i++)
		RMC_TEST_ASSERT_EQ(rw1[(1 << 20) - 2 * P_RO_SIZE + i], 0xee, "written byte %u", i);
	free(snap_ro1);
	free(snap_ro0);
	free(snap_rw1);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
static int
perm_ro(void)
{
	return perm_ro_run(NULL, NULL);
}
RMC_REGISTER_TEST(perm_ro_autotest, perm_ro,
	.suite = "reliability", .timeout = 120, .no_huge = 1, .memcheck = 1);

static int
perm_ro_ring(void)
{
	return perm_ro_run("ring", NULL);
}
RMC_REGISTER_TEST(perm_ro_ring_autotest, perm_ro_ring,
	.suite = "reliability", .timeout = 120, .no_huge = 1);
