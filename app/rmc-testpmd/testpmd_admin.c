/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Client of a node's admin channel (lib/librte_rmc/node/rmc_telemetry_admin.c):
 * in attach mode, "set latency" and "clear stats" are the operator's, so they
 * go to the DPDK telemetry socket of the node's rmcd, found as
 * rmc-telemetry.py finds it: <EAL runtime dir>/sonuma_<cluster>_n<id>/
 * dpdk_telemetry.v2. SOCK_SEQPACKET: a greeting, then one answer per command.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_common.h>

#include "testpmd.h"
#include "testpmd_admin.h"

#define TP_ADMIN_TIMEOUT_S 5
#define TP_ADMIN_REPLY_MAX 16384

/* The EAL runtime dir, by EAL's rule (eal_create_runtime_dir()). */
static void
tp_admin_sock_path(unsigned int nid, char *path, size_t len)
{
	const char *dir = getenv("RUNTIME_DIRECTORY");

	if (dir == NULL || dir[0] == '\0') {
		dir = geteuid() == 0 ? "/var/run" : getenv("XDG_RUNTIME_DIR");
		if (dir == NULL || dir[0] == '\0')
			dir = "/tmp";
	}
	snprintf(path, len, "%s/dpdk/sonuma_%s_n%u/dpdk_telemetry.v2", dir, tp.o.cluster, nid);
}

static int
tp_admin_connect(unsigned int nid, char *why, size_t whylen)
{
	struct timeval tv = { .tv_sec = TP_ADMIN_TIMEOUT_S };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	int fd, err;

	tp_admin_sock_path(nid, sun.sun_path, sizeof(sun.sun_path));
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		snprintf(why, whylen, "admin channel: no socket: %s", strerror(err));
		return -err;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		err = errno;
		snprintf(why, whylen, "admin channel %s unreachable: %s", sun.sun_path,
			strerror(err));
		close(fd);
		return -err;
	}
	/* Only the node's own user (or root) may be the operator's channel. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) < 0 ||
			(cred.uid != geteuid() && cred.uid != 0)) {
		snprintf(why, whylen, "admin channel %s: not run by this user", sun.sun_path);
		close(fd);
		return -EACCES;
	}
	return fd;
}

/* The string value of "key" in a flat JSON answer (no escapes: the node's are plain). */
static int
tp_admin_json_str(const char *json, const char *key, char *out, size_t len)
{
	char pat[64];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	if (p == NULL)
		return -1;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (*p++ != '"')
		return -1;
	e = strchr(p, '"');
	if (e == NULL)
		return -1;
	snprintf(out, len, "%.*s", (int)RTE_MIN((size_t)(e - p), len - 1), p);
	return 0;
}

int
tp_admin_cmd(unsigned int nid, const char *cmd, const char *params, char *why, size_t whylen)
{
	char *buf, status[16];
	ssize_t n;
	int fd, len;

	fd = tp_admin_connect(nid, why, whylen);
	if (fd < 0)
		return fd;
	buf = malloc(TP_ADMIN_REPLY_MAX);
	if (buf == NULL) {
		close(fd);
		snprintf(why, whylen, "admin channel: out of memory");
		return -EIO;
	}
	n = recv(fd, buf, TP_ADMIN_REPLY_MAX - 1, 0);   /* the greeting */
	len = snprintf(buf, TP_ADMIN_REPLY_MAX, "%s,%s", cmd, params);
	if (n > 0 && send(fd, buf, len, 0) == len)
		n = recv(fd, buf, TP_ADMIN_REPLY_MAX - 1, 0);
	else
		n = -1;
	close(fd);
	if (n <= 0) {
		snprintf(why, whylen, "admin channel: no answer to %s", cmd);
		free(buf);
		return -EIO;
	}
	buf[n] = '\0';
	if (tp_admin_json_str(buf, "status", status, sizeof(status)) < 0) {
		snprintf(why, whylen, "admin channel: %s unknown to this node (older build?)",
			cmd);
		free(buf);
		return -EIO;
	}
	if (strcmp(status, "ok") != 0) {
		if (tp_admin_json_str(buf, "error", why, whylen) < 0)
			snprintf(why, whylen, "admin channel: %s failed", cmd);
		free(buf);
		return -EIO;
	}
	free(buf);
	return 0;
}
