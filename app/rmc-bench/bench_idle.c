/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * An idle node, as rmcd runs one: node 0's RMC on the worker lcore with the
 * default (adaptive) idle policy, its peer node 1 up in this process. In each
 * trial the node does nothing for idle_s seconds (10 in a full run, 1 with
 * --quick) while this thread sleeps; what the other threads of the process
 * (node 0's RMC, both nodes' control threads, EAL's) ran meanwhile, from
 * /proc/self/task/<tid>/schedstat (nanoseconds on a CPU, times scheduled
 * in), gives the node's CPU use and its wake-ups per second; then one sync
 * 64 B read gives the latency of the first request after the pause (the RMC
 * woken by the post).
 *
 * Before that, the cost of the wake check on the post path: sync 64 B reads
 * through a session that checks (the default) and one that does not
 * (RMC_WAKE_CHECK=0 at attach), in alternating trials, the RMC awake.
 */

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "bench_perf.h"
#include "rmc_bench.h"

struct idle_env {
	struct rte_rmc_node *node[2];
	struct rte_rmc_session *s[3]; /* node 0 (checks), node 1, node 0 (no check) */
	struct rte_rmc_lbuf lb[2];
	struct rte_rmc_qp *qp[2];     /* [0] with the wake check, [1] without */
};

/* CPU time (ns) and times scheduled in of every thread of this process but this one. */
static int
idle_threads(uint64_t *run_ns, uint64_t *switches)
{
	pid_t self = (pid_t)syscall(SYS_gettid);
	struct dirent *de;
	char path[64];
	DIR *d = opendir("/proc/self/task");

	if (d == NULL)
		return -1;
	*run_ns = 0;
	*switches = 0;
	while ((de = readdir(d)) != NULL) {
		unsigned long long run, wait, n;
		FILE *f;

		if (de->d_name[0] == '.' || atoi(de->d_name) == self)
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/schedstat", de->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue; /* the thread ended */
		if (fscanf(f, "%llu %llu %llu", &run, &wait, &n) == 3) {
			*run_ns += run;
			*switches += n;
		}
		fclose(f);
	}
	closedir(d);
	return 0;
}

static int
idle_read(struct idle_env *e, int k, uint64_t *ticks)
{
	uint64_t t0 = rte_rdtsc();
	int st = rte_rmc_read_sync(e->qp[k], &e->lb[k], 0, 1, 0, 0, 64, 0);

	*ticks = rte_rdtsc() - t0;
	if (st != RTE_RMC_STATUS_OK) {
		fprintf(stderr, "rmc-bench: idle part: sync read: %s\n", rte_rmc_strerror(st));
		return -1;
	}
	return 0;
}

/* Alternating trials of n sync reads with [0] and without [1] the wake check. */
static int
idle_wake_check(struct bench_ctx *b, struct idle_env *e)
{
	uint32_t t, i, k, trials = RTE_MAX(RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS), 5u);
	uint32_t n = b->plan->lat_iters / trials + 10;
	double v[2][BENCH_MAX_TRIALS];
	uint64_t *lat = malloc(sizeof(uint64_t) * n);

	if (lat == NULL)
		return -1;
	for (t = 0; t < trials; t++) {
		for (k = 0; k < 2; k++) {
			for (i = 0; i < n; i++)
				if (idle_read(e, k, &lat[i]) < 0)
					goto fail;
			v[k][t] = bench_pct_ns(lat, n, 50);
		}
	}
	b->r.perf.wake_on_p50_ns = bench_fig_of(v[0], trials);
	b->r.perf.wake_off_p50_ns = bench_fig_of(v[1], trials);
	free(lat);
	return 0;
fail:
	free(lat);
	return -1;
}

static int
idle_trials(struct bench_ctx *b, struct idle_env *e)
{
	struct bench_perf *p = &b->r.perf;
	uint32_t t, trials = RTE_MIN(RTE_MAX(b->plan->trials, 1u), 5u);
	double cpu[BENCH_MAX_TRIALS], wk[BENCH_MAX_TRIALS], first[BENCH_MAX_TRIALS];
	uint64_t ns = (uint64_t)(p->idle_s * 1e9), run0, sw0, run1, sw1, tk;
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull) };
	const struct timespec settle = { .tv_sec = 0, .tv_nsec = 100000000 };

	for (t = 0; t < trials; t++) {
		/* Past the adaptive policy's spin and yield phases (20 ms) first. */
		if (idle_read(e, 0, &tk) < 0)
			return -1;
		nanosleep(&settle, NULL);
		if (idle_threads(&run0, &sw0) < 0)
			return -1;
		nanosleep(&ts, NULL);
		if (idle_threads(&run1, &sw1) < 0 || idle_read(e, 0, &tk) < 0)
			return -1;
		cpu[t] = 100.0 * (double)(run1 - run0) / (double)ns;
		wk[t] = (double)(sw1 - sw0) / p->idle_s;
		first[t] = bench_ns(tk) / 1000;
	}
	p->idle_trials = trials;
	p->idle_cpu_pct = bench_fig_of(cpu, trials);
	p->idle_wakeups_per_s = bench_fig_of(wk, trials);
	p->first_req_us = bench_fig_of(first, trials);
	return 0;
}

static int
idle_env_start(struct bench_ctx *b, struct idle_env *e, char *cluster, size_t len)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 10000 };
	struct rte_rmc_node_conf nc;
	unsigned int i;

	snprintf(cluster, len, "%si", b->cluster);
	for (i = 0; i < 2; i++) {
		memset(&nc, 0, sizeof(nc));
		nc.cluster = cluster;
		nc.node_id = i;
		nc.node_count = 2;
		nc.ctx0_size = 1u << 20;
		nc.idle = RTE_RMC_IDLE_ADAPTIVE; /* rmcd's default */
		e->node[i] = rte_rmc_node_create(&nc);
		if (e->node[i] == NULL)
			return -1;
	}
	if (rte_rmc_node_launch(e->node[0], b->worker) < 0 ||
			rte_rmc_node_wait_peers(e->node[0], 10000) < 0)
		return -1;
	e->s[0] = rte_rmc_attach(cluster, 0, &ao);
	e->s[1] = rte_rmc_attach(cluster, 1, &ao);
	setenv("RMC_WAKE_CHECK", "0", 1);
	e->s[2] = rte_rmc_attach(cluster, 0, &ao);
	unsetenv("RMC_WAKE_CHECK");
	if (e->s[0] == NULL || e->s[1] == NULL || e->s[2] == NULL)
		return -1;
	for (i = 0; i < 2; i++) {
		if (rte_rmc_lbuf_register(e->s[i * 2], 4096, &e->lb[i]) < 0)
			return -1;
		e->qp[i] = rte_rmc_qp_create(e->s[i * 2], 8);
		if (e->qp[i] == NULL)
			return -1;
	}
	return 0;
}

int
bench_idle(struct bench_ctx *b)
{
	struct idle_env e;
	char cluster[RTE_RMC_NAME_MAX];
	unsigned int i;
	int ret = -1;

	memset(&e, 0, sizeof(e));
	b->r.perf.idle_s = strcmp(b->plan->name, "full") == 0 ? 10 :
		strcmp(b->plan->name, "quick") == 0 ? 1 : 0.1;
	if (idle_env_start(b, &e, cluster, sizeof(cluster)) < 0) {
		fprintf(stderr, "rmc-bench: idle part: set-up failed: %s\n",
			rte_strerror(rte_errno));
		goto out;
	}
	if (idle_wake_check(b, &e) < 0 || idle_trials(b, &e) < 0)
		goto out;
	ret = 0;
out:
	for (i = 0; i < 3; i++)
		rte_rmc_detach(e.s[i]);
	for (i = 0; i < 2; i++)
		rte_rmc_node_destroy(e.node[i]);
	return ret;
}
