/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmcd_args.h"

static int
rmcd_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
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
		"Options:\n"
		"  --cluster NAME        cluster name (default: $RMC_CLUSTER or 'default')\n"
		"  --nodes N             node count (instead of <node_count>)\n"
		"  --node-id I           node id (instead of <node_id>)\n"
		"  --driver NAME         remote-memory driver (default shm; built in: %s)\n"
		"  --driver-args ARGS    driver options key=value,... (xen: domains=D0:D1:...,\n"
		"                        ring-slots=N, grant-frames=N; see doc/xen.md)\n"
		"  --numa-node N         bind the node's memory and RMC lcore to NUMA domain N\n"
		"  --ctx-size SIZE       size of context 0 (default 16M; K, M, G suffixes)\n"
		"  --ctx-perm ro|rw      remote access to context 0 (default rw)\n"
		"  --ctx ID:SIZE[:ro|rw] one more context (repeatable)\n"
		"  --max-qps N           QPs the node serves (default 256)\n"
		"  --lbuf-mem SIZE       memory for local buffers (default 4G)\n"
		"  --chunk-size SIZE     transfers above this are cut in chunks (default 64K)\n"
		"  --idle POLICY         adaptive (default), spin, yield or sleep\n"
		"  --huge MODE           auto (default), require or off\n"
		"  --peer-wait SECONDS   how long to wait for peers before warning (default 30)\n"
		"  --lcore N             lcore of the RMC (default: the last worker lcore)\n"
		"  --service             run the RMC as an rte_service (use -S/-s in EAL options)\n"
		"  --fabric-conf FILE    driver eth: the cluster's node-to-MAC file\n"
		"  --loss FRACTION       message drivers: drop this fraction of protocol\n"
		"                        messages, both ways, to test recovery (0..0.5)\n"
		"  --proto-timeout MS    message drivers: silence after which requests fail\n"
		"                        with node-down (default 1000)\n"
		"  --latency BASE_NS[,PER_CHUNK_NS]\n"
		"                        latency model: completions seen by applications after\n"
		"                        about BASE_NS + chunks x PER_CHUNK_NS (default off)\n"
		"  -h, --help            this text\n"
		"  -V, --version         version\n"
		"\n"
		"Examples:\n"
		"  %s 2 0                          node 0 of 2, all defaults\n"
		"  %s --driver shm --ctx-size 64M 2 1\n"
		"  %s -l 0-1 --no-pci -- --cluster lab 4 3\n"
		"  %s --driver ring 2 0\n"
		"  %s --vdev=net_memif0,role=server,socket=/tmp/m.sock,socket-abstract=no --\n"
		"       --driver eth --fabric-conf cluster.conf 2 0\n",
		prog, drivers, prog, prog, prog, prog, prog);
}

static int
rmcd_need_value(int i, int argc, char **argv, char *err, size_t errlen)
{
	if (i + 1 >= argc)
		return rmcd_err(err, errlen, "option %s needs a value", argv[i]);
	return 0;
}

static int
rmcd_parse_perm(const char *txt, enum rte_rmc_perm *perm)
{
	if (strcmp(txt, "rw") == 0)
		*perm = RTE_RMC_PERM_RW;
	else if (strcmp(txt, "ro") == 0)
		*perm = RTE_RMC_PERM_RO;
	else
		return -1;
	return 0;
}

static int
rmcd_parse_ctx(const char *txt, struct rmcd_opts *o, char *err, size_t errlen)
{
	char buf[RMCD_ARG_MAX];
	char *size_txt, *perm_txt;
	struct rmcd_ctx_opt *c;
	uint64_t id;
	unsigned int i;

	if (o->nb_ctx >= RTE_RMC_MAX_CTX)
		return rmcd_err(err, errlen, "too many --ctx options (at most %u)",
			RTE_RMC_MAX_CTX);
	snprintf(buf, sizeof(buf), "%s", txt);
	size_txt = strchr(buf, ':');
	if (size_txt == NULL)
		return rmcd_err(err, errlen, "--ctx '%s': expected ID:SIZE[:ro|rw]", txt);
	*size_txt++ = '\0';
	perm_txt = strchr(size_txt, ':');
	if (perm_txt != NULL)
		*perm_txt++ = '\0';
	c = &o->ctx[o->nb_ctx];
	if (rte_rmc_parse_uint(buf, RTE_RMC_MAX_CTX - 1, &id) < 0 || id == 0)
		return rmcd_err(err, errlen, "--ctx '%s': context id must be 1..%u "
			"(context 0 is set with --ctx-size)", txt, RTE_RMC_MAX_CTX - 1);
	if (rte_rmc_parse_size(size_txt, &c->size) < 0 || c->size == 0)
		return rmcd_err(err, errlen, "--ctx '%s': bad size '%s' (examples: 4096, 64K, 16M)",
			txt, size_txt);
	c->perm = RTE_RMC_PERM_RW;
	if (perm_txt != NULL && rmcd_parse_perm(perm_txt, &c->perm) < 0)
		return rmcd_err(err, errlen, "--ctx '%s': permission must be ro or rw", txt);
	for (i = 0; i < o->nb_ctx; i++)
		if (o->ctx[i].id == id)
			return rmcd_err(err, errlen, "--ctx: context %" PRIu64 " given twice", id);
	c->id = id;
	o->nb_ctx++;
	return 0;
}

static int
rmcd_parse_size_opt(const char *name, const char *txt, uint64_t min, uint64_t *out,
		char *err, size_t errlen)
{
	if (rte_rmc_parse_size(txt, out) < 0 || *out < min)
		return rmcd_err(err, errlen, "%s: bad size '%s' (examples: 4096, 64K, 16M, 1G)",
			name, txt);
	return 0;
}

/* BASE_NS[,PER_CHUNK_NS] */
static int
rmcd_parse_latency(const char *txt, struct rmcd_opts *o)
{
	char buf[RMCD_ARG_MAX];
	char *comma;
	uint64_t max = UINT64_C(10000000000);

	snprintf(buf, sizeof(buf), "%s", txt);
	comma = strchr(buf, ',');
	if (comma != NULL)
		*comma++ = '\0';
	if (rte_rmc_parse_uint(buf, max, &o->latency_base_ns) < 0)
		return -1;
	o->latency_per_chunk_ns = 0;
	if (comma != NULL && rte_rmc_parse_uint(comma, max, &o->latency_per_chunk_ns) < 0)
		return -1;
	o->latency = 1;
	return 0;
}

/* Parse rmcd's own arguments argv[0..argc). */
static int
rmcd_parse_own(int argc, char **argv, struct rmcd_opts *o, char *err, size_t errlen)
{
	const char *pos[2];
	uint64_t v, nodes = 0, nid = UINT64_MAX;
	int npos = 0, i, have_nodes = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = 1;
			continue;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			o->version = 1;
			continue;
		}
		if (strcmp(a, "--service") == 0) {
			o->service = 1;
			continue;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (npos == 2)
				return rmcd_err(err, errlen, "unexpected argument '%s'", a);
			pos[npos++] = a;
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			return rmcd_err(err, errlen, "unknown option '%s' (EAL options go before "
				"'--')", a);
		if (rmcd_need_value(i, argc, argv, err, errlen) < 0)
			return -1;
		i++;
		if (strcmp(a, "--cluster") == 0) {
			if (rte_rmc_cluster_name_check(val) < 0)
				return rmcd_err(err, errlen, "--cluster '%s': use 1..%u characters "
					"among A-Z a-z 0-9 _ . -", val, RTE_RMC_NAME_MAX - 1);
			snprintf(o->cluster, sizeof(o->cluster), "%s", val);
		} else if (strcmp(a, "--nodes") == 0) {
			if (rte_rmc_parse_uint(val, RTE_RMC_MAX_NODES, &nodes) < 0 || nodes == 0)
				return rmcd_err(err, errlen, "--nodes '%s': must be 1..%u", val,
					RTE_RMC_MAX_NODES);
			have_nodes = 1;
		} else if (strcmp(a, "--node-id") == 0) {
			if (rte_rmc_parse_uint(val, RTE_RMC_MAX_NODES - 1, &nid) < 0)
				return rmcd_err(err, errlen, "--node-id '%s': must be 0..%u", val,
					RTE_RMC_MAX_NODES - 1);
		} else if (strcmp(a, "--driver") == 0) {
			if (strcmp(val, "xen") == 0 && !rte_rmc_driver_exists(val))
				return rmcd_err(err, errlen, "--driver xen: this build has no Xen "
					"support (libxengnttab was not found when it was built: install "
					"libxen-dev and rebuild); use --driver shm to run the nodes as "
					"processes on one host");
			if (!rte_rmc_driver_exists(val)) {
				char list[256];

				rte_rmc_driver_names(list, sizeof(list));
				return rmcd_err(err, errlen, "--driver '%s': unknown driver "
					"(built in: %s)", val, list);
			}
			snprintf(o->driver, sizeof(o->driver), "%s", val);
		} else if (strcmp(a, "--driver-args") == 0) {
			if (strlen(val) >= sizeof(o->driver_args))
				return rmcd_err(err, errlen, "--driver-args: longer than %zu "
					"characters", sizeof(o->driver_args) - 1);
			snprintf(o->driver_args, sizeof(o->driver_args), "%s", val);
			o->conf.driver_args = o->driver_args;
		} else if (strcmp(a, "--numa-node") == 0) {
			if (rte_rmc_parse_uint(val, 1023, &v) < 0)
				return rmcd_err(err, errlen, "--numa-node '%s': expected a NUMA "
					"domain number", val);
			o->numa_node = v;
		} else if (strcmp(a, "--ctx-size") == 0) {
			if (rmcd_parse_size_opt(a, val, 1, &o->conf.ctx0_size, err, errlen) < 0)
				return -1;
		} else if (strcmp(a, "--ctx-perm") == 0) {
			if (rmcd_parse_perm(val, &o->conf.ctx0_perm) < 0)
				return rmcd_err(err, errlen, "--ctx-perm '%s': must be ro or rw", val);
		} else if (strcmp(a, "--ctx") == 0) {
			if (rmcd_parse_ctx(val, o, err, errlen) < 0)
				return -1;
		} else if (strcmp(a, "--max-qps") == 0) {
			if (rte_rmc_parse_uint(val, 4096, &v) < 0 || v == 0)
				return rmcd_err(err, errlen, "--max-qps '%s': must be 1..4096", val);
			o->conf.max_qps = v;
		} else if (strcmp(a, "--lbuf-mem") == 0) {
			if (rmcd_parse_size_opt(a, val, 4096, &o->conf.lbuf_mem_max, err, errlen) < 0)
				return -1;
		} else if (strcmp(a, "--chunk-size") == 0) {
			if (rmcd_parse_size_opt(a, val, 64, &o->conf.chunk_size, err, errlen) < 0)
				return -1;
			if (o->conf.chunk_size > (64u << 20))
				return rmcd_err(err, errlen, "--chunk-size: at most 64M");
		} else if (strcmp(a, "--idle") == 0) {
			if (strcmp(val, "adaptive") == 0)
				o->conf.idle = RTE_RMC_IDLE_ADAPTIVE;
			else if (strcmp(val, "spin") == 0)
				o->conf.idle = RTE_RMC_IDLE_SPIN;
			else if (strcmp(val, "yield") == 0)
				o->conf.idle = RTE_RMC_IDLE_YIELD;
			else if (strcmp(val, "sleep") == 0)
				o->conf.idle = RTE_RMC_IDLE_SLEEP;
			else
				return rmcd_err(err, errlen, "--idle '%s': must be adaptive, spin, "
					"yield or sleep", val);
		} else if (strcmp(a, "--huge") == 0) {
			if (strcmp(val, "auto") == 0)
				o->conf.huge = RTE_RMC_HUGE_AUTO;
			else if (strcmp(val, "require") == 0)
				o->conf.huge = RTE_RMC_HUGE_REQUIRE;
			else if (strcmp(val, "off") == 0)
				o->conf.huge = RTE_RMC_HUGE_OFF;
			else
				return rmcd_err(err, errlen, "--huge '%s': must be auto, require "
					"or off", val);
		} else if (strcmp(a, "--peer-wait") == 0) {
			if (rte_rmc_parse_uint(val, 86400, &v) < 0 || v == 0)
				return rmcd_err(err, errlen, "--peer-wait '%s': seconds, 1..86400",
					val);
			o->conf.peer_wait_ms = v * 1000;
		} else if (strcmp(a, "--fabric-conf") == 0) {
			if (val[0] == '\0' || strlen(val) >= sizeof(o->fabric_conf))
				return rmcd_err(err, errlen, "--fabric-conf: bad file name");
			snprintf(o->fabric_conf, sizeof(o->fabric_conf), "%s", val);
			o->conf.fabric_conf = o->fabric_conf;
		} else if (strcmp(a, "--loss") == 0) {
			char *end;
			double f;

			errno = 0;
			f = strtod(val, &end);
			if (errno != 0 || end == val || *end != '\0' || !(f >= 0 && f <= 0.5))
				return rmcd_err(err, errlen, "--loss '%s': a fraction 0..0.5 "
					"(for example 0.05)", val);
			o->conf.loss_ppm = (uint32_t)(f * 1000000 + 0.5);
		} else if (strcmp(a, "--proto-timeout") == 0) {
			if (rte_rmc_parse_uint(val, 3600000, &v) < 0 || v < 10)
				return rmcd_err(err, errlen, "--proto-timeout '%s': milliseconds, "
					"10..3600000", val);
			o->conf.proto_timeout_ms = v;
		} else if (strcmp(a, "--latency") == 0) {
			if (rmcd_parse_latency(val, o) < 0)
				return rmcd_err(err, errlen, "--latency '%s': expected BASE_NS or "
					"BASE_NS,PER_CHUNK_NS in nanoseconds, each at most 10000000000",
					val);
		} else if (strcmp(a, "--lcore") == 0) {
			if (rte_rmc_parse_uint(val, 1023, &v) < 0)
				return rmcd_err(err, errlen, "--lcore '%s': not an lcore id", val);
			o->lcore = v;
		} else {
			return rmcd_err(err, errlen, "unknown option '%s'", a);
		}
	}
	if (o->help || o->version)
		return 0;
	if (npos == 1)
		return rmcd_err(err, errlen, "missing <node_id> after <node_count> %s", pos[0]);
	if (npos == 2) {
		if (have_nodes || nid != UINT64_MAX)
			return rmcd_err(err, errlen, "give the node count and id either as "
				"<node_count> <node_id> or with --nodes/--node-id, not both");
		if (rte_rmc_parse_uint(pos[0], RTE_RMC_MAX_NODES, &nodes) < 0 || nodes == 0)
			return rmcd_err(err, errlen, "node count '%s': must be 1..%u", pos[0],
				RTE_RMC_MAX_NODES);
		if (rte_rmc_parse_uint(pos[1], RTE_RMC_MAX_NODES - 1, &nid) < 0)
			return rmcd_err(err, errlen, "node id '%s': must be 0..%u", pos[1],
				RTE_RMC_MAX_NODES - 1);
	} else if (!have_nodes || nid == UINT64_MAX) {
		return rmcd_err(err, errlen, "missing <node_count> <node_id> (for example: "
			"rmcd 2 0)");
	}
	if (nid >= nodes)
		return rmcd_err(err, errlen, "node id %" PRIu64 " is out of range for %" PRIu64
			" nodes (0..%" PRIu64 ")", nid, nodes, nodes - 1);
	if (strcmp(o->driver, "eth") == 0 && o->fabric_conf[0] == '\0')
		return rmcd_err(err, errlen, "--driver eth needs --fabric-conf FILE (lines "
			"'node <id> <mac>', one per node)");
	o->conf.node_count = nodes;
	o->conf.node_id = nid;
	return 0;
}

static int
rmcd_add_eal(struct rmcd_opts *o, const char *arg, char *err, size_t errlen)
{
	if (o->eal_argc >= RMCD_MAX_EAL_ARGS - 1)
		return rmcd_err(err, errlen, "too many EAL arguments (at most %d)",
			RMCD_MAX_EAL_ARGS - 2);
	if (strlen(arg) >= RMCD_ARG_MAX)
		return rmcd_err(err, errlen, "EAL argument too long: %.40s...", arg);
	snprintf(o->eal_store[o->eal_argc], RMCD_ARG_MAX, "%s", arg);
	o->eal_argv[o->eal_argc] = o->eal_store[o->eal_argc];
	o->eal_argc++;
	o->eal_argv[o->eal_argc] = NULL;
	return 0;
}

int
rmcd_parse_args(int argc, char **argv, struct rmcd_opts *o, char *err, size_t errlen)
{
	const char *env = getenv("RMC_CLUSTER");
	int i, dd = -1;

	memset(o, 0, sizeof(*o));
	o->lcore = -1;
	o->numa_node = -1;
	snprintf(o->driver, sizeof(o->driver), "shm");
	snprintf(o->cluster, sizeof(o->cluster), "default");
	if (env != NULL && env[0] != '\0') {
		if (rte_rmc_cluster_name_check(env) < 0)
			return rmcd_err(err, errlen, "RMC_CLUSTER='%s' is not a valid cluster name",
				env);
		snprintf(o->cluster, sizeof(o->cluster), "%s", env);
	}
	if (argc < 1)
		return rmcd_err(err, errlen, "no program name");
	if (rmcd_add_eal(o, argv[0], err, errlen) < 0)
		return -1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	}
	if (dd > 0) {
		for (i = 1; i < dd; i++)
			if (rmcd_add_eal(o, argv[i], err, errlen) < 0)
				return -1;
		o->user_eal = dd > 1;
		return rmcd_parse_own(argc - dd - 1, argv + dd + 1, o, err, errlen);
	}
	return rmcd_parse_own(argc - 1, argv + 1, o, err, errlen);
}

static int
rmcd_has_eal(const struct rmcd_opts *o, const char *const *names)
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

int
rmcd_hugepages_usable(void)
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
rmcd_complete_eal_args(struct rmcd_opts *o, int hugepages_ok, char *err, size_t errlen)
{
	/* Only a PCI device named on the command line needs PCI probing; --vdev does not. */
	static const char *const dev_opts[] = { "-a", "-b", "--allow", "--block", "--no-pci",
		NULL };
	static const char *const core_opts[] = { "-l", "-c", "--lcores", NULL };
	static const char *const prefix_opt[] = { "--file-prefix", NULL };
	static const char *const mem_opts[] = { "--in-memory", "--no-huge", "--legacy-mem",
		"--file-prefix", "-m", "--socket-mem", NULL };
	char arg[RMCD_ARG_MAX];
	cpu_set_t cs;
	int first = -1, last = -1, c, idx;

	if (!rmcd_has_eal(o, dev_opts) && rmcd_add_eal(o, "--no-pci", err, errlen) < 0)
		return -1;
	if (!rmcd_has_eal(o, core_opts)) {
		/* Two lcores: main (sleeps) and the RMC, on the CPUs we may use. */
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
		if (rmcd_add_eal(o, arg, err, errlen) < 0)
			return -1;
	}
	idx = rmcd_has_eal(o, prefix_opt);
	if (idx > 0) {
		const char *p = strchr(o->eal_argv[idx], '=');

		if (p != NULL)
			snprintf(o->prefix, sizeof(o->prefix), "%s", p + 1);
		else if (idx + 1 < o->eal_argc)
			snprintf(o->prefix, sizeof(o->prefix), "%s", o->eal_argv[idx + 1]);
	}
	if (!rmcd_has_eal(o, mem_opts)) {
		/* --huge off: the EAL's own memory stays off hugepages too. */
		if (hugepages_ok && o->conf.huge != RTE_RMC_HUGE_OFF) {
			if (rmcd_add_eal(o, "--in-memory", err, errlen) < 0)
				return -1;
		} else {
			if (o->conf.huge == RTE_RMC_HUGE_REQUIRE)
				return rmcd_err(err, errlen, "--huge require: no usable hugepages "
					"(mount hugetlbfs and reserve pages in /proc/sys/vm/nr_hugepages)");
			if (rmcd_add_eal(o, "--no-huge", err, errlen) < 0 ||
					rmcd_add_eal(o, "-m", err, errlen) < 0 ||
					rmcd_add_eal(o, "64", err, errlen) < 0)
				return -1;
		}
	}
	if (idx == 0) {
		snprintf(o->prefix, sizeof(o->prefix), "sonuma_%s_n%u", o->cluster,
			o->conf.node_id);
		snprintf(arg, sizeof(arg), "--file-prefix=%s", o->prefix);
		if (rmcd_add_eal(o, arg, err, errlen) < 0)
			return -1;
		o->own_prefix = 1;
	}
	return 0;
}
