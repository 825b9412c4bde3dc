/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Messaging (rte_rmc_msg.h, rmc_send/rmc_recv) on the direct path and over
 * the ring transport: small (pushed) and large (pulled) messages, order,
 * credit-based flow control, sizes, loopback, mismatched configurations,
 * closed and reopened endpoints, and the libsonuma calls.
 */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_rmc_msg.h>
#include <sonuma.h>

#include "rmc_test.h"

#define MAXMSG 20000

static void
fill(uint8_t *b, uint32_t len, uint32_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(seed * 31 + i * 7);
}

static int
check(const uint8_t *b, uint32_t len, uint32_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (b[i] != (uint8_t)(seed * 31 + i * 7))
			return -1;
	return 0;
}

static int
msg_on(const char *driver)
{
	struct rte_rmc_msg_conf conf = { .ctx_id = 0, .ctx_offset = 4096, .max_ports = 2,
		.slots = 8, .slot_size = 128, .max_msg = MAXMSG };
	struct rte_rmc_msg_conf other = conf;
	struct rte_rmc_node_conf nc = { .driver = driver };
	struct rte_rmc_msg_ep *a, *b, *b1, *c;
	uint8_t *out, *in;
	struct rmc_test_cluster cl;
	uint16_t nid, port;
	uint32_t i, len, lens[] = { 0, 1, 96, 97, 1000, MAXMSG };
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "t_msg_%s", driver);
	RMC_TEST_ASSERT(rmc_test_cluster_start(&cl, name, 2, 2, &nc) == 0, "cluster");
	out = malloc(MAXMSG + 1);
	in = malloc(MAXMSG + 1);
	RMC_TEST_ASSERT(out != NULL && in != NULL, "alloc");
	RMC_TEST_ASSERT(rte_rmc_msg_area_size(&conf, 2) > 0, "area size");
	a = rte_rmc_msg_open(cl.sess[0], 0, &conf);
	b = rte_rmc_msg_open(cl.sess[1], 0, &conf);
	b1 = rte_rmc_msg_open(cl.sess[1], 1, &conf);
	RMC_TEST_ASSERT(a != NULL && b != NULL && b1 != NULL, "open");

	/* Every size, both ways, each checked, in order. */
	for (i = 0; i < RTE_DIM(lens); i++) {
		fill(out, lens[i], i);
		RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 0, out, lens[i], 0), 0, "send %u", i);
	}
	for (i = 0; i < RTE_DIM(lens); i++) {
		memset(in, 0xee, MAXMSG);
		ret = rte_rmc_msg_recv(b, &nid, &port, in, MAXMSG, 2000000);
		RMC_TEST_ASSERT_EQ(ret, (int)lens[i], "length of message %u", i);
		RMC_TEST_ASSERT(nid == 0 && port == 0, "sender of message %u", i);
		RMC_TEST_ASSERT(check(in, lens[i], i) == 0, "content of message %u", i);
	}
	fill(out, 5000, 77);
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(b1, 0, 0, out, 5000, 0), 0, "reply");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv_from(a, 1, 1, in, MAXMSG, 2000000), 5000, "recv_from");
	RMC_TEST_ASSERT(check(in, 5000, 77) == 0, "reply content");

	/* Flow control: 'slots' unconsumed messages, then the sender waits. */
	for (i = 0; i < conf.slots; i++)
		RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 1, out, 64, 0), 0, "fill %u", i);
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 1, out, 64, 20000), -ETIMEDOUT, "no credit");
	for (i = 0; i < conf.slots; i++)
		RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b1, NULL, NULL, in, MAXMSG, 2000000), 64,
			"drain %u", i);
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b1, NULL, NULL, in, MAXMSG, 0), -EAGAIN, "empty");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 1, out, 64, 2000000), 0, "credit back");
	/* Large messages keep the staging ring busy until pulled: many in a row. */
	for (i = 0; i < 40; i++) {
		len = 3000 + i * 400;
		fill(out, len, 100 + i);
		RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 0, out, len, 2000000), 0, "large %u", i);
		RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b, NULL, NULL, in, MAXMSG, 2000000), (int)len,
			"large %u", i);
		RMC_TEST_ASSERT(check(in, len, 100 + i) == 0, "large %u content", i);
	}
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b1, NULL, NULL, in, MAXMSG, 2000000), 64, "last");

	/* Sizes. */
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 0, out, MAXMSG + 1, 0), -EMSGSIZE, "too large");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 0, out, 500, 0), 0, "send 500");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b, NULL, NULL, in, 100, 2000000), -EMSGSIZE,
		"small buf");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b, NULL, NULL, in, 500, 2000000), 500, "stays queued");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 2, 0, out, 1, 0), -EINVAL, "no node 2");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 2, out, 1, 0), -EINVAL, "no port 2");

	/* Loopback: to the node's own other port. */
	c = rte_rmc_msg_open(cl.sess[0], 1, &conf);
	RMC_TEST_ASSERT(c != NULL, "open 0.1");
	fill(out, 3000, 9);
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 0, 1, out, 3000, 0), 0, "loopback");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(c, &nid, &port, in, MAXMSG, 2000000), 3000, "loop");
	RMC_TEST_ASSERT(nid == 0 && port == 0 && check(in, 3000, 9) == 0, "loopback content");

	/* A receiver reopened: its senders learn it instead of writing into the void. */
	rte_rmc_msg_close(b1);
	b1 = rte_rmc_msg_open(cl.sess[1], 1, &conf);
	RMC_TEST_ASSERT(b1 != NULL, "reopen");
	for (i = 0, ret = 0; i <= conf.slots && ret == 0; i++)
		ret = rte_rmc_msg_send(a, 1, 1, out, 8, 200000);
	RMC_TEST_ASSERT_EQ(ret, -ECONNRESET, "reopened endpoint detected");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(a, 1, 1, out, 8, 0), 0, "contact again");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_recv(b1, NULL, NULL, in, MAXMSG, 2000000), 8, "new one");

	/* Another configuration, and an endpoint nobody opened. */
	other.slots = 4;
	rte_rmc_msg_close(c);
	c = rte_rmc_msg_open(cl.sess[0], 1, &other);
	RMC_TEST_ASSERT(c != NULL, "open with another configuration");
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(c, 1, 0, out, 8, 0), -EPROTO, "mismatch");
	rte_rmc_msg_close(c);
	rte_rmc_msg_close(b);
	RMC_TEST_ASSERT_EQ(rte_rmc_msg_send(b1, 1, 0, out, 8, 50000), -ECONNREFUSED, "not open");
	/* A context too small for the areas asked for. */
	other = conf;
	other.ctx_offset = (1 << 20) - 4096;
	RMC_TEST_ASSERT(rte_rmc_msg_open(cl.sess[0], 0, &other) == NULL && rte_errno == ENOSPC,
		"too small");
	other.slots = 3;
	RMC_TEST_ASSERT(rte_rmc_msg_open(cl.sess[0], 0, &other) == NULL && rte_errno == EINVAL,
		"bad slots");

	RMC_TEST_ASSERT_EQ(rte_rmc_msg_flush(a, 0), 0, "flush");
	rte_rmc_msg_close(a);
	rte_rmc_msg_close(b1);
	free(out);
	free(in);
	rmc_test_cluster_stop(&cl);
	return TEST_SUCCESS;
}

static int
msg_all(void)
{
	RMC_TEST_ASSERT(msg_on("shm") == TEST_SUCCESS, "messaging on the direct path");
	RMC_TEST_ASSERT(msg_on("ring") == TEST_SUCCESS, "messaging over the ring transport");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(msg_autotest, msg_all,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* rmc_send / rmc_recv, as a libsonuma program would call them: node 1 receives. */
struct sonuma_rx {
	rmc_wq_t *wq;
	rmc_cq_t *cq;
	uint8_t *ctx;
	uint8_t *lb;
	int failed;
};

static void *
sonuma_receiver(void *arg)
{
	struct sonuma_rx *r = arg;
	char in[3000], want[3000];
	int i, len;

	for (i = 0; i < 20; i++) {
		len = i % 2 ? 100 : 2500;
		memset(want, 'a' + i, len);
		if (rmc_recv(r->wq, r->cq, (char *)r->ctx + 8192, (char *)r->lb, 0, 0, in,
				sizeof(in)) != len || memcmp(in, want, len) != 0) {
			printf("rmc_recv %d: wrong message\n", i);
			r->failed = 1;
			break;
		}
	}
	return NULL;
}

static int
sonuma_msg(void)
{
	struct rte_rmc_node_conf nc = { .driver = "ring" };
	struct rmc_test_cluster cl;
	struct sonuma_rx rx = { 0 };
	rmc_wq_t *wq0;
	rmc_cq_t *cq0;
	uint8_t *ctx0, *lb0;
	char out[3000];
	pthread_t th;
	int h0, h1, i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&cl, "t_smsg", 2, 2, &nc) == 0, "cluster");
	setenv("RMC_CLUSTER", "t_smsg", 1);
	setenv("RMC_NODE", "0", 1);
	h0 = kal_open((char *)RMC_DEV);
	setenv("RMC_NODE", "1", 1);
	h1 = kal_open((char *)RMC_DEV);
	unsetenv("RMC_NODE");
	unsetenv("RMC_CLUSTER");
	RMC_TEST_ASSERT(h0 >= 0 && h1 >= 0, "kal_open");
	RMC_TEST_ASSERT(kal_reg_wq(h0, &wq0) == 0 && kal_reg_cq(h0, &cq0) == 0, "wq 0");
	RMC_TEST_ASSERT(kal_reg_wq(h1, &rx.wq) == 0 && kal_reg_cq(h1, &rx.cq) == 0, "wq 1");
	RMC_TEST_ASSERT(kal_reg_ctx(h0, &ctx0, 16) == 0 && kal_reg_ctx(h1, &rx.ctx, 16) == 0,
		"ctx");
	RMC_TEST_ASSERT(kal_reg_lbuff(h0, &lb0, 1) == 0 && kal_reg_lbuff(h1, &rx.lb, 1) == 0,
		"lbuf");
	RMC_TEST_ASSERT(pthread_create(&th, NULL, sonuma_receiver, &rx) == 0, "thread");
	/* The first send waits for the receiver's endpoint to open. */
	for (i = 0; i < 20; i++) {
		int len = i % 2 ? 100 : 2500;

		memset(out, 'a' + i, len);
		if (rmc_send(wq0, cq0, (char *)ctx0 + 8192, (char *)lb0, 0, out, len, 1) != 0)
			break;
	}
	pthread_join(th, NULL);
	RMC_TEST_ASSERT_EQ(i, 20, "every rmc_send posted");
	RMC_TEST_ASSERT(!rx.failed, "every message received intact");
	RMC_TEST_ASSERT_EQ(rmc_send(wq0, cq0, NULL, (char *)lb0, 0, out, 8, 1), -EINVAL, "no ctx");
	RMC_TEST_ASSERT_EQ(rmc_send(wq0, cq0, (char *)ctx0 + 8192, (char *)lb0, 0, out, -1, 1),
		-EINVAL, "negative size");
	rte_rmc_detach(kal_session(h0));
	rte_rmc_detach(kal_session(h1));
	rmc_test_cluster_stop(&cl);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(sonuma_msg_autotest, sonuma_msg,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
