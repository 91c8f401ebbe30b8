"""Chinese working days, from the State Council holiday schedules: ``chinese-calendar`` and
the years users add to their data folder (``normbook data add holidays``).

A working day is a weekday that is not a public holiday, or a weekend day the schedule makes
a make-up workday (调休). A year in the user folder is answered from it (it was added on
purpose, with its notice cited, and where chinese-calendar disagreed only with --replace);
other years from the package. A year neither knows raises CalendarOutOfRange instead of
being guessed from weekdays.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import BadArgument, shown
from ..i18n import Domain, listed
from .errors import CalendarOutOfRange

if TYPE_CHECKING:
    from ..userdata.provenance import Origin

_ = Domain(__name__)


@dataclass(frozen=True)
class YearSchedule:
    """One year of holidays and make-up workdays from the user folder."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    origin: Origin


@functools.cache
def package_years() -> tuple[int, ...]:
    """The years the installed chinese-calendar has a holiday schedule for."""
    import chinese_calendar  # imported on first use: the CLI and Excel start-up stay fast

    return tuple(sorted({d.year for d in chinese_calendar.holidays}))


@functools.lru_cache(maxsize=8)
def _user_years(fingerprint: tuple) -> dict[int, YearSchedule]:
    from ..userdata import folder, store
    from ..userdata.errors import BrokenFolder
    from .holiday_additions import read_csv

    additions, problems = store.scan("holidays")
    years: dict[int, YearSchedule] = {}
    for addition in additions:
        label = f"{addition.label}/holidays.csv"
        stray = addition.stray_files("holidays.csv")
        if stray:
            problems += stray
            continue
        by_year, found = read_csv(addition.path / "holidays.csv", label)
        problems += found
        if any(str(year) != addition.name for year in by_year):
            problems.append(_.later("{file}: holds {years}; the addition is named {name} and "
                                    "holds that year only", file=label,
                                    years=listed(sorted(by_year)),
                                    name=addition.name))
            continue
        for year, rows in by_year.items():
            years[year] = YearSchedule(
                year, frozenset(r["date"] for r in rows if r["kind"] == "holiday"),
                frozenset(r["date"] for r in rows if r["kind"] == "workday"), addition.origin())
    if problems:
        raise BrokenFolder(folder.data_dir(), "holidays", problems)
    return years


def user_years() -> dict[int, YearSchedule]:
    """The years of the user folder (cached by its files; never half of a change).

    Raises:
        BrokenFolder: a holidays addition is no longer valid.
        FolderBusy: another `normbook data` run held the folder half-changed for seconds.
    """
    from ..userdata import journal

    return journal.read_consistent("holidays", _user_years)


def supported_years() -> tuple[int, ...]:
    """Every year with a holiday schedule: chinese-calendar's and the user folder's."""
    return tuple(sorted(set(package_years()) | set(user_years())))


def _as_date(day: object) -> date:
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    raise BadArgument(_.later("expected a date, got {asked} ({kind})", asked=shown(day),
                              kind=type(day).__name__))


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China (make-up workdays included).

    Raises:
        CalendarOutOfRange: the year's holiday schedule is not in the installed package.
    """
    day = _as_date(day)
    years = user_years()
    for schedule in (years.get(day.year), years.get(day.year + 1)):
        if schedule is not None and (day in schedule.workdays or day in schedule.holidays):
            return day in schedule.workdays  # a listed day (Y's notice may list Y-1's too)
    schedule = years.get(day.year)
    if schedule is not None:
        return day.weekday() < 5
    import chinese_calendar

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
        raise BadArgument(_.later("the number of working days must be a whole number, got "
                                  "{asked}", asked=shown(n)))
    is_working_day(day)  # the start's year must be known even when n == 0
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day
