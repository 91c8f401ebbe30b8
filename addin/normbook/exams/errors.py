"""Errors of the exams API; each is a NormError with the matching builtin and Excel code."""

from __future__ import annotations

from ..errors import NormError, NotInSource, shown
from ..errors import OutputExists as OutputExists  # re-exported: one error for every command


class UnknownYear(NormError, LookupError):
    """No timetable for that year in the data."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[int, ...]):
        self.asked = asked
        self.known = known
        have = ", ".join(map(str, known)) or "none"
        super().__init__(
            f"no exam timetable for year {shown(asked)}; the data has {have}. Add a published "
            "year with `normbook data add exams FILE.xlsx` (see norms/exams/README.md)"
        )


class UnknownPeriod(NormError, LookupError):
    """The year has no regular period of that number."""

    excel_code = "#N/A"

    def __init__(self, asked: object, year: int, known: tuple[int, ...]):
        self.asked = asked
        self.year = year
        self.known = known
        span = f"{known[0]}..{known[-1]}" if known else "none"
        super().__init__(f"the {year} timetable has no period {shown(asked)}; its periods are "
                         f"{span}")


class UnknownEvent(NormError, LookupError):
    """The event name is not one of EXAM_EVENTS."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(f"unknown exam event {shown(asked)}; use one of {', '.join(known)}")


class UnknownRule(NormError, LookupError):
    """No rule with that id."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(f"unknown rule {shown(asked)}; the guide's rules are {', '.join(known)}")


class DateNotInSource(NotInSource):
    """The source gives no valid date for what was asked (e.g. a day that does not exist)."""


class CalendarOutOfRange(NormError, LookupError):
    """The holiday calendar has no State Council schedule for that year, so nothing is guessed."""

    excel_code = "#N/A"

    def __init__(self, day: object, supported: tuple[int, ...]):
        self.day = day
        self.supported = supported
        super().__init__(
            f"no Chinese working-day calendar for {day}: the State Council holiday schedules "
            f"known here are those of {_spans(supported)}. Once the year's schedule is "
            "published, add it (normbook data add holidays FILE.csv) or upgrade "
            "chinese-calendar (pip install -U chinesecalendar)"
        )


def _spans(years: tuple[int, ...]) -> str:
    """2004..2026, 2028 for (2004, ..., 2026, 2028)."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(f"{a}..{b}" if a != b else str(a) for a, b in spans) or "none"
