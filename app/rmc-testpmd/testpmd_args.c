/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc-testpmd's command line. With "--", what stands before it goes to the
 * EAL and what follows is rmc-testpmd's own; without "--", every argument is
 * its own and it picks the EAL arguments itself, as rmcd does.
 */

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testpmd.h"

static int
tp_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

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
		"  --idle POLICY        adaptive (default), spin, yield or sleep: RMCs on\n"
		"                       worker lcores (service lcores always poll)\n"
		"  --cmdfile FILE       run the commands of FILE, then exit\n"
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

static int
tp_add_eal(struct tp_opts *o, const char *arg, char *err, size_t errlen)
{
	if (o->eal_argc >= TP_MAX_EAL_ARGS - 1)
		return tp_err(err, errlen, "too many EAL arguments (at most %d)",
			TP_MAX_EAL_ARGS - 2);
	if (strlen(arg) >= TP_ARG_MAX)
		return tp_err(err, errlen, "EAL argument too long: %.40s...", arg);
	snprintf(o->eal_store[o->eal_argc], TP_ARG_MAX, "%s", arg);
	o->eal_argv[o->eal_argc] = o->eal_store[o->eal_argc];
	o->eal_argc++;
	o->eal_argv[o->eal_argc] = NULL;
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
					return tp_err(err, errlen, "--attach '%s': not a cluster "
						"name (1..%u characters among A-Z a-z 0-9 _ . -)",
						val, RTE_RMC_NAME_MAX - 1);
				snprintf(o->cluster, sizeof(o->cluster), "%s", val);
				have_cluster = 1;
				i++;
			}
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			return tp_err(err, errlen, "unexpected argument '%s' (EAL options go "
				"before '--')", a);
		if (val == NULL)
			return tp_err(err, errlen, "option %s needs a value", a);
		i++;
		if (strcmp(a, "--nodes") == 0) {
			if (rte_rmc_parse_uint(val, RTE_RMC_MAX_NODES, &v) < 0 || v == 0)
				return tp_err(err, errlen, "--nodes '%s': must be 1..%u", val,
					RTE_RMC_MAX_NODES);
			o->nb_nodes = v;
		} else if (strcmp(a, "--cluster") == 0) {
			if (rte_rmc_cluster_name_check(val) < 0)
				return tp_err(err, errlen, "--cluster '%s': use 1..%u characters "
					"among A-Z a-z 0-9 _ . -", val, RTE_RMC_NAME_MAX - 1);
			snprintf(o->cluster, sizeof(o->cluster), "%s", val);
			have_cluster = 1;
		} else if (strcmp(a, "--ctx0") == 0) {
			if (rte_rmc_parse_size(val, &o->ctx0_size) < 0 || o->ctx0_size == 0)
				return tp_err(err, errlen, "--ctx0 '%s': not a size (examples: "
					"4096, 64K, 1M)", val);
		} else if (strcmp(a, "--driver") == 0) {
			if (!rte_rmc_driver_exists(val)) {
				char list[256];

				rte_rmc_driver_names(list, sizeof(list));
				return tp_err(err, errlen, "--driver '%s': unknown driver (built "
					"in: %s)", val, list);
			}
			snprintf(o->driver, sizeof(o->driver), "%s", val);
		} else if (strcmp(a, "--idle") == 0) {
			if (strcmp(val, "adaptive") == 0)
				o->idle = RTE_RMC_IDLE_ADAPTIVE;
			else if (strcmp(val, "spin") == 0)
				o->idle = RTE_RMC_IDLE_SPIN;
			else if (strcmp(val, "yield") == 0)
				o->idle = RTE_RMC_IDLE_YIELD;
			else if (strcmp(val, "sleep") == 0)
				o->idle = RTE_RMC_IDLE_SLEEP;
			else
				return tp_err(err, errlen, "--idle '%s': must be adaptive, spin, "
					"yield or sleep", val);
		} else if (strcmp(a, "--cmdfile") == 0) {
			if (strlen(val) >= sizeof(o->cmdfile))
				return tp_err(err, errlen, "--cmdfile: path too long");
			snprintf(o->cmdfile, sizeof(o->cmdfile), "%s", val);
		} else {
			return tp_err(err, errlen, "unknown option '%s'", a);
		}
	}
	if (!have_cluster) {
		const char *env = getenv("RMC_CLUSTER");

		if (o->attach && env != NULL && env[0] != '\0') {
			if (rte_rmc_cluster_name_check(env) < 0)
				return tp_err(err, errlen, "RMC_CLUSTER='%s' is not a valid "
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
	int i, dd = -1;

	memset(o, 0, sizeof(*o));
	o->nb_nodes = 2;
	snprintf(o->driver, sizeof(o->driver), "shm");
	if (argc < 1)
		return tp_err(err, errlen, "no program name");
	if (tp_add_eal(o, argv[0], err, errlen) < 0)
		return -1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	}
	if (dd < 0)
		return tp_parse_own(argc - 1, argv + 1, o, err, errlen);
	for (i = 1; i < dd; i++)
		if (tp_add_eal(o, argv[i], err, errlen) < 0)
			return -1;
	o->eal_given = dd > 1;
	return tp_parse_own(argc - dd - 1, argv + dd + 1, o, err, errlen);
}

/* Index of the first EAL argument that is one of 'names' (or starts with it=). */
static int
tp_has_eal(const struct tp_opts *o, const char *const *names)
{
	int i, j;

	for (i = 1; i < o->eal_argc; i++)
		for (j = 0; names[j] != NULL; j++) {
			size_t n = strlen(names[j]);

			if (strncmp(o->eal_argv[i], names[j], n) == 0 &&
					(o->eal_argv[i][n] == '\0' || o->eal_argv[i][n] == '=' ||
					 names[j][1] != '-'))
				return i;
		}
	return 0;
}

/* Hugepages look usable: hugetlbfs mounted and some pages free. */
static int
tp_hugepages_usable(void)
{
	unsigned long free_pages = 0;
	char line[256];
	int mounted = 0;
	FILE *f;

	f = fopen("/proc/mounts", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (strstr(line, " hugetlbfs ") != NULL)
				mounted = 1;
		fclose(f);
	}
	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "HugePages_Free: %lu", &free_pages) == 1)
				break;
		fclose(f);
	}
	return mounted && free_pages >= 16;
}

int
tp_complete_eal_args(struct tp_opts *o, char *err, size_t errlen)
{
	static const char *const dev_opts[] = { "-a", "-b", "--allow", "--block", "--vdev",
		"--no-pci", NULL };
	static const char *const core_opts[] = { "-l", "-c", "--lcores", NULL };
	static const char *const prefix_opt[] = { "--file-prefix", NULL };
	static const char *const mem_opts[] = { "--in-memory", "--no-huge", "--legacy-mem",
		"-m", "--socket-mem", NULL };
	char arg[TP_ARG_MAX];
	cpu_set_t cs;
	int first = -1, last = -1, c, idx;

	if (!tp_has_eal(o, dev_opts) && tp_add_eal(o, "--no-pci", err, errlen) < 0)
		return -1;
	if (!tp_has_eal(o, core_opts)) {
		/* Main lcore (the prompt, sleeping) and one lcore for the RMCs. */
		if (sched_getaffinity(0, sizeof(cs), &cs) == 0) {
			for (c = 0; c < CPU_SETSIZE; c++) {
				if (!CPU_ISSET(c, &cs))
					continue;
				if (first < 0)
					first = c;
				last = c;
			}
		}
		if (first < 0)
			first = last = 0;
		snprintf(arg, sizeof(arg), "--lcores=0@%d,1@%d", first, last);
		if (tp_add_eal(o, arg, err, errlen) < 0)
			return -1;
	}
	if (!tp_has_eal(o, mem_opts)) {
		if (tp_hugepages_usable()) {
			if (tp_add_eal(o, "--in-memory", err, errlen) < 0)
				return -1;
		} else {
			fprintf(stderr, "rmc-testpmd: warning: no usable hugepages; using "
				"ordinary memory (--no-huge)\n");
			if (tp_add_eal(o, "--no-huge", err, errlen) < 0 ||
					tp_add_eal(o, "-m", err, errlen) < 0 ||
					tp_add_eal(o, "256", err, errlen) < 0)
				return -1;
		}
	}
	idx = tp_has_eal(o, prefix_opt);
	if (idx > 0) {
		const char *p = strchr(o->eal_argv[idx], '=');

		if (p != NULL)
			snprintf(o->prefix, sizeof(o->prefix), "%s", p + 1);
		else if (idx + 1 < o->eal_argc)
			snprintf(o->prefix, sizeof(o->prefix), "%s", o->eal_argv[idx + 1]);
	} else {
		/* Our own folder: never the shared default "rte" of other programs. */
		snprintf(o->prefix, sizeof(o->prefix), "sonuma_%s_tp", o->cluster);
		snprintf(arg, sizeof(arg), "--file-prefix=%s", o->prefix);
		if (tp_add_eal(o, arg, err, errlen) < 0)
			return -1;
		o->own_prefix = 1;
	}
	return 0;
}
