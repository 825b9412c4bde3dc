/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A PGAS participant for the integration tests, on the node of $RMC_NODE:
 *   pgas_probe lookup NAME   "present" (exit 1) or "absent" (exit 0)
 *   pgas_probe barrier MS    one barrier bounded by MS: prints its result
 *                            ("ok", "ETIMEDOUT", "EHOSTDOWN", ...), exit 0
 *   pgas_probe hold          open a handle and wait to be killed
 * Exit 2 on any other failure.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_rmc_pgas.h>

static const char *
result_name(int ret)
{
	return ret == 0 ? "ok" : ret == -ETIMEDOUT ? "ETIMEDOUT" :
		ret == -EHOSTDOWN ? "EHOSTDOWN" : "other";
}

int
main(int argc, char **argv)
{
	struct rte_rmc_pgas_region *r;
	struct rte_rmc_session *s;
	struct rte_rmc_pgas *p;
	int ret = 2;

	if (argc < 2)
		return 2;
	s = rte_rmc_attach(NULL, -1, NULL);
	p = s != NULL ? rte_rmc_pgas_open(s) : NULL;
	if (p == NULL)
		return 2;
	if (strcmp(argv[1], "lookup") == 0 && argc == 3) {
		r = rte_rmc_pgas_region_lookup(p, argv[2]);
		ret = r != NULL ? 1 : rte_errno == ENOENT ? 0 : 2;
		printf("%s\n", ret == 1 ? "present" : ret == 0 ? "absent" : "error");
	} else if (strcmp(argv[1], "barrier") == 0 && argc == 3) {
		printf("%s\n", result_name(rte_rmc_pgas_barrier(p, atoi(argv[2]))));
		ret = 0;
	} else if (strcmp(argv[1], "hold") == 0) {
		printf("holding\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	rte_rmc_pgas_close(p);
	rte_rmc_detach(s);
	return ret;
}
