/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Parsing of the values that tools take on their command lines. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rte_rmc_node.h"

int
rte_rmc_parse_size(const char *txt, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (txt == NULL || *txt < '0' || *txt > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(txt, &end, 0);
	if (errno != 0)
		return -ERANGE;
	switch (*end) {
	case 'k': case 'K':
		mult = UINT64_C(1) << 10;
		end++;
		break;
	case 'm': case 'M':
		mult = UINT64_C(1) << 20;
		end++;
		break;
	case 'g': case 'G':
		mult = UINT64_C(1) << 30;
		end++;
		break;
	default:
		break;
	}
	if (mult != 1 && strcasecmp(end, "ib") == 0)
		end += 2;
	else if (*end == 'b' || *end == 'B')
		end++;
	if (*end != '\0')
		return -EINVAL;
	if (v > UINT64_MAX / mult)
		return -ERANGE;
	*out = v * mult;
	return 0;
}

int
rte_rmc_parse_uint(const char *txt, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (txt == NULL || *txt < '0' || *txt > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(txt, &end, 0);
	if (errno != 0 || *end != '\0')
		return -EINVAL;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}
