/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_PRIV_H_
#define _RMC_XEN_PRIV_H_

/*
 * The xen driver's private state, shared by the driver (rmc_xen_remote.c:
 * init, fini, the transport) and the link life cycle of each peer
 * (rmc_xen_link.c: share, map, lose, share again). The tests see
 * rmc_xen_remote.h, not this.
 */

#include <pthread.h>
#include <stdint.h>

#include "rmc_driver.h"
#include "rmc_ringpair.h"
#include "rmc_xen_env.h"
#include "rmc_xen_region.h"
#include "rmc_xen_remote.h"

/* How often a peer's publication is looked for. */
#define XEN_RETRY_NS 100000000ull

/* What a node holds of one peer: the two regions and the ring pairs in them. */
struct xen_peer {
	struct rmc_xen_region out;  /* shared by us: our requests to the peer */
	struct rmc_xen_region in;   /* shared by the peer: its requests to us */
	struct rmc_ringpair cli;    /* in 'out': we are the client */
	struct rmc_ringpair srv;    /* in 'in': we are the server */
	uint64_t refused_gen;       /* a publication we could not use */
	uint64_t next_try_ns;
	int out_seen;               /* the peer was seen holding 'out' */
	int linked;
	uint32_t out_port;          /* event channel in 'out' for the peer to bind; 0 none */
	uint32_t in_port;           /* ours, bound to the port in 'in'; 0 none */
	uint32_t *own_asleep;       /* RMC loop (atomic): our asleep word in 'out' */
	uint32_t *peer_asleep;      /* RMC loop (atomic): the peer's in 'in' */
	char key_out[64];           /* our publication for the peer */
	char key_in[64];            /* the peer's publication for us */
};

/* The driver's state of one node (rmc_node_drv_priv()). */
struct xen_priv {
	struct rmc_xen_env env;
	struct rmc_xen_args args;
	struct rmc_gnt_book book;
	void *board;
	uint32_t self_domid;
	uint32_t data_pages;
	uint32_t max_payload;
	struct rmc_ring_peers rings; /* the ring transport, shared with ring_remote */
	uint32_t peers_linked;      /* atomic */
	uint32_t links_lost;        /* atomic */
	uint64_t start_ns;
	uint64_t gen_seq;
	int wait_logged;
	int all_logged;
	struct rmc_xen_need need;
	struct rmc_xen_limits limits;
	void *evt;                  /* event channel handle; NULL: no wake-ups */
	int evt_stop_fd;            /* eventfd that stops the relay thread */
	int relay_on;
	pthread_t relay;            /* takes notifications, wakes the RMC */
	uint64_t wake_notified;     /* RMC loop: notifications sent to peers */
	uint64_t wake_relayed;      /* relay thread (atomic): notifications taken */
	struct xen_peer peer[RTE_RMC_MAX_NODES];
};

/* Share a fresh region with peer nid and publish it; 0 or -errno (logged). */
int rmc_xen_share_out(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid);

/* Stop using peer nid's rings and release its region; 1 if it was linked. */
int rmc_xen_unlink(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid);

/* Control thread: map what peers published, link them, notice who left. */
void rmc_xen_tick(struct rte_rmc_node *node);

/*
 * rmc_xen_wake.c: event channels that wake a sleeping RMC. Open the handle
 * and start the relay thread (nothing when the environment has none), stop
 * and close them; 0 or -errno, logged.
 */
int rmc_xen_wake_open(struct rte_rmc_node *node, struct xen_priv *p);
void rmc_xen_wake_close(struct xen_priv *p);
/* Our region for the peer was shared: allocate its port. 0 or -errno. */
int rmc_xen_wake_share(struct xen_priv *p, uint16_t nid);
/* The peer's region was mapped: bind its port. 0, or -errno with a reason. */
int rmc_xen_wake_map(struct xen_priv *p, uint16_t nid, char *err, size_t len);
/* Linked: the RMC starts saying its sleep to the peer and waking it; unlinked: stops. */
void rmc_xen_wake_link(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid);
void rmc_xen_wake_unlink(struct xen_priv *p, uint16_t nid);
/* Before a region is released: close its port. */
void rmc_xen_wake_release(struct xen_priv *p, uint16_t nid, int out);
/* RMC loop: the sleep hook, and after messages were handed to peer dst's rings. */
void rmc_xen_sleep(struct rte_rmc_node *node, int asleep);
void rmc_xen_wake_peer(struct xen_priv *p, uint16_t dst);

#endif /* _RMC_XEN_PRIV_H_ */
