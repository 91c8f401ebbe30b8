"""The extractor: the committed data package is exactly what the circular's text gives, and the
section readers handle each shape the circular's tables take."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from normbook.extract import Extraction, extract
from normbook.extract.labour import read_labour
from normbook.extract.raw import Cell
from normbook.extract.rows import read_rows
from normbook.extract.writer import render

NORMS = Path(__file__).parents[1] / "norms"
SEED = NORMS / "sources" / "vn-circular-04-2022-TT-BKHCN.txt"
PACKAGE_FILES = sorted(
    p.name for p in NORMS.iterdir() if p.suffix in (".csv", ".json")
) if NORMS.is_dir() else []


# ---- the whole circular ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(extraction: Extraction) -> dict[str, str]:
    return render(extraction)


def test_rendered_files_are_the_committed_files(rendered: dict[str, str]) -> None:
    assert len(PACKAGE_FILES) == 9
    assert sorted(rendered) == PACKAGE_FILES


@pytest.mark.parametrize("name", PACKAGE_FILES)
def test_fresh_extraction_equals_committed(rendered: dict[str, str], name: str) -> None:
    committed = (NORMS / name).read_text(encoding="utf-8")
    fresh = rendered[name]
    if fresh != committed:
        old, new = committed.splitlines(), fresh.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                     min(len(old), len(new)))
        pytest.fail(
            f"norms/{name} differs from a fresh extraction at line {first + 1}:\n"
            f"  committed: {old[first] if first < len(old) else '<end>'}\n"
            f"  fresh:     {new[first] if first < len(new) else '<end>'}\n"
            "re-run the extractor and commit its output"
        )


def test_extraction_is_deterministic(rendered: dict[str, str]) -> None:
    again = render(extract(SEED.read_text(encoding="utf-8")))
    assert again == rendered


def _csv(name: str) -> list[dict[str, str]]:
    with (NORMS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("name", "written"),
    [("labour.csv", ("cong_as_written", "grade_as_written")),
     ("equipment.csv", ("name", "shifts_as_written")),
     ("materials.csv", ("use_as_written", "consumption_as_written"))],
)
def test_cited_lines_hold_the_values_as_written(seed_lines: list[str], name: str,
                                                written: tuple[str, ...]) -> None:
    """Each row's source lines contain its numbers exactly as the circular writes them."""
    rows = _csv(name)
    assert rows
    for row in rows:
        texts = [seed_lines[int(n) - 1].strip() for n in row["lines"].split()]
        for column in written:
            if row[column]:
                assert any(row[column] in t for t in texts), (name, column, row)


# ---- section readers on tiny synthetic tables ------------------------------------------------

LABOUR_HEADER = ["STT", "Nội dung công việc", "Định mức", "Ghi chú", "(1)", "(2)", "(3)", "(4)",
                 "A", "Lao động trực tiếp"]
EQUIPMENT_HEADER = ["STT", "Tên thiết bị", "Đơn vị tính", "Yêu cầu kỹ thuật",
                    "Định mức (thực hiện trong 1 năm)", "(1)", "(2)", "(3)", "(4)", "(5)"]
MATERIALS_HEADER = ["STT", "Tên vật tư", "Đơn vị tính", "Yêu cầu kỹ thuật", "Sử dụng",
                    "Tiêu hao", "(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
SPECIALIST = "Định mức công lao động có chuyên môn"
ENGINEER = "Trình độ: Kỹ sư (hạng III) Mã số: V.05.02.07"


def cells(texts: list[str], first_line: int = 101) -> list[Cell]:
    """Cells on every other line, as in the circular's text (a blank line between cells)."""
    return [Cell(first_line + 2 * i, t) for i, t in enumerate(texts)]


def line_of(cs: list[Cell], text: str, nth: int = 0) -> int:
    return [c.line for c in cs if c.text == text][nth]


def kinds(result) -> list[str]:
    return [i.kind for i in result.irregularities]


def test_labour_simple_work() -> None:
    cs = cells([*LABOUR_HEADER, "I", "Công việc 1: Kiểm soát điều kiện môi trường", SPECIALIST,
                ENGINEER, "Bậc: 3/9", "7,5"])
    result = read_labour("T", cs)
    assert [(w.section, w.work, w.title) for w in result.works] == [
        ("labour", "1", "Kiểm soát điều kiện môi trường")]
    (line,) = result.lines
    assert (line.appendix, line.work, line.category) == ("T", "1", "chuyen_mon")
    assert (line.rank, line.rank_code, line.grade) == ("Kỹ sư (hạng III)", "V.05.02.07", "3/9")
    assert line.cong == Decimal("7.5") and line.cong_as_written == "7,5"
    assert line.lab_class == ""
    assert line.lines == [line_of(cs, ENGINEER), line_of(cs, "Bậc: 3/9"), line_of(cs, "7,5")]
    assert result.steps == [] and result.irregularities == []


def test_labour_general_labour_and_indirect_section_ends_the_table() -> None:
    cs = cells([*LABOUR_HEADER, "I", "Công việc 1: X", "a", SPECIALIST, ENGINEER, "Bậc: 3/9",
                "25", "b", "Định mức công lao động phổ thông", "Bậc: 3/12", "87,5",
                "B", "Định mức lao động gián tiếp", "Bậc: 9/9", "1000"])
    result = read_labour("T", cs)
    assert [(x.category, x.rank, x.grade, x.cong) for x in result.lines] == [
        ("chuyen_mon", "Kỹ sư (hạng III)", "3/9", Decimal(25)),
        ("pho_thong", "Lao động phổ thông", "3/12", Decimal("87.5")),
    ]


def test_labour_class_note_after_the_value() -> None:
    cs = cells([*LABOUR_HEADER, "I", "Công việc 1: X", SPECIALIST, ENGINEER,
                "Bậc: 5/9", "125", "Cho PTN loại 2", "Bậc: 6/9", "150", "Cho PTN loại 1"])
    result = read_labour("T", cs)
    assert [(x.grade, x.cong, x.lab_class) for x in result.lines] == [
        ("5/9", Decimal(125), "PTN2"), ("6/9", Decimal(150), "PTN1")]
    # the note is cited with the line it qualifies
    assert line_of(cs, "Cho PTN loại 2") in result.lines[0].lines
    assert line_of(cs, "Cho PTN loại 1") in result.lines[1].lines
    assert result.irregularities == []


def test_labour_alternative_ranks_share_one_value() -> None:
    """'Bậc: 5/9 (PTN loại 1)' / 'Hoặc Trình độ: ...' / 'Bậc: 1/8 (PTN loại 2)' / '201'."""
    alternative = "Hoặc Trình độ: Kỹ sư chính (hạng II) Mã số: V.05.02.06"
    cs = cells([*LABOUR_HEADER, "VI", "Công việc 6: Đánh giá", SPECIALIST, ENGINEER,
                "Bậc: 5/9 (PTN loại 1)", alternative, "Bậc: 1/8 (PTN loại 2)", "201"])
    result = read_labour("T", cs)
    assert [(x.rank, x.rank_code, x.grade, x.lab_class, x.cong) for x in result.lines] == [
        ("Kỹ sư (hạng III)", "V.05.02.07", "5/9", "PTN1", Decimal(201)),
        ("Kỹ sư chính (hạng II)", "V.05.02.06", "1/8", "PTN2", Decimal(201)),
    ]
    value = line_of(cs, "201")
    assert result.lines[0].lines == [line_of(cs, ENGINEER), line_of(cs, "Bậc: 5/9 (PTN loại 1)"),
                                     value]
    assert result.lines[1].lines == [line_of(cs, alternative), line_of(cs, "Bậc: 1/8 (PTN loại 2)"),
                                     value]


def test_labour_breakdown_steps_are_steps_not_labour() -> None:
    cs = cells([*LABOUR_HEADER, "V", "Công việc 5: Đánh giá cho 01 lần đánh giá", SPECIALIST,
                ENGINEER, "Bậc: 5/9", "52", "- Hiệu chuẩn chuẩn", "+ Kiểm tra bên ngoài", "1,5",
                "+ Kiểm tra đo lường", "46", "- Báo cáo thường xuyên, định kỳ.", "4,5"])
    result = read_labour("T", cs)
    assert [(x.grade, x.cong) for x in result.lines] == [("5/9", Decimal(52))]
    assert [(s.level, s.label, s.cong, s.total) for s in result.steps] == [
        (1, "Hiệu chuẩn chuẩn", None, Decimal(52)),
        (2, "Kiểm tra bên ngoài", Decimal("1.5"), Decimal(52)),
        (2, "Kiểm tra đo lường", Decimal(46), Decimal(52)),
        (1, "Báo cáo thường xuyên, định kỳ.", Decimal("4.5"), Decimal(52)),
    ]
    assert [s.seq for s in result.steps] == [1, 2, 3, 4]
    assert all(s.work == "5" for s in result.steps)
    assert result.steps[1].line == line_of(cs, "+ Kiểm tra bên ngoài")
    assert result.irregularities == []


def test_labour_grade_without_scale() -> None:
    cs = cells([*LABOUR_HEADER, "I", "Công việc 1: X", SPECIALIST, ENGINEER, "Bậc: 2", "10"])
    result = read_labour("T", cs)
    (line,) = result.lines
    assert (line.grade, line.grade_as_written, line.cong) == ("2", "Bậc: 2", Decimal(10))
    assert kinds(result) == ["grade_without_scale"]
    assert result.irregularities[0].line == line_of(cs, "Bậc: 2")


def test_labour_malformed_grade() -> None:
    cs = cells([*LABOUR_HEADER, "I", "Công việc 1: X", SPECIALIST, ENGINEER, "Bậc: 5//9", "10"])
    result = read_labour("T", cs)
    (line,) = result.lines
    assert (line.grade, line.grade_as_written) == ("5/9", "Bậc: 5//9")
    assert kinds(result) == ["malformed_grade"]
    assert result.irregularities[0].line == line_of(cs, "Bậc: 5//9")


def test_labour_work_without_any_line_is_recorded() -> None:
    cs = cells([*LABOUR_HEADER, "I", "Công việc 1: X", SPECIALIST, ENGINEER, "Bậc: 3/9", "10",
                "II", "Công việc 2: Y", "III", "Công việc 3: Z", SPECIALIST, ENGINEER,
                "Bậc: 3/9", "5"])
    result = read_labour("T", cs)
    assert [w.work for w in result.works] == ["1", "2", "3"]
    assert [(x.work, x.cong) for x in result.lines] == [("1", Decimal(10)), ("3", Decimal(5))]
    assert kinds(result) == ["missing_value"]
    assert "work 2" in result.irregularities[0].detail


def test_labour_joint_work_heading() -> None:
    cs = cells([*LABOUR_HEADER, "II", "Công việc 2 và 3: Liên kết chuẩn", SPECIALIST, ENGINEER,
                "Bậc: 3/9", "19"])
    result = read_labour("T", cs)
    assert [(w.work, w.title) for w in result.works] == [("2+3", "Liên kết chuẩn")]
    assert [x.work for x in result.lines] == ["2+3"]


def test_materials_rows_with_and_without_spec() -> None:
    """Without a spec cell the values move one column left; the row still reads right."""
    cs = cells([*MATERIALS_HEADER, "I", "Công việc 1: X",
                "Giấy", "gram", "A4", "5", "2",
                "Bảo hộ lao động", "bộ", "04", "04",
                "Điện năng (nhiên liệu)", "kW", "220VAC-50 HZ", "17250", "17250"])
    result = read_rows("T", "materials", cs)
    assert [(w.section, w.work) for w in result.works] == [("materials", "1")]
    got = [(r.name, r.unit, r.spec, r.values, r.values_as_written) for r in result.rows]
    assert got == [
        ("Giấy", "gram", "A4", [Decimal(5), Decimal(2)], ["5", "2"]),
        ("Bảo hộ lao động", "bộ", "", [Decimal(4), Decimal(4)], ["04", "04"]),
        ("Điện năng (nhiên liệu)", "kW", "220VAC-50 HZ", [Decimal(17250), Decimal(17250)],
         ["17250", "17250"]),
    ]
    assert [r.seq for r in result.rows] == [1, 2, 3]
    assert result.rows[1].lines == [line_of(cs, t) for t in ("Bảo hộ lao động", "bộ")] + [
        line_of(cs, "04", 0), line_of(cs, "04", 1)]
    assert kinds(result) == ["missing_spec"]
    assert "Bảo hộ lao động" in result.irregularities[0].detail


def test_materials_dot_thousands() -> None:
    cs = cells([*MATERIALS_HEADER, "I", "Công việc 1: X",
                "Điện năng (nhiên liệu)", "kW", "220VAC-50HZ", "50.000", "10.000"])
    (row,) = read_rows("T", "materials", cs).rows
    assert row.values == [Decimal(50000), Decimal(10000)]
    assert row.values_as_written == ["50.000", "10.000"]


def test_materials_note_instead_of_number() -> None:
    note = "Tùy thuộc vào thực tế"
    cs = cells([*MATERIALS_HEADER, "I", "Công việc 1: X",
                "Axit HNO3", "mL", "Độ tinh khiết ultrapure", note, note,
                "Axeton", "mL", "Phù hợp với HPLC", "200", "200"])
    result = read_rows("T", "materials", cs)
    acid, acetone = result.rows
    assert acid.values == [None, None]
    assert acid.values_as_written == [note, note]
    assert acid.note == note
    assert acid.spec == "Độ tinh khiết ultrapure"
    assert acetone.values == [Decimal(200), Decimal(200)]
    assert kinds(result) == ["note_instead_of_number"]
    assert result.irregularities[0].line == line_of(cs, note, 0)


def test_equipment_note_instead_of_number_is_never_zero() -> None:
    note = "Sử dụng khi thực hiện phép đo quan trọng"
    cs = cells([*EQUIPMENT_HEADER, "II", "Công việc 2: Y",
                "Thiết bị lưu điện", "Ca", "10 kVA", note])
    result = read_rows("T", "equipment", cs)
    (row,) = result.rows
    assert (row.name, row.unit, row.spec, row.values, row.note) == (
        "Thiết bị lưu điện", "Ca", "10 kVA", [None], note)
    assert kinds(result) == ["note_instead_of_number"]


def test_equipment_row_without_unit() -> None:
    cs = cells([*EQUIPMENT_HEADER, "I", "Công việc 1: X",
                "Ẩm kế", "Ca", "(15 ÷ 90) %RH", "1095",
                "Áp kế", "(0 ÷ 1,5) bar Abs", "1095",
                "Máy tính để bàn", "Ca", "Loại thông dụng", "264"])
    result = read_rows("T", "equipment", cs)
    assert [(r.name, r.unit, r.spec, r.values) for r in result.rows] == [
        ("Ẩm kế", "Ca", "(15 ÷ 90) %RH", [Decimal(1095)]),
        ("Áp kế", "", "(0 ÷ 1,5) bar Abs", [Decimal(1095)]),
        ("Máy tính để bàn", "Ca", "Loại thông dụng", [Decimal(264)]),
    ]
    assert kinds(result) == ["missing_unit"]
    assert result.irregularities[0].line == line_of(cs, "Áp kế")
    assert "Áp kế" in result.irregularities[0].detail


def test_equipment_joint_work_heading() -> None:
    cs = cells([*EQUIPMENT_HEADER, "I", "Công việc 1: X",
                "Máy tính để bàn", "Ca", "Loại thông dụng", "1095",
                "II", "Công việc 2 và 3: Hiệu chuẩn hoặc so sánh chuẩn quốc gia",
                "Máy tính để bàn", "Ca", "Loại thông dụng", "1",
                "Máy in Laser", "Ca", "In A4, 2 mặt", "1"])
    result = read_rows("T", "equipment", cs)
    assert [(w.work, w.title) for w in result.works] == [
        ("1", "X"), ("2+3", "Hiệu chuẩn hoặc so sánh chuẩn quốc gia")]
    assert [(r.work, r.name, r.values) for r in result.rows] == [
        ("1", "Máy tính để bàn", [Decimal(1095)]),
        ("2+3", "Máy tính để bàn", [Decimal(1)]),
        ("2+3", "Máy in Laser", [Decimal(1)]),
    ]
    assert kinds(result) == ["joint_work"]
    assert result.irregularities[0].line == line_of(
        cs, "Công việc 2 và 3: Hiệu chuẩn hoặc so sánh chuẩn quốc gia")
    assert result.rows[1].heading_line == result.works[1].line


def test_materials_joint_work_heading() -> None:
    cs = cells([*MATERIALS_HEADER, "II", "Công việc 2 và 3: Y",
                "Điện năng", "kW", "220V", "10.000", "5.000"])
    result = read_rows("T", "materials", cs)
    assert [w.work for w in result.works] == ["2+3"]
    assert [(r.work, r.values) for r in result.rows] == [
        ("2+3", [Decimal(10000), Decimal(5000)])]


def test_every_irregularity_quotes_the_source_exactly():
    """A quoted text of an irregularity ('...') is in the circular as written, at the line the
    irregularity cites or at a line its detail names ("Article 1 (line 92)")."""
    import re

    text = SEED.read_text(encoding="utf-8").split("\n")
    with (NORMS / "irregularities.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    misquoted = []
    for r in rows:
        cited = [int(r["line"]), *(int(n) for n in re.findall(r"\bline (\d+)", r["detail"]))]
        # a row's name stands a few lines above its number; a cell runs over a few lines
        around = "\n".join("\n".join(text[max(0, n - 12):n + 40]) for n in cited)
        for quoted in re.findall(r"(?<!\w)'([^']{3,})'(?!\w)", r["detail"]):
            if quoted not in around:
                misquoted.append((r["appendix"], r["kind"], r["line"], quoted))
    assert misquoted == []
