/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmcd's latency-model options beyond --latency: the one-way time, the law
 * of the base latency (normal, lognormal, or a file of measured latencies)
 * and its seed. They describe the model of requests TO
 * this node; every requester in the cluster applies it.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_rmc.h>

#include "app_opts.h"
#include "rmcd_options.h"

#define RMCD_LAT_MAX_NS UINT64_C(100000000)

int
rmcd_opt_latency_oneway(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	if (rte_rmc_parse_uint(val, RMCD_LAT_MAX_NS, &p->o->latency_oneway_ns) < 0)
		return app_err(err, errlen, "%s '%s': expected nanoseconds, at most %" PRIu64,
			opt, val, RMCD_LAT_MAX_NS);
	return 0;
}

int
rmcd_opt_latency_seed(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	if (rte_rmc_parse_uint(val, UINT64_MAX, &p->o->latency_seed) < 0)
		return app_err(err, errlen, "%s '%s': expected a number", opt, val);
	return 0;
}

/* normal:MEAN,SD or lognormal:MEDIAN,P99 (ns). */
int
rmcd_opt_latency_law(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen)
{
	const char *colon = strchr(val, ':');
	char *end = NULL;
	double a, b;

	if (strncmp(val, "file:", 5) == 0 && val[5] != '\0') {
		/* Read when the model is set: the node says what is wrong with it. */
		if (strlen(val + 5) >= sizeof(p->o->latency_law_file))
			return app_err(err, errlen, "%s: file name too long", opt);
		snprintf(p->o->latency_law_file, sizeof(p->o->latency_law_file), "%s", val + 5);
		p->o->latency_law = 3;
		p->o->latency = 1;
		return 0;
	}
	if (colon == NULL)
		goto bad;
	a = strtod(colon + 1, &end);
	if (end == colon + 1 || *end != ',')
		goto bad;
	b = strtod(end + 1, &end);
	if (*end != '\0' || !(a > 0) || !(b >= 0) || a > (double)RMCD_LAT_MAX_NS ||
			b > (double)RMCD_LAT_MAX_NS)
		goto bad;
	if (strncmp(val, "normal:", 7) == 0) {
		p->o->latency_law = 1;
	} else if (strncmp(val, "lognormal:", 10) == 0) {
		if (!(b > a))
			return app_err(err, errlen, "%s '%s': the 99th percentile must be above "
				"the median", opt, val);
		p->o->latency_law = 2;
	} else {
		goto bad;
	}
	p->o->latency_law_a = a;
	p->o->latency_law_b = b;
	p->o->latency = 1;
	return 0;
bad:
	return app_err(err, errlen, "%s '%s': expected normal:MEAN_NS,SD_NS, "
		"lognormal:MEDIAN_NS,P99_NS (positive, at most %" PRIu64 ") or file:PATH", opt, val,
		RMCD_LAT_MAX_NS);
}
