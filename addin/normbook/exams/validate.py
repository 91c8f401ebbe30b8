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
from .dates import parse_iso, read_span
from .model import EXAM_EVENTS, SESSION_EVENTS, Irregularity, order_problems
from .schema import TABLES, YEAR_TABLES
from .sources import Problem, Sheet

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
            raise ValueError("empty, but this column is required")
        return None
    if spec["type"] == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(f"{text!r} is not a whole number")
        value: object = int(text)
    elif spec["type"] == "date":
        value = parse_iso(text)
    else:
        value = text
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        raise ValueError(f"{text!r} does not have the form {constraints['pattern']}")
    if "enum" in constraints and text not in constraints["enum"]:
        raise ValueError(f"{text!r} is not one of {', '.join(constraints['enum'])}")
    if "minimum" in constraints and value < constraints["minimum"]:  # type: ignore[operator]
        raise ValueError(f"{text} is below {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:  # type: ignore[operator]
        raise ValueError(f"{text} is above {constraints['maximum']}")
    return value


def convert(sheet: Sheet, problems: list[Problem], bad: set | None = None) -> Rows | None:
    """Typed rows of a sheet; None when its header is unusable.

    A bad cell is reported, becomes None and is added to ``bad`` as (table, row, column), so
    later checks neither repeat it nor lose the rest of its row. A row whose key (year,
    number) is bad is left out.
    """
    fields = {f["name"]: f for f in TABLES[sheet.table]["fields"]}
    if not any(sheet.header):
        problems.append(sheet.problem(1, None, "the first row is empty; it must hold the "
                                      "column names " + ",".join(fields)))
        return None
    missing = [c for c in fields if c not in sheet.header]
    for column in sheet.header:
        if column and column not in fields:
            problems.append(sheet.problem(1, column, "unknown column; the header must be "
                                          + ",".join(fields)))
    if missing:
        problems.append(sheet.problem(1, None, f"missing column(s) {', '.join(missing)}; the "
                                      f"header must be {','.join(fields)}"))
        return None
    rows: Rows = []
    key = TABLES[sheet.table].get("primaryKey")
    for number, first in sheet.beyond_header:
        problems.append(sheet.problem(number, None, f"a value right of the last column "
                                      f"({first!r}) that no column holds; move it into its "
                                      "column or delete it"))
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
                problems.append(sheet.problem(number, name, str(exc)))
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
                problems.append(sheet.problem(number, key[-1], f"{'/'.join(map(str, k))} is "
                                              f"already in row {seen[k]}"))
            seen.setdefault(k, number)
    return rows


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

    def report(self, table: str, row: int | None, column: str | None, message: str) -> None:
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
                    self.report("sites", number, "note", "no region: say why in the note")
        if "years" in self.rows:
            self.years_known()
        for table, count in LINE_COUNTS.items():
            for number, row in self.rows.get(table, []):
                got = len(lines_of(row))
                if got not in (0, count):
                    self.report(table, number, "lines", f"{got} line numbers; give {count} "
                                f"(see the column's description) or none")

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
                    self.report(table, number, field, f"{day} is not in {year}: a timetable's "
                                "dates are in its year (the guide writes month and day only)")
            spans = {}
            for column in {c for c, _ in WRITTEN[table].values()}:
                if row[column]:
                    try:
                        spans[column] = read_span(row[column], year)
                    except ValueError as exc:
                        self.report(table, number, column, str(exc))
            for field, (column, end) in WRITTEN[table].items():
                if (table, number, field) in self.bad:
                    continue
                recorded = row[field]
                if column in spans:
                    span = spans[column]
                    written = (span.start, span.end)[end]
                    if written is None and recorded is not None:
                        self.report(table, number, field, f"{column} {row[column]!r} names a "
                                    f"day that does not exist ({'; '.join(span.problems)}); "
                                    "leave the date empty and record an irregularity")
                    elif written is not None and recorded != written:
                        self.report(table, number, field, f"{recorded or 'empty'}, but "
                                    f"{column} {row[column]!r} says {written}")
                if recorded is None and not self.explained(table, year, row[key], field):
                    self.report(table, number, field, "empty: fill in the date, or if the "
                                "source gives no valid date record why in irregularities.csv "
                                f"(year {year}, table {table}, key {row[key]}, field {field})")

    def numbering(self, table: str, key: str) -> None:
        """Rows of each year numbered 1..n in file order."""
        by_year: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for number, row in self.rows[table]:
            by_year[row["year"]].append((number, row[key]))
        for year, numbered in by_year.items():
            for expected, (number, got) in enumerate(numbered, start=1):
                if got != expected:
                    self.report(table, number, key, f"{year}: {key} {got} where {expected} "
                                f"comes next; number each year's rows 1..n in order")
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
                for _, before in periods[:i]:
                    end = before["registration_end"]
                    if isinstance(end, date) and start <= end:
                        self.report("periods", number, "registration_start",
                                    f"{start} is not after period {before['period']}'s "
                                    f"registration window (until {end}); windows may not "
                                    "overlap")
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
                self.report("special_sessions", number, "period",
                            f"{row['year']} has no period {row['period']}")
                continue
            for mine, theirs in pairs.items():
                if row[mine] != period[theirs]:
                    self.report("special_sessions", number, mine,
                                f"{row[mine]} differs from period {row['period']}'s {theirs} "
                                f"{period[theirs]}; fix the date or empty the period column")

    def projects(self) -> None:
        session_years = {r["year"] for _, r in self.rows.get("special_sessions", [])}
        for number, row in self.rows["special_projects"]:
            code, written = row["code"], row["code_as_written"]
            if code is None and not row["code_note"]:
                self.report("special_projects", number, "code_note",
                            "no code: say why in code_note")
            if code and written and code.replace(" ", "") != written.replace(" ", ""):
                self.report("special_projects", number, "code",
                            f"{code!r} but code_as_written is {written!r}")
            if row["schedule"] == "merged_cell_assumed" and not self.explained(
                    "special_projects", row["year"], row["seq"], "schedule"):
                self.report("special_projects", number, "schedule",
                            "merged_cell_assumed needs an irregularity (table special_projects, "
                            f"field schedule) whose key covers {row['seq']}")
            if "special_sessions" in self.rows and row["year"] not in session_years:
                self.report("special_projects", number, "year",
                            f"no special_sessions rows for {row['year']}")

    def years_known(self) -> None:
        years = {r["year"] for _, r in self.rows["years"]}
        for table in YEAR_TABLES:
            for number, row in self.rows.get(table, []):
                if row["year"] not in years:
                    self.report(table, number, "year",
                                f"{row['year']} is not in years.csv; add a row for it there")
        with_periods = {r["year"] for _, r in self.rows.get("periods", [])}
        if "periods" in self.rows:
            for number, row in self.rows["years"]:
                if row["year"] not in with_periods:
                    self.report("years", number, "year", f"{row['year']} has no periods")


def check_sheets(sheets: list[Sheet]) -> tuple[dict[str, Rows], list[Problem]]:
    """Typed rows of every sheet and every problem found in them."""
    problems: list[Problem] = []
    by_table: dict[str, Sheet] = {}
    rows: dict[str, Rows] = {}
    bad: set = set()
    for sheet in sheets:
        if sheet.table in by_table:
            problems.append(sheet.problem(None, None, f"a second {sheet.table} table (the first "
                                          f"is {by_table[sheet.table].label})"))
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
    """Why a user year's ``source`` does not name its document, or None when it does.

    The shipped year names its text file, which is in the repository; a user's year must name
    the document itself: its title, issuer and date (a URL or file name only in addition).
    """
    words = _URL_OR_FILE.sub(" ", source or "")
    if len(re.sub(r"\s", "", words)) >= 10 and re.search(r"(19|20|21)[0-9]{2}", words):
        return None
    return (f"{source!r} does not name the document; give its title, issuer and date (e.g. "
            "'浙江省市场监督管理局《2025年计量专业项目考核时间表》, 2024-12-20'), and a URL or "
            "file name if there is one")


def user_problems(rows: dict[str, Rows], sheets: dict[str, Sheet]) -> list[Problem]:
    """What a user's exam year must give beyond the shipped data's checks."""
    problems = []
    for table in sheets:
        if table not in USER_TABLES:
            problems.append(sheets[table].problem(None, None, f"{table} cannot be added: the "
                            "rules are the guide's and ship with Normbook; leave this table out"))
    books = {s.label.split(", sheet ")[0] for s in sheets.values() if s.spreadsheet}
    for table in ("years", "periods"):
        if table not in sheets:
            where = f"{next(iter(books))}, sheet {table}" if books else f"{table}.csv"
            problems.append(Problem(where, None, None, "missing: a year needs its years row "
                                    "and its periods (a sheet or CSV named after the table)"))
    for number, row in rows.get("years", ()):
        why = source_problem(row["source"] or "")
        if why:
            problems.append(sheets["years"].problem(number, "source", why))
    return problems
