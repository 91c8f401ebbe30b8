"""Questions about the exam timetables and rules: periods, dates, deadlines."""

from __future__ import annotations

import math
from datetime import date, datetime

from ..errors import BadArgument, shown
from ..i18n import Domain, Message
from .errors import DateNotInSource, UnknownEvent, UnknownPeriod, UnknownRule, UnknownYear
from .load import dataset
from .model import EXAM_EVENTS, Irregularity, Period, Rule, Site, SpecialProject, Timetable
from .workdays import add_working_days

_ = Domain(__name__)

#: What an argument is, as a message names it.
THE_YEAR = _.later("the year")
THE_PERIOD = _.later("the period")
THE_DATE = _.later("the date")
THE_REGISTRATION_DATE = _.later("the registration date")
#: The events' names (identifiers of EXAM_EVENTS) as a message says them.
EVENT_LABELS = {"registration_start": _.later("registration start"),
                "registration_end": _.later("registration end"),
                "theory": _.later("theory exam"),
                "practical_start": _.later("practical exam start"),
                "practical_end": _.later("practical exam end")}


def _not_whole(value: object, what: Message) -> BadArgument:
    return BadArgument(_.later("{what} must be a whole number, got {value}", what=what,
                               value=shown(value)))


def _whole(value: object, what: Message) -> int:
    """An int from an int, a whole float (Excel) or digits; anything else is BadArgument."""
    if isinstance(value, bool):
        raise _not_whole(value, what)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and \
            len(value.strip()) <= 9:
        return int(value.strip())
    raise _not_whole(value, what)


def _day(value: object, what: Message) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise BadArgument(_.later("{what} must be a date, got {value}", what=what,
                              value=shown(value)))


def years() -> tuple[int, ...]:
    """The years with a timetable in the data, ascending."""
    return tuple(dataset().timetables)


def timetable(year: int) -> Timetable:
    """One year's timetable: periods, special projects and sessions, sites, irregularities.

    Raises:
        UnknownYear: no timetable for that year (the message lists the years there are).
    """
    asked = _whole(year, THE_YEAR)
    found = dataset().timetables.get(asked)
    if found is None:
        raise UnknownYear(year, years())
    return found


def period(year: int, number: int) -> Period:
    """Regular period ``number`` (1 = 第一期) of ``year``.

    Raises:
        UnknownYear, UnknownPeriod: the message lists what exists.
    """
    table = timetable(year)
    asked = _whole(number, THE_PERIOD)
    for p in table.periods:
        if p.number == asked:
            return p
    raise UnknownPeriod(number, table.year, tuple(p.number for p in table.periods))


def open_period(on: date) -> Period | None:
    """The period whose registration window contains ``on`` (both ends included), else None.

    A period whose window the source does not give completely is never open.
    """
    day = _day(on, THE_DATE)
    for table in dataset().timetables.values():
        for p in table.periods:
            if p.registration_open(day):
                return p
    return None


def special_projects(year: int) -> tuple[SpecialProject, ...]:
    """The special projects of ``year`` in source order, each with its sessions."""
    return timetable(year).special_projects


def sites(year: int) -> tuple[Site, ...]:
    """The exam sites the guide lists for ``year``."""
    return timetable(year).sites


def irregularities(year: int) -> tuple[Irregularity, ...]:
    """What is odd in ``year``'s source, as recorded."""
    return timetable(year).irregularities


def rules() -> tuple[Rule, ...]:
    """The guide's rules in the order of the guide."""
    return dataset().rules


def rule(rule_id: str) -> Rule:
    """One rule by id, e.g. ``rule("max_projects_per_period").value == 3``.

    Raises:
        UnknownRule: the message lists the ids.
    """
    found = dataset().rules_by_id.get(rule_id.strip()) if isinstance(rule_id, str) else None
    if found is None:
        raise UnknownRule(rule_id, tuple(dataset().rules_by_id))
    return found


def _not_in_source(p: Period, event: str, results: bool = False) -> DateNotInSource:
    """The source gives no valid ``event`` date for ``p``; ``results``: so no results
    deadline can be computed."""
    text, line = p.as_written(event)
    found = timetable(p.year).explain("periods", p.number, event)
    facts = {"period": _.later("{year} {label} (period {number})", year=p.year,
                               label=p.label, number=p.number),
             "event": EVENT_LABELS.get(event, event), "written": repr(text)}
    if line and found:
        said = _.later("{period}: the source gives no valid {event} date; it writes {written} "
                       "(line {line}): {kind}, {detail}", line=line, kind=found.kind,
                       detail=found.detail, **facts)
    elif line:
        said = _.later("{period}: the source gives no valid {event} date; it writes {written} "
                       "(line {line})", line=line, **facts)
    elif found:
        said = _.later("{period}: the source gives no valid {event} date; it writes "
                       "{written}: {kind}, {detail}", kind=found.kind, detail=found.detail,
                       **facts)
    else:
        said = _.later("{period}: the source gives no valid {event} date; it writes {written}",
                       **facts)
    if results:
        said = _.later("no results deadline (15 working days after the practical exam ends, "
                       "guide 七): {reason}", reason=said)
    return DateNotInSource(said, (line,) if line else ())


def event_date(year: int, number: int, event: str) -> date:
    """The date of one of EXAM_EVENTS of a regular period.

    Raises:
        UnknownEvent: ``event`` is not one of EXAM_EVENTS.
        DateNotInSource: the source gives no valid date for it (the message cites the line
            and the recorded irregularity); nothing is guessed.
    """
    name = event.strip().lower() if isinstance(event, str) else event
    if name not in EXAM_EVENTS:
        raise UnknownEvent(event, EXAM_EVENTS)
    p = period(year, number)
    day = getattr(p, name)
    if day is None:
        raise _not_in_source(p, name)
    return day


def review_due(registered: date) -> date:
    """When the review of an application is due: 3 working days after registration (四.1).

    The day of registration is not counted: the result is the 3rd working day after it
    (make-up workdays count, holidays do not). The number comes from the rule
    ``review_working_days``.

    Raises:
        CalendarOutOfRange: the working-day calendar does not cover the dates.
    """
    days = rule("review_working_days").value
    return add_working_days(_day(registered, THE_REGISTRATION_DATE), days)


def results_due(year: int, number: int) -> date:
    """When a period's results are due: 15 working days after the exam ends (guide 七).

    The exam ends on the last practical exam day (``practical_end``), which is not counted:
    the result is the 15th working day after it.

    Raises:
        DateNotInSource: the source gives no valid last practical day for that period.
        CalendarOutOfRange: the working-day calendar does not cover the dates.
    """
    p = period(year, number)
    if p.practical_end is None:
        raise _not_in_source(p, "practical_end", results=True)
    return add_working_days(p.practical_end, rule("results_working_days").value)
