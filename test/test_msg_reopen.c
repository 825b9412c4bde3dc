/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A client endpoint closed and opened again (a new client process on the
 * same port) while its server endpoint lives on: the server's next reply
 * reaches the new client, at once. (Before, the server kept writing its
 * replies with the old incarnation's epoch: up to a ring's worth of them was
 * lost before a stalled send noticed; soKV's RPC met it.) Waits are bounded
 * at 20 s: a loaded host is slow, not wrong.
 */

#include <string.h>

#include <rte_rmc_msg.h>

#include "rmc_test.h"

static int
round_trip(struct rte_rmc_msg_ep *srv, struct rte_rmc_msg_ep *cli, uint32_t val)
{
	uint32_t got = 0;
	uint16_t nid, port;
	int len;

	RMC_TEST_ASSERT(rte_rmc_msg_send(cli, 1, 0, &val, sizeof(val), 0) == 0, "request");
	len = rte_rmc_msg_recv(srv, &nid, &port, &got, sizeof(got), 20000000);
	RMC_TEST_ASSERT(len == sizeof(got) && got == val && nid == 0 && port == 1, "served");
	got = ~got;
	RMC_TEST_ASSERT(rte_rmc_msg_send(srv, nid, port, &got, sizeof(got), 0) == 0, "reply");
	len = rte_rmc_msg_recv_from(cli, 1, 0, &got, sizeof(got), 20000000);
	RMC_TEST_ASSERT_EQ(len, (int)sizeof(got), "the reply arrived");
	RMC_TEST_ASSERT_EQ(got, ~val, "the reply's value");
	return TEST_SUCCESS;
}

static int
reopen_on(const char *driver, const char *name)
{
	struct rte_rmc_msg_conf conf = { .ctx_id = 0, .ctx_offset = 4096, .max_ports = 2,
		.slots = 8, .slot_size = 128, .max_msg = 4096 };
	struct rte_rmc_node_conf nc = { .driver = driver };
	struct rte_rmc_msg_ep *srv, *cli;
	struct rmc_test_cluster cl;
	uint32_t life, i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&cl, name, 2, 2, &nc) == 0, "cluster");
	srv = rte_rmc_msg_open(cl.sess[1], 0, &conf);
	RMC_TEST_ASSERT(srv != NULL, "server endpoint");
	for (life = 0; life < 3; life++) {
		cli = rte_rmc_msg_open(cl.sess[0], 1, &conf);
		RMC_TEST_ASSERT(cli != NULL, "client endpoint, life %u", life);
		for (i = 0; i < 3; i++)
			RMC_TEST_ASSERT(round_trip(srv, cli, life * 100 + i) == TEST_SUCCESS,
				"call %u of life %u", i, life);
		rte_rmc_msg_close(cli);
	}
	rte_rmc_msg_close(srv);
	rmc_test_cluster_stop(&cl);
	return TEST_SUCCESS;
}

static int
msg_reopen(void)
{
	RMC_TEST_ASSERT(reopen_on("shm", "t_msgro") == TEST_SUCCESS, "shm");
	RMC_TEST_ASSERT(reopen_on("ring", "t_msgro_r") == TEST_SUCCESS, "ring");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(msg_reopen_autotest, msg_reopen,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
