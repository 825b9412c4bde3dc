/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The production publication board: xenstore. A node writes the
 * publication of the region it shared with peer P at
 *   /local/domain/<own domid>/data/sonuma/<cluster>/n<self>-to-n<P>
 * (the data/ subtree is the guest's own) and sets the node's permissions to
 * "owner: us, nobody else, except P: read", so that only P can read it.
 * P reads it there; it needs to know our domain id, which the cluster's
 * domains= driver argument gives every node.
 *
 * NOT EXERCISED BY CI: the build machines have no xenstore. The tests use a
 * directory in its place (rmc_xen_board_dir.c); see doc/xen.md.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "rmc_xen_env.h"

#define XS_BOARD_DIR "data/sonuma"
/* A transaction that races another writer is retried this often. */
#define XS_BOARD_RETRIES 8

struct xs_board {
	struct xs_handle *xs;
	uint32_t self;
};

static void *
xs_board_open(const void *arg, uint32_t self_domid, char *why, size_t len)
{
	struct xs_board *b;
	int err;

	RTE_SET_USED(arg);
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NULL;
	b->xs = xs_open(0);
	if (b->xs == NULL) {
		err = errno;
		snprintf(why, len, "cannot connect to xenstore: %s (is /dev/xen/xenbus there, "
			"or xenstored running?)", strerror(err));
		free(b);
		errno = err;
		return NULL;
	}
	b->self = self_domid;
	return b;
}

static void
xs_board_close(void *h)
{
	struct xs_board *b = h;

	xs_close(b->xs);
	free(b);
}

static int
xs_board_self_domid(void *h, uint32_t *domid)
{
	struct xs_board *b = h;
	unsigned int len;
	char *v, *end;
	unsigned long d;

	/* A relative path is relative to our own /local/domain/<domid>. */
	v = xs_read(b->xs, XBT_NULL, "domid", &len);
	if (v == NULL)
		return -errno;
	d = strtoul(v, &end, 10);
	if (end == v || *end != '\0') {
		free(v);
		return -EPROTO;
	}
	free(v);
	*domid = d;
	return 0;
}

static int
xs_board_path(uint32_t owner, const char *key, char *buf, size_t len)
{
	int n = snprintf(buf, len, "/local/domain/%u/%s/%s", owner, XS_BOARD_DIR, key);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int
xs_board_put(void *h, const char *key, const char *val, uint32_t reader)
{
	struct xs_board *b = h;
	struct xs_permissions perms[2] = {
		{ .id = b->self, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};
	xs_transaction_t t;
	char path[256];
	int i, ret;

	ret = xs_board_path(b->self, key, path, sizeof(path));
	if (ret < 0)
		return ret;
	/* Value and permissions appear together, or not at all. */
	for (i = 0; i < XS_BOARD_RETRIES; i++) {
		t = xs_transaction_start(b->xs);
		if (t == XBT_NULL)
			return -errno;
		if (!xs_write(b->xs, t, path, val, strlen(val)) ||
				!xs_set_permissions(b->xs, t, path, perms, 2)) {
			ret = -errno;
			xs_transaction_end(b->xs, t, true);
			return ret;
		}
		if (xs_transaction_end(b->xs, t, false))
			return 0;
		if (errno != EAGAIN)
			return -errno;
	}
	return -EAGAIN;
}

static int
xs_board_get(void *h, uint32_t owner, const char *key, char *buf, size_t len)
{
	struct xs_board *b = h;
	unsigned int vlen;
	char path[256];
	char *v;
	int ret;

	ret = xs_board_path(owner, key, path, sizeof(path));
	if (ret < 0)
		return ret;
	v = xs_read(b->xs, XBT_NULL, path, &vlen);
	if (v == NULL)
		/* Not there yet, or there but not yet readable by us: the same. */
		return errno == EACCES || errno == ENOENT ? -ENOENT : -errno;
	if (vlen >= len) {
		free(v);
		return -ENOSPC;
	}
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
	free(v);
	return vlen;
}

static int
xs_board_del(void *h, const char *key)
{
	struct xs_board *b = h;
	char path[256];
	int ret;

	ret = xs_board_path(b->self, key, path, sizeof(path));
	if (ret < 0)
		return ret;
	return xs_rm(b->xs, XBT_NULL, path) ? 0 : -errno;
}

const struct rmc_xen_board_ops rmc_xen_board_xs_ops = {
	.name = "xenstore",
	.open = xs_board_open,
	.close = xs_board_close,
	.self_domid = xs_board_self_domid,
	.put = xs_board_put,
	.get = xs_board_get,
	.del = xs_board_del,
};
