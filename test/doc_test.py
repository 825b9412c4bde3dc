#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""Run every command the guides in doc/ show, so that the guides cannot rot.

  doc_test.py --source DIR --build DIR [--keep] [GUIDE.md ...]

Conventions in the guides (Markdown):
  ```sh                      a shell block: run, in order, in one bash per guide,
                             with "set -e": any failing command fails the test
  <!-- doc-test: expect-fail -->
                             before a ```sh block: it must fail (non-zero status)
  <!-- doc-test: file NAME -->
                             before a block of any language: written to NAME (in
                             the guide's working folder) where it stands; a ```c
                             block must have one, and a later ```sh block must
                             name the file (so every C example is compiled)
  <!-- doc-test: skip: xen ... -->
  <!-- doc-test: skip: exercised by PATH -->
                             the block is not run here: Xen steps (no hypervisor),
                             or commands that another script of the tree runs
                             (PATH must exist and use each command of the block)
  other fences (text, console, ...) are output and are not run.

Each guide runs in its own mount and pid namespace (unshare), with fresh
tmpfs on /run/dpdk and /run/sonuma: it uses the default cluster name and
paths exactly as shown, without touching any other cluster on the machine,
and every process it leaves behind is reported (then ends with the
namespace). The working folder mirrors the source tree with links, and its
"build" is the build folder under test; PATH holds the built programs, as
after "meson install"; HOME is a scratch folder.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

MARK_RE = re.compile(r"^<!--\s*doc-test:\s*(.*?)\s*-->\s*$")
FENCE_RE = re.compile(r"^```(\S*)\s*$")
GUIDE_TIMEOUT = 240


class GuideError(Exception):
    pass


def parse(path):
    """Blocks of a guide: dicts with lang, text, line, marks."""
    blocks, marks, lines = [], [], open(path).read().split("\n")
    i = 0
    while i < len(lines):
        m = MARK_RE.match(lines[i])
        if m:
            marks.append(m.group(1))
            i += 1
            continue
        f = FENCE_RE.match(lines[i])
        if f:
            start, body = i + 1, []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise GuideError("%s:%d: unterminated code block" % (path, start))
            blocks.append({"lang": f.group(1), "text": "\n".join(body) + "\n",
                           "line": start, "marks": marks})
            marks = []
        elif lines[i].strip():
            marks = []
        i += 1
    return blocks


def commands(text):
    """Command lines of a shell block (continuations joined, comments dropped)."""
    out, cur = [], ""
    in_heredoc = None
    for line in text.split("\n"):
        if in_heredoc is not None:
            if line.strip() == in_heredoc:
                in_heredoc = None
            continue
        s = line.split(" #")[0].rstrip() if not line.lstrip().startswith("#") else ""
        if s.endswith("\\"):
            cur += s[:-1] + " "
            continue
        cur += s
        if cur.strip():
            out.append(cur.strip())
            m = re.search(r"<<-?\s*'?\"?(\w+)", cur)
            if m:
                in_heredoc = m.group(1)
        cur = ""
    return out


def program_words(cmd):
    """The program, and its subcommand when it has one (meson install),
    without VAR=value prefixes."""
    try:
        words = shlex.split(cmd, comments=True)
    except ValueError:
        words = cmd.split()
    while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
        words = words[1:]
    if len(words) > 1 and re.match(r"^[a-z][a-z-]*$", words[1]):
        return words[:2]
    return words[:1]


def check_skip(guide, block, reason, source):
    """A skipped block must be Xen, or run by an existing script of the tree."""
    if reason.lower().startswith("xen"):
        return
    m = re.match(r"exercised by (\S+)", reason)
    if not m:
        raise GuideError("%s:%d: skip reason must be 'xen ...' or 'exercised by PATH': %s" %
                         (guide, block["line"], reason))
    path = os.path.join(source, m.group(1))
    try:
        text = open(path).read()
    except OSError:
        raise GuideError("%s:%d: %s does not exist" % (guide, block["line"], m.group(1)))
    for cmd in commands(block["text"]):
        for w in program_words(cmd):
            if os.path.basename(w) not in text:
                raise GuideError("%s:%d: %s does not use '%s' (from '%s')" %
                                 (guide, block["line"], m.group(1), w, cmd))


def script_for(guide, blocks, source):
    """The bash script that runs a guide; also returns the skipped blocks."""
    rel = os.path.relpath(guide, source)
    out = ["set -u -o pipefail",
           "BLOCK=start",
           "trap 'echo \"doc-test: FAILED: $BLOCK (status $?)\"' ERR",
           "set -eE"]
    skipped, files = [], []
    for n, b in enumerate(blocks):
        label = "%s:%d" % (rel, b["line"])
        marks = b["marks"]
        fname = None
        for mk in marks:
            if mk.startswith("file "):
                fname = mk.split(None, 1)[1]
        skip = [mk for mk in marks if mk.startswith("skip:")]
        if b["lang"] == "c" and fname is None and not skip:
            raise GuideError("%s: a C block without <!-- doc-test: file NAME -->" % label)
        if fname is not None:
            files.append((fname, label, n))
            delim = "DOC_TEST_EOF_%d" % n
            out.append("BLOCK=%s" % shlex.quote(label))
            out.append("cat > %s <<'%s'\n%s%s" % (shlex.quote(fname), delim, b["text"], delim))
            continue
        if skip:
            check_skip(rel, b, skip[0][len("skip:"):].strip(), source)
            skipped.append((label, skip[0][len("skip:"):].strip()))
            continue
        if b["lang"] != "sh":
            continue
        out.append("BLOCK=%s" % shlex.quote(label))
        out.append("echo %s" % shlex.quote("=== %s" % label))
        out.append("set -x")
        if "expect-fail" in marks:
            out.append("if ( %s ); then set +x; echo \"doc-test: FAILED: %s should fail\"; "
                       "exit 1; fi" % (b["text"].rstrip("\n"), label))
        else:
            out.append(b["text"].rstrip("\n"))
        out.append("{ set +x; } 2>/dev/null")
    # Every C example must be used by a shell block after it.
    for fname, label, n in files:
        later = "".join(b["text"] for b in blocks[n + 1:] if b["lang"] == "sh")
        if fname not in later:
            raise GuideError("%s: %s is never used by a later shell block" % (label, fname))
    out.append("BLOCK=end")
    return "\n".join(out) + "\n", skipped


PROLOGUE = r"""
mount -t tmpfs -o mode=0755 tmpfs /run/dpdk
mount -t tmpfs -o mode=0755 tmpfs /run/sonuma
cd "$DOC_WORK"
"""

EPILOGUE = r"""
set +e +x
trap - ERR
sleep 0.2
left=$(ps -e -o pid=,comm= | awk '$2 != "bash" && $2 != "ps" && $2 != "awk" && $2 != "sleep" {print}')
if [ -n "$left" ]; then
	echo "doc-test: FAILED: the guide left processes running:"
	echo "$left"
	exit 1
fi
echo "doc-test: guide done"
"""


def run_guide(guide, args):
    blocks = parse(guide)
    body, skipped = script_for(guide, blocks, args.source)
    work = tempfile.mkdtemp(prefix="rmc-doc-")
    home = os.path.join(work, "home")
    os.makedirs(home)
    # The source tree as links (build folders excepted), "build" the one tested.
    for name in os.listdir(args.source):
        if not name.startswith("build") and not name.startswith("."):
            os.symlink(os.path.join(args.source, name), os.path.join(work, name))
    os.symlink(args.build, os.path.join(work, "build"))
    env = dict(os.environ)
    for v in ("RMC_CLUSTER", "RMC_NODE", "RMC_RUNTIME_DIR", "RMC_ATTACH_TIMEOUT"):
        env.pop(v, None)
    b = args.build
    env["PATH"] = ":".join([os.path.join(b, "app", "rmcd"), os.path.join(b, "app", "rmc-testpmd"),
                            os.path.join(b, "examples", "sonuma-bench"),
                            os.path.join(b, "examples", "rmc-rpc"),
                            os.path.join(args.source, "usertools"), env.get("PATH", "")])
    # A sanitized library needs programs built with the same sanitizers.
    sanitize = os.environ.get("RMC_SANITIZE", "none")
    if sanitize not in ("", "none"):
        bindir = os.path.join(work, "sanitize-bin")
        os.makedirs(bindir)
        with open(os.path.join(bindir, "cc"), "w") as f:
            f.write("#!/bin/sh\nexec /usr/bin/cc \"$@\" -fsanitize=%s\n" % sanitize)
        os.chmod(os.path.join(bindir, "cc"), 0o755)
        env["PATH"] = bindir + ":" + env["PATH"]
    env["PKG_CONFIG_PATH"] = os.path.join(b, "meson-uninstalled")
    env["LD_LIBRARY_PATH"] = b
    env["HOME"] = home
    env["DOC_WORK"] = work
    script = os.path.join(work, "guide.sh")
    with open(script, "w") as f:
        f.write(PROLOGUE + body + EPILOGUE)
    print("##### %s: %d blocks, %d skipped" % (os.path.relpath(guide, args.source),
                                                len(blocks), len(skipped)))
    for label, reason in skipped:
        print("  skipped %s: %s" % (label, reason))
    sys.stdout.flush()
    try:
        rc = subprocess.run(["unshare", "--mount", "--pid", "--fork", "--mount-proc",
                             "--propagation", "private", "bash", script], env=env,
                            timeout=GUIDE_TIMEOUT, stdin=subprocess.DEVNULL).returncode
    except subprocess.TimeoutExpired:
        print("doc-test: FAILED: %s took more than %d s" % (guide, GUIDE_TIMEOUT))
        rc = 1
    if not args.keep:
        subprocess.run(["rm", "-rf", work])
    else:
        print("kept %s" % work)
    return rc


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--source", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--keep", action="store_true", help="keep the working folders")
    p.add_argument("guides", nargs="*")
    args = p.parse_args()
    args.source = os.path.abspath(args.source)
    args.build = os.path.abspath(args.build)
    guides = args.guides or sorted(
        os.path.join(args.source, "doc", g) for g in os.listdir(os.path.join(args.source, "doc"))
        if g.endswith(".md"))
    os.makedirs("/run/dpdk", exist_ok=True)
    os.makedirs("/run/sonuma", exist_ok=True)
    failed = []
    for g in guides:
        try:
            rc = run_guide(os.path.abspath(g), args)
        except GuideError as e:
            print("doc-test: FAILED: %s" % e)
            rc = 1
        if rc != 0:
            failed.append(g)
    print("doc-test: %d guide(s), %d failed%s" % (len(guides), len(failed),
                                                  (": " + " ".join(failed)) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
