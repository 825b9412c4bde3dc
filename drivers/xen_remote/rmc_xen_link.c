/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The xen driver's link with each peer, driven by the control thread's tick:
 * share our region and publish it, map the peer's once it is published, link
 * the two ring pairs, and when either side's alive byte is cleared drop the
 * link and share afresh under a new generation (see rmc_xen_remote.c).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rmc_driver.h"
#include "rmc_ringpair.h"
#include "rmc_xen_priv.h"
#include "rmc_xen_region.h"

/* A generation nobody used before: time and pid, never 0. */
static uint64_t
xen_new_gen(struct xen_priv *p)
{
	struct timespec ts;
	uint64_t g;

	clock_gettime(CLOCK_REALTIME, &ts);
	g = ((uint64_t)ts.tv_sec << 32 ^ (uint64_t)ts.tv_nsec << 8 ^ (uint64_t)getpid()) +
		++p->gen_seq;
	return g != 0 ? g : 1;
}

/* Share a fresh region with the peer and publish it. */
int
rmc_xen_share_out(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid)
{
	struct xen_peer *peer = &p->peer[nid];
	struct rmc_xen_pub pub;
	char txt[RMC_XEN_PUB_MAX_LEN + 1], err[160];
	int ret, n;

	ret = rmc_xen_region_share(&p->book, p->self_domid, p->args.domid[nid], rmc_node_id(node),
		nid, p->args.slots, p->data_pages, xen_new_gen(p), &peer->out);
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot share %u pages with domain %u (node %u): %s%s",
			rmc_node_id(node), 1 + p->data_pages, p->args.domid[nid], nid,
			strerror(-ret), ret == -ENOSPC ? "; the grant limits are exhausted: raise "
			RMC_XEN_GNTALLOC_LIMIT_PATH " and the domain's max_grant_frames "
			"(see doc/xen.md)" : "");
		return ret;
	}
	/* Our requests to the peer (its server side), its replies to us. */
	ret = rmc_ringpair_init(rmc_xen_region_data(&peer->out),
		rmc_xen_region_data_size(&peer->out), p->args.slots, p->max_payload, nid,
		rmc_node_id(node));
	if (ret == 0)
		ret = rmc_ringpair_attach(rmc_xen_region_data(&peer->out),
			rmc_xen_region_data_size(&peer->out), nid, rmc_node_id(node), &peer->cli);
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot lay out the rings for node %u: %s", rmc_node_id(node),
			nid, strerror(-ret));
		rmc_xen_region_release(&p->book, &peer->out);
		return ret;
	}
	ret = rmc_xen_wake_share(p, nid);
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot allocate an event channel for node %u: %s",
			rmc_node_id(node), nid, strerror(-ret));
		rmc_xen_region_release(&p->book, &peer->out);
		return ret;
	}
	rmc_xen_region_publication(&peer->out, rmc_node_cluster(node), p->self_domid, &pub);
	n = rmc_xen_pub_encode(&pub, txt, sizeof(txt), err, sizeof(err));
	if (n < 0) {
		RMC_LOG(ERR, "node %u: cannot encode the publication for node %u: %s",
			rmc_node_id(node), nid, n == -ENOSPC ? "too long" : err);
		rmc_xen_wake_release(p, nid, 1);
		rmc_xen_region_release(&p->book, &peer->out);
		return n;
	}
	ret = p->env.board->put(p->board, peer->key_out, txt, p->args.domid[nid]);
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot publish the grants for node %u on %s: %s",
			rmc_node_id(node), nid, p->env.board->name, strerror(-ret));
		rmc_xen_wake_release(p, nid, 1);
		rmc_xen_region_release(&p->book, &peer->out);
		return ret;
	}
	peer->out_seen = 0;
	RMC_LOG(DEBUG, "node %u: published %s", rmc_node_id(node), txt);
	return 0;
}

/* Stop using the peer's rings and release its region; 1 if it was linked. */
int
rmc_xen_unlink(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid)
{
	struct xen_peer *peer = &p->peer[nid];
	int was_linked = peer->linked;

	if (peer->linked) {
		rmc_xen_wake_unlink(p, nid);
		rmc_ring_peers_unpublish(&p->rings, nid, RMC_RING_CLIENT);
		rmc_ring_peers_unpublish(&p->rings, nid, RMC_RING_SERVER);
		rmc_node_set_peer_up(node, nid, 0);
		/* No RMC pass may still be using the rings. */
		rmc_node_quiesce(node);
		peer->linked = 0;
	}
	rmc_xen_wake_release(p, nid, 0);
	rmc_xen_region_release(&p->book, &peer->in);
	return was_linked;
}

/* The peer went away: drop its region, start ours afresh for its successor. */
static void
xen_peer_lost(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid)
{
	struct xen_peer *peer = &p->peer[nid];
	int was_linked;

	RMC_LOG(WARNING, "node %u: node %u (domain %u) left; waiting for it to come back",
		rmc_node_id(node), nid, p->args.domid[nid]);
	was_linked = rmc_xen_unlink(node, p, nid);
	p->env.board->del(p->board, peer->key_out);
	rmc_xen_wake_release(p, nid, 1);
	rmc_xen_region_release(&p->book, &peer->out);
	peer->next_try_ns = 0;
	if (rmc_xen_share_out(node, p, nid) < 0)
		peer->next_try_ns = rmc_now_ns() + 10 * XEN_RETRY_NS;
	/*
	 * Counted last (the RMC already stopped using the peer in
	 * rmc_xen_unlink()): whoever sees the loss in rmc_xen_node_info() then
	 * sees it handled, the old region gone and ours shared and published
	 * afresh, rather than a state half-way through.
	 */
	if (was_linked) {
		__atomic_fetch_add(&p->links_lost, 1, __ATOMIC_RELEASE);
		__atomic_fetch_sub(&p->peers_linked, 1, __ATOMIC_RELEASE);
	}
}

/* FNV-1a: tells one bad publication from the next, for the log. */
static uint64_t
xen_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
	return h;
}

/* Look for the peer's publication and map its region. */
static void
xen_try_map(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid)
{
	struct xen_peer *peer = &p->peer[nid];
	char txt[RMC_XEN_PUB_MAX_LEN + 2], err[256];
	struct rmc_xen_pub pub;
	int n, ret;

	n = p->env.board->get(p->board, p->args.domid[nid], peer->key_in, txt, sizeof(txt));
	if (n == -ENOENT)
		return; /* not started yet */
	if (n < 0) {
		if (peer->refused_gen != UINT64_MAX)
			RMC_LOG(ERR, "node %u: cannot read node %u's publication: %s",
				rmc_node_id(node), nid, n == -ENOSPC ? "too long" : strerror(-n));
		peer->refused_gen = UINT64_MAX;
		return;
	}
	ret = rmc_xen_pub_decode(txt, n, &pub, err, sizeof(err));
	if (ret == 0 && (pub.from != nid || strcmp(pub.cluster, rmc_node_cluster(node)) != 0)) {
		snprintf(err, sizeof(err), "it names node %u of cluster '%s'", pub.from,
			pub.cluster);
		ret = -EPROTO;
	}
	if (ret < 0) {
		/* Said once per distinct bad value, not at every tick. */
		uint64_t h = xen_hash(txt, n) | 1ull << 63;

		if (peer->refused_gen != h)
			RMC_LOG(ERR, "node %u: node %u's publication is not usable: %s",
				rmc_node_id(node), nid, err);
		peer->refused_gen = h;
		return;
	}
	if (pub.gen == peer->refused_gen)
		return;
	ret = rmc_xen_region_map(&p->book, &pub, rmc_node_id(node), p->args.domid[nid],
		p->args.slots, p->data_pages, &peer->in, err, sizeof(err));
	if (ret == -ENOTCONN)
		return; /* a stale entry of a peer that left: wait for the new one */
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot map node %u's region: %s", rmc_node_id(node), nid,
			err);
		peer->refused_gen = pub.gen;
		return;
	}
	/* Its requests to us (we serve them), our replies. */
	ret = rmc_ringpair_attach(rmc_xen_region_data(&peer->in),
		rmc_xen_region_data_size(&peer->in), rmc_node_id(node), nid, &peer->srv);
	if (ret == 0 && peer->srv.max_payload != p->max_payload)
		ret = -EPROTO;
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: node %u's rings are not usable (see above)",
			rmc_node_id(node), nid);
		rmc_xen_region_release(&p->book, &peer->in);
		peer->refused_gen = pub.gen;
		return;
	}
	ret = rmc_xen_wake_map(p, nid, err, sizeof(err));
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot link with node %u: %s", rmc_node_id(node), nid,
			err);
		rmc_xen_region_release(&p->book, &peer->in);
		peer->refused_gen = pub.gen;
		return;
	}
	RMC_LOG(INFO, "node %u: mapped node %u's region (domain %u, %u pages)", rmc_node_id(node),
		nid, p->args.domid[nid], 1 + pub.nb_pages);
}

static void
xen_tick_peer(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid, uint64_t now)
{
	struct xen_peer *peer = &p->peer[nid];
	int out_alive, in_alive;

	if (peer->out.ctl.addr == NULL) {
		if (now >= peer->next_try_ns && rmc_xen_share_out(node, p, nid) < 0)
			peer->next_try_ns = now + 10 * XEN_RETRY_NS;
		if (peer->out.ctl.addr == NULL)
			return;
	}
	out_alive = rmc_xen_region_peer_alive(&peer->out);
	if (out_alive)
		peer->out_seen = 1;
	if (peer->in.ctl.addr != NULL) {
		in_alive = rmc_xen_region_peer_alive(&peer->in);
		if (!in_alive || (peer->out_seen && !out_alive)) {
			xen_peer_lost(node, p, nid);
			return;
		}
	} else if (peer->out_seen && !out_alive) {
		/* It mapped our region, then went before we mapped its own. */
		xen_peer_lost(node, p, nid);
		return;
	} else if (now >= peer->next_try_ns) {
		xen_try_map(node, p, nid);
		peer->next_try_ns = now + XEN_RETRY_NS;
	}
	if (!peer->linked && peer->in.ctl.addr != NULL && out_alive) {
		peer->linked = 1;
		rmc_ring_peers_publish(&p->rings, nid, RMC_RING_CLIENT, &peer->cli);
		rmc_ring_peers_publish(&p->rings, nid, RMC_RING_SERVER, &peer->srv);
		rmc_xen_wake_link(node, p, nid);
		rmc_node_set_peer_up(node, nid, 1);
		__atomic_fetch_add(&p->peers_linked, 1, __ATOMIC_RELEASE);
		RMC_LOG(INFO, "node %u: linked with node %u (domain %u)", rmc_node_id(node), nid,
			p->args.domid[nid]);
	}
}

void
rmc_xen_tick(struct rte_rmc_node *node)
{
	struct xen_priv *p = rmc_node_drv_priv(node);
	uint64_t now = rmc_now_ns();
	unsigned int i, linked;

	for (i = 0; i < rmc_node_count(node); i++)
		if (i != rmc_node_id(node))
			xen_tick_peer(node, p, i, now);
	linked = __atomic_load_n(&p->peers_linked, __ATOMIC_ACQUIRE);
	if (linked + 1u == rmc_node_count(node)) {
		if (!p->all_logged && rmc_node_count(node) > 1)
			RMC_LOG(NOTICE, "node %u: linked with all %u peers of cluster '%s'",
				rmc_node_id(node), rmc_node_count(node) - 1,
				rmc_node_cluster(node));
		p->all_logged = 1;
		return;
	}
	if (!p->wait_logged && now - p->start_ns > 1000000000ull) {
		RMC_LOG(NOTICE, "node %u: waiting for %u peer domain(s) of cluster '%s' to "
			"publish their grants", rmc_node_id(node),
			rmc_node_count(node) - 1 - linked, rmc_node_cluster(node));
		p->wait_logged = 1;
	}
}
