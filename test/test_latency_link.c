/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The link of bandwidth(d) is the requester node's, not a process's: two
 * processes attached to node 0 transferring to node 1 at once queue on one
 * link (the later completion comes after both transfers' bytes / bandwidth),
 * and what an application writes into the node's link page (read-write for
 * every session of the node) delays requests by at most the bound and never
 * makes one early. Lower bounds on the test's clock, read before posting;
 * the one upper bound is on the library's own target (deadline - post), a
 * computed figure that the machine's speed does not enter.
 */

#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_cycles.h>

#include "rmc_ctl_msg.h"
#include "rmc_test.h"
#include "rmc_test_ctl.h"
#include "test_latency.h"

#define LINK_CHUNK 4096u
#define LINK_PER_CHUNK_NS (1 * MS)         /* 4 KiB a millisecond */
#define LINK_BYTES (48u * LINK_CHUNK)      /* 48 ms on the link */
#define LINK_BASE_NS (10 * US)

/* The model of node 1 with a link, known to session 0 (bounded wait). */
static int
link_model(struct rmc_test_cluster *c)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	struct rte_rmc_latency_model m;

	if (rte_rmc_node_latency_set(c->node[1], LINK_BASE_NS, LINK_PER_CHUNK_NS) < 0)
		return -1;
	do {
		if (rte_rmc_latency_get(c->sess[0], 1, &m) == 0 && m.on &&
				m.per_chunk_ns == LINK_PER_CHUNK_NS && m.chunk_size == LINK_CHUNK)
			return 0;
	} while (rte_rdtsc() < limit);
	return -1;
}

/* The other process of node 0: one transfer to node 1 when told; its completion TSC. */
static void
link_peer(const char *cluster, int ready_fd, int go_fd, int out_fd)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000 };
	struct rte_rmc_session *s = rte_rmc_attach(cluster, 0, &ao);
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t done;
	char c = 1;

	if (s == NULL || rte_rmc_lbuf_register(s, LINK_BYTES, &lb) < 0)
		_exit(2);
	qp = rte_rmc_qp_create(s, 4);
	if (qp == NULL)
		_exit(3);
	if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
		_exit(4);
	if (rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, LINK_BYTES, 0) != RTE_RMC_STATUS_OK)
		_exit(5);
	done = rte_rdtsc();
	if (write(out_fd, &done, sizeof(done)) != sizeof(done))
		_exit(6);
	_exit(0);
}

/*
 * Two processes, one transfer each, posted after t0: whichever reserved the
 * link second ends its transfer after t0 + 2 * bytes / bandwidth, so the
 * later completion is not before that + base. A link per process would let
 * both end after one transfer's time.
 */
static int
link_two_processes(struct rmc_test_cluster *c, struct rte_rmc_qp *qp,
		const struct rte_rmc_lbuf *lb)
{
	int ready[2], go[2], out[2], st;
	uint64_t t0, mine, theirs, later;
	char b = 1;
	pid_t pid;

	RMC_TEST_ASSERT(pipe(ready) == 0 && pipe(go) == 0 && pipe(out) == 0, "pipes");
	fflush(stdout);
	pid = fork();
	RMC_TEST_ASSERT(pid >= 0, "fork");
	if (pid == 0)
		link_peer(c->name, ready[1], go[0], out[1]);
	RMC_TEST_ASSERT(read(ready[0], &b, 1) == 1, "the other process did not start");
	t0 = rte_rdtsc();
	RMC_TEST_ASSERT(write(go[1], &b, 1) == 1, "go");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, LINK_BYTES, 0),
		RTE_RMC_STATUS_OK);
	mine = rte_rdtsc();
	RMC_TEST_ASSERT(read(out[0], &theirs, sizeof(theirs)) == sizeof(theirs), "its result");
	RMC_TEST_ASSERT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		"the other process: status %d", st);
	later = RTE_MAX(mine, theirs);
	printf("two processes, %u bytes each at 4 KiB/ms: done after %.1f and %.1f ms\n",
		LINK_BYTES, ns_since(t0, mine) / 1e6, ns_since(t0, theirs) / 1e6);
	RMC_TEST_ASSERT(later - t0 >= ns_to_tsc(2 * 48 * LINK_PER_CHUNK_NS + LINK_BASE_NS),
		"the later of two transfers on one node's link completed after %.1f ms, before "
		"both transfers' %u ms", ns_since(t0, later) / 1e6,
		(unsigned int)(2 * 48 * LINK_PER_CHUNK_NS / MS));
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	close(out[0]);
	close(out[1]);
	return TEST_SUCCESS;
}

/* One transfer with the link word set to 'garbage' first; its target in *target_ns. */
static int
link_garbage_one(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		struct rmc_link_page *page, uint64_t garbage, double *target_ns, uint64_t *done)
{
	struct rte_rmc_qp_lat_stats a, b;
	uint64_t t0, t1;

	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &a) == 0, "");
	__atomic_store_n(&page->d[1].free_tsc, garbage, __ATOMIC_RELEASE);
	t0 = rte_rdtsc();
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, LINK_CHUNK, 0),
		RTE_RMC_STATUS_OK);
	t1 = rte_rdtsc();
	*done = t1;
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &b) == 0, "");
	RMC_TEST_ASSERT_EQ(b.count - a.count, 1, "");
	*target_ns = (double)(b.target_ns_sum - a.target_ns_sum);
	RMC_TEST_ASSERT(*target_ns >= (double)(LINK_PER_CHUNK_NS + LINK_BASE_NS) - 1000,
		"link word %#" PRIx64 ": target %.0f ns, below one chunk's time + base", garbage,
		*target_ns);
	/* Never early, whatever the word said. */
	RMC_TEST_ASSERT(t1 - t0 >= ns_to_tsc(LINK_PER_CHUNK_NS + LINK_BASE_NS),
		"link word %#" PRIx64 ": completed after %.0f ns, before one chunk's time + base",
		garbage, ns_since(t0, t1));
	__atomic_store_n(&page->d[1].free_tsc, 0, __ATOMIC_RELEASE);
	return TEST_SUCCESS;
}

/*
 * Another application of node 0 maps the link page (as any may: read-write)
 * and writes garbage into the word of d = 1: far ahead (the request waits
 * the bound, not for ever: its target is the bound + one chunk + base), in
 * the past (no effect: never early).
 */
static int
link_garbage(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb)
{
	const double want = (double)(RMC_LINK_AHEAD_MAX_NS + LINK_PER_CHUNK_NS + LINK_BASE_NS);
	struct rmc_link_page *page;
	struct rmc_ctl_msg m;
	uint64_t word, done;
	double target;
	int fd, rfd, ret;

	fd = rmc_test_ctl_hello(c->node[0], c->name, 0, &m);
	RMC_TEST_ASSERT(fd >= 0 && m.result == 0, "hello");
	rmc_ctl_init(&m, RMC_CTL_LINK_PAGE);
	ret = rmc_test_ctl_call(fd, &m, &rfd);
	RMC_TEST_ASSERT(ret == 0 && rfd >= 0, "link page: %d", ret);
	page = mmap(NULL, m.u.seg.map_size, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	close(rfd);
	RMC_TEST_ASSERT(page != MAP_FAILED, "the link page maps read-write");
	RMC_TEST_ASSERT(link_garbage_one(qp, lb, page, UINT64_MAX, &target, &done) ==
		TEST_SUCCESS,
		"far ahead");
	RMC_TEST_ASSERT(target >= want - 1000 && target <= want + 1000, "garbage far ahead: "
		"target %.0f ns, the bound + chunk + base %.0f ns", target, want);
	RMC_TEST_ASSERT(link_garbage_one(qp, lb, page, 1, &target, &done) == TEST_SUCCESS,
		"past");
	RMC_TEST_ASSERT(target <= LINK_PER_CHUNK_NS + LINK_BASE_NS + 1000, "garbage in the "
		"past: target %.0f ns", target);
	/* A word within the bound is honoured (a shared link's queue): not before it. */
	word = rte_rdtsc() + ns_to_tsc(20 * MS);
	RMC_TEST_ASSERT(link_garbage_one(qp, lb, page, word, &target, &done) == TEST_SUCCESS,
		"queue");
	RMC_TEST_ASSERT(done >= word + ns_to_tsc(LINK_PER_CHUNK_NS + LINK_BASE_NS),
		"behind a link busy for 20 ms: completed %.0f ns before the link was free + "
		"chunk + base", ns_since(done, word + ns_to_tsc(LINK_PER_CHUNK_NS + LINK_BASE_NS)));
	munmap(page, m.u.seg.map_size);
	close(fd);
	return TEST_SUCCESS;
}

static int
latency_link_shared(void)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = 1 << 20, .chunk_size = LINK_CHUNK };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_lat_link", 2, 2, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], LINK_BYTES, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 4);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT(link_model(&c) == 0, "model of node 1 with a link");
	RMC_TEST_ASSERT(link_two_processes(&c, qp, &lb) == TEST_SUCCESS, "two processes");
	RMC_TEST_ASSERT(link_garbage(&c, qp, &lb) == TEST_SUCCESS, "garbage");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

RMC_REGISTER_TEST(latency_link_shared_autotest, latency_link_shared,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1);
