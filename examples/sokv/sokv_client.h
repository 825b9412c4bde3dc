/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SOKV_CLIENT_H_
#define _SOKV_CLIENT_H_

/*
 * The client side of soKV, one per thread: its own queue pair, local buffer
 * and messaging endpoint. GET and PUT in the ways of sokv.h; a torn read is
 * detected by the mode's validation and retried (up to SOKV_RETRIES times),
 * never returned.
 */

#include "sokv.h"

#define SOKV_RETRIES 100000
/* Wait for a reply or a one-sided completion; a dead owner ends it sooner. */
#define SOKV_TIMEOUT_US 10000000u

struct sokv_counters {
	uint64_t gets, puts, get_retries, put_retries;
	uint64_t lines_missed;  /* FaRM: every line's version matched, the checksum did not */
	uint64_t sabre_conflicts;
};

struct sokv_client {
	struct rte_rmc_session *s;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_msg_ep *ep;
	uint16_t port;
	uint16_t nodes;
	uint16_t rpc_broken;    /* the endpoint failed: reopen before the next call */
	enum sokv_get_mode get_mode;
	enum sokv_put_mode put_mode;
	struct sokv_meta meta[RTE_RMC_MAX_NODES];
	struct sokv_counters cnt;
	uint64_t rpc_id;
	uint8_t *rpc_req;       /* the request sent */
	uint8_t *rpc_rep;       /* the reply received */
};

/* Open client number idx (0..SOKV_MAX_CLIENTS-1) of this process; 0 or -errno. */
int sokv_client_open(struct sokv_client *c, struct rte_rmc_session *s, unsigned int idx,
		enum sokv_get_mode gm, enum sokv_put_mode pm);
void sokv_client_close(struct sokv_client *c);
/* Read the owner's geometry once its server is ready (bounded); enum sokv_status. */
int sokv_client_meta(struct sokv_client *c, uint16_t nid);
/* enum sokv_status; v receives up to SOKV_MAX_VALUE bytes. */
int sokv_get(struct sokv_client *c, uint64_t key, uint8_t *v, uint32_t *vlen, uint64_t *ver);
int sokv_put(struct sokv_client *c, uint64_t key, const uint8_t *v, uint32_t vlen);
int sokv_del(struct sokv_client *c, uint64_t key);
/* The owner's server counters (RPC); enum sokv_status. */
int sokv_server_stats(struct sokv_client *c, uint16_t nid, struct sokv_server_stats *st);

/* RPC (sokv_client_rpc.c): one call, the reply in c->rpc_rep; enum sokv_status. */
int sokv_rpc_call(struct sokv_client *c, uint16_t nid, uint32_t op, uint64_t key,
		const uint8_t *v, uint32_t vlen);
/* Map an RMC status to a soKV one (printing the unexpected). */
int sokv_rmc_status(int st, const char *what, uint16_t nid);

#endif /* _SOKV_CLIENT_H_ */
