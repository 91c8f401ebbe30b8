"""A year's timetable as an iCalendar file (RFC 5545) that Outlook and phones import.

All-day events (VALUE=DATE, DTEND the day after the last day), one per registration window,
theory exam and practical exam, plus the special projects' sessions. A practical exam whose
first day is known but whose last day the source does not give (2024's period 3: 6月27日-38日)
is a one-day event on its first day, its summary and description saying the end is unclear
in the source: an event needs an end, and a coordinator needs the start more than nothing.
UIDs derive from year, period and event, and DTSTAMP from the year's ``revised`` date, so
exporting twice gives the same bytes and re-importing updates events instead of duplicating
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .. import i18n
from ..errors import NormError
from ..i18n import Domain
from ..outputs import save_atomic
from .model import Period, Timetable

_ = Domain(__name__)
#: The calendar's readers: the Zhejiang exam coordinators and candidates.
READERS = "zh"
NO_VALID_DATE = _.later("no valid date in the source")
#: How a start-only event's summary says so (the calendar's summaries are Chinese).
END_UNCLEAR = "开始日；结束日期来源不明"

PRODID = "-//Normbook//Zhejiang metrology project exams//ZH"
UID_DOMAIN = "normbook.exams"
LIMIT = 75  # octets per line, CRLF not counted (RFC 5545 3.1)


@dataclass(frozen=True, slots=True)
class Event:
    """An all-day event from ``first`` to ``last`` (inclusive)."""

    uid: str
    first: date
    last: date
    summary: str
    description: str
    busy: bool


@dataclass(frozen=True, slots=True)
class Omitted:
    """An event left out because the source gives no valid date for it, or (``start_only``)
    put in on its first day only because the source gives no valid last day."""

    what: str  # the event's summary, as the calendar names it (Chinese)
    #: why, each with its facts: said in the language where the list is shown
    reasons: tuple[i18n.Message, ...]
    start_only: bool = False

    @property
    def reason(self) -> str:
        """Why, in the current language."""
        return i18n.clauses(self.reasons).render()

    def __str__(self) -> str:
        return _("{what}: {reason}", what=self.what, reason=self.reason)


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character.

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LIMIT:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts)


def _source(table: Timetable, line: int | None) -> str:
    if line:
        return _("Source: {title} ({source}, line {line})", title=table.title,
                 source=table.source, line=line)
    return _("Source: {title} ({source})", title=table.title, source=table.source)


def _results_line(p: Period) -> str:
    from .query import results_due

    try:
        return _("成绩公布 results due by {day:date} (15 working days, 七)",
                 day=results_due(p.year, p.number))
    except NormError as exc:  # a year the working-day calendar does not cover
        return _("results deadline not computed: {error}", error=exc)


def _period_events(table: Timetable, p: Period) -> tuple[list[Event], list[Omitted]]:
    head = f"{p.year}年{p.label}计量专业项目考核"
    uid = f"{p.year}-period{p.number}"
    cited = {e: _source(table, p.as_written(e)[1])
             for e in ("registration_start", "theory", "practical_start")}
    wanted = [
        ("registration", p.registration_start, p.registration_end, "报名", False,
         [f"报名时间：{p.registration_as_written}",
          _("报名后3个工作日内审核 review within 3 working days after registration (四.1)"),
          cited["registration_start"]]),
        ("theory", p.theory, p.theory, "理论知识考试（线上）", True,
         [f"理论知识考试时间：{p.theory_as_written}",
          _("线上考核, 60分为及格 online, pass mark 60 of 100 (二)"), cited["theory"]]),
        ("practical", p.practical_start, p.practical_end, "实际操作考试", True,
         [f"实际操作考试时间：{p.practical_as_written}",
          _("线下考核, 70分为及格 in person, pass mark 70 of 100 (二)"),
          cited["practical_start"]]),
    ]
    events, omitted = [], []
    for name, first, last, title, busy, text in wanted:
        if first is None or last is None:
            found = [i for i in table.irregularities
                     if i.table == "periods" and i.key == str(p.number)]
            why = tuple(_.later("the source writes {written} (line {line}), {kind}: {detail}",
                                written=repr(i.as_written), line=i.line, kind=i.kind,
                                detail=i.detail) for i in found) or (NO_VALID_DATE,)
            if first is None or name != "practical":
                omitted.append(Omitted(f"{head}：{title}", why))
                continue
            # the first day is known: a one-day event on it, the end said to be unclear
            title = f"{title}（{END_UNCLEAR}）"
            omitted.append(Omitted(f"{head}：{title}", why, start_only=True))
            last = first
            text[1:1] = [_("starts {first:date}; the last day is unclear in the source, so "
                           "this event marks the first day only: {why}", first=first,
                           why=i18n.clauses(why))]
        if name == "practical" and p.practical_end is None:
            text.insert(3, _("成绩公布 results deadline not computed: it is 15 working days after "
                             "the practical exam's last day (七), which the source does not give"))
        elif name == "practical":
            text.insert(2, _results_line(p))
        events.append(Event(f"{uid}-{name}@{UID_DOMAIN}", first, last, f"{head}：{title}",
                            "\n".join(text), busy))
    return events, omitted


def _special_events(table: Timetable) -> tuple[list[Event], list[Omitted]]:
    projects = "\n".join(f"{s.name} {s.code or s.code_as_written}"
                         for s in table.special_projects)
    note = _("{note} (line {line})", note=table.special_note,
             line=table.special_note_line) if table.special_note else ""
    assumed = [i for i in table.irregularities if i.kind == "merged_cell_assumed"]
    caveat = "\n".join(_("{kind} (line {line}): {detail}", kind=i.kind, line=i.line,
                         detail=i.detail) for i in assumed)
    events, omitted = [], []
    for s in table.special_sessions:
        head = f"{table.year}年特殊专业项目"
        for name, first, last, title, written, line in (
                ("registration", s.registration_start, s.registration_end, "报名",
                 s.registration_as_written, s.lines[0] if s.lines else None),
                ("exam", s.exam_start, s.exam_end, "操作技能考试", s.exam_as_written,
                 s.lines[1] if len(s.lines) > 1 else None)):
            if first is None or last is None:
                omitted.append(Omitted(f"{head}：{title} ({written})", (NO_VALID_DATE,)))
                continue
            text = [f"{title}：{written}", projects, note, caveat, _source(table, line)]
            events.append(Event(f"{table.year}-special{s.number}-{name}@{UID_DOMAIN}", first,
                                last, f"{head}：{title}", "\n".join(t for t in text if t),
                                name == "exam"))
    return events, omitted


def events(table: Timetable) -> tuple[list[Event], list[Omitted]]:
    """The calendar's events in date order, and those left out with the reason."""
    found, omitted = [], []
    for p in table.periods:
        e, o = _period_events(table, p)
        found += e
        omitted += o
    e, o = _special_events(table)
    found += e
    omitted += o
    found.sort(key=lambda ev: (ev.first, ev.uid))
    return found, omitted


def render(table: Timetable) -> tuple[bytes, list[Omitted]]:
    """The .ics file's bytes (UTF-8, CRLF, folded) and the events left out; its texts in
    the readers' language (Chinese) unless the user chose one."""
    with i18n.speaking(i18n.document(READERS)):
        found, omitted = events(table)
    stamp = f"{table.revised:%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(f'{table.year}年计量专业项目考核（浙江）')}"]
    lines += [f"X-NORMBOOK-DATA:{escape(line)}" for line in table.data_edition()]
    for ev in found:
        lines += [
            "BEGIN:VEVENT", f"UID:{ev.uid}", f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{ev.first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{ev.last + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(ev.summary)}", f"DESCRIPTION:{escape(ev.description)}",
            f"TRANSP:{'OPAQUE' if ev.busy else 'TRANSPARENT'}", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8"), omitted


def write(table: Timetable, path: Path, force: bool = False) -> tuple[int, list[Omitted]]:
    """Write the calendar atomically; returns the number of events and those left out.

    Raises:
        OutputExists: ``path`` exists and ``force`` is False.
        BadArgument: ``path`` does not end in .ics, or is a folder.
        FileNotFoundError: its folder does not exist.
    """
    data, omitted = render(table)
    save_atomic(lambda temp: Path(temp).write_bytes(data), Path(path), suffix=".ics",
                force=force)
    return data.count(b"BEGIN:VEVENT"), omitted
