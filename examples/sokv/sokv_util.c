/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "sokv_util.h"

uint64_t
sokv_number(const char *prog, const char *opt, const char *val, uint64_t min, uint64_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = val != NULL ? strtoull(val, &end, 10) : 0;
	if (val == NULL || *val < '0' || *val > '9' || *end != '\0' || errno != 0 || v < min ||
			v > max) {
		fprintf(stderr, "%s: %s needs a number %" PRIu64 "..%" PRIu64 "\n", prog, opt, min,
			max);
		exit(2);
	}
	return v;
}

double
sokv_double(const char *prog, const char *opt, const char *val, double min, double max)
{
	double v;
	char *end;

	errno = 0;
	v = val != NULL ? strtod(val, &end) : 0;
	if (val == NULL || end == val || *end != '\0' || errno != 0 || !(v >= min && v <= max)) {
		fprintf(stderr, "%s: %s needs a number %g..%g\n", prog, opt, min, max);
		exit(2);
	}
	return v;
}

void
sokv_usage(const char *prog, const char *usage)
{
	fprintf(stderr, "usage: %s %s\n", prog, usage);
	exit(2);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
sokv_percentile(double *v, uint64_t n, double p)
{
	uint64_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	/* Nearest rank. */
	i = (uint64_t)(p / 100.0 * (double)n + 0.999999);
	if (i == 0)
		i = 1;
	return v[(i > n ? n : i) - 1];
}
