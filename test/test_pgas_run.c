/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <pthread.h>
#include <stdio.h>

#include <rte_errno.h>

#include "test_pgas.h"

const char *const pgas_drivers[2] = { "shm", "ring" };

static void *
pgas_thread(void *arg)
{
	struct pgas_job *j = arg;
	struct rte_rmc_pgas *p = rte_rmc_pgas_open(j->c->sess[j->i]);

	if (p == NULL) {
		printf("FAIL: node %u: rte_rmc_pgas_open: %s\n", j->i, rte_strerror(rte_errno));
		j->ret = TEST_FAILED;
		return NULL;
	}
	j->ret = j->fn(j, p);
	rte_rmc_pgas_close(p);
	return NULL;
}

int
pgas_run(struct rmc_test_cluster *c, unsigned int n, pgas_fn_t *fn, void *arg)
{
	struct pgas_job jobs[RTE_RMC_MAX_NODES];
	pthread_t th[RTE_RMC_MAX_NODES];
	unsigned int i;
	int ret = TEST_SUCCESS;

	for (i = 0; i < n; i++) {
		jobs[i] = (struct pgas_job){ .c = c, .i = i, .fn = fn, .arg = arg };
		if (pthread_create(&th[i], NULL, pgas_thread, &jobs[i]) != 0)
			return TEST_FAILED;
	}
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (jobs[i].ret != TEST_SUCCESS) {
			printf("node %u's participant failed\n", i);
			ret = TEST_FAILED;
		}
	}
	return ret;
}
