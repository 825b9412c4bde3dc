/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * PGAS handles and cluster-wide regions (rte_rmc_pgas.h). A region is a
 * context of the same id on every node, named, with the node keeping track
 * of the sessions that use it (node/rmc_region.c). Creating one is
 * collective: the participants publish the context ids free on their node in
 * node 0's bootstrap context, take the same id from the intersection, create
 * their part, and publish the outcome, so that all succeed or all fail alike.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "rmc_app.h"
#include "rmc_common.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"
#include "rmc_pgas_priv.h"

#define RMC_PGAS_BOOT_NAME "rmc.pgas.boot"
#define RMC_PGAS_BOOT_SIZE 4096
#define RMC_PGAS_REGION_MAX (UINT64_C(64) << 30)

/* A region request to our node; the reply in *m. 0 or -errno (logged unless quiet). */
static int
rmc_pgas_ctl(struct rte_rmc_pgas *p, uint16_t type, uint16_t id, uint64_t size,
		uint16_t flags, const char *name, struct rmc_ctl_msg *m, int quiet)
{
	rmc_ctl_init(m, type);
	m->u.region.id = id;
	m->u.region.size = size;
	m->u.region.flags = flags;
	if (name != NULL)
		snprintf(m->u.region.name, sizeof(m->u.region.name), "%s", name);
	return quiet ? rmc_session_call_quiet(p->s, m, NULL) : rmc_session_call(p->s, m, NULL);
}

/* Wait (2 s at most, as rte_rmc_ctx_create()) until every peer RMC saw generation gen. */
static void
rmc_pgas_ctx_sync(struct rte_rmc_pgas *p, uint64_t gen)
{
	uint64_t deadline = rmc_now_ns() + 2000000000ull;
	struct rmc_ctl_msg m;

	do {
		rmc_ctl_init(&m, RMC_CTL_CTX_SYNC);
		m.u.ctx.gen = gen;
		if (rmc_session_call(p->s, &m, NULL) < 0 || m.result == 1)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	} while (rmc_now_ns() < deadline);
	RMC_LOG(WARNING, "not every peer RMC has seen context generation %" PRIu64 " yet", gen);
}

/* Map the node's part of region r (ids are reused: drop a mapping of an older one). */
static int
rmc_pgas_map(struct rte_rmc_pgas *p, struct rte_rmc_pgas_region *r)
{
	r->addr = rte_rmc_ctx_map(p->s, r->id, NULL);
	return r->addr == NULL ? -rte_errno : 0;
}

/* Unmap context id from the session unless another record of the handle uses it. */
static void
rmc_pgas_unmap(struct rte_rmc_pgas *p, const struct rte_rmc_pgas_region *r)
{
	const struct rte_rmc_pgas_region *o;
	struct rte_rmc_session *s = p->s;

	TAILQ_FOREACH(o, &p->regions, next)
		if (o != r && o->id == r->id)
			return;
	if (s->ctx[r->id].addr != NULL)
		munmap(s->ctx[r->id].addr, s->ctx[r->id].map_size);
	memset(&s->ctx[r->id], 0, sizeof(s->ctx[r->id]));
}

static void
rmc_pgas_lbuf_free(struct rte_rmc_pgas *p)
{
	struct rte_rmc_session *s = p->s;
	struct rmc_ctl_msg m;
	uint32_t i;

	for (i = 0; i < s->nb_lbufs; i++) {
		if (s->lbufs[i].id != p->bounce.id)
			continue;
		rmc_ctl_init(&m, RMC_CTL_LBUF_FREE);
		m.u.seg.id = p->bounce.id;
		if (rmc_session_alive(s))
			rmc_session_call(s, &m, NULL);
		munmap(s->lbufs[i].addr, s->lbufs[i].map_size);
		s->lbufs[i] = s->lbufs[--s->nb_lbufs];
		return;
	}
}

struct rte_rmc_pgas *
rte_rmc_pgas_open(struct rte_rmc_session *s)
{
	struct rte_rmc_pgas *p;
	struct rmc_ctl_msg m;
	int ret = -ENOMEM;

	if (s == NULL || rte_rmc_is_inline(s)) {
		rte_errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		goto fail;
	p->s = s;
	p->me = rte_rmc_node_id(s);
	p->n = rte_rmc_node_count(s);
	TAILQ_INIT(&p->regions);
	p->qp = rte_rmc_qp_create(s, 2 * RMC_PGAS_DEPTH);
	if (p->qp == NULL) {
		ret = -rte_errno;
		goto fail;
	}
	ret = rte_rmc_lbuf_register(s, RMC_PGAS_DEPTH * RMC_PGAS_SLOT_SIZE, &p->bounce);
	if (ret < 0)
		goto fail_qp;
	/* Join the node's bootstrap context, or create it (first handle of the node). */
	ret = rmc_pgas_ctl(p, RMC_CTL_REGION_CREATE, RTE_RMC_PGAS_BOOT_CTX, RMC_PGAS_BOOT_SIZE,
		RMC_REGION_F_JOIN | RMC_REGION_F_BOOT, RMC_PGAS_BOOT_NAME, &m, 0);
	if (ret < 0)
		goto fail_lbuf;
	rmc_pgas_ctx_sync(p, m.u.region.gen);
	p->boot.id = RTE_RMC_PGAS_BOOT_CTX;
	p->boot.size = RMC_PGAS_BOOT_SIZE;
	ret = rmc_pgas_map(p, &p->boot);
	if (ret == 0)
		return p;
	rmc_pgas_ctl(p, RMC_CTL_REGION_CLOSE, RTE_RMC_PGAS_BOOT_CTX, 0, 0, NULL, &m, 1);
fail_lbuf:
	rmc_pgas_lbuf_free(p);
fail_qp:
	rte_rmc_qp_destroy(p->qp);
fail:
	free(p);
	rte_errno = -ret;
	return NULL;
}

void
rte_rmc_pgas_close(struct rte_rmc_pgas *p)
{
	struct rte_rmc_pgas_region *r;
	struct rmc_ctl_msg m;

	if (p == NULL)
		return;
	rte_rmc_pgas_quiet(p);
	while ((r = TAILQ_FIRST(&p->regions)) != NULL)
		rte_rmc_pgas_region_close(r);
	rmc_pgas_unmap(p, &p->boot);
	if (rmc_session_alive(p->s))
		rmc_pgas_ctl(p, RMC_CTL_REGION_CLOSE, RTE_RMC_PGAS_BOOT_CTX, 0, 0, NULL, &m, 1);
	rte_rmc_qp_destroy(p->qp);
	rmc_pgas_lbuf_free(p);
	free(p);
}

uint16_t
rte_rmc_pgas_my_node(const struct rte_rmc_pgas *p)
{
	return p->me;
}

uint16_t
rte_rmc_pgas_nodes(const struct rte_rmc_pgas *p)
{
	return p->n;
}

/* The same checks as the node's (node/rmc_region.c), before any exchange. */
static int
rmc_pgas_name_ok(const char *name)
{
	size_t i, n;

	if (name == NULL)
		return 0;
	n = strnlen(name, RTE_RMC_NAME_MAX);
	if (n == 0 || n == RTE_RMC_NAME_MAX || strncmp(name, "rmc.", 4) == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
				name[i]) == NULL)
			return 0;
	return 1;
}

static int
rmc_pgas_create_args(struct rte_rmc_pgas *p, const char *name, uint64_t size, uint32_t flags)
{
	if (p == NULL || !rmc_pgas_name_ok(name) || size == 0 ||
			(flags & ~(uint32_t)RTE_RMC_PGAS_F_PERSISTENT) != 0) {
		RMC_LOG(ERR, "region '%s': bad name, size 0 or unknown flags (names: 1 to %u "
			"characters of A-Z a-z 0-9 . _ -, not starting with 'rmc.')",
			name != NULL ? name : "(null)", RTE_RMC_NAME_MAX - 1);
		return -EINVAL;
	}
	if (size > RMC_PGAS_REGION_MAX) {
		RMC_LOG(ERR, "region '%s' of %" PRIu64 " bytes: a context holds at most %"
			PRIu64 " GiB", name, size, RMC_PGAS_REGION_MAX >> 30);
		return -EFBIG;
	}
	return p->broken ? -EPIPE : 0;
}

/* Put our word at 'off' of node 0's bootstrap, barrier, read all of them into 'all'. */
static int
rmc_pgas_allgather(struct rte_rmc_pgas *p, uint64_t off, uint64_t mine, uint64_t *all,
		uint32_t ms)
{
	uint64_t deadline = rmc_now_ns() + (uint64_t)rmc_pgas_timeout(ms) * 1000000;
	int ret;

	ret = rmc_pgas_boot_exec(p, RTE_RMC_OP_WRITE, 0, off + p->me * 8, &mine, 8, 0,
		deadline);
	if (ret == 0)
		ret = rte_rmc_pgas_barrier(p, ms);
	if (ret == 0)
		ret = rmc_pgas_boot_exec(p, RTE_RMC_OP_READ, 0, off, all, (uint64_t)p->n * 8, 0,
			deadline);
	if (ret < 0)
		p->broken = 1;
	return ret;
}

/* The id every participant takes: the first free on all nodes, from a turning start. */
static int
rmc_pgas_pick_id(struct rte_rmc_pgas *p, const uint64_t *masks)
{
	uint64_t common = ~UINT64_C(0);
	uint16_t i, id;

	for (i = 0; i < p->n; i++)
		common &= masks[i];
	/* A fresh id where possible: a stale record then meets BAD_CTX, not new data. */
	for (i = 0; i < RTE_RMC_PGAS_BOOT_CTX - 1; i++) {
		id = 1 + (uint16_t)((p->creates + i) % (RTE_RMC_PGAS_BOOT_CTX - 1));
		if (common >> id & 1)
			return id;
	}
	return -ENOSPC;
}

/* Our part of the region: 0 or -errno (the node logs why). */
static int
rmc_pgas_create_part(struct rte_rmc_pgas *p, struct rte_rmc_pgas_region *r, uint32_t flags)
{
	struct rmc_ctl_msg m;
	int ret;

	ret = rmc_pgas_ctl(p, RMC_CTL_REGION_CREATE, r->id, r->size, flags, r->name, &m, 0);
	if (ret < 0)
		return ret;
	rmc_pgas_ctx_sync(p, m.u.region.gen);
	ret = rmc_pgas_map(p, r);
	if (ret < 0) {
		rmc_pgas_ctl(p, RMC_CTL_REGION_DESTROY, r->id, 0, 0, NULL, &m, 1);
		return ret;
	}
	return 0;
}

struct rte_rmc_pgas_region *
rte_rmc_pgas_region_create(struct rte_rmc_pgas *p, const char *name, uint64_t size,
		uint32_t flags, uint32_t timeout_ms)
{
	uint64_t words[RTE_RMC_MAX_NODES], mask = 0;
	struct rte_rmc_pgas_region *r;
	struct rmc_ctl_msg m;
	int ret, mine, i;

	ret = rmc_pgas_create_args(p, name, size, flags);
	if (ret < 0 || (r = calloc(1, sizeof(*r))) == NULL) {
		rte_errno = ret < 0 ? -ret : ENOMEM;
		return NULL;
	}
	r->p = p;
	r->size = size;
	snprintf(r->name, sizeof(r->name), "%s", name);
	/* Every participant's handle is open: what we write at node 0 stays there. */
	ret = rte_rmc_pgas_barrier(p, timeout_ms);
	if (ret < 0)
		goto fail;
	if (rmc_pgas_ctl(p, RMC_CTL_REGION_FREE_IDS, 0, 0, 0, NULL, &m, 0) == 0)
		mask = m.u.region.mask;
	ret = rmc_pgas_allgather(p, RMC_PGAS_BOOT_MASK(0), mask, words, timeout_ms);
	if (ret < 0)
		goto fail;
	mine = rmc_pgas_pick_id(p, words);
	p->creates++;
	if (mine > 0) {
		r->id = mine;
		mine = rmc_pgas_create_part(p, r, flags);
	}
	ret = rmc_pgas_allgather(p, RMC_PGAS_BOOT_STAT(0), (uint64_t)(int64_t)mine, words,
		timeout_ms);
	for (i = 0; ret == 0 && i < p->n; i++)
		if ((int64_t)words[i] != 0)
			ret = (int)(int64_t)words[i];
	if (ret == 0) {
		TAILQ_INSERT_TAIL(&p->regions, r, next);
		return r;
	}
	if (mine == 0) { /* ours exists, another node's does not: all fail alike */
		rmc_pgas_unmap(p, r);
		rmc_pgas_ctl(p, RMC_CTL_REGION_DESTROY, r->id, 0, 0, NULL, &m, 1);
	}
fail:
	RMC_LOG(ERR, "region '%s' not created: %s", name, strerror(-ret));
	free(r);
	rte_errno = -ret;
	return NULL;
}

struct rte_rmc_pgas_region *
rte_rmc_pgas_region_lookup(struct rte_rmc_pgas *p, const char *name)
{
	struct rte_rmc_pgas_region *r;
	struct rmc_ctl_msg m;
	int ret;

	if (p == NULL || name == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	ret = rmc_pgas_ctl(p, RMC_CTL_REGION_LOOKUP, 0, 0, 0, name, &m, 1);
	if (ret < 0 || (r = calloc(1, sizeof(*r))) == NULL) {
		rte_errno = ret < 0 ? -ret : ENOMEM;
		return NULL;
	}
	r->p = p;
	r->id = m.u.region.id;
	r->size = m.u.region.size;
	snprintf(r->name, sizeof(r->name), "%s", name);
	ret = rmc_pgas_map(p, r);
	if (ret < 0) {
		rmc_pgas_ctl(p, RMC_CTL_REGION_CLOSE, r->id, 0, 0, NULL, &m, 1);
		free(r);
		rte_errno = -ret;
		return NULL;
	}
	TAILQ_INSERT_TAIL(&p->regions, r, next);
	return r;
}

void
rte_rmc_pgas_region_close(struct rte_rmc_pgas_region *r)
{
	const struct rte_rmc_pgas_region *o;
	struct rte_rmc_pgas *p;
	struct rmc_ctl_msg m;

	if (r == NULL)
		return;
	p = r->p;
	TAILQ_REMOVE(&p->regions, r, next);
	/* Another record of the handle may still use it: the node counts sessions. */
	TAILQ_FOREACH(o, &p->regions, next)
		if (o->id == r->id)
			goto out;
	rmc_pgas_unmap(p, r);
	if (rmc_session_alive(p->s) &&
			rmc_pgas_ctl(p, RMC_CTL_REGION_CLOSE, r->id, 0, 0, NULL, &m, 1) == 0)
		rmc_pgas_ctx_sync(p, m.u.region.gen);
out:
	free(r);
}

int
rte_rmc_pgas_region_destroy(struct rte_rmc_pgas_region *r, uint32_t timeout_ms)
{
	struct rte_rmc_pgas *p;
	struct rmc_ctl_msg m;
	int ret;

	if (r == NULL)
		return -EINVAL;
	p = r->p;
	ret = rte_rmc_pgas_barrier(p, timeout_ms);
	if (ret < 0)
		return ret;
	rmc_pgas_unmap(p, r);
	if (rmc_pgas_ctl(p, RMC_CTL_REGION_DESTROY, r->id, 0, 0, NULL, &m, 0) == 0)
		rmc_pgas_ctx_sync(p, m.u.region.gen);
	TAILQ_REMOVE(&p->regions, r, next);
	free(r);
	return rte_rmc_pgas_barrier(p, timeout_ms);
}

void
rte_rmc_pgas_region_reset(struct rte_rmc_pgas_region *r)
{
	if (r != NULL && r->addr != NULL)
		memset(r->addr, 0, r->size);
}

void *
rte_rmc_pgas_region_addr(const struct rte_rmc_pgas_region *r, uint64_t *size)
{
	if (size != NULL)
		*size = r->size;
	return r->addr;
}

uint16_t
rte_rmc_pgas_region_id(const struct rte_rmc_pgas_region *r)
{
	return r->id;
}
