"""``normbook data status``: what data Normbook answers from. Per dataset, the shipped
edition, the user's additions, their problems (the folder layer's and each kind's own checks),
and warnings for years asked beyond what the data covers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..i18n import Domain, listed
from ..userdata import provenance, store
from ..userdata.errors import Said, UserDataError, said
from ..userdata.status import added, folder_report, has_problems, table, to_json, to_text

_ = Domain(__name__)

__all__ = ["has_problems", "load_problems", "status", "table", "to_json", "to_text"]


def load_problems(kind: str) -> list[Said]:
    """Problems the dataset's own loader finds in the folder (the same as any command), each
    said where it is shown."""
    try:
        if kind == "exams":
            from ..exams.load import dataset

            dataset()
        elif kind == "wages":
            from ..wages import wage_data

            wage_data()
        else:
            from ..exams.workdays import user_years

            user_years()
    except UserDataError as exc:
        return list(exc.found)
    return []


def _problems(kind: str) -> list[str]:
    """Every problem of ``kind`` its loader finds (the folder layer's among them), but not the
    folder's own problem, which the report says once, for the folder; in the current
    language."""
    root = store.root_problem()
    return [said(p) for p in load_problems(kind) if root is None or said(p) != said(root)]


def _norms() -> dict[str, Any]:
    from ..dataset import dataset

    ids = [a.id for a in dataset().appendices]
    return {"dataset": "norms", "shipped": {
        "source": _("Circular 04/2022/TT-BKHCN of {day:date} (norms/sources)",
                    day=dt.date(2022, 5, 31)),
        "sha256": provenance.shipped_sha256("norms"), "checked": None,
        "covers": _("appendices {first}..{last} ({count})", first=ids[0], last=ids[-1],
                    count=len(ids))},
        "added": [], "problems": [], "warnings": []}


def _exams(years: list[int]) -> dict[str, Any]:
    from ..exams.load import dataset, shipped

    base = shipped().timetables
    entry = {"dataset": "exams", "shipped": {
        "source": "浙江省计量专业项目考核指南 (norms/sources)",
        "sha256": provenance.shipped_sha256("exams"),
        "checked": max(t.revised for t in base.values()).isoformat(),
        "covers": _("years {years}", years=listed(base))},
        "added": added("exams"), "problems": _problems("exams"), "warnings": []}
    for one in entry["added"]:
        if one["name"].isdigit() and int(one["name"]) in base:
            one["replaces_shipped"] = True
    have = set(base) | {int(a["name"]) for a in entry["added"] if a["name"].isdigit()}
    if not entry["problems"] and store.root_problem() is None:
        have = set(dataset().timetables)
    entry["warnings"] = [_("no exam timetable for {year}: add it with `normbook data add exams "
                           "FILE.xlsx` once it is published", year=y)
                         for y in years if y not in have]
    return entry


def _wages(years: list[int]) -> dict[str, Any]:
    from ..wages import _shipped, beyond_checked, wage_data

    base = _shipped()
    first, last = base.amounts[0], base.amounts[-1]
    entry = {"dataset": "wages", "shipped": {
        "source": _("base salary: Decrees {decrees}; coefficients: Decree 204/2004/NĐ-CP",
                    decrees=listed(a.decree for a in base.amounts)),
        "sha256": provenance.shipped_sha256("wages"),
        "checked": base.checked_through.isoformat(),
        "covers": _("base salary from {first:date} (latest {amount:n} VND from {since:date})",
                    first=first.effective_from, amount=int(last.amount),
                    since=last.effective_from)},
        "added": added("wages"), "problems": _problems("wages"), "warnings": []}
    # the commands' own rule and warning; the shipped acts alone while the folder is broken
    data = base if entry["problems"] or store.root_problem() is not None else wage_data()
    found = (beyond_checked(y, data) for y in years)
    entry["warnings"] = [str(b.message()) for b in found if b is not None]
    return entry


def _holidays(years: list[int]) -> dict[str, Any]:
    from ..exams.workdays import package_years

    try:
        package = package_years()
        source = _("{package} (State Council holiday schedules)",
                   package=provenance.shipped("holidays").citation)
        covers = _("years {first}..{last}", first=package[0], last=package[-1])
    except ImportError:  # xlwings Lite installs Normbook without chinese-calendar
        package = ()
        source, covers = _("chinese-calendar is not installed"), _("none")
    entry = {"dataset": "holidays", "shipped": {
        "source": source, "sha256": "", "checked": None, "covers": covers},
        "added": added("holidays"), "problems": _problems("holidays"), "warnings": []}
    have = set(package) | {int(a["name"]) for a in entry["added"] if a["name"].isdigit()}
    for one in entry["added"]:
        if one["name"].isdigit() and int(one["name"]) in package:
            one["also_in_package"] = True  # the folder's year is used
    entry["warnings"] = [_("no holiday schedule for {year}: working-day deadlines in {year} are "
                           "refused; add the State Council's schedule with `normbook data add "
                           "holidays FILE.csv`", year=y) for y in years if y not in have]
    return entry


def status(years: list[int] | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The data status as plain data (the CLI prints it; ``--format json`` dumps it): keys
    and codes as they are, what a person reads in the current language.

    Args:
        years: the years to check coverage for; default this year and the next.
        today: for the default years (tests pin it).
    """
    today = today or dt.date.today()
    years = sorted(set(years or [today.year, today.year + 1]))
    return {
        "normbook": provenance.version(),
        "folder": folder_report(),
        "years_checked": years,
        "datasets": [_norms(), _exams(years), _wages(years), _holidays(years)],
    }
