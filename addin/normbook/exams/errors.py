"""Errors of the exams API; each is a NormError with the matching builtin and Excel code."""

from __future__ import annotations

from datetime import date

from ..errors import NormError, NotInSource, shown
from ..errors import OutputExists as OutputExists  # re-exported: one error for every command
from ..i18n import Domain, Message, listed

_ = Domain(__name__)


class UnknownYear(NormError, LookupError):
    """No timetable for that year in the data."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[int, ...]):
        self.asked = asked
        self.known = known
        if not known:
            super().__init__(_.later(
                "no exam timetable for year {asked}; the data has none. Add a published year "
                "with `normbook data add exams FILE.xlsx` (see norms/exams/README.md)",
                asked=shown(asked)))
            return
        super().__init__(_.later(
            "no exam timetable for year {asked}; the data has {known}. Add a published year "
            "with `normbook data add exams FILE.xlsx` (see norms/exams/README.md)",
            asked=shown(asked), known=listed(known)))


class UnknownPeriod(NormError, LookupError):
    """The year has no regular period of that number."""

    excel_code = "#N/A"

    def __init__(self, asked: object, year: int, known: tuple[int, ...]):
        self.asked = asked
        self.year = year
        self.known = known
        if not known:
            super().__init__(_.later("the {year} timetable has no period {asked}; it has no "
                                     "periods", year=year, asked=shown(asked)))
            return
        super().__init__(_.later("the {year} timetable has no period {asked}; its periods are "
                                 "{first}..{last}", year=year, asked=shown(asked),
                                 first=known[0], last=known[-1]))


class UnknownEvent(NormError, LookupError):
    """The event name is not one of EXAM_EVENTS."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(_.later("unknown {asked}; the exam dates are {known}",
                                 asked=shown(asked), known=listed(known)))


class UnknownRule(NormError, LookupError):
    """No rule with that id."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(_.later("unknown rule {asked}; the guide's rules are {known}",
                                 asked=shown(asked), known=listed(known)))


class DateNotInSource(NotInSource):
    """The source gives no valid date for what was asked (e.g. a day that does not exist)."""


class CalendarOutOfRange(NormError, LookupError):
    """The holiday calendar has no State Council schedule for that year, so nothing is guessed."""

    excel_code = "#N/A"

    def __init__(self, day: date, supported: tuple[int, ...]):
        self.day = day
        self.supported = supported
        super().__init__(_.later(
            "no Chinese working-day calendar for {day:date}: the State Council holiday schedules "
            "known here are those of {years}. Once the year's schedule is published, add it "
            "(normbook data add holidays FILE.csv) or upgrade chinese-calendar (pip install -U "
            "chinesecalendar)", day=day,
            years=_spans(supported) if supported else _.later("none")))


def _spans(years: tuple[int, ...]) -> Message:
    """2004..2026, 2028 for (2004, ..., 2026, 2028), listed the reader's way."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return listed(f"{a}..{b}" if a != b else str(a) for a, b in spans)
