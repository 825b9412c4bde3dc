/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_CATCHALL_H_
#define _TESTPMD_CATCHALL_H_

/*
 * The command that takes every line no other command parses, and says what
 * is wrong with it (testpmd_catchall.c). It must be the last of tp_main_ctx.
 */

#include <cmdline_parse.h>

struct tp_catchall_result {
	char line[512];
};

extern cmdline_parse_inst_t tp_cmd_catchall;

/* Print what is wrong with a line no command takes (closest command, syntax). */
void tp_explain(const char *line);

/* Release what the catch-all keeps. */
void tp_catchall_fini(void);

#endif /* _TESTPMD_CATCHALL_H_ */
