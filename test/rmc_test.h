/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_TEST_H_
#define _RMC_TEST_H_

/*
 * Autotest framework of the project, in the shape of DPDK 22.11's
 * REGISTER_TEST_COMMAND (rte_test.h is not installed): each test registers
 * itself; rmc-test runs the one named by $DPDK_TEST or its first argument
 * after the EAL arguments. Exit status: 0 pass, 1 fail, 77 skip.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/queue.h>

#include <rte_common.h>

#include <rte_rmc.h>
#include <rte_rmc_node.h>

#define TEST_SUCCESS 0
#define TEST_FAILED 1
#define TEST_SKIPPED 77

#define RMC_TEST_ASSERT(cond, fmt, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: %s: " fmt "\n", __FILE__, __LINE__, #cond, ##__VA_ARGS__); \
		return TEST_FAILED; \
	} \
} while (0)

#define RMC_TEST_ASSERT_EQ(a, b, fmt, ...) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) { \
		printf("FAIL %s:%d: %s == %s: %lld != %lld: " fmt "\n", __FILE__, __LINE__, \
			#a, #b, _a, _b, ##__VA_ARGS__); \
		return TEST_FAILED; \
	} \
} while (0)

/* Assert a request status, printing its text when it differs. */
#define RMC_TEST_ASSERT_STATUS(st, want) do { \
	int _s = (st), _w = (want); \
	if (_s != _w) { \
		printf("FAIL %s:%d: status %d (%s), expected %d (%s)\n", __FILE__, __LINE__, \
			_s, rte_rmc_strerror(_s), _w, rte_rmc_strerror(_w)); \
		return TEST_FAILED; \
	} \
} while (0)

typedef int (rmc_test_fn_t)(void);

/*
 * A registered test and how meson runs it. The registration is the only
 * list of tests: test/list_autotests.py reads the RMC_REGISTER_TEST() lines
 * of the sources at configure time and test/meson.build makes one meson test
 * of each, so the attributes below are given as designated initialisers
 * (".suite = ...") on the registration itself.
 */
struct rmc_test {
	TAILQ_ENTRY(rmc_test) next;
	const char *name;
	rmc_test_fn_t *fn;
	const char *suite;      /* meson suite: fast-tests, fabric, reliability */
	unsigned int timeout;   /* meson timeout, in seconds */
	int no_huge;            /* runs without hugepages too */
	int memcheck;           /* also in the memcheck suite (run under valgrind) */
};

void rmc_test_register(struct rmc_test *t);

/*
 * How many of 'n' random operations a test runs: all of them, or a fifth
 * under RMC_TEST_MEMCHECK=1 (the 'valgrind' test setup). Memcheck looks for
 * memory errors on the paths the operations take, which a fifth takes as
 * well; the counts themselves are the release and ASan runs' job. The three
 * longest memcheck tests took 58 to 143 s each at full count, a fifth of CI.
 */
unsigned int rmc_test_ops(unsigned int n);

/*
 * RMC_REGISTER_TEST(name, function, .suite = "...", .timeout = N[, .no_huge = 1]
 *	[, .memcheck = 1]); at column 0, as the list script expects (it may go
 * on over the next lines). The name is the meson test name and $DPDK_TEST.
 */
#define RMC_REGISTER_TEST(nm, func, ...) \
	static struct rmc_test rmc_test_ ## nm = { .name = #nm, .fn = func, __VA_ARGS__ }; \
	RTE_INIT(rmc_test_init_ ## nm) \
	{ \
		rmc_test_register(&rmc_test_ ## nm); \
	}

/*
 * A cluster of nodes hosted by the test process, their RMCs as services on
 * the service lcores (or on the last worker lcore when there is none), and a
 * session to each node. Each test gets its own cluster name.
 */
struct rmc_test_cluster {
	struct rte_rmc_node *node[RTE_RMC_MAX_NODES];
	struct rte_rmc_session *sess[RTE_RMC_MAX_NODES];
	unsigned int count;
	unsigned int started;   /* nodes whose RMC runs */
	uint32_t service_id[RTE_RMC_MAX_NODES];
	char name[RTE_RMC_NAME_MAX];
};

/* Fabric configuration of the next clusters whose conf names none (eth). */
extern const char *rmc_test_fabric_conf;
/* Protocol time-out at least this long in the next clusters (0: theirs). */
extern uint32_t rmc_test_proto_timeout_ms;

/*
 * eth in one process: probe two net_memif ports linked by one socket,
 * net_memif_<tag>0 (server) and net_memif_<tag>1, write the fabric file of
 * two nodes (MACs 02:00:00:<mac_byte>:<pid>:<id>) and make it the next
 * clusters' (driver argument "ports=net_memif_<tag>%u"). 0 or -1, logged.
 */
int rmc_test_memif_pair(const char *tag, unsigned int mac_byte);
/* Forget the fabric file and remove it and the socket. */
void rmc_test_memif_pair_done(void);

/*
 * Start 'count' nodes (conf may be NULL for defaults; its id/count/cluster
 * fields are set here; "%u" in its driver_args stands for each node's id) and
 * attach a session to each of the first 'attach'.
 * 'run' nodes get a running RMC (the others exist but never serve).
 */
int rmc_test_cluster_start(struct rmc_test_cluster *c, const char *name, unsigned int count,
		unsigned int run, const struct rte_rmc_node_conf *conf);
void rmc_test_cluster_stop(struct rmc_test_cluster *c);
/* Detach node i's session (an application that went away). */
void rmc_test_cluster_detach(struct rmc_test_cluster *c, unsigned int i);
/*
 * Detach node i's session and destroy the node (a node that went away);
 * tests must not detach or destroy a started cluster's members otherwise.
 */
void rmc_test_cluster_drop(struct rmc_test_cluster *c, unsigned int i);

/* Start the RMC of node i of a cluster started with fewer running nodes. */
int rmc_test_cluster_run(struct rmc_test_cluster *c, unsigned int i);

/*
 * A latency file for an empirical law (rmcd --latency-law file:PATH): 200
 * values from 'lo' ns by 'step', in a scrambled order, after the line
 * 'comment' when not NULL; a new file under /tmp, its path in path. 0 or -1.
 */
int rmc_test_latency_file(char *path, size_t len, unsigned int lo, unsigned int step,
		const char *comment);

#endif /* _RMC_TEST_H_ */
