/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_PROTO_H_
#define _RMC_PROTO_H_

/*
 * The soNUMA request/reply protocol between RMCs (SPEC §5.2), as carried by
 * message drivers (ring, eth, xen). Internal; not installed.
 *
 * The requester's RGP hands each validated request to rmc_proto_submit(),
 * which enters it in the protocol ITT and cuts it into chunk requests of at
 * most one transport payload. The destination's RRPP (rmc_rrpp.c) serves
 * each chunk from its contexts with rmc_ctx_execute(), the very function of
 * the direct path, and replies. The requester's RCP (rmc_proto_rcp.c) copies
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

#include "rte_rmc.h"

struct rte_rmc_node;
struct rmc_qp_rt;

#define RMC_PROTO_MAGIC 0x4d52      /* "RM" */
#define RMC_PROTO_VERSION 1
#define RMC_PROTO_HDR_SIZE 64
/* Most messages the protocol asks a transport for, or gives it, at once. */
#define RMC_PROTO_BURST 32

/* Message types. Transports may use types from RMC_PROTO_TRANSPORT on. */
enum rmc_proto_type {
	RMC_PROTO_REQ = 1,          /* requester -> destination */
	RMC_PROTO_REPLY = 2,        /* destination -> requester */
	RMC_PROTO_TRANSPORT = 16,   /* first type a transport may use itself */
};

/* The header of every protocol message. A reply echoes its request's header. */
struct rmc_proto_hdr {
	uint16_t magic;       /* RMC_PROTO_MAGIC */
	uint8_t version;      /* RMC_PROTO_VERSION */
	uint8_t type;         /* enum rmc_proto_type */
	uint8_t opcode;       /* enum rte_rmc_opcode */
	uint8_t flags;        /* 0 */
	uint16_t status;      /* reply: enum rte_rmc_status */
	uint16_t src_nid;     /* the requester */
	uint16_t dst_nid;     /* the destination */
	uint16_t ctx_id;      /* context on the destination */
	uint16_t reserved;    /* 0 */
	uint32_t src_epoch;   /* the requester's incarnation */
	uint32_t length;      /* bytes of this chunk */
	uint64_t tid;         /* requester's ITT index | generation << 32 */
	uint64_t chunk_off;   /* offset of this chunk in the request */
	uint64_t ctx_offset;  /* offset of this chunk in the context */
	uint64_t operand0;    /* CAS expected / FAA addend; reply: the old value */
	uint64_t operand1;    /* CAS desired */
};

/* A message as transports exchange it with the protocol layer. */
struct rmc_proto_msg {
	struct rmc_proto_hdr hdr;
	/* rmc_proto_payload_len(&hdr) bytes; on receive, valid until rx_done. */
	const uint8_t *payload;
	uintptr_t cookie;     /* the transport's own (an mbuf, for example) */
	uint16_t peer;        /* receive: the node the transport got it from */
};

/* Payload bytes that follow a header on the wire. */
static inline uint32_t
rmc_proto_payload_len(const struct rmc_proto_hdr *h)
{
	if (h->type == RMC_PROTO_REQ && h->opcode == RTE_RMC_OP_WRITE)
		return h->length;
	if (h->type == RMC_PROTO_REPLY && h->opcode == RTE_RMC_OP_READ &&
			h->status == RTE_RMC_STATUS_OK)
		return h->length;
	return 0;
}

/* 1 if the header looks like a protocol message of this version. */
static inline int
rmc_proto_hdr_ok(const struct rmc_proto_hdr *h)
{
	return h->magic == RMC_PROTO_MAGIC && h->version == RMC_PROTO_VERSION;
}

/*
 * What a message driver gives the protocol layer. Every function runs on the
 * node's RMC loop (lcore or service), never concurrently with another.
 */
struct rmc_transport_ops {
	/* Largest payload of one message (for eth: the port's MTU less headers). */
	uint32_t (*max_payload)(struct rte_rmc_node *node);
	/* Bytes (payload + header) one requester may have in flight to one peer. */
	uint32_t (*window)(struct rte_rmc_node *node);
	/*
	 * Send messages to node dst; requests and replies may be mixed. The
	 * payloads are copied. Returns how many of the first messages were
	 * taken; the protocol counts the others as lost.
	 */
	uint16_t (*tx_burst)(struct rte_rmc_node *node, uint16_t dst,
			const struct rmc_proto_msg *msgs, uint16_t n);
	/*
	 * Receive up to n messages from any peer, with msg->peer set to the
	 * node the transport knows it came from. Payloads stay valid until
	 * rx_done() is called for the same messages.
	 */
	uint16_t (*rx_burst)(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n);
	/* Release what the last rx_burst() returned. */
	void (*rx_done)(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n);
};

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
};

/* Set up the protocol layer of a node whose driver has a transport. 0 or -errno. */
int rmc_proto_create(struct rte_rmc_node *node);

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

/* The requester's incarnation number carried in every request. */
uint32_t rmc_proto_epoch(const struct rte_rmc_node *node);

#endif /* _RMC_PROTO_H_ */
