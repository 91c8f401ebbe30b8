"""Run LibreOffice headless: convert documents, recalculate workbooks.

``soffice`` reports most failures with exit code 0 and a line on stderr, so success is judged
by the file it produces. Each run gets a fresh profile (parallel runs would otherwise fight
over one) that tells Calc to recalculate every formula on load: an .xlsx written by openpyxl
carries no computed values, and one saved by Excel may carry stale ones.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import NormError

#: Environment variable naming the soffice program to use instead of the one on PATH.
SOFFICE_ENV = "NORMBOOK_SOFFICE"
INSTALL_HINT = ("install LibreOffice: on Debian/Ubuntu `apt-get install libreoffice-calc-nogui "
                "libreoffice-writer-nogui`, elsewhere from https://www.libreoffice.org/download/ ; "
                f"or set {SOFFICE_ENV} to the soffice program")

# Calc's "recalculation on file load" settings: 0 = always (the default is never for
# Excel 2007+ files and for ODF files, which would keep whatever values a file carries).
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
_TAIL_CHARS = 1500


class LibreOfficeMissing(NormError, LookupError):
    """No soffice program was found (PATH, or the NORMBOOK_SOFFICE variable)."""

    def __init__(self, why: str):
        super().__init__(f"{why}; {INSTALL_HINT}")


class ConversionFailed(NormError, ValueError):
    """soffice ran but produced no output (a broken or unsupported file, a timeout)."""

    def __init__(self, src: Path, fmt: str, why: str, output: str = ""):
        self.src = src
        self.fmt = fmt
        self.output = output
        tail = output.strip()[-_TAIL_CHARS:]
        super().__init__(f"LibreOffice could not convert {src.name} to {fmt}: {why}"
                         + (f"; soffice said: {tail}" if tail else ""))


def find_soffice() -> str | None:
    """The soffice program to run, or None.

    ``NORMBOOK_SOFFICE`` (a path or a program name) wins when set; otherwise ``soffice`` or
    ``libreoffice`` on PATH.
    """
    chosen = os.environ.get(SOFFICE_ENV, "").strip()
    if chosen:
        return shutil.which(chosen)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _soffice() -> str:
    program = find_soffice()
    if program:
        return program
    chosen = os.environ.get(SOFFICE_ENV, "").strip()
    if chosen:
        raise LibreOfficeMissing(f"{SOFFICE_ENV} is {chosen!r}, which is not a program "
                                 "that can be run")
    raise LibreOfficeMissing("LibreOffice (soffice) is not on PATH")


def _extension(fmt: str) -> str:
    """'pdf' for 'pdf', and for 'pdf:writer_pdf_Export' (a format with an explicit filter)."""
    return fmt.split(":", 1)[0].strip().lower()


def _run(command: list[str], timeout: float) -> tuple[int | None, str]:
    """Run soffice; returns (exit code or None on timeout, its stdout and stderr together)."""
    # A session of its own, so a timeout ends soffice.bin too, not only the launcher script.
    posix = sys.platform != "win32"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=posix)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # it may have ended meanwhile
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        out, _ = process.communicate()
        return None, out.decode(errors="replace")
    return process.returncode, out.decode(errors="replace")


def _quiet(output: str) -> str:
    """soffice's output without the javaldx warning every run prints when Java is absent."""
    return "\n".join(line for line in output.splitlines()
                     if not line.startswith("Warning: failed to launch javaldx"))


def convert(src: Path, fmt: str, outdir: Path, *, timeout: float = 120) -> Path:
    """Convert ``src`` with LibreOffice headless; returns the file written in ``outdir``.

    The result is named like ``src`` with the format's extension and replaces a file of that
    name in ``outdir`` (even ``src`` itself: ``recalculate(x, x.parent)`` works in place).
    soffice writes into a temporary folder inside ``outdir`` first, so a failed run leaves
    ``outdir`` as it was.

    Args:
        src: the document (.xlsx, .docx, .odt ...).
        fmt: a ``--convert-to`` target: "pdf", "xlsx", or "ext:FilterName".
        outdir: where the result goes; created if missing.
        timeout: seconds before soffice is stopped.

    Raises:
        LibreOfficeMissing: no soffice program.
        ConversionFailed: ``src`` is missing, soffice produced nothing, or it timed out.
    """
    src, outdir = Path(src), Path(outdir)
    program = _soffice()
    if not src.is_file():
        raise ConversionFailed(src, fmt, f"{src} is not a file")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="normbook-lo-profile-"))
    staging = Path(tempfile.mkdtemp(prefix=".normbook-convert-", dir=outdir))
    try:
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS,
                                                                    encoding="utf-8")
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", fmt, "--outdir", str(staging), str(src.resolve())]
        code, output = _run(command, timeout)
        output = _quiet(output).replace(str(staging), str(outdir))
        if code is None:
            raise ConversionFailed(src, fmt, f"soffice did not finish within {timeout:g} s "
                                   "(a large or damaged file? give a longer timeout)", output)
        produced = staging / f"{src.stem}.{_extension(fmt)}"
        if not produced.is_file():
            why = f"soffice exited with code {code} and wrote no file"
            raise ConversionFailed(src, fmt, why + " (is the file damaged or of another type?)",
                                   output)
        target = outdir / produced.name
        os.replace(produced, target)
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def recalculate(xlsx: Path, outdir: Path, *, timeout: float = 120) -> Path:
    """An .xlsx round trip through LibreOffice Calc, so every formula has a computed value.

    openpyxl stores formulas without results; after this, ``openpyxl.load_workbook(path,
    data_only=True)`` reads the values Calc computed. Returns the path of the recalculated
    copy in ``outdir`` (same file name).
    """
    return convert(Path(xlsx), "xlsx", Path(outdir), timeout=timeout)
