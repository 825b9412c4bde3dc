/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMCD_OPTIONS_H_
#define _RMCD_OPTIONS_H_

/*
 * rmcd's own options as a table: the parser (rmcd_args.c) looks an argument
 * up here, the usage text is printed from here, and each option's value is
 * checked and stored by its handler, so that an option is added in one place.
 */

#include <stddef.h>
#include <stdint.h>

#include "rmcd_args.h"

/* What the parser knows while it reads rmcd's own arguments. */
struct rmcd_parse {
	struct rmcd_opts *o;
	uint64_t nodes;      /* --nodes */
	uint64_t nid;        /* --node-id, UINT64_MAX until given */
	int have_nodes;      /* --nodes given */
	const char *pos[2];  /* <node_count> <node_id> */
	int npos;
};

/*
 * Check and store an option's value. 'opt' is the name as given, for the
 * messages. 0, or -1 with a one-line reason in err.
 */
typedef int (*rmcd_option_set_t)(struct rmcd_parse *p, const char *opt, const char *val,
		char *err, size_t errlen);

struct rmcd_option {
	const char *name;      /* "--cluster" */
	const char *alias;     /* short form ("-h"), or NULL */
	const char *arg;       /* the value in the usage ("NAME"); NULL: a flag, no value */
	rmcd_option_set_t set; /* an option with a value: checks and stores it */
	size_t flag;           /* a flag: offset of the int it sets in struct rmcd_opts */
	/* Usage text: lines split by '\n'; "%s" stands for the built-in drivers. */
	const char *help;
};

/* Every option, in the order of the usage text; ends with a NULL name. */
extern const struct rmcd_option rmcd_options[];

/* The option named 'arg' (name or alias, exactly), or NULL. */
const struct rmcd_option *rmcd_option_find(const char *arg);

/*
 * A node count or id: decimal digits only, the rule RMC_NODE follows ("010"
 * is ten, "0x1" is no number). Returns 0, or -1 when it is not such a number
 * or is above max.
 */
int rmcd_parse_node_num(const char *txt, uint64_t max, uint64_t *out);

/* rmcd_latency.c: --latency-oneway, --latency-law, --latency-seed. */
int rmcd_opt_latency_oneway(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen);
int rmcd_opt_latency_law(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen);
int rmcd_opt_latency_seed(struct rmcd_parse *p, const char *opt, const char *val, char *err,
		size_t errlen);

#endif /* _RMCD_OPTIONS_H_ */
