/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc-testpmd's command line. With "--", what stands before it goes to the
 * EAL and what follows is rmc-testpmd's own; without "--", every argument is
 * its own and it picks the EAL arguments itself, as rmcd does.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_eal_args.h"
#include "app_opts.h"
#include "testpmd_args.h"

void
tp_usage(const char *prog)
{
	printf("Usage: %s [EAL options --] [options]\n"
		"\n"
		"Starts a cluster of soNUMA nodes in this process (or attaches to a running\n"
		"cluster of rmcd processes) and reads commands: at a prompt when standard\n"
		"input is a terminal, else from standard input or --cmdfile, then exits\n"
		"with status 0 only if every command succeeded. Type 'help' for the commands.\n"
		"\n"
		"Options:\n"
		"  --nodes N            nodes of the in-process cluster (default 2)\n"
		"  --cluster NAME       cluster name (default testpmd<pid>; with --attach:\n"
		"                       $RMC_CLUSTER or 'default')\n"
		"  --attach [CLUSTER]   drive a running cluster of rmcd processes instead\n"
		"  --ctx0 SIZE          give every node a context 0 of SIZE at start\n"
		"                       (default: no context until 'ctx create')\n"
		"  --driver NAME        remote-memory driver of the nodes (default shm)\n"
		"  --driver-args ARGS   the driver's arguments, '%%u' standing for each node's\n"
		"                       id (eth in one process: ports=net_memif%%u, with one\n"
		"                       --vdev per node given to the EAL)\n"
		"  --fabric-conf FILE   eth: the nodes' addresses (doc/fabric.md)\n"
		"  --idle POLICY        adaptive (default), spin, yield or sleep: RMCs on\n"
		"                       worker lcores (service lcores always poll)\n"
		"  --cmdfile FILE       run the commands of FILE, then exit\n"
		"  --eal-log            print DPDK's own log lines (EAL, telemetry, PMDs);\n"
		"                       default: their errors only (also RMC_EAL_LOG=1)\n"
		"  -h, --help           this text\n"
		"\n"
		"RMC placement: with service lcores (-s/-S) every node's RMC is an rte_service\n"
		"on them; else each node gets a worker lcore, and when there are fewer workers\n"
		"than nodes the workers become service lcores shared by all nodes.\n"
		"\n"
		"Examples:\n"
		"  %s -l 0-1 --no-pci -- --nodes 2\n"
		"  %s -l 0-1 -s 0x2 --no-pci -- --nodes 4 --ctx0 1M\n"
		"  %s --attach mycluster\n",
		prog, prog, prog, prog);
}

/* The options that take a value. */
static int
tp_value_option(const char *a)
{
	static const char *const names[] = { "--nodes", "--cluster", "--ctx0", "--driver",
		"--driver-args", "--fabric-conf", "--idle", "--cmdfile", NULL };
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(a, names[i]) == 0)
			return 1;
	return 0;
}

static int
tp_parse_own(int argc, char **argv, struct tp_opts *o, char *err, size_t errlen)
{
	int i, have_cluster = 0;
	uint64_t v;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = 1;
			continue;
		}
		if (strcmp(a, "--attach") == 0) {
			o->attach = 1;
			/* Optional cluster name. */
			if (val != NULL && val[0] != '-') {
				if (rte_rmc_cluster_name_check(val) < 0)
					return app_err(err, errlen, "--attach '%s': not a cluster "
						"name (1..%u characters among A-Z a-z 0-9 _ . -)",
						val, RTE_RMC_NAME_MAX - 1);
				snprintf(o->cluster, sizeof(o->cluster), "%s", val);
				have_cluster = 1;
				i++;
			}
			continue;
		}
		if (strcmp(a, APP_EAL_LOG_OPT) == 0) {
			o->eal_log = 1;
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			return app_err(err, errlen, "unexpected argument '%s' (EAL options go "
				"before '--')", a);
		if (!tp_value_option(a))
			return app_err(err, errlen, "unknown option '%s'", a);
		if (val == NULL)
			return app_err(err, errlen, "option %s needs a value", a);
		i++;
		if (strcmp(a, "--nodes") == 0) {
			if (rte_rmc_parse_uint(val, RTE_RMC_MAX_NODES, &v) < 0 || v == 0)
				return app_err(err, errlen, "--nodes '%s': must be 1..%u", val,
					RTE_RMC_MAX_NODES);
			o->nb_nodes = v;
		} else if (strcmp(a, "--cluster") == 0) {
			if (app_opt_cluster(val, o->cluster, sizeof(o->cluster), err, errlen) < 0)
				return -1;
			have_cluster = 1;
		} else if (strcmp(a, "--ctx0") == 0) {
			if (rte_rmc_parse_size(val, &o->ctx0_size) < 0 || o->ctx0_size == 0)
				return app_err(err, errlen, "--ctx0 '%s': not a size (examples: "
					"4096, 64K, 1M)", val);
		} else if (strcmp(a, "--driver") == 0) {
			if (app_opt_driver(val, o->driver, sizeof(o->driver), err, errlen) < 0)
				return -1;
		} else if (strcmp(a, "--driver-args") == 0) {
			if (strlen(val) >= sizeof(o->driver_args))
				return app_err(err, errlen, "--driver-args: too long");
			snprintf(o->driver_args, sizeof(o->driver_args), "%s", val);
		} else if (strcmp(a, "--fabric-conf") == 0) {
			if (strlen(val) >= sizeof(o->fabric_conf))
				return app_err(err, errlen, "--fabric-conf: path too long");
			snprintf(o->fabric_conf, sizeof(o->fabric_conf), "%s", val);
		} else if (strcmp(a, "--idle") == 0) {
			if (app_opt_idle(val, &o->idle, err, errlen) < 0)
				return -1;
		} else if (strcmp(a, "--cmdfile") == 0) {
			if (strlen(val) >= sizeof(o->cmdfile))
				return app_err(err, errlen, "--cmdfile: path too long");
			/* Before any cluster starts: a file that cannot be read is a usage error. */
			if (access(val, R_OK) < 0)
				return app_err(err, errlen, "--cmdfile: cannot open %s: %s", val,
					strerror(errno));
			snprintf(o->cmdfile, sizeof(o->cmdfile), "%s", val);
		}
	}
	if (!have_cluster) {
		const char *env = getenv("RMC_CLUSTER");

		if (o->attach && env != NULL && env[0] != '\0') {
			if (rte_rmc_cluster_name_check(env) < 0)
				return app_err(err, errlen, "RMC_CLUSTER='%s' is not a valid "
					"cluster name", env);
			snprintf(o->cluster, sizeof(o->cluster), "%s", env);
		} else if (o->attach) {
			snprintf(o->cluster, sizeof(o->cluster), "default");
		} else {
			/* Unique, so that two rmc-testpmd never collide. */
			snprintf(o->cluster, sizeof(o->cluster), "testpmd%d", (int)getpid());
		}
	}
	return 0;
}

int
tp_parse_args(int argc, char **argv, struct tp_opts *o, char *err, size_t errlen)
{
	const struct app_eal_vec v = APP_EAL_VEC(o->eal_argc, o->eal_argv, o->eal_store);
	int dd;

	memset(o, 0, sizeof(*o));
	o->nb_nodes = 2;
	snprintf(o->driver, sizeof(o->driver), "shm");
	dd = app_eal_take(&v, argc, argv, err, errlen);
	if (dd < 0)
		return -1;
	o->eal_given = dd > 1;
	return tp_parse_own(argc - dd - 1, argv + dd + 1, o, err, errlen);
}

