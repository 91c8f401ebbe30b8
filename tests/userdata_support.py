"""Test figures for the user data folder (this module holds no tests).

Everything here is TEST DATA, invented for the tests and marked so in every citation: a 2025
timetable copied from the 2024 one, a base salary of 2,794,000 VND from 2027-07-01 and a 2027
holiday schedule. None of it is a real timetable, decree or State Council notice.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

EXAMS = Path(__file__).parents[1] / "norms" / "exams"
TABLES = ("years", "periods", "special_projects", "special_sessions", "sites", "irregularities")
TEST_SOURCE = ("TEST DATA, not a real timetable: 浙江省市场监督管理局《{year}年计量专业项目考核"
               "时间表》(test figures), {year}-01-01")


def exam_rows(year: int) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The shipped 2024 tables as ``year``'s (same months and days), source marked as test."""
    out = {}
    for table in TABLES:
        with (EXAMS / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            grid = list(csv.reader(f))
        header, rows = grid[0], [r for r in grid[1:] if r[0] == "2024"]
        for row in rows:
            row[:] = [c.replace("2024-", f"{year}-") if c[:5] == "2024-" and "revised" not in
                      header else c for c in row]
            row[0] = str(year)
            if table == "years":
                row[header.index("title")] = f"{year}年计量专业项目考核时间表（测试数据）"
                row[header.index("source")] = TEST_SOURCE.format(year=year)
                row[header.index("title_line")] = ""
                row[header.index("special_note_line")] = ""
            if "lines" in header:
                row[header.index("lines")] = ""
            if "line" in header and table not in ("irregularities",):
                row[header.index("line")] = ""
        out[table] = (header, rows)
    return out


def write_exams_xlsx(path: Path, years: tuple[int, ...] = (2025,)) -> Path:
    """A workbook with a sheet per table, as a coordinator would fill it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table)
        for n, year in enumerate(years):
            header, rows = exam_rows(year)[table]
            if n == 0:
                sheet.append(header)
            for row in rows:
                sheet.append(row)
    book.save(path)
    return path


def write_exams_folder(folder: Path, year: int = 2025) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, (header, rows) in exam_rows(year).items():
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([header, *rows])
    return folder


WAGE_HEADER = ["effective_from", "amount_vnd", "decree", "issued", "citation"]
#: A test figure after the shipped table (Decree 161/2026/NĐ-CP, 2,530,000 from 2026-07-01,
#: checked through 2026-12-07), issued before that day so no check needs a fixed today. 2027 is
#: then (6 × 2,530,000 + 6 × 2,794,000) ÷ 12 = 2,662,000 and 2028 is 2,794,000.
TEST_DECREE = ["2027-07-01", "2794000", "999/2026/NĐ-CP", "2026-11-16",
               "TEST FIGURE, not a real decree: Nghị định 999/2026/NĐ-CP ngày 16/11/2026 quy "
               "định mức lương cơ sở (test figure), Điều 3: 2.794.000 đồng/tháng từ ngày "
               "01/7/2027"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows])
    return path


def write_wages(path: Path, rows: list[list[str]] | None = None) -> Path:
    return write_csv(path, WAGE_HEADER, rows if rows is not None else [TEST_DECREE])


HOLIDAY_HEADER = ["date", "kind", "name", "citation"]
TEST_NOTICE = ("TEST DATA, not a real notice: 国务院办公厅关于2027年部分节假日安排的通知（测试）"
               "2026年")
#: Test figures: 16 weekday holidays and 2 make-up Saturdays/Sundays in 2027.
TEST_HOLIDAYS_2027 = (
    [("2027-01-01", "holiday", "元旦")]
    + [(f"2027-02-{d:02d}", "holiday", "春节") for d in range(5, 12)]
    + [("2027-02-14", "workday", "春节调休"), ("2027-02-20", "workday", "春节调休"),
       ("2027-04-05", "holiday", "清明节"), ("2027-05-03", "holiday", "劳动节"),
       ("2027-05-04", "holiday", "劳动节"), ("2027-06-09", "holiday", "端午节"),
       ("2027-09-15", "holiday", "中秋节")]
    + [(f"2027-10-{d:02d}", "holiday", "国庆节") for d in range(1, 8)]
)


def write_holidays(path: Path, rows: list[tuple[str, str, str]] | None = None) -> Path:
    rows = TEST_HOLIDAYS_2027 if rows is None else rows
    return write_csv(path, HOLIDAY_HEADER, [[d, k, n, TEST_NOTICE] for d, k, n in rows])


def weekday_holidays(rows=TEST_HOLIDAYS_2027) -> int:
    return sum(1 for d, k, _ in rows if k == "holiday" and dt.date.fromisoformat(d).weekday() < 5)
