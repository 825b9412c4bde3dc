/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <rte_log.h>

#include "rte_rmc.h"
#include "rmc_log.h"

RTE_LOG_REGISTER_DEFAULT(rmc_logtype, NOTICE);

struct rmc_status_desc {
	const char *name;
	const char *text;
};

/* Indexed by enum rte_rmc_status; texts are what tools print. */
static const struct rmc_status_desc rmc_status_desc[RTE_RMC_STATUS_MAX] = {
	[RTE_RMC_STATUS_OK] = { "ok", "success" },
	[RTE_RMC_STATUS_BAD_NODE] = { "bad_node", "node id is outside the cluster" },
	[RTE_RMC_STATUS_BAD_CTX] = { "bad_ctx", "no such context on the destination node" },
	[RTE_RMC_STATUS_OUT_OF_BOUNDS] = { "out_of_bounds",
		"offset + length is beyond the end of the context" },
	[RTE_RMC_STATUS_PERM] = { "perm",
		"permission denied: the context is read-only for remote nodes" },
	[RTE_RMC_STATUS_BAD_LBUF] = { "bad_lbuf",
		"local buffer unknown, not registered by this application, or range outside it" },
	[RTE_RMC_STATUS_BAD_OPCODE] = { "bad_opcode", "unknown operation code" },
	[RTE_RMC_STATUS_UNALIGNED] = { "unaligned", "atomic on a word that is not 8-byte aligned" },
	[RTE_RMC_STATUS_BAD_LENGTH] = { "bad_length",
		"length is zero, above the limit, or not 8 for an atomic" },
	[RTE_RMC_STATUS_BAD_FLAGS] = { "bad_flags", "unknown flag, or a start time without its flag" },
	[RTE_RMC_STATUS_NODE_DOWN] = { "node_down", "destination node is down or unreachable" },
	[RTE_RMC_STATUS_TIMED_OUT] = { "timed_out", "timed out waiting for the completion" },
	[RTE_RMC_STATUS_ABORTED] = { "aborted", "aborted: the serving node stopped" },
	[RTE_RMC_STATUS_INTERNAL] = { "internal", "internal RMC error" },
	[RTE_RMC_STATUS_MEM_FAULT] = { "mem_fault", "memory fault at the destination" },
	[RTE_RMC_STATUS_CONFLICT] = { "conflict",
		"atomic object read: a writer kept changing the object, try again" },
};

const char *
rte_rmc_strerror(int status)
{
	if (status < 0 || status >= RTE_RMC_STATUS_MAX)
		return "unknown status";
	return rmc_status_desc[status].text;
}

const char *
rte_rmc_status_name(int status)
{
	if (status < 0 || status >= RTE_RMC_STATUS_MAX)
		return "unknown";
	return rmc_status_desc[status].name;
}
