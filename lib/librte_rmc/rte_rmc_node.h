/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_NODE_H_
#define _RTE_RMC_NODE_H_

/**
 * @file
 * RTE Remote Memory Controller: hosting emulated nodes in a process.
 *
 * A node owns its contexts, serves the queue pairs of the applications
 * attached to it, and runs its RMC: a poll-mode loop on a dedicated lcore
 * (rte_rmc_node_launch()) or an rte_service when several nodes share a core
 * (rte_rmc_node_service_register()). @c rmcd hosts one node; @c rmc-testpmd
 * and the tests host several. rte_eal_init() must have run.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_rmc.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A node hosted by this process. */
struct rte_rmc_node;

/** What the RMC loop does when it finds no work. */
enum rte_rmc_idle_policy {
	RTE_RMC_IDLE_ADAPTIVE = 0, /**< Spin briefly, then yield, then sleep (default). */
	RTE_RMC_IDLE_SPIN,         /**< Always spin: lowest latency, one CPU per node. */
	RTE_RMC_IDLE_YIELD,        /**< sched_yield() on every empty poll. */
	RTE_RMC_IDLE_SLEEP,        /**< Sleep at once; lowest cost, highest latency. */
};

/** Whether node memory must come from hugepages. */
enum rte_rmc_huge_mode {
	RTE_RMC_HUGE_AUTO = 0, /**< Hugepages when available, else ordinary memory, with a warning. */
	RTE_RMC_HUGE_REQUIRE,  /**< Hugepages or an error. */
	RTE_RMC_HUGE_OFF,      /**< Ordinary shared memory only. */
};

/** Configuration of a node; zeroed fields take the documented defaults. */
struct rte_rmc_node_conf {
	const char *cluster;       /**< Cluster name; NULL = "default". */
	const char *driver;        /**< Remote-memory driver name; NULL = "shm". */
	uint64_t ctx0_size;        /**< Size of context 0; 0 = 16 MiB. */
	uint64_t lbuf_mem_max;     /**< Local-buffer memory limit; 0 = 4 GiB. */
	uint64_t chunk_size;       /**< Transfer chunk; 0 = 64 KiB. */
	uint32_t max_qps;          /**< QP limit; 0 = 256. */
	uint32_t peer_wait_ms;     /**< How long start-up waits for peers; 0 = 30 s. */
	uint16_t node_id;          /**< This node's id, below node_count. */
	uint16_t node_count;       /**< Nodes in the cluster, 1..RTE_RMC_MAX_NODES. */
	enum rte_rmc_idle_policy idle;   /**< Idle policy of the RMC loop. */
	enum rte_rmc_huge_mode huge;     /**< Hugepage policy. */
	enum rte_rmc_perm ctx0_perm;     /**< Access to context 0; 0 = read-write. */
	uint32_t flags;                  /**< RTE_RMC_NODE_F_* */
	/** Driver options, "key=value,key=value" (see the driver); NULL = none. */
	const char *driver_args;
	uint16_t numa_node;              /**< NUMA domain, with RTE_RMC_NODE_F_NUMA. */
	/** Driver eth: the cluster's fabric configuration file (node-to-MAC map). */
	const char *fabric_conf;
	/**
	 * Message drivers (ring, eth): drop this many protocol messages per
	 * million, requests and replies alike, to test loss recovery; 0 = none.
	 */
	uint32_t loss_ppm;
	/**
	 * Message drivers: a request that gets no reply for this long fails
	 * with RTE_RMC_STATUS_NODE_DOWN; 0 = 1000 ms.
	 */
	uint32_t proto_timeout_ms;
	/**
	 * Quotas of one application (all sessions of one process), so that
	 * no application can take what the others need; a request beyond one
	 * fails with -EDQUOT and a message naming the rmcd option. 0 = the
	 * default given with each.
	 */
	uint32_t app_max_qps;   /**< QPs; 0 = 64 (at most max_qps). rmcd --app-max-qps */
	/**
	 * ITT entries (large transfers in progress) of the application's QPs
	 * together, shared among them; 0 = 2048, a quarter of the node's ITT.
	 * At least app_max_qps. rmcd --app-itt-share
	 */
	uint32_t app_itt_share;
	uint32_t app_max_lbufs; /**< Local buffers; 0 = 256. rmcd --app-max-lbufs */
	/** Local-buffer bytes; 0 = half of lbuf_mem_max. rmcd --app-lbuf-mem */
	uint64_t app_lbuf_mem;
	uint32_t app_max_ctx;   /**< Contexts it creates; 0 = 8. rmcd --app-max-ctx */
	/** Bytes of the contexts it creates; 0 = 1 GiB. rmcd --app-ctx-mem */
	uint64_t app_ctx_mem;
};

/** Node flag: start without context 0 (contexts are then created on demand). */
#define RTE_RMC_NODE_F_NO_CTX0 (UINT32_C(1) << 0)
/**
 * Node flag: bind the node's memory (contexts, local buffers, queue pairs) to
 * NUMA domain numa_node (mbind MPOL_BIND, a policy that stays with each
 * segment whichever process maps it).
 */
#define RTE_RMC_NODE_F_NUMA (UINT32_C(1) << 1)
/**
 * Node flag: the operator allows inline mode (rmcd --allow-inline). Only
 * then may an application that asked for inline mode at attach map the
 * contexts of this node's peers (read-only contexts read-only); without it,
 * such an attach fails, and no application ever maps a peer's memory.
 */
#define RTE_RMC_NODE_F_ALLOW_INLINE (UINT32_C(1) << 2)
/**
 * Node flag: applications may change node-wide settings through the
 * application API (rte_rmc_latency_set(), rte_rmc_stats_reset() of the node's
 * totals; rmcd --allow-app-admin). Without it those calls fail with -EPERM:
 * node-wide settings belong to the operator (rmcd's command line, the
 * rte_rmc_node_* API of the hosting process, the node's telemetry socket).
 */
#define RTE_RMC_NODE_F_ALLOW_APP_ADMIN (UINT32_C(1) << 3)

/** Counters of the protocol between RMCs (message drivers only). */
struct rte_rmc_fabric_stats {
	uint64_t req_sent;      /**< Chunk requests sent, first time. */
	uint64_t req_resent;    /**< Chunk requests sent again after a time-out. */
	uint64_t rep_recv;      /**< Replies that advanced a request. */
	uint64_t rep_stale;     /**< Replies dropped: duplicate, late or unknown. */
	uint64_t req_served;    /**< Peers' requests served by this node. */
	uint64_t dup_replayed;  /**< Retried atomics answered without applying them again. */
	uint64_t lost_injected; /**< Messages dropped by loss injection. */
	uint64_t tx_refused;    /**< Messages the transport could not take. */
	uint64_t bad_msg;       /**< Malformed or misrouted messages dropped. */
	uint64_t node_down;     /**< Requests completed with node-down. */
	/** Replies not delivered, their request aborted: its local buffer was
	 * freed or its QP orphaned while the request was in flight. */
	uint64_t rep_aborted;
};

/**
 * Read the protocol counters of a node.
 *
 * @param node
 *   The node.
 * @param st
 *   Filled with the counters.
 * @return
 *   0, or -ENOTSUP when the node's driver accesses peers directly (shm).
 */
int rte_rmc_node_fabric_stats(const struct rte_rmc_node *node, struct rte_rmc_fabric_stats *st);

/**
 * Create a node: its runtime directory and control socket, context 0, and the
 * driver's state. The node accepts applications as soon as this returns, and
 * connects to its peers in the background. A stale node of the same id left
 * by a crash is cleaned up; a live one makes this fail with EADDRINUSE.
 *
 * @param conf
 *   The configuration.
 * @return
 *   The node, or NULL with rte_errno set and the reason logged.
 */
struct rte_rmc_node *rte_rmc_node_create(const struct rte_rmc_node_conf *conf);

/**
 * Create a further context before or while the node runs.
 *
 * @param node
 *   The node.
 * @param ctx_id
 *   Context id, not in use.
 * @param size
 *   Size in bytes.
 * @param perm
 *   Access of remote nodes.
 * @return
 *   0, or -EEXIST, -EINVAL, -ENOMEM.
 */
int rte_rmc_node_ctx_create(struct rte_rmc_node *node, uint16_t ctx_id, uint64_t size,
		enum rte_rmc_perm perm);

/**
 * Run the node's RMC on a worker lcore until rte_rmc_node_stop().
 *
 * @param node
 *   The node.
 * @param lcore_id
 *   An idle worker lcore.
 * @return
 *   0, or a negative errno.
 */
int rte_rmc_node_launch(struct rte_rmc_node *node, unsigned int lcore_id);

/**
 * Register the node's RMC as an rte_service, so that several nodes can share
 * a service lcore. The service is enabled; map it to a service lcore.
 *
 * @param node
 *   The node.
 * @param service_id
 *   Where to store the service id.
 * @return
 *   0, or a negative errno.
 */
int rte_rmc_node_service_register(struct rte_rmc_node *node, uint32_t *service_id);

/**
 * One pass of the RMC over every QP of the node.
 *
 * @param node
 *   The node.
 * @return
 *   Number of work items done (0 when idle).
 */
int rte_rmc_node_poll(struct rte_rmc_node *node);

/**
 * Wait until every peer is connected.
 *
 * @param node
 *   The node.
 * @param timeout_ms
 *   Maximum wait.
 * @return
 *   0, or -ETIMEDOUT.
 */
int rte_rmc_node_wait_peers(struct rte_rmc_node *node, uint32_t timeout_ms);

/**
 * @param node
 *   The node.
 * @return
 *   Number of peers (other nodes) currently reachable.
 */
unsigned int rte_rmc_node_peers_up(const struct rte_rmc_node *node);

/**
 * What the node holds for its applications and peers (see struct
 * rte_rmc_usage); safe to call while the node runs.
 *
 * @param node
 *   The node.
 * @param u
 *   Filled with the counts.
 * @return
 *   0, or -EINVAL.
 */
int rte_rmc_node_usage_get(struct rte_rmc_node *node, struct rte_rmc_usage *u);

/**
 * @param node
 *   The node.
 * @return
 *   Its id.
 */
uint16_t rte_rmc_node_get_id(const struct rte_rmc_node *node);

/**
 * Stop the RMC loop (lcore or service), completing outstanding requests with
 * RTE_RMC_STATUS_ABORTED where they cannot finish.
 *
 * @param node
 *   The node.
 */
void rte_rmc_node_stop(struct rte_rmc_node *node);

/**
 * Stop the node if needed and release everything it holds: sessions, QPs,
 * contexts, peer mappings, the control socket and the runtime files.
 *
 * @param node
 *   The node; NULL is ignored.
 */
void rte_rmc_node_destroy(struct rte_rmc_node *node);

/**
 * A node's latency model as a destination (rte_rmc_node_latency_get()), and
 * what the libraries of the applications attached to it counted on their QPs
 * (completions of requests to every destination with a model).
 */
struct rte_rmc_latency_info {
	uint64_t base_ns;      /**< Base latency; 0 with per_chunk_ns 0 = off. */
	uint64_t per_chunk_ns; /**< Added per chunk_size bytes (the link's bandwidth). */
	uint64_t chunk_size;   /**< The node's chunk size in bytes. */
	uint64_t oneway_ns;    /**< When the effect may happen; 0: half the latency. */
	uint64_t count;        /**< Completions handed over under a model. */
	uint64_t late;         /**< Of which the platform completed after the deadline. */
	uint64_t late_ns_max;  /**< Largest delay past a deadline. */
	uint64_t target_ns_mean;   /**< Mean target (deadline - post). */
	uint64_t achieved_ns_mean; /**< Mean achieved (hand-over - post). */
	uint64_t excess_p50_ns;    /**< Median of hand-over - deadline (bucket's lower bound). */
	uint64_t excess_p99_ns;    /**< 99th percentile of the same. */
	int on;                /**< 1 when the model is on. */
};

/**
 * Set a node's latency model, the one of every request to this node: a
 * request to it posted at t from any node of the cluster completes, as its
 * application sees it, not before
 *   t + base_ns + bytes * per_chunk_ns / chunk_size
 * (the second term on a link per requester node, so that transfers queue);
 * its effect at this node does not happen before t + half of that (see
 * doc/latency-model.md). Requesters learn it at once. Nothing is subtracted:
 * a target below what the platform reaches is reported "late" by the
 * libraries, never early.
 *
 * May be called at any time, from any thread (not the RMC's).
 *
 * @param node
 *   The node.
 * @param base_ns
 *   Base latency in nanoseconds; 0 together with @p per_chunk_ns 0 turns the
 *   model off.
 * @param per_chunk_ns
 *   Nanoseconds per chunk of a transfer (the inverse of the bandwidth).
 * @return
 *   0, -EINVAL, or -ERANGE (above 100 ms).
 */
int rte_rmc_node_latency_set(struct rte_rmc_node *node, uint64_t base_ns,
		uint64_t per_chunk_ns);

/**
 * Read a node's latency model settings and counters.
 *
 * @param node
 *   The node.
 * @param info
 *   Filled in.
 * @return
 *   0, or -EINVAL.
 */
int rte_rmc_node_latency_get(struct rte_rmc_node *node, struct rte_rmc_latency_info *info);

/**
 * Directory that holds the control sockets of a cluster's nodes on this host:
 * $RMC_RUNTIME_DIR, else /var/run/sonuma for root, else
 * $XDG_RUNTIME_DIR/sonuma, else /tmp/sonuma-<uid>; then "/<cluster>".
 *
 * @param cluster
 *   Cluster name; NULL = "default".
 * @param buf
 *   Output buffer.
 * @param len
 *   Its size.
 * @return
 *   0, or -ENAMETOOLONG / -EINVAL.
 */
int rte_rmc_cluster_dir(const char *cluster, char *buf, size_t len);

/**
 * Check a cluster name: 1 to RTE_RMC_NAME_MAX - 1 characters among
 * [A-Za-z0-9_.-], not starting with '.'.
 *
 * @param name
 *   The name.
 * @return
 *   0 if valid, -EINVAL otherwise.
 */
int rte_rmc_cluster_name_check(const char *name);

/**
 * Names of the remote-memory drivers built into the library.
 *
 * @param buf
 *   Output buffer, receives a comma-separated list.
 * @param len
 *   Its size.
 */
void rte_rmc_driver_names(char *buf, size_t len);

/**
 * @param name
 *   A driver name.
 * @return
 *   1 if a driver of that name is built in, 0 otherwise.
 */
int rte_rmc_driver_exists(const char *name);

/**
 * Whether a driver can run on this host (for example, the xen driver needs
 * the Xen grant devices), without creating a node.
 *
 * @param name
 *   A driver name.
 * @param why
 *   Receives a one-line reason when it cannot, naming what to do instead.
 * @param len
 *   Size of why.
 * @return
 *   0 if it can, -ENOENT if no such driver is built in, or the driver's
 *   negative errno.
 */
int rte_rmc_driver_probe(const char *name, char *why, size_t len);

/**
 * Parse a size such as "4096", "64K", "16M", "1G" or "2GiB" (powers of two).
 *
 * @param txt
 *   The text.
 * @param out
 *   The value in bytes.
 * @return
 *   0, -EINVAL if it is not a size, -ERANGE if it overflows.
 */
int rte_rmc_parse_size(const char *txt, uint64_t *out);

/**
 * Parse a whole unsigned number (decimal, or 0x hexadecimal) no larger than
 * @p max.
 *
 * @param txt
 *   The text.
 * @param max
 *   Largest accepted value.
 * @param out
 *   The value.
 * @return
 *   0, -EINVAL if it is not a number, -ERANGE if it is above max.
 */
int rte_rmc_parse_uint(const char *txt, uint64_t max, uint64_t *out);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_NODE_H_ */
