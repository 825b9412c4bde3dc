/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's contract where the two RMCs do not share a clock (eth
 * on ports other than net_memif, which may reach another machine): the
 * requester's RMC holds a timed request until its start time, then sends it
 * without one, and the destination serves it on arrival. No test port here
 * is like that (memif reads one TSC), so the contract runs over the
 * test_fault driver, whose transport has no same_clock: two nodes of this
 * process, their latency models carried by protocol messages as on eth.
 * Every step of test_latency.c holds (nothing handed over before t + L, a
 * write visible only after t + one-way, fences, time-outs from the deadline,
 * late counted); and no request went out with a start time: the requester
 * held them all, the destination nothing.
 */

#include "rmc_test.h"
#include "test_latency.h"
#include "test_proto_fault.h"

static int
latency_contract_fault(void)
{
	int ret;

	fault_reset();
	F.lat_by_proto = 1;
	ret = latency_contract_run("test_fault", NULL, "t_lat_fault");
	RMC_TEST_ASSERT(ret == TEST_SUCCESS, "the contract over test_fault");
	RMC_TEST_ASSERT(F.req_sent > 0, "no request went through the transport");
	RMC_TEST_ASSERT_EQ(F.req_timed, 0, "%" PRIu64 " of %" PRIu64 " requests carried a start "
		"time to a destination that does not read our clock", F.req_timed, F.req_sent);
	fault_reset();
	return TEST_SUCCESS;
}

RMC_REGISTER_TEST(latency_contract_fault_autotest, latency_contract_fault,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
