/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The in-process reliability scenarios on the eth driver: two nodes of this
 * process, each on a net_memif port of its own (the driver argument
 * ports=NAME), the two ports linked through a memif socket; the protocol in
 * Ethernet frames between them, hellos and all, as between two rmcd (the eth
 * driver has no other way to node 1: its requests succeed only as frames).
 * The scenarios' assertions are those of shm, ring and xen. A memif server port
 * is never closed (rmc_eth_remote.c: DPDK 22.11's memif would free its
 * socket under the interrupt thread); the process ends after the test.
 */

#include "rmc_test.h"
#include "rel_scenarios.h"

#define ETH_REL_ARGS "ports=net_memif_rel%u"

static int
eth_rel(int (*scenario)(void))
{
	int ret = TEST_FAILED;

	/*
	 * The default protocol time-out (1 s), as rmcd's: a peer busy serving
	 * is heard by its replies and requests, not only by its hellos
	 * (rmc_eth_frame_in(); eth_liveness_autotest).
	 */
	if (rmc_test_memif_pair("rel", 0x7e) == 0)
		ret = scenario();
	rmc_test_memif_pair_done();
	return ret;
}

static int
hostile_wqe_eth_scenario(void)
{
	return hostile_wqe_run("eth", ETH_REL_ARGS);
}

static int
hostile_wqe_eth(void)
{
	return eth_rel(hostile_wqe_eth_scenario);
}
RMC_REGISTER_TEST(hostile_wqe_eth_autotest, hostile_wqe_eth,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

static int
hostile_race_eth_scenario(void)
{
	return hostile_race_run("eth", ETH_REL_ARGS);
}

static int
hostile_race_eth(void)
{
	return eth_rel(hostile_race_eth_scenario);
}
RMC_REGISTER_TEST(hostile_race_eth_autotest, hostile_race_eth,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

static int
hostile_flood_eth_scenario(void)
{
	return hostile_flood_run("eth", ETH_REL_ARGS);
}

static int
hostile_flood_eth(void)
{
	return eth_rel(hostile_flood_eth_scenario);
}
RMC_REGISTER_TEST(hostile_flood_eth_autotest, hostile_flood_eth,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

static int
perm_ro_eth_scenario(void)
{
	return perm_ro_run("eth", ETH_REL_ARGS);
}

static int
perm_ro_eth(void)
{
	return eth_rel(perm_ro_eth_scenario);
}
RMC_REGISTER_TEST(perm_ro_eth_autotest, perm_ro_eth,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
app_itt_share_eth_scenario(void)
{
	return app_itt_share_run("eth", ETH_REL_ARGS);
}

static int
app_itt_share_eth(void)
{
	return eth_rel(app_itt_share_eth_scenario);
}
RMC_REGISTER_TEST(app_itt_share_eth_autotest, app_itt_share_eth,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

/* The eth transport's copy of a write's payload (rmc_eth_frame()) under the guard. */
static int
mem_fault_lbuf_eth_scenario(void)
{
	return mem_fault_lbuf_run("eth", ETH_REL_ARGS, "t_lbus_eth");
}

static int
mem_fault_lbuf_eth(void)
{
	return eth_rel(mem_fault_lbuf_eth_scenario);
}
RMC_REGISTER_TEST(mem_fault_lbuf_eth_autotest, mem_fault_lbuf_eth,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

/* Liveness by every frame, at the default 1 s time-out. */
static int
eth_liveness_scenario(void)
{
	return eth_liveness_run("eth", ETH_REL_ARGS, "net_memif_rel0");
}

static int
eth_liveness(void)
{
	return eth_rel(eth_liveness_scenario);
}
RMC_REGISTER_TEST(eth_liveness_autotest, eth_liveness,
	.suite = "reliability", .timeout = 180, .no_huge = 1);
