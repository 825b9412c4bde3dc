/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Event channels between the "domains" of one process (rmc_evtchn_standin.h).
 * Port 0 is never allocated (Xen's is reserved). A port is unbound (waiting
 * for its remote domain) or bound to a port of another handle; a notification
 * of a bound port marks its peer pending, queues it on the peer's handle and
 * makes that handle's eventfd readable; a pending port is not queued again
 * until unmasked, as Xen masks a port it delivered.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "rmc_evtchn_standin.h"

struct evtchn_handle;

struct evtchn_port {
	struct evtchn_handle *owner; /* NULL: free */
	uint32_t remote_domid;       /* the domain that may bind it (unbound) */
	uint32_t peer;               /* bound: the other end; 0 = unbound */
	int pending;
};

struct rmc_evtchn_table {
	pthread_mutex_t lock;
	uint32_t nb_ports;
	uint32_t handles;
	uint64_t notified;
	struct evtchn_port *port;
};

struct evtchn_handle {
	struct rmc_evtchn_table *t;
	uint32_t domid;
	int efd;
	uint32_t queued;             /* ports in queue[] */
	uint32_t *queue;             /* pending ports, in order */
};

struct rmc_evtchn_table *
rmc_evtchn_table_create(uint32_t ports)
{
	struct rmc_evtchn_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->port = calloc(ports, sizeof(*t->port));
	if (t->port == NULL) {
		free(t);
		return NULL;
	}
	t->nb_ports = ports;
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

void
rmc_evtchn_table_usage(struct rmc_evtchn_table *t, uint64_t *notified, uint32_t *bound)
{
	uint32_t i, n = 0;

	pthread_mutex_lock(&t->lock);
	for (i = 1; i < t->nb_ports; i++)
		n += t->port[i].owner != NULL;
	*notified = t->notified;
	*bound = n;
	pthread_mutex_unlock(&t->lock);
}

int
rmc_evtchn_table_destroy(struct rmc_evtchn_table *t)
{
	uint64_t notified;
	uint32_t bound;
	int busy;

	rmc_evtchn_table_usage(t, &notified, &bound);
	busy = bound != 0 || t->handles != 0;
	pthread_mutex_destroy(&t->lock);
	free(t->port);
	free(t);
	return busy ? -EBUSY : 0;
}

static void *
standin_open(const void *arg, uint32_t self_domid, char *why, size_t len)
{
	struct rmc_evtchn_table *t = (struct rmc_evtchn_table *)(uintptr_t)arg;
	struct evtchn_handle *h = calloc(1, sizeof(*h));

	if (h == NULL || (h->queue = calloc(t->nb_ports, sizeof(*h->queue))) == NULL) {
		free(h);
		snprintf(why, len, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	h->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (h->efd < 0) {
		int e = errno;

		snprintf(why, len, "eventfd: %s", strerror(e));
		free(h->queue);
		free(h);
		errno = e;
		return NULL;
	}
	h->t = t;
	h->domid = self_domid;
	pthread_mutex_lock(&t->lock);
	t->handles++;
	pthread_mutex_unlock(&t->lock);
	return h;
}

/* Free a port (lock held); its peer, if bound, becomes unbound again. */
static void
standin_free_port(struct rmc_evtchn_table *t, uint32_t port)
{
	struct evtchn_port *p = &t->port[port];

	if (p->peer != 0) {
		t->port[p->peer].peer = 0;
		t->port[p->peer].remote_domid = p->owner->domid;
	}
	memset(p, 0, sizeof(*p));
}

static void
standin_close(void *hv)
{
	struct evtchn_handle *h = hv;
	struct rmc_evtchn_table *t = h->t;
	uint32_t i;

	pthread_mutex_lock(&t->lock);
	for (i = 1; i < t->nb_ports; i++)
		if (t->port[i].owner == h)
			standin_free_port(t, i);
	t->handles--;
	pthread_mutex_unlock(&t->lock);
	close(h->efd);
	free(h->queue);
	free(h);
}

static int
standin_fd(void *hv)
{
	return ((struct evtchn_handle *)hv)->efd;
}

/* A free port (lock held), or 0. */
static uint32_t
standin_alloc(struct rmc_evtchn_table *t, struct evtchn_handle *h)
{
	uint32_t i;

	for (i = 1; i < t->nb_ports; i++)
		if (t->port[i].owner == NULL) {
			t->port[i].owner = h;
			return i;
		}
	return 0;
}

static int
standin_bind_unbound(void *hv, uint32_t domid)
{
	struct evtchn_handle *h = hv;
	uint32_t port;

	pthread_mutex_lock(&h->t->lock);
	port = standin_alloc(h->t, h);
	if (port != 0)
		h->t->port[port].remote_domid = domid;
	pthread_mutex_unlock(&h->t->lock);
	return port != 0 ? (int)port : -ENOSPC;
}

static int
standin_bind_interdomain(void *hv, uint32_t domid, uint32_t remote_port)
{
	struct evtchn_handle *h = hv;
	struct rmc_evtchn_table *t = h->t;
	struct evtchn_port *r;
	uint32_t port = 0;
	int ret = -EINVAL;

	pthread_mutex_lock(&t->lock);
	r = remote_port != 0 && remote_port < t->nb_ports ? &t->port[remote_port] : NULL;
	/* Only the named domain binds, only to an unbound port of 'domid'. */
	if (r != NULL && r->owner != NULL && r->owner->domid == domid && r->peer == 0 &&
			r->remote_domid == h->domid) {
		port = standin_alloc(t, h);
		ret = -ENOSPC;
		if (port != 0) {
			t->port[port].peer = remote_port;
			r->peer = port;
			ret = (int)port;
		}
	}
	pthread_mutex_unlock(&t->lock);
	return ret;
}

static int
standin_unbind(void *hv, uint32_t port)
{
	struct evtchn_handle *h = hv;
	int ret = -EINVAL;

	pthread_mutex_lock(&h->t->lock);
	if (port != 0 && port < h->t->nb_ports && h->t->port[port].owner == h) {
		standin_free_port(h->t, port);
		ret = 0;
	}
	pthread_mutex_unlock(&h->t->lock);
	return ret;
}

static int
standin_notify(void *hv, uint32_t port)
{
	struct evtchn_handle *h = hv;
	struct rmc_evtchn_table *t = h->t;
	struct evtchn_port *r;
	uint64_t one = 1;
	int ret = -EINVAL;

	pthread_mutex_lock(&t->lock);
	if (port != 0 && port < t->nb_ports && t->port[port].owner == h &&
			t->port[port].peer != 0) {
		r = &t->port[t->port[port].peer];
		t->notified++;
		ret = 0;
		/* Pending already: the notifications merge, as Xen's do. */
		if (!r->pending) {
			r->pending = 1;
			r->owner->queue[r->owner->queued++] = t->port[port].peer;
			if (write(r->owner->efd, &one, sizeof(one)) != sizeof(one))
				ret = -errno;
		}
	}
	pthread_mutex_unlock(&t->lock);
	return ret;
}

static int
standin_pending(void *hv)
{
	struct evtchn_handle *h = hv;
	uint64_t v;
	int port = -EAGAIN;

	pthread_mutex_lock(&h->t->lock);
	if (h->queued > 0) {
		port = (int)h->queue[0];
		memmove(h->queue, h->queue + 1, --h->queued * sizeof(h->queue[0]));
	}
	/* Readable only while something is queued. */
	if (h->queued == 0 && read(h->efd, &v, sizeof(v)) < 0)
		v = 0;
	pthread_mutex_unlock(&h->t->lock);
	return port;
}

static int
standin_unmask(void *hv, uint32_t port)
{
	struct evtchn_handle *h = hv;
	int ret = -EINVAL;

	pthread_mutex_lock(&h->t->lock);
	if (port != 0 && port < h->t->nb_ports && h->t->port[port].owner == h) {
		h->t->port[port].pending = 0;
		ret = 0;
	}
	pthread_mutex_unlock(&h->t->lock);
	return ret;
}

const struct rmc_evtchn_ops rmc_evtchn_standin_ops = {
	.name = "event channel stand-in",
	.open = standin_open,
	.close = standin_close,
	.fd = standin_fd,
	.bind_unbound = standin_bind_unbound,
	.bind_interdomain = standin_bind_interdomain,
	.unbind = standin_unbind,
	.notify = standin_notify,
	.pending = standin_pending,
	.unmask = standin_unmask,
};
