"""Changes of the user data folder as transactions: one writer at a time, all or nothing even
when the writer is interrupted or killed, and reads that never see half of a change.

A writer takes the folder's lock (``.normbook.lock`` at its top, held by the process, so it
dies with it), stages each new addition in a hidden ``<kind>/.tmp-*`` folder, writes the
journal (``.normbook-journal.json``: each step's place, staged copy and where the old
addition goes aside) and only then moves folders; the journal is deleted when every move is
done. SIGINT and SIGTERM stop a change before its journal is written (nothing changed) and
wait for the moves after it (the change is completed).

Whoever finds a journal whose writer is gone (its lock can be taken) completes it: every new
addition was staged before the journal was written, so the change can always be rolled
forward, one idempotent step at a time. Readers read only when no journal is there, and keep
a result only if the folder's fingerprint did not change while they read (a seqlock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from ..errors import os_reason
from ..i18n import Domain, Message
from .errors import Said, UserDataError, reason, said
from .folder import ASIDE, KINDS, data_dir, fingerprint_at
from .lock import FolderLock, Interrupted, Signals, take

_ = Domain(__name__)

JOURNAL = ".normbook-journal.json"
#: The prefix of a staged addition's folder (``store.TEMP_PREFIX``).
STAGING = ".tmp-"
FORMAT = 1
#: How long a reader waits for a change another run is making, and a writer for the lock,
#: before saying the folder is busy (a change takes milliseconds, on a slow share a second).
WAIT_SECONDS = 5.0

T = TypeVar("T")


class FolderBusy(UserDataError):
    """Another ``normbook data`` run held the folder half-changed for too long."""

    def __init__(self, folder: object):
        self.folder = folder
        super().__init__(_.later("another `normbook data` run is changing the user data "
                                 "folder {folder}; try again when it has finished",
                                 folder=folder))


@dataclass(frozen=True)
class Step:
    """One move of a change, paths relative to the data folder (POSIX separators).

    A new or replacing addition has ``staged``; a removal has none. ``aside`` is where the
    addition in place goes (None: there is none).
    """

    kind: str
    name: str
    staged: str | None
    aside: str | None

    @property
    def final(self) -> str:
        return f"{self.kind}/{self.name}"


# ---- the journal ------------------------------------------------------------------------------

def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _write(root: Path, steps: list[Step]) -> None:
    """The journal, whole or not at all: written beside, flushed to disk, renamed into place."""
    record = {"format": FORMAT, "pid": os.getpid(),
              "steps": [{"kind": s.kind, "name": s.name, "staged": s.staged, "aside": s.aside}
                        for s in steps]}
    temp = root / f"{JOURNAL}.tmp"
    with open(temp, "w", encoding="utf-8") as f:
        json.dump(record, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, root / JOURNAL)


def _plain(part: str) -> bool:
    return bool(part) and part not in (".", "..") and not any(c in part for c in "/\\:\0")


def _parse(text: str) -> list[Step]:
    """The journal's steps; ValueError if it is not one Normbook wrote (or was edited)."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(_.later("not JSON (line {line}, column {column})", line=exc.lineno,
                                 column=exc.colno)) from None
    if not isinstance(record, dict) or record.get("format") != FORMAT or \
            not isinstance(record.get("steps"), list):
        raise ValueError(_.later("not a journal of format {format}", format=FORMAT))
    steps = []
    for n, item in enumerate(record["steps"], 1):
        if not isinstance(item, dict):
            raise ValueError(_.later("step {step} is not a JSON object", step=n))
        kind, name, staged, aside = (item.get(k) for k in ("kind", "name", "staged", "aside"))
        parts = [PurePosixPath(p).parts if isinstance(p, str) else None for p in (staged, aside)]
        if kind not in KINDS or not isinstance(name, str) or not _plain(name) \
                or name.startswith(".") \
                or (staged is not None and not (
                    parts[0] and len(parts[0]) == 2 and parts[0][0] == kind
                    and parts[0][1].startswith(STAGING) and _plain(parts[0][1]))) \
                or (aside is not None and not (
                    parts[1] and len(parts[1]) == 3 and parts[1][:2] == (ASIDE, kind)
                    and _plain(parts[1][2]))) \
                or (staged is None and aside is None):
            raise ValueError(_.later("step {step} does not name a place of the folder", step=n))
        steps.append(Step(kind, name, staged, aside))
    return steps


def _move(root: Path, source: str, target: str) -> None:
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    os.replace(root / source, root / target)


def _forward(root: Path, step: Step) -> Message | None:
    """Do ``step`` if it is not done yet; None when it is done, else why it cannot be.

    Idempotent, so a journal can be completed from wherever its writer stopped: the place
    held and the staged copy there: the old one goes aside, then the staged one in; the
    place empty and the staged copy there: it goes in; the staged copy gone: done before.
    """
    here = (root / step.final).exists()
    if step.staged is None:  # a removal
        if here:
            _move(root, step.final, step.aside)
        elif not (root / step.aside).exists():
            return _.later("{place} is neither in its place nor in {aside}", place=step.final,
                           aside=step.aside)
        return None
    if (root / step.staged).exists():
        if here:
            if step.aside is None:
                return _.later("{place} is in the folder, where the run was adding a new one; "
                               "someone put it there meanwhile", place=step.final)
            _move(root, step.final, step.aside)
        _move(root, step.staged, step.final)
        return None
    if here and (step.aside is None or (root / step.aside).exists()):
        return None  # done before the run stopped
    return _.later("its staged copy {staged} is missing (deleted by hand?)",
                   staged=step.staged)


def _back(root: Path, steps: list[Step]) -> list[tuple[str, Message]]:
    """Undo ``steps`` as far as they were done, last first; what could not be put back.

    A new addition already in its place goes back to where it was staged (the staging is
    removed afterwards), and what it replaced comes back from ``replaced/``. Each problem
    comes with the kind it is about.
    """
    problems = []
    for step in reversed(steps):
        final = root / step.final
        if step.staged is not None and not (root / step.staged).exists() and final.exists() \
                and (step.aside is None or (root / step.aside).exists()):
            _move(root, step.final, step.staged)
        if step.aside is not None and not final.exists():
            if (root / step.aside).exists():
                _move(root, step.aside, step.final)
            else:
                problems.append((step.kind, _.later(
                    "{place}: the addition that was in place is in neither {place} nor "
                    "{aside}; add it again from its file", place=step.final, aside=step.aside)))
    return problems


def _done(step: Step) -> Message:
    """What a completed step did, for the user."""
    if step.staged is None:
        return _.later("{place}: an interrupted `normbook data remove` was completed; the "
                       "addition is kept in {aside}", place=step.final, aside=step.aside)
    if step.aside is None:
        return _.later("{place}: an interrupted `normbook data add` was completed; the new "
                       "addition is in place", place=step.final)
    return _.later("{place}: an interrupted `normbook data add --replace` was completed; the "
                   "new addition is in place and the one it replaced is kept in {aside}",
                   place=step.final, aside=step.aside)


def _sweep(root: Path) -> list[str]:
    """Remove the staged copies in the folder (the caller holds the lock: none is in use)."""
    removed = []
    for kind in KINDS:
        try:
            with os.scandir(root / kind) as entries:
                staged = sorted(e.name for e in entries if e.name.startswith(STAGING))
        except OSError:
            continue
        for name in staged:
            shutil.rmtree(root / kind / name, ignore_errors=True)
            removed.append(f"{kind}/{name}")
    (root / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    return removed


def _recover(root: Path) -> tuple[list[Message], dict[str, list[Said]]]:
    """Complete (or, if it cannot be, undo) the change a run that is gone left unfinished, and
    remove the staged copies no one will use. The caller holds the lock.

    Returns:
        Notes on what was done, and per kind the problems of a change that was undone.
    """
    notes: list[Message] = []
    failed: dict[str, list[Said]] = {}
    path = root / JOURNAL
    named: set[str] = set()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    if data is not None:
        try:
            steps = _parse(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            kept = f"{ASIDE}/journal-{_stamp()}.json"
            _move(root, JOURNAL, kept)
            for kind in KINDS:
                failed[kind] = [_.later(
                    "{journal}: the record of an interrupted change is unreadable ({why}); it "
                    "was moved to {kept} and not followed; check the additions with `normbook "
                    "data status`", journal=JOURNAL, why=reason(exc), kept=kept)]
            steps = []
        named = {s.staged for s in steps if s.staged}
        lost = next(((s, why) for s in steps if (why := _forward(root, s)) is not None), None)
        if lost is not None:
            problems = _back(root, steps)
            step, why = lost
            failed.setdefault(step.kind, []).append(_.later(
                "{place}: an interrupted `normbook data` run could not be completed: {why}; its "
                "change was undone, so the folder is as before that run (add the file again)",
                place=step.final, why=why))
            for kind, problem in problems:
                failed.setdefault(kind, []).append(problem)
        else:
            notes += [_done(s) for s in steps]
        path.unlink(missing_ok=True)
    notes += [_.later("{staged}: a staged copy an interrupted `normbook data` run left was "
                      "removed (it was never in use)", staged=staged)
              for staged in _sweep(root) if staged not in named]
    return notes, failed


# ---- recovery, for status and for commands that change the folder ------------------------

def _warn(text: Said) -> None:
    from ..terminal import warn

    warn(said(text))


def _needed(root: Path) -> bool:
    """A journal, or a staged copy, is in the folder (cheap: no lock taken)."""
    if (root / JOURNAL).exists() or (root / f"{JOURNAL}.tmp").exists():
        return True
    for kind in KINDS:
        try:
            with os.scandir(root / kind) as entries:
                if any(e.name.startswith(STAGING) for e in entries):
                    return True
        except OSError:
            continue
    return False


def _undone(root: Path, failed: dict[str, list[Said]]) -> UserDataError:
    return UserDataError(_.later("an interrupted change of the user data folder {folder} could "
                                 "not be completed; what it had done was undone", folder=root),
                         [p for problems in failed.values() for p in problems])


def recover() -> tuple[list[Message], list[Said]]:
    """Complete what an interrupted run left unfinished in the data folder.

    Takes the lock only when there is something to do, so a folder no one can write is read
    as it is.

    Returns:
        Notes on what was done, and the problems of a change that had to be undone (each
        naming its paths).

    Raises:
        FolderBusy: another run holds the folder for longer than WAIT_SECONDS.
    """
    root = data_dir()
    if root is None or not root.is_dir() or not _needed(root):
        return [], []
    try:
        lock = take(root, WAIT_SECONDS)
    except OSError as exc:
        return [], [_.later("an interrupted `normbook data` run left a change unfinished, and "
                            "it cannot be completed without writing to the folder ({why}); run "
                            "`normbook data status` as someone who can write to it",
                            why=os_reason(exc))]
    if lock is None:
        raise FolderBusy(root)
    try:
        notes, failed = _recover(root)
    finally:
        lock.close()
    return notes, [p for problems in failed.values() for p in problems]


def recover_and_warn() -> None:
    """:func:`recover`, saying on stderr what it did (commands that change the folder)."""
    notes, problems = recover()
    for text in notes + problems:
        _warn(text)


# ---- readers ---------------------------------------------------------------------------------

#: What :func:`_settle` returns when the journal's writer is at work: wait, then say so.
_BUSY = object()


def _settle(root: Path) -> Message | object | None:
    """Complete a journal whose writer is gone: None when done, else why the reader must wait
    (its writer is at work, or the lock cannot be opened: a folder this user cannot write)."""
    try:
        lock = FolderLock(root)
    except OSError as exc:
        return _.later("the user data folder {folder} holds a change an interrupted `normbook "
                       "data` run left unfinished, and it cannot be completed without writing "
                       "to the folder ({why}); run `normbook data status` as someone who can "
                       "write to it", folder=root, why=os_reason(exc))
    try:
        if not lock.take():
            return _BUSY
        notes, failed = _recover(root)
    finally:
        lock.close()
    for note in notes:
        _warn(note)
    if failed:
        raise _undone(root, failed)
    return None


def read_consistent(kind: str, cached: Callable[[tuple], T]) -> T:
    """``cached(fingerprint(kind))``, from a state of the folder no change was half-way through.

    The one place the loaders read the folder through. A read starts only when no journal is
    there, and its result stands only if no journal appeared and the fingerprint is the same
    after it (else it is dropped from ``cached``, an ``lru_cache``, and read again). A cache
    hit was read that way before, so it costs one walk and two looks for the journal.

    Raises:
        FolderBusy: another run held the folder half-changed for more than WAIT_SECONDS.
        UserDataError: what ``cached`` raises (a broken folder), or, once, an interrupted
            change that had to be undone.
    """
    root = data_dir()
    if root is None:
        return cached(fingerprint_at(None, kind))
    journal = os.path.join(root, JOURNAL)
    waited, pause, why = 0.0, 0.001, _BUSY
    while True:
        if not os.access(journal, os.F_OK):  # a look for the journal: no exception raised
            key = fingerprint_at(root, kind)
            misses = cached.cache_info().misses  # type: ignore[attr-defined]
            try:
                value, error = cached(key), None
            except Exception as exc:  # judged below: a read of a half-changed folder is retried
                value, error = None, exc
            hit = cached.cache_info().misses == misses  # type: ignore[attr-defined]
            if not os.access(journal, os.F_OK) and (hit or fingerprint_at(root, kind) == key):
                if error is not None:
                    raise error
                return value  # type: ignore[return-value]
            if not hit:
                cached.cache_clear()  # type: ignore[attr-defined]
        elif (why := _settle(root)) is None:
            continue
        if waited >= WAIT_SECONDS:
            raise UserDataError(why) if why is not _BUSY else FolderBusy(root)
        time.sleep(pause)
        waited += pause
        pause = min(pause * 2, 0.05)


# ---- writers ---------------------------------------------------------------------------------

class Writer:
    """One change of the folder: ``with Writer(root) as change:`` stage, then ``commit``.

    Entering takes the lock (waiting up to WAIT_SECONDS) and completes what an interrupted
    run left. Leaving removes every staged copy and releases the lock; if SIGINT or SIGTERM
    came, it says in one line whether the change was completed or nothing was changed, then
    hands the signal on (exit 130 or 143).

    Raises:
        FolderBusy: another run holds the lock.
        OSError: the folder cannot be written (nothing was changed).
    """

    def __init__(self, root: Path):
        self.root = root
        self._lock: FolderLock | None = None
        self._signals = Signals()
        self._asides: set[str] = set()
        self.committed = False

    def __enter__(self) -> Writer:
        self._signals.install()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock = take(self.root, WAIT_SECONDS)
            if self._lock is None:
                raise FolderBusy(self.root)
            self._signals.deferring = True
            notes, failed = _recover(self.root)
            for note in notes:
                _warn(note)
            for problems in failed.values():
                for problem in problems:
                    _warn(problem)
            self._signals.stop_if_received()
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def step(self, kind: str, name: str, staged: Path | None) -> Step:
        """A step of this change: ``staged`` (a folder in ``<kind>/``, or None to remove) goes
        to ``kind/name``; what is there goes aside to a new place in ``replaced/``."""
        aside = None
        if (self.root / kind / name).exists():
            aside = f"{ASIDE}/{kind}/{name}-{_stamp()}"
            n = 1
            while aside in self._asides or (self.root / aside).exists():
                n += 1
                aside = f"{ASIDE}/{kind}/{name}-{_stamp()}-{n}"
            self._asides.add(aside)
        return Step(kind, name, None if staged is None else f"{kind}/{staged.name}", aside)

    def commit(self, steps: list[Step]) -> None:
        """Write the journal, make the moves, delete the journal; signals wait meanwhile.

        A move that fails undoes those made; if even that fails, the journal stays and the
        next command that reads or writes the folder completes the change.

        Raises:
            OSError: the change could not be made (it was undone: nothing changed).
            UserDataError: it could be neither made nor undone.
        """
        self._signals.deferring = True
        if self._signals.received is not None:  # came as the body ended: nothing changed yet
            raise Interrupted(self._signals.received)
        _write(self.root, steps)
        try:
            for step in steps:
                if (why := _forward(self.root, step)) is not None:
                    raise FileNotFoundError(2, said(why))
        except OSError as exc:
            try:
                problems = _back(self.root, steps)
            except OSError as again:
                raise UserDataError(_.later(
                    "cannot write into the data folder {folder}: {why}, and undoing what was "
                    "written failed too ({again}); the next `normbook data status` completes "
                    "the change", folder=self.root, why=os_reason(exc),
                    again=again.strerror or again)) from None
            (self.root / JOURNAL).unlink(missing_ok=True)
            if problems:
                raise UserDataError(_.later("cannot write into the data folder {folder}: {why}; "
                                            "undoing it left problems", folder=self.root,
                                            why=os_reason(exc)),
                                    [p for _kind, p in problems]) from None
            raise
        self.committed = True
        # the change is whole; a journal left finds every step done in the next command
        with contextlib.suppress(OSError):
            (self.root / JOURNAL).unlink(missing_ok=True)

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._signals.deferring = True
        try:
            if self._lock is not None:
                try:
                    if not (self.root / JOURNAL).exists():
                        _sweep(self.root)
                finally:
                    self._lock.close()
                    self._lock = None
        finally:
            self._signals.restore()
        if self._signals.received is not None:
            if self.committed:
                print("normbook: " + _("interrupted; the change of the user data folder was "
                                       "completed first, so it is whole"), file=sys.stderr)
            else:
                print("normbook: " + _("interrupted; nothing in the user data folder was "
                                       "changed (the staged copies were removed)"),
                      file=sys.stderr)
            self._signals.redeliver()
        return False
