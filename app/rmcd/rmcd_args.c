/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmcd's command line: the split between EAL arguments and rmcd's own, the
 * walk over rmcd's own arguments (each option is looked up in the table of
 * rmcd_options.c), the checks of the whole, and the usage text.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_eal_args.h"
#include "app_opts.h"
#include "rmcd_args.h"
#include "rmcd_options.h"

/* Options and arguments of the usage text stand in a column this wide. */
#define RMCD_USAGE_COL 21

/* Print an option's help; its continuation lines are indented to the column. */
static void
rmcd_usage_help(const char *help, const char *drivers)
{
	const char *c;

	for (c = help; *c != '\0'; c++) {
		if (*c == '\n') {
			printf("\n%*s", RMCD_USAGE_COL + 3, "");
		} else if (c[0] == '%' && c[1] == 's') {
			fputs(drivers, stdout);
			c++;
		} else {
			putchar(*c);
		}
	}
	putchar('\n');
}

static void
rmcd_usage_options(const char *drivers)
{
	const struct rmcd_option *opt;
	char syn[64];

	for (opt = rmcd_options; opt->name != NULL; opt++) {
		if (opt->alias != NULL)
			snprintf(syn, sizeof(syn), "%s, %s", opt->alias, opt->name);
		else if (opt->arg != NULL)
			snprintf(syn, sizeof(syn), "%s %s", opt->name, opt->arg);
		else
			snprintf(syn, sizeof(syn), "%s", opt->name);
		/* Too long for the column: the help starts on the next line. */
		if (strlen(syn) > RMCD_USAGE_COL)
			printf("  %s\n%*s", syn, RMCD_USAGE_COL + 3, "");
		else
			printf("  %-*s ", RMCD_USAGE_COL, syn);
		rmcd_usage_help(opt->help, drivers);
	}
}

void
rmcd_usage(const char *prog)
{
	char drivers[256];

	rte_rmc_driver_names(drivers, sizeof(drivers));
	printf("Usage: %s [EAL options --] [options] <node_count> <node_id>\n"
		"\n"
		"Runs node <node_id> of a cluster of <node_count> soNUMA nodes: its contexts,\n"
		"the queue pairs of the applications attached to it, and its RMC.\n"
		"Without \"--\", every argument is rmcd's own and rmcd picks the EAL arguments.\n"
		"\n"
		"Options:\n", prog);
	rmcd_usage_options(drivers);
	printf("\n"
		"Examples:\n"
		"  %s 2 0                          node 0 of 2, all defaults\n"
		"  %s --driver shm --ctx-size 64M 2 1\n"
		"  %s -l 0-1 --no-pci -- --cluster lab 4 3\n"
		"  %s --driver ring 2 0\n"
		"  %s --vdev=net_memif0,role=server,socket=/tmp/m.sock,socket-abstract=no --\n"
		"       --driver eth --fabric-conf cluster.conf 2 0\n",
		prog, prog, prog, prog, prog);
}

/* <node_count> <node_id>, or --nodes and --node-id: one way, not both. */
static int
rmcd_parse_nodes(struct rmcd_parse *p, char *err, size_t errlen)
{
	if (p->npos == 1)
		return app_err(err, errlen, "missing <node_id> after <node_count> %s", p->pos[0]);
	if (p->npos == 2) {
		if (p->have_nodes || p->nid != UINT64_MAX)
			return app_err(err, errlen, "give the node count and id either as "
				"<node_count> <node_id> or with --nodes/--node-id, not both");
		if (rmcd_parse_node_num(p->pos[0], RTE_RMC_MAX_NODES, &p->nodes) < 0 ||
				p->nodes == 0)
			return app_err(err, errlen, "node count '%s': must be a decimal number 1..%u", p->pos[0],
				RTE_RMC_MAX_NODES);
		if (rmcd_parse_node_num(p->pos[1], RTE_RMC_MAX_NODES - 1, &p->nid) < 0)
			return app_err(err, errlen, "node id '%s': must be a decimal number 0..%u", p->pos[1],
				RTE_RMC_MAX_NODES - 1);
	} else if (!p->have_nodes || p->nid == UINT64_MAX) {
		return app_err(err, errlen, "missing <node_count> <node_id> (for example: "
			"rmcd 2 0)");
	}
	if (p->nid >= p->nodes)
		return app_err(err, errlen, "node id %" PRIu64 " is out of range for %" PRIu64
			" nodes (0..%" PRIu64 ")", p->nid, p->nodes, p->nodes - 1);
	return 0;
}

/* What only the whole command line can tell. */
static int
rmcd_parse_finish(struct rmcd_parse *p, char *err, size_t errlen)
{
	struct rmcd_opts *o = p->o;

	if (o->help || o->version)
		return 0;
	if (rmcd_parse_nodes(p, err, errlen) < 0)
		return -1;
	if (strcmp(o->driver, "eth") == 0 && o->fabric_conf[0] == '\0')
		return app_err(err, errlen, "--driver eth needs --fabric-conf FILE (lines "
			"'node <id> <mac>', one per node)");
	o->conf.node_count = p->nodes;
	o->conf.node_id = p->nid;
	return 0;
}

/* Parse rmcd's own arguments argv[0..argc). */
static int
rmcd_parse_own(int argc, char **argv, struct rmcd_opts *o, char *err, size_t errlen)
{
	struct rmcd_parse p = { .o = o, .nid = UINT64_MAX };
	const struct rmcd_option *opt;
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		opt = rmcd_option_find(a);
		if (opt != NULL && opt->arg == NULL) {
			*(int *)((char *)o + opt->flag) = 1;
			continue;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (p.npos == 2)
				return app_err(err, errlen, "unexpected argument '%s'", a);
			p.pos[p.npos++] = a;
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			return app_err(err, errlen, "unknown option '%s' (EAL options go before "
				"'--')", a);
		/* Even an unknown option takes the next argument: it names the mistake. */
		if (i + 1 >= argc)
			return app_err(err, errlen, "option %s needs a value", a);
		i++;
		if (opt == NULL)
			return app_err(err, errlen, "unknown option '%s'", a);
		if (opt->set(&p, a, argv[i], err, errlen) < 0)
			return -1;
	}
	return rmcd_parse_finish(&p, err, errlen);
}

int
rmcd_parse_args(int argc, char **argv, struct rmcd_opts *o, char *err, size_t errlen)
{
	const struct app_eal_vec v = APP_EAL_VEC(o->eal_argc, o->eal_argv, o->eal_store);
	const char *env = getenv("RMC_CLUSTER");
	int dd;

	memset(o, 0, sizeof(*o));
	o->lcore = -1;
	o->numa_node = -1;
	snprintf(o->driver, sizeof(o->driver), "shm");
	snprintf(o->cluster, sizeof(o->cluster), "default");
	if (env != NULL && env[0] != '\0') {
		if (rte_rmc_cluster_name_check(env) < 0)
			return app_err(err, errlen, "RMC_CLUSTER='%s' is not a valid cluster name",
				env);
		snprintf(o->cluster, sizeof(o->cluster), "%s", env);
	}
	dd = app_eal_take(&v, argc, argv, err, errlen);
	if (dd < 0)
		return -1;
	o->user_eal = dd > 1;
	return rmcd_parse_own(argc - dd - 1, argv + dd + 1, o, err, errlen);
}
