/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * eth_remote ("rmcd --driver eth"): the soNUMA protocol between RMCs in
 * Ethernet frames on DPDK ethdev ports, which takes the platform across
 * machines. The ports come from the EAL arguments (a NIC, or a virtual
 * device such as --vdev=net_memif0,... or --vdev=net_af_packet0,iface=...);
 * every port found is used. Which MAC address each node has comes from the
 * cluster's fabric configuration (--fabric-conf, rmc_fabric_conf.h).
 *
 * Frame: Ethernet header (ethertype RMC_ETH_TYPE, the IEEE "local
 * experimental" 0x88b5), then a protocol message (struct rmc_proto_hdr and
 * its payload). A chunk is at most the port's MTU less that header.
 *
 * Control plane, on the same ports, in the RMC loop: every node broadcasts a
 * hello frame (its id, cluster size, a hash of the cluster name, its
 * incarnation, and which nodes it hears) every tenth of the protocol
 * time-out, more often while a peer is missing. A peer is up while its hellos
 * arrive, come from its configured address, match the cluster, and say that
 * it hears this node; the port it was heard on is the route to it. A peer
 * silent for the protocol time-out is down (its requests fail with
 * node-down); a new incarnation is taken down and up again, so that requests
 * to the old one fail. Silence is counted on a clock that runs only while
 * this RMC polls (eth_listen_clock()), so that a stall of this RMC (its CPU
 * taken away, the whole host paused) is not blamed on its peers. Context
 * sizes are not exchanged: the destination checks every request against its
 * own contexts, as the direct path does.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>

#include "rmc_driver.h"
#include "rmc_fabric_conf.h"

#define RMC_ETH_TYPE 0x88b5
#define RMC_ETH_HELLO (RMC_PROTO_TRANSPORT + 0)
#define RMC_ETH_HDR (RTE_ETHER_HDR_LEN + RMC_PROTO_HDR_SIZE)
#define RMC_ETH_DESC 512
#define RMC_ETH_MBUFS 4095
/* Frames one requester may have in flight to one peer. */
#define RMC_ETH_WINDOW_FRAMES 64
/* Hellos while a peer is missing: every 20 ms. */
#define RMC_ETH_HELLO_FAST_MS 20

struct eth_peer {
	uint64_t last_heard;   /* listening clock at its last valid hello, 0 = never */
	uint64_t hold_down;    /* TSC before which it stays down (restarted) */
	uint32_t epoch;
	uint16_t port;         /* where it was heard */
	uint8_t hears_us;
	uint8_t up;
	uint8_t warned;        /* a bad hello from it was logged */
};

struct eth_priv {
	struct rmc_fabric_conf fc;
	struct rte_mempool *pool;
	uint16_t ports[RTE_MAX_ETHPORTS];
	uint8_t started[RTE_MAX_ETHPORTS];
	uint64_t link_down_since[RTE_MAX_ETHPORTS]; /* TSC, 0 while the link is up */
	uint64_t next_link_check;
	uint16_t nb_ports;
	uint16_t rx_next;
	uint32_t max_payload;
	uint64_t cluster_hash;
	uint64_t timeout;      /* TSC: silence after which a peer is down */
	uint64_t hello_slow;   /* TSC between hellos when all peers are up */
	uint64_t hello_fast;
	uint64_t next_hello;
	uint64_t listen;       /* TSC cycles this RMC polled; see eth_listen_clock() */
	uint64_t listen_gap;   /* most that one gap between polls adds */
	uint64_t last_poll;    /* TSC of the last eth_poll() */
	uint64_t start_ns;
	struct eth_peer peer[RTE_RMC_MAX_NODES];
	int wait_logged;
	int all_up_logged;
};

static uint32_t eth_seq;

static uint64_t
eth_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * UINT64_C(1099511628211);
	return h;
}

/* Configure a port and its queues; started later by eth_ports_start(). */
static int
eth_port_setup(struct rte_rmc_node *node, struct eth_priv *p, uint16_t port)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t nb_rxd = RMC_ETH_DESC, nb_txd = RMC_ETH_DESC, mtu = RTE_ETHER_MTU;
	int ret;

	memset(&conf, 0, sizeof(conf));
	memset(&info, 0, sizeof(info));
	ret = rte_eth_dev_info_get(port, &info);
	if (ret == 0)
		ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, nb_rxd, rte_eth_dev_socket_id(port), NULL,
			p->pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, nb_txd, rte_eth_dev_socket_id(port), NULL);
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: cannot set port %u (%s) up: %s", rmc_node_id(node), port,
			info.driver_name != NULL ? info.driver_name : "?", strerror(-ret));
		return ret;
	}
	if (rte_eth_dev_get_mtu(port, &mtu) < 0)
		mtu = RTE_ETHER_MTU;
	/* The largest chunk: the MTU less our header, in whole 64-byte blocks. */
	p->max_payload = RTE_MIN(p->max_payload,
		RTE_ALIGN_FLOOR((uint32_t)mtu - RMC_PROTO_HDR_SIZE, 64u));
	return 0;
}

/* After a port started: say what it is, and take frames for any address. */
static void
eth_port_started(struct rte_rmc_node *node, struct eth_priv *p, uint16_t port)
{
	char own[RTE_ETHER_ADDR_FMT_SIZE], has[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	uint16_t mtu = 0;

	rte_ether_format_addr(own, sizeof(own), &p->fc.mac[rmc_node_id(node)]);
	if (rte_eth_macaddr_get(port, &mac) == 0 &&
			!rte_is_same_ether_addr(&mac, &p->fc.mac[rmc_node_id(node)])) {
		rte_ether_format_addr(has, sizeof(has), &mac);
		RMC_LOG(NOTICE, "node %u: port %u has address %s, the fabric configuration "
			"gives %s: using promiscuous mode", rmc_node_id(node), port, has, own);
	}
	/* Frames are filtered by destination in software, so this may fail. */
	rte_eth_promiscuous_enable(port);
	rte_eth_dev_get_mtu(port, &mtu);
	memset(&info, 0, sizeof(info));
	rte_eth_dev_info_get(port, &info);
	RMC_LOG(INFO, "node %u: port %u (%s) up as %s, MTU %u", rmc_node_id(node), port,
		info.driver_name != NULL ? info.driver_name : "?", own, mtu);
}

/*
 * Start every port. A link that needs its peer to start (a memif client whose
 * server is not there yet) is tried again, up to --peer-wait; the others are
 * started meanwhile, so that two nodes waiting for each other's memif server
 * both get there.
 */
static int
eth_ports_start(struct rte_rmc_node *node, struct eth_priv *p)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 100000000 };
	uint64_t deadline = rmc_now_ns() + rmc_node_peer_wait_ms(node) * 1000000ull;
	unsigned int i, left, said = 0;
	int ret = 0;

	for (;;) {
		left = 0;
		for (i = 0; i < p->nb_ports; i++) {
			if (p->started[i])
				continue;
			ret = rte_eth_dev_start(p->ports[i]);
			if (ret == 0) {
				p->started[i] = 1;
				eth_port_started(node, p, p->ports[i]);
				continue;
			}
			left++;
			if (!said++)
				RMC_LOG(NOTICE, "node %u: port %u does not start yet (%s); waiting "
					"for its peer, up to %u ms", rmc_node_id(node), p->ports[i],
					strerror(-ret), rmc_node_peer_wait_ms(node));
		}
		if (left == 0)
			return 0;
		if (rmc_now_ns() > deadline) {
			RMC_LOG(ERR, "node %u: %u port(s) did not start within %u ms: %s",
				rmc_node_id(node), left, rmc_node_peer_wait_ms(node), strerror(-ret));
			return ret;
		}
		nanosleep(&ts, NULL);
	}
}

static void
eth_fini(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	uint16_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nb_ports; i++) {
		if (p->started[i])
			rte_eth_dev_stop(p->ports[i]);
		rte_eth_dev_close(p->ports[i]);
	}
	rte_mempool_free(p->pool);
	free(p);
	rmc_node_drv_priv_set(node, NULL);
}

static int
eth_init(struct rte_rmc_node *node)
{
	struct eth_priv *p;
	char err[512], name[RTE_MEMPOOL_NAMESIZE];
	uint64_t ms = rmc_node_tsc_hz(node) / 1000;
	uint32_t timeout_ms;
	uint16_t port;
	int ret;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	rmc_node_drv_priv_set(node, p);
	ret = rmc_fabric_conf_load(rmc_node_fabric_conf(node), rmc_node_count(node), &p->fc, err, sizeof(err));
	if (ret < 0) {
		RMC_LOG(ERR, "driver eth: %s", err);
		goto fail;
	}
	if (rte_eth_dev_count_avail() == 0) {
		RMC_LOG(ERR, "driver eth needs an Ethernet port: name one in the EAL arguments, "
			"for example --vdev=net_memif0,role=server,socket=/tmp/rmc.sock or "
			"--vdev=net_af_packet0,iface=eth1 (see rmcd --help)");
		ret = -ENODEV;
		goto fail;
	}
	snprintf(name, sizeof(name), "rmc_eth%u", __atomic_fetch_add(&eth_seq, 1,
		__ATOMIC_RELAXED));
	p->pool = rte_pktmbuf_pool_create(name, RMC_ETH_MBUFS, 64, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (p->pool == NULL) {
		RMC_LOG(ERR, "node %u: cannot create the mbuf pool: %s", rmc_node_id(node),
			rte_strerror(rte_errno));
		ret = -ENOMEM;
		goto fail;
	}
	/* Frames must fit one mbuf: the chunk is bounded by its data room too. */
	p->max_payload = RTE_ALIGN_FLOOR(RTE_MBUF_DEFAULT_DATAROOM - RMC_ETH_HDR, 64u);
	RTE_ETH_FOREACH_DEV(port) {
		ret = eth_port_setup(node, p, port);
		if (ret < 0)
			goto fail;
		p->ports[p->nb_ports++] = port;
	}
	ret = eth_ports_start(node, p);
	if (ret < 0)
		goto fail;
	p->cluster_hash = eth_hash(rmc_node_cluster(node));
	timeout_ms = rmc_node_proto_timeout_ms(node) ? rmc_node_proto_timeout_ms(node) : 1000;
	p->timeout = timeout_ms * ms;
	p->hello_slow = RTE_MAX(timeout_ms / 10, 1u) * ms;
	p->hello_fast = RTE_MIN((uint64_t)RMC_ETH_HELLO_FAST_MS * ms, p->hello_slow);
	p->listen_gap = p->timeout / 2;
	p->listen = 1; /* a hello heard is never stamped 0 (never heard) */
	p->start_ns = rmc_now_ns();
	return 0;
fail:
	eth_fini(node);
	return ret;
}

static uint32_t
eth_max_payload(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);

	return p->max_payload;
}

static uint32_t
eth_window(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);

	return RMC_ETH_WINDOW_FRAMES * (p->max_payload + RMC_PROTO_HDR_SIZE);
}

/* Build one frame: Ethernet header, protocol header, payload. */
static struct rte_mbuf *
eth_frame(struct eth_priv *p, const struct rte_ether_addr *dst, const struct rte_ether_addr *src,
		const struct rmc_proto_hdr *h, const uint8_t *payload)
{
	uint32_t plen = rmc_proto_payload_len(h);
	struct rte_ether_hdr *eh;
	struct rte_mbuf *m;
	uint8_t *d;

	m = rte_pktmbuf_alloc(p->pool);
	if (m == NULL)
		return NULL;
	d = (uint8_t *)rte_pktmbuf_append(m, RMC_ETH_HDR + plen);
	if (d == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	eh = (struct rte_ether_hdr *)d;
	rte_ether_addr_copy(dst, &eh->dst_addr);
	rte_ether_addr_copy(src, &eh->src_addr);
	eh->ether_type = rte_cpu_to_be_16(RMC_ETH_TYPE);
	memcpy(d + RTE_ETHER_HDR_LEN, h, RMC_PROTO_HDR_SIZE);
	if (plen > 0)
		rte_memcpy(d + RMC_ETH_HDR, payload, plen);
	return m;
}

static uint16_t
eth_tx_burst(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *msgs,
		uint16_t n)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	struct eth_peer *peer = &p->peer[dst];
	struct rte_mbuf *frames[RMC_PROTO_BURST];
	uint16_t i, nb, sent;

	/* Replies may go wherever the peer was heard; requests wait until it is up. */
	if (peer->last_heard == 0 || n > RMC_PROTO_BURST)
		return 0;
	for (nb = 0; nb < n; nb++) {
		frames[nb] = eth_frame(p, &p->fc.mac[dst], &p->fc.mac[rmc_node_id(node)], &msgs[nb].hdr,
			msgs[nb].payload);
		if (frames[nb] == NULL)
			break;
	}
	sent = nb > 0 ? rte_eth_tx_burst(peer->port, 0, frames, nb) : 0;
	for (i = sent; i < nb; i++)
		rte_pktmbuf_free(frames[i]);
	return sent;
}

static void
eth_warn_once(struct rte_rmc_node *node, struct eth_peer *peer, uint16_t nid, const char *what)
{
	if (peer->warned)
		return;
	peer->warned = 1;
	RMC_LOG(WARNING, "node %u: ignoring hellos from node %u: %s", rmc_node_id(node), nid, what);
}

static void
eth_hello_in(struct rte_rmc_node *node, struct eth_priv *p, const struct rmc_proto_hdr *h,
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

static uint16_t
eth_rx_burst(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	struct rte_mbuf *pkts[RMC_PROTO_BURST];
	uint16_t k, i, got, nb = 0;

	for (k = 0; k < p->nb_ports && nb < n; k++) {
		uint16_t port = p->ports[(p->rx_next + k) % p->nb_ports];

		got = rte_eth_rx_burst(port, 0, pkts, RTE_MIN(n - nb, RMC_PROTO_BURST));
		for (i = 0; i < got; i++) {
			struct rte_mbuf *m = pkts[i];
			const struct rte_ether_hdr *eh =
				rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
			struct rmc_proto_msg *msg = &msgs[nb];
			uint32_t plen;
			int src;

			if (m->nb_segs != 1 || m->pkt_len < RMC_ETH_HDR ||
					eh->ether_type != rte_cpu_to_be_16(RMC_ETH_TYPE) ||
					(!rte_is_same_ether_addr(&eh->dst_addr,
						&p->fc.mac[rmc_node_id(node)]) &&
					 !rte_is_broadcast_ether_addr(&eh->dst_addr))) {
				rte_pktmbuf_free(m); /* not for us */
				continue;
			}
			memcpy(&msg->hdr, (const uint8_t *)eh + RTE_ETHER_HDR_LEN,
				RMC_PROTO_HDR_SIZE);
			if (rmc_proto_hdr_ok(&msg->hdr) && msg->hdr.type == RMC_ETH_HELLO) {
				eth_hello_in(node, p, &msg->hdr, &eh->src_addr, port);
				rte_pktmbuf_free(m);
				continue;
			}
			src = rmc_fabric_conf_find(&p->fc, &eh->src_addr);
			plen = rmc_proto_payload_len(&msg->hdr);
			if (src < 0 || m->pkt_len < RMC_ETH_HDR + plen) {
				rte_pktmbuf_free(m); /* unknown sender or truncated */
				continue;
			}
			msg->payload = (const uint8_t *)eh + RMC_ETH_HDR;
			msg->cookie = (uintptr_t)m;
			msg->peer = src;
			nb++;
		}
	}
	p->rx_next = p->nb_ports > 0 ? (p->rx_next + 1) % p->nb_ports : 0;
	return nb;
}

static void
eth_rx_done(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	uint16_t i;

	RTE_SET_USED(node);
	for (i = 0; i < n; i++)
		rte_pktmbuf_free((struct rte_mbuf *)msgs[i].cookie);
}

/* Broadcast a hello on every port. */
static void
eth_hello_out(struct rte_rmc_node *node, struct eth_priv *p, uint64_t heard)
{
	static const struct rte_ether_addr bcast = {
		.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	struct rmc_proto_hdr h;
	struct rte_mbuf *m;
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
		m = eth_frame(p, &bcast, &p->fc.mac[rmc_node_id(node)], &h, NULL);
		if (m != NULL && rte_eth_tx_burst(p->ports[i], 0, &m, 1) == 0)
			rte_pktmbuf_free(m);
	}
}

/*
 * A link down for a second is restarted: a memif client refused once (its
 * server's interface was not started yet) does not try again by itself.
 * In the RMC loop, the only thread that uses the ports.
 */
static void
eth_links_check(struct rte_rmc_node *node, struct eth_priv *p, uint64_t now)
{
	struct rte_eth_link link;
	uint16_t i;

	for (i = 0; i < p->nb_ports; i++) {
		memset(&link, 0, sizeof(link));
		if (rte_eth_link_get_nowait(p->ports[i], &link) < 0 ||
				link.link_status == RTE_ETH_LINK_UP) {
			p->link_down_since[i] = 0;
			continue;
		}
		if (p->link_down_since[i] == 0) {
			p->link_down_since[i] = now;
			continue;
		}
		if (now - p->link_down_since[i] < rmc_node_tsc_hz(node))
			continue;
		RMC_LOG(NOTICE, "node %u: port %u link down for a second: restarting it",
			rmc_node_id(node), p->ports[i]);
		rte_eth_dev_stop(p->ports[i]);
		if (rte_eth_dev_start(p->ports[i]) == 0)
			rte_eth_promiscuous_enable(p->ports[i]);
		p->link_down_since[i] = now;
	}
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
	if (p->last_poll != 0)
		p->listen += RTE_MIN(now - p->last_poll, p->listen_gap);
	p->last_poll = now;
}

/* RMC loop: hellos out, and who is up. */
static int
eth_poll(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	uint64_t now = rte_rdtsc(), heard = 0;
	unsigned int i, missing = 0;

	eth_listen_clock(p, now);
	if (now >= p->next_link_check) {
		eth_links_check(node, p, now);
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
				RMC_LOG(INFO, "node %u: node %u is reachable on port %u", rmc_node_id(node),
					i, peer->port);
			else
				RMC_LOG(WARNING, "node %u: node %u is down; requests to it fail "
					"with node-down until it is back", rmc_node_id(node), i);
		}
		missing += !up;
	}
	eth_hello_out(node, p, heard);
	p->next_hello = now + (missing ? p->hello_fast : p->hello_slow);
	return 0;
}

/* Control thread: say what start-up waits for, as the other drivers do. */
static void
eth_tick(struct rte_rmc_node *node)
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

static const struct rmc_transport_ops eth_transport = {
	.max_payload = eth_max_payload,
	.window = eth_window,
	.tx_burst = eth_tx_burst,
	.rx_burst = eth_rx_burst,
	.rx_done = eth_rx_done,
};

static const struct rmc_driver_ops eth_remote_ops = {
	.name = "eth",
	.help = "RMCs exchange protocol messages in Ethernet frames on ethdev ports",
	.init = eth_init,
	.fini = eth_fini,
	.tick = eth_tick,
	.poll = eth_poll,
	.transport = &eth_transport,
};

RMC_DRIVER_REGISTER(eth, eth_remote_ops);
