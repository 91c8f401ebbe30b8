"""Cut the circular's flattened text into cells, appendices and sections."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..errors import ExtractError
from .raw import Cell

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV",
         "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI"]

_APPENDIX = re.compile(r"PHỤ LỤC ([IVXL]+)")
_SECTION = {
    "labour": re.compile(r"A\. định mức lao động", re.IGNORECASE),
    "equipment": re.compile(r"B\. định mức thiết bị", re.IGNORECASE),
    "materials": re.compile(r"C\. định mức vật tư", re.IGNORECASE),
}
# The web page the text was saved from appends a box of document facts after the last table.
_FOOTER = re.compile(r"HIỆU LỰC VĂN BẢN")
_ARTICLE_1 = re.compile(r"Điều 1\.")
_ARTICLE_2 = re.compile(r"Điều 2\.")


@dataclass
class AppendixText:
    """The cells of one appendix, cut into its heading and its three sections."""

    id: str
    line: int
    heading: list[Cell]
    sections: dict[str, list[Cell]]  # section -> cells after the section title (title excluded)
    section_lines: dict[str, int]


def read_cells(text: str) -> list[Cell]:
    """Every non-blank line with its 1-based line number, stripped."""
    return [Cell(n, s.strip()) for n, s in enumerate(text.split("\n"), start=1) if s.strip()]


def split_appendices(cells: list[Cell]) -> tuple[list[Cell], list[AppendixText]]:
    """The body before the first appendix, and each appendix in order."""
    starts = [i for i, c in enumerate(cells) if _APPENDIX.fullmatch(c.text)]
    if not starts:
        raise ExtractError("no 'PHỤ LỤC' heading found: is this the text of Circular 04/2022?")
    end = next((i for i, c in enumerate(cells) if _FOOTER.fullmatch(c.text)), len(cells))
    bounds = [*starts, end]
    appendices = []
    for a, b in itertools.pairwise(bounds):
        appendix_id = _APPENDIX.fullmatch(cells[a].text).group(1)
        appendices.append(_split_sections(appendix_id, cells[a].line, cells[a + 1 : b]))
    return cells[: starts[0]], appendices


def _split_sections(appendix_id: str, line: int, cells: list[Cell]) -> AppendixText:
    marks = []
    for i, c in enumerate(cells):
        for name, pattern in _SECTION.items():
            if pattern.match(c.text):
                marks.append((i, name))
    heading_end = marks[0][0] if marks else len(cells)
    sections: dict[str, list[Cell]] = {}
    section_lines: dict[str, int] = {}
    for k, (i, name) in enumerate(marks):
        stop = marks[k + 1][0] if k + 1 < len(marks) else len(cells)
        sections[name] = cells[i + 1 : stop]
        section_lines[name] = cells[i].line
    return AppendixText(appendix_id, line, cells[:heading_end], sections, section_lines)


def article1_items(body: list[Cell]) -> dict[int, Cell]:
    """Article 1's numbered list: item number -> its cell."""
    start = next((i for i, c in enumerate(body) if _ARTICLE_1.match(c.text)), None)
    stop = next((i for i, c in enumerate(body) if _ARTICLE_2.match(c.text)), None)
    if start is None or stop is None:
        raise ExtractError("Article 1 (Điều 1) and its list of 31 norms were not found")
    items = {}
    for c in body[start:stop]:
        m = re.match(r"(\d+)\. Định mức", c.text)
        if m:
            items[int(m.group(1))] = c
    return items


def skip_column_header(cells: list[Cell]) -> list[Cell]:
    """Drop a table's header: everything up to its row of column numbers "(1)" ... "(n)"."""
    last = None
    for i, c in enumerate(cells):
        if re.fullmatch(r"\(\d\)", c.text):
            last = i
        elif last is not None:
            break
    return cells[last + 1 :] if last is not None else cells
