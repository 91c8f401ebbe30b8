"""Forms for a whole roster: validate, render in parallel, write, and report every row.

Every non-blank roster row ends in exactly one place: a written form, or the rejections
report (``rejections.xlsx`` / ``rejections.csv``: row, id_number, field, reason). Warnings go
to ``warnings.csv`` and a second sheet of the workbook. Nothing is written when an output
exists already and ``force`` is not set, or when the template fails for any applicant: a
refused or failed run changes nothing. The reports and the terminal show ID numbers masked
(``330106********1235``) and the forms' file names hold none (:mod:`normbook.forms.names`):
the full number is only inside the form.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import PYTHON, BadArgument, NormError, Spelling, os_reason
from ..i18n import Domain, clauses, listed
from ..outputs import claimed, save_atomic
from ..safe_cells import csv_row, put_value
from .applicant import Applicant, Problem, field_cell
from .errors import RosterWarning, TemplateProblem
from .exam_facts import exam_facts, exam_year
from .files import fixed_zip, refuse_existing, write_atomic
from .names import NamePattern, form_names, full_id_warning, name_pattern
from .render import form_context, template
from .roster import group_rows, nfc_rows, read_roster
from .text import masked_id
from .validate import Verdict, validate

_ = Domain(__name__)

#: The reports' columns (their keys; the headers are :data:`REPORT_HEADERS` in the reader's
#: language).
REPORT_COLUMNS = ("row", "id_number", "field", "reason")
REPORT_HEADERS = (_.later("row"), _.later("id_number"), _.later("field"), _.later("reason"))
#: The reports' file names (never translated: commands and scripts find them by name).
REJECTIONS = "rejections"
WARNINGS = "warnings"
#: The sheets of rejections.xlsx, named in the reader's language.
SHEET_TITLES = {REJECTIONS: _.later("rejections"), WARNINGS: _.later("warnings")}
#: The language of the reports: their readers are the Zhejiang exam coordinators.
READERS = "zh"
#: Below this many forms a process pool costs more than it saves.
PARALLEL_FROM = 40
#: Worker processes (and LibreOffice runs) when ``jobs`` is not given: up to this many.
DEFAULT_JOBS = 2
#: What an output folder is not: the names of the files the commands write.
_FILE_SUFFIXES = (".docx", ".pdf", ".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True, slots=True)
class WrittenForm:
    path: Path
    id_number: str
    name: str
    rows: tuple[int, ...]


@dataclass
class BatchResult:
    """What a batch did; ``rows_in == rows_in_forms + len(rejected_rows)`` always holds."""

    rows_in: int
    blank_rows: tuple[int, ...]
    forms: list[WrittenForm] = field(default_factory=list)
    rejections: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    pdf_problem: str = ""

    @property
    def rejected_rows(self) -> set[int]:
        return {p.row for p in self.rejections if p.row is not None}

    @property
    def rows_in_forms(self) -> int:
        return sum(len(f.rows) for f in self.forms)

    def summary(self) -> str:
        """One line in the current language (the counts are several: English keeps its
        "(s)"; Chinese and Vietnamese have no plural to choose)."""
        facts = {"rows": self.rows_in, "forms": len(self.forms), "used": self.rows_in_forms,
                 "rejected": len(self.rejected_rows), "blank": len(self.blank_rows),
                 "warnings": len(self.warnings), "pdfs": len(self.pdfs)}
        if self.blank_rows and self.pdfs:
            return _("{rows} roster row(s): {forms} form(s) from {used} row(s), {rejected} "
                     "row(s) rejected, {blank} blank row(s) skipped; {warnings} warning(s); "
                     "{pdfs} PDF(s)", **facts)
        if self.blank_rows:
            return _("{rows} roster row(s): {forms} form(s) from {used} row(s), {rejected} "
                     "row(s) rejected, {blank} blank row(s) skipped; {warnings} warning(s)",
                     **facts)
        if self.pdfs:
            return _("{rows} roster row(s): {forms} form(s) from {used} row(s), {rejected} "
                     "row(s) rejected; {warnings} warning(s); {pdfs} PDF(s)", **facts)
        return _("{rows} roster row(s): {forms} form(s) from {used} row(s), {rejected} "
                 "row(s) rejected; {warnings} warning(s)", **facts)


def form_filename(applicant: Applicant, pattern: str | None = None) -> str:
    """The form's file name by ``pattern`` (default ``<name>-<last four of the ID>.docx``),
    safe on every file system; a batch also keeps two applicants' names apart
    (:func:`normbook.forms.names.form_names`)."""
    return name_pattern(pattern).stem(applicant) + ".docx"


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no sched_getaffinity on macOS and Windows
        return os.cpu_count() or 1


def worker_count(jobs: int | None) -> int:
    """Processes for ``jobs``: by default up to :data:`DEFAULT_JOBS`, never more than the
    CPUs (a process pool starts every worker at once: ``jobs=100000`` would try to start
    that many processes), never fewer than one."""
    cpus = available_cpus()
    if not jobs:
        return min(DEFAULT_JOBS, cpus)
    return max(1, min(jobs, cpus))


def check_form_output(output: Path) -> None:
    """Refuse an output that is not a .docx name (``-o f.pdf`` would get a .docx named
    ``f.pdf``, and ``--pdf`` would then convert it over itself).

    Raises:
        BadArgument: ``output`` does not end in .docx.
    """
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise BadArgument(_.later("{output}: a form is a .docx file; give a name ending in "
                                  ".docx (--pdf writes the PDF beside it)", output=output))


def check_output_folder(outdir: Path) -> None:
    """Refuse an output folder that is a file, lies inside a file, or is named like one.

    Raises:
        BadArgument: ``outdir`` (or the first of its parents that exists) is not a folder,
            or it does not exist and ends in .docx, .pdf, .xlsx, .xlsm or .csv.
    """
    outdir = Path(outdir)
    for place in (outdir, *outdir.parents):
        if place.is_dir():
            break
        if place == outdir and place.exists():
            raise BadArgument(_.later(
                "{outdir} is a file: the output must be a folder (it receives a .docx form per "
                "applicant and the rejection reports); give a folder name", outdir=outdir))
        if place.exists():
            raise BadArgument(_.later(
                "{outdir} is inside {place}, which is a file: the output must be a folder (it "
                "receives a .docx form per applicant and the rejection reports); give a folder "
                "name", outdir=outdir, place=place))
    if not outdir.is_dir() and outdir.suffix.lower() in _FILE_SUFFIXES:
        raise BadArgument(_.later(
            "{outdir} looks like a file name: the output must be a folder (it receives a .docx "
            "form per applicant and the rejection reports); give a folder name without the "
            "{suffix} extension", outdir=outdir, suffix=outdir.suffix))


def write_form(applicant: Applicant, output: Path, *, year: int | None = None,
               force: bool = False, template_path: Path | None = None) -> Verdict:
    """Validate one applicant and, if valid, write its form to ``output`` atomically.

    Returns the verdict (check ``verdict.ok``); nothing is written when it has errors.
    ``year`` None: the exam year of today's date (:func:`normbook.forms.exam_facts.exam_year`).

    Raises:
        BadArgument: ``output`` does not end in .docx.
        OutputExists: ``output`` exists and ``force`` is False.
        NormError: no timetable for the year (with no ``year``: for this year).
    """
    check_form_output(output)
    year = exam_year(year)
    verdict = validate(applicant, year=year)
    if verdict.ok:
        output = Path(output)
        refuse_existing([output], force=force)
        data = template(template_path).render(form_context(
            verdict.applicant, exam_facts(year).data_edition))
        output.parent.mkdir(parents=True, exist_ok=True)
        # created exclusively without force: a run racing for the same file fails, not both
        save_atomic(lambda temp: Path(temp).write_bytes(data), output, suffix=".docx",
                    force=force)
    return verdict


def write_forms(roster: Path, outdir: Path, *, sheet: str | None = None,
                year: int | None = None, force: bool = False,
                template_path: Path | None = None, jobs: int | None = None,
                progress: bool = False, pdf: bool = False,
                name_pattern: str | NamePattern | None = None) -> BatchResult:
    """One form per applicant of ``roster`` into ``outdir``, and the rejections report.

    What :func:`read_roster` warns about (the encoding a CSV file was read in) goes into
    the warnings, with the field ``roster``. ``year`` None: the exam year of today's date;
    ``name_pattern``: how the forms are named (:mod:`normbook.forms.names`; default
    ``{name}-{id4}``).

    Raises:
        BadArgument: ``outdir`` is a file (or named like one): it must be a folder; or the
            name pattern is refused (also when it names two of the roster's applicants alike).
        NormError: no timetable for the year (with no ``year``: for this year).
        FormInputError: the roster cannot be read (file type, sheet, columns).
        TemplateProblem: the template is broken or unsafe, or fails for an applicant
            (nothing is written then: the error names the applicant's rows).
        OutputExists: an output file exists and ``force`` is False (nothing written).
    """
    check_output_folder(outdir)
    pattern = _pattern(name_pattern)
    year = exam_year(year)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RosterWarning)
        rows = read_roster(roster, sheet=sheet)
    notes = []
    for w in caught:
        if issubclass(w.category, RosterWarning):
            said = w.message.args[0] if w.message.args else str(w.message)
            notes.append(Problem("roster", said, severity="warning"))
        else:  # not ours to report: pass it on as if it had not been caught
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return write_rows(rows, outdir, year=year, force=force, template_path=template_path,
                      jobs=jobs, progress=progress, pdf=pdf, notes=notes, name_pattern=pattern)


def _pattern(given: str | NamePattern | None) -> NamePattern:
    return given if isinstance(given, NamePattern) else name_pattern(given)


def write_rows(rows, outdir: Path, *, year: int | None = None, force: bool = False,
               template_path: Path | None = None, jobs: int | None = None,
               progress: bool = False, pdf: bool = False, report: bool = True,
               notes: Iterable[Problem] = (),
               name_pattern: str | NamePattern | None = None) -> BatchResult:
    """:func:`write_forms` for rows already read (a roster, or Excel's selected rows).

    ``notes`` are warnings about the input as a whole, reported with the others. Cells are
    compared and printed in Unicode NFC (:func:`normbook.forms.roster.nfc_rows`).
    """
    outdir = Path(outdir)
    check_output_folder(outdir)
    pattern = _pattern(name_pattern)
    year = exam_year(year)
    form_template = template(template_path)  # a template that cannot load fails here
    rows = nfc_rows(rows)
    grouped = group_rows(rows)
    result = BatchResult(rows_in=len(rows) - len(grouped.blank_rows),
                         blank_rows=grouped.blank_rows)
    result.rejections.extend(grouped.rejections)
    result.warnings.extend(notes)
    if pattern.full_id:
        result.warnings.append(Problem("", full_id_warning(), severity="warning"))
    verdicts = [validate(applicant, year=year) for applicant in grouped.applicants]
    named = form_names([v.applicant for v in verdicts], pattern)
    result.warnings.extend(
        Problem("", why, row=a.rows[0] if a.rows else None, id_number=a.id_number,
                severity="warning") for a, why in named.warnings)
    accepted: list[tuple[Verdict, Path]] = []
    for applicant, verdict, name in zip(grouped.applicants, verdicts, named.names, strict=True):
        result.warnings.extend(verdict.warnings)
        target = outdir / name
        if verdict.ok:
            accepted.append((verdict, target))
            continue
        result.rejections.extend(rejections_per_row(applicant, verdict.errors))
        if target.exists():
            result.warnings.append(Problem("", _.later(
                "{name} in {outdir} is from an earlier run; this applicant is now rejected and "
                "the old form was left in place", name=target.name, outdir=outdir),
                row=applicant.rows[0], id_number=applicant.id_number, severity="warning"))
    reports = [outdir / f"{REJECTIONS}.xlsx", outdir / f"{REJECTIONS}.csv",
               outdir / f"{WARNINGS}.csv"] if report else []
    pdfs = [t.with_suffix(".pdf") for _, t in accepted] if pdf else []
    created = not outdir.exists()
    try:
        with claimed(outdir, "normbook forms") as stale:
            unfinished = _unfinished(outdir, stale)
            if unfinished and not force:
                raise InterruptedBatch(unfinished)
            if unfinished:
                result.warnings.append(Problem("", _.later(
                    "{unfinished}; this run has written them anew", unfinished=unfinished),
                    severity="warning"))
            refuse_existing([t for _, t in accepted] + reports + pdfs, force=force)
            _write_all_or_nothing(accepted, outdir, template_path, form_template,
                                  edition=exam_facts(year).data_edition if accepted else "",
                                  jobs=jobs, progress=progress, reports=reports)
            for verdict, target in accepted:
                a = verdict.applicant
                result.forms.append(WrittenForm(target, a.id_number, a.name, a.rows))
            result.rejections.sort(key=_report_order)
            result.warnings.sort(key=_report_order)
            if report:
                _write_reports_or_say(result, outdir)
            _finished(outdir)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):  # not empty: something was written into it
                outdir.rmdir()
        raise
    if pdf:
        _convert(result, jobs=jobs)
    return result


class InterruptedBatch(NormError, ValueError):
    """An earlier batch into the same folder was killed before it finished.

    Args:
        unfinished: what the earlier run left, in words (its facts kept); the message tells
            the user to set ``force`` as the front end that shows it writes it (``--force``
            on the command line, ``force=True`` in Python).
    """

    option = "force"

    def __init__(self, unfinished: i18n.Message):
        self.unfinished = unfinished
        super().__init__(unfinished)

    def text(self, spelling: Spelling = PYTHON) -> str:
        return _("{unfinished}; run again with {force} to write every form and report anew",
                 unfinished=self.unfinished, force=spelling.switch(self.option))


#: Where a batch stages its forms (and its journal) until all are rendered; the next run into
#: the folder finds what a killed run left here, says what it finds, and clears it.
STAGING = ".normbook-staging"
JOURNAL = "batch.json"


def _unfinished(outdir: Path, stale: str | None) -> i18n.Message | None:
    """What an earlier, killed batch left in ``outdir`` (said in words), cleared; or None."""
    import json
    import shutil

    staging = outdir / STAGING
    if not staging.is_dir():
        return None if stale is None else _.later(
            "an earlier run into {outdir} ({stale}) stopped before writing anything",
            outdir=outdir, stale=stale)
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal = None
    parts = sum(1 for p in staging.iterdir() if p.suffix == ".docx")
    shutil.rmtree(staging, ignore_errors=True)
    who = stale or _.later("a run that was killed")
    if not journal:
        return _.many_later("an earlier run into {outdir} ({who}) was stopped while "
                            "rendering; its {n} unfinished form was removed",
                            "an earlier run into {outdir} ({who}) was stopped while "
                            "rendering; its {n} unfinished forms were removed", parts,
                            outdir=outdir, who=who)
    forms = journal.get("forms", [])
    done = [f for f in forms if (outdir / f).exists()]
    reports = [r for r in journal.get("reports", []) if (outdir / r).exists()]
    if reports:
        return _.later("an earlier run into {outdir} ({who}) was interrupted while putting its "
                       "forms in place: {done} of its {total} forms were written, and {reports}",
                       outdir=outdir, who=who, done=len(done), total=len(forms),
                       reports=listed(reports))
    return _.later("an earlier run into {outdir} ({who}) was interrupted while putting its "
                   "forms in place: {done} of its {total} forms were written, but none of its "
                   "reports", outdir=outdir, who=who, done=len(done), total=len(forms))


def _finished(outdir: Path) -> None:
    """The batch is complete: its journal and staging folder go."""
    import shutil

    shutil.rmtree(outdir / STAGING, ignore_errors=True)


def _write_reports_or_say(result: BatchResult, outdir: Path) -> None:
    """Write the reports; if the disk is full (or else fails), say what was written and not."""
    try:
        write_reports(result, outdir)
    except OSError as exc:
        missing = [n for n in (f"{REJECTIONS}.csv", f"{WARNINGS}.csv", f"{REJECTIONS}.xlsx")
                   if not (outdir / n).exists()]
        raise OSError(_(
            "{forms} form(s) were written to {outdir}, but the reports were not ({why}): "
            "{missing} missing, so {rejections} rejection(s) are not recorded. Free some space, "
            "then run the same command again with --force to write the forms and the reports "
            "anew", forms=len(result.forms), outdir=outdir, why=os_reason(exc),
            missing=listed(missing), rejections=len(result.rejections))) from None


def rejections_per_row(applicant: Applicant, errors: Iterable[Problem]) -> list[Problem]:
    """Rejections so that each of the applicant's rows appears at least once.

    An applicant-level error is reported on every row of the applicant (the same value is in
    each); a project error on its own row; the applicant's other rows say why they go too.
    """
    out: list[Problem] = []
    for error in errors:
        project_level = error.field in ("category", "project", "subproject", "regulation")
        if project_level and error.row is not None:
            out.append(error)
        else:
            out.extend(Problem(error.field, error.message, row=r,
                               id_number=applicant.id_number) for r in applicant.rows)
    named = {p.row for p in out}
    first = min(named) if named else None
    out.extend(Problem("", _.later("rejected with the other rows of this applicant (see row "
                                   "{first})", first=first), row=r, id_number=applicant.id_number)
               for r in applicant.rows if r not in named)
    return out


def _report_order(p: Problem):
    # by the English text: the same order whatever language the report is written in
    reason = p.message.render("en") if isinstance(p.message, i18n.Message) else p.message
    return (p.row if p.row is not None else -1, p.id_number, p.field, reason)


def _write_all_or_nothing(accepted: list[tuple[Verdict, Path]], outdir: Path, template_path,
                          form_template, *, edition: str = "", jobs, progress,
                          reports: list[Path] = ()) -> None:
    """Write every accepted applicant's form, or none of them.

    A template can fail for one applicant only (``{% if name == ... %}``). Each form is
    rendered into the folder's staging area (:data:`STAGING`); only when all have been
    rendered are they renamed into place, after a journal of what is about to be placed is
    written there. On a failure the staging area is removed, so the folder is as it was; if
    the process is killed, the next run into the folder finds the journal and says what it
    finds (:func:`_unfinished`).

    Raises:
        TemplateProblem: the template failed; the message names the applicant's rows.
    """
    import json

    staging = outdir / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    tasks = [(form_context(v.applicant, edition), str(staging / t.name), _who(v.applicant))
             for v, t in accepted]
    try:
        _render_all(tasks, template_path, form_template, jobs=jobs, progress=progress)
        journal = {"forms": [t.name for _, t in accepted], "reports": [r.name for r in reports]}
        temp = staging / f".{JOURNAL}"
        temp.write_text(json.dumps(journal, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, staging / JOURNAL)  # whole or absent, whenever the run is killed
        for (_context, staged, _label), (_verdict, target) in zip(tasks, accepted, strict=True):
            os.replace(staged, target)
    except BaseException as exc:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, TemplateProblem):
            raise type(exc)(_.later("{error}; nothing was written", error=exc)) from exc
        raise


def _who(applicant: Applicant) -> str:
    rows, id_number = applicant.rows, masked_id(applicant.id_number)
    if len(rows) == 1:
        return _("row {row}: {name} {id_number}", row=rows[0], name=applicant.name,
                 id_number=id_number)
    if rows:
        return _("rows {rows}: {name} {id_number}", rows=listed(rows),
                 name=applicant.name, id_number=id_number)
    return _("the applicant: {name} {id_number}", name=applicant.name, id_number=id_number)


# Worker state: the template, parsed once per process by the pool's initializer.
_worker_template = None


def _init_worker(template_path: str | None, parent: int | None = None) -> None:
    global _worker_template
    _die_with_parent(parent)
    _worker_template = template(template_path)


def _die_with_parent(parent: int | None) -> None:
    """Have the kernel kill this worker when the batch process dies (kill -9 included).

    Linux: prctl(PR_SET_PDEATHSIG, SIGKILL). Elsewhere the pool's own shutdown is all there
    is: a worker left behind finishes its chunk and exits when it finds its queue closed.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:  # died before the line above ran
        os._exit(1)


def _render_one(task: tuple[dict, str, str]) -> str:
    """Render one form into its staging file (never over an existing file)."""
    context, staged, who = task
    try:
        data = _worker_template.render(context)
    except TemplateProblem as exc:
        raise type(exc)(_.later("{error} (while filling the form of {who})", error=exc,
                                who=who)) from None
    with open(staged, "xb") as handle:
        handle.write(data)
    return staged


def _render_all(tasks, template_path, form_template, *, jobs, progress) -> list[str]:
    """Render every form into its staging file; in a process pool when that pays."""
    from tqdm import tqdm

    workers = worker_count(jobs)
    bar = tqdm(total=len(tasks), unit="form", file=sys.stderr,
               disable=not (progress and sys.stderr.isatty()))
    try:
        if workers <= 1 or len(tasks) < PARALLEL_FROM:
            global _worker_template
            _worker_template = form_template
            done = []
            for task in tasks:
                done.append(_render_one(task))
                bar.update()
            return done
        from concurrent.futures import ProcessPoolExecutor  # not at import: Pyodide has none

        path = None if template_path is None else str(template_path)
        chunk = max(1, min(32, len(tasks) // (workers * 4)))
        with ProcessPoolExecutor(workers, initializer=_init_worker,
                                 initargs=(path, os.getpid())) as pool:
            done = []
            try:
                for target in pool.map(_render_one, tasks, chunksize=chunk):
                    done.append(target)
                    bar.update()
            except BaseException:
                pool.shutdown(cancel_futures=True)  # the caller removes what was staged
                raise
            return done
    finally:
        bar.close()


def write_reports(result: BatchResult, outdir: Path) -> None:
    """``rejections.xlsx`` (sheets rejections, warnings), ``rejections.csv``, ``warnings.csv``.

    Written on every run, even when empty, so a re-run never leaves an old report behind;
    in the exam coordinators' language (Chinese) unless the user chose one.
    """
    with i18n.speaking(i18n.document(READERS)):
        for name, problems in ((REJECTIONS, result.rejections), (WARNINGS, result.warnings)):
            path = outdir / f"{name}.csv"
            write_atomic(path, _csv_bytes(problems))
            result.reports.append(path)
        path = outdir / f"{REJECTIONS}.xlsx"
        write_atomic(path, _xlsx_bytes({REJECTIONS: result.rejections,
                                        WARNINGS: result.warnings}))
        result.reports.append(path)


def _record(p: Problem) -> tuple:
    """A report's row in the current language: row, ID number (masked), field, reason."""
    return (p.row if p.row is not None else "", masked_id(p.id_number), field_cell(p.field),
            p.reason)


def _csv_bytes(problems: list[Problem]) -> bytes:
    """The report as CSV; text that a spreadsheet would run as a formula is neutralised
    (``'=...``: :func:`normbook.safe_cells.csv_field`)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([str(h) for h in REPORT_HEADERS])
    writer.writerows(csv_row(_record(p)) for p in problems)
    return text.getvalue().encode("utf-8-sig")  # the BOM lets Excel read Chinese as UTF-8


def _xlsx_bytes(sheets: dict[str, list[Problem]]) -> bytes:
    """The reports as a workbook: every text a text cell (a roster's ``=HYPERLINK(...)``
    stays text: :func:`normbook.safe_cells.put_value`), in time linear in the problems."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for title, problems in sheets.items():
        sheet = book.create_sheet(str(SHEET_TITLES[title]))
        for column, header in enumerate(REPORT_HEADERS, 1):
            sheet.cell(1, column, str(header)).font = bold
        # rows numbered here: sheet.max_row scans every cell, so asking it per row made
        # the report quadratic (20,000 problems took about a minute)
        for row, p in enumerate(problems, 2):
            for column, value in enumerate(_record(p), 1):
                put_value(sheet.cell(row, column), value)
            sheet.cell(row, 2).number_format = "@"  # ID numbers stay text
        for column, width in zip("ABCD", (8, 22, 18, 90), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
    from ..xlsx_print import EXAMS, ROSTER_REPORT, set_up_workbook

    set_up_workbook(book, ROSTER_REPORT, subject=EXAMS)
    fixed = dt.datetime(2024, 1, 1)
    book.properties.created = book.properties.modified = fixed
    out = io.BytesIO()
    book.save(out)
    return fixed_zip(out.getvalue())


def _convert(result: BatchResult, *, jobs: int | None) -> None:
    """PDFs beside the forms through LibreOffice; a missing LibreOffice is reported, not fatal.

    Starting soffice costs about a second, so the forms go through a few runs of many files
    each (``libreoffice.convert_many``), on ``jobs`` runs at a time (default: up to 2).
    """
    from concurrent.futures import ThreadPoolExecutor

    from .. import libreoffice

    if not result.forms:
        return
    if libreoffice.find_soffice() is None:
        result.pdf_problem = _("no PDFs: LibreOffice (soffice) was not found; the .docx "
                               "forms were written. {hint}", hint=libreoffice.INSTALL_HINT)
        return
    workers = worker_count(jobs)
    by_folder: dict[Path, list[Path]] = {}
    for form in result.forms:
        by_folder.setdefault(form.path.parent, []).append(form.path)
    # one share of each folder's forms per worker, each share converted by one soffice run
    shares = [(folder, paths[i::workers]) for folder, paths in by_folder.items()
              for i in range(workers) if paths[i::workers]]
    failures = []
    with ThreadPoolExecutor(workers) as pool:
        runs = [pool.submit(libreoffice.convert_many, paths, "pdf", folder)
                for folder, paths in shares]
        converted: dict[Path, Path] = {}
        for run in runs:
            done, failed = run.result()
            converted.update(done)
            failures += [f"{src.name}: {why}" for src, why in failed.items()]
    result.pdfs += [converted[f.path] for f in result.forms if f.path in converted]
    if failures:
        result.pdf_problem = _.many("{n} PDF not made: {failures}",
                                    "{n} PDFs not made: {failures}", len(failures),
                                    failures=clauses(failures[:3]))
