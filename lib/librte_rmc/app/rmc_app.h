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
#include <sys/queue.h>

#include "rte_rmc.h"
#include "rmc_wake.h"

struct rmc_inline;

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
	struct rmc_waker wake; /* the node's RMC, woken when it sleeps (rmc_wake.h) */
};

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

#endif /* _RMC_APP_H_ */
