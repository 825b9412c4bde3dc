/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Fuzz target: rmcd's command line (rmcd_parse_args() and
 * rmcd_complete_eal_args()). Input: one flag byte (bit 0: hugepages usable,
 * bit 1: the first argument also goes to $RMC_CLUSTER), then arguments
 * separated by NUL bytes. Whatever the input, the parser must not overflow,
 * its error must be a terminated string, and what it accepts must be
 * consistent: node id below the node count, distinct context ids, a valid
 * cluster and driver, a terminated EAL argument vector within its bounds.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "rmcd_args.h"

#define FZ_MAX_ARGS 80

static void __rte_noreturn
fz_fail(const char *what, int v)
{
	fprintf(stderr, "fuzz_rmcd_args: %s (%d)\n", what, v);
	abort();
}

static void
fz_check_eal(const struct rmcd_opts *o)
{
	int i;

	if (o->eal_argc < 1 || o->eal_argc >= RMCD_MAX_EAL_ARGS)
		fz_fail("EAL argument count out of bounds", o->eal_argc);
	if (o->eal_argv[o->eal_argc] != NULL)
		fz_fail("EAL argument vector not terminated", o->eal_argc);
	for (i = 0; i < o->eal_argc; i++)
		if (o->eal_argv[i] != o->eal_store[i] ||
				memchr(o->eal_store[i], '\0', RMCD_ARG_MAX) == NULL)
			fz_fail("EAL argument not stored or not terminated", i);
	if (memchr(o->prefix, '\0', sizeof(o->prefix)) == NULL)
		fz_fail("file prefix not terminated", 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rmcd_opts o;
	static char buf[8192];
	char *argv[FZ_MAX_ARGS + 1], err[256];
	int argc = 0, ret, hp;
	unsigned int i, j;
	size_t n, k;

	if (size < 1)
		return 0;
	hp = data[0] & 1;
	n = RTE_MIN(size - 1, sizeof(buf) - 1);
	memcpy(buf, data + 1, n);
	buf[n] = '\0';
	argv[argc++] = (char *)(uintptr_t)"rmcd";
	for (k = 0; k <= n && argc < FZ_MAX_ARGS; k += strlen(buf + k) + 1)
		argv[argc++] = buf + k;
	argv[argc] = NULL;
	if (data[0] & 2)
		setenv("RMC_CLUSTER", argv[1], 1);
	else
		unsetenv("RMC_CLUSTER");
	memset(err, 'x', sizeof(err));
	ret = rmcd_parse_args(argc, argv, &o, err, sizeof(err));
	if (ret < 0) {
		if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
			fz_fail("refused without a terminated reason", ret);
		return 0;
	}
	fz_check_eal(&o);
	if (rte_rmc_cluster_name_check(o.cluster) < 0 || !rte_rmc_driver_exists(o.driver))
		fz_fail("accepted an invalid cluster or driver", 0);
	if (o.nb_ctx > RTE_RMC_MAX_CTX)
		fz_fail("too many contexts", o.nb_ctx);
	for (i = 0; i < o.nb_ctx; i++) {
		if (o.ctx[i].id == 0 || o.ctx[i].id >= RTE_RMC_MAX_CTX || o.ctx[i].size == 0)
			fz_fail("accepted a bad context", i);
		for (j = 0; j < i; j++)
			if (o.ctx[j].id == o.ctx[i].id)
				fz_fail("accepted a context twice", o.ctx[i].id);
	}
	if (o.help || o.version)
		return 0;
	if (o.conf.node_count == 0 || o.conf.node_count > RTE_RMC_MAX_NODES ||
			o.conf.node_id >= o.conf.node_count)
		fz_fail("accepted a bad node count or id", o.conf.node_id);
	memset(err, 'x', sizeof(err));
	ret = rmcd_complete_eal_args(&o, hp, err, sizeof(err));
	if (ret < 0 && (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0'))
		fz_fail("EAL completion refused without a terminated reason", ret);
	fz_check_eal(&o);
	return 0;
}
