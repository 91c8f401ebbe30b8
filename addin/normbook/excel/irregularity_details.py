"""An irregularity's detail in the reader's language: the norms workbook, `normbook check`,
the worksheet functions.

The data package's ``detail`` is an English sentence the extractor wrote around the source's
own words (quoted as Python writes a string) and a few numbers. English shows it as it is;
the other languages say the same sentence, found by the irregularity's kind and its shape,
with the quoted source text kept as the circular writes it. A detail of no known shape says
the kind in words and the quoted source text.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ..i18n import Domain, Message, clauses, current

_ = Domain(__name__)

#: A quoted source text as the extractor writes it (Python's repr of a string).
_Q = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_N = r"(\S+?)"

#: (kind, the detail's shape, its sentence): the shape's groups are the sentence's facts in
#: order (a quoted group is unquoted before it is said).
_SHAPES: tuple[tuple[str, str, tuple[str, ...], Message], ...] = (
    ("title_mismatch", rf"work {_N} is titled {_Q} here but {_Q} in the labour section "
     rf"\(line (\d+)\)", ("work", "here", "labour", "line"),
     _.later("work {work} is titled '{here}' here but '{labour}' in the labour section "
             "(line {line})")),
    ("missing_spec", rf"{_Q} has no technical spec", ("name",),
     _.later("'{name}' has no technical spec")),
    ("unattached_cell", rf"{_Q} stands before item {_Q} with no unit or value of its own",
     ("text", "item"),
     _.later("'{text}' stands before item '{item}' with no unit or value of its own")),
    ("implausible_value", rf"{_Q}: {_N} shifts in a year exceeds 3 shifts x 365 days = "
     rf"(\d+) for one machine \(several units\?\)", ("name", "shifts", "most"),
     _.later("'{name}': {shifts} shifts in a year exceeds 3 shifts x 365 days = {most} for "
             "one machine (several machines?)")),
    ("implausible_value", rf"{_Q}: consumption {_N} exceeds use {_N}",
     ("name", "consumption", "use"),
     _.later("'{name}': consumption {consumption} exceeds use {use}")),
    ("serial_mismatch", rf"the appendix title writes {_Q} where Article (\d+) \(line (\d+)\) "
     rf"writes {_Q}", ("ours", "article", "line", "theirs"),
     _.later("the appendix title writes '{ours}' where Article {article} (line {line}) "
             "writes '{theirs}'")),
    ("note_instead_of_number", rf"{_Q}: {_Q}", ("name", "note"),
     _.later("'{name}': the note '{note}' instead of a number")),
    ("grade_without_scale", rf"{_Q} gives grade {_N} without its scale \(k/n\)",
     ("text", "grade"), _.later("'{text}' gives grade {grade} without the number of grades (k/n)")),
    ("missing_value", rf"{_Q} has no use/consumption", ("name",),
     _.later("'{name}' has no use or consumption")),
    ("missing_value", rf"{_Q} has no shifts", ("name",),
     _.later("'{name}' has no number of shifts")),
    ("missing_value", rf"work {_N} is listed without any labour line or công", ("work",),
     _.later("work {work} is listed without any labour line or công")),
    ("missing_value", rf"work {_N}: step {_Q} has no công", ("work", "step"),
     _.later("work {work}: step '{step}' has no công")),
    ("missing_unit", rf"{_Q} has no unit cell", ("name",),
     _.later("'{name}' has no unit cell")),
    ("name_typo", rf"{_Q} repeats {_Q}", ("name", "words"),
     _.later("'{name}' repeats '{words}'")),
    ("joint_work", r"works (\S+(?: and \S+)+) are given one joint block", ("works",),
     _.later("works {works} are given one joint block")),
    ("truncated_appendix", r"the source stops at line (\d+): no (.+) section; the "
     r"appendix's norms are incomplete", ("line", "missing"),
     _.later("the source stops at line {line}, without: {missing}; the appendix's norms are "
             "incomplete")),
    ("work_number_mismatch", rf"heading says work {_N} but another heading has that number; "
     rf"its title is labour's work {_N} \({_Q}\), so its rows count as work \S+",
     ("work", "best", "title"),
     _.later("heading says work {work} but another heading has that number; its title is "
             "labour's work {best} ('{title}'), so its rows are taken as work {best}")),
    ("zero_subtotal", rf"work {_N}: step {_Q} is written as 0 although its sub-steps carry "
     r"công; it is a heading, its sub-steps are summed", ("work", "step"),
     _.later("work {work}: step '{step}' is written as 0 although its sub-steps carry công; "
             "it is a heading, its sub-steps are summed")),
    ("class_inconsistent", rf"{_N} grade {_N} is marked {_N} in some works and {_N} in others",
     ("code", "grade", "first", "second"),
     _.later("{code} grade {grade} is marked {first} in some works and {second} in others")),
    ("stray_cell", rf"unit cell {_Q} with no item name", ("text",),
     _.later("unit cell '{text}' with no item name")),
    ("malformed_grade", rf"{_Q} read as {_N}", ("text", "grade"),
     _.later("'{text}' read as grade {grade}")),
    ("malformed_label", rf"{_Q} for {_Q} in {_Q}", ("wrong", "right", "text"),
     _.later("'{wrong}' for '{right}' in '{text}'")),
    ("unknown_work", rf"work {_N} is not among the labour section's works", ("work",),
     _.later("work {work} is not among the labour section's works")),
    ("breakdown_mismatch", rf"work {_N}: steps add up to {_N} công, the work's total is {_N}",
     ("work", "summed", "total"),
     _.later("work {work}: steps add up to {summed} công, the work's total is {total}")),
)
_COMPILED = tuple((kind, re.compile(shape + r"\Z"), names, sentence)
                  for kind, shape, names, sentence in _SHAPES)
_QUOTED = re.compile(_Q)

_OTHER = _.later("{kind}: {quoted}")
#: How a list of items is written (the works of a joint block, the missing sections).
_LIST_SEPARATOR = {"zh": "、"}


def detail(kind: str, text: str) -> str:
    """Irregularity ``kind``'s ``text`` (the data's English detail) in the current language."""
    from .norm_labels import SECTIONS, code_label

    lang = current()
    if lang == "en":
        return text
    separator = _LIST_SEPARATOR.get(lang, ", ")
    for shape_kind, shape, names, sentence in _COMPILED:
        found = shape.match(text) if shape_kind == kind else None
        if found is None:
            continue
        facts = dict(zip(names, map(_unquoted, found.groups()), strict=True))
        if "works" in facts:
            facts["works"] = separator.join(facts["works"].split(" and "))
        if "missing" in facts:
            facts["missing"] = separator.join(
                SECTIONS[s].render() if s in SECTIONS else s
                for s in facts["missing"].split(" and no "))
        return replace(sentence, facts=facts).render()
    quoted = [_unquoted(q) for q in _QUOTED.findall(text)]
    label = code_label("irregularities", "kind", kind)
    if not quoted:
        return label
    return replace(_OTHER, facts={"kind": label, "quoted": clauses(quoted)}).render()


def _unquoted(value: str) -> str:
    """A group as said: a quoted source text without its quotes, anything else as it is."""
    if value[:1] in ("'", '"'):
        try:
            return str(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            return value[1:-1]
    return value
