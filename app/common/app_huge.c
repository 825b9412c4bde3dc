/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <stdio.h>
#include <string.h>

#include "app_huge.h"

/* /proc/mounts lists a hugetlbfs: the EAL has somewhere to map pages from. */
static int
app_huge_mounted(void)
{
	char line[256];
	int mounted = 0;
	FILE *f;

	f = fopen("/proc/mounts", "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, " hugetlbfs ") != NULL)
			mounted = 1;
	fclose(f);
	return mounted;
}

/* HugePages_Free of /proc/meminfo (pages of the default size), 0 if unknown. */
static unsigned long
app_huge_free(void)
{
	unsigned long free_pages = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "HugePages_Free: %lu", &free_pages) == 1)
			break;
	fclose(f);
	return free_pages;
}

int
app_huge_usable(void)
{
	int mounted = app_huge_mounted();

	return mounted && app_huge_free() >= APP_HUGE_MIN_FREE;
}
