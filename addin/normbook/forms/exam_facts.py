"""What validation needs from the exams data: periods, special projects, sites, limits.

This is the only module of ``normbook.forms`` that talks to ``normbook.exams``; it turns a
year's timetable into the few lookups the checks use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

#: Regulation numbers as printed: JJG 744-2004, JJF 1059.1-2012, GB/T 12345-2008.
REGULATION_CODE = re.compile(r"\b(JJ[GF]|GB(?:/T)?)\s*(\d+(?:\.\d+)*)\s*[-—–]\s*(\d{4})\b",
                             re.IGNORECASE)


def regulation_codes(text: str) -> list[str]:
    """The regulation numbers in ``text``, normalised (``jjg744-2004`` -> ``JJG 744-2004``)."""
    return [f"{kind.upper()} {number}-{year}"
            for kind, number, year in REGULATION_CODE.findall(text)]


def _bare_name(name: str) -> str:
    """A project name without spaces and the trailing 检定规程/校准规范 of a regulation title."""
    name = re.sub(r"\s+", "", name)
    return re.sub(r"(检定规程|校准规范|规程|规范)$", "", name)


@dataclass(frozen=True, slots=True)
class SpecialProject:
    """A special project: examined only in the regular periods listed."""

    name: str
    code: str | None
    periods: tuple[int, ...]

    def matches(self, project: str, regulation: str) -> bool:
        """Whether a project row (its project and regulation cells) is this special project.

        By regulation number when the row gives one; by name otherwise (the row's project
        equals the special project's name, or its regulation cell contains that name).
        """
        codes = regulation_codes(regulation) + regulation_codes(project)
        if codes:
            return self.code is not None and self.code in codes
        bare = _bare_name(self.name)
        return _bare_name(project) == bare or bare in re.sub(r"\s+", "", regulation)


@dataclass(frozen=True, slots=True)
class ExamFacts:
    """One year's periods, special projects and sites, and the per-period project limit."""

    year: int
    periods: dict[int, str]  # number -> label (第一期 ...)
    special_projects: tuple[SpecialProject, ...]
    sites: dict[str, str | None]  # site -> its region (None: not a city region)
    max_projects_per_period: int

    def special_project(self, project: str, regulation: str) -> SpecialProject | None:
        return next((s for s in self.special_projects if s.matches(project, regulation)), None)


@cache
def exam_facts(year: int) -> ExamFacts:
    """The facts for ``year`` from ``normbook.exams`` (cached).

    Raises:
        NormError: no timetable for that year (the exams API's own error, listing the years).
    """
    from .. import exams

    timetable = exams.timetable(year)
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
    return ExamFacts(year, periods, special, sites, int(limit))
