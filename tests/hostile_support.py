"""Run a command as a hostile-input test needs it (this module holds no tests).

The command runs in a fresh process under an address-space cap (resource.RLIMIT_AS, as
``prlimit --as`` does), so a runaway allocation fails fast instead of taking the machine; the
result carries exit code, output, wall time and that process's own peak memory (wait4).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: The cap of the issue's measurements: 2 GiB of address space.
MEMORY_CAP = 2 * 1024 ** 3


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # maximum resident set size of the process, MiB
    timed_out: bool = False

    def one_line_error(self, code: int = 2) -> bool:
        """Exit ``code`` with one line on stderr (warnings aside) and no traceback."""
        lines = [x for x in self.err.splitlines() if x.strip()
                 and not x.startswith("normbook: warning")]
        return self.code == code and len(lines) == 1 and "Traceback" not in self.err


def run_capped(args: list[str], *, cwd: Path | None = None, timeout: float = 120,
               cap: int = MEMORY_CAP, env: dict | None = None) -> Outcome:
    """``python -m normbook ARGS`` under the memory cap; never raises for the command's exit."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "normbook", *args], cwd=cwd,
                                   stdout=out, stderr=err, preexec_fn=limit,
                                   env={**os.environ, **(env or {})})
        timed_out = False
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.kill(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                timed_out = True
                break
            time.sleep(0.01)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Outcome(process.returncode, out.read().decode("utf-8", "replace"),
                       err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024,
                       timed_out)
