"""``normbook data add``: a user's file checked by its kind's own checks, or an exported zip
checked again addition by addition, then written by the folder layer all or nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..csv_files import control_problem
from ..errors import PYTHON, SHOWN_PATH_LIMIT, BadArgument, Spelling, shown
from ..i18n import Domain, listed
from ..userdata import archive, guard, manage
from ..userdata.errors import Later, Said, UserDataError
from ..userdata.folder import KINDS
from ..userdata.guard import has_control
from ..userdata.manage import Added
from ..userdata.store import Pending

_ = Domain(__name__)


def data_files() -> dict[str, frozenset[str]]:
    """Each kind's data file names, as its own module names them."""
    from .. import wage_additions as wages
    from ..exams import additions as exams
    from ..exams import holiday_additions as holidays

    return {"exams": exams.FILES, "wages": frozenset({wages.FILE}),
            "holidays": frozenset({holidays.FILE})}


#: The most characters of who adds (--by): a name, not a paragraph.
MAX_BY = 100
#: The longest problem shown (a holiday year that differs from chinese-calendar lists its days).
MAX_PROBLEM = 20_000


def _escaped(text: str) -> str:
    return shown(text, MAX_PROBLEM, quote=False)


def _safe(text: Said) -> Later:
    """A kind's message as it may be shown: it quotes the user's file (a header, a sheet's
    name), so its control characters are escaped, as every name Normbook echoes; said in the
    language of the place that shows it."""
    return Later(text, _escaped)


def _prepare(kind: str, path: Path, replace_: bool,
             accept_unusual: bool = False) -> tuple[list[Pending], list[Said]]:
    """The additions of ``path`` checked by ``kind``'s own checks, and notes for the user.

    Raises:
        UserDataError: every problem the kind found, escaped.
        BadArgument: the path is no file of the kind, escaped.
    """
    try:
        pending, notes = _checked(kind, path, replace_, accept_unusual)
    except UserDataError as exc:
        raise UserDataError(_safe(exc.said), [_safe(p) for p in exc.found]) from None
    except BadArgument as exc:
        raise _Escaped(exc) from None
    return pending, [_safe(n) for n in notes]


class _Escaped(BadArgument):
    """A kind's BadArgument with its control characters escaped, said where it is shown."""

    def __init__(self, error: BadArgument):
        self.error = error
        super().__init__(error.template, option=error.option, **error.facts)

    def text(self, spelling: Spelling = PYTHON) -> str:
        return _escaped(self.error.text(spelling))


def _checked(kind: str, path: Path, replace_: bool,
             accept_unusual: bool) -> tuple[list[Pending], list[Said]]:
    if kind == "exams":
        from ..exams.additions import prepare

        return prepare(path), []
    if kind == "wages":
        from ..wage_additions import prepare

        return prepare(path, accept_unusual=accept_unusual), []
    if kind == "holidays":
        from ..exams.holiday_additions import prepare

        return prepare(path, replace=replace_)
    raise BadArgument(_.later("unknown kind {kind}; use one of {kinds}", kind=shown(kind),
                              kinds=listed(KINDS)))


def _shipped_conflicts(pending: list[Pending], replace_: bool) -> list[Said]:
    from ..exams.additions import shipped_conflicts

    return shipped_conflicts(pending, replace_)


def _check_input(path: Path) -> None:
    """Refuse an input no kind's check should open: a name with control characters (echoed
    in every message), a CSV larger than the folder would take.

    Raises:
        BadArgument: naming the file and what to do.
    """
    if has_control(path.name):
        raise BadArgument(_.later("{path}: the file name holds control characters; rename the "
                                  "file and add it again", path=shown(path, SHOWN_PATH_LIMIT)))
    files = [path] if path.is_file() else [p for p in path.glob("*.csv") if p.is_file()]
    for file in files:
        if file.suffix.lower() != ".csv":
            continue  # a workbook: xlsx_guard checks it before it is opened
        if (why := guard.size_problem(file, guard.MAX_DATA_FILE_BYTES)) is not None:
            raise BadArgument(_.later("{file}: {why}", file=shown(file.name, quote=False),
                                      why=why))


def add(kind: str, path: Path | str, *, replace_: bool = False, added_by: str = "",
        accept_unusual: bool = False) -> Added:
    """Check ``path`` and add it to the user folder as one addition per year or act.

    ``path`` may also be a zip written by ``normbook data export``; then its additions of
    ``kind`` (or of every kind, for ``kind == "all"``) are checked again and added with their
    provenance.

    Raises:
        UserDataError: every problem found; nothing was added.
        BadArgument: the path or kind is not usable.
    """
    path = Path(path)
    if not path.exists():
        raise BadArgument(_.later("{path}: no such file or folder",
                                  path=shown(path, SHOWN_PATH_LIMIT, quote=False)))
    _check_input(path)
    # where the additions go first: a kind's checks read the folder too (a base salary's step
    # from the act before it) and would report the same problem less plainly
    manage.check_places(KINDS if kind == "all" else [kind])
    if path.suffix.lower() == ".zip":
        result = _add_zip(kind, path, replace_, accept_unusual)
        if added_by:
            result.notes.append(_.later("--by is not used for an export: each addition keeps "
                                        "who added it first (shown by `normbook data status`)"))
        return result
    if kind == "all":
        raise BadArgument(_.later("'all' takes a zip written by `normbook data export`; give "
                                  "the kind of the file ({kinds})", kinds=listed(KINDS)))
    if added_by and (why := control_problem(added_by) or (
            _.later("is longer than {most} characters", most=MAX_BY)
            if len(added_by) > MAX_BY else None)):
        raise BadArgument(_.later("--by {who}: {why}", who=repr(added_by[:40]), why=why))
    pending, notes = _prepare(kind, path, replace_, accept_unusual)
    if added_by:
        pending = [replace(p, added_by=added_by) for p in pending]
    return manage.write(pending, replace_, Added(notes=notes),
                        _shipped_conflicts(pending, replace_))


def _add_zip(kind: str, path: Path, replace_: bool, accept_unusual: bool = False) -> Added:
    """The additions of an export, each checked again by its kind, then written together."""
    files_of = data_files()
    members = archive.read_export(path, files_of)
    chosen = {k: v for k, v in members.items() if kind == "all" or k[0] == kind}
    label = shown(path.name, quote=False)
    if not chosen and kind == "all":
        raise UserDataError(_.later("{zip} holds no additions", zip=label))
    if not chosen:
        raise UserDataError(_.later("{zip} holds no {kind} additions", zip=label, kind=kind))
    pending: list[Pending] = []
    result = Added()
    problems: list[Said] = []
    with tempfile.TemporaryDirectory() as temp:
        for (member_kind, name), files in sorted(chosen.items()):
            where = f"{member_kind}/{name}"  # names were checked by read_export
            folder = Path(temp, member_kind, name)
            folder.mkdir(parents=True)
            try:
                meta = archive.record(files.pop(archive.META, None), where)
            except UserDataError as exc:
                problems.append(exc.said)
                continue
            if not files:
                problems.append(_.later("{where}: holds no data file", where=where))
                continue
            for file_name, data in files.items():
                (folder / file_name).write_bytes(data)
            names = files_of[member_kind]
            target = folder / next(iter(names)) if len(names) == 1 else folder
            try:
                found, notes = _prepare(member_kind, target, replace_, accept_unusual)
            except (UserDataError, BadArgument) as exc:
                # the kind's problems name files in the temporary folder: name them as the
                # addition's instead, once
                renamed = _renaming(folder, where)
                problems += [_.later("{where}: {problem}", where=where,
                                     problem=Later(p, renamed))
                             for p in getattr(exc, "found", ()) or (exc,)]
                continue
            if [p.name for p in found] != [name]:
                problems.append(_.later("{where}: holds {names}, not {name}", where=where,
                                        names=listed(p.name for p in found), name=name))
                continue
            result.notes += notes
            pending += [replace(p, citation=meta.get("citation") or p.citation,
                                original=meta.get("original") or p.original,
                                added_by=meta.get("added_by", ""),
                                added_at=meta.get("added_at", ""), imported_from=path.name,
                                sha256_added=meta.get("sha256", ""))
                        for p in found]
    if problems:
        raise UserDataError(_.many_later("{zip}: {n} problem; nothing was added",
                                         "{zip}: {n} problems; nothing was added",
                                         len(problems), zip=label), problems)
    return manage.write(pending, replace_, result, _shipped_conflicts(pending, replace_))


def _renaming(folder: Path, where: str) -> Callable[[str], str]:
    """A kind's problem with the temporary folder's path said as the addition's."""
    def renamed(text: str) -> str:
        return text.replace(f"{folder}{os.sep}", "").replace(str(folder), where)

    return renamed
