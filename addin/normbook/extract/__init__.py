"""Circular 04/2022/TT-BKHCN text -> rows tagged with source lines, and irregularities.

The extractor is deterministic: the same text always gives the same tables, so the committed
data can be checked against a fresh extraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ExtractError
from .cells import ROMAN, article1_items, read_cells, split_appendices
from .checks import (
    breakdown_irregularities,
    class_irregularities,
    item_irregularities,
    renumber_duplicate_works,
    title_irregularities,
)
from .heading import read_heading
from .introduction import read_introduction
from .labour import read_labour
from .raw import Appendix, IntroItem, Irregularity, ItemRow, LabourLine, Step, Work
from .rows import read_rows

EVALUATION_MARK = "cho 01 lần đánh giá"


@dataclass
class Extraction:
    """Everything read from the circular."""

    appendices: list[Appendix] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    labour: list[LabourLine] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    equipment: list[ItemRow] = field(default_factory=list)
    materials: list[ItemRow] = field(default_factory=list)
    irregularities: list[Irregularity] = field(default_factory=list)
    introduction: list[IntroItem] = field(default_factory=list)


def extract(text: str) -> Extraction:
    """Read the circular's flattened text into tables."""
    body, parts = split_appendices(read_cells(text))
    if [p.id for p in parts] != ROMAN:
        raise ExtractError(
            f"expected appendices I..XXXI in order, found {', '.join(p.id for p in parts)}"
        )
    article1 = article1_items(body)
    out = Extraction()
    for number, part in enumerate(parts, start=1):
        appendix, irregular = read_heading(part, number, article1.get(number), part.id)
        out.appendices.append(appendix)
        out.irregularities.extend(irregular)
        out.introduction += read_introduction(part.id, part.heading)
        works: list[Work] = []
        rows: list[ItemRow] = []
        if "labour" in part.sections:
            labour = read_labour(part.id, part.sections["labour"])
            works += labour.works
            out.labour += labour.lines
            out.steps += labour.steps
            out.irregularities += labour.irregularities
            out.irregularities += breakdown_irregularities(part.id, labour.steps)
            out.irregularities += class_irregularities(part.id, labour.lines)
        for section in ("equipment", "materials"):
            if section in part.sections:
                result = read_rows(part.id, section, part.sections[section])
                works += result.works
                rows += result.rows
                out.irregularities += result.irregularities
        out.irregularities += renumber_duplicate_works(part.id, works, rows)
        out.irregularities += title_irregularities(part.id, works)
        out.irregularities += item_irregularities(part.id, rows)
        missing = [s for s in ("labour", "equipment", "materials") if s not in part.sections]
        if missing:
            last = part.sections[next(reversed(part.sections))][-1].line if part.sections \
                else part.line
            out.irregularities.append(Irregularity(
                part.id, "appendix", "truncated_appendix", last,
                f"the source stops at line {last}: no {' and no '.join(missing)} section; "
                "the appendix's norms are incomplete",
            ))
        for w in works:
            w.basis = _basis(appendix, w, works)
        out.works += works
        out.equipment += [r for r in rows if r.section == "equipment"]
        out.materials += [r for r in rows if r.section == "materials"]
    return out


def _basis(appendix: Appendix, work: Work, works: list[Work]) -> str:
    if appendix.kind == "procedure":
        return "per_procedure"
    titles = [w.title for w in works if w.section == "labour" and w.work == work.work]
    return "per_evaluation" if any(EVALUATION_MARK in t for t in [work.title, *titles]) \
        else "per_year"
