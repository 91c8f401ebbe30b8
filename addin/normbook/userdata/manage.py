"""Write, remove and export additions: everything checked first, then written all or nothing.

Each kind checks its own files (``exams.additions``, ``wage_additions``,
``exams.holiday_additions``); ``normbook.reference_data`` adds any kind through :func:`write`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadArgument, shown
from ..i18n import Domain, listed
from . import store
from .archive import ZIP_ROOT
from .errors import Said, UserDataError
from .folder import KINDS, data_dir
from .store import Addition, Pending

_ = Domain(__name__)


@dataclass
class Added:
    """What an add did: the additions written, what was put aside, notes for the user."""

    additions: list[Addition] = field(default_factory=list)
    aside: list[Path] = field(default_factory=list)
    summaries: list[Said] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)


def check_places(kinds: set[str] | list[str] | tuple[str, ...]) -> None:
    """Refuse to add when the places additions of ``kinds`` go cannot take them.

    Raises:
        UserDataError: the data folder, a kind's folder or ``replaced/`` is a file, a broken
            link or a link out of the folder (one line when it is one problem).
    """
    places = store.write_problems(kinds)
    if len(places) == 1:
        raise UserDataError(places[0])
    if places:
        raise UserDataError(_.many_later("the data folder has {n} problem; nothing was added",
                                         "the data folder has {n} problems; nothing was added",
                                         len(places)), places)


def write(pending: list[Pending], replace_: bool, result: Added,
          problems: list[Said] | tuple[Said, ...] = ()) -> Added:
    """Write additions each kind has checked, all or nothing; returns ``result`` with them.

    Args:
        pending: the additions, checked by their kind.
        replace_: replace additions of the same kind and name (kept aside).
        result: what the add did so far (notes), completed here.
        problems: what the kinds found about the additions as a whole (a shipped year).

    Raises:
        UserDataError: the folder cannot take them (the places they go are broken links or
            files), or an addition is there already, given twice, or one of ``problems``;
            nothing was added.
    """
    check_places({p.kind for p in pending})
    problems = list(problems)
    names = [(p.kind, p.name) for p in pending]
    problems += [_.later("{kind}/{name} is given twice", kind=k, name=n)
                 for k, n in dict.fromkeys(names) if names.count((k, n)) > 1]
    if not replace_:
        have = {kind: {a.name for a in store.scan(kind)[0]} for kind, _name in names}
        problems += [_.later("the data folder already has {kind}/{name} ({summary}); pass "
                             "--replace to replace it (the old one is kept aside)",
                             kind=p.kind, name=p.name, summary=p.summary)
                     for p in pending if p.name in have[p.kind]]
    if problems:
        raise UserDataError(_.many_later("{n} problem; nothing was added",
                                         "{n} problems; nothing was added", len(problems)),
                            problems)
    written, aside = store.write_all(pending, replace=replace_)
    result.additions += written
    result.summaries += [p.summary for p in pending]
    result.aside += aside
    return result


def remove(kind: str, name: str) -> Path:
    """Take an addition out of use; it is kept in ``replaced/`` (returned), never deleted.

    One change of the folder: a reader sees the addition in place or gone, never half-way.

    Raises:
        UserDataError: no such addition (the message lists those there are).
    """
    if kind not in KINDS:
        raise BadArgument(_.later("unknown kind {kind}; use one of {kinds}", kind=shown(kind),
                                  kinds=listed(KINDS)))
    from .journal import recover_and_warn

    recover_and_warn()  # an interrupted run's change first, so the folder is whole to look in
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
        have = [a.name for a in store.scan(kind)[0]]
        if not have:
            raise UserDataError(_.later("the data folder has no {kind} addition {name}; it has: "
                                        "none", kind=kind, name=shown(name)))
        raise UserDataError(_.later("the data folder has no {kind} addition {name}; it has: "
                                    "{have}", kind=kind, name=shown(name), have=listed(have)))
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

    Only what the folder layer sees is checked here (records, stray files, links, sizes); the
    kinds' own checks run before, in ``normbook.reference_data.export``.

    Raises:
        UserDataError: the folder has a problem (fix it first: an export is checked data).
        OutputExists: ``output`` exists and ``force`` is false.
    """
    from ..outputs import save_atomic

    count = 0
    for kind in KINDS:
        additions, problems = store.scan(kind)
        if problems:
            raise UserDataError(_.later("the {kind} data of the folder has problems; fix them "
                                        "first", kind=kind), problems)
        count += len(additions)
    if count == 0:
        raise UserDataError(_.later("the data folder {folder} has no additions to export",
                                    folder=data_dir()))
    data = export_bytes()
    written = save_atomic(lambda temp: Path(temp).write_bytes(data), output, suffix=".zip",
                          force=force)
    return written, count
