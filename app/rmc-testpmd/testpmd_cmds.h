/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_CMDS_H_
#define _TESTPMD_CMDS_H_

/* The commands on DPDK's cmdline library, and whether the last one failed. */

#include <cmdline_parse.h>

/* Every command, in the order 'help' lists them. */
extern cmdline_parse_ctx_t tp_main_ctx[];

/* Set by a handler whose command failed; the runner clears it before each. */
extern int tp_cmd_failed;

#endif /* _TESTPMD_CMDS_H_ */
