/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's contract on eth, two nodes of this process each on a
 * net_memif port of its own (the driver argument ports=NAME), the two ports
 * linked through a memif socket (rmc_test_memif_pair()). eth has no
 * control session between nodes: the destination's model reaches the
 * requester in protocol messages (RMC_PROTO_LAT, laws included: see
 * test_latency_wire.c), so each step waits for the requester's library to
 * know it (a bounded loop, set_model()) before it asserts. The steps are
 * shm's and ring's (test_latency.c). One cluster per process: a memif server port is never
 * closed (rmc_eth_remote.c), so each test gets its own process and ports.
 */

#include "rmc_test.h"
#include "test_latency.h"

static int
latency_contract_eth(void)
{
	int ret = TEST_FAILED;

	if (rmc_test_memif_pair("latc", 0x7d) == 0)
		ret = latency_contract_run("eth", "ports=net_memif_latc%u", "t_lat_eth");
	rmc_test_memif_pair_done();
	return ret;
}

static int
latency_msg_eth(void)
{
	int ret = TEST_FAILED;

	if (rmc_test_memif_pair("latm", 0x7d) == 0)
		ret = latency_msg_run("eth", "ports=net_memif_latm%u", "t_lat_msg_eth");
	rmc_test_memif_pair_done();
	return ret;
}

RMC_REGISTER_TEST(latency_contract_eth_autotest, latency_contract_eth,
	.suite = "fabric", .timeout = 180, .no_huge = 1);
RMC_REGISTER_TEST(latency_msg_eth_autotest, latency_msg_eth,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
