"""The prices workbook's optional cost lines sheet: costs the norms do not list.

Management costs (chi phí quản lý), the depreciation of the standard's own fixed assets, other
direct costs: the circular's norms give labour, equipment use and materials only, and a
public service's cost has more (Decree 60/2021/NĐ-CP, Article 5). Each row is one line: a
name, a kind (a percentage of the direct costs, a percentage of labour, or a fixed amount in
VND), a value, the appendices it applies to (empty or "all": every appendix of the estimate)
and a basis, the user's citation, which is required. The template writes the sheet empty,
with its instructions; a prices workbook without it has no cost lines.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import Domain, listed
from .model import COST_LINE_KINDS, CostLineInput
from .price_cells import fold_label, keys_by_label

_ = Domain(__name__)

SHEET = "Cost lines"  # the key; the sheet's name is its label in the template's language
COLUMNS = ("name", "kind", "value", "appendices", "basis")
#: Rows the template prepares (validation and formats); more may be added below.
TEMPLATE_ROWS = 30

_COLUMN_LABELS = {"name": _.later("cost line"), "kind": _.later("kind"),
                  "value": _.later("value"), "appendices": _.later("appendices"),
                  "basis": _.later("basis")}
_KIND_LABELS = {"direct_percent": _.later("% of direct costs"),
                "labour_percent": _.later("% of labour"),
                "fixed": _.later("fixed amount (VND)")}
_ALL = _.later("all")


def sheet_label() -> Any:
    return _.later("Cost lines")


def kind_label(kind: str) -> str:
    """A kind as the reader reads it, in the language being written."""
    return str(_KIND_LABELS[kind]) if kind in _KIND_LABELS else kind


def instructions() -> list[str]:
    """What the sheet says beside its table (and the Notes sheet repeats)."""
    from .price_cells import percent_convention

    kinds = {k: kind_label(k) for k in COST_LINE_KINDS}
    return [
        _("Costs the norms do not list (management costs, the depreciation of the standard's "
          "own fixed assets, other direct costs): one row each; leave the sheet empty if there "
          "are none."),
        _("Kind: \"{direct}\" (of the appendices' labour, equipment and materials), "
          "\"{labour}\" (of their labour, direct and indirect) or \"{fixed}\" (added once).",
          direct=kinds["direct_percent"], labour=kinds["labour_percent"],
          fixed=kinds["fixed"]),
        _("Value: a percentage (10% in a cell formatted as a percentage, or 10) or an amount in "
          "VND for a fixed amount."),
        _("Appendices: the appendices it applies to, separated by commas (VI, XXV); empty or "
          "\"{all}\": every appendix of the estimate.", all=str(_ALL)),
        _("Basis: where the line comes from (an act, a decision of the unit, a calculation); "
          "required: the justification quotes it."),
        percent_convention(),
    ]


def write_sheet(wb: Any) -> None:
    """The empty cost lines sheet with its header, validation and instructions."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(str(sheet_label()))
    widths = {"name": 36, "kind": 24, "value": 16, "appendices": 16, "basis": 60}
    for i, key in enumerate(COLUMNS, 1):
        cell = ws.cell(1, i, str(_COLUMN_LABELS[key]))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(i)].width = widths[key]
    ws.freeze_panes = "A2"
    kinds = ",".join(kind_label(k) for k in COST_LINE_KINDS)
    dv = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=True,
                        showErrorMessage=True, errorTitle=_("Not a kind"),
                        error=_("Choose a kind from the list."))
    dv.add(f"B2:B{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(dv)
    for row in range(2, TEMPLATE_ROWS + 2):
        ws.cell(row, 3).number_format = "#,##0.##"
        ws.cell(row, 5).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["G"].width = 90
    for r, text in enumerate(instructions(), 1):
        ws.cell(r, 7, text).alignment = Alignment(wrap_text=True, vertical="top")


def read_sheet(values: Any, formulas: Any, problems: Any) -> tuple[CostLineInput, ...]:
    """The cost lines of the sheet, each cell checked; problems noted with their cells."""
    from ..errors import NormError
    from .price_cells import _cell_number, _is_formula, _percent, _said

    header = {}
    labels = keys_by_label(_COLUMN_LABELS)
    for cell in values[1]:
        key = labels.get(fold_label(cell.value)) if isinstance(cell.value, str) else None
        if key is not None:
            header.setdefault(key, cell.column)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        problems.add(f"{values.title}!1", _.later(
            "no column {names} in the header row; write a new template with `normbook "
            "prices-template`", names=listed(repr(str(_COLUMN_LABELS[c])) for c in missing)))
        return ()
    kinds = keys_by_label(_KIND_LABELS)
    out = []
    first_row: dict[str, int] = {}  # a name -> the row that gave it first
    for row in range(2, values.max_row + 1):
        cells = {k: values.cell(row, header[k]) for k in COLUMNS}
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip())
               for c in cells.values()):
            continue
        where = f"{values.title}!A{row}"
        reported = len(problems.items)
        name = cells["name"].value
        if not isinstance(name, str) or not name.strip():
            problems.add(where, _.later("a cost line without a name; name it or clear the row"))
        kind_cell = cells["kind"]
        kind = kinds.get(fold_label(kind_cell.value)) if isinstance(kind_cell.value, str) else None
        if kind is None:
            problems.add(f"{values.title}!{kind_cell.coordinate}", _.later(
                "{value} is not a kind of cost line; choose {known}", value=repr(kind_cell.value),
                known=listed(repr(kind_label(k)) for k in COST_LINE_KINDS)))
        value_cell = cells["value"]
        value_where = f"{values.title}!{value_cell.coordinate}"
        formula = _is_formula(formulas, row, header["value"])
        value: Decimal | None = None
        if kind == "fixed":
            value = _cell_number(value_cell, formula, value_where, problems)
        elif kind is not None:
            percent = _percent(value_cell, formula, value_where, problems,
                               field=_COLUMN_LABELS["value"])
            value = None if percent is None else percent / 100
        if kind is not None and value is None and len(problems.items) == reported:
            problems.add(value_where, _.later("the cost line has no value"))
        appendices = _appendices(cells["appendices"], values.title, problems)
        basis = cells["basis"].value
        if not isinstance(basis, str) or not basis.strip():
            problems.add(f"{values.title}!{cells['basis'].coordinate}", _.later(
                "the cost line has no basis; give the act, decision or calculation it comes "
                "from"))
        if isinstance(name, str) and name.strip():
            folded = fold_label(name)
            if folded in first_row:
                problems.add(where, _.later("{name} is the same cost line as row {row}; keep "
                                            "one row per line", name=repr(name.strip()),
                                            row=first_row[folded]))
            first_row.setdefault(folded, row)
        if len(problems.items) > reported or appendices is None:
            continue
        try:
            out.append(CostLineInput(name.strip(), kind, value, appendices, basis.strip(),
                                     where=where))
        except NormError as exc:
            problems.add(where, _said(exc))
    return tuple(out)


def _appendices(cell: Any, sheet: str, problems: Any) -> tuple[str, ...] | None:
    """The appendices a line applies to, or None (the problem noted with the cell)."""
    from ..errors import NormError

    try:
        return parse_appendices(cell.value)
    except NormError as exc:
        from .price_cells import _said

        problems.add(f"{sheet}!{cell.coordinate}", _said(exc))
        return None


def parse_appendices(value: Any) -> tuple[str, ...]:
    """The appendices a cost line applies to: () for every one (empty, or "all" in any
    language); "VI, XXV" -> ("VI", "XXV"). Raises UnknownAppendix for one that is not."""
    from ..i18n import LANGUAGES
    from ..query import appendix_id

    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    text = str(value).strip()
    if fold_label(text) in {fold_label(_ALL.render(lang)) for lang in LANGUAGES} | {"all"}:
        return ()
    parts = text.replace(";", ",").replace("、", ",").split(",")
    return tuple(dict.fromkeys(appendix_id(p.strip()) for p in parts if p.strip()))
