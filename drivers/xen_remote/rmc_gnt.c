/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Bookkeeping of granted memory (rmc_gnt.h). Control thread only. */

#include <errno.h>
#include <string.h>

#include "rmc_gnt.h"

int
rmc_gnt_book_open(struct rmc_gnt_book *b, const struct rmc_gnt_ops *ops, const void *arg,
		uint32_t self_domid, char *why, size_t len)
{
	memset(b, 0, sizeof(*b));
	b->ops = ops;
	b->h = ops->open(arg, self_domid, why, len);
	if (b->h == NULL)
		return errno != 0 ? -errno : -ENODEV;
	return 0;
}

static int
gnt_book_slot(const struct rmc_gnt_book *b, const void *addr)
{
	unsigned int i;

	for (i = 0; i < RMC_GNT_BOOK_MAX; i++)
		if (b->rec[i].addr == addr)
			return i;
	return -1;
}

static int
gnt_book_add(struct rmc_gnt_book *b, const struct rmc_gnt_alloc *a)
{
	int i = gnt_book_slot(b, NULL);

	if (i < 0)
		return -ENOSPC;
	b->rec[i].addr = a->addr;
	b->rec[i].count = a->count;
	b->rec[i].domid = a->domid;
	b->rec[i].kind = a->kind;
	if (a->kind == RMC_GNT_SHARED) {
		b->shared_pages += a->count;
		if (b->shared_pages > b->shared_hwm)
			b->shared_hwm = b->shared_pages;
	} else {
		b->mapped_pages += a->count;
		if (b->mapped_pages > b->mapped_hwm)
			b->mapped_hwm = b->mapped_pages;
	}
	return 0;
}

/* Give a record back to the backend and forget it. */
static void
gnt_book_drop(struct rmc_gnt_book *b, int i)
{
	int ret;

	if (b->rec[i].kind == RMC_GNT_SHARED) {
		ret = b->ops->unshare(b->h, b->rec[i].addr, b->rec[i].count);
		b->shared_pages -= b->rec[i].count;
	} else {
		ret = b->ops->unmap(b->h, b->rec[i].addr, b->rec[i].count);
		b->mapped_pages -= b->rec[i].count;
	}
	if (ret != 0)
		b->backend_errors++;
	memset(&b->rec[i], 0, sizeof(b->rec[i]));
}

static int
gnt_check_count(uint32_t count, uint32_t notify_off)
{
	if (count == 0 || count > RMC_GNT_MAX_COUNT)
		return -EINVAL;
	if (notify_off != RMC_GNT_NO_NOTIFY && (count != 1 || notify_off >= RMC_GNT_PAGE_SIZE))
		return -EINVAL;
	return 0;
}

int
rmc_gnt_share(struct rmc_gnt_book *b, uint32_t domid, uint32_t count, uint32_t notify_off,
		struct rmc_gnt_alloc *out)
{
	int ret = gnt_check_count(count, notify_off);

	if (ret < 0)
		return ret;
	if (gnt_book_slot(b, NULL) < 0)
		return -ENOSPC;
	memset(out, 0, sizeof(*out));
	errno = 0;
	out->addr = b->ops->share(b->h, domid, count, out->refs, notify_off);
	if (out->addr == NULL)
		return errno != 0 ? -errno : -ENOMEM;
	out->count = count;
	out->domid = domid;
	out->kind = RMC_GNT_SHARED;
	return gnt_book_add(b, out); /* a free slot was checked above */
}

int
rmc_gnt_map(struct rmc_gnt_book *b, uint32_t domid, uint32_t count, const uint32_t *refs,
		uint32_t notify_off, struct rmc_gnt_alloc *out)
{
	int ret = gnt_check_count(count, notify_off);

	if (ret < 0)
		return ret;
	if (gnt_book_slot(b, NULL) < 0)
		return -ENOSPC;
	memset(out, 0, sizeof(*out));
	errno = 0;
	out->addr = b->ops->map(b->h, domid, count, refs, notify_off);
	if (out->addr == NULL)
		return errno != 0 ? -errno : -EFAULT;
	out->count = count;
	out->domid = domid;
	out->kind = RMC_GNT_MAPPED;
	memcpy(out->refs, refs, count * sizeof(*refs));
	return gnt_book_add(b, out);
}

int
rmc_gnt_release(struct rmc_gnt_book *b, struct rmc_gnt_alloc *a)
{
	int i;

	if (a->addr == NULL) {
		b->bad_releases++;
		return -ENOENT;
	}
	i = gnt_book_slot(b, a->addr);
	if (i < 0 || b->rec[i].count != a->count || b->rec[i].kind != a->kind) {
		b->bad_releases++;
		return -ENOENT;
	}
	gnt_book_drop(b, i);
	memset(a, 0, sizeof(*a));
	return 0;
}

unsigned int
rmc_gnt_book_count(const struct rmc_gnt_book *b, enum rmc_gnt_kind kind, uint32_t domid)
{
	unsigned int i, n = 0;

	for (i = 0; i < RMC_GNT_BOOK_MAX; i++)
		if (b->rec[i].addr != NULL && (kind == 0 || b->rec[i].kind == kind) &&
				(domid == UINT32_MAX || b->rec[i].domid == domid))
			n++;
	return n;
}

unsigned int
rmc_gnt_book_close(struct rmc_gnt_book *b)
{
	unsigned int i, left = 0;

	if (b->ops == NULL)
		return 0;
	/* Mappings first: our view of peers goes before what we lent them. */
	for (i = 0; i < RMC_GNT_BOOK_MAX; i++)
		if (b->rec[i].addr != NULL && b->rec[i].kind == RMC_GNT_MAPPED) {
			gnt_book_drop(b, i);
			left++;
		}
	for (i = 0; i < RMC_GNT_BOOK_MAX; i++)
		if (b->rec[i].addr != NULL) {
			gnt_book_drop(b, i);
			left++;
		}
	if (b->h != NULL)
		b->ops->close(b->h);
	b->h = NULL;
	b->ops = NULL;
	return left;
}
