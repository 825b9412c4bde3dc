/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rmc_private.h"

static TAILQ_HEAD(, rmc_driver) rmc_drivers = TAILQ_HEAD_INITIALIZER(rmc_drivers);

void
rmc_driver_register(struct rmc_driver *drv)
{
	TAILQ_INSERT_TAIL(&rmc_drivers, drv, next);
}

const struct rmc_driver_ops *
rmc_driver_find(const char *name)
{
	struct rmc_driver *d;

	TAILQ_FOREACH(d, &rmc_drivers, next)
		if (name != NULL ? strcmp(d->ops->name, name) == 0 : d->is_default)
			return d->ops;
	return NULL;
}

void
rmc_driver_list(char *buf, size_t len)
{
	struct rmc_driver *d;
	size_t off = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	TAILQ_FOREACH(d, &rmc_drivers, next) {
		int n = snprintf(buf + off, len - off, "%s%s", off ? ", " : "", d->ops->name);

		if (n < 0 || (size_t)n >= len - off)
			break;
		off += n;
	}
}

void
rte_rmc_driver_names(char *buf, size_t len)
{
	rmc_driver_list(buf, len);
}

int
rte_rmc_driver_exists(const char *name)
{
	return name != NULL && rmc_driver_find(name) != NULL;
}

int
rte_rmc_driver_probe(const char *name, char *why, size_t len)
{
	const struct rmc_driver_ops *ops = name != NULL ? rmc_driver_find(name) : NULL;

	if (len > 0)
		why[0] = '\0';
	if (ops == NULL) {
		snprintf(why, len, "no driver named '%s' is built in", name != NULL ? name : "");
		return -ENOENT;
	}
	return ops->probe != NULL ? ops->probe(why, len) : 0;
}
