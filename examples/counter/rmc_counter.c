/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * One copy per node (RMC_NODE=i): each adds 1 to a counter on node 0, 1000
 * times, with a remote fetch-and-add; after a barrier node 0 checks the total.
 * The counter is a fresh region: zero at creation, gone when the run ends.
 */

#include <stdio.h>

#include <rte_rmc_pgas.h>

int
main(void)
{
	struct rte_rmc_pgas_region *r;
	struct rte_rmc_session *s;
	struct rte_rmc_pgas *p;
	uint64_t old, total;
	int i, ok = 1;

	s = rte_rmc_attach(NULL, -1, NULL);
	p = s != NULL ? rte_rmc_pgas_open(s) : NULL;
	r = p != NULL ? rte_rmc_pgas_region_create(p, "counter", 8, 0, 0) : NULL;
	if (r == NULL) {
		fprintf(stderr, "rmc_counter: set-up failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	for (i = 0; i < 1000 && ok; i++)
		ok = rte_rmc_pgas_fetch_add(p, 0, r, 0, 1, &old) == 0;
	ok = ok && rte_rmc_pgas_barrier(p, 0) == 0;
	if (ok && rte_rmc_pgas_my_node(p) == 0) {
		ok = rte_rmc_pgas_get(p, &total, 0, r, 0, 8) == 0 &&
			total == 1000u * rte_rmc_pgas_nodes(p);
		printf("total %lu, expected %u: %s\n", (unsigned long)total,
			1000u * rte_rmc_pgas_nodes(p), ok ? "right" : "WRONG");
	}
	rte_rmc_pgas_close(p);
	rte_rmc_detach(s);
	return ok ? 0 : 1;
}
