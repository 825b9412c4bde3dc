/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmcd: the per-node daemon. It hosts one node of a cluster (its contexts,
 * the QPs of the applications attached to it, and its RMC on a dedicated
 * lcore or as a service), and stops cleanly on SIGINT or SIGTERM, leaving
 * nothing behind.
 */

#include <errno.h>
#include <inttypes.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <rte_rmc_latency.h>
#include <sys/stat.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_service.h>

#include <rte_rmc_node.h>

#include "app_huge.h"
#include "rmcd_args.h"
#include "rmcd_numa.h"

static int
rmcd_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * Remove the EAL runtime folder rmcd created for its own file prefix: the one
 * EAL used (eal_dir, saved before rte_eal_cleanup), only if it is named after
 * that prefix and is a real directory of this user, so that a clean stop never
 * deletes a directory it did not make.
 */
static void
rmcd_remove_runtime_dir(const struct rmcd_opts *o, const char *eal_dir)
{
	const char *base = strrchr(eal_dir, '/');
	struct stat st;

	if (!o->own_prefix || strncmp(o->prefix, "sonuma_", 7) != 0 || base == NULL ||
			strcmp(base + 1, o->prefix) != 0)
		return;
	if (lstat(eal_dir, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return;
	nftw(eal_dir, rmcd_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/*
 * DPDK keeps its runtime files under $XDG_RUNTIME_DIR/dpdk or /tmp/dpdk for
 * a user other than root; another user's folder there makes EAL fail with a
 * message that does not say why. Say it first.
 */
static int
rmcd_check_eal_dir(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char path[PATH_MAX];
	struct stat st;

	if (geteuid() == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/dpdk", xdg != NULL && xdg[0] != '\0' ? xdg : "/tmp");
	if (lstat(path, &st) < 0 || (st.st_uid == geteuid() && S_ISDIR(st.st_mode)) ||
			access(path, W_OK | X_OK) == 0)
		return 0;
	fprintf(stderr, "rmcd: %s, where DPDK keeps its runtime files, belongs to uid %u and "
		"this user (uid %u) cannot write it: set XDG_RUNTIME_DIR to a directory of "
		"yours (DPDK then uses $XDG_RUNTIME_DIR/dpdk), or have %s removed\n", path,
		(unsigned int)st.st_uid, (unsigned int)geteuid(), path);
	return -1;
}

/*
 * Append ", CPU a,b" (the CPUs lcore lc runs on) to where: tools such as
 * rmc-run read it to place applications away from the RMCs.
 */
static void
rmcd_where_cpus(unsigned int lc, char *where, size_t len)
{
	rte_cpuset_t cs = rte_lcore_cpuset(lc);
	size_t off = strlen(where);
	const char *sep = ", CPU ";
	int c;

	for (c = 0; c < CPU_SETSIZE && off + 8 < len; c++) {
		if (!CPU_ISSET(c, &cs))
			continue;
		off += snprintf(where + off, len - off, "%s%d", sep, c);
		sep = ",";
	}
}

/*
 * Start the RMC: as a service on every service lcore, or on a worker lcore.
 * Writes where it runs into where, or on failure the reason, when it has one.
 */
static int
rmcd_start_rmc(struct rte_rmc_node *node, const struct rmcd_opts *o, char *where, size_t len)
{
	uint32_t lcores[RTE_MAX_LCORE];
	char err[256];
	uint32_t sid;
	int i, n, ret;
	unsigned int lc;

	n = rte_service_lcore_list(lcores, RTE_MAX_LCORE);
	if (o->service || n > 0) {
		if (n <= 0) {
			fprintf(stderr, "rmcd: --service needs service lcores (EAL -S or -s)\n");
			return -EINVAL;
		}
		for (i = 0; i < n; i++)
			if (rmcd_numa_check_lcore(lcores[i], o->numa_node, err, sizeof(err)) < 0) {
				snprintf(where, len, "--numa-node %d: %s", o->numa_node, err);
				return -EINVAL;
			}
		ret = rte_rmc_node_service_register(node, &sid);
		if (ret < 0)
			return ret;
		for (i = 0; i < n; i++) {
			rte_service_map_lcore_set(sid, lcores[i], 1);
			/* -EALREADY: another user of the lcore started it. */
			rte_service_lcore_start(lcores[i]);
		}
		snprintf(where, len, "service %u on %d service lcore(s)", sid, n);
		for (i = 0; i < n; i++)
			rmcd_where_cpus(lcores[i], where, len);
		return 0;
	}
	if (o->lcore >= 0) {
		lc = o->lcore;
		if (lc == rte_get_main_lcore() || !rte_lcore_is_enabled(lc)) {
			snprintf(where, len, "--lcore %u is not an enabled worker lcore", lc);
			return -EINVAL;
		}
	} else {
		lc = RTE_MAX_LCORE;
		RTE_LCORE_FOREACH_WORKER(i)
			lc = i;
		if (lc == RTE_MAX_LCORE) {
			snprintf(where, len, "no worker lcore for the RMC; give two lcores "
				"(for example --lcores=0@0,1@1) or service cores");
			return -EINVAL;
		}
	}
	if (rmcd_numa_check_lcore(lc, o->numa_node, err, sizeof(err)) < 0) {
		snprintf(where, len, "--numa-node %d: %s", o->numa_node, err);
		return -EINVAL;
	}
	ret = rte_rmc_node_launch(node, lc);
	if (ret < 0)
		return ret;
	snprintf(where, len, "lcore %u", lc);
	rmcd_where_cpus(lc, where, len);
	return 0;
}

/* Message drivers: what the protocol between RMCs did, for tests and tuning. */
static void
rmcd_print_fabric_stats(struct rte_rmc_node *node, const struct rmcd_opts *o)
{
	struct rte_rmc_fabric_stats st;

	rte_rmc_node_stop(node);
	if (rte_rmc_node_fabric_stats(node, &st) < 0)
		return;
	printf("rmcd: node %u: fabric: req_sent=%" PRIu64 " req_resent=%" PRIu64 " rep_recv=%"
		PRIu64 " rep_stale=%" PRIu64 " req_served=%" PRIu64 " dup_replayed=%" PRIu64
		" lost_injected=%" PRIu64 " tx_refused=%" PRIu64 " bad_msg=%" PRIu64
		" node_down=%" PRIu64 "\n", o->conf.node_id, st.req_sent, st.req_resent,
		st.rep_recv, st.rep_stale, st.req_served, st.dup_replayed, st.lost_injected,
		st.tx_refused, st.bad_msg, st.node_down);
}

/*
 * Under AddressSanitizer: leave SIGBUS to the RMC, which turns a fault in its
 * access to an application's memory into that request's error (rmc_fault.c).
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "handle_sigbus=0";
}

int
main(int argc, char **argv)
{
	struct rmcd_opts *o;
	struct rte_rmc_node *node;
	char err[512], where[320], eal_dir[PATH_MAX];
	sigset_t sigs;
	unsigned int i;
	int sig, ret, hugepages_ok;

	o = calloc(1, sizeof(*o));
	if (o == NULL)
		return 1;
	if (rmcd_parse_args(argc, argv, o, err, sizeof(err)) < 0) {
		fprintf(stderr, "rmcd: %s; see rmcd --help\n", err);
		return 2;
	}
	if (o->help) {
		rmcd_usage("rmcd");
		return 0;
	}
	if (o->version) {
		printf("rmcd (sonuma) 0.1.0\n");
		return 0;
	}
	/* Before EAL: a driver that cannot run here fails at once, and quietly. */
	if (rte_rmc_driver_probe(o->driver, err, sizeof(err)) < 0) {
		fprintf(stderr, "rmcd: --driver %s: %s\n", o->driver, err);
		return 1;
	}
	rmcd_numa_report(stdout);
	if (rmcd_numa_prepare(o, err, sizeof(err)) < 0) {
		fprintf(stderr, "rmcd: %s\n", err);
		return 2;
	}
	if (o->numa_node >= 0) {
		char cpus[128];

		rmcd_numa_cpus(o->numa_node, cpus, sizeof(cpus));
		printf("rmcd: NUMA: node memory bound to domain %d, lcores on its CPUs %s\n",
			o->numa_node, cpus);
	}
	fflush(stdout);
	hugepages_ok = app_huge_usable();
	if (rmcd_complete_eal_args(o, hugepages_ok, err, sizeof(err)) < 0) {
		fprintf(stderr, "rmcd: %s\n", err);
		return 2;
	}
	if (o->cpu_note[0] != '\0')
		printf("rmcd: CPU placement: %s%s\n", o->cpu_note,
			o->cpu_shared && o->conf.idle == RTE_RMC_IDLE_SPIN ?
			"; warning: --idle spin was asked and is kept" : "");
	if (!hugepages_ok && o->conf.huge != RTE_RMC_HUGE_OFF)
		fprintf(stderr, "rmcd: warning: no usable hugepages; using ordinary shared "
			"memory (mount hugetlbfs and reserve pages for better TLB behaviour)\n");
	o->conf.cluster = o->cluster;
	if (o->allow_inline)
		o->conf.flags |= RTE_RMC_NODE_F_ALLOW_INLINE;
	if (o->allow_app_admin)
		o->conf.flags |= RTE_RMC_NODE_F_ALLOW_APP_ADMIN;
	o->conf.driver = o->driver;

	/* Every thread EAL creates inherits this mask; only main takes the signals. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	if (rmcd_check_eal_dir() < 0)
		return 1;
	ret = rte_eal_init(o->eal_argc, o->eal_argv);
	if (ret < 0) {
		fprintf(stderr, "rmcd: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	node = rte_rmc_node_create(&o->conf);
	if (node == NULL) {
		fprintf(stderr, "rmcd: cannot start node %u of cluster '%s': %s\n",
			o->conf.node_id, o->cluster, rte_strerror(rte_errno));
		ret = 1;
		goto out;
	}
	for (i = 0; i < o->nb_ctx; i++) {
		ret = rte_rmc_node_ctx_create(node, o->ctx[i].id, o->ctx[i].size, o->ctx[i].perm);
		if (ret < 0) {
			fprintf(stderr, "rmcd: cannot create context %u: %s\n", o->ctx[i].id,
				strerror(-ret));
			ret = 1;
			goto out;
		}
	}
	where[0] = '\0';
	ret = rmcd_start_rmc(node, o, where, sizeof(where));
	if (ret < 0) {
		/* One line: the reason rmcd_start_rmc() gave, else the error's name. */
		fprintf(stderr, "rmcd: cannot start the RMC: %s\n",
			where[0] != '\0' ? where : strerror(-ret));
		ret = 1;
		goto out;
	}
	if (o->latency) {
		struct rte_rmc_latency_info li;

		struct rte_rmc_latency_model lm = { .base_ns = o->latency_base_ns,
			.per_chunk_ns = o->latency_per_chunk_ns, .oneway_ns = o->latency_oneway_ns,
			.law = o->latency_law, .law_a = o->latency_law_a, .law_b = o->latency_law_b,
			.seed = o->latency_seed, .law_file = o->latency_law_file };

		ret = rte_rmc_node_latency_model_set(node, &lm);
		if (ret < 0) {
			fprintf(stderr, "rmcd: cannot set the latency model: %s\n", strerror(-ret));
			ret = 1;
			goto out;
		}
		rte_rmc_node_latency_get(node, &li);
		printf("rmcd: latency model of this node as a destination: %" PRIu64 " ns + %"
			PRIu64 " ns per %" PRIu64 " bytes, one-way %" PRIu64 " ns%s\n",
			li.base_ns, li.per_chunk_ns, li.chunk_size, li.oneway_ns,
			li.oneway_ns == 0 ? " (half the latency)" : "");
	}
	printf("rmcd: node %u of %u, cluster '%s', pid %d: ready (driver %s, RMC on %s, "
		"EAL prefix %s)\n", o->conf.node_id, o->conf.node_count, o->cluster,
		(int)getpid(), o->driver, where, o->prefix[0] ? o->prefix : "rte");
	printf("rmcd: telemetry socket: %s/dpdk_telemetry.v2 (dpdk-telemetry.py -f %s)\n",
		rte_eal_get_runtime_dir(), o->prefix[0] ? o->prefix : "rte");
	/* What every time-out and model deadline of the node is converted with. */
	printf("rmcd: TSC %.6f GHz as measured (DPDK's figure: %.6f GHz)\n",
		(double)rte_rmc_tsc_hz_local() / 1e9, (double)rte_get_tsc_hz() / 1e9);
	fflush(stdout);

	do {
		ret = sigwait(&sigs, &sig);
	} while (ret != 0);
	printf("rmcd: node %u: %s received, stopping\n", o->conf.node_id, strsignal(sig));
	rmcd_print_fabric_stats(node, o);
	fflush(stdout);
	ret = 0;
out:
	rte_rmc_node_destroy(node);
	snprintf(eal_dir, sizeof(eal_dir), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	rmcd_remove_runtime_dir(o, eal_dir);
	free(o);
	return ret;
}
