"""What each kind of irregularity is called where a person reads it (``normbook check``).

The kind (``missing_spec``) is an identifier: the data package, JSON output and tests use
it. English shows it as it is; Vietnamese and Chinese say it in words.
"""

from __future__ import annotations

from ..i18n import Domain, current

_ = Domain(__name__)

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
