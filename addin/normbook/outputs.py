"""Write an output file atomically and never over an existing one unless forced.

Every command that writes a file goes through :func:`save_atomic`: a reader never sees a
half-written file, a failed write leaves nothing behind, an existing file stays unless forced.
Without ``force`` the file is created exclusively (a hard link of the finished temporary file:
if another run created it in the meantime, this one fails instead of replacing it), and a run
that writes several files into a folder first claims the folder (:func:`claimed`), so two runs
into one folder cannot mix or delete each other's files. :func:`refuse_inputs` keeps a run
from writing over a file it reads, ``force`` or not.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import (
    PYTHON,
    SHOWN_PATH_LIMIT,
    BadArgument,
    NormError,
    OutputExists,
    Spelling,
    shown,
)
from .i18n import Domain

_ = Domain(__name__)

__all__ = ["OutputBusy", "OutputExists", "OutputIsInput", "claimed", "refuse_inputs",
           "same_file", "save_atomic"]

#: The claim a run puts into the folder it writes into (removed when it ends).
LOCK = ".normbook.lock"


class OutputBusy(NormError, OSError):
    """Another run is writing into the same output folder."""

    def __init__(self, folder: Path, holder: str):
        self.folder = folder
        self.holder = holder
        super().__init__(_.later(
            "{folder} is being written by another Normbook run ({holder}); wait for it to "
            "finish and run again. If no such run is active (a crash), delete {lock}",
            folder=_path(folder), holder=shown(holder, quote=False), lock=_path(folder / LOCK)))


class OutputIsInput(BadArgument):
    """An output would replace a file the same run reads (refused even with ``force``)."""

    def __init__(self, output: Path, source: Path):
        self.output = output
        self.source = source
        super().__init__(_.later(
            "{output} is also a file this run reads ({source}); writing it would replace that "
            "input with the output: give the output another name ({force} replaces an "
            "existing output, never an input)", output=_path(output), source=_path(source)),
            option="force")

    def text(self, spelling: Spelling = PYTHON) -> str:
        """The message, its option written as ``spelling`` switches it on (``--force``)."""
        facts = {**self.template.facts, "force": spelling.switch("force")}
        return dataclasses.replace(self.template, facts=facts).render()


def _path(path: Path | str) -> str:
    """A path inside a message: one line, escaped, at most SHOWN_PATH_LIMIT characters."""
    return shown(path, SHOWN_PATH_LIMIT, quote=False)


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file: the same file where both exist (through a symlink, a
    hard link, ``./``, or another case on a case-insensitive file system), else the same
    resolved path."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet)
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def refuse_inputs(outputs: Iterable[Path | str], inputs: Iterable[Path | str | None]) -> None:
    """Refuse when an output is one of the inputs (None inputs are skipped): call it before
    reading or writing anything.

    Raises:
        OutputIsInput: the first output that is an input.
    """
    sources = [Path(s) for s in inputs if s is not None and str(s) != ""]
    for output in outputs:
        for source in sources:
            if same_file(output, source):
                raise OutputIsInput(Path(output), source)


def save_atomic(write: Callable[[str], None], output: Path | str, *, suffix: str,
                force: bool = False) -> Path:
    """Call ``write(temp_path)`` for a temporary file beside ``output``, then rename it over.

    A reader never sees a half-written file, and a failed write leaves no file behind.

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
        BadArgument: ``output`` does not end in ``suffix`` (".xlsx", ".docx").
        FileNotFoundError: the folder does not exist.
    """
    output = Path(output)
    if output.is_dir():
        raise BadArgument(_.later("{output} is a folder; give the name of the file to write",
                                  output=_path(output)))
    if output.suffix.lower() != suffix:
        raise BadArgument(_.later("{output}: the file must end in {suffix} (the programs that "
                                  "open it go by the extension)", output=_path(output),
                                  suffix=suffix))
    if output.exists() and not force:
        raise OutputExists(output)
    if not output.parent.is_dir():
        # an OSError's one argument: str(error) says it where it is shown
        raise FileNotFoundError(_.later("{folder}: no such folder for {name}",
                                        folder=_path(output.parent), name=output.name))
    handle, temp = tempfile.mkstemp(prefix=f".{output.stem}-", suffix=suffix, dir=output.parent)
    os.close(handle)
    try:
        write(temp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)  # mkstemp makes the file private; a saved file is not
        if force:
            os.replace(temp, output)
        else:
            _create(temp, output)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return output


def _create(temp: str, output: Path) -> None:
    """Put ``temp`` at ``output`` only if nothing is there (atomic: a hard link)."""
    try:
        os.link(temp, output)
    except FileExistsError:
        raise OutputExists(output) from None
    except (OSError, AttributeError):  # a file system without hard links (FAT, some shares)
        # or a Python without os.link (Pyodide: xlwings Lite): check, then rename
        if output.exists():
            raise OutputExists(output) from None
        os.replace(temp, output)


def _alive(pid: int) -> bool:
    """Whether a process of this computer is running (True when it cannot be told)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextmanager
def claimed(folder: Path | str, what: str) -> Iterator[str | None]:
    """Hold ``folder`` for one run; yields what a crashed run left there (or None).

    The claim is a file created exclusively; a second run fails with OutputBusy, changing
    nothing. A claim whose process is gone (a crash, kill -9) on this computer is taken over,
    and what it said is handed to the caller, which reports what that run left behind.

    Raises:
        OutputBusy: another live run holds the folder.
    """
    import socket
    import time

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK
    host = socket.gethostname()
    mine = f"pid {os.getpid()} on {host}, {what}, since {time.strftime('%Y-%m-%d %H:%M:%S')}"
    stale = None
    for _attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                holder = lock.read_text(encoding="utf-8").strip()
            except OSError:
                holder = "unknown"
            parts = holder.split()
            pid = int(parts[1].rstrip(",")) if len(parts) > 3 and parts[1].rstrip(",").isdigit() \
                else None
            same_host = len(parts) > 3 and parts[3].rstrip(",") == host
            if pid is None or not same_host or _alive(pid):
                raise OutputBusy(folder, holder) from None
            stale = holder
            lock.unlink(missing_ok=True)  # the run that held it is gone
    else:
        raise OutputBusy(folder, "another run that has just taken it over")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(mine + "\n")
    try:
        yield stale
    finally:
        try:
            if lock.read_text(encoding="utf-8").strip() == mine:
                lock.unlink()
        except OSError:
            pass
