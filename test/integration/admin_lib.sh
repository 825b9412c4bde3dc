# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Helpers for tests of a node's admin channel: its process's DPDK telemetry
# socket, reached directly (no dpdk-dev needed). Sourced after lib.sh.

# admin_sock PREFIX: the telemetry socket of the process with that EAL prefix
# (EAL's rule, as usertools/rmc-telemetry.py).
admin_sock() {
	local run=${RUNTIME_DIRECTORY:-}
	if [ -z "$run" ]; then
		if [ "$(id -u)" = 0 ]; then run=/var/run; else run=${XDG_RUNTIME_DIR:-/tmp}; fi
	fi
	echo "$run/dpdk/$1/dpdk_telemetry.v2"
}

# admin_tel PREFIX COMMAND: the JSON answer of the process with that EAL prefix.
admin_tel() {
	python3 - "$(admin_sock "$1")" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.settimeout(5)
s.connect(sys.argv[1])
s.recv(1024)
s.send(sys.argv[2].encode())
print(s.recv(65536).decode())
PY
}

# admin_json EXPR: evaluate EXPR on the value of the JSON answer on stdin, as 'v'.
admin_json() {
	python3 -c 'import json, sys; v = list(json.load(sys.stdin).values())[0]; print(eval(sys.argv[1]))' "$1"
}

# admin_lat_is PREFIX NID "ON BASE PER_CHUNK" WHEN: the node's latency model.
admin_lat_is() {
	local got
	got=$(admin_tel "$1" "/rmc/node/latency,$2" |
		admin_json '"%d %d %d" % (v["on"], v["base_ns"], v["per_chunk_ns"])')
	[ "$got" = "$3" ] || fail "latency model of node $2 $4: '$got', expected '$3'"
}
