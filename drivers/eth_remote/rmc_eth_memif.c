/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A memif server left behind by a killed rmcd. DPDK's net_memif binds its
 * listener socket file when the EAL probes the device and removes it only on
 * a clean close: after SIGKILL (or a crash) the file stays, the next rmcd's
 * bind() fails with EADDRINUSE, the device is not probed, and the node starts
 * without its link (its peers never hear it again). rmcd cannot clean the
 * file before the EAL probes it (the node's lock is taken after), so the
 * driver does it at init: a net_memif server device that the EAL failed to
 * probe, whose socket file nobody listens on (connect() is refused), has its
 * file removed and is probed again, under the name NAME_r: net_memif's failed
 * probe leaves its ethdev allocated under NAME (DPDK 22.11 memif_create()
 * does not release it), so the same name cannot be probed twice. A file some
 * live process listens on is left alone: that is a configuration error and is
 * reported as such.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_ethdev.h>
#include <rte_kvargs.h>

#include "rmc_driver.h"
#include "rmc_eth_priv.h"

#define MEMIF_PREFIX "net_memif"
#define MEMIF_MAX_RETRY 32

/*
 * The socket file of a memif server device's arguments, into path; 0 when the
 * device is a client or its socket is abstract (no file, nothing can be left).
 * Defaults are net_memif's: role server, socket /run/memif.sock, abstract.
 */
static int
memif_server_file(const char *args, char *path, size_t size)
{
	struct rte_kvargs *kv = rte_kvargs_parse(args != NULL ? args : "", NULL);
	const char *role, *sock, *abstract;
	int ok;

	if (kv == NULL)
		return 0;
	role = rte_kvargs_get(kv, "role");
	sock = rte_kvargs_get(kv, "socket");
	abstract = rte_kvargs_get(kv, "socket-abstract");
	ok = (role == NULL || strcmp(role, "server") == 0 || strcmp(role, "master") == 0) &&
		abstract != NULL && strcmp(abstract, "no") == 0;
	if (ok)
		ok = (size_t)snprintf(path, size, "%s", sock != NULL ? sock : "/run/memif.sock") <
			size;
	rte_kvargs_free(kv);
	return ok;
}

/* 1 when path is a socket file nobody listens on (a dead server's). */
static int
memif_socket_stale(const char *path)
{
	struct sockaddr_un un;
	struct stat st;
	int fd, ret, err;

	if (lstat(path, &st) != 0 || !S_ISSOCK(st.st_mode) || strlen(path) >= sizeof(un.sun_path))
		return 0;
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (fd < 0)
		return 0;
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, path, strlen(path));
	ret = connect(fd, (struct sockaddr *)&un, sizeof(un));
	err = errno;
	close(fd);
	return ret < 0 && err == ECONNREFUSED;
}

void
rmc_eth_memif_stale(struct rte_rmc_node *node)
{
	char spec[MEMIF_MAX_RETRY][RTE_DEV_NAME_MAX_LEN + 512];
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct rte_devargs *da;
	unsigned int n = 0, i;
	uint16_t port;
	int ret;

	/* First collect: probing again replaces the devargs being walked. */
	RTE_EAL_DEVARGS_FOREACH("vdev", da) {
		if (n == MEMIF_MAX_RETRY)
			break;
		if (strncmp(da->name, MEMIF_PREFIX, strlen(MEMIF_PREFIX)) != 0 ||
				rte_eth_dev_get_port_by_name(da->name, &port) == 0 ||
				!memif_server_file(da->args, path, sizeof(path)))
			continue;
		if (!memif_socket_stale(path)) {
			RMC_LOG(ERR, "node %u: %s was not probed and its socket %s is in use by "
				"another process (or not a socket): not touched",
				rmc_node_id(node), da->name, path);
			continue;
		}
		if (unlink(path) != 0)
			continue;
		RMC_LOG(NOTICE, "node %u: removed stale memif socket %s of a previous run",
			rmc_node_id(node), path);
		if ((size_t)snprintf(spec[n], sizeof(spec[n]), "%s_r,%s", da->name,
				da->args != NULL ? da->args : "") < sizeof(spec[n]))
			n++;
	}
	for (i = 0; i < n; i++) {
		ret = rte_dev_probe(spec[i]);
		if (ret < 0)
			RMC_LOG(ERR, "node %u: cannot probe %s again: %s", rmc_node_id(node),
				spec[i], strerror(-ret));
	}
}

int
rmc_eth_memif_server_socket(uint16_t port, char *path, size_t size)
{
	struct rte_eth_dev_info info;
	const struct rte_devargs *da;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return 0;
	da = rte_dev_devargs(info.device);
	if (da == NULL || strncmp(rte_dev_name(info.device), MEMIF_PREFIX,
			strlen(MEMIF_PREFIX)) != 0)
		return 0;
	return memif_server_file(da->args, path, size);
}
