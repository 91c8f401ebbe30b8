"""Chinese working days, from the State Council holiday schedules kept by ``chinese-calendar``.

A working day is a weekday that is not a public holiday, or a weekend day the schedule makes
a make-up workday (调休). Only the years the installed package knows are answered; any other
date raises CalendarOutOfRange instead of being guessed from weekdays.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from ..errors import BadArgument
from .errors import CalendarOutOfRange


@functools.cache
def supported_years() -> tuple[int, int]:
    """First and last year the installed chinese-calendar has a holiday schedule for."""
    import chinese_calendar  # imported on first use: the CLI and Excel start-up stay fast

    years = {d.year for d in chinese_calendar.holidays}
    return min(years), max(years)


def _as_date(day: object) -> date:
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    raise BadArgument(f"expected a date, got {day!r} ({type(day).__name__})")


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China (make-up workdays included).

    Raises:
        CalendarOutOfRange: the year's holiday schedule is not in the installed package.
    """
    import chinese_calendar

    day = _as_date(day)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:
        raise CalendarOutOfRange(day, supported_years()) from exc


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start``; ``start`` itself is never counted.

    ``add_working_days(friday, 1)`` is the next working day (a make-up Saturday or Sunday if
    the schedule has one). A negative ``n`` counts backwards: the ``-n``-th working day before
    ``start``. ``n == 0`` returns ``start`` unchanged, whether or not it is a working day.

    Raises:
        CalendarOutOfRange: ``start`` or a day counted lies in a year the calendar lacks.
        BadArgument: ``start`` is not a date or ``n`` not a whole number.
    """
    day = _as_date(start)
    if isinstance(n, bool) or not isinstance(n, int):
        raise BadArgument(f"the number of working days must be a whole number, got {n!r}")
    is_working_day(day)  # the start's year must be known even when n == 0
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day
