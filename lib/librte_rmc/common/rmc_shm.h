/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_SHM_H_
#define _RMC_SHM_H_

/*
 * Shared segments: sealed memfds, hugepage-backed when possible. They are
 * handed to other processes over the control socket, so nothing of a node is
 * left on any file system once every process that mapped it is gone.
 */

#include <stdint.h>

#include "rte_rmc_node.h"

/* A segment created by rmc_shm_create(). */
struct rmc_shm_seg {
	void *addr;
	uint64_t size;     /* mapped size, a multiple of the page size */
	int fd;
	int huge;          /* 1 when hugepage-backed */
};

/*
 * Create and map a zeroed segment of at least 'size' bytes. Segments of one
 * hugepage or more use hugepages as 'mode' says; smaller ones use ordinary
 * pages. The size is sealed so that no process can shrink it under a mapping.
 * Returns 0 or a negative errno (with a logged message).
 */
int rmc_shm_create(const char *name, uint64_t size, enum rte_rmc_huge_mode mode,
		struct rmc_shm_seg *seg);

/*
 * The same, with the pages bound to NUMA domain 'numa' when it is >= 0 (a
 * shared policy of the segment, set before any page is allocated, so it
 * holds for every process that maps it): what a node created with RTE_RMC_NODE_F_NUMA
 * uses for all its segments (rmc_node_numa()).
 */
int rmc_shm_create_numa(const char *name, uint64_t size, enum rte_rmc_huge_mode mode, int numa,
		struct rmc_shm_seg *seg);

/* Map a segment received from another process, checking its real size. */
void *rmc_shm_map_fd(int fd, uint64_t size);
/* The same with the given protection (PROT_READ for a read-only descriptor). */
void *rmc_shm_map_fd_prot(int fd, uint64_t size, int prot);

/* Unmap and close. */
void rmc_shm_destroy(struct rmc_shm_seg *seg);

/* Memory this process may still populate (MemAvailable, cgroup limit). */
uint64_t rmc_shm_mem_available(void);

/* Default hugepage size of the system, 0 if hugepages are not supported. */
uint64_t rmc_shm_hugepage_size(void);

#endif /* _RMC_SHM_H_ */
