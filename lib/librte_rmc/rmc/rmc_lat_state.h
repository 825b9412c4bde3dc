/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_LAT_STATE_H_
#define _RMC_LAT_STATE_H_

/*
 * The latency model's state, shared by its three parts: the model's settings
 * (rmc_latency.c), the deferred-completion queue that holds completions until
 * their deadline (in the completion module, rmc_rcp.c) and the calibration of
 * the platform's own cost (rmc_latency_cal.c). Node side only.
 */

#include <stdint.h>

#include "rmc_private.h"

/* Heap size at start; it doubles when full, up to RMC_LAT_HEAP_MAX. */
#define RMC_LAT_HEAP_INIT 1024
#define RMC_LAT_HEAP_MAX (1u << 22)
/* Largest base or per-chunk latency accepted: 10 s. */
#define RMC_LAT_MAX_NS UINT64_C(10000000000)

struct rmc_lat_entry {
	uint64_t deadline;
	uint64_t seq;
	struct rmc_qp_rt *qp;
	uint64_t tag;
	uint64_t value;
	uint32_t wq_index;
	uint16_t status;
};

struct rmc_lat_state {
	struct rmc_lat_params params;
	/* Deferred-completion queue and its counters: the RMC loop's. */
	struct rmc_lat_entry *heap __rte_cache_aligned;
	uint32_t n;
	uint32_t cap;
	uint64_t seq;
	uint64_t held;
	uint64_t released;
	uint64_t early;
	uint64_t flushed;
	uint64_t max_late_tsc;
	uint32_t overflow_logged;
	/* Configuration: the control side's, under the node lock. */
	uint64_t base_ns __rte_cache_aligned;
	uint64_t per_chunk_ns;
	uint64_t platform_ns;
	int calibrated;
};

static inline uint64_t
rmc_lat_ns_to_tsc(const struct rte_rmc_node *node, uint64_t ns)
{
	return (uint64_t)((double)ns * (double)node->pub.tsc_hz / 1e9);
}

static inline uint64_t
rmc_lat_tsc_to_ns(const struct rte_rmc_node *node, uint64_t tsc)
{
	return (uint64_t)((double)tsc * 1e9 / (double)node->pub.tsc_hz);
}

/* Measure the platform's own round trip and store it (l->platform_ns, calibrated). */
void rmc_latency_calibrate(struct rte_rmc_node *node);

#endif /* _RMC_LAT_STATE_H_ */
