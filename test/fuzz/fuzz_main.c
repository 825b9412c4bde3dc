/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Runs a fuzz target without libFuzzer, with any compiler: every file (or
 * every file of every directory) given once, then --mutate N mutations of
 * them, reproducible with --seed. The reliability suite runs the seed corpus,
 * the inputs of past crashes (regress/) and a bounded number of mutations in
 * every build, ASan and valgrind included.
 *   fuzz_<target>_run [--mutate N] [--seed S] FILE|DIR...
 */

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FZ_MAX_INPUTS 1024
#define FZ_MAX_LEN 16384

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	uint8_t *data;
	size_t len;
};

static struct input inputs[FZ_MAX_INPUTS];
static unsigned int nb_inputs;

static void
load_file(const char *path)
{
	uint8_t *d;
	FILE *f;
	size_t n;

	if (nb_inputs == FZ_MAX_INPUTS)
		return;
	f = fopen(path, "rb");
	if (f == NULL)
		return;
	d = malloc(FZ_MAX_LEN);
	n = d != NULL ? fread(d, 1, FZ_MAX_LEN, f) : 0;
	fclose(f);
	if (d == NULL)
		return;
	inputs[nb_inputs].data = d;
	inputs[nb_inputs++].len = n;
}

static void
load(const char *path)
{
	char sub[4096];
	struct dirent *de;
	struct stat st;
	DIR *dir;

	if (stat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		load_file(path);
		return;
	}
	dir = opendir(path);
	if (dir == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		size_t n = strlen(de->d_name);

		/* Hidden files and notes (*.md) are not inputs. */
		if (de->d_name[0] == '.' || (n > 3 && strcmp(de->d_name + n - 3, ".md") == 0))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		load_file(sub);
	}
	closedir(dir);
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A few byte-level changes: flips, edge values, insertions, cuts, splices. */
static size_t
mutate(uint8_t *buf, size_t len, uint64_t *s)
{
	static const uint8_t edge[] = { 0, 1, 7, 8, 0x3f, 0x40, 0x7f, 0x80, 0xfe, 0xff };
	unsigned int k, n = 1 + rnd(s) % 6;
	const struct input *o;
	size_t pos, cut;

	for (k = 0; k < n; k++) {
		pos = len ? rnd(s) % len : 0;
		switch (rnd(s) % 6) {
		case 0:
			if (len)
				buf[pos] ^= 1u << (rnd(s) % 8);
			break;
		case 1:
			if (len)
				buf[pos] = edge[rnd(s) % sizeof(edge)];
			break;
		case 2:
			if (len + 8 <= FZ_MAX_LEN) {
				memmove(buf + pos + 8, buf + pos, len - pos);
				memset(buf + pos, rnd(s) % 2 ? 0xff : 0, 8);
				len += 8;
			}
			break;
		case 3:
			cut = len ? rnd(s) % (len - pos + 1) : 0;
			memmove(buf + pos, buf + pos + cut, len - pos - cut);
			len -= cut;
			break;
		case 4:
			o = &inputs[rnd(s) % nb_inputs];
			cut = o->len < FZ_MAX_LEN - pos ? o->len : FZ_MAX_LEN - pos;
			memcpy(buf + pos, o->data, cut);
			len = pos + cut > len ? pos + cut : len;
			break;
		default:
			if (len >= 8) {
				uint64_t v = rnd(s) % 2 ? UINT64_MAX - rnd(s) % 64 : rnd(s) % 64;

				pos = rnd(s) % (len - 7);
				memcpy(buf + pos, &v, 8);
			}
			break;
		}
	}
	return len;
}

int
main(int argc, char **argv)
{
	uint64_t mutations = 0, seed = 1, i;
	static uint8_t buf[FZ_MAX_LEN];
	unsigned int k;
	size_t len;
	int a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--mutate") == 0 && a + 1 < argc)
			mutations = strtoull(argv[++a], NULL, 0);
		else if (strcmp(argv[a], "--seed") == 0 && a + 1 < argc)
			seed = strtoull(argv[++a], NULL, 0) | 1;
		else
			load(argv[a]);
	}
	if (nb_inputs == 0) {
		fprintf(stderr, "%s: no input files\n", argv[0]);
		return 1;
	}
	for (k = 0; k < nb_inputs; k++)
		LLVMFuzzerTestOneInput(inputs[k].data, inputs[k].len);
	for (i = 0; i < mutations; i++) {
		const struct input *in = &inputs[rnd(&seed) % nb_inputs];

		memcpy(buf, in->data, in->len);
		len = mutate(buf, in->len, &seed);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("%s: %u inputs and %" PRIu64 " mutations run, no failure\n", argv[0], nb_inputs,
		mutations);
	return 0;
}
