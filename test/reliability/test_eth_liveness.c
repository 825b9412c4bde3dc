/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * eth liveness under load (issue 11, finding 12): a peer that keeps
 * answering is up, whether or not its hellos get through. Two nodes of this
 * process on linked net_memif ports (test_rel_eth.c), the default 1 s
 * protocol time-out. Node 0 keeps a deep WQ of reads to node 1 going while an
 * RX callback on its port drops every hello of node 1, until 30 of them were
 * dropped (three time-outs of node 1's own polling, counted by order, not
 * by time). Node 1 must stay up on node 0 all along: its replies prove it
 * alive. Then the reads stop, the hellos are still dropped: node 1 must go
 * down (silence is still found), and come back when its hellos pass again.
 * With liveness counted on hellos alone, node 1 goes down in the first part.
 */

#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "hostile_env.h"
#include "rel_scenarios.h"

#define LIVE_ETH_TYPE 0x88b5                   /* RMC_ETH_TYPE */
#define LIVE_HELLO (RMC_PROTO_TRANSPORT + 0)  /* RMC_ETH_HELLO */
#define LIVE_DROPS 30
#define LIVE_DEPTH 4096
#define LIVE_READ (64u << 10)

static uint64_t live_dropped;
static volatile int live_drop_on;

/* Node 0's RX: node 1's hellos vanish while live_drop_on. */
static uint16_t
live_rx_cb(uint16_t port, uint16_t queue, struct rte_mbuf *pkts[], uint16_t nb,
		uint16_t max, void *arg)
{
	struct rmc_proto_hdr h;
	uint16_t i, k = 0;

	RTE_SET_USED(port);
	RTE_SET_USED(queue);
	RTE_SET_USED(max);
	RTE_SET_USED(arg);
	for (i = 0; i < nb; i++) {
		const struct rte_ether_hdr *eh = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);

		if (live_drop_on && pkts[i]->data_len >= RTE_ETHER_HDR_LEN + sizeof(h) &&
				eh->ether_type == rte_cpu_to_be_16(LIVE_ETH_TYPE)) {
			memcpy(&h, eh + 1, sizeof(h));
			if (h.type == LIVE_HELLO && h.src_nid == 1) {
				rte_pktmbuf_free(pkts[i]);
				__atomic_fetch_add(&live_dropped, 1, __ATOMIC_RELAXED);
				continue;
			}
		}
		pkts[k++] = pkts[i];
	}
	return k;
}

/* Keep every WQ slot the RMC took filled with another read. */
static void
live_refill(struct h_raw *r, const struct rte_rmc_wqe *w)
{
	uint64_t taken = __atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE);

	while (r->wq_pos < taken + r->depth)
		h_raw_post(r, w);
}

static int
live_node1_up(struct rte_rmc_node *n0)
{
	return (__atomic_load_n(&n0->peers_up, __ATOMIC_ACQUIRE) >> 1) & 1;
}

/* Until 'drops' more hellos were dropped (bounded against a hang); -1 then. */
static int
live_wait_drops(uint64_t drops, struct h_raw *r, const struct rte_rmc_wqe *w)
{
	uint64_t end = rte_rdtsc() + rte_get_tsc_hz() / 1000 * H_HANG_MS;
	uint64_t target = __atomic_load_n(&live_dropped, __ATOMIC_RELAXED) + drops;

	while (__atomic_load_n(&live_dropped, __ATOMIC_RELAXED) < target) {
		if (rte_rdtsc() > end)
			return -1;
		if (r != NULL)
			live_refill(r, w);
		rte_delay_us_sleep(1000);
	}
	return 0;
}

static int
live_phases(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, struct h_raw *r,
		const struct rte_rmc_wqe *w)
{
	uint32_t gen = __atomic_load_n(&c->node[0]->page->peer_gen[1], __ATOMIC_ACQUIRE);
	uint64_t end;

	live_drop_on = 1;
	RMC_TEST_ASSERT(live_wait_drops(LIVE_DROPS, r, w) == 0, "node 1's hellos stopped");
	RMC_TEST_ASSERT(live_node1_up(c->node[0]) &&
		__atomic_load_n(&c->node[0]->page->peer_gen[1], __ATOMIC_ACQUIRE) == gen,
		"node 0 took node 1 down while node 1 answered %" PRIu64 " reads (its hellos "
		"dropped)", __atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE));
	printf("node 1 stayed up on node 0 through %u dropped hellos, %" PRIu64 " reads "
		"taken\n", LIVE_DROPS, __atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE));
	/* No more reads: only hellos could keep node 1 up, and they are dropped. */
	rte_rmc_qp_destroy(qp);
	end = rte_rdtsc() + rte_get_tsc_hz() / 1000 * H_HANG_MS;
	while (live_node1_up(c->node[0]) && rte_rdtsc() < end)
		rte_delay_us_sleep(1000);
	RMC_TEST_ASSERT(!live_node1_up(c->node[0]), "node 1 still up on node 0, silent");
	live_drop_on = 0;
	RMC_TEST_ASSERT(rte_rmc_node_wait_peers(c->node[0], H_HANG_MS) == 0,
		"node 1 not back once its hellos passed");
	printf("silent node 1 went down, and came back with its hellos\n");
	return TEST_SUCCESS;
}

int
eth_liveness_run(const char *driver, const char *args, const char *port_name)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = H_CTX0_SIZE, .driver = driver,
		.driver_args = args };
	const struct rte_eth_rxtx_callback *cb = NULL;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	struct rte_rmc_wqe w;
	struct h_raw r;
	uint16_t port;
	int ret = TEST_FAILED;

	RMC_TEST_ASSERT(rte_eth_dev_get_port_by_name(port_name, &port) == 0, "port %s",
		port_name);
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_live_eth", 2, 2, &conf) == 0, "cluster");
	if (rte_rmc_node_wait_peers(c.node[0], 10000) < 0 ||
			rte_rmc_node_wait_peers(c.node[1], 10000) < 0) {
		printf("FAIL: the nodes did not link\n");
		goto out;
	}
	qp = rte_rmc_qp_create(c.sess[0], LIVE_DEPTH);
	if (qp == NULL || rte_rmc_lbuf_register(c.sess[0], LIVE_READ, &lb) < 0) {
		printf("FAIL: QP or buffer\n");
		goto out;
	}
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.dst_nid = 1;
	w.lbuf_id = lb.id;
	w.length = LIVE_READ;
	memset(&r, 0, sizeof(r));
	r.hdr = qp->hdr;
	r.wq = qp->wq;
	r.cq = qp->cq;
	r.depth = LIVE_DEPTH;
	/* A lying counter (clamped): the CQ never stops the RMC. */
	__atomic_store_n(&r.hdr->cq_consumed, UINT64_MAX, __ATOMIC_RELEASE);
	live_refill(&r, &w);
	cb = rte_eth_add_rx_callback(port, 0, live_rx_cb, NULL);
	if (cb == NULL) {
		printf("FAIL: cannot add an RX callback to port %u\n", port);
		goto out;
	}
	ret = live_phases(&c, qp, &r, &w);
out:
	live_drop_on = 0;
	/* DPDK 22.11 does not free a removed callback: nothing may still run it. */
	if (cb != NULL)
		rte_eth_remove_rx_callback(port, 0, cb);
	rmc_test_cluster_stop(&c);
	return ret;
}
