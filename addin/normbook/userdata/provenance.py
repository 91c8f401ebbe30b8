"""Where a fact came from: the edition shipped with Normbook, or one user addition.

Every record a user can add to (a timetable year, a base-salary act, a year of holidays) keeps
its :class:`Origin`, and outputs print provenance from these records, never from a parallel list.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from .. import _resources
from ..i18n import Domain, current, formats
from .errors import kind_label

_ = Domain(__name__)

#: The shipped files of each dataset whose checksum names the edition (holidays come from the
#: chinese-calendar package, named by its version instead).
SHIPPED_FILES = {"norms": "", "exams": "exams", "wages": "wages"}


@dataclass(frozen=True)
class Origin:
    """The source of a record: the shipped edition of a dataset, or a file of the user folder."""

    dataset: str  # norms, exams, wages, holidays
    shipped: bool
    name: str = ""  # the addition's name ("2025", "2026-07-01"); "" when shipped
    path: str = ""  # the addition's folder, relative to the data folder ("exams/2025")
    citation: str = ""  # the legal or official source the user cited
    added_by: str = ""
    added_at: str = ""  # ISO date-time, UTC
    sha256: str = ""  # of the data as read now; shipped: of the shipped files

    def describe(self) -> str:
        """One line for a document: what, from where, checksum; in the current language (a
        writer calls it inside its document's ``i18n.speaking`` block)."""
        dataset = kind_label(self.dataset)
        if self.shipped and self.sha256:
            return _("{dataset}: shipped with Normbook {version}, sha256 {sha}",
                     dataset=dataset, version=version(), sha=self.sha256[:12])
        if self.shipped and self.dataset == "holidays":
            return _("{dataset}: shipped with Normbook {version}, {package} (State Council "
                     "holiday schedules)", dataset=dataset, version=version(),
                     package=self.citation)
        if self.shipped:
            return _("{dataset}: shipped with Normbook {version}, {citation}", dataset=dataset,
                     version=version(), citation=self.citation)
        try:
            day = formats.date(dt.date.fromisoformat(self.added_at[:10]), current())
        except ValueError:  # a record edited by hand: said as it is
            day = self.added_at[:10]
        return _("{dataset}: {path}, added locally by {who} on {day}, not shipped with "
                 "Normbook; sha256 {sha}; source: {citation}", dataset=dataset, path=self.path,
                 who=self.added_by or _("unknown"), day=day, sha=self.sha256[:12],
                 citation=self.citation)


def version() -> str:
    """Normbook's version."""
    from .. import __version__

    return __version__


def files_sha256(entries: list[tuple[str, bytes]]) -> str:
    """One checksum over named files: each name and its bytes, in name order."""
    digest = hashlib.sha256()
    for name, data in sorted(entries):
        digest.update(name.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@functools.cache
def shipped_sha256(dataset: str) -> str:
    """The checksum of a dataset's shipped CSVs and data-package descriptor."""
    folder = _resources.norms_dir()
    sub = SHIPPED_FILES[dataset]
    if sub:
        folder = folder.joinpath(sub)
    entries = [(entry.name, entry.read_bytes()) for entry in folder.iterdir()
               if entry.is_file() and entry.name.endswith((".csv", ".json"))]
    return files_sha256(entries)


@functools.cache
def shipped(dataset: str) -> Origin:
    """The Origin of a dataset's shipped edition."""
    if dataset == "holidays":
        from importlib.metadata import version as package_version

        return Origin("holidays", True,
                      citation=f"chinese-calendar {package_version('chinesecalendar')}")
    return Origin(dataset, True, sha256=shipped_sha256(dataset))


def edition(datasets: tuple[str, ...], used: tuple[Origin, ...] = ()) -> tuple[str, ...]:
    """The data an output was made with, one line each: Normbook's version, each dataset's
    shipped edition and checksum, then every user addition used with its citation.

    Same data, same lines: nothing here depends on the time of the run. Said in the current
    language: a writer calls it inside its document's ``i18n.speaking`` block.
    """
    lines = [f"Normbook {version()}"]
    lines += [shipped(d).describe() for d in datasets]
    lines += [o.describe() for o in dict.fromkeys(used) if not o.shipped]
    return tuple(lines)
