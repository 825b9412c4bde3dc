/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The production grant backend: libxengnttab. Sharing goes through the
 * kernel's gntalloc device (/dev/xen/gntalloc): fresh pages, granted to one
 * domain. Mapping goes through gntdev (/dev/xen/gntdev). The unmap
 * notifications (a byte cleared when one side goes, even by a crash) are the
 * kernel's, not ours, which is why the control page of a region uses them.
 *
 * NOT EXERCISED BY CI: the build machines have no Xen. Only the other
 * backend (rmc_gnt_memfd.c) runs in the tests; see doc/xen.md.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>

#include "rmc_gnt.h"
#include "rmc_xen_env.h"

struct gnt_xen {
	xengntshr_handle *shr;
	xengnttab_handle *tab;
};

static void *
gnt_xen_open(const void *arg, uint32_t self_domid, char *why, size_t len)
{
	struct gnt_xen *x;
	int err;

	RTE_SET_USED(arg);
	RTE_SET_USED(self_domid);
	x = calloc(1, sizeof(*x));
	if (x == NULL)
		return NULL;
	x->shr = xengntshr_open(rmc_xen_quiet_logger(), 0);
	if (x->shr == NULL) {
		err = errno;
		snprintf(why, len, "cannot open the grant-sharing device %s: %s (load the "
			"xen_gntalloc module)", RMC_XEN_GNTALLOC_DEV, strerror(err));
		free(x);
		errno = err;
		return NULL;
	}
	x->tab = xengnttab_open(rmc_xen_quiet_logger(), 0);
	if (x->tab == NULL) {
		err = errno;
		snprintf(why, len, "cannot open the grant-mapping device %s: %s (load the "
			"xen_gntdev module)", RMC_XEN_GNTDEV_DEV, strerror(err));
		xengntshr_close(x->shr);
		free(x);
		errno = err;
		return NULL;
	}
	return x;
}

static void
gnt_xen_close(void *h)
{
	struct gnt_xen *x = h;

	xengnttab_close(x->tab);
	xengntshr_close(x->shr);
	free(x);
}

static void *
gnt_xen_share(void *h, uint32_t domid, uint32_t count, uint32_t *refs, uint32_t notify_off)
{
	struct gnt_xen *x = h;

	if (notify_off != RMC_GNT_NO_NOTIFY)
		return xengntshr_share_page_notify(x->shr, domid, refs, 1, notify_off,
			(evtchn_port_t)-1);
	return xengntshr_share_pages(x->shr, domid, count, refs, 1);
}

static int
gnt_xen_unshare(void *h, void *addr, uint32_t count)
{
	struct gnt_xen *x = h;

	/*
	 * Ends our mapping and the grants; while the peer still maps a page,
	 * the kernel keeps it and ends the grant when the peer lets go.
	 */
	return xengntshr_unshare(x->shr, addr, count) < 0 ? -errno : 0;
}

static void *
gnt_xen_map(void *h, uint32_t domid, uint32_t count, const uint32_t *refs, uint32_t notify_off)
{
	struct gnt_xen *x = h;
	uint32_t tmp[RMC_GNT_MAX_COUNT];

	if (notify_off != RMC_GNT_NO_NOTIFY)
		return xengnttab_map_grant_ref_notify(x->tab, domid, refs[0],
			PROT_READ | PROT_WRITE, notify_off, (evtchn_port_t)-1);
	/* The library takes a non-const array. */
	memcpy(tmp, refs, count * sizeof(*refs));
	return xengnttab_map_domain_grant_refs(x->tab, count, domid, tmp,
		PROT_READ | PROT_WRITE);
}

static int
gnt_xen_unmap(void *h, void *addr, uint32_t count)
{
	struct gnt_xen *x = h;

	return xengnttab_unmap(x->tab, addr, count) < 0 ? -errno : 0;
}

const struct rmc_gnt_ops rmc_gnt_xen_ops = {
	.name = "xengnttab",
	.open = gnt_xen_open,
	.close = gnt_xen_close,
	.share = gnt_xen_share,
	.unshare = gnt_xen_unshare,
	.map = gnt_xen_map,
	.unmap = gnt_xen_unmap,
};
