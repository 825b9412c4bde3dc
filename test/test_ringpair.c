/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The ring pair of the ring transport (and of the Xen driver): layout checks
 * on attach, whole-message framing, payloads of every size, payloads that
 * wrap around the end of the ring (bounce buffer), partial receives, a full
 * ring, and a corrupted message; then two nodes' rmc_ring_peers over one
 * pair, as the drivers use them.
 */

#include <pthread.h>
#include <signal.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_service.h>

#include "rmc_ringpair.h"
#include "rmc_test.h"
#include "rmc_test_msg.h"

#define ELEMS 256
#define MAXP 2048

static int
ringpair(void)
{
	size_t size = rmc_ringpair_memsize(ELEMS);
	struct rmc_proto_msg out[8], in[8];
	struct rmc_ringpair a, b;
	struct rmc_ring_rx rx = { 0, 0 };
	uint8_t *mem, *bounce, buf[8][MAXP];
	uint32_t lens[] = { 0, 1, 63, 64, 65, 1000, MAXP };
	uint64_t tag = 1;
	unsigned int i, round, n, got;

	RMC_TEST_ASSERT(size > 2 * ELEMS * RMC_RING_ELEM, "memsize %zu", size);
	RMC_TEST_ASSERT(rmc_ringpair_memsize(0) == 0, "zero elements");
	mem = rte_zmalloc("t_rp", size + 4096, RTE_CACHE_LINE_SIZE);
	bounce = rte_zmalloc("t_rp_b", 8 * MAXP, RTE_CACHE_LINE_SIZE);
	RMC_TEST_ASSERT(mem != NULL && bounce != NULL, "alloc");

	/* Bad layouts are refused. */
	RMC_TEST_ASSERT_EQ(rmc_ringpair_init(mem, size, 100, MAXP, 1, 0), -EINVAL, "not 2^n");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_init(mem, size - 1, ELEMS, MAXP, 1, 0), -ENOSPC, "room");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_init(mem, size, ELEMS, 64 * ELEMS, 1, 0), -EINVAL,
		"a message must fit twice");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 1, 0, &a), -EPROTO, "no magic yet");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_init(mem, size, ELEMS, MAXP, 1, 0), 0, "init");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 1, 0, &a), 0, "attach");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 0, 1, &b), -EPROTO, "wrong ids");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size - 64, 1, 0, &b), -EPROTO, "truncated");
	((struct rmc_ringpair_hdr *)mem)->version++;
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 1, 0, &b), -EPROTO, "version");
	((struct rmc_ringpair_hdr *)mem)->version--;
	a.req->size = ELEMS / 2;
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 1, 0, &b), -EPROTO, "ring header");
	a.req->size = ELEMS;
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 1, 0, &b), 0, "second view");
	RMC_TEST_ASSERT(a.req == b.req && a.rep == b.rep && b.max_payload == MAXP, "same rings");

	/* Every payload size, many rounds, so that payloads wrap around the ring. */
	for (round = 0; round < 200; round++) {
		n = 1 + round % 5;
		for (i = 0; i < n; i++)
			rmc_test_msg_build(&out[i], i & 1 ? RMC_PROTO_REQ : RMC_PROTO_REPLY,
				lens[(round + i) % RTE_DIM(lens)], tag + i, buf[i]);
		RMC_TEST_ASSERT_EQ(rmc_ring_send(a.req, out, n), n, "send, round %u", round);
		/* Take them in two receives: the first one leaves the rest in place. */
		got = rmc_ring_recv(b.req, &rx, in, 1, MAXP, bounce);
		RMC_TEST_ASSERT_EQ(got, 1, "first, round %u", round);
		RMC_TEST_ASSERT(rmc_test_msg_check(&in[0], out[0].hdr.type, out[0].hdr.length,
			tag) == 0, "round %u msg 0", round);
		rmc_ring_recv_done(b.req, &rx);
		got = rmc_ring_recv(b.req, &rx, in, 8, MAXP, bounce);
		RMC_TEST_ASSERT_EQ(got, n - 1, "rest, round %u", round);
		for (i = 0; i < got; i++)
			RMC_TEST_ASSERT(rmc_test_msg_check(&in[i], out[i + 1].hdr.type,
				out[i + 1].hdr.length, tag + i + 1) == 0,
				"round %u msg %u (len %u)", round, i + 1, out[i + 1].hdr.length);
		rmc_ring_recv_done(b.req, &rx);
		tag += n;
	}
	RMC_TEST_ASSERT_EQ(rte_ring_count(a.req), 0, "empty");

	/* A full ring takes whole messages only, then nothing. */
	rmc_test_msg_build(&out[0], RMC_PROTO_REQ, MAXP, 99, buf[0]);
	for (i = 0; rmc_ring_send(a.rep, out, 1) == 1; i++)
		;
	RMC_TEST_ASSERT_EQ(i, (ELEMS - 1) / rmc_ring_msg_elems(MAXP), "messages in a full ring");
	got = rmc_ring_recv(b.rep, &rx, in, 8, MAXP, bounce);
	RMC_TEST_ASSERT_EQ(got, RTE_MIN(i, 8u), "full ring read");
	for (n = 0; n < got; n++)
		RMC_TEST_ASSERT(rmc_test_msg_check(&in[n], RMC_PROTO_REQ, MAXP, 99) == 0,
			"full ring message %u", n);
	rmc_ring_recv_done(b.rep, &rx);

	/* A corrupted message: what is queued is dropped, nothing is returned. */
	while (rmc_ring_recv(b.rep, &rx, in, 8, MAXP, bounce) > 0)
		rmc_ring_recv_done(b.rep, &rx);
	rmc_ring_recv_done(b.rep, &rx);
	rmc_test_msg_build(&out[0], RMC_PROTO_REPLY, 10, 5, buf[0]);
	rmc_test_msg_build(&out[1], RMC_PROTO_REPLY, 10, 6, buf[1]);
	out[0].hdr.magic = 0xdead;
	RMC_TEST_ASSERT_EQ(rmc_ring_send(a.rep, out, 2), 2, "send corrupted");
	RMC_TEST_ASSERT_EQ(rmc_ring_recv(b.rep, &rx, in, 8, MAXP, bounce), 0, "nothing taken");
	rmc_ring_recv_done(b.rep, &rx);
	RMC_TEST_ASSERT_EQ(rte_ring_count(b.rep), 0, "corrupted content dropped");

	rte_free(mem);
	rte_free(bounce);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(ringpair_autotest, ringpair,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* Requests and replies between two nodes' transports, over one ring pair. */
static int
ring_peers(void)
{
	size_t size = rmc_ringpair_memsize(ELEMS);
	struct rmc_ring_peers n0, n1;
	struct rmc_ringpair pair;
	struct rmc_proto_msg m, in[4];
	uint8_t *mem, buf[MAXP];

	mem = rte_zmalloc("t_rp2", size, RTE_CACHE_LINE_SIZE);
	RMC_TEST_ASSERT(mem != NULL, "alloc");
	RMC_TEST_ASSERT(rmc_ring_peers_init(&n0, 0, 2, MAXP) == 0 &&
		rmc_ring_peers_init(&n1, 1, 2, MAXP) == 0, "init");
	/* Node 1 serves node 0's requests on rings it made. */
	RMC_TEST_ASSERT_EQ(rmc_ringpair_init(mem, size, ELEMS, MAXP, 1, 0), 0, "layout");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(mem, size, 1, 0, &pair), 0, "attach");
	rmc_test_msg_build(&m, RMC_PROTO_REQ, 100, 7, buf);
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_tx(&n0, 1, &m, 1), 0, "nothing published yet");
	rmc_ring_peers_publish(&n1, 0, RMC_RING_SERVER, &pair);
	rmc_ring_peers_publish(&n0, 1, RMC_RING_CLIENT, &pair);
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_tx(&n0, 1, &m, 1), 1, "request sent");
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_rx(&n0, in, 4), 0, "nothing for node 0");
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_rx(&n1, in, 4), 1, "request received");
	RMC_TEST_ASSERT(in[0].peer == 0 && rmc_test_msg_check(&in[0], RMC_PROTO_REQ, 100, 7) == 0,
		"request intact, from node 0");
	rmc_ring_peers_rx_done(&n1);
	rmc_test_msg_build(&m, RMC_PROTO_REPLY, 200, 8, buf);
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_tx(&n1, 0, &m, 1), 1, "reply sent");
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_rx(&n0, in, 4), 1, "reply received");
	RMC_TEST_ASSERT(in[0].peer == 1 &&
		rmc_test_msg_check(&in[0], RMC_PROTO_REPLY, 200, 8) == 0,
		"reply intact, from node 1");
	rmc_ring_peers_rx_done(&n0);
	/* A request cannot go on a server pair, nor a reply on a client pair. */
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_tx(&n1, 0, &m, 0), 0, "empty burst");
	rmc_test_msg_build(&m, RMC_PROTO_REQ, 8, 9, buf);
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_tx(&n1, 0, &m, 1), 0, "node 1 is no client of 0");
	rmc_ring_peers_unpublish(&n0, 1, RMC_RING_CLIENT);
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_tx(&n0, 1, &m, 1), 0, "unpublished");
	rmc_ring_peers_fini(&n0);
	rmc_ring_peers_fini(&n1);
	rte_free(mem);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(ring_peers_autotest, ring_peers,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * Publishing a pair while the RMC polls: a receive must use the pair that was
 * published, never what the struct held before (a driver leaves the pair of a
 * peer that left there while unpublished, its memory maybe unmapped since; a
 * first publication finds NULL). Here the stale pair is a decoy holding one
 * message. The publication is made by a signal handler on the poller's own
 * thread: it lands between any two instructions of the poll, as another
 * thread's stores do when the poller's CPU is taken away at the wrong moment
 * (rare on an idle host, common on a loaded one). A poll that reads the pair
 * before 'up' took the decoy's message within 16 to 509 rounds in 6 runs;
 * 5000 rounds take about 1 s, 35 s with a load average of 10 (the bound only
 * turns a hang into a failure).
 */
#define PUB_ROUNDS 5000
#define PUB_TIME_S 150
#define DECOY_TAG 0xdec0

static struct {
	struct rmc_ring_peers n1;
	struct rmc_ringpair pair;
	uint64_t passes;        /* atomic: polls ended */
	uint64_t decoys;        /* atomic: decoy messages received */
	uint64_t received;      /* atomic: messages of the real pair */
	int armed;              /* atomic: the next signal publishes */
	int stop;               /* atomic */
} PUB;

static void
publish_signal(int sig)
{
	RTE_SET_USED(sig);
	if (__atomic_load_n(&PUB.armed, __ATOMIC_ACQUIRE)) {
		rmc_ring_peers_publish(&PUB.n1, 0, RMC_RING_SERVER, &PUB.pair);
		__atomic_store_n(&PUB.armed, 0, __ATOMIC_RELEASE);
	}
}

static void *
publish_poller(void *arg)
{
	struct rmc_proto_msg in[4];
	uint16_t i, n;

	RTE_SET_USED(arg);
	while (!__atomic_load_n(&PUB.stop, __ATOMIC_ACQUIRE)) {
		n = rmc_ring_peers_rx(&PUB.n1, in, RTE_DIM(in));
		for (i = 0; i < n; i++)
			__atomic_fetch_add(in[i].hdr.tid == DECOY_TAG ? &PUB.decoys :
				&PUB.received, 1, __ATOMIC_RELAXED);
		rmc_ring_peers_rx_done(&PUB.n1);
		__atomic_fetch_add(&PUB.passes, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Wait until the poller has ended two polls: none still sees the old state. */
static int
publish_settle(uint64_t deadline)
{
	uint64_t p0 = __atomic_load_n(&PUB.passes, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&PUB.passes, __ATOMIC_ACQUIRE) < p0 + 2)
		if (rte_get_timer_cycles() > deadline)
			return -1;
	return 0;
}

static int
ring_peers_publish(void)
{
	size_t size = rmc_ringpair_memsize(ELEMS);
	struct sigaction sa, old_sa;
	struct rmc_ringpair decoy;
	struct rmc_proto_msg m;
	uint32_t lcores[RTE_MAX_LCORE];
	uint8_t *mem, *dmem, buf[64];
	unsigned int round, lcore;
	uint64_t deadline;
	rte_cpuset_t cs;
	pthread_t th;
	int ret = TEST_FAILED;

	mem = rte_zmalloc("t_pub", size, RTE_CACHE_LINE_SIZE);
	dmem = rte_zmalloc("t_pub_decoy", size, RTE_CACHE_LINE_SIZE);
	RMC_TEST_ASSERT(mem != NULL && dmem != NULL, "alloc");
	memset(&PUB, 0, sizeof(PUB));
	RMC_TEST_ASSERT(rmc_ringpair_init(mem, size, ELEMS, MAXP, 1, 0) == 0 &&
		rmc_ringpair_attach(mem, size, 1, 0, &PUB.pair) == 0 &&
		rmc_ringpair_init(dmem, size, ELEMS, MAXP, 1, 0) == 0 &&
		rmc_ringpair_attach(dmem, size, 1, 0, &decoy) == 0, "layout");
	RMC_TEST_ASSERT_EQ(rmc_ring_peers_init(&PUB.n1, 1, 2, MAXP), 0, "init");
	rmc_test_msg_build(&m, RMC_PROTO_REQ, 8, DECOY_TAG, buf);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = publish_signal;
	sa.sa_flags = SA_RESTART;
	RMC_TEST_ASSERT_EQ(sigaction(SIGUSR2, &sa, &old_sa), 0, "sigaction");
	RMC_TEST_ASSERT_EQ(pthread_create(&th, NULL, publish_poller, NULL), 0, "poller");
	/* On the CPU of a service (or worker) lcore, idle in this test. */
	if (rte_service_lcore_list(lcores, RTE_MAX_LCORE) > 0)
		lcore = lcores[0];
	else
		lcore = rte_get_next_lcore(-1, 1, 0);
	if (lcore < RTE_MAX_LCORE) {
		cs = rte_lcore_cpuset(lcore);
		pthread_setaffinity_np(th, sizeof(cs), &cs);
	}
	deadline = rte_get_timer_cycles() + PUB_TIME_S * rte_get_timer_hz();
	for (round = 0; round < PUB_ROUNDS && rte_get_timer_cycles() < deadline; round++) {
		/* Unpublished, the struct still names a pair: here, the decoy. */
		PUB.n1.peer[0].pair[RMC_RING_SERVER] = decoy;
		if (rte_ring_count(decoy.req) == 0 && rmc_ring_send(decoy.req, &m, 1) != 1)
			break;
		__atomic_store_n(&PUB.armed, 1, __ATOMIC_RELEASE);
		pthread_kill(th, SIGUSR2);
		while (__atomic_load_n(&PUB.armed, __ATOMIC_ACQUIRE) &&
				rte_get_timer_cycles() < deadline)
			rte_pause();
		if (publish_settle(deadline) < 0)
			break;
		rmc_ring_peers_unpublish(&PUB.n1, 0, RMC_RING_SERVER);
		if (publish_settle(deadline) < 0 ||
				__atomic_load_n(&PUB.decoys, __ATOMIC_RELAXED) != 0)
			break;
	}
	__atomic_store_n(&PUB.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	sigaction(SIGUSR2, &old_sa, NULL);
	printf("%u publications, %" PRIu64 " polls\n", round, PUB.passes);
	if (PUB.decoys != 0)
		printf("FAIL: a poll used the pair held before the publication (round %u)\n",
			round);
	else if (round < PUB_ROUNDS)
		printf("FAIL: only %u rounds in %u s\n", round, PUB_TIME_S);
	else if (PUB.received != 0)
		printf("FAIL: %" PRIu64 " messages from an empty pair\n", PUB.received);
	else
		ret = TEST_SUCCESS;
	rmc_ring_peers_fini(&PUB.n1);
	rte_free(mem);
	rte_free(dmem);
	return ret;
}
RMC_REGISTER_TEST(ring_peers_publish_autotest, ring_peers_publish,
	.suite = "fabric", .timeout = 240, .no_huge = 1);
