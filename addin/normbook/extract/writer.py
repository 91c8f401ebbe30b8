"""Write an extraction as a Frictionless data package: CSV tables and datapackage.json."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from . import Extraction
from .notation import format_decimal
from .schema import TABLES

SOURCE = {
    "title": "Thông tư 04/2022/TT-BKHCN ngày 31/5/2022 của Bộ trưởng Bộ Khoa học và Công nghệ "
             "(Circular 04/2022/TT-BKHCN), effective 15/7/2022",
    "path": "sources/vn-circular-04-2022-TT-BKHCN.txt",
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def table_rows(extraction: Extraction) -> dict[str, list[dict[str, object]]]:
    """Each table's rows as plain dicts, in the order of the schema's fields."""
    return {
        "appendices": [vars(a) for a in extraction.appendices],
        "works": [vars(w) for w in extraction.works],
        "labour": [vars(x) for x in extraction.labour],
        "labour_steps": [
            {**vars(s), "lines": None} for s in extraction.steps
        ],
        "equipment": [{
            **vars(r), "shifts": r.values[0], "shifts_as_written": r.values_as_written[0],
        } for r in extraction.equipment],
        "materials": [{
            **vars(r), "use": r.values[0], "use_as_written": r.values_as_written[0],
            "consumption": r.values[1], "consumption_as_written": r.values_as_written[1],
        } for r in extraction.materials],
        "introduction": [vars(i) for i in extraction.introduction],
        "irregularities": [vars(i) for i in sorted(
            extraction.irregularities, key=lambda i: (i.line, i.kind, i.detail))],
    }


def render(extraction: Extraction) -> dict[str, str]:
    """File name -> text of every file of the data package."""
    files: dict[str, str] = {}
    resources = []
    for name, rows in table_rows(extraction).items():
        spec = TABLES[name]
        columns = [f["name"] for f in spec["fields"]]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        files[f"{name}.csv"] = buffer.getvalue()
        schema = {"fields": spec["fields"], "missingValues": [""]}
        if "primaryKey" in spec:
            schema["primaryKey"] = spec["primaryKey"]
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": spec["description"], "schema": schema,
        })
    package = {
        "name": "vn-circular-04-2022-tt-bkhcn-norms",
        "title": "Economic-technical norms for maintaining Vietnam's national measurement "
                 "standards (Circular 04/2022/TT-BKHCN)",
        "profile": "tabular-data-package",
        "sources": [SOURCE],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    return files


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_package(extraction: Extraction, directory: Path) -> list[Path]:
    """Write the data package into ``directory`` (created if needed); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render(extraction).items():
        write_atomic(directory / name, text)
        written.append(directory / name)
    return written
