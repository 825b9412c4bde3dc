/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model as a protocol message (RMC_PROTO_LAT), for drivers whose
 * nodes have no control session between them (eth, xen: they opt in with
 * rmc_node_latency_by_proto()). shm and ring announce the model on their
 * control sessions instead (rmc_latency_peer.c).
 *
 * Sending: this node's own model, read from its status page under the page's
 * sequence (the control thread rewrites it), is encoded once per change
 * (rmc_latency_wire.h) and sent to every peer: at once when it changes, and
 * again every tenth of the protocol time-out, as eth's hellos are, because
 * frames may be lost and a peer may come (back) at any time. A peer the
 * transport cannot reach yet (eth: never heard; xen: not linked) is tried
 * again at every pass (a refusal costs the transport one test), so that it
 * gets the model in the pass where the transport first hears it: on eth,
 * before the hello that tells the peer this node hears it (the driver's
 * poll, which sends hellos, comes after the protocol's in a pass), so
 * before the peer takes this node for up and posts to it.
 *
 * Receiving (any message driver): the sender must be the node the transport
 * got the message from, and the message for this node. A model of the same
 * incarnation (src_epoch) and a sequence not newer than the last one taken
 * is a repeat or overtaken: ignored without being decoded. Anything else is
 * decoded as untrusted input; a refused model changes nothing, is counted in
 * bad_msg and logged once per model. A valid one is published in the node's
 * status page, where its applications' libraries read it at post; the RMC
 * loop never waits for the node lock, so a model that finds it taken is
 * kept and published at a later pass.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "rmc_latency_wire.h"
#include "rmc_proto_priv.h"

struct rmc_proto_lat_peer {
	uint32_t epoch;          /* of the last model taken from it */
	uint32_t seq;
	uint32_t bad_epoch;      /* of the last model refused (logged once) */
	uint32_t bad_seq;
	uint8_t known;           /* a model was taken from it */
	uint8_t refused;         /* bad_epoch and bad_seq are set */
	struct rmc_lat_model model; /* the last taken, published or waiting (pending) */
};

struct rmc_proto_lat {
	struct rmc_lat_wire own; /* this node's model, encoded */
	uint32_t own_seq;        /* its sequence in our messages, bumped at each change */
	uint32_t page_seq;       /* the status page's lat_seq it was read at */
	uint64_t owed;           /* peers the current model is still to be sent to */
	uint64_t pending;        /* peers whose model waits for the node lock */
	uint64_t next_all;       /* TSC: send to every peer again */
	uint64_t period;
	struct rmc_proto_lat_peer peer[RTE_RMC_MAX_NODES];
};

int
rmc_proto_lat_create(struct rte_rmc_node *node, struct rmc_proto *p)
{
	struct rmc_proto_lat *l = rte_zmalloc("rmc_proto_lat", sizeof(*l), RTE_CACHE_LINE_SIZE);

	if (l == NULL)
		return -ENOMEM;
	RTE_SET_USED(node);
	l->period = RTE_MAX(p->down_tsc / 10, (uint64_t)1);
	p->lat = l;
	return 0;
}

void
rmc_proto_lat_destroy(struct rmc_proto *p)
{
	rte_free(p->lat);
	p->lat = NULL;
}

/* Every peer of the node, as a mask. */
static uint64_t
lat_all(const struct rmc_proto *p)
{
	uint64_t all = p->node_count >= 64 ? UINT64_MAX : (UINT64_C(1) << p->node_count) - 1;

	return all & ~(UINT64_C(1) << p->node_id);
}

/* Encode this node's model again when its page changed; owe it to every peer. */
static void
lat_own_refresh(struct rte_rmc_node *node, struct rmc_proto *p, struct rmc_proto_lat *l)
{
	struct rmc_node_page *pg = node->page;
	struct rmc_lat_model m;
	struct rmc_lat_wire w;
	uint32_t s1, s2;

	if (pg == NULL)
		return;
	s1 = __atomic_load_n(&pg->lat_seq, __ATOMIC_ACQUIRE);
	if ((s1 & 1) != 0 || (s1 == l->page_seq && l->own_seq != 0))
		return; /* being rewritten (read at a later pass), or unchanged */
	memcpy(&m, &pg->lat[p->node_id], sizeof(m));
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = __atomic_load_n(&pg->lat_seq, __ATOMIC_RELAXED);
	if (s1 != s2)
		return;
	l->page_seq = s1;
	rmc_lat_wire_encode(&m, &w);
	/* The page changes for the peers' models too: ours is sent when it changed. */
	if (l->own_seq != 0 && memcmp(&w, &l->own, sizeof(w)) == 0)
		return;
	l->own = w;
	l->own_seq++;
	l->owed = lat_all(p);
}

/* Publish the model taken from nid; -EBUSY when the node lock is taken. */
static int
lat_publish(struct rte_rmc_node *node, struct rmc_proto_lat *l, uint16_t nid)
{
	const struct rmc_lat_model *m = &l->peer[nid].model;

	if (pthread_mutex_trylock(&node->lock) != 0)
		return -EBUSY;
	rmc_latency_publish(node, nid, m);
	pthread_mutex_unlock(&node->lock);
	l->pending &= ~(UINT64_C(1) << nid);
	if (m->on)
		RMC_LOG(INFO, "node %u: requests to node %u: %" PRIu64 " ns + %" PRIu64
			" ns per %" PRIu64 " bytes, law %u (its operator's model, by message)",
			node->pub.id, nid, m->base_ns, m->per_chunk_ns, m->chunk_size, m->dist);
	else
		RMC_LOG(INFO, "node %u: requests to node %u: no latency model (its operator's, "
			"by message)", node->pub.id, nid);
	return 0;
}

/* 1 if a model (epoch, seq) from pe adds nothing to what was taken. */
static int
lat_seen(const struct rmc_proto_lat_peer *pe, uint32_t epoch, uint32_t seq)
{
	if (!pe->known)
		return 0;
	if (epoch == pe->epoch)
		return (int32_t)(seq - pe->seq) <= 0;
	/* A message of the sender's previous life, late: its newer model stands. */
	return (int32_t)(epoch - pe->epoch) < 0;
}

int
rmc_proto_lat_in(struct rte_rmc_node *node, const struct rmc_proto_msg *m)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_lat *l = p->lat;
	const struct rmc_proto_hdr *h = &m->hdr;
	uint32_t seq = (uint32_t)h->tid;
	struct rmc_proto_lat_peer *pe;
	struct rmc_lat_model model;
	char why[128];
	int ret, same;

	if (h->src_nid != m->peer || h->src_nid >= p->node_count ||
			h->src_nid == p->node_id || h->dst_nid != p->node_id) {
		p->stats.bad_msg++;
		return -EINVAL;
	}
	pe = &l->peer[h->src_nid];
	if (lat_seen(pe, h->src_epoch, seq))
		return 0;
	ret = rmc_lat_wire_decode(m->payload, h->length, &model, why, sizeof(why));
	if (ret < 0) {
		p->stats.bad_msg++;
		if (!pe->refused || pe->bad_epoch != h->src_epoch || pe->bad_seq != seq)
			RMC_LOG(ERR, "node %u: latency model sent by node %u refused, the one "
				"in use kept: %s", node->pub.id, h->src_nid, why);
		pe->refused = 1;
		pe->bad_epoch = h->src_epoch;
		pe->bad_seq = seq;
		return ret;
	}
	/* The model in use again (its sender restarted with it): nothing to publish. */
	same = pe->known && (l->pending & (UINT64_C(1) << h->src_nid)) == 0 &&
		memcmp(&model, &pe->model, sizeof(model)) == 0;
	pe->known = 1;
	pe->epoch = h->src_epoch;
	pe->seq = seq;
	if (same)
		return 0;
	pe->model = model;
	l->pending |= UINT64_C(1) << h->src_nid;
	lat_publish(node, l, h->src_nid);
	return 0;
}

/* Send our model to the peers still owed it. */
static void
lat_send(struct rte_rmc_node *node, struct rmc_proto *p, struct rmc_proto_lat *l)
{
	struct rmc_proto_msg msg;
	uint64_t owed = l->owed;
	uint16_t d;

	memset(&msg, 0, sizeof(msg));
	msg.hdr.magic = RMC_PROTO_MAGIC;
	msg.hdr.version = RMC_PROTO_VERSION;
	msg.hdr.type = RMC_PROTO_LAT;
	msg.hdr.src_nid = p->node_id;
	msg.hdr.src_epoch = p->epoch;
	msg.hdr.length = sizeof(l->own);
	msg.hdr.tid = l->own_seq;
	msg.payload = (const uint8_t *)&l->own;
	while (owed != 0) {
		d = (uint16_t)__builtin_ctzll(owed);
		owed &= owed - 1;
		msg.hdr.dst_nid = d;
		/* Not subject to loss injection, as eth's hellos are not. */
		if (p->ops->tx_burst(node, d, &msg, 1) == 1)
			l->owed &= ~(UINT64_C(1) << d);
	}
}

void
rmc_proto_lat_poll(struct rte_rmc_node *node, uint64_t now)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_lat *l = p->lat;
	uint64_t pend = l->pending;

	while (pend != 0) {
		uint16_t nid = (uint16_t)__builtin_ctzll(pend);

		pend &= pend - 1;
		if (lat_publish(node, l, nid) < 0)
			break;
	}
	if (!__atomic_load_n(&node->lat_by_proto, __ATOMIC_RELAXED) || p->node_count < 2)
		return;
	lat_own_refresh(node, p, l);
	if (now >= l->next_all) {
		l->owed = lat_all(p);
		l->next_all = now + l->period;
	}
	if (l->owed != 0)
		lat_send(node, p, l);
}
