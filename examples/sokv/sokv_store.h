/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SOKV_STORE_H_
#define _SOKV_STORE_H_

/* The owner's side of soKV: its partition, in its own context (sokv.h). */

#include <pthread.h>

#include "sokv.h"

struct sokv_store {
	uint8_t *base;
	struct sokv_meta *meta;
	struct sokv_entry *index;
	uint64_t next_slot;     /* slots below are in use (never freed) */
	pthread_mutex_t lock;   /* inserts: slot allocation and index entries */
};

/* Create and map SOKV_CTX on the session's node, laid out for the geometry. */
int sokv_store_create(struct sokv_store *st, struct rte_rmc_session *s, uint64_t nb_slots,
		uint32_t max_value, uint32_t servers);
/* Write (or delete, with SOKV_F_DELETED) a key's value under its lock; enum sokv_status. */
int sokv_store_put(struct sokv_store *st, uint64_t key, const uint8_t *v, uint32_t vlen,
		uint32_t flags, uint64_t *version);
/* A stable copy of the key's object into obj (meta->slot_size bytes); enum sokv_status. */
int sokv_store_get(struct sokv_store *st, uint64_t key, uint8_t *obj);

#endif /* _SOKV_STORE_H_ */
