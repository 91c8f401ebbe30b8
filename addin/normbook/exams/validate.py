"""Check exam tables cell by cell and across tables; every problem is collected, with its place.

The same checks guard the shipped data (load.py) and a user's new year (``normbook exams
check``): dates parse, each period's dates are in order, periods are numbered 1..n, windows
do not overlap, what the source wrote gives the dates recorded, and every empty date has an
irregularity saying why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from ..csv_files import control_problem
from ..i18n import Domain, Message, clauses, listed
from .dates import parse_iso, read_span
from .model import EXAM_EVENTS, SESSION_EVENTS, Irregularity, order_problems
from .schema import TABLES, YEAR_TABLES
from .sources import Problem, Sheet

_ = Domain(__name__)

Row = dict[str, object]
Rows = list[tuple[int, Row]]  # (spreadsheet row number, typed cells)

#: date column -> the as_written column that gives it, and which end of the span it is
WRITTEN = {
    "periods": {"registration_start": ("registration_as_written", 0),
                "registration_end": ("registration_as_written", 1),
                "theory": ("theory_as_written", 0),
                "practical_start": ("practical_as_written", 0),
                "practical_end": ("practical_as_written", 1)},
    "special_sessions": {"registration_start": ("registration_as_written", 0),
                         "registration_end": ("registration_as_written", 1),
                         "exam_start": ("exam_as_written", 0),
                         "exam_end": ("exam_as_written", 1)},
}
DATES = {"periods": EXAM_EVENTS, "special_sessions": SESSION_EVENTS}
KEYS = {"periods": "period", "special_sessions": "session", "special_projects": "seq",
        "sites": "seq"}
LINE_COUNTS = {"periods": 4, "special_projects": 2, "special_sessions": 2}


def _value(text: str, spec: dict) -> object:
    constraints = spec.get("constraints", {})
    if spec["type"] != "string":
        text = text.strip()
    if text == "":
        if constraints.get("required"):
            raise ValueError(_.later("empty, but this column is required"))
        return None
    if spec["type"] == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(_.later("{text} is not a whole number", text=repr(text)))
        value: object = int(text)
    elif spec["type"] == "date":
        value = parse_iso(text)
    else:
        value = text
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        raise ValueError(_.later("{text} does not match the pattern {pattern}", text=repr(text),
                                 pattern=constraints["pattern"]))
    if "enum" in constraints and text not in constraints["enum"]:
        raise ValueError(_.later("{text} is not one of {values}", text=repr(text),
                                 values=listed(constraints["enum"])))
    if "minimum" in constraints and value < constraints["minimum"]:  # type: ignore[operator]
        raise ValueError(_.later("{text} is below {minimum}", text=text,
                                 minimum=constraints["minimum"]))
    if "maximum" in constraints and value > constraints["maximum"]:  # type: ignore[operator]
        raise ValueError(_.later("{text} is above {maximum}", text=text,
                                 maximum=constraints["maximum"]))
    return value


def convert(sheet: Sheet, problems: list[Problem], bad: set | None = None) -> Rows | None:
    """Typed rows of a sheet; None when its header is unusable.

    A bad cell is reported, becomes None and is added to ``bad`` as (table, row, column), so
    later checks neither repeat it nor lose the rest of its row. A row whose key (year,
    number) is bad is left out.
    """
    fields = {f["name"]: f for f in TABLES[sheet.table]["fields"]}
    if not any(sheet.header):
        problems.append(sheet.problem(1, None, _.later(
            "the first row is empty; it must hold the column names {names}",
            names=",".join(fields))))
        return None
    missing = [c for c in fields if c not in sheet.header]
    for column in sheet.header:
        if column and column not in fields:
            problems.append(sheet.problem(1, column, _.later(
                "unknown column; the header must be {names}", names=",".join(fields))))
    if missing:
        problems.append(sheet.problem(1, None, _.many_later(
            "missing column {missing}; the header must be {names}",
            "missing columns {missing}; the header must be {names}", len(missing),
            missing=listed(missing), names=",".join(fields))))
        return None
    rows: Rows = []
    key = TABLES[sheet.table].get("primaryKey")
    for number, first in sheet.beyond_header:
        problems.append(sheet.problem(number, None, _.later(
            "a value right of the last column ({value}) that no column holds; move it into "
            "its column or take it out", value=repr(first))))
    for number, cells in sheet.rows:
        row: Row = {}
        for name, spec in fields.items():
            why = control_problem(cells.get(name, ""))
            if why:
                problems.append(sheet.problem(number, name, why))
                row[name] = None
                if bad is not None:
                    bad.add((sheet.table, number, name))
                continue
            try:
                row[name] = _value(cells.get(name, ""), spec)
            except ValueError as exc:
                problems.append(sheet.problem(number, name, said(exc)))
                row[name] = None
                if bad is not None:
                    bad.add((sheet.table, number, name))
        if all(row[c] is not None for c in key or ("year",) if c in row):
            rows.append((number, row))
    if key:
        seen: dict[tuple, int] = {}
        for number, row in rows:
            k = tuple(row[c] for c in key)
            if k in seen:
                problems.append(sheet.problem(number, key[-1], _.later(
                    "{key} is already in row {row}", key="/".join(map(str, k)),
                    row=seen[k])))
            seen.setdefault(k, number)
    return rows


def said(exc: ValueError) -> Message | str:
    """A ValueError's message with its facts when it has them (rendered where shown)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


def lines_of(row: Row) -> tuple[int, ...]:
    """The ``lines`` cell as numbers."""
    return tuple(int(x) for x in str(row.get("lines") or "").split())


def irregularity(row: Row) -> Irregularity:
    return Irregularity(row["year"], row["table"], row["key"] or "", row["field"], row["line"],
                        row["kind"], row["as_written"] or "", row["detail"])


class Checker:
    """Cross-cell and cross-table checks over typed rows; problems go to ``problems``."""

    def __init__(self, sheets: dict[str, Sheet], rows: dict[str, Rows],
                 problems: list[Problem], bad: set):
        self.sheets = sheets
        self.rows = rows
        self.problems = problems
        self.bad = bad  # (table, row, column) already reported as unreadable
        self.irregular = [irregularity(r) for _, r in rows.get("irregularities", [])]

    def report(self, table: str, row: int | None, column: str | None,
               message: Message | str) -> None:
        self.problems.append(self.sheets[table].problem(row, column, message))

    def run(self) -> None:
        for table in ("periods", "special_sessions"):
            if table in self.rows:
                self.dated(table)
        for table, key in KEYS.items():
            if table in self.rows:
                self.numbering(table, key)
        if "periods" in self.rows:
            self.windows()
        if "special_sessions" in self.rows and "periods" in self.rows:
            self.sessions_match_periods()
        if "special_projects" in self.rows:
            self.projects()
        if "sites" in self.rows:
            for number, row in self.rows["sites"]:
                if row["region"] is None and not row["note"]:
                    self.report("sites", number, "note",
                                _.later("no region: say why in `note`"))
        if "years" in self.rows:
            self.years_known()
        for table, count in LINE_COUNTS.items():
            for number, row in self.rows.get(table, []):
                got = len(lines_of(row))
                if got not in (0, count):
                    self.report(table, number, "lines", _.many_later(
                        "{n} line number; give {count} (see the column's description) or none",
                        "{n} line numbers; give {count} (see the column's description) or none",
                        got, count=count))

    def explained(self, table: str, year: int, key: int, field: str) -> bool:
        return any(i.year == year and i.covers(table, key, field) for i in self.irregular)

    def dated(self, table: str) -> None:
        """Dates in order, as written where the text is given, and every gap explained."""
        key = KEYS[table]
        for number, row in self.rows[table]:
            year = row["year"]
            for field, message in order_problems([(d, row[d]) for d in DATES[table]]):
                self.report(table, number, field, message)
            for field in DATES[table]:
                day = row[field]
                if isinstance(day, date) and day.year != year:
                    self.report(table, number, field, _.later(
                        "{day:date} is not in {year}: a timetable's dates are in its year (the "
                        "guide writes month and day only)", day=day, year=year))
            spans = {}
            for column in {c for c, _ in WRITTEN[table].values()}:
                if row[column]:
                    try:
                        spans[column] = read_span(row[column], year)
                    except ValueError as exc:
                        self.report(table, number, column, said(exc))
            for field, (column, end) in WRITTEN[table].items():
                if (table, number, field) in self.bad:
                    continue
                recorded = row[field]
                if column in spans:
                    span = spans[column]
                    written = (span.start, span.end)[end]
                    if written is None and recorded is not None:
                        self.report(table, number, field, _.later(
                            "{column} {written} names a day that does not exist ({why}); leave "
                            "the date empty and record an irregularity", column=column,
                            written=repr(row[column]), why=clauses(span.reasons)))
                    elif written is not None and recorded != written:
                        if recorded is None:
                            message = _.later("empty, but {column} {written} says {day:date}",
                                              column=column, written=repr(row[column]),
                                              day=written)
                        else:
                            message = _.later("{recorded:date}, but {column} {written} says "
                                              "{day:date}", recorded=recorded, column=column,
                                              written=repr(row[column]), day=written)
                        self.report(table, number, field, message)
                if recorded is None and not self.explained(table, year, row[key], field):
                    self.report(table, number, field, _.later(
                        "empty: fill in the date, or if the source gives no valid date record "
                        "why in irregularities.csv (`year` {year}, `table` {table}, `key` {key}, "
                        "`field` {field})", year=year, table=table, key=row[key], field=field))

    def numbering(self, table: str, key: str) -> None:
        """Rows of each year numbered 1..n in file order."""
        by_year: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for number, row in self.rows[table]:
            by_year[row["year"]].append((number, row[key]))
        for year, numbered in by_year.items():
            for expected, (number, got) in enumerate(numbered, start=1):
                if got != expected:
                    self.report(table, number, key, _.later(
                        "{year}: {column} {got} where {expected} comes next; number these "
                        "rows 1..n in order", year=year, column=key, got=got,
                        expected=expected))
                    break

    def windows(self) -> None:
        """Each period's registration opens after the previous one closed (no overlap)."""
        by_year: dict[int, Rows] = defaultdict(list)
        for number, row in self.rows["periods"]:
            by_year[row["year"]].append((number, row))
        for periods in by_year.values():
            for i, (number, row) in enumerate(periods):
                start = row["registration_start"]
                if not isinstance(start, date):
                    continue
                for _row, before in periods[:i]:
                    end = before["registration_end"]
                    if isinstance(end, date) and start <= end:
                        self.report("periods", number, "registration_start", _.later(
                            "{start:date} is not after period {period}'s registration window "
                            "(until {end:date}); windows may not overlap", start=start,
                            period=before["period"], end=end))
                        break

    def sessions_match_periods(self) -> None:
        periods = {(r["year"], r["period"]): r for _, r in self.rows["periods"]}
        pairs = {"registration_start": "registration_start",
                 "registration_end": "registration_end", "exam_start": "practical_start",
                 "exam_end": "practical_end"}
        for number, row in self.rows["special_sessions"]:
            if row["period"] is None:
                continue
            period = periods.get((row["year"], row["period"]))
            if period is None:
                self.report("special_sessions", number, "period", _.later(
                    "{year} has no period {period}", year=row["year"], period=row["period"]))
                continue
            for mine, theirs in pairs.items():
                if row[mine] != period[theirs]:
                    self.report("special_sessions", number, mine, _.later(
                        "{mine} differs from period {period}'s {column} {theirs}; fix the date "
                        "or empty the period column", mine=_day_or_empty(row[mine]),
                        period=row["period"], column=theirs,
                        theirs=_day_or_empty(period[theirs])))

    def projects(self) -> None:
        session_years = {r["year"] for _, r in self.rows.get("special_sessions", [])}
        for number, row in self.rows["special_projects"]:
            code, written = row["code"], row["code_as_written"]
            if code is None and not row["code_note"]:
                self.report("special_projects", number, "code_note",
                            _.later("no code: say why in code_note"))
            if code and written and code.replace(" ", "") != written.replace(" ", ""):
                self.report("special_projects", number, "code", _.later(
                    "{code} but code_as_written is {written}", code=repr(code),
                    written=repr(written)))
            if row["schedule"] == "merged_cell_assumed" and not self.explained(
                    "special_projects", row["year"], row["seq"], "schedule"):
                self.report("special_projects", number, "schedule", _.later(
                    "merged_cell_assumed needs an irregularity (`table` special_projects, "
                    "`field` schedule) whose `key` covers {seq}", seq=row["seq"]))
            if "special_sessions" in self.rows and row["year"] not in session_years:
                self.report("special_projects", number, "year", _.later(
                    "no special_sessions rows for {year}", year=row["year"]))

    def years_known(self) -> None:
        years = {r["year"] for _, r in self.rows["years"]}
        for table in YEAR_TABLES:
            for number, row in self.rows.get(table, []):
                if row["year"] not in years:
                    self.report(table, number, "year", _.later(
                        "{year} is not in years.csv; add a row for it there", year=row["year"]))
        with_periods = {r["year"] for _, r in self.rows.get("periods", [])}
        if "periods" in self.rows:
            for number, row in self.rows["years"]:
                if row["year"] not in with_periods:
                    self.report("years", number, "year",
                                _.later("{year} has no periods", year=row["year"]))


def _day_or_empty(day: object) -> Message:
    """A date the reader's way, or the word for no date."""
    return _.later("{day:date}", day=day) if isinstance(day, date) else _.later("empty")


def check_sheets(sheets: list[Sheet]) -> tuple[dict[str, Rows], list[Problem]]:
    """Typed rows of every sheet and every problem found in them."""
    problems: list[Problem] = []
    by_table: dict[str, Sheet] = {}
    rows: dict[str, Rows] = {}
    bad: set = set()
    for sheet in sheets:
        if sheet.table in by_table:
            problems.append(sheet.problem(None, None, _.later(
                "a second {table} table (the first is {first})", table=sheet.table,
                first=by_table[sheet.table].label)))
            continue
        by_table[sheet.table] = sheet
        typed = convert(sheet, problems, bad)
        if typed is not None:
            rows[sheet.table] = typed
    Checker(by_table, rows, problems, bad).run()
    order = {label: i for i, label in enumerate(s.label for s in sheets)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.row or 0))
    return rows, problems


#: Tables a user's exam year may hold; the rules are the guide's, shipped, and not per year.
USER_TABLES = tuple(t for t in TABLES if t != "rules")
_URL_OR_FILE = re.compile(r"https?://\S+|\S+\.(?:pdf|docx?|xlsx?|txt|html?)\b", re.IGNORECASE)


def source_problem(source: str) -> str | None:
    """:func:`source_message` in the current language."""
    message = source_message(source)
    return None if message is None else message.render()


def source_message(source: str) -> Message | None:
    """Why a user year's ``source`` does not name its document, or None when it does.

    The shipped year names its text file, which is in the repository; a user's year must name
    the document itself: its title, issuer and date (a URL or file name only in addition).
    """
    words = _URL_OR_FILE.sub(" ", source or "")
    if len(re.sub(r"\s", "", words)) >= 10 and re.search(r"(19|20|21)[0-9]{2}", words):
        return None
    return _.later("{source} does not name the document; give its title, issuer and date "
                   "(e.g. '浙江省市场监督管理局《2025年计量专业项目考核时间表》, 2024-12-20'), "
                   "and a URL or file name if there is one", source=repr(source))


def user_problems(rows: dict[str, Rows], sheets: dict[str, Sheet]) -> list[Problem]:
    """What a user's exam year must give beyond the shipped data's checks."""
    problems = []
    for table in sheets:
        if table not in USER_TABLES:
            problems.append(sheets[table].problem(None, None, _.later(
                "{table} is not for user data: the rules are the guide's and ship with "
                "Normbook; leave this table out", table=table)))
    books = {s.label.split(", sheet ")[0] for s in sheets.values() if s.spreadsheet}
    for table in ("years", "periods"):
        if table not in sheets:
            where = f"{next(iter(books))}, sheet {table}" if books else f"{table}.csv"
            problems.append(Problem(where, None, None, _.later(
                "missing: a year needs its years row and its periods (a sheet or CSV named "
                "after the table)")))
    for number, row in rows.get("years", ()):
        why = source_message(row["source"] or "")
        if why:
            problems.append(sheets["years"].problem(number, "source", why))
    return problems
