"""Holiday years a user adds: check a year of Chinese public holidays and make-up workdays
(one addition per year)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from ..csv_files import header_and_rows, read_grid
from ..errors import BadArgument
from ..userdata.errors import UserDataError
from ..userdata.store import Pending, csv_text

COLUMNS = ["date", "kind", "name", "citation"]
#: The one file of a holidays addition.
FILE = "holidays.csv"
KINDS = ("holiday", "workday")
#: Days off on weekdays, net of make-up workdays, in every State Council schedule (11 statutory
#: days until 2024, 13 from 2025): fewer means a festival is missing from the file.
MIN_NET_DAYS_OFF = 11


def check_rows(label: str, header: list[str], rows: list[tuple[int, dict[str, str]]]
               ) -> tuple[dict[int, list[dict]], list[str]]:
    """Typed rows by year, and every problem as ``label, row N, column C: ...``."""
    problems: list[str] = []
    if header != COLUMNS:
        return {}, [f"{label}, row 1: the header must be {','.join(COLUMNS)}, not "
                    f"{','.join(header)}"]
    by_year: dict[int, list[dict]] = defaultdict(list)
    seen: dict[dt.date, int] = {}
    for number, cells in rows:
        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(f"{label}, row {number}, column {column}: {message}")

        row = {"row": number, **{c: cells.get(c, "").strip() for c in COLUMNS}}
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", row["date"]):
                raise ValueError
            day = dt.date.fromisoformat(row["date"])
        except ValueError:
            bad("date", f"{row['date']!r} is not a date written YYYY-MM-DD")
            continue
        ok = True
        if row["kind"] not in KINDS:
            bad("kind", f"{row['kind']!r} is not holiday or workday")
            ok = False
        elif row["kind"] == "workday" and day.weekday() < 5:
            bad("kind", f"{day} is a {day:%A}: a make-up workday (调休上班) is a Saturday or "
                "Sunday made a working day; a weekday is one already")
            ok = False
        if day in seen:
            bad("date", f"{day} is already in row {seen[day]}")
            ok = False
        if not row["name"]:
            bad("name", "empty: name the holiday (元旦, 春节 ...) or the make-up workday")
            ok = False
        if len(re.sub(r"\s", "", row["citation"])) < 10 or \
                not re.search(r"(19|20|21)[0-9]{2}", row["citation"]):
            bad("citation", f"{row['citation']!r} does not cite the State Council notice (e.g. "
                "国务院办公厅关于2027年部分节假日安排的通知, 国办发明电〔2026〕N号)")
            ok = False
        seen.setdefault(day, number)
        if ok:
            by_year[day.year].append({**row, "date": day})
    by_year = _spill_into_next(by_year)
    for year, year_rows in by_year.items():
        off = sum(1 for r in year_rows if r["kind"] == "holiday" and r["date"].weekday() < 5)
        made_up = sum(1 for r in year_rows if r["kind"] == "workday")
        if off - made_up < MIN_NET_DAYS_OFF:
            problems.append(f"{label}: {year} gives {off} weekday holiday(s) and {made_up} "
                            f"make-up workday(s), {off - made_up} days off net; every State "
                            f"Council schedule gives at least {MIN_NET_DAYS_OFF} (the statutory "
                            "holidays): give the whole year's schedule")
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


def read_csv(path: Path, label: str) -> tuple[dict[int, list[dict]], list[str]]:
    try:
        header, rows, problems = header_and_rows(read_grid(path, label), label)
    except BadArgument as exc:
        return {}, [str(exc)]
    if problems:
        return {}, problems
    if not rows:
        return {}, [f"{label}: no rows under the header"]
    return check_rows(label, header, rows)


def is_workday(day: dt.date, holidays: set[dt.date], workdays: set[dt.date]) -> bool:
    """A working day under a schedule: a weekday not a holiday, or a make-up workday."""
    return day in workdays or (day.weekday() < 5 and day not in holidays)


def differences(year: int, rows: list[dict]) -> list[str]:
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
            out.append(f"{day} ({day:%a}): {'working day' if mine else 'day off'} in the file, "
                       f"{'working day' if theirs else 'day off'} in chinese-calendar")
    return out


def prepare(path: Path, *, replace: bool = False) -> tuple[list[Pending], list[str]]:
    """One addition per year of ``path``, and notes for the user (where chinese-calendar
    also covers a year).

    A year chinese-calendar also covers is added when the two agree; where they disagree the
    days are listed and the file is refused unless ``replace`` (then the file wins).
    """
    if path.suffix.lower() != ".csv" or not path.is_file():
        raise UserDataError(f"{path}: give a CSV file with the columns {','.join(COLUMNS)}")
    by_year, problems = read_csv(path, path.name)
    notes: list[str] = []
    for year, rows in sorted(by_year.items()):
        try:
            differ = differences(year, rows)
        except NotImplementedError:
            continue
        if not differ:
            notes.append(f"{year}: chinese-calendar has this year too, and agrees on every day")
        elif replace:
            notes.append(f"{year}: differs from chinese-calendar on {len(differ)} day(s); the "
                         "file wins while it is in the folder: " + "; ".join(differ))
        else:
            problems.append(f"{path.name}: {year} differs from chinese-calendar on "
                            f"{len(differ)} day(s): " + "; ".join(differ) + ". Check the "
                            "State Council notice; pass --replace to make the file win")
    if problems:
        raise UserDataError(f"{path.name}: {len(problems)} problem(s); nothing was added",
                            problems)
    pending = []
    for year, rows in sorted(by_year.items()):
        rows = sorted(rows, key=lambda r: r["date"])
        cells = [{**r, "date": r["date"].isoformat()} for r in rows]
        off = sum(1 for r in rows if r["kind"] == "holiday")
        weekdays = sum(1 for r in rows if r["kind"] == "holiday" and r["date"].weekday() < 5)
        pending.append(Pending("holidays", str(year), {"holidays.csv": csv_text(COLUMNS, cells)},
                               "; ".join(dict.fromkeys(r["citation"] for r in rows)), path.name,
                               f"holidays {year}: {off} holiday date(s), {weekdays} of them "
                               f"weekdays; {len(rows) - off} make-up workday(s)"))
    return pending, notes
