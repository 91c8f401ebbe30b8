"""``normbook exams``: timetables, calendar files and checks of new data, from the command line.

One subcommand takes a year or a verb: ``exams`` lists the years, ``exams 2024`` prints the
timetable, ``exams ics 2024 -o FILE`` writes a calendar, ``exams check PATH`` checks new data.
Only argparse is imported here; the rest loads when a command runs.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

from ..errors import BadArgument, shown
from ..i18n import Domain, current, listed
from ..i18n.formats import date as written_date

_ = Domain(__name__)

#: What an option may not be given with, as the refusal names it.
LISTING = _.later("listing the years")
ICS = _.later("writing a calendar (ics)")
CHECK = _.later("checking data (check)")
TIMETABLE = _.later("the timetable")

USAGE = ("normbook exams [YEAR [--format text|json] | ics YEAR -o FILE [--force] | "
         "check PATH]")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "exams", usage=USAGE,
        help=_("Zhejiang metrology project exams: timetable, calendar file, check new data"),
        description=_("Without arguments: the years in the data. YEAR: that year's timetable. "
                      "ics YEAR -o FILE: an iCalendar file. check PATH: check a new year's "
                      "data (a folder of CSVs, one CSV or an .xlsx)."))
    p.add_argument("target", nargs="?", metavar="YEAR|ics|check")
    p.add_argument("argument", nargs="?", metavar="YEAR|PATH",
                   help=_("the year (after ics) or the path (after check)"))
    p.add_argument("--format", choices=("text", "json"), help=_("timetable format (text)"))
    p.add_argument("-o", "--output", help=_("the .ics file to write (with ics)"))
    p.add_argument("--force", action="store_true", help=_("replace an existing output file"))
    p.set_defaults(run=run)


def _year(text: str | None, usage: str) -> int:
    if text is None or not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise BadArgument(_.later("expected a year such as 2025, got {asked}; usage: {usage}",
                                  asked=shown(text), usage=usage))
    return int(text)


def _refuse(args: argparse.Namespace, mode: object, *options: str) -> None:
    given = {"--format": args.format is not None, "-o": args.output is not None,
             "--force": args.force}
    for option in options:
        if given[option]:
            raise BadArgument(_.later("{option} does not apply to {mode}; usage: {usage}",
                                      option=option, mode=mode, usage=USAGE))


def run(args: argparse.Namespace) -> int:
    if args.target is None:
        _refuse(args, LISTING, "--format", "-o", "--force")
        return list_years()
    if args.target == "ics":
        _refuse(args, ICS, "--format")
        if not args.output:
            raise BadArgument(_.later("ics needs -o FILE, e.g. normbook exams ics 2024 -o "
                                      "exams-2024.ics"))
        return write_ics(_year(args.argument, "normbook exams ics YEAR -o FILE"),
                         Path(args.output), args.force)
    if args.target == "check":
        _refuse(args, CHECK, "--format", "-o", "--force")
        if args.argument is None:
            raise BadArgument(_.later("check needs a PATH: a folder of CSVs, a .csv or an "
                                      ".xlsx"))
        return check(Path(args.argument))
    if args.argument is not None:
        raise BadArgument(_.later("unexpected {asked}; usage: {usage}",
                                  asked=shown(args.argument), usage=USAGE))
    _refuse(args, TIMETABLE, "-o", "--force")
    year = _year(args.target, USAGE)
    if args.format == "json":
        return print_json(year)
    return print_timetable(year)


def list_years() -> int:
    from .query import timetable, years

    print(_("Exam timetables in the data:"))
    for year in years():
        t = timetable(year)
        print("  " + _("{year}  {periods} periods, {projects} special projects, {sites} sites, "
                       "{irregularities} irregularities  ({source})", year=year,
                       periods=len(t.periods), projects=len(t.special_projects),
                       sites=len(t.sites), irregularities=len(t.irregularities),
                       source=t.source))
    print(_("Try: normbook exams YEAR [--format json] | normbook exams ics YEAR -o FILE | "
            "normbook exams check PATH"))
    return 0


def print_json(year: int) -> int:
    from .export import timetable_dict
    from .query import timetable

    print(json.dumps(timetable_dict(timetable(year)), ensure_ascii=False, indent=2))
    return 0


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _span(first, last) -> str:
    lang = current()

    def show(day) -> str:  # the reader's way: 2024-01-31, 31/01/2024, 2024年1月31日
        return written_date(day, lang) if day else "?"
    if first is not None and first == last:
        return show(first)
    return f"{show(first)} .. {show(last)}"


def _columns(rows: list[list[str]]) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> '2-4, 7'."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def print_timetable(year: int) -> int:
    from .query import timetable

    t = timetable(year)
    if t.title_line:
        print(_("{title} ({source}, line {line})", title=t.title, source=t.source,
                line=t.title_line) + "\n")
    else:
        print(_("{title} ({source})", title=t.title, source=t.source) + "\n")
    print(_("Regular periods (常规专业项目考试安排); ? = no valid date in the source"))
    rows = [["期数", _("报名 registration"), _("理论 theory"), _("实操 practical"),
             _("as written")]]
    for p in t.periods:
        written = ""
        if None in (p.registration_start, p.registration_end, p.theory, p.practical_start,
                    p.practical_end):
            written = (f"{p.registration_as_written} | {p.theory_as_written} | "
                       f"{p.practical_as_written}")
        rows.append([p.label, _span(p.registration_start, p.registration_end),
                     _span(p.theory, p.theory), _span(p.practical_start, p.practical_end),
                     written])
    _columns(rows)
    print("\n" + _("Special projects (特殊专业项目考试安排)"))
    rows = [["#", "规程/规范号", "项目", ""]]
    for s in t.special_projects:
        rows.append([str(s.seq), s.code or "-", s.name,
                     "" if s.code else _("no code: {written}", written=s.code_as_written)])
    _columns(rows)
    assumed = _ranges([s.seq for s in t.special_projects if s.schedule_assumed])
    if assumed:
        print("\n  " + _("Sessions (registration -> practical exam), for every special project "
                        "(rows {rows}: merged cell assumed)", rows=assumed))
    else:
        print("\n  " + _("Sessions (registration -> practical exam), for every special "
                        "project"))
    for session in t.special_sessions:
        same = "  " + _("= period {period}", period=session.period) if session.period else ""
        print(f"  {session.number}  {_span(session.registration_start, session.registration_end)}"
              f" -> {_span(session.exam_start, session.exam_end)}{same}")
    if t.special_note:
        print("  " + _("{note} (line {line})", note=t.special_note, line=t.special_note_line))
    print("\n" + _("Sites (考点)"))
    for site in t.sites:
        region = site.region or _("(not a region: {note})", note=site.note)
        print(f"  {site.site}  {region}")
    print("\n" + _("Irregularities recorded from the source ({count})",
                   count=len(t.irregularities)))
    for i in t.irregularities:
        key = f" {i.key}" if i.key else ""
        written = f" {i.as_written!r}" if i.as_written else ""
        where = f"{i.table}{key} {i.field}  {i.kind}{written}"
        print("  " + _("line {line}  {where}: {detail}", line=i.line or "-", where=where,
                       detail=i.detail))
    return 0


def write_ics(year: int, output: Path, force: bool) -> int:
    from . import ics
    from .query import timetable

    count, omitted = ics.write(timetable(year), output, force=force)
    print(_("wrote {path}: {count} events of the {year} exam timetable", path=output,
            count=count, year=year))
    for o in omitted:
        if o.start_only:
            print(_("first day only (the end is unclear) {event}", event=o))
        else:
            print(_("left out {event}", event=o))
    return 0


def check(path: Path) -> int:
    from .load import check as run_check

    report = run_check(path)
    read = [_.many_later("{table} ({n} row)", "{table} ({n} rows)", n, table=table)
            for table, n in report.tables.items()]
    if read:
        print(_("checked {path}: {tables}", path=path, tables=listed(read)))
    else:
        print(_("checked {path}: no table", path=path))
    if report.ignored:
        print(_("ignored sheets (not an exam table): {sheets}",
                sheets=listed(report.ignored)))
    for problem in report.problems:
        print(f"  {problem}")
    if report.problems:
        print(_.many("{n} problem; fix it and run the check again",
                     "{n} problems; fix them and run the check again", len(report.problems)))
        return 1
    print(_("no problems found"))
    return 0
