/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_RINGPAIR_H_
#define _RMC_RINGPAIR_H_

/*
 * A ring pair: the request ring (client -> server) and reply ring
 * (server -> client) that carry protocol messages between two RMCs, laid out
 * with rte_ring_init() in any memory both can map: a memfd passed over a
 * control socket (drivers/ring_remote), pages granted by a hypervisor
 * (drivers/xen_remote), or plain process memory in tests. Nothing here
 * depends on how the memory was obtained, and the layout is
 * position-independent: each side may map it at a different address.
 *
 * Layout: a 64-byte struct rmc_ringpair_hdr, then two single-producer
 * single-consumer rings of RMC_RING_ELEM-byte elements. A message is one
 * header element (struct rmc_proto_hdr) followed by its payload in as many
 * elements as it needs; it is enqueued whole, with the zero-copy ring API, so
 * a consumer never sees part of one. Payloads are read in place; one that
 * wraps around the end of the ring is copied to a bounce buffer.
 *
 * The creator calls rmc_ringpair_init(); the other side
 * rmc_ringpair_attach(), which checks the header and both rings against the
 * size of the memory it mapped. The two RMCs trust each other (they are the
 * same software): a check failing means corruption or a version mismatch.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ring.h>

#include "rmc_driver.h"
#include "rte_rmc.h"

#define RMC_RINGPAIR_MAGIC 0x50524d52u   /* "RMRP" */
#define RMC_RINGPAIR_VERSION 1
/* Ring element: one message header, or 64 bytes of payload. */
#define RMC_RING_ELEM RMC_PROTO_HDR_SIZE

/* Header at the start of a ring-pair area. 'magic' is stored last. */
struct rmc_ringpair_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t elem_size;     /* RMC_RING_ELEM */
	uint32_t ring_elems;    /* elements per ring, a power of two */
	uint32_t max_payload;   /* largest payload of one message */
	uint16_t server_nid;    /* the node that serves the requests */
	uint16_t client_nid;    /* the node that sends them */
	uint32_t reserved;
	uint64_t req_offset;    /* of the request ring, from the header */
	uint64_t rep_offset;    /* of the reply ring */
	uint64_t total_size;    /* bytes used from the header on */
	uint8_t pad[16];
} __rte_aligned(64);

/* One side's view of a ring pair. */
struct rmc_ringpair {
	struct rte_ring *req;   /* client -> server */
	struct rte_ring *rep;   /* server -> client */
	uint32_t max_payload;
};

/* A ring's receive state between rmc_ring_recv() and rmc_ring_recv_done(). */
struct rmc_ring_rx {
	uint32_t started;       /* elements reserved by the zero-copy dequeue */
	uint32_t held;          /* elements of the messages returned */
};

/* Bytes a ring pair with 'ring_elems' elements per ring needs; 0 if invalid. */
size_t rmc_ringpair_memsize(uint32_t ring_elems);

/*
 * Lay out a ring pair in [mem, mem + len). ring_elems: a power of two, large
 * enough for two messages of max_payload bytes. Returns 0, -EINVAL or -ENOSPC.
 */
int rmc_ringpair_init(void *mem, size_t len, uint32_t ring_elems, uint32_t max_payload,
		uint16_t server_nid, uint16_t client_nid);

/*
 * Attach to a ring pair laid out by rmc_ringpair_init() (possibly in another
 * process), checking its header and rings against 'len' and the expected node
 * ids. Returns 0 or -EPROTO with the reason logged.
 */
int rmc_ringpair_attach(void *mem, size_t len, uint16_t server_nid, uint16_t client_nid,
		struct rmc_ringpair *rp);

/*
 * Enqueue whole messages; returns how many of the first ones fit. A message
 * whose payload copy faulted (rmc_proto_payload_copy()) is not enqueued and
 * counts as taken.
 */
uint16_t rmc_ring_send(struct rte_ring *r, const struct rmc_proto_msg *msgs, uint16_t n);

/*
 * Take up to n whole messages without copying them out: headers are copied
 * into msgs[], payloads point into the ring (or into bounce + i * max_payload
 * when one wraps). The ring space stays reserved until rmc_ring_recv_done().
 * A malformed message drops the rest of what is in the ring (and is logged).
 */
uint16_t rmc_ring_recv(struct rte_ring *r, struct rmc_ring_rx *st, struct rmc_proto_msg *msgs,
		uint16_t n, uint32_t max_payload, uint8_t *bounce);

/* Release the space of the messages the last rmc_ring_recv() returned. */
void rmc_ring_recv_done(struct rte_ring *r, struct rmc_ring_rx *st);

/*
 * A node's ring pairs with all its peers, as a transport: everything a
 * message driver built on ring pairs (ring_remote, xen_remote) needs besides
 * obtaining and sharing the memory. For each peer, the client pair (this
 * node's requests to the peer, on rings the peer made) and the server pair
 * (the peer's requests to this node, on rings this node made).
 *
 * The driver publishes a pair from its control thread once it is attached,
 * and unpublishes it, then calls rmc_node_quiesce(), before it releases the
 * memory. tx/rx/rx_done run on the RMC loop: they are the driver's
 * rmc_transport_ops.
 */
enum rmc_ring_side {
	RMC_RING_CLIENT = 0, /* we send requests, read replies */
	RMC_RING_SERVER = 1, /* we read requests, send replies */
};

struct rmc_ring_peer {
	struct rmc_ringpair pair[2];  /* indexed by enum rmc_ring_side */
	uint32_t up[2];               /* atomic: pair[side] may be used */
	struct rmc_ring_rx rx[2];     /* RMC loop: rx state of the ring we consume */
};

struct rmc_ring_peers {
	struct rmc_ring_peer peer[RTE_RMC_MAX_NODES];
	uint8_t *bounce;              /* RMC_PROTO_BURST payloads that wrap */
	uint32_t max_payload;
	uint16_t node_id;
	uint16_t node_count;
	uint16_t rx_next;
};

/* Set up for a node; max_payload as the pairs are made with. 0 or -ENOMEM. */
int rmc_ring_peers_init(struct rmc_ring_peers *rp, uint16_t node_id, uint16_t node_count,
		uint32_t max_payload);

/* Release what init allocated (the pairs' memory is the driver's). */
void rmc_ring_peers_fini(struct rmc_ring_peers *rp);

/* Let the RMC use an attached pair. */
void rmc_ring_peers_publish(struct rmc_ring_peers *rp, uint16_t peer, enum rmc_ring_side side,
		const struct rmc_ringpair *pair);

/* Stop the RMC using a pair; quiesce the node before releasing its memory. */
void rmc_ring_peers_unpublish(struct rmc_ring_peers *rp, uint16_t peer,
		enum rmc_ring_side side);

/* rmc_transport_ops.tx_burst: requests on the client pair, replies on the server pair. */
uint16_t rmc_ring_peers_tx(struct rmc_ring_peers *rp, uint16_t dst,
		const struct rmc_proto_msg *msgs, uint16_t n);

/* rmc_transport_ops.rx_burst: requests and replies from every peer, in turn. */
uint16_t rmc_ring_peers_rx(struct rmc_ring_peers *rp, struct rmc_proto_msg *msgs, uint16_t n);

/* rmc_transport_ops.rx_done: give back the ring space of the last rx. */
void rmc_ring_peers_rx_done(struct rmc_ring_peers *rp);

/* Elements a message with this payload occupies. */
static inline uint32_t
rmc_ring_msg_elems(uint32_t payload)
{
	return 1 + (payload + RMC_RING_ELEM - 1) / RMC_RING_ELEM;
}

#endif /* _RMC_RINGPAIR_H_ */
