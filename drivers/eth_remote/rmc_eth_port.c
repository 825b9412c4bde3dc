/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The eth driver's ports: setting each one up, starting them all (waiting
 * for a memif peer), restarting a link that stays down, and building the
 * frames every other part of the driver sends.
 */

#include <errno.h>
#include <string.h>
#include <time.h>

#include <rte_alarm.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_kvargs.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>

#include "rmc_driver.h"
#include "rmc_eth_priv.h"

/* Configure a port and its queues; started later by rmc_eth_ports_start(). */
int
rmc_eth_ports_select(struct rte_rmc_node *node, uint16_t *ports, uint16_t *nb)
{
	static const char *const keys[] = { "ports", NULL };
	const char *args = rmc_node_driver_args(node), *list;
	char names[512], *name, *save = NULL;
	struct rte_kvargs *kv;
	uint16_t port;
	int ret = 0;

	*nb = 0;
	kv = rte_kvargs_parse(args != NULL ? args : "", keys);
	if (kv == NULL) {
		RMC_LOG(ERR, "driver eth: arguments '%s': the only one is ports=NAME[:NAME...]",
			args);
		return -EINVAL;
	}
	list = rte_kvargs_get(kv, "ports");
	if (list == NULL) {
		RTE_ETH_FOREACH_DEV(port)
			ports[(*nb)++] = port;
		rte_kvargs_free(kv);
		return 0;
	}
	snprintf(names, sizeof(names), "%s", list);
	for (name = strtok_r(names, ":", &save); name != NULL && ret == 0;
			name = strtok_r(NULL, ":", &save)) {
		if (rte_eth_dev_get_port_by_name(name, &port) != 0) {
			RMC_LOG(ERR, "driver eth: ports=%s: no port named '%s'", list, name);
			ret = -ENODEV;
		} else if (*nb < RTE_MAX_ETHPORTS) {
			ports[(*nb)++] = port;
		}
	}
	rte_kvargs_free(kv);
	return ret;
}

int
rmc_eth_port_setup(struct rte_rmc_node *node, struct eth_priv *p, uint16_t port)
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
int
rmc_eth_ports_start(struct rte_rmc_node *node, struct eth_priv *p)
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
				p->restart[i].p = p;
				p->restart[i].port = p->ports[i];
				__atomic_store_n(&p->usable[p->ports[i]], 1, __ATOMIC_RELEASE);
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
				rmc_node_id(node), left, rmc_node_peer_wait_ms(node),
				strerror(-ret));
			return ret;
		}
		nanosleep(&ts, NULL);
	}
}

/*
 * In the EAL's interrupt thread: stop and start the port. A memif port's
 * control channel (connection, regions, disconnection) is handled in that
 * thread, with no lock against others: a stop from the RMC loop while the
 * peer was connecting freed the channel under the handler (ASan: SEGV in
 * rte_free() called by memif in the interrupt thread, peer_death_eth).
 */
static void
eth_port_restart(void *arg)
{
	struct eth_port_restart *r = arg;

	rte_eth_dev_stop(r->port);
	if (rte_eth_dev_start(r->port) == 0) {
		rte_eth_promiscuous_enable(r->port);
		__atomic_store_n(&r->p->usable[r->port], 1, __ATOMIC_RELEASE);
	}
	/* Not started: left unusable, and tried again a second later. */
	__atomic_store_n(&r->pending, 0, __ATOMIC_RELEASE);
}

/*
 * A link down for a second is restarted: a memif client refused once (its
 * server's interface was not started yet) does not try again by itself. The
 * RMC loop stops using the port, then the interrupt thread restarts it.
 */
void
rmc_eth_links_check(struct rte_rmc_node *node, struct eth_priv *p, uint64_t now)
{
	struct rte_eth_link link;
	uint16_t i, port;

	for (i = 0; i < p->nb_ports; i++) {
		port = p->ports[i];
		if (!p->started[i] || __atomic_load_n(&p->restart[i].pending, __ATOMIC_ACQUIRE))
			continue;
		memset(&link, 0, sizeof(link));
		if (rte_eth_link_get_nowait(port, &link) < 0 ||
				link.link_status == RTE_ETH_LINK_UP) {
			p->link_down_since[i] = 0;
			continue;
		}
		if (p->link_down_since[i] == 0) {
			p->link_down_since[i] = now;
			continue;
		}
		/* Signed: a TSC step back (a VM's unstable TSC) is no time. */
		if ((int64_t)(now - p->link_down_since[i]) < (int64_t)rmc_node_tsc_hz(node))
			continue;
		RMC_LOG(NOTICE, "node %u: port %u link down for a second: restarting it",
			rmc_node_id(node), port);
		p->link_down_since[i] = now;
		__atomic_store_n(&p->usable[port], 0, __ATOMIC_RELEASE);
		__atomic_store_n(&p->restart[i].pending, 1, __ATOMIC_RELEASE);
		if (rte_eal_alarm_set(1, eth_port_restart, &p->restart[i]) < 0) {
			RMC_LOG(ERR, "node %u: port %u: cannot schedule its restart",
				rmc_node_id(node), port);
			__atomic_store_n(&p->restart[i].pending, 0, __ATOMIC_RELEASE);
			__atomic_store_n(&p->usable[port], 1, __ATOMIC_RELEASE);
		}
	}
}

void
rmc_eth_restarts_cancel(struct eth_priv *p)
{
	uint16_t i;

	/* Waits for a restart the interrupt thread is running. */
	for (i = 0; i < p->nb_ports; i++)
		if (p->started[i])
			rte_eal_alarm_cancel(eth_port_restart, &p->restart[i]);
}

/* Build one frame: Ethernet header, protocol header, payload. */
struct rte_mbuf *
rmc_eth_frame(struct eth_priv *p, const struct rte_ether_addr *dst,
		const struct rte_ether_addr *src, const struct rmc_proto_hdr *h,
		const uint8_t *payload)
{
	uint32_t plen = rmc_proto_payload_len(h);
	struct rte_ether_hdr *eh;
	struct rte_mbuf *m;
	uint8_t *d;

	rte_errno = ENOBUFS;
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
	if (plen > 0 && rmc_proto_payload_copy(d + RMC_ETH_HDR, h, payload, plen) < 0) {
		rte_pktmbuf_free(m);
		rte_errno = EFAULT;
		return NULL;
	}
	return m;
}
