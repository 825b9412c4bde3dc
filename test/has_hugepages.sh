#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
# Prints 1 when hugepages are usable: hugetlbfs mounted and at least 64 free.
free=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo 2>/dev/null)
if grep -q ' hugetlbfs ' /proc/mounts 2>/dev/null && [ "${free:-0}" -ge 64 ]; then
	echo 1
else
	echo 0
fi
