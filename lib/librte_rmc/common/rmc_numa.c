/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * NUMA placement of a node's memory: every segment of a node bound to one
 * NUMA domain (RTE_RMC_NODE_F_NUMA), as the original placed each
 * node's VM in its own domain of a ccNUMA host. The binding is a shared
 * policy of the segment (mbind on the memfd mapping), so it holds for every
 * process that maps the segment later, and can be read back with
 * get_mempolicy(MPOL_F_ADDR).
 */

#include <errno.h>
#include <stdio.h>

#include "rmc_common.h"

#ifdef RMC_HAVE_NUMA
#include <numa.h>
#include <numaif.h>

int
rmc_numa_check(int numa, char *why, size_t len)
{
	int max;

	if (numa_available() < 0) {
		snprintf(why, len, "NUMA domain %d: this system has no NUMA support", numa);
		return -ENOTSUP;
	}
	max = numa_max_node();
	if (numa < 0 || numa > max) {
		snprintf(why, len, "NUMA domain %d does not exist (this host has 0..%d)", numa,
			max);
		return -EINVAL;
	}
	if (!numa_bitmask_isbitset(numa_all_nodes_ptr, numa)) {
		snprintf(why, len, "NUMA domain %d has no memory this process may use", numa);
		return -EINVAL;
	}
	return 0;
}

int
rmc_numa_bind_range(void *addr, size_t len, int numa)
{
	unsigned long mask[16] = { 0 };

	if (numa < 0 || (size_t)numa >= sizeof(mask) * 8)
		return -EINVAL;
	mask[numa / (8 * sizeof(mask[0]))] |= 1ul << (numa % (8 * sizeof(mask[0])));
	/* MPOL_MF_MOVE: pages already there follow the policy too. */
	if (mbind(addr, len, MPOL_BIND, mask, sizeof(mask) * 8, MPOL_MF_MOVE) < 0)
		return -errno;
	return 0;
}

#else /* RMC_HAVE_NUMA */

int
rmc_numa_check(int numa, char *why, size_t len)
{
	snprintf(why, len, "NUMA domain %d: sonuma was built without libnuma "
		"(install libnuma-dev and rebuild)", numa);
	return -ENOTSUP;
}

int
rmc_numa_bind_range(void *addr, size_t len, int numa)
{
	RTE_SET_USED(addr);
	RTE_SET_USED(len);
	RTE_SET_USED(numa);
	return -ENOTSUP;
}

#endif /* RMC_HAVE_NUMA */
