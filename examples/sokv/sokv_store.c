/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The owner's partition. Index entries are published slot first, key last
 * (release), after the object they point to is written, so that a client
 * reading a bucket one-sided sees either no entry or a complete one. Slots
 * are never freed: a deleted key keeps its slot (flag SOKV_F_DELETED) and a
 * later PUT of it reuses the slot, so an index entry never changes its key.
 */

#include <errno.h>
#include <string.h>

#include <rte_pause.h>
#include <rte_rmc_sabre.h>

#include "sokv_store.h"

#define SOKV_STORE_SPINS 10000000

int
sokv_store_create(struct sokv_store *st, struct rte_rmc_session *s, uint64_t nb_slots,
		uint32_t max_value, uint32_t servers)
{
	uint64_t slot_size = sokv_obj_size(max_value), nb_buckets, size;
	struct sokv_meta *m;
	int ret;

	if (max_value > SOKV_MAX_VALUE || nb_slots == 0)
		return -EINVAL;
	/* Buckets for twice the slots: a full bucket stays rare. */
	nb_buckets = (2 * nb_slots + SOKV_BUCKET_WAYS - 1) / SOKV_BUCKET_WAYS;
	/* One bucket more: the last bucket's overflow is contiguous too. */
	size = SOKV_LINE + (nb_buckets + 1) * SOKV_BUCKET_WAYS * sizeof(struct sokv_entry);
	size = (size + SOKV_LINE - 1) & ~(uint64_t)(SOKV_LINE - 1);
	ret = rte_rmc_ctx_create(s, SOKV_CTX, size + nb_slots * slot_size, RTE_RMC_PERM_RW);
	if (ret < 0)
		return ret;
	st->base = rte_rmc_ctx_map(s, SOKV_CTX, NULL);
	if (st->base == NULL)
		return -ENOMEM;
	memset(st->base, 0, size + nb_slots * slot_size);
	m = (struct sokv_meta *)(void *)st->base;
	m->nb_buckets = nb_buckets;
	m->nb_slots = nb_slots;
	m->slot_size = slot_size;
	m->index_off = SOKV_LINE;
	m->slots_off = size;
	m->max_value = max_value;
	m->servers = servers;
	__atomic_store_n(&m->magic, SOKV_MAGIC, __ATOMIC_RELEASE);
	st->meta = m;
	st->index = (struct sokv_entry *)(void *)(st->base + m->index_off);
	st->next_slot = 0;
	pthread_mutex_init(&st->lock, NULL);
	return 0;
}

static struct sokv_entry *
sokv_store_lookup(struct sokv_store *st, uint64_t key, struct sokv_entry **empty)
{
	uint64_t b = (sokv_hash(key) >> 16) % st->meta->nb_buckets;
	struct sokv_entry *e = &st->index[b * SOKV_BUCKET_WAYS];
	unsigned int i;

	if (empty != NULL)
		*empty = NULL;
	for (i = 0; i < SOKV_PROBE; i++) {
		if (__atomic_load_n(&e[i].key, __ATOMIC_ACQUIRE) == key)
			return &e[i];
		if (empty != NULL && *empty == NULL && e[i].key == 0)
			*empty = &e[i];
	}
	return NULL;
}

static uint8_t *
sokv_store_obj(struct sokv_store *st, uint64_t slot1)
{
	return st->base + st->meta->slots_off + (slot1 - 1) * st->meta->slot_size;
}

/* Insert a key (its first value); under st->lock. */
static int
sokv_store_insert(struct sokv_store *st, uint64_t key, const uint8_t *v, uint32_t vlen,
		uint64_t *version)
{
	struct sokv_entry *e, *empty;
	struct rte_rmc_sabre_hdr *h;
	uint64_t ver;
	uint8_t *o;

	e = sokv_store_lookup(st, key, &empty);
	if (e != NULL)
		return -EEXIST; /* inserted meanwhile: a plain put */
	if (empty == NULL || st->next_slot >= st->meta->nb_slots)
		return SOKV_FULL;
	o = sokv_store_obj(st, ++st->next_slot);
	h = (struct rte_rmc_sabre_hdr *)(void *)o;
	ver = rte_rmc_sabre_write_begin(h);
	sokv_obj_encode(o, ver + 2, key, v, vlen, 0);
	rte_rmc_sabre_write_end(h, ver);
	*version = ver + 2;
	empty->slot = st->next_slot;
	__atomic_store_n(&empty->key, key, __ATOMIC_RELEASE);
	return SOKV_OK;
}

int
sokv_store_put(struct sokv_store *st, uint64_t key, const uint8_t *v, uint32_t vlen,
		uint32_t flags, uint64_t *version)
{
	struct rte_rmc_sabre_hdr *h;
	struct sokv_entry *e;
	uint64_t ver;
	uint8_t *o;
	int ret;

	if (key == 0)
		return SOKV_BAD_KEY;
	if (vlen > st->meta->max_value)
		return SOKV_TOO_LARGE;
	e = sokv_store_lookup(st, key, NULL);
	if (e == NULL) {
		if (flags & SOKV_F_DELETED)
			return SOKV_NOT_FOUND;
		pthread_mutex_lock(&st->lock);
		ret = sokv_store_insert(st, key, v, vlen, version);
		pthread_mutex_unlock(&st->lock);
		if (ret != -EEXIST)
			return ret;
		e = sokv_store_lookup(st, key, NULL);
	}
	o = sokv_store_obj(st, e->slot);
	h = (struct rte_rmc_sabre_hdr *)(void *)o;
	ver = rte_rmc_sabre_write_begin(h);
	sokv_obj_encode(o, ver + 2, key, v, vlen, flags);
	rte_rmc_sabre_write_end(h, ver);
	*version = ver + 2;
	return SOKV_OK;
}

int
sokv_store_get(struct sokv_store *st, uint64_t key, uint8_t *obj)
{
	const struct sokv_obj_hdr *oh = (const struct sokv_obj_hdr *)(const void *)obj;
	struct sokv_entry *e;
	uint64_t v0, v1, tries;
	const uint64_t *ver;
	const uint8_t *o;

	if (key == 0)
		return SOKV_BAD_KEY;
	e = sokv_store_lookup(st, key, NULL);
	if (e == NULL)
		return SOKV_NOT_FOUND;
	o = sokv_store_obj(st, e->slot);
	ver = (const uint64_t *)(const void *)o;
	/* The reader's side of the object's sequence lock, as the RMC's SABRe. */
	for (tries = 0;; tries++) {
		/* A one-sided writer that died holds the lock for ever. */
		if (tries == SOKV_STORE_SPINS)
			return SOKV_GIVE_UP;
		v0 = __atomic_load_n(ver, __ATOMIC_ACQUIRE);
		if ((v0 & 1) == 0) {
			memcpy(obj, o, st->meta->slot_size);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			v1 = __atomic_load_n(ver, __ATOMIC_RELAXED);
			if (v1 == v0)
				break;
		}
		rte_pause();
	}
	memcpy(obj, &v0, sizeof(v0));
	return (oh->flags & SOKV_F_DELETED) ? SOKV_NOT_FOUND : SOKV_OK;
}
