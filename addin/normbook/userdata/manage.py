"""Add, remove and export additions: check everything first, then write, all or nothing."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..csv_files import control_problem
from ..errors import BadArgument
from . import store
from .errors import UserDataError
from .folder import KINDS, data_dir
from .store import Addition, Pending

#: The top folder inside an exported zip.
ZIP_ROOT = "normbook-data"
#: Zip members are small CSVs; anything larger is not an export of ours.
MAX_MEMBER_BYTES = 20_000_000


@dataclass
class Added:
    """What ``add`` did: the additions written, what was put aside, notes for the user."""

    additions: list[Addition] = field(default_factory=list)
    aside: list[Path] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _prepare(kind: str, path: Path, replace_: bool,
             accept_unusual: bool = False) -> tuple[list[Pending], list[str]]:
    if kind == "exams":
        from .add_exams import prepare

        return prepare(path), []
    if kind == "wages":
        from .add_wages import prepare

        return prepare(path, accept_unusual=accept_unusual), []
    if kind == "holidays":
        from .add_holidays import prepare

        return prepare(path, replace=replace_)
    raise BadArgument(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")


def _shipped_conflicts(pending: list[Pending], replace_: bool) -> list[str]:
    """Exam years the shipped data has: refused unless replace (then the user's year wins)."""
    if replace_:
        return []
    from ..exams.load import shipped

    have = shipped().timetables
    return [f"{p.name} is in the shipped exams data ({have[int(p.name)].title}); pass "
            "--replace to use yours instead while it is in the folder (the shipped year is "
            "not changed)" for p in pending if p.kind == "exams" and int(p.name) in have]


def _write_all(pending: list[Pending], replace_: bool, result: Added) -> Added:
    problems = _shipped_conflicts(pending, replace_)
    names = [(p.kind, p.name) for p in pending]
    problems += [f"{k}/{n} is given twice" for k, n in set(names) if names.count((k, n)) > 1]
    if not replace_:
        problems += [f"the data folder already has {p.kind}/{p.name} ({p.summary}); pass "
                     "--replace to replace it (the old one is kept aside)"
                     for p in pending if store.find(p.kind, p.name) is not None]
    if problems:
        raise UserDataError(f"{len(problems)} problem(s); nothing was added", problems)
    if (why := store.root_problem()) is not None:
        raise UserDataError(why)
    written, aside = store.write_all(pending, replace=replace_)
    result.additions += written
    result.summaries += [p.summary for p in pending]
    result.aside += aside
    return result


def add(kind: str, path: Path | str, *, replace_: bool = False, added_by: str = "",
        accept_unusual: bool = False) -> Added:
    """Check ``path`` and add it to the user folder as one addition per year or act.

    ``path`` may also be a zip written by :func:`export`; then its additions of ``kind`` (or
    of every kind, for ``kind == "all"``) are checked again and added with their provenance.

    Raises:
        UserDataError: every problem found; nothing was added.
        BadArgument: the path or kind is not usable.
    """
    path = Path(path)
    if not path.exists():
        raise BadArgument(f"{path}: no such file or folder")
    if path.suffix.lower() == ".zip":
        result = _add_zip(kind, path, replace_, accept_unusual)
        if added_by:
            result.notes.append("--by is not used for an export: each addition keeps who "
                                "added it first (shown by `normbook data status`)")
        return result
    if kind == "all":
        raise BadArgument("'all' takes a zip written by `normbook data export`; give the kind "
                          f"of the file ({', '.join(KINDS)})")
    if added_by and (why := control_problem(added_by) or (
            "is longer than 100 characters" if len(added_by) > 100 else None)):
        raise BadArgument(f"--by {added_by[:40]!r}: {why}")
    pending, notes = _prepare(kind, path, replace_, accept_unusual)
    if added_by:
        pending = [replace(p, added_by=added_by) for p in pending]
    return _write_all(pending, replace_, Added(notes=notes))


#: The one data file of each kind's additions (exams: any of its tables).
DATA_FILE = {"wages": "base_salary.csv", "holidays": "holidays.csv"}


def _members(path: Path) -> dict[tuple[str, str], dict[str, bytes]]:
    """The additions in an exported zip: (kind, name) -> file name -> bytes.

    Raises:
        UserDataError: not a zip, or a member that is not a file of an export (a path outside
            ``normbook-data/KIND/NAME/``, a name twice, an unknown file, one too large).
    """
    from ..exams.schema import TABLES

    allowed = {"exams": {f"{t}.csv" for t in TABLES if t != "rules"},
               **{k: {v} for k, v in DATA_FILE.items()}}
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserDataError(f"{path.name}: not a zip file ({exc})") from None
    found: dict[tuple[str, str], dict[str, bytes]] = {}
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            parts = PurePosixPath(info.filename).parts
            if len(parts) != 4 or parts[0] != ZIP_ROOT or parts[1] not in KINDS or \
                    any(p in ("", ".", "..") or "\\" in p for p in parts):
                raise UserDataError(f"{path.name}: {info.filename!r} is not a file of a "
                                    f"Normbook data export ({ZIP_ROOT}/KIND/NAME/FILE)")
            if parts[3] not in allowed[parts[1]] | {store.META}:
                raise UserDataError(f"{path.name}: {info.filename!r} is none of the files a "
                                    f"{parts[1]} addition holds "
                                    f"({', '.join(sorted(allowed[parts[1]]))}, {store.META})")
            if info.file_size > MAX_MEMBER_BYTES:
                raise UserDataError(f"{path.name}: {info.filename} is too large to be ours")
            files = found.setdefault((parts[1], parts[2]), {})
            if parts[3] in files:
                raise UserDataError(f"{path.name}: {info.filename} is in the zip twice; which "
                                    "one is meant cannot be told")
            files[parts[3]] = archive.read(info)
    return found


def _imported(meta_bytes: bytes | None, where: str) -> dict[str, str]:
    """An exported addition's provenance record, checked as the folder's own are."""
    if meta_bytes is None:
        raise UserDataError(f"{where}: {store.META} is missing; an export carries one per "
                            "addition")
    with tempfile.TemporaryDirectory() as temp:
        record = Path(temp, store.META)
        record.write_bytes(meta_bytes)
        try:
            return store._meta(record)
        except ValueError as exc:
            raise UserDataError(f"{where}/{store.META}: unreadable ({exc})") from None


def _add_zip(kind: str, path: Path, replace_: bool, accept_unusual: bool = False) -> Added:
    members = _members(path)
    chosen = {k: v for k, v in members.items() if kind == "all" or k[0] == kind}
    if not chosen:
        what = "" if kind == "all" else f"{kind} "
        raise UserDataError(f"{path.name} holds no {what}additions")
    pending: list[Pending] = []
    result = Added()
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as temp:
        for (member_kind, name), files in sorted(chosen.items()):
            where = f"{path.name}: {member_kind}/{name}"
            folder = Path(temp, member_kind, name)
            folder.mkdir(parents=True)
            try:
                meta = _imported(files.pop(store.META, None), where)
                if not files:
                    raise UserDataError(f"{where}: holds no data file")
                for file_name, data in files.items():
                    (folder / file_name).write_bytes(data)
                target = folder / DATA_FILE[member_kind] if member_kind in DATA_FILE \
                    else folder
                found, notes = _prepare(member_kind, target, replace_, accept_unusual)
            except (UserDataError, BadArgument) as exc:
                shown = getattr(exc, "problems", ()) or (str(exc),)
                problems += [f"{where}: {p}".replace(str(folder), f"{member_kind}/{name}")
                             for p in shown]
                continue
            if [p.name for p in found] != [name]:
                problems.append(f"{where}: holds {', '.join(p.name for p in found)}, not {name}")
                continue
            result.notes += notes
            pending += [replace(p, citation=meta.get("citation") or p.citation,
                                original=meta.get("original") or p.original,
                                added_by=meta.get("added_by", ""),
                                added_at=meta.get("added_at", ""), imported_from=path.name,
                                sha256_added=meta.get("sha256", ""))
                        for p in found]
    if problems:
        raise UserDataError(f"{path.name}: {len(problems)} problem(s); nothing was added",
                            problems)
    return _write_all(pending, replace_, result)


def remove(kind: str, name: str) -> Path:
    """Take an addition out of use; it is kept in ``replaced/`` (returned), never deleted.

    Raises:
        UserDataError: no such addition (the message lists those there are).
    """
    if kind not in KINDS:
        raise BadArgument(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    found = store.find(kind, name)
    root = data_dir()
    if found is None and root is not None and (root / kind).is_dir():
        # a folder whose addition.json was deleted or spoilt is no addition, but the error
        # that names it says to take it out this way
        broken = {p.name: p for p in (root / kind).iterdir() if p.is_dir()
                  and not p.name.startswith(store.TEMP_PREFIX)}
        if name in broken:
            return store.put_aside(broken[name], kind, name)
    if found is None:
        have = ", ".join(a.name for a in store.scan(kind)[0]) or "none"
        raise UserDataError(f"the data folder has no {kind} addition {name!r}; it has: {have}")
    return store.put_aside(found.path, kind, name)


def export_bytes() -> bytes:
    """Every addition as a zip (same folder, same bytes: fixed times, sorted names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            for addition in store.scan(kind)[0]:
                for name in sorted((*addition.files, store.META)):
                    info = zipfile.ZipInfo(f"{ZIP_ROOT}/{kind}/{addition.name}/{name}",
                                           date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, (addition.path / name).read_bytes())
    return buffer.getvalue()


def export(output: Path | str, *, force: bool = False) -> tuple[Path, int]:
    """Write the folder's additions to ``output`` (.zip); returns it and how many additions.

    Raises:
        UserDataError: the folder has a problem (fix it first: an export is checked data).
        OutputExists: ``output`` exists and ``force`` is false.
    """
    from ..outputs import save_atomic
    from .status import _load_problems

    count = 0
    for kind in KINDS:
        additions, problems = store.scan(kind)
        # the loaders' checks too: an addition edited by hand into invalid data is not exported
        problems = problems or _load_problems(kind)
        if problems:
            raise UserDataError(f"the {kind} data of the folder has problems; fix them first",
                                problems)
        count += len(additions)
    if count == 0:
        raise UserDataError(f"the data folder {data_dir()} has no additions to export")
    data = export_bytes()
    written = save_atomic(lambda temp: Path(temp).write_bytes(data), output, suffix=".zip",
                          force=force)
    return written, count
