"""Zhejiang metrology project exams: timetables by year, the guide's rules, deadlines.

Importing this package reads no file and imports only the error classes and records; the
query layer loads on first use, the data on the first question, chinese-calendar on the first
working-day question.
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .errors import (
    CalendarOutOfRange,
    DateNotInSource,
    OutputExists,
    UnknownEvent,
    UnknownPeriod,
    UnknownRule,
    UnknownYear,
)
from .model import (
    EXAM_EVENTS,
    Irregularity,
    Period,
    Rule,
    Site,
    SpecialProject,
    SpecialSession,
    Timetable,
)

_LAZY = {
    "query": ("event_date", "irregularities", "open_period", "period", "results_due",
              "review_due", "rule", "rules", "sites", "special_projects", "timetable", "years"),
    "workdays": ("add_working_days", "is_working_day", "supported_years"),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


__getattr__ = lazy_exports(__name__, _HOME)


__all__ = [
    "EXAM_EVENTS", "CalendarOutOfRange", "DateNotInSource", "Irregularity", "OutputExists",
    "Period", "Rule", "Site", "SpecialProject", "SpecialSession", "Timetable", "UnknownEvent",
    "UnknownPeriod", "UnknownRule", "UnknownYear", "add_working_days", "event_date",
    "irregularities", "is_working_day", "open_period", "period", "results_due", "review_due",
    "rule", "rules", "sites", "special_projects", "supported_years", "timetable", "years",
]
