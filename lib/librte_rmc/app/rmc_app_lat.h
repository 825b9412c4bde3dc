/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_APP_LAT_H_
#define _RMC_APP_LAT_H_

/*
 * The latency model as the application's library applies it (rmc_app_lat.c).
 *
 * At post, a request to a destination d whose model is on gets a deadline
 * (t + L, L = latency(d, bytes)) kept in the QP's private per-slot array,
 * and a start time (t + one-way, or the latest earlier deadline for a fenced
 * request) carried in its WQ entry for the RMC (RTE_RMC_F_TIMED). At reap, a
 * completion leaves the CQ only once its deadline has passed: every path that
 * hands completions to the application (rte_rmc_poll(), the synchronous
 * calls, the stash of completions a synchronous call set aside, sonuma.h,
 * messaging) goes through the two reap loops of rmc_qp.c, which ask
 * rmc_app_lat_due() first. With no model on, the cost is one load of the
 * node page's sequence at post and one load of a private array per
 * completion.
 */

#include <pthread.h>
#include <stdint.h>

#include <rte_cycles.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"

/* A destination's model in TSC ticks, as the session last read it. */
struct rmc_app_lat_dst {
	uint64_t base_tsc;
	uint64_t oneway_tsc;   /* 0: half the latency */
	double tsc_per_byte;   /* the link: per_chunk / chunk_size */
	uint32_t on;
	uint64_t seed;
	struct rmc_lat_dist law; /* of the base latency, in ns (constant: base_tsc) */
	const uint32_t *quant;   /* empirical law: the quantiles, in raw[] */
};

/* The models of every destination as read at one sequence of the page. */
struct rmc_app_lat_tab {
	uint32_t nb_on;        /* destinations with a model */
	struct rmc_app_lat_dst dst[RTE_RMC_MAX_NODES];
	struct rmc_lat_model raw[RTE_RMC_MAX_NODES]; /* as read, for rte_rmc_latency_get() */
};

/*
 * A session's view of the models. The threads of a process share it: a
 * refresh (one at a time, under 'lock') fills the table not in use and then
 * switches 'cur', so that a thread posting meanwhile reads one whole table,
 * the old one or the new one (a request uses the model its library knew).
 */
struct rmc_app_lat {
	const struct rmc_node_page *page;
	uint64_t page_size;
	uint32_t seq;          /* page->lat_seq of tab[cur] (atomic) */
	uint32_t cur;          /* the table in use (atomic) */
	pthread_mutex_t lock;  /* refreshes */
	uint32_t nb_read;      /* refreshes done (under lock) */
	double tsc_per_ns;
	double ns_per_tsc;
	/*
	 * The link to each d: the node's link page, shared by all its sessions
	 * (read-write, so bounded: RMC_LINK_AHEAD_MAX_NS, link_cap_tsc here), or
	 * this session's own words when the node has no such page.
	 */
	struct rmc_link_page *link;
	uint64_t link_size;
	uint64_t link_cap_tsc;
	uint64_t link_own[RTE_RMC_MAX_NODES]; /* TSC at which the link to d is free (atomic) */
	struct rmc_app_lat_tab tab[2];
};

/* The table in use. */
static inline const struct rmc_app_lat_tab *
rmc_app_lat_tab(const struct rmc_app_lat *l)
{
	return &l->tab[__atomic_load_n(&l->cur, __ATOMIC_ACQUIRE)];
}

/* Map the node's page (once per session); 0 or -errno. Not for inline sessions. */
int rmc_app_lat_attach(struct rte_rmc_session *s);
/* Read the models again after a change of the page's sequence. */
void rmc_app_lat_refresh(struct rmc_app_lat *l);
/* Compute the request's deadline and start time into the slot; 1 if it has one. */
int rmc_app_lat_deadline(struct rte_rmc_qp *qp, uint32_t slot, const struct rte_rmc_wqe *w);
/*
 * A completion of a slot with a deadline is in the CQ: 1 when it may be
 * handed over (accounted, deadline cleared); 0 when not yet due, unless
 * 'wait' (a synchronous caller), which waits for the deadline.
 */
int rmc_app_lat_due(struct rte_rmc_qp *qp, uint32_t slot, int wait);

/* At post: 1 if the request got a deadline (then rmc_app_lat_stamp() its entry). */
static inline int
rmc_app_lat_post(struct rte_rmc_qp *qp, uint32_t slot, const struct rte_rmc_wqe *w)
{
	struct rmc_app_lat *l = qp->s->lat;

	if (l == NULL)
		return 0;
	if (unlikely(__atomic_load_n(&l->page->lat_seq, __ATOMIC_ACQUIRE) !=
			__atomic_load_n(&l->seq, __ATOMIC_ACQUIRE)))
		rmc_app_lat_refresh(l);
	if (likely(rmc_app_lat_tab(l)->nb_on == 0))
		return 0;
	return rmc_app_lat_deadline(qp, slot, w);
}

/*
 * A synchronous call begins: with a model on, its time is the request's post
 * time (read once; rte_rmc_exec_sync() keeps one already read by a wrapper).
 */
static inline void
rmc_app_lat_call(struct rte_rmc_qp *qp)
{
	if (unlikely(qp->s->lat != NULL && rmc_app_lat_tab(qp->s->lat)->nb_on != 0) &&
			qp->t_call == 0)
		qp->t_call = rte_rdtsc();
}

/* Write the start time into the WQ entry (before its phase). */
static inline void
rmc_app_lat_stamp(struct rte_rmc_qp *qp, uint32_t slot, struct rte_rmc_wqe *e)
{
	e->flags |= RTE_RMC_F_TIMED;
	e->start_tsc = qp->start_lo[slot];
}

#endif /* _RMC_APP_LAT_H_ */
