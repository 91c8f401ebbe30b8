"""A timetable as plain data (the JSON of ``normbook exams YEAR --format json``).

Keys and codes (``kind``, event names) are stable identifiers a program reads; beside the
codes a person reads, a ``*_label`` value says them in the current language.
"""

from __future__ import annotations

from ..i18n import Domain
from .dates import short
from .model import EXAM_EVENTS, Timetable

_ = Domain(__name__)

#: The irregularities' kinds (codes of irregularities.csv) in words; an unknown kind (a user
#: addition may record its own) is shown as its code.
KIND_LABELS = {
    "invalid_date": _.later("a date that does not exist"),
    "merged_cell_assumed": _.later("a merged cell's value assumed for every row it spans"),
    "code_to_be_announced": _.later("code to be announced"),
    "name_not_title": _.later("a name that is not the document's title"),
    "title_mismatch": _.later("titles that do not match"),
}


def _iso(day) -> str | None:
    return short(day) or None


def kind_label(kind: str) -> str:
    """An irregularity's kind in words, in the current language."""
    label = KIND_LABELS.get(kind)
    return label.render() if label is not None else kind


def _unclear(period) -> list[dict]:
    """The period's events without a date, each with the source's cell and line: a practical
    exam whose start is known and whose end is unclear has ``practical_end`` here."""
    out = []
    for event in EXAM_EVENTS:
        if getattr(period, event) is None:
            written, line = period.as_written(event)
            out.append({"event": event, "as_written": written, "line": line})
    return out


def timetable_dict(table: Timetable) -> dict:
    """Year, periods (ISO dates, None where the source has no valid date, and under
    ``unclear`` each event so left with the source's text and line), special projects
    (code None where the source gives none) and irregularities, as JSON-ready values; with the
    timetable's title, source and the data it comes from (shipped edition or user addition).
    The ``*_label`` values are in the current language."""
    return {
        "year": table.year,
        "title": table.title,
        "source": table.source,
        "data": list(table.data_edition()),
        "periods": [{"period": p.number, **{e: _iso(getattr(p, e)) for e in EXAM_EVENTS},
                     "unclear": _unclear(p)} for p in table.periods],
        "special_projects": [{"name": s.name, "code": s.code} for s in table.special_projects],
        "irregularities": [
            {"year": i.year, "table": i.table, "key": i.key or None, "field": i.field,
             "line": i.line, "kind": i.kind, "kind_label": kind_label(i.kind),
             "as_written": i.as_written, "detail": i.detail}
            for i in table.irregularities
        ],
    }
