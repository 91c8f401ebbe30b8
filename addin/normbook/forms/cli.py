"""``normbook form`` and ``normbook forms``: the 考核申请表 from the command line.

Exit codes: 0 every form written; 1 something asked for was not produced (an applicant or
roster row rejected, a PDF not made); 2 bad input (unreadable file, missing columns, a broken
or unsafe template, an output that exists without ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import Domain, listed

_ = Domain(__name__)

EXIT_OK, EXIT_REJECTED = 0, 1
EXIT_CODES = _.later("exit codes: 0 every form written; 1 something was not produced (a "
                     "rejected applicant or row, a PDF); 2 bad input, a broken template, or an "
                     "existing output without --force")


def register(subparsers) -> None:
    """Add the ``form`` and ``forms`` subcommands."""
    p = subparsers.add_parser(
        "form", help=_("one 考核申请表 (.docx) from an applicant .json/.yaml file"),
        description=_("Validate one applicant and write the filled 计量专业项目考核申请表. "
                      "Nothing is written for a rejected applicant."), epilog=str(EXIT_CODES))
    p.add_argument("applicant", help=_("applicant file (.json, .yaml or .yml)"))
    p.add_argument("-o", "--output", required=True, help=_("the .docx to write"))
    _common(p)
    p.set_defaults(run=cmd_form)

    p = subparsers.add_parser(
        "forms", help=_("one 考核申请表 per applicant of a roster .xlsx"),
        description=_("One row per applicant-project, grouped by ID number into one form per "
                      "applicant. Rejected rows go to rejections.xlsx/.csv in the output "
                      "folder, warnings to warnings.csv."), epilog=str(EXIT_CODES))
    p.add_argument("roster", help=_("roster workbook (.xlsx; .csv is read too)"))
    p.add_argument("-o", "--output", required=True,
                   help=_("folder for the forms and reports"))
    p.add_argument("--sheet", help=_("worksheet name (default: the first sheet)"))
    p.add_argument("--jobs", type=int,
                   help=_("worker processes (default: up to 2; at most the number of CPUs)"))
    p.add_argument("--name-pattern", metavar=_("PATTERN"), help=_name_pattern_help())
    _common(p)
    p.set_defaults(run=cmd_forms)


def _name_pattern_help() -> str:
    from .names import DEFAULT_PATTERN, fields_help

    return _("how the forms' files are named, from fields in braces (default {default}: the "
             "name and the last four characters of the ID number; two applicants alike also "
             "get their roster row). Fields: {fields}. A pattern must tell every applicant "
             "apart: it holds {{row}}, {{id}}, or {{name}} with {{id4}}",
             default=DEFAULT_PATTERN, fields=fields_help())


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int,
                   help=_("timetable year of the period and site (default: the year of "
                          "today's date, if the data has its timetable)"))
    p.add_argument("--template", type=Path,
                   help=_("your own docxtpl .docx template (rendered in a sandbox)"))
    p.add_argument("--pdf", action="store_true",
                   help=_("also write PDFs through LibreOffice (headless), if installed"))
    p.add_argument("--force", action="store_true", help=_("replace existing output files"))


def _report(problems, *, limit: int = 50) -> None:
    for problem in problems[:limit]:
        print(problem, file=sys.stderr)
    if len(problems) > limit:
        print(_("... and {more} more (see the report files)", more=len(problems) - limit),
              file=sys.stderr)


def _warn(text: str) -> None:
    from ..terminal import warn

    warn(text)


def cmd_form(args: argparse.Namespace) -> int:
    from ..outputs import refuse_inputs
    from .applicant import load_applicant
    from .batch import check_form_output, write_form
    from .exam_facts import exam_year
    from .files import refuse_existing

    output = Path(args.output)
    check_form_output(output)  # before anything is read or written
    refuse_inputs((output, output.with_suffix(".pdf")), (args.applicant, args.template))
    if args.pdf:
        refuse_existing([output.with_suffix(".pdf")], force=args.force)
    year = exam_year(args.year)  # refused before the applicant is read
    applicant = load_applicant(args.applicant)
    verdict = write_form(applicant, output, year=year, force=args.force,
                         template_path=args.template)
    _report(list(verdict.problems))
    if not verdict.ok:
        print(_.many("{applicant}: rejected ({n} error); no form written",
                     "{applicant}: rejected ({n} errors); no form written", len(verdict.errors),
                     applicant=args.applicant), file=sys.stderr)
        return EXIT_REJECTED
    print(_("wrote {path} (timetable {year})", path=output, year=year))
    if args.pdf:
        return _pdf_one(output)
    return EXIT_OK


def _pdf_one(output: Path) -> int:
    from .. import libreoffice

    if libreoffice.find_soffice() is None:
        print(_("normbook: no PDF: LibreOffice (soffice) was not found; {output} was "
                "written. {hint}", output=output, hint=libreoffice.INSTALL_HINT),
              file=sys.stderr)
        return EXIT_REJECTED
    pdf = libreoffice.convert(output, "pdf", output.parent)
    print(_("wrote {path}", path=pdf))
    return EXIT_OK


def _jobs(asked: int | None) -> int | None:
    """``--jobs``: refused below 1, capped at the CPU count with a warning."""
    from ..errors import BadArgument
    from .batch import available_cpus

    if asked is None:
        return None
    if asked < 1:
        raise BadArgument(_.later("--jobs {asked}: give 1 or more worker processes",
                                  asked=asked))
    cpus = available_cpus()
    if asked > cpus:
        _warn(_.many("--jobs {asked} is more than the {n} CPU here; using {n}",
                     "--jobs {asked} is more than the {n} CPUs here; using {n}", cpus,
                     asked=asked))
        return cpus
    return asked


def cmd_forms(args: argparse.Namespace) -> int:
    from ..outputs import refuse_inputs
    from .batch import REJECTIONS, WARNINGS, check_output_folder, write_forms
    from .exam_facts import exam_year
    from .names import name_pattern

    output = Path(args.output)
    check_output_folder(output)  # -o must be a folder: say so before reading the roster
    pattern = name_pattern(args.name_pattern)
    year = exam_year(args.year)
    # the reports are rewritten on every run: a roster fixed in last run's rejections.xlsx
    # must not be replaced by this run's report
    reports = (output / f"{REJECTIONS}.xlsx", output / f"{REJECTIONS}.csv",
               output / f"{WARNINGS}.csv")
    refuse_inputs(reports, (args.roster, args.template))
    jobs = _jobs(args.jobs)
    result = write_forms(Path(args.roster), output, sheet=args.sheet,
                         year=year, force=args.force, template_path=args.template,
                         jobs=jobs, progress=True, pdf=args.pdf, name_pattern=pattern)
    _report(result.warnings + result.rejections)
    if result.pdf_problem:
        print(_("normbook: {problem}", problem=result.pdf_problem), file=sys.stderr)
    print(result.summary())
    reports = listed(p.name for p in result.reports)
    print(_("forms and reports ({reports}) in {folder}", reports=reports, folder=args.output))
    failed = result.rejections or result.pdf_problem
    return EXIT_REJECTED if failed else EXIT_OK
