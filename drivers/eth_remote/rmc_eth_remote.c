/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * eth_remote ("rmcd --driver eth"): the soNUMA protocol between RMCs in
 * Ethernet frames on DPDK ethdev ports, which takes the platform across
 * machines. The ports come from the EAL arguments (a NIC, or a virtual
 * device such as --vdev=net_memif0,... or --vdev=net_af_packet0,iface=...);
 * every port found is used, or those the driver argument ports=NAME[:NAME...]
 * names (so that several nodes can share a process, as the tests' do). Which MAC address each node has comes from the
 * cluster's fabric configuration (--fabric-conf, rmc_fabric_conf.h).
 *
 * Frame: Ethernet header (ethertype RMC_ETH_TYPE, the IEEE "local
 * experimental" 0x88b5), then a protocol message (struct rmc_proto_hdr and
 * its payload). A chunk is at most the port's MTU less that header.
 *
 * Control plane, on the same ports, in the RMC loop: every node broadcasts a
 * hello frame (its id, cluster size, a hash of the cluster name, its
 * incarnation, and which nodes it hears) every tenth of the protocol
 * time-out, more often while a peer is missing (at the next pass when the
 * TX queue had no room for it). A peer is up while its hellos arrive, come
 * from its configured address, match the cluster, and say that it hears this
 * node; the port it was heard on is the route to it. Between hellos, any
 * request or reply of its current incarnation counts as heard
 * (rmc_eth_frame_in()): under load its hellos can be lost behind data. A peer
 * silent for the protocol time-out is down (its requests fail with
 * node-down); a new incarnation is taken down and up again, so that requests
 * to the old one fail. Silence is counted on a clock that runs only while
 * this RMC polls (eth_listen_clock(), rmc_eth_hello.c), so that a stall of
 * this RMC (its CPU taken away, the whole host paused) is not blamed on its
 * peers. Context sizes are not exchanged: the destination checks every
 * request against its own contexts, as the direct path does.
 *
 * This file holds the driver (init, fini) and its transport (frames in and
 * out); rmc_eth_port.c the ports; rmc_eth_hello.c the hellos and liveness.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_alarm.h>
#include <rte_memcpy.h>

#include "rmc_driver.h"
#include "rmc_eth_priv.h"
#include "rmc_fabric_conf.h"

/* Numbers the mbuf pools: each node of a process needs a name of its own. */
static uint32_t eth_seq;

/* Stop and close the ports (memif servers: stop only, see below). */
static void
eth_ports_close(struct eth_priv *p)
{
	uint16_t i;

	for (i = 0; i < p->nb_ports; i++) {
		char path[108];

		if (p->started[i])
			rte_eth_dev_stop(p->ports[i]);
		/*
		 * A memif server is stopped, its socket file removed (no peer can
		 * connect any more), and it is left open: DPDK 22.11's memif frees a
		 * server socket when its last port closes without unregistering the
		 * listener's interrupt callback, which the EAL's interrupt thread
		 * then runs on freed memory at the next connection attempt (rmcd
		 * died with SIGSEGV at its stop). The process ends soon after.
		 */
		if (rmc_eth_memif_server_socket(p->ports[i], path, sizeof(path))) {
			unlink(path);
			/* The EAL's cleanup closes it and reports the file gone as an error. */
			rte_log_set_level_pattern("pmd.net.memif", RTE_LOG_CRIT);
			continue;
		}
		rte_eth_dev_close(p->ports[i]);
	}
}

struct eth_close_job {
	struct eth_priv *p;
	int done;
};

/*
 * In the EAL's interrupt thread, as a port restart is (rmc_eth_port.c): a
 * memif port's control channel is handled there with no lock against
 * others, and a stop from another thread while a peer's disconnection was
 * being handled freed the channel under the handler (SIGSEGV in the
 * interrupt thread, app_itt_share_eth_autotest at cluster stop, 1 run in 53).
 */
static void
eth_ports_close_alarm(void *arg)
{
	struct eth_close_job *j = arg;

	eth_ports_close(j->p);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
}

static void
eth_ports_close_serialised(struct eth_priv *p)
{
	const struct timespec step = { .tv_sec = 0, .tv_nsec = 100000 };
	struct eth_close_job j = { .p = p, .done = 0 };
	unsigned int waited;

	if (rte_eal_alarm_set(1, eth_ports_close_alarm, &j) == 0) {
		/* 10 s at most: the interrupt thread may be stuck in another handler. */
		for (waited = 0; waited < 100000 && !__atomic_load_n(&j.done, __ATOMIC_ACQUIRE);
				waited++)
			nanosleep(&step, NULL);
		/* Not run yet: cancelled here (a running one is waited for). */
		rte_eal_alarm_cancel(eth_ports_close_alarm, &j);
		if (__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
			return;
		RMC_LOG(WARNING, "driver eth: the interrupt thread did not close the ports: "
			"closing them here");
	}
	eth_ports_close(p);
}

static void
eth_fini(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);

	if (p == NULL)
		return;
	rmc_eth_restarts_cancel(p);
	eth_ports_close_serialised(p);
	rte_mempool_free(p->pool);
	free(p);
	rmc_node_drv_priv_set(node, NULL);
}

static int
eth_init(struct rte_rmc_node *node)
{
	struct eth_priv *p;
	char err[512], name[RTE_MEMPOOL_NAMESIZE];
	uint16_t ports[RTE_MAX_ETHPORTS], nb, i;
	int ret;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	rmc_node_drv_priv_set(node, p);
	ret = rmc_fabric_conf_load(rmc_node_fabric_conf(node), rmc_node_count(node), &p->fc, err,
		sizeof(err));
	if (ret < 0) {
		RMC_LOG(ERR, "driver eth: %s", err);
		goto fail;
	}
	rmc_eth_memif_stale(node);
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
	ret = rmc_eth_ports_select(node, ports, &nb);
	if (ret < 0)
		goto fail;
	for (i = 0; i < nb; i++) {
		ret = rmc_eth_port_setup(node, p, ports[i]);
		if (ret < 0)
			goto fail;
		p->ports[p->nb_ports++] = ports[i];
	}
	ret = rmc_eth_ports_start(node, p);
	if (ret < 0)
		goto fail;
	rmc_eth_liveness_init(node, p);
	/* No control session between nodes: the latency model travels in frames. */
	rmc_node_latency_by_proto(node);
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

static uint16_t
eth_tx_burst(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *msgs,
		uint16_t n)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	struct eth_peer *peer = &p->peer[dst];
	struct rte_mbuf *frames[RMC_PROTO_BURST];
	uint16_t idx[RMC_PROTO_BURST];
	uint16_t i, k, nb = 0, sent;

	/* Replies may go wherever the peer was heard; requests wait until it is up. */
	if (peer->last_heard == 0 || n > RMC_PROTO_BURST || !rmc_eth_port_usable(p, peer->port))
		return 0;
	for (i = 0; i < n; i++) {
		frames[nb] = rmc_eth_frame(p, &p->fc.mac[dst], &p->fc.mac[rmc_node_id(node)],
			&msgs[i].hdr, msgs[i].payload);
		/* A payload that faulted: not sent, taken (its request fails). */
		if (frames[nb] == NULL && rte_errno == EFAULT)
			continue;
		if (frames[nb] == NULL)
			break;
		idx[nb++] = i;
	}
	sent = nb > 0 ? rte_eth_tx_burst(peer->port, 0, frames, nb) : 0;
	for (k = sent; k < nb; k++)
		rte_pktmbuf_free(frames[k]);
	/* Taken: the messages before the first frame the port refused. */
	return sent == nb ? i : idx[sent];
}

static uint16_t
eth_rx_burst(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	struct rte_mbuf *pkts[RMC_PROTO_BURST];
	uint16_t k, i, got, nb = 0;

	for (k = 0; k < p->nb_ports && nb < n; k++) {
		uint16_t port = p->ports[(p->rx_next + k) % p->nb_ports];

		if (!rmc_eth_port_usable(p, port))
			continue;
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
			if (msg->hdr.magic == RMC_PROTO_MAGIC && msg->hdr.type == RMC_ETH_HELLO &&
					msg->hdr.version != RMC_PROTO_VERSION) {
				/* Refused, with both versions named once per peer node id. */
				rmc_eth_hello_version(node, p, &msg->hdr);
				rte_pktmbuf_free(m);
				continue;
			}
			if (rmc_proto_hdr_ok(&msg->hdr) && msg->hdr.type == RMC_ETH_HELLO) {
				rmc_eth_hello_in(node, p, &msg->hdr, &eh->src_addr, port);
				rte_pktmbuf_free(m);
				continue;
			}
			src = rmc_fabric_conf_find(&p->fc, &eh->src_addr);
			plen = rmc_proto_payload_len(&msg->hdr);
			if (src < 0 || m->pkt_len < RMC_ETH_HDR + plen) {
				rte_pktmbuf_free(m); /* unknown sender or truncated */
				continue;
			}
			rmc_eth_frame_in(node, p, &msg->hdr, (uint16_t)src);
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

/*
 * memif is shared memory: its peers are processes of this machine, one TSC.
 * Any other port may reach another machine, whose clock is not ours.
 */
static int
eth_same_clock(struct rte_rmc_node *node)
{
	struct eth_priv *p = rmc_node_drv_priv(node);
	struct rte_eth_dev_info info;
	uint16_t i;

	for (i = 0; i < p->nb_ports; i++)
		if (rte_eth_dev_info_get(p->ports[i], &info) != 0 || info.driver_name == NULL ||
				strcmp(info.driver_name, "net_memif") != 0)
			return 0;
	return p->nb_ports > 0;
}

static const struct rmc_transport_ops eth_transport = {
	.max_payload = eth_max_payload,
	.window = eth_window,
	.tx_burst = eth_tx_burst,
	.rx_burst = eth_rx_burst,
	.rx_done = eth_rx_done,
	.same_clock = eth_same_clock,
};

static const struct rmc_driver_ops eth_remote_ops = {
	.name = "eth",
	.help = "RMCs exchange protocol messages in Ethernet frames on ethdev ports",
	.init = eth_init,
	.fini = eth_fini,
	.tick = rmc_eth_tick,
	.poll = rmc_eth_poll,
	.transport = &eth_transport,
};

RMC_DRIVER_REGISTER(eth, eth_remote_ops);
