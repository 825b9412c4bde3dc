/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * sokv-cli: one soKV operation from this node (RMC_NODE), for scripts and
 * tests; prints the outcome and exits with the enum sokv_status (0 ok).
 *   sokv-cli [--get farm|pilaf|sabre|rpc] [--put rpc|onesided] get KEY
 *   sokv-cli [...] put KEY SIZE     (the bench's value for KEY, tag 1)
 *   sokv-cli [...] del KEY
 *   sokv-cli [...] fill FIRST COUNT SIZE   (PUT keys FIRST.., stops at the first error)
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sokv_client.h"
#include "sokv_util.h"

#define USAGE "[--get farm|pilaf|sabre|rpc] [--put rpc|onesided] get KEY | put KEY SIZE | " \
	"del KEY | fill FIRST COUNT SIZE"

static int
cli_get(struct sokv_client *c, uint64_t key)
{
	uint8_t v[SOKV_MAX_VALUE];
	uint64_t ver = 0, tag;
	uint32_t vlen = 0;
	int st;

	st = sokv_get(c, key, v, &vlen, &ver);
	if (st != SOKV_OK) {
		printf("get %" PRIu64 " (owner %u): %s\n", key, sokv_owner(key, c->nodes),
			sokv_strstatus(st));
		return st;
	}
	if (sokv_value_check(v, vlen, key, &tag) < 0) {
		printf("get %" PRIu64 ": %u bytes, version %" PRIu64 ", NOT a value written for "
			"this key\n", key, vlen, ver);
		return SOKV_ERROR;
	}
	printf("get %" PRIu64 " (owner %u): %u bytes, version %" PRIu64 ", tag %" PRIu64
		", checked\n", key, sokv_owner(key, c->nodes), vlen, ver, tag);
	return SOKV_OK;
}

static int
cli_fill(struct sokv_client *c, uint64_t first, uint64_t count, uint32_t size)
{
	uint8_t v[SOKV_MAX_VALUE];
	uint64_t k;
	int st = SOKV_OK;

	for (k = first; k < first + count; k++) {
		sokv_value_fill(v, size, k, 1);
		st = sokv_put(c, k, v, size);
		if (st != SOKV_OK)
			break;
	}
	printf("fill: %" PRIu64 " key(s) written from %" PRIu64 "%s%s\n", k - first, first,
		st == SOKV_OK ? "" : ", then: ", st == SOKV_OK ? "" : sokv_strstatus(st));
	return st;
}

int
main(int argc, char **argv)
{
	static const char *const gm[] = { "farm", "pilaf", "sabre", "rpc" };
	struct rte_rmc_session *s;
	uint8_t v[SOKV_MAX_VALUE];
	struct sokv_client c;
	int a = 1, g = SOKV_GET_SABRE, p = SOKV_PUT_RPC, st;
	uint32_t size;
	uint64_t key;

	for (; a + 1 < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
		if (strcmp(argv[a], "--get") == 0) {
			for (g = 0; g < 4 && strcmp(argv[a + 1], gm[g]) != 0; g++)
				;
			if (g == 4)
				sokv_usage(argv[0], USAGE);
		} else if (strcmp(argv[a], "--put") == 0) {
			p = strcmp(argv[a + 1], "onesided") == 0 ? SOKV_PUT_ONESIDED : SOKV_PUT_RPC;
		} else {
			sokv_usage(argv[0], USAGE);
		}
	}
	if (a + 1 >= argc)
		sokv_usage(argv[0], USAGE);
	key = sokv_number(argv[0], "KEY", argv[a + 1], 0, UINT64_MAX);
	s = rte_rmc_attach(NULL, -1, NULL);
	if (s == NULL)
		return SOKV_ERROR;
	if (sokv_client_open(&c, s, SOKV_MAX_CLIENTS - 1, g, p) < 0)
		return SOKV_ERROR;
	if (strcmp(argv[a], "get") == 0 && a + 2 == argc) {
		st = cli_get(&c, key);
	} else if (strcmp(argv[a], "put") == 0 && a + 3 == argc) {
		size = sokv_number(argv[0], "SIZE", argv[a + 2], 16, 2 * SOKV_MAX_VALUE);
		sokv_value_fill(v, size > SOKV_MAX_VALUE ? SOKV_MAX_VALUE : size, key, 1);
		st = sokv_put(&c, key, v, size);
		printf("put %" PRIu64 ": %s\n", key, sokv_strstatus(st));
	} else if (strcmp(argv[a], "del") == 0 && a + 2 == argc) {
		st = sokv_del(&c, key);
		printf("del %" PRIu64 ": %s\n", key, sokv_strstatus(st));
	} else if (strcmp(argv[a], "fill") == 0 && a + 4 == argc) {
		st = cli_fill(&c, key, sokv_number(argv[0], "COUNT", argv[a + 2], 1, 1 << 24),
			sokv_number(argv[0], "SIZE", argv[a + 3], 16, SOKV_MAX_VALUE));
	} else {
		sokv_usage(argv[0], USAGE);
	}
	sokv_client_close(&c);
	rte_rmc_detach(s);
	return st;
}
