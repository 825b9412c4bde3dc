/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Teardown and late answers over the "test_fault" driver
 * (test_proto_fault.h), which holds a request or its reply until the test
 * lets it go: a dead application's QP and buffer drain in the background
 * while others attach; a timed-out synchronous call's late completion is
 * never taken for a newer request's; a late reply lands nowhere but the
 * buffer the node kept for it.
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

/*
 * An application dies with a read held by its peer: its QP and buffer drain
 * in the background. Before the read is let go, another application attaches
 * and completes a request, and the dead one's buffer is still mapped (the
 * late reply may still be copied into it); after, all of it is freed.
 */
static int
dead_app_draining(void)
{
	struct rte_rmc_lbuf la, lb;
	struct rte_rmc_session *a, *b;
	struct rte_rmc_qp *qa, *qb;
	struct rte_rmc_usage u;
	struct fault_env e;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_dead", 60000) == 0, "cluster");
	a = rte_rmc_attach("t_dead", 0, NULL);
	RMC_TEST_ASSERT(a != NULL && rte_rmc_lbuf_register(a, 1 << 16, &la) == 0, "app a");
	qa = rte_rmc_qp_create(a, 16);
	RMC_TEST_ASSERT(qa != NULL, "qp a");
	for (i = 0; i < 4096; i++)
		((uint8_t *)e.remote)[i] = (uint8_t)(i * 7);
	F.hold = 1;
	RMC_TEST_ASSERT(rte_rmc_read(qa, &la, 0, 1, 0, 0, 4096, 1, 0) >= 0, "read posted");
	for (i = 0; i < 100000 && !__atomic_load_n(&F.have_held, __ATOMIC_ACQUIRE); i++)
		rte_delay_us_sleep(100);
	RMC_TEST_ASSERT(F.have_held, "the read reached the fabric and is held");
	rte_rmc_detach(a); /* gone with its read in flight */
	b = rte_rmc_attach("t_dead", 0, NULL);
	RMC_TEST_ASSERT(b != NULL && rte_rmc_lbuf_register(b, 1 << 16, &lb) == 0, "app b");
	qb = rte_rmc_qp_create(b, 16);
	RMC_TEST_ASSERT(qb != NULL, "qp b");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qb, &lb, 0, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(lb.addr, e.remote, 4096) == 0, "b read the data");
	RMC_TEST_ASSERT(rte_rmc_node_usage_get(e.c.node[0], &u) == 0, "usage");
	printf("while a's read is held: %u QP(s) and %u buffer(s) draining\n",
		u.qps_draining, u.lbufs_draining);
	RMC_TEST_ASSERT_EQ(u.qps_draining, 1, "a's QP drains");
	RMC_TEST_ASSERT_EQ(u.lbufs_draining, 1, "a's buffer is still mapped while its read "
		"may land in it");
	rte_spinlock_lock(&F.lock);
	F.hold = 0;
	rte_spinlock_unlock(&F.lock);
	RMC_TEST_ASSERT(wait_drained(e.c.node[0], &u) == 0, "a's QP and buffer freed once its "
		"read completed (%u QPs, %u buffers draining)", u.qps_draining,
		u.lbufs_draining);
	RMC_TEST_ASSERT_EQ(u.lbufs, 2, "the buffers of e and b remain");
	RMC_TEST_ASSERT_EQ(u.qps, 2, "the QPs of e and b remain");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qb, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	rte_rmc_detach(b);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(teardown_draining_autotest, dead_app_draining,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A sync call times out while its read is held: its WQ slot is not used again
 * until the late completion is back, which is then dropped, never returned
 * as the completion of the next request on that slot.
 */
static int
late_completion(void)
{
	struct fault_env e;
	uint64_t old;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_late", 60000) == 0, "cluster");
	e.remote[16] = 1000;
	F.hold = 1;
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 20000),
		RTE_RMC_STATUS_TIMED_OUT);
	/*
	 * The 20 ms may end before the RMC took the read (a loaded machine,
	 * valgrind): the read is still posted, and reaches the fabric later.
	 */
	for (i = 0; i < 100000 && !__atomic_load_n(&F.have_held, __ATOMIC_ACQUIRE); i++)
		rte_delay_us_sleep(100);
	RMC_TEST_ASSERT(F.have_held, "the read is held by the fabric");
	/* Slots 1..15: served at once. */
	for (i = 1; i < 16; i++) {
		RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e.qp, &e.lb, 64, 1, 0, 128, 1, &old, 0),
			RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT_EQ(old, 1000 + i - 1, "faa on slot %u", i);
	}
	/* Slot 0 again: still the timed-out read's, so nothing is posted on it. */
	RMC_TEST_ASSERT(rte_rmc_faa(e.qp, &e.lb, 64, 1, 0, 128, 1, 77, 0) == -ENOSPC,
		"the slot of a request still in the RMC is not reused");
	RMC_TEST_ASSERT_EQ(e.remote[16], 1015, "nothing more applied");
	rte_spinlock_lock(&F.lock);
	F.hold = 0;
	rte_spinlock_unlock(&F.lock);
	/* Waits for the slot (the late read completes), then uses it. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e.qp, &e.lb, 64, 1, 0, 128, 1, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 1015, "the faa got its own completion, not the late read's");
	RMC_TEST_ASSERT_EQ(e.remote[16], 1016, "applied once");
	RMC_TEST_ASSERT_EQ(rte_rmc_qp_outstanding(e.qp), 0, "nothing left outstanding");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(late_completion_autotest, late_completion,
	.suite = "fabric", .timeout = 120, .no_huge = 1, .memcheck = 1);

/*
 * A read's reply, held by the transport while its application detaches or,
 * with 'free_only', frees the buffer while its QP lives (RMC_CTL_LBUF_FREE,
 * as a hostile application may); another session registers a buffer and
 * fills it with a sentinel. The late reply must land nowhere else: no crash,
 * the other session's buffer unchanged; it lands in the buffer the node
 * keeps, draining, for the request, or the request is aborted.
 */
static int
late_reply(int free_only)
{
	struct rte_rmc_fabric_stats before, after;
	struct rte_rmc_session *s2 = NULL;
	struct rte_rmc_lbuf lb2;
	struct rmc_ctl_msg m;
	struct rte_rmc_usage u;
	struct fault_env e;
	uint32_t i, n;
	uint8_t *b;

	RMC_TEST_ASSERT(fault_start(&e, "t_late", 60000) == 0, "cluster");
	memset(e.remote, 0xab, 8192);
	F.hold_replies = 1;
	RMC_TEST_ASSERT(rte_rmc_read(e.qp, &e.lb, 0, 1, 0, 0, 4096, 1, 0) == 0, "read posted");
	for (i = 0; i < 60000 && __atomic_load_n(&F.nb_held, __ATOMIC_ACQUIRE) == 0; i++)
		rte_delay_ms(1);
	RMC_TEST_ASSERT(F.nb_held > 0, "the reply is held");
	if (free_only) {
		/* Freed with the request still in flight. */
		rmc_ctl_init(&m, RMC_CTL_LBUF_FREE);
		m.u.seg.id = e.lb.id;
		RMC_TEST_ASSERT(rmc_ctl_call(e.c.sess[0]->fd, &m, -1, NULL) == 0 &&
			m.result == 0, "buffer freed (%d)", m.result);
	} else {
		/* The owner goes with its request in flight. */
		rmc_test_cluster_detach(&e.c, 0);
	}
	/*
	 * Teardown is asynchronous: the buffer is withdrawn at once and kept,
	 * draining, while a request of its owner may still use it.
	 */
	do {
		rte_delay_ms(10);
		RMC_TEST_ASSERT(rte_rmc_node_usage_get(e.c.node[0], &u) == 0, "usage");
	} while (u.lbufs_draining != 1 || u.apps != (free_only ? 1u : 0u));
	s2 = rte_rmc_attach(e.c.name, 0, NULL);
	RMC_TEST_ASSERT(s2 != NULL, "second application attached");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(s2, 1 << 16, &lb2) == 0, "its buffer");
	b = lb2.addr;
	memset(b, 0x5a, 1 << 16);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &before) == 0, "stats");
	rte_spinlock_lock(&F.lock);
	n = F.nb_held;
	for (i = 0; i < n; i++)
		fault_push(0, F.held[i]);
	rte_spinlock_unlock(&F.lock);
	/* Handled once counted, as received (late ones: stale) or aborted. */
	do {
		rte_delay_ms(1);
		RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &after) == 0, "stats");
	} while (after.rep_recv + after.rep_stale + after.bad_msg <
		before.rep_recv + before.rep_stale + before.bad_msg + n);
	for (i = 0; i < 1u << 16; i++)
		RMC_TEST_ASSERT_EQ(b[i], 0x5a, "byte %u of the other application's buffer", i);
	/* It landed in the buffer kept for it, or was aborted: nowhere else. */
	RMC_TEST_ASSERT_EQ(after.rep_recv - before.rep_recv, 1, "the reply was taken once");
	printf("late reply: %s\n", after.rep_aborted > before.rep_aborted ?
		"the request aborted" : "landed in the buffer kept for it");
	rte_rmc_detach(s2);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}

static int
late_reply_detached(void)
{
	return late_reply(0);
}
RMC_REGISTER_TEST(proto_late_reply_autotest, late_reply_detached,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
late_reply_freed(void)
{
	return late_reply(1);
}
RMC_REGISTER_TEST(proto_late_reply_freed_autotest, late_reply_freed,
	.suite = "reliability", .timeout = 120, .no_huge = 1);
