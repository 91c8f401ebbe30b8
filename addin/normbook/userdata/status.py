"""What data Normbook answers from: per dataset, the shipped edition, the user's additions,
their problems, and warnings for years asked beyond what the data covers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import folder, provenance, store
from .errors import UserDataError


def _load_problems(kind: str) -> list[str]:
    """Problems the dataset's own loader finds in the folder (the same as any command)."""
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
        return list(exc.problems)
    return []


def _added(kind: str) -> list[dict[str, Any]]:
    return [{"name": a.name, "path": a.label, "citation": a.citation, "added_by": a.added_by,
             "added_at": a.added_at, "original": a.original, "sha256": a.sha256,
             "edited_since_added": a.edited, "imported_from": a.imported_from,
             "replaces_shipped": False, "also_in_package": False}
            for a in store.scan(kind)[0]]


def _norms() -> dict[str, Any]:
    from ..dataset import dataset

    ids = [a.id for a in dataset().appendices]
    return {"dataset": "norms", "shipped": {
        "source": "Circular 04/2022/TT-BKHCN of 2022-05-31 (norms/sources)",
        "sha256": provenance.shipped_sha256("norms"), "checked": None,
        "covers": f"appendices {ids[0]}..{ids[-1]} ({len(ids)})"},
        "added": [], "problems": [], "warnings": []}


def _exams(years: list[int]) -> dict[str, Any]:
    from ..exams.load import dataset, shipped

    base = shipped().timetables
    entry = {"dataset": "exams", "shipped": {
        "source": "浙江省计量专业项目考核指南 (norms/sources)",
        "sha256": provenance.shipped_sha256("exams"),
        "checked": max(t.revised for t in base.values()).isoformat(),
        "covers": "years " + ", ".join(map(str, base))},
        "added": _added("exams"), "problems": _load_problems("exams"), "warnings": []}
    for added in entry["added"]:
        if added["name"].isdigit() and int(added["name"]) in base:
            added["replaces_shipped"] = True
    have = set(base) | {int(a["name"]) for a in entry["added"] if a["name"].isdigit()}
    if not entry["problems"]:
        have = set(dataset().timetables)
    entry["warnings"] = [f"no exam timetable for {y}: add it with `normbook data add exams "
                         "FILE.xlsx` once it is published" for y in years if y not in have]
    return entry


def _wages(years: list[int]) -> dict[str, Any]:
    from ..wages import _shipped

    base = _shipped()
    first, last = base.amounts[0], base.amounts[-1]
    entry = {"dataset": "wages", "shipped": {
        "source": "base salary: Decrees " + ", ".join(a.decree for a in base.amounts)
                  + "; coefficients: Decree 204/2004/NĐ-CP",
        "sha256": provenance.shipped_sha256("wages"),
        "checked": base.checked_through.isoformat(),
        "covers": f"base salary from {first.effective_from} (latest {last.amount:,} VND from "
                  f"{last.effective_from})"},
        "added": _added("wages"), "problems": _load_problems("wages"), "warnings": []}
    added_dates = sorted(dt.date.fromisoformat(a["name"]) for a in entry["added"]
                         if _iso(a["name"]))
    for y in years:
        if dt.date(y, 12, 1) > base.checked_through:
            local = [str(d) for d in added_dates if d <= dt.date(y, 12, 1)]
            acts = (f"the shipped acts and those added locally ({', '.join(local)})" if local
                    else f"the shipped acts (latest {last.amount:,} VND from "
                         f"{last.effective_from})")
            entry["warnings"].append(
                f"base salary {y}: the shipped table is checked through "
                f"{base.checked_through}; later months assume no act beyond {acts}. If a new "
                "decree was issued, add it with `normbook data add wages FILE.csv`")
    return entry


def _iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _holidays(years: list[int]) -> dict[str, Any]:
    from ..exams.workdays import package_years

    try:
        package = package_years()
        source = provenance.shipped("holidays").citation
        covers = f"years {package[0]}..{package[-1]}"
    except ImportError:  # xlwings Lite installs Normbook without chinese-calendar
        package, source, covers = (), "chinese-calendar is not installed", "none"
    entry = {"dataset": "holidays", "shipped": {
        "source": source, "sha256": "", "checked": None, "covers": covers},
        "added": _added("holidays"), "problems": _load_problems("holidays"), "warnings": []}
    have = set(package) | {int(a["name"]) for a in entry["added"] if a["name"].isdigit()}
    for added in entry["added"]:
        if added["name"].isdigit() and int(added["name"]) in package:
            added["also_in_package"] = True  # the folder's year is used
    entry["warnings"] = [f"no holiday schedule for {y}: working-day deadlines in {y} are "
                         "refused; add the State Council's schedule with `normbook data add "
                         "holidays FILE.csv`" for y in years if y not in have]
    return entry


def status(years: list[int] | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The data status as plain data (the CLI prints it; ``--format json`` dumps it).

    Args:
        years: the years to check coverage for; default this year and the next.
        today: for the default years (tests pin it).
    """
    today = today or dt.date.today()
    years = sorted(set(years or [today.year, today.year + 1]))
    root = folder.data_dir()
    stray = []
    if root is not None and root.is_dir():
        stray = [f"{p.name}: not a folder Normbook uses (it reads {', '.join(folder.KINDS)})"
                 for p in sorted(root.iterdir()) if p.name not in (*folder.KINDS, folder.ASIDE)
                 and not p.name.startswith(".")]
    return {
        "normbook": provenance.version(),
        "folder": {"path": str(root) if root else None, "chosen_by": folder.where(),
                   "exists": bool(root and root.is_dir()), "notes": stray},
        "years_checked": years,
        "datasets": [_norms(), _exams(years), _wages(years), _holidays(years)],
    }


def has_problems(report: dict[str, Any]) -> bool:
    return any(d["problems"] for d in report["datasets"])


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_text(report: dict[str, Any]) -> str:
    """The report for a terminal."""
    where = report["folder"]
    lines = [f"Normbook {report['normbook']}"]
    if where["path"] is None:
        lines.append(f"user data folder: none ({where['chosen_by']}): shipped data only")
    else:
        state = "" if where["exists"] else " (does not exist yet: nothing added)"
        lines.append(f"user data folder: {where['path']} (from {where['chosen_by']}){state}")
    for d in report["datasets"]:
        s = d["shipped"]
        lines.append("")
        checksum = f", sha256 {s['sha256'][:12]}" if s["sha256"] else ""
        checked = f", checked {s['checked']}" if s.get("checked") else ""
        lines.append(f"{d['dataset']}: shipped {s['covers']}{checked}{checksum}")
        lines.append(f"  source: {s['source']}")
        for a in d["added"]:
            flags = []
            if a.get("replaces_shipped"):
                flags.append("replaces the shipped year")
            if a.get("also_in_package"):
                flags.append("chinese-calendar has this year too; the folder's is used")
            if a["edited_since_added"]:
                flags.append("edited since it was added")
            if a["imported_from"]:
                flags.append(f"imported from {a['imported_from']}")
            extra = f" [{'; '.join(flags)}]" if flags else ""
            lines.append(f"  added {a['path']}: by {a['added_by']} on {a['added_at'][:10]} "
                         f"from {a['original']}, sha256 {a['sha256'][:12]}{extra}")
            lines.append(f"    cites: {a['citation']}")
        for w in d["warnings"]:
            lines.append(f"  warning: {w}")
        for p in d["problems"]:
            lines.append(f"  PROBLEM: {p}")
    for note in where["notes"]:
        lines.append(f"note: {note}")
    if has_problems(report):
        lines += ["", "The folder has problems: commands that read that data stop with the same "
                  "message until the file is fixed, a stray file is moved out of the folder, "
                  "or the addition is taken out (`normbook data remove KIND NAME`)."]
    return "\n".join(lines) + "\n"


def table(report: dict[str, Any]) -> list[list[str]]:
    """The report as rows (a header first), for a spilled Excel range."""
    rows = [["dataset", "source", "covers or name", "citation", "added by", "added on",
             "sha256", "notes"]]
    for d in report["datasets"]:
        s = d["shipped"]
        rows.append([d["dataset"], f"shipped with Normbook {report['normbook']}", s["covers"],
                     s["source"], "", s.get("checked", ""), s["sha256"][:12],
                     "; ".join(d["warnings"] + d["problems"])])
        for a in d["added"]:
            rows.append([d["dataset"], "user folder", a["path"], a["citation"], a["added_by"],
                         a["added_at"][:10], a["sha256"][:12],
                         "edited since added" if a["edited_since_added"] else ""])
    return rows
