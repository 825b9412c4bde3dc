/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_malloc.h>
#include <rte_memcpy.h>
#include <rte_ring_elem.h>
#include <rte_ring_peek_zc.h>

#include "rmc_ringpair.h"

static size_t
rmc_ring_bytes(uint32_t ring_elems)
{
	ssize_t sz;

	if (ring_elems < 4 || !rte_is_power_of_2(ring_elems))
		return 0;
	sz = rte_ring_get_memsize_elem(RMC_RING_ELEM, ring_elems);

	return sz < 0 ? 0 : RTE_ALIGN_CEIL((size_t)sz, RTE_CACHE_LINE_SIZE);
}

size_t
rmc_ringpair_memsize(uint32_t ring_elems)
{
	size_t ring = rmc_ring_bytes(ring_elems);

	return ring == 0 ? 0 : sizeof(struct rmc_ringpair_hdr) + 2 * ring;
}

int
rmc_ringpair_init(void *mem, size_t len, uint32_t ring_elems, uint32_t max_payload,
		uint16_t server_nid, uint16_t client_nid)
{
	struct rmc_ringpair_hdr *h = mem;
	size_t ring = rmc_ring_bytes(ring_elems);
	char name[RTE_RING_NAMESIZE];
	int ret;

	if (mem == NULL || ring == 0 || !rte_is_power_of_2(ring_elems) ||
			2 * rmc_ring_msg_elems(max_payload) > ring_elems - 1)
		return -EINVAL;
	if (len < rmc_ringpair_memsize(ring_elems))
		return -ENOSPC;
	memset(h, 0, sizeof(*h));
	h->version = RMC_RINGPAIR_VERSION;
	h->elem_size = RMC_RING_ELEM;
	h->ring_elems = ring_elems;
	h->max_payload = max_payload;
	h->server_nid = server_nid;
	h->client_nid = client_nid;
	h->req_offset = sizeof(*h);
	h->rep_offset = sizeof(*h) + ring;
	h->total_size = sizeof(*h) + 2 * ring;
	/* Single producer, single consumer: what the zero-copy API needs. */
	snprintf(name, sizeof(name), "rmcrp%u.%u.q", server_nid, client_nid);
	ret = rte_ring_init((struct rte_ring *)((uint8_t *)mem + h->req_offset), name,
		ring_elems, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (ret < 0)
		return ret;
	snprintf(name, sizeof(name), "rmcrp%u.%u.r", server_nid, client_nid);
	ret = rte_ring_init((struct rte_ring *)((uint8_t *)mem + h->rep_offset), name,
		ring_elems, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (ret < 0)
		return ret;
	__atomic_store_n(&h->magic, RMC_RINGPAIR_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

static int
rmc_ringpair_check_ring(const struct rte_ring *r, uint32_t ring_elems)
{
	return r->size == ring_elems && r->mask == ring_elems - 1 &&
		r->capacity == ring_elems - 1 && r->prod.sync_type == RTE_RING_SYNC_ST &&
		r->cons.sync_type == RTE_RING_SYNC_ST;
}

int
rmc_ringpair_attach(void *mem, size_t len, uint16_t server_nid, uint16_t client_nid,
		struct rmc_ringpair *rp)
{
	const struct rmc_ringpair_hdr *h = mem;
	size_t ring;

	if (mem == NULL || len < sizeof(*h)) {
		RMC_LOG(ERR, "ring pair: %zu bytes is too small", len);
		return -EPROTO;
	}
	if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != RMC_RINGPAIR_MAGIC ||
			h->version != RMC_RINGPAIR_VERSION || h->elem_size != RMC_RING_ELEM) {
		RMC_LOG(ERR, "ring pair: magic %#x version %u element %u, expected %#x %u %u "
			"(a peer built from another version?)", h->magic, h->version,
			h->elem_size, RMC_RINGPAIR_MAGIC, RMC_RINGPAIR_VERSION, RMC_RING_ELEM);
		return -EPROTO;
	}
	ring = rmc_ring_bytes(h->ring_elems);
	if (ring == 0 || !rte_is_power_of_2(h->ring_elems) ||
			h->req_offset != sizeof(*h) || h->rep_offset != sizeof(*h) + ring ||
			h->total_size != sizeof(*h) + 2 * ring || h->total_size > len ||
			2 * rmc_ring_msg_elems(h->max_payload) > h->ring_elems - 1) {
		RMC_LOG(ERR, "ring pair: inconsistent layout (%u elements, %zu bytes mapped)",
			h->ring_elems, len);
		return -EPROTO;
	}
	if (h->server_nid != server_nid || h->client_nid != client_nid) {
		RMC_LOG(ERR, "ring pair: made for nodes %u <- %u, expected %u <- %u",
			h->server_nid, h->client_nid, server_nid, client_nid);
		return -EPROTO;
	}
	rp->req = (struct rte_ring *)((uint8_t *)mem + h->req_offset);
	rp->rep = (struct rte_ring *)((uint8_t *)mem + h->rep_offset);
	rp->max_payload = h->max_payload;
	if (!rmc_ringpair_check_ring(rp->req, h->ring_elems) ||
			!rmc_ringpair_check_ring(rp->rep, h->ring_elems)) {
		RMC_LOG(ERR, "ring pair: a ring header does not match the layout");
		return -EPROTO;
	}
	return 0;
}

uint16_t
rmc_ring_send(struct rte_ring *r, const struct rmc_proto_msg *msgs, uint16_t n)
{
	struct rte_ring_zc_data zcd;
	uint32_t plen, elems, first;
	uint16_t i;

	for (i = 0; i < n; i++) {
		const struct rmc_proto_msg *m = &msgs[i];

		plen = rmc_proto_payload_len(&m->hdr);
		elems = rmc_ring_msg_elems(plen);
		if (rte_ring_enqueue_zc_bulk_elem_start(r, RMC_RING_ELEM, elems, &zcd, NULL) == 0)
			break;
		/* The first element is never split: n1 >= 1. */
		memcpy(zcd.ptr1, &m->hdr, RMC_RING_ELEM);
		first = (zcd.n1 - 1) * RMC_RING_ELEM;
		if (plen > 0 && (rmc_proto_payload_copy((uint8_t *)zcd.ptr1 + RMC_RING_ELEM,
				&m->hdr, m->payload, RTE_MIN(plen, first)) < 0 || (plen > first &&
				rmc_proto_payload_copy(zcd.ptr2, &m->hdr, m->payload + first,
					plen - first) < 0))) {
			/* A memory fault: nothing of it is published (see above). */
			rte_ring_enqueue_zc_elem_finish(r, 0);
			continue;
		}
		rte_ring_enqueue_zc_elem_finish(r, elems);
	}
	return i;
}

static inline uint8_t *
rmc_ring_elem_at(const struct rte_ring_zc_data *zcd, uint32_t pos)
{
	if (pos < zcd->n1)
		return (uint8_t *)zcd->ptr1 + (size_t)pos * RMC_RING_ELEM;
	return (uint8_t *)zcd->ptr2 + (size_t)(pos - zcd->n1) * RMC_RING_ELEM;
}

uint16_t
rmc_ring_recv(struct rte_ring *r, struct rmc_ring_rx *st, struct rmc_proto_msg *msgs,
		uint16_t n, uint32_t max_payload, uint8_t *bounce)
{
	struct rte_ring_zc_data zcd;
	uint32_t got, pos = 0, plen, pe, start;
	uint16_t nb = 0;

	st->held = 0;
	st->started = rte_ring_dequeue_zc_burst_elem_start(r, RMC_RING_ELEM, r->capacity, &zcd,
		NULL);
	got = st->started;
	while (nb < n && pos < got) {
		struct rmc_proto_msg *m = &msgs[nb];

		memcpy(&m->hdr, rmc_ring_elem_at(&zcd, pos), RMC_RING_ELEM);
		plen = rmc_proto_payload_len(&m->hdr);
		pe = rmc_ring_msg_elems(plen) - 1;
		if (!rmc_proto_hdr_ok(&m->hdr) || plen > max_payload || pos + 1 + pe > got) {
			/* Messages are enqueued whole: this ring is corrupted. */
			RMC_LOG(ERR, "ring %s: malformed message (type %u, %u payload bytes); "
				"dropping %u queued elements", r->name, m->hdr.type, plen,
				got - pos);
			pos = got;
			break;
		}
		start = pos + 1;
		if (pe == 0) {
			m->payload = NULL;
		} else if (start + pe <= zcd.n1 || start >= zcd.n1) {
			m->payload = rmc_ring_elem_at(&zcd, start);
		} else {
			/* The payload wraps around the end of the ring. */
			uint8_t *b = bounce + (size_t)nb * max_payload;
			uint32_t head = (zcd.n1 - start) * RMC_RING_ELEM;

			rte_memcpy(b, rmc_ring_elem_at(&zcd, start), head);
			rte_memcpy(b + head, zcd.ptr2, plen - head);
			m->payload = b;
		}
		m->cookie = 0;
		pos = start + pe;
		nb++;
	}
	st->held = pos;
	return nb;
}

void
rmc_ring_recv_done(struct rte_ring *r, struct rmc_ring_rx *st)
{
	if (st->started == 0)
		return;
	/* Fewer than reserved is allowed: the rest stays in the ring. */
	rte_ring_dequeue_zc_elem_finish(r, st->held);
	st->started = 0;
	st->held = 0;
}

int
rmc_ring_peers_init(struct rmc_ring_peers *rp, uint16_t node_id, uint16_t node_count,
		uint32_t max_payload)
{
	memset(rp, 0, sizeof(*rp));
	rp->bounce = rte_malloc("rmc_ring_bounce", (size_t)RMC_PROTO_BURST * max_payload,
		RTE_CACHE_LINE_SIZE);
	if (rp->bounce == NULL)
		return -ENOMEM;
	rp->max_payload = max_payload;
	rp->node_id = node_id;
	rp->node_count = node_count;
	return 0;
}

void
rmc_ring_peers_fini(struct rmc_ring_peers *rp)
{
	rte_free(rp->bounce);
	rp->bounce = NULL;
}

void
rmc_ring_peers_publish(struct rmc_ring_peers *rp, uint16_t peer, enum rmc_ring_side side,
		const struct rmc_ringpair *pair)
{
	struct rmc_ring_peer *p = &rp->peer[peer];

	p->pair[side] = *pair;
	memset(&p->rx[side], 0, sizeof(p->rx[side]));
	__atomic_store_n(&p->up[side], 1, __ATOMIC_RELEASE);
}

void
rmc_ring_peers_unpublish(struct rmc_ring_peers *rp, uint16_t peer, enum rmc_ring_side side)
{
	__atomic_store_n(&rp->peer[peer].up[side], 0, __ATOMIC_SEQ_CST);
}

uint16_t
rmc_ring_peers_tx(struct rmc_ring_peers *rp, uint16_t dst, const struct rmc_proto_msg *msgs,
		uint16_t n)
{
	struct rmc_ring_peer *p = &rp->peer[dst];
	uint16_t i = 0, j, k;

	while (i < n) {
		uint8_t type = msgs[i].hdr.type;
		struct rte_ring *r = NULL;

		/* Requests (and our latency model) go on the peer's rings, replies on ours. */
		if ((type == RMC_PROTO_REQ || type == RMC_PROTO_LAT) &&
				__atomic_load_n(&p->up[RMC_RING_CLIENT], __ATOMIC_ACQUIRE))
			r = p->pair[RMC_RING_CLIENT].req;
		else if (type == RMC_PROTO_REPLY &&
				__atomic_load_n(&p->up[RMC_RING_SERVER], __ATOMIC_ACQUIRE))
			r = p->pair[RMC_RING_SERVER].rep;
		if (r == NULL)
			break;
		for (j = i; j < n && msgs[j].hdr.type == type; j++)
			;
		k = rmc_ring_send(r, &msgs[i], j - i);
		i += k;
		if (i < j)
			break;
	}
	return i;
}

uint16_t
rmc_ring_peers_rx(struct rmc_ring_peers *rp, struct rmc_proto_msg *msgs, uint16_t n)
{
	static const enum rmc_ring_side sides[2] = { RMC_RING_SERVER, RMC_RING_CLIENT };
	uint16_t k, i, nb = 0, got;
	unsigned int s;

	for (k = 0; k < rp->node_count && nb < n; k++) {
		struct rmc_ring_peer *p;

		i = (rp->rx_next + k) % rp->node_count;
		if (i == rp->node_id)
			continue;
		p = &rp->peer[i];
		for (s = 0; s < RTE_DIM(sides) && nb < n; s++) {
			enum rmc_ring_side side = sides[s];
			struct rte_ring *r;

			/*
			 * 'up' first: the acquire orders the pair's loads after it.
			 * Read before it, a pair being published could be seen
			 * stale (NULL, or the rings of an unmapped predecessor)
			 * together with up == 1.
			 */
			if (!__atomic_load_n(&p->up[side], __ATOMIC_ACQUIRE))
				continue;
			/* Server side: we consume requests; client side: replies. */
			r = side == RMC_RING_SERVER ? p->pair[side].req : p->pair[side].rep;
			got = rmc_ring_recv(r, &p->rx[side], msgs + nb, n - nb, rp->max_payload,
				rp->bounce + (size_t)nb * rp->max_payload);
			for (; got > 0; got--)
				msgs[nb++].peer = i;
		}
	}
	rp->rx_next = (rp->rx_next + 1) % rp->node_count;
	return nb;
}

void
rmc_ring_peers_rx_done(struct rmc_ring_peers *rp)
{
	uint16_t i;

	/* Unpublishing waits for this pass to end: the rings are still mapped. */
	for (i = 0; i < rp->node_count; i++) {
		struct rmc_ring_peer *p = &rp->peer[i];

		if (p->rx[RMC_RING_SERVER].started)
			rmc_ring_recv_done(p->pair[RMC_RING_SERVER].req, &p->rx[RMC_RING_SERVER]);
		if (p->rx[RMC_RING_CLIENT].started)
			rmc_ring_recv_done(p->pair[RMC_RING_CLIENT].rep, &p->rx[RMC_RING_CLIENT]);
	}
}
