/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_ETH_PRIV_H_
#define _RMC_ETH_PRIV_H_

/*
 * The eth driver's private view, shared by its three files: the driver and
 * its transport (rmc_eth_remote.c, where the frame and the hello are
 * described), the ports (rmc_eth_port.c), and the hellos and liveness of the
 * peers (rmc_eth_hello.c).
 */

#include <stdint.h>

#include <rte_ether.h>

#include "rmc_driver.h"
#include "rmc_fabric_conf.h"

struct rte_mbuf;

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

/* A port restart handed to the EAL's interrupt thread (rmc_eth_links_check()). */
struct eth_port_restart {
	struct eth_priv *p;
	uint16_t port;
	uint8_t pending;       /* set by the RMC loop, cleared by the interrupt thread */
};

struct eth_priv {
	struct rmc_fabric_conf fc;
	struct rte_mempool *pool;
	uint16_t ports[RTE_MAX_ETHPORTS];
	uint8_t started[RTE_MAX_ETHPORTS];
	uint64_t link_down_since[RTE_MAX_ETHPORTS]; /* TSC, 0 while the link is up */
	/* By port id: the RMC loop may burst on it (started, not being restarted). */
	uint8_t usable[RTE_MAX_ETHPORTS];
	struct eth_port_restart restart[RTE_MAX_ETHPORTS]; /* by index, as ports[] */
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

/*
 * rmc_eth_port.c: the ports the node uses: those named by the driver argument
 * ports=NAME[:NAME...], else every port of the process. 0 or -errno, logged.
 */
int rmc_eth_ports_select(struct rte_rmc_node *node, uint16_t *ports, uint16_t *nb);

/* rmc_eth_remote.c: the transport. */

/*
 * Build one frame: Ethernet header, protocol header, payload. NULL with
 * rte_errno EFAULT when the payload copy faulted (the message must not be
 * sent), ENOBUFS when no mbuf was left.
 */
struct rte_mbuf *rmc_eth_frame(struct eth_priv *p, const struct rte_ether_addr *dst,
		const struct rte_ether_addr *src, const struct rmc_proto_hdr *h,
		const uint8_t *payload);

/* rmc_eth_port.c: the ports. */

/*
 * Before the ports are counted: a net_memif server that the EAL could not
 * probe because a killed predecessor left its socket file gets the file
 * removed (when nobody listens on it) and is probed again (rmc_eth_memif.c).
 */
/*
 * 1 with its socket file's path when the port is a memif server listening
 * on a file-system socket, else 0.
 */
int rmc_eth_memif_server_socket(uint16_t port, char *path, size_t size);
void rmc_eth_memif_stale(struct rte_rmc_node *node);

/* Configure a port and its queues; started later by rmc_eth_ports_start(). */
int rmc_eth_port_setup(struct rte_rmc_node *node, struct eth_priv *p, uint16_t port);

/* Start every port, waiting up to --peer-wait for those that need their peer. */
int rmc_eth_ports_start(struct rte_rmc_node *node, struct eth_priv *p);

/* Restart a port whose link has been down for a second (RMC loop). */
void rmc_eth_links_check(struct rte_rmc_node *node, struct eth_priv *p, uint64_t now);

/* Before the ports are closed: no restart runs or is left to run. */
void rmc_eth_restarts_cancel(struct eth_priv *p);

/* 1 if the RMC loop may use the port now. */
static inline int
rmc_eth_port_usable(const struct eth_priv *p, uint16_t port)
{
	return __atomic_load_n(&p->usable[port], __ATOMIC_ACQUIRE);
}

/* rmc_eth_hello.c: hellos and liveness. */

/* The cluster's hash and the hello and silence periods, once the ports run. */
void rmc_eth_liveness_init(struct rte_rmc_node *node, struct eth_priv *p);

/* A hello received on 'port' from address 'src'. */
void rmc_eth_hello_version(struct rte_rmc_node *node, struct eth_priv *p,
		const struct rmc_proto_hdr *h);
void rmc_eth_hello_in(struct rte_rmc_node *node, struct eth_priv *p,
		const struct rmc_proto_hdr *h, const struct rte_ether_addr *src, uint16_t port);

/* A protocol frame (not a hello) of node 'nid': alive, as a hello says. */
void rmc_eth_frame_in(struct rte_rmc_node *node, struct eth_priv *p,
		const struct rmc_proto_hdr *h, uint16_t nid);

/* RMC loop: hellos out, and who is up. */
int rmc_eth_poll(struct rte_rmc_node *node);

/* Control thread: say what start-up waits for. */
void rmc_eth_tick(struct rte_rmc_node *node);

#endif /* _RMC_ETH_PRIV_H_ */
