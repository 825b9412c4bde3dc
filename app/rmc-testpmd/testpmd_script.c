/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The runners of rmc-testpmd's commands: the interactive prompt, and the
 * non-interactive runner that parses each line itself so that every failure
 * is counted (the exit status says whether any command failed).
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_log.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_string.h>
#include <cmdline_rdline.h>
#include <cmdline_socket.h>

#include "testpmd.h"
#include "testpmd_cmds.h"
#include "testpmd_out.h"
#include "testpmd_script.h"

/* Strip trailing blanks and line ends in place; return the first non-blank. */
static char *
tp_trim(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
			line[n - 1] == '\t'))
		line[--n] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

int
tp_run_script(FILE *f)
{
	char line[STR_MULTI_TOKEN_SIZE + 2];
	struct cmdline *cl;
	unsigned int lineno = 0;
	size_t n;
	char *cmd;
	int ret;

	cl = cmdline_new(tp_main_ctx, "", -1, STDOUT_FILENO);
	if (cl == NULL)
		return tp_error("cannot create the command line");
	while (!tp.quit && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		n = strlen(line);
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			int c;

			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			tp_error("line %u is longer than %d characters; skipped", lineno,
				STR_MULTI_TOKEN_SIZE);
			tp.nb_failed++;
			continue;
		}
		cmd = tp_trim(line);
		if (cmd[0] == '\0' || cmd[0] == '#')
			continue;
		tp_printf(TP_PROMPT "%s\n", cmd);
		tp_cmd_failed = 0;
		n = strlen(cmd);
		cmd[n] = '\n';
		cmd[n + 1] = '\0';
		ret = cmdline_parse(cl, cmd);
		cmd[n] = '\0';
		if (ret == CMDLINE_PARSE_AMBIGUOUS)
			tp_cmd_failed = tp_error("ambiguous command '%s'", cmd) < 0;
		else if (ret == CMDLINE_PARSE_NOMATCH)
			tp_cmd_failed = tp_error("unknown command '%s': 'help' lists the commands",
				cmd) < 0;
		else if (ret == CMDLINE_PARSE_BAD_ARGS)
			tp_cmd_failed = tp_error("bad arguments in '%s': 'help' gives the syntax",
				cmd) < 0;
		if (tp_cmd_failed)
			tp.nb_failed++;
	}
	cmdline_free(cl);
	return 0;
}

/* The prompt while it waits for a line: log messages then show it again. */
static struct cmdline *tp_prompt_cl;

/*
 * The log stream at the prompt: a message from another thread (a node's
 * control thread says its peers are connected) clears the prompt's line,
 * prints, and shows the prompt again with what was typed so far.
 */
static ssize_t
tp_log_write(void *cookie, const char *buf, size_t size)
{
	struct cmdline *cl = __atomic_load_n(&tp_prompt_cl, __ATOMIC_ACQUIRE);

	RTE_SET_USED(cookie);
	if (cl != NULL)
		fputs("\r\033[K", stdout);
	fwrite(buf, 1, size, stdout);
	fflush(stdout);
	if (cl != NULL && size > 0 && buf[size - 1] == '\n')
		rdline_redisplay(cmdline_get_rdline(cl));
	return size;
}

void
tp_interact_log(void)
{
	static const cookie_io_functions_t io = { .write = tp_log_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (f == NULL)
		return;
	setvbuf(f, NULL, _IOLBF, 0);
	rte_openlog_stream(f);
}

void
tp_interact(void)
{
	struct cmdline *cl;

	/* The banner first: the prompt is the last thing on the screen. */
	tp_printf("Type 'help' for the commands, TAB to complete, 'quit' to leave.\n");
	cl = cmdline_stdin_new(tp_main_ctx, TP_PROMPT);
	if (cl == NULL) {
		tp_error("cannot create the prompt");
		return;
	}
	__atomic_store_n(&tp_prompt_cl, cl, __ATOMIC_RELEASE);
	cmdline_interact(cl);
	__atomic_store_n(&tp_prompt_cl, NULL, __ATOMIC_RELEASE);
	cmdline_stdin_exit(cl);
	tp_printf("\n");
}
