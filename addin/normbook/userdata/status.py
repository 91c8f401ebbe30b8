"""The data status report of the folder layer: what the folder holds (its additions, their
provenance, problems of the folder itself) and the report as text, JSON or a table.

The report's datasets are built above, by ``normbook.reference_data.status``, where each kind's
own checks run.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..errors import SHOWN_LIMIT, SHOWN_PATH_LIMIT, os_reason, shown
from ..i18n import Domain, clauses, current, formats, listed
from . import folder, guard, journal, store
from .errors import kind_label, said

_ = Domain(__name__)


def _path(path: object) -> str:
    return shown(path, SHOWN_PATH_LIMIT, quote=False)


def _text(value: str, limit: int = SHOWN_LIMIT) -> str:
    """A record's field as the text report shows it: escaped, a long one shortened."""
    return shown(value, limit, quote=False)


def added(kind: str) -> list[dict[str, Any]]:
    """The additions of ``kind`` as the report lists them."""
    return [{"name": a.name, "path": a.label, "citation": a.citation, "added_by": a.added_by,
             "added_at": a.added_at, "original": a.original, "sha256": a.sha256,
             "edited_since_added": a.edited, "imported_from": a.imported_from,
             "replaces_shipped": False, "also_in_package": False}
            for a in store.scan(kind)[0]]


def folder_report() -> dict[str, Any]:
    """Where the folder is, how it was chosen, whether it exists, notes about entries Normbook
    does not use, and the problems of the folder itself (each said once, here), said in the
    current language (the report is plain data: text and JSON show it as it is)."""
    root = folder.data_dir()
    notes, problems = journal.recover()  # an interrupted run's change, before anything is read
    problems = list(problems)
    notes = list(notes)
    if root is not None and (why := guard.root_problem(root)) is not None:
        problems.append(why)
    elif root is not None and root.is_dir():
        try:
            entries, more = guard.entries(root)
        except OSError as exc:
            entries, more = [], False
            problems.append(_.later("the data folder {folder} cannot be read ({why}); check "
                                    "its permissions", folder=_path(root),
                                    why=os_reason(exc)))
        for entry in entries:
            where = _text(entry.name)
            if (why := guard.link_problem(entry, root)) is not None:
                problems.append(store.at(where, why))
            elif entry.name not in (*folder.KINDS, folder.ASIDE) and \
                    not entry.name.startswith("."):
                notes.append(_.later("{where}: not a folder Normbook uses (it reads {kinds})",
                                     where=where, kinds=listed(folder.KINDS)))
        if more:
            notes.append(_.later("the folder holds more than {most:n} entries; only the first "
                                 "were looked at", most=guard.MAX_ENTRIES))
    return {"path": str(root) if root else None, "chosen_by": folder.where(),
            "exists": bool(root and not problems and root.is_dir()),
            "notes": [said(n) for n in notes], "problems": [said(p) for p in problems]}


def has_problems(report: dict[str, Any]) -> bool:
    return bool(report["folder"]["problems"]) or any(d["problems"] for d in report["datasets"])


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


#: A citation longer than this is shortened in the text report (the JSON has it whole).
CITATION_SHOWN = 400


def _day(text: str | None) -> str:
    """An ISO date (or date and time) of the report, written the reader's way; the text as it
    is when it is no date (a record edited by hand)."""
    try:
        return formats.date(dt.date.fromisoformat((text or "")[:10]), current())
    except ValueError:
        return _text((text or "")[:10])


def _flags(a: dict[str, Any]) -> list[str]:
    flags = []
    if a.get("replaces_shipped"):
        flags.append(_("replaces the shipped year"))
    if a.get("also_in_package"):
        flags.append(_("chinese-calendar has this year too; the folder's is used"))
    if a["edited_since_added"]:
        flags.append(_("edited since it was added"))
    if a["imported_from"]:
        flags.append(_("imported from {zip}", zip=_text(a["imported_from"])))
    return flags


def _shipped_line(d: dict[str, Any]) -> str:
    s = d["shipped"]
    facts = {"dataset": kind_label(d["dataset"]), "covers": s["covers"],
             "sha": s["sha256"][:12]}
    if s.get("checked") and s["sha256"]:
        return _("{dataset}: shipped {covers}, checked {day}, sha256 {sha}",
                 day=_day(s["checked"]), **facts)
    if s["sha256"]:
        return _("{dataset}: shipped {covers}, sha256 {sha}", **facts)
    if s.get("checked"):
        return _("{dataset}: shipped {covers}, checked {day}", day=_day(s["checked"]),
                 **facts)
    return _("{dataset}: shipped {covers}", **facts)


def to_text(report: dict[str, Any]) -> str:
    """The report for a terminal, in the current language."""
    where = report["folder"]
    lines = [f"Normbook {report['normbook']}"]
    if where["path"] is None:
        lines.append(_("user data folder: none ({chosen_by}): shipped data only",
                       chosen_by=where["chosen_by"]))
    else:
        facts = {"folder": _path(where["path"]), "chosen_by": where["chosen_by"]}
        if where["exists"] or where["problems"]:
            lines.append(_("user data folder: {folder} (from {chosen_by})", **facts))
        else:
            lines.append(_("user data folder: {folder} (from {chosen_by}) (does not exist yet: "
                           "nothing added)", **facts))
        lines += ["  " + _("PROBLEM: {problem}", problem=p) for p in where["problems"]]
    for d in report["datasets"]:
        lines.append("")
        lines.append(_shipped_line(d))
        lines.append("  " + _("source: {source}", source=d["shipped"]["source"]))
        for a in d["added"]:
            flags = _flags(a)
            facts = {"path": a["path"], "by": _text(a["added_by"]), "day": _day(a["added_at"]),
                     "original": _text(a["original"]), "sha": _text(a["sha256"][:12])}
            if flags:
                lines.append("  " + _("added {path}: by {by} on {day} from {original}, "
                                      "sha256 {sha} [{flags}]", flags=clauses(flags),
                                      **facts))
            else:
                lines.append("  " + _("added {path}: by {by} on {day} from {original}, "
                                      "sha256 {sha}", **facts))
            lines.append("    " + _("cites: {citation}",
                                    citation=_text(a["citation"], CITATION_SHOWN)))
        for w in d["warnings"]:
            lines.append("  " + _("warning: {warning}", warning=w))
        for p in d["problems"]:
            lines.append("  " + _("PROBLEM: {problem}", problem=p))
    for note in where["notes"]:
        lines.append(_("note: {note}", note=note))
    if where["problems"]:
        lines += ["", _("The data folder itself has a problem: commands that read user data "
                        "stop with the same message until it is fixed.")]
    elif has_problems(report):
        lines += ["", _("The folder has problems: commands that read that data stop with the "
                        "same message until the file is fixed, a stray file is moved out of "
                        "the folder, or the addition is taken out (`normbook data remove KIND "
                        "NAME`).")]
    return "\n".join(lines) + "\n"


def table(report: dict[str, Any]) -> list[list[str]]:
    """The report as rows (a header first), for a spilled Excel range, in the current
    language."""
    rows = [[_("dataset"), _("source"), _("covers or name"), _("citation"), _("added by"),
             _("added on"), _("sha256"), _("notes")]]
    for d in report["datasets"]:
        s = d["shipped"]
        label = said(kind_label(d["dataset"]))
        rows.append([label, _("shipped with Normbook {version}", version=report["normbook"]),
                     s["covers"], s["source"], "", s.get("checked") or "", s["sha256"][:12],
                     str(clauses(d["warnings"] + d["problems"]))])
        for a in d["added"]:
            rows.append([label, _("user folder"), a["path"], a["citation"], a["added_by"],
                         a["added_at"][:10], a["sha256"][:12],
                         _("edited since it was added") if a["edited_since_added"] else ""])
    return rows
