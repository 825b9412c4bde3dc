/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Requests that wait at the destination for their start time (latency model,
 * contract (b): a request's effect does not happen before t + one-way).
 *
 * Between RMCs that read the same TSC (processes of one machine), the
 * requester sends a timed request at once with its start time
 * (RMC_PROTO_F_START) and the destination serves it no earlier. Held at the
 * requester instead, the request would leave at t + one-way and its effect
 * would come a whole transport latency later, and its completion after its
 * deadline whenever the platform's round trip exceeds the other half of the
 * model (eth at 5 us on a 2-CPU host). Here the transport's time overlaps the
 * wait, as a device's wire time would.
 *
 * A held request is a copy (header, and a write's payload), so that the
 * transport's receive buffers go back at once. When every place is taken, a
 * request is dropped unserved: its requester sends it again after a
 * time-out, later but never early. Copies of one chunk held twice (a resend)
 * are served once, by the RRPP's de-duplication window, like any copy.
 */

#include <string.h>

#include <rte_cycles.h>

#include "rmc_proto_priv.h"

int
rmc_proto_same_clock(const struct rte_rmc_node *node)
{
	return node->proto != NULL && node->proto->same_clock;
}

int
rmc_proto_holding(const struct rte_rmc_node *node)
{
	return node->proto != NULL && node->proto->nb_held != 0;
}

int
rmc_proto_hold(struct rte_rmc_node *node, const struct rmc_proto_msg *m)
{
	struct rmc_proto *p = node->proto;
	uint32_t len = rmc_proto_payload_len(&m->hdr);
	struct rmc_proto_held *h;
	uint64_t start;

	/* From a node that does not share our clock, or a malformed payload: served now. */
	if (!p->same_clock || len > p->max_payload)
		return 0;
	start = rte_rmc_start_tsc(rmc_proto_start_get(&m->hdr), rte_rdtsc());
	if (start == 0)
		return 0;
	if (p->nb_held == RMC_PROTO_HELD) {
		p->stats.held_full++;
		return 1; /* dropped: resent after a time-out */
	}
	h = &p->held[p->nb_held];
	h->start = start;
	h->msg.hdr = m->hdr;
	h->msg.peer = m->peer;
	h->msg.cookie = 0;
	h->msg.payload = NULL;
	if (len > 0 && m->payload != NULL) {
		uint8_t *buf = p->held_buf + (size_t)p->nb_held * p->max_payload;

		memcpy(buf, m->payload, len);
		h->msg.payload = buf;
	}
	p->nb_held++;
	p->stats.req_held++;
	return 1;
}

/* Move the last held request (and its payload) into place i. */
static void
rmc_proto_hold_remove(struct rmc_proto *p, uint32_t i)
{
	uint32_t last = --p->nb_held;

	if (i == last)
		return;
	p->held[i] = p->held[last];
	if (p->held[i].msg.payload != NULL) {
		uint8_t *buf = p->held_buf + (size_t)i * p->max_payload;

		memcpy(buf, p->held[i].msg.payload, rmc_proto_payload_len(&p->held[i].msg.hdr));
		p->held[i].msg.payload = buf;
	}
}

int
rmc_proto_hold_serve(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_msg rep;
	uint64_t now = rte_rdtsc();
	uint32_t i = 0, used = 0;
	int work = 0;

	while (i < p->nb_held) {
		struct rmc_proto_held *h = &p->held[i];

		if ((int64_t)(now - h->start) < 0) {
			i++;
			continue;
		}
		/* Replies carry their payload from scratch until flushed. */
		if (used == RMC_PROTO_BURST) {
			rmc_proto_flush(node);
			used = 0;
		}
		if (rmc_rrpp_serve(node, &h->msg, &rep, p->scratch + (size_t)used * p->max_payload))
			rmc_proto_tx(node, h->msg.peer, &rep);
		used++;
		work++;
		rmc_proto_hold_remove(p, i);
	}
	if (work > 0)
		rmc_proto_flush(node);
	return work;
}
