/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The environment of the hostile-application autotests (hostile_wqe,
 * hostile_race, hostile_flood, perm_ro): the cluster, the shadow copies and
 * the raw QP view described in hostile_env.h.
 */

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_pause.h>

#include "rmc_app.h"
#include "rmc_private.h"
#include "hostile_env.h"

static const struct rmc_model_ctx *
h_model_ctx(void *arg, uint16_t nid, uint16_t ctx_id)
{
	struct h_env *e = arg;

	if (nid >= 2 || ctx_id >= RTE_RMC_MAX_CTX)
		return NULL;
	return &e->mctx[nid][ctx_id];
}

static uint64_t
h_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Give an object random contents, guards included, and a shadow of them. */
static int
h_obj_init(struct h_env *e, struct h_obj *o, void *addr, uint64_t size, uint64_t map_size,
		const char *name)
{
	uint64_t i;

	o->addr = addr;
	o->size = size;
	o->map_size = map_size;
	snprintf(o->name, sizeof(o->name), "%s", name);
	o->shadow = malloc(map_size);
	if (o->shadow == NULL)
		return -1;
	for (i = 0; i < map_size; i++)
		o->addr[i] = (uint8_t)rmc_model_rand(&e->rng);
	memcpy(o->shadow, o->addr, map_size);
	return 0;
}

static uint64_t
h_lbuf_map_size(const struct rte_rmc_session *s, uint16_t id)
{
	uint32_t i;

	for (i = 0; i < s->nb_lbufs; i++)
		if (s->lbufs[i].id == id)
			return s->lbufs[i].map_size;
	return 0;
}

const char *h_driver;
const char *h_driver_args;

int
h_setup(struct h_env *e, const char *name, uint32_t depth)
{
	static const uint64_t lbuf_size[H_NB_LBUF] = { 8192 - 40, (1 << 20) + 24, 4096 };
	struct rte_rmc_node_conf conf = { .ctx0_size = H_CTX0_SIZE, .chunk_size = H_CHUNK };
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000, .verbose = 0 };
	struct rte_rmc_session *owner;
	char oname[32];
	unsigned int nid, cid, i;
	uint64_t size;
	void *addr;

	memset(e, 0, sizeof(*e));
	e->rng = 0x5eed5eed5eedull;
	conf.driver = h_driver;
	conf.driver_args = h_driver_args;
	if (rmc_test_cluster_start(&e->c, name, 2, 2, &conf) < 0)
		return -1;
	/* A message driver links its nodes in the background: requests need it done. */
	if (h_driver != NULL && (rte_rmc_node_wait_peers(e->c.node[0], 10000) < 0 ||
			rte_rmc_node_wait_peers(e->c.node[1], 10000) < 0)) {
		printf("the nodes did not link\n");
		return -1;
	}
	/* Odd sizes, so that every mapping has guard bytes past the context. */
	if (rte_rmc_node_ctx_create(e->c.node[1], 1, 65536 - 24, RTE_RMC_PERM_RW) < 0 ||
			rte_rmc_node_ctx_create(e->c.node[1], 2, 8192, RTE_RMC_PERM_RO) < 0 ||
			rte_rmc_node_ctx_create(e->c.node[0], 3, 16384 - 8, RTE_RMC_PERM_RW) < 0) {
		printf("cannot create the test contexts\n");
		return -1;
	}
	e->victim = rte_rmc_attach(name, 0, &ao);
	if (e->victim == NULL)
		return -1;
	for (nid = 0; nid < 2; nid++) {
		for (cid = 0; cid < RTE_RMC_MAX_CTX; cid++) {
			if (!e->c.node[nid]->ctx[cid].view.valid)
				continue;
			addr = rte_rmc_ctx_map(e->c.sess[nid], cid, &size);
			if (addr == NULL)
				return -1;
			snprintf(oname, sizeof(oname), "node %u ctx %u", nid, cid);
			if (h_obj_init(e, &e->ctx[nid][cid], addr, size,
					e->c.sess[nid]->ctx[cid].map_size, oname) < 0)
				return -1;
			e->mctx[nid][cid].exists = 1;
			e->mctx[nid][cid].size = size;
			e->mctx[nid][cid].writable =
				e->c.node[nid]->ctx[cid].view.perm == RTE_RMC_PERM_RW;
		}
	}
	for (i = 0; i < H_NB_LBUF; i++) {
		owner = i == H_VICTIM ? e->victim : e->c.sess[0];
		if (rte_rmc_lbuf_register(owner, lbuf_size[i], &e->lbuf[i]) < 0)
			return -1;
		snprintf(oname, sizeof(oname), "%s lbuf %u", i == H_VICTIM ? "victim" : "hostile",
			e->lbuf[i].id);
		if (h_obj_init(e, &e->lb[i], e->lbuf[i].addr, lbuf_size[i],
				h_lbuf_map_size(owner, e->lbuf[i].id), oname) < 0)
			return -1;
		e->mlbuf[e->lbuf[i].id].size = lbuf_size[i];
		e->mlbuf[e->lbuf[i].id].mine = i != H_VICTIM;
	}
	e->model.node_count = 2;
	e->model.nb_lbufs = RTE_RMC_MAX_LBUFS;
	e->model.lbufs = e->mlbuf;
	e->model.ctx = h_model_ctx;
	e->model.arg = e;
	e->raw.qp = rte_rmc_qp_create(e->c.sess[0], depth);
	if (e->raw.qp == NULL)
		return -1;
	e->raw.hdr = e->raw.qp->hdr;
	e->raw.wq = e->raw.qp->wq;
	e->raw.cq = e->raw.qp->cq;
	e->raw.depth = depth;
	return 0;
}

void
h_teardown(struct h_env *e)
{
	unsigned int nid, cid, i;

	rte_rmc_detach(e->victim);
	rmc_test_cluster_stop(&e->c);
	for (nid = 0; nid < 2; nid++)
		for (cid = 0; cid < RTE_RMC_MAX_CTX; cid++)
			free(e->ctx[nid][cid].shadow);
	for (i = 0; i < H_NB_LBUF; i++)
		free(e->lb[i].shadow);
}

static int
h_obj_compare(const struct h_obj *o, const char *when)
{
	uint64_t i;

	if (o->addr == NULL || memcmp(o->addr, o->shadow, o->map_size) == 0)
		return 0;
	for (i = 0; i < o->map_size && o->addr[i] == o->shadow[i]; i++)
		;
	printf("FAIL %s: %s differs at offset %" PRIu64 " (%s): 0x%02x, expected 0x%02x\n",
		when, o->name, i, i >= o->size ? "guard past the end" : "inside",
		o->addr[i], o->shadow[i]);
	return -1;
}

int
h_compare(const struct h_env *e, const char *when)
{
	unsigned int nid, cid, i;

	for (nid = 0; nid < 2; nid++)
		for (cid = 0; cid < RTE_RMC_MAX_CTX; cid++)
			if (h_obj_compare(&e->ctx[nid][cid], when) < 0)
				return -1;
	for (i = 0; i < H_NB_LBUF; i++)
		if (h_obj_compare(&e->lb[i], when) < 0)
			return -1;
	return 0;
}

struct h_obj *
h_lbuf_obj(struct h_env *e, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < H_NB_LBUF; i++)
		if (e->lbuf[i].id == id)
			return &e->lb[i];
	return NULL;
}

void
h_apply(struct h_env *e, const struct rte_rmc_wqe *w, uint64_t *old)
{
	uint8_t *c = e->ctx[w->dst_nid][w->ctx_id].shadow + w->ctx_offset;
	uint8_t *l = h_lbuf_obj(e, w->lbuf_id)->shadow + w->lbuf_offset;
	uint64_t v, nv;

	*old = 0;
	switch (w->opcode) {
	case RTE_RMC_OP_READ:
		memcpy(l, c, w->length);
		break;
	case RTE_RMC_OP_WRITE:
		memcpy(c, l, w->length);
		break;
	case RTE_RMC_OP_CAS:
		memcpy(&v, c, 8);
		if (v == w->operand0)
			memcpy(c, &w->operand1, 8);
		memcpy(l, &v, 8);
		*old = v;
		break;
	case RTE_RMC_OP_FAA:
		memcpy(&v, c, 8);
		nv = v + w->operand0;
		memcpy(c, &nv, 8);
		memcpy(l, &v, 8);
		*old = v;
		break;
	}
}

void
h_raw_write(struct h_raw *r, uint64_t pos, const struct rte_rmc_wqe *w, uint32_t phase)
{
	struct rte_rmc_wqe *e = &r->wq[pos & (r->depth - 1)];

	memcpy(e, w, offsetof(struct rte_rmc_wqe, phase));
	__atomic_store_n(&e->phase, phase, __ATOMIC_RELEASE);
}

void
h_raw_post(struct h_raw *r, const struct rte_rmc_wqe *w)
{
	h_raw_write(r, r->wq_pos, w, rte_rmc_phase(r->wq_pos, r->depth));
	r->wq_pos++;
}

int
h_raw_cqe_ready(const struct h_raw *r)
{
	const struct rte_rmc_cqe *c = &r->cq[r->cq_pos & (r->depth - 1)];

	return __atomic_load_n(&c->phase, __ATOMIC_ACQUIRE) == rte_rmc_phase(r->cq_pos, r->depth);
}

int
h_raw_reap(struct h_raw *r, struct rte_rmc_cqe *out, uint32_t timeout_ms)
{
	uint64_t deadline = h_now_ns() + (uint64_t)timeout_ms * 1000000;

	while (!h_raw_cqe_ready(r)) {
		if (h_now_ns() > deadline)
			return -1;
		rte_pause();
	}
	*out = r->cq[r->cq_pos & (r->depth - 1)];
	r->cq_pos++;
	__atomic_store_n(&r->hdr->cq_consumed, r->cq_pos, __ATOMIC_RELEASE);
	return 0;
}

int
h_wait_passes(struct rte_rmc_node *node, uint64_t passes)
{
	uint64_t e0 = __atomic_load_n(&node->epoch, __ATOMIC_ACQUIRE);
	uint64_t deadline = h_now_ns() + (uint64_t)H_HANG_MS * 1000000;

	while (__atomic_load_n(&node->epoch, __ATOMIC_ACQUIRE) < e0 + passes) {
		if (h_now_ns() > deadline)
			return -1;
		rte_pause();
	}
	return 0;
}
