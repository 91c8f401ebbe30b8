"""What validation needs from the exams data: periods, special projects, sites, limits.

This is the only module of ``normbook.forms`` that talks to ``normbook.exams``; it turns a
year's timetable into the few lookups the checks use.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from ..errors import PYTHON, BadArgument, NormError, Spelling, shown
from ..i18n import Domain, listed

_ = Domain(__name__)

#: Regulation numbers as printed: JJG 744-2004, JJF 1059.1-2012, GB/T 12345-2008; matched in
#: NFKC-normalised text, so fullwidth letters, digits and dashes (ＪＪＧ ７４４－２００４, typed
#: with a Chinese input method) count too. No \b before the kind: Chinese characters are
#: word characters, and 检定规程JJG 744-2004 has a number.
REGULATION_CODE = re.compile(r"(?<![A-Za-z])(JJ[GF]|GB(?:/T)?)\s*(\d+(?:\.\d+)*)\s*"
                             r"[-‐‑‒–—―−]\s*(\d{4})(?!\d)", re.IGNORECASE)
_QUOTES = "《》〈〉<>\"'“”‘’「」"


def normalised(text: str) -> str:
    """``text`` in NFKC: fullwidth letters, digits, brackets and dashes made ASCII."""
    return unicodedata.normalize("NFKC", text)


def regulation_codes(text: str) -> list[str]:
    """The regulation numbers in ``text``, normalised (``jjg744－2004`` -> ``JJG 744-2004``)."""
    return [f"{kind.upper()} {number}-{year}"
            for kind, number, year in REGULATION_CODE.findall(normalised(text))]


def _bare_name(name: str) -> str:
    """A name as compared: NFKC, without regulation numbers, spaces, quotes (《》) and the
    trailing 检定规程/校准规范 of a regulation title."""
    name = re.sub(r"\s+", "", REGULATION_CODE.sub("", normalised(name))).strip(_QUOTES)
    return re.sub(r"(检定规程|校准规范|规程|规范)$", "", name)


@dataclass(frozen=True, slots=True)
class SpecialProject:
    """A special project: examined only in the regular periods listed."""

    name: str
    code: str | None
    periods: tuple[int, ...]

    @property
    def category_prefix(self) -> str | None:
        """What the projects of a special project that is a category start with, or None.

        2024's project 10, 污染源自动监控设备及部分化学分析仪器 (number to be announced), is
        not one regulation but the pollution-source monitors and *some* chemical analysers.
        Its projects are taken to be those whose project or regulation name starts with
        污染源自动监控设备; which chemical analysers are meant is not said, so none is
        matched (a guess would hold ordinary analysers back from their periods).
        """
        if self.code is None and "及部分" in self.name:
            return _bare_name(self.name.split("及部分")[0])
        return None

    def matches(self, project: str, regulation: str) -> bool:
        """Whether a project row (its project and regulation cells) is this special project.

        By regulation number when both the row and the special project have one (a different
        number is a different regulation, whatever its name). Otherwise by name: the row's
        project or regulation name (see :func:`_bare_name`) equals the special project's,
        never merely contains it (超低频信号发生器 is not 低频信号发生器); for a category,
        starts with its :attr:`category_prefix`.
        """
        codes = regulation_codes(regulation) + regulation_codes(project)
        if self.code is not None and codes:
            return self.code in codes
        names = {_bare_name(project), _bare_name(regulation)} - {""}
        prefix = self.category_prefix
        if prefix:
            return any(n.startswith(prefix) for n in names)
        return _bare_name(self.name) in names


@dataclass(frozen=True, slots=True)
class ExamFacts:
    """One year's periods, special projects and sites, and the per-period project limit."""

    year: int
    periods: dict[int, str]  # number -> label (第一期 ...)
    special_projects: tuple[SpecialProject, ...]
    sites: dict[str, str | None]  # site -> its region (None: not a city region)
    max_projects_per_period: int
    #: the data the facts come from (Normbook's version, the exams edition or the user's
    #: addition with its citation); written into each form's document properties
    data_edition: str = ""
    #: period number -> its registration window (start, end), inclusive; None where unknown
    registration: dict[int, tuple[dt.date | None, dt.date | None]] = field(
        default_factory=dict)

    def special_project(self, project: str, regulation: str) -> SpecialProject | None:
        """The special project a row is, if any: by regulation number first, then by name."""
        codes = set(regulation_codes(regulation) + regulation_codes(project))
        by_code = (s for s in self.special_projects if s.code is not None and s.code in codes)
        by_name = (s for s in self.special_projects if s.matches(project, regulation))
        return next(by_code, None) or next(by_name, None)


def exam_facts(year: int) -> ExamFacts:
    """The facts for ``year`` from ``normbook.exams`` (cached by the timetable, so a year
    added to the user data folder, or replaced, is seen at once).

    Raises:
        NormError: no timetable for that year (the exams API's own error, listing the years).
    """
    from .. import exams

    return _facts(exams.timetable(year))


@cache
def _facts(timetable) -> ExamFacts:
    from .. import exams

    periods = {p.number: p.label for p in timetable.periods}
    special = tuple(
        SpecialProject(
            name=s.name,
            code=s.code,
            periods=tuple(sorted({session.period for session in s.sessions
                                  if session.period is not None})),
        )
        for s in timetable.special_projects
    )
    sites = {s.site: s.region for s in timetable.sites}
    limit = exams.rule("max_projects_per_period").value
    registration = {p.number: (p.registration_start, p.registration_end)
                    for p in timetable.periods}
    return ExamFacts(timetable.year, periods, special, sites, int(limit),
                     "; ".join(timetable.data_edition()), registration)


#: An environment variable that fixes today for the forms (``2026-12-01``): to try what a
#: coordinator will meet on another day, and for the tests, whose subprocesses it reaches too.
TODAY_VARIABLE = "NORMBOOK_TODAY"


def today() -> dt.date:
    """Today, as the forms see it: the year they default to, the registration windows that
    have closed. :data:`TODAY_VARIABLE` when it is set; otherwise the one clock of the checks
    (:func:`normbook.salary_acts.clock`, which a test may replace).

    Raises:
        BadArgument: the variable is set to something other than a date written YYYY-MM-DD.
    """
    import os

    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed):
                raise ValueError(fixed)
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise BadArgument(_.later("{variable}={value}: not a date written YYYY-MM-DD; set "
                                      "it so (2026-12-01) or unset it to use today's date",
                                      variable=TODAY_VARIABLE, value=shown(fixed))) from None
    from .. import salary_acts

    return salary_acts.clock()


class NoTimetableThisYear(NormError, LookupError):
    """No year was given and the data has no timetable for the year of today's date."""

    option = "year"

    def __init__(self, year: int, day: dt.date, known: tuple[int, ...]):
        self.year, self.day, self.known = year, day, known
        super().__init__(year)

    def text(self, spelling: Spelling = PYTHON) -> str:
        fix = _("add {year}'s published timetable with `normbook data add exams FILE.xlsx` "
                "(see norms/exams/README.md)", year=self.year)
        if self.known:
            return _("no exam timetable for {year}, the year of today's date ({today:date}); "
                     "the data has {known}. To make forms for {year}, {fix}; for another "
                     "year, give {option}", year=self.year, today=self.day,
                     known=listed(self.known), fix=fix,
                     option=spelling.choices("year", self.known[-1:]))
        return _("no exam timetable for {year}, the year of today's date ({today:date}), and "
                 "none for any other year: {fix}", year=self.year, today=self.day, fix=fix)


def exam_year(year: int | None = None, day: dt.date | None = None) -> int:
    """``year``, or when None the exam year of ``day`` (default :func:`today`): the calendar
    year, whose periods run from January to October.

    Raises:
        NoTimetableThisYear: ``year`` is None and the data has no timetable for this year
            (the message points to ``normbook data add exams``).
    """
    if year is not None:
        return year
    from .. import exams

    day = day or today()
    known = tuple(exams.years())
    if day.year not in known:
        raise NoTimetableThisYear(day.year, day, known)
    return day.year
