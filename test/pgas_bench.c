/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * pgas_bench [ITER]: what the PGAS layer's convenience costs, run on node 0
 * of a running 2-node cluster (node 1 runs pgas_bench too, and only serves).
 * Per operation to node 1, in ns: the raw synchronous call on a registered
 * buffer (the floor), and the PGAS call from ordinary memory (bounced) and
 * from a registered buffer (zero-copy); 5 trials each, median, min and max,
 * and the PGAS median as a ratio to the floor's. Then a 2-node barrier.
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rte_rmc_pgas.h>

#define TRIALS 5

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

enum kind { RAW_FAA, PGAS_FAA, RAW_READ, PGAS_GET_BOUNCE, PGAS_GET_ZC, BARRIER, KINDS };
static const char *const names[KINDS] = { "raw faa_sync", "pgas fetch_add", "raw read_sync 64B",
	"pgas get 64B (bounced)", "pgas get 64B (registered)", "pgas barrier (2 nodes)" };
static const int floor_of[KINDS] = { RAW_FAA, RAW_FAA, RAW_READ, RAW_READ, RAW_READ, -1 };

struct ctx {
	struct rte_rmc_pgas *p;
	struct rte_rmc_pgas_region *r;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	uint16_t ctx_id;
};

static int
one(struct ctx *c, enum kind k)
{
	uint64_t old;
	char buf[64];

	switch (k) {
	case RAW_FAA:
		return rte_rmc_faa_sync(c->qp, &c->lb, 0, 1, c->ctx_id, 0, 1, &old, 0);
	case PGAS_FAA:
		return rte_rmc_pgas_fetch_add(c->p, 1, c->r, 0, 1, &old);
	case RAW_READ:
		return rte_rmc_read_sync(c->qp, &c->lb, 0, 1, c->ctx_id, 64, 64, 0);
	case PGAS_GET_BOUNCE:
		return rte_rmc_pgas_get(c->p, buf, 1, c->r, 64, 64);
	case PGAS_GET_ZC:
		return rte_rmc_pgas_get(c->p, c->lb.addr, 1, c->r, 64, 64);
	default:
		return rte_rmc_pgas_barrier(c->p, 0);
	}
}

int
main(int argc, char **argv)
{
	int iter = argc > 1 ? atoi(argv[1]) : 20000, k, t, i, me;
	uint64_t res[KINDS][TRIALS], med[KINDS];
	struct rte_rmc_session *s = rte_rmc_attach(NULL, -1, NULL);
	struct ctx c = { 0 };

	c.p = s != NULL ? rte_rmc_pgas_open(s) : NULL;
	c.r = c.p != NULL ? rte_rmc_pgas_region_create(c.p, "bench", 4096, 0, 0) : NULL;
	if (c.r == NULL || rte_rmc_pgas_nodes(c.p) != 2)
		return 1;
	me = rte_rmc_pgas_my_node(c.p);
	c.ctx_id = rte_rmc_pgas_region_id(c.r);
	c.qp = rte_rmc_qp_create(s, 8);
	if (c.qp == NULL || rte_rmc_lbuf_register(s, 4096, &c.lb) != 0)
		return 1;
	for (k = 0; k < KINDS; k++)
		for (t = 0; t < TRIALS; t++) {
			uint64_t t0 = now_ns();

			for (i = 0; i < iter; i++) {
				int ret = me == 0 || k == BARRIER ? one(&c, k) : 0;

				if (ret != 0) {
					fprintf(stderr, "%s: %d\n", names[k], ret);
					return 1;
				}
			}
			res[k][t] = (now_ns() - t0) / iter;
		}
	for (k = 0; me == 0 && k < KINDS; k++) {
		qsort(res[k], TRIALS, sizeof(uint64_t), cmp_u64);
		med[k] = res[k][TRIALS / 2];
		printf("%-28s median %6lu ns  min %6lu  max %6lu", names[k], (unsigned long)med[k],
			(unsigned long)res[k][0], (unsigned long)res[k][TRIALS - 1]);
		if (floor_of[k] >= 0 && floor_of[k] != k)
			printf("  x%.2f of %s", (double)med[k] / med[floor_of[k]], names[floor_of[k]]);
		printf("\n");
	}
	rte_rmc_pgas_close(c.p);
	rte_rmc_detach(s);
	return 0;
}
