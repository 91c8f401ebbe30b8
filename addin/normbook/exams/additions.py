"""Exam years a user adds: check a timetable file and split it into one addition per year."""

from __future__ import annotations

from pathlib import Path

from ..userdata.errors import UserDataError
from ..userdata.store import Pending, csv_text
from .schema import TABLES, columns
from .sources import read_path
from .validate import USER_TABLES, check_sheets, user_problems

#: The files an exam addition may hold: the tables of a year (the rules are the guide's).
FILES = frozenset(f"{t}.csv" for t in TABLES if t != "rules")


def prepare(path: Path) -> list[Pending]:
    """The years of ``path`` (a folder of CSVs, a .csv or an .xlsx), each checked.

    Runs every check the shipped data passes (``normbook exams check``) and what user data
    must also give (a years row naming its document, periods, no rules).

    Raises:
        UserDataError: every problem, each with its file, sheet, row and column.
        BadArgument: the path is not a folder, CSV or workbook of exam tables.
    """
    sheets, problems, ignored = read_path(path)
    rows, found = check_sheets(sheets)
    by_table = {s.table: s for s in sheets}
    problems = problems + found + user_problems(rows, by_table)
    if problems and ignored:  # a table missing may be a sheet misnamed: say which were skipped
        problems.append(f"{path.name}: sheet(s) not read: {', '.join(ignored)} (a sheet is "
                        f"read when named after a table, {', '.join(USER_TABLES)}, or when its "
                        "first row is exactly that table's header)")
    if problems:
        raise UserDataError(f"{path.name}: {len(problems)} problem(s); nothing was added",
                            [str(p) for p in problems])
    pending = []
    for _, year_row in rows["years"]:
        year = year_row["year"]
        files = {}
        for sheet in sheets:
            typed = dict(rows[sheet.table])
            mine = [cells for number, cells in sheet.rows
                    if number in typed and typed[number]["year"] == year]
            if mine:
                files[f"{sheet.table}.csv"] = csv_text(columns(sheet.table), mine)
        periods = sum(1 for _, r in rows["periods"] if r["year"] == year)
        projects = sum(1 for _, r in rows.get("special_projects", ()) if r["year"] == year)
        pending.append(Pending("exams", str(year), files, year_row["source"], path.name,
                               f"exam timetable {year}: {periods} period(s), {projects} special "
                               f"project(s); source: {year_row['source']}"))
    return pending


def shipped_conflicts(pending: list[Pending], replace: bool) -> list[str]:
    """Exam years the shipped data has: refused unless replace (then the user's year wins)."""
    if replace:
        return []
    from .load import shipped

    have = shipped().timetables
    return [f"{p.name} is in the shipped exams data ({have[int(p.name)].title}); pass "
            "--replace to use yours instead while it is in the folder (the shipped year is "
            "not changed)" for p in pending if p.kind == "exams" and int(p.name) in have]
