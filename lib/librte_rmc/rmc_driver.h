/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_DRIVER_H_
#define _RMC_DRIVER_H_

/**
 * @file
 * Remote-memory drivers: how a node's RMC reaches its peers' memory.
 *
 * The library never names a driver. A driver fills a struct rmc_driver_ops
 * and registers it from a constructor with RMC_DRIVER_REGISTER(); a node
 * selects it by name (rmcd --driver NAME).
 *
 * There are two kinds of drivers:
 * - direct-access drivers (shm) map their peers' contexts; the RGP executes
 *   each request (or chunk of one) synchronously through 'execute';
 * - message drivers (ring, eth, xen) fill 'transport': the RGP then hands
 *   requests to other nodes to the protocol layer (rmc_proto.h), which cuts
 *   them into chunk requests, sends them with the transport's tx_burst,
 *   serves peers' requests (RRPP) and completes its own from the replies
 *   (RCP). 'execute' then serves loopback requests (to the node itself) only.
 *
 * Threads: init/fini/tick/peer_attach/peer_detach run on the node's control
 * thread (tick about every RMC_CTL_TICK_MS) or the thread that creates or
 * destroys the node; execute, poll and the transport ops run on the RMC loop
 * (lcore or service). A driver that changes what the RMC may be using
 * (unmapping a dead peer) first unpublishes it, then calls rmc_node_quiesce()
 * before releasing it.
 */

#include <stdint.h>
#include <sys/queue.h>

#include <rte_common.h>

#include "rmc_private.h"
#include "rmc_proto.h"

/* Period of the control thread's housekeeping tick. */
#define RMC_CTL_TICK_MS 20

struct rmc_driver_ops {
	/** Name used to select the driver. */
	const char *name;
	/** One line for --help listings. */
	const char *help;
	/**
	 * Optional: whether the driver can run on this host, checked before
	 * init and by rte_rmc_driver_probe() (so that rmcd can fail before
	 * EAL starts). 0, or -errno with a one-line reason in why that says
	 * what to do instead.
	 */
	int (*probe)(char *why, size_t len);
	/** Set up per-node state (node->drv_priv). 0 or -errno. */
	int (*init)(struct rte_rmc_node *node);
	/** Release everything init and later calls created. */
	void (*fini)(struct rte_rmc_node *node);
	/** Control thread housekeeping: connect to peers, detect deaths. */
	void (*tick)(struct rte_rmc_node *node);
	/**
	 * Execute one piece (at most a chunk) of a validated request on its
	 * destination, synchronously. Returns an enum rte_rmc_status.
	 */
	int (*execute)(struct rte_rmc_node *node, struct rmc_xfer *x);
	/** Optional: RMC-loop work of the driver itself; returns work done. */
	int (*poll)(struct rte_rmc_node *node);
	/**
	 * Optional, control thread: a peer's context as this node maps it, for
	 * inline-mode applications: its view (size, perm), mapping size and
	 * descriptor (still owned by the driver). 0, -EHOSTDOWN (peer not up),
	 * -ENOENT (no such context). Drivers that do not map peers leave it NULL.
	 */
	int (*peer_ctx)(struct rte_rmc_node *node, uint16_t nid, uint16_t ctx_id,
			struct rmc_ctx_view *view, uint64_t *map_size, int *fd);
	/**
	 * Optional: a peer RMC introduced itself on the node's control socket
	 * 'fd' (control thread, node lock held). The driver may send it
	 * messages (rmc_ctl_send), such as a segment to map. 0 or -errno.
	 */
	int (*peer_attach)(struct rte_rmc_node *node, uint16_t peer, int fd);
	/** Optional: that peer's session closed (control thread, lock held). */
	void (*peer_detach)(struct rte_rmc_node *node, uint16_t peer);
	/** Message drivers: how protocol messages travel; NULL for direct access. */
	const struct rmc_transport_ops *transport;
};

/* 1 when a request goes through the protocol layer rather than 'execute'. */
static inline int
rmc_proto_wants(const struct rte_rmc_node *node, const struct rte_rmc_wqe *w)
{
	return node->proto != NULL && w->dst_nid != node->id;
}

struct rmc_driver {
	TAILQ_ENTRY(rmc_driver) next;
	const struct rmc_driver_ops *ops;
};

/* Add a driver to the registry (called from RMC_DRIVER_REGISTER). */
void rmc_driver_register(struct rmc_driver *drv);

/* Find a driver by name; NULL if none. */
const struct rmc_driver_ops *rmc_driver_find(const char *name);

/* Write the registered driver names, comma-separated, into buf. */
void rmc_driver_list(char *buf, size_t len);

#define RMC_DRIVER_REGISTER(nm, ops_) \
	static struct rmc_driver rmc_driver_ ## nm = { .ops = &(ops_) }; \
	RTE_INIT(rmc_driver_init_ ## nm) \
	{ \
		rmc_driver_register(&rmc_driver_ ## nm); \
	}

#endif /* _RMC_DRIVER_H_ */
