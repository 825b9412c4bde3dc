/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_PEER_LINK_H_
#define _RMC_PEER_LINK_H_

/*
 * The peer link: a node's RMC as a client of each peer's control socket, for
 * drivers whose peers hand them something over that socket (shm: contexts to
 * map; ring: a ring pair). One state machine for all of them:
 *
 *   IDLE --connect, hello--> HELLO_SENT --accepted--> SETUP --driver says up--> UP
 *
 * Every step after connect() is driven by the peer's messages on the control
 * thread, never waited for, so two nodes that connect to each other at once
 * cannot block each other. A set-up that takes longer than 2 s is dropped and
 * tried again; a refused hello is tried again 10 times less often. A link that
 * goes down is first unpublished by the driver, then the RMC is quiesced, then
 * the driver releases what it held: no pass of the RMC can still use it.
 */

#include <stdint.h>

#include "rmc_driver.h"

enum rmc_peer_link_state {
	RMC_PEER_LINK_IDLE = 0,   /* not connected */
	RMC_PEER_LINK_HELLO_SENT, /* waiting for the peer's answer to our hello */
	RMC_PEER_LINK_SETUP,      /* accepted; receiving what the driver needs */
	RMC_PEER_LINK_UP,         /* requests may use the peer */
};

struct rmc_peer_links;

/* One peer as the link sees it. */
struct rmc_peer_link {
	struct rmc_watch watch;
	struct rmc_peer_links *links;
	uint64_t next_try_ns;
	uint64_t setup_deadline_ns;
	enum rmc_peer_link_state state;
	int fd;
	int refused;              /* the last hello was refused: said once */
	uint16_t nid;
};

/* What a driver does at each step; every callback runs on the control thread. */
struct rmc_peer_link_ops {
	/*
	 * The peer accepted our hello and will announce nb_ctx contexts.
	 * 1: the link is up now; 0: wait for messages; -errno: drop it.
	 */
	int (*accepted)(struct rte_rmc_node *node, struct rmc_peer_link *l, uint32_t nb_ctx);
	/*
	 * A message after the hello (during set-up or once up), with fd (-1 or
	 * a descriptor, which the driver keeps by setting *fd_kept).
	 * 1: the link is up now; 0: nothing changes; -errno: drop it.
	 */
	int (*message)(struct rte_rmc_node *node, struct rmc_peer_link *l,
			const struct rmc_peer_msg *m, int fd, int *fd_kept);
	/* Going down: make the RMC stop using what the link published. */
	void (*unpublish)(struct rte_rmc_node *node, struct rmc_peer_link *l);
	/* Release what the link holds (after the quiesce, or a failed set-up). */
	void (*release)(struct rte_rmc_node *node, struct rmc_peer_link *l);
	/* What set-up waits for, for the log: "answer", "hand over its rings". */
	const char *setup_what;
	/* How the link connects, for the log: "", " over rings". */
	const char *up_how;
};

/* The links of one node to all its peers. */
struct rmc_peer_links {
	struct rmc_peer_link peer[RTE_RMC_MAX_NODES];
	const struct rmc_peer_link_ops *ops;
	void *drv;                /* the driver's state, for its callbacks */
	uint64_t start_ns;
	int wait_logged;
	int all_up_logged;
};

void rmc_peer_links_init(struct rmc_peer_links *links, const struct rmc_peer_link_ops *ops,
		void *drv);

/* Control-thread tick: connect to missing peers, time out set-ups, log waits. */
void rmc_peer_links_tick(struct rte_rmc_node *node, struct rmc_peer_links *links);

/* Close every link and release what it holds (the RMC no longer runs). */
void rmc_peer_links_fini(struct rte_rmc_node *node, struct rmc_peer_links *links);

#endif /* _RMC_PEER_LINK_H_ */
