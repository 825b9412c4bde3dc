/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The "run" object of rmc-bench's JSON: see bench_runinfo.h. */

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_runinfo.h"
#include "bench_version.h"

static char run_date[32];

void
bench_runinfo_start(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(run_date, sizeof(run_date), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The CPU's model name from /proc/cpuinfo, or "unknown". */
static void
cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], *v;

	snprintf(buf, len, "unknown");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "model name", 10) != 0 || (v = strchr(line, ':')) == NULL)
			continue;
		v += strspn(v + 1, " \t") + 1;
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		break;
	}
	fclose(f);
}

/* A JSON string: quotes and backslashes escaped, control characters dropped. */
static void
json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
	fputc('"', f);
}

void
bench_runinfo_json(const struct bench_ctx *b, FILE *f)
{
	char cpu[128], host[64];

	cpu_model(cpu, sizeof(cpu));
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	fprintf(f, "{\"cpu\": ");
	json_str(f, cpu);
	fprintf(f, ", \"cpus_online\": %ld, \"host\": ", sysconf(_SC_NPROCESSORS_ONLN));
	json_str(f, host);
	fprintf(f, ", \"date\": ");
	json_str(f, run_date);
	fprintf(f, ", \"commit\": ");
	json_str(f, BENCH_COMMIT);
	fprintf(f, ", \"plan\": ");
	json_str(f, b->plan->name);
	fprintf(f, ", \"app_cpu\": %d, \"rmc_cpu\": %d, \"tsc_ghz\": %.3f}", b->r.app_cpu,
		b->r.rmc_cpu, b->r.tsc_ghz);
}
