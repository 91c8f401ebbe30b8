"""Holiday years a user adds: check a year of Chinese public holidays and make-up workdays
(one addition per year)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from ..csv_files import header_and_rows, read_grid
from ..errors import BadArgument, shown
from ..i18n import Domain, Message
from ..userdata.errors import Said, UserDataError, joined
from ..userdata.store import Pending, csv_text

_ = Domain(__name__)

COLUMNS = ["date", "kind", "name", "citation"]
#: The one file of a holidays addition.
FILE = "holidays.csv"
KINDS = ("holiday", "workday")
#: Days off on weekdays, net of make-up workdays, in every State Council schedule (11 statutory
#: days until 2024, 13 from 2025): fewer means a festival is missing from the file.
MIN_NET_DAYS_OFF = 11
#: The days of the week, Monday first, as a sentence names them and as a list of days does.
WEEKDAYS = (_.later("Monday"), _.later("Tuesday"), _.later("Wednesday"), _.later("Thursday"),
            _.later("Friday"), _.later("Saturday"), _.later("Sunday"))
WEEKDAYS_SHORT = (_.later("Mon"), _.later("Tue"), _.later("Wed"), _.later("Thu"),
                  _.later("Fri"), _.later("Sat"), _.later("Sun"))


def check_rows(label: str, header: list[str], rows: list[tuple[int, dict[str, str]]]
               ) -> tuple[dict[int, list[dict]], list[Said]]:
    """Typed rows by year, and every problem as ``label, row N, column C: ...`` (each said
    where it is shown)."""
    problems: list[Said] = []
    if header != COLUMNS:
        return {}, [_.later("{file}, row 1: the header must be {columns}, not {header}",
                            file=label, columns=",".join(COLUMNS), header=",".join(header))]
    by_year: dict[int, list[dict]] = defaultdict(list)
    seen: dict[dt.date, int] = {}
    for number, cells in rows:
        def bad(column: str, message: Message, number: int = number) -> None:
            problems.append(_.later("{file}, row {row}, column {column}: {message}",
                                    file=label, row=number, column=column, message=message))

        row = {"row": number, **{c: cells.get(c, "").strip() for c in COLUMNS}}
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", row["date"]):
                raise ValueError
            day = dt.date.fromisoformat(row["date"])
        except ValueError:
            bad("date", _.later("{asked} is not a date written YYYY-MM-DD",
                                asked=shown(row["date"])))
            continue
        ok = True
        if row["kind"] not in KINDS:
            bad("kind", _.later("{asked} is not holiday or workday", asked=shown(row["kind"])))
            ok = False
        elif row["kind"] == "workday" and day.weekday() < 5:
            bad("kind", _.later("{day:date} is a {weekday}: a make-up workday (调休上班) is a "
                                "Saturday or Sunday made a working day; a weekday is one "
                                "already", day=day, weekday=WEEKDAYS[day.weekday()]))
            ok = False
        if day in seen:
            bad("date", _.later("{day:date} is already in row {row}", day=day, row=seen[day]))
            ok = False
        if not row["name"]:
            bad("name", _.later("empty: name the holiday (元旦, 春节 ...) or the make-up "
                                "workday"))
            ok = False
        if len(re.sub(r"\s", "", row["citation"])) < 10 or \
                not re.search(r"(19|20|21)[0-9]{2}", row["citation"]):
            bad("citation", _.later("{asked} does not cite the State Council notice (e.g. "
                                    "国务院办公厅关于2027年部分节假日安排的通知, "
                                    "国办发明电〔2026〕N号)", asked=shown(row["citation"])))
            ok = False
        seen.setdefault(day, number)
        if ok:
            by_year[day.year].append({**row, "date": day})
    by_year = _spill_into_next(by_year)
    for year, year_rows in by_year.items():
        off = sum(1 for r in year_rows if r["kind"] == "holiday" and r["date"].weekday() < 5)
        made_up = sum(1 for r in year_rows if r["kind"] == "workday")
        if off - made_up < MIN_NET_DAYS_OFF:
            problems.append(_.later(
                "{file}: {year} gives {holidays} and {workdays}, {net}; every State Council "
                "schedule gives at least {least} (the statutory holidays): give the whole "
                "year's schedule", file=label, year=year,
                holidays=_.many_later("{n} weekday holiday", "{n} weekday holidays", off),
                workdays=_.many_later("{n} make-up workday", "{n} make-up workdays", made_up),
                net=_.many_later("{n} day off net", "{n} days off net", off - made_up),
                least=MIN_NET_DAYS_OFF))
    return dict(by_year), problems


#: A State Council notice for year Y may begin in the last days of Y - 1 (the 2019 notice
#: gives 2018-12-30 and 31 off for New Year): such days belong to Y's schedule.
SPILL_FROM = (12, 25)
SPILL_MAX_ROWS = 7


def _spill_into_next(by_year: dict[int, list[dict]]) -> dict[int, list[dict]]:
    """Move a few late-December days into the next year's schedule when the file has it."""
    out = {y: list(rows) for y, rows in by_year.items()}
    for year in sorted(by_year):
        rows = by_year[year]
        if year + 1 in by_year and len(rows) <= SPILL_MAX_ROWS and all(
                (r["date"].month, r["date"].day) >= SPILL_FROM for r in rows):
            out[year + 1] = sorted(rows + out[year + 1], key=lambda r: r["date"])
            del out[year]
    return out


def read_csv(path: Path, label: str) -> tuple[dict[int, list[dict]], list[Said]]:
    try:
        header, rows, problems = header_and_rows(read_grid(path, label), label)
    except BadArgument as exc:
        return {}, [exc.template if isinstance(exc.template, Message) else str(exc)]
    if problems:
        return {}, list(problems)
    if not rows:
        return {}, [_.later("{file}: no rows under the header", file=label)]
    return check_rows(label, header, rows)


def is_workday(day: dt.date, holidays: set[dt.date], workdays: set[dt.date]) -> bool:
    """A working day under a schedule: a weekday not a holiday, or a make-up workday."""
    return day in workdays or (day.weekday() < 5 and day not in holidays)


def differences(year: int, rows: list[dict]) -> list[Message]:
    """Days of ``year`` on which the file and chinese-calendar disagree (empty: they agree).

    Raises:
        NotImplementedError: chinese-calendar has no schedule for the year.
    """
    import chinese_calendar

    holidays = {r["date"] for r in rows if r["kind"] == "holiday"}
    workdays = {r["date"] for r in rows if r["kind"] == "workday"}
    year_days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    spill = sorted(d for d in holidays | workdays if d.year != year)
    out = []
    for day in spill + [d for d in year_days if d.year == year]:
        mine, theirs = is_workday(day, holidays, workdays), chinese_calendar.is_workday(day)
        if mine != theirs:
            facts = {"day": day, "weekday": WEEKDAYS_SHORT[day.weekday()]}
            out.append(_.later("{day:date} ({weekday}): working day in the file, day off in "
                               "chinese-calendar", **facts) if mine else
                       _.later("{day:date} ({weekday}): day off in the file, working day in "
                               "chinese-calendar", **facts))
    return out


def prepare(path: Path, *, replace: bool = False) -> tuple[list[Pending], list[Said]]:
    """One addition per year of ``path``, and notes for the user (where chinese-calendar
    also covers a year).

    A year chinese-calendar also covers is added when the two agree; where they disagree the
    days are listed and the file is refused unless ``replace`` (then the file wins).
    """
    if path.suffix.lower() != ".csv" or not path.is_file():
        raise UserDataError(_.later("{path}: give a CSV file with the columns {columns}",
                                    path=path, columns=",".join(COLUMNS)))
    by_year, problems = read_csv(path, path.name)
    notes: list[Said] = []
    for year, rows in sorted(by_year.items()):
        try:
            differ = differences(year, rows)
        except NotImplementedError:
            continue
        if not differ:
            notes.append(_.later("{year}: chinese-calendar has this year too, and agrees on "
                                 "every day", year=year))
        elif replace:
            notes.append(_.many_later(
                "{year}: differs from chinese-calendar on {n} day; the file wins while it is in "
                "the folder: {days}", "{year}: differs from chinese-calendar on {n} days; the "
                "file wins while it is in the folder: {days}", len(differ), year=year,
                days=joined(differ)))
        else:
            problems.append(_.many_later(
                "{file}: {year} differs from chinese-calendar on {n} day: {days}. Check the "
                "State Council notice; pass --replace to make the file win",
                "{file}: {year} differs from chinese-calendar on {n} days: {days}. Check the "
                "State Council notice; pass --replace to make the file win", len(differ),
                file=path.name, year=year, days=joined(differ)))
    if problems:
        raise UserDataError(_.many_later("{file}: {n} problem; nothing was added",
                                         "{file}: {n} problems; nothing was added",
                                         len(problems), file=path.name), problems)
    pending = []
    for year, rows in sorted(by_year.items()):
        rows = sorted(rows, key=lambda r: r["date"])
        cells = [{**r, "date": r["date"].isoformat()} for r in rows]
        off = sum(1 for r in rows if r["kind"] == "holiday")
        weekdays = sum(1 for r in rows if r["kind"] == "holiday" and r["date"].weekday() < 5)
        pending.append(Pending("holidays", str(year), {"holidays.csv": csv_text(COLUMNS, cells)},
                               "; ".join(dict.fromkeys(r["citation"] for r in rows)), path.name,
                               _.later("holidays {year}: {dates}, {weekdays}; {workdays}",
                                       year=year, dates=_.many_later(
                                           "{n} holiday date", "{n} holiday dates", off),
                                       weekdays=_.many_later(
                                           "{n} of them a weekday", "{n} of them weekdays",
                                           weekdays),
                                       workdays=_.many_later(
                                           "{n} make-up workday", "{n} make-up workdays",
                                           len(rows) - off))))
    return pending, notes
