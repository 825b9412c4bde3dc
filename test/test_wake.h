/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TEST_WAKE_H_
#define _TEST_WAKE_H_

/*
 * Helpers of the tests that watch a sleeping RMC woken on demand
 * (test_wake.c, test_xen_wake.c): they read the node's private state.
 */

#include <stdint.h>
#include <stdio.h>

#include "rmc_private.h"

/* What a test waits for at most, in ns. */
#define WAKE_TEST_DEADLINE_NS 30000000000ull
/*
 * The RMC's sleep bound while a test checks that wake-ups end its sleeps: an
 * hour, far past DEADLINE_NS, so that no stall of the test thread between
 * seeing the RMC asleep and posting can let the sleep end by its bound (which
 * would leave nothing to wake and fail the check). Stopping the node ends it.
 */
#define WAKE_TEST_LONG_SLEEP_NS 3600000000000ull

/*
 * A failed check after the cluster started: say it, set ret to TEST_FAILED and
 * go to the caller's 'out' label, which stops the cluster.
 */
#define CHECK(cond, fmt, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: %s: " fmt "\n", __FILE__, __LINE__, #cond, ##__VA_ARGS__); \
		ret = TEST_FAILED; \
		goto out; \
	} \
} while (0)

uint64_t wake_test_now_ns(void);

/* The test EAL's service lcore, as a worker lcore for rte_rmc_node_launch(). */
int wake_test_worker_lcore(void);

/*
 * Wait until the node's RMC sleeps on its wake page: a sleep in progress and
 * past the RMC's last look at its queues (asleep alone is set before that
 * look, which would find a request posted then without any wake-up). 0 with
 * the wake-ups counted so far, or -1.
 */
int wake_test_wait_asleep(struct rte_rmc_node *node, uint64_t *wakeups);

/*
 * The RMC's futex sleeps last at most 'ns': long in the wake-up checks, so
 * that a sleep cannot end by its time bound between wake_test_wait_asleep()
 * and the post (that would leave nothing to wake). A sleep begun under the
 * old bound is ended at once, so the new one holds from the next sleep on.
 */
void wake_test_sleep_bound(struct rte_rmc_node *node, uint64_t ns);

/* 1 when the RMC's sleep ended by a wake-up after 'before' (read at its sleep). */
int wake_test_woken_since(struct rte_rmc_node *node, uint64_t before);

/* A node configuration with the adaptive idle policy and this driver. */
void wake_test_conf_adaptive(struct rte_rmc_node_conf *nc, const char *driver);

/*
 * Read word 7 of node 1's context 0 into lb, this thread running node 0's RMC
 * (rte_rmc_node_poll()) until the completion comes; 0 if it is OK and 'want'.
 */
int wake_test_read_polled(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		struct rte_rmc_node *node0, uint64_t want);

#endif /* _TEST_WAKE_H_ */
