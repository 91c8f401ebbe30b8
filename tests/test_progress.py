"""`estimate --pdf` shows what it is doing while LibreOffice converts, on a terminal only."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from normbook.libreoffice import find_soffice

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")

COMMAND = [sys.executable, "-m", "normbook", "estimate", "--appendix", "VI", "--year", "2026",
           "--pdf"]


def test_a_terminal_sees_the_conversions_a_pipe_does_not(tmp_path: Path) -> None:
    env = {**os.environ, "NORMBOOK_LANG": "en"}
    import fcntl
    import struct
    import termios

    controller, terminal = pty.openpty()
    # a terminal 100 columns wide (a new pty is 0 x 0, where tqdm draws nothing)
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        done = subprocess.run([*COMMAND, "-o", str(tmp_path / "tty")], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=terminal, env=env, timeout=300)
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0
    said = seen.decode("utf-8", "replace")
    assert "estimate.xlsx to PDF (LibreOffice)" in said
    assert "thuyet-minh.docx to PDF (LibreOffice)" in said
    assert (tmp_path / "tty" / "estimate.pdf").is_file()
    piped = subprocess.run([*COMMAND, "-o", str(tmp_path / "pipe")], capture_output=True,
                           text=True, env=env, timeout=300)
    assert piped.returncode == 0
    assert "to PDF" not in piped.stderr and "\r" not in piped.stderr
