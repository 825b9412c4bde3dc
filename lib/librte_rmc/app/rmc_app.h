/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_APP_H_
#define _RMC_APP_H_

/*
 * Application side of librte_rmc: the session with the node and the QP as the
 * application drives it. Nothing here needs rte_eal_init().
 */

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/queue.h>

#include "rte_rmc.h"
#include "rmc_lat_dist.h"
#include "rmc_wake.h"

struct rmc_inline;
struct rmc_app_lat;
struct rte_rmc_qp_lat_stats;

/* WQ slot states kept by the application. */
enum rmc_slot_state {
	RMC_SLOT_FREE = 0,
	RMC_SLOT_POSTED,    /* completion not reaped yet */
	RMC_SLOT_ABANDONED, /* a sync call gave up: drop its completion */
};

struct rte_rmc_qp {
	struct rte_rmc_qp_hdr *hdr;
	int inl;               /* inline mode: executed at post, no node QP */
	struct rte_rmc_wqe *wq;
	struct rte_rmc_cqe *cq;
	uint32_t depth;
	uint32_t mask;
	uint64_t wq_tail;      /* next WQ position to fill */
	uint64_t cq_head;      /* next CQ position to read */
	uint32_t outstanding;  /* posted, completion not reaped */
	uint32_t stash_cap;
	uint32_t stash_head;
	uint32_t stash_count;
	uint8_t *slot_state;   /* enum rmc_slot_state per WQ slot */
	uint64_t *tags;        /* user tag posted in each slot (for aborts) */
	struct rte_rmc_completion *stash; /* reaped, not yet returned */
	struct rte_rmc_session *s;
	TAILQ_ENTRY(rte_rmc_qp) next;
	uint64_t map_size;
	uint64_t next_alive_tsc; /* when rte_rmc_poll() next looks at the node */
	uint32_t empty_polls;    /* rte_rmc_poll() calls that found nothing */
	uint32_t id;
	int node_gone;         /* the node stopped or died: nothing more will come */
	/* Latency model (rmc_app_lat.c), per WQ slot: 0 = no deadline. */
	uint64_t *dl;          /* deadline (TSC) of the request in the slot */
	uint64_t *t_post;      /* when it was posted; bit 63: seen in the CQ before due */
	uint32_t *start_lo;    /* its start time, as carried in the WQ entry */
	uint64_t max_dl;       /* latest deadline posted: where a fenced request starts */
	uint64_t t_call;       /* TSC when a synchronous call began (its post time), or 0 */
	struct rte_rmc_qp_lat_stats *lst; /* its counters, in the QP segment */
	struct rmc_lat_rng rng; /* the QP's seeded generator (draws at post) */
	int rng_seeded;
	struct rmc_waker wake; /* the node's RMC, woken when it sleeps (rmc_wake.h) */
};

/*
 * Inline mode: count a request the application executed itself in its own
 * line of the QP header, where the node reads it (labelled as reported by
 * the application: the node never sees these requests).
 */
static inline void
rmc_inline_count(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *w, uint16_t status)
{
	struct rte_rmc_qp_hdr *h = qp->hdr;

	__atomic_store_n(&h->inline_requests, h->inline_requests + 1, __ATOMIC_RELAXED);
	if (status == RTE_RMC_STATUS_OK)
		__atomic_store_n(&h->inline_bytes, h->inline_bytes + w->length,
			__ATOMIC_RELAXED);
	else
		__atomic_store_n(&h->inline_errors, h->inline_errors + 1, __ATOMIC_RELAXED);
}

struct rmc_app_lbuf {
	void *addr;
	uint64_t map_size;
	uint64_t size;
	uint16_t id;
};

struct rte_rmc_session {
	pthread_mutex_t lock;  /* serialises control requests */
	int fd;
	int rmc_cpu;
	uint32_t ctl_timeout_ms; /* bound of every control request (attach timeout) */
	uint16_t node_id;
	uint16_t node_count;
	uint64_t tsc_hz;
	char cluster[RTE_RMC_NAME_MAX];
	struct {
		void *addr;
		uint64_t size;
		uint64_t map_size;
	} ctx[RTE_RMC_MAX_CTX];
	struct rmc_app_lbuf *lbufs;
	uint32_t nb_lbufs;
	uint32_t lbuf_cap;
	TAILQ_HEAD(, rte_rmc_qp) qps;
	struct rmc_inline *inl; /* inline mode state, NULL otherwise */
	struct rmc_app_lat *lat; /* latency model: the node's page, NULL until mapped */
	struct rmc_waker wake;  /* owns the wake page mapping; QPs copy .page */
};

struct rmc_ctl_msg;

/*
 * rmc_app_ctl.c: the session's control channel, the lowest layer of the
 * application side (it calls no other file of app/).
 */

/* 0 if the node's socket fd is served by this user or root; -EACCES (logged). */
int rmc_node_owner_check(int fd, const char *path);
/* Bound every later control request on the session to ms (at least 1 s). */
int rmc_session_set_timeout(struct rte_rmc_session *s, uint32_t ms);

/*
 * Send a control request and wait for the reply; a reply with a negative
 * result is logged with the node's text and returned. 0 or -errno.
 */
int rmc_session_call(struct rte_rmc_session *s, struct rmc_ctl_msg *m, int *rfd);

/* The same, without logging the node's refusal (the caller handles it). */
int rmc_session_call_quiet(struct rte_rmc_session *s, struct rmc_ctl_msg *m, int *rfd);

/* 1 while the node still answers on the session's socket. */
int rmc_session_alive(struct rte_rmc_session *s);

/* Create a QP on the node and map it into qp->hdr, wq, cq, id, map_size. */
int rmc_session_qp_open(struct rte_rmc_session *s, uint32_t depth, struct rte_rmc_qp *qp);

/* Destroy the QP on the node and unmap it. */
void rmc_session_qp_close(struct rte_rmc_session *s, struct rte_rmc_qp *qp);

/*
 * rmc_attach_find.c: which node an attach goes to, waiting for it, and
 * failing at once when a running node proves it can never succeed.
 */
struct rmc_attach_wait {
	const char *dir;          /* the cluster's runtime directory */
	const char *cluster;
	uint64_t deadline;        /* rmc_now_ns() until which attaching waits */
	uint64_t next_probe_ns;   /* when running nodes may be asked again */
	uint64_t peers_probed;    /* nodes that told their cluster size */
	uint32_t timeout_ms;      /* the wait (0: none) */
	uint32_t ctl_timeout_ms;  /* the bound of each control request */
	int verbose;
	int said;                 /* the one waiting line was printed */
};

void rmc_sleep_ms(unsigned int ms);
/* Bounds from opts, else $RMC_ATTACH_TIMEOUT (whole seconds, 0: no wait), else 10 s. */
void rmc_attach_wait_init(struct rmc_attach_wait *w, const char *dir, const char *cluster,
		const struct rte_rmc_attach_opts *opts);
/* Print, once per attach, that it waits for 'what', naming the cluster and directory. */
void rmc_attach_wait_say(struct rmc_attach_wait *w, const char *what);
/* The node id: node_id if >= 0, $RMC_NODE, or the only node running. -errno (logged). */
int rmc_pick_node(struct rmc_attach_wait *w, int node_id);
/* A connected socket to the node at path, waiting for it; -errno (logged). */
int rmc_connect_wait(struct rmc_attach_wait *w, const char *path, int node_id);
/* -EINVAL (logged) when a running peer has another cluster size than node_count. */
int rmc_attach_check_peers(struct rmc_attach_wait *w, int node_id, unsigned int node_count);
/* rmc_app_lat.c: the latency model's state of a session (rmc_app_lat.h). */
void rmc_app_lat_detach(struct rte_rmc_session *s);

/* rmc_inline.c: inline mode, on top of the control channel. */
int rmc_inline_attach(struct rte_rmc_session *s);
void rmc_inline_detach(struct rte_rmc_session *s);

/*
 * rmc_app_wake.c: map the node's wake page (read-only) so that posts wake a
 * sleeping RMC. A node without one (older) leaves s->wake.page NULL.
 */
void rmc_app_wake_attach(struct rte_rmc_session *s);
void rmc_inline_lbuf_add(struct rte_rmc_session *s, uint16_t id, void *addr, uint64_t size);
uint16_t rmc_inline_execute(struct rte_rmc_session *s, const struct rte_rmc_wqe *w,
		uint64_t *value);

/* A WQ entry of the public calls (rmc_ops.c, rmc_sabre_ops.c). */
static inline void
rmc_wqe_fill(struct rte_rmc_wqe *w, uint8_t op, const struct rte_rmc_lbuf *lbuf,
		uint64_t lbuf_off, uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint64_t tag, uint32_t flags)
{
	memset(w, 0, sizeof(*w));
	w->opcode = op;
	w->flags = flags;
	w->dst_nid = nid;
	w->ctx_id = ctx_id;
	/* An absent buffer gets an id no node hands out: the RMC says bad lbuf. */
	w->lbuf_id = lbuf != NULL ? lbuf->id : UINT16_MAX;
	w->ctx_offset = ctx_off;
	w->lbuf_offset = lbuf_off;
	w->length = len;
	w->user_tag = tag;
}

#endif /* _RMC_APP_H_ */
