"""Exam years a user adds: check a timetable file and split it into one addition per year."""

from __future__ import annotations

from pathlib import Path

from ..i18n import Domain, Message, listed
from ..userdata.errors import UserDataError
from ..userdata.store import Pending, csv_text
from .schema import TABLES, columns
from .sources import read_path
from .validate import USER_TABLES, check_sheets, user_problems

#: The files an exam addition may hold: the tables of a year (the rules are the guide's).
FILES = frozenset(f"{t}.csv" for t in TABLES if t != "rules")

_ = Domain(__name__)


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
        problems.append(_.many_later(
            "{file}: a sheet not read: {sheets} (a sheet is read when named after a table, "
            "{tables}, or when its first row is exactly that table's header)",
            "{file}: sheets not read: {sheets} (a sheet is read when named after a table, "
            "{tables}, or when its first row is exactly that table's header)", len(ignored),
            file=path.name, sheets=listed(ignored), tables=listed(USER_TABLES)))
    if problems:
        raise UserDataError(_.many_later("{file}: {n} problem; nothing was added",
                                         "{file}: {n} problems; nothing was added",
                                         len(problems), file=path.name),
                            problems)  # each said where it is shown
    pending = []
    for _number, year_row in rows["years"]:
        year = year_row["year"]
        files = {}
        for sheet in sheets:
            typed = dict(rows[sheet.table])
            mine = [cells for number, cells in sheet.rows
                    if number in typed and typed[number]["year"] == year]
            if mine:
                files[f"{sheet.table}.csv"] = csv_text(columns(sheet.table), mine)
        periods = sum(1 for _n, r in rows["periods"] if r["year"] == year)
        projects = sum(1 for _n, r in rows.get("special_projects", ()) if r["year"] == year)
        pending.append(Pending("exams", str(year), files, year_row["source"], path.name, _.later(
            "exam timetable {year}: {periods}, {projects}; source: {source}", year=year,
            periods=_.many_later("{n} period", "{n} periods", periods),
            projects=_.many_later("{n} special project", "{n} special projects", projects),
            source=year_row["source"])))
    return pending


def shipped_conflicts(pending: list[Pending], replace: bool) -> list[Message]:
    """Exam years the shipped data has: refused unless replace (then the user's year wins)."""
    if replace:
        return []
    from .load import shipped

    have = shipped().timetables
    return [_.later("{year} is in the shipped exams data ({title}); pass --replace to use yours "
                    "instead while it is in the folder (the shipped year is not changed)",
                    year=p.name, title=have[int(p.name)].title)
            for p in pending if p.kind == "exams" and int(p.name) in have]
