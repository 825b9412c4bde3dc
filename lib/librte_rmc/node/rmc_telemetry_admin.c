/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The operator's admin channel: commands on the DPDK telemetry socket of the
 * process that hosts a node (rmcd, rmc-testpmd), which change node-wide
 * state that the application API may not change (doc/reliability.md):
 *
 *   /rmc/admin/latency,<nid>,<BASE_NS>[,<PER_CHUNK_NS>]   as rmcd --latency
 *   /rmc/admin/stats_reset,<nid>                          clear node counters
 *
 * Who may use them: the telemetry socket lives in the EAL runtime folder
 * (/var/run/dpdk/<prefix>/ or $XDG_RUNTIME_DIR/dpdk/<prefix>/), which EAL
 * creates 0700; so only the node's own user (or root) can connect. Each
 * command checks that the folder is still owned by this user and closed to
 * group and others, and refuses otherwise. Parameters are untrusted: parsed
 * strictly; anything else is an error answer and changes nothing.
 *
 * Answers never echo the parameters (they could break the JSON). Every
 * answer is a dict: {"status": "ok", ...} or {"status": "error",
 * "error": "<why>"}.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_telemetry.h>

#include "rmc_private.h"

/* As rmcd --latency: at most 100 ms each (rte_rmc_node_latency_set()). */
#define RMC_TEL_ADMIN_LAT_MAX UINT64_C(100000000)
#define RMC_TEL_ADMIN_PARAMS_MAX 128

static int
rmc_tel_admin_error(struct rte_tel_data *d, const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "status", "error");
	rte_tel_data_add_dict_string(d, "error", msg);
	return 0;
}

/*
 * The runtime folder that holds the telemetry socket must be owner-only:
 * otherwise another user could reach the admin commands.
 */
static int
rmc_tel_admin_channel_private(const char **why)
{
	const char *dir = rte_eal_get_runtime_dir();
	struct stat st;

	if (dir == NULL || dir[0] == '\0' || lstat(dir, &st) < 0) {
		*why = "the EAL runtime folder cannot be checked";
		return -EPERM;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		*why = "the EAL runtime folder is not owner-only (expected mode 0700, "
			"owned by this user): admin commands refused";
		return -EPERM;
	}
	return 0;
}

/*
 * Split params into at most max comma-separated unsigned numbers (decimal or
 * 0x hex, no sign, no space, no empty field), each at most lim[i]. Returns the
 * count, -EINVAL or -ERANGE.
 */
static int
rmc_tel_admin_numbers(const char *params, uint64_t *v, const uint64_t *lim, int min, int max)
{
	char buf[RMC_TEL_ADMIN_PARAMS_MAX];
	char *field, *next;
	int n = 0, ret;

	if (params == NULL || strlen(params) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", params);
	for (field = buf; field != NULL; field = next) {
		next = strchr(field, ',');
		if (next != NULL)
			*next++ = '\0';
		if (n == max)
			return -EINVAL;
		ret = rte_rmc_parse_uint(field, lim[n], &v[n]);
		if (ret < 0)
			return ret;
		n++;
	}
	return n < min ? -EINVAL : n;
}

struct rmc_tel_admin_lat {
	uint64_t base_ns, per_chunk_ns;
};

static int
rmc_tel_admin_lat_apply(struct rte_rmc_node *node, void *arg)
{
	struct rmc_tel_admin_lat *l = arg;

	/* What rmcd --latency and the hosting process use: peers learn it. */
	return rte_rmc_node_latency_set(node, l->base_ns, l->per_chunk_ns);
}

static int
rmc_tel_admin_latency_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	static const uint64_t lim[] = { UINT32_MAX, RMC_TEL_ADMIN_LAT_MAX, RMC_TEL_ADMIN_LAT_MAX };
	struct rmc_tel_admin_lat l;
	const char *why;
	uint64_t v[3] = { 0, 0, 0 };
	int n, ret;

	RTE_SET_USED(cmd);
	if (rmc_tel_admin_channel_private(&why) < 0)
		return rmc_tel_admin_error(d, "%s", why);
	n = rmc_tel_admin_numbers(params, v, lim, 2, 3);
	if (n == -ERANGE)
		return rmc_tel_admin_error(d, "latency: %s", "each value at most 100000000 ns");
	if (n < 0)
		return rmc_tel_admin_error(d, "latency: %s", "expected NODE_ID,BASE_NS"
			"[,PER_CHUNK_NS] (unsigned numbers)");
	l.base_ns = v[1];
	l.per_chunk_ns = v[2];
	ret = rmc_telemetry_with_node(v[0], rmc_tel_admin_lat_apply, &l);
	if (ret == -ENODEV)
		return rmc_tel_admin_error(d, "latency: %s", "no such node in this process");
	if (ret < 0)
		return rmc_tel_admin_error(d, "latency refused: %s", strerror(-ret));
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "status", "ok");
	rte_tel_data_add_dict_u64(d, "node", v[0]);
	rte_tel_data_add_dict_u64(d, "base_ns", l.base_ns);
	rte_tel_data_add_dict_u64(d, "per_chunk_ns", l.per_chunk_ns);
	return 0;
}

static int
rmc_tel_admin_reset_apply(struct rte_rmc_node *node, void *arg)
{
	RTE_SET_USED(arg);
	return rte_rmc_node_stats_reset(node);
}

static int
rmc_tel_admin_stats_reset_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	static const uint64_t lim[] = { UINT32_MAX };
	const char *why;
	uint64_t nid;
	int ret;

	RTE_SET_USED(cmd);
	if (rmc_tel_admin_channel_private(&why) < 0)
		return rmc_tel_admin_error(d, "%s", why);
	if (rmc_tel_admin_numbers(params, &nid, lim, 1, 1) < 0)
		return rmc_tel_admin_error(d, "stats_reset: %s", "expected NODE_ID");
	ret = rmc_telemetry_with_node(nid, rmc_tel_admin_reset_apply, NULL);
	if (ret == -ENODEV)
		return rmc_tel_admin_error(d, "stats_reset: %s", "no such node in this process");
	if (ret < 0)
		return rmc_tel_admin_error(d, "stats_reset refused: %s", strerror(-ret));
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "status", "ok");
	rte_tel_data_add_dict_u64(d, "node", nid);
	return 0;
}

RTE_INIT(rmc_telemetry_admin_init)
{
	rte_telemetry_register_cmd("/rmc/admin/latency", rmc_tel_admin_latency_cb,
		"Operator: set a node's latency model as rmcd --latency. "
		"Parameters: node id, base ns[, ns per chunk]");
	rte_telemetry_register_cmd("/rmc/admin/stats_reset", rmc_tel_admin_stats_reset_cb,
		"Operator: clear a node's statistics. Parameter: node id");
}
