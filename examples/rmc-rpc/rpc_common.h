/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RPC_COMMON_H_
#define _RPC_COMMON_H_

/*
 * A small RPC service on soNUMA messaging (rte_rmc_msg.h): a pool of server
 * threads on one node, client threads on another, each thread one messaging
 * endpoint. What both programs share: the wire format, the messaging
 * configuration (it must be the same on both nodes, so both derive it from
 * --servers and --clients), and setting up the context that holds it.
 */

#include <stdint.h>

#include <rte_rmc.h>
#include <rte_rmc_msg.h>

/* Context 1 holds the messaging areas on both nodes. */
#define RPC_CTX_ID 1
/* Largest request or reply. */
#define RPC_MAX_MSG (16u << 10)

enum rpc_op {
	RPC_OP_REVERSE = 1, /* reply: the payload, bytes in reverse order */
	RPC_OP_HASH = 2,    /* reply: the payload's 64-bit FNV-1a hash, no payload */
	RPC_OP_BYE = 3,     /* a client endpoint is done with this server */
};

struct rpc_msg {
	uint32_t op;
	uint32_t len;       /* payload bytes */
	uint64_t id;        /* chosen by the client, echoed */
	uint64_t hash;      /* RPC_OP_HASH reply */
	uint8_t payload[];
};

/* Servers use ports 0..servers-1, clients servers..servers+clients-1. */
void rpc_conf(struct rte_rmc_msg_conf *conf, unsigned int servers, unsigned int clients);

/* Create context RPC_CTX_ID on the session's node if needed; 0 or -errno. */
int rpc_setup_ctx(struct rte_rmc_session *s, const struct rte_rmc_msg_conf *conf);

uint64_t rpc_hash(const uint8_t *p, uint32_t len);

/* Parse a whole number option value; exits 2 with a message when bad. */
unsigned long rpc_number(const char *prog, const char *opt, const char *val, unsigned long min,
		unsigned long max);

#endif /* _RPC_COMMON_H_ */
