#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-testpmd's sabre command: an object whose version word (its first 8
# bytes) is even is read whole with its version; while the version is odd (a
# writer holds the object, here set with faa) the command prints the conflict
# status's text; once the version is even again the object is read again.

. "$(dirname "$0")/lib.sh"
TESTPMD=$BUILD/app/rmc-testpmd/rmc-testpmd

out=$LOGDIR/sabre.out
printf '%s\n' 'ctx create 1 0 1M rw' 'set node 0' \
	'write 1 0 256 04 00 00 00 00 00 00 00 aa bb cc dd' 'sabre 1 0 256 12' \
	'faa 1 0 256 1' 'sabre 1 0 256 12' 'faa 1 0 256 1' 'sabre 1 0 256 12' \
	'sabre 1 0 257 8' 'show stats' 'quit' |
	"$TESTPMD" -l 0-1 --no-pci -- --nodes 2 --cluster "sabre_$$" >"$out" 2>"$LOGDIR/sabre.err"
rc=$?
cat "$out"
[ $rc != 0 ] || fail "rmc-testpmd exited 0 although two sabre commands failed"
grep -q 'object of 12 bytes at offset 0x100, version 4:' "$out" || fail "version 4 not read"
grep -q '^00000100: 04 00 00 00 00 00 00 00  aa bb cc dd' "$out" || fail "object 4 not shown"
grep -q '^error: sabre at node 1 context 0 offset 0x100 .*: atomic object read: a writer' \
	"$out" || fail "no conflict while the version is odd"
grep -q 'object of 12 bytes at offset 0x100, version 6:' "$out" || fail "version 6 not read"
grep -q '^error: sabre at node 1 context 0 offset 0x101 .*: atomic on a word that is not' \
	"$out" || fail "no unaligned error"
grep -Eq 'Requests: .* sabre 4$' "$out" || fail "sabre requests not counted"
grep -q '^rmc-testpmd: 2 commands failed$' "$out" || fail "no failure summary"
exit 0
