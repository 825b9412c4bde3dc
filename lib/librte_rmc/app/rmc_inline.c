/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Inline mode (rte_rmc_attach_opts.inline_mode or RMC_INLINE=1): the
 * application's own thread executes its requests, with the same checks and
 * statuses as the RMC (rmc_wqe_check() and rmc_ctx_execute_inline() are the RMC's
 * own code), against contexts that the node hands it: its own, and its
 * peers' as the node's driver maps them. This gives up the isolation of the
 * default mode, where only the RMC maps another node's memory; it is there to
 * develop and debug at native speed.
 *
 * Liveness: the node shares a read-only status page in which peer_gen[n] is
 * odd while node n is reachable and changes at every change. A request to a
 * node whose generation is even completes with node-down; a changed
 * generation drops the mappings of that node (it may have come back with new
 * memory), and contexts are mapped again, from the node, on first use.
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_log.h"
#include "rmc_shm.h"
#include "rmc_wqe_check.h"

struct rmc_inline_node {
	uint32_t gen;
	struct rmc_ctx_view ctx[RTE_RMC_MAX_CTX];
	uint64_t map_size[RTE_RMC_MAX_CTX];
};

struct rmc_retired_map {
	void *base;
	uint64_t size;
};

struct rmc_inline {
	const struct rmc_node_page *page;
	uint64_t page_size;
	int unsupported_logged;
	/*
	 * Mapping and forgetting take this lock; executing does not. Forgotten
	 * mappings are unmapped only at detach, so that another thread of the
	 * session still copying from one cannot fault.
	 */
	pthread_mutex_t lock;
	struct rmc_retired_map *retired;
	uint32_t nb_retired;
	uint32_t retired_cap;
	struct rmc_lbuf lbufs[RTE_RMC_MAX_LBUFS];
	struct rmc_inline_node nodes[RTE_RMC_MAX_NODES];
};

/*
 * The owner the WQE check compares a buffer's against: an opaque token, the
 * session itself; only its identity matters, nothing reads through it.
 */
static inline void *
rmc_inline_owner(struct rte_rmc_session *s)
{
	return s;
}

/* Drop a node's mappings (lock held); they are unmapped at detach. */
static void
rmc_inline_forget(struct rmc_inline *in, struct rmc_inline_node *n)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_CTX; i++) {
		if (n->ctx[i].base == NULL)
			continue;
		__atomic_store_n(&n->ctx[i].valid, 0, __ATOMIC_RELEASE);
		if (in->nb_retired == in->retired_cap) {
			uint32_t cap = in->retired_cap ? in->retired_cap * 2 : 16;
			struct rmc_retired_map *r = realloc(in->retired, cap * sizeof(*r));

			if (r == NULL)
				continue; /* kept mapped until exit rather than unsafe */
			in->retired = r;
			in->retired_cap = cap;
		}
		in->retired[in->nb_retired].base = n->ctx[i].base;
		in->retired[in->nb_retired].size = n->map_size[i];
		in->nb_retired++;
		n->ctx[i].base = NULL;
	}
}

int
rmc_inline_attach(struct rte_rmc_session *s)
{
	struct rmc_inline *in;
	struct rmc_ctl_msg m;
	unsigned int i;
	void *page;
	int fd = -1, ret;

	in = calloc(1, sizeof(*in));
	if (in == NULL)
		return -ENOMEM;
	pthread_mutex_init(&in->lock, NULL);
	rmc_ctl_init(&m, RMC_CTL_NODE_PAGE);
	ret = rmc_session_call(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret < 0) {
		free(in);
		return ret;
	}
	in->page_size = RTE_ALIGN_CEIL(sizeof(struct rmc_node_page), (uint64_t)getpagesize());
	page = mmap(NULL, in->page_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (page == MAP_FAILED) {
		free(in);
		return -errno;
	}
	in->page = page;
	if (in->page->magic != RMC_NODE_PAGE_MAGIC || in->page->node_id != s->node_id) {
		munmap(page, in->page_size);
		free(in);
		return -EPROTO;
	}
	s->inl = in;
	for (i = 0; i < RTE_RMC_MAX_NODES; i++)
		if (__atomic_load_n(&in->page->lat[i].on, __ATOMIC_RELAXED)) {
			RMC_LOG(WARNING, "inline mode is outside the latency model (no "
				"emulation): node %u's model does not apply to this process", i);
			break;
		}
	return 0;
}

void
rmc_inline_detach(struct rte_rmc_session *s)
{
	struct rmc_inline *in = s->inl;
	unsigned int i;

	if (in == NULL)
		return;
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		unsigned int j;

		for (j = 0; j < RTE_RMC_MAX_CTX; j++)
			if (in->nodes[i].ctx[j].base != NULL)
				munmap(in->nodes[i].ctx[j].base, in->nodes[i].map_size[j]);
	}
	for (i = 0; i < in->nb_retired; i++)
		munmap(in->retired[i].base, in->retired[i].size);
	free(in->retired);
	munmap((void *)(uintptr_t)in->page, in->page_size);
	pthread_mutex_destroy(&in->lock);
	free(in);
	s->inl = NULL;
}

void
rmc_inline_lbuf_add(struct rte_rmc_session *s, uint16_t id, void *addr, uint64_t size)
{
	struct rmc_lbuf *lb;

	if (s->inl == NULL || id >= RTE_RMC_MAX_LBUFS)
		return;
	lb = &s->inl->lbufs[id];
	lb->base = addr;
	lb->size = size;
	lb->fd = -1;
	lb->owner = rmc_inline_owner(s);
}

/* Map context 'id' of node 'nid' from the node (lock held); returns a status. */
static uint16_t
rmc_inline_map_locked(struct rte_rmc_session *s, struct rmc_inline_node *n, uint16_t nid,
		uint16_t id)
{
	struct rmc_ctl_msg m;
	void *addr;
	int fd = -1, ret;

	if (n->ctx[id].valid)
		return RTE_RMC_STATUS_OK; /* another thread mapped it meanwhile */
	rmc_ctl_init(&m, RMC_CTL_PEER_CTX_MAP);
	m.u.ctx.nid = nid;
	m.u.ctx.id = id;
	ret = rmc_session_call_quiet(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret == -ENOENT)
		return RTE_RMC_STATUS_BAD_CTX;
	if (ret == -ENOTSUP && !s->inl->unsupported_logged++)
		RMC_LOG(ERR, "inline mode: %.*s", RMC_CTL_TEXT_MAX, m.u.text);
	if (ret < 0)
		return RTE_RMC_STATUS_NODE_DOWN;
	/* A read-only context comes as a read-only descriptor: map it so. */
	addr = rmc_shm_map_fd_prot(fd, m.u.ctx.map_size, m.u.ctx.perm == RTE_RMC_PERM_RW ?
		PROT_READ | PROT_WRITE : PROT_READ);
	close(fd);
	if (addr == NULL)
		return RTE_RMC_STATUS_NODE_DOWN;
	n->ctx[id].base = addr;
	n->ctx[id].size = m.u.ctx.size;
	n->ctx[id].perm = m.u.ctx.perm;
	n->map_size[id] = m.u.ctx.map_size;
	__atomic_store_n(&n->ctx[id].valid, 1, __ATOMIC_RELEASE);
	return RTE_RMC_STATUS_OK;
}

/* Slow path: a new generation of the node, or a context not mapped yet. */
static uint16_t
rmc_inline_refresh(struct rte_rmc_session *s, struct rmc_inline_node *n, uint16_t nid,
		uint16_t id, uint32_t gen)
{
	struct rmc_inline *in = s->inl;
	uint16_t status = RTE_RMC_STATUS_OK;

	pthread_mutex_lock(&in->lock);
	if (__atomic_load_n(&n->gen, __ATOMIC_ACQUIRE) != gen) {
		rmc_inline_forget(in, n);
		__atomic_store_n(&n->gen, gen, __ATOMIC_RELEASE);
	}
	if (id < RTE_RMC_MAX_CTX)
		status = rmc_inline_map_locked(s, n, nid, id);
	pthread_mutex_unlock(&in->lock);
	return status;
}

uint16_t
rmc_inline_execute(struct rte_rmc_session *s, const struct rte_rmc_wqe *w, uint64_t *value)
{
	struct rmc_inline *in = s->inl;
	struct rmc_inline_node *n;
	const struct rmc_ctx_view *cv = NULL;
	struct rmc_xfer x;
	uint8_t *lbuf;
	uint16_t status;
	uint32_t gen;

	status = rmc_wqe_check_inline(w, s->node_count, in->lbufs, RTE_RMC_MAX_LBUFS,
			rmc_inline_owner(s), &lbuf);
	if (unlikely(status != RTE_RMC_STATUS_OK))
		return status;
	n = &in->nodes[w->dst_nid];
	gen = __atomic_load_n(&in->page->peer_gen[w->dst_nid], __ATOMIC_ACQUIRE);
	if (unlikely((gen & 1) == 0))
		return RTE_RMC_STATUS_NODE_DOWN;
	if (likely(w->ctx_id < RTE_RMC_MAX_CTX)) {
		cv = &n->ctx[w->ctx_id];
		if (unlikely(gen != __atomic_load_n(&n->gen, __ATOMIC_ACQUIRE) ||
				!__atomic_load_n(&cv->valid, __ATOMIC_ACQUIRE))) {
			status = rmc_inline_refresh(s, n, w->dst_nid, w->ctx_id, gen);
			if (status != RTE_RMC_STATUS_OK)
				return status;
		}
	} else if (unlikely(gen != __atomic_load_n(&n->gen, __ATOMIC_ACQUIRE))) {
		rmc_inline_refresh(s, n, w->dst_nid, RTE_RMC_MAX_CTX, gen);
	}
	rmc_xfer_from_wqe(&x, w, lbuf, 0, w->length);
	status = rmc_ctx_execute_inline(cv, &x);
	*value = x.result;
	return status;
}
