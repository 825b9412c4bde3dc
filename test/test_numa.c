/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * NUMA placement: a node created with RTE_RMC_NODE_F_NUMA has every segment (context,
 * local buffer, QP) bound to its domain, read back from the kernel with
 * get_mempolicy(MPOL_F_ADDR) and move_pages(), through the node's mapping
 * and through the application's own; a node without it has the default
 * policy; a domain that does not exist is refused. rmcd's --numa-node
 * checks, the lcore check and the start-up report are exercised too. On a
 * single-domain host (the CI machines) the domain is 0, which still tells a
 * bound segment from an unbound one.
 */

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_lcore.h>

#include "rmc_app.h"
#include "rmc_private.h"
#include "rmc_test.h"
#include "rmcd_args.h"
#include "rmcd_numa.h"

#ifdef RMC_HAVE_NUMA
#include <numa.h>
#include <numaif.h>

/* Policy of the mapping at addr: its mode and node mask (first word). */
static int
numa_policy(void *addr, int *mode, unsigned long *mask)
{
	unsigned long m[16] = { 0 };

	if (get_mempolicy(mode, m, sizeof(m) * 8, addr, MPOL_F_ADDR) < 0)
		return -errno;
	*mask = m[0];
	return 0;
}

/* 1 if every page of [addr, addr + len) is resident on domain 'numa'. */
static int
numa_pages_on(void *addr, size_t len, int numa)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t i, n = (len + pg - 1) / pg;
	void *pages[256];
	int status[256];

	if (n > RTE_DIM(pages))
		n = RTE_DIM(pages);
	for (i = 0; i < n; i++) {
		pages[i] = (uint8_t *)addr + i * pg;
		/* Fault it into this process: move_pages reports mapped pages only. */
		(void)*(volatile uint8_t *)pages[i];
	}
	if (move_pages(0, n, pages, NULL, status, 0) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (status[i] != numa) {
			printf("page %zu of %p is on %d, not %d\n", i, addr, status[i], numa);
			return 0;
		}
	return 1;
}

#define ASSERT_BOUND(addr, len, numa, what) do { \
	int _mode = -1; \
	unsigned long _mask = 0; \
	RMC_TEST_ASSERT_EQ(numa_policy((addr), &_mode, &_mask), 0, "%s", what); \
	RMC_TEST_ASSERT_EQ(_mode, MPOL_BIND, "%s: policy", what); \
	RMC_TEST_ASSERT_EQ(_mask, 1ul << (numa), "%s: node mask", what); \
	RMC_TEST_ASSERT(numa_pages_on((addr), (len), (numa)), "%s: pages", what); \
} while (0)

static int
numa_bind_test(void)
{
	struct rte_rmc_node_conf conf;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t size;
	void *ctx;
	int dom, mode = -1, max, ret;
	unsigned long mask = 0;

	if (numa_available() < 0) {
		printf("no NUMA support on this host\n");
		return TEST_SKIPPED;
	}
	/* The highest domain with memory: 0 on a one-domain host. */
	max = numa_max_node();
	for (dom = max; dom > 0; dom--)
		if (numa_bitmask_isbitset(numa_all_nodes_ptr, dom))
			break;
	printf("binding to NUMA domain %d of 0..%d\n", dom, max);

	memset(&conf, 0, sizeof(conf));
	conf.flags = RTE_RMC_NODE_F_NUMA;
	conf.numa_node = dom;
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "numa_bind", 1, 1, &conf) == 0, "start");
	/* The node's own mapping of context 0, then the application's. */
	ASSERT_BOUND(c.node[0]->ctx[0].view.base, c.node[0]->ctx[0].map_size, dom, "ctx 0 (node)");
	ctx = rte_rmc_ctx_map(c.sess[0], 0, &size);
	RMC_TEST_ASSERT(ctx != NULL, "ctx map: %s", rte_strerror(rte_errno));
	ASSERT_BOUND(ctx, size, dom, "ctx 0 (application)");
	RMC_TEST_ASSERT_EQ(rte_rmc_ctx_create(c.sess[0], 3, 256 << 10, RTE_RMC_PERM_RW), 0, "");
	ASSERT_BOUND(c.node[0]->ctx[3].view.base, c.node[0]->ctx[3].map_size, dom, "ctx 3");
	/* Made by the node's control thread, mapped by the application. */
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c.sess[0], 64 << 10, &lb), 0, "lbuf");
	ASSERT_BOUND(lb.addr, lb.size, dom, "local buffer");
	qp = rte_rmc_qp_create(c.sess[0], 64);
	RMC_TEST_ASSERT(qp != NULL, "qp: %s", rte_strerror(rte_errno));
	ASSERT_BOUND(qp->hdr, rte_rmc_qp_segment_size(64), dom, "queue pair");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);

	/* Without the flag, segments keep the default policy. */
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "numa_none", 1, 1, NULL) == 0, "start");
	RMC_TEST_ASSERT_EQ(numa_policy(c.node[0]->ctx[0].view.base, &mode, &mask), 0, "");
	RMC_TEST_ASSERT_EQ(mode, MPOL_DEFAULT, "an unbound node's context");
	RMC_TEST_ASSERT_EQ(rte_rmc_lbuf_register(c.sess[0], 4096, &lb), 0, "lbuf");
	RMC_TEST_ASSERT_EQ(numa_policy(lb.addr, &mode, &mask), 0, "");
	RMC_TEST_ASSERT_EQ(mode, MPOL_DEFAULT, "an unbound node's local buffer");
	rmc_test_cluster_stop(&c);

	/* A domain that does not exist: refused, nothing created. */
	conf.node_count = 1;
	conf.cluster = "numa_bad";
	conf.numa_node = max + 1;
	RMC_TEST_ASSERT(rte_rmc_node_create(&conf) == NULL, "domain %d accepted", max + 1);
	RMC_TEST_ASSERT_EQ(rte_errno, EINVAL, "");
	ret = TEST_SUCCESS;
	return ret;
}

static int
rmcd_numa_test(void)
{
	struct rmcd_opts *o = calloc(1, sizeof(*o));
	cpu_set_t before, after, dom;
	char err[256], cpus[128], *rep = NULL;
	size_t replen = 0;
	FILE *f;
	int max, c, ok;

	RMC_TEST_ASSERT(o != NULL, "");
	if (numa_available() < 0) {
		free(o);
		return TEST_SKIPPED;
	}
	max = numa_max_node();
	/* The report names every domain and the distance matrix. */
	f = open_memstream(&rep, &replen);
	rmcd_numa_report(f);
	fclose(f);
	printf("%s", rep);
	snprintf(cpus, sizeof(cpus), "%d domain(s)", max + 1);
	ok = strstr(rep, cpus) != NULL && strstr(rep, "domain 0: cpus ") != NULL;
	snprintf(cpus, sizeof(cpus), "distances: 0:[%d", numa_distance(0, 0));
	ok = ok && strstr(rep, cpus) != NULL;
	free(rep);
	RMC_TEST_ASSERT(ok, "report");

	/* A domain that does not exist: a clear error, nothing changed. */
	memset(o, 0, sizeof(*o));
	o->numa_node = max + 1;
	sched_getaffinity(0, sizeof(before), &before);
	RMC_TEST_ASSERT(rmcd_numa_prepare(o, err, sizeof(err)) < 0, "domain %d", max + 1);
	RMC_TEST_ASSERT(strstr(err, "no such NUMA domain") != NULL, "%s", err);
	RMC_TEST_ASSERT(!(o->conf.flags & RTE_RMC_NODE_F_NUMA), "bound despite the error");
	sched_getaffinity(0, sizeof(after), &after);
	RMC_TEST_ASSERT(CPU_EQUAL(&before, &after), "affinity changed on error");
	RMC_TEST_ASSERT(rmcd_numa_check_lcore(rte_get_main_lcore(), max + 1, err,
		sizeof(err)) < 0, "lcore check of a missing domain");

	/* Domain 0: bound, and the process runs on its CPUs only. */
	memset(o, 0, sizeof(*o));
	o->numa_node = 0;
	RMC_TEST_ASSERT(rmcd_numa_prepare(o, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT((o->conf.flags & RTE_RMC_NODE_F_NUMA) && o->conf.numa_node == 0, "conf");
	sched_getaffinity(0, sizeof(after), &after);
	CPU_ZERO(&dom);
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &after) && numa_node_of_cpu(c) != 0)
			CPU_SET(c, &dom);
	RMC_TEST_ASSERT(CPU_COUNT(&after) > 0 && CPU_COUNT(&dom) == 0,
		"the process may run outside domain 0");
	sched_setaffinity(0, sizeof(before), &before);
	/* The main lcore is on one CPU: it passes the check of that CPU's domain. */
	{
		rte_cpuset_t lc = rte_lcore_cpuset(rte_get_main_lcore());

		for (c = 0; c < CPU_SETSIZE && !CPU_ISSET(c, &lc); c++)
			;
		RMC_TEST_ASSERT(c < CPU_SETSIZE, "main lcore has no CPU");
		RMC_TEST_ASSERT(rmcd_numa_check_lcore(rte_get_main_lcore(), numa_node_of_cpu(c),
			err, sizeof(err)) == 0, "%s", err);
	}
	free(o);
	return TEST_SUCCESS;
}

#else /* RMC_HAVE_NUMA */

static int
numa_bind_test(void)
{
	printf("built without libnuma\n");
	return TEST_SKIPPED;
}

static int
rmcd_numa_test(void)
{
	return TEST_SKIPPED;
}

#endif /* RMC_HAVE_NUMA */

RMC_REGISTER_TEST(numa_bind_autotest, numa_bind_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
RMC_REGISTER_TEST(rmcd_numa_autotest, rmcd_numa_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
