"""Benchmark: ``normbook forms`` on rosters where every row is rejected. Measures only.

Run: python bench/bench_reports.py [--rows 20000] [--shared 8000] [--format csv|xlsx]

Two rosters, each timed end to end (``python -m normbook forms ROSTER -o FOLDER``: read,
group, validate, write rejections.xlsx / rejections.csv / warnings.csv):

- ``--rows`` rows, one applicant each, every one rejected (the ID number's check character
  is wrong, the education below the guide's minimum): the rejection report has a few
  problems per row;
- ``--shared`` rows sharing one bad ID number (one applicant with that many projects): every
  applicant-level error is repeated on each of the rows.

It prints the seconds of each run and never fails on the time (a run that exits other than
with 1, "rows rejected", is reported as such).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from normbook.forms.applicant import APPLICANT_FIELDS, PROJECT_FIELDS
from normbook.forms.validate import id_check_character

COLUMNS = [*APPLICANT_FIELDS, *PROJECT_FIELDS]


def _bad_id(first17: str) -> str:
    """An ID number whose check character is wrong (so it is rejected)."""
    right = id_check_character(first17)
    return first17 + ("0" if right != "0" else "1")


def _row(i: int, id_number: str) -> dict[str, str]:
    return {
        "name": f"王{i}", "title": "工程师", "id_number": id_number, "education": "初中",
        "phone": f"138{i % 10 ** 8:08d}", "employer": "浙江省计量科学研究院",
        "employer_address": "浙江省杭州市西湖区学院路60号", "postcode": "310012",
        "region": "杭州市", "employer_type": "省级法定计量检定机构", "period": "2",
        "site": "杭州", "category": "力学", "project": f"电子天平{i}", "subproject": "",
        "regulation": "JJG 1036-2022 电子天平检定规程",
    }


def distinct_rows(count: int) -> list[dict[str, str]]:
    """``count`` applicants of one row each, all rejected."""
    return [_row(i, _bad_id(f"3301061985{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}"))
            for i in range(count)]


def shared_rows(count: int) -> list[dict[str, str]]:
    """``count`` rows of one bad ID number (the same name, so the rows agree)."""
    bad = _bad_id("33010619850312123")
    return [{**_row(i, bad), "name": "王丽华", "phone": "13857112345"} for i in range(count)]


def write_roster(rows: list[dict[str, str]], path: Path) -> Path:
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("报名")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    book.save(path)
    return path


def time_forms(label: str, roster: Path, outdir: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "normbook", "forms", str(roster), "-o",
                           str(outdir), "--force"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    note = "" if done.returncode == 1 else f"  (exit {done.returncode}: {done.stderr[-300:]})"
    summary = done.stdout.splitlines()[0] if done.stdout else ""
    print(f"{label:40} {seconds:8.2f} s  {summary}{note}", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000,
                        help="rows of the roster of distinct rejected applicants")
    parser.add_argument("--shared", type=int, default=8_000,
                        help="rows of the roster sharing one bad ID number (0: skip)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv",
                        help="roster file type (default csv)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="normbook-bench-reports-"))
    try:
        print(f"python {sys.version.split()[0]}, rosters as .{args.format}")
        if args.rows:
            roster = write_roster(distinct_rows(args.rows), work / f"distinct.{args.format}")
            time_forms(f"{args.rows} rejected applicants", roster, work / "distinct")
        if args.shared:
            roster = write_roster(shared_rows(args.shared), work / f"shared.{args.format}")
            time_forms(f"{args.shared} rows sharing one bad ID", roster, work / "shared")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
