/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The cluster rmc-testpmd drives: nodes started in this process, with their
 * RMCs placed on the lcores EAL gave us, or the nodes of a running cluster of
 * rmcd processes. Either way each node is reached through an application
 * session, attached the first time the node is used.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_service.h>

#include "testpmd.h"
#include "testpmd_cluster.h"
#include "testpmd_out.h"

/* How long attaching to one node may wait (it is already running). */
#define TP_ATTACH_TIMEOUT_MS 3000

/* rmc-testpmd's state: the cluster's nodes, most of it. */
struct testpmd tp;

static uint32_t tp_service_id[RTE_RMC_MAX_NODES];

int
tp_check_node(unsigned int nid)
{
	if (nid < tp.nb_nodes)
		return 0;
	return tp_error("node %u does not exist: cluster '%s' has %u node%s (0..%u)", nid,
		tp.o.cluster, tp.nb_nodes, tp.nb_nodes == 1 ? "" : "s", tp.nb_nodes - 1);
}

/* Run every node's RMC as a service, node i on lcores[i % n]. */
static int
tp_place_services(const uint32_t *lcores, int n, const char *why)
{
	unsigned int i;
	size_t off;
	int j, ret;

	for (i = 0; i < tp.nb_nodes; i++) {
		ret = rte_rmc_node_service_register(tp.n[i].node, &tp_service_id[i]);
		if (ret < 0)
			return tp_error("cannot register the RMC of node %u as a service: %s", i,
				strerror(-ret));
		ret = rte_service_map_lcore_set(tp_service_id[i], lcores[i % n], 1);
		if (ret < 0)
			return tp_error("cannot map the RMC of node %u to lcore %u: %s", i,
				lcores[i % n], strerror(-ret));
	}
	for (j = 0; j < n; j++) {
		ret = rte_service_lcore_start(lcores[j]);
		if (ret < 0 && ret != -EALREADY)
			return tp_error("cannot start service lcore %u: %s", lcores[j],
				strerror(-ret));
	}
	off = snprintf(tp.where, sizeof(tp.where), "rte_service on service lcore%s",
		n > 1 ? "s" : "");
	for (j = 0; j < n && off < sizeof(tp.where); j++)
		off += snprintf(tp.where + off, sizeof(tp.where) - off, "%s%u", j ? "," : " ",
			lcores[j]);
	if (off < sizeof(tp.where))
		snprintf(tp.where + off, sizeof(tp.where) - off, "%s", why);
	return 0;
}

/*
 * Where the RMCs run: on the service lcores given with -s/-S; else one
 * worker lcore per node; else (fewer workers than nodes, as on a 2-CPU
 * machine) the workers become service lcores shared by all nodes, so that
 * no more threads poll than there are lcores.
 */
static int
tp_place_rmcs(void)
{
	uint32_t lcores[RTE_MAX_LCORE];
	unsigned int i, lc;
	int n, ret;

	n = rte_service_lcore_list(lcores, RTE_MAX_LCORE);
	if (n > 0)
		return tp_place_services(lcores, n, "");
	n = 0;
	RTE_LCORE_FOREACH_WORKER(lc)
		lcores[n++] = lc;
	if (n == 0)
		return tp_error("no lcore for the RMCs: give at least two lcores (for example "
			"-l 0-1) or a service lcore (-s)");
	if ((unsigned int)n >= tp.nb_nodes) {
		size_t off = snprintf(tp.where, sizeof(tp.where), "worker lcores:");

		for (i = 0; i < tp.nb_nodes; i++) {
			ret = rte_rmc_node_launch(tp.n[i].node, lcores[i]);
			if (ret < 0)
				return tp_error("cannot launch the RMC of node %u on lcore %u: %s",
					i, lcores[i], strerror(-ret));
			if (off < sizeof(tp.where))
				off += snprintf(tp.where + off, sizeof(tp.where) - off,
					" node %u on %u", i, lcores[i]);
		}
		return 0;
	}
	for (i = 0; i < (unsigned int)n; i++) {
		ret = rte_service_lcore_add(lcores[i]);
		if (ret < 0)
			return tp_error("cannot make lcore %u a service lcore: %s", lcores[i],
				strerror(-ret));
	}
	return tp_place_services(lcores, n, " (fewer worker lcores than nodes)");
}

/* The driver's arguments of node 'id': each "%u" of 'fmt' stands for it. */
static void
tp_node_args(char *out, size_t len, const char *fmt, unsigned int id)
{
	size_t o = 0;

	for (; *fmt != '\0' && o + 1 < len; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'u') {
			o += snprintf(out + o, len - o, "%u", id);
			fmt++;
		} else {
			out[o++] = *fmt;
		}
	}
	out[RTE_MIN(o, len - 1)] = '\0';
}

int
tp_cluster_start(void)
{
	struct rte_rmc_node_conf conf;
	char args[sizeof(tp.o.driver_args) + 8];
	unsigned int i;

	tp.nb_nodes = tp.o.nb_nodes;
	for (i = 0; i < tp.nb_nodes; i++) {
		memset(&conf, 0, sizeof(conf));
		conf.cluster = tp.o.cluster;
		conf.driver = tp.o.driver;
		conf.node_id = i;
		conf.node_count = tp.nb_nodes;
		conf.idle = tp.o.idle;
		conf.ctx0_size = tp.o.ctx0_size;
		/* Per node: several nodes of this process each on their own ports (eth). */
		if (tp.o.driver_args[0] != '\0') {
			tp_node_args(args, sizeof(args), tp.o.driver_args, i);
			conf.driver_args = args;
		}
		if (tp.o.fabric_conf[0] != '\0')
			conf.fabric_conf = tp.o.fabric_conf;
		if (tp.o.ctx0_size == 0)
			conf.flags = RTE_RMC_NODE_F_NO_CTX0;
		tp.n[i].node = rte_rmc_node_create(&conf);
		if (tp.n[i].node == NULL)
			return tp_error("cannot start node %u of cluster '%s': %s", i,
				tp.o.cluster, rte_strerror(rte_errno));
	}
	if (tp_place_rmcs() < 0)
		return -1;
	for (i = 0; i < tp.nb_nodes; i++)
		if (rte_rmc_node_wait_peers(tp.n[i].node, 10000) < 0)
			return tp_error("node %u: its peers did not connect within 10 s", i);
	tp.cur = 0;
	return 0;
}

/* Lowest id of a node of the cluster whose socket exists, or -1. */
static int
tp_first_node(const char *dir)
{
	struct dirent *de;
	unsigned int id;
	int best = -1;
	char tail;
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "node%u.soc%c", &id, &tail) == 2 && tail == 'k' &&
				id < RTE_RMC_MAX_NODES && (best < 0 || (int)id < best))
			best = id;
	}
	closedir(d);
	return best;
}

/* How long --attach waits for a first node: $RMC_ATTACH_TIMEOUT s, or 10 s. */
static unsigned int
tp_attach_wait_ms(void)
{
	const char *env = getenv("RMC_ATTACH_TIMEOUT");
	uint64_t v;

	if (env != NULL && rte_rmc_parse_uint(env, 3600, &v) == 0)
		return v * 1000;
	return 10000;
}

int
tp_attach_start(void)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	unsigned int waited = 0, max = tp_attach_wait_ms();
	char dir[4096];
	int nid;

	nid = rte_rmc_cluster_dir(tp.o.cluster, dir, sizeof(dir));
	if (nid == -ENAMETOOLONG)
		return tp_error("the runtime directory of cluster '%s' is too long: set a "
			"shorter RMC_RUNTIME_DIR or XDG_RUNTIME_DIR", tp.o.cluster);
	if (nid < 0)
		return tp_error("invalid cluster name '%s'", tp.o.cluster);
	/* Nodes started just before may not have their socket yet. */
	while ((nid = tp_first_node(dir)) < 0 && waited < max) {
		if (waited == 0)
			fprintf(stderr, "rmc-testpmd: waiting up to %u s for a node of cluster "
				"'%s' to start...\n", max / 1000, tp.o.cluster);
		nanosleep(&ts, NULL);
		waited += 20;
	}
	if (nid < 0)
		return tp_error("no node of cluster '%s' runs on this host (nothing in %s): "
			"start rmcd first, or name the cluster with --attach NAME", tp.o.cluster,
			dir);
	/* Node count is learnt from the first node; tp_session() checks nid. */
	tp.nb_nodes = nid + 1;
	if (tp_session(nid) == NULL)
		return -1;
	tp.nb_nodes = rte_rmc_node_count(tp.n[nid].sess);
	tp.cur = nid;
	snprintf(tp.where, sizeof(tp.where), "rmcd processes (attached)");
	return 0;
}

struct tp_node *
tp_session(unsigned int nid)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = TP_ATTACH_TIMEOUT_MS, .verbose = 0 };
	struct tp_node *n = &tp.n[nid];
	int ret;

	if (tp_check_node(nid) < 0)
		return NULL;
	if (n->sess != NULL)
		return n;
	n->sess = rte_rmc_attach(tp.o.cluster, nid, &ao);
	if (n->sess == NULL) {
		tp_error("cannot attach to node %u of cluster '%s': %s", nid, tp.o.cluster,
			rte_errno == ENOENT ? "it is not running" : rte_strerror(rte_errno));
		return NULL;
	}
	ret = rte_rmc_lbuf_register(n->sess, TP_LBUF_SIZE, &n->lb);
	if (ret == 0) {
		n->qp = rte_rmc_qp_create(n->sess, 64);
		if (n->qp == NULL)
			ret = -rte_errno;
	}
	if (ret < 0) {
		tp_error("node %u: cannot set up a local buffer and a QP: %s", nid,
			strerror(-ret));
		rte_rmc_detach(n->sess);
		n->sess = NULL;
		n->qp = NULL;
		return NULL;
	}
	return n;
}

void
tp_cluster_stop(void)
{
	unsigned int i;

	/* Nodes stopping one after the other see each other go: expected here. */
	rte_log_set_level_pattern("lib.rmc", RTE_LOG_ERR);

	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		rte_rmc_detach(tp.n[i].sess);
		tp.n[i].sess = NULL;
		tp.n[i].qp = NULL;
	}
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		rte_rmc_node_destroy(tp.n[i].node);
		tp.n[i].node = NULL;
	}
}
