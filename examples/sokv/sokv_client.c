/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * soKV's one-sided paths: the client reads the owner's bucket, then the
 * object, and validates it as its GET mode says; PUT takes the object's lock
 * with a remote CAS on its version word, writes the object (lines and header
 * after the version word), and stores the new version last.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_rmc_sabre.h>

#include "sokv_client.h"

/* Local buffer: scratch words and a bucket, the object read, the object written. */
#define LB_SCRATCH 0
#define LB_OBJ 4096
#define LB_PUT (LB_OBJ + 16384)
#define LB_SIZE (LB_PUT + 16384)

int
sokv_rmc_status(int st, const char *what, uint16_t nid)
{
	if (st == RTE_RMC_STATUS_OK)
		return SOKV_OK;
	if (st == RTE_RMC_STATUS_NODE_DOWN || st == RTE_RMC_STATUS_ABORTED)
		return SOKV_NODE_DOWN;
	/* The outcome of a request that timed out is unknown: not "down". */
	if (st == RTE_RMC_STATUS_TIMED_OUT) {
		fprintf(stderr, "sokv: %s at node %u: no completion in %u s\n", what, nid,
			SOKV_TIMEOUT_US / 1000000);
		return SOKV_TIMEOUT;
	}
	fprintf(stderr, "sokv: %s at node %u: %s\n", what, nid,
		st < 0 ? strerror(-st) : rte_rmc_strerror(st));
	return SOKV_ERROR;
}

int
sokv_client_open(struct sokv_client *c, struct rte_rmc_session *s, unsigned int idx,
		enum sokv_get_mode gm, enum sokv_put_mode pm)
{
	struct rte_rmc_msg_conf conf;

	memset(c, 0, sizeof(*c));
	if (idx >= SOKV_MAX_CLIENTS)
		return -EINVAL;
	c->s = s;
	c->nodes = rte_rmc_node_count(s);
	c->get_mode = gm;
	c->put_mode = pm;
	c->port = SOKV_MAX_SERVERS + idx;
	c->qp = rte_rmc_qp_create(s, 16);
	if (c->qp == NULL)
		return -rte_errno;
	if (rte_rmc_lbuf_register(s, LB_SIZE, &c->lb) < 0)
		return -ENOMEM;
	c->rpc_req = malloc(sizeof(struct sokv_rpc) + SOKV_MAX_VALUE);
	c->rpc_rep = malloc(sizeof(struct sokv_rpc) + 2 * SOKV_MAX_VALUE);
	if (c->rpc_req == NULL || c->rpc_rep == NULL || sokv_msg_ctx(s, 0) < 0)
		return -ENOMEM;
	sokv_msg_conf(&conf);
	c->ep = rte_rmc_msg_open(s, c->port, &conf);
	return c->ep == NULL ? -rte_errno : 0;
}

void
sokv_client_close(struct sokv_client *c)
{
	if (c->ep != NULL)
		rte_rmc_msg_close(c->ep);
	if (c->qp != NULL)
		rte_rmc_qp_destroy(c->qp);
	free(c->rpc_req);
	free(c->rpc_rep);
	c->ep = NULL;
	c->qp = NULL;
	c->rpc_req = NULL;
	c->rpc_rep = NULL;
}

int
sokv_client_meta(struct sokv_client *c, uint16_t nid)
{
	struct sokv_meta *m = (struct sokv_meta *)(void *)((uint8_t *)c->lb.addr + LB_SCRATCH);
	unsigned int i;
	int st;

	/* The server may still be starting: its context appears, then its meta. */
	for (i = 0; i < 200; i++) {
		st = rte_rmc_read_sync(c->qp, &c->lb, LB_SCRATCH, nid, SOKV_CTX, 0, sizeof(*m),
			SOKV_TIMEOUT_US);
		if (st == RTE_RMC_STATUS_OK && m->magic == SOKV_MAGIC && m->ready == 1) {
			c->meta[nid] = *m;
			return SOKV_OK;
		}
		if (st != RTE_RMC_STATUS_OK && st != RTE_RMC_STATUS_BAD_CTX)
			return sokv_rmc_status(st, "reading the store's geometry", nid);
		usleep(50000);
	}
	fprintf(stderr, "sokv: no soKV server ready on node %u\n", nid);
	return SOKV_NODE_DOWN;
}

/* The key's slot (index + 1) in its owner's bucket, or 0. */
static int
sokv_find(struct sokv_client *c, uint16_t nid, uint64_t key, uint64_t *slot1)
{
	const struct sokv_meta *m = &c->meta[nid];
	const struct sokv_entry *e = (const struct sokv_entry *)(const void *)
		((uint8_t *)c->lb.addr + LB_SCRATCH);
	uint64_t b = (sokv_hash(key) >> 16) % m->nb_buckets;
	uint64_t len = SOKV_PROBE * sizeof(*e);
	unsigned int i;
	int st;

	st = rte_rmc_read_sync(c->qp, &c->lb, LB_SCRATCH, nid, SOKV_CTX,
		m->index_off + b * SOKV_BUCKET_WAYS * sizeof(*e), len, SOKV_TIMEOUT_US);
	if (st != RTE_RMC_STATUS_OK)
		return sokv_rmc_status(st, "reading a bucket", nid);
	*slot1 = 0;
	/* An entry is published slot first, key last: a matching key has its slot. */
	for (i = 0; i < SOKV_PROBE; i++)
		if (e[i].key == key && e[i].slot != 0 && e[i].slot <= m->nb_slots)
			*slot1 = e[i].slot;
	return *slot1 == 0 ? SOKV_NOT_FOUND : SOKV_OK;
}

/* Read the object once and validate it as the GET mode says: 1 valid, 0 torn. */
static int
sokv_fetch(struct sokv_client *c, uint16_t nid, uint64_t off, int *status)
{
	const struct sokv_meta *m = &c->meta[nid];
	uint8_t *o = (uint8_t *)c->lb.addr + LB_OBJ;
	int st;

	if (c->get_mode == SOKV_GET_SABRE) {
		st = rte_rmc_sabre_sync(c->qp, &c->lb, LB_OBJ, nid, SOKV_CTX, off, m->slot_size,
			NULL, SOKV_TIMEOUT_US);
		if (st == RTE_RMC_STATUS_CONFLICT) {
			c->cnt.sabre_conflicts++;
			return 0;
		}
	} else {
		st = rte_rmc_read_sync(c->qp, &c->lb, LB_OBJ, nid, SOKV_CTX, off, m->slot_size,
			SOKV_TIMEOUT_US);
	}
	*status = sokv_rmc_status(st, "reading an object", nid);
	if (*status != SOKV_OK)
		return 1;
	switch (c->get_mode) {
	case SOKV_GET_FARM:
		if (!sokv_obj_lines_ok(o, m->slot_size))
			return 0;
		/* Lines are copied in no promised order, nor each one whole. */
		if (!sokv_obj_cksum_ok(o, m->max_value)) {
			c->cnt.lines_missed++;
			return 0;
		}
		return 1;
	case SOKV_GET_PILAF:
		return sokv_obj_cksum_ok(o, m->max_value);
	default:
		/* The RMC validated it: a bad checksum here is a SABRe bug. */
		if (!sokv_obj_cksum_ok(o, m->max_value)) {
			fprintf(stderr, "sokv: SABRe returned a torn object (node %u)\n", nid);
			*status = SOKV_ERROR;
		}
		return 1;
	}
}

int
sokv_get(struct sokv_client *c, uint64_t key, uint8_t *v, uint32_t *vlen, uint64_t *ver)
{
	uint16_t nid = sokv_owner(key, c->nodes);
	const struct sokv_obj_hdr *h;
	uint64_t slot1, tries;
	int st;

	if (key == 0)
		return SOKV_BAD_KEY;
	c->cnt.gets++;
	if (c->get_mode == SOKV_GET_RPC) {
		st = sokv_rpc_call(c, nid, SOKV_RPC_GET, key, NULL, 0);
		h = (const struct sokv_obj_hdr *)(const void *)
			((struct sokv_rpc *)(void *)c->rpc_rep)->value;
	} else {
		if (c->meta[nid].magic != SOKV_MAGIC && (st = sokv_client_meta(c, nid)) != SOKV_OK)
			return st;
		st = sokv_find(c, nid, key, &slot1);
		if (st != SOKV_OK)
			return st;
		for (tries = 0; !sokv_fetch(c, nid, c->meta[nid].slots_off + (slot1 - 1) *
				c->meta[nid].slot_size, &st); tries++) {
			c->cnt.get_retries++;
			if (tries == SOKV_RETRIES)
				return SOKV_GIVE_UP;
		}
		h = (const struct sokv_obj_hdr *)(const void *)((uint8_t *)c->lb.addr + LB_OBJ);
	}
	if (st == SOKV_NODE_DOWN)
		c->meta[nid].magic = 0; /* read it again when the owner is back */
	if (st != SOKV_OK)
		return st;
	if (h->key != key || (h->flags & SOKV_F_DELETED))
		return h->key != key ? SOKV_ERROR : SOKV_NOT_FOUND;
	*ver = h->version;
	return sokv_obj_value((const uint8_t *)h, SOKV_MAX_VALUE, v, vlen) < 0 ?
		SOKV_ERROR : SOKV_OK;
}

/* Take the object's lock with a remote CAS: the version before it, or a status. */
static int
sokv_lock(struct sokv_client *c, uint16_t nid, uint64_t off, uint64_t *ver)
{
	uint64_t *w = (uint64_t *)(void *)((uint8_t *)c->lb.addr + LB_SCRATCH);
	uint64_t old, tries;
	int st;

	for (tries = 0; tries < SOKV_RETRIES; tries++) {
		st = rte_rmc_read_sync(c->qp, &c->lb, LB_SCRATCH, nid, SOKV_CTX, off, 8,
			SOKV_TIMEOUT_US);
		if (st != RTE_RMC_STATUS_OK)
			return -sokv_rmc_status(st, "reading a version", nid);
		*ver = *w;
		if (!rte_rmc_sabre_locked(*ver)) {
			st = rte_rmc_cas_sync(c->qp, &c->lb, LB_SCRATCH, nid, SOKV_CTX, off, *ver,
				*ver + 1, &old, SOKV_TIMEOUT_US);
			if (st != RTE_RMC_STATUS_OK)
				return -sokv_rmc_status(st, "locking an object", nid);
			if (old == *ver)
				return 0;
		}
		c->cnt.put_retries++;
	}
	return -SOKV_GIVE_UP;
}

static int
sokv_put_onesided(struct sokv_client *c, uint16_t nid, uint64_t key, const uint8_t *v,
		uint32_t vlen, uint32_t flags)
{
	const struct sokv_meta *m = &c->meta[nid];
	uint8_t *o = (uint8_t *)c->lb.addr + LB_PUT;
	uint64_t slot1, off, ver = 0;
	int st;

	st = sokv_find(c, nid, key, &slot1);
	if (st == SOKV_NOT_FOUND)
		return (flags & SOKV_F_DELETED) ? st :
			sokv_rpc_call(c, nid, SOKV_RPC_PUT, key, v, vlen); /* inserts: the owner */
	if (st != SOKV_OK)
		return st;
	off = m->slots_off + (slot1 - 1) * m->slot_size;
	st = sokv_lock(c, nid, off, &ver);
	if (st < 0)
		return -st;
	sokv_obj_encode(o, ver + 2, key, v, vlen, flags);
	/* Everything after the version word, then the version: the unlock. */
	st = rte_rmc_write_sync(c->qp, &c->lb, LB_PUT + 8, nid, SOKV_CTX, off + 8,
		sokv_obj_size(vlen) - 8, SOKV_TIMEOUT_US);
	if (st == RTE_RMC_STATUS_OK) {
		ver += 2;
		memcpy(o, &ver, 8);
		st = rte_rmc_write_sync(c->qp, &c->lb, LB_PUT, nid, SOKV_CTX, off, 8,
			SOKV_TIMEOUT_US);
	}
	return sokv_rmc_status(st, "writing an object", nid);
}

static int
sokv_update(struct sokv_client *c, uint64_t key, const uint8_t *v, uint32_t vlen,
		uint32_t flags)
{
	uint16_t nid = sokv_owner(key, c->nodes);
	int st;

	if (key == 0)
		return SOKV_BAD_KEY;
	c->cnt.puts++;
	if (c->meta[nid].magic != SOKV_MAGIC && (st = sokv_client_meta(c, nid)) != SOKV_OK)
		return st;
	if (vlen > c->meta[nid].max_value)
		return SOKV_TOO_LARGE;
	if (c->put_mode == SOKV_PUT_ONESIDED)
		st = sokv_put_onesided(c, nid, key, v, vlen, flags);
	else
		st = sokv_rpc_call(c, nid, (flags & SOKV_F_DELETED) ? SOKV_RPC_DEL : SOKV_RPC_PUT,
			key, v, vlen);
	if (st == SOKV_NODE_DOWN)
		c->meta[nid].magic = 0;
	return st;
}

int
sokv_put(struct sokv_client *c, uint64_t key, const uint8_t *v, uint32_t vlen)
{
	return sokv_update(c, key, v, vlen, 0);
}

int
sokv_del(struct sokv_client *c, uint64_t key)
{
	static const uint8_t none[1];

	return sokv_update(c, key, none, 0, SOKV_F_DELETED);
}
