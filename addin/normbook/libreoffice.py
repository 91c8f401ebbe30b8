"""Run LibreOffice headless: convert documents, recalculate workbooks.

``soffice`` reports most failures with exit code 0 and a line on stderr, so success is judged
by the file it produces. Each run gets a fresh profile (parallel runs would otherwise fight
over one) that tells Calc to recalculate every formula on load: an .xlsx written by openpyxl
carries no computed values, and one saved by Excel may carry stale ones.

Errors and reasons keep their facts and are said where shown; what soffice itself printed is
quoted as it is.
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

from .errors import SHOWN_PATH_LIMIT, NormError, shown
from .i18n import Domain, Message

_ = Domain(__name__)

#: Environment variable naming the soffice program to use instead of the one on PATH.
SOFFICE_ENV = "NORMBOOK_SOFFICE"
#: How to get LibreOffice (a Message: give it as a fact, or ``str()`` it where shown).
INSTALL_HINT = _.later(
    "install LibreOffice: on Debian/Ubuntu `apt-get install libreoffice-calc-nogui "
    "libreoffice-writer-nogui`, elsewhere from https://www.libreoffice.org/download/ ; or set "
    "{variable} to the soffice program", variable=SOFFICE_ENV)

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

    def __init__(self, why: Message | str):
        self.why = why
        super().__init__(_.later("{why}; {hint}", why=why, hint=INSTALL_HINT))


class ConversionFailed(NormError, ValueError):
    """soffice ran but produced no output (a broken or unsupported file, a timeout)."""

    def __init__(self, src: Path, fmt: str, why: Message | str, output: str = ""):
        self.src = src
        self.fmt = fmt
        self.why = why
        self.output = output
        tail = output.strip()[-_TAIL_CHARS:]
        if tail:
            super().__init__(_.later("LibreOffice could not convert {name} to {format}: {why}; "
                                     "soffice said: {said}", name=src.name, format=fmt,
                                     why=why, said=tail))
        else:
            super().__init__(_.later("LibreOffice could not convert {name} to {format}: {why}",
                                     name=src.name, format=fmt, why=why))


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
        raise LibreOfficeMissing(_.later("{variable} is {chosen}, which is not a program "
                                         "that can be run", variable=SOFFICE_ENV,
                                         chosen=shown(chosen, SHOWN_PATH_LIMIT)))
    raise LibreOfficeMissing(_.later("LibreOffice (soffice) is not on PATH"))


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
        out, _unused = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # it may have ended meanwhile
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        out, _unused = process.communicate()
        return None, out.decode(errors="replace")
    return process.returncode, out.decode(errors="replace")


def _quiet(output: str) -> str:
    """soffice's output without the javaldx warning every run prints when Java is absent."""
    return "\n".join(line for line in output.splitlines()
                     if not line.startswith("Warning: failed to launch javaldx"))


def _convert_batch(sources: list[Path], fmt: str, outdir: Path,
                   timeout: float) -> tuple[int | None, str, dict[Path, Path | None]]:
    """One soffice run converting ``sources`` into ``outdir``, through a staging folder.

    Returns soffice's exit code (None on timeout), its output, and for each source the file
    now in ``outdir`` or None where soffice wrote nothing.
    """
    program = _soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="normbook-lo-profile-"))
    staging = Path(tempfile.mkdtemp(prefix=".normbook-convert-", dir=outdir))
    try:
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS,
                                                                    encoding="utf-8")
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", fmt, "--outdir", str(staging),
                   *(str(src.resolve()) for src in sources)]
        code, output = _run(command, timeout)
        output = _quiet(output).replace(str(staging), str(outdir))
        results: dict[Path, Path | None] = {}
        for src in sources:
            produced = staging / f"{src.stem}.{_extension(fmt)}"
            if produced.is_file():
                target = outdir / produced.name
                os.replace(produced, target)
                results[src] = target
            else:
                results[src] = None
        return code, output, results
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


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
    _soffice()
    if not src.is_file():
        raise ConversionFailed(src, fmt, _not_a_file(src))
    code, output, results = _convert_batch([src], fmt, outdir, timeout)
    if results[src] is not None:
        return results[src]
    if code is None:
        raise ConversionFailed(src, fmt, _.later(
            "soffice did not finish within {seconds} s (a large or damaged file? give a "
            "longer timeout)", seconds=format(timeout, "g")), output)
    raise ConversionFailed(src, fmt, _.later(
        "soffice exited with code {code} and produced no file (is the file damaged or of "
        "another type?)", code=code), output)


def _not_a_file(src: Path) -> Message:
    return _.later("{path} is not a file", path=shown(src, SHOWN_PATH_LIMIT, quote=False))


def convert_many(sources: list[Path], fmt: str, outdir: Path, *, batch: int = 50,
                 timeout_per_file: float = 60
                 ) -> tuple[dict[Path, Path], dict[Path, Message]]:
    """Convert many files with few soffice runs (starting soffice costs seconds each time).

    Files are converted ``batch`` at a time, one soffice run per batch (never two sources
    with the same stem in one run: their results would share a name).

    Returns:
        (converted, failed): source → file written in ``outdir``; source → why it failed
        (a Message: ``str()`` says it in the current language).

    Raises:
        LibreOfficeMissing: no soffice program.
    """
    outdir = Path(outdir)
    _soffice()
    converted: dict[Path, Path] = {}
    failed: dict[Path, Message] = {}
    pending: list[Path] = []
    for src in map(Path, sources):
        if src.is_file():
            pending.append(src)
        else:
            failed[src] = _not_a_file(src)
    while pending:
        run: list[Path] = []
        stems: set[str] = set()
        for src in list(pending):
            if len(run) < batch and src.stem not in stems:
                run.append(src)
                stems.add(src.stem)
                pending.remove(src)
        timeout = 30 + timeout_per_file * len(run)
        code, output, results = _convert_batch(run, fmt, outdir, timeout)
        for src, produced in results.items():
            if produced is not None:
                converted[src] = produced
            elif code is None:
                failed[src] = _.later("soffice did not finish within {seconds} s",
                                      seconds=format(timeout, "g"))
            elif tail := output.strip()[-300:]:
                failed[src] = _.later("soffice produced no file ({said})", said=tail)
            else:
                failed[src] = _.later("soffice produced no file")
    return converted, failed


def recalculate(xlsx: Path, outdir: Path, *, timeout: float = 120) -> Path:
    """An .xlsx round trip through LibreOffice Calc, so every formula has a computed value.

    openpyxl stores formulas without results; after this, ``openpyxl.load_workbook(path,
    data_only=True)`` reads the values Calc computed. Returns the path of the recalculated
    copy in ``outdir`` (same file name).
    """
    return convert(Path(xlsx), "xlsx", Path(outdir), timeout=timeout)
