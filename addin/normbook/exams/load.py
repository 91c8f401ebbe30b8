"""Load the exam tables, validate them and build the timetables; cached, immutable."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import _resources
from ..errors import BadArgument, DataError
from ..i18n import Domain, listed
from ..userdata import folder, provenance, store
from ..userdata.errors import BrokenFolder
from ..userdata.provenance import Origin
from ..userdata.store import Addition
from .model import Period, Rule, Site, SpecialProject, SpecialSession, Timetable
from .schema import TABLES
from .sources import Problem, Sheet, read_folder, read_path
from .validate import Rows, check_sheets, irregularity, lines_of, said, user_problems

_ = Domain(__name__)


@dataclass(frozen=True)
class ExamData:
    """Every year's timetable and the guide's rules."""

    timetables: MappingProxyType  # year -> Timetable, years ascending
    rules: tuple[Rule, ...]
    rules_by_id: MappingProxyType  # id -> Rule


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` read and what it found wrong."""

    tables: dict[str, int]  # table -> rows read
    problems: list[Problem]
    ignored: list[str] = field(default_factory=list)  # workbook sheets that are no table

    @property
    def ok(self) -> bool:
        return not self.problems


def exams_dir() -> Any:
    """The exams data package shipped inside the wheel (norms/exams)."""
    return _resources.norms_dir().joinpath("exams")


def _period(row: dict) -> Period:
    return Period(row["year"], row["period"], row["label"], row["registration_start"],
                  row["registration_end"], row["theory"], row["practical_start"],
                  row["practical_end"], row["registration_as_written"] or "",
                  row["theory_as_written"] or "", row["practical_as_written"] or "",
                  lines_of(row))


def _session(row: dict) -> SpecialSession:
    return SpecialSession(row["year"], row["session"], row["registration_start"],
                          row["registration_end"], row["exam_start"], row["exam_end"],
                          row["registration_as_written"] or "", row["exam_as_written"] or "",
                          row["period"], lines_of(row))


def _build(rows: dict[str, Rows], sheets: dict[str, Sheet], problems: list[Problem],
           origin: Origin | None = None) -> ExamData:
    by_year: dict[str, dict[int, list]] = {t: defaultdict(list) for t in TABLES}

    def make(table: str, factory) -> None:
        for number, row in rows.get(table, ()):
            try:
                record = factory(row)
            except (DataError, ValueError) as exc:
                problems.append(sheets[table].problem(number, None, said(exc)))
                continue
            by_year[table][row.get("year")].append(record)

    make("periods", _period)
    make("special_sessions", _session)
    make("sites", lambda r: Site(r["year"], r["seq"], r["site"], r["region"], r["kind"],
                                 r["note"] or "", r["line"]))
    make("irregularities", irregularity)
    sessions = by_year["special_sessions"]
    make("special_projects", lambda r: SpecialProject(
        r["year"], r["seq"], r["name"], r["code"], r["code_as_written"] or "",
        r["code_note"] or "", r["schedule"], tuple(sessions[r["year"]]), lines_of(r)))
    rules = tuple(Rule(r["id"], r["section"], r["value"], r["unit"] or "", r["text"],
                       r["summary"], r["line"]) for _n, r in rows.get("rules", ()))
    timetables = {}
    for _n, y in sorted(rows.get("years", ()), key=lambda item: item[1]["year"]):
        year = y["year"]
        timetables[year] = Timetable(
            year, y["title"], y["source"], y["title_line"], y["special_note"] or "",
            y["special_note_line"], y["revised"], tuple(by_year["periods"][year]),
            tuple(by_year["special_projects"][year]), tuple(sessions[year]),
            tuple(by_year["sites"][year]), tuple(by_year["irregularities"][year]), origin)
    return ExamData(MappingProxyType(timetables), rules,
                    MappingProxyType({r.id: r for r in rules}))


def load(source: Any = None, origin: Origin | None = None) -> ExamData:
    """Read, validate and build an exams data package (default: the shipped one).

    Raises:
        ExceptionGroup: of DataError, one per problem, all found in one pass.
    """
    if source is None:
        source, origin = exams_dir(), provenance.shipped("exams")
    sheets = read_folder(source)
    rows, problems = check_sheets(sheets)
    by_table = {s.table: s for s in sheets}
    for table in TABLES:
        if table not in by_table:
            problems.append(Problem(f"{table}.csv", None, None,
                                    _.later("missing from the data package")))
    if not problems:
        data = _build(rows, by_table, problems, origin)
    if problems:
        # an ExceptionGroup's message is a str: said in the current language; each problem
        # keeps its facts (a DataError of the Problem, said where shown)
        raise ExceptionGroup(_.many("the exams data has {n} problem",
                                    "the exams data has {n} problems", len(problems)),
                             [DataError(p) for p in problems])
    return data


@functools.cache
def shipped() -> ExamData:
    """The shipped exams data, loaded once."""
    return load()


def load_addition(addition: Addition) -> tuple[dict[int, Timetable], list[str]]:
    """The timetables of one user addition, checked as strictly as the shipped data.

    The same readers and checks as the shipped package, plus what user data must also give
    (validate.user_problems); problems name the file inside the data folder.
    """
    sheets = read_folder(addition.path, label_prefix=f"{addition.label}/")
    rows, problems = check_sheets(sheets)
    by_table = {s.table: s for s in sheets}
    problems += user_problems(rows, by_table)
    known = {f"{t}.csv" for t in TABLES}
    problems += [Problem(f"{addition.label}/{name}", None, None, _.later(
                         "not one of the exam tables ({tables}); move it out of the data folder",
                         tables=listed(sorted(known))))
                 for name in addition.files if name not in known]
    for _n, row in rows.get("years", ()):
        if str(row["year"]) != addition.name:
            problems.append(Problem(f"{addition.label}/years.csv", None, "year", _.later(
                "{year} in the addition named {name}; an addition holds one year, the one it is "
                "named after", year=row["year"], name=addition.name)))
    if problems:
        return {}, list(problems)  # each said where it is shown
    built = _build(rows, by_table, problems, addition.origin())
    return dict(built.timetables), list(problems)


@functools.lru_cache(maxsize=8)
def _merged(fingerprint: tuple) -> ExamData:
    base = shipped()
    additions, problems = store.scan("exams")
    timetables = dict(base.timetables)
    for addition in additions:
        try:
            found, found_problems = load_addition(addition)
        except BadArgument as exc:  # a file edited by hand into something unreadable
            found, found_problems = {}, [exc]  # said where it is shown
        problems += found_problems
        timetables.update(found)  # a user year replaces the shipped one (added with --replace)
    if problems:
        raise BrokenFolder(folder.data_dir(), "exams", problems)
    ordered = {year: timetables[year] for year in sorted(timetables)}
    return ExamData(MappingProxyType(ordered), base.rules, base.rules_by_id)


def dataset() -> ExamData:
    """The exams data: the shipped edition and the years of the user data folder.

    Cached by the folder's files, so a year added while Excel runs is seen at the next call;
    never read from half of a change another run is making (:mod:`userdata.journal`).

    Raises:
        BrokenFolder: a user addition is no longer valid (edited by hand); nothing is skipped.
        FolderBusy: another `normbook data` run held the folder half-changed for seconds.
    """
    from ..userdata import journal

    return journal.read_consistent("exams", _merged)


def check(path: Path) -> CheckReport:
    """Validate a user's folder of CSVs, one CSV or an XLSX workbook; never raises on bad data.

    Tables may be given alone (e.g. only periods.csv for a new year); checks that need another
    table (irregularities for an empty date, periods for a special session) use what is there.

    Raises:
        BadArgument: the path is not a folder, CSV or workbook holding an exam table.
    """
    sheets, problems, ignored = read_path(path)
    _, found = check_sheets(sheets)
    return CheckReport({s.table: len(s.rows) for s in sheets}, problems + found, ignored)
