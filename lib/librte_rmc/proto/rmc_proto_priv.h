/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_PROTO_PRIV_H_
#define _RMC_PROTO_PRIV_H_

/*
 * State of the protocol layer of one node, shared by its three parts:
 * rmc_proto.c (ITT, sending, retransmission), rmc_rrpp.c (serving peers'
 * requests) and rmc_proto_reply.c (completing our requests from replies).
 * Only the node's RMC loop touches it.
 */

#include <sys/queue.h>

#include "rmc_private.h"
#include "rmc_proto.h"
#include "rmc_wqe_check.h"

/* ITT entries of the protocol: requests in flight from one node, all QPs. */
#define RMC_PROTO_ITT_SIZE 2048
_Static_assert(RMC_PROTO_ITT_ENTRIES == RMC_PROTO_ITT_SIZE - 1, "protocol ITT size");
/* Chunks of one request in flight at most (one bit each in 'acked'). */
#define RMC_PROTO_WINDOW 64
/*
 * Faulted payload copies remembered between two completion points; one more
 * is forgotten, and found again when its chunk is resent.
 */
#define RMC_PROTO_TX_FAULTS 64
/* Requests held at the destination until their start time (rmc_proto_hold.c). */
#define RMC_PROTO_HELD 64
/* Chunks one request may send in one pass, so that large ones share. */
#define RMC_PROTO_CHUNKS_PER_PASS 16

/* A request in flight (protocol ITT entry, from an rte_mempool). */
struct rmc_proto_txn {
	TAILQ_ENTRY(rmc_proto_txn) next;   /* in the active list */
	TAILQ_ENTRY(rmc_proto_txn) sendq;  /* while chunks wait to be sent */
	struct rmc_qp_rt *qp;
	uint8_t *lbuf;                     /* validated local-buffer address */
	struct rte_rmc_wqe wqe;            /* the validated copy */
	uint64_t nb_chunks;
	uint64_t win_base;      /* first chunk not acknowledged */
	uint64_t acked;         /* acknowledged chunks, bit i = win_base + i */
	uint64_t sent_hi;       /* chunks below this were sent at least once */
	uint64_t cursor;        /* next chunk to send (or resend) */
	uint64_t first_tx;      /* TSC of the first send (RTT sample) */
	uint64_t deadline;      /* TSC: resend what is not acknowledged */
	uint64_t last_progress; /* TSC of the last useful reply */
	uint64_t rto;           /* current retransmission time-out, TSC */
	uint64_t inflight;      /* bytes counted in the destination's window */
	uint64_t value;         /* atomics: the old value */
	uint32_t idx;           /* index in the ITT, fixed */
	uint32_t gen;           /* bumped at each use, so stale replies miss */
	uint32_t wq_index;
	uint16_t dst;
	uint8_t active;
	uint8_t in_sendq;
	uint8_t resent;         /* a chunk was sent twice: no RTT sample */
};
TAILQ_HEAD(rmc_proto_txn_list, rmc_proto_txn);

/*
 * The de-duplication window of one ITT slot of one requester: what the
 * request of generation 'gen' in that slot already applied (write chunks,
 * atomics), so that no copy of it is applied twice (rmc_rrpp.c).
 */
struct rmc_proto_dedup_ent {
	uint32_t gen;
	uint16_t status;        /* the atomic's status; the first failed chunk's */
	uint16_t valid;
	uint64_t value;         /* atomics: the old value */
	uint64_t hi;            /* one more than the highest chunk applied */
	uint64_t done;          /* bit i: chunk hi - 1 - i was applied */
};

struct rmc_proto_dedup {
	uint32_t epoch;         /* the requester incarnation the entries belong to */
	uint32_t used;
	struct rmc_proto_dedup_ent e[RMC_PROTO_ITT_SIZE];
	/*
	 * Reads are not de-duplicated (executing one again is harmless), but
	 * are counted once as served: (generation << 1) | 1 of the last read
	 * counted at each ITT index.
	 */
	uint64_t read_counted[RMC_PROTO_ITT_SIZE];
};

/* A peer's request waiting for its start time: a copy, payload in held_buf. */
struct rmc_proto_held {
	struct rmc_proto_msg msg;
	uint64_t start;         /* TSC */
};

/* Messages waiting to be handed to the transport, per destination. */
struct rmc_proto_txq {
	uint16_t n;
	struct rmc_proto_msg msg[RMC_PROTO_BURST];
};

struct rmc_proto {
	const struct rmc_transport_ops *ops;
	struct rte_mempool *pool;
	struct rmc_proto_txn *by_idx[RMC_PROTO_ITT_SIZE];
	struct rmc_proto_txn_list active;
	struct rmc_proto_txn_list sendq;
	uint64_t chunk;          /* payload bytes per chunk */
	uint64_t max_payload;
	uint64_t window;         /* bytes in flight per destination */
	uint64_t rto_min;        /* TSC */
	uint64_t rto_max;
	uint64_t down_tsc;       /* no progress for this long: node down */
	uint64_t next_scan;      /* TSC of the next time-out scan */
	uint64_t last_poll;      /* TSC of the last rmc_proto_poll() */
	uint64_t stall_max;      /* most of one gap between polls counted as silence */
	uint64_t loss_threshold; /* drop a message when rte_rand() is below; 0 = never */
	uint64_t yield_every;    /* TSC between voluntary yields */
	uint64_t last_yield;
	uint64_t peers_seen;     /* node->peers_up at the last scan */
	uint32_t epoch;
	uint16_t node_id;
	uint16_t node_count;
	uint64_t inflight[RTE_RMC_MAX_NODES];   /* bytes in flight per destination */
	uint64_t srtt[RTE_RMC_MAX_NODES];       /* smoothed round trip, TSC */
	uint64_t spurious_at[RTE_RMC_MAX_NODES]; /* TSC of the last rto_shift increase */
	uint32_t clean[RTE_RMC_MAX_NODES];      /* round trips measured since then */
	uint8_t rto_shift[RTE_RMC_MAX_NODES];   /* back-off after spurious resends */
	struct rmc_proto_dedup *dedup[RTE_RMC_MAX_NODES];
	struct rmc_proto_txq *txq;              /* node_count queues */
	uint8_t *scratch;                       /* RMC_PROTO_BURST payloads */
	struct rmc_proto_msg rx[RMC_PROTO_BURST];
	/* Requests (tids) whose payload faulted in the transport's copy. */
	uint64_t tx_fault[RMC_PROTO_TX_FAULTS];
	uint32_t nb_tx_fault;
	/* Peers share our TSC: timed requests wait at their destination. */
	uint32_t same_clock;
	uint32_t nb_held;
	struct rmc_proto_held held[RMC_PROTO_HELD];
	uint8_t *held_buf;                      /* RMC_PROTO_HELD payloads */
	struct rmc_proto_lat *lat;              /* latency models by message (rmc_proto_lat.c) */
	struct rmc_proto_stats stats;
};

/* A request's start time (RMC_PROTO_F_START), 32 low TSC bits. */
static inline void
rmc_proto_start_set(struct rmc_proto_hdr *h, uint32_t start_lo)
{
	h->flags |= RMC_PROTO_F_START;
	h->status = (uint16_t)start_lo;
	h->reserved = (uint16_t)(start_lo >> 16);
}

static inline uint32_t
rmc_proto_start_get(const struct rmc_proto_hdr *h)
{
	return (uint32_t)h->status | (uint32_t)h->reserved << 16;
}

/* rmc_proto_txfault.c: requests whose payload faulted in a transport's copy. */
/* The node whose messages this thread hands to its transport, or NULL. */
extern __thread struct rmc_proto *rmc_proto_flushing;
/* Complete them with RTE_RMC_STATUS_MEM_FAULT (no transaction being walked). */
void rmc_proto_tx_faults_complete(struct rte_rmc_node *node);

/* rmc_proto.c */
void rmc_proto_tx(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *m);
void rmc_proto_flush(struct rte_rmc_node *node);
void rmc_proto_complete(struct rte_rmc_node *node, struct rmc_proto_txn *t, uint16_t status);
void rmc_proto_want_send(struct rmc_proto *p, struct rmc_proto_txn *t);
/* Send up to max chunks of a transaction as its window allows; returns how many. */
int rmc_proto_send_some(struct rte_rmc_node *node, struct rmc_proto_txn *t, int max);

/* Bytes of chunk k of a request of 'length' bytes. */
static inline uint64_t
rmc_proto_chunk_len(const struct rmc_proto *p, uint64_t length, uint64_t k)
{
	uint64_t off = k * p->chunk;

	return RTE_MIN(p->chunk, length - off);
}

/*
 * Retransmission time-out towards a destination: 4 smoothed round trips,
 * doubled for each level of back-off that spurious retransmissions (a reply
 * to the original arriving after the resend) have caused.
 */
static inline uint64_t
rmc_proto_rto(const struct rmc_proto *p, uint16_t dst)
{
	return RTE_MAX(p->rto_min, RTE_MIN((4 * p->srtt[dst]) << p->rto_shift[dst], p->rto_max));
}

/* rmc_rrpp.c: serve one request; 1 if *rep is to be sent back. */
/*
 * Check request t's local buffer again before a use (a reply copied into it, a
 * write's chunk sent from it), as the direct path checks each chunk
 * (rmc_rgp_advance()): t->lbuf is refreshed and 0 returned, or -1 when the QP
 * was orphaned or the buffer released since. Checking only the QP's owner is
 * not enough: the session may free the buffer while its QP lives, and its
 * slot may be given to another session, at the same address. The control
 * side unpublishes (owner) before rmc_node_quiesce() and unmaps after it, so
 * a pass that saw the buffer valid here ends before it is unmapped.
 */
static inline int
rmc_proto_lbuf_check(const struct rte_rmc_node *node, struct rmc_proto_txn *t)
{
	return rmc_wqe_check_started(&t->wqe, node->pub.count, node->lbufs,
		RTE_RMC_MAX_LBUFS, __atomic_load_n(&t->qp->owner, __ATOMIC_ACQUIRE),
		&t->lbuf) == RTE_RMC_STATUS_OK ? 0 : -1;
}

int rmc_rrpp_serve(struct rte_rmc_node *node, const struct rmc_proto_msg *req,
		struct rmc_proto_msg *rep, uint8_t *scratch);

/* rmc_proto_hold.c: peers' requests that wait for their start time. */
/* 1 if m was kept (or dropped, every place taken) to be served at its start. */
int rmc_proto_hold(struct rte_rmc_node *node, const struct rmc_proto_msg *m);
/* Serve the held requests that are due; returns how many. */
int rmc_proto_hold_serve(struct rte_rmc_node *node);

/* rmc_proto_lat.c: latency models as messages (RMC_PROTO_LAT). */
struct rmc_proto_lat;
int rmc_proto_lat_create(struct rte_rmc_node *node, struct rmc_proto *p);
void rmc_proto_lat_destroy(struct rmc_proto *p);
/* A peer's model received: 0 (taken or a repeat), or -errno (refused, nothing changed). */
int rmc_proto_lat_in(struct rte_rmc_node *node, const struct rmc_proto_msg *m);
/* Send ours where it is owed; publish received ones that waited for the node lock. */
void rmc_proto_lat_poll(struct rte_rmc_node *node, uint64_t now);

/* rmc_proto_reply.c: one reply to a request of ours. */
void rmc_proto_reply_handle(struct rte_rmc_node *node, const struct rmc_proto_msg *m);

#endif /* _RMC_PROTO_PRIV_H_ */
