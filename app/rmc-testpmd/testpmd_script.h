/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_SCRIPT_H_
#define _TESTPMD_SCRIPT_H_

/*
 * Running the commands: at the interactive prompt, or line by line from a
 * script (standard input or --cmdfile), counting every failure.
 */

#include <stdio.h>

int tp_run_script(FILE *f);
void tp_interact(void);
/* At a prompt: log messages of other threads show the prompt again after them. */
void tp_interact_log(void);

#endif /* _TESTPMD_SCRIPT_H_ */
