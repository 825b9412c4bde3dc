/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SONUMA_H_
#define _SONUMA_H_

/**
 * @file
 * The libsonuma API of the ASPLOS'14 soNUMA paper and of sonuma-vm, with the
 * original names and argument order, as a thin layer over rte_rmc.h, so that
 * a soNUMA program ports by recompiling.
 *
 * Differences from the original, all fixes:
 * - lengths are exact (the original rounded anything below 64 B up to 64 B);
 * - data-path calls return a status (0 = RTE_RMC_STATUS_OK; see
 *   rte_rmc_strerror()) or a negative errno instead of nothing;
 * - kal_reg_lbuff() allocates num_pages pages, not always one;
 * - kal_reg_ctx() attaches the node's context 0 without clearing it, and
 *   fails if it is smaller than num_pages pages;
 * - kal_open() finds the node through RMC_NODE / RMC_CLUSTER instead of
 *   /dev/rmc and hard-coded paths;
 * - rmc_check_cq() gives up (-ETIMEDOUT) instead of spinning forever when the
 *   node stops answering.
 */

#include <stdint.h>

#include <rte_rmc.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Page size of the sonuma-vm API (num_pages arguments count these). */
#define PAGE_SIZE_SONUMA 4096
#ifndef PAGE_SIZE
/** As in the original RMCdefines.h. */
#define PAGE_SIZE PAGE_SIZE_SONUMA
#endif
/** WQ/CQ depth of queues registered through this API. */
#define MAX_NUM_WQ 128
/** The original device name; kal_open() accepts and ignores it. */
#define RMC_DEV "/dev/rmc"

/** A work-queue entry as handed to completion handlers. */
typedef struct {
	uint64_t buf_addr;   /**< Local buffer base address given when posting. */
	uint64_t buf_offset; /**< Offset in that buffer. */
	uint64_t offset;     /**< Offset in the remote context. */
	uint64_t length;     /**< Exact length. */
	uint32_t cid;        /**< Context id. */
	uint16_t nid;        /**< Destination node. */
	char op;             /**< 'r' or 'w'. */
	uint8_t status;      /**< Completion status (enum rte_rmc_status). */
} wq_entry_t;

/** A work queue (with its completion queue) registered with kal_reg_wq(). */
typedef struct rmc_wq rmc_wq_t;
/** The completion queue of a work queue, from kal_reg_cq(). */
typedef struct rmc_cq rmc_cq_t;

/** Completion handler: tid is the WQ slot of the completed request. */
typedef void (async_handler)(uint8_t tid, wq_entry_t *head, void *owner);

/**
 * Attach to this application's node (RMC_NODE, RMC_CLUSTER).
 *
 * @param kal_name
 *   Ignored (the original opened this device).
 * @return
 *   A handle for the kal_reg_* calls, or -1 with the reason printed.
 */
int kal_open(char *kal_name);

/**
 * Create a queue pair of depth MAX_NUM_WQ and return its WQ.
 * @return 0, or -1 with the reason printed.
 */
int kal_reg_wq(int fd, rmc_wq_t **wq_ptr);

/**
 * Return the CQ of the WQ registered last on this handle.
 * @return 0, or -1 if no WQ was registered.
 */
int kal_reg_cq(int fd, rmc_cq_t **cq_ptr);

/**
 * Register a zeroed local buffer of num_pages pages of PAGE_SIZE bytes.
 * @return 0, or -1 with the reason printed.
 */
int kal_reg_lbuff(int fd, uint8_t **buff_ptr, uint32_t num_pages);

/**
 * Map the node's context 0 without clearing it.
 * @return 0, or -1 if it does not exist or is smaller than num_pages pages.
 */
int kal_reg_ctx(int fd, uint8_t **ctx_ptr, uint32_t num_pages);

/**
 * Synchronous remote read of length bytes from (snid, ctx_id, ctx_offset) into
 * lbuff_base + lbuff_offset.
 * @return 0 on success, an enum rte_rmc_status otherwise. After
 *   RTE_RMC_STATUS_TIMED_OUT the outcome is unknown: the read was not
 *   cancelled and may still overwrite the buffer later (as a timed-out write
 *   may still be applied); its late completion is dropped, never taken for
 *   another request's (see rte_rmc_exec_sync()).
 */
int rmc_rread_sync(rmc_wq_t *wq, rmc_cq_t *cq, uint8_t *lbuff_base, uint64_t lbuff_offset,
		int snid, uint32_t ctx_id, uint64_t ctx_offset, uint64_t length);

/**
 * Synchronous remote write of length bytes from lbuff_base + lbuff_offset.
 * @return 0 on success, an enum rte_rmc_status otherwise; after
 *   RTE_RMC_STATUS_TIMED_OUT the write may or may not have been applied.
 */
int rmc_rwrite_sync(rmc_wq_t *wq, rmc_cq_t *cq, uint8_t *lbuff_base, uint64_t lbuff_offset,
		int snid, uint32_t ctx_id, uint64_t ctx_offset, uint64_t length);

/**
 * Post an asynchronous remote read; call rmc_check_cq() first so that a slot
 * is free.
 * @return The WQ slot (tid) used, or -ENOSPC if none is free.
 */
int rmc_rread_async(rmc_wq_t *wq, uint8_t *lbuff_base, uint64_t lbuff_offset, int snid,
		uint32_t ctx_id, uint64_t ctx_offset, uint64_t length);

/**
 * Post an asynchronous remote write; call rmc_check_cq() first.
 * @return The WQ slot (tid) used, or -ENOSPC if none is free.
 */
int rmc_rwrite_async(rmc_wq_t *wq, uint8_t *lbuff_base, uint64_t lbuff_offset, int snid,
		uint32_t ctx_id, uint64_t ctx_offset, uint64_t length);

/**
 * Drain completions, calling handler(tid, entry, owner) for each, until a WQ
 * slot is free.
 * @return 0, or -ETIMEDOUT if no slot freed up within the sync timeout.
 */
int rmc_check_cq(rmc_wq_t *wq, rmc_cq_t *cq, async_handler *handler, void *owner);

/**
 * Call the handler for the completions already there; do not wait.
 * @return The number of completions handled.
 */
int rmc_drain_cq(rmc_wq_t *wq, rmc_cq_t *cq, async_handler *handler, void *owner);

/**
 * Send a message to node snid (declared by the original, never implemented
 * there). Messaging is built on remote writes and reads (rte_rmc_msg.h):
 * the endpoint is port 0 of this node, its area is at @p ctx, a pointer into
 * context 0 as kal_reg_ctx() mapped it, at the same offset on every node
 * (64-byte aligned; rte_rmc_msg_area_size() bytes per node count). It is
 * opened on the first rmc_send or rmc_recv. Messages up to 224 bytes are
 * pushed into the receiver's ring; larger ones, up to 64 KiB, are pulled
 * by the receiver. The send waits for the receiver's endpoint to open and
 * for credit. @p cq, @p lbuff_ptr and @p lbuff_offset are accepted for
 * compatibility and unused: messaging has its own staging buffer.
 *
 * @return
 *   0 once the message is posted, or a negative errno (see rte_rmc_msg_send()).
 */
int rmc_send(rmc_wq_t *wq, rmc_cq_t *cq, char *ctx, char *lbuff_ptr, int lbuff_offset,
		char *data, int size, int snid);

/**
 * Receive the next message from node snid into data (at most size bytes),
 * waiting up to the sync timeout. Arguments as rmc_send().
 *
 * @return
 *   The message length, or -ETIMEDOUT, -EMSGSIZE (data too small; the
 *   message stays queued), -EINVAL, -EIO.
 */
int rmc_recv(rmc_wq_t *wq, rmc_cq_t *cq, char *ctx, char *lbuff_ptr, int lbuff_offset,
		int snid, char *data, int size);

/**
 * The native QP behind a WQ, to mix the two APIs.
 * @return The QP.
 */
struct rte_rmc_qp *rmc_wq_qp(rmc_wq_t *wq);

/**
 * The native session behind a kal_open() handle.
 * @return The session, or NULL for a bad handle.
 */
struct rte_rmc_session *kal_session(int fd);

#ifdef __cplusplus
}
#endif

#endif /* _SONUMA_H_ */
