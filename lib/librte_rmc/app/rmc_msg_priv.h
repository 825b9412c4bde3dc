/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_MSG_PRIV_H_
#define _RMC_MSG_PRIV_H_

/*
 * Messaging's private view, shared by rmc_msg.c (open, close, the layout),
 * rmc_msg_send.c and rmc_msg_recv.c: the endpoint, the area and slot formats
 * (described in rmc_msg.c), and the helpers both directions use. Like them,
 * it stands on the public API only.
 */

#include <sched.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_pause.h>

#include "rte_rmc_msg.h"

#define MSG_MAGIC 0x47534d52u      /* "RMSG" */
#define MSG_VERSION 1
#define MSG_QP_DEPTH 64
#define MSG_F_INLINE 1
#define MSG_F_PULL 2
#define MSG_COUNT_MASK ((UINT64_C(1) << 48) - 1)
#define MSG_MAX_MSG (16u << 20)
#define MSG_HDR_BUF 128

struct rmc_msg_area {
	uint32_t magic;
	uint16_t version;
	uint16_t node_count;
	uint16_t max_ports;
	uint16_t slots;
	uint32_t slot_size;
	uint32_t max_msg;
	uint32_t epoch;
	uint8_t pad[40];
};

struct rmc_msg_slot {
	uint64_t seq;
	uint32_t len;
	uint32_t flags;
	uint64_t stage_off;
	/*
	 * The sender's epoch: a receiver that sees it change knows that the
	 * sender was reopened, and contacts the new one before it sends to it
	 * (its replies would otherwise carry the old incarnation's epoch).
	 */
	uint64_t src_epoch;
};

struct rmc_msg_layout {
	uint64_t consumed_off;
	uint64_t credit_off;
	uint64_t ring_off;
	uint64_t ring_bytes;   /* per sender */
	uint64_t stage_off;
	uint64_t stage_size;   /* per receiver, 0 when every message fits a slot */
	uint64_t size;
	uint32_t nb_ep;        /* endpoints in the cluster */
	uint32_t inline_max;
};

/* What one endpoint knows of another. */
struct rmc_msg_peer {
	/* As a sender to it. */
	uint32_t dst_epoch;    /* 0 until contacted */
	uint64_t sent;
	uint64_t credited;
	uint64_t stage_head;
	uint64_t stage_tail;
	/* As a receiver from it. */
	uint32_t src_epoch;    /* the epoch of its last message; 0 before */
	uint64_t recvd;
	uint64_t credit_pushed;
};

struct rte_rmc_msg_ep {
	struct rte_rmc_session *s;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_msg_conf conf;
	struct rmc_msg_layout lay;
	uint8_t *ctx;           /* the context, mapped here */
	uint8_t *area;          /* this endpoint's area */
	uint64_t *stage_end;    /* per receiver and slot: end of a large message */
	uint64_t hz;
	uint32_t epoch;
	uint32_t me;            /* this endpoint's index */
	uint32_t rr;
	uint32_t nb_free;
	uint32_t tx_free[MSG_QP_DEPTH];
	uint16_t nid;
	uint16_t port;
	uint16_t err_status;    /* first failed operation, sticky */
	/* Passes of waiting calls that found nothing, and yields (tests read them). */
	uint64_t idle_passes;
	uint64_t yields;
	struct rmc_msg_peer peer[];
};

/* Offset, in the context, of endpoint (nid's) port 'port''s area. */
static inline uint64_t
rmc_msg_area_off(const struct rte_rmc_msg_ep *ep, uint16_t port)
{
	return ep->conf.ctx_offset + (uint64_t)port * ep->lay.size;
}

/* Microseconds since t0 (a TSC reading). */
static inline uint64_t
rmc_msg_us(const struct rte_rmc_msg_ep *ep, uint64_t t0)
{
	return (rte_rdtsc() - t0) * 1000000 / ep->hz;
}

/*
 * A pass of a waiting call found nothing: give the CPU away. Every empty
 * pass yields, because what the waiter needs next (the RMC that moves the
 * message, the peer that answers it) may be waiting for this very CPU: a
 * machine often has fewer CPUs than polling threads (two RMCs, a server and
 * a client on two CPUs). Yielding only every 256th pass, as before, kept the
 * CPU for 256 passes (20 to 70 us: a pass looks at every sender) at each
 * hand-off, and an RPC that needs four hand-offs took 0.2 to 1 ms. On a CPU
 * of its own, a yield returns at once (about 0.2 us here): what a waiter pays
 * for it is that much later noticing, at most.
 */
static inline void
rmc_msg_relax(struct rte_rmc_msg_ep *ep)
{
	ep->idle_passes++;
	sched_yield();
	ep->yields++;
}

/* Transmit buffer idx: one slot's bytes of the registered buffer. */
static inline uint8_t *
rmc_msg_tx_buf(const struct rte_rmc_msg_ep *ep, uint32_t idx)
{
	return (uint8_t *)ep->lb.addr + (uint64_t)idx * ep->conf.slot_size;
}

/* Take in completions: their tags give back transmit buffers (rmc_msg.c). */
void rmc_msg_reap(struct rte_rmc_msg_ep *ep);

/* Tell sender si how many of its messages we consumed (rmc_msg_recv.c). */
void rmc_msg_push_credit(struct rte_rmc_msg_ep *ep, uint32_t si);

#endif /* _RMC_MSG_PRIV_H_ */
