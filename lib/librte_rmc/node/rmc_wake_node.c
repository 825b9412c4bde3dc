/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's side of the wake protocol (common/rmc_wake.h): its wake page,
 * handed read-only to applications and peer RMCs; the RMC's sleep on it after
 * the adaptive policy's spin and yield phases; and waking it from the node's
 * own control side (quiescence, stop).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_proto.h"
#include "rmc_shm.h"
#include "rmc_wake.h"

/* While protocol requests are in flight: their time-outs need the loop. */
#define RMC_WAKE_BUSY_NS 100000ull

int
rmc_wake_node_create(struct rte_rmc_node *node)
{
	struct rmc_shm_seg seg;
	char name[64], path[64];
	int ret;

	snprintf(name, sizeof(name), "sonuma_%s_n%u_wake", node->cluster, node->pub.id);
	ret = rmc_shm_create(name, sizeof(struct rmc_wake_page), RTE_RMC_HUGE_OFF, &seg);
	if (ret < 0)
		return ret;
	/* Only an O_RDONLY description is ever handed out: no one else can write. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", seg.fd);
	node->wake_ro_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (node->wake_ro_fd < 0) {
		ret = -errno;
		rmc_shm_destroy(&seg);
		return ret;
	}
	close(seg.fd);
	node->wake_page = seg.addr;
	node->wake_size = seg.size;
	node->wake_sleep_max_ns = RMC_WAKE_SLEEP_MAX_NS;
	node->wake_page->node_id = node->pub.id;
	node->wake_page->membarrier = rmc_membarrier_supported();
	__atomic_store_n(&node->wake_page->magic, RMC_WAKE_PAGE_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

void
rmc_wake_node_destroy(struct rte_rmc_node *node)
{
	if (node->wake_page != NULL)
		munmap(node->wake_page, node->wake_size);
	node->wake_page = NULL;
	if (node->wake_ro_fd >= 0)
		close(node->wake_ro_fd);
	node->wake_ro_fd = -1;
}

void
rmc_wake_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	if (node->wake_ro_fd < 0)
		return rmc_reply_error(s->fd, m, -ENOTSUP, "node %u has no wake page",
			node->pub.id);
	m->result = 0;
	m->u.seg.map_size = node->wake_size;
	rmc_ctl_send(s->fd, m, node->wake_ro_fd);
}

void
rmc_drv_set_peer_wake(struct rte_rmc_node *node, int on)
{
	node->peer_wake = on;
}

void
rmc_drv_wake_rmc(struct rte_rmc_node *node)
{
	rmc_node_wake(node);
}

int
rmc_node_wake_fd(const struct rte_rmc_node *node)
{
	return node->wake_ro_fd;
}

/*
 * The node's own control side may write the word (it is the RMC's process):
 * clearing it before the wake-up makes a futex_wait() that has not started
 * yet return at once, so no wake-up from here is ever lost (requesters
 * outside the process cannot write it and repeat theirs instead).
 */
void
rmc_node_wake(struct rte_rmc_node *node)
{
	uint32_t one = 1;

	if (node->wake_page == NULL)
		return;
	/* The caller's store (token, stop request) before the load of asleep. */
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&node->wake_page->asleep, __ATOMIC_RELAXED) != 0 &&
			__atomic_compare_exchange_n(&node->wake_page->asleep, &one, 0, 0,
				__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		rmc_futex_wake_all(&node->wake_page->asleep);
}

/* How long the RMC may sleep now: 0 for a short nanosleep instead. */
static uint64_t
rmc_wake_bound(struct rte_rmc_node *node)
{
	if (node->wake_page == NULL)
		return 0;
	if (node->proto == NULL)
		return __atomic_load_n(&node->wake_sleep_max_ns, __ATOMIC_RELAXED);
	if (rmc_proto_busy(node))
		return 0;
	if ((node->drv->flags & RMC_DRV_F_PEER_WAKE) || node->peer_wake)
		return __atomic_load_n(&node->wake_sleep_max_ns, __ATOMIC_RELAXED);
	/* Reset to 0 by rmc_idle() at work: a new idle period starts short. */
	node->wake_poll_ns = node->wake_poll_ns == 0 ? RMC_WAKE_POLL_NS :
		RTE_MIN(2 * node->wake_poll_ns, RMC_WAKE_POLL_MAX_NS);
	return node->wake_poll_ns;
}

/* The RMC is awake: say so on its wake page and wherever its driver says it too. */
static void
rmc_wake_awake(struct rte_rmc_node *node)
{
	__atomic_store_n(&node->wake_page->asleep, 0, __ATOMIC_RELEASE);
	if (node->drv->sleep != NULL)
		node->drv->sleep(node, 0);
}

int
rmc_wake_prepare(struct rte_rmc_node *node)
{
	const struct timespec busy = { .tv_sec = 0, .tv_nsec = RMC_WAKE_BUSY_NS };

	node->wake_bound = rmc_wake_bound(node);
	if (node->wake_bound == 0) {
		nanosleep(&busy, NULL);
		return 0;
	}
	__atomic_store_n(&node->wake_page->asleep, 1, __ATOMIC_RELAXED);
	if (node->drv->sleep != NULL)
		node->drv->sleep(node, 1); /* the same word, where other peers read it */
	/* Store-load: asleep is visible before the last look at the queues. */
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	/*
	 * And the requesters' half of it, for those that leave it to us
	 * (rmc_wake.h). Not for a poll interval: even at 10 ms (100 calls a
	 * second) it cost an idle eth node 0.2 to 0.3 % of a CPU more on the
	 * 2-CPU test VM (the IPIs), doubling its idle cost; a wake-up missed
	 * that way waits for that interval (10 ms at most), as a peer's request
	 * does anyway.
	 */
	if (node->wake_page->membarrier && node->wake_bound > RMC_WAKE_POLL_MAX_NS &&
			rmc_membarrier_global() < 0) {
		/* Cannot stand for their fences: stay awake, polling. */
		rmc_wake_awake(node);
		nanosleep(&busy, NULL);
		return 0;
	}
	return 1;
}

void
rmc_wake_finish(struct rte_rmc_node *node, int found_work)
{
	struct rmc_wake_page *wp = node->wake_page;
	int ret;

	if (found_work) {
		rmc_wake_awake(node);
		/* The adaptive policy starts again: spin, then yield. */
		node->idle_since = 0;
		node->idle_spinning = 1;
		return;
	}
	/*
	 * Past the last look: a request published from here on is found only if
	 * its wake-up ends the sleep (the wake tests wait for this count).
	 */
	__atomic_store_n(&node->wake_committed, node->wake_committed + 1, __ATOMIC_RELEASE);
	ret = rmc_futex_wait(&wp->asleep, 1, node->wake_bound);
	rmc_wake_awake(node);
	/* Statistics: one writer, plain stores. */
	__atomic_store_n(&wp->sleeps, wp->sleeps + 1, __ATOMIC_RELAXED);
	if (ret != -ETIMEDOUT)
		__atomic_store_n(&wp->wakeups, wp->wakeups + 1, __ATOMIC_RELAXED);
}
