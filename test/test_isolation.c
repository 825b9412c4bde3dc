/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Applications never map a peer's memory unless the operator allowed inline
 * mode and the application asked for it at attach; a read-only context then
 * comes as a descriptor that cannot be mapped writable. The tests talk to
 * the node's control socket directly, as a hostile application would.
 */

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_errno.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_test.h"
#include "rmc_test_ctl.h"

#define ISO_CTX_SIZE (1u << 20)

/* Two nodes in this process; node 1 has a read-only context 1. */
static int
iso_nodes(const char *cluster, uint32_t flags, struct rte_rmc_node *node[2])
{
	struct rte_rmc_node_conf nc = { .cluster = cluster, .node_count = 2,
		.ctx0_size = ISO_CTX_SIZE, .flags = flags };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		nc.node_id = i;
		node[i] = rte_rmc_node_create(&nc);
		if (node[i] == NULL) {
			printf("node %u: %s\n", i, rte_strerror(rte_errno));
			return -1;
		}
	}
	/* Each node sees the other (bounded: 10 s, far above a slow start). */
	for (i = 0; i < 10000 && (rte_rmc_node_peers_up(node[0]) != 1 ||
			rte_rmc_node_peers_up(node[1]) != 1); i++)
		usleep(1000);
	if (i == 10000) {
		printf("the two nodes did not see each other\n");
		return -1;
	}
	/* Announced to node 0, which has it once this returns. */
	return rte_rmc_node_ctx_create(node[1], 1, 4096, RTE_RMC_PERM_RO);
}

/* Ask for context 'id' of node 'nid'; the reply's result, the descriptor in *rfd. */
static int
iso_peer_ctx(int fd, uint16_t nid, uint16_t id, struct rmc_ctl_msg *m, int *rfd)
{
	rmc_ctl_init(m, RMC_CTL_PEER_CTX_MAP);
	m->u.ctx.nid = nid;
	m->u.ctx.id = id;
	return rmc_test_ctl_call(fd, m, rfd);
}

static void
iso_destroy(struct rte_rmc_node *node[2])
{
	rte_rmc_node_destroy(node[0]);
	rte_rmc_node_destroy(node[1]);
}

/* A session that did not ask for inline mode gets no peer context, nothing mapped writable. */
static int
peer_ctx_refused(void)
{
	struct rte_rmc_node *node[2];
	struct rmc_ctl_msg m;
	int fd, rfd, ret;
	uint16_t nid;

	RMC_TEST_ASSERT(iso_nodes("t_iso_ref", RTE_RMC_NODE_F_ALLOW_INLINE, node) == 0, "nodes");
	fd = rmc_test_ctl_hello(node[0], "t_iso_ref", 0, &m);
	RMC_TEST_ASSERT(fd >= 0 && m.result == 0, "hello: %d %.*s", m.result,
		RMC_CTL_TEXT_MAX, m.u.text);
	for (nid = 0; nid < 2; nid++) {
		ret = iso_peer_ctx(fd, nid, 0, &m, &rfd);
		if (rfd >= 0)
			close(rfd);
		RMC_TEST_ASSERT(ret == -EPERM && rfd < 0,
			"node %u's context handed to a session without inline mode: %d fd %d",
			nid, ret, rfd);
		RMC_TEST_ASSERT(strstr(m.u.text, "inline mode") != NULL, "says why: %.*s",
			RMC_CTL_TEXT_MAX, m.u.text);
	}
	/*
	 * The status page is every session's (the latency model is in it), but
	 * read-only: no application changes what the others read there.
	 */
	rmc_ctl_init(&m, RMC_CTL_NODE_PAGE);
	ret = rmc_test_ctl_call(fd, &m, &rfd);
	RMC_TEST_ASSERT(ret == 0 && rfd >= 0, "page: %d fd %d", ret, rfd);
	{
		void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);

		if (w != MAP_FAILED)
			munmap(w, 4096);
		close(rfd);
		RMC_TEST_ASSERT(w == MAP_FAILED, "the status page could be mapped writable");
	}
	close(fd);
	iso_destroy(node);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(isolation_peer_ctx_refused_autotest, peer_ctx_refused,
	.suite = "fast-tests", .timeout = 30, .no_huge = 1, .memcheck = 1);

/* Inline mode on a node that does not allow it: attach fails, naming the option. */
static int
inline_forbidden(void)
{
	struct rte_rmc_attach_opts io = { .timeout_ms = 300, .inline_mode = 1 };
	struct rte_rmc_node *node[2];
	struct rte_rmc_session *s;
	struct rmc_ctl_msg m;
	int fd, rfd, ret;

	RMC_TEST_ASSERT(iso_nodes("t_iso_forbid", 0, node) == 0, "nodes");
	fd = rmc_test_ctl_hello(node[0], "t_iso_forbid", RMC_HELLO_F_INLINE, &m);
	RMC_TEST_ASSERT(fd >= 0, "hello");
	RMC_TEST_ASSERT(m.result == -EPERM, "inline hello on a forbidding node: %d", m.result);
	RMC_TEST_ASSERT(strstr(m.u.text, "--allow-inline") != NULL, "names the option: %.*s",
		RMC_CTL_TEXT_MAX, m.u.text);
	/* Refused at hello: the session is not introduced and gets nothing. */
	ret = iso_peer_ctx(fd, 1, 0, &m, &rfd);
	if (rfd >= 0)
		close(rfd);
	RMC_TEST_ASSERT(ret < 0 && rfd < 0, "peer context after a refused hello: %d", ret);
	close(fd);
	s = rte_rmc_attach("t_iso_forbid", 0, &io);
	RMC_TEST_ASSERT(s == NULL, "inline attach to a node that forbids it succeeded");
	RMC_TEST_ASSERT_EQ(rte_errno, EPERM, "attach error");
	iso_destroy(node);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(isolation_inline_forbidden_autotest, inline_forbidden,
	.suite = "fast-tests", .timeout = 30, .no_huge = 1, .memcheck = 1);

/* A read-only context's descriptor cannot be mapped writable; a writable one can. */
static int
inline_ro_descriptor(void)
{
	struct rte_rmc_node *node[2];
	struct rmc_ctl_msg m;
	unsigned int i;
	void *addr;
	int fd, rfd, ret;

	RMC_TEST_ASSERT(iso_nodes("t_iso_ro", RTE_RMC_NODE_F_ALLOW_INLINE, node) == 0, "nodes");
	fd = rmc_test_ctl_hello(node[0], "t_iso_ro", RMC_HELLO_F_INLINE, &m);
	RMC_TEST_ASSERT(fd >= 0 && m.result == 0, "inline hello: %d", m.result);
	/* Node 0 may map node 1's new context a little later (bounded: 10 s). */
	for (i = 0; (ret = iso_peer_ctx(fd, 1, 1, &m, &rfd)) < 0 && ret != -EPIPE && i < 1000;
			i++)
		usleep(10000);
	RMC_TEST_ASSERT(ret == 0 && rfd >= 0, "read-only context: %d %.*s", ret,
		RMC_CTL_TEXT_MAX, m.u.text);
	RMC_TEST_ASSERT_EQ(m.u.ctx.perm, RTE_RMC_PERM_RO, "perm");
	addr = mmap(NULL, m.u.ctx.map_size, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	RMC_TEST_ASSERT(addr == MAP_FAILED, "read-only context mapped writable");
	addr = mmap(NULL, m.u.ctx.map_size, PROT_READ, MAP_SHARED, rfd, 0);
	RMC_TEST_ASSERT(addr != MAP_FAILED, "read-only mapping: %s", strerror(errno));
	RMC_TEST_ASSERT(mprotect(addr, m.u.ctx.map_size, PROT_READ | PROT_WRITE) < 0,
		"made writable by mprotect");
	munmap(addr, m.u.ctx.map_size);
	close(rfd);
	/* Context 0 is read-write: writable, as inline mode needs. */
	ret = iso_peer_ctx(fd, 1, 0, &m, &rfd);
	RMC_TEST_ASSERT(ret == 0 && rfd >= 0, "read-write context: %d", ret);
	addr = mmap(NULL, m.u.ctx.map_size, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	RMC_TEST_ASSERT(addr != MAP_FAILED, "read-write context: %s", strerror(errno));
	munmap(addr, m.u.ctx.map_size);
	close(rfd);
	close(fd);
	iso_destroy(node);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(isolation_inline_ro_descriptor_autotest, inline_ro_descriptor,
	.suite = "fast-tests", .timeout = 30, .no_huge = 1, .memcheck = 1);
