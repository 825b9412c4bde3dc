/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_common.h"

void
rpc_conf(struct rte_rmc_msg_conf *conf, unsigned int servers, unsigned int clients)
{
	memset(conf, 0, sizeof(*conf));
	conf->ctx_id = RPC_CTX_ID;
	conf->ctx_offset = 0;
	conf->max_ports = servers + clients;
	conf->slots = 16;
	conf->slot_size = 256;
	conf->max_msg = sizeof(struct rpc_msg) + RPC_MAX_MSG;
}

int
rpc_setup_ctx(struct rte_rmc_session *s, const struct rte_rmc_msg_conf *conf)
{
	uint64_t size = rte_rmc_msg_area_size(conf, rte_rmc_node_count(s)) * conf->max_ports;
	int ret;

	size = (size + 4095) & ~UINT64_C(4095);
	ret = rte_rmc_ctx_create(s, RPC_CTX_ID, size, RTE_RMC_PERM_RW);
	return ret == -EEXIST ? 0 : ret;
}

uint64_t
rpc_hash(const uint8_t *p, uint32_t len)
{
	uint64_t h = UINT64_C(14695981039346656037);
	uint32_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * UINT64_C(1099511628211);
	return h;
}

unsigned long
rpc_number(const char *prog, const char *opt, const char *val, unsigned long min,
		unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = val != NULL ? strtoul(val, &end, 10) : 0;
	if (val == NULL || *val < '0' || *val > '9' || *end != '\0' || errno != 0 || v < min ||
			v > max) {
		fprintf(stderr, "%s: %s needs a number %lu..%lu\n", prog, opt, min, max);
		exit(2);
	}
	return v;
}
