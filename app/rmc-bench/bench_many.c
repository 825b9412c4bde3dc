/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * 16 nodes in this process on the two CPUs: every node's RMC is an
 * rte_service on the one service lcore (the worker lcore, turned into a
 * service lcore for this part), and the application on the main lcore holds a
 * session to every node. All to all: each node writes a pattern that names
 * the pair and the round into every node (itself included), then reads every
 * one back and checks it. Reports the p50 of the sync writes and reads.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_service.h>

#include "bench_many.h"
#include "bench_stats.h"

#define MANY_CTX_SIZE (64u << 10)
#define MANY_OBJ 64

struct many_env {
	struct rte_rmc_node *node[BENCH_MANY_NODES];
	struct rte_rmc_session *s[BENCH_MANY_NODES];
	struct rte_rmc_qp *qp[BENCH_MANY_NODES];
	struct rte_rmc_lbuf lb[BENCH_MANY_NODES];
	uint32_t sid[BENCH_MANY_NODES];
	int registered[BENCH_MANY_NODES];
};

static void
many_pattern(uint8_t *p, unsigned int src, unsigned int dst, uint32_t round)
{
	unsigned int i;

	for (i = 0; i < MANY_OBJ; i++)
		p[i] = (uint8_t)(src * 31 + dst * 7 + round * 13 + i);
}

static int
many_start(struct bench_ctx *b, struct many_env *e, const char *cluster)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 20000 };
	struct rte_rmc_node_conf nc;
	unsigned int i;
	int ret;

	ret = rte_service_lcore_add(b->worker);
	if (ret < 0 && ret != -EALREADY) {
		fprintf(stderr, "rmc-bench: cannot make lcore %u a service lcore: %s\n",
			b->worker, strerror(-ret));
		return -1;
	}
	for (i = 0; i < BENCH_MANY_NODES; i++) {
		memset(&nc, 0, sizeof(nc));
		nc.cluster = cluster;
		nc.node_id = i;
		nc.node_count = BENCH_MANY_NODES;
		nc.ctx0_size = MANY_CTX_SIZE;
		nc.max_qps = 8;
		e->node[i] = rte_rmc_node_create(&nc);
		if (e->node[i] == NULL) {
			fprintf(stderr, "rmc-bench: cannot create node %u of %u: %s\n", i,
				BENCH_MANY_NODES, rte_strerror(rte_errno));
			return -1;
		}
		if (rte_rmc_node_service_register(e->node[i], &e->sid[i]) < 0)
			return -1;
		e->registered[i] = 1;
		rte_service_map_lcore_set(e->sid[i], b->worker, 1);
	}
	ret = rte_service_lcore_start(b->worker);
	if (ret < 0 && ret != -EALREADY)
		return -1;
	for (i = 0; i < BENCH_MANY_NODES; i++) {
		if (rte_rmc_node_wait_peers(e->node[i], 20000) < 0) {
			fprintf(stderr, "rmc-bench: node %u did not reach all its peers\n", i);
			return -1;
		}
	}
	for (i = 0; i < BENCH_MANY_NODES; i++) {
		e->s[i] = rte_rmc_attach(cluster, i, &ao);
		if (e->s[i] == NULL || rte_rmc_lbuf_register(e->s[i], 4096, &e->lb[i]) < 0)
			return -1;
		e->qp[i] = rte_rmc_qp_create(e->s[i], 8);
		if (e->qp[i] == NULL)
			return -1;
	}
	return 0;
}

static void
many_stop(struct bench_ctx *b, struct many_env *e)
{
	unsigned int i;

	for (i = 0; i < BENCH_MANY_NODES; i++)
		rte_rmc_detach(e->s[i]);
	for (i = 0; i < BENCH_MANY_NODES; i++)
		rte_rmc_node_destroy(e->node[i]);
	rte_service_lcore_stop(b->worker);
	rte_service_lcore_del(b->worker);
}

static int
many_run(struct bench_ctx *b, struct many_env *e, uint64_t *wlat, uint64_t *rlat)
{
	uint8_t want[MANY_OBJ];
	uint32_t round, n = 0;
	unsigned int src, dst;
	uint64_t t0;
	int st;

	for (round = 0; round < b->plan->many_rounds; round++) {
		for (src = 0; src < BENCH_MANY_NODES; src++) {
			for (dst = 0; dst < BENCH_MANY_NODES; dst++) {
				many_pattern(e->lb[src].addr, src, dst, round);
				t0 = rte_rdtsc();
				st = rte_rmc_write_sync(e->qp[src], &e->lb[src], 0, dst, 0,
					src * MANY_OBJ, MANY_OBJ, 0);
				wlat[n + src * BENCH_MANY_NODES + dst] = rte_rdtsc() - t0;
				if (st != RTE_RMC_STATUS_OK) {
					fprintf(stderr, "rmc-bench: write %u -> %u: %s\n", src, dst,
						rte_rmc_strerror(st));
					return -1;
				}
			}
		}
		for (src = 0; src < BENCH_MANY_NODES; src++) {
			for (dst = 0; dst < BENCH_MANY_NODES; dst++) {
				uint8_t *got = (uint8_t *)e->lb[src].addr + 1024;

				memset(got, 0, MANY_OBJ);
				t0 = rte_rdtsc();
				st = rte_rmc_read_sync(e->qp[src], &e->lb[src], 1024, dst, 0,
					src * MANY_OBJ, MANY_OBJ, 0);
				rlat[n + src * BENCH_MANY_NODES + dst] = rte_rdtsc() - t0;
				many_pattern(want, src, dst, round);
				if (st != RTE_RMC_STATUS_OK || memcmp(got, want, MANY_OBJ) != 0) {
					fprintf(stderr, "rmc-bench: read %u <- %u: %s\n", src, dst,
						st != RTE_RMC_STATUS_OK ? rte_rmc_strerror(st) :
						"data differ from what was written");
					return -1;
				}
				b->r.many_checked++;
			}
		}
		n += BENCH_MANY_NODES * BENCH_MANY_NODES;
	}
	return 0;
}

int
bench_many(struct bench_ctx *b)
{
	uint32_t total = b->plan->many_rounds * BENCH_MANY_NODES * BENCH_MANY_NODES;
	uint64_t *wlat = malloc(sizeof(*wlat) * total);
	uint64_t *rlat = malloc(sizeof(*rlat) * total);
	char cluster[RTE_RMC_NAME_MAX];
	struct many_env e;
	int ret = -1;

	memset(&e, 0, sizeof(e));
	snprintf(cluster, sizeof(cluster), "%s_16", b->cluster);
	if (wlat == NULL || rlat == NULL)
		goto out;
	if (many_start(b, &e, cluster) == 0 && many_run(b, &e, wlat, rlat) == 0) {
		b->r.many_p50[0] = bench_pct_ns(rlat, total, 50);
		b->r.many_p50[1] = bench_pct_ns(wlat, total, 50);
		ret = 0;
	}
	many_stop(b, &e);
out:
	free(wlat);
	free(rlat);
	return ret;
}
