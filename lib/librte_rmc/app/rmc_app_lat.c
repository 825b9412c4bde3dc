/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model in the application's library (see rmc_app_lat.h): the
 * deadline of each request, computed at post from the model of its
 * destination as published in the node's status page, and the rule that no
 * completion leaves the CQ before it. The library is where the application
 * looks, so holding there is what makes the figure hold on every driver and
 * every process layout: nothing is calibrated or subtracted.
 *
 * For a request of 'bytes' to d posted at t (TSC):
 *   link     = max(t, link_free[d]);  link_free[d] = link + bytes / bw(d)
 *   deadline = link + bytes / bw(d) + base(d)    (base drawn when a law is set)
 *   start    = t + one-way(d)                    (half of deadline - t if unset)
 * and a fenced request counts from the latest deadline of its QP instead of t.
 * link_free[d] is in the node's link page, which every session of the node
 * maps read-write: all the node's requests to d queue on one link, whatever
 * process posts them. Another application may write anything there: a
 * link_free beyond t + RMC_LINK_AHEAD_MAX_NS counts as t + that bound, so that
 * garbage delays a request by at most the bound and never makes it early.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_pause.h>

#include "rmc_app_lat.h"
#include "rmc_log.h"
#include "rte_rmc_latency.h"

/*
 * Map the node's link page (shared by its sessions); without one (a node that
 * does not know the request) the session's own words stand for it.
 */
static void
rmc_app_lat_link_map(struct rte_rmc_session *s, struct rmc_app_lat *l)
{
	struct rmc_ctl_msg m;
	void *page;
	int fd = -1;

	l->link_cap_tsc = (uint64_t)((double)RMC_LINK_AHEAD_MAX_NS * (double)s->tsc_hz / 1e9);
	rmc_ctl_init(&m, RMC_CTL_LINK_PAGE);
	if (rmc_session_call(s, &m, &fd) < 0 || fd < 0 ||
			m.u.seg.map_size < sizeof(struct rmc_link_page)) {
		if (fd >= 0)
			close(fd);
		RMC_LOG(DEBUG, "node %u has no link page: the link to each destination is "
			"this process's", s->node_id);
		return;
	}
	page = mmap(NULL, m.u.seg.map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (page == MAP_FAILED)
		return;
	l->link = page;
	l->link_size = m.u.seg.map_size;
}

int
rmc_app_lat_attach(struct rte_rmc_session *s)
{
	struct rmc_app_lat *l;
	struct rmc_ctl_msg m;
	void *page;
	int fd = -1, ret;

	if (s->lat != NULL || s->inl != NULL || s->fd < 0)
		return 0;
	rmc_ctl_init(&m, RMC_CTL_NODE_PAGE);
	ret = rmc_session_call(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		close(fd);
		return -ENOMEM;
	}
	l->page_size = RTE_ALIGN_CEIL(sizeof(struct rmc_node_page), (uint64_t)getpagesize());
	page = mmap(NULL, l->page_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (page == MAP_FAILED) {
		free(l);
		return -errno;
	}
	l->page = page;
	if (l->page->magic != RMC_NODE_PAGE_MAGIC || l->page->node_id != s->node_id) {
		munmap(page, l->page_size);
		free(l);
		return -EPROTO;
	}
	pthread_mutex_init(&l->lock, NULL);
	rmc_app_lat_link_map(s, l);
	l->tsc_per_ns = (double)s->tsc_hz / 1e9;
	l->ns_per_tsc = 1e9 / (double)s->tsc_hz;
	rmc_app_lat_refresh(l);
	s->lat = l;
	return 0;
}

void
rmc_app_lat_detach(struct rte_rmc_session *s)
{
	struct rmc_app_lat *l = s->lat;

	if (l == NULL)
		return;
	munmap((void *)(uintptr_t)l->page, l->page_size);
	if (l->link != NULL)
		munmap(l->link, l->link_size);
	pthread_mutex_destroy(&l->lock);
	free(l);
	s->lat = NULL;
}

/* One destination's model in this process's units. */
static void
rmc_app_lat_convert(struct rmc_app_lat *l, struct rmc_app_lat_dst *d,
		const struct rmc_lat_model *m)
{
	char why[96];
	int ret = 0;

	d->on = m->on;
	d->base_tsc = (uint64_t)((double)m->base_ns * l->tsc_per_ns);
	d->oneway_tsc = (uint64_t)((double)m->oneway_ns * l->tsc_per_ns);
	d->tsc_per_byte = m->chunk_size == 0 ? 0 :
		(double)m->per_chunk_ns * l->tsc_per_ns / (double)m->chunk_size;
	d->seed = m->seed;
	memset(&d->law, 0, sizeof(d->law));
	d->quant = NULL;
	if (m->dist == RMC_LAT_DIST_EMPIRICAL) {
		d->law.kind = RMC_LAT_DIST_EMPIRICAL;
		d->quant = m->quant;
	} else if (m->dist == RMC_LAT_DIST_NORMAL)
		ret = rmc_lat_dist_normal(&d->law, m->dist_a, m->dist_b, why, sizeof(why));
	else if (m->dist == RMC_LAT_DIST_LOGNORMAL)
		ret = rmc_lat_dist_lognormal(&d->law, m->dist_a, m->dist_b, why, sizeof(why));
	if (ret < 0) {
		/* The node checked it: a page we cannot read is no model at all. */
		RMC_LOG(ERR, "latency law of a destination not understood: %s", why);
		d->on = 0;
	}
}

void
rmc_app_lat_refresh(struct rmc_app_lat *l)
{
	struct rmc_app_lat_tab *t;
	uint32_t seq, i, on = 0;

	/* Another thread refreshing: post with the table in use meanwhile. */
	if (pthread_mutex_trylock(&l->lock) != 0)
		return;
	/* Up to date (another thread refreshed): rewrite nothing a reader may use. */
	if (l->nb_read != 0 && __atomic_load_n(&l->page->lat_seq, __ATOMIC_ACQUIRE) ==
			__atomic_load_n(&l->seq, __ATOMIC_RELAXED)) {
		pthread_mutex_unlock(&l->lock);
		return;
	}
	t = &l->tab[__atomic_load_n(&l->cur, __ATOMIC_RELAXED) ^ 1];
	for (;;) {
		seq = __atomic_load_n(&l->page->lat_seq, __ATOMIC_ACQUIRE);
		if (seq & 1) {
			rte_pause();
			continue;
		}
		memcpy(t->raw, (const void *)l->page->lat, sizeof(t->raw));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&l->page->lat_seq, __ATOMIC_RELAXED) == seq)
			break;
	}
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		rmc_app_lat_convert(l, &t->dst[i], &t->raw[i]);
		on += t->dst[i].on != 0;
	}
	t->nb_on = on;
	__atomic_store_n(&l->cur, (uint32_t)(t - l->tab), __ATOMIC_RELEASE);
	__atomic_store_n(&l->seq, seq, __ATOMIC_RELEASE);
	l->nb_read++;
	pthread_mutex_unlock(&l->lock);
}

/* The base latency of one request: the law's draw, or the constant. */
static uint64_t
rmc_app_lat_base(struct rte_rmc_qp *qp, struct rmc_app_lat *l, const struct rmc_app_lat_dst *d)
{
	double ns;

	if (d->law.kind == RMC_LAT_DIST_CONST)
		return d->base_tsc;
	if (!qp->rng_seeded) {
		/* Seeded by the model, the node and the QP: a run can be repeated. */
		rmc_lat_rng_seed(&qp->rng, d->seed ^ ((uint64_t)qp->s->node_id << 48) ^
			((uint64_t)qp->id << 32));
		qp->rng_seeded = 1;
	}
	if (d->law.kind == RMC_LAT_DIST_EMPIRICAL) {
		/* Between two quantiles of the measured device, linearly. */
		const uint32_t *q = d->quant;
		double x = rmc_lat_rng_unit(&qp->rng) * (RMC_LAT_QUANTS - 1);
		unsigned int i = (unsigned int)x;

		if (i >= RMC_LAT_QUANTS - 1)
			i = RMC_LAT_QUANTS - 2;
		ns = q[i] + (x - i) * ((double)q[i + 1] - (double)q[i]);
	} else {
		ns = rmc_lat_dist_draw(&d->law, &qp->rng);
	}
	return (uint64_t)(ns * l->tsc_per_ns);
}

/*
 * Reserve the link to d for xfer ticks from t; returns when the transfer ends.
 * A link free more than 'cap' after t (garbage another application of the
 * node wrote, or a backlog that long) counts as free at t + cap: later than
 * t, never earlier, and never without end.
 */
static uint64_t
rmc_app_lat_link(uint64_t *link_free, uint64_t t, uint64_t xfer, uint64_t cap)
{
	uint64_t free_at = __atomic_load_n(link_free, __ATOMIC_RELAXED), begin;

	if (xfer == 0)
		return t;
	do {
		if (free_at <= t)
			begin = t;
		else
			begin = free_at - t > cap ? t + cap : free_at;
	} while (!__atomic_compare_exchange_n(link_free, &free_at, begin + xfer, 0,
		__ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return begin + xfer;
}

int
rmc_app_lat_deadline(struct rte_rmc_qp *qp, uint32_t slot, const struct rte_rmc_wqe *w)
{
	struct rmc_app_lat *l = qp->s->lat;
	const struct rmc_app_lat_dst *d;
	uint64_t now, t, dl, start, *link;

	if (w->dst_nid >= RTE_RMC_MAX_NODES)
		return 0;
	d = &rmc_app_lat_tab(l)->dst[w->dst_nid];
	if (!d->on)
		return 0;
	/* A synchronous call's time of call when it left one (rte_rmc_exec_sync()). */
	now = qp->t_call != 0 ? qp->t_call : rte_rdtsc();
	qp->t_call = 0;
	/* A fenced request starts after every earlier deadline of the QP: (c). */
	t = (w->flags & RTE_RMC_F_FENCE) ? RTE_MAX(now, qp->max_dl) : now;
	link = l->link != NULL ? &l->link->d[w->dst_nid].free_tsc : &l->link_own[w->dst_nid];
	dl = rmc_app_lat_link(link, t, (uint64_t)((double)w->length * d->tsc_per_byte),
		l->link_cap_tsc) + rmc_app_lat_base(qp, l, d);
	if (dl <= now)
		dl = now + 1; /* 0 means "no deadline" */
	start = t + (d->oneway_tsc != 0 ? d->oneway_tsc : (dl - t) / 2);
	/* Beyond what 32 bits carry, the RMC would take it as past: start earlier. */
	if (start - now > RTE_RMC_START_AHEAD_MAX)
		start = now + RTE_RMC_START_AHEAD_MAX;
	qp->dl[slot] = dl;
	qp->t_post[slot] = now;
	qp->start_lo[slot] = (uint32_t)start;
	if (dl > qp->max_dl)
		qp->max_dl = dl;
	return 1;
}

/*
 * Count a completion (the QP's counters, in its segment; single writer, the
 * node reads them): what does not depend on the hand-over time first, so that
 * a synchronous caller does it while it waits, not after the deadline.
 */
static void
rmc_app_lat_account_pre(struct rte_rmc_qp *qp, uint32_t slot)
{
	struct rte_rmc_qp_lat_stats *st = qp->lst;
	double ns_per_tsc = qp->s->lat->ns_per_tsc;
	uint64_t t_post = qp->t_post[slot] & ~(UINT64_C(1) << 63);

	__atomic_store_n(&st->count, st->count + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&st->target_ns_sum, st->target_ns_sum +
		(uint64_t)((double)(qp->dl[slot] - t_post) * ns_per_tsc), __ATOMIC_RELAXED);
}

static void
rmc_app_lat_account_post(struct rte_rmc_qp *qp, uint32_t slot, uint64_t now, int held)
{
	struct rte_rmc_qp_lat_stats *st = qp->lst;
	double ns_per_tsc = qp->s->lat->ns_per_tsc;
	uint64_t t_post = qp->t_post[slot] & ~(UINT64_C(1) << 63), dl = qp->dl[slot];
	uint64_t excess_ns = now > dl ? (uint64_t)((double)(now - dl) * ns_per_tsc) : 0;
	unsigned int b = rte_rmc_lat_bucket(excess_ns);

	__atomic_store_n(&st->achieved_ns_sum, st->achieved_ns_sum +
		(uint64_t)((double)(now - t_post) * ns_per_tsc), __ATOMIC_RELAXED);
	__atomic_store_n(&st->hist[b], st->hist[b] + 1, __ATOMIC_RELAXED);
	/* Late: the platform's completion came after the deadline (nothing was held). */
	if (!held && now > dl) {
		__atomic_store_n(&st->late, st->late + 1, __ATOMIC_RELAXED);
		__atomic_store_n(&st->late_ns_sum, st->late_ns_sum + excess_ns, __ATOMIC_RELAXED);
		if (excess_ns > st->late_ns_max)
			__atomic_store_n(&st->late_ns_max, excess_ns, __ATOMIC_RELAXED);
	}
}

int
rmc_app_lat_due(struct rte_rmc_qp *qp, uint32_t slot, int wait)
{
	uint64_t dl = qp->dl[slot], now, near;
	int held = (qp->t_post[slot] >> 63) != 0;

	/* A synchronous call gave it up: dropped, never handed over, not counted. */
	if (qp->slot_state[slot] == RMC_SLOT_ABANDONED) {
		qp->dl[slot] = 0;
		return 1;
	}
	now = rte_rdtsc();

	if (now < dl) {
		qp->t_post[slot] |= UINT64_C(1) << 63; /* held: not late */
		held = 1;
		if (!wait)
			return 0;
		if (qp->lst != NULL)
			rmc_app_lat_account_pre(qp, slot);
		/* PAUSE costs tens of ns: none in the last stretch, to hand over on time. */
		near = qp->s->tsc_hz / 5000000;
		while ((now = rte_rdtsc()) < dl)
			if (dl - now > near)
				rte_pause();
	} else if (qp->lst != NULL) {
		rmc_app_lat_account_pre(qp, slot);
	}
	if (qp->lst != NULL)
		rmc_app_lat_account_post(qp, slot, now, held);
	qp->dl[slot] = 0;
	return 1;
}

int
rte_rmc_latency_get(struct rte_rmc_session *s, uint16_t nid, struct rte_rmc_latency_model *m)
{
	const struct rmc_lat_model *r;
	int ret;

	if (s == NULL || m == NULL || nid >= RTE_RMC_MAX_NODES)
		return -EINVAL;
	if (s->inl != NULL)
		return -ENOTSUP;
	ret = rmc_app_lat_attach(s);
	if (ret < 0)
		return ret;
	rmc_app_lat_refresh(s->lat);
	r = &rmc_app_lat_tab(s->lat)->raw[nid];
	memset(m, 0, sizeof(*m));
	m->base_ns = r->base_ns;
	m->per_chunk_ns = r->per_chunk_ns;
	m->chunk_size = r->chunk_size;
	m->oneway_ns = r->oneway_ns;
	m->on = r->on;
	m->law = r->dist;
	m->law_a = r->dist_a;
	m->law_b = r->dist_b;
	m->seed = r->seed;
	return 0;
}

int
rte_rmc_qp_latency_stats(const struct rte_rmc_qp *qp, struct rte_rmc_qp_lat_stats *st)
{
	if (qp == NULL || st == NULL)
		return -EINVAL;
	if (qp->lst == NULL)
		memset(st, 0, sizeof(*st));
	else
		*st = *qp->lst;
	return 0;
}
