/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The last command of rmc-testpmd: whatever no other command takes. DPDK's
 * cmdline answers such a line with "Command not found" or "Bad arguments";
 * this command matches exactly the lines no other command parses (its token
 * asks the parser, without itself, whether another command takes the line)
 * and says what is wrong: the closest command and its syntax, and which
 * argument is not what the syntax expects. It runs at the prompt and for
 * scripts alike, so that both give the same message.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline.h>
#include <cmdline_parse.h>

#include <rte_common.h>
#include <rte_rmc_node.h>

#include "testpmd_catchall.h"
#include "testpmd_cmds.h"
#include "testpmd_out.h"

#define TP_WORDS 16
#define TP_LINE 512

static int tp_in_check;       /* the token matches nothing while the parser is asked */
static struct cmdline *tp_check_cl;

/* Split a copy of a line into blank-separated words. */
static int
tp_words(char *buf, char *w[], int max)
{
	int n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(buf, " \t\r\n", &save); t != NULL && n < max;
			t = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = t;
	return n;
}

/* Edit distance of two short words (insertions, deletions, substitutions). */
static unsigned int
tp_dist(const char *a, const char *b)
{
	unsigned int d[33], i, j, prev, tmp;
	size_t la = strlen(a), lb = strlen(b);

	if (la > 32 || lb > 32)
		return la > lb ? la : lb;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = RTE_MIN(RTE_MIN(d[j] + 1, d[j - 1] + 1),
				prev + (a[i - 1] != b[j - 1]));
			prev = tmp;
		}
	}
	return d[lb];
}

/*
 * Distance of a word to a literal with alternatives ("show|clear"); the
 * closest alternative in alt (may be NULL).
 */
static unsigned int
tp_dist_alt(const char *word, const char *lit, char *alt, size_t len)
{
	char buf[64], *save = NULL, *t;
	unsigned int best = UINT32_MAX, d;

	snprintf(buf, sizeof(buf), "%s", lit);
	for (t = strtok_r(buf, "|", &save); t != NULL; t = strtok_r(NULL, "|", &save)) {
		d = tp_dist(word, t);
		if (d < best && alt != NULL)
			snprintf(alt, len, "%s", t);
		best = RTE_MIN(best, d);
	}
	return best;
}

/* A command's syntax: its help text up to ": ", split into words. */
static int
tp_syntax(const cmdline_parse_inst_t *inst, char *buf, size_t len, char *w[], int max)
{
	const char *colon = strstr(inst->help_str, ": ");
	size_t n = colon != NULL ? (size_t)(colon - inst->help_str) : strlen(inst->help_str);

	snprintf(buf, len, "%.*s", (int)RTE_MIN(n, len - 1), inst->help_str);
	return tp_words(buf, w, max);
}

/* Literal words of a syntax (before its first <argument>). */
static int
tp_literals(char *w[], int n)
{
	int i;

	for (i = 0; i < n && w[i][0] != '<'; i++)
		;
	return i;
}

/* How far the line's first words are from the command's literal words. */
static unsigned int
tp_score(const cmdline_parse_inst_t *inst, char *uw[], int un)
{
	char buf[TP_LINE], *w[TP_WORDS];
	int n = tp_syntax(inst, buf, sizeof(buf), w, TP_WORDS);
	int lit = tp_literals(w, n), i;
	unsigned int s = 0;

	for (i = 0; i < lit; i++)
		s += tp_dist_alt(i < un ? uw[i] : "", w[i], NULL, 0);
	return s;
}

/* A placeholder that takes a size (K, M, G) rather than a plain number. */
static int
tp_takes_size(const char *ph)
{
	return strcmp(ph, "<size>") == 0;
}

/* What is wrong with the arguments of a line whose command words are right. */
static void
tp_bad_arg(const cmdline_parse_inst_t *inst, char *uw[], int un, char *why, size_t len)
{
	char buf[TP_LINE], *w[TP_WORDS], *end;
	int n = tp_syntax(inst, buf, sizeof(buf), w, TP_WORDS), i;
	uint64_t v;

	why[0] = '\0';
	for (i = tp_literals(w, n); i < n && i < un; i++) {
		if (w[i][0] != '<' || strstr(w[i], "...") != NULL)
			continue;
		if (tp_takes_size(w[i])) {
			if (rte_rmc_parse_size(uw[i], &v) < 0)
				snprintf(why, len, "'%s' is not a size for %s (examples: 4096, 64K, "
					"1M)", uw[i], w[i]);
		} else {
			errno = 0;
			v = strtoull(uw[i], &end, 0);
			if (errno != 0 || end == uw[i] || *end != '\0' || uw[i][0] == '-')
				snprintf(why, len, "'%s' is not a number for %s (decimal or 0x...; "
					"K, M, G only where the syntax says <size>)", uw[i], w[i]);
		}
		if (why[0] != '\0')
			return;
	}
	if (un != n && strstr(buf, "...") == NULL)
		snprintf(why, len, "%d argument%s given, the syntax has %d", un - tp_literals(w, n),
			un - tp_literals(w, n) == 1 ? "" : "s", n - tp_literals(w, n));
}

/* Print the syntax of every command whose literal words score 'best'. */
static void
tp_print_syntaxes(char *uw[], int un, unsigned int best)
{
	char buf[TP_LINE], *w[TP_WORDS];
	unsigned int i;

	for (i = 0; tp_main_ctx[i] != NULL; i++) {
		if (tp_main_ctx[i] == &tp_cmd_catchall || tp_score(tp_main_ctx[i], uw, un) != best)
			continue;
		tp_syntax(tp_main_ctx[i], buf, sizeof(buf), w, TP_WORDS);
		tp_printf("  syntax: %.*s\n", (int)strcspn(tp_main_ctx[i]->help_str, ":"),
			tp_main_ctx[i]->help_str);
	}
}

void
tp_explain(const char *line)
{
	char copy[TP_LINE], *uw[TP_WORDS], why[160];
	const cmdline_parse_inst_t *best_inst = NULL;
	unsigned int i, s, best = UINT32_MAX;
	int un;

	snprintf(copy, sizeof(copy), "%s", line);
	un = tp_words(copy, uw, TP_WORDS);
	for (i = 0; tp_main_ctx[i] != NULL; i++) {
		if (tp_main_ctx[i] == &tp_cmd_catchall)
			continue;
		s = tp_score(tp_main_ctx[i], uw, un);
		if (s < best) {
			best = s;
			best_inst = tp_main_ctx[i];
		}
	}
	tp_cmd_failed = 1;
	if (best_inst != NULL && best == 0) {
		tp_bad_arg(best_inst, uw, un, why, sizeof(why));
		tp_error("bad arguments in '%s'%s%s", line, why[0] ? ": " : "", why);
	} else if (best_inst != NULL && un > 0 && best <= 2 && best < strlen(uw[0])) {
		char buf[TP_LINE], *w[TP_WORDS];
		int n = tp_syntax(best_inst, buf, sizeof(buf), w, TP_WORDS), k, lit;
		char name[64] = "", alt[64];

		lit = tp_literals(w, n);
		for (k = 0; k < lit; k++) {
			tp_dist_alt(k < un ? uw[k] : "", w[k], alt, sizeof(alt));
			snprintf(name + strlen(name), sizeof(name) - strlen(name), "%s%s",
				k ? " " : "", alt);
		}
		tp_error("unknown command '%s': did you mean '%s'?", line, name);
	} else {
		tp_error("unknown command '%s': 'help' lists the commands", line);
		return;
	}
	tp_print_syntaxes(uw, un, best);
}

/* The token: the whole line, when no other command parses it. */
static int
tp_catchall_parse(cmdline_parse_token_hdr_t *tk, const char *buf, void *res, unsigned int len)
{
	char line[TP_LINE + 2];
	size_t n = strcspn(buf, "\r\n#");
	int ret;

	RTE_SET_USED(tk);
	if (tp_in_check || n == 0 || n >= TP_LINE || strspn(buf, " \t") >= n)
		return -1;
	if (tp_check_cl == NULL)
		tp_check_cl = cmdline_new(tp_main_ctx, "", -1, -1);
	if (tp_check_cl == NULL)
		return -1;
	snprintf(line, sizeof(line), "%.*s\n", (int)n, buf);
	tp_in_check = 1;
	ret = cmdline_parse_check(tp_check_cl, line);
	tp_in_check = 0;
	/* Another command takes the line: cmdline_parse_check() returns its length. */
	if (ret >= 0)
		return -1;
	if (res != NULL && len >= sizeof(struct tp_catchall_result)) {
		while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
			n--;
		snprintf(((struct tp_catchall_result *)res)->line, TP_LINE, "%.*s", (int)n, buf);
	}
	return (int)strcspn(buf, "\r\n#");
}

static int
tp_catchall_nb(cmdline_parse_token_hdr_t *tk)
{
	RTE_SET_USED(tk);
	return 0;
}

static int
tp_catchall_help(cmdline_parse_token_hdr_t *tk, char *buf, unsigned int len)
{
	RTE_SET_USED(tk);
	snprintf(buf, len, "(anything else: says what is wrong)");
	return 0;
}

static struct cmdline_token_ops tp_catchall_ops = {
	.parse = tp_catchall_parse,
	.complete_get_nb = tp_catchall_nb,
	.complete_get_elt = NULL,
	.get_help = tp_catchall_help,
};

static cmdline_parse_token_hdr_t tp_catchall_token = {
	.ops = &tp_catchall_ops,
	.offset = 0,
};

static void
tp_catchall_parsed(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_explain(((struct tp_catchall_result *)res)->line);
}

cmdline_parse_inst_t tp_cmd_catchall = {
	.f = tp_catchall_parsed,
	.help_str = "(anything else: says what is wrong, with the closest command)",
	.tokens = { &tp_catchall_token, NULL },
};

void
tp_catchall_fini(void)
{
	if (tp_check_cl != NULL)
		cmdline_free(tp_check_cl);
	tp_check_cl = NULL;
}
