"""Additions on disk: one folder per addition, its CSVs and ``addition.json`` (provenance).

Layout of the data folder::

    exams/2025/years.csv, periods.csv, ...   one exam year
    wages/2026-07-01/base_salary.csv         one base-salary act
    holidays/2027/holidays.csv               one year of Chinese holidays
    <kind>/<name>/addition.json              citation, who added it and when, sha256
    replaced/<kind>/<name>-<time>/           what --replace and remove took out (kept)

An addition is written into a hidden temporary folder and renamed into place, so a reader
never sees half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..csv_files import control_problem
from ..errors import os_reason, shown
from ..i18n import Domain, Message, listed
from . import guard
from .errors import Said, UserDataError, kind_label, reason, unique
from .folder import ASIDE, KINDS, data_dir
from .provenance import Origin, files_sha256

_ = Domain(__name__)

META = "addition.json"
TEMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class Addition:
    """One addition as found in the folder."""

    kind: str
    name: str
    path: Path
    files: tuple[str, ...]  # its data files (CSV names)
    citation: str
    added_by: str
    added_at: str
    original: str  # the file the user added it from
    sha256_added: str  # of the data files when added
    sha256: str  # of the data files now
    imported_from: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.name}"

    @property
    def edited(self) -> bool:
        """Changed since it was added (by hand): still checked, and reported by status."""
        return self.sha256 != self.sha256_added

    def stray_files(self, expected: str) -> list[Message]:
        """Problems when a one-file addition holds anything but ``expected``."""
        if self.files == (expected,):
            return []
        if not self.files:
            return [_.later("{where}: holds nothing; a {kind} addition holds {expected} only",
                            where=self.label, kind=kind_label(self.kind), expected=expected)]
        held = listed(shown(f, quote=False) for f in self.files)
        return [_.later("{where}: holds {held}; a {kind} addition holds {expected} only",
                        where=self.label, held=held, kind=kind_label(self.kind),
                        expected=expected)]

    def origin(self) -> Origin:
        return Origin(self.kind, False, self.name, self.label, self.citation, self.added_by,
                      self.added_at, self.sha256)


#: What Finder, Explorer and editors leave in folders; never data, never a problem.
def ignorable(name: str) -> bool:
    """Files an operating system or an editor makes on its own (.DS_Store, Thumbs.db ...)."""
    return name.startswith((".", "~$")) or name.lower() in ("thumbs.db", "desktop.ini")


#: The provenance fields of addition.json (text). All but imported_from, which an import adds,
#: are covered by the addition's checksum, so an export and import keep it.
PROVENANCE = ("citation", "added_by", "added_at", "original", "imported_from")
CHECKED = PROVENANCE[:4]


def record_sha256(folder: Path, files: list[str], meta: dict[str, str]) -> str:
    """One checksum over the data files and the provenance: a hand edit of either shows."""
    entries = [(name, guard.read_bounded(folder / name, guard.MAX_DATA_FILE_BYTES))
               for name in files]
    provenance = json.dumps({k: meta.get(k, "") for k in CHECKED}, ensure_ascii=False,
                            sort_keys=True)
    entries.append((f"{META}#provenance", provenance.encode("utf-8")))
    return files_sha256(entries)


def parse_record(data: bytes) -> dict[str, str]:
    """A provenance record from its bytes; ValueError naming what is wrong with it."""
    try:
        meta = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(_.later("not UTF-8 text")) from None
    except RecursionError:  # '[[[[...' a hundred thousand deep: no record is nested at all
        raise ValueError(_.later("nested too deeply; a record is one flat JSON object")) \
            from None
    except json.JSONDecodeError as exc:  # where JSON broke: line and column, as numbers
        raise ValueError(_.later("not JSON (line {line}, column {column})", line=exc.lineno,
                                 column=exc.colno)) from None
    if not isinstance(meta, dict):
        raise ValueError(_.later("not a JSON object"))
    for key in (*PROVENANCE, "sha256"):
        if not isinstance(meta.get(key, ""), str):
            raise ValueError(_.later("{key} is {value}, not text", key=key,
                                     value=shown(meta[key], 40)))
        if (why := control_problem(meta.get(key, ""))) is not None:
            raise ValueError(_.later("{key} {why}", key=key, why=why))
    if "added_at" not in meta:
        raise ValueError(_.later("the key added_at (the date and time it was added) is "
                                 "missing"))
    try:
        dt.datetime.fromisoformat(meta["added_at"].replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_.later("added_at {value} is not a date and time",
                                 value=shown(meta["added_at"], 40))) from None
    if any(c in meta.get("original", "") for c in "/\\"):
        raise ValueError(_.later("original {value} is a path, not a file name",
                                 value=shown(meta["original"], 60)))
    return meta


def read_record(path: Path) -> dict[str, str]:
    """The provenance record at ``path``, read no further than its size limit.

    Raises:
        ValueError: what is wrong with it (too large, not JSON, a field missing or wrong).
        OSError: it cannot be read (FileNotFoundError: it is missing).
    """
    return parse_record(guard.read_bounded(path, guard.MAX_RECORD_BYTES))


def at(where: str, why: Said) -> Message:
    """A problem of the entry ``where`` (a path in the data folder): ``where: why``."""
    return _.later("{where}: {why}", where=where, why=why)


def root_problem() -> Message | None:
    """Why the data folder itself is unusable (a file or a broken link where the folder should
    be, or unreadable), or None."""
    root = data_dir()
    return None if root is None else guard.root_problem(root)


def place_problem(kind: str) -> Message | None:
    """Why the folder of ``kind`` additions cannot be used (the data folder's own problem, or
    ``kind`` a file, a broken link or a link out of the data folder), or None."""
    root = data_dir()
    if root is None:
        return None
    if (why := guard.root_problem(root)) is not None:
        return why
    base = root / kind
    if (why := guard.link_problem(base, root)) is not None:
        return at(kind, why)
    if base.exists() and not base.is_dir():
        return _.later("{kind}: a file where the folder of {kind} additions belongs; move it "
                       "out of the data folder", kind=kind)
    return None


def write_problems(kinds: set[str] | list[str] | tuple[str, ...]) -> list[Message]:
    """Why additions of ``kinds`` cannot be written: the places they go and ``replaced/``."""
    root = data_dir()
    problems = [why for kind in sorted(kinds) if (why := place_problem(kind)) is not None]
    aside = root / ASIDE if root is not None else None
    if aside is not None and not problems and (why := guard.link_problem(aside, root)):
        problems.append(at(ASIDE, why))
    return unique(problems)


def _unreadable(where: str, exc: OSError) -> Message:
    return _.later("{where}: cannot be read ({why}); check its permissions", where=where,
                   why=os_reason(exc))


def scan(kind: str) -> tuple[list[Addition], list[Said]]:
    """The additions of ``kind`` in the folder, and every problem met (each naming its path).

    Nothing beyond the limits of :mod:`guard` is read: no link out of the folder, no more
    entries than additions are ever made, no file larger than data or a record can be.
    """
    root = data_dir()
    if root is None:
        return [], []
    if (why := place_problem(kind)) is not None:
        return [], [why]
    base = root / kind
    if not base.is_dir():
        return [], []
    try:
        listed, more = guard.entries(base)
    except OSError as exc:
        return [], [_unreadable(kind, exc)]
    if more:
        return [], [_.later("{kind}: holds more than {most:n} entries, far more than additions "
                            "are ever made (one a year or act); move what is not an addition "
                            "out of the data folder", kind=kind, most=guard.MAX_ENTRIES)]
    additions: list[Addition] = []
    problems: list[Said] = []
    for entry in listed:
        if entry.name.startswith(TEMP_PREFIX):
            continue  # an addition being written right now
        where = f"{kind}/{shown(entry.name, quote=False)}"
        if (why := guard.link_problem(entry, root)) is not None:
            problems.append(at(where, why))
            continue
        if ignorable(entry.name):
            continue  # a file the system made
        if (why := guard.name_problem(entry.name)) is not None:
            problems.append(at(where, why))
            continue
        if not entry.is_dir():
            problems.append(_.later(
                "{where}: not an addition (each is a folder made by `normbook data add {kind} "
                "FILE`); move the file out of the data folder and add it with that command",
                where=where, kind=kind))
            continue
        addition, found = _addition(kind, entry, root)
        problems += found
        if addition is not None:
            additions.append(addition)
    return additions, problems


def _data_files(where: str, folder: Path, root: Path) -> tuple[list[str], list[Message]]:
    """The data files of an addition's folder (names) and the problems of its entries."""
    try:
        listed, more = guard.entries(folder)
    except OSError as exc:
        return [], [_unreadable(where, exc)]
    if more:
        return [], [_.later("{where}: holds more than {most:n} entries; an addition holds a few "
                            "CSVs and {record}: move the rest out of the data folder",
                            where=where, most=guard.MAX_ENTRIES, record=META)]
    files: list[str] = []
    problems: list[Message] = []
    for path in listed:
        label = f"{where}/{shown(path.name, quote=False)}"
        if (why := guard.link_problem(path, root)) is not None:
            problems.append(at(label, why))
        elif path.name == META or ignorable(path.name) or not path.is_file():
            continue
        elif (why := guard.name_problem(path.name)
              or guard.size_problem(path, guard.MAX_DATA_FILE_BYTES)) is not None:
            problems.append(at(label, why))
        else:
            files.append(path.name)
    return files, problems


def _addition(kind: str, folder: Path, root: Path) -> tuple[Addition | None, list[Message]]:
    """One addition's folder read, or the problems that keep it from being read."""
    where = f"{kind}/{folder.name}"
    files, problems = _data_files(where, folder, root)
    if problems:
        return None, problems
    try:
        meta = read_record(folder / META)
    except FileNotFoundError:
        return None, [_.later("{where}/{record}: missing; this folder is not an addition made "
                              "by `normbook data add {kind}` (or its record was deleted)",
                              where=where, record=META, kind=kind)]
    except (ValueError, OSError) as exc:
        return None, [_.later("{where}/{record}: unreadable ({why}); restore it or remove the "
                              "addition", where=where, record=META, why=_why(exc))]
    try:
        sha256 = record_sha256(folder, files, meta)
    except (ValueError, OSError) as exc:  # a file that grew or went since it was listed
        return None, [_.later("{where}: a data file cannot be read ({why}); restore it or "
                              "remove the addition", where=where, why=_why(exc))]
    return Addition(kind, folder.name, folder, tuple(files), meta.get("citation", ""),
                    meta.get("added_by", ""), meta.get("added_at", ""),
                    meta.get("original", ""), meta.get("sha256", ""), sha256,
                    meta.get("imported_from", "")), []


def _why(exc: Exception) -> object:
    """An exception's reason: ours as its Message, the system's as its words."""
    if isinstance(exc, OSError):
        return os_reason(exc)
    return reason(exc)


def find(kind: str, name: str) -> Addition | None:
    """The addition ``kind/name``, if the folder has it."""
    return next((a for a in scan(kind)[0] if a.name == name), None)


def put_aside(path: Path, kind: str, name: str) -> Path:
    """Move an addition's folder to ``replaced/`` (kept, never deleted); returns where.

    One change of the folder (:mod:`journal`): a reader sees the addition in place or gone,
    and an interrupted run is completed by the next command.

    Raises:
        UserDataError: it is gone already (another run took it out), or the folder cannot be
            written (nothing was changed).
    """
    from . import journal

    root = data_dir()
    try:
        with journal.Writer(root) as change:
            if not path.exists():
                raise UserDataError(_.later(
                    "{kind}/{name} is no longer in the data folder; another `normbook data` "
                    "run took it out meanwhile", kind=kind, name=name))
            step = change.step(kind, name, None)
            change.commit([step])
    except OSError as exc:
        raise UserDataError(_.later(
            "cannot take {kind}/{name} out of the data folder {folder}: {why}; nothing was "
            "changed (check that the folder is writable)", kind=kind, name=name, folder=root,
            why=os_reason(exc))) from None
    return root / step.aside


@dataclass(frozen=True)
class Pending:
    """An addition checked and ready to be written."""

    kind: str
    name: str
    files: dict[str, str]  # CSV name -> text
    citation: str
    original: str
    summary: Said  # one line for the user: what it adds, said where shown
    added_by: str = ""
    added_at: str = ""
    imported_from: str = ""
    #: an import keeps the checksum its record had, so an edit made before the export shows
    sha256_added: str = ""


def _stage(pending: Pending, base: Path) -> Path:
    """The addition written into a hidden folder beside its place; returns that folder."""
    temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{pending.name}-", dir=base))
    for name, text in pending.files.items():
        (temp / name).write_text(text, encoding="utf-8", newline="")
    meta = {
        "kind": pending.kind, "name": pending.name, "citation": pending.citation,
        "added_by": pending.added_by or _user(),
        "added_at": pending.added_at or dt.datetime.now(dt.UTC).isoformat(
            timespec="seconds").replace("+00:00", "Z"),
        "original": pending.original, "imported_from": pending.imported_from,
    }
    meta["sha256"] = pending.sha256_added or record_sha256(temp, sorted(pending.files), meta)
    (temp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return temp


def write_all(pending: list[Pending], *, replace: bool = False) -> tuple[list[Addition],
                                                                        list[Path]]:
    """Write additions all or nothing; returns them and where replaced ones were put aside.

    One change of the folder (:mod:`journal`): under the folder's lock each addition is
    staged in a hidden folder; only when all are staged is the journal written and are they
    renamed into place. A rename that fails undoes those made; an interrupted or killed run
    is completed by the next command that reads or writes the folder. A reader never sees
    half of the change.

    Raises:
        UserDataError: the folder already has one and ``replace`` is false, or it cannot be
            written (the message says which folder and why); nothing was added.
        FolderBusy: another `normbook data` run holds the folder.
    """
    from . import journal

    root = data_dir()
    if root is None:
        raise UserDataError(_.later("xlwings Lite has no user data folder; add data from the "
                                    "command line of a computer"))
    steps: list[journal.Step] = []
    try:
        with journal.Writer(root) as change:
            for p in pending:
                base = root / p.kind
                if (base / p.name).exists() and not replace:
                    raise UserDataError(_.later(
                        "the data folder already has {kind}/{name}; pass --replace to replace "
                        "it (the old one is kept aside)", kind=p.kind, name=p.name))
                base.mkdir(parents=True, exist_ok=True)
                steps.append(change.step(p.kind, p.name, _stage(p, base)))
            change.commit(steps)
    except OSError as exc:
        raise UserDataError(_.later(
            "cannot write into the data folder {folder}: {why}; nothing was added (check that "
            "the folder is writable, and that no other `normbook data` runs on it)",
            folder=root, why=os_reason(exc))) from None
    found = {(a.kind, a.name): a for kind in {p.kind for p in pending} for a in scan(kind)[0]}
    return ([found[(p.kind, p.name)] for p in pending],
            [root / s.aside for s in steps if s.aside is not None])


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def all_additions() -> dict[str, tuple[list[Addition], list[Said]]]:
    """Every kind's additions and problems."""
    return {kind: scan(kind) for kind in KINDS}


def csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    """A CSV as the shipped data writes it: UTF-8 text, LF line ends, the header first."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return out.getvalue()
