/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * pgas_probe NAME: on the node of $RMC_NODE, is there a PGAS region NAME?
 * Prints "present" (exit 1) or "absent" (exit 0); 2 on any other failure.
 * For the integration tests: a region must be gone after its program ends.
 */

#include <errno.h>
#include <stdio.h>

#include <rte_rmc_pgas.h>

int
main(int argc, char **argv)
{
	struct rte_rmc_pgas_region *r;
	struct rte_rmc_session *s;
	struct rte_rmc_pgas *p;
	int ret;

	if (argc != 2)
		return 2;
	s = rte_rmc_attach(NULL, -1, NULL);
	p = s != NULL ? rte_rmc_pgas_open(s) : NULL;
	if (p == NULL)
		return 2;
	r = rte_rmc_pgas_region_lookup(p, argv[1]);
	ret = r != NULL ? 1 : rte_errno == ENOENT ? 0 : 2;
	printf("%s\n", ret == 1 ? "present" : ret == 0 ? "absent" : "error");
	rte_rmc_pgas_close(p);
	rte_rmc_detach(s);
	return ret;
}
