/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_SHM_SERVED_H_
#define _RMC_SHM_SERVED_H_

/*
 * What shm nodes served, although no shm node executes its peers' requests:
 * the requester's RMC copies, so it counts each request it executes in its
 * own memory, per destination (struct rte_rmc_served_stats per node id, in a
 * segment of its own), and hands that segment to every peer that connects.
 * A node's served figures are its peers' counters for it, summed when read:
 * the data path stores only into the requester's own counters.
 */

#include <pthread.h>

#include "rmc_driver.h"

struct shm_served {
	struct rmc_drv_seg seg;               /* ours: counters per destination */
	struct rte_rmc_served_stats *mine;    /* seg.addr, [RTE_RMC_MAX_NODES] */
	/* The peers' segments and their baselines; the lock orders readers and changes. */
	pthread_mutex_t lock;
	const struct rte_rmc_served_stats *peer[RTE_RMC_MAX_NODES];
	uint64_t peer_size[RTE_RMC_MAX_NODES];
	struct rte_rmc_served_stats base[RTE_RMC_MAX_NODES];
	struct rte_rmc_served_stats gone;     /* peers unmapped since the last reset */
};

/* Create our counters. 0 or -errno. */
int shm_served_init(struct shm_served *sv, struct rte_rmc_node *node);
/* Unmap every peer's counters and release ours. */
void shm_served_fini(struct shm_served *sv);
/* Server side: hand our counters to a peer that said hello on 'fd'. */
int shm_served_send(struct shm_served *sv, int fd);
/* A peer's counters arrived (fd kept on success: 1, else 0 or -errno). */
int shm_served_map(struct shm_served *sv, uint16_t nid, uint64_t size, uint64_t map_size,
		int fd);
/* The peer's link went down: keep its last figures, drop the mapping. */
void shm_served_unmap(struct shm_served *sv, uint16_t self, uint16_t nid);
/* This node's served figures since the last reset (reset: then start again). */
void shm_served_read(struct shm_served *sv, uint16_t self, struct rte_rmc_served_stats *st,
		int reset);

/* RMC loop: count one executed piece of a request to x->dst_nid. */
static inline void
shm_served_count(struct shm_served *sv, const struct rmc_xfer *x, uint16_t status)
{
	/* The last piece: the rest of the request is this piece (atomics: 8 bytes). */
	int ends = status != RTE_RMC_STATUS_OK || x->check_length <= x->length;

	rmc_served_count(&sv->mine[x->dst_nid], x->opcode, status, x->length, ends);
}

#endif /* _RMC_SHM_SERVED_H_ */
