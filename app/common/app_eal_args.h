/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _APP_EAL_ARGS_H_
#define _APP_EAL_ARGS_H_

/*
 * Completion of the EAL arguments a user gave (or did not give) with what a
 * sonuma program needs to start anywhere: --no-pci, two lcores, memory on
 * hugepages or off them, a file prefix of its own. Each program calls the
 * steps it needs, in its own order, with its own lists of the options that
 * make a step unneeded: the user's choice always wins.
 */

#include <stddef.h>

/* Longest EAL argument a program copies (terminating NUL included). */
#define APP_EAL_ARG_MAX 256

/*
 * A program's EAL argument vector, wherever the program keeps it: argv has
 * room for max pointers and argv[*argc] is NULL; an argument added by copy
 * is kept in store[i] for argv[i].
 */
struct app_eal_vec {
	int *argc;
	char **argv;
	char (*store)[APP_EAL_ARG_MAX];
	int max;
};

/* The vector of arrays argv_[N] and store_[N][APP_EAL_ARG_MAX], count in argc_. */
#define APP_EAL_VEC(argc_, argv_, store_) { \
	.argc = &(argc_), \
	.argv = (argv_), \
	.store = (store_), \
	.max = (int)(sizeof(argv_) / sizeof((argv_)[0])), \
}

/* How the EAL gets its memory (app_eal_add_memory). */
struct app_eal_mem {
	int huge;               /* 1: --in-memory on hugepages; 0: --no-huge */
	const char *warn_prog;  /* with --no-huge, warn on stderr as this program */
	const char *no_huge_mb; /* -m of --no-huge, in MiB */
	int no_shconf;          /* with --no-huge, --no-shconf too */
};

/* Options that choose lcores: with any, a program adds no --lcores. */
extern const char *const app_eal_core_opts[];

/*
 * Index (from 1: argv[0] is the program) of the first argument that is one
 * of 'names' (NULL-terminated): the name alone, name=value, or for a short
 * option its value attached ("-l0-1"). 0 if none.
 */
int app_eal_find(int argc, char *const argv[], const char *const *names);

/*
 * Where a command line splits into EAL arguments and the program's own: the
 * index of its first "--", or 0 when there is none (all are the program's).
 */
int app_eal_split(int argc, char *const argv[]);

/* Append a copy of arg. 0, or -1 with the reason in err (vector full, too long). */
int app_eal_add(const struct app_eal_vec *v, const char *arg, char *err, size_t errlen);

/*
 * Take the EAL part of a command line into v: the program name and what
 * stands before the first "--". Returns the index of that "--", 0 when there
 * is none (the program's own arguments then start at argv[1]), or -1 with
 * the reason in err.
 */
int app_eal_take(const struct app_eal_vec *v, int argc, char *const argv[], char *err,
		size_t errlen);

/* Append arg itself (a string that outlives the vector, such as main's argv). */
int app_eal_add_ref(const struct app_eal_vec *v, char *arg, char *err, size_t errlen);

/* --no-pci unless one of dev_opts (options naming devices to probe) was given. */
int app_eal_add_pci(const struct app_eal_vec *v, const char *const *dev_opts, char *err,
		size_t errlen);

/*
 * The start of every completion: --no-pci unless one of dev_opts (the options
 * that name devices the program may probe) was given, and two lcores on the
 * first and last CPU this process may use (app_cpu_pick_two()) unless the
 * user chose lcores.
 */
int app_eal_add_pci_lcores(const struct app_eal_vec *v, const char *const *dev_opts,
		char *err, size_t errlen);

/* Append --lcores=0@main_cpu,1@worker_cpu (see app_cpu_pick_two()). */
int app_eal_add_lcores(const struct app_eal_vec *v, int main_cpu, int worker_cpu, char *err,
		size_t errlen);

/* Append --in-memory, or --no-huge -m MB [--no-shconf] (with the warning). */
int app_eal_add_memory(const struct app_eal_vec *v, const struct app_eal_mem *m, char *err,
		size_t errlen);

/*
 * The file prefix: the user's (--file-prefix=P or --file-prefix P) copied
 * into prefix, else 'own', which is both copied and appended as
 * --file-prefix=own. Returns 1 when the prefix is the program's own (its
 * runtime folder is then the program's to remove), 0 when it is the user's,
 * -1 with the reason in err.
 */
int app_eal_file_prefix(const struct app_eal_vec *v, const char *own, char *prefix,
		size_t len, char *err, size_t errlen);

/* Environment variable that brings DPDK's own log lines back (set, not "0"). */
#define APP_EAL_LOG_ENV "RMC_EAL_LOG"

/* Option of every program that brings DPDK's own log lines back. */
#define APP_EAL_LOG_OPT "--eal-log"

/* 1 when DPDK's lines are wanted: the program's --eal-log, or RMC_EAL_LOG set. */
int app_eal_log_wanted(int eal_log_opt);

/*
 * Quiet by default: append --log-level options that keep only the errors of
 * the EAL, telemetry and PMDs, unless app_eal_log_wanted(eal_log_opt) or the
 * user gave a --log-level of their own. 0, or -1 with the reason in err.
 */
int app_eal_add_quiet(const struct app_eal_vec *v, int eal_log_opt, char *err,
		size_t errlen);

#endif /* _APP_EAL_ARGS_H_ */
