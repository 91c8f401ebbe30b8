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
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..csv_files import control_problem
from .errors import UserDataError
from .folder import ASIDE, KINDS, data_dir
from .provenance import Origin, files_sha256

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

    def stray_files(self, expected: str, what: str) -> list[str]:
        """Problems when a one-file addition holds anything but ``expected``."""
        if self.files == (expected,):
            return []
        return [f"{self.label}: holds {', '.join(self.files) or 'nothing'}; {what} addition "
                f"holds {expected} only"]

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
    entries = [(name, (folder / name).read_bytes()) for name in files]
    provenance = json.dumps({k: meta.get(k, "") for k in CHECKED}, ensure_ascii=False,
                            sort_keys=True)
    entries.append((f"{META}#provenance", provenance.encode("utf-8")))
    return files_sha256(entries)


def _meta(path: Path) -> dict[str, str]:
    """The provenance record; ValueError naming what is wrong with it."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        raise ValueError("not a JSON object")
    for key in (*PROVENANCE, "sha256"):
        if not isinstance(meta.get(key, ""), str):
            raise ValueError(f"{key} is {meta[key]!r}, not text")
        if (why := control_problem(meta.get(key, ""))) is not None:
            raise ValueError(f"{key} {why}")
    try:
        dt.datetime.fromisoformat(meta.get("added_at", "").replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"added_at {meta.get('added_at')!r} is not a date and time") from None
    if any(c in meta.get("original", "") for c in "/\\"):
        raise ValueError(f"original {meta['original']!r} is a path, not a file name")
    return meta


def root_problem() -> str | None:
    """Why the data folder itself is unusable (a file where the folder should be), or None."""
    root = data_dir()
    if root is not None and root.exists() and not root.is_dir():
        return (f"{root} is a file, not a folder; point NORMBOOK_DATA or --data at a folder "
                "(it is created when something is added)")
    return None


def scan(kind: str) -> tuple[list[Addition], list[str]]:
    """The additions of ``kind`` in the folder, and every problem met (each naming its path)."""
    root = data_dir()
    if root is None:
        return [], []
    if (why := root_problem()) is not None:
        return [], [why]
    base = root / kind
    if base.exists() and not base.is_dir():
        return [], [f"{kind}: a file where the folder of {kind} additions belongs; move it out "
                    "of the data folder"]
    if not base.is_dir():
        return [], []
    additions, problems = [], []
    for entry in sorted(base.iterdir()):
        where = f"{kind}/{entry.name}"
        if entry.name.startswith(TEMP_PREFIX) or ignorable(entry.name):
            continue  # an addition being written right now, or a file the system made
        if not entry.is_dir():
            problems.append(f"{where}: not an addition (each is a folder made by `normbook "
                            f"data add {kind} FILE`); move the file out of the data folder and "
                            "add it with that command")
            continue
        try:
            meta = _meta(entry / META)
            files = sorted(p.name for p in entry.iterdir() if p.is_file() and p.name != META
                           and not ignorable(p.name))
            additions.append(Addition(
                kind, entry.name, entry, tuple(files), meta.get("citation", ""),
                meta.get("added_by", ""), meta.get("added_at", ""), meta.get("original", ""),
                meta.get("sha256", ""), record_sha256(entry, files, meta),
                meta.get("imported_from", "")))
        except FileNotFoundError:
            problems.append(f"{where}/{META}: missing; this folder is not an addition made by "
                            f"`normbook data add {kind}` (or its record was deleted)")
        except (ValueError, OSError) as exc:
            problems.append(f"{where}/{META}: unreadable ({exc}); restore it or remove the "
                            "addition")
    return additions, problems


def find(kind: str, name: str) -> Addition | None:
    """The addition ``kind/name``, if the folder has it."""
    return next((a for a in scan(kind)[0] if a.name == name), None)


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def put_aside(path: Path, kind: str, name: str) -> Path:
    """Move an addition's folder to ``replaced/`` (kept, never deleted); returns where."""
    root = data_dir()
    target = root / ASIDE / kind / f"{name}-{_stamp()}"
    n = 1
    while target.exists():
        n += 1
        target = root / ASIDE / kind / f"{name}-{_stamp()}-{n}"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    return target


@dataclass(frozen=True)
class Pending:
    """An addition checked and ready to be written."""

    kind: str
    name: str
    files: dict[str, str]  # CSV name -> text
    citation: str
    original: str
    summary: str  # one line for the user: what it adds
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

    Each is staged in a hidden folder first; only when all are staged are they renamed into
    place. If a rename fails, those already placed are taken back out and what they replaced
    is put back, so the folder is as it was.

    Raises:
        UserDataError: the folder already has one and ``replace`` is false, or it cannot be
            written (the message says which folder and why).
    """
    root = data_dir()
    if root is None:
        raise UserDataError("xlwings Lite has no user data folder; add data from the command "
                            "line of a computer")
    staged: list[tuple[Pending, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # (final, where its predecessor went)
    try:
        for p in pending:
            base = root / p.kind
            base.mkdir(parents=True, exist_ok=True)
            staged.append((p, _stage(p, base)))
        for p, temp in staged:
            final = root / p.kind / p.name
            if final.exists() and not replace:
                raise UserDataError(f"the data folder already has {p.kind}/{p.name}; pass "
                                    "--replace to replace it (the old one is kept aside)")
            aside = put_aside(final, p.kind, p.name) if final.exists() else None
            placed.append((final, aside))
            os.replace(temp, final)
    except OSError as exc:
        _undo(placed)
        raise UserDataError(f"cannot write into the data folder {root}: "
                            f"{exc.strerror or exc}; nothing was added (check that the folder "
                            "is writable, and that no other `normbook data` runs on it)") \
            from None
    except UserDataError:
        _undo(placed)
        raise
    finally:
        for _, temp in staged:
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)
    found = {(a.kind, a.name): a for kind in {p.kind for p in pending} for a in scan(kind)[0]}
    return [found[(p.kind, p.name)] for p in pending], [a for _, a in placed if a is not None]


def _undo(placed: list[tuple[Path, Path | None]]) -> None:
    """Take back what a failed write placed, and put back what it replaced."""
    for final, aside in reversed(placed):
        if final.exists():
            shutil.rmtree(final, ignore_errors=True)
        if aside is not None and aside.exists():
            os.replace(aside, final)


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def all_additions() -> dict[str, tuple[list[Addition], list[str]]]:
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
