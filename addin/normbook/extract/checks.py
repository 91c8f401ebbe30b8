"""Find what is irregular across an extracted appendix. Records; never changes a value."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal

from ..models import breakdown_sum
from .raw import Irregularity, ItemRow, LabourLine, Step, Work

# One machine run round the clock: three shifts a day for a year.
MAX_SHIFTS_PER_YEAR = Decimal(3 * 365)
_REPEATED_WORDS = re.compile(r"\b(\w+(?: \w+)?) \1\b")


def breakdown_irregularities(appendix: str, steps: list[Step]) -> list[Irregularity]:
    """Steps that do not add up to the total they split, and subtotal rows written as 0."""
    found = []
    by_work: dict[str, list[Step]] = defaultdict(list)
    for s in steps:
        by_work[s.work].append(s)
    for work, group in by_work.items():
        for i, s in enumerate(group):
            heading = s.level == 1 and i + 1 < len(group) and group[i + 1].level == 2
            if heading and s.cong == 0:
                found.append(Irregularity(
                    appendix, "labour", "zero_subtotal", s.line,
                    f"work {work}: step {s.label!r} is written as 0 although its sub-steps "
                    "carry công; it is a heading, its sub-steps are summed",
                ))
            elif not heading and s.cong is None:
                found.append(Irregularity(appendix, "labour", "missing_value", s.line,
                                          f"work {work}: step {s.label!r} has no công"))
        total = group[0].total
        summed = breakdown_sum(group)
        if total is not None and summed != total:
            found.append(Irregularity(
                appendix, "labour", "breakdown_mismatch", group[0].line,
                f"work {work}: steps add up to {summed} công, the work's total is {total}",
            ))
    return found


def normalise_title(title: str) -> str:
    """A title compared across sections: case, spacing and trailing dots do not count."""
    text = unicodedata.normalize("NFC", title).casefold()
    text = re.sub(r"\s+", " ", text).strip().rstrip(".…").strip()
    return text


def title_irregularities(appendix: str, works: list[Work]) -> list[Irregularity]:
    """Work titles that read differently in the equipment or materials section than in labour."""
    labour = {w.work: w for w in works if w.section == "labour"}
    found = []
    for w in works:
        if w.section == "labour" or w.work == "":
            continue
        numbers = w.work.split("+")
        ref = [labour[n] for n in numbers if n in labour]
        if len(ref) != len(numbers):
            found.append(Irregularity(appendix, w.section, "unknown_work", w.line,
                                      f"work {w.work} is not among the labour section's works"))
            continue
        if len(ref) == 1 and normalise_title(ref[0].title) != normalise_title(w.title):
            found.append(Irregularity(
                appendix, w.section, "title_mismatch", w.line,
                f"work {w.work} is titled {w.title!r} here but {ref[0].title!r} in the labour "
                f"section (line {ref[0].line})",
            ))
    return found


def renumber_duplicate_works(appendix: str, works: list[Work],
                             rows: list[ItemRow]) -> list[Irregularity]:
    """Give a heading that repeats another heading's number the number its title matches.

    XX's materials title both its third and fourth headings "Công việc 4"; the third reads like
    labour's work 3. The row keeps its heading text; the number used is recorded as irregular.
    """
    labour = {w.work: w.title for w in works if w.section == "labour"}
    found = []
    for section in ("equipment", "materials"):
        heads = [w for w in works if w.section == section]
        counts: dict[str, int] = defaultdict(int)
        for w in heads:
            counts[w.work] += 1
        used = {w.work for w in heads}
        for w in heads:
            if counts[w.work] < 2:
                continue
            scores = {n: difflib.SequenceMatcher(None, normalise_title(t),
                                                 normalise_title(w.title)).ratio()
                      for n, t in labour.items()}
            best = max(scores, key=scores.get)
            if best != w.work and best not in used:
                found.append(Irregularity(
                    appendix, section, "work_number_mismatch", w.line,
                    f"heading says work {w.work} but another heading has that number; its title "
                    f"is labour's work {best} ({labour[best][:50]!r}), so its rows count as work "
                    f"{best}",
                ))
                for r in rows:
                    if r.section == section and r.heading_line == w.line:
                        r.work = best
                counts[w.work] -= 1
                used.add(best)
                w.work = best
    return found


def item_irregularities(appendix: str, rows: list[ItemRow]) -> list[Irregularity]:
    """Values no norm can mean as written, and names with a doubled word."""
    found = []
    for r in rows:
        line = r.lines[-1]
        if r.section == "equipment" and r.values[0] is not None \
                and r.values[0] > MAX_SHIFTS_PER_YEAR:
            found.append(Irregularity(
                appendix, "equipment", "implausible_value", line,
                f"{r.name!r}: {r.values_as_written[0]} shifts in a year exceeds 3 shifts x 365 "
                f"days = {MAX_SHIFTS_PER_YEAR} for one machine (several units?)",
            ))
        if r.section == "materials" and None not in r.values and r.values[1] > r.values[0]:
            found.append(Irregularity(
                appendix, "materials", "implausible_value", line,
                f"{r.name!r}: consumption {r.values_as_written[1]} exceeds use "
                f"{r.values_as_written[0]}",
            ))
        if m := _REPEATED_WORDS.search(r.name):
            found.append(Irregularity(appendix, r.section, "name_typo", r.lines[0],
                                      f"{r.name!r} repeats {m.group(1)!r}"))
    return found


def class_irregularities(appendix: str, lines: list[LabourLine]) -> list[Irregularity]:
    """A rank and grade assigned to lab class 1 in one work and class 2 in another."""
    classes: dict[tuple[str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str], LabourLine] = {}
    for x in lines:
        if x.lab_class:
            key = (x.rank_code or x.rank, x.grade)
            classes[key].add(x.lab_class)
            first.setdefault(key, x)
    return [
        Irregularity(appendix, "labour", "class_inconsistent", first[key].lines[0],
                     f"{key[0]} grade {key[1]} is marked {' in some works and '.join(sorted(c))} "
                     "in others")
        for key, c in classes.items() if len(c) > 1
    ]
