/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app_opts.h"

int
app_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int
app_opt_cluster(const char *val, char *out, size_t len, char *err, size_t errlen)
{
	if (rte_rmc_cluster_name_check(val) < 0)
		return app_err(err, errlen, "--cluster '%s': use 1..%u characters among "
			"A-Z a-z 0-9 _ . -", val, RTE_RMC_NAME_MAX - 1);
	snprintf(out, len, "%s", val);
	return 0;
}

int
app_opt_driver(const char *val, char *out, size_t len, char *err, size_t errlen)
{
	char list[256];

	if (!rte_rmc_driver_exists(val)) {
		rte_rmc_driver_names(list, sizeof(list));
		return app_err(err, errlen, "--driver '%s': unknown driver (built in: %s)",
			val, list);
	}
	snprintf(out, len, "%s", val);
	return 0;
}

int
app_opt_idle(const char *val, enum rte_rmc_idle_policy *idle, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		enum rte_rmc_idle_policy idle;
	} policies[] = {
		{ "adaptive", RTE_RMC_IDLE_ADAPTIVE },
		{ "spin", RTE_RMC_IDLE_SPIN },
		{ "yield", RTE_RMC_IDLE_YIELD },
		{ "sleep", RTE_RMC_IDLE_SLEEP },
	};
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		if (strcmp(val, policies[i].name) == 0) {
			*idle = policies[i].idle;
			return 0;
		}
	}
	return app_err(err, errlen, "--idle '%s': must be adaptive, spin, yield or sleep",
		val);
}
