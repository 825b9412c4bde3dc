/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The protocol's part of each RMC pass: receive and dispatch (requests to
 * the RRPP, replies to the reply handler), time-outs and retransmissions,
 * and the chunks that wait to be sent. It sits above the rest of the
 * protocol layer, which never calls it back.
 */

#include <inttypes.h>
#include <sched.h>

#include <rte_cycles.h>
#include <rte_tailq.h>

#include "rmc_proto_priv.h"

/* Give every transaction that waits to send its share of this pass. */
static int
rmc_proto_send_pending(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_txn *t, *last = TAILQ_LAST(&p->sendq, rmc_proto_txn_list);
	int work = 0;

	/* Each entry present at the start gets one turn; re-queued ones wait. */
	while (last != NULL && (t = TAILQ_FIRST(&p->sendq)) != NULL) {
		TAILQ_REMOVE(&p->sendq, t, sendq);
		t->in_sendq = 0;
		work += rmc_proto_send_some(node, t, RMC_PROTO_CHUNKS_PER_PASS);
		if (t == last)
			break;
	}
	return work;
}

/* Time-outs: retransmit, or fail requests to nodes that stopped answering. */
static void
rmc_proto_scan(struct rte_rmc_node *node, uint64_t now)
{
	struct rmc_proto *p = node->proto;
	uint64_t up = __atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE);
	uint64_t gone = p->peers_seen & ~up;
	struct rmc_proto_txn *t, *tmp;
	uint64_t failed = 0;

	RTE_TAILQ_FOREACH_SAFE(t, &p->active, next, tmp) {
		if (((up >> t->dst) & 1) == 0) {
			rmc_proto_complete(node, t, RTE_RMC_STATUS_NODE_DOWN);
			continue;
		}
		if (t->sent_hi == t->win_base) {
			/* Nothing in flight: it only waits for the window. */
			t->last_progress = now;
			t->deadline = now + t->rto;
			continue;
		}
		/* Signed: after a TSC step back, last_progress may be later than now. */
		if ((int64_t)(now - t->last_progress) > (int64_t)p->down_tsc) {
			failed |= UINT64_C(1) << t->dst;
			rmc_proto_complete(node, t, RTE_RMC_STATUS_NODE_DOWN);
			continue;
		}
		if (now >= t->deadline) {
			t->cursor = t->win_base;
			t->rto = RTE_MIN(2 * t->rto, p->rto_max);
			t->deadline = now + t->rto;
			rmc_proto_want_send(p, t);
		}
	}
	if (gone != 0)
		RMC_LOG(WARNING, "node %u: lost peer(s) %#" PRIx64 ": their requests fail with "
			"node-down", node->pub.id, gone);
	if (failed != 0)
		RMC_LOG(WARNING, "node %u: no reply from node(s) %#" PRIx64 " for %" PRIu64
			" ms: requests failed with node-down", node->pub.id, failed,
			p->down_tsc / (node->pub.tsc_hz / 1000));
	p->peers_seen = up;
}

/*
 * This RMC did not poll for a while (its CPU taken away, the host paused;
 * seen lasting 1 to 3 s on a loaded 2-CPU host, every RMC at once): its
 * destinations were most likely stopped too, and their replies come once
 * they run again. Counted in full, that pause alone failed every request in
 * flight with node-down at the first scan after it. One gap between two
 * polls now counts for at most half the time-out, so that no single pause
 * takes a destination down, while polls, however slow, still count in full
 * up to that: a destination silent while this RMC polls is still found down,
 * at the latest after two such gaps.
 */
static void
rmc_proto_stall(struct rmc_proto *p, uint64_t now)
{
	uint64_t gap = now - p->last_poll;
	struct rmc_proto_txn *t;

	/*
	 * Not beyond now: a request taken in this pass already has last_progress
	 * now. A TSC that stepped back (a VM's TSC need not be monotonic) is no
	 * gap at all: unsigned, it would count as the longest.
	 */
	if (p->last_poll != 0 && (int64_t)gap > (int64_t)p->stall_max)
		TAILQ_FOREACH(t, &p->active, next)
			t->last_progress = RTE_MIN(t->last_progress + gap - p->stall_max, now);
	p->last_poll = now;
}

int
rmc_proto_poll(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_msg rep;
	uint16_t i, n, nb_lat = 0;
	uint64_t now;
	int work = 0;

	/* Before the replies of this pass set last_progress to a later time. */
	rmc_proto_stall(p, rte_rdtsc());
	rmc_proto_tx_faults_complete(node);
	if (p->nb_held != 0)
		work += rmc_proto_hold_serve(node);
	n = p->ops->rx_burst(node, p->rx, RMC_PROTO_BURST);
	if (n > 0) {
		for (i = 0; i < n; i++) {
			struct rmc_proto_msg *m = &p->rx[i];

			if (!rmc_proto_hdr_ok(&m->hdr)) {
				p->stats.bad_msg++;
			} else if (m->hdr.type == RMC_PROTO_REQ) {
				if ((m->hdr.flags & RMC_PROTO_F_START) && rmc_proto_hold(node, m))
					continue;
				if (rmc_rrpp_serve(node, m, &rep, p->scratch + i * p->max_payload))
					rmc_proto_tx(node, m->peer, &rep);
			} else if (m->hdr.type == RMC_PROTO_REPLY) {
				rmc_proto_reply_handle(node, m);
			} else if (m->hdr.type == RMC_PROTO_LAT) {
				rmc_proto_lat_in(node, m);
				nb_lat++;
			} else {
				p->stats.bad_msg++;
			}
		}
		/* Replies go out before their payloads (scratch, rx buffers) are reused. */
		rmc_proto_flush(node);
		p->ops->rx_done(node, p->rx, n);
		/* A peer's model, repeated every period, is no work: the RMC may idle. */
		work += n - nb_lat;
	}
	now = rte_rdtsc();
	/*
	 * Every request needs the peer's RMC too, which may share this CPU:
	 * even when busy, let it run now and then rather than for a whole
	 * time slice later (sched_yield returns at once when nobody waits).
	 */
	if (now - p->last_yield > p->yield_every) {
		sched_yield();
		p->last_yield = now;
	}
	if (now >= p->next_scan) {
		rmc_proto_scan(node, now);
		p->next_scan = now + p->rto_min / 4;
	}
	if (!TAILQ_EMPTY(&p->sendq))
		work += rmc_proto_send_pending(node);
	rmc_proto_lat_poll(node, now);
	rmc_proto_flush(node);
	rmc_proto_tx_faults_complete(node);
	return work;
}
