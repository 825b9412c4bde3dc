/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_OUT_H_
#define _TESTPMD_OUT_H_

/*
 * rmc-testpmd's messages: on stdout, flushed, so that they stand in order
 * with the prompt's output and with the commands a script echoes.
 */

void tp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "error: ..." and return -1: the command failed. */
int tp_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _TESTPMD_OUT_H_ */
