/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc-testpmd: start a cluster in this process (or attach to a running one),
 * then read commands at a prompt, from standard input or from a file. In the
 * non-interactive modes the exit status says whether every command
 * succeeded: 0 if all did, 1 if any failed (each failure is printed with its
 * reason and the following commands still run), 2 for a bad command line.
 */

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_service.h>

#include "testpmd.h"
#include "testpmd_catchall.h"
#include "testpmd_cluster.h"
#include "testpmd_eal.h"
#include "testpmd_out.h"
#include "testpmd_script.h"

static void
tp_on_signal(int sig)
{
	RTE_SET_USED(sig);
	tp.quit = 1;
}

/*
 * SIGINT/SIGTERM end the input loop (the blocking read is interrupted), so
 * that the cluster is stopped cleanly. Only the main thread takes them.
 */
static void
tp_signals(int block)
{
	struct sigaction sa;
	sigset_t sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &sigs, NULL);
	if (block)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tp_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int
tp_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	RTE_SET_USED(st);
	RTE_SET_USED(flag);
	RTE_SET_USED(ftw);
	return remove(path);
}

static int
tp_eal_start(void)
{
	char err[256];
	int ret;

	if (tp_complete_eal_args(&tp.o, err, sizeof(err)) < 0) {
		fprintf(stderr, "rmc-testpmd: %s\n", err);
		return -1;
	}
	tp_signals(1);
	ret = rte_eal_init(tp.o.eal_argc, tp.o.eal_argv);
	tp_signals(0);
	if (ret < 0) {
		fprintf(stderr, "rmc-testpmd: EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		return -1;
	}
	snprintf(tp.eal_dir, sizeof(tp.eal_dir), "%s", rte_eal_get_runtime_dir());
	return 0;
}

static void
tp_eal_stop(void)
{
	rte_service_lcore_reset_all();
	rte_eal_cleanup();
	/* The folder EAL made for our own prefix (its telemetry socket). */
	if (tp.o.own_prefix && strstr(tp.eal_dir, "/sonuma_") != NULL)
		nftw(tp.eal_dir, tp_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static int
tp_run(void)
{
	FILE *f;

	if (tp.o.cmdfile[0] != '\0') {
		f = fopen(tp.o.cmdfile, "r");
		if (f == NULL) {
			tp_error("cannot open %s: %s", tp.o.cmdfile, strerror(errno));
			return 1;
		}
		tp_run_script(f);
		fclose(f);
	} else if (!isatty(STDIN_FILENO)) {
		tp_run_script(stdin);
	} else {
		tp_interact();
		return 0;
	}
	if (tp.nb_failed > 0) {
		tp_printf("rmc-testpmd: %u command%s failed\n", tp.nb_failed,
			tp.nb_failed == 1 ? "" : "s");
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char err[256];
	int ret;

	if (tp_parse_args(argc, argv, &tp.o, err, sizeof(err)) < 0) {
		fprintf(stderr, "rmc-testpmd: %s; see rmc-testpmd --help\n", err);
		return 2;
	}
	if (tp.o.help) {
		tp_usage("rmc-testpmd");
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (tp.o.cmdfile[0] == '\0' && isatty(STDIN_FILENO))
		tp_interact_log();
	if (tp.o.attach) {
		/* Attaching needs no EAL: the nodes hand over their segments. */
		if (tp.o.eal_given)
			fprintf(stderr, "rmc-testpmd: EAL options are not used with --attach\n");
		tp_signals(0);
		if (tp_attach_start() < 0) {
			tp_cluster_stop();
			return 1;
		}
		tp_printf("rmc-testpmd: attached to cluster '%s' (%u nodes, rmcd processes); "
			"node %u issues operations\n", tp.o.cluster, tp.nb_nodes, tp.cur);
		ret = tp_run();
		tp_catchall_fini();
		tp_cluster_stop();
		return ret;
	}
	if (tp_eal_start() < 0)
		return 1;
	if (tp_cluster_start() < 0) {
		tp_cluster_stop();
		tp_eal_stop();
		return 1;
	}
	tp_printf("rmc-testpmd: cluster '%s', %u nodes in this process; RMCs: %s\n",
		tp.o.cluster, tp.nb_nodes, tp.where);
	tp_printf("rmc-testpmd: %s; telemetry: dpdk-telemetry.py -f %s\n",
		tp.o.ctx0_size ? "every node has a context 0" :
		"no context yet: create them with 'ctx create'", tp.o.prefix);
	ret = tp_run();
	tp_catchall_fini();
	tp_cluster_stop();
	tp_eal_stop();
	return ret;
}
