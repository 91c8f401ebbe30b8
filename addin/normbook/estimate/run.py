"""``normbook estimate``'s orchestration: request, prices, estimate, workbook, justification, PDF.

The CLI only parses arguments; this module turns its strings into an
:class:`~normbook.estimate.EstimateRequest` (``--variant XXV=PTN1``, ``--count VI:3=0``),
checks every output before computing anything (nothing is overwritten without ``force``),
builds the workbook and the justification in memory (so a refusal, such as an empty institute
name, comes before any file), then writes ``estimate.xlsx`` and ``thuyet-minh.docx`` into the
output folder, and their PDFs through LibreOffice when asked. A run that fails after its first
file removes what it wrote, so the rerun is not refused for an output of the failed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadArgument
from ..i18n import Domain
from ..outputs import claimed, save_atomic

_ = Domain(__name__)

if TYPE_CHECKING:  # the CLI imports this module to build its parser: keep that light
    from .model import Estimate, EstimateRequest, Prices

WORKBOOK_NAME = "estimate.xlsx"
JUSTIFICATION_NAME = "thuyet-minh.docx"
#: The keeper of Vietnam's national measurement standards, whose budget the circular's norms
#: are for; ``--institute`` names another unit.
DEFAULT_INSTITUTE = "Viện Đo lường Việt Nam"


@dataclass(frozen=True)
class EstimateOutputs:
    """What a run wrote: the estimate and the files."""

    estimate: Estimate
    workbook: Path
    justification: Path
    pdfs: tuple[Path, ...] = ()


def _split(values: Iterable[str]) -> list[str]:
    """Repeated options and comma lists alike: ["VI:3=0,VI:5=2", "XXV:2=2"] -> 3 items."""
    return [p.strip() for v in values for p in str(v).split(",") if p.strip()]


def parse_variants(values: Iterable[str], appendices: Sequence[str]) -> dict[str, str]:
    """Lab classes from ``--variant``: "XXV=PTN1", or "PTN1" for every appendix that has them.

    Raises:
        BadArgument: a value is not APPENDIX=CLASS or CLASS, or an appendix is given twice.
    """
    from ..query import appendix_id, lab_classes

    out: dict[str, str] = {}
    for value in _split(values):
        if "=" in value:
            appendix, _eq, variant = value.partition("=")
            if not appendix.strip() or not variant.strip():
                raise BadArgument(_.later("--variant {value}: write APPENDIX=CLASS, e.g. "
                                          "XXV=PTN1", value=repr(value)))
            key = appendix_id(appendix.strip())
            if key in out and out[key] != variant.strip():
                raise BadArgument(_.later("--variant gives appendix {appendix} two lab "
                                          "classes ({one} and {other})", appendix=key,
                                          one=out[key], other=variant.strip()))
            out[key] = variant.strip()
        else:  # one class for every chosen appendix that has alternatives
            for appendix in appendices:
                if lab_classes(appendix):
                    out.setdefault(appendix, value)
    return out


def parse_counts(values: Iterable[str]) -> dict[tuple[str, str], str]:
    """Counts from ``--count``: "VI:3=0" -> {("VI", "3"): "0"} (checked by the request).

    Raises:
        BadArgument: a value is not APPENDIX:WORK=N.
    """
    out: dict[tuple[str, str], str] = {}
    for value in _split(values):
        head, eq, count = value.partition("=")
        appendix, colon, work = head.partition(":")
        if not (eq and colon and appendix.strip() and count.strip()):
            raise BadArgument(_.later("--count {value}: write APPENDIX:WORK=N, e.g. VI:3=0 "
                                      "(leave work 3 of appendix VI out) or XXV:2=2 (twice)",
                                      value=repr(value)))
        out[(appendix.strip(), work.strip())] = count.strip()
    return out


def build_request(appendices: Iterable[str], year: object, *, variants: Iterable[str] = (),
                  counts: Iterable[str] = (), strict: bool = False) -> EstimateRequest:
    """The request from the command line's strings (appendices may be "VI,XXV" or "all")."""
    from .model import EstimateRequest
    from .prices import resolve_appendices

    ids = resolve_appendices(appendices)
    return EstimateRequest(ids, year, parse_variants(variants, ids), parse_counts(counts),
                           strict)


def output_paths(folder: Path, *, pdf: bool = False) -> tuple[Path, ...]:
    """Every file a run writes into ``folder``: workbook, justification, then their PDFs."""
    files = (folder / WORKBOOK_NAME, folder / JUSTIFICATION_NAME)
    return files + tuple(f.with_suffix(".pdf") for f in files) if pdf else files


def check_outputs(folder: Path, *, pdf: bool, force: bool) -> None:
    """Fail before any work when an output exists (without ``force``) or -o is a file.

    Raises:
        OutputExists: the first output that exists.
        BadArgument: ``folder`` is a file, or looks like one (-o estimate.xlsx).
        LibreOfficeMissing: ``pdf`` and no soffice to make them.
    """
    from .files import OutputExists

    if folder.is_file() or folder.suffix.lower() in (".xlsx", ".docx", ".pdf"):
        raise BadArgument(_.later("-o {folder}: give the folder to write {workbook} and "
                                  "{justification} into, not a file", folder=str(folder),
                                  workbook=WORKBOOK_NAME, justification=JUSTIFICATION_NAME))
    if not force:
        for path in output_paths(folder, pdf=pdf):
            if path.exists():
                raise OutputExists(path)
    if pdf:
        from ..libreoffice import LibreOfficeMissing, find_soffice

        if find_soffice() is None:
            raise LibreOfficeMissing(_("--pdf needs LibreOffice (soffice), which is not "
                                       "installed (drop --pdf to write the .xlsx and .docx "
                                       "only)"))


def write_outputs(estimate: Estimate, folder: Path, *, institute: str = DEFAULT_INSTITUTE,
                  prices_source: str = "", force: bool = False,
                  pdf: bool = False, comparison: Any = None,
                  previous: str = "", progress: bool = False) -> EstimateOutputs:
    """Write the workbook and the justification (and their PDFs) into ``folder``.

    Both documents are built in memory first: whatever refuses (an empty institute name, a
    template that does not fit) refuses before any file is written. The folder is created
    when missing. When a later write fails, the files this call wrote are removed again.

    Raises:
        As :func:`check_outputs`; BadArgument for an empty institute name; OSError when a
        file cannot be written; ConversionFailed when LibreOffice fails on a PDF.
    """

    from ..docx_parts import fixed_zip
    from .justification import justification_context, render_justification
    from .workbook import build_estimate_workbook

    folder = Path(folder)
    check_outputs(folder, pdf=pdf, force=force)
    context = justification_context(estimate, institute=institute, prices_source=prices_source,
                                    comparison=comparison, previous=previous)
    # fixed zip times and document dates: the same inputs and data give the same bytes
    document = fixed_zip(render_justification(context))
    from ..xlsx_parts import workbook_bytes as saved

    workbook_bytes = saved(build_estimate_workbook(estimate, prices_source=prices_source,
                                                   comparison=comparison, previous=previous),
                           fixed=True)
    with claimed(folder, "normbook estimate"):
        check_outputs(folder, pdf=pdf, force=force)  # again, now that the folder is ours
        return _write(estimate, folder, workbook_bytes, document, force=force, pdf=pdf,
                      progress=progress)


def _converting(paths: tuple[Path, ...], progress: bool) -> Any:
    """The PDF conversions' progress bar on a terminal (LibreOffice takes seconds per file);
    nothing when stderr is piped or ``progress`` is off."""
    import sys

    from tqdm import tqdm

    return tqdm(total=len(paths), unit="PDF", file=sys.stderr, leave=False,
                disable=not (progress and sys.stderr.isatty()))


def _write(estimate: Estimate, folder: Path, workbook_bytes: bytes, document: bytes, *,
           force: bool, pdf: bool, progress: bool = False) -> EstimateOutputs:
    written: list[Path] = []
    try:
        workbook = save_atomic(lambda temp: Path(temp).write_bytes(workbook_bytes),
                               folder / WORKBOOK_NAME, suffix=".xlsx", force=force)
        written.append(workbook)
        justification = save_atomic(lambda temp: Path(temp).write_bytes(document),
                                    folder / JUSTIFICATION_NAME, suffix=".docx", force=force)
        written.append(justification)
        pdfs = []
        sources = (workbook, justification) if pdf else ()
        with _converting(sources, progress) as bar:
            for path in sources:
                bar.set_description(_("{file} to PDF (LibreOffice)", file=path.name))
                pdfs.append(to_pdf(path, force=force))
                written.append(pdfs[-1])
                bar.update()
    except BaseException:
        for path in written:  # half a result would block the rerun: take back what this
            path.unlink(missing_ok=True)  # run wrote (the folder is claimed: nobody else's)
        raise
    return EstimateOutputs(estimate, workbook, justification, tuple(pdfs))


def to_pdf(source: Path, *, force: bool = False) -> Path:
    """``source`` as PDF beside it, through LibreOffice (which recalculates a workbook first).

    Raises:
        LibreOfficeMissing, ConversionFailed; OutputExists without ``force``.
    """
    import os
    import tempfile

    from ..libreoffice import convert

    target = source.with_suffix(".pdf")

    def write(temp: str) -> None:
        with tempfile.TemporaryDirectory(prefix=".normbook-pdf-", dir=target.parent) as staging:
            os.replace(convert(source, "pdf", Path(staging)), temp)

    return save_atomic(write, target, suffix=".pdf", force=force)


def run_estimate(request: EstimateRequest, prices: Prices | None, folder: Path | str, *,
                 institute: str = DEFAULT_INSTITUTE, force: bool = False,
                 pdf: bool = False, previous: Path | str | None = None,
                 progress: bool = False) -> EstimateOutputs:
    """Check the outputs, compute the estimate, write the files.

    Args:
        request: what to estimate (``request.strict`` refuses missing prices).
        prices: from :func:`normbook.estimate.read_prices`, built in code (the demo's example
            prices), or None: labour only, every item missing its price.
        folder: where ``estimate.xlsx`` and ``thuyet-minh.docx`` go (created when missing).
        institute: the unit named in the justification.
        force: replace existing outputs.
        pdf: also write both as PDF through LibreOffice.
        progress: show the PDF conversions' progress on a terminal (stderr; not when piped).

    Raises:
        OutputExists, MissingPrices (strict), LibreOfficeMissing (pdf), other NormErrors for
        bad input; OSError when a file cannot be written.
    """
    from .compute import estimate
    from .justification import institute_name

    folder = Path(folder)
    check_outputs(folder, pdf=pdf, force=force)  # before the work, not after it
    institute_name(institute)
    old = None
    if previous is not None:  # read before any work: a bad file changes nothing
        from .readback import read_estimate

        old = read_estimate(previous)
    result = estimate(request, prices)
    comparison = None
    if old is not None:
        from .compare import compare, inputs_of

        comparison = compare(old, inputs_of(result, prices))
    source = prices.source if prices is not None else ""
    return write_outputs(result, folder, institute=institute, prices_source=source,
                         comparison=comparison, previous=str(previous or ""),
                         force=force, pdf=pdf, progress=progress)
