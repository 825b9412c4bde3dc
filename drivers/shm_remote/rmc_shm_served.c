/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* shm's served figures: see rmc_shm_served.h. Never on the data path. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rmc_shm_served.h"

#define SHM_SERVED_WORDS (sizeof(struct rte_rmc_served_stats) / sizeof(uint64_t))
#define SHM_SERVED_SIZE (sizeof(struct rte_rmc_served_stats) * RTE_RMC_MAX_NODES)

int
shm_served_init(struct shm_served *sv, struct rte_rmc_node *node)
{
	char name[64];
	int ret;

	memset(sv, 0, sizeof(*sv));
	pthread_mutex_init(&sv->lock, NULL);
	snprintf(name, sizeof(name), "sonuma_%s_n%u_served", rmc_node_cluster(node),
		rmc_node_id(node));
	ret = rmc_drv_seg_create(name, SHM_SERVED_SIZE, RTE_RMC_HUGE_OFF, &sv->seg);
	if (ret < 0)
		return ret;
	sv->mine = sv->seg.addr;
	return 0;
}

void
shm_served_fini(struct shm_served *sv)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_NODES; i++)
		if (sv->peer[i] != NULL)
			munmap((void *)(uintptr_t)sv->peer[i], sv->peer_size[i]);
	if (sv->mine != NULL)
		rmc_drv_seg_destroy(&sv->seg);
	sv->mine = NULL;
	pthread_mutex_destroy(&sv->lock);
}

int
shm_served_send(struct shm_served *sv, int fd)
{
	return rmc_peer_session_send_seg(fd, SHM_SERVED_SIZE, sv->seg.size, sv->seg.fd);
}

/* acc += cur - base, word by word; the peer's RMC may be adding to cur. */
static void
shm_served_acc(struct rte_rmc_served_stats *acc, const struct rte_rmc_served_stats *cur,
		const struct rte_rmc_served_stats *base, struct rte_rmc_served_stats *snap)
{
	const uint64_t *c = (const uint64_t *)cur, *b = (const uint64_t *)base;
	uint64_t *a = (uint64_t *)acc, *s = (uint64_t *)snap;
	unsigned int i;

	for (i = 0; i < SHM_SERVED_WORDS; i++) {
		uint64_t v = __atomic_load_n(&c[i], __ATOMIC_RELAXED);

		a[i] += v - b[i];
		if (s != NULL)
			s[i] = v;
	}
}

int
shm_served_map(struct shm_served *sv, uint16_t nid, uint64_t size, uint64_t map_size, int fd)
{
	void *addr;

	if (nid >= RTE_RMC_MAX_NODES || size != SHM_SERVED_SIZE || map_size < size || fd < 0)
		return -EPROTO;
	addr = rmc_drv_seg_map_fd(fd, map_size);
	if (addr == NULL)
		return -errno;
	close(fd); /* the mapping is enough */
	pthread_mutex_lock(&sv->lock);
	if (sv->peer[nid] != NULL)
		munmap((void *)(uintptr_t)sv->peer[nid], sv->peer_size[nid]);
	sv->peer[nid] = addr;
	sv->peer_size[nid] = map_size;
	/* A new life of the peer: its counters start from zero. */
	memset(&sv->base[nid], 0, sizeof(sv->base[nid]));
	pthread_mutex_unlock(&sv->lock);
	return 1;
}

void
shm_served_unmap(struct shm_served *sv, uint16_t self, uint16_t nid)
{
	pthread_mutex_lock(&sv->lock);
	if (sv->peer[nid] != NULL) {
		shm_served_acc(&sv->gone, &sv->peer[nid][self], &sv->base[nid], NULL);
		munmap((void *)(uintptr_t)sv->peer[nid], sv->peer_size[nid]);
		sv->peer[nid] = NULL;
	}
	pthread_mutex_unlock(&sv->lock);
}

void
shm_served_read(struct shm_served *sv, uint16_t self, struct rte_rmc_served_stats *st,
		int reset)
{
	unsigned int i;

	pthread_mutex_lock(&sv->lock);
	*st = sv->gone;
	for (i = 0; i < RTE_RMC_MAX_NODES; i++)
		if (sv->peer[i] != NULL)
			shm_served_acc(st, &sv->peer[i][self], &sv->base[i],
				reset ? &sv->base[i] : NULL);
	if (reset)
		memset(&sv->gone, 0, sizeof(sv->gone));
	pthread_mutex_unlock(&sv->lock);
}
