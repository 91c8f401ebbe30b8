"""How the workbooks Normbook writes print: A4, readable, headers on every page.

Each sheet gets paper A4; portrait when its table fits the page's width, else landscape; its
header rows repeated on every page; a print area of the table's columns (without notes or
lookup keys beside it); thin borders round the table's cells; a page header naming the
document, the sheet and the standard, and a footer "page N of M" in the document's language
with the date. A table too wide for the page is not shrunk below :data:`MIN_SCALE`: its long
texts are wrapped in narrower columns (rows made taller) until it fits one page's width at
:data:`GOOD_SCALE` or more, and only then fitted to that width.

Widths are reckoned with Calibri's metrics, the workbooks' font: 5.6 pt per character of
column width, as Excel prints it and LibreOffice with Carlito (Calibri's metric twin, which
LibreOffice ships; Debian's fonts-crosextra-carlito). A LibreOffice with neither puts a wider
font in its place and prints a fitted sheet smaller. openpyxl is imported only inside the
functions; the worksheet functions never import this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import Domain, Message

_ = Domain(__name__)

#: A4 in points, portrait.
A4 = (595.3, 841.9)
#: Margins in inches: narrow at the sides, room for the page header and footer.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.75, "header": 0.3,
           "footer": 0.3}
#: Points a character of column width takes on paper (see the module docstring).
CHAR_PT = 5.6
#: No sheet prints smaller than this (percent).
MIN_SCALE = 60
#: A wider table is fitted to the page as it is down to this scale; below it, its long
#: texts are wrapped in narrower columns until it fits at this scale.
GOOD_SCALE = 75
#: A column of text is never made narrower than this many characters (nor than its
#: longest word, up to :data:`WORD_LIMIT`).
MIN_TEXT_WIDTH = 12
WORD_LIMIT = 16
#: Text columns are first narrowed no further than this (characters).
SENSIBLE_WIDTH = 20
#: Points per line of 11 pt text, for the height of a wrapped row.
LINE_PT = 15.0
#: The width Excel gives a column nobody sized (characters).
DEFAULT_WIDTH = 8.43
#: A table whose header is this far down (or less) has the rows above it (its title)
#: repeated with its header.
TITLE_ROWS = 5
#: The page header's and footer's font size (points).
HEADER_SIZE = 8
#: Columns of an Excel Table that only serve lookups (the norms workbook's "key"): left out
#: of print when they are the table's last.
LOOKUP_COLUMNS = ("key",)

#: What the page headers name: the circular behind the norms, the exams behind the forms.
CIRCULAR = _.later("Circular 04/2022/TT-BKHCN")
EXAMS = _.later("Application forms for the metrology project exams (计量专业项目考核申请表)")
#: The forms' report of rejected rows and warnings, as its page header names it.
ROSTER_REPORT = _.later("Roster check: rejected rows and warnings")


@dataclass(frozen=True)
class Printed:
    """How a sheet was set up to print: its orientation, its scale (percent), its columns."""

    orientation: str
    scale: int
    columns: str  # "A:I"
    width_pt: float  # the printed columns' width at 100 %


def page_width(orientation: str) -> float:
    """Points between the side margins of an A4 page."""
    short, long_ = A4
    paper = long_ if orientation == "landscape" else short
    return paper - 72 * (MARGINS["left"] + MARGINS["right"])


def column_width(ws: Any, letter: str) -> float:
    """A column's width in characters (Excel's default for a column nobody sized)."""
    dim = ws.column_dimensions.get(letter)
    return dim.width if dim is not None and dim.width else DEFAULT_WIDTH


def text_width(text: str) -> int:
    """Characters ``text``'s longest line takes: a Chinese character counts two."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in str(text).split("\n")), default=0)


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (an estimate that
    errs long: a column's character is a digit's width, and most letters are narrower; a
    bold letter is wider)."""
    room = max(int(width * (0.85 if bold else 1.1)) - 1, 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        used, count = 0, 1
        for word in paragraph.split(" "):
            size = text_width(word)
            if used and used + 1 + size > room:
                count += 1
                used = 0
            used += (1 if used else 0) + size
            count += max(0, -(-size // room) - 1)  # a word longer than the column
        lines += count
    return max(lines, 1)


def standards(appendices: Iterable[tuple[str, str]], limit: int = 70) -> str:
    """The standards of an estimate's appendices for a page header ("VI: CHUẨN ..."),
    shortened to about ``limit`` characters; only their appendices when too many."""
    pairs = list(appendices)
    each = max(limit // max(len(pairs), 1) - 6, 12)
    text = "; ".join(f"{a}: {_shortened(s, each)}" for a, s in pairs)
    if len(text) > limit:
        text = _shortened(", ".join(a for a, _unused in pairs), limit)
    return text


def set_up_workbook(wb: Any, document: str | Message | None = None, *,
                    subject: str | Message | None = None,
                    sheets: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Printed]:
    """Set up every visible sheet of ``wb`` to print (:func:`set_up`).

    Args:
        document: what the page header calls the document (default: the workbook's title).
        subject: the standard(s) it is about (default: :data:`CIRCULAR`).
        sheets: by sheet name, :func:`set_up`'s keyword arguments for that sheet.
    """
    document = document if document is not None else (wb.properties.title or "Normbook")
    done = {}
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            done[ws.title] = set_up(ws, document, subject=subject,
                                    **dict((sheets or {}).get(ws.title, {})))
    return done


def set_up(ws: Any, document: str | Message, *, subject: str | Message | None = None,
           title_rows: str | None = None, columns: str | None = None,
           last_row: int | None = None, tables: Iterable[str] | None = None,
           orientation: str | None = None) -> Printed:
    """Set up one sheet to print on A4 (see the module docstring).

    Args:
        document: what the page header calls the document.
        subject: the standard(s) the document is about (default: :data:`CIRCULAR`).
        title_rows: the rows repeated at the top of every page; default the rows down to
            the header of the sheet's Excel Table, else "1:1"; "" for none.
        columns: the columns to print ("A:I"); default the columns from A up to the first
            empty one (a note standing beside the table, after an empty column, is left
            out), without a lookup column (:data:`LOOKUP_COLUMNS`) at a Table's end.
        last_row: the last row to print (default: the last holding a value, or the foot of
            a chart below it).
        tables: ranges to frame with thin borders ("A1:I4"); default the blocks of rows
            holding two values or more, from the header row on.
        orientation: "portrait" or "landscape" whatever the width (default: by width).
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import column_index_from_string

    used = _used(ws)
    if title_rows is None:
        title_rows = _table_header(ws, used)
    if columns:
        first, last = (column_index_from_string(c) for c in columns.split(":"))
    else:
        first, last = 1, _last_column(ws, used)
    letters = [get_column_letter(c) for c in range(first, last + 1)]
    for letter in letters:  # a width of its own, so every program prints it alike
        ws.column_dimensions[letter].width = column_width(ws, letter)
    header = _rows(title_rows)[1] if title_rows else 0
    bottom = last_row or max([r for r, c in used if first <= c <= last] + [_chart_foot(ws)]
                             + [1])
    cells = {k: v for k, v in used.items() if first <= k[1] <= last and k[0] <= bottom}

    _room_for_header_words(ws, letters, first, cells, header)
    orientation, scale, width = _fit(ws, letters, first, cells, header, orientation)
    _wrap_long_texts(ws, letters, first, cells)
    _frame(ws, cells, first, last, header, tables)
    _page(ws, orientation, scale, document, subject)
    ws.print_area = f"{letters[0]}1:{letters[-1]}{bottom}"
    if title_rows:
        ws.print_title_rows = title_rows
    return Printed(orientation, scale, f"{letters[0]}:{letters[-1]}", width)


# ---- widths, orientation and scale ---------------------------------------------------------

def _room_for_header_words(ws: Any, letters: list[str], first: int, cells: dict,
                           header: int) -> None:
    """Widen a column whose header has a word wider than it (a word is never split)."""
    for (row, column), cell in cells.items():
        if row == header and isinstance(cell.value, str) and cell.data_type != "f":
            bold = bool(cell.font and cell.font.b)
            word = max((text_width(w) for w in cell.value.split()), default=0)
            need = _header_room(word, bold)
            letter = letters[column - first]
            if column_width(ws, letter) < need:
                ws.column_dimensions[letter].width = need


def _header_room(word: int, bold: bool) -> float:
    """Characters of width a header's word needs not to be split (bold letters with
    diacritics are wider than a digit, the unit of a column's width)."""
    return round(word * (1.25 if bold else 1.1) + 2, 1)


def _fit(ws: Any, letters: list[str], first: int, cells: dict, header: int,
         orientation: str | None) -> tuple[str, int, float]:
    """Choose the orientation and scale; narrow long-text columns where the table would
    otherwise print below :data:`GOOD_SCALE`. Returns (orientation, scale, width in pt).

    Narrowing makes rows taller and the printout longer, so it goes in two steps: first no
    text column below :data:`SENSIBLE_WIDTH` characters, for a scale down to
    :data:`MIN_SCALE`; only a table still too wide has its texts narrowed further, down to
    their longest words.
    """
    widths = {letter: column_width(ws, letter) for letter in letters}
    total = sum(widths.values()) * CHAR_PT
    if orientation is None:
        orientation = "portrait" if total <= page_width("portrait") else "landscape"
    room = page_width(orientation)
    if total > room * 100 / GOOD_SCALE:
        floors = _floors(ws, letters, first, cells, header)
        sensible = {k: max(f, SENSIBLE_WIDTH) for k, f in floors.items()}
        narrowed = _water_fill(widths, sensible, room * 100 / GOOD_SCALE / CHAR_PT)
        if sum(narrowed.values()) * CHAR_PT > room * 100 / MIN_SCALE:
            # a little above the least scale: LibreOffice's fit rounds its own way
            narrowed = _water_fill(widths, floors, room * 100 / (MIN_SCALE + 3) / CHAR_PT)
        for letter, width in narrowed.items():
            if width < widths[letter]:
                ws.column_dimensions[letter].width = width
                _wrap_column(ws, letter, first + letters.index(letter), cells)
        widths = narrowed
        total = sum(widths.values()) * CHAR_PT
    scale = min(100, int(room / total * 100)) if total else 100
    return orientation, scale, total


def _floors(ws: Any, letters: list[str], first: int, cells: dict,
            header: int) -> dict[str, float]:
    """How narrow each column may become: no narrower than its header's longest word, a
    text's longest word (at least :data:`MIN_TEXT_WIDTH`), or its widest number; a column
    with a formula whose result is not known keeps its width (it is left out)."""
    results = _results(ws)
    need: dict[int, float] = {}
    unknown: set[int] = set()
    for (row, column), cell in cells.items():
        value = cell.value
        if cell.data_type == "f":
            value = results.get(cell.coordinate)
            if value is None:
                unknown.add(column)
                continue
        if isinstance(value, str):
            word = max((text_width(w) for w in value.split()), default=0)
            if row > header:
                size = min(max(MIN_TEXT_WIDTH, word + 1), WORD_LIMIT)
            else:  # a header's word is never split (bold letters are wider)
                size = _header_room(word, bool(cell.font and cell.font.b))
        elif isinstance(value, bool):
            size = 6
        elif isinstance(value, int | float):
            shown = f"{value:,.0f}" if value == int(value) else f"{value:,.3f}".rstrip("0")
            size = len(shown) + 3
        else:
            size = 12  # a date
        need[column] = max(need.get(column, 0), size)
    return {letter: float(need.get(i, MIN_TEXT_WIDTH))
            for i, letter in enumerate(letters, first) if i not in unknown}


def _water_fill(widths: dict[str, float], floors: dict[str, float],
                target: float) -> dict[str, float]:
    """The widths with the widest text columns cut to one cap (none below its floor), the
    cap as high as lets the total reach ``target`` characters."""
    def cut(cap: float) -> dict[str, float]:
        return {k: (max(min(floors[k], w), min(w, cap)) if k in floors else w)
                for k, w in widths.items()}

    low, high = 0.0, max(widths.values())
    if sum(cut(high).values()) <= target:
        return dict(widths)
    for _step in range(40):
        middle = (low + high) / 2
        if sum(cut(middle).values()) > target:
            high = middle
        else:
            low = middle
    return {k: round(w, 1) for k, w in cut(int(low) if low >= 1 else low).items()}


# ---- long texts ----------------------------------------------------------------------------

def _wrap_column(ws: Any, letter: str, index: int, cells: dict) -> None:
    """Wrap every text of a narrowed column."""
    for (_row, column), cell in cells.items():
        if column == index and isinstance(cell.value, str):
            _wrap(cell)


def _wrap_long_texts(ws: Any, letters: list[str], first: int, cells: dict) -> None:
    """Wrap a text wider than the room it has: its own column when the next cell holds a
    value (or the column is the last printed), else up to the next value. A text alone on
    its row and wider than the whole table is spread over the table's columns (merged)."""
    from openpyxl.cell.cell import MergedCell

    last = first + len(letters) - 1
    widths = [column_width(ws, letter) for letter in letters]
    results = _results(ws)
    by_row: dict[int, list[int]] = {}
    for row, column in cells:
        by_row.setdefault(row, []).append(column)
    for row, columns in by_row.items():
        columns.sort()
        for n, column in enumerate(columns):
            cell = ws.cell(row, column)
            if isinstance(cell, MergedCell):
                continue
            text = _shown_text(cell, results)
            if text is None:
                continue
            stop = columns[n + 1] - 1 if n + 1 < len(columns) else last
            room = sum(widths[column - first:stop - first + 1])
            own = widths[column - first]
            if cell.alignment.wrap_text:
                _fit_height(ws, row, text, own, bool(cell.font and cell.font.b))
            elif _header_room(text_width(text), bool(cell.font and cell.font.b)) - 2 > room:
                if len(columns) == 1 and column == first and stop > column \
                        and not _merged_at(ws, row) and not _in_table(ws, row):
                    ws.merge_cells(start_row=row, start_column=column, end_row=row,
                                   end_column=stop)
                    own = room
                _wrap(cell)
                _fit_height(ws, row, text, own, bool(cell.font and cell.font.b))


def _shown_text(cell: Any, results: dict) -> str | None:
    """The text a cell shows: its text, or what its formula computes when known."""
    value = cell.value
    if cell.data_type == "f":
        value = results.get(cell.coordinate)
    return value if isinstance(value, str) and value else None


def _align_top(cell: Any) -> None:
    from copy import copy

    alignment = copy(cell.alignment)
    alignment.vertical = "top"
    cell.alignment = alignment


def _wrap(cell: Any) -> None:
    from copy import copy

    alignment = copy(cell.alignment)
    alignment.wrap_text = True
    alignment.vertical = alignment.vertical or "top"
    cell.alignment = alignment


def _fit_height(ws: Any, row: int, text: str, width: float, bold: bool = False) -> None:
    """Make the row tall enough for ``text`` wrapped in ``width`` characters (programs keep
    a row's set height on load; LibreOffice does not refit it)."""
    lines = text_lines(text, width, bold=bold)
    if lines < 2:
        return
    dim = ws.row_dimensions[row]
    if (dim.height or LINE_PT) < lines * LINE_PT:
        dim.height = lines * LINE_PT
        for cell in ws[row]:  # a tall row reads from its top
            if cell.value is not None and cell.alignment.vertical is None:
                _align_top(cell)


def _merged_at(ws: Any, row: int) -> bool:
    return any(m.min_row <= row <= m.max_row for m in ws.merged_cells.ranges)


def _in_table(ws: Any, row: int) -> bool:
    """Whether ``row`` crosses an Excel Table (whose cells must never be merged)."""
    from openpyxl.utils.cell import range_boundaries

    return any(range_boundaries(t.ref)[1] <= row <= range_boundaries(t.ref)[3]
               for t in ws.tables.values())


# ---- borders, page ---------------------------------------------------------------------------

def _frame(ws: Any, cells: dict, first: int, last: int, header: int,
           tables: Iterable[str] | None) -> None:
    """Thin borders round every cell of each table."""
    from openpyxl.styles import Border, Side
    from openpyxl.utils.cell import range_boundaries

    if tables is None:
        tables = _blocks(cells, max(header, 1))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for ref in tables:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                max_col=max_col):
            for cell in row:
                cell.border = border


def _blocks(cells: dict, start: int) -> list[str]:
    """The tables of a sheet: runs of two rows or more, from ``start`` on, each row holding
    two values or more; a table spans the columns its rows use."""
    from openpyxl.utils import get_column_letter

    per_row: dict[int, list[int]] = {}
    for row, column in cells:
        if row >= start:
            per_row.setdefault(row, []).append(column)
    blocks, run = [], []
    for row in [*sorted(per_row), None]:
        wide = row is not None and len(per_row[row]) >= 2
        if wide and (not run or row == run[-1] + 1):
            run.append(row)
            continue
        if len(run) >= 2:
            columns = [c for r in run for c in per_row[r]]
            blocks.append(f"{get_column_letter(min(columns))}{run[0]}:"
                          f"{get_column_letter(max(columns))}{run[-1]}")
        run = [row] if wide else []
    return blocks


def _page(ws: Any, orientation: str, scale: int, document: str | Message,
          subject: str | Message | None) -> None:
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_margins = PageMargins(**MARGINS)
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    # Fitted to the page's width down to MIN_SCALE; a table wider still prints at
    # MIN_SCALE, over pages side by side, rather than smaller.
    fit = MIN_SCALE <= scale < 100
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    ws.page_setup.fitToWidth = 1 if fit else None
    ws.page_setup.fitToHeight = 0 if fit else None
    ws.page_setup.scale = None if fit else max(scale, MIN_SCALE)
    name = _header_text(str(document), 80)
    about = _header_text(str(subject if subject is not None else CIRCULAR), 80)
    header, footer = ws.oddHeader, ws.oddFooter
    header.left.text, header.center.text, header.right.text = name, "&A", about
    footer.center.text, footer.right.text = _("Page &P of &N"), "&D"
    for part in (header.left, header.center, header.right, footer.center, footer.right):
        part.size = HEADER_SIZE


def _header_text(text: str, limit: int) -> str:
    """``text`` for a page header: & doubled (a lone & starts a code), at most ``limit``."""
    return _shortened(" ".join(text.split()), max(limit, 8)).replace("&", "&&")


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# ---- reading the sheet -----------------------------------------------------------------------

def _used(ws: Any) -> dict[tuple[int, int], Any]:
    """(row, column) -> every cell holding a value."""
    return {(cell.row, cell.column): cell for row in ws.iter_rows() for cell in row
            if cell.value is not None and cell.value != ""}


def _table_header(ws: Any, used: dict) -> str:
    """Rows 1 down to the header of the sheet's first Excel Table, or of its first table
    when that starts within :data:`TITLE_ROWS` rows (under a title); else "1:1"."""
    from openpyxl.utils.cell import range_boundaries

    tops = [range_boundaries(t.ref)[1] for t in ws.tables.values()]
    if tops:
        return f"1:{min(tops)}"
    counts: dict[int, int] = {}
    for row, _column in used:
        counts[row] = counts.get(row, 0) + 1
    wide = [row for row, n in counts.items() if n >= 2]
    top = min(wide, default=1)
    return f"1:{top}" if top <= TITLE_ROWS else "1:1"


def _last_column(ws: Any, used: dict) -> int:
    """The last column of the table: before the first empty column, and before a lookup
    column ending an Excel Table."""
    from openpyxl.utils.cell import range_boundaries

    filled = {c for _r, c in used}
    last = 1
    while last + 1 in filled:
        last += 1
    for table in ws.tables.values():
        _c, _r, max_col, _r2 = range_boundaries(table.ref)
        names = [c.name for c in table.tableColumns] if table.tableColumns else []
        if max_col == last and names and names[-1] in LOOKUP_COLUMNS:
            last -= 1
    return last


def _rows(rows: str) -> tuple[int, int]:
    top, _sep, bottom = rows.replace("$", "").partition(":")
    return int(top), int(bottom or top)


def _chart_foot(ws: Any) -> int:
    """The row below the lowest chart (a chart's height counted in 20-point rows)."""
    from openpyxl.utils.cell import coordinate_from_string

    foot = 0
    for chart in getattr(ws, "_charts", []):
        anchor = chart.anchor
        start = anchor if isinstance(anchor, str) else None
        if start is None:
            continue
        row = coordinate_from_string(start)[1]
        foot = max(foot, row + int(chart.height / 2.54 * 72 / LINE_PT) + 1)
    return foot


def _results(ws: Any) -> dict[str, Any]:
    """What the sheet's formulas compute, where its writer recorded it
    (:func:`normbook.xlsx_parts.store_result`)."""
    from .xlsx_parts import _RESULTS

    return ws.__dict__.get(_RESULTS, {})
