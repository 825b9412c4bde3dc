/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A messaging call that waits gives its CPU away on every pass that found
 * nothing. What it waits for (the RMC that moves the message, the server
 * that answers it) may need that very CPU: on a 2-CPU machine two RMCs, a
 * server and a client share two CPUs. Before, a waiter yielded only every
 * 256th empty pass, so each hand-off between threads sharing a CPU waited
 * for 256 passes (20 to 70 us), and soKV's RPC GET took 0.2 to 1 ms instead
 * of microseconds. The endpoint counts its empty passes and its yields; the
 * test checks that they are equal in every kind of wait (a receive that
 * times out, a receive from one sender, a flush), on shm and ring. It reads
 * counts, not clocks: waits are bounded at 20 s, a loaded host is slow, not
 * wrong.
 */

#include <errno.h>
#include <string.h>

#include <rte_rmc_msg.h>

#include "rmc_msg_priv.h"
#include "rmc_test.h"

static int
yields_every_pass(const struct rte_rmc_msg_ep *ep, const char *who)
{
	RMC_TEST_ASSERT_EQ(ep->yields, ep->idle_passes, "%s: a yield per empty pass", who);
	return TEST_SUCCESS;
}

static int
wait_on(const char *driver, const char *name)
{
	struct rte_rmc_msg_conf conf = { .ctx_id = 0, .ctx_offset = 4096, .max_ports = 2,
		.slots = 8, .slot_size = 128, .max_msg = 4096 };
	struct rte_rmc_node_conf nc = { .driver = driver };
	struct rte_rmc_msg_ep *srv, *cli;
	struct rmc_test_cluster cl;
	uint32_t val, got = 0, i;
	uint16_t nid, port;
	int len;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&cl, name, 2, 2, &nc) == 0, "cluster");
	srv = rte_rmc_msg_open(cl.sess[1], 0, &conf);
	cli = rte_rmc_msg_open(cl.sess[0], 1, &conf);
	RMC_TEST_ASSERT(srv != NULL && cli != NULL, "endpoints");
	/*
	 * Nothing comes: the whole time-out is spent waiting. A first pass that
	 * outlasts the time-out (valgrind, a loaded host) ends the call before
	 * any wait: call again until one waited (20 ms each, 100 calls at most).
	 */
	for (i = 0; i < 100 && srv->idle_passes == 0; i++) {
		len = rte_rmc_msg_recv(srv, &nid, &port, &got, sizeof(got), 20000);
		RMC_TEST_ASSERT_EQ(len, -EAGAIN, "nothing to receive");
	}
	RMC_TEST_ASSERT(srv->idle_passes > 0, "no receive waited in %u calls of 20 ms", i);
	RMC_TEST_ASSERT(yields_every_pass(srv, "receive, timed out") == TEST_SUCCESS,
		"counts");
	/* Calls: the client waits for each reply from its server only. */
	for (i = 0; i < 20; i++) {
		val = i + 1;
		RMC_TEST_ASSERT(rte_rmc_msg_send(cli, 1, 0, &val, sizeof(val), 0) == 0,
			"request %u", i);
		len = rte_rmc_msg_recv(srv, &nid, &port, &got, sizeof(got), 20000000);
		RMC_TEST_ASSERT(len == sizeof(got) && got == val, "request %u served", i);
		got = ~got;
		RMC_TEST_ASSERT(rte_rmc_msg_send(srv, nid, port, &got, sizeof(got), 0) == 0,
			"reply %u", i);
		len = rte_rmc_msg_recv_from(cli, 1, 0, &got, sizeof(got), 20000000);
		RMC_TEST_ASSERT(len == sizeof(got) && got == ~val, "reply %u", i);
	}
	RMC_TEST_ASSERT(rte_rmc_msg_flush(cli, 20000000) == 0, "client flushed");
	RMC_TEST_ASSERT(rte_rmc_msg_flush(srv, 20000000) == 0, "server flushed");
	RMC_TEST_ASSERT(yields_every_pass(srv, "server") == TEST_SUCCESS, "counts");
	RMC_TEST_ASSERT(yields_every_pass(cli, "client") == TEST_SUCCESS, "counts");
	rte_rmc_msg_close(cli);
	rte_rmc_msg_close(srv);
	rmc_test_cluster_stop(&cl);
	return TEST_SUCCESS;
}

static int
msg_wait(void)
{
	RMC_TEST_ASSERT(wait_on("shm", "t_msgwait") == TEST_SUCCESS, "shm");
	RMC_TEST_ASSERT(wait_on("ring", "t_msgwait_r") == TEST_SUCCESS, "ring");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(msg_wait_autotest, msg_wait,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
