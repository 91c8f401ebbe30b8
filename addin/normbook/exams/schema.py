"""The tables of the exams data package: columns, types and meaning (one source of truth).

``norms/exams/datapackage.json`` is generated from here (``python -m normbook.exams.schema``);
a test keeps the two equal. The checker and the loader take their columns from here too.
"""

from __future__ import annotations

import json

SOURCE = {
    "title": "浙江省计量专业项目考核指南 (Zhejiang guide to the metrology project exams), "
             "with its annex 2024年计量专业项目考核时间表",
    "path": "../sources/zhejiang-metrology-exam-guide-2024.txt",
}

DATE = r"^\d{4}-\d{2}-\d{2}$"


def _f(name: str, type_: str, description: str, required: bool = True, **constraints) -> dict:
    field = {"name": name, "type": type_, "description": description}
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _lines(what: str) -> dict:
    return _f("lines", "string", f"source lines of {what}, in that order, space-separated; "
              "empty if the source is not a text file", required=False,
              pattern=r"^\d+( \d+)*$")


YEAR = _f("year", "integer", "the timetable's year (from its title); dates are in this year",
          minimum=2000, maximum=2100)
TABLE_NAMES = ("periods", "special_projects", "special_sessions", "sites", "guide")

TABLES: dict[str, dict] = {
    "years": {
        "description": "One row per year's timetable: its title, source and revision date.",
        "fields": [
            YEAR,
            _f("title", "string", "the timetable's title as written"),
            _f("title_line", "integer", "source line of the title", required=False),
            _f("source", "string", "the source document (file name or address)"),
            _f("special_note", "string", "the note under the special projects table, as written",
               required=False),
            _f("special_note_line", "integer", "source line of that note", required=False),
            _f("revised", "date", "when this year's rows were last revised; the calendar file's "
               "DTSTAMP, so re-export gives identical bytes"),
        ],
        "primaryKey": ["year"],
    },
    "periods": {
        "description": "The regular periods (常规专业项目考试安排): registration window, theory "
                       "(knowledge) exam date, practical exam dates. An empty date: the source "
                       "gives none that exists; irregularities.csv says why.",
        "fields": [
            YEAR,
            _f("period", "integer", "1..n (第一期 = 1)", minimum=1),
            _f("label", "string", "the period as written (第一期)"),
            _f("registration_start", "date", "first day of registration (报名时间)",
               required=False),
            _f("registration_end", "date", "last day of registration, inclusive", required=False),
            _f("theory", "date", "theory knowledge exam (理论知识考试时间), held online",
               required=False),
            _f("practical_start", "date", "first practical exam day (实际操作考试时间)",
               required=False),
            _f("practical_end", "date", "last practical exam day, inclusive", required=False),
            _f("registration_as_written", "string", "the registration cell as written",
               required=False),
            _f("theory_as_written", "string", "the theory cell as written", required=False),
            _f("practical_as_written", "string", "the practical cell as written", required=False),
            _lines("the label, registration, theory and practical cells"),
        ],
        "primaryKey": ["year", "period"],
    },
    "special_projects": {
        "description": "The special projects (特殊专业项目) and their regulation codes. Their "
                       "registration windows and exam dates are in special_sessions.",
        "fields": [
            YEAR,
            _f("seq", "integer", "row number in the source table, 1..n", minimum=1),
            _f("name", "string", "the project as written (项目)"),
            _f("code", "string", "regulation/specification number (规程/规范号); empty where the "
               "source gives none", required=False, pattern=r"^(JJG|JJF) \d+(\.\d+)?-\d{4}$"),
            _f("code_as_written", "string", "the code cell as written", required=False),
            _f("code_note", "string", "why the code is empty", required=False),
            _f("schedule", "string", "own: the row's own cells give the sessions; "
               "merged_cell_assumed: its cells are empty and the table's sessions are taken to "
               "apply (see irregularities)", enum=["own", "merged_cell_assumed"]),
            _lines("the name and code cells"),
        ],
        "primaryKey": ["year", "seq"],
    },
    "special_sessions": {
        "description": "Registration windows and practical exam dates of the special projects "
                       "(a practical skills plan, per the note under the table).",
        "fields": [
            YEAR,
            _f("session", "integer", "1..n, in the order the cell lists them", minimum=1),
            _f("registration_start", "date", "first day of registration", required=False),
            _f("registration_end", "date", "last day of registration, inclusive",
               required=False),
            _f("exam_start", "date", "first exam day", required=False),
            _f("exam_end", "date", "last exam day, inclusive", required=False),
            _f("registration_as_written", "string", "that line of the registration cell",
               required=False),
            _f("exam_as_written", "string", "that line of the exam cell", required=False),
            _f("period", "integer", "the regular period whose registration window and "
               "practical dates these equal (checked); empty if none", required=False),
            _lines("the registration and exam lines"),
        ],
        "primaryKey": ["year", "session"],
    },
    "sites": {
        "description": "Exam sites (考点) the guide lists, with the region each stands for in "
                       "the cross-region rule (三.4.2).",
        "fields": [
            YEAR,
            _f("seq", "integer", "order in the source", minimum=1),
            _f("site", "string", "the site as written (without the shared 考点)"),
            _f("region", "string", "the city region it is in; empty where it is not a region",
               required=False),
            _f("kind", "string", "city: a prefecture-level city's site; organisation: an "
               "organisation's own site", enum=["city", "organisation"]),
            _f("note", "string", "what the region means, where it needs saying", required=False),
            _f("line", "integer", "source line", required=False),
        ],
        "primaryKey": ["year", "seq"],
    },
    "rules": {
        "description": "Rules of the guide, each citing its section; value where the rule is "
                       "a number.",
        "fields": [
            _f("id", "string", "stable identifier", pattern=r"^[a-z][a-z0-9_]*$"),
            _f("section", "string", "the guide's section: 二, 三.4.1, 四.1 ..."),
            _f("value", "integer", "the number the rule sets", required=False),
            _f("unit", "string", "unit of the value", required=False),
            _f("text", "string", "the rule in the guide's words (a verbatim excerpt)"),
            _f("summary", "string", "the rule in short English"),
            _f("line", "integer", "source line"),
        ],
        "primaryKey": ["id"],
    },
    "irregularities": {
        "description": "What is odd in the source, recorded and shown, never fixed.",
        "fields": [
            YEAR,
            _f("table", "string", "the table the irregularity concerns", enum=list(TABLE_NAMES)),
            _f("key", "string", "the row(s) in that table (period, seq or session; '2-10' a "
               "range; empty: the whole table)", required=False, pattern=r"^(\d+(-\d+)?)?$"),
            _f("field", "string", "the column(s) concerned, space-separated"),
            _f("line", "integer", "source line", required=False),
            _f("kind", "string", "invalid_date, merged_cell_assumed, code_to_be_announced, ...",
               pattern=r"^[a-z_]+$"),
            _f("as_written", "string", "the text as written at that line", required=False),
            _f("detail", "string", "what is odd and what the data does about it"),
        ],
    },
}

#: Tables whose rows belong to one year's timetable (their ``year`` must be in years.csv).
YEAR_TABLES = tuple(name for name in TABLES if name not in ("years", "rules"))


def columns(table: str) -> list[str]:
    """The columns of a table, in file order."""
    return [f["name"] for f in TABLES[table]["fields"]]


def required(table: str) -> set[str]:
    """The columns of a table that may not be empty."""
    return {f["name"] for f in TABLES[table]["fields"]
            if f.get("constraints", {}).get("required")}


def datapackage() -> dict:
    """The Frictionless descriptor of norms/exams."""
    resources = []
    for name, spec in TABLES.items():
        schema: dict = {"fields": spec["fields"], "missingValues": [""]}
        if "primaryKey" in spec:
            schema["primaryKey"] = spec["primaryKey"]
        if name in YEAR_TABLES:
            schema["foreignKeys"] = [{"fields": ["year"],
                                      "reference": {"resource": "years", "fields": ["year"]}}]
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": spec["description"], "schema": schema,
        })
    return {
        "name": "zhejiang-metrology-project-exams",
        "title": "Zhejiang metrology project exams: timetables and rules "
                 "(浙江省计量专业项目考核)",
        "profile": "tabular-data-package",
        "sources": [SOURCE],
        "resources": resources,
    }


def render() -> str:
    """datapackage.json as committed: indented, UTF-8, LF, trailing newline."""
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(render(), end="")
