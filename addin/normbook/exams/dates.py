"""Dates as the timetable writes them ("1月2日-26日") and as the data stores them (ISO)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..i18n import Domain, Message

_ = Domain(__name__)

_DASHES = "-－—–~～至"
_START = r"(?:(?P<y1>\d{4})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日"
_END = r"(?:(?P<y2>\d{4})年)?(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日"
_SPAN = re.compile(rf"{_START}(?:\s*[{_DASHES}]\s*{_END})?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Span:
    """A date or date range read from the source's text.

    ``start``/``end`` are None where the text names a day that does not exist; ``reasons``
    say why. A single date gives ``start == end``.
    """

    start: date | None
    end: date | None
    reasons: tuple[Message, ...]  # why a day is None, with their facts: said where shown

    @property
    def problems(self) -> tuple[str, ...]:
        """The reasons in the current language."""
        return tuple(r.render() for r in self.reasons)


def _day(year: int, month: int, day: int, problems: list[Message]) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            length = calendar.monthrange(year, month)[1]
            two_digits = str(month).zfill(2)
            problems.append(_.later("{month}月{day}日 does not exist ({year}-{month_2} has "
                                    "{length} days)", month=month, day=day, year=year,
                                    month_2=two_digits, length=length))
        else:
            problems.append(_.later("month {month} does not exist", month=month))
        return None


def read_span(text: str, year: int) -> Span:
    """Read "1月2日-26日", "2月26日-3月22日" or "1月31日" in ``year`` (the timetable's title).

    An end without a month takes the start's month, as the source writes it. A year written
    in the text ("2025年1月5日") wins over ``year``. Nothing is corrected: a day that does not
    exist is returned as None with the reason.

    Raises:
        ValueError: the text is not a date or date range of that shape.
    """
    match = _SPAN.fullmatch(text.strip())
    if not match:
        raise ValueError(_.later("{text} is not a date like 1月31日 or a range like 1月2日-26日",
                                 text=repr(text)))
    g = match.groupdict()
    problems: list[Message] = []
    start_year = int(g["y1"] or year)
    start = _day(start_year, int(g["m1"]), int(g["d1"]), problems)
    if g["d2"] is None:
        return Span(start, start, tuple(problems))
    end_year = int(g["y2"] or start_year)
    end = _day(end_year, int(g["m2"] or g["m1"]), int(g["d2"]), problems)
    return Span(start, end, tuple(problems))


def parse_iso(text: str) -> date:
    """An ISO date YYYY-MM-DD; anything else raises ValueError with the reason."""
    if not _ISO.fullmatch(text):
        raise ValueError(_.later("{text} is not a date written YYYY-MM-DD", text=repr(text)))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_.later("{text} is not a calendar date", text=repr(text))) from None


def short(day: date | None) -> str:
    """ISO text of a date, '' for None (how the CSVs store a date the source does not give)."""
    return day.isoformat() if day else ""
