/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Xen's hypervisor file system, where Xen exposes its grant-table caps
 * (/params/gnttab_max_frames, /params/gnttab_max_maptrack_frames). Xen lets
 * dom0 read it; in other domains the open or the read fails and the caller
 * falls back to the driver arguments or the defaults (rmc_xen_limits.h).
 * Also the quiet logger given to the Xen libraries, whose own messages would
 * only repeat the driver's.
 *
 * NOT EXERCISED BY CI (no Xen on the build machines).
 */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include <xentoollog.h>

#include "rmc_xen_env.h"

static void
quiet_vmessage(struct xentoollog_logger *logger, xentoollog_level level, int errnoval,
		const char *context, const char *format, va_list al)
{
	RTE_SET_USED(logger);
	RTE_SET_USED(level);
	RTE_SET_USED(errnoval);
	RTE_SET_USED(context);
	RTE_SET_USED(format);
	RTE_SET_USED(al);
}

static void
quiet_progress(struct xentoollog_logger *logger, const char *context, const char *doing_what,
		int percent, unsigned long done, unsigned long total)
{
	RTE_SET_USED(logger);
	RTE_SET_USED(context);
	RTE_SET_USED(doing_what);
	RTE_SET_USED(percent);
	RTE_SET_USED(done);
	RTE_SET_USED(total);
}

static void
quiet_destroy(struct xentoollog_logger *logger)
{
	RTE_SET_USED(logger);
}

static struct xentoollog_logger rmc_xen_quiet = {
	.vmessage = quiet_vmessage,
	.progress = quiet_progress,
	.destroy = quiet_destroy,
};

struct xentoollog_logger *
rmc_xen_quiet_logger(void)
{
	return &rmc_xen_quiet;
}

#ifdef RMC_HAVE_XENHYPFS
#include <xenhypfs.h>

int
rmc_xen_hypfs_read(const char *path, uint64_t *val)
{
	xenhypfs_handle *h = xenhypfs_open(&rmc_xen_quiet, 0);
	unsigned long long v;
	char *txt, *end;
	int ret = 0;

	if (h == NULL)
		return errno != 0 ? -errno : -ENODEV;
	txt = xenhypfs_read(h, path);
	if (txt == NULL) {
		ret = errno != 0 ? -errno : -ENOENT;
	} else {
		v = strtoull(txt, &end, 10);
		if (end == txt || *end != '\0')
			ret = -EPROTO;
		else
			*val = v;
		free(txt);
	}
	xenhypfs_close(h);
	return ret;
}
#endif /* RMC_HAVE_XENHYPFS */
