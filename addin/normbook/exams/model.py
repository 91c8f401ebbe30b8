"""Frozen records of the exam timetables and rules; each validates itself and raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import DataError, shown
from ..i18n import Domain, Message, clauses, listed

if TYPE_CHECKING:
    from ..userdata.provenance import Origin

_ = Domain(__name__)

#: The dated events of a regular period, in the order they happen.
EXAM_EVENTS = ("registration_start", "registration_end", "theory", "practical_start",
               "practical_end")
SESSION_EVENTS = ("registration_start", "registration_end", "exam_start", "exam_end")
#: A special project's schedule: its own date cells, or the first row's (a merged cell).
SCHEDULES = ("own", "merged_cell_assumed")
#: event -> (the period's column holding the cell as written, that cell's place in ``lines``)
_WRITTEN = {"registration_start": ("registration_as_written", 1),
            "registration_end": ("registration_as_written", 1),
            "theory": ("theory_as_written", 2),
            "practical_start": ("practical_as_written", 3),
            "practical_end": ("practical_as_written", 3)}


def order_problems(dates: list[tuple[str, date | None]]) -> list[tuple[str, Message]]:
    """(field, message) for each date earlier than the last known date before it.

    ``dates`` are in the order they must happen (ties allowed). An unknown date (None) is
    skipped, so ``a <= c`` is still checked when ``b`` between them is unknown.
    """
    problems = []
    previous: tuple[str, date] | None = None
    for name, day in dates:
        if day is None:
            continue
        if previous and day < previous[1]:
            problems.append((name, _.later(
                "{field} {day:date} is before {other} {other_day:date}", field=name, day=day,
                other=previous[0], other_day=previous[1])))
        else:
            previous = (name, day)
    return problems


def _need_order(what: Message | str, dates: list[tuple[str, date | None]]) -> None:
    problems = order_problems(dates)
    if problems:
        raise DataError(_.later("{what}: {reason}", what=what,
                                reason=clauses(message for _unused, message in problems)))


@dataclass(frozen=True, slots=True)
class Period:
    """A regular exam period: registration window, theory exam day, practical exam days.

    A date is None where the source gives none that exists; ``irregularities`` of the
    timetable say why. End dates are inclusive.
    """

    year: int
    number: int
    label: str
    registration_start: date | None
    registration_end: date | None
    theory: date | None
    practical_start: date | None
    practical_end: date | None
    registration_as_written: str = ""
    theory_as_written: str = ""
    practical_as_written: str = ""
    #: source lines of the label, registration, theory and practical cells
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        where = _.later("{year} period {number}", year=self.year, number=self.number)
        if self.number < 1:
            raise DataError(_.later("{where}: numbers start at 1", where=where))
        _need_order(where, self.events())

    def events(self) -> list[tuple[str, date | None]]:
        """(event, date) for each of EXAM_EVENTS, in order."""
        return [(name, getattr(self, name)) for name in EXAM_EVENTS]

    def as_written(self, event: str) -> tuple[str, int | None]:
        """The source's cell behind one of EXAM_EVENTS, and its line (None if not known)."""
        column, index = _WRITTEN[event]
        return getattr(self, column), self.lines[index] if len(self.lines) > index else None

    def registration_open(self, day: date) -> bool:
        """Whether ``day`` is inside the registration window (both ends included)."""
        if self.registration_start is None or self.registration_end is None:
            return False
        return self.registration_start <= day <= self.registration_end


@dataclass(frozen=True, slots=True)
class SpecialSession:
    """One registration window and exam dates of the special projects."""

    year: int
    number: int
    registration_start: date | None
    registration_end: date | None
    exam_start: date | None
    exam_end: date | None
    registration_as_written: str = ""
    exam_as_written: str = ""
    #: the regular period with the same registration window and practical dates, if any
    period: int | None = None
    #: source lines of the registration and exam lines of the cells
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _need_order(_.later("{year} special session {number}", year=self.year,
                            number=self.number),
                    [(name, getattr(self, name)) for name in SESSION_EVENTS])


@dataclass(frozen=True, slots=True)
class SpecialProject:
    """A special project with its regulation code and the sessions it is examined in.

    ``schedule_assumed`` is True where the row's own date cells are empty and the sessions
    come from the table's first row (read as a merged cell; see the irregularities).
    """

    year: int
    seq: int
    name: str
    code: str | None
    code_as_written: str
    code_note: str
    schedule: str
    sessions: tuple[SpecialSession, ...]
    #: source lines of the name and code cells
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        where = _.later("{year} special project {seq} ({name})", year=self.year,
                        seq=self.seq, name=self.name)
        if not self.name:
            raise DataError(_.later("{where}: empty name", where=where))
        if self.code is None and not self.code_note:
            raise DataError(_.later("{where}: no code and no code_note saying why",
                                    where=where))
        if self.schedule not in SCHEDULES:
            raise DataError(_.later("{where}: schedule {schedule}; use {known}", where=where,
                                    schedule=shown(self.schedule), known=listed(SCHEDULES)))

    @property
    def schedule_assumed(self) -> bool:
        return self.schedule == "merged_cell_assumed"


@dataclass(frozen=True, slots=True)
class Site:
    """An exam site; ``region`` is None where the site is not a city region."""

    year: int
    seq: int
    site: str
    region: str | None
    kind: str
    note: str
    line: int | None

    def __post_init__(self) -> None:
        if self.region is None and not self.note:
            raise DataError(_.later("{year} site {site}: no region and no note saying why",
                                    year=self.year, site=self.site))


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the guide, citing its section; ``value`` where the rule sets a number."""

    id: str
    section: str
    value: int | None
    unit: str
    text: str
    summary: str
    line: int

    def __str__(self) -> str:
        return f"{self.id} (guide {self.section}, line {self.line}): {self.text}"


@dataclass(frozen=True, slots=True)
class Irregularity:
    """Something odd in the source, recorded and shown, never fixed."""

    year: int
    table: str
    key: str
    field: str
    line: int | None
    kind: str
    as_written: str
    detail: str

    def covers(self, table: str, key: int, field: str) -> bool:
        """Whether this record explains ``field`` of row ``key`` of ``table``."""
        if self.table != table or field not in self.field.split():
            return False
        if not self.key:
            return True
        low, _, high = self.key.partition("-")
        return int(low) <= key <= int(high or low)


@dataclass(frozen=True, slots=True)
class Timetable:
    """One year's exam timetable with everything the source says about it."""

    year: int
    title: str
    source: str
    title_line: int | None
    special_note: str
    special_note_line: int | None
    revised: date
    periods: tuple[Period, ...]
    special_projects: tuple[SpecialProject, ...]
    special_sessions: tuple[SpecialSession, ...]
    sites: tuple[Site, ...]
    irregularities: tuple[Irregularity, ...]
    #: where the year comes from: the shipped edition or a user addition (None: not known,
    #: e.g. a package checked by ``normbook exams check``)
    origin: Origin | None = None

    def explain(self, table: str, key: int, field: str) -> Irregularity | None:
        """The irregularity that explains a missing value, if one is recorded."""
        return next((i for i in self.irregularities if i.covers(table, key, field)), None)

    def data_edition(self) -> tuple[str, ...]:
        """The data this timetable comes from, for outputs: Normbook's version, the shipped
        exams edition and, for a year of the user data folder, that addition and its citation."""
        from ..userdata.provenance import edition

        return edition(("exams",), (self.origin,) if self.origin is not None else ())
