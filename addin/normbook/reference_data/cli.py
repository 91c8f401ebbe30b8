"""``normbook data``: status, add, remove and export of the user data folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import SHOWN_PATH_LIMIT, shown
from ..i18n import Domain, listed
from ..userdata.folder import KINDS

_ = Domain(__name__)


def _path(path: object) -> str:
    """A path in what the command prints: shortened, escaped, without quotes."""
    return shown(path, SHOWN_PATH_LIMIT, quote=False)


def cmd_status(args: argparse.Namespace) -> int:
    from .status import has_problems, status, to_json, to_text

    report = status(args.year)
    sys.stdout.write(to_json(report) if args.format == "json" else to_text(report))
    return 1 if has_problems(report) else 0


def cmd_add(args: argparse.Namespace) -> int:
    from ..userdata.folder import data_dir
    from .add import add

    result = add(args.kind, Path(args.path), replace_=args.replace, added_by=args.by or "",
                 accept_unusual=args.accept_unusual)
    for summary, addition in zip(result.summaries, result.additions, strict=True):
        print(_("added {addition}: {summary}", addition=addition.label, summary=summary))
    for aside in result.aside:
        print(_("kept the replaced addition in {folder}", folder=_path(aside)))
    for note in result.notes:
        print(_("note: {note}", note=note))
    print(_("user data folder: {folder}", folder=_path(data_dir())))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..userdata.manage import remove

    kept = remove(args.kind, args.name)
    print(_("removed {kind}/{name} from use; kept in {folder}", kind=args.kind,
            name=shown(args.name, quote=False), folder=_path(kept)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    written, count = export(args.output, force=args.force)
    print(_.many("wrote {zip}: {n} addition; a colleague adds it with `normbook data add all "
                 "{name}`", "wrote {zip}: {n} additions; a colleague adds them with `normbook "
                 "data add all {name}`", count, zip=_path(written),
                 name=shown(written.name, quote=False)))
    return 0


def _year(text: str) -> int:
    """A year for --year: 2000..2100, the years the data can hold."""
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(_("{asked} is not a year from {first} to {last}",
                                           asked=shown(text), first=2000, last=2100))
    return year


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``data`` and its subcommands to the ``normbook`` parser."""
    p = sub.add_parser(
        "data", help=_("the user data folder: status, add, remove, export"),
        description=_("Reference facts users keep current themselves (exam years, base-salary "
                      "decrees, Chinese holidays), in one folder: --data DIR, else "
                      "$NORMBOOK_DATA, else the platform's user data folder."))
    data = p.add_subparsers(dest="data_command", required=True, metavar=_("SUBCOMMAND"))
    s = data.add_parser("status",
                        help=_("the data in use: shipped edition, additions, warnings"))
    s.add_argument("--year", type=_year, action="append", metavar=_("YEAR"),
                   help=_("a year to check coverage for (repeatable; default this and next "
                          "year)"))
    s.add_argument("--format", choices=("text", "json"), default="text",
                   help=_("text for a person, json for a program"))
    s.set_defaults(run=cmd_status)
    s = data.add_parser("add", help=_("check a file and add it to the folder"),
                        description=_("exams: a folder of the tables' CSVs or one .xlsx (sheets "
                                      "named after the tables); wages: a CSV with the columns "
                                      "of norms/wages/base_salary.csv; holidays: a CSV "
                                      "date,kind,name,citation; all: a zip written by "
                                      "`normbook data export`."))
    s.add_argument("kind", choices=(*KINDS, "all"), help=_("the kind of data: {kinds} or all",
                                                             kinds=listed(KINDS)))
    s.add_argument("path", metavar=_("PATH"),
                   help=_("the file or folder to add (or an exported .zip)"))
    s.add_argument("--replace", action="store_true",
                   help=_("replace what the folder (or the shipped exams data) has for the "
                          "same year or date; the replaced addition is kept aside"))
    s.add_argument("--by", metavar=_("NAME"),
                   help=_("who adds it (default: the login name)"))
    s.add_argument("--accept-unusual", action="store_true",
                   help=_("wages: accept a base salary that is a cut, or more than 1.5 times "
                          "the amount in force before it, after checking it against the "
                          "decree"))
    s.set_defaults(run=cmd_add)
    s = data.add_parser("remove", help=_("take an addition out of use (it is kept aside)"))
    s.add_argument("kind", choices=KINDS, help=_("the kind of data: {kinds}",
                                                 kinds=listed(KINDS)))
    s.add_argument("name", metavar=_("NAME"),
                   help=_("its name in status: the year (2025) or date (2026-07-01)"))
    s.set_defaults(run=cmd_remove)
    s = data.add_parser("export", help=_("every addition in one zip, for a colleague"))
    s.add_argument("-o", "--output", required=True, metavar=_("FILE"),
                   help=_("the .zip to write"))
    s.add_argument("--force", action="store_true", help=_("replace an existing file"))
    s.set_defaults(run=cmd_export)
