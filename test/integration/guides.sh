#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Every command shown in the guides (doc/*.md) runs, as shown, in a private
# mount and pid namespace (see test/doc_test.py for the conventions). Needs
# root for the namespaces; skipped (77) without.

SRC=${RMC_SOURCE_DIR:?run through meson test}
BUILD=${RMC_BUILD_DIR:?run through meson test}
if ! unshare --mount --pid --fork --mount-proc true 2>/dev/null; then
	echo "guides: cannot create mount and pid namespaces (needs root); skipped"
	exit 77
fi
exec python3 "$SRC/test/doc_test.py" --source "$SRC" --build "$BUILD" "$@"
