"""Read an equipment (B) or materials (C) section into item rows.

Each row is: name, unit, spec (none, one or several cells), then one value (equipment: shifts)
or two (materials: use and consumption). The flattened text has lost the column boundaries, so
a row is found by its unit cell and closed by its value cells; where the source deviates (no
unit, a note instead of a number, a cell that belongs to no row) the row is kept as written and
an irregularity says what is odd.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import skip_column_header
from .labour import WORK
from .notation import parse_number
from .raw import Cell, Irregularity, ItemRow, Work

UNITS = frozenset(u.casefold() for u in (
    "Ca", "kW", "kWh", "bộ", "bình", "cái", "lít", "kg", "gram", "g", "L", "mL", "chiếc",
    "hộp", "quyển", "thùng", "kiện", "tấm", "đôi", "m3", "bộ/cái", "chai 500 mL", "lọ 10 mL",
))
# Text the circular puts where a number belongs.
NOTE = re.compile(r"(Tùy|Tuỳ|Sử dụng khi|Theo thực tế)\b.*")
# A cell that describes (a spec line) rather than names: "Độ KĐBĐ: ≤ 0,010 kg/m3".
_SPEC_LIKE = re.compile(r".*(:|≤|≥|÷).*")
_STT = re.compile(r"[IVXL]+|\d{1,2}")
# XXXI gives one materials block for the whole procedure under this heading instead of works.
_WHOLE_PROCEDURE = re.compile(r"Xây dựng hoàn thiện 01 quy trình.*")


@dataclass
class RowsResult:
    works: list[Work] = field(default_factory=list)
    rows: list[ItemRow] = field(default_factory=list)
    irregularities: list[Irregularity] = field(default_factory=list)


def is_value(text: str) -> bool:
    return parse_number(text) is not None or NOTE.fullmatch(text) is not None


def read_rows(appendix: str, section: str, cells: list[Cell]) -> RowsResult:
    """Item rows of an equipment or materials section; ``section`` names which."""
    width = 1 if section == "equipment" else 2
    reader = _RowReader(appendix, section, width)
    body = skip_column_header(cells)
    i = 0
    while i < len(body):
        cell = body[i]
        following = body[i + 1].text if i + 1 < len(body) else ""
        if m := WORK.fullmatch(cell.text):
            reader.start_work(cell, m.group(1) if not m.group(2) else f"{m.group(1)}+{m.group(2)}",
                              m.group(3))
        elif _WHOLE_PROCEDURE.fullmatch(cell.text) and reader.work is None:
            reader.start_work(cell, "", cell.text)
        elif reader.work is None:
            pass  # row numbers before the first work
        elif _STT.fullmatch(cell.text) and (WORK.match(following) or
                                            _WHOLE_PROCEDURE.fullmatch(following)):
            pass  # the row number of the next work: "II", or "2" in XXXI
        elif is_value(cell.text):
            run = [cell]
            while i + 1 < len(body) and is_value(body[i + 1].text) and len(run) < 3 and not (
                _STT.fullmatch(body[i + 1].text)
                and i + 2 < len(body) and WORK.match(body[i + 2].text)
            ):
                i += 1
                run.append(body[i])
            reader.close_row(run)
        else:
            reader.pending.append(cell)
        i += 1
    reader.finish()
    return reader.result


class _RowReader:
    def __init__(self, appendix: str, section: str, width: int):
        self.appendix, self.section, self.width = appendix, section, width
        self.result = RowsResult()
        self.work: str | None = None
        self.pending: list[Cell] = []
        self.seq = 0
        self.heading_line = 0

    def irregular(self, kind: str, line: int, detail: str) -> None:
        self.result.irregularities.append(
            Irregularity(self.appendix, self.section, kind, line, detail)
        )

    def start_work(self, cell: Cell, number: str, title: str) -> None:
        self.flush_without_values()
        if "+" in number:
            self.irregular("joint_work", cell.line,
                           f"works {number.replace('+', ' and ')} are given one joint block")
        self.work = number
        self.heading_line = cell.line
        self.result.works.append(Work(self.appendix, self.section, number, title, cell.line))

    def finish(self) -> None:
        self.flush_without_values()

    def flush_without_values(self) -> None:
        """Rows left open at the end of a work: the source gives them no value at all."""
        if self.pending:
            for row in self.split_rows(self.pending):
                self.add_row(row, [])
        self.pending = []

    def close_row(self, run: list[Cell]) -> None:
        values = run
        cells = self.pending
        if len(values) > self.width:
            # More numbers than value columns: the first ones are a numeric spec.
            extra = len(values) - self.width
            cells = [*cells, *values[:extra]]
            values = values[extra:]
        self.pending = []
        if not cells:
            self.irregular("stray_cell", values[0].line,
                           f"value {' '.join(v.text for v in values)!r} belongs to no item")
            return
        rows = self.split_rows(cells)
        for row in rows[:-1]:
            self.add_row(row, [])
        self.add_row(rows[-1], values)

    def split_rows(self, cells: list[Cell]) -> list[list[Cell]]:
        """Cut cells into rows at each unit cell (a row's name stands just before its unit)."""
        units = [i for i, c in enumerate(cells) if c.text.casefold() in UNITS]
        if not units:
            return [cells]
        rows: list[list[Cell]] = []
        start = 0
        for k, u in enumerate(units):
            if u == start and rows:
                continue
            end = units[k + 1] - 1 if k + 1 < len(units) else len(cells)
            if k + 1 < len(units) and _SPEC_LIKE.fullmatch(cells[units[k + 1] - 1].text):
                end = units[k + 1] - 2  # the next row has a spec cell before its unit
            if u == 0 and start == 0 and k + 1 < len(units) and units[k + 1] == 1:
                continue
            rows.append(cells[start:end] if end > start else cells[start : u + 1])
            start = max(end, u + 1)
        if start < len(cells):
            rows[-1].extend(cells[start:])
        return rows

    def add_row(self, cells: list[Cell], values: list[Cell]) -> None:
        units = [i for i, c in enumerate(cells) if c.text.casefold() in UNITS]
        lines = [c.line for c in cells] + [v.line for v in values]
        if units and units[0] == 0:
            self.irregular("stray_cell", cells[0].line,
                           f"unit cell {cells[0].text!r} with no item name")
            cells = cells[1:]
            units = [u - 1 for u in units[1:]]
            if not cells:
                return
        if units:
            u = units[0]
            before = cells[:u]
            name_at = len(before) - 1
            spec_pre: list[Cell] = []
            if len(before) >= 2 and _SPEC_LIKE.fullmatch(before[-1].text):
                name_at, spec_pre = len(before) - 2, [before[-1]]
            for stray in before[:name_at]:
                self.irregular("unattached_cell", stray.line,
                               f"{stray.text!r} stands before item {before[name_at].text!r} "
                               "with no unit or value of its own")
            name = _strip_bullet(before[name_at].text)
            unit = cells[u].text
            spec_cells = [*spec_pre, *cells[u + 1 :]]
            if len(units) > 1:
                self.irregular("unreadable_cell", cells[units[1]].line,
                               f"second unit cell in the row of {name!r}")
        else:
            name, unit, spec_cells = _strip_bullet(cells[0].text), "", cells[1:]
            self.irregular("missing_unit", cells[0].line, f"{name!r} has no unit cell")
        spec = "\n".join(c.text for c in spec_cells)
        parsed = [parse_number(v.text) for v in values]
        notes = [v.text for v, p in zip(values, parsed, strict=True) if p is None]
        note = "; ".join(dict.fromkeys(notes))
        if not spec:
            self.irregular("missing_spec", cells[0].line, f"{name!r} has no technical spec")
        if not values:
            self.irregular("missing_value", cells[0].line,
                           f"{name!r} has no {'shifts' if self.width == 1 else 'use/consumption'}")
        elif note:
            self.irregular("note_instead_of_number", values[0].line, f"{name!r}: {note!r}")
        elif len(values) < self.width:
            self.irregular("missing_value", values[0].line,
                           f"{name!r} gives one number where use and consumption are expected")
        self.seq += 1
        padded = [*parsed, *[None] * (self.width - len(parsed))][: self.width]
        written = [*[v.text for v in values], *[""] * (self.width - len(values))][: self.width]
        self.result.rows.append(ItemRow(
            self.appendix, self.section, self.work, self.seq, name, unit, spec, padded, written,
            note, sorted(set(lines)), self.heading_line,
        ))


def _strip_bullet(name: str) -> str:
    """An item name without the list bullet some rows carry ("- Máy in Laser")."""
    return re.sub(r"^[-+]\s+", "", name)
