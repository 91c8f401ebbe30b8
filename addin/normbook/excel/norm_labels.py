"""The norms data's column names and codes in the reader's words (the ``excel`` catalog).

Column names (``category``, ``lab_class``) and codes (``chuyen_mon``, ``per_year``,
``upkeep``) are identifiers: formulas, filters and the data package use them, so they stay
as they are in every language. What a reader reads beside them comes from here: a caption
over a column, a worksheet function's header row, a label column beside a code.
"""

from __future__ import annotations

from ..i18n import Domain, Message, current

_ = Domain(__name__)

#: What each column holds, in the reader's words, by column name.
COLUMN_LABELS: dict[str, Message] = {
    "appendix": _.later("appendix"), "work": _.later("work"),
    "category": _.later("kind of labour"), "rank": _.later("rank"),
    "rank_code": _.later("rank code"), "grade": _.later("grade"),
    "lab_class": _.later("lab class"), "cong": _.later("công"),
    "sub_item": _.later("sub_item"), "lines": _.later("source lines"),
    "name": _.later("item name"), "unit": _.later("unit"), "spec": _.later("spec"),
    "shifts": _.later("shifts"), "note": _.later("note"), "key": _.later("key"),
    "use": _.later("use (for information)"), "consumption": _.later("consumption"),
    "seq": _.later("seq"), "level": _.later("level"), "label": _.later("step"),
    "total": _.later("step total (công)"), "line": _.later("source line"),
    "section": _.later("section"), "title": _.later("work title"),
    "basis": _.later("basis"), "kind": _.later("kind"), "detail": _.later("detail"),
    "number": _.later("appendix number"), "standard": _.later("standard"),
    "code": _.later("standard code"), "lab_classes": _.later("lab classes"),
    "labour": _.later("labour rows"), "labour_total": _.later("labour total"),
    "equipment": _.later("equipment rows"), "materials": _.later("material rows"),
    "steps": _.later("step rows"), "works": _.later("work rows"),
    "irregularities": _.later("irregularity rows"),
    "category_label": _.later("kind of labour (said in words)"),
    "basis_label": _.later("basis (said in words)"),
    "kind_label": _.later("kind (said in words)"),
    "section_label": _.later("section (said in words)"),
}

#: The codes a table writes in a column, in words: {column: {code: label}}. The section
#: codes are the appendix's parts as the circular heads them.
SECTIONS: dict[str, Message] = {
    "appendix": _.later("appendix title"), "labour": _.later("labour section"),
    "equipment": _.later("equipment section"), "materials": _.later("materials section"),
}
CODES: dict[str, dict[str, Message]] = {
    "category": {"chuyen_mon": _.later("skilled labour"),
                 "pho_thong": _.later("general labour")},
    "basis": {"per_year": _.later("per year"), "per_evaluation": _.later("per evaluation"),
              "per_procedure": _.later("per procedure")},
    "kind": {"upkeep": _.later("maintaining, preserving and using the standard"),
             "procedure": _.later("building a procedure")},
    "section": SECTIONS,
}
#: The label column written beside each code column.
LABEL_COLUMNS = {"category": "category_label", "basis": "basis_label", "kind": "kind_label",
                 "section": "section_label"}


def header(column: str, english: str | None = None) -> str:
    """A header a reader reads for ``column``: in English ``english`` or the column itself
    (what the functions have always answered), what it holds in the other languages."""
    label = COLUMN_LABELS.get(column)
    if label is None or current() == "en":
        return english or column
    return label.render()


def code_label(table: str, column: str, code: str) -> str:
    """``code`` of ``column`` in ``table`` in the current language's words (the code itself
    when there are none). The irregularities' kinds are ``normbook check``'s labels."""
    if table == "irregularities" and column == "kind":
        from ..extract.labels import KINDS

        label = KINDS.get(code)
    else:
        label = CODES.get(column, {}).get(code)
    return code if label is None else label.render()
