/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * An application's ITT share: another process (forked, so that it is
 * another application to the node) keeps every QP it may have full of 1 MiB
 * reads; the ITT entries it holds never exceed its share, and this process
 * still completes large transfers meanwhile. When it dies, everything it
 * held comes back.
 *
 * On shm the reads take the direct path (the node's ITT); on ring they go to
 * node 1 as protocol requests, each holding an entry of node 0's protocol
 * ITT: the share, scaled to that table (rmc_quota_proto_share()), bounds them.
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_errno.h>

#include "rmc_app.h"
#include "rmc_private.h"
#include "rmc_proto.h"
#include "hostile_env.h"
#include "rel_scenarios.h"

#define SHARE_QPS 8
#define SHARE_ITT 64
#define SHARE_DEPTH 512
#define SHARE_BOUND_MS 5000 /* never reached: the test limit is 24x it */

/* The hog, in the child: fill its QPs with large reads, report, wait for EOF. */
static void
share_hog(const char *cluster, int ready_fd, int stop_fd)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000 };
	struct rte_rmc_session *s = rte_rmc_attach(cluster, 0, &ao);
	struct rte_rmc_qp *qp[SHARE_QPS];
	struct rte_rmc_lbuf lb;
	struct rte_rmc_wqe w;
	struct h_raw r;
	unsigned int q, i;
	char c = 1;

	if (s == NULL || rte_rmc_lbuf_register(s, H_CTX0_SIZE, &lb) < 0)
		_exit(2);
	for (q = 0; q < SHARE_QPS; q++) {
		qp[q] = rte_rmc_qp_create(s, SHARE_DEPTH);
		if (qp[q] == NULL)
			_exit(3);
	}
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.dst_nid = 1;
	w.lbuf_id = lb.id;
	w.length = H_CTX0_SIZE;
	for (q = 0; q < SHARE_QPS; q++) {
		memset(&r, 0, sizeof(r));
		r.hdr = qp[q]->hdr;
		r.wq = qp[q]->wq;
		r.cq = qp[q]->cq;
		r.depth = SHARE_DEPTH;
		/* A lying counter (clamped): the CQ never stops the RMC. */
		__atomic_store_n(&r.hdr->cq_consumed, UINT64_MAX, __ATOMIC_RELEASE);
		for (i = 0; i < SHARE_DEPTH; i++)
			h_raw_post(&r, &w);
	}
	if (write(ready_fd, &c, 1) != 1)
		_exit(4);
	/* Hold everything until the parent closes its end (or dies). */
	while (read(stop_fd, &c, 1) > 0)
		;
	_exit(0);
}

static int
share_wait_ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	if (poll(&p, 1, SHARE_BOUND_MS) != 1 || read(fd, &c, 1) != 1)
		return -1;
	return 0;
}

/* ITT entries in use on node 0: the node's, or its protocol ITT's. -1 on error. */
static int64_t
share_in_use(struct rte_rmc_node *node, const char *driver)
{
	struct rte_rmc_usage u;

	if (driver != NULL)
		return rmc_proto_in_use(node);
	if (rte_rmc_node_usage_get(node, &u) < 0)
		return -1;
	return u.itt_in_use;
}

int
app_itt_share_run(const char *driver, const char *args)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = H_CTX0_SIZE, .chunk_size = H_CHUNK,
		.app_max_qps = SHARE_QPS, .app_itt_share = SHARE_ITT, .driver = driver,
		.driver_args = args };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	int ready[2], stop[2], st, i;
	uint32_t max_itt = 0, share = SHARE_ITT;
	int64_t used;
	pid_t pid;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, driver != NULL ? "t_share_r" : "t_share", 2,
		2, &conf) == 0, "cluster");
	if (driver != NULL) {
		share = rmc_quota_proto_share(c.node[0]);
		RMC_TEST_ASSERT(rte_rmc_node_wait_peers(c.node[0], 10000) == 0 &&
			rte_rmc_node_wait_peers(c.node[1], 10000) == 0, "the nodes did not link");
	}
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 256 << 10, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 32);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT(pipe(ready) == 0 && pipe(stop) == 0, "pipes");
	fflush(stdout);
	pid = fork();
	RMC_TEST_ASSERT(pid >= 0, "fork");
	if (pid == 0) {
		close(ready[0]);
		close(stop[1]);
		share_hog(c.name, ready[1], stop[0]);
	}
	close(ready[1]);
	close(stop[0]);
	if (share_wait_ready(ready[0]) < 0) {
		printf("FAIL: the hog did not start\n");
		goto fail;
	}
	/* Its share, whatever it posted: sampled over many RMC passes. */
	for (i = 0; i < 200; i++) {
		if (h_wait_passes(c.node[0], 2) < 0)
			goto fail;
		used = share_in_use(c.node[0], driver);
		if (used < 0)
			goto fail;
		max_itt = RTE_MAX(max_itt, (uint32_t)used);
	}
	printf("%s entries held by an application with %u QPs full of 1 MiB reads: at most "
		"%u (share %u)\n", driver != NULL ? "protocol ITT" : "ITT", SHARE_QPS, max_itt,
		share);
	if (max_itt > share || max_itt == 0) {
		printf("FAIL: ITT entries held %u, share %u\n", max_itt, share);
		goto fail;
	}
	/* Another application's large transfers go on meanwhile. */
	for (i = 0; i < 4; i++) {
		st = rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 256 << 10, SHARE_BOUND_MS * 1000);
		if (st != RTE_RMC_STATUS_OK) {
			printf("FAIL: large read during the hog: %s\n", rte_rmc_strerror(st));
			goto fail;
		}
	}
	close(stop[1]);
	close(ready[0]);
	RMC_TEST_ASSERT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		"hog exit status %d", st);
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
fail:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(stop[1]);
	close(ready[0]);
	rmc_test_cluster_stop(&c);
	return TEST_FAILED;
}
static int
app_itt_share(void)
{
	return app_itt_share_run(NULL, NULL);
}
RMC_REGISTER_TEST(app_itt_share_autotest, app_itt_share,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
app_itt_share_ring(void)
{
	return app_itt_share_run("ring", NULL);
}
RMC_REGISTER_TEST(app_itt_share_ring_autotest, app_itt_share_ring,
	.suite = "reliability", .timeout = 120, .no_huge = 1);
