/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * soKV's RPC path (GET, PUT, DELETE carried to the owner's server over the
 * messaging API, rte_rmc_msg.h). A client endpoint calls the owner's server
 * thread c->port mod servers. Replies carry the request's id: a late reply to
 * a call that timed out is dropped. An endpoint whose send failed is reopened
 * before the next call (messaging reports a failure on every later send).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include "sokv_client.h"

static int
sokv_rpc_reopen(struct sokv_client *c)
{
	struct rte_rmc_msg_conf conf;

	if (c->ep != NULL)
		rte_rmc_msg_close(c->ep);
	sokv_msg_conf(&conf);
	c->ep = rte_rmc_msg_open(c->s, c->port, &conf);
	if (c->ep == NULL) {
		fprintf(stderr, "sokv: cannot reopen endpoint %u: %s\n", c->port,
			rte_strerror(rte_errno));
		return SOKV_ERROR;
	}
	c->rpc_broken = 0;
	return SOKV_OK;
}

/* A call failed with -err: the owner is down, or something else went wrong. */
static int
sokv_rpc_failed(struct sokv_client *c, uint16_t nid, const char *what, int err)
{
	c->rpc_broken = 1;
	if (rte_rmc_peer_is_up(c->s, nid) != 1)
		return SOKV_NODE_DOWN;
	fprintf(stderr, "sokv: %s node %u: %s\n", what, nid, strerror(err));
	/* No server endpoint while the node runs: as good as down for its keys. */
	if (err == ECONNREFUSED)
		return SOKV_NODE_DOWN;
	return err == ETIMEDOUT || err == EAGAIN ? SOKV_TIMEOUT : SOKV_ERROR;
}

static int
sokv_rpc_send(struct sokv_client *c, uint16_t nid, uint16_t port, uint32_t len)
{
	int ret;

	ret = rte_rmc_msg_send(c->ep, nid, port, c->rpc_req, len, SOKV_TIMEOUT_US);
	/* The server was restarted since our last call: once more, to the new one. */
	if (ret == -ECONNRESET)
		ret = rte_rmc_msg_send(c->ep, nid, port, c->rpc_req, len, SOKV_TIMEOUT_US);
	if (ret < 0)
		return sokv_rpc_failed(c, nid, "request to", -ret);
	return SOKV_OK;
}

int
sokv_rpc_call(struct sokv_client *c, uint16_t nid, uint32_t op, uint64_t key,
		const uint8_t *v, uint32_t vlen)
{
	struct sokv_rpc *req = (struct sokv_rpc *)(void *)c->rpc_req;
	struct sokv_rpc *rep = (struct sokv_rpc *)(void *)c->rpc_rep;
	uint16_t port;
	int len, st;

	if (c->meta[nid].magic != SOKV_MAGIC && (st = sokv_client_meta(c, nid)) != SOKV_OK)
		return st;
	if (vlen > SOKV_MAX_VALUE)
		return SOKV_TOO_LARGE;
	if (c->rpc_broken && sokv_rpc_reopen(c) != SOKV_OK)
		return SOKV_ERROR;
	port = c->port % c->meta[nid].servers;
	memset(req, 0, sizeof(*req));
	req->op = op;
	req->key = key;
	req->id = ++c->rpc_id;
	req->vlen = vlen;
	if (vlen > 0)
		memcpy(req->value, v, vlen);
	st = sokv_rpc_send(c, nid, port, sizeof(*req) + vlen);
	if (st != SOKV_OK)
		return st;
	do {
		len = rte_rmc_msg_recv_from(c->ep, nid, port, rep,
			sizeof(*rep) + 2 * SOKV_MAX_VALUE, SOKV_TIMEOUT_US);
		if (len < 0)
			return sokv_rpc_failed(c, nid, "no reply from", -len);
	} while (rep->id != req->id);
	if ((uint32_t)len < sizeof(*rep) || rep->vlen != len - sizeof(*rep)) {
		fprintf(stderr, "sokv: malformed reply from node %u\n", nid);
		return SOKV_ERROR;
	}
	return (int)rep->status;
}

int
sokv_server_stats(struct sokv_client *c, uint16_t nid, struct sokv_server_stats *st)
{
	struct sokv_rpc *rep = (struct sokv_rpc *)(void *)c->rpc_rep;
	int ret;

	ret = sokv_rpc_call(c, nid, SOKV_RPC_STATS, 1, NULL, 0);
	if (ret == SOKV_OK) {
		if (rep->vlen != sizeof(*st))
			return SOKV_ERROR;
		memcpy(st, rep->value, sizeof(*st));
	}
	return ret;
}
