"""What openpyxl's .xlsx needs after saving: formulas' stored results, and comment shapes
with ids unique in the workbook.

openpyxl writes a formula cell with an empty result (``<v></v>``), so a reader that does not
recalculate (Excel's Protected View, previewers, pandas) shows a blank. A writer that knows
what a formula computes records it with :func:`store_result`; :func:`workbook_bytes` then puts
it into the saved sheet XML beside the formula (Excel recalculates on opening all the same).

openpyxl gives every sheet's comment drawing (``xl/drawings/commentsDrawingN.vml``) the same
shape-id block (``<o:idmap data="1"/>``, shapes ``_x0000_s1026`` ...). Excel's own files give
drawing N its own block of 1,024 ids (data="N", shapes from N × 1024 + 1), and exceljs
(PR #3070) reports that Excel offers to repair a workbook whose sheets' comment shapes share
ids. Nothing here is confirmed to trip Excel, but unique ids are what Excel writes and cost
nothing, so every workbook Normbook writes gets them (:func:`save_workbook`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from .docx_parts import rewrite_zip

_DRAWING = re.compile(r"xl/drawings/commentsDrawing(\d+)\.vml")
_IDMAP = re.compile(rb'(<(?:\w+:)?idmap\b[^>]*\bdata=")[^"]*(")')
_SHAPE_ID = re.compile(rb'(<(?:\w+:)?shape\b[^>]*?\bid=")_x0000_s\d+(")')
BLOCK = 1024


def _renumber(vml: bytes, first_block: int) -> tuple[bytes, int]:
    """The drawing with its shapes numbered from ``first_block``; and the blocks it took."""
    shapes = len(_SHAPE_ID.findall(vml))
    blocks = max(1, -(-shapes // (BLOCK - 1)))  # id N × 1024 itself is never a shape's
    ids = iter(i for i in range(first_block * BLOCK + 1, (first_block + blocks) * BLOCK)
               if i % BLOCK)
    vml = _SHAPE_ID.sub(lambda m: m.group(1) + f"_x0000_s{next(ids)}".encode() + m.group(2),
                        vml)
    data = ",".join(str(b) for b in range(first_block, first_block + blocks)).encode()
    vml = _IDMAP.sub(lambda m: m.group(1) + data + m.group(2), vml, count=1)
    return vml, blocks


def _renumbered(src: zipfile.ZipFile) -> dict[str, bytes]:
    """The comment drawings with their shape ids in blocks of their own ({} for fewer than
    two drawings: one drawing's ids are unique already)."""
    drawings = sorted((int(m.group(1)), i.filename) for i in src.infolist()
                      if (m := _DRAWING.fullmatch(i.filename)))
    if len(drawings) < 2:
        return {}
    renumbered, block = {}, 1
    for _, name in drawings:
        renumbered[name], used = _renumber(src.read(name), block)
        block += used
    return renumbered


def unique_comment_ids(data: bytes) -> bytes:
    """The .xlsx with each comment drawing's shape ids in a block of its own."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        renumbered = _renumbered(src)
    if not renumbered:
        return data
    return rewrite_zip(data, lambda name, body: renumbered.get(name, body))


# ---- stored results ----------------------------------------------------------------------------

#: Excel's error values, stored as such (t="e") rather than as text.
ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!")
_RESULTS = "_normbook_results"


def store_result(cell: Any, value: Any) -> None:
    """Remember what the formula in ``cell`` computes, to store it when the book is saved."""
    ws = cell.parent
    results = ws.__dict__.setdefault(_RESULTS, {})
    results[cell.coordinate] = value


def _typed(value: Any) -> tuple[bytes, bytes] | None:
    """The cell's t attribute and <v> text for a stored result (None: store nothing)."""
    from decimal import Decimal
    from xml.sax.saxutils import escape

    if value is None:
        return None
    if isinstance(value, bool):
        return b"b", b"1" if value else b"0"
    if isinstance(value, int | float | Decimal):
        return b"n", repr(float(value)).encode() if not isinstance(value, int) else \
            str(value).encode()
    text = str(value)
    if text in ERRORS:
        return b"e", text.encode()
    return b"str", escape(text).encode("utf-8")


def _inject(xml: bytes, results: dict[str, Any]) -> bytes:
    """Put each result into its formula cell's empty <v> (openpyxl writes <v></v> or <v/>)."""
    def fill(match: re.Match) -> bytes:
        ref = match.group(2).decode()
        typed = _typed(results.get(ref))
        if typed is None:
            return match.group(0)
        kind, text = typed
        attrs = re.sub(rb'\st="[^"]*"', b"", match.group(1))
        return (b"<c" + attrs + b' t="' + kind + b'">' + match.group(3) + b"<v>" + text
                + b"</v></c>")

    return _CELL_WITH_FORMULA.sub(fill, xml)


_CELL_WITH_FORMULA = re.compile(
    rb'<c((?:\s+[\w:]+="[^"]*")*?\s+r="([A-Z]+[0-9]+)"(?:\s+[\w:]+="[^"]*")*)\s*>'
    rb"(<f(?:\s[^>]*)?>.*?</f>|<f(?:\s[^>]*)?/>)<v\s*(?:/>|></v>)</c>", re.DOTALL)


def _results(workbook: Any) -> dict[str, dict[str, Any]]:
    """Sheet part -> the results recorded for its cells."""
    parts = {f"xl/worksheets/sheet{i}.xml": ws.__dict__.get(_RESULTS)
             for i, ws in enumerate(workbook.worksheets, 1)}
    return {k: v for k, v in parts.items() if v}


def store_results(data: bytes, workbook: Any) -> bytes:
    """The saved .xlsx with every recorded result beside its formula."""
    parts = _results(workbook)
    if not parts:
        return data
    return rewrite_zip(data, lambda name, body: _inject(body, parts[name])
                       if name in parts else body)


def workbook_bytes(workbook: Any, *, fixed: bool = False) -> bytes:
    """``workbook`` saved to bytes, with the formulas' stored results and comment ids made
    unique; ``fixed``: zip times and document dates fixed, so the same content gives the
    same bytes. One rewrite of the saved zip does all three."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    parts = _results(workbook)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        renumbered = _renumbered(src)
    if not (parts or renumbered or fixed):
        return data

    def edit(name: str, body: bytes) -> bytes:
        if name in parts:
            return _inject(body, parts[name])
        return renumbered.get(name, body)

    return rewrite_zip(data, edit, fixed=fixed)


def save_workbook(workbook: Any, output: Path | str, *, force: bool = False,
                  suffix: str = ".xlsx", fixed: bool = False) -> Path:
    """Save an openpyxl workbook atomically, never over a file unless ``force``
    (:func:`normbook.outputs.save_atomic`), with unique comment ids."""
    from .outputs import save_atomic

    data = workbook_bytes(workbook, fixed=fixed)

    def write(temp: str) -> None:
        Path(temp).write_bytes(data)

    return save_atomic(write, output, suffix=suffix, force=force)
