/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc-test, the runner of the autotests (see rmc_test.h): the EAL set up as
 * meson asks (or without hugepages under valgrind), then the one test named,
 * and the clusters of nodes the tests start inside this process.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_service.h>

#include "rmc_test.h"

static TAILQ_HEAD(, rmc_test) rmc_tests = TAILQ_HEAD_INITIALIZER(rmc_tests);

/*
 * RMC_TEST_NO_HUGE=1 (the 'valgrind' test setup): run the EAL without
 * hugepages (valgrind cannot map them) and keep the nodes off them too.
 */
static int rmc_test_no_huge;

void
rmc_test_register(struct rmc_test *t)
{
	TAILQ_INSERT_TAIL(&rmc_tests, t, next);
}

int
rmc_test_cluster_run(struct rmc_test_cluster *c, unsigned int i)
{
	uint32_t lcores[RTE_MAX_LCORE];
	int j, nsl, ret;

	nsl = rte_service_lcore_list(lcores, RTE_MAX_LCORE);
	if (nsl > 0) {
		ret = rte_rmc_node_service_register(c->node[i], &c->service_id[i]);
		for (j = 0; ret == 0 && j < nsl; j++) {
			rte_service_map_lcore_set(c->service_id[i], lcores[j], 1);
			rte_service_lcore_start(lcores[j]);
		}
	} else {
		ret = rte_rmc_node_launch(c->node[i], rte_get_next_lcore(-1, 1, 0));
	}
	if (ret < 0) {
		printf("cannot start the RMC of node %u: %s\n", i, strerror(-ret));
		return -1;
	}
	c->started++;
	return 0;
}

/*
 * Nodes and sessions of clusters not yet stopped: a test that fails returns
 * without stopping its cluster (a local of the test, gone by then), and EAL
 * cleanup under running nodes crashed (a failure reported as SIGSEGV).
 * main() detaches and destroys what is left before it.
 */
#define RMC_TEST_MAX_LIVE 64
static struct rte_rmc_session *rmc_test_live_sess[RMC_TEST_MAX_LIVE];
static struct rte_rmc_node *rmc_test_live_node[RMC_TEST_MAX_LIVE];

static void
rmc_test_track(void **tab, void *p, int live)
{
	unsigned int i;

	for (i = 0; p != NULL && i < RMC_TEST_MAX_LIVE; i++)
		if (tab[i] == (live ? NULL : p)) {
			tab[i] = live ? p : NULL;
			return;
		}
}

static void
rmc_test_stop_left(void)
{
	unsigned int i, nodes = 0, sessions = 0;

	for (i = 0; i < RMC_TEST_MAX_LIVE; i++) {
		sessions += rmc_test_live_sess[i] != NULL;
		rte_rmc_detach(rmc_test_live_sess[i]);
		rmc_test_live_sess[i] = NULL;
	}
	for (i = 0; i < RMC_TEST_MAX_LIVE; i++) {
		nodes += rmc_test_live_node[i] != NULL;
		rte_rmc_node_destroy(rmc_test_live_node[i]);
		rmc_test_live_node[i] = NULL;
	}
	if (nodes + sessions > 0)
		printf("stopped %u node(s) and %u session(s) the test left running\n", nodes,
			sessions);
}

const char *rmc_test_fabric_conf;
uint32_t rmc_test_proto_timeout_ms;

int
rmc_test_cluster_start(struct rmc_test_cluster *c, const char *name, unsigned int count,
		unsigned int run, const struct rte_rmc_node_conf *conf)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000, .verbose = 0 };
	struct rte_rmc_node_conf nc;
	char args[256];
	unsigned int i;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->count = count;
	for (i = 0; i < count; i++) {
		if (conf != NULL)
			nc = *conf;
		else
			memset(&nc, 0, sizeof(nc));
		nc.cluster = c->name;
		nc.node_id = i;
		nc.node_count = count;
		if (nc.ctx0_size == 0)
			nc.ctx0_size = 1 << 20;
		if (rmc_test_no_huge)
			nc.huge = RTE_RMC_HUGE_OFF;
		/* Per-node driver arguments: "%u" stands for the node id. */
		if (nc.driver_args != NULL && strstr(nc.driver_args, "%u") != NULL) {
			snprintf(args, sizeof(args), nc.driver_args, i);
			nc.driver_args = args;
		}
		if (nc.fabric_conf == NULL)
			nc.fabric_conf = rmc_test_fabric_conf;
		if (nc.proto_timeout_ms < rmc_test_proto_timeout_ms)
			nc.proto_timeout_ms = rmc_test_proto_timeout_ms;
		c->node[i] = rte_rmc_node_create(&nc);
		rmc_test_track((void **)rmc_test_live_node, c->node[i], 1);
		if (c->node[i] == NULL) {
			printf("cannot create node %u: %s\n", i, rte_strerror(rte_errno));
			return -1;
		}
	}
	for (i = 0; i < run; i++)
		if (rmc_test_cluster_run(c, i) < 0)
			return -1;
	for (i = 0; i < count; i++) {
		c->sess[i] = rte_rmc_attach(c->name, i, &ao);
		rmc_test_track((void **)rmc_test_live_sess, c->sess[i], 1);
		if (c->sess[i] == NULL) {
			printf("cannot attach to node %u: %s\n", i, rte_strerror(rte_errno));
			return -1;
		}
	}
	return 0;
}

void
rmc_test_cluster_stop(struct rmc_test_cluster *c)
{
	unsigned int i;

	for (i = 0; i < c->count; i++) {
		rmc_test_track((void **)rmc_test_live_sess, c->sess[i], 0);
		rte_rmc_detach(c->sess[i]);
	}
	for (i = 0; i < c->count; i++) {
		rmc_test_track((void **)rmc_test_live_node, c->node[i], 0);
		rte_rmc_node_destroy(c->node[i]);
	}
	memset(c, 0, sizeof(*c));
}

static char rmc_test_memif_sock[64], rmc_test_memif_conf[64];

int
rmc_test_memif_pair(const char *tag, unsigned int mac_byte)
{
	unsigned int i, salt = (unsigned int)getpid() & 0xff;
	char dev[256];
	FILE *f;

	snprintf(rmc_test_memif_sock, sizeof(rmc_test_memif_sock), "/tmp/rmc-%s-%d.sock", tag,
		(int)getpid());
	snprintf(rmc_test_memif_conf, sizeof(rmc_test_memif_conf), "/tmp/rmc-%s-%d.conf", tag,
		(int)getpid());
	f = fopen(rmc_test_memif_conf, "w");
	if (f == NULL)
		return -1;
	for (i = 0; i < 2; i++)
		fprintf(f, "node %u 02:00:00:%02x:%02x:%02x\n", i, mac_byte, salt, i);
	if (fclose(f) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(dev, sizeof(dev), "net_memif_%s%u,role=%s,socket=%s,socket-abstract=no,"
			"mac=02:00:00:%02x:%02x:%02x", tag, i, i == 0 ? "server" : "client",
			rmc_test_memif_sock, mac_byte, salt, i);
		if (rte_dev_probe(dev) != 0) {
			printf("cannot probe %s\n", dev);
			return -1;
		}
	}
	rmc_test_fabric_conf = rmc_test_memif_conf;
	return 0;
}

void
rmc_test_memif_pair_done(void)
{
	rmc_test_fabric_conf = NULL;
	unlink(rmc_test_memif_conf);
	unlink(rmc_test_memif_sock);
}

void
rmc_test_cluster_detach(struct rmc_test_cluster *c, unsigned int i)
{
	rmc_test_track((void **)rmc_test_live_sess, c->sess[i], 0);
	rte_rmc_detach(c->sess[i]);
	c->sess[i] = NULL;
}

void
rmc_test_cluster_drop(struct rmc_test_cluster *c, unsigned int i)
{
	rmc_test_cluster_detach(c, i);
	rmc_test_track((void **)rmc_test_live_node, c->node[i], 0);
	rte_rmc_node_destroy(c->node[i]);
	c->node[i] = NULL;
}

/*
 * 1 if the test probed net_memif ports. DPDK 22.11's memif frees a server
 * socket when its port closes without unregistering the listener's interrupt
 * callback (drivers/eth_remote, eth_fini()): the EAL's cleanup closes it while
 * the interrupt thread may still run that callback, and 2 to 3 runs in 100 of
 * the in-process eth tests died of SIGSEGV there under load, after their
 * verdict. Such a process ends without the EAL's cleanup: it uses no
 * hugepages (--no-huge --no-shconf) and leaves no file behind.
 */
static int
rmc_test_has_memif(void)
{
	struct rte_eth_dev_info info;
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port)
		if (rte_eth_dev_info_get(port, &info) == 0 && info.driver_name != NULL &&
				strcmp(info.driver_name, "net_memif") == 0)
			return 1;
	return 0;
}

static char **
rmc_test_no_huge_args(int *argc, char **argv)
{
	static char *extra[] = { "--no-huge", "-m", "256", "--no-shconf" };
	char **out = calloc(*argc + RTE_DIM(extra) + 1, sizeof(*out));
	int i, n = 0;

	if (out == NULL)
		return argv;
	for (i = 0; i < *argc; i++)
		if (strcmp(argv[i], "--in-memory") != 0)
			out[n++] = argv[i];
	for (i = 0; i < (int)RTE_DIM(extra); i++)
		out[n++] = extra[i];
	*argc = n;
	return out;
}

/*
 * Under AddressSanitizer: leave SIGBUS to the RMC, which turns a fault in its
 * access to an application's memory into that request's error (rmc_fault.c).
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "handle_sigbus=0";
}

unsigned int
rmc_test_ops(unsigned int n)
{
	if (getenv("RMC_TEST_MEMCHECK") == NULL)
		return n;
	return n / 5 > 0 ? n / 5 : 1;
}

int
main(int argc, char **argv)
{
	const char *name = getenv("DPDK_TEST");
	char rundir[] = "/tmp/rmc-test-XXXXXX";
	struct rmc_test *t;
	int ret;

	/*
	 * meson captures stdout in a pipe: line-buffered, a test's FAIL line
	 * is not lost with the buffer when the process is killed by a signal.
	 */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("RMC_TEST_NO_HUGE") != NULL) {
		rmc_test_no_huge = 1;
		argv = rmc_test_no_huge_args(&argc, argv);
	}

	/* Keep the test's sockets away from any cluster running on the host. */
	if (getenv("RMC_RUNTIME_DIR") == NULL) {
		if (mkdtemp(rundir) == NULL) {
			perror("mkdtemp");
			return TEST_FAILED;
		}
		setenv("RMC_RUNTIME_DIR", rundir, 1);
	}
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		return TEST_FAILED;
	}
	argc -= ret;
	argv += ret;
	if (argc > 1)
		name = argv[1];
	if (name == NULL) {
		printf("name a test with DPDK_TEST=<name> or as an argument; tests:\n");
		TAILQ_FOREACH(t, &rmc_tests, next)
			printf("  %-32s %s%s\n", t->name, t->suite, t->memcheck ? " memcheck" : "");
		rte_eal_cleanup();
		return TEST_FAILED;
	}
	TAILQ_FOREACH(t, &rmc_tests, next)
		if (strcmp(t->name, name) == 0)
			break;
	if (t == NULL) {
		printf("no test named '%s'\n", name);
		rte_eal_cleanup();
		return TEST_FAILED;
	}
	ret = t->fn();
	printf("%s: %s\n", name, ret == TEST_SUCCESS ? "Test OK" :
		ret == TEST_SKIPPED ? "Test Skipped" : "Test Failed");
	rmc_test_stop_left();
	rte_service_lcore_reset_all();
	if (!rmc_test_has_memif())
		rte_eal_cleanup();
	if (strcmp(getenv("RMC_RUNTIME_DIR"), rundir) == 0)
		rmdir(rundir);
	fflush(stdout);
	return ret;
}

int
rmc_test_latency_file(char *path, size_t len, unsigned int lo, unsigned int step,
		const char *comment)
{
	FILE *f;
	int fd, i;

	snprintf(path, len, "/tmp/rmc_lat_XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		return -1;
	}
	if (comment != NULL)
		fprintf(f, "%s\n", comment);
	for (i = 0; i < 200; i++)
		fprintf(f, "%u\n", lo + step * (unsigned int)((i * 37) % 200));
	return fclose(f) == 0 ? 0 : -1;
}
