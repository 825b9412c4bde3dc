/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A limit is never held by the dead: a node at its QP limit, or at its
 * local-buffer memory limit, because of an application that has just been
 * killed, must serve the next request for a QP or a buffer, even when the
 * dead application's hang-up is still waiting behind that request on the
 * control thread; and a context id the dead application's context took is
 * free again for a new context, not "already exists".
 *
 * Deterministic, by order and not by time: the test holds the node lock
 * (what the control thread takes to serve any request) while it sends its
 * request, kills the application and reaps it, so that the control thread
 * cannot have handled the hang-up before the request: it reads the request
 * first (it became readable first) or waits for the lock with it. Before the
 * node reaped hung-up sessions at a limit, the request was refused (ENOSPC:
 * "node 0 serves 4 QPs already"; ENOMEM: "local-buffer memory limit"); and,
 * once it did, a QP was still refused when the dead application had a buffer
 * too (the buffer, freed at once, ended the wait for the QPs, which need a
 * pass of the RMC).
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_test_ctl.h"

#define LR_MAX_QPS 4
#define LR_LBUF_SIZE (256u << 10)
#define LR_LBUF_MEM (4 * LR_LBUF_SIZE)

/* What the dying application takes, and the test asks for after it. */
enum lr_kind {
	LR_LBUF,  /* buffers, up to the node's buffer memory */
	LR_QP,    /* QPs, up to the node's QP limit (and a buffer) */
	LR_CTX,   /* context LR_CTX_ID, which it creates */
};
#define LR_CTX_ID 5

static void
lr_msg(struct rmc_ctl_msg *m, enum lr_kind kind)
{
	if (kind == LR_QP) {
		rmc_ctl_init(m, RMC_CTL_QP_CREATE);
		m->u.seg.depth = 8;
	} else if (kind == LR_LBUF) {
		rmc_ctl_init(m, RMC_CTL_LBUF_REG);
		m->u.seg.size = LR_LBUF_SIZE;
	} else {
		rmc_ctl_init(m, RMC_CTL_CTX_CREATE);
		m->u.ctx.id = LR_CTX_ID;
		m->u.ctx.size = 4096;
		m->u.ctx.perm = RTE_RMC_PERM_RW;
	}
}

/*
 * The child: an application that takes 'n' of 'kind' of node 0, says so on
 * 'wfd' (one byte: 0 all taken, 1 not) and waits to be killed. It uses
 * only the raw control socket (no EAL, no thread of the parent's).
 */
static void
lr_child(struct rte_rmc_node *node, const char *cluster, enum lr_kind kind, unsigned int n,
		int wfd)
{
	struct rmc_ctl_msg m;
	char ok = 1;
	unsigned int i;
	int fd;

	fd = rmc_test_ctl_hello(node, cluster, 0, &m);
	for (i = 0; fd >= 0 && i < n; i++) {
		lr_msg(&m, kind);
		if (rmc_test_ctl_call(fd, &m, NULL) != 0)
			break;
	}
	/*
	 * With QPs, a buffer too: a departed client's buffers are freed at
	 * once, its QPs after a pass of the RMC, and room of the wrong kind
	 * must not end the wait for a QP slot.
	 */
	if (fd >= 0 && i == n && kind == LR_QP) {
		rmc_ctl_init(&m, RMC_CTL_LBUF_REG);
		m.u.seg.size = 4096;
		if (rmc_test_ctl_call(fd, &m, NULL) != 0)
			i = 0;
	}
	if (fd >= 0 && i == n)
		ok = 0;
	if (write(wfd, &ok, 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

/* Start the child; its pid once it holds everything, or -1. */
static pid_t
lr_fill(struct rmc_test_cluster *c, enum lr_kind kind, unsigned int n)
{
	int p[2];
	pid_t pid;
	char ok = 1;

	if (pipe(p) < 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		lr_child(c->node[0], c->name, kind, n, p[1]);
	}
	close(p[1]);
	if (pid > 0 && (read(p[0], &ok, 1) != 1 || ok != 0)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(p[0]);
	return pid;
}

/*
 * Ask for one more of 'kind' on session 'fd' while the killed
 * application's hang-up cannot have been handled yet. Returns the node's
 * answer (0 or -errno).
 */
static int
lr_ask_while_dying(struct rte_rmc_node *node, int fd, pid_t pid, enum lr_kind kind,
		struct rmc_ctl_msg *m)
{
	int ret, rfd;

	lr_msg(m, kind);
	pthread_mutex_lock(&node->lock);
	ret = rmc_ctl_send(fd, m, -1);
	kill(pid, SIGKILL);
	/* Reaped: its descriptors, its session's socket among them, are closed. */
	waitpid(pid, NULL, 0);
	pthread_mutex_unlock(&node->lock);
	if (ret < 0)
		return -EPIPE;
	ret = rmc_ctl_recv(fd, m, &rfd);
	if (rfd >= 0)
		close(rfd);
	return ret < 0 ? -EPIPE : m->result;
}

static int
limit_reap_dead(void)
{
	/*
	 * The RMC sleeps whenever it has nothing to do: a released QP is
	 * retired only once something wakes it, as on an idle node (the
	 * adaptive policy sleeps after 20 ms), never by chance meanwhile.
	 */
	struct rte_rmc_node_conf conf = { .max_qps = LR_MAX_QPS,
		.lbuf_mem_max = LR_LBUF_MEM, .app_lbuf_mem = LR_LBUF_MEM,
		.idle = RTE_RMC_IDLE_SLEEP };
	struct rmc_test_cluster c;
	struct rte_rmc_usage u;
	struct rmc_ctl_msg m;
	pid_t pid;
	int fd, ret;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_limreap", 1, 1, &conf) == 0, "cluster");
	fd = rmc_test_ctl_hello(c.node[0], c.name, 0, &m);
	RMC_TEST_ASSERT(fd >= 0, "raw session");

	/* QPs: an application takes all 4; while it lives, the limit holds. */
	pid = lr_fill(&c, LR_QP, LR_MAX_QPS);
	RMC_TEST_ASSERT(pid > 0, "the application could not take %u QPs", LR_MAX_QPS);
	lr_msg(&m, LR_QP);
	ret = rmc_test_ctl_call(fd, &m, NULL);
	if (ret != -ENOSPC) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	RMC_TEST_ASSERT_EQ(ret, -ENOSPC, "a fifth QP while the application lives");
	ret = lr_ask_while_dying(c.node[0], fd, pid, LR_QP, &m);
	RMC_TEST_ASSERT_EQ(ret, 0, "QP refused while a dead application held the limit: %.*s",
		RMC_CTL_TEXT_MAX, ret < 0 ? m.u.text : "");

	/* Local-buffer memory: the same, at the node's 1 MiB. */
	pid = lr_fill(&c, LR_LBUF, LR_LBUF_MEM / LR_LBUF_SIZE);
	RMC_TEST_ASSERT(pid > 0, "the application could not take %u bytes of buffers",
		LR_LBUF_MEM);
	lr_msg(&m, LR_LBUF);
	ret = rmc_test_ctl_call(fd, &m, NULL);
	if (ret != -ENOMEM) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	RMC_TEST_ASSERT_EQ(ret, -ENOMEM, "a buffer beyond the memory limit while it lives");
	ret = lr_ask_while_dying(c.node[0], fd, pid, LR_LBUF, &m);
	RMC_TEST_ASSERT_EQ(ret, 0, "buffer refused while a dead application held the limit: "
		"%.*s", RMC_CTL_TEXT_MAX, ret < 0 ? m.u.text : "");

	/*
	 * A context the dead application created (not persistent): it goes
	 * with it, so the id is free for a new one, not handed over, stale,
	 * as "already exists" (which would also make this session its user).
	 */
	pid = lr_fill(&c, LR_CTX, 1);
	RMC_TEST_ASSERT(pid > 0, "the application could not create context %u", LR_CTX_ID);
	ret = lr_ask_while_dying(c.node[0], fd, pid, LR_CTX, &m);
	RMC_TEST_ASSERT_EQ(ret, 0, "context %u of a dead application handed over: %.*s",
		LR_CTX_ID, RMC_CTL_TEXT_MAX, ret < 0 ? m.u.text : "");

	/* What is left is the living session's: one QP and one buffer. */
	RMC_TEST_ASSERT_EQ(rte_rmc_node_usage_get(c.node[0], &u), 0, "usage");
	printf("limit_reap_dead: after the deaths: apps=%u qps=%u lbufs=%u lbuf_bytes=%"
		PRIu64 "\n", u.apps, u.qps, u.lbufs, u.lbuf_bytes);
	RMC_TEST_ASSERT_EQ(u.qps, 1, "QPs left");
	RMC_TEST_ASSERT_EQ(u.lbufs, 1, "buffers left");
	close(fd);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(limit_reap_dead_autotest, limit_reap_dead,
	.suite = "reliability", .timeout = 60, .no_huge = 1, .memcheck = 1);
