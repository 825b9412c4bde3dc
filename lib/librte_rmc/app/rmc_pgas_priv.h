/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_PGAS_PRIV_H_
#define _RMC_PGAS_PRIV_H_

/*
 * The PGAS layer's handle (rte_rmc_pgas.h). Layers, lowest first:
 * rmc_pgas_rma.c (requests on the handle's QP, the bounce buffer),
 * rmc_pgas_sync.c (barrier, wait-until), rmc_pgas.c (open, regions).
 */

#include <sched.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include <rte_pause.h>

#include "rte_rmc_pgas.h"

/* Requests in flight on the handle's QP, and its depth. */
#define RMC_PGAS_DEPTH 64
/* Bounce bytes of each in-flight request: unregistered transfers go in pieces of this. */
#define RMC_PGAS_SLOT_SIZE (UINT64_C(16) << 10)

/*
 * The bootstrap context's layout, on every node: arrival counts of the
 * barrier (one word per source node, written only by that node's FAAs),
 * then the words of region creation (on node 0 only): each node's free
 * context ids, each node's outcome.
 */
#define RMC_PGAS_BOOT_ARR(nid) ((uint64_t)(nid) * 8)
#define RMC_PGAS_BOOT_MASK(nid) (512 + (uint64_t)(nid) * 8)
#define RMC_PGAS_BOOT_STAT(nid) (1024 + (uint64_t)(nid) * 8)

/* One request in flight (slot i uses bounce bytes [i * SLOT_SIZE, +SLOT_SIZE)). */
struct rmc_pgas_op {
	struct rte_rmc_pgas_req *req;
	void *dst;           /* unregistered get: where to copy the bounced data */
	uint64_t *old;       /* atomics: where the old value goes */
	uint32_t len;
	uint16_t status;
	uint8_t used;
	uint8_t sync;        /* a synchronous caller waits: it frees the slot */
	uint8_t done;        /* completed (synchronous requests) */
};

struct rte_rmc_pgas_region {
	struct rte_rmc_pgas *p;
	TAILQ_ENTRY(rte_rmc_pgas_region) next;
	void *addr;
	uint64_t size;
	uint16_t id;
	char name[RTE_RMC_NAME_MAX];
};

struct rte_rmc_pgas {
	struct rte_rmc_session *s;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf bounce;
	struct rmc_pgas_op ops[RMC_PGAS_DEPTH];
	uint32_t inflight;
	uint16_t first_err;      /* first failure of a request without a handle */
	uint16_t me;
	uint16_t n;
	int broken;              /* a barrier failed: the counts are no longer in step */
	uint64_t epoch;          /* barriers passed */
	uint64_t creates;        /* region creations, the same on every participant */
	struct rte_rmc_pgas_region boot;
	TAILQ_HEAD(, rte_rmc_pgas_region) regions;
};

/*
 * Waiting without holding a CPU: a short spin (a request served by an idle
 * RMC completes in well under a microsecond), then yields, then sleeps
 * growing to 100 us, so that waiting programs leave the CPUs to the RMCs.
 */
#define RMC_PGAS_SPIN 256
#define RMC_PGAS_YIELDS 16

static inline void
rmc_pgas_backoff(uint32_t *round)
{
	struct timespec ts = { 0, 0 };
	uint32_t r = *round;

	if (r < RMC_PGAS_SPIN) {
		(*round)++;
		rte_pause();
		return;
	}
	if (r < RMC_PGAS_SPIN + RMC_PGAS_YIELDS) {
		(*round)++;
		sched_yield();
		return;
	}
	r -= RMC_PGAS_SPIN + RMC_PGAS_YIELDS;
	ts.tv_nsec = r < 7 ? 1000L << r : 100000;
	if (ts.tv_nsec > 100000)
		ts.tv_nsec = 100000;
	if (r < 7)
		(*round)++;
	nanosleep(&ts, NULL);
}

static inline uint32_t
rmc_pgas_timeout(uint32_t ms)
{
	return ms != 0 ? ms : RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT;
}

/* rmc_pgas_rma.c */
/* Reap the completions there are (copies bounced data out). */
void rmc_pgas_progress(struct rte_rmc_pgas *p);
/*
 * One synchronous request on (nid, ctx id): op RTE_RMC_OP_*, len bytes from
 * or to 'buf' (reads and writes), operands (atomics; old value to *old).
 * Status, or -EINVAL.
 */
int rmc_pgas_exec(struct rte_rmc_pgas *p, uint8_t op, uint16_t nid, uint16_t ctx,
		uint64_t off, void *buf, uint64_t len, uint64_t op0, uint64_t op1, uint64_t *old);

/* rmc_pgas_sync.c */
/*
 * rmc_pgas_exec() on node nid's bootstrap context, retried while it does not
 * exist (its participant has not opened a handle yet) until the deadline
 * (ns). 0, -EHOSTDOWN, -ETIMEDOUT, -EIO.
 */
int rmc_pgas_boot_exec(struct rte_rmc_pgas *p, uint8_t op, uint16_t nid, uint64_t off,
		void *buf, uint64_t len, uint64_t add, uint64_t deadline);
int rmc_pgas_cmp_true(uint64_t v, enum rte_rmc_pgas_cmp cmp, uint64_t value);

#endif /* _RMC_PGAS_PRIV_H_ */
