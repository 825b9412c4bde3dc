/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * PGAS regions on the node (rte_rmc_pgas.h): contexts with a name and a set
 * of user sessions. A region goes when the last session using it closes
 * (detach or death), unless it is persistent, so that a dead application's
 * contexts do not live as long as the node and a rerun starts from fresh
 * memory. The node only creates, finds and removes its own part; agreeing on
 * an id over the cluster is the application side's (rmc_pgas.c). Control
 * thread, node lock held.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rte_rmc_pgas.h"
#include "rmc_ctl_msg.h"
#include "rmc_private.h"

#define RMC_REGION_BOOT_NAME "rmc.pgas.boot"
#define RMC_REGION_BOOT_SIZE 4096

/* 0 if 'name' is a valid region name; the bootstrap's own name only with 'boot'. */
static int
rmc_region_name_ok(const char *name, int boot)
{
	size_t i, n = strnlen(name, RTE_RMC_NAME_MAX);

	if (n == 0 || n == RTE_RMC_NAME_MAX)
		return -EINVAL;
	if (boot)
		return strcmp(name, RMC_REGION_BOOT_NAME) == 0 ? 0 : -EINVAL;
	if (strncmp(name, "rmc.", 4) == 0)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				(ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return -EINVAL;
	}
	return 0;
}

static int
rmc_region_find(const struct rte_rmc_node *node, const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_CTX; i++)
		if (node->ctx[i].view.valid && node->ctx[i].name[0] != '\0' &&
				strncmp(node->ctx[i].name, name, RTE_RMC_NAME_MAX) == 0)
			return (int)i;
	return -ENOENT;
}

/* 1 if an application session other than 'self' uses context 'id'. */
static int
rmc_region_other_user(const struct rte_rmc_node *node, const struct rmc_client *self,
		uint16_t id)
{
	const struct rmc_client *c;

	TAILQ_FOREACH(c, &node->clients, next)
		if (c != self && c->role == RMC_ROLE_APP && (c->ctx_uses >> id & 1))
			return 1;
	return 0;
}

/* Every session stops using context 'id' (it is gone). */
static void
rmc_region_forget(struct rte_rmc_node *node, uint16_t id)
{
	struct rmc_client *c;

	TAILQ_FOREACH(c, &node->clients, next)
		c->ctx_uses &= ~(UINT64_C(1) << id);
}

static void
rmc_region_reply(struct rmc_client *s, struct rmc_ctl_msg *m, int64_t gen)
{
	m->result = 0;
	m->u.region.gen = (uint64_t)gen;
	rmc_ctl_send(s->fd, m, -1);
}

/* The checks of a creation; 0, or <0 once answered. */
static int
rmc_region_create_check(struct rmc_client *s, struct rmc_ctl_msg *m)
{
	int boot = (m->u.region.flags & RMC_REGION_F_BOOT) != 0;
	uint16_t id = m->u.region.id;

	if (rmc_region_name_ok(m->u.region.name, boot) < 0 ||
			(m->u.region.flags & ~(RTE_RMC_PGAS_F_PERSISTENT | RMC_REGION_F_JOIN |
			RMC_REGION_F_BOOT)) != 0) {
		rmc_reply_error(s->fd, m, -EINVAL, "bad region name or flags (names: 1 to %u "
			"characters of A-Z a-z 0-9 . _ -, not starting with 'rmc.')",
			RTE_RMC_NAME_MAX - 1);
		return -EINVAL;
	}
	if (boot ? id != RTE_RMC_PGAS_BOOT_CTX : id == 0 || id >= RTE_RMC_PGAS_BOOT_CTX) {
		rmc_reply_error(s->fd, m, -EINVAL, "context %u cannot hold a region", id);
		return -EINVAL;
	}
	if (m->u.region.size == 0) {
		rmc_reply_error(s->fd, m, -EINVAL, "a region has at least 1 byte");
		return -EINVAL;
	}
	if (m->u.region.size > RMC_CTX_SIZE_MAX) {
		rmc_reply_error(s->fd, m, -EFBIG, "region of %" PRIu64 " bytes: a context "
			"holds at most %" PRIu64 " GiB", m->u.region.size, RMC_CTX_SIZE_MAX >> 30);
		return -EFBIG;
	}
	return 0;
}

static void
rmc_region_create(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	char text[RMC_CTL_TEXT_MAX];
	uint16_t id = m->u.region.id;
	struct rmc_ctx *c = &node->ctx[id < RTE_RMC_MAX_CTX ? id : 0];
	int boot = (m->u.region.flags & RMC_REGION_F_BOOT) != 0, ret;
	char name[RTE_RMC_NAME_MAX]; /* the reply's text overwrites the request's name */

	m->u.region.name[RTE_RMC_NAME_MAX - 1] = '\0';
	snprintf(name, sizeof(name), "%s", m->u.region.name);
	if (rmc_region_create_check(s, m) < 0)
		return;
	if ((m->u.region.flags & RMC_REGION_F_JOIN) && c->view.valid && c->region != 0 &&
			strcmp(c->name, m->u.region.name) == 0) {
		s->ctx_uses |= UINT64_C(1) << id;
		m->u.region.size = c->view.size;
		return rmc_region_reply(s, m, __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE));
	}
	ret = rmc_region_find(node, m->u.region.name);
	if (ret >= 0 || c->view.valid)
		return rmc_reply_error(s->fd, m, -EEXIST, ret >= 0 ? "region '%s' exists on "
			"node %u" : "context id of region '%s' is in use on node %u",
			name, node->pub.id);
	ret = boot ? 0 : rmc_quota_ctx(node, s, m->u.region.size, text, sizeof(text));
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "%s", text);
	ret = rmc_ctx_create_locked(node, id, m->u.region.size, RTE_RMC_PERM_RW);
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "cannot create region '%s': %s",
			name, strerror(-ret));
	c->app_pid = boot ? 0 : s->cred_pid;
	c->region = m->u.region.flags | RMC_REGION_F_JOIN;
	snprintf(c->name, sizeof(c->name), "%s", name);
	s->ctx_uses |= UINT64_C(1) << id;
	rmc_region_reply(s, m, __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE));
}

static void
rmc_region_lookup(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	char name[RTE_RMC_NAME_MAX];
	int id;

	m->u.region.name[RTE_RMC_NAME_MAX - 1] = '\0';
	snprintf(name, sizeof(name), "%s", m->u.region.name);
	id = rmc_region_find(node, name);
	if (id < 0)
		return rmc_reply_error(s->fd, m, -ENOENT, "node %u has no region '%s'",
			node->pub.id, name);
	s->ctx_uses |= UINT64_C(1) << id;
	m->u.region.id = id;
	m->u.region.size = node->ctx[id].view.size;
	m->u.region.flags = node->ctx[id].region & RTE_RMC_PGAS_F_PERSISTENT;
	rmc_region_reply(s, m, 0);
}

/* Remove region 'id' if nobody but 'self' uses it and it is not persistent. */
static void
rmc_region_release(struct rte_rmc_node *node, struct rmc_client *self, uint16_t id)
{
	const struct rmc_ctx *c = &node->ctx[id];

	if (!c->view.valid || c->region == 0 || (c->region & RTE_RMC_PGAS_F_PERSISTENT) ||
			rmc_region_other_user(node, self, id))
		return;
	RMC_LOG(INFO, "node %u: region '%s' (context %u) has no user left", node->pub.id,
		c->name, id);
	rmc_ctx_destroy_locked(node, id);
}

static void
rmc_region_free_ids(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	unsigned int i;

	m->u.region.mask = 0;
	for (i = 1; i < RTE_RMC_PGAS_BOOT_CTX; i++)
		if (!node->ctx[i].view.valid)
			m->u.region.mask |= UINT64_C(1) << i;
	rmc_region_reply(s, m, 0);
}

void
rmc_region_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint16_t id = m->u.region.id;
	int64_t gen;

	switch (m->type) {
	case RMC_CTL_REGION_CREATE:
		return rmc_region_create(node, s, m);
	case RMC_CTL_REGION_LOOKUP:
		return rmc_region_lookup(node, s, m);
	case RMC_CTL_REGION_FREE_IDS:
		return rmc_region_free_ids(node, s, m);
	default:
		break;
	}
	if (id >= RTE_RMC_MAX_CTX || !node->ctx[id].view.valid || node->ctx[id].region == 0)
		return rmc_reply_error(s->fd, m, -ENOENT, "node %u has no region in context %u",
			node->pub.id, id);
	if (m->type == RMC_CTL_REGION_CLOSE) {
		rmc_region_release(node, s, id);
		s->ctx_uses &= ~(UINT64_C(1) << id);
		return rmc_region_reply(s, m, __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE));
	}
	RMC_LOG(INFO, "node %u: region '%s' (context %u) destroyed", node->pub.id,
		node->ctx[id].name, id);
	rmc_region_forget(node, id);
	gen = rmc_ctx_destroy_locked(node, id);
	rmc_region_reply(s, m, gen < 0 ? 0 : gen);
}

void
rmc_region_use(struct rte_rmc_node *node, struct rmc_client *s, uint16_t id)
{
	if (id < RTE_RMC_MAX_CTX && node->ctx[id].view.valid && node->ctx[id].region != 0)
		s->ctx_uses |= UINT64_C(1) << id;
}

void
rmc_region_client_close(struct rte_rmc_node *node, struct rmc_client *s)
{
	uint64_t uses = s->ctx_uses;
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_CTX; i++)
		if (uses >> i & 1)
			rmc_region_release(node, s, i);
	s->ctx_uses = 0;
}
