"""The data status report of the folder layer: what the folder holds (its additions, their
provenance, problems of the folder itself) and the report as text, JSON or a table.

The report's datasets are built above, by ``normbook.reference_data.status``, where each kind's
own checks run.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import SHOWN_LIMIT, SHOWN_PATH_LIMIT, shown
from . import folder, guard, journal, store


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
    does not use, and the problems of the folder itself (each said once, here)."""
    root = folder.data_dir()
    notes, problems = journal.recover()  # an interrupted run's change, before anything is read
    if root is not None and (why := guard.root_problem(root)) is not None:
        problems.append(why)
    elif root is not None and root.is_dir():
        try:
            listed, more = guard.entries(root)
        except OSError as exc:
            listed, more = [], False
            problems.append(f"the data folder {_path(root)} cannot be read "
                            f"({exc.strerror or exc}); check its permissions")
        for entry in listed:
            where = _text(entry.name)
            if (why := guard.link_problem(entry, root)) is not None:
                problems.append(f"{where}: {why}")
            elif entry.name not in (*folder.KINDS, folder.ASIDE) and \
                    not entry.name.startswith("."):
                notes.append(f"{where}: not a folder Normbook uses (it reads "
                             f"{', '.join(folder.KINDS)})")
        if more:
            notes.append(f"the folder holds more than {guard.MAX_ENTRIES:,} entries; only the "
                         "first were looked at")
    return {"path": str(root) if root else None, "chosen_by": folder.where(),
            "exists": bool(root and not problems and root.is_dir()), "notes": notes,
            "problems": problems}


def has_problems(report: dict[str, Any]) -> bool:
    return bool(report["folder"]["problems"]) or any(d["problems"] for d in report["datasets"])


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


#: A citation longer than this is shortened in the text report (the JSON has it whole).
CITATION_SHOWN = 400


def to_text(report: dict[str, Any]) -> str:
    """The report for a terminal."""
    where = report["folder"]
    lines = [f"Normbook {report['normbook']}"]
    if where["path"] is None:
        lines.append(f"user data folder: none ({where['chosen_by']}): shipped data only")
    else:
        state = "" if where["exists"] or where["problems"] else \
            " (does not exist yet: nothing added)"
        lines.append(f"user data folder: {_path(where['path'])} (from {where['chosen_by']})"
                     f"{state}")
        lines += [f"  PROBLEM: {p}" for p in where["problems"]]
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
                flags.append(f"imported from {_text(a['imported_from'])}")
            extra = f" [{'; '.join(flags)}]" if flags else ""
            lines.append(f"  added {a['path']}: by {_text(a['added_by'])} on "
                         f"{_text(a['added_at'][:10])} from {_text(a['original'])}, sha256 "
                         f"{_text(a['sha256'][:12])}{extra}")
            lines.append(f"    cites: {_text(a['citation'], CITATION_SHOWN)}")
        for w in d["warnings"]:
            lines.append(f"  warning: {w}")
        for p in d["problems"]:
            lines.append(f"  PROBLEM: {p}")
    for note in where["notes"]:
        lines.append(f"note: {note}")
    if where["problems"]:
        lines += ["", "The data folder itself has a problem: commands that read user data stop "
                  "with the same message until it is fixed."]
    elif has_problems(report):
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
