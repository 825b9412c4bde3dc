/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rmc_fabric_conf.h"

#define RMC_FABRIC_LINE_MAX 256

static int
rmc_fc_err(char *err, size_t errlen, const char *name, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = line > 0 ? snprintf(err, errlen, "%s:%u: ", name, line) :
		snprintf(err, errlen, "%s: ", name);
	if (n < 0 || (size_t)n >= errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
rmc_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly "xx:xx:xx:xx:xx:xx". */
static int
rmc_parse_mac(const char *txt, struct rte_ether_addr *mac)
{
	int i, hi, lo;

	if (strlen(txt) != 17)
		return -1;
	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++) {
		hi = rmc_hex(txt[3 * i]);
		lo = rmc_hex(txt[3 * i + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && txt[3 * i + 2] != ':'))
			return -1;
		mac->addr_bytes[i] = hi << 4 | lo;
	}
	return 0;
}

int
rmc_fabric_conf_find(const struct rmc_fabric_conf *fc, const struct rte_ether_addr *mac)
{
	int i;

	for (i = 0; i < fc->node_count; i++)
		if (rte_is_same_ether_addr(&fc->mac[i], mac))
			return i;
	return -1;
}

int
rmc_fabric_conf_parse(FILE *f, const char *name, uint16_t node_count,
		struct rmc_fabric_conf *fc, char *err, size_t errlen)
{
	char line[RMC_FABRIC_LINE_MAX + 2], *tok[3], *t, *save, *hash, *end;
	unsigned int lineno = 0, ntok, seen[RTE_RMC_MAX_NODES] = { 0 };
	struct rte_ether_addr mac;
	unsigned long id;
	uint16_t i;

	if (node_count == 0 || node_count > RTE_RMC_MAX_NODES)
		return rmc_fc_err(err, errlen, name, 0, "bad node count %u", node_count);
	memset(fc, 0, sizeof(*fc));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f))
			return rmc_fc_err(err, errlen, name, lineno, "line longer than %d "
				"characters", RMC_FABRIC_LINE_MAX);
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		ntok = 0;
		for (t = strtok_r(line, " \t\r\n", &save); t != NULL;
				t = strtok_r(NULL, " \t\r\n", &save)) {
			if (ntok < RTE_DIM(tok))
				tok[ntok] = t;
			ntok++;
		}
		if (ntok == 0)
			continue;
		if (strcmp(tok[0], "node") != 0)
			return rmc_fc_err(err, errlen, name, lineno, "unknown statement '%s' "
				"(expected: node <id> <mac>)", tok[0]);
		if (ntok != 3)
			return rmc_fc_err(err, errlen, name, lineno, "expected 'node <id> <mac>', "
				"got %u word(s)", ntok);
		errno = 0;
		id = strtoul(tok[1], &end, 10);
		if (!isdigit((unsigned char)tok[1][0]) || *end != '\0' || errno != 0 ||
				id >= RTE_RMC_MAX_NODES)
			return rmc_fc_err(err, errlen, name, lineno, "node id '%s' is not a "
				"number 0..%u", tok[1], RTE_RMC_MAX_NODES - 1);
		if (id >= node_count)
			return rmc_fc_err(err, errlen, name, lineno, "node %lu is outside the "
				"cluster of %u nodes (ids 0..%u)", id, node_count, node_count - 1);
		if (seen[id])
			return rmc_fc_err(err, errlen, name, lineno, "node %lu given twice "
				"(first on line %u)", id, seen[id]);
		if (rmc_parse_mac(tok[2], &mac) < 0)
			return rmc_fc_err(err, errlen, name, lineno, "'%s' is not a MAC address "
				"(expected six hex bytes like 02:00:00:00:00:01)", tok[2]);
		if (!rte_is_unicast_ether_addr(&mac) || rte_is_zero_ether_addr(&mac))
			return rmc_fc_err(err, errlen, name, lineno, "%s is not a unicast address",
				tok[2]);
		for (i = 0; i < node_count; i++) {
			if (seen[i] && rte_is_same_ether_addr(&fc->mac[i], &mac))
				return rmc_fc_err(err, errlen, name, lineno, "address %s is also "
					"node %u's (line %u)", tok[2], i, seen[i]);
		}
		fc->mac[id] = mac;
		seen[id] = lineno;
	}
	if (ferror(f))
		return rmc_fc_err(err, errlen, name, 0, "read error");
	for (i = 0; i < node_count; i++) {
		if (!seen[i])
			return rmc_fc_err(err, errlen, name, 0, "node %u of the %u-node cluster "
				"has no 'node %u <mac>' line", i, node_count, i);
	}
	fc->node_count = node_count;
	return 0;
}

int
rmc_fabric_conf_load(const char *path, uint16_t node_count, struct rmc_fabric_conf *fc,
		char *err, size_t errlen)
{
	FILE *f;
	int ret;

	if (path == NULL || path[0] == '\0') {
		snprintf(err, errlen, "no fabric configuration: give one with --fabric-conf FILE "
			"(lines 'node <id> <mac>')");
		return -EINVAL;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		ret = -errno;
		snprintf(err, errlen, "cannot read the fabric configuration %s: %s", path,
			strerror(errno));
		return ret;
	}
	ret = rmc_fabric_conf_parse(f, path, node_count, fc, err, errlen);
	fclose(f);
	return ret;
}
