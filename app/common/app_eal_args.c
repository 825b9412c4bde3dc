/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_cpu.h"
#include "app_eal_args.h"
#include "app_opts.h"

const char *const app_eal_core_opts[] = { "-l", "-c", "--lcores", NULL };

int
app_eal_find(int argc, char *const argv[], const char *const *names)
{
	int i, j;

	for (i = 1; i < argc; i++)
		for (j = 0; names[j] != NULL; j++) {
			size_t n = strlen(names[j]);

			if (strncmp(argv[i], names[j], n) == 0 &&
					(argv[i][n] == '\0' || argv[i][n] == '=' ||
					 names[j][1] != '-'))
				return i;
		}
	return 0;
}

int
app_eal_split(int argc, char *const argv[])
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return 0;
}

/* Room for one more argument and the NULL that ends the vector. */
static int
app_eal_room(const struct app_eal_vec *v, char *err, size_t errlen)
{
	if (*v->argc >= v->max - 1)
		return app_err(err, errlen, "too many EAL arguments (at most %d)", v->max - 2);
	return 0;
}

int
app_eal_add(const struct app_eal_vec *v, const char *arg, char *err, size_t errlen)
{
	int n = *v->argc;

	if (app_eal_room(v, err, errlen) < 0)
		return -1;
	if (strlen(arg) >= APP_EAL_ARG_MAX)
		return app_err(err, errlen, "EAL argument too long: %.40s...", arg);
	snprintf(v->store[n], APP_EAL_ARG_MAX, "%s", arg);
	v->argv[n] = v->store[n];
	v->argv[n + 1] = NULL;
	*v->argc = n + 1;
	return 0;
}

int
app_eal_take(const struct app_eal_vec *v, int argc, char *const argv[], char *err,
		size_t errlen)
{
	int dd, i;

	if (argc < 1)
		return app_err(err, errlen, "no program name");
	dd = app_eal_split(argc, argv);
	for (i = 0; i < (dd > 0 ? dd : 1); i++)
		if (app_eal_add(v, argv[i], err, errlen) < 0)
			return -1;
	return dd;
}

int
app_eal_add_ref(const struct app_eal_vec *v, char *arg, char *err, size_t errlen)
{
	int n = *v->argc;

	if (app_eal_room(v, err, errlen) < 0)
		return -1;
	v->argv[n] = arg;
	v->argv[n + 1] = NULL;
	*v->argc = n + 1;
	return 0;
}

int
app_eal_add_lcores(const struct app_eal_vec *v, int main_cpu, int worker_cpu, char *err,
		size_t errlen)
{
	char arg[APP_EAL_ARG_MAX];

	snprintf(arg, sizeof(arg), "--lcores=0@%d,1@%d", main_cpu, worker_cpu);
	return app_eal_add(v, arg, err, errlen);
}

int
app_eal_add_pci(const struct app_eal_vec *v, const char *const *dev_opts, char *err,
		size_t errlen)
{
	if (!app_eal_find(*v->argc, v->argv, dev_opts))
		return app_eal_add(v, "--no-pci", err, errlen);
	return 0;
}

int
app_eal_add_pci_lcores(const struct app_eal_vec *v, const char *const *dev_opts,
		char *err, size_t errlen)
{
	int main_cpu, worker_cpu;

	if (app_eal_add_pci(v, dev_opts, err, errlen) < 0)
		return -1;
	if (app_eal_find(*v->argc, v->argv, app_eal_core_opts))
		return 0;
	app_cpu_pick_two(&main_cpu, &worker_cpu);
	return app_eal_add_lcores(v, main_cpu, worker_cpu, err, errlen);
}

int
app_eal_add_memory(const struct app_eal_vec *v, const struct app_eal_mem *m, char *err,
		size_t errlen)
{
	if (m->huge)
		return app_eal_add(v, "--in-memory", err, errlen);
	if (m->warn_prog != NULL)
		fprintf(stderr, "%s: warning: no usable hugepages; using ordinary memory "
			"(--no-huge)\n", m->warn_prog);
	if (app_eal_add(v, "--no-huge", err, errlen) < 0 ||
			app_eal_add(v, "-m", err, errlen) < 0 ||
			app_eal_add(v, m->no_huge_mb, err, errlen) < 0)
		return -1;
	if (m->no_shconf)
		return app_eal_add(v, "--no-shconf", err, errlen);
	return 0;
}

int
app_eal_file_prefix(const struct app_eal_vec *v, const char *own, char *prefix,
		size_t len, char *err, size_t errlen)
{
	static const char *const prefix_opt[] = { "--file-prefix", NULL };
	char arg[APP_EAL_ARG_MAX];
	int idx = app_eal_find(*v->argc, v->argv, prefix_opt);

	if (idx > 0) {
		const char *p = strchr(v->argv[idx], '=');

		if (p != NULL)
			snprintf(prefix, len, "%s", p + 1);
		else if (idx + 1 < *v->argc)
			snprintf(prefix, len, "%s", v->argv[idx + 1]);
		return 0;
	}
	/* A folder of the program's own: never the shared default "rte" of others. */
	snprintf(prefix, len, "%s", own);
	snprintf(arg, sizeof(arg), "--file-prefix=%s", prefix);
	if (app_eal_add(v, arg, err, errlen) < 0)
		return -1;
	return 1;
}

int
app_eal_log_wanted(int eal_log_opt)
{
	const char *e = getenv(APP_EAL_LOG_ENV);

	return eal_log_opt || (e != NULL && e[0] != '\0' && strcmp(e, "0") != 0);
}

int
app_eal_add_quiet(const struct app_eal_vec *v, int eal_log_opt, char *err, size_t errlen)
{
	static const char *const log_opts[] = { "--log-level", NULL };
	/*
	 * DPDK's start-up lines (lcores detected, IOVA mode, hugepage sizes, the
	 * telemetry socket) and a PMD's warnings are not the program's news; their
	 * errors still print. A user's own --log-level is their choice: left alone.
	 */
	static const char *const quiet[] = {
		"--log-level=lib.eal:error",
		"--log-level=lib.telemetry:error",
		"--log-level=pmd.*:error",
		NULL,
	};
	int i;

	if (app_eal_log_wanted(eal_log_opt) || app_eal_find(*v->argc, v->argv, log_opts))
		return 0;
	for (i = 0; quiet[i] != NULL; i++)
		if (app_eal_add(v, quiet[i], err, errlen) < 0)
			return -1;
	return 0;
}
