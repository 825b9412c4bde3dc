/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The attack itself, on hugepages: an application punches a hole in
 * hugetlbfs memory it shares with the RMC (MADV_REMOVE on its mapping: a
 * PUNCH_HOLE of the file), the hugepage pool is empty, and the RMC's next
 * access raises SIGBUS. Two cases: node 1's context 0 punched by node 1's
 * application, read by node 0's RMC (a node other than the attacker's); and
 * a local buffer of 2 MiB punched by its own application, filled by a read.
 * Each such request completes with RTE_RMC_STATUS_MEM_FAULT and the nodes
 * keep serving. The pool is emptied only with hugepages this test allocates
 * itself (a hugetlb memfd), for as short as one request, and given back on
 * every path. Skips (77) where hugepages cannot be had. Under ASan, run with
 * ASAN_OPTIONS=handle_sigbus=0 (the RMC's own handler must see the signal).
 */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rmc_test.h"

#define HH_PAGE (2u << 20)
#define HH_TRIES 5

/* Take every free hugepage into a memfd of our own; its descriptor, or -1. */
static int
hh_drain(void)
{
	int fd = memfd_create("hh_drain", MFD_CLOEXEC | MFD_HUGETLB);
	uint64_t off = 0;

	if (fd < 0)
		return -1;
	while (fallocate(fd, 0, off, HH_PAGE) == 0)
		off += HH_PAGE;
	return fd;
}

/*
 * Post one read (into lbuf offset 'loff' from node 'nid' offset 'roff') with
 * the pool drained; retried if someone gave a page back meanwhile (then the
 * hole was filled and the read could succeed).
 */
static int
hh_read_drained(struct rte_rmc_qp *qp, struct rte_rmc_lbuf *lb, uint64_t loff, uint16_t nid,
		uint64_t roff, void *hole)
{
	int st = -1, i, fd;

	for (i = 0; i < HH_TRIES; i++) {
		if (madvise(hole, HH_PAGE, MADV_REMOVE) < 0)
			return -2;
		fd = hh_drain();
		if (fd < 0)
			return -2;
		st = rte_rmc_read_sync(qp, lb, loff, nid, 0, roff, 4096, 0);
		close(fd); /* the pages go back to the pool */
		if (st == RTE_RMC_STATUS_MEM_FAULT)
			break;
	}
	return st;
}

static int
hugepage_hole(void)
{
	struct rte_rmc_node_conf nc = { .huge = RTE_RMC_HUGE_REQUIRE, .ctx0_size = 2 * HH_PAGE };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *ctx1;
	uint64_t size;
	int st;

	if (rmc_test_cluster_start(&c, "t_hhole", 2, 2, &nc) < 0) {
		rmc_test_cluster_stop(&c);
		printf("no hugepages for two nodes: skipped\n");
		return TEST_SKIPPED;
	}
	ctx1 = rte_rmc_ctx_map(c.sess[1], 0, &size);
	RMC_TEST_ASSERT(ctx1 != NULL && size >= 2 * HH_PAGE, "node 1's context 0 mapped");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 2 * HH_PAGE, &lb) == 0, "2 MiB buffer");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	memset(ctx1, 0x5a, 4096);
	/* A hole in node 1's context: node 0's RMC reads it. */
	st = hh_read_drained(qp, &lb, 0, 1, HH_PAGE, ctx1 + HH_PAGE);
	if (st == -2) {
		rmc_test_cluster_stop(&c);
		printf("cannot punch a hole or allocate hugepages here: skipped\n");
		return TEST_SKIPPED;
	}
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_MEM_FAULT);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(((uint8_t *)lb.addr)[4095] == 0x5a, "node 0 still serves from node 1");
	/* A hole in the application's own 2 MiB buffer: the read's copy faults. */
	st = hh_read_drained(qp, &lb, HH_PAGE, 1, 0, (uint8_t *)lb.addr + HH_PAGE);
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_MEM_FAULT);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	printf("holes punched in a context and a buffer: '%s' for each, nodes served on\n",
		rte_rmc_strerror(RTE_RMC_STATUS_MEM_FAULT));
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(hugepage_hole_autotest, hugepage_hole,
	.suite = "reliability", .timeout = 120);
