#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The installable library: configure the source tree for a temporary prefix,
# build, "meson install"; check what is installed; build the out-of-tree
# example (examples/out-of-tree) with pkg-config alone; run it against a
# live cluster of the installed rmcd, started with the installed launcher.

. "$(dirname "$0")/lib.sh"
SRC=${RMC_SOURCE_DIR:?run through meson test}
# meson test points this at the build tree: the installed copy must not need it.
unset LD_LIBRARY_PATH
WORK=$(mktemp -d /tmp/rmc-install-XXXXXX)
PREFIX=$WORK/prefix
on_exit() {
	[ -x "$PREFIX/bin/rmc-cluster.py" ] &&
		"$PREFIX/bin/rmc-cluster.py" stop --cluster "$CLUSTER" --timeout 5 >/dev/null 2>&1
	rm -rf "$WORK"
	cleanup
}
trap on_exit EXIT

meson setup "$WORK/build" "$SRC" --prefix="$PREFIX" >"$LOGDIR/setup.log" 2>&1 ||
	fail "meson setup: $(tail -20 "$LOGDIR/setup.log")"
ninja -C "$WORK/build" >"$LOGDIR/build.log" 2>&1 || fail "build: $(tail -20 "$LOGDIR/build.log")"
meson install -C "$WORK/build" --no-rebuild >"$LOGDIR/install.log" 2>&1 ||
	fail "meson install: $(tail -20 "$LOGDIR/install.log")"

pc=$(find "$PREFIX" -name librte_rmc.pc)
[ -n "$pc" ] || fail "no librte_rmc.pc installed"
export PKG_CONFIG_PATH=$(dirname "$pc")
inc=$(pkg-config --variable=includedir librte_rmc)/sonuma
libdir=$(pkg-config --variable=libdir librte_rmc)
for f in rte_rmc.h rte_rmc_admin.h rte_rmc_node.h rte_rmc_qp.h sonuma.h; do
	[ -f "$inc/$f" ] || fail "header $f not installed in $inc"
done
[ -e "$libdir/librte_rmc.so" ] || fail "librte_rmc.so not installed in $libdir"
for p in rmcd rmc-testpmd rmc-cluster.py rmc-run rmc-telemetry.py bench_server bench_sync bench_async; do
	[ -x "$PREFIX/bin/$p" ] || fail "$p not installed in $PREFIX/bin"
done
for g in getting-started architecture porting native-api tuning testpmd tools; do
	[ -f "$PREFIX/share/doc/sonuma/$g.md" ] || fail "guide $g.md not installed"
done
echo "pkg-config --cflags --libs librte_rmc: $(pkg-config --cflags --libs librte_rmc)"
for p in rmcd rmc-testpmd bench_sync; do
	ldd "$PREFIX/bin/$p" | grep -q "librte_rmc.so.* => $libdir/librte_rmc.so" ||
		fail "installed $p does not load the installed library: $(ldd "$PREFIX/bin/$p" | grep rte_rmc)"
done

# The out-of-tree program: its Makefile uses pkg-config and nothing else.
cp -r "$SRC/examples/out-of-tree" "$WORK/app"
make -C "$WORK/app" >"$LOGDIR/make.log" 2>&1 || fail "out-of-tree build: $(cat "$LOGDIR/make.log")"
cat "$LOGDIR/make.log"
grep -q -- "$inc" "$LOGDIR/make.log" || fail "the compiler did not get the installed headers"

# A live cluster of the installed rmcd, started by the installed launcher
# (which finds rmcd beside itself); installed programs need no library path.
"$PREFIX/bin/rmc-cluster.py" start --nodes 2 --cluster "$CLUSTER" --log-dir "$LOGDIR" -- --ctx-size 1M \
	>"$LOGDIR/start.out" 2>&1 || fail "installed launcher: $(cat "$LOGDIR/start.out")"
"$PREFIX/bin/rmc-cluster.py" status --cluster "$CLUSTER" >"$LOGDIR/status.out" 2>&1 ||
	fail "installed launcher status: $(cat "$LOGDIR/status.out")"
grep -q "rmcd $PREFIX/bin/rmcd\$" "$LOGDIR/status.out" || fail "the launcher did not use the installed rmcd"
export LD_LIBRARY_PATH=$libdir
for n in 0 1; do
	RMC_NODE=$n "$WORK/app/rmc_hello" >"$LOGDIR/hello$n.out" 2>&1 || fail "rmc_hello on node $n: $(cat "$LOGDIR/hello$n.out")"
	cat "$LOGDIR/hello$n.out"
done
grep -q 'node 0 wrote and read back "hello from node 0, pid [0-9]*" on node 1; counter was 0' \
	"$LOGDIR/hello0.out" || fail "rmc_hello output on node 0"
grep -q 'node 1 wrote and read back "hello from node 1, pid [0-9]*" on node 0; counter was 0' \
	"$LOGDIR/hello1.out" || fail "rmc_hello output on node 1"
grep -q 'node 0 has completed 1 reads, 1 writes, 1 fetch-and-adds' "$LOGDIR/hello0.out" ||
	fail "statistics through the installed library"
RMC_NODE=0 "$WORK/app/rmc_hello" >"$LOGDIR/hello2.out" 2>&1 || fail "rmc_hello again"
grep -q 'counter was 1$' "$LOGDIR/hello2.out" || fail "the counter did not persist in node 1"
"$PREFIX/bin/rmc-cluster.py" stop --cluster "$CLUSTER" >/dev/null || fail "installed launcher stop"
# The installed rmc-run: its own cluster of the installed rmcd, a copy per node.
"$PREFIX/bin/rmc-run" -n 2 --cluster "$CLUSTER" --rmcd-args "--ctx-size 1M" -- \
	"$WORK/app/rmc_hello" >"$LOGDIR/run.out" 2>&1 || fail "installed rmc-run: $(cat "$LOGDIR/run.out")"
cat "$LOGDIR/run.out"
for n in 0 1; do
	grep -q "^\[$n\] rmc_hello: node $n wrote and read back" "$LOGDIR/run.out" || fail "rmc-run: node $n"
done
echo "install: OK"
