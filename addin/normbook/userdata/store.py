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


def _data_sha256(folder: Path, files: list[str]) -> str:
    return files_sha256([(name, (folder / name).read_bytes()) for name in files])


def scan(kind: str) -> tuple[list[Addition], list[str]]:
    """The additions of ``kind`` in the folder, and every problem met (each naming its path)."""
    root = data_dir()
    if root is None or not (root / kind).is_dir():
        return [], []
    additions, problems = [], []
    for entry in sorted((root / kind).iterdir()):
        where = f"{kind}/{entry.name}"
        if entry.name.startswith(TEMP_PREFIX):
            continue  # an addition being written right now, or one a crash left half-written
        if not entry.is_dir():
            problems.append(f"{where}: not an addition (each is a folder made by `normbook "
                            f"data add {kind} FILE`); move the file out of the data folder and "
                            "add it with that command")
            continue
        meta_path = entry / META
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            files = sorted(p.name for p in entry.iterdir() if p.is_file() and p.name != META)
            if not isinstance(meta, dict):
                raise ValueError("not a JSON object")
            additions.append(Addition(
                kind, entry.name, entry, tuple(files), str(meta.get("citation", "")),
                str(meta.get("added_by", "")), str(meta.get("added_at", "")),
                str(meta.get("original", "")), str(meta.get("sha256", "")),
                _data_sha256(entry, files), str(meta.get("imported_from", ""))))
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


def write(pending: Pending, *, replace: bool = False) -> tuple[Addition, Path | None]:
    """Write an addition atomically; returns it and where a replaced one was put aside.

    Raises:
        UserDataError: the folder already has ``kind/name`` and ``replace`` is false.
    """
    root = data_dir()
    if root is None:
        raise UserDataError("xlwings Lite has no user data folder; add data from the command "
                            "line of a computer")
    base = root / pending.kind
    final = base / pending.name
    if final.exists() and not replace:
        raise UserDataError(f"the data folder already has {pending.kind}/{pending.name}; pass "
                            "--replace to replace it (the old one is kept aside)")
    base.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{pending.name}-", dir=base))
    try:
        for name, text in pending.files.items():
            (temp / name).write_text(text, encoding="utf-8", newline="")
        meta = {
            "kind": pending.kind, "name": pending.name, "citation": pending.citation,
            "added_by": pending.added_by or _user(),
            "added_at": pending.added_at or dt.datetime.now(dt.UTC).isoformat(
                timespec="seconds").replace("+00:00", "Z"),
            "original": pending.original,
            "sha256": _data_sha256(temp, sorted(pending.files)),
        }
        if pending.imported_from:
            meta["imported_from"] = pending.imported_from
        (temp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
        aside = put_aside(final, pending.kind, pending.name) if final.exists() else None
        os.replace(temp, final)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    found = find(pending.kind, pending.name)
    assert found is not None  # just written
    return found, aside


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
