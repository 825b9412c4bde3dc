/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TEST_PGAS_H_
#define _TEST_PGAS_H_

/*
 * Running a PGAS program in the tests: one thread per node of an in-process
 * cluster, each with its own handle on that node's session, as one
 * application per node would (test_pgas_run.c).
 */

#include <rte_rmc_pgas.h>

#include "rmc_test.h"

struct pgas_job;
typedef int (pgas_fn_t)(struct pgas_job *j, struct rte_rmc_pgas *p);

struct pgas_job {
	struct rmc_test_cluster *c;
	unsigned int i;       /* node id */
	pgas_fn_t *fn;
	void *arg;            /* shared by the participants */
	int ret;
};

/* Run fn on nodes 0 .. n - 1 at once; TEST_SUCCESS when every one returned it. */
int pgas_run(struct rmc_test_cluster *c, unsigned int n, pgas_fn_t *fn, void *arg);

/* The drivers every PGAS test runs on. */
extern const char *const pgas_drivers[2];

#endif /* _TEST_PGAS_H_ */
