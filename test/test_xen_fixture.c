/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A scratch Xen host for the tests that run the xen driver in this process
 * over the stand-ins (test_xen.h).
 */

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rmc_gnt_memfd.h"
#include "rmc_test.h"
#include "rmc_xen_board_dir.h"
#include "rmc_xen_env.h"
#include "rmc_xen_limits.h"
#include "rmc_xen_remote.h"
#include "test_xen.h"

int
test_xen_fixture_setup(struct xen_fixture *f, uint32_t entries, const char *gntalloc_limit,
		int devices)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->root, sizeof(f->root), "/tmp/rmc-xen-drvXXXXXX");
	if (mkdtemp(f->root) == NULL)
		return -1;
	if (devices && (test_xen_write_file(f->root, RMC_XEN_GNTALLOC_DEV, "") < 0 ||
			test_xen_write_file(f->root, RMC_XEN_GNTDEV_DEV, "") < 0))
		return -1;
	if (gntalloc_limit != NULL && test_xen_write_file(f->root, RMC_XEN_GNTALLOC_LIMIT_PATH,
			gntalloc_limit) < 0)
		return -1;
	snprintf(f->board, sizeof(f->board), "%s/board", f->root);
	if (mkdir(f->board, 0700) < 0)
		return -1;
	f->t = rmc_gnt_memfd_table_create(entries);
	if (f->t == NULL)
		return -1;
	f->evt = rmc_evtchn_table_create(256);
	if (f->evt == NULL)
		return -1;
	f->env.gnt = &rmc_gnt_memfd_ops;
	f->env.gnt_arg = f->t;
	f->env.evtchn = &rmc_evtchn_standin_ops;
	f->env.evtchn_arg = f->evt;
	f->env.board = &rmc_xen_board_dir_ops;
	f->env.board_arg = f->board;
	f->env.root = f->root;
	rmc_xen_set_env(&f->env);
	return 0;
}

int
test_xen_fixture_teardown(struct xen_fixture *f)
{
	uint32_t grants = 0, mapped = 0;
	int entries, ret = 0;

	rmc_xen_set_env(NULL);
	if (f->t != NULL) {
		rmc_gnt_memfd_table_usage(f->t, &grants, &mapped);
		if (grants != 0 || mapped != 0 || rmc_gnt_memfd_table_destroy(f->t) != 0) {
			printf("left behind: %u grants, %u mapped pages\n", grants, mapped);
			ret = -1;
		}
	}
	if (f->evt != NULL) {
		uint64_t notified;
		uint32_t bound;

		rmc_evtchn_table_usage(f->evt, &notified, &bound);
		if (rmc_evtchn_table_destroy(f->evt) != 0) {
			printf("left behind: %u event channel ports, or a handle\n", bound);
			ret = -1;
		}
	}
	entries = rmc_xen_board_dir_count(f->board);
	if (entries > 0) {
		printf("left behind: %d publications\n", entries);
		ret = -1;
	}
	test_xen_rm_tree(f->root);
	return ret;
}
