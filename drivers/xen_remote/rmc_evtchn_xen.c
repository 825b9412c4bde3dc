/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Event channels through libxenevtchn (rmc_evtchn.h). Not exercised by CI,
 * which has no Xen: built, and documented as untested (doc/xen.md).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xenevtchn.h>

#include "rmc_evtchn.h"
#include "rmc_xen_env.h"

static void *
evtchn_xen_open(const void *arg, uint32_t self_domid, char *why, size_t len)
{
	xenevtchn_handle *h;

	(void)arg;
	(void)self_domid;
	h = xenevtchn_open(rmc_xen_quiet_logger(), 0);
	if (h == NULL) {
		int e = errno;

		snprintf(why, len, "cannot open the event channel device (/dev/xen/evtchn): %s",
			strerror(e));
		errno = e;
	}
	return h;
}

static void
evtchn_xen_close(void *h)
{
	xenevtchn_close(h);
}

static int
evtchn_xen_fd(void *h)
{
	return xenevtchn_fd(h);
}

static int
evtchn_xen_bind_unbound(void *h, uint32_t domid)
{
	xenevtchn_port_or_error_t port = xenevtchn_bind_unbound_port(h, domid);

	return port < 0 ? -errno : (int)port;
}

static int
evtchn_xen_bind_interdomain(void *h, uint32_t domid, uint32_t remote_port)
{
	xenevtchn_port_or_error_t port = xenevtchn_bind_interdomain(h, domid, remote_port);

	return port < 0 ? -errno : (int)port;
}

static int
evtchn_xen_unbind(void *h, uint32_t port)
{
	return xenevtchn_unbind(h, port) < 0 ? -errno : 0;
}

static int
evtchn_xen_notify(void *h, uint32_t port)
{
	return xenevtchn_notify(h, port) < 0 ? -errno : 0;
}

static int
evtchn_xen_pending(void *h)
{
	xenevtchn_port_or_error_t port = xenevtchn_pending(h);

	return port < 0 ? -EAGAIN : (int)port;
}

static int
evtchn_xen_unmask(void *h, uint32_t port)
{
	return xenevtchn_unmask(h, port) < 0 ? -errno : 0;
}

const struct rmc_evtchn_ops rmc_evtchn_xen_ops = {
	.name = "libxenevtchn",
	.open = evtchn_xen_open,
	.close = evtchn_xen_close,
	.fd = evtchn_xen_fd,
	.bind_unbound = evtchn_xen_bind_unbound,
	.bind_interdomain = evtchn_xen_bind_interdomain,
	.unbind = evtchn_xen_unbind,
	.notify = evtchn_xen_notify,
	.pending = evtchn_xen_pending,
	.unmask = evtchn_xen_unmask,
};
