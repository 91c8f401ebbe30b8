"""``normbook demo``: the main job on built-in example inputs, written into one folder.

An estimate for two standards (appendix VI, and XXV with lab class PTN1) for an example
year, priced with the illustrative prices of ``norms/examples/demo_prices.csv``, with its
justification; and one 考核申请表 for the fictional applicant of
``norms/examples/demo_applicant.json``. Every output is checked before anything is written,
so a refused run (an output exists, no ``force``) leaves the folder as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BadArgument, DataError, OutputExists
from .i18n import Domain, Text, clauses, listed

if TYPE_CHECKING:  # the CLI imports this module to build its parser: keep that light
    from .estimate.model import Estimate, Prices
    from .forms.applicant import Applicant

DEFAULT_FOLDER = "normbook-demo"
#: An example budget year; its base salary comes from the wage data.
YEAR = 2026
APPENDICES = ("VI", "XXV")
LAB_CLASSES = {"XXV": "PTN1"}
#: The justification is issued under this name: an example unit, so that the document cannot
#: pass for a real institute's budget built on real prices.
INSTITUTE = "Đơn vị ví dụ (bản demo Normbook, giá minh họa)"
PRICES_FILE = "demo_prices.csv"
APPLICANT_FILE = "demo_applicant.json"
PRICE_COLUMNS = ("component", "item", "unit", "spec", "price", "note")

_ = Domain(__name__)

#: The prices' source, as the estimate workbook cites it (Inputs and Prices sheets) and the
#: justification (Vietnamese), each in its own language.
PRICES_SOURCE = Text(_.later("built-in example prices for the demo, illustrative, not market "
                             "prices"))


@dataclass(frozen=True)
class DemoOutputs:
    """What the demo wrote, and what it was built from."""

    folder: Path
    estimate: Estimate
    workbook: Path
    justification: Path
    form: Path
    applicant: Applicant  # as validated (cleaned) and written on the form
    form_year: int  # the exam timetable year the form's period and site refer to

    @property
    def files(self) -> tuple[Path, Path, Path]:
        return (self.workbook, self.justification, self.form)


def _example(name: str):
    """A file of ``norms/examples`` (a Traversable: the package may be a wheel, not a folder)."""
    from ._resources import norms_dir

    return norms_dir().joinpath("examples", name)


def example_prices() -> Prices:
    """The demo's illustrative prices, one per item appendices VI and XXV need.

    Keyed like the rows of a prices workbook (component, item, unit, spec), so each row prices
    exactly the item it names; wages are Normbook's defaults (22 working days a month, no
    on-costs, the year's base salary from the data).

    Raises:
        DataError: the shipped file is broken (a bad price, an item twice, an item neither
            appendix needs): a bug in the package, not in the user's input.
    """
    import csv

    from .estimate.items import item_key, needed_items
    from .estimate.model import EquipmentPrice, MaterialPrice, Prices, WageParameters
    from .wages import to_decimal

    needed = {i.key for c in ("equipment", "material") for i in needed_items(APPENDICES, c)}
    equipment, materials = {}, {}
    with _example(PRICES_FILE).open("r", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in PRICE_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(_.later("{file}: no column {columns}", file=PRICES_FILE,
                                    columns=listed(missing)))
        for row_number, row in enumerate(reader, start=2):  # row 1 is the header
            # cited in the workbook, like a file's row, in the workbook's language
            where = Text(_.later("{file} row {row}", file=PRICES_FILE, row=row_number))
            try:
                key = item_key(row["component"], row["item"], row["unit"], row["spec"])
                price = to_decimal(row["price"], f"{where}: price")
            except ValueError as exc:  # BadArgument too; item_key: an unknown component
                raise DataError(_.later("{file} row {row}: {problem}", file=PRICES_FILE,
                                        row=row_number, problem=exc)) from exc
            if key not in needed:
                raise DataError(_.later("{file} row {row}: {item!r} is not an item appendices "
                                        "{first} and {second} need", file=PRICES_FILE,
                                        row=row_number, item=row["item"], first=APPENDICES[0],
                                        second=APPENDICES[1]))
            table = equipment if key.component == "equipment" else materials
            if key in table:
                raise DataError(_.later("{file} row {row}: {item!r} is priced twice",
                                        file=PRICES_FILE, row=row_number, item=row["item"]))
            table[key] = (EquipmentPrice(price_per_shift=price, where=where)
                          if key.component == "equipment" else MaterialPrice(price, where))
    # the employer contributions the prices template offers: only the confirmed legal rates
    from .wage_parts import DEFAULT_CONTRIBUTIONS

    wages = WageParameters(contributions=DEFAULT_CONTRIBUTIONS)
    return Prices(wages, equipment, materials, source=PRICES_SOURCE)


def example_applicant() -> Applicant:
    """The fictional applicant of the demo's application form."""
    from importlib import resources

    from .forms.applicant import load_applicant

    with resources.as_file(_example(APPLICANT_FILE)) as path:
        return load_applicant(path)


def form_path(folder: Path, applicant: Applicant) -> Path:
    """Where the form goes: named as ``normbook forms`` names them (``<name>-<id4>.docx``)."""
    from .forms.batch import form_filename

    return folder / form_filename(applicant)


def run_demo(folder: Path | str = DEFAULT_FOLDER, *, force: bool = False) -> DemoOutputs:
    """Build the demo's estimate, justification and application form into ``folder``.

    Raises:
        OutputExists: one of the three files exists and ``force`` is false (nothing written).
        BadArgument: ``folder`` is a file.
        DataError: the shipped example inputs are broken.
        OSError: a file cannot be written.
    """
    from .estimate.model import EstimateRequest
    from .estimate.run import JUSTIFICATION_NAME, WORKBOOK_NAME, run_estimate
    from .forms.batch import write_form
    from .forms.validate import SAMPLE_YEAR as DEFAULT_YEAR
    from .forms.validate import validate

    folder = Path(folder)
    if folder.is_file():
        raise BadArgument(_.later("-o {folder}: that is a file; give the folder to write the demo "
                                  "into", folder=folder))
    applicant = example_applicant()
    verdict = validate(applicant, year=DEFAULT_YEAR)
    if not verdict.ok:  # checked before anything is written
        raise DataError(_.later("{file}: the example applicant does not validate: {problems}",
                                file=APPLICANT_FILE,
                                problems=clauses(verdict.errors)))
    form = form_path(folder, verdict.applicant)
    targets = (folder / WORKBOOK_NAME, folder / JUSTIFICATION_NAME, form)
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise OutputExists(existing)
    request = EstimateRequest(APPENDICES, YEAR, LAB_CLASSES)
    outputs = run_estimate(request, example_prices(), folder, institute=INSTITUTE, force=force)
    write_form(applicant, form, year=DEFAULT_YEAR, force=force)
    return DemoOutputs(folder, outputs.estimate, outputs.workbook, outputs.justification, form,
                       verdict.applicant, DEFAULT_YEAR)


# ---- what the terminal shows ------------------------------------------------------------------

def shown_path(path: Path, cwd: Path | None = None) -> str:
    """``path`` relative to the current directory when it lies below it, else absolute."""
    here = (cwd or Path.cwd()).resolve()
    full = Path(os.path.abspath(path))
    try:
        return str(full.relative_to(here))
    except ValueError:
        return str(full)


def warnings(outputs: DemoOutputs) -> list[str]:
    """What the terminal warns of on stderr, in its language: the demo's year beyond the
    checked wages data (the same warning as ``normbook estimate``)."""
    from .estimate.notes import shown

    return [shown(w) for w in outputs.estimate.warnings]


def summary(outputs: DemoOutputs, cwd: Path | None = None) -> str:
    """The demo's report: what was built, the totals, where the files are, what to try next."""
    from .forms.text import masked_id  # the terminal shows no full ID number
    from .wages import vnd

    estimate = outputs.estimate
    lines = [
        _("Normbook demo: a budget estimate under Circular 04/2022/TT-BKHCN, with its "
          "justification, and an exam application form, from built-in example inputs."),
        "",
        _("Estimate for {year} (an example year), priced with illustrative example prices, not "
          "market prices:", year=estimate.year),
    ]
    amounts = {id(a): _("{amount:n}", amount=vnd(a.total.amount))
               for a in (*estimate.appendices, estimate)}
    total_word = _("Total")
    width = max(map(len, amounts.values()))
    label = max(5, _columns(total_word))
    for a in estimate.appendices:
        name = a.standard if len(a.standard) <= 56 else a.standard[:55] + "…"
        lab = f" ({a.variant})" if a.variant else ""
        lines.append(f"  {a.appendix:{label}} {amounts[id(a)]:>{width}} {_('VND')}  {name}{lab}")
    pad = " " * (label - _columns(total_word))
    lines.append(f"  {total_word}{pad} {amounts[id(estimate)]:>{width}} {_('VND')}")
    salary = estimate.base_salary
    lines.append("  " + _("Labour priced on the base salary for {year}: {amount:n} VND a month.",
                          year=salary.year, amount=vnd(salary.amount)))
    lines += ["  " + _("Note: {note}.", note=note) for note in salary.notes
              if note is not salary.warning]  # a warning goes to stderr (warnings())
    if estimate.missing_prices:
        lines.append("  " + _.many("{n} line has no price: the totals are incomplete.",
                                   "{n} lines have no price: the totals are incomplete.",
                                   len(estimate.missing_prices)))
    gaps = estimate.gaps_left_out  # gaps of works that happen this year
    if gaps:
        what = clauses(_gap(g) for g in gaps[:3])
        lines.append("  " + _.many(
            "Not costed: {n} row the circular lists without a quantity ({what}); the documents "
            "say so.", "Not costed: {n} rows the circular lists without a quantity ({what}); "
            "the documents say so.", len(gaps), what=what))
    a = outputs.applicant
    lines += [
        "",
        _("Application form (计量专业项目考核申请表) for the fictional applicant {name} "
          "({id_number}), {year} timetable, period {period}, site {site}; projects: "
          "{projects}.", name=a.name, id_number=masked_id(a.id_number), year=outputs.form_year,
          period=a.period, site=a.site, projects=_projects(outputs)),
        "",
        _("Wrote:"),
    ]
    shown = [shown_path(p, cwd) for p in outputs.files]
    pad = max(map(_columns, shown))
    what = (_("the estimate workbook: live formulas, change a price and the totals follow"),
            _("the justification (thuyết minh dự toán)"),
            _("the application form"))
    lines += [f"  {path}{' ' * (pad - _columns(path))}  {text}"
              for path, text in zip(shown, what, strict=True)]
    commands = (
        ("normbook norm VI labour --source",
         _("a norm and the lines of the circular behind it")),
        ("normbook estimate --help",
         _("your own estimate, on your prices (normbook prices-template)")),
        ("normbook forms --help", _("forms for a whole roster")),
        ("normbook appendices", _("the 31 appendices (normbook check: the data's summary)")),
        ("normbook data status",
         _("the data used; add a new exam year, decree or holidays")),
    )
    lines += ["", _("Next:")]
    lines += [f"  {command:34} {text}" for command, text in commands]
    return "\n".join(lines)


def _gap(gap) -> str:
    """One row left out: ``VI equipment Máy hút ẩm`` or ``VI labour work 3``."""
    from .errors import table_label

    if gap.item:
        return _("{appendix} {component} {item}", appendix=gap.appendix,
                 component=table_label(gap.component), item=gap.item)
    return _("{appendix} {component} work {work}", appendix=gap.appendix,
             component=table_label(gap.component), work=gap.work)


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _projects(outputs: DemoOutputs) -> str:
    """The form's projects, a special one marked: "医用诊断X射线辐射源 (special project), ..."."""
    from .forms.exam_facts import exam_facts

    facts = exam_facts(outputs.form_year)
    return str(listed(_("{project} (special project)", project=p.project)
                      if facts.special_project(p.project, p.regulation) else p.project
                      for p in outputs.applicant.projects))
