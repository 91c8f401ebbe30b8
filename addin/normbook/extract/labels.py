"""The norms data's column names and codes in the reader's words: one table for every place
that shows them (``normbook table``/``check``, the norms workbook's captions and label
columns, the worksheet functions' spilled headers).

Column names (``category``, ``lab_class``), codes (``chuyen_mon``, ``per_year``,
``upkeep``) and irregularity kinds (``missing_spec``) are identifiers: formulas, filters,
the data package, JSON output and tests use them, so they stay as they are in every
language. English shows them as they are (or as the place has always written them); a
Vietnamese or Chinese reader reads what they hold.
"""

from __future__ import annotations

from ..i18n import Domain, Message, current

_ = Domain(__name__)

#: What each column holds, in the reader's words, by column name (the data package's).
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
#: The label column written beside each code column (the norms workbook's Tables).
LABEL_COLUMNS = {"category": "category_label", "basis": "basis_label", "kind": "kind_label",
                 "section": "section_label"}


def header(column: str, english: str | None = None) -> str:
    """A header a reader reads for ``column``: in English ``english`` or the column itself
    (what Normbook has always written), what it holds in the other languages."""
    label = COLUMN_LABELS.get(column)
    if label is None or current() == "en":
        return english or column
    return label.render()


def code_label(table: str, column: str, code: str) -> str:
    """``code`` of ``column`` in ``table`` in the current language's words (the code itself
    when there are none). The irregularities' kinds are ``normbook check``'s labels."""
    if table == "irregularities" and column == "kind":
        label = KINDS.get(code)
    else:
        label = CODES.get(column, {}).get(code)
    return code if label is None else label.render()


KINDS = {
    "breakdown_mismatch": _.later("steps that do not add up to their total"),
    "class_inconsistent": _.later("lab class inconsistent across works"),
    "grade_without_scale": _.later("grade without its scale"),
    "implausible_value": _.later("implausible value"),
    "joint_work": _.later("works given jointly"),
    "malformed_grade": _.later("grade written irregularly"),
    "malformed_label": _.later("step label written irregularly"),
    "missing_spec": _.later("spec missing"),
    "missing_unit": _.later("unit missing"),
    "missing_value": _.later("value missing"),
    "name_typo": _.later("doubled word in a name"),
    "note_instead_of_number": _.later("note instead of number"),
    "serial_mismatch": _.later("serial mismatch"),
    "stray_cell": _.later("stray cell"),
    "title_mismatch": _.later("title mismatch"),
    "truncated_appendix": _.later("truncated appendix"),
    "unattached_cell": _.later("cell attached to no row"),
    "unknown_work": _.later("work not in the labour section"),
    "work_number_mismatch": _.later("work number mismatch"),
    "zero_subtotal": _.later("subtotal written as 0"),
}


def irregularity(kind: str) -> str:
    """The words for irregularity ``kind`` in the current language (English: the kind)."""
    label = KINDS.get(kind)
    return kind if label is None or current() == "en" else label.render()
