"""A timetable as plain data (the JSON of ``normbook exams YEAR --format json``)."""

from __future__ import annotations

from .dates import short
from .model import EXAM_EVENTS, Timetable


def _iso(day) -> str | None:
    return short(day) or None


def timetable_dict(table: Timetable) -> dict:
    """Year, periods (ISO dates, None where the source has no valid date), special projects
    (code None where the source gives none) and irregularities, as JSON-ready values; with the
    timetable's title, source and the data it comes from (shipped edition or user addition)."""
    return {
        "year": table.year,
        "title": table.title,
        "source": table.source,
        "data": list(table.data_edition()),
        "periods": [{"period": p.number, **{e: _iso(getattr(p, e)) for e in EXAM_EVENTS}}
                    for p in table.periods],
        "special_projects": [{"name": s.name, "code": s.code} for s in table.special_projects],
        "irregularities": [
            {"year": i.year, "table": i.table, "key": i.key or None, "field": i.field,
             "line": i.line, "kind": i.kind, "as_written": i.as_written, "detail": i.detail}
            for i in table.irregularities
        ],
    }
