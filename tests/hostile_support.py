"""Run a command as a hostile-input test needs it (this module holds no tests).

The command runs in a fresh process under an address-space cap (resource.RLIMIT_AS, as
``prlimit --as`` does), so a runaway allocation fails fast instead of taking the machine; the
result carries exit code, output, wall time and that process's own peak memory.
"""

from __future__ import annotations

import os
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
    # The cap is set by Python itself, first thing. Python runs as the child of a small shell
    # rather than of this process: a process's peak memory counts what it inherited when it
    # was forked, so a child of this (large) test process would never report less than it.
    # Python writes its own peak to a file as it exits (the peak of a run killed or out of
    # memory is unknown: reported as the cap).
    with tempfile.TemporaryDirectory() as temp:
        peak_file = os.path.join(temp, "peak")
        boot = (f"import atexit, resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, "
                f"({cap}, {cap})); atexit.register(lambda: open({peak_file!r}, 'w').write("
                "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))); "
                "sys.argv[0] = 'normbook'; runpy.run_module('normbook', run_name='__main__', "
                "alter_sys=True)")
        command = ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, "-c", boot, *args]
        out_path, err_path = os.path.join(temp, "out"), os.path.join(temp, "err")
        start = time.perf_counter()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err,
                                       start_new_session=True,
                                       env={**os.environ, **(env or {})})
            timed_out = False
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the shell and its Python
                process.wait()
                timed_out = True
        seconds = time.perf_counter() - start
        try:
            peak_mb = int(Path(peak_file).read_text()) / 1024
        except (OSError, ValueError):
            peak_mb = cap / 2**20
        with open(out_path, "rb") as out, open(err_path, "rb") as err:
            return Outcome(process.returncode, out.read().decode("utf-8", "replace"),
                           err.read().decode("utf-8", "replace"), seconds, peak_mb, timed_out)
