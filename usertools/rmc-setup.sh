#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-setup.sh: prepare a Debian 12 machine for sonuma. Installs the packages
# the project needs (python3-matplotlib for usertools/rmc-bench-plot.py among
# them), showing each step and each package set up, mounts hugetlbfs and
# reserves hugepages (never lowering the count), then reports what it found
# and did. Safe to run twice.
#   usertools/rmc-setup.sh [--no-packages] [--pages N]

set -u
PAGES=256
PACKAGES=1
while [ $# -gt 0 ]; do
	case "$1" in
	--no-packages) PACKAGES=0 ;;
	--pages) shift; PAGES=${1:?--pages needs a number} ;;
	-h|--help) sed -n '5,10p' "$0"; exit 0 ;;
	*) echo "rmc-setup: unknown option '$1'; see --help" >&2; exit 2 ;;
	esac
	shift
done
case "$PAGES" in ''|*[!0-9]*) echo "rmc-setup: --pages needs a number" >&2; exit 2 ;; esac

report() { printf '  %-22s %s\n' "$1" "$2"; }
need=(libdpdk-dev dpdk dpdk-dev meson ninja-build pkg-config libnuma-dev libxen-dev gcc
	python3 python3-matplotlib clang libclang-rt-14-dev valgrind)

echo "rmc-setup: report"
if [ "$PACKAGES" = 1 ]; then
	missing=()
	for p in "${need[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "rmc-setup: missing packages (${missing[*]}); run as root to install" >&2
			exit 1
		fi
		# Progress, not apt's whole output: a line per step and per package set up.
		log=$(mktemp /tmp/rmc-setup-XXXXXX.log)
		echo "rmc-setup: apt-get update..."
		apt-get update -q >"$log" 2>&1 ||
			{ tail -20 "$log" >&2; echo "rmc-setup: apt-get update failed" >&2; exit 1; }
		echo "rmc-setup: installing ${missing[*]} (this can take minutes)..."
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" 2>&1 |
			tee "$log" | sed -n -u 's/^Setting up \([^ ]*\) .*/  set up \1/p'
		[ "${PIPESTATUS[0]}" = 0 ] ||
			{ tail -20 "$log" >&2; echo "rmc-setup: apt-get install ${missing[*]} failed" >&2; exit 1; }
		rm -f "$log"
		report packages "installed: ${missing[*]}"
	else
		report packages "all present"
	fi
fi
report dpdk "$(pkg-config --modversion libdpdk 2>/dev/null || echo 'not found')"
report telemetry "$(command -v dpdk-telemetry.py || echo 'dpdk-telemetry.py not found (package dpdk-dev)')"

if [ "$(id -u)" = 0 ]; then
	mkdir -p /dev/hugepages
	if mountpoint -q /dev/hugepages; then
		report hugetlbfs "already mounted on /dev/hugepages"
	elif mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null; then
		report hugetlbfs "mounted on /dev/hugepages"
	else
		report hugetlbfs "cannot mount: sonuma will use ordinary shared memory"
	fi
	cur=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)
	if [ "$cur" -ge "$PAGES" ]; then
		report nr_hugepages "$cur (kept; at least $PAGES)"
	elif echo "$PAGES" >/proc/sys/vm/nr_hugepages 2>/dev/null; then
		report nr_hugepages "$cur -> $(cat /proc/sys/vm/nr_hugepages)"
	else
		report nr_hugepages "$cur (cannot raise: sonuma falls back to ordinary memory)"
	fi
else
	report hugepages "not root: left as they are"
fi
report "free hugepages" "$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo) x $(awk '/^Hugepagesize:/ {print $2 $3}' /proc/meminfo)"
report cpus "$(nproc)"
exit 0
