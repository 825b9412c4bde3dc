/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* What the latency-model tests share (test_latency.c, test_latency_paths.c). */

#ifndef _TEST_LATENCY_H_
#define _TEST_LATENCY_H_

#include <errno.h>
#include <stdint.h>

#include <rte_cycles.h>

#include "rmc_test.h"
#include "rmc_tsc.h"
#include "rte_rmc_admin.h"
#include "rte_rmc_latency.h"

#define US (1000ull)
#define MS (1000000ull)

/* The node's TSC rate (rmc_tsc.h), which its deadlines use, not DPDK's rounded one. */
static inline uint64_t
ns_to_tsc(uint64_t ns)
{
	return (uint64_t)((double)ns * (double)rmc_tsc_hz() / 1e9);
}

static inline double
ns_since(uint64_t t0, uint64_t t1)
{
	return ((double)t1 - (double)t0) * 1e9 / (double)rmc_tsc_hz();
}

/* Set node d's model and wait until session 'req' knows it (it is announced). */
static inline int
set_model(struct rmc_test_cluster *c, unsigned int req, unsigned int d, uint64_t base_ns)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	struct rte_rmc_latency_model m;
	int ret = rte_rmc_node_latency_set(c->node[d], base_ns, 0);

	if (ret < 0)
		return ret;
	do {
		if (rte_rmc_latency_get(c->sess[req], d, &m) < 0)
			return -1;
		if (m.base_ns == base_ns && m.on == (base_ns != 0))
			return 0;
	} while (rte_rdtsc() < limit);
	return -ETIMEDOUT;
}

/*
 * The contract's steps on two nodes of this process over 'driver' (NULL:
 * shm) with its arguments ("%u": the node id); the cluster named 'name'.
 */
int latency_contract_run(const char *driver, const char *args, const char *name);
/* A message is not in the receiver's area before t + one-way, over 'driver'. */
int latency_msg_run(const char *driver, const char *args, const char *name);

#endif /* _TEST_LATENCY_H_ */
