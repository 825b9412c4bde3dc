/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The protocol's recovery, made deterministic over the "test_fault" driver
 * (test_proto_fault.h), which duplicates every request, or drops the first
 * reply to every request (to one chunk of a large one), or replays an old
 * request long after, or swallows everything. Atomics and write chunks must
 * be applied exactly once in every case, a message of an older epoch is not
 * served, a destination that never answers gives node-down, and a peer of
 * another protocol version is refused.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_spinlock.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "test_proto_fault.h"

static int
dup_requests(void)
{
	struct rte_rmc_fabric_stats s0, s1;
	struct fault_env e;
	uint8_t *l;
	uint64_t old;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_dup", 0) == 0, "cluster");
	F.dup_requests = 1;
	RMC_TEST_ASSERT(faa_run(&e, 0, 0, 100) == TEST_SUCCESS, "faa with duplicates");
	/* CAS too: the duplicate of a successful CAS must not fail it afterwards. */
	e.remote[1] = 5;
	for (i = 0; i < 50; i++) {
		RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(e.qp, &e.lb, 0, 1, 0, 8, 5 + i, 6 + i,
			&old, 0), RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT_EQ(old, 5 + i, "cas %u", i);
	}
	RMC_TEST_ASSERT_EQ(e.remote[1], 55, "every cas applied once");
	/* Writes and reads of many chunks, each chunk delivered twice. */
	l = e.lb.addr;
	for (i = 0; i < 40000; i++)
		l[i] = (uint8_t)(i * 13);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 4096, 40000, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp((uint8_t *)e.remote + 4096, l, 40000) == 0, "write");
	memset(l, 0, 40000);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 4096, 40000, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp((uint8_t *)e.remote + 4096, l, 40000) == 0, "read");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &s0) == 0 &&
		rte_rmc_node_fabric_stats(e.c.node[1], &s1) == 0, "stats");
	/* At least: a resend after a scheduling hiccup adds its own duplicate. */
	RMC_TEST_ASSERT(s1.dup_replayed >= 150, "every duplicated atomic answered from the "
		"window (%" PRIu64 ")", s1.dup_replayed);
	RMC_TEST_ASSERT(s0.rep_stale > 0, "duplicate replies dropped by the requester");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_dup_autotest, dup_requests,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

static int
lost_replies(void)
{
	struct rte_rmc_fabric_stats s0, s1;
	struct fault_env e;
	uint8_t *l;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_lostrep", 0) == 0, "cluster");
	F.drop_first_reply = 1;
	/* Each FAA is applied, its reply lost, the request resent and answered from the window. */
	RMC_TEST_ASSERT(faa_run(&e, 2, 0, 60) == TEST_SUCCESS, "faa with lost replies");
	l = e.lb.addr;
	for (i = 0; i < 20000; i++)
		l[i] = (uint8_t)(i * 3);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 8192, 20000, 0),
		RTE_RMC_STATUS_OK);
	memset(l, 0, 20000);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 8192, 20000, 0),
		RTE_RMC_STATUS_OK);
	for (i = 0; i < 20000; i++)
		RMC_TEST_ASSERT_EQ(l[i], (uint8_t)(i * 3), "byte %u", i);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &s0) == 0 &&
		rte_rmc_node_fabric_stats(e.c.node[1], &s1) == 0, "stats");
	RMC_TEST_ASSERT(s1.dup_replayed >= 60, "each atomic replayed, applied once (%" PRIu64 ")",
		s1.dup_replayed);
	/* 60 atomics and one chunk of the write and of the read lost a reply each. */
	RMC_TEST_ASSERT(s0.req_resent >= 60 + 2, "requests resent after their time-out (%" PRIu64
		")", s0.req_resent);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_lost_reply_autotest, lost_replies,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* An old copy of an atomic, delivered after its ITT slot moved on, is not applied. */
static int
stale_copy(void)
{
	struct rte_rmc_fabric_stats before, after;
	struct fault_env e;
	uint64_t value;

	RMC_TEST_ASSERT(fault_start(&e, "t_stale", 0) == 0, "cluster");
	/* Enough atomics that every ITT slot is used again with a newer generation. */
	RMC_TEST_ASSERT(faa_run(&e, 3, 0, 2100) == TEST_SUCCESS, "faa");
	RMC_TEST_ASSERT(F.have_captured, "first request captured");
	value = e.remote[3];
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &before) == 0, "stats");
	rte_spinlock_lock(&F.lock);
	fault_push(1, &F.captured);
	rte_spinlock_unlock(&F.lock);
	/* A request after it on the same queue: once done, the stray copy was handled. */
	RMC_TEST_ASSERT(faa_run(&e, 4, 0, 1) == TEST_SUCCESS, "next faa");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &after) == 0, "stats");
	RMC_TEST_ASSERT_EQ(e.remote[3], value, "the stray copy was not applied");
	RMC_TEST_ASSERT_EQ((after.bad_msg + after.dup_replayed) -
		(before.bad_msg + before.dup_replayed), 1, "the stray copy was recognised");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_stale_copy_autotest, stale_copy,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A copy of write W1 delayed until after W1 completed and W2 wrote the same
 * bytes: applying it would undo W2. The destination applies a write chunk at
 * most once, so the bytes stay W2's.
 */
static int
stale_write(void)
{
	struct rte_rmc_fabric_stats before, after;
	uint8_t *l, *r, want[256];
	struct fault_env e;

	RMC_TEST_ASSERT(fault_start(&e, "t_stalew", 0) == 0, "cluster");
	l = e.lb.addr;
	r = (uint8_t *)e.remote + 8192;
	memset(l, 0x11, sizeof(want));
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 8192, sizeof(want), 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(F.have_captured_w, "W1 captured");
	memset(l, 0x22, sizeof(want));
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 8192, sizeof(want), 0),
		RTE_RMC_STATUS_OK);
	memset(want, 0x22, sizeof(want));
	RMC_TEST_ASSERT(memcmp(r, want, sizeof(want)) == 0, "W2 written");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &before) == 0, "stats");
	fault_replay(&F.captured_w);
	/* A request after it on the same queue: once done, the stale copy was handled. */
	RMC_TEST_ASSERT(faa_run(&e, 7, 0, 1) == TEST_SUCCESS, "next faa");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &after) == 0, "stats");
	RMC_TEST_ASSERT(memcmp(r, want, sizeof(want)) == 0,
		"the bytes are W2's after the stale copy of W1 (first byte 0x%02x)", r[0]);
	RMC_TEST_ASSERT_EQ((after.bad_msg + after.dup_replayed) -
		(before.bad_msg + before.dup_replayed), 1, "the stale copy was recognised");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_stale_write_autotest, stale_write,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A message of the requester's previous life (an older epoch) is not served
 * and leaves the window of the current one: a copy of an applied FAA that
 * follows it is still answered from the window, not applied again.
 */
static int
old_epoch(void)
{
	struct rte_rmc_fabric_stats before, after;
	struct fault_msg old;
	struct fault_env e;

	RMC_TEST_ASSERT(fault_start(&e, "t_oldep", 0) == 0, "cluster");
	RMC_TEST_ASSERT(faa_run(&e, 5, 0, 1) == TEST_SUCCESS, "faa");
	RMC_TEST_ASSERT(F.have_captured, "first request captured");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &before) == 0, "stats");
	old = F.captured;
	old.hdr.src_epoch--;
	fault_replay(&old);
	fault_replay(&F.captured);
	RMC_TEST_ASSERT(faa_run(&e, 6, 0, 1) == TEST_SUCCESS, "next faa");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &after) == 0, "stats");
	RMC_TEST_ASSERT_EQ(e.remote[5], 1, "the FAA applied once, whatever copies followed");
	RMC_TEST_ASSERT_EQ(after.bad_msg - before.bad_msg, 1, "the old-epoch copy not served");
	RMC_TEST_ASSERT_EQ(after.dup_replayed - before.dup_replayed, 1,
		"the current copy answered from the window");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_old_epoch_autotest, old_epoch,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* A destination that never answers: node-down after the protocol time-out. */
static int
black_hole(void)
{
	struct rte_rmc_fabric_stats st;
	struct timespec t0, t1;
	struct fault_env e;
	double ms;

	RMC_TEST_ASSERT(fault_start(&e, "t_hole", 200) == 0, "cluster");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_OK);
	F.black_hole = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e.qp, &e.lb, 0, 1, 0, 0, 1, NULL, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("two requests to a silent node failed with node-down in %.0f ms "
		"(time-out 200 ms each)\n", ms);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &st) == 0 && st.node_down == 2,
		"counted");
	F.black_hole = 0;
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_black_hole_autotest, black_hole,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* A peer that speaks another protocol version is refused at hello, both versions named. */
static int
version_refused(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[PATH_MAX], want[RMC_CTL_TEXT_MAX];
	struct rmc_ctl_msg m;
	struct fault_env e;
	int fd, ret;

	RMC_TEST_ASSERT(fault_start(&e, "t_version", 0) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_cluster_dir(e.c.name, dir, sizeof(dir)) == 0, "dir");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/node0.sock", dir);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	RMC_TEST_ASSERT(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0,
		"connect to %s", sa.sun_path);
	rmc_ctl_init(&m, RMC_CTL_HELLO);
	snprintf(m.u.hello.cluster, sizeof(m.u.hello.cluster), "%s", e.c.name);
	m.u.hello.pid = getpid();
	m.u.hello.role = RMC_ROLE_PEER;
	m.u.hello.node_id = 1;
	m.u.hello.node_count = 2;
	snprintf(m.u.hello.driver, sizeof(m.u.hello.driver), "test_fault");
	m.u.hello.proto_version = RMC_PROTO_VERSION + 1;
	ret = rmc_ctl_call(fd, &m, -1, NULL);
	close(fd);
	RMC_TEST_ASSERT(ret == 0, "an answer (%d)", ret);
	RMC_TEST_ASSERT_EQ(m.result, -EPROTO, "refused");
	snprintf(want, sizeof(want), "node 0 speaks version %u, node 1 speaks %u",
		RMC_PROTO_VERSION, RMC_PROTO_VERSION + 1);
	printf("refusal: %s\n", m.u.text);
	RMC_TEST_ASSERT(strstr(m.u.text, want) != NULL, "both versions named: '%s'", m.u.text);
	/* The node serves on: its own session still completes a request. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_version_refused_autotest, version_refused,
	.suite = "reliability", .timeout = 60, .no_huge = 1);
