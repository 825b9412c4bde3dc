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
 * protocol path (the fault driver of test_proto_fault.c: node 1's RRPP).
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

static int
mem_fault(void)
{
	RMC_TEST_ASSERT(mf_run(NULL, "t_bus_shm") == TEST_SUCCESS, "shm");
	RMC_TEST_ASSERT(mf_run("test_fault", "t_bus_msg") == TEST_SUCCESS, "protocol path");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(mem_fault_autotest, mem_fault,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
