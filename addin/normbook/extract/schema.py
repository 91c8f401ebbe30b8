"""The tables of the norms data package: their columns, types and meaning (one source of truth)."""

from __future__ import annotations

LINES = {"name": "lines", "type": "string", "constraints": {"pattern": r"^\d+( \d+)*$"},
         "description": "source line number(s) in the circular's text, space-separated"}


def _f(name: str, type_: str, description: str, required: bool = True, **extra) -> dict:
    field = {"name": name, "type": type_, "description": description}
    constraints = dict(extra.pop("constraints", {}))
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    field.update(extra)
    return field


APPENDIX_ID = {"pattern": r"^[IVXL]+$"}
WORK = _f("work", "string", "work item number as headed in the section; '2+3' a joint heading; "
          "'' the whole procedure (XXXI materials)", required=False,
          constraints={"pattern": r"^(\d+(\+\d+)?)?$"})

TABLES: dict[str, dict] = {
    "appendices": {
        "description": "One row per appendix (PHỤ LỤC I..XXXI): the standard it keeps.",
        "fields": [
            _f("id", "string", "Roman numeral of the appendix", constraints=APPENDIX_ID),
            _f("number", "integer", "1..31"),
            _f("kind", "string", "upkeep: yearly upkeep of a standard; procedure: drafting "
               "one ĐLVN procedure", constraints={"enum": ["upkeep", "procedure"]}),
            _f("standard", "string", "the standard's name as the appendix title writes it"),
            _f("code", "string", "serial number / code part of that title", required=False),
            _f("article1_name", "string", "the same standard as Article 1 lists it"),
            _f("line", "integer", "line of the appendix title"),
            _f("article1_line", "integer", "line of the Article 1 item"),
        ],
        "primaryKey": ["id"],
    },
    "works": {
        "description": "Work items (Công việc) as titled in each section.",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            _f("section", "string", "labour | equipment | materials",
               constraints={"enum": ["labour", "equipment", "materials"]}),
            WORK,
            _f("title", "string", "title as written in that section"),
            _f("basis", "string", "per_year; per_evaluation ('cho 01 lần đánh giá'); "
               "per_procedure (XXXI)",
               constraints={"enum": ["per_year", "per_evaluation", "per_procedure"]}),
            _f("line", "integer", "line of the heading"),
        ],
    },
    "labour": {
        "description": "Direct labour per work item, one row per rank and grade, in công.",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            WORK,
            _f("seq", "integer", "order within the appendix"),
            _f("category", "string", "chuyen_mon (có chuyên môn) | pho_thong (phổ thông)",
               constraints={"enum": ["chuyen_mon", "pho_thong"]}),
            _f("rank", "string", "rank as written (Kỹ sư (hạng III) ...)"),
            _f("rank_code", "string", "rank code (V.05.02.07); empty for general labour",
               required=False),
            _f("grade", "string", "grade k/n; k alone where the source gives no scale",
               constraints={"pattern": r"^\d+(/\d+)?$"}),
            _f("grade_as_written", "string", "the grade cell as written"),
            _f("lab_class", "string", "PTN1 / PTN2 for alternative lines; empty: both classes",
               required=False, constraints={"enum": ["", "PTN1", "PTN2"]}),
            _f("cong", "number", "công (man-days)", constraints={"minimum": 0}),
            _f("cong_as_written", "string", "the number as written"),
            _f("sub_item", "string", "'Nội dung N: ...' label where the work is subdivided",
               required=False),
            LINES,
        ],
    },
    "labour_steps": {
        "description": "Breakdown steps that split a work item's total; never added to it.",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            WORK,
            _f("seq", "integer", "order within the work"),
            _f("level", "integer", "1: '-' step, 2: '+' sub-step",
               constraints={"enum": [1, 2]}),
            _f("label", "string", "the step as written, without its bullet"),
            _f("cong", "number", "công; empty where the step is a heading without a number",
               required=False),
            _f("cong_as_written", "string", "as written", required=False),
            _f("total", "number", "the work line's công that the steps split"),
            _f("line", "integer", "line of the step"),
        ],
    },
    "equipment": {
        "description": "Equipment shifts (ca) per work item.",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            WORK,
            _f("seq", "integer", "order within the appendix"),
            _f("name", "string", "equipment as written (list bullet removed)"),
            _f("unit", "string", "unit as written (Ca); empty where the source has none",
               required=False),
            _f("spec", "string", "technical requirement; lines joined by newlines",
               required=False),
            _f("shifts", "number", "shifts; empty where the source gives a note or nothing",
               required=False, constraints={"minimum": 0}),
            _f("shifts_as_written", "string", "as written", required=False),
            _f("note", "string", "text the source gives instead of a number", required=False),
            LINES,
        ],
    },
    "materials": {
        "description": "Materials per work item: use (Sử dụng) and consumption (Tiêu hao).",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            WORK,
            _f("seq", "integer", "order within the appendix"),
            _f("name", "string", "material as written (list bullet removed)"),
            _f("unit", "string", "unit as written", required=False),
            _f("spec", "string", "technical requirement; lines joined by newlines",
               required=False),
            _f("use", "number", "quantity used; empty where the source has none",
               required=False, constraints={"minimum": 0}),
            _f("use_as_written", "string", "as written", required=False),
            _f("consumption", "number", "quantity consumed; empty where the source has none",
               required=False, constraints={"minimum": 0}),
            _f("consumption_as_written", "string", "as written", required=False),
            _f("note", "string", "text the source gives instead of a number", required=False),
            LINES,
        ],
    },
    "introduction": {
        "description": "The works each appendix's introduction lists (Nội dung dịch vụ … gồm "
                       "các công việc: - …), as written, without the bullet.",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            _f("seq", "integer", "1..n in the order listed"),
            _f("text", "string", "the listed work as written"),
            _f("line", "integer", "source line"),
        ],
        "primaryKey": ["appendix", "seq"],
    },
    "irregularities": {
        "description": "What in the source is not as it should be: recorded, never fixed.",
        "fields": [
            _f("appendix", "string", "appendix id", constraints=APPENDIX_ID),
            _f("section", "string", "appendix | labour | equipment | materials"),
            _f("kind", "string", "what kind of irregularity"),
            _f("line", "integer", "source line"),
            _f("detail", "string", "what is odd, in words"),
        ],
    },
}
