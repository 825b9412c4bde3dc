/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_PGAS_H_
#define _RTE_RMC_PGAS_H_

/**
 * @file
 * RTE Remote Memory Controller: a PGAS layer (as OpenSHMEM) over a session.
 *
 * One application per node of the cluster (every node takes part) opens a
 * handle on its attached session. Together they create cluster-wide regions
 * (rte_rmc_pgas_region_create(), collective as shmem_malloc: the region
 * exists on every node under the same context id when it returns), move data
 * between ordinary memory and any node's part of a region (get, put, their
 * non-blocking forms, atomics), and synchronise with a barrier that also
 * waits for every put and atomic issued before it (as shmem_barrier_all).
 *
 * Underneath, a region is a context of each node (rte_rmc_ctx_create()): the
 * application's quotas apply (rmcd --app-max-ctx, --app-ctx-mem: -EDQUOT).
 * On each node a region goes when the last session using it there ends
 * (rte_rmc_pgas_region_close(), detach, or the application's death), unless
 * created with RTE_RMC_PGAS_F_PERSISTENT; accesses to a part that is gone
 * complete with RTE_RMC_STATUS_BAD_CTX.
 *
 * Collective calls (region create and destroy, barrier) must be made by one
 * application on each node, in the same order. The barrier's state is kept
 * in a small bootstrap context (id RTE_RMC_PGAS_BOOT_CTX) that each node
 * creates when its first handle opens and removes when its last one closes
 * (or dies): a rerun starts from a fresh count. One PGAS program at a time
 * per cluster.
 *
 * Data calls return 0 on success, a positive enum rte_rmc_status when the
 * RMC refused or failed the request (for example RTE_RMC_STATUS_BAD_CTX), or
 * a negative errno for a local failure (-EINVAL: bad argument).
 *
 * Not thread-safe: one thread uses a handle at a time.
 */

#include <stdint.h>

#include <rte_rmc.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Context id of the PGAS bootstrap context on every node (reserved). */
#define RTE_RMC_PGAS_BOOT_CTX (RTE_RMC_MAX_CTX - 1)
/** Default bound of collective calls and waits, in milliseconds (0 = this). */
#define RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT 30000u
/** Region flag: stays on each node after its last user ends, until destroyed. */
#define RTE_RMC_PGAS_F_PERSISTENT 0x1

/** A PGAS handle on an attached session. */
struct rte_rmc_pgas;
/** A cluster-wide region, as seen through a handle. */
struct rte_rmc_pgas_region;

/**
 * Completion of a non-blocking get or put. Owned by the caller; it must stay
 * valid until rte_rmc_pgas_test() returned 1, rte_rmc_pgas_wait() returned,
 * or rte_rmc_pgas_quiet() returned.
 */
struct rte_rmc_pgas_req {
	uint32_t pending; /**< Requests still outstanding; 0 once complete. */
	uint16_t status;  /**< First status other than OK among them, else OK. */
};

/** Comparisons of rte_rmc_pgas_wait_until(). */
enum rte_rmc_pgas_cmp {
	RTE_RMC_PGAS_CMP_EQ, /**< *addr == value */
	RTE_RMC_PGAS_CMP_NE, /**< *addr != value */
	RTE_RMC_PGAS_CMP_GT, /**< *addr > value */
	RTE_RMC_PGAS_CMP_GE, /**< *addr >= value */
	RTE_RMC_PGAS_CMP_LT, /**< *addr < value */
	RTE_RMC_PGAS_CMP_LE, /**< *addr <= value */
};

/**
 * Open a PGAS handle: a QP, an internal registered bounce buffer, and the
 * node's bootstrap context. Not collective; usable at once (a barrier waits
 * for the other nodes' handles to open).
 *
 * @param s
 *   An attached session (not in inline mode).
 * @return
 *   The handle, or NULL with rte_errno set (EDQUOT: a quota of the
 *   application; EEXIST: context RTE_RMC_PGAS_BOOT_CTX is used otherwise).
 */
struct rte_rmc_pgas *rte_rmc_pgas_open(struct rte_rmc_session *s);

/**
 * Close a handle: wait for its outstanding requests (rte_rmc_pgas_quiet()),
 * close its regions (rte_rmc_pgas_region_close()) and the bootstrap context.
 *
 * @param p
 *   The handle; NULL is ignored.
 */
void rte_rmc_pgas_close(struct rte_rmc_pgas *p);

/**
 * @param p
 *   A handle.
 * @return
 *   This node's id (the caller's "PE" number).
 */
uint16_t rte_rmc_pgas_my_node(const struct rte_rmc_pgas *p);

/**
 * @param p
 *   A handle.
 * @return
 *   The number of nodes, every one a participant.
 */
uint16_t rte_rmc_pgas_nodes(const struct rte_rmc_pgas *p);

/**
 * Create a region on every node (collective). Arguments are checked before
 * any exchange; then the participants agree on a context id free on every
 * node, each creates its part (zero-filled) and they exchange the outcome:
 * either every node has the region, or none keeps it and all return the same
 * error.
 *
 * @param p
 *   A handle.
 * @param name
 *   1 to 31 characters of [A-Za-z0-9._-], not starting with "rmc.".
 * @param size
 *   Bytes on each node, at least 1.
 * @param flags
 *   0 or RTE_RMC_PGAS_F_PERSISTENT.
 * @param timeout_ms
 *   Bound of the exchange; 0 = RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT.
 * @return
 *   The region, or NULL with rte_errno set: EINVAL (bad name or flags, size
 *   0), EFBIG (larger than a context may be), EDQUOT (a node's quota of the
 *   application, the node's message names the option), EEXIST (a region of
 *   that name exists), ENOSPC (no context id free on every node), ETIMEDOUT
 *   or EHOSTDOWN (a participant did not take part).
 */
struct rte_rmc_pgas_region *rte_rmc_pgas_region_create(struct rte_rmc_pgas *p,
		const char *name, uint64_t size, uint32_t flags, uint32_t timeout_ms);

/**
 * Find a region of this node by name (not collective) and use it.
 *
 * @param p
 *   A handle.
 * @param name
 *   Its name.
 * @return
 *   The region, or NULL with rte_errno set (ENOENT: none on this node).
 */
struct rte_rmc_pgas_region *rte_rmc_pgas_region_lookup(struct rte_rmc_pgas *p,
		const char *name);

/**
 * Stop using a region on this node and free the handle's record of it. The
 * node's part goes when no session of the node uses it any more, unless it is
 * persistent.
 *
 * @param r
 *   A region; NULL is ignored.
 */
void rte_rmc_pgas_region_close(struct rte_rmc_pgas_region *r);

/**
 * Destroy a region on every node (collective): a barrier, then each node
 * removes its part whoever uses it, then a barrier. Afterwards accesses to
 * it complete with RTE_RMC_STATUS_BAD_CTX. The record is freed.
 *
 * @param r
 *   A region.
 * @param timeout_ms
 *   Bound of each barrier; 0 = RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT.
 * @return
 *   0, or a negative errno (the barrier's).
 */
int rte_rmc_pgas_region_destroy(struct rte_rmc_pgas_region *r, uint32_t timeout_ms);

/**
 * Zero this node's part of a region (a local memset; other nodes' parts are
 * theirs to reset).
 *
 * @param r
 *   A region.
 */
void rte_rmc_pgas_region_reset(struct rte_rmc_pgas_region *r);

/**
 * @param r
 *   A region.
 * @param size
 *   Where to store its size on each node; may be NULL.
 * @return
 *   This node's part, mapped into the process (for loads, stores and
 *   rte_rmc_pgas_wait_until()).
 */
void *rte_rmc_pgas_region_addr(const struct rte_rmc_pgas_region *r, uint64_t *size);

/**
 * @param r
 *   A region.
 * @return
 *   Its context id, the same on every node.
 */
uint16_t rte_rmc_pgas_region_id(const struct rte_rmc_pgas_region *r);

/**
 * Read @p len bytes at @p off of node @p nid's part of a region into @p dst.
 * @p dst may be any memory: a range inside a registered local buffer of the
 * session goes there directly, anything else through the handle's bounce
 * buffer.
 *
 * @return
 *   0, a positive enum rte_rmc_status, or -EINVAL.
 */
int rte_rmc_pgas_get(struct rte_rmc_pgas *p, void *dst, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len);

/**
 * Write @p len bytes from @p src at @p off of node @p nid's part of a region;
 * returns once the data is visible there.
 *
 * @return
 *   0, a positive enum rte_rmc_status, or -EINVAL.
 */
int rte_rmc_pgas_put(struct rte_rmc_pgas *p, const void *src, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len);

/**
 * Start a get. @p dst holds the data once @p req completed. May first wait
 * for earlier requests to make room.
 *
 * @param req
 *   Completion to watch, or NULL (then rte_rmc_pgas_quiet() reports errors).
 * @return
 *   0 (started), or -EINVAL.
 */
int rte_rmc_pgas_get_nbi(struct rte_rmc_pgas *p, void *dst, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len,
		struct rte_rmc_pgas_req *req);

/**
 * Start a put. Memory outside registered buffers is copied before the call
 * returns, so @p src may be reused at once; a range of a registered buffer is
 * read by the RMC (zero-copy) and must not change until @p req completes.
 *
 * @return
 *   0 (started), or -EINVAL.
 */
int rte_rmc_pgas_put_nbi(struct rte_rmc_pgas *p, const void *src, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len,
		struct rte_rmc_pgas_req *req);

/**
 * Make progress and tell whether a request completed.
 *
 * @return
 *   1 if complete (its status in req->status), else 0.
 */
int rte_rmc_pgas_test(struct rte_rmc_pgas *p, struct rte_rmc_pgas_req *req);

/**
 * Wait for a request, yielding the CPU meanwhile.
 *
 * @return
 *   Its status (0 = OK), or -ETIMEDOUT after RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT:
 *   the request is then abandoned (@p req is no longer written, a get's
 *   destination no longer filled; its outcome at the remote node is unknown).
 */
int rte_rmc_pgas_wait(struct rte_rmc_pgas *p, struct rte_rmc_pgas_req *req);

/**
 * Wait until every request the handle started has completed.
 *
 * @return
 *   0, or the first status other than OK among requests started without a
 *   completion handle (since the last call), or -ETIMEDOUT after
 *   RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT (the requests still outstanding are then
 *   abandoned, as by rte_rmc_pgas_wait()).
 */
int rte_rmc_pgas_quiet(struct rte_rmc_pgas *p);

/**
 * Atomic fetch-and-add on the 8-byte word at @p off (8-byte aligned).
 *
 * @param old
 *   Receives the word's value before the addition; may be NULL.
 * @return
 *   0, a positive enum rte_rmc_status, or -EINVAL.
 */
int rte_rmc_pgas_fetch_add(struct rte_rmc_pgas *p, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t add, uint64_t *old);

/**
 * Atomic compare-and-swap: the word becomes @p desired if it was @p expected.
 *
 * @param old
 *   Receives the word's previous value (== expected on success); may be NULL.
 * @return
 *   0 (whether or not it swapped: compare *old), a positive status, -EINVAL.
 */
int rte_rmc_pgas_cas(struct rte_rmc_pgas *p, uint16_t nid, const struct rte_rmc_pgas_region *r,
		uint64_t off, uint64_t expected, uint64_t desired, uint64_t *old);

/**
 * Atomic swap, built from compare-and-swap (the RMC has no swap operation):
 * retried until no other writer came between.
 *
 * @param old
 *   Receives the word's previous value; may be NULL.
 * @return
 *   0, a positive enum rte_rmc_status, or -EINVAL.
 */
int rte_rmc_pgas_swap(struct rte_rmc_pgas *p, uint16_t nid, const struct rte_rmc_pgas_region *r,
		uint64_t off, uint64_t value, uint64_t *old);

/**
 * Barrier of the participants (collective). Returns once every participant
 * has entered it and every put and atomic each issued before it has
 * completed (it starts with rte_rmc_pgas_quiet()). Waits yield the CPU.
 *
 * @param timeout_ms
 *   Bound; 0 = RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT.
 * @return
 *   0; a positive status from the quiet; -ETIMEDOUT (a participant did not
 *   come: the log names it), -EHOSTDOWN (a participant's node is down).
 *   After a failure the handle's collectives fail with -EPIPE: close it.
 */
int rte_rmc_pgas_barrier(struct rte_rmc_pgas *p, uint32_t timeout_ms);

/**
 * Wait until a word of local memory (usually this node's part of a region,
 * written by other nodes) compares true with @p value, yielding the CPU after
 * a short spin (sched_yield, then growing sleeps up to 100 us) and making
 * progress.
 *
 * @param addr
 *   An 8-byte aligned word.
 * @param timeout_ms
 *   Bound; 0 = RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT.
 * @return
 *   0, -ETIMEDOUT, or -EINVAL.
 */
int rte_rmc_pgas_wait_until(struct rte_rmc_pgas *p, const volatile uint64_t *addr,
		enum rte_rmc_pgas_cmp cmp, uint64_t value, uint32_t timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_PGAS_H_ */
