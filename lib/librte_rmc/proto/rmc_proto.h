/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_PROTO_H_
#define _RMC_PROTO_H_

/*
 * The soNUMA request/reply protocol between RMCs, as carried by
 * message drivers (ring, eth, xen). Internal; not installed.
 *
 * The requester's RGP hands each validated request to rmc_proto_submit(),
 * which enters it in the protocol ITT and cuts it into chunk requests of at
 * most one transport payload. The destination's RRPP (rmc_rrpp.c) serves
 * each chunk from its contexts with rmc_ctx_execute_inline(), the very function of
 * the direct path, and replies. The requester's RCP (rmc_proto_reply.c) copies
 * reply data into the local buffer and completes the request once every
 * chunk is back. Destinations keep no per-request state, except a
 * de-duplication window for atomics so that a retried fetch-and-add is
 * applied once. Requests are retried on time-out; a destination that stops
 * answering gets node-down completions.
 *
 * Wire format: every message starts with one 64-byte struct rmc_proto_hdr,
 * followed by 'length' payload bytes for write requests and successful read
 * replies (rmc_proto_payload_len()). Fields are in the byte order of the
 * machines (little-endian x86-64 is the only supported architecture).
 */

#include <stdint.h>

#include <rte_common.h>

#include "rmc_driver.h"
#include "rte_rmc.h"

struct rte_rmc_node;
struct rmc_qp_rt;


/* Protocol counters of a node (read by anyone, written by the RMC loop). */
struct rmc_proto_stats {
	uint64_t req_sent;       /* chunk requests sent, first time */
	uint64_t req_resent;     /* chunk requests sent again after a time-out */
	uint64_t rep_recv;       /* replies that advanced a request */
	uint64_t rep_stale;      /* replies dropped: duplicate, late or unknown */
	uint64_t req_served;     /* requests served by this node's RRPP */
	uint64_t dup_replayed;   /* atomics answered from the de-duplication window */
	uint64_t lost_injected;  /* messages dropped by loss injection */
	uint64_t tx_refused;     /* messages the transport did not take */
	uint64_t bad_msg;        /* malformed or misrouted messages dropped */
	uint64_t node_down;      /* requests completed with node-down */
	uint64_t rep_aborted;    /* replies dropped: local buffer gone, request aborted */
	struct rte_rmc_served_stats served; /* peers' requests served, by the RRPP */
	uint64_t tx_mem_fault;   /* requests failed: the transport's copy of the payload faulted */
	uint64_t req_held;       /* peers' requests held until their start time (latency model) */
	uint64_t held_full;      /* of those, dropped unserved: every place taken (resent later) */
};

/* Set up the protocol layer of a node whose driver has a transport. 0 or -errno. */
int rmc_proto_create(struct rte_rmc_node *node);

/*
 * 1 if this node's peers read its TSC (one machine): a timed request is sent
 * at once and waits at its destination (rmc_proto_hold.c).
 */
int rmc_proto_same_clock(const struct rte_rmc_node *node);

/* 1 while peers' requests wait here for their start time. */
int rmc_proto_holding(const struct rte_rmc_node *node);

/* Release it; the RMC loop must be stopped. */
void rmc_proto_destroy(struct rte_rmc_node *node);

/*
 * Start a validated request to another node (RGP). Counts it in
 * qp->inflight; its completion comes later from rmc_proto_poll(). Returns 0,
 * or -ENOBUFS when the ITT is full (the entry stays in the WQ).
 */
int rmc_proto_submit(struct rte_rmc_node *node, struct rmc_qp_rt *qp,
		const struct rte_rmc_wqe *w, uint8_t *lbuf, uint32_t wq_index);

/* RMC-loop work: receive, serve, complete, retransmit, send. Returns work done. */
int rmc_proto_poll(struct rte_rmc_node *node);

/* Complete every request in flight with ABORTED (node stopping). */
void rmc_proto_abort_all(struct rte_rmc_node *node);

/* Copy the node's counters. */
void rmc_proto_get_stats(const struct rte_rmc_node *node, struct rmc_proto_stats *st);

/* Entries of the node's protocol ITT in use (0 without a protocol layer). */
uint32_t rmc_proto_in_use(const struct rte_rmc_node *node);

/* The requester's incarnation number carried in every request. */
uint32_t rmc_proto_epoch(const struct rte_rmc_node *node);

/* rmc_proto_idle.c: 1 while requests are in flight or messages wait to be sent. */
int rmc_proto_busy(const struct rte_rmc_node *node);

#endif /* _RMC_PROTO_H_ */
