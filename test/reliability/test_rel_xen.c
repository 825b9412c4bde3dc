/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The in-process reliability scenarios on the xen driver, over its grant and
 * event-channel stand-ins (test_xen.h): the real driver code, its rings in
 * "granted" pages, the protocol layer between two nodes of this process;
 * never a hypervisor (doc/reliability.md). Each scenario runs unchanged (its
 * assertions are those of shm and ring), and afterwards the stand-in must
 * hold nothing: no grant, no mapping, no publication.
 */

#include <stdio.h>

#include "rmc_test.h"
#include "rel_scenarios.h"
#include "test_xen.h"

#define XEN_REL_ARGS "domains=41:42"

static struct xen_fixture xen_rel_f;

static int
xen_rel(int (*scenario)(void))
{
	int ret;

	if (test_xen_fixture_setup(&xen_rel_f, 4096, "1024\n", 1) < 0) {
		printf("cannot set up the xen stand-in\n");
		test_xen_fixture_teardown(&xen_rel_f);
		return TEST_FAILED;
	}
	ret = scenario();
	if (test_xen_fixture_teardown(&xen_rel_f) < 0) {
		printf("FAIL: the xen stand-in still holds what the nodes took\n");
		ret = TEST_FAILED;
	}
	return ret;
}

static int
hostile_wqe_xen_scenario(void)
{
	return hostile_wqe_run("xen", XEN_REL_ARGS);
}

static int
hostile_wqe_xen(void)
{
	return xen_rel(hostile_wqe_xen_scenario);
}
RMC_REGISTER_TEST(hostile_wqe_xen_autotest, hostile_wqe_xen,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

static int
app_itt_share_xen_scenario(void)
{
	return app_itt_share_run("xen", XEN_REL_ARGS);
}

static int
app_itt_share_xen(void)
{
	return xen_rel(app_itt_share_xen_scenario);
}
RMC_REGISTER_TEST(app_itt_share_xen_autotest, app_itt_share_xen,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
mem_fault_lbuf_xen_scenario(void)
{
	return mem_fault_lbuf_run("xen", XEN_REL_ARGS, "t_lbus_xen");
}

static int
mem_fault_lbuf_xen(void)
{
	return xen_rel(mem_fault_lbuf_xen_scenario);
}
RMC_REGISTER_TEST(mem_fault_lbuf_xen_autotest, mem_fault_lbuf_xen,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
hostile_race_xen_scenario(void)
{
	return hostile_race_run("xen", XEN_REL_ARGS);
}

static int
hostile_race_xen(void)
{
	return xen_rel(hostile_race_xen_scenario);
}
RMC_REGISTER_TEST(hostile_race_xen_autotest, hostile_race_xen,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

static int
hostile_flood_xen_scenario(void)
{
	return hostile_flood_run("xen", XEN_REL_ARGS);
}

static int
hostile_flood_xen(void)
{
	return xen_rel(hostile_flood_xen_scenario);
}
RMC_REGISTER_TEST(hostile_flood_xen_autotest, hostile_flood_xen,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

static int
perm_ro_xen_scenario(void)
{
	return perm_ro_run("xen", XEN_REL_ARGS);
}

static int
perm_ro_xen(void)
{
	return xen_rel(perm_ro_xen_scenario);
}
RMC_REGISTER_TEST(perm_ro_xen_autotest, perm_ro_xen,
	.suite = "reliability", .timeout = 120, .no_huge = 1);
