/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The publication board stood in for by a folder (rmc_xen_board_dir.h). */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rmc_xen_board_dir.h"

struct dir_board {
	char root[256];
	uint32_t self;
};

static void *
dir_board_open(const void *arg, uint32_t self_domid, char *why, size_t len)
{
	struct dir_board *b;
	char path[300];

	if (arg == NULL) {
		snprintf(why, len, "no stand-in board folder given");
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NULL;
	snprintf(b->root, sizeof(b->root), "%s", (const char *)arg);
	b->self = self_domid;
	snprintf(path, sizeof(path), "%s/%u", b->root, self_domid);
	if (mkdir(path, 0700) < 0 && errno != EEXIST) {
		snprintf(why, len, "cannot create %s: %s", path, strerror(errno));
		free(b);
		return NULL;
	}
	return b;
}

static void
dir_board_close(void *h)
{
	free(h);
}

static int
dir_board_self_domid(void *h, uint32_t *domid)
{
	*domid = ((struct dir_board *)h)->self;
	return 0;
}

static int
dir_board_path(const struct dir_board *b, uint32_t owner, const char *key, char *buf,
		size_t len)
{
	int n = snprintf(buf, len, "%s/%u/", b->root, owner);
	size_t i, off;

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	off = n;
	for (i = 0; key[i] != '\0'; i++) {
		if (off + 1 >= len)
			return -ENAMETOOLONG;
		buf[off++] = key[i] == '/' ? '%' : key[i];
	}
	buf[off] = '\0';
	return 0;
}

static int
dir_board_put(void *h, const char *key, const char *val, uint32_t reader)
{
	struct dir_board *b = h;
	char path[512], tmp[520];
	FILE *f;
	int ret;

	ret = dir_board_path(b, b->self, key, path, sizeof(path));
	if (ret < 0)
		return ret;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -errno;
	fprintf(f, "%u\n%s", reader, val);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		ret = -errno;
		unlink(tmp);
		return ret;
	}
	return 0;
}

static int
dir_board_get(void *h, uint32_t owner, const char *key, char *buf, size_t len)
{
	struct dir_board *b = h;
	char path[512], line[32];
	unsigned long reader;
	size_t n;
	FILE *f;
	int ret;

	ret = dir_board_path(b, owner, key, path, sizeof(path));
	if (ret < 0)
		return ret;
	f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT ? -ENOENT : -errno;
	if (fgets(line, sizeof(line), f) == NULL || sscanf(line, "%lu", &reader) != 1) {
		fclose(f);
		return -EPROTO;
	}
	if (reader != b->self) {
		/* xenstore answers EACCES; the driver treats it as "not there". */
		fclose(f);
		return -ENOENT;
	}
	n = fread(buf, 1, len, f);
	fclose(f);
	if (n >= len)
		return -ENOSPC;
	buf[n] = '\0';
	return n;
}

static int
dir_board_del(void *h, const char *key)
{
	struct dir_board *b = h;
	char path[512];
	int ret;

	ret = dir_board_path(b, b->self, key, path, sizeof(path));
	if (ret < 0)
		return ret;
	return unlink(path) < 0 ? -errno : 0;
}

int
rmc_xen_board_dir_count(const char *root)
{
	struct dirent *de, *fe;
	char path[512];
	DIR *d, *f;
	int n = 0;

	d = opendir(root);
	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, de->d_name);
		f = opendir(path);
		if (f == NULL)
			continue;
		while ((fe = readdir(f)) != NULL)
			if (fe->d_name[0] != '.')
				n++;
		closedir(f);
	}
	closedir(d);
	return n;
}

const struct rmc_xen_board_ops rmc_xen_board_dir_ops = {
	.name = "folder stand-in",
	.open = dir_board_open,
	.close = dir_board_close,
	.self_domid = dir_board_self_domid,
	.put = dir_board_put,
	.get = dir_board_get,
	.del = dir_board_del,
};
