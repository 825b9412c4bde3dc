/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Finding the node an application attaches to: which node, waiting for it
 * (bounded, with one line naming the cluster and the directory searched), and
 * failing at once when a running node of the cluster proves that the attach
 * can never succeed (a node id outside the cluster, nodes started for
 * different cluster sizes, which refuse each other).
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "rmc_app.h"
#include "rmc_common.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"

#define RMC_ATTACH_TIMEOUT_MS_DEFAULT 10000
/* How often a waiting attach asks the running nodes again. */
#define RMC_PROBE_EVERY_NS 100000000ull

void
rmc_sleep_ms(unsigned int ms)
{
	const struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Parse a whole decimal number; -1 if the text is not one. */
static long
rmc_parse_ulong(const char *txt, unsigned long max)
{
	unsigned long v;
	char *end;

	if (txt == NULL || *txt < '0' || *txt > '9')
		return -1;
	errno = 0;
	v = strtoul(txt, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	return (long)v;
}

/* Node ids whose control socket exists in the cluster directory. */
static int
rmc_scan_nodes(const char *dir, int *ids, int max)
{
	struct dirent *de;
	unsigned int id;
	DIR *d;
	int n = 0;
	char tail;

	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		if (sscanf(de->d_name, "node%u.soc%c", &id, &tail) == 2 && tail == 'k' &&
				id < RTE_RMC_MAX_NODES)
			ids[n++] = id;
	}
	closedir(d);
	return n;
}

static int
rmc_connect(const char *path, uint32_t timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = timeout_ms / 1000 + 1 };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* A node whose backlog is full (stopped, flooded) must not block connect. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

void
rmc_attach_wait_init(struct rmc_attach_wait *w, const char *dir, const char *cluster,
		const struct rte_rmc_attach_opts *opts)
{
	const char *env = getenv("RMC_ATTACH_TIMEOUT");
	long v;

	memset(w, 0, sizeof(*w));
	w->dir = dir;
	w->cluster = cluster;
	w->verbose = opts == NULL || opts->verbose;
	w->timeout_ms = RMC_ATTACH_TIMEOUT_MS_DEFAULT;
	if (opts != NULL && opts->timeout_ms != 0) {
		w->timeout_ms = opts->timeout_ms;
	} else if (env != NULL) {
		v = rmc_parse_ulong(env, 3600);
		if (v >= 0)
			w->timeout_ms = (uint32_t)v * 1000; /* 0: no wait */
		else
			RMC_LOG(WARNING, "ignoring RMC_ATTACH_TIMEOUT='%s': expected whole "
				"seconds", env);
	}
	/* Control requests keep a bound even when attaching does not wait. */
	w->ctl_timeout_ms = w->timeout_ms != 0 ? w->timeout_ms : RMC_ATTACH_TIMEOUT_MS_DEFAULT;
	w->deadline = rmc_now_ns() + (uint64_t)w->timeout_ms * 1000000;
}

/* The one line an attach prints when it waits, whatever it waits for. */
void
rmc_attach_wait_say(struct rmc_attach_wait *w, const char *what)
{
	if (!w->verbose || w->said++)
		return;
	RMC_LOG(NOTICE, "waiting up to %u s for %s of cluster '%s' (looking in %s; "
		"RMC_ATTACH_TIMEOUT sets the bound)", w->timeout_ms / 1000, what, w->cluster,
		w->dir);
}

/*
 * Ask running node id its cluster size, as an application would (hello),
 * then leave. 0 with *count set, or -errno (the node is not there or not
 * answering: nothing is proved).
 */
static int
rmc_probe_count(const struct rmc_attach_wait *w, int id, unsigned int *count)
{
	struct rte_rmc_session s = { .fd = -1 };
	char path[PATH_MAX + 32];
	struct rmc_ctl_msg m;
	int ret;

	snprintf(path, sizeof(path), "%s/node%d.sock", w->dir, id);
	s.fd = rmc_connect(path, 1000);
	if (s.fd < 0)
		return s.fd;
	pthread_mutex_init(&s.lock, NULL);
	ret = rmc_node_owner_check(s.fd, path);
	if (ret == 0)
		ret = rmc_session_set_timeout(&s, 1000);
	if (ret == 0) {
		rmc_ctl_init(&m, RMC_CTL_HELLO);
		snprintf(m.u.hello.cluster, sizeof(m.u.hello.cluster), "%s", w->cluster);
		m.u.hello.pid = getpid();
		m.u.hello.role = RMC_ROLE_APP;
		ret = rmc_session_call_quiet(&s, &m, NULL);
	}
	close(s.fd);
	pthread_mutex_destroy(&s.lock);
	if (ret < 0)
		return ret;
	if (m.u.info.node_count == 0 || m.u.info.node_count > RTE_RMC_MAX_NODES)
		return -EPROTO;
	*count = m.u.info.node_count;
	return 0;
}

/*
 * Whether the running nodes other than skip (and those in done_mask) prove
 * that node node_id of a cluster of want nodes (0: not known yet) can never
 * be served: -EINVAL with one line if so, else 0. Nodes that answered are
 * added to *done_mask, so that each is asked once.
 */
static int
rmc_attach_disproved(struct rmc_attach_wait *w, int node_id, unsigned int want, int skip,
		uint64_t *done_mask)
{
	int ids[RTE_RMC_MAX_NODES];
	unsigned int count;
	int i, n;

	if (rmc_now_ns() < w->next_probe_ns)
		return 0;
	w->next_probe_ns = rmc_now_ns() + RMC_PROBE_EVERY_NS;
	n = rmc_scan_nodes(w->dir, ids, RTE_RMC_MAX_NODES);
	for (i = 0; i < n; i++) {
		if (ids[i] == skip || (*done_mask >> ids[i]) & 1)
			continue;
		if (rmc_probe_count(w, ids[i], &count) < 0)
			continue;
		*done_mask |= UINT64_C(1) << ids[i];
		if ((unsigned int)node_id >= count) {
			RMC_LOG(ERR, "node %d can never be part of cluster '%s': its node %d "
				"runs with %u nodes (ids 0..%u); check RMC_NODE", node_id,
				w->cluster, ids[i], count, count - 1);
			return -EINVAL;
		}
		if (want != 0 && count != want) {
			RMC_LOG(ERR, "node %d of cluster '%s' was started for %u nodes, but its "
				"node %d runs for %u: they refuse each other (cluster size "
				"mismatch); restart them with one node count", node_id, w->cluster,
				want, ids[i], count);
			return -EINVAL;
		}
	}
	return 0;
}

int
rmc_attach_check_peers(struct rmc_attach_wait *w, int node_id, unsigned int node_count)
{
	return rmc_attach_disproved(w, node_id, node_count, node_id, &w->peers_probed);
}

int
rmc_pick_node(struct rmc_attach_wait *w, int node_id)
{
	const char *env = getenv("RMC_NODE");
	int ids[RTE_RMC_MAX_NODES];
	int n;
	long v;

	if (node_id >= 0)
		return node_id;
	if (env != NULL && env[0] != '\0') {
		v = rmc_parse_ulong(env, RTE_RMC_MAX_NODES - 1);
		if (v < 0) {
			RMC_LOG(ERR, "RMC_NODE='%s' is not a node id (0..%u)", env,
				RTE_RMC_MAX_NODES - 1);
			return -EINVAL;
		}
		return (int)v;
	}
	for (;;) {
		n = rmc_scan_nodes(w->dir, ids, RTE_RMC_MAX_NODES);
		if (n == 1)
			return ids[0];
		if (n > 1) {
			RMC_LOG(ERR, "%d nodes of cluster '%s' run on this host: set RMC_NODE to "
				"the node this application runs on", n, w->cluster);
			return -EINVAL;
		}
		if (rmc_now_ns() > w->deadline) {
			RMC_LOG(ERR, "no node of cluster '%s' runs on this host (looked in %s): "
				"start rmcd first, or set RMC_CLUSTER / RMC_NODE", w->cluster,
				w->dir);
			return -ENOENT;
		}
		rmc_attach_wait_say(w, "a node");
		rmc_sleep_ms(20);
	}
}

int
rmc_connect_wait(struct rmc_attach_wait *w, const char *path, int node_id)
{
	uint64_t probed = 0;
	char what[32];
	int fd;

	for (;;) {
		fd = rmc_connect(path, w->ctl_timeout_ms);
		if (fd >= 0)
			return fd;
		if (fd == -EAGAIN) {
			RMC_LOG(ERR, "node %d of cluster '%s' did not accept the connection within "
				"%u s: is its rmcd stopped or overloaded (check it with ps, or "
				"restart it)? RMC_ATTACH_TIMEOUT sets the bound", node_id,
				w->cluster, w->ctl_timeout_ms / 1000 + 1);
			return -ETIMEDOUT;
		}
		if (fd != -ENOENT && fd != -ECONNREFUSED) {
			RMC_LOG(ERR, "cannot connect to node %d at %s: %s%s", node_id, path,
				strerror(-fd), fd == -EACCES ? " (a node's files are owner-only: "
				"run the application as the user that runs the node)" : "");
			return fd;
		}
		/* Another node of the cluster runs: it may prove this one never will. */
		if (rmc_attach_disproved(w, node_id, 0, node_id, &probed) < 0)
			return -EINVAL;
		if (rmc_now_ns() > w->deadline) {
			RMC_LOG(ERR, "node %d of cluster '%s' is not running (no %s): start "
				"'rmcd <node_count> %d' first", node_id, w->cluster, path, node_id);
			return -ENOENT;
		}
		snprintf(what, sizeof(what), "node %d", node_id);
		rmc_attach_wait_say(w, what);
		rmc_sleep_ms(10);
	}
}
