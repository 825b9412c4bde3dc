/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Helpers of the wake-up tests (test_wake.h). */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_lcore.h>
#include <rte_service.h>

#include "rmc_private.h"
#include "rmc_wake.h"
#include "test_wake.h"

#define DEADLINE_NS WAKE_TEST_DEADLINE_NS

uint64_t
wake_test_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int
wake_test_worker_lcore(void)
{
	unsigned int lc;

	/* rte_get_next_lcore() lists worker lcores only: look at the roles. */
	for (lc = 0; lc < RTE_MAX_LCORE; lc++)
		if (lc != rte_get_main_lcore() && (rte_lcore_has_role(lc, ROLE_RTE) ||
				rte_lcore_has_role(lc, ROLE_SERVICE)))
			break;
	if (lc >= RTE_MAX_LCORE)
		return -1;
	if (rte_lcore_has_role(lc, ROLE_SERVICE)) {
		rte_service_lcore_stop(lc);
		if (rte_service_lcore_del(lc) < 0)
			return -1;
	}
	return (int)lc;
}

int
wake_test_wait_asleep(struct rte_rmc_node *node, uint64_t *wakeups)
{
	struct rmc_wake_page *wp = node->wake_page;
	uint64_t deadline = wake_test_now_ns() + DEADLINE_NS;
	const struct timespec ms = { .tv_sec = 0, .tv_nsec = 1000000 };

	while (wake_test_now_ns() < deadline) {
		/*
		 * A sleep past the last look and not ended: committed counts the
		 * sleeps begun, sleeps those ended (one writer each, in that order).
		 * It may have begun before this call: with a long bound it lasts.
		 */
		if (__atomic_load_n(&node->wake_committed, __ATOMIC_ACQUIRE) >
				__atomic_load_n(&wp->sleeps, __ATOMIC_ACQUIRE) &&
				__atomic_load_n(&wp->asleep, __ATOMIC_ACQUIRE)) {
			/* Written when a sleep ends: not while this one lasts. */
			*wakeups = __atomic_load_n(&wp->wakeups, __ATOMIC_ACQUIRE);
			return 0;
		}
		nanosleep(&ms, NULL);
	}
	printf("the RMC of node %u never slept\n", node->pub.id);
	return -1;
}

void
wake_test_sleep_bound(struct rte_rmc_node *node, uint64_t ns)
{
	__atomic_store_n(&node->wake_sleep_max_ns, ns, __ATOMIC_RELAXED);
	rmc_node_wake(node);
}

int
wake_test_woken_since(struct rte_rmc_node *node, uint64_t before)
{
	uint64_t deadline = wake_test_now_ns() + DEADLINE_NS;
	const struct timespec us = { .tv_sec = 0, .tv_nsec = 100000 };

	/* The counter is written after the RMC returns from the futex. */
	while (wake_test_now_ns() < deadline) {
		if (__atomic_load_n(&node->wake_page->wakeups, __ATOMIC_ACQUIRE) > before)
			return 1;
		nanosleep(&us, NULL); /* only a failing test waits long: spare the CPU */
	}
	return 0;
}

void
wake_test_conf_adaptive(struct rte_rmc_node_conf *nc, const char *driver)
{
	memset(nc, 0, sizeof(*nc));
	nc->idle = RTE_RMC_IDLE_ADAPTIVE;
	nc->driver = driver;
}

int
wake_test_read_polled(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		struct rte_rmc_node *node0, uint64_t want)
{
	uint64_t deadline = wake_test_now_ns() + DEADLINE_NS, v;
	struct rte_rmc_completion cpl;

	if (rte_rmc_read(qp, lb, 0, 1, 0, 56, 8, want, 0) < 0) {
		printf("post refused\n");
		return -1;
	}
	while (rte_rmc_poll(qp, &cpl, 1) == 0) {
		if (wake_test_now_ns() >= deadline) {
			printf("no completion\n");
			return -1;
		}
		rte_rmc_node_poll(node0);
	}
	memcpy(&v, lb->addr, 8);
	if (cpl.status != RTE_RMC_STATUS_OK || v != want) {
		printf("status %u, read back %" PRIx64 "\n", cpl.status, v);
		return -1;
	}
	return 0;
}

