/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TEST_XEN_H_
#define _TEST_XEN_H_

/* Helpers shared by the xen_remote tests. */

#include <stdint.h>

#include "rmc_evtchn_standin.h"
#include "rmc_gnt_memfd.h"
#include "rmc_xen_board_dir.h"
#include "rmc_xen_env.h"

/*
 * A scratch Xen host (test_xen_fixture.c): grant tables in a memfd, event
 * channels in a table of this process, xenstore as a folder, a scratch /dev
 * and /sys; the xen driver of this process uses
 * it from test_xen_fixture_setup() to test_xen_fixture_teardown().
 */
struct xen_fixture {
	char root[64];
	char board[128];
	struct rmc_gnt_memfd_table *t;
	struct rmc_evtchn_table *evt;
	struct rmc_xen_env env;
};

/* Grant devices, gntalloc limit (NULL: no file), board; 0 or -1. */
int test_xen_fixture_setup(struct xen_fixture *f, uint32_t entries, const char *gntalloc_limit,
		int devices);

/*
 * 0 when nothing is left: no grant, no mapping, no event channel, no
 * publication; the tree goes.
 */
int test_xen_fixture_teardown(struct xen_fixture *f);

/* Write a file below a scratch root, creating its folders. 0 or -errno. */
int test_xen_write_file(const char *root, const char *path, const char *text);

/* Remove a scratch tree made by the tests (only under /tmp/rmc-xen-). */
void test_xen_rm_tree(const char *root);

#endif /* _TEST_XEN_H_ */
