/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_ADMIN_H_
#define _TESTPMD_ADMIN_H_

/*
 * The operator's admin channel of a node of an attached cluster: the DPDK
 * telemetry socket of its rmcd (/rmc/admin/... commands).
 */

#include <stddef.h>

/*
 * Run "cmd,params" on node nid's telemetry socket. Returns 0 when the node
 * answered "ok"; -ENOENT (or another connect error) when the socket cannot
 * be reached, with the reason in why; -EIO when the node answered an error
 * (its message in why) or the answer could not be read.
 */
int tp_admin_cmd(unsigned int nid, const char *cmd, const char *params, char *why,
		size_t whylen);

#endif /* _TESTPMD_ADMIN_H_ */
