/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The commands of rmc-testpmd on DPDK's cmdline library: token definitions,
 * thin handlers that call the testpmd_*.c functions, and "help" (made from
 * the same help strings the prompt's completion shows, so it lists every
 * command). testpmd_script.c runs them.
 */

#include <string.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_num.h>
#include <cmdline_parse_string.h>
#include <rte_common.h>

#include "testpmd.h"
#include "testpmd_bench.h"
#include "testpmd_cluster.h"
#include "testpmd_cmds.h"
#include "testpmd_ops.h"
#include "testpmd_catchall.h"
#include "testpmd_out.h"
#include "testpmd_stats.h"

int tp_cmd_failed;

static void
tp_done(int ret)
{
	if (ret < 0)
		tp_cmd_failed = 1;
}

/* *** help *** */
struct cmd_help_result {
	cmdline_fixed_string_t help;
};

/* The sections of 'help', as dpdk-testpmd's: each lists the commands its words begin. */
static const struct {
	const char *title;
	const char *starts[4];
} tp_help_sections[] = {
	{ "Nodes and contexts", { "set node", "ctx ", "show config", NULL } },
	{ "Remote memory (issued by the current node)", { "read ", "write ", "cas ", "faa " } },
	{ "Benchmarks", { "bench ", NULL } },
	{ "Statistics and latency model", { "show|clear stats", "set latency", NULL } },
	{ "Session", { "help", "quit", NULL } },
};

static int
tp_help_in(unsigned int sec, const char *help)
{
	unsigned int k;

	for (k = 0; k < RTE_DIM(tp_help_sections[sec].starts); k++)
		if (tp_help_sections[sec].starts[k] != NULL &&
				strncmp(help, tp_help_sections[sec].starts[k],
					strlen(tp_help_sections[sec].starts[k])) == 0)
			return 1;
	return 0;
}

static void
cmd_help_parsed(void *res, struct cmdline *cl, void *data)
{
	unsigned int i, sec;

	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_printf("Node ids are 0..%u; numbers may be hexadecimal (0x...); <size> takes K, M, G.\n",
		tp.nb_nodes ? tp.nb_nodes - 1 : 0);
	for (sec = 0; sec < RTE_DIM(tp_help_sections); sec++) {
		tp_printf("\n%s:\n", tp_help_sections[sec].title);
		for (i = 0; tp_main_ctx[i] != NULL; i++)
			if (tp_help_in(sec, tp_main_ctx[i]->help_str))
				tp_printf("  %s\n", tp_main_ctx[i]->help_str);
	}
	tp_printf("\nOperations are issued by the current node (set node) through an "
		"application session,\nas a separate program would issue them. A line no "
		"command takes is answered\nwith the closest command and its syntax.\n");
}

static cmdline_parse_token_string_t cmd_help_help =
	TOKEN_STRING_INITIALIZER(struct cmd_help_result, help, "help");

static cmdline_parse_inst_t cmd_help = {
	.f = cmd_help_parsed,
	.help_str = "help: list every command with its arguments",
	.tokens = { (void *)&cmd_help_help, NULL },
};

/* *** quit *** */
struct cmd_quit_result {
	cmdline_fixed_string_t quit;
};

static void
cmd_quit_parsed(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(data);
	tp.quit = 1;
	cmdline_quit(cl);
}

static cmdline_parse_token_string_t cmd_quit_quit =
	TOKEN_STRING_INITIALIZER(struct cmd_quit_result, quit, "quit");

static cmdline_parse_inst_t cmd_quit = {
	.f = cmd_quit_parsed,
	.help_str = "quit: stop the cluster (or detach from it) and exit",
	.tokens = { (void *)&cmd_quit_quit, NULL },
};

/* *** set node <nid> *** */
struct cmd_set_node_result {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t node;
	uint16_t nid;
};

static void
cmd_set_node_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_set_node_result *r = res;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (tp_check_node(r->nid) < 0) {
		tp_done(-1);
		return;
	}
	tp.cur = r->nid;
	tp_printf("node %u issues the following operations\n", r->nid);
}

static cmdline_parse_token_string_t cmd_set_node_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_node_result, set, "set");
static cmdline_parse_token_string_t cmd_set_node_node =
	TOKEN_STRING_INITIALIZER(struct cmd_set_node_result, node, "node");
static cmdline_parse_token_num_t cmd_set_node_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_set_node_result, nid, RTE_UINT16);

static cmdline_parse_inst_t cmd_set_node = {
	.f = cmd_set_node_parsed,
	.help_str = "set node <nid>: the node that issues the following operations",
	.tokens = { (void *)&cmd_set_node_set, (void *)&cmd_set_node_node,
		(void *)&cmd_set_node_nid, NULL },
};

/* *** ctx create <nid> <ctx_id> <size> [ro|rw] *** */
struct cmd_ctx_create_result {
	cmdline_fixed_string_t ctx;
	cmdline_fixed_string_t create;
	uint16_t nid;
	uint16_t ctx_id;
	cmdline_fixed_string_t size;
	cmdline_fixed_string_t perm;
};

static void
cmd_ctx_create_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_ctx_create_result *r = res;

	RTE_SET_USED(cl);
	tp_done(tp_ctx_create(r->nid, r->ctx_id, r->size, data != NULL ? r->perm : NULL));
}

static cmdline_parse_token_string_t cmd_ctx_create_ctx =
	TOKEN_STRING_INITIALIZER(struct cmd_ctx_create_result, ctx, "ctx");
static cmdline_parse_token_string_t cmd_ctx_create_create =
	TOKEN_STRING_INITIALIZER(struct cmd_ctx_create_result, create, "create");
static cmdline_parse_token_num_t cmd_ctx_create_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_ctx_create_result, nid, RTE_UINT16);
static cmdline_parse_token_num_t cmd_ctx_create_ctx_id =
	TOKEN_NUM_INITIALIZER(struct cmd_ctx_create_result, ctx_id, RTE_UINT16);
static cmdline_parse_token_string_t cmd_ctx_create_size =
	TOKEN_STRING_INITIALIZER(struct cmd_ctx_create_result, size, NULL);
static cmdline_parse_token_string_t cmd_ctx_create_perm =
	TOKEN_STRING_INITIALIZER(struct cmd_ctx_create_result, perm, "ro#rw");

static cmdline_parse_inst_t cmd_ctx_create = {
	.f = cmd_ctx_create_parsed,
	.data = NULL,
	.help_str = "ctx create <nid> <ctx_id> <size>: create a read-write context on a node",
	.tokens = { (void *)&cmd_ctx_create_ctx, (void *)&cmd_ctx_create_create,
		(void *)&cmd_ctx_create_nid, (void *)&cmd_ctx_create_ctx_id,
		(void *)&cmd_ctx_create_size, NULL },
};

static cmdline_parse_inst_t cmd_ctx_create_perm_inst = {
	.f = cmd_ctx_create_parsed,
	.data = (void *)1,
	.help_str = "ctx create <nid> <ctx_id> <size> ro|rw: the same, read-only or "
		"read-write for remote nodes",
	.tokens = { (void *)&cmd_ctx_create_ctx, (void *)&cmd_ctx_create_create,
		(void *)&cmd_ctx_create_nid, (void *)&cmd_ctx_create_ctx_id,
		(void *)&cmd_ctx_create_size, (void *)&cmd_ctx_create_perm, NULL },
};

/* *** read <nid> <ctx_id> <offset> <len> *** */
struct cmd_read_result {
	cmdline_fixed_string_t read;
	uint16_t nid;
	uint16_t ctx_id;
	uint64_t offset;
	uint64_t len;
};

static void
cmd_read_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_read_result *r = res;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_done(tp_read(r->nid, r->ctx_id, r->offset, r->len));
}

static cmdline_parse_token_string_t cmd_read_read =
	TOKEN_STRING_INITIALIZER(struct cmd_read_result, read, "read");
static cmdline_parse_token_num_t cmd_read_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_read_result, nid, RTE_UINT16);
static cmdline_parse_token_num_t cmd_read_ctx_id =
	TOKEN_NUM_INITIALIZER(struct cmd_read_result, ctx_id, RTE_UINT16);
static cmdline_parse_token_num_t cmd_read_offset =
	TOKEN_NUM_INITIALIZER(struct cmd_read_result, offset, RTE_UINT64);
static cmdline_parse_token_num_t cmd_read_len =
	TOKEN_NUM_INITIALIZER(struct cmd_read_result, len, RTE_UINT64);

static cmdline_parse_inst_t cmd_read = {
	.f = cmd_read_parsed,
	.help_str = "read <nid> <ctx_id> <offset> <len>: remote read, shown as a hexdump "
		"(len up to 64K)",
	.tokens = { (void *)&cmd_read_read, (void *)&cmd_read_nid, (void *)&cmd_read_ctx_id,
		(void *)&cmd_read_offset, (void *)&cmd_read_len, NULL },
};

/* *** sabre <nid> <ctx_id> <offset> <len> (tokens: the read command's) *** */
static void
cmd_sabre_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_read_result *r = res;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_done(tp_sabre(r->nid, r->ctx_id, r->offset, r->len));
}

static cmdline_parse_token_string_t cmd_sabre_sabre =
	TOKEN_STRING_INITIALIZER(struct cmd_read_result, read, "sabre");

static cmdline_parse_inst_t cmd_sabre = {
	.f = cmd_sabre_parsed,
	.help_str = "sabre <nid> <ctx_id> <offset> <len>: atomic object read (its first 8 "
		"bytes are its version; rte_rmc_sabre.h), shown as a hexdump, or 'conflict'",
	.tokens = { (void *)&cmd_sabre_sabre, (void *)&cmd_read_nid, (void *)&cmd_read_ctx_id,
		(void *)&cmd_read_offset, (void *)&cmd_read_len, NULL },
};

/* *** write <nid> <ctx_id> <offset> <hex bytes...> *** */
struct cmd_write_result {
	cmdline_fixed_string_t write;
	uint16_t nid;
	uint16_t ctx_id;
	uint64_t offset;
	cmdline_multi_string_t bytes;
};

static void
cmd_write_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_write_result *r = res;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_done(tp_write(r->nid, r->ctx_id, r->offset, r->bytes));
}

static cmdline_parse_token_string_t cmd_write_write =
	TOKEN_STRING_INITIALIZER(struct cmd_write_result, write, "write");
static cmdline_parse_token_num_t cmd_write_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_write_result, nid, RTE_UINT16);
static cmdline_parse_token_num_t cmd_write_ctx_id =
	TOKEN_NUM_INITIALIZER(struct cmd_write_result, ctx_id, RTE_UINT16);
static cmdline_parse_token_num_t cmd_write_offset =
	TOKEN_NUM_INITIALIZER(struct cmd_write_result, offset, RTE_UINT64);
static cmdline_parse_token_string_t cmd_write_bytes =
	TOKEN_STRING_INITIALIZER(struct cmd_write_result, bytes, TOKEN_STRING_MULTI);

static cmdline_parse_inst_t cmd_write = {
	.f = cmd_write_parsed,
	.help_str = "write <nid> <ctx_id> <offset> <hex bytes...>: remote write of exactly "
		"these bytes (de ad be ef, or deadbeef)",
	.tokens = { (void *)&cmd_write_write, (void *)&cmd_write_nid,
		(void *)&cmd_write_ctx_id, (void *)&cmd_write_offset, (void *)&cmd_write_bytes,
		NULL },
};

/* *** cas <nid> <ctx_id> <offset> <expected> <desired> *** */
struct cmd_cas_result {
	cmdline_fixed_string_t cas;
	uint16_t nid;
	uint16_t ctx_id;
	uint64_t offset;
	uint64_t expected;
	uint64_t desired;
};

static void
cmd_cas_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_cas_result *r = res;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_done(tp_cas(r->nid, r->ctx_id, r->offset, r->expected, r->desired));
}

static cmdline_parse_token_string_t cmd_cas_cas =
	TOKEN_STRING_INITIALIZER(struct cmd_cas_result, cas, "cas");
static cmdline_parse_token_num_t cmd_cas_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_cas_result, nid, RTE_UINT16);
static cmdline_parse_token_num_t cmd_cas_ctx_id =
	TOKEN_NUM_INITIALIZER(struct cmd_cas_result, ctx_id, RTE_UINT16);
static cmdline_parse_token_num_t cmd_cas_offset =
	TOKEN_NUM_INITIALIZER(struct cmd_cas_result, offset, RTE_UINT64);
static cmdline_parse_token_num_t cmd_cas_expected =
	TOKEN_NUM_INITIALIZER(struct cmd_cas_result, expected, RTE_UINT64);
static cmdline_parse_token_num_t cmd_cas_desired =
	TOKEN_NUM_INITIALIZER(struct cmd_cas_result, desired, RTE_UINT64);

static cmdline_parse_inst_t cmd_cas = {
	.f = cmd_cas_parsed,
	.help_str = "cas <nid> <ctx_id> <offset> <expected> <desired>: compare-and-swap of "
		"the 8-byte word; prints the old value",
	.tokens = { (void *)&cmd_cas_cas, (void *)&cmd_cas_nid, (void *)&cmd_cas_ctx_id,
		(void *)&cmd_cas_offset, (void *)&cmd_cas_expected, (void *)&cmd_cas_desired,
		NULL },
};

/* *** faa <nid> <ctx_id> <offset> <add> *** */
struct cmd_faa_result {
	cmdline_fixed_string_t faa;
	uint16_t nid;
	uint16_t ctx_id;
	uint64_t offset;
	uint64_t add;
};

static void
cmd_faa_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_faa_result *r = res;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_done(tp_faa(r->nid, r->ctx_id, r->offset, r->add));
}

static cmdline_parse_token_string_t cmd_faa_faa =
	TOKEN_STRING_INITIALIZER(struct cmd_faa_result, faa, "faa");
static cmdline_parse_token_num_t cmd_faa_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_faa_result, nid, RTE_UINT16);
static cmdline_parse_token_num_t cmd_faa_ctx_id =
	TOKEN_NUM_INITIALIZER(struct cmd_faa_result, ctx_id, RTE_UINT16);
static cmdline_parse_token_num_t cmd_faa_offset =
	TOKEN_NUM_INITIALIZER(struct cmd_faa_result, offset, RTE_UINT64);
static cmdline_parse_token_num_t cmd_faa_add =
	TOKEN_NUM_INITIALIZER(struct cmd_faa_result, add, RTE_UINT64);

static cmdline_parse_inst_t cmd_faa = {
	.f = cmd_faa_parsed,
	.help_str = "faa <nid> <ctx_id> <offset> <add>: fetch-and-add on the 8-byte word; "
		"prints the old value",
	.tokens = { (void *)&cmd_faa_faa, (void *)&cmd_faa_nid, (void *)&cmd_faa_ctx_id,
		(void *)&cmd_faa_offset, (void *)&cmd_faa_add, NULL },
};

/* *** bench read|write <nid> <size> <count> [depth] *** */
struct cmd_bench_result {
	cmdline_fixed_string_t bench;
	cmdline_fixed_string_t op;
	uint16_t nid;
	cmdline_fixed_string_t size;
	uint64_t count;
	uint32_t depth;
};

static void
cmd_bench_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_bench_result *r = res;

	RTE_SET_USED(cl);
	tp_done(tp_bench(strcmp(r->op, "write") == 0, r->nid, r->size, r->count,
		data != NULL ? r->depth : 1));
}

static cmdline_parse_token_string_t cmd_bench_bench =
	TOKEN_STRING_INITIALIZER(struct cmd_bench_result, bench, "bench");
static cmdline_parse_token_string_t cmd_bench_op =
	TOKEN_STRING_INITIALIZER(struct cmd_bench_result, op, "read#write");
static cmdline_parse_token_num_t cmd_bench_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_bench_result, nid, RTE_UINT16);
static cmdline_parse_token_string_t cmd_bench_size =
	TOKEN_STRING_INITIALIZER(struct cmd_bench_result, size, NULL);
static cmdline_parse_token_num_t cmd_bench_count =
	TOKEN_NUM_INITIALIZER(struct cmd_bench_result, count, RTE_UINT64);
static cmdline_parse_token_num_t cmd_bench_depth =
	TOKEN_NUM_INITIALIZER(struct cmd_bench_result, depth, RTE_UINT32);

static cmdline_parse_inst_t cmd_bench = {
	.f = cmd_bench_parsed,
	.data = NULL,
	.help_str = "bench read|write <nid> <size> <count>: <count> synchronous requests on "
		"context 0 of <nid>; latency and rate",
	.tokens = { (void *)&cmd_bench_bench, (void *)&cmd_bench_op, (void *)&cmd_bench_nid,
		(void *)&cmd_bench_size, (void *)&cmd_bench_count, NULL },
};

static cmdline_parse_inst_t cmd_bench_depth_inst = {
	.f = cmd_bench_parsed,
	.data = (void *)1,
	.help_str = "bench read|write <nid> <size> <count> <depth>: the same with up to "
		"<depth> requests outstanding",
	.tokens = { (void *)&cmd_bench_bench, (void *)&cmd_bench_op, (void *)&cmd_bench_nid,
		(void *)&cmd_bench_size, (void *)&cmd_bench_count, (void *)&cmd_bench_depth,
		NULL },
};

/* *** show stats [nid] / clear stats [nid] *** */
struct cmd_stats_result {
	cmdline_fixed_string_t verb;
	cmdline_fixed_string_t stats;
	uint16_t nid;
};

static void
cmd_stats_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_stats_result *r = res;
	int nid = data != NULL ? r->nid : -1;

	RTE_SET_USED(cl);
	if (strcmp(r->verb, "show") == 0)
		tp_done(tp_show_stats(nid));
	else
		tp_done(tp_clear_stats(nid));
}

static cmdline_parse_token_string_t cmd_stats_verb =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_result, verb, "show#clear");
static cmdline_parse_token_string_t cmd_stats_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_result, stats, "stats");
static cmdline_parse_token_num_t cmd_stats_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_stats_result, nid, RTE_UINT16);

static cmdline_parse_inst_t cmd_stats_all = {
	.f = cmd_stats_parsed,
	.data = NULL,
	.help_str = "show|clear stats: statistics of every node (requests, bytes, statuses, "
		"in flight, RMC latency)",
	.tokens = { (void *)&cmd_stats_verb, (void *)&cmd_stats_stats, NULL },
};

static cmdline_parse_inst_t cmd_stats_one = {
	.f = cmd_stats_parsed,
	.data = (void *)1,
	.help_str = "show|clear stats <nid>: the same for one node (in-process: with each QP)",
	.tokens = { (void *)&cmd_stats_verb, (void *)&cmd_stats_stats, (void *)&cmd_stats_nid,
		NULL },
};

/* *** set latency <nid> <base_ns> <per_chunk_ns> / set latency <nid> off *** */
struct cmd_latency_result {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t latency;
	uint16_t nid;
	uint64_t base_ns;
	uint64_t per_chunk_ns;
	cmdline_fixed_string_t off;
};

static void
cmd_latency_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_latency_result *r = res;

	RTE_SET_USED(cl);
	if (data != NULL)
		tp_done(tp_set_latency(r->nid, 0, 0));
	else
		tp_done(tp_set_latency(r->nid, r->base_ns, r->per_chunk_ns));
}

static cmdline_parse_token_string_t cmd_latency_set =
	TOKEN_STRING_INITIALIZER(struct cmd_latency_result, set, "set");
static cmdline_parse_token_string_t cmd_latency_latency =
	TOKEN_STRING_INITIALIZER(struct cmd_latency_result, latency, "latency");
static cmdline_parse_token_num_t cmd_latency_nid =
	TOKEN_NUM_INITIALIZER(struct cmd_latency_result, nid, RTE_UINT16);
static cmdline_parse_token_num_t cmd_latency_base =
	TOKEN_NUM_INITIALIZER(struct cmd_latency_result, base_ns, RTE_UINT64);
static cmdline_parse_token_num_t cmd_latency_per_chunk =
	TOKEN_NUM_INITIALIZER(struct cmd_latency_result, per_chunk_ns, RTE_UINT64);
static cmdline_parse_token_string_t cmd_latency_off =
	TOKEN_STRING_INITIALIZER(struct cmd_latency_result, off, "off");

static cmdline_parse_inst_t cmd_latency = {
	.f = cmd_latency_parsed,
	.data = NULL,
	.help_str = "set latency <nid> <base_ns> <per_chunk_ns>: latency model of a node",
	.tokens = { (void *)&cmd_latency_set, (void *)&cmd_latency_latency,
		(void *)&cmd_latency_nid, (void *)&cmd_latency_base,
		(void *)&cmd_latency_per_chunk, NULL },
};

static cmdline_parse_inst_t cmd_latency_off_inst = {
	.f = cmd_latency_parsed,
	.data = (void *)1,
	.help_str = "set latency <nid> off: no latency model (as fast as it can)",
	.tokens = { (void *)&cmd_latency_set, (void *)&cmd_latency_latency,
		(void *)&cmd_latency_nid, (void *)&cmd_latency_off, NULL },
};

/* *** show config *** */
struct cmd_config_result {
	cmdline_fixed_string_t show;
	cmdline_fixed_string_t config;
};

static void
cmd_config_parsed(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	tp_done(tp_show_config());
}

static cmdline_parse_token_string_t cmd_config_show =
	TOKEN_STRING_INITIALIZER(struct cmd_config_result, show, "show");
static cmdline_parse_token_string_t cmd_config_config =
	TOKEN_STRING_INITIALIZER(struct cmd_config_result, config, "config");

static cmdline_parse_inst_t cmd_config = {
	.f = cmd_config_parsed,
	.help_str = "show config: cluster, nodes, where the RMCs run, telemetry socket",
	.tokens = { (void *)&cmd_config_show, (void *)&cmd_config_config, NULL },
};

cmdline_parse_ctx_t tp_main_ctx[] = {
	&cmd_help,
	&cmd_set_node,
	&cmd_ctx_create,
	&cmd_ctx_create_perm_inst,
	&cmd_read,
	&cmd_sabre,
	&cmd_write,
	&cmd_cas,
	&cmd_faa,
	&cmd_bench,
	&cmd_bench_depth_inst,
	&cmd_stats_all,
	&cmd_stats_one,
	&cmd_latency,
	&cmd_latency_off_inst,
	&cmd_config,
	&cmd_quit,
	&tp_cmd_catchall, /* last: the lines no command above takes */
	NULL,
};
