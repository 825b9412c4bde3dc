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
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>


#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_private.h"
#include "rmc_ringpair.h"
#include "rmc_shm.h"

/* 8192 elements of 64 B per ring: 512 KiB per ring, 1 MiB per peer pair. */
#define RING_ELEMS 8192
/* Largest chunk carried in one message: 16 KiB (257 elements). */
#define RING_MAX_PAYLOAD (16u << 10)
/* How often a missing peer is tried again. */
#define RING_RETRY_NS 100000000ull
/* How long a connected peer may take to hand over its rings. */
#define RING_SETUP_TIMEOUT_NS 2000000000ull

enum ring_cli_state {
	RING_CLI_IDLE = 0,     /* not connected */
	RING_CLI_HELLO_SENT,   /* waiting for the peer's hello reply */
	RING_CLI_WAIT_RINGS,   /* waiting for the peer's ring pair */
	RING_CLI_UP,           /* requests may be sent */
};

/* The control side of one peer; the rings themselves are in struct rmc_ring_peers. */
struct ring_peer {
	/* Client side: this node's requests to the peer, on rings the peer made. */
	struct rmc_watch watch;
	void *cli_mem;
	uint64_t cli_len;
	uint64_t next_try_ns;
	uint64_t setup_deadline_ns;
	enum ring_cli_state state;
	int fd;
	int refused;
	/* Server side: the peer's requests to this node, on rings this node made. */
	struct rmc_shm_seg srv_seg;
	uint16_t nid;
};

struct ring_priv {
	struct ring_peer peer[RTE_RMC_MAX_NODES];
	struct rmc_ring_peers rings; /* the transport, shared with xen_remote */
	uint64_t start_ns;
	int wait_logged;
	int all_up_logged;
};

static void ring_peer_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg);

static int
ring_init(struct rte_rmc_node *node)
{
	struct ring_priv *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (p == NULL)
		return -ENOMEM;
	if (rmc_ring_peers_init(&p->rings, node->id, node->count, RING_MAX_PAYLOAD) < 0) {
		free(p);
		return -ENOMEM;
	}
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		p->peer[i].fd = -1;
		p->peer[i].nid = i;
		p->peer[i].srv_seg.fd = -1;
	}
	p->start_ns = rmc_now_ns();
	node->drv_priv = p;
	return 0;
}

/* Client side: forget the peer's rings (the caller made the RMC stop using them). */
static void
ring_cli_close(struct rte_rmc_node *node, struct ring_peer *peer, uint64_t retry_ns)
{
	if (peer->fd >= 0) {
		rmc_ctl_unwatch_fd(node, peer->fd);
		close(peer->fd);
	}
	peer->fd = -1;
	peer->state = RING_CLI_IDLE;
	if (peer->cli_mem != NULL)
		munmap(peer->cli_mem, peer->cli_len);
	peer->cli_mem = NULL;
	peer->next_try_ns = rmc_now_ns() + retry_ns;
}

static void
ring_cli_down(struct rte_rmc_node *node, struct ring_peer *peer)
{
	struct ring_priv *p = node->drv_priv;

	rmc_ring_peers_unpublish(&p->rings, peer->nid, RMC_RING_CLIENT);
	rmc_node_set_peer_up(node, peer->nid, 0);
	/* No pass of the RMC may still be using the rings. */
	rmc_node_quiesce(node);
	ring_cli_close(node, peer, RING_RETRY_NS);
	RMC_LOG(WARNING, "node %u: node %u is down; requests to it fail with node-down "
		"until it is back", node->id, peer->nid);
}

/*
 * Start connecting to a peer. Every later step is driven by the peer's
 * messages in ring_peer_event(), never waited for, so two nodes connecting to
 * each other at once cannot block each other's control threads.
 */
static int
ring_cli_connect(struct rte_rmc_node *node, struct ring_peer *peer)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct rmc_ctl_msg m;
	int fd, ret;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/node%u.sock", node->dir, peer->nid);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	rmc_ctl_init(&m, RMC_CTL_HELLO);
	snprintf(m.u.hello.cluster, sizeof(m.u.hello.cluster), "%s", node->cluster);
	m.u.hello.pid = getpid();
	m.u.hello.role = RMC_ROLE_PEER;
	m.u.hello.node_id = node->id;
	m.u.hello.node_count = node->count;
	snprintf(m.u.hello.driver, sizeof(m.u.hello.driver), "%s", node->drv->name);
	ret = rmc_ctl_send(fd, &m, -1);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	peer->fd = fd;
	peer->watch.fd = fd;
	peer->watch.cb = ring_peer_event;
	peer->watch.arg = peer;
	ret = rmc_ctl_watch_fd(node, &peer->watch);
	if (ret < 0) {
		close(fd);
		peer->fd = -1;
		return ret;
	}
	peer->state = RING_CLI_HELLO_SENT;
	peer->setup_deadline_ns = rmc_now_ns() + RING_SETUP_TIMEOUT_NS;
	return 0;
}

/* The peer's ring pair arrived: map it, check it, publish it. */
static int
ring_cli_attach(struct rte_rmc_node *node, struct ring_peer *peer, const struct rmc_ctl_msg *m,
		int fd)
{
	struct ring_priv *p = node->drv_priv;
	struct rmc_ringpair pair;
	void *mem;
	int ret;

	if (fd < 0 || m->u.seg.size > m->u.seg.map_size || peer->cli_mem != NULL)
		return -EPROTO;
	mem = rmc_shm_map_fd(fd, m->u.seg.map_size);
	if (mem == NULL) {
		RMC_LOG(ERR, "node %u: cannot map the rings of node %u: %s", node->id, peer->nid,
			strerror(errno));
		return -errno;
	}
	ret = rmc_ringpair_attach(mem, m->u.seg.size, peer->nid, node->id, &pair);
	if (ret == 0 && pair.max_payload != RING_MAX_PAYLOAD)
		ret = -EPROTO;
	if (ret < 0) {
		munmap(mem, m->u.seg.map_size);
		return ret;
	}
	peer->cli_mem = mem;
	peer->cli_len = m->u.seg.map_size;
	peer->state = RING_CLI_UP;
	peer->refused = 0;
	rmc_ring_peers_publish(&p->rings, peer->nid, RMC_RING_CLIENT, &pair);
	rmc_node_set_peer_up(node, peer->nid, 1);
	RMC_LOG(INFO, "node %u: connected to node %u over rings", node->id, peer->nid);
	return 0;
}

static void
ring_ack(struct ring_peer *peer, uint64_t gen)
{
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_CTX_ACK);
	m.u.ctx.gen = gen;
	rmc_ctl_send(peer->fd, &m, -1);
}

/* One message from a peer, according to where its set-up stands. */
static int
ring_peer_msg(struct rte_rmc_node *node, struct ring_peer *peer, struct rmc_ctl_msg *m, int rfd)
{
	switch (peer->state) {
	case RING_CLI_HELLO_SENT:
		if (m->type != RMC_CTL_HELLO)
			return -EPROTO;
		if (m->result < 0) {
			if (!peer->refused)
				RMC_LOG(ERR, "node %u: node %u refused us: %.*s", node->id,
					peer->nid, RMC_CTL_TEXT_MAX, m->u.text);
			peer->refused = 1;
			return m->result;
		}
		peer->state = RING_CLI_WAIT_RINGS;
		return 0;
	case RING_CLI_WAIT_RINGS:
	case RING_CLI_UP:
		/* Contexts are announced without memory: acknowledge, nothing to map. */
		if (m->type == RMC_CTL_CTX_ANNOUNCE) {
			ring_ack(peer, m->u.ctx.gen);
			return 0;
		}
		if (m->type == RMC_CTL_DRV_SEG)
			return ring_cli_attach(node, peer, m, rfd);
		return 0;
	default:
		return -EPROTO;
	}
}

static void
ring_peer_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct ring_peer *peer = arg;
	struct rmc_ctl_msg m;
	int rfd, ret;

	if (peer->fd != fd || peer->fd < 0)
		return;
	for (;;) {
		ret = rmc_ctl_recv(fd, &m, &rfd);
		if (ret == -EAGAIN)
			break;
		if (ret == 0)
			ret = ring_peer_msg(node, peer, &m, rfd);
		if (rfd >= 0)
			close(rfd);
		if (ret < 0) {
			if (peer->state == RING_CLI_UP)
				ring_cli_down(node, peer);
			else
				ring_cli_close(node, peer, peer->refused ? 10 * RING_RETRY_NS :
					RING_RETRY_NS);
			return;
		}
	}
	if (events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) {
		if (peer->state == RING_CLI_UP)
			ring_cli_down(node, peer);
		else
			ring_cli_close(node, peer, RING_RETRY_NS);
	}
}

static void
ring_tick(struct rte_rmc_node *node)
{
	struct ring_priv *p = node->drv_priv;
	uint64_t now = rmc_now_ns();
	unsigned int i, missing = 0;
	char list[256];
	size_t off = 0;

	list[0] = '\0';
	for (i = 0; i < node->count; i++) {
		struct ring_peer *peer = &p->peer[i];

		if (i == node->id || peer->state == RING_CLI_UP)
			continue;
		if (peer->fd >= 0 && now > peer->setup_deadline_ns) {
			RMC_LOG(WARNING, "node %u: node %u did not hand over its rings within "
				"2 s; retrying", node->id, i);
			ring_cli_close(node, peer, RING_RETRY_NS);
		}
		if (peer->fd < 0 && now >= peer->next_try_ns &&
				ring_cli_connect(node, peer) < 0)
			peer->next_try_ns = now + RING_RETRY_NS;
		missing++;
		if (off < sizeof(list))
			off += snprintf(list + off, sizeof(list) - off, "%s%u", off ? " " : "", i);
	}
	if (missing == 0) {
		if (!p->all_up_logged && node->count > 1)
			RMC_LOG(NOTICE, "node %u: all %u nodes of cluster '%s' connected",
				node->id, node->count, node->cluster);
		p->all_up_logged = 1;
		return;
	}
	if (!p->wait_logged && now - p->start_ns > 1000000000ull) {
		RMC_LOG(NOTICE, "node %u: waiting for node(s) %s of cluster '%s' to start",
			node->id, list, node->cluster);
		p->wait_logged = 1;
	}
	if (p->wait_logged == 1 && now - p->start_ns > node->conf.peer_wait_ms * 1000000ull) {
		RMC_LOG(WARNING, "node %u: node(s) %s still missing after %u ms; serving anyway, "
			"requests to them fail with node-down", node->id, list,
			node->conf.peer_wait_ms);
		p->wait_logged = 2;
	}
}

/* Server side: stop serving a peer and release its rings. */
static void
ring_peer_detach(struct rte_rmc_node *node, uint16_t nid)
{
	struct ring_priv *p = node->drv_priv;
	struct ring_peer *peer = &p->peer[nid];

	if (peer->srv_seg.addr == NULL)
		return;
	rmc_ring_peers_unpublish(&p->rings, nid, RMC_RING_SERVER);
	rmc_node_quiesce(node);
	rmc_shm_destroy(&peer->srv_seg);
}

/* Server side: a peer said hello; make its ring pair and hand it over. */
static int
ring_peer_attach(struct rte_rmc_node *node, uint16_t nid, int fd)
{
	struct ring_priv *p = node->drv_priv;
	struct ring_peer *peer = &p->peer[nid];
	size_t size = rmc_ringpair_memsize(RING_ELEMS);
	struct rmc_ringpair pair;
	struct rmc_ctl_msg m;
	char name[64];
	int ret;

	ring_peer_detach(node, nid);
	snprintf(name, sizeof(name), "sonuma_%s_n%u_rings%u", node->cluster, node->id, nid);
	ret = rmc_shm_create(name, size, RTE_RMC_HUGE_OFF, &peer->srv_seg);
	if (ret < 0)
		return ret;
	ret = rmc_ringpair_init(peer->srv_seg.addr, peer->srv_seg.size, RING_ELEMS,
		RING_MAX_PAYLOAD, node->id, nid);
	if (ret == 0)
		ret = rmc_ringpair_attach(peer->srv_seg.addr, peer->srv_seg.size, node->id, nid,
			&pair);
	if (ret < 0) {
		rmc_shm_destroy(&peer->srv_seg);
		return ret;
	}
	rmc_ring_peers_publish(&p->rings, nid, RMC_RING_SERVER, &pair);
	rmc_ctl_init(&m, RMC_CTL_DRV_SEG);
	m.u.seg.size = size;
	m.u.seg.map_size = peer->srv_seg.size;
	ret = rmc_ctl_send(fd, &m, peer->srv_seg.fd);
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
	struct ring_priv *p = node->drv_priv;

	return rmc_ring_peers_tx(&p->rings, dst, msgs, n);
}

static uint16_t
ring_rx_burst(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct ring_priv *p = node->drv_priv;

	return rmc_ring_peers_rx(&p->rings, msgs, n);
}

static void
ring_rx_done(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct ring_priv *p = node->drv_priv;

	RTE_SET_USED(msgs);
	RTE_SET_USED(n);
	rmc_ring_peers_rx_done(&p->rings);
}

/* Loopback only: requests to other nodes go through the protocol layer. */
static int
ring_execute(struct rte_rmc_node *node, struct rmc_xfer *x)
{
	if (x->dst_nid != node->id)
		return RTE_RMC_STATUS_INTERNAL;
	return rmc_ctx_execute(x->ctx_id < RTE_RMC_MAX_CTX ? &node->ctx[x->ctx_id].view : NULL,
		x);
}

static void
ring_fini(struct rte_rmc_node *node)
{
	struct ring_priv *p = node->drv_priv;
	unsigned int i;

	if (p == NULL)
		return;
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		struct ring_peer *peer = &p->peer[i];

		if (peer->fd >= 0)
			close(peer->fd);
		if (peer->cli_mem != NULL)
			munmap(peer->cli_mem, peer->cli_len);
		if (peer->srv_seg.addr != NULL)
			rmc_shm_destroy(&peer->srv_seg);
	}
	rmc_ring_peers_fini(&p->rings);
	free(p);
	node->drv_priv = NULL;
}

static const struct rmc_transport_ops ring_transport = {
	.max_payload = ring_max_payload,
	.window = ring_window,
	.tx_burst = ring_tx_burst,
	.rx_burst = ring_rx_burst,
	.rx_done = ring_rx_done,
};

static const struct rmc_driver_ops ring_remote_ops = {
	.name = "ring",
	.help = "nodes are processes on one host; RMCs exchange protocol messages on rte_rings",
	.init = ring_init,
	.fini = ring_fini,
	.tick = ring_tick,
	.execute = ring_execute,
	.peer_attach = ring_peer_attach,
	.peer_detach = ring_peer_detach,
	.transport = &ring_transport,
};

RMC_DRIVER_REGISTER(ring, ring_remote_ops);
