/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _HOSTILE_ENV_H_
#define _HOSTILE_ENV_H_

/*
 * What the hostile-application autotests share: a 2-node cluster in the test
 * process with several contexts (read-write, read-only, odd sizes), the
 * hostile application's local buffers and a victim's, a shadow copy of every
 * one of them (whole mappings: the bytes past each object's end are guards
 * that must never change), and a raw view of a QP through which the hostile
 * application writes whatever it likes into its WQ.
 */

#include <stdint.h>

#include <rte_rmc.h>

#include "rmc_test.h"
#include "rmc_wqe_model.h"

/* Chunk size of the test nodes: requests above it go through the ITT. */
#define H_CHUNK UINT64_C(4096)
#define H_CTX0_SIZE (1u << 20)
#define H_NB_LBUF 3 /* 0 and 1: the hostile application's; 2: the victim's */
#define H_VICTIM 2
/*
 * How long a completion may take before the test calls it a hang: generous,
 * so that slow builds (valgrind runs 50 times slower) never fail on speed.
 */
#define H_HANG_MS 60000

struct h_obj {
	uint8_t *addr;     /* mapping in this process */
	uint64_t size;     /* bounds the RMC must honour */
	uint64_t map_size; /* whole mapping: [size, map_size) is a guard */
	uint8_t *shadow;   /* what the mapping must hold */
	char name[32];
};

/* A QP driven by hand: entries written raw, completions read raw. */
struct h_raw {
	struct rte_rmc_qp *qp;
	struct rte_rmc_qp_hdr *hdr;
	struct rte_rmc_wqe *wq;
	struct rte_rmc_cqe *cq;
	uint32_t depth;
	uint64_t wq_pos;
	uint64_t cq_pos;
};

struct h_env {
	struct rmc_test_cluster c;
	struct rte_rmc_session *victim;
	struct h_obj ctx[2][RTE_RMC_MAX_CTX];       /* addr NULL: no such context */
	struct rmc_model_ctx mctx[2][RTE_RMC_MAX_CTX];
	struct h_obj lb[H_NB_LBUF];
	struct rte_rmc_lbuf lbuf[H_NB_LBUF];
	struct rmc_model_lbuf mlbuf[RTE_RMC_MAX_LBUFS];
	struct rmc_model model;
	uint64_t rng;
	struct h_raw raw;
};

/*
 * Driver of the next h_setup()'s cluster (NULL: the default, shm), so that a
 * scenario runs unchanged on every driver that runs in one process.
 */
extern const char *h_driver;
/* Its driver arguments (NULL: none). */
extern const char *h_driver_args;

/* Start the cluster, the contexts, buffers, shadows and a raw QP of 'depth'. */
int h_setup(struct h_env *e, const char *name, uint32_t depth);
void h_teardown(struct h_env *e);

/* Compare every object with its shadow; print the first difference. */
int h_compare(const struct h_env *e, const char *when);

/* The shadow object of a local-buffer id, NULL if not one of ours. */
struct h_obj *h_lbuf_obj(struct h_env *e, uint16_t id);

/* Apply the effect of a request predicted OK to the shadows; old word out. */
void h_apply(struct h_env *e, const struct rte_rmc_wqe *w, uint64_t *old);

/* Write an entry at a position: everything but the phase, then 'phase'. */
void h_raw_write(struct h_raw *r, uint64_t pos, const struct rte_rmc_wqe *w, uint32_t phase);

/* Post at the next position with the right phase. */
void h_raw_post(struct h_raw *r, const struct rte_rmc_wqe *w);

/* Next completion, waiting up to timeout_ms; 0 or -1 on timeout. */
int h_raw_reap(struct h_raw *r, struct rte_rmc_cqe *out, uint32_t timeout_ms);

/* 1 if a completion is waiting (without taking it). */
int h_raw_cqe_ready(const struct h_raw *r);

/* Let the node's RMC make at least 'passes' passes (bounded). */
int h_wait_passes(struct rte_rmc_node *node, uint64_t passes);

#endif /* _HOSTILE_ENV_H_ */
