/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A memory fault in the RMC's own access (SIGBUS) completes that request with
 * RTE_RMC_STATUS_MEM_FAULT, and the node keeps serving. The seam: in every
 * mapping of node 1's context 0 in this process, one page is replaced by a
 * page of an empty file (contexts are sealed against shrinking, so the test
 * cannot truncate them), as when an application punches a hole in a
 * hugetlbfs file it was given and the pool is empty: SIGBUS at the access. On
 * the direct path (shm: node 0's RMC accesses node 1's memory) and the
 * protocol path (the fault driver of test_proto_fault_drv.c: node 1's RRPP).
 *
 * mem_fault_lbuf_autotest: the page taken away is one of node 0's local
 * buffer, the source of a write. On shm the RMC reads it in its own access;
 * on ring the transport copies it into the ring in its tx_burst
 * (rmc_proto_payload_copy()): that write fails with MEM_FAULT, and the node
 * serves on.
 */

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rte_rmc.h"
#include "rte_rmc_node.h"
#include "rmc_test.h"
#include "rel_scenarios.h"

#define MF_FAR (512 << 10)   /* beyond the truncated end */

/* A descriptor of the process for the memfd named 'name'; -1 if none. */
static int
mf_find_fd(const char *name)
{
	char path[64], link[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	ssize_t n;
	int fd = -1;

	dir = opendir("/proc/self/fd");
	if (dir == NULL)
		return -1;
	while (fd < 0 && (d = readdir(dir)) != NULL) {
		snprintf(path, sizeof(path), "/proc/self/fd/%s", d->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strstr(link, name) != NULL && strstr(link, "memfd:") != NULL)
			fd = atoi(d->d_name);
	}
	closedir(dir);
	return fd;
}

/*
 * In every mapping of memfd 'name' that covers file offset 'off', map one page
 * of 'fd' there instead (at offset 'fd_off'). Returns the pages replaced.
 */
static int
mf_replace_page(const char *name, uint64_t off, int fd, uint64_t fd_off)
{
	unsigned long start, end, foff;
	char line[512], perms[8];
	int n = 0, prot;
	FILE *f;

	f = fopen("/proc/self/maps", "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, name) == NULL ||
				sscanf(line, "%lx-%lx %7s %lx", &start, &end, perms, &foff) != 4 ||
				off < foff || off - foff >= end - start)
			continue;
		prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0);
		if (mmap((void *)(start + off - foff), 4096, prot, MAP_SHARED | MAP_FIXED, fd,
				fd_off) == MAP_FAILED)
			break;
		n++;
	}
	fclose(f);
	return n;
}

static int
mf_run(const char *driver, const char *cluster)
{
	struct rte_rmc_node_conf nc = { .driver = driver, .proto_timeout_ms = 2000 };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	char name[96];
	uint8_t *l;
	uint64_t old;
	unsigned int i;
	int fd, hole, n;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, cluster, 2, 2, &nc) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	l = lb.addr;
	for (i = 0; i < 4096; i++)
		l[i] = (uint8_t)(i * 5 + 1);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, MF_FAR, 4096, 0),
		RTE_RMC_STATUS_OK);
	snprintf(name, sizeof(name), "sonuma_%s_n1_ctx0", cluster);
	fd = mf_find_fd(name);
	RMC_TEST_ASSERT(fd >= 0, "node 1's context descriptor");
	hole = memfd_create("mf_hole", MFD_CLOEXEC);
	RMC_TEST_ASSERT(hole >= 0, "empty file");
	n = mf_replace_page(name, MF_FAR, hole, 0);
	RMC_TEST_ASSERT(n >= 1, "a page without backing at %u KiB (%d mappings)", MF_FAR >> 10, n);
	/* Each access beyond the end faults: that request fails, nothing else. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 4096, 1, 0, MF_FAR, 4096, 0),
		RTE_RMC_STATUS_MEM_FAULT);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, MF_FAR, 4096, 0),
		RTE_RMC_STATUS_MEM_FAULT);
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp, &lb, 8192, 1, 0, MF_FAR, 1, &old, 0),
		RTE_RMC_STATUS_MEM_FAULT);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 4096, 1, 0, MF_FAR, 4096, 0),
		RTE_RMC_STATUS_MEM_FAULT);
	/* The node keeps serving: what still has its pages reads back whole. */
	memset(l + 4096, 0, 4096);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 4096, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(l, l + 4096, 4096) == 0, "the data before the hole");
	/* Backing again: accesses work again, on the data that was there. */
	RMC_TEST_ASSERT(mf_replace_page("mf_hole", 0, fd, MF_FAR) == n, "page back");
	close(hole);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 4096, 1, 0, MF_FAR, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(l, l + 4096, 4096) == 0, "the faulted requests changed nothing");
	printf("driver %s: accesses to the page without backing failed with '%s'; node served on\n",
		driver != NULL ? driver : "shm", rte_rmc_strerror(RTE_RMC_STATUS_MEM_FAULT));
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

#define MF_LB_SIZE (1 << 16)
#define MF_LB_HOLE (32 << 10)  /* the page of the local buffer taken away */

int
mem_fault_lbuf_run(const char *driver, const char *args, const char *cluster)
{
	struct rte_rmc_node_conf nc = { .driver = driver, .driver_args = args,
		.proto_timeout_ms = 2000 };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *l, *ctx;
	uint64_t size;
	char name[96];
	unsigned int i;
	int fd, hole, n;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, cluster, 2, 2, &nc) == 0, "cluster");
	RMC_TEST_ASSERT(driver == NULL || (rte_rmc_node_wait_peers(c.node[0], 10000) == 0 &&
		rte_rmc_node_wait_peers(c.node[1], 10000) == 0), "the nodes did not link");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], MF_LB_SIZE, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	ctx = rte_rmc_ctx_map(c.sess[1], 0, &size);
	RMC_TEST_ASSERT(ctx != NULL && size >= MF_LB_SIZE, "node 1's context, from node 1");
	l = lb.addr;
	for (i = 0; i < MF_LB_SIZE; i++)
		l[i] = (uint8_t)(i * 7 + 3);
	memset(ctx, 0, MF_LB_SIZE);
	snprintf(name, sizeof(name), "sonuma_%s_n0_lbuf%u", cluster, lb.id);
	/* The node keeps no descriptor of a buffer: its page comes back from another file. */
	fd = memfd_create("mf_lb_back", MFD_CLOEXEC);
	RMC_TEST_ASSERT(fd >= 0 && ftruncate(fd, 4096) == 0, "file of the page given back");
	hole = memfd_create("mf_lb_hole", MFD_CLOEXEC);
	RMC_TEST_ASSERT(hole >= 0, "empty file");
	n = mf_replace_page(name, MF_LB_HOLE, hole, 0);
	RMC_TEST_ASSERT(n >= 1, "a page without backing in the local buffer (%d mappings)", n);
	/* A write from the page, one chunk; a write of several chunks across it. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, MF_LB_HOLE, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_MEM_FAULT);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, MF_LB_HOLE - 8192, 1, 0, 8192,
		16384, 0), RTE_RMC_STATUS_MEM_FAULT);
	/* A read into it: the reply's copy (ring) or the RMC's access (shm). */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, MF_LB_HOLE, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_MEM_FAULT);
	/* The node serves on: a write of the rest of the buffer arrives whole. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, 32768, 8192, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(ctx + 32768, l, 8192) == 0, "the write after the faults");
	for (i = 0; i < 4096; i++)
		RMC_TEST_ASSERT_EQ(ctx[i], 0, "the faulted one-chunk write wrote byte %u", i);
	/* Backing again (a page shared by the node and the application): writes work. */
	RMC_TEST_ASSERT(mf_replace_page("mf_lb_hole", 0, fd, 0) == n, "page back");
	close(hole);
	close(fd);
	for (i = 0; i < 4096; i++)
		l[MF_LB_HOLE + i] = (uint8_t)(i * 11 + 5);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, MF_LB_HOLE, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(ctx, l + MF_LB_HOLE, 4096) == 0, "the write from the page");
	printf("driver %s: writes from a local-buffer page without backing failed with '%s'; "
		"node served on\n", driver != NULL ? driver : "shm",
		rte_rmc_strerror(RTE_RMC_STATUS_MEM_FAULT));
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

static int
mem_fault_lbuf(void)
{
	RMC_TEST_ASSERT(mem_fault_lbuf_run(NULL, NULL, "t_lbus_shm") == TEST_SUCCESS, "shm");
	RMC_TEST_ASSERT(mem_fault_lbuf_run("ring", NULL, "t_lbus_ring") == TEST_SUCCESS, "ring");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(mem_fault_lbuf_autotest, mem_fault_lbuf,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
mem_fault(void)
{
	RMC_TEST_ASSERT(mf_run(NULL, "t_bus_shm") == TEST_SUCCESS, "shm");
	RMC_TEST_ASSERT(mf_run("test_fault", "t_bus_msg") == TEST_SUCCESS, "protocol path");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(mem_fault_autotest, mem_fault,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
