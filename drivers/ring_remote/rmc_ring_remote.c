/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * ring_remote ("rmcd --driver ring"): the soNUMA protocol between node
 * processes of one host over rte_rings in shared memory, the design's
 * request/response pipelines on rings.
 *
 * Each ordered pair of nodes (server S, client C) has a ring pair
 * (rmc_ringpair.h): C's requests to S, S's replies to C. S creates it, in a
 * sealed memfd, when C's RMC says hello on S's control socket, and passes it
 * to C over that socket (RMC_CTL_DRV_SEG), as the shm driver receives
 * contexts. C's RGP sends chunk requests on the request ring; S's RRPP, in
 * S's RMC loop, serves them and answers on the reply ring. Neither side maps
 * the other's contexts: the peer is reached through its RMC only.
 *
 * A closed control socket means the peer is gone: on the client side its
 * requests fail with node-down (the protocol layer sees the peer leave
 * node->peers_up), on the server side its rings are unpublished, the RMC
 * quiesced, and the memory released. A restarted peer gets fresh rings.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rmc_driver.h"
#include "rmc_peer_link.h"
#include "rmc_ringpair.h"

/* 8192 elements of 64 B per ring: 512 KiB per ring, 1 MiB per peer pair. */
#define RING_ELEMS 8192
/* Largest chunk carried in one message: 16 KiB (257 elements). */
#define RING_MAX_PAYLOAD (16u << 10)
/* The rings of one peer; the transport itself is in struct rmc_ring_peers. */
struct ring_peer {
	/* Client side: this node's requests to the peer, on rings the peer made. */
	void *cli_mem;
	uint64_t cli_len;
	/* Client side: the peer's wake page, to wake its RMC when it sleeps. */
	struct rmc_waker *waker;
	/* Server side: the peer's requests to this node, on rings this node made. */
	struct rmc_drv_seg srv_seg;
};

struct ring_priv {
	struct ring_peer peer[RTE_RMC_MAX_NODES];
	struct rmc_ring_peers rings; /* the transport, shared with xen_remote */
	struct rmc_peer_links links;
	uint64_t wake_owed; /* RMC loop only: peers a wake-up may not have reached */
};

static const struct rmc_peer_link_ops ring_link_ops;

static int
ring_init(struct rte_rmc_node *node)
{
	struct ring_priv *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (p == NULL)
		return -ENOMEM;
	if (rmc_ring_peers_init(&p->rings, rmc_node_id(node), rmc_node_count(node),
			RING_MAX_PAYLOAD) < 0) {
		free(p);
		return -ENOMEM;
	}
	for (i = 0; i < RTE_RMC_MAX_NODES; i++)
		p->peer[i].srv_seg.fd = -1;
	rmc_peer_links_init(&p->links, &ring_link_ops, p);
	rmc_node_drv_priv_set(node, p);
	return 0;
}

/* Client side: forget the peer's rings (the RMC no longer uses them). */
static void
ring_link_release(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	struct ring_priv *p = l->links->drv;
	struct ring_peer *peer = &p->peer[l->nid];

	RTE_SET_USED(node);
	if (peer->cli_mem != NULL)
		munmap(peer->cli_mem, peer->cli_len);
	peer->cli_mem = NULL;
	/* Unpublished and quiesced: the RMC no longer uses it. */
	rmc_drv_waker_free(peer->waker);
	peer->waker = NULL;
}

static void
ring_link_unpublish(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	struct ring_priv *p = l->links->drv;

	RTE_SET_USED(node);
	rmc_ring_peers_unpublish(&p->rings, l->nid, RMC_RING_CLIENT);
	__atomic_store_n(&p->peer[l->nid].waker, NULL, __ATOMIC_RELEASE);
}

/* The peer's ring pair arrived: map it, check it, publish it. */
static int
ring_cli_attach(struct rte_rmc_node *node, struct rmc_peer_link *l, const struct rmc_peer_msg *m,
		int fd)
{
	struct ring_priv *p = l->links->drv;
	struct ring_peer *peer = &p->peer[l->nid];
	struct rmc_ringpair pair;
	void *mem;
	int ret;

	if (fd < 0 || m->size > m->map_size || peer->cli_mem != NULL)
		return -EPROTO;
	mem = rmc_drv_seg_map_fd(fd, m->map_size);
	if (mem == NULL) {
		RMC_LOG(ERR, "node %u: cannot map the rings of node %u: %s", rmc_node_id(node),
			l->nid, strerror(errno));
		return -errno;
	}
	ret = rmc_ringpair_attach(mem, m->size, l->nid, rmc_node_id(node), &pair);
	if (ret == 0 && pair.max_payload != RING_MAX_PAYLOAD)
		ret = -EPROTO;
	if (ret < 0) {
		munmap(mem, m->map_size);
		return ret;
	}
	peer->cli_mem = mem;
	peer->cli_len = m->map_size;
	rmc_ring_peers_publish(&p->rings, l->nid, RMC_RING_CLIENT, &pair);
	return 1;
}

/*
 * The peer's wake page: its RMC sleeps when idle, and this node's RMC wakes
 * it after handing it requests. Without it (an older peer) the peer's RMC is
 * reached at its next bounded wake-up.
 */
static int
ring_cli_wake(struct rte_rmc_node *node, struct rmc_peer_link *l, const struct rmc_peer_msg *m,
		int fd)
{
	struct ring_priv *p = l->links->drv;
	struct rmc_waker *w;

	if (fd < 0 || p->peer[l->nid].waker != NULL)
		return -EPROTO;
	w = rmc_drv_waker_map(fd, m->map_size, l->nid);
	if (w == NULL) {
		RMC_LOG(WARNING, "node %u: cannot map the wake page of node %u: %s",
			rmc_node_id(node), l->nid, strerror(errno));
		return 0;
	}
	__atomic_store_n(&p->peer[l->nid].waker, w, __ATOMIC_RELEASE);
	return 0;
}

static int
ring_link_accepted(struct rte_rmc_node *node, struct rmc_peer_link *l, uint32_t nb_ctx)
{
	RTE_SET_USED(node);
	RTE_SET_USED(l);
	RTE_SET_USED(nb_ctx);
	return 0; /* wait for the rings */
}

static int
ring_link_message(struct rte_rmc_node *node, struct rmc_peer_link *l,
		const struct rmc_peer_msg *m, int fd, int *fd_kept)
{
	*fd_kept = 0;
	/* Contexts come and go without memory: acknowledge, nothing to (un)map. */
	if (m->type == RMC_PEER_MSG_CTX || m->type == RMC_PEER_MSG_CTX_GONE) {
		rmc_peer_session_ack(l->fd, m->gen);
		return 0;
	}
	if (m->type == RMC_PEER_MSG_SEG)
		return ring_cli_attach(node, l, m, fd);
	if (m->type == RMC_PEER_MSG_WAKE)
		return ring_cli_wake(node, l, m, fd);
	return 0;
}

static const struct rmc_peer_link_ops ring_link_ops = {
	.accepted = ring_link_accepted,
	.message = ring_link_message,
	.unpublish = ring_link_unpublish,
	.release = ring_link_release,
	.setup_what = "hand over its rings",
	.up_how = " over rings",
};

static void
ring_tick(struct rte_rmc_node *node)
{
	struct ring_priv *p = rmc_node_drv_priv(node);

	rmc_peer_links_tick(node, &p->links);
}

/* Server side: stop serving a peer and release its rings. */
static void
ring_peer_detach(struct rte_rmc_node *node, uint16_t nid)
{
	struct ring_priv *p = rmc_node_drv_priv(node);
	struct ring_peer *peer = &p->peer[nid];

	if (peer->srv_seg.addr == NULL)
		return;
	rmc_ring_peers_unpublish(&p->rings, nid, RMC_RING_SERVER);
	rmc_node_quiesce(node);
	rmc_drv_seg_destroy(&peer->srv_seg);
}

/* Server side: a peer said hello; make its ring pair and hand it over. */
static int
ring_peer_attach(struct rte_rmc_node *node, uint16_t nid, int fd)
{
	struct ring_priv *p = rmc_node_drv_priv(node);
	struct ring_peer *peer = &p->peer[nid];
	size_t size = rmc_ringpair_memsize(RING_ELEMS);
	struct rmc_ringpair pair;
	char name[64];
	int ret;

	ring_peer_detach(node, nid);
	snprintf(name, sizeof(name), "sonuma_%s_n%u_rings%u", rmc_node_cluster(node),
		rmc_node_id(node), nid);
	ret = rmc_drv_seg_create(name, size, RTE_RMC_HUGE_OFF, &peer->srv_seg);
	if (ret < 0)
		return ret;
	ret = rmc_ringpair_init(peer->srv_seg.addr, peer->srv_seg.size, RING_ELEMS,
		RING_MAX_PAYLOAD, rmc_node_id(node), nid);
	if (ret == 0)
		ret = rmc_ringpair_attach(peer->srv_seg.addr, peer->srv_seg.size,
			rmc_node_id(node), nid, &pair);
	if (ret < 0) {
		rmc_drv_seg_destroy(&peer->srv_seg);
		return ret;
	}
	rmc_ring_peers_publish(&p->rings, nid, RMC_RING_SERVER, &pair);
	ret = rmc_peer_session_send_seg(fd, size, peer->srv_seg.size, peer->srv_seg.fd);
	if (ret == 0)
		ret = rmc_peer_session_send_wake(node, fd);
	/* The mapping stays; the descriptor is not needed any more. */
	close(peer->srv_seg.fd);
	peer->srv_seg.fd = -1;
	if (ret < 0)
		ring_peer_detach(node, nid);
	return ret;
}

static uint32_t
ring_max_payload(struct rte_rmc_node *node)
{
	RTE_SET_USED(node);
	return RING_MAX_PAYLOAD;
}

static uint32_t
ring_window(struct rte_rmc_node *node)
{
	RTE_SET_USED(node);
	/* Half a ring, so that neither ring of a pair can overflow. */
	return RING_ELEMS * RMC_RING_ELEM / 2;
}

static uint16_t
ring_tx_burst(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *msgs,
		uint16_t n)
{
	struct ring_priv *p = rmc_node_drv_priv(node);
	struct rmc_waker *w;
	uint16_t k;

	k = rmc_ring_peers_tx(&p->rings, dst, msgs, n);
	/* The peer's RMC may sleep: wake it (a fence and a load when it does not). */
	w = __atomic_load_n(&p->peer[dst].waker, __ATOMIC_ACQUIRE);
	if (k > 0 && w != NULL && rmc_drv_waker_published(w))
		p->wake_owed |= UINT64_C(1) << dst;
	return k;
}

/* Repeat the wake-ups that may have come before the peer's RMC slept. */
static void
ring_wake_retry(struct ring_priv *p)
{
	uint64_t owed = p->wake_owed;

	while (owed != 0) {
		unsigned int nid = __builtin_ctzll(owed);
		struct rmc_waker *w = __atomic_load_n(&p->peer[nid].waker, __ATOMIC_ACQUIRE);

		owed &= owed - 1;
		if (w == NULL || !rmc_drv_waker_waiting(w))
			p->wake_owed &= ~(UINT64_C(1) << nid);
	}
}

static uint16_t
ring_rx_burst(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct ring_priv *p = rmc_node_drv_priv(node);

	if (unlikely(p->wake_owed != 0))
		ring_wake_retry(p);
	return rmc_ring_peers_rx(&p->rings, msgs, n);
}

static void
ring_rx_done(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct ring_priv *p = rmc_node_drv_priv(node);

	RTE_SET_USED(msgs);
	RTE_SET_USED(n);
	rmc_ring_peers_rx_done(&p->rings);
}

static void
ring_fini(struct rte_rmc_node *node)
{
	struct ring_priv *p = rmc_node_drv_priv(node);
	unsigned int i;

	if (p == NULL)
		return;
	rmc_peer_links_fini(node, &p->links);
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		struct ring_peer *peer = &p->peer[i];

		if (peer->srv_seg.addr != NULL)
			rmc_drv_seg_destroy(&peer->srv_seg);
	}
	rmc_ring_peers_fini(&p->rings);
	free(p);
	rmc_node_drv_priv_set(node, NULL);
}

/* Peers are processes of this machine: one TSC. */
static int
ring_same_clock(struct rte_rmc_node *node)
{
	RTE_SET_USED(node);
	return 1;
}

static const struct rmc_transport_ops ring_transport = {
	.max_payload = ring_max_payload,
	.window = ring_window,
	.tx_burst = ring_tx_burst,
	.rx_burst = ring_rx_burst,
	.rx_done = ring_rx_done,
	.same_clock = ring_same_clock,
};

static const struct rmc_driver_ops ring_remote_ops = {
	.name = "ring",
	.help = "nodes are processes on one host; RMCs exchange protocol messages on rte_rings",
	.init = ring_init,
	.fini = ring_fini,
	.tick = ring_tick,
	.peer_attach = ring_peer_attach,
	.peer_detach = ring_peer_detach,
	.transport = &ring_transport,
	.flags = RMC_DRV_F_PEER_WAKE,
};

RMC_DRIVER_REGISTER(ring, ring_remote_ops);
