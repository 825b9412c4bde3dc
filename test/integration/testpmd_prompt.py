#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors

"""rmc-testpmd at a terminal: the prompt, TAB completion, history (arrow up),
an error that does not end the session, and quit. Runs rmc-testpmd on a
pseudo-terminal. Usage: testpmd_prompt.py RMC_TESTPMD"""

import os
import pty
import select
import subprocess
import sys
import time

PROMPT = b"rmc-testpmd> "


def main():
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.argv[1], "-l", "0-1", "--no-pci", "--", "--nodes", "2",
                             "--ctx0", "64K"], stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True)
    os.close(slave)
    out = b""

    def expect(what, timeout=20):
        nonlocal out
        deadline = time.monotonic() + timeout
        while what not in out:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SystemExit("FAIL: no %r in the output:\n%s" % (what, out.decode(errors="replace")))
            r, _, _ = select.select([master], [], [], left)
            if r:
                try:
                    out += os.read(master, 4096)
                except OSError:
                    raise SystemExit("FAIL: rmc-testpmd ended; output:\n%s" % out.decode(errors="replace"))
        found = out.index(what) + len(what)
        seen, out = out[:found], out[found:]
        return seen

    def send(data):
        os.write(master, data)

    try:
        # The banner comes before the first prompt, never after it.
        first = expect(PROMPT)
        if b"Type 'help'" not in first:
            raise SystemExit("FAIL: no banner before the first prompt:\n%s" % first.decode(errors="replace"))
        # Messages of the nodes' threads (all peers connected) come before a prompt
        # or show it again: the screen always ends with one.
        time.sleep(1)
        send(b"\r")
        expect(PROMPT)
        # A typo is answered as a script's would be: the closest command, its syntax.
        send(b"reed 1 0 0 8\r")
        expect(b"error: unknown command 'reed 1 0 0 8': did you mean 'read'?")
        expect(b"syntax: read <nid> <ctx_id> <offset> <len>")
        expect(PROMPT)
        send(b"read 1 0 0 100K\r")
        expect(b"error: bad arguments in 'read 1 0 0 100K': '100K' is not a number for <len>")
        expect(PROMPT)
        # Sectioned help.
        send(b"help\r")
        expect(b"Remote memory (issued by the current node):")
        expect(b"Statistics and latency model:")
        expect(PROMPT)
        # TAB completes the only command that starts with "hel".
        send(b"hel\t\r")
        expect(b"help: list every command with its arguments")
        expect(b"quit: stop the cluster")
        expect(PROMPT)
        send(b"write 1 0 8 c0 ff ee\r")
        expect(b"wrote 3 bytes")
        expect(PROMPT)
        send(b"read 1 0 8 3\r")
        expect(b"00000008: c0 ff ee")
        expect(PROMPT)
        # An error is a message; the prompt comes back.
        send(b"read 9 0 0 8\r")
        expect(b"error: node 9 does not exist")
        expect(PROMPT)
        # History: arrow up twice recalls "read 1 0 8 3".
        send(b"\x1b[A\x1b[A\r")
        expect(b"00000008: c0 ff ee")
        expect(PROMPT)
        send(b"quit\r")
        rc = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if rc != 0:
        raise SystemExit("FAIL: interactive rmc-testpmd exited %d" % rc)
    print("rmc-testpmd prompt: banner, typos, sectioned help, completion, history, errors "
          "and quit: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
