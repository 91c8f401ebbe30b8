"""Read each appendix's heading (the standard's name and code) and Article 1's list of norms."""

from __future__ import annotations

import difflib
import re

from .cells import AppendixText
from .raw import Appendix, Cell, Irregularity

_TITLE = re.compile(r"(?:TÊN CHUẨN|TIÊU CHUẨN)\s*:\s*(.*)")
_ARTICLE1_PREFIX = re.compile(
    r"\d+\. Định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công sử dụng ngân sách nhà nước về\s*"
)
_ARTICLE1_SUFFIX = re.compile(r",?\s*tại Phụ lục [IVXL]+ kèm theo Thông tư này[.;]?$")
_BOILERPLATE = "ĐỊNH MỨC KINH TẾ"


def read_heading(text: AppendixText, number: int, article1: Cell | None,
                 roman: str) -> tuple[Appendix, list[Irregularity]]:
    """The appendix record, and irregularities between its title and Article 1."""
    title_cell = next((c for c in text.heading if _TITLE.match(c.text)), None)
    if title_cell is None:
        # XXXI names its subject, not a standard: the line after the boilerplate heading.
        title_cell = next(c for c in text.heading
                          if not c.text.startswith((_BOILERPLATE, "(Kèm theo")))
        standard = title_cell.text
        kind = "procedure"
    else:
        standard = _TITLE.match(title_cell.text).group(1).strip()
        kind = "upkeep"
    article1_name = ""
    if article1 is not None:
        article1_name = _ARTICLE1_SUFFIX.sub("", _ARTICLE1_PREFIX.sub("", article1.text)).strip()
    appendix = Appendix(roman, number, kind, standard, standard_code(standard), article1_name,
                        title_cell.line, article1.line if article1 else 0)
    return appendix, serial_mismatches(appendix)


def standard_code(standard: str) -> str:
    """The serial number / code part of a standard's title, as written ("" when it has none)."""
    if m := re.search(r"SỐ HIỆU\s*:\s*(.*)$", standard):
        return m.group(1).strip()
    if standard.endswith(")"):
        depth, start = 0, None
        for i in range(len(standard) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(standard[i], 0)
            if depth == 0:
                start = i
                break
        inner = standard[start + 1 : -1] if start is not None else ""
        if re.search(r"\d", inner):
            return inner.strip()
    if m := re.search(r"\bV\d{2}\.\S.*$", standard):
        return m.group(0).strip()
    return ""


def _serial_tokens(text: str) -> set[str]:
    """Digit-bearing codes of a text, spacing normalised so "TB 1.20" and "TB1.20" agree."""
    text = text.upper()
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    text = re.sub(r"(?<=[A-ZĐ])\s+(?=\d)", "", text)
    return {t.strip(".-/") for t in re.findall(r"[A-ZĐ0-9.\-/]+", text) if re.search(r"\d", t)}


def serial_mismatches(appendix: Appendix) -> list[Irregularity]:
    """Codes in the appendix title that Article 1 writes differently (nearest spelling shown)."""
    if not appendix.article1_name:
        return []
    ours, theirs = _serial_tokens(appendix.standard), _serial_tokens(appendix.article1_name)
    found = []
    for token in sorted(ours - theirs):
        close = difflib.get_close_matches(token, sorted(theirs - ours), n=1, cutoff=0.6)
        if close:
            found.append(Irregularity(
                appendix.id, "appendix", "serial_mismatch", appendix.line,
                f"the appendix title writes {_as_written(token, appendix.standard)!r} where "
                f"Article 1 (line {appendix.article1_line}) writes "
                f"{_as_written(close[0], appendix.article1_name)!r}",
            ))
    return found


def _as_written(token: str, text: str) -> str:
    """A code as ``text`` writes it ("ĐLHH 01.20.01"): an irregularity quotes the source
    exactly, though codes are compared with their spacing normalised."""
    pattern = r"\s*".join(re.escape(c) for c in token)
    found = re.search(pattern, text, re.IGNORECASE)
    return found.group(0) if found else token
