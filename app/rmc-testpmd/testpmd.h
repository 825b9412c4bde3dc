/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_H_
#define _TESTPMD_H_

/*
 * rmc-testpmd: an interactive tool in the spirit of dpdk-testpmd. It starts a
 * cluster of nodes in its own process (or attaches to a running cluster of
 * rmcd processes) and offers commands to create contexts, read, write and
 * run atomics on remote memory, benchmark, and show statistics.
 *
 * Every operation is issued by an application session attached to the node
 * chosen with "set node", exactly as a separate application would issue it.
 */

#include <stdint.h>

#include <rte_rmc.h>
#include <rte_rmc_admin.h>
#include <rte_rmc_node.h>

#define TP_PROMPT "rmc-testpmd> "
/* Local buffer of the session of each node: the largest read or write. */
#define TP_LBUF_SIZE (64u << 10)
#define TP_MAX_EAL_ARGS 64
#define TP_ARG_MAX 256

/* One node of the cluster, as rmc-testpmd sees it. */
struct tp_node {
	struct rte_rmc_node *node;     /* hosted here (in-process mode), else NULL */
	struct rte_rmc_session *sess;  /* attached on first use */
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
};

struct tp_opts {
	unsigned int nb_nodes;     /* in-process cluster size */
	int attach;                /* drive a running cluster of rmcd */
	int help;
	int eal_given;             /* EAL arguments stood before "--" */
	char cluster[RTE_RMC_NAME_MAX];
	char driver[32];
	char cmdfile[4096];
	uint64_t ctx0_size;        /* 0: nodes start without context 0 */
	enum rte_rmc_idle_policy idle;
	int eal_argc;
	char *eal_argv[TP_MAX_EAL_ARGS];
	char eal_store[TP_MAX_EAL_ARGS][TP_ARG_MAX];
	char prefix[64];           /* EAL file prefix */
	int own_prefix;            /* chosen by rmc-testpmd: its folder is removed at exit */
};

struct testpmd {
	struct tp_opts o;
	unsigned int nb_nodes;
	unsigned int cur;          /* node that issues operations ("set node") */
	struct tp_node n[RTE_RMC_MAX_NODES];
	char where[160];           /* where the RMCs run */
	char eal_dir[256];         /* EAL runtime folder (telemetry socket) */
	unsigned int nb_failed;    /* commands that failed */
	int quit;
};

extern struct testpmd tp;

/* testpmd_args.c */
int tp_parse_args(int argc, char **argv, struct tp_opts *o, char *err, size_t errlen);
int tp_complete_eal_args(struct tp_opts *o, char *err, size_t errlen);
void tp_usage(const char *prog);

/* testpmd_cluster.c */
int tp_cluster_start(void);
int tp_attach_start(void);
void tp_cluster_stop(void);
struct tp_node *tp_session(unsigned int nid);

/* testpmd_ops.c */
int tp_check_node(unsigned int nid);
int tp_ctx_create(unsigned int nid, uint16_t ctx_id, const char *size, const char *perm);
int tp_read(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t len);
int tp_write(unsigned int nid, uint16_t ctx_id, uint64_t off, const char *hex);
int tp_cas(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t expected, uint64_t desired);
int tp_faa(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t add);
int tp_parse_hex(const char *txt, uint8_t *out, size_t max, size_t *len, char *err, size_t errlen);

/* testpmd_bench.c */
int tp_bench(int is_write, unsigned int nid, const char *size, uint64_t count, uint32_t depth);

/* testpmd_stats.c */
int tp_show_stats(int nid);
int tp_clear_stats(int nid);
int tp_set_latency(unsigned int nid, uint64_t base_ns, uint64_t per_chunk_ns);
int tp_show_config(void);

/* testpmd_cmds.c */
int tp_run_script(FILE *f);
void tp_interact(void);

/* Messages: printed on stdout, in order with the prompt's output. */
void tp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "error: ..." and return -1: the command failed. */
int tp_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _TESTPMD_H_ */
