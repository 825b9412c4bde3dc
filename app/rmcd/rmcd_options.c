/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The handlers of rmcd's options and their table. A handler checks one
 * value, refuses it with a message that names the option, the value and
 * what would be accepted, and stores it in the options.
 */

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "app_opts.h"
#include "rmcd_options.h"

/* An unsigned number min..max; -1 if it is not one. */
static int
uint_value(const char *val, uint64_t min, uint64_t max, uint64_t *v)
{
	if (rte_rmc_parse_uint(val, max, v) < 0 || *v < min)
		return -1;
	return 0;
}

static int
opt_cluster(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	return app_opt_cluster(val, p->o->cluster, sizeof(p->o->cluster), err, errlen);
}

int
rmcd_parse_node_num(const char *txt, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *c;

	if (txt == NULL || *txt == '\0')
		return -1;
	for (c = txt; *c != '\0'; c++) {
		if (*c < '0' || *c > '9' || v > max)
			return -1;
		v = v * 10 + (uint64_t)(*c - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int
opt_nodes(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	if (rmcd_parse_node_num(val, RTE_RMC_MAX_NODES, &p->nodes) < 0 || p->nodes == 0)
		return app_err(err, errlen, "--nodes '%s': must be a decimal number 1..%u", val,
			RTE_RMC_MAX_NODES);
	p->have_nodes = 1;
	return 0;
}

static int
opt_node_id(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	if (rmcd_parse_node_num(val, RTE_RMC_MAX_NODES - 1, &p->nid) < 0)
		return app_err(err, errlen, "--node-id '%s': must be a decimal number 0..%u", val,
			RTE_RMC_MAX_NODES - 1);
	return 0;
}

static int
opt_driver(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	/* The one driver a build may lack: say how to get it, and what to use instead. */
	if (strcmp(val, "xen") == 0 && !rte_rmc_driver_exists(val))
		return app_err(err, errlen, "--driver xen: this build has no Xen support "
			"(libxengnttab was not found when it was built: install libxen-dev and "
			"rebuild); use --driver shm to run the nodes as processes on one host");
	return app_opt_driver(val, p->o->driver, sizeof(p->o->driver), err, errlen);
}

static int
opt_driver_args(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	struct rmcd_opts *o = p->o;

	RTE_SET_USED(opt);
	if (strlen(val) >= sizeof(o->driver_args))
		return app_err(err, errlen, "--driver-args: longer than %zu characters",
			sizeof(o->driver_args) - 1);
	snprintf(o->driver_args, sizeof(o->driver_args), "%s", val);
	o->conf.driver_args = o->driver_args;
	return 0;
}

static int
opt_numa_node(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	uint64_t v;

	RTE_SET_USED(opt);
	if (uint_value(val, 0, 1023, &v) < 0)
		return app_err(err, errlen, "--numa-node '%s': expected a NUMA domain number",
			val);
	p->o->numa_node = v;
	return 0;
}

static int
size_value(const char *opt, const char *val, uint64_t min, uint64_t *out, char *err,
		size_t errlen)
{
	if (rte_rmc_parse_size(val, out) < 0 || *out < min)
		return app_err(err, errlen, "%s: bad size '%s' (examples: 4096, 64K, 16M, 1G)",
			opt, val);
	return 0;
}

static int
opt_ctx_size(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	return size_value(opt, val, 1, &p->o->conf.ctx0_size, err, errlen);
}

static int
perm_value(const char *txt, enum rte_rmc_perm *perm)
{
	if (strcmp(txt, "rw") == 0)
		*perm = RTE_RMC_PERM_RW;
	else if (strcmp(txt, "ro") == 0)
		*perm = RTE_RMC_PERM_RO;
	else
		return -1;
	return 0;
}

static int
opt_ctx_perm(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	if (perm_value(val, &p->o->conf.ctx0_perm) < 0)
		return app_err(err, errlen, "--ctx-perm '%s': must be ro or rw", val);
	return 0;
}

/* ID:SIZE[:ro|rw], one more context. */
static int
opt_ctx(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	struct rmcd_opts *o = p->o;
	char buf[RMCD_ARG_MAX];
	char *size_txt, *perm_txt;
	struct rmcd_ctx_opt *c;
	uint64_t id;
	unsigned int i;

	RTE_SET_USED(opt);
	if (o->nb_ctx >= RTE_RMC_MAX_CTX)
		return app_err(err, errlen, "too many --ctx options (at most %u)",
			RTE_RMC_MAX_CTX);
	snprintf(buf, sizeof(buf), "%s", val);
	size_txt = strchr(buf, ':');
	if (size_txt == NULL)
		return app_err(err, errlen, "--ctx '%s': expected ID:SIZE[:ro|rw]", val);
	*size_txt++ = '\0';
	perm_txt = strchr(size_txt, ':');
	if (perm_txt != NULL)
		*perm_txt++ = '\0';
	c = &o->ctx[o->nb_ctx];
	if (rte_rmc_parse_uint(buf, RTE_RMC_MAX_CTX - 1, &id) < 0 || id == 0)
		return app_err(err, errlen, "--ctx '%s': context id must be 1..%u "
			"(context 0 is set with --ctx-size)", val, RTE_RMC_MAX_CTX - 1);
	if (rte_rmc_parse_size(size_txt, &c->size) < 0 || c->size == 0)
		return app_err(err, errlen, "--ctx '%s': bad size '%s' (examples: 4096, 64K, 16M)",
			val, size_txt);
	c->perm = RTE_RMC_PERM_RW;
	if (perm_txt != NULL && perm_value(perm_txt, &c->perm) < 0)
		return app_err(err, errlen, "--ctx '%s': permission must be ro or rw", val);
	for (i = 0; i < o->nb_ctx; i++)
		if (o->ctx[i].id == id)
			return app_err(err, errlen, "--ctx: context %" PRIu64 " given twice", id);
	c->id = id;
	o->nb_ctx++;
	return 0;
}

static int
opt_max_qps(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	uint64_t v;

	RTE_SET_USED(opt);
	if (uint_value(val, 1, 4096, &v) < 0)
		return app_err(err, errlen, "--max-qps '%s': must be 1..4096", val);
	p->o->conf.max_qps = v;
	return 0;
}

static int
opt_lbuf_mem(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	return size_value(opt, val, 4096, &p->o->conf.lbuf_mem_max, err, errlen);
}

static int
opt_chunk_size(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	if (size_value(opt, val, 64, &p->o->conf.chunk_size, err, errlen) < 0)
		return -1;
	if (p->o->conf.chunk_size > (64u << 20))
		return app_err(err, errlen, "--chunk-size: at most 64M");
	return 0;
}

static int
opt_idle(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	return app_opt_idle(val, &p->o->conf.idle, err, errlen);
}

static int
opt_huge(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	if (strcmp(val, "auto") == 0)
		p->o->conf.huge = RTE_RMC_HUGE_AUTO;
	else if (strcmp(val, "require") == 0)
		p->o->conf.huge = RTE_RMC_HUGE_REQUIRE;
	else if (strcmp(val, "off") == 0)
		p->o->conf.huge = RTE_RMC_HUGE_OFF;
	else
		return app_err(err, errlen, "--huge '%s': must be auto, require or off", val);
	return 0;
}

static int
opt_peer_wait(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	uint64_t v;

	RTE_SET_USED(opt);
	if (uint_value(val, 1, 86400, &v) < 0)
		return app_err(err, errlen, "--peer-wait '%s': seconds, 1..86400", val);
	p->o->conf.peer_wait_ms = v * 1000;
	return 0;
}

static int
opt_lcore(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	uint64_t v;

	RTE_SET_USED(opt);
	if (uint_value(val, 0, 1023, &v) < 0)
		return app_err(err, errlen, "--lcore '%s': not an lcore id", val);
	p->o->lcore = v;
	return 0;
}

static int
opt_fabric_conf(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	struct rmcd_opts *o = p->o;

	RTE_SET_USED(opt);
	if (val[0] == '\0' || strlen(val) >= sizeof(o->fabric_conf))
		return app_err(err, errlen, "--fabric-conf: bad file name");
	snprintf(o->fabric_conf, sizeof(o->fabric_conf), "%s", val);
	o->conf.fabric_conf = o->fabric_conf;
	return 0;
}

static int
opt_loss(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	char *end;
	double f;

	RTE_SET_USED(opt);
	errno = 0;
	f = strtod(val, &end);
	if (errno != 0 || end == val || *end != '\0' || !(f >= 0 && f <= 0.5))
		return app_err(err, errlen, "--loss '%s': a fraction 0..0.5 (for example 0.05)",
			val);
	p->o->conf.loss_ppm = (uint32_t)(f * 1000000 + 0.5);
	return 0;
}

static int
opt_proto_timeout(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	uint64_t v;

	RTE_SET_USED(opt);
	if (uint_value(val, 10, 3600000, &v) < 0)
		return app_err(err, errlen, "--proto-timeout '%s': milliseconds, 10..3600000",
			val);
	p->o->conf.proto_timeout_ms = v;
	return 0;
}

/* An application quota: a count 1..max stored in *field. */
static int
quota_count(struct rmcd_parse *p, const char *opt, const char *val, uint64_t max,
		uint32_t *field, char *err, size_t errlen)
{
	uint64_t v;

	if (uint_value(val, 1, max, &v) < 0)
		return app_err(err, errlen, "%s '%s': must be 1..%" PRIu64, opt, val, max);
	RTE_SET_USED(p);
	*field = v;
	return 0;
}

static int
opt_app_max_qps(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	return quota_count(p, opt, val, 4096, &p->o->conf.app_max_qps, err, errlen);
}

static int
opt_app_itt_share(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	return quota_count(p, opt, val, 8191, &p->o->conf.app_itt_share, err, errlen);
}

static int
opt_app_max_lbufs(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	return quota_count(p, opt, val, RTE_RMC_MAX_LBUFS, &p->o->conf.app_max_lbufs, err,
		errlen);
}

static int
opt_app_max_ctx(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	return quota_count(p, opt, val, RTE_RMC_MAX_CTX, &p->o->conf.app_max_ctx, err, errlen);
}

static int
opt_app_lbuf_mem(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	return size_value(opt, val, 4096, &p->o->conf.app_lbuf_mem, err, errlen);
}

static int
opt_app_ctx_mem(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	return size_value(opt, val, 4096, &p->o->conf.app_ctx_mem, err, errlen);
}

/* BASE_NS[,PER_CHUNK_NS] */
static int
latency_value(const char *txt, struct rmcd_opts *o)
{
	uint64_t max = UINT64_C(100000000);
	char buf[RMCD_ARG_MAX];
	char *comma;

	snprintf(buf, sizeof(buf), "%s", txt);
	comma = strchr(buf, ',');
	if (comma != NULL)
		*comma++ = '\0';
	if (rte_rmc_parse_uint(buf, max, &o->latency_base_ns) < 0)
		return -1;
	o->latency_per_chunk_ns = 0;
	if (comma != NULL && rte_rmc_parse_uint(comma, max, &o->latency_per_chunk_ns) < 0)
		return -1;
	o->latency = 1;
	return 0;
}

static int
opt_latency(struct rmcd_parse *p, const char *opt, const char *val, char *err, size_t errlen)
{
	RTE_SET_USED(opt);
	if (latency_value(val, p->o) < 0)
		return app_err(err, errlen, "--latency '%s': expected BASE_NS or "
			"BASE_NS,PER_CHUNK_NS in nanoseconds, each at most 100000000", val);
	return 0;
}

/* A flag: the int of struct rmcd_opts that it sets to 1. */
#define RMCD_FLAG(field) offsetof(struct rmcd_opts, field)

const struct rmcd_option rmcd_options[] = {
	{ "--cluster", NULL, "NAME", opt_cluster, 0,
		"cluster name (default: $RMC_CLUSTER or 'default')" },
	{ "--nodes", NULL, "N", opt_nodes, 0, "node count (instead of <node_count>)" },
	{ "--node-id", NULL, "I", opt_node_id, 0, "node id (instead of <node_id>)" },
	{ "--driver", NULL, "NAME", opt_driver, 0,
		"remote-memory driver (default shm; built in: %s)" },
	{ "--driver-args", NULL, "ARGS", opt_driver_args, 0,
		"driver options key=value,... (xen: domains=D0:D1:...,\n"
		"ring-slots=N, grant-frames=N; see doc/xen.md)" },
	{ "--numa-node", NULL, "N", opt_numa_node, 0,
		"bind the node's memory and RMC lcore to NUMA domain N" },
	{ "--ctx-size", NULL, "SIZE", opt_ctx_size, 0,
		"size of context 0 (default 16M; K, M, G suffixes)" },
	{ "--ctx-perm", NULL, "ro|rw", opt_ctx_perm, 0, "remote access to context 0 (default rw)" },
	{ "--ctx", NULL, "ID:SIZE[:ro|rw]", opt_ctx, 0, "one more context (repeatable)" },
	{ "--max-qps", NULL, "N", opt_max_qps, 0, "QPs the node serves (default 256)" },
	{ "--lbuf-mem", NULL, "SIZE", opt_lbuf_mem, 0, "memory for local buffers (default 4G)" },
	{ "--app-max-qps", NULL, "N", opt_app_max_qps, 0,
		"QPs of one application (default 64)" },
	{ "--app-itt-share", NULL, "N", opt_app_itt_share, 0,
		"large transfers in progress of one application,\n"
		"its QPs together (default 2048 of 8191; message\n"
		"drivers: the same fraction of the protocol ITT, 511)" },
	{ "--app-max-lbufs", NULL, "N", opt_app_max_lbufs, 0,
		"local buffers of one application (default 256)" },
	{ "--app-lbuf-mem", NULL, "SIZE", opt_app_lbuf_mem, 0,
		"local-buffer memory of one application\n(default half of --lbuf-mem)" },
	{ "--app-max-ctx", NULL, "N", opt_app_max_ctx, 0,
		"contexts one application may create (default 8)" },
	{ "--app-ctx-mem", NULL, "SIZE", opt_app_ctx_mem, 0,
		"memory of the contexts one application creates\n(default 1G)" },
	{ "--chunk-size", NULL, "SIZE", opt_chunk_size, 0,
		"transfers above this are cut in chunks (default 64K)" },
	{ "--idle", NULL, "POLICY", opt_idle, 0, "adaptive (default), spin, yield or sleep" },
	{ "--huge", NULL, "MODE", opt_huge, 0, "auto (default), require or off" },
	{ "--peer-wait", NULL, "SECONDS", opt_peer_wait, 0,
		"how long to wait for peers before warning (default 30)" },
	{ "--lcore", NULL, "N", opt_lcore, 0, "lcore of the RMC (default: the last worker lcore)" },
	{ "--service", NULL, NULL, NULL, RMCD_FLAG(service),
		"run the RMC as an rte_service (use -S/-s in EAL options)" },
	{ "--fabric-conf", NULL, "FILE", opt_fabric_conf, 0,
		"driver eth: the cluster's node-to-MAC file" },
	{ "--loss", NULL, "FRACTION", opt_loss, 0,
		"message drivers: drop this fraction of protocol\n"
		"messages, both ways, to test recovery (0..0.5)" },
	{ "--proto-timeout", NULL, "MS", opt_proto_timeout, 0,
		"message drivers: silence after which requests fail\n"
		"with node-down (default 1000)" },
	{ "--latency", NULL, "BASE_NS[,PER_CHUNK_NS]", opt_latency, 0,
		"latency model of requests to this node, applied by\n"
		"every requester: completion not before post + BASE_NS\n"
		"+ bytes x PER_CHUNK_NS / chunk size (default off)" },
	{ "--latency-oneway", NULL, "NS", rmcd_opt_latency_oneway, 0,
		"latency model: effect at this node not before post +\n"
		"NS (default half of each request's latency)" },
	{ "--latency-law", NULL, "LAW", rmcd_opt_latency_law, 0,
		"latency model: base drawn per request from\n"
		"normal:MEAN_NS,SD_NS, lognormal:MEDIAN_NS,P99_NS or\n"
		"file:PATH (a measured device, one latency in ns a line)" },
	{ "--latency-seed", NULL, "N", rmcd_opt_latency_seed, 0,
		"latency model: seed of the draws (default 0)" },
	{ "--allow-inline", NULL, NULL, NULL, RMCD_FLAG(allow_inline),
		"let applications that ask for inline mode map the\n"
		"peers' memory (default: no application ever does)" },
	{ "--allow-app-admin", NULL, NULL, NULL, RMCD_FLAG(allow_app_admin),
		"let applications set the latency model and reset the\n"
		"node's statistics (default: the operator only)" },
	{ "--eal-log", NULL, NULL, NULL, RMCD_FLAG(eal_log),
		"print DPDK's own log lines (EAL, telemetry, PMDs);\n"
		"default: their errors only (also RMC_EAL_LOG=1)" },
	{ "--help", "-h", NULL, NULL, RMCD_FLAG(help), "this text" },
	{ "--version", "-V", NULL, NULL, RMCD_FLAG(version), "version" },
	{ NULL, NULL, NULL, NULL, 0, NULL },
};

const struct rmcd_option *
rmcd_option_find(const char *arg)
{
	const struct rmcd_option *opt;

	for (opt = rmcd_options; opt->name != NULL; opt++)
		if (strcmp(arg, opt->name) == 0 ||
				(opt->alias != NULL && strcmp(arg, opt->alias) == 0))
			return opt;
	return NULL;
}
