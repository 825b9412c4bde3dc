/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_H_
#define _RTE_RMC_H_

/**
 * @file
 * RTE Remote Memory Controller (soNUMA in software): application API.
 *
 * An application attaches to its node (a process running the node's RMC,
 * usually @c rmcd) with rte_rmc_attach(). It then maps the node's own
 * contexts, registers local buffers, creates queue pairs and issues one-sided
 * remote reads, writes and atomics on any node of the cluster. The RMC of its
 * node executes them and reports one completion per request, with a status.
 *
 * Attaching does not need rte_eal_init() nor DPDK's multi-process mode: the
 * node hands the application its segments over a UNIX socket.
 *
 * Functions that create objects return NULL and set rte_errno on failure;
 * other functions return 0 (or a count) on success and a negative errno value
 * on failure, unless documented otherwise.
 */

#include <stdint.h>

#include <rte_errno.h>

#include <rte_rmc_qp.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest number of nodes in a cluster. */
#define RTE_RMC_MAX_NODES 64
/** Largest number of contexts per node (ids 0 .. RTE_RMC_MAX_CTX - 1). */
#define RTE_RMC_MAX_CTX 64
/** Largest number of local buffers registered on one node. */
#define RTE_RMC_MAX_LBUFS 1024
/** Largest cluster name, including the terminating NUL. */
#define RTE_RMC_NAME_MAX 32
/** Largest single request: 1 GiB. */
#define RTE_RMC_MAX_LENGTH (UINT64_C(1) << 30)
/** Default size of context 0, as in the original sonuma-vm (4096 pages). */
#define RTE_RMC_CTX0_DEFAULT_SIZE (UINT64_C(16) << 20)
/** Default timeout of synchronous calls, in microseconds. */
#define RTE_RMC_SYNC_TIMEOUT_US_DEFAULT 5000000u

/**
 * Status of a completed request. Every completion carries one of these;
 * rte_rmc_strerror() gives its text.
 */
enum rte_rmc_status {
	RTE_RMC_STATUS_OK = 0,            /**< Done; data visible. */
	RTE_RMC_STATUS_BAD_NODE,          /**< Node id outside the cluster. */
	RTE_RMC_STATUS_BAD_CTX,           /**< No such context on the node. */
	RTE_RMC_STATUS_OUT_OF_BOUNDS,     /**< Offset + length beyond the context. */
	RTE_RMC_STATUS_PERM,              /**< Write or atomic on a read-only context. */
	RTE_RMC_STATUS_BAD_LBUF,          /**< Local buffer unknown, not ours, or range outside it. */
	RTE_RMC_STATUS_BAD_OPCODE,        /**< Unknown operation code. */
	RTE_RMC_STATUS_UNALIGNED,         /**< Atomic on a word not 8-byte aligned. */
	RTE_RMC_STATUS_BAD_LENGTH,        /**< Zero, too large, or not 8 for an atomic. */
	RTE_RMC_STATUS_BAD_FLAGS,         /**< Unknown flag, or a start time without its flag. */
	RTE_RMC_STATUS_NODE_DOWN,         /**< Destination node not running or unreachable. */
	RTE_RMC_STATUS_TIMED_OUT,         /**< No completion within the time allowed. */
	RTE_RMC_STATUS_ABORTED,           /**< The serving node stopped before completion. */
	RTE_RMC_STATUS_INTERNAL,          /**< Bug in the RMC; please report. */
	/**
	 * The RMC's access to the destination (a context or the local buffer)
	 * faulted: its memory has no backing page any more (a hole punched in a
	 * hugetlbfs file, a file truncated). The request may be partly applied;
	 * the node keeps serving, and later accesses to the same range fault
	 * the same way until it has backing again.
	 */
	RTE_RMC_STATUS_MEM_FAULT,
	RTE_RMC_STATUS_CONFLICT,          /**< SABRe: a writer held or changed the object. */
	RTE_RMC_STATUS_MAX                /**< Number of statuses; not a status. */
};

/**
 * Text of a status.
 *
 * @param status
 *   A value of enum rte_rmc_status (any integer is accepted).
 * @return
 *   A constant string; "unknown status" for values out of range.
 */
const char *rte_rmc_strerror(int status);

/**
 * Short identifier of a status (for example "out_of_bounds"), usable as a
 * telemetry key.
 *
 * @param status
 *   A value of enum rte_rmc_status.
 * @return
 *   A constant string.
 */
const char *rte_rmc_status_name(int status);

/** Access that remote nodes have to a context. */
enum rte_rmc_perm {
	RTE_RMC_PERM_RO = 1, /**< Remote reads only. */
	RTE_RMC_PERM_RW = 3, /**< Remote reads, writes and atomics. */
};

/** An application's attachment to its node. */
struct rte_rmc_session;
/** A queue pair, as seen by the application. */
struct rte_rmc_qp;

/** A registered local buffer. */
struct rte_rmc_lbuf {
	void *addr;    /**< Where it is mapped in this process. */
	uint64_t size; /**< Its size in bytes. */
	uint16_t id;   /**< Id to name it in requests. */
};

/** Completion of a request, as returned by rte_rmc_poll(). */
struct rte_rmc_completion {
	uint64_t user_tag; /**< The tag given when posting. */
	uint64_t value;    /**< Atomics: the word's old value. */
	uint32_t wq_index; /**< The WQ slot that carried the request. */
	uint16_t status;   /**< enum rte_rmc_status */
};

/** Options of rte_rmc_attach(); a zeroed struct gives the defaults. */
struct rte_rmc_attach_opts {
	/** How long to wait for the node and its peers; 0 = RMC_ATTACH_TIMEOUT or 10 s. */
	uint32_t timeout_ms;
	/** Print what is being waited for on stderr (1) or stay quiet (0). */
	int verbose;
	/**
	 * Inline mode (1): the calling thread executes its requests itself,
	 * against the contexts of every node mapped into this process, with
	 * the same API, checks and statuses, at native speed. This gives up the
	 * isolation of the default mode (the process can reach every node's
	 * memory directly): for developing and debugging, not for sharing a
	 * cluster with untrusted programs. Requests complete before the post
	 * returns; the node's RMC and statistics do not see them; the latency
	 * model does not apply. Needs a direct-access driver (shm), and a
	 * node whose operator allowed inline mode (rmcd --allow-inline,
	 * RTE_RMC_NODE_F_ALLOW_INLINE): otherwise the attach fails with EPERM
	 * and a message naming the option.
	 * $RMC_INLINE=1 turns it on for programs that cannot pass options.
	 */
	int inline_mode;
};

/**
 * Attach to a node of a cluster.
 *
 * Waits (bounded) until the node runs and its peers are connected, printing
 * what it waits for when asked to. Peers still missing at the deadline do not
 * fail the attach: requests to them complete with RTE_RMC_STATUS_NODE_DOWN.
 *
 * @param cluster
 *   Cluster name, or NULL for $RMC_CLUSTER, else "default".
 * @param node_id
 *   Node id, or -1 for $RMC_NODE, else the only node of the cluster running
 *   on this host.
 * @param opts
 *   Options, or NULL for the defaults.
 * @return
 *   The session, or NULL with rte_errno set (ENOENT: node not running,
 *   EINVAL: bad name or id, EPROTO: ABI mismatch, ETIMEDOUT). A message that
 *   says what to do is logged.
 */
struct rte_rmc_session *rte_rmc_attach(const char *cluster, int node_id,
		const struct rte_rmc_attach_opts *opts);

/**
 * Detach from the node: destroys the session's QPs, unmaps its contexts and
 * local buffers. Outstanding requests are handled as by rte_rmc_qp_destroy().
 *
 * @param s
 *   The session; NULL is ignored.
 */
void rte_rmc_detach(struct rte_rmc_session *s);

/**
 * @param s
 *   A session.
 * @return
 *   The id of the node the session is attached to.
 */
uint16_t rte_rmc_node_id(const struct rte_rmc_session *s);

/**
 * @param s
 *   A session.
 * @return
 *   The number of nodes in the cluster.
 */
uint16_t rte_rmc_node_count(const struct rte_rmc_session *s);

/**
 * TSC frequency of the node process (its rte_rmc_tsc_hz_local()), which its
 * time-outs and latency model use, for converting rte_rdtsc() differences.
 *
 * @param s
 *   A session.
 * @return
 *   Ticks per second.
 */
uint64_t rte_rmc_tsc_hz(const struct rte_rmc_session *s);

/**
 * This machine's TSC frequency, measured once per process over 50 ms, each
 * end a TSC read between two CLOCK_MONOTONIC_RAW reads at most 2 us apart
 * (taken again until they are): not rounded like rte_get_tsc_hz(), nor
 * biased by a preemption. The first call takes about 50 ms.
 *
 * @return
 *   Ticks per second.
 */
uint64_t rte_rmc_tsc_hz_local(void);

/**
 * CPU on which the node's RMC loop runs, so that a latency-sensitive
 * application can run elsewhere (the original pinned them with taskset).
 *
 * @param s
 *   A session.
 * @return
 *   A CPU number, or -1 if the RMC is not bound to a single CPU.
 */
int rte_rmc_rmc_cpu(const struct rte_rmc_session *s);

/**
 * @param s
 *   A session.
 * @return
 *   1 if the session runs in inline mode, 0 otherwise.
 */
int rte_rmc_is_inline(const struct rte_rmc_session *s);

/**
 * Ask whether a node of the cluster is reachable from the session's node.
 *
 * @param s
 *   A session.
 * @param nid
 *   A node id.
 * @return
 *   1 if reachable, 0 if not, negative errno on failure.
 */
int rte_rmc_peer_is_up(struct rte_rmc_session *s, uint16_t nid);

/**
 * What a node holds for its applications and peers, to check that nothing
 * leaks when applications come and go (or are killed).
 */
struct rte_rmc_usage {
	uint32_t apps;       /**< Attached applications (sessions). */
	uint32_t peers;      /**< Connected peer RMCs. */
	uint32_t qps;        /**< QPs allocated, including ones still draining. */
	uint32_t lbufs;      /**< Local buffers registered. */
	uint32_t itt_in_use; /**< In-flight transaction table entries in use. */
	/**
	 * Of the QPs: released by their owner (or their owner's death), still
	 * finishing requests the RMC had started; freed once those complete.
	 */
	uint32_t qps_draining;
	uint64_t lbuf_bytes; /**< Bytes of local buffers registered. */
	uint64_t peers_up;   /**< Bitmask of reachable peers. */
	uint64_t peers_lost; /**< Bitmask of peers that were up and are down now. */
	/**
	 * Of the local buffers: released, still mapped until no request of
	 * their former owner is in the RMC.
	 */
	uint32_t lbufs_draining;
};

/**
 * Ask the session's node what it holds (this session included).
 *
 * @param s
 *   A session.
 * @param u
 *   Filled with the node's counts.
 * @return
 *   0, or a negative errno if the node does not answer.
 */
int rte_rmc_usage_get(struct rte_rmc_session *s, struct rte_rmc_usage *u);

/** OR-ed into rte_rmc_ctx_create()'s perm: the context outlives its users. */
#define RTE_RMC_CTX_F_PERSISTENT 0x100

/**
 * Create a context on the session's node, visible to every node. It goes
 * when the last session of the node using it (it created it, mapped it, or
 * was told -EEXIST) ends, by detach or death, unless persistent.
 *
 * @param s
 *   A session.
 * @param ctx_id
 *   Context id, below RTE_RMC_MAX_CTX, not in use.
 * @param size
 *   Size in bytes (rounded up to the backing page size).
 * @param perm
 *   Access of remote nodes, optionally | RTE_RMC_CTX_F_PERSISTENT.
 * @return
 *   0, or -EEXIST, -EINVAL, -ENOMEM, -EDQUOT (the application's quota of
 *   contexts or context memory: rmcd --app-max-ctx, --app-ctx-mem).
 */
int rte_rmc_ctx_create(struct rte_rmc_session *s, uint16_t ctx_id, uint64_t size,
		enum rte_rmc_perm perm);

/**
 * Map a context of the session's own node into this process, without
 * clearing it.
 *
 * @param s
 *   A session.
 * @param ctx_id
 *   Context id.
 * @param size
 *   Where to store the context size; may be NULL.
 * @return
 *   Its address, or NULL with rte_errno set (ENOENT: no such context).
 */
void *rte_rmc_ctx_map(struct rte_rmc_session *s, uint16_t ctx_id, uint64_t *size);

/**
 * Register a local buffer of @p size bytes, allocated by the node and mapped
 * into this process, zero-filled.
 *
 * @param s
 *   A session.
 * @param size
 *   Size in bytes, at least 1.
 * @param lbuf
 *   Filled with the buffer's address, size and id.
 * @return
 *   0, or -EINVAL, -ENOSPC (too many buffers), -ENOMEM, -EDQUOT (the
 *   application's quota of buffers or buffer memory: rmcd --app-max-lbufs,
 *   --app-lbuf-mem; the node logs which).
 */
int rte_rmc_lbuf_register(struct rte_rmc_session *s, uint64_t size, struct rte_rmc_lbuf *lbuf);

/**
 * Find the registered local buffer that holds [@p addr, @p addr + @p len):
 * for layers that are handed addresses rather than buffers (sonuma's
 * lbuff_base) and must name the buffer in requests.
 *
 * @param s
 *   A session.
 * @param addr
 *   An address in this process.
 * @param len
 *   Bytes from @p addr that must lie in the same buffer, at least 1.
 * @param lbuf
 *   Filled with that buffer's address, size and id when found.
 * @return
 *   0, -ENOENT if no buffer of the session holds the range, -EINVAL.
 */
int rte_rmc_lbuf_find(struct rte_rmc_session *s, const void *addr, uint64_t len,
		struct rte_rmc_lbuf *lbuf);

/**
 * Create a queue pair served by the session's node.
 *
 * @param s
 *   A session.
 * @param depth
 *   WQ and CQ depth, a power of two within RTE_RMC_QP_DEPTH_MIN..MAX.
 * @return
 *   The QP, or NULL with rte_errno set (EDQUOT: the application's QP quota,
 *   rmcd --app-max-qps).
 */
struct rte_rmc_qp *rte_rmc_qp_create(struct rte_rmc_session *s, uint32_t depth);

/**
 * Destroy a queue pair. Of the requests still outstanding, the RMC finishes
 * the one transfer it has started and drops those it has not; their
 * completions are dropped.
 *
 * @param qp
 *   The QP; NULL is ignored.
 */
void rte_rmc_qp_destroy(struct rte_rmc_qp *qp);

/**
 * @param qp
 *   A QP.
 * @return
 *   Its depth.
 */
uint32_t rte_rmc_qp_depth(const struct rte_rmc_qp *qp);

/**
 * @param qp
 *   A QP.
 * @return
 *   Requests posted and not yet returned by rte_rmc_poll() or a sync call.
 */
uint32_t rte_rmc_qp_outstanding(const struct rte_rmc_qp *qp);

/**
 * @param qp
 *   A QP.
 * @return
 *   The session the QP was created in.
 */
struct rte_rmc_session *rte_rmc_qp_session(const struct rte_rmc_qp *qp);

/**
 * Requests that rte_rmc_post() would accept right now, without first
 * reaping completions: 0 means the next post must wait for rte_rmc_poll()
 * to free room (or reap completions itself).
 *
 * @param qp
 *   A QP.
 * @return
 *   Free room, at most the QP's depth.
 */
uint32_t rte_rmc_qp_room(const struct rte_rmc_qp *qp);

/**
 * Whether the node has stopped serving the QP: it sets this after its last
 * completion on the QP, so nothing more will complete. Unlike the checks of
 * rte_rmc_poll() and the sync calls, this does not look at the node's
 * process (a node that died without stopping is not seen here).
 *
 * @param qp
 *   A QP.
 * @return
 *   1 once the node has stopped serving the QP, else 0.
 */
int rte_rmc_qp_node_stopped(const struct rte_rmc_qp *qp);

/**
 * Post a request built by the caller. The entry is checked by the RMC, not
 * here; invalid requests complete with an error status.
 *
 * @param qp
 *   A QP.
 * @param wqe
 *   The request; its phase field is ignored.
 * @return
 *   The WQ slot used (>= 0), or -ENOSPC when no slot is free (poll first).
 */
int rte_rmc_post(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqe);

/**
 * Post up to @p n requests built by the caller, in order. The entries are
 * written last to first, so that the RMC, which watches the first free slot,
 * finds the whole burst when it sees the first one: the WQ's cache lines
 * change hands once per burst instead of once per request. The way to reach
 * the highest request rates.
 *
 * @param qp
 *   A QP.
 * @param wqes
 *   The requests; their phase fields are ignored.
 * @param n
 *   How many.
 * @return
 *   The number posted, from the first on (fewer than @p n when the WQ is
 *   full: poll, then post the rest). Request i of the burst uses WQ slot
 *   (first slot + i) modulo the depth.
 */
uint16_t rte_rmc_post_burst(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqes, uint16_t n);

/**
 * Post an asynchronous remote read.
 *
 * @param qp
 *   A QP.
 * @param lbuf
 *   Local buffer that receives the data.
 * @param lbuf_off
 *   Offset in the local buffer.
 * @param nid
 *   Node to read from.
 * @param ctx_id
 *   Context on that node.
 * @param ctx_off
 *   Offset in the context.
 * @param len
 *   Exact number of bytes.
 * @param tag
 *   User tag returned in the completion.
 * @param flags
 *   RTE_RMC_F_* flags.
 * @return
 *   The WQ slot used, or -ENOSPC.
 */
int rte_rmc_read(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len, uint64_t tag,
		uint32_t flags);

/**
 * Post an asynchronous remote write; arguments as rte_rmc_read(), the data
 * going from the local buffer to the remote context.
 *
 * @return
 *   The WQ slot used, or -ENOSPC.
 */
int rte_rmc_write(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len, uint64_t tag,
		uint32_t flags);

/**
 * Post an asynchronous compare-and-swap on the 8-byte word at @p ctx_off. The
 * old value is stored at @p lbuf_off and returned in the completion.
 *
 * @return
 *   The WQ slot used, or -ENOSPC.
 */
int rte_rmc_cas(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t expected,
		uint64_t desired, uint64_t tag, uint32_t flags);

/**
 * Post an asynchronous fetch-and-add on the 8-byte word at @p ctx_off. The
 * old value is stored at @p lbuf_off and returned in the completion.
 *
 * @return
 *   The WQ slot used, or -ENOSPC.
 */
int rte_rmc_faa(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t add, uint64_t tag,
		uint32_t flags);

/**
 * Retrieve up to @p n completions, in the order the RMC produced them.
 *
 * When the serving node has stopped or its process is gone, each request
 * still outstanding completes with RTE_RMC_STATUS_ABORTED (after every
 * completion the node wrote), so that no application waits forever.
 *
 * @param qp
 *   A QP.
 * @param cpl
 *   Array of at least @p n entries.
 * @param n
 *   Maximum number to return.
 * @return
 *   Number of completions stored in @p cpl.
 */
uint16_t rte_rmc_poll(struct rte_rmc_qp *qp, struct rte_rmc_completion *cpl, uint16_t n);

/**
 * Post a request and wait for its own completion. Completions of other
 * outstanding requests seen meanwhile are kept for rte_rmc_poll().
 *
 * @param qp
 *   A QP.
 * @param wqe
 *   The request.
 * @param timeout_us
 *   Maximum wait; 0 means RTE_RMC_SYNC_TIMEOUT_US_DEFAULT.
 * @param value
 *   Where to store the completion's value (atomics); may be NULL.
 * @return
 *   The request's status (enum rte_rmc_status); RTE_RMC_STATUS_TIMED_OUT if
 *   no slot or no completion came in time.
 *
 * @note A time-out does not cancel the request: its outcome is unknown. A
 *   write or an atomic may still be applied at the destination, and a late
 *   read may still overwrite the local buffer, after the call returned. The
 *   request keeps its WQ slot until its late completion comes back, which is
 *   then dropped: it is never returned as the completion of a later request
 *   (that slot is not used again meanwhile, so rte_rmc_post() may say
 *   -ENOSPC one slot earlier). Re-read what matters before relying on it.
 */
int rte_rmc_exec_sync(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqe,
		uint32_t timeout_us, uint64_t *value);

/** Synchronous rte_rmc_read(); returns an enum rte_rmc_status. */
int rte_rmc_read_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint32_t timeout_us);

/** Synchronous rte_rmc_write(); returns an enum rte_rmc_status. */
int rte_rmc_write_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf,
		uint64_t lbuf_off, uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint32_t timeout_us);

/** Synchronous rte_rmc_cas(); the old value goes to @p old. */
int rte_rmc_cas_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t expected,
		uint64_t desired, uint64_t *old, uint32_t timeout_us);

/** Synchronous rte_rmc_faa(); the old value goes to @p old. */
int rte_rmc_faa_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t add, uint64_t *old,
		uint32_t timeout_us);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_H_ */
