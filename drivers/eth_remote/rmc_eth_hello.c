/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The eth driver's control plane: hellos in and out, and which peers are up,
 * counted on the listening clock (the protocol is described in
 * rmc_eth_remote.c).
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "rmc_driver.h"
#include "rmc_eth_priv.h"

/* FNV-1a of the cluster's name: a hello of another cluster does not match. */
static uint64_t
eth_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * UINT64_C(1099511628211);
	return h;
}

/* The cluster's hash and the hello and silence periods, once the ports run. */
void
rmc_eth_liveness_init(struct rte_rmc_node *node, struct eth_priv *p)
{
	uint64_t ms = rmc_node_tsc_hz(node) / 1000;
	uint32_t timeout_ms;

	p->cluster_hash = eth_hash(rmc_node_cluster(node));
	timeout_ms = rmc_node_proto_timeout_ms(node) ? rmc_node_proto_timeout_ms(node) : 1000;
	p->timeout = timeout_ms * ms;
	p->hello_slow = RTE_MAX(timeout_ms / 10, 1u) * ms;
	p->hello_fast = RTE_MIN((uint64_t)RMC_ETH_HELLO_FAST_MS * ms, p->hello_slow);
	p->listen_gap = p->timeout / 2;
	p->listen = 1; /* a hello heard is never stamped 0 (never heard) */
	p->start_ns = rmc_now_ns();
}

static void
eth_warn_once(struct rte_rmc_node *node, struct eth_peer *peer, uint16_t nid, const char *what)
{
	if (peer->warned)
		return;
	peer->warned = 1;
	RMC_LOG(WARNING, "node %u: ignoring hellos from node %u: %s", rmc_node_id(node), nid, what);
}

/* A hello of another protocol version: the peer is refused, both versions named. */
void
rmc_eth_hello_version(struct rte_rmc_node *node, struct eth_priv *p, const struct rmc_proto_hdr *h)
{
	uint16_t nid = h->src_nid;
	char what[96];

	if (nid >= rmc_node_count(node) || nid == rmc_node_id(node))
		return;
	snprintf(what, sizeof(what), "it speaks protocol version %u, this node speaks version %u",
		h->version, RMC_PROTO_VERSION);
	eth_warn_once(node, &p->peer[nid], nid, what);
}

/* A hello received on 'port': the peer is heard, and may be a new incarnation. */
void
rmc_eth_hello_in(struct rte_rmc_node *node, struct eth_priv *p, const struct rmc_proto_hdr *h,
		const struct rte_ether_addr *src, uint16_t port)
{
	uint16_t nid = h->src_nid;
	struct eth_peer *peer;
	uint64_t now;

	if (nid >= rmc_node_count(node) || nid == rmc_node_id(node))
		return;
	peer = &p->peer[nid];
	if (h->operand1 != p->cluster_hash || h->length != rmc_node_count(node)) {
		eth_warn_once(node, peer, nid, "it belongs to another cluster, or one of "
			"another size");
		return;
	}
	if (!rte_is_same_ether_addr(src, &p->fc.mac[nid])) {
		eth_warn_once(node, peer, nid, "they come from another address than the fabric "
			"configuration gives");
		return;
	}
	now = rte_rdtsc();
	if (peer->epoch != 0 && peer->epoch != h->src_epoch && peer->up) {
		/* Restarted: requests to the old incarnation must fail. */
		peer->hold_down = now + p->hello_fast;
		peer->up = 0;
		rmc_node_set_peer_up(node, nid, 0);
		RMC_LOG(WARNING, "node %u: node %u restarted", rmc_node_id(node), nid);
	}
	peer->epoch = h->src_epoch;
	peer->last_heard = p->listen;
	peer->port = port;
	peer->hears_us = (h->operand0 >> rmc_node_id(node)) & 1;
}

/*
 * Any protocol frame from a peer that has said hello proves it alive as a
 * hello does: a request carrying its current incarnation, or a reply
 * echoing ours (a reply carries the requester's header). Hellos alone were
 * not enough under load: a hello is one frame every tenth of the time-out,
 * dropped when the port's TX queue is full of data, read behind a full RX
 * queue of it, so that a peer busy serving this node could go unheard for
 * the whole time-out while its data kept arriving. hears_us stays what the
 * last hello said: only a hello says whom the peer hears.
 */
void
rmc_eth_frame_in(struct rte_rmc_node *node, struct eth_priv *p, const struct rmc_proto_hdr *h,
		uint16_t nid)
{
	struct eth_peer *peer = &p->peer[nid];
	uint32_t epoch;

	if (!rmc_proto_hdr_ok(h) || nid == rmc_node_id(node) || peer->last_heard == 0)
		return;
	if (h->type == RMC_PROTO_REQ && h->src_nid == nid)
		epoch = peer->epoch;
	else if (h->type == RMC_PROTO_REPLY && h->dst_nid == nid)
		epoch = rmc_proto_epoch(node);
	else
		return;
	if (h->src_epoch == epoch)
		peer->last_heard = p->listen;
}

/* Broadcast a hello on every port; the number of ports it could not go out on. */
static unsigned int
eth_hello_out(struct rte_rmc_node *node, struct eth_priv *p, uint64_t heard)
{
	static const struct rte_ether_addr bcast = {
		.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	struct rmc_proto_hdr h;
	struct rte_mbuf *m;
	unsigned int failed = 0;
	uint16_t i;

	memset(&h, 0, sizeof(h));
	h.magic = RMC_PROTO_MAGIC;
	h.version = RMC_PROTO_VERSION;
	h.type = RMC_ETH_HELLO;
	h.src_nid = rmc_node_id(node);
	h.dst_nid = UINT16_MAX;
	h.length = rmc_node_count(node);
	h.src_epoch = rmc_proto_epoch(node);
	h.operand0 = heard;
	h.operand1 = p->cluster_hash;
	for (i = 0; i < p->nb_ports; i++) {
		if (!rmc_eth_port_usable(p, p->ports[i]))
			continue; /* being restarted: no peer on it now */
		m = rmc_eth_frame(p, &bcast, &p->fc.mac[rmc_node_id(node)], &h, NULL);
		if (m == NULL) {
			failed++;
		} else if (rte_eth_tx_burst(p->ports[i], 0, &m, 1) == 0) {
			rte_pktmbuf_free(m);
			failed++;
		}
	}
	return failed;
}

/*
 * The clock a peer's silence is measured on: it advances with the TSC while
 * this RMC polls, but by at most half the time-out across one gap between
 * polls. When this RMC does not run for a while (its CPU taken away: rmcd
 * puts every node's RMC on the last CPU; the host paused; gaps of 1 to 3 s
 * were seen on a loaded 2-CPU host, in every rmcd at once), its peers are
 * usually stopped as well, and their hellos come only once they run again:
 * counted in real time, that pause alone took every peer down at the first
 * poll after it, before any of their hellos was read. A peer that stops
 * answering while this RMC polls is still down after the time-out (after at
 * most two gaps however slow the polls are).
 */
static void
eth_listen_clock(struct eth_priv *p, uint64_t now)
{
	/*
	 * A TSC that stepped back is no time at all, not a wrapped gap (a VM's
	 * TSC need not be monotonic: this project's VMs boot with tsc=unstable).
	 */
	if (p->last_poll != 0 && (int64_t)(now - p->last_poll) > 0)
		p->listen += RTE_MIN(now - p->last_poll, p->listen_gap);
	p->last_poll = now;
}

/* RMC loop: hellos out, and who is up. */
int
rmc_eth_poll(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	uint64_t now = rte_rdtsc(), heard = 0;
	unsigned int i, missing = 0;

	eth_listen_clock(p, now);
	if (now >= p->next_link_check) {
		rmc_eth_links_check(node, p, now);
		p->next_link_check = now + rmc_node_tsc_hz(node) / 4;
	}
	if (now < p->next_hello)
		return 0;
	for (i = 0; i < rmc_node_count(node); i++) {
		struct eth_peer *peer = &p->peer[i];
		int up;

		if (i == rmc_node_id(node))
			continue;
		if (peer->last_heard != 0 && p->listen - peer->last_heard < p->timeout)
			heard |= UINT64_C(1) << i;
		up = ((heard >> i) & 1) && peer->hears_us && now >= peer->hold_down;
		if (up != peer->up) {
			peer->up = up;
			rmc_node_set_peer_up(node, i, up);
			if (up)
				RMC_LOG(INFO, "node %u: node %u is reachable on port %u",
					rmc_node_id(node), i, peer->port);
			else
				RMC_LOG(WARNING, "node %u: node %u is down; requests to it fail "
					"with node-down until it is back", rmc_node_id(node), i);
		}
		missing += !up;
	}
	/*
	 * A hello that found no mbuf or a full TX queue (the data of this pass
	 * took it) goes again at the next pass, not a hello period later: its
	 * peers must not be left a whole period short.
	 */
	if (eth_hello_out(node, p, heard) != 0)
		p->next_hello = now;
	else
		p->next_hello = now + (missing ? p->hello_fast : p->hello_slow);
	return 0;
}

/* Control thread: say what start-up waits for, as the other drivers do. */
void
rmc_eth_tick(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	uint64_t now = rmc_now_ns();
	unsigned int up = rte_rmc_node_peers_up(node);

	if (up + 1u == rmc_node_count(node)) {
		if (!p->all_up_logged && rmc_node_count(node) > 1)
			RMC_LOG(NOTICE, "node %u: all %u nodes of cluster '%s' reachable",
				rmc_node_id(node), rmc_node_count(node), rmc_node_cluster(node));
		p->all_up_logged = 1;
		return;
	}
	p->all_up_logged = 0;
	if (!p->wait_logged && now - p->start_ns > 1000000000ull) {
		RMC_LOG(NOTICE, "node %u: waiting for the other nodes of cluster '%s' to answer "
			"on the fabric", rmc_node_id(node), rmc_node_cluster(node));
		p->wait_logged = 1;
	}
	if (p->wait_logged == 1 && now - p->start_ns > rmc_node_peer_wait_ms(node) * 1000000ull) {
		RMC_LOG(WARNING, "node %u: %u node(s) still unreachable after %u ms; serving "
			"anyway, requests to them fail with node-down", rmc_node_id(node),
			rmc_node_count(node) - 1 - up, rmc_node_peer_wait_ms(node));
		p->wait_logged = 2;
	}
}
