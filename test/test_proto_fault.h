/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TEST_PROTO_FAULT_H_
#define _TEST_PROTO_FAULT_H_

/*
 * The message driver of the protocol's fault tests ("test_fault", in-process
 * queues between two nodes of the test process, test_proto_fault_drv.c) and
 * what the tests share: it duplicates every request, or drops the first
 * reply to every request (to one chunk of a large one), or holds a request
 * or the replies until the test lets them go, or swallows everything, as
 * the flags of F say. Tests: test_proto_fault.c (retries, de-duplication,
 * epochs, versions), test_proto_teardown.c (a dead or detached application's
 * requests held: teardown, late completions and replies).
 */

#include <stdint.h>

#include <rte_rmc.h>
#include <rte_spinlock.h>

#include "rmc_driver.h"
#include "rmc_test.h"

#define FAULT_NODES 2
#define FAULT_PAYLOAD 4096
#define FAULT_QUEUE 16384

struct fault_msg {
	struct rmc_proto_hdr hdr;
	uint16_t from;
	uint8_t payload[FAULT_PAYLOAD];
};

/* The driver's queues and the faults it is set to make (under 'lock'). */
struct fault_state {
	rte_spinlock_t lock;
	struct fault_msg *q[FAULT_NODES][FAULT_QUEUE];
	uint32_t head[FAULT_NODES];
	uint32_t tail[FAULT_NODES];
	int dup_requests;      /* deliver every request twice */
	int drop_first_reply;  /* drop the first reply to every request */
	int black_hole;        /* deliver nothing at all */
	int hold;              /* swallow the first request seen (and its resends) */
	uint64_t held_tid;
	int have_held;
	int hold_replies;      /* keep replies in 'held' until the test delivers them */
	struct fault_msg *held[64];
	uint32_t nb_held;
	uint32_t dropped_gen[4096]; /* per requester ITT index: generation dropped */
	struct fault_msg captured;  /* the first FAA request seen */
	int have_captured;
	struct fault_msg captured_w; /* the first write request seen */
	int have_captured_w;
	/* Set before the nodes start: they carry latency models (rmc_node_latency_by_proto()). */
	int lat_by_proto;
	uint64_t req_timed;    /* requests sent with a start time (RMC_PROTO_F_START) */
	uint64_t req_sent;     /* requests sent */
};
extern struct fault_state F;

/* A 2-node cluster over the driver: node 0's session, buffer, QP; node 1's context 0. */
struct fault_env {
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote;
};

/* Queue a copy of message src for node dst, with F.lock held; 0 or -1 when full. */
int fault_push(uint16_t dst, const struct fault_msg *src);
/* Forget every message and fault setting. */
void fault_reset(void);
/* Reset, start the cluster with that protocol time-out (0: default); 0 or -1. */
int fault_start(struct fault_env *e, const char *name, uint32_t timeout_ms);
/* FAA +1 'count' times on word 'w' of node 1; each old value must be the previous count. */
int faa_run(struct fault_env *e, unsigned int w, uint64_t base, unsigned int count);
/* Deliver a copy of a captured request to node 1, as a transport that kept one would. */
void fault_replay(const struct fault_msg *m);
/* Wait until nothing drains on the node; its usage in *u. 0 or -1. */
int wait_drained(struct rte_rmc_node *node, struct rte_rmc_usage *u);

#endif /* _TEST_PROTO_FAULT_H_ */
