/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Grant tables stood in for by a memfd, for the unit tests (rmc_gnt_memfd.h). */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rmc_gnt_memfd.h"
#include "rmc_xen_pub.h"

struct gnt_ent {
	uint32_t owner;
	uint32_t grantee;
	uint32_t maps;    /* live mappings of the page */
	uint8_t shared;   /* the owner still shares it */
	uint8_t in_use;   /* shared, or ended but still mapped */
};

struct rmc_gnt_memfd_table {
	pthread_mutex_t lock;
	int fd;
	uint32_t entries;
	uint32_t cursor;  /* where the next search for free refs starts */
	uint32_t mapped;  /* pages mapped, all domains */
	struct gnt_ent ent[];
};

/* What one handle (one domain's open device) holds. */
struct gnt_rec {
	void *addr;
	uint32_t count;
	uint32_t notify_off;
	int shared;
	uint32_t *refs;
};

#define GNT_MEMFD_RECS (2 * RMC_GNT_BOOK_MAX)

struct gnt_memfd {
	struct rmc_gnt_memfd_table *t;
	uint32_t self;
	struct gnt_rec rec[GNT_MEMFD_RECS];
};

struct rmc_gnt_memfd_table *
rmc_gnt_memfd_table_create(uint32_t entries)
{
	struct rmc_gnt_memfd_table *t;

	if (entries <= RMC_XEN_GREF_FIRST) {
		errno = EINVAL;
		return NULL;
	}
	t = calloc(1, sizeof(*t) + entries * sizeof(t->ent[0]));
	if (t == NULL)
		return NULL;
	t->fd = memfd_create("rmc_gnt_standin", MFD_CLOEXEC);
	if (t->fd < 0 || ftruncate(t->fd, (off_t)entries * RMC_GNT_PAGE_SIZE) < 0) {
		if (t->fd >= 0)
			close(t->fd);
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	t->entries = entries;
	t->cursor = RMC_XEN_GREF_FIRST;
	return t;
}

void
rmc_gnt_memfd_table_usage(struct rmc_gnt_memfd_table *t, uint32_t *grants, uint32_t *mapped)
{
	uint32_t i, n = 0;

	pthread_mutex_lock(&t->lock);
	for (i = 0; i < t->entries; i++)
		n += t->ent[i].in_use;
	*grants = n;
	*mapped = t->mapped;
	pthread_mutex_unlock(&t->lock);
}

uint32_t
rmc_gnt_memfd_table_granted(struct rmc_gnt_memfd_table *t, uint32_t owner, uint32_t grantee)
{
	uint32_t i, n = 0;

	pthread_mutex_lock(&t->lock);
	for (i = 0; i < t->entries; i++)
		if (t->ent[i].shared && t->ent[i].owner == owner && t->ent[i].grantee == grantee)
			n++;
	pthread_mutex_unlock(&t->lock);
	return n;
}

int
rmc_gnt_memfd_table_destroy(struct rmc_gnt_memfd_table *t)
{
	uint32_t grants, mapped;

	if (t == NULL)
		return 0;
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	if (grants != 0 || mapped != 0)
		return -EBUSY;
	close(t->fd);
	pthread_mutex_destroy(&t->lock);
	free(t);
	return 0;
}

static void *
gnt_memfd_open(const void *arg, uint32_t self_domid, char *why, size_t len)
{
	struct gnt_memfd *g;

	if (arg == NULL) {
		snprintf(why, len, "no stand-in grant table given");
		errno = EINVAL;
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return NULL;
	g->t = (struct rmc_gnt_memfd_table *)(uintptr_t)arg;
	g->self = self_domid;
	return g;
}

/* Map refs[] contiguously: reserve the range, then each page in place. */
static void *
gnt_memfd_map_pages(struct rmc_gnt_memfd_table *t, uint32_t count, const uint32_t *refs)
{
	uint8_t *base;
	uint32_t i;

	base = mmap(NULL, (size_t)count * RMC_GNT_PAGE_SIZE, PROT_NONE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	for (i = 0; i < count; i++) {
		void *p = mmap(base + (size_t)i * RMC_GNT_PAGE_SIZE, RMC_GNT_PAGE_SIZE,
			PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, t->fd,
			(off_t)refs[i] * RMC_GNT_PAGE_SIZE);

		if (p == MAP_FAILED) {
			munmap(base, (size_t)count * RMC_GNT_PAGE_SIZE);
			return NULL;
		}
	}
	return base;
}

static struct gnt_rec *
gnt_memfd_rec(struct gnt_memfd *g, void *addr)
{
	unsigned int i;

	for (i = 0; i < GNT_MEMFD_RECS; i++)
		if (g->rec[i].addr == addr)
			return &g->rec[i];
	return NULL;
}

/* Free the entry once nobody shares or maps it (caller holds the lock). */
static void
gnt_memfd_ent_put(struct rmc_gnt_memfd_table *t, uint32_t ref)
{
	struct gnt_ent *e = &t->ent[ref];

	if (!e->shared && e->maps == 0)
		memset(e, 0, sizeof(*e));
}

static void *
gnt_memfd_share(void *h, uint32_t domid, uint32_t count, uint32_t *refs, uint32_t notify_off)
{
	struct gnt_memfd *g = h;
	struct rmc_gnt_memfd_table *t = g->t;
	struct gnt_rec *r = gnt_memfd_rec(g, NULL);
	uint32_t i, n = 0, ref;
	void *addr;

	if (r == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	r->refs = malloc(count * sizeof(*refs));
	if (r->refs == NULL)
		return NULL;
	pthread_mutex_lock(&t->lock);
	/* Take free refs from a moving cursor: they need not be consecutive. */
	for (i = 0; i < t->entries - RMC_XEN_GREF_FIRST && n < count; i++) {
		ref = RMC_XEN_GREF_FIRST + (t->cursor - RMC_XEN_GREF_FIRST + i) %
			(t->entries - RMC_XEN_GREF_FIRST);
		if (!t->ent[ref].in_use)
			refs[n++] = ref;
	}
	if (n < count) {
		pthread_mutex_unlock(&t->lock);
		free(r->refs);
		r->refs = NULL;
		errno = ENOSPC;
		return NULL;
	}
	for (i = 0; i < count; i++) {
		struct gnt_ent *e = &t->ent[refs[i]];

		e->owner = g->self;
		e->grantee = domid;
		e->shared = 1;
		e->in_use = 1;
		/* Fresh pages are zeroed, as the kernel's are. */
		fallocate(t->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			(off_t)refs[i] * RMC_GNT_PAGE_SIZE, RMC_GNT_PAGE_SIZE);
	}
	t->cursor = refs[count - 1] + 7; /* leave gaps, like a used table */
	if (t->cursor >= t->entries)
		t->cursor = RMC_XEN_GREF_FIRST;
	addr = gnt_memfd_map_pages(t, count, refs);
	if (addr == NULL) {
		for (i = 0; i < count; i++)
			memset(&t->ent[refs[i]], 0, sizeof(t->ent[0]));
		pthread_mutex_unlock(&t->lock);
		free(r->refs);
		r->refs = NULL;
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_unlock(&t->lock);
	memcpy(r->refs, refs, count * sizeof(*refs));
	r->addr = addr;
	r->count = count;
	r->notify_off = notify_off;
	r->shared = 1;
	return addr;
}

static void *
gnt_memfd_map(void *h, uint32_t domid, uint32_t count, const uint32_t *refs, uint32_t notify_off)
{
	struct gnt_memfd *g = h;
	struct rmc_gnt_memfd_table *t = g->t;
	struct gnt_rec *r = gnt_memfd_rec(g, NULL);
	uint32_t i;
	void *addr;

	if (r == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	r->refs = malloc(count * sizeof(*refs));
	if (r->refs == NULL)
		return NULL;
	pthread_mutex_lock(&t->lock);
	/* All or nothing, as xengnttab_map_domain_grant_refs. */
	for (i = 0; i < count; i++) {
		const struct gnt_ent *e;

		if (refs[i] >= t->entries) {
			errno = EINVAL;
			goto fail;
		}
		e = &t->ent[refs[i]];
		if (!e->shared || e->owner != domid || e->grantee != g->self) {
			/* Xen: GNTST_permission_denied / bad_gntref. */
			errno = EPERM;
			goto fail;
		}
	}
	addr = gnt_memfd_map_pages(t, count, refs);
	if (addr == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	for (i = 0; i < count; i++)
		t->ent[refs[i]].maps++;
	t->mapped += count;
	pthread_mutex_unlock(&t->lock);
	memcpy(r->refs, refs, count * sizeof(*refs));
	r->addr = addr;
	r->count = count;
	r->notify_off = notify_off;
	r->shared = 0;
	return addr;
fail:
	pthread_mutex_unlock(&t->lock);
	free(r->refs);
	r->refs = NULL;
	return NULL;
}

static int
gnt_memfd_release(struct gnt_memfd *g, void *addr, uint32_t count, int shared)
{
	struct rmc_gnt_memfd_table *t = g->t;
	struct gnt_rec *r = addr != NULL ? gnt_memfd_rec(g, addr) : NULL;
	uint32_t i;

	if (r == NULL || r->count != count || r->shared != shared)
		return -EINVAL;
	if (r->notify_off != RMC_GNT_NO_NOTIFY)
		__atomic_store_n((uint8_t *)addr + r->notify_off, 0, __ATOMIC_RELEASE);
	munmap(addr, (size_t)count * RMC_GNT_PAGE_SIZE);
	pthread_mutex_lock(&t->lock);
	for (i = 0; i < count; i++) {
		struct gnt_ent *e = &t->ent[r->refs[i]];

		if (shared) {
			e->shared = 0;
		} else {
			e->maps--;
			t->mapped--;
		}
		gnt_memfd_ent_put(t, r->refs[i]);
	}
	pthread_mutex_unlock(&t->lock);
	free(r->refs);
	memset(r, 0, sizeof(*r));
	return 0;
}

static int
gnt_memfd_unshare(void *h, void *addr, uint32_t count)
{
	return gnt_memfd_release(h, addr, count, 1);
}

static int
gnt_memfd_unmap(void *h, void *addr, uint32_t count)
{
	return gnt_memfd_release(h, addr, count, 0);
}

/* Closing a handle releases what it still holds, as process exit does on Xen. */
static void
gnt_memfd_close(void *h)
{
	struct gnt_memfd *g = h;
	unsigned int i;

	for (i = 0; i < GNT_MEMFD_RECS; i++)
		if (g->rec[i].addr != NULL)
			gnt_memfd_release(g, g->rec[i].addr, g->rec[i].count, g->rec[i].shared);
	free(g);
}

const struct rmc_gnt_ops rmc_gnt_memfd_ops = {
	.name = "memfd stand-in",
	.open = gnt_memfd_open,
	.close = gnt_memfd_close,
	.share = gnt_memfd_share,
	.unshare = gnt_memfd_unshare,
	.map = gnt_memfd_map,
	.unmap = gnt_memfd_unmap,
};
