"""The terminal chat at a real (pseudo) terminal, as a person pastes: a long Persian paste
arrives whole (the terminal's own line editor stops at 4,095 bytes, mid-letter) and the chat
goes on; the terminal's modes are as they were afterwards."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def read_until(fd: int, marker: str, timeout: float = 20.0) -> str:
    """What the terminal shows until the line that contains `marker` is complete."""
    seen = b""
    deadline = time.monotonic() + timeout
    while not re.search(re.escape(marker.encode()) + rb"[^\n]*\n", seen) and (
        time.monotonic() < deadline
    ):
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    text = seen.decode("utf-8", "replace")
    assert marker in text, text[-2000:]
    return text


def test_long_persian_paste_arrives_whole_and_the_chat_goes_on():
    main, child = os.openpty()
    modes = termios.tcgetattr(child)
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("terminal_under_pty.py"))],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=child,
        stdout=child,
        stderr=child,
        start_new_session=True,
    )
    try:
        read_until(main, "chatting as")
        paste = ("سلامی به همه " * 300).strip()  # 3,899 letters, 6,899 bytes
        assert len(paste.encode()) > 4095
        data = (paste + "\n").encode()
        for start in range(0, len(data), 1000):  # as a terminal delivers a paste
            os.write(main, data[start : start + 1000])
            time.sleep(0.02)
        read_until(main, "bot: گفتی: سلامی")
        os.write(main, "۱۲\n".encode())  # a number alone: an answer, sent as text
        read_until(main, "bot: گفتی: ۱۲")
        os.write(main, b"/quit\n")
        out = read_until(main, "ECHOED")
        assert proc.wait(20) == 0
        assert f"ECHOED {len(paste)}|2" in out
        assert termios.tcgetattr(child) == modes
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
        os.close(child)
