/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_ADMIN_H_
#define _RTE_RMC_ADMIN_H_

/**
 * @file
 * RTE Remote Memory Controller: statistics and run-time administration.
 *
 * Every node counts, per queue pair, the requests it completed and the bytes
 * they moved (by operation), its completions (by status), the requests in
 * flight (posted and not taken yet, taken and not completed yet), and a
 * histogram of the time each request spent in the RMC. Node totals add the
 * QPs that are gone.
 *
 * The counters are read in three ways:
 * - in the process that hosts the node: rte_rmc_node_stats_get() and
 *   rte_rmc_node_qp_stats_get();
 * - from any process attached to the node: rte_rmc_stats_get(), through the
 *   node's control socket (rmc-testpmd --attach does this);
 * - with DPDK telemetry (dpdk-telemetry.py): /rmc/nodes, /rmc/node/info,
 *   /rmc/node/stats, /rmc/qp/list, /rmc/qp/stats.
 *
 * Resetting does not stop the RMC: it records the current values as the new
 * zero, so a reset never races with the RMC's increments.
 */

#include <stdint.h>

#include <rte_rmc.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_rmc_node;

/** Operation slots of the per-operation counters (index: enum rte_rmc_opcode). */
#define RTE_RMC_STATS_OPS (RTE_RMC_OP_SABRE + 1)

/** Buckets of the RMC latency histogram. */
#define RTE_RMC_STATS_HIST_BUCKETS 24

/**
 * Peers' requests a node served: the requests other nodes' applications made
 * to this node's memory, whichever RMC did the copy. With a message driver
 * (ring, eth, xen) this node's RMC executes them and counts them; with shm
 * the requester's RMC copies, counts in its own memory per destination, and
 * this node sums its peers' counters when they are read (a peer that stops
 * leaves its last figures counted). A request is counted once under its
 * status: with shm when it ends (its last chunk, or the chunk that failed),
 * with a message driver at its first chunk (each chunk checks the whole rest
 * of the request, so the first one's status is the request's, and its bytes
 * are counted there, as the request's length), once even when the requester
 * sent it again after a time-out. Requests that never reached this node
 * (refused by the requester's RMC, node-down) are not counted; nor are
 * inline-mode requests (see inline_requests of struct rte_rmc_stats).
 */
struct rte_rmc_served_stats {
	/** Served requests by operation; index 0 counts invalid opcodes. */
	uint64_t requests[RTE_RMC_STATS_OPS];
	/** Bytes moved by successful served requests, by operation. */
	uint64_t bytes[RTE_RMC_STATS_OPS];
	/** Served requests by status (index: enum rte_rmc_status). */
	uint64_t completions[RTE_RMC_STATUS_MAX];
};

/**
 * Statistics of a node or of one of its queue pairs.
 *
 * Latency is the time a request spends in the RMC: from the pass that takes
 * it from the WQ to the write of its completion. Requests taken in one burst
 * are counted with the time of the whole burst (an upper bound for each;
 * exact for one request at a time), transfers cut into chunks with their own
 * time. Bucket 0 holds times below 16 ns, bucket i >= 1 times from 2^(i+3) ns
 * up to twice that; the last bucket (from 2^26 ns, 67 ms) has no upper bound.
 */
struct rte_rmc_stats {
	/** Completed requests by operation; index 0 counts invalid opcodes. */
	uint64_t requests[RTE_RMC_STATS_OPS];
	/** Bytes moved by successful requests, by operation (8 per atomic). */
	uint64_t bytes[RTE_RMC_STATS_OPS];
	/** Completions by status (index: enum rte_rmc_status). */
	uint64_t completions[RTE_RMC_STATUS_MAX];
	/**
	 * Requests per RMC latency bucket, sampled: one burst of requests in
	 * 16 per QP is timed (reading the clock costs as much as a request).
	 */
	uint64_t latency_hist[RTE_RMC_STATS_HIST_BUCKETS];
	/** Requests posted in the WQs that the RMC has not taken yet. */
	uint64_t wq_pending;
	/** Requests the RMC has taken and not completed yet (large transfers). */
	uint64_t in_flight;
	/** Completions written that the application has not consumed yet. */
	uint64_t cq_unread;
	/** Queue pairs counted (live ones). */
	uint32_t nb_qps;
	/** Reserved, zero. */
	uint32_t reserved;	/**
	 * Inline mode (rte_rmc_attach_opts.inline_mode): requests the
	 * applications executed themselves, bytes of those that succeeded, and
	 * those that failed, as each application reports them in its own line of
	 * the QP header: the node never sees these requests and cannot check the
	 * figures. Live QPs only; a reset does not clear them (they are the
	 * applications' counters since each QP was created).
	 */
	uint64_t inline_requests;
	uint64_t inline_bytes;   /**< See inline_requests. */
	uint64_t inline_errors;  /**< See inline_requests. */
	/** Peers' requests this node served (node totals; zero in a QP's figures). */
	struct rte_rmc_served_stats served;
};

/**
 * Lower bound of a latency bucket.
 *
 * @param bucket
 *   0 .. RTE_RMC_STATS_HIST_BUCKETS - 1.
 * @return
 *   The smallest time, in nanoseconds, counted in the bucket.
 */
static inline uint64_t
rte_rmc_stats_hist_lower_ns(unsigned int bucket)
{
	return bucket == 0 ? 0 : UINT64_C(1) << (bucket + 3);
}

/**
 * Percentile of the latency histogram, to the bucket's resolution.
 *
 * @param st
 *   Statistics.
 * @param pct
 *   Percentile, 0 to 100.
 * @return
 *   Upper bound in nanoseconds of the bucket holding the percentile (the
 *   lower bound of the last bucket when it falls there), 0 with no sample.
 */
uint64_t rte_rmc_stats_percentile_ns(const struct rte_rmc_stats *st, double pct);

/**
 * The histogram bucket that holds a percentile: the percentile lies in
 * [rte_rmc_stats_hist_lower_ns(b), rte_rmc_stats_hist_lower_ns(b + 1)), or
 * above rte_rmc_stats_hist_lower_ns(b) for the last bucket. A histogram
 * gives no finer answer: print the range, not one of its ends.
 *
 * @param st
 *   Statistics.
 * @param pct
 *   Percentile, 0 to 100.
 * @return
 *   The bucket, or -ENOENT when the histogram holds no sample.
 */
int rte_rmc_stats_percentile_bucket(const struct rte_rmc_stats *st, double pct);

/**
 * Requests the latency histogram holds: the timed ones, a sample (see
 * struct rte_rmc_stats), not every request.
 *
 * @param st
 *   Statistics.
 * @return
 *   The sum of its buckets.
 */
uint64_t rte_rmc_stats_hist_samples(const struct rte_rmc_stats *st);

/**
 * Short name of an operation, usable as a telemetry key.
 *
 * @param opcode
 *   enum rte_rmc_opcode value; anything else gives "invalid".
 * @return
 *   "read", "write", "cas", "faa" or "invalid".
 */
const char *rte_rmc_op_name(int opcode);

/**
 * Totals of a node hosted by this process: its live QPs plus the QPs that
 * are gone, since the last reset.
 *
 * @param node
 *   The node.
 * @param st
 *   Filled with the counters.
 * @return
 *   0, or -EINVAL.
 */
int rte_rmc_node_stats_get(struct rte_rmc_node *node, struct rte_rmc_stats *st);

/**
 * Make the node's counters (and every QP's) start again from zero.
 *
 * @param node
 *   The node.
 * @return
 *   0, or -EINVAL.
 */
int rte_rmc_node_stats_reset(struct rte_rmc_node *node);

/**
 * Ids of the node's live queue pairs.
 *
 * @param node
 *   The node.
 * @param ids
 *   Array of at least @p max entries.
 * @param max
 *   Capacity of @p ids.
 * @return
 *   The number of live QPs (may exceed @p max: only @p max are stored),
 *   or -EINVAL.
 */
int rte_rmc_node_qp_list(struct rte_rmc_node *node, uint32_t *ids, unsigned int max);

/**
 * Counters of one live queue pair since the last reset.
 *
 * @param node
 *   The node.
 * @param qp_id
 *   A QP id from rte_rmc_node_qp_list().
 * @param st
 *   Filled with the counters (nb_qps is 1).
 * @param depth
 *   Where to store the QP's depth; may be NULL.
 * @param owner_pid
 *   Where to store the pid of the application that owns it; may be NULL.
 * @return
 *   0, -ENOENT if no such QP, -EINVAL.
 */
int rte_rmc_node_qp_stats_get(struct rte_rmc_node *node, uint32_t qp_id,
		struct rte_rmc_stats *st, uint32_t *depth, uint32_t *owner_pid);

/**
 * Totals of the node a session is attached to, through its control socket.
 *
 * @param s
 *   A session.
 * @param st
 *   Filled with the node's counters.
 * @return
 *   0, or a negative errno (the node's reason is logged).
 */
int rte_rmc_stats_get(struct rte_rmc_session *s, struct rte_rmc_stats *st);

/**
 * Reset the counters of the node a session is attached to. The node's
 * totals are every application's: only a node whose operator allowed it
 * (rmcd --allow-app-admin, RTE_RMC_NODE_F_ALLOW_APP_ADMIN) accepts this from
 * an application; the operator resets them with rte_rmc_node_stats_reset().
 *
 * @param s
 *   A session.
 * @return
 *   0; -EPERM (with a message naming the option) when the node does not
 *   allow it; or another negative errno.
 */
int rte_rmc_stats_reset(struct rte_rmc_session *s);

/**
 * Set the latency model of the node a session is attached to, through its
 * control socket; the node applies it with rte_rmc_node_latency_set(). The
 * model delays every application's requests: only a node whose operator
 * allowed it (rmcd --allow-app-admin) accepts this; otherwise the operator
 * sets it (rmcd --latency, rte_rmc_node_latency_set()).
 *
 * @param s
 *   A session.
 * @param base_ns
 *   Fixed latency per request; 0 with @p per_chunk_ns 0 turns the model off.
 * @param per_chunk_ns
 *   Added latency per chunk of a transfer.
 * @return
 *   0; 1 when the target is below what the platform reaches by itself (set,
 *   but not reachable: see rte_rmc_node_latency_set()); -EPERM (with a
 *   message naming the option) when the node does not allow it; or another
 *   negative errno.
 */
int rte_rmc_latency_set(struct rte_rmc_session *s, uint64_t base_ns, uint64_t per_chunk_ns);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_ADMIN_H_ */
