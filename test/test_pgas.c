/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The PGAS layer's regions and data calls (rte_rmc_pgas.h), on shm and ring:
 * collective creation with the same id everywhere, zero-filled; lookup,
 * reset, reclaim with the last user, persistence; get and put from ordinary
 * memory (bounced, in pieces) and from registered buffers (zero-copy),
 * non-blocking with test/wait/quiet; fetch-and-add, compare-and-swap, swap.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "test_pgas.h"

#define BIG (100u << 10) /* more than one bounce slot, not a multiple of it */
#define CASW (450u << 10) /* a word beyond the data */

struct region_shared {
	uint16_t id[RTE_RMC_MAX_NODES];
};

static int
region_basics(struct pgas_job *j, struct rte_rmc_pgas *p)
{
	struct region_shared *sh = j->arg;
	uint16_t me = rte_rmc_pgas_my_node(p), n = rte_rmc_pgas_nodes(p);
	uint16_t next = (me + 1) % n, prev = (me + n - 1) % n;
	struct rte_rmc_pgas_region *r, *r2;
	uint64_t size, v, i;
	uint64_t *local;

	r = rte_rmc_pgas_region_create(p, "t_region", 4096, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create: %s", rte_strerror(rte_errno));
	sh->id[me] = rte_rmc_pgas_region_id(r);
	local = rte_rmc_pgas_region_addr(r, &size);
	RMC_TEST_ASSERT_EQ(size, 4096, "size");
	for (i = 0; i < 512; i++)
		RMC_TEST_ASSERT_EQ(local[i], 0, "not zero-filled at word %lu", (unsigned long)i);
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	/* A put from the stack to the next node, seen there after the barrier. */
	v = 100 * (me + 1u);
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put(p, &v, next, r, 8 * me, 8), 0, "put");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	RMC_TEST_ASSERT_EQ(local[prev], 100 * (prev + 1u), "put not seen");
	/* Lookup: the same region, a second record. */
	r2 = rte_rmc_pgas_region_lookup(p, "t_region");
	RMC_TEST_ASSERT(r2 != NULL, "lookup");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_id(r2), sh->id[me], "lookup id");
	rte_rmc_pgas_region_close(r2);
	RMC_TEST_ASSERT_EQ(local[prev], 100 * (prev + 1u), "closing a second record unmapped");
	rte_rmc_pgas_region_reset(r);
	for (i = 0; i < 512; i++)
		RMC_TEST_ASSERT_EQ(local[i], 0, "reset left word %lu", (unsigned long)i);
	RMC_TEST_ASSERT(rte_rmc_pgas_region_lookup(p, "t_none") == NULL && rte_errno == ENOENT,
		"lookup of an unknown name");
	/* Persistent: outlives its users. */
	r2 = rte_rmc_pgas_region_create(p, "t_persist", 64, RTE_RMC_PGAS_F_PERSISTENT, 0);
	RMC_TEST_ASSERT(r2 != NULL, "persistent create");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	rte_rmc_pgas_region_close(r2);
	return TEST_SUCCESS; /* the handle's close closes r */
}

static int
region_persist_destroy(struct pgas_job *j, struct rte_rmc_pgas *p)
{
	struct rte_rmc_pgas_region *r = rte_rmc_pgas_region_lookup(p, "t_persist");

	RTE_SET_USED(j);
	RMC_TEST_ASSERT(r != NULL, "the persistent region is gone");
	RMC_TEST_ASSERT(rte_rmc_pgas_region_lookup(p, "t_region") == NULL &&
		rte_errno == ENOENT, "a region without users is still there");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_region_destroy(r, 0), 0, "destroy");
	RMC_TEST_ASSERT(rte_rmc_pgas_region_lookup(p, "t_persist") == NULL, "destroyed");
	return TEST_SUCCESS;
}

static int
pgas_region(void)
{
	unsigned int d, i;

	for (d = 0; d < RTE_DIM(pgas_drivers); d++) {
		struct rte_rmc_node_conf nc = { .driver = pgas_drivers[d] };
		struct region_shared sh = { { 0 } };
		struct rmc_test_cluster c;
		int ret;

		RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_pgreg", 3, 3, &nc) == 0, "cluster");
		ret = pgas_run(&c, 3, region_basics, &sh);
		for (i = 1; ret == TEST_SUCCESS && i < 3; i++)
			if (sh.id[i] != sh.id[0] || sh.id[0] == 0)
				ret = TEST_FAILED;
		if (ret == TEST_SUCCESS)
			ret = pgas_run(&c, 3, region_persist_destroy, NULL);
		/* Every handle closed: the bootstrap context went too. */
		if (ret == TEST_SUCCESS && rte_rmc_ctx_map(c.sess[0], RTE_RMC_PGAS_BOOT_CTX,
				NULL) != NULL)
			ret = TEST_FAILED;
		rmc_test_cluster_stop(&c);
		RMC_TEST_ASSERT_EQ(ret, TEST_SUCCESS, "driver %s", pgas_drivers[d]);
	}
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(pgas_region_autotest, pgas_region,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1, .memcheck = 1);

static void
fill(uint8_t *b, uint64_t len, uint8_t seed)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(seed + i * 7);
}

/* Ordinary memory, bounced in pieces; both ways; unaligned offsets. */
static int
rma_ordinary(struct rte_rmc_pgas *p, struct rte_rmc_pgas_region *r, uint16_t next)
{
	struct rte_rmc_pgas_req req;
	uint8_t *src = malloc(BIG), *dst = malloc(BIG), *want = malloc(BIG);
	int ret = TEST_FAILED;

	if (src == NULL || dst == NULL || want == NULL)
		goto out;
	fill(want, BIG, (uint8_t)next);
	if (rte_rmc_pgas_get(p, dst, next, r, 7, BIG) != 0 || memcmp(dst, want, BIG) != 0) {
		printf("FAIL: bounced get\n");
		goto out;
	}
	memset(dst, 0, BIG);
	if (rte_rmc_pgas_get_nbi(p, dst, next, r, 7, BIG, &req) != 0 ||
			rte_rmc_pgas_wait(p, &req) != 0 || req.pending != 0 ||
			memcmp(dst, want, BIG) != 0) {
		printf("FAIL: non-blocking get\n");
		goto out;
	}
	/* A put from memory reused at once: the call copied it. */
	fill(src, BIG, 0x5a);
	if (rte_rmc_pgas_put_nbi(p, src, next, r, 200003, BIG, NULL) != 0) {
		printf("FAIL: put_nbi\n");
		goto out;
	}
	memset(src, 0, BIG);
	if (rte_rmc_pgas_quiet(p) != 0 ||
			rte_rmc_pgas_get(p, dst, next, r, 200003, BIG) != 0) {
		printf("FAIL: quiet or read back\n");
		goto out;
	}
	fill(want, BIG, 0x5a);
	ret = memcmp(dst, want, BIG) == 0 ? TEST_SUCCESS : TEST_FAILED;
	if (ret != TEST_SUCCESS)
		printf("FAIL: put_nbi data\n");
out:
	free(src);
	free(dst);
	free(want);
	return ret;
}

static int
rma_calls(struct pgas_job *j, struct rte_rmc_pgas *p)
{
	uint16_t me = rte_rmc_pgas_my_node(p), n = rte_rmc_pgas_nodes(p);
	uint16_t next = (me + 1) % n;
	struct rte_rmc_pgas_region *r;
	struct rte_rmc_pgas_req req;
	struct rte_rmc_lbuf lb;
	uint64_t old, v;

	RTE_SET_USED(j);
	r = rte_rmc_pgas_region_create(p, "t_rma", 512 << 10, 0, 0);
	RMC_TEST_ASSERT(r != NULL, "create");
	fill(rte_rmc_pgas_region_addr(r, NULL), 256 << 10, (uint8_t)me);
	/* Shifted by 7: each node filled its part from byte 0. */
	memmove((uint8_t *)rte_rmc_pgas_region_addr(r, NULL) + 7,
		rte_rmc_pgas_region_addr(r, NULL), BIG);
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	RMC_TEST_ASSERT_EQ(rma_ordinary(p, r, next), TEST_SUCCESS, "ordinary memory");
	/* Registered memory: zero-copy. */
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(j->c->sess[me], 4096, &lb), 0, "lbuf");
	memset(lb.addr, 0xee, 64);
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_put_nbi(p, lb.addr, next, r, 400000, 64, &req), 0, "put");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_wait(p, &req), 0, "wait");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, (uint8_t *)lb.addr + 64, next, r, 400000, 64), 0,
		"zero-copy get");
	RMC_TEST_ASSERT(memcmp(lb.addr, (uint8_t *)lb.addr + 64, 64) == 0, "zero-copy data");
	/* Atomics on node 0's word at 480K, 8-byte aligned. */
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_fetch_add(p, 0, r, 480 << 10, 5, &old), 0, "faa");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, 0, r, 480 << 10, 8), 0, "get");
	RMC_TEST_ASSERT_EQ(v, 5u * n, "fetch-and-add total");
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	if (me == 0) {
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_cas(p, next, r, CASW, 0, 42, &old), 0, "cas");
		RMC_TEST_ASSERT_EQ(old, 0, "cas old");
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_cas(p, next, r, CASW, 0, 43, &old), 0, "cas");
		RMC_TEST_ASSERT_EQ(old, 42, "failed cas returns the value");
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_swap(p, next, r, CASW, 99, &old), 0, "swap");
		RMC_TEST_ASSERT_EQ(old, 42, "swap old");
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_get(p, &v, next, r, CASW, 8), 0, "get");
		RMC_TEST_ASSERT_EQ(v, 99, "swapped value");
		RMC_TEST_ASSERT_EQ(rte_rmc_pgas_fetch_add(p, next, r, CASW + 4, 1, &old),
			RTE_RMC_STATUS_UNALIGNED, "unaligned atomic");
	}
	RMC_TEST_ASSERT_EQ(rte_rmc_pgas_barrier(p, 0), 0, "barrier");
	return TEST_SUCCESS;
}

static int
pgas_rma(void)
{
	unsigned int d;

	for (d = 0; d < RTE_DIM(pgas_drivers); d++) {
		struct rte_rmc_node_conf nc = { .driver = pgas_drivers[d] };
		struct rmc_test_cluster c;
		int ret;

		RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_pgrma", 2, 2, &nc) == 0, "cluster");
		ret = pgas_run(&c, 2, rma_calls, NULL);
		rmc_test_cluster_stop(&c);
		RMC_TEST_ASSERT_EQ(ret, TEST_SUCCESS, "driver %s", pgas_drivers[d]);
	}
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(pgas_rma_autotest, pgas_rma,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1, .memcheck = 1);
