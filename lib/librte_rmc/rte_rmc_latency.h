/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_LATENCY_H_
#define _RTE_RMC_LATENCY_H_

/**
 * @file
 * The latency model as an application sees it: the model it is under, for
 * each destination, and the figures its library counted on a QP.
 *
 * Contract (doc/latency-model.md): for a request posted at t to destination
 * d with L = latency(d, bytes), (a) its completion is not handed to the
 * application before t + L; (b) its effect at d does not happen before
 * t + one-way(d); (c) a request with RTE_RMC_F_FENCE starts only after every
 * earlier request of its QP reached its deadline. The model of d is set by
 * d's operator (rmcd --latency, rte_rmc_node_latency_set()); an application
 * only reads it.
 */

#include <stdint.h>

#include "rte_rmc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Laws of the base latency (one draw per request, at post, seeded). */
enum rte_rmc_lat_law {
	RTE_RMC_LAT_CONST = 0,   /**< base_ns */
	RTE_RMC_LAT_NORMAL,      /**< mean a, deviation b, truncated at 0 */
	RTE_RMC_LAT_LOGNORMAL,   /**< median a, 99th percentile b */
	RTE_RMC_LAT_EMPIRICAL,   /**< a measured device: law_file, one latency in ns a line */
};

/** The model of one destination, as this process's library applies it. */
struct rte_rmc_latency_model {
	uint64_t base_ns;      /**< Base latency (the constant law's value). */
	uint64_t per_chunk_ns; /**< Added per chunk_size bytes, on a link per requester node. */
	uint64_t chunk_size;   /**< Bytes of per_chunk_ns. */
	uint64_t oneway_ns;    /**< Effect at the destination after; 0: half of L. */
	uint32_t on;           /**< 1 when the model applies to requests to it. */
	uint32_t law;          /**< enum rte_rmc_lat_law */
	double law_a;          /**< The law's first parameter, in ns. */
	double law_b;          /**< The law's second parameter, in ns. */
	uint64_t seed;         /**< Of the draws (each requester QP adds its own ids). */
	/**
	 * RTE_RMC_LAT_EMPIRICAL, to set it: a file of at least 100 latencies in ns,
	 * one a line; its 129 quantiles travel to the requesters, which draw by
	 * interpolating between them (law_a: the median). Not filled by
	 * rte_rmc_latency_get().
	 */
	const char *law_file;
};

/**
 * The latency model that applies to requests of this session to node @p nid
 * (nid = rte_rmc_node_id(s) for loopback requests).
 *
 * @param s
 *   Session (not in inline mode, which is outside the model).
 * @param nid
 *   Destination node.
 * @param m
 *   Filled in.
 * @return
 *   0, -EINVAL, or -ENOTSUP in inline mode.
 */
int rte_rmc_latency_get(struct rte_rmc_session *s, uint16_t nid,
		struct rte_rmc_latency_model *m);

/**
 * What the library counted on a QP under the model: completions, late ones
 * (the platform completed after the deadline), targets, achieved latency and
 * the excess histogram (struct rte_rmc_qp_lat_stats, rte_rmc_qp.h).
 *
 * @param qp
 *   The QP.
 * @param st
 *   Filled in (zero in inline mode).
 * @return
 *   0, or -EINVAL.
 */
int rte_rmc_qp_latency_stats(const struct rte_rmc_qp *qp, struct rte_rmc_qp_lat_stats *st);

struct rte_rmc_node;
struct rte_rmc_latency_info;

/**
 * Set the latency model of a node as a destination, law included (the
 * operator's; rte_rmc_node_latency_set() is the constant case). Requesters
 * learn it when they connect and when it changes.
 *
 * @param node
 *   A node hosted by this process.
 * @param m
 *   The model: per_chunk_ns, oneway_ns (0: half of each request's latency,
 *   else at most base_ns), law with law_a and law_b in ns (normal: mean and
 *   deviation, truncated at 0; lognormal: median and 99th percentile;
 *   empirical: law_file), seed;
 *   for the constant law base_ns. chunk_size and on are the node's.
 * @return
 *   0, -EINVAL (a law that cannot be drawn from), or -ERANGE (above 100 ms).
 */
int rte_rmc_node_latency_model_set(struct rte_rmc_node *node,
		const struct rte_rmc_latency_model *m);

/**
 * The node's model (as a destination) and the latency counters of one of its
 * QPs (those its owner's library keeps; see rte_rmc_node_latency_get() for
 * the node's total).
 *
 * @param node
 *   A node hosted by this process.
 * @param qp_id
 *   QP id (rte_rmc_node_qp_list()); UINT32_MAX for every QP of the node.
 * @param info
 *   Filled in (struct rte_rmc_latency_info, rte_rmc_node.h).
 * @return
 *   0, -EINVAL, or -ENOENT (no such live QP).
 */
int rte_rmc_node_qp_latency_get(struct rte_rmc_node *node, uint32_t qp_id,
		struct rte_rmc_latency_info *info);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_LATENCY_H_ */
