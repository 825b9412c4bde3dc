/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * PGAS synchronisation: the barrier and wait-until. The barrier keeps
 * arrivals in each node's bootstrap context, one word per source node: at
 * its k-th barrier node j writes k into word j of every node (a write that
 * completes only once applied), then waits until each word of its own node
 * reaches k. Each node waits on its own memory only, so a participant that
 * leaves right after the last barrier takes nothing from the others; the
 * bootstrap context goes with the node's last handle, so a rerun counts
 * from zero; a word that stays behind names the participant that did not
 * come. Writing k (not adding 1) makes an arrival idempotent: a waiting
 * participant writes its arrival again now and then, which repairs one that
 * landed in a bootstrap context removed just after (the previous run's, not
 * yet reaped by its node when this run's first arrival came).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rmc_app.h"
#include "rmc_common.h"
#include "rmc_log.h"
#include "rmc_pgas_priv.h"

int
rmc_pgas_cmp_true(uint64_t v, enum rte_rmc_pgas_cmp cmp, uint64_t value)
{
	switch (cmp) {
	case RTE_RMC_PGAS_CMP_EQ:
		return v == value;
	case RTE_RMC_PGAS_CMP_NE:
		return v != value;
	case RTE_RMC_PGAS_CMP_GT:
		return v > value;
	case RTE_RMC_PGAS_CMP_GE:
		return v >= value;
	case RTE_RMC_PGAS_CMP_LT:
		return v < value;
	case RTE_RMC_PGAS_CMP_LE:
		return v <= value;
	}
	return 0;
}

int
rte_rmc_pgas_wait_until(struct rte_rmc_pgas *p, const volatile uint64_t *addr,
		enum rte_rmc_pgas_cmp cmp, uint64_t value, uint32_t timeout_ms)
{
	uint64_t deadline = rmc_now_ns() + (uint64_t)rmc_pgas_timeout(timeout_ms) * 1000000;
	uint32_t round = 0;

	if (p == NULL || addr == NULL || ((uintptr_t)addr & 7) != 0 ||
			(unsigned int)cmp > RTE_RMC_PGAS_CMP_LE)
		return -EINVAL;
	while (!rmc_pgas_cmp_true(__atomic_load_n(addr, __ATOMIC_ACQUIRE), cmp, value)) {
		if (rmc_now_ns() > deadline)
			return -ETIMEDOUT;
		rmc_pgas_progress(p);
		rmc_pgas_backoff(&round);
	}
	return 0;
}

/*
 * A request on node nid's bootstrap context. It exists once its participant
 * opened a handle: until then BAD_CTX, and we retry until the deadline.
 */
int
rmc_pgas_boot_exec(struct rte_rmc_pgas *p, uint8_t op, uint16_t nid, uint64_t off,
		void *buf, uint64_t len, uint64_t add, uint64_t deadline)
{
	uint32_t round = 0;
	int st;

	for (;;) {
		st = rmc_pgas_exec(p, op, nid, RTE_RMC_PGAS_BOOT_CTX, off, buf, len, add, 0,
			NULL);
		if (st == RTE_RMC_STATUS_OK)
			return 0;
		if (st == RTE_RMC_STATUS_NODE_DOWN) {
			RMC_LOG(ERR, "PGAS: node %u is down", nid);
			return -EHOSTDOWN;
		}
		if (st != RTE_RMC_STATUS_BAD_CTX) {
			RMC_LOG(ERR, "PGAS: request to node %u failed: %s", nid,
				st < 0 ? strerror(-st) : rte_rmc_strerror(st));
			return st < 0 ? st : -EIO;
		}
		if (rmc_now_ns() > deadline) {
			RMC_LOG(ERR, "PGAS: node %u has no participant (no handle open there)",
				nid);
			return -ETIMEDOUT;
		}
		rmc_pgas_backoff(&round);
	}
}

/* Names of the nodes whose arrival count is below 'epoch', into buf. */
static void
rmc_pgas_missing(const struct rte_rmc_pgas *p, uint64_t epoch, char *buf, size_t len)
{
	const volatile uint64_t *arr = p->boot.addr;
	size_t o = 0;
	uint16_t j;

	buf[0] = '\0';
	for (j = 0; j < p->n && o < len; j++)
		if (__atomic_load_n(&arr[j], __ATOMIC_ACQUIRE) < epoch)
			o += snprintf(buf + o, len - o, "%s%u", o ? "," : "", j);
}

/* Write our arrival again on every node; a down node ends the barrier. */
static int
rmc_pgas_rearrive(struct rte_rmc_pgas *p)
{
	uint16_t nid;
	int st;

	for (nid = 0; nid < p->n; nid++) {
		st = rmc_pgas_exec(p, RTE_RMC_OP_WRITE, nid, RTE_RMC_PGAS_BOOT_CTX,
			RMC_PGAS_BOOT_ARR(p->me), &p->epoch, 8, 0, 0, NULL);
		if (st == RTE_RMC_STATUS_NODE_DOWN) {
			RMC_LOG(ERR, "barrier %" PRIu64 ": node %u is down", p->epoch, nid);
			return -EHOSTDOWN;
		}
	}
	return 0;
}

/* Wait for every node's arrival on our own node; a down node ends it early. */
static int
rmc_pgas_gather(struct rte_rmc_pgas *p, uint64_t epoch, uint64_t deadline, uint32_t ms)
{
	const volatile uint64_t *arr = p->boot.addr;
	uint64_t next_check = rmc_now_ns() + 50000000ull;
	uint32_t round = 0;
	char who[128];
	uint16_t j = 0;

	while (j < p->n) {
		if (__atomic_load_n(&arr[j], __ATOMIC_ACQUIRE) >= epoch) {
			j++;
			continue;
		}
		if (rmc_now_ns() > next_check) {
			next_check = rmc_now_ns() + 50000000ull;
			if (rte_rmc_peer_is_up(p->s, j) == 0) {
				RMC_LOG(ERR, "barrier %" PRIu64 ": node %u is down", epoch, j);
				return -EHOSTDOWN;
			}
			if (rmc_pgas_rearrive(p) < 0)
				return -EHOSTDOWN;
		}
		if (rmc_now_ns() > deadline) {
			rmc_pgas_missing(p, epoch, who, sizeof(who));
			RMC_LOG(ERR, "barrier %" PRIu64 ": node(s) %s did not arrive within %u ms "
				"(participant dead, stuck, or not running this barrier)", epoch, who,
				ms);
			return -ETIMEDOUT;
		}
		rmc_pgas_progress(p);
		rmc_pgas_backoff(&round);
	}
	return 0;
}

int
rte_rmc_pgas_barrier(struct rte_rmc_pgas *p, uint32_t timeout_ms)
{
	uint32_t ms = rmc_pgas_timeout(timeout_ms);
	uint64_t deadline = rmc_now_ns() + (uint64_t)ms * 1000000;
	int qst, ret = 0;
	uint16_t nid;

	if (p == NULL)
		return -EINVAL;
	if (p->broken)
		return -EPIPE;
	/* Everything issued before the barrier is complete before we arrive. */
	qst = rte_rmc_pgas_quiet(p);
	p->epoch++;
	for (nid = 0; nid < p->n && ret == 0; nid++)
		ret = rmc_pgas_boot_exec(p, RTE_RMC_OP_WRITE, nid, RMC_PGAS_BOOT_ARR(p->me),
			&p->epoch, 8, 0, deadline);
	if (ret == 0)
		ret = rmc_pgas_gather(p, p->epoch, deadline, ms);
	if (ret < 0) {
		p->broken = 1;
		return ret;
	}
	return qst;
}
