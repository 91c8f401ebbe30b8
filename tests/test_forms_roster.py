"""Rosters: every row ends in a form or in the rejections report, nothing dropped, no overwrite."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_forms_support import (
    make_applicant,
    roster_row,
    table_cells,
    valid_id,
    write_roster,
)

from normbook.cli import COMMAND_LINE
from normbook.forms.applicant import LABELS, Project
from normbook.forms.batch import write_forms
from normbook.forms.errors import FormInputError, OutputExists
from normbook.forms.roster import group_rows, read_roster
from normbook.forms.text import masked_id

XRAY = Project("电离辐射", "医用诊断X射线辐射源", "", "JJG 744-2004 医用诊断X射线辐射源检定规程")


def rows_of(applicant, **changes_per_row) -> list[dict]:
    return [roster_row(applicant, p) for p in applicant.projects]


def mixed_rows() -> list[dict | None]:
    """Excel rows 2-17: good and bad applicants, a blank row, a row without an ID number."""
    a = make_applicant(projects=2)                                            # rows 2-3: ok
    b = make_applicant(projects=2, name="错号", id_number=valid_id()[:17] + "0")  # 4-5: bad ID
    no_id = {**roster_row(make_applicant(), make_applicant().projects[0]), "id_number": ""}
    c = make_applicant(projects=2, name="矛盾", id_number=valid_id("33070219900101002"))
    c_rows = rows_of(c)
    c_rows[1]["title"] = "高级工程师"                                            # 8-9: conflict
    d = make_applicant(projects=[XRAY, Project("力学", "电子天平", "", "JJG 1036-2022")],
                       name="特殊", id_number=valid_id("33020319781120451"), period="3")
    e = make_applicant(projects=[Project("力学", f"项目{i}", "", f"JJG {i}-2000")
                                 for i in range(1, 5)],
                       name="太多", id_number=valid_id("33060219880808176"))      # 12-15
    f = make_applicant(projects=1, name="李/四:*?", id_number=valid_id("33100219920229008"))
    g = make_applicant(projects=1, name="零", postcode="010000",
                       id_number=valid_id("11010519491231002"))
    return [*rows_of(a), *rows_of(b), None, no_id, *c_rows, *rows_of(d), *rows_of(e),
            *rows_of(f), *rows_of(g)]


@pytest.fixture
def mixed(tmp_path: Path):
    roster = write_roster(tmp_path / "roster.xlsx", mixed_rows())
    result = write_forms(roster, tmp_path / "out")
    return result, tmp_path / "out"


def test_every_row_is_accounted_for(mixed) -> None:
    result, _ = mixed
    assert result.blank_rows == (6,)
    assert result.rows_in == 15
    in_forms = {r for f in result.forms for r in f.rows}
    assert in_forms == {2, 3, 16, 17}
    assert result.rejected_rows == {4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15}
    assert not in_forms & result.rejected_rows
    assert result.rows_in == result.rows_in_forms + len(result.rejected_rows)
    assert result.summary().startswith("15 roster row(s): 3 form(s) from 4 row(s), 11 row(s) "
                                       "rejected, 1 blank row(s) skipped")


def test_rejections_say_row_field_and_reason(mixed) -> None:
    result, _ = mixed
    by_row: dict[int, list] = {}
    for p in result.rejections:
        by_row.setdefault(p.row, []).append(p)
    assert by_row[4][0].field == "id_number" and "check character" in by_row[4][0].reason
    assert by_row[5][0].field == "id_number"  # an applicant's error is on each of its rows
    assert by_row[7][0].field == "id_number" and "required" in by_row[7][0].reason
    (conflict,) = by_row[9]
    assert conflict.field == "title" and "row 8" in conflict.reason
    assert "see row 9" in by_row[8][0].reason
    assert by_row[10][0].field == "project" and "special project" in by_row[10][0].reason
    assert "see row 10" in by_row[11][0].reason
    assert all(by_row[r][0].field == "projects" for r in range(12, 16))


def test_reports_hold_every_rejection(mixed) -> None:
    result, out = mixed
    with (out / "rejections.csv").open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert list(records[0]) == ["row", "id_number", "field", "reason"]
    assert {int(r["row"]) for r in records} == result.rejected_rows
    assert len(records) == len(result.rejections)
    row4 = next(r for r in records if r["row"] == "4")
    assert row4["id_number"] == masked_id(valid_id()[:17] + "0") == "330106********1230"
    sheet = load_workbook(out / "rejections.xlsx")["rejections"]
    values = list(sheet.values)
    assert values[0] == ("row", "id_number", "field", "reason")
    assert [str(v[0]) for v in values[1:]] == [r["row"] for r in records]
    assert (out / "warnings.csv").is_file()


def test_forms_are_filled_and_safely_named(mixed) -> None:
    result, out = mixed
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == sorted(f.path.name for f in result.forms) and len(names) == 3
    first = next(f for f in result.forms if f.rows == (2, 3))
    rows = table_cells(first.path)
    assert rows[0][1] == "王丽华" and rows[0][5] == first.id_number
    assert rows[4][1] == "电子天平" and rows[5][1] == "玻璃液体温度计"
    odd = next(f for f in result.forms if f.rows == (16,))
    assert odd.path.name == "李_四_-0087.docx"  # the name made safe, the last four of the ID
    assert table_cells(odd.path)[0][1] == "李/四:*?"
    zero = next(f for f in result.forms if f.rows == (17,))
    assert table_cells(zero.path)[2][1].endswith("邮编：010000")


def test_chinese_headers(tmp_path: Path) -> None:
    a = make_applicant(projects=2)
    headers = [LABELS[k] for k in (*a.values(), "category", "project", "subproject",
                                   "regulation")]
    headers[0] = " 姓名 * "  # spaces and a required-marker are ignored
    roster = write_roster(tmp_path / "r.xlsx", rows_of(a), headers=headers)
    result = write_forms(roster, tmp_path / "out")
    assert [f.rows for f in result.forms] == [(2, 3)] and not result.rejections


def test_number_cells_keep_what_they_can_and_say_what_was_lost(tmp_path: Path) -> None:
    a = make_applicant(projects=1)
    row = roster_row(a, a.projects[0])
    numbers = write_roster(tmp_path / "numbers.xlsx",
                           [{**row, "id_number": int(a.id_number), "phone": 13857112345,
                             "period": 2, "postcode": 10000}], as_text=False)
    (read,) = read_roster(numbers)
    assert (read.values["phone"], read.values["period"]) == ("13857112345", "2")
    assert read.values["id_number"] != a.id_number  # the number cell went through a float
    result = write_forms(numbers, tmp_path / "out")
    reasons = {p.field: p.reason for p in result.rejections}
    assert "held the ID as a number" in reasons["id_number"]
    assert "leading 0 lost" in reasons["postcode"]


def test_empty_cells_take_the_applicants_other_rows(tmp_path: Path) -> None:
    a = make_applicant(projects=2)
    rows = rows_of(a)
    rows[1] = {**rows[1], "name": "", "title": "", "phone": ""}  # a merged-cell style roster
    result = write_forms(write_roster(tmp_path / "r.xlsx", rows), tmp_path / "out")
    assert [f.rows for f in result.forms] == [(2, 3)]


def test_csv_roster(tmp_path: Path) -> None:
    a = make_applicant(projects=1)
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(roster_row(a, a.projects[0])))
        writer.writeheader()
        writer.writerow({**roster_row(a, a.projects[0]), "postcode": "010000"})
    (row,) = read_roster(path)
    assert row.values["postcode"] == "010000" and row.row == 2


@pytest.mark.parametrize(("headers", "match"), [
    (["name", "title"], "missing column.*身份证号 \\(id_number\\)"),
    (["name", "姓名"], "both mean 姓名"),
])
def test_bad_headers(tmp_path: Path, headers: list[str], match: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(headers)
    book.save(tmp_path / "r.xlsx")
    with pytest.raises(FormInputError, match=match):
        read_roster(tmp_path / "r.xlsx")


def test_unknown_sheet(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant()))
    with pytest.raises(FormInputError, match="名单"):
        read_roster(roster, sheet="名单")
    assert len(read_roster(roster, sheet="报名")) == 2


# ---- files: no overwrite, same result on a re-run, parallel = serial --------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_existing_files_are_not_overwritten(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.xlsx", mixed_rows())
    write_forms(roster, tmp_path / "out")
    before = snapshot(tmp_path / "out")
    # the Python API is told its keyword; the command line (cli.main) its flag
    with pytest.raises(OutputExists, match="force=True") as refused:
        write_forms(roster, tmp_path / "out")
    assert "--force" in refused.value.text(COMMAND_LINE)
    assert snapshot(tmp_path / "out") == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_rerun_with_force_gives_the_same_bytes(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.xlsx", mixed_rows())
    write_forms(roster, tmp_path / "out")
    first = {name: data for name, (data, _) in snapshot(tmp_path / "out").items()}
    write_forms(roster, tmp_path / "out", force=True)
    again = {name: data for name, (data, _) in snapshot(tmp_path / "out").items()}
    assert again == first


def test_parallel_and_serial_write_the_same_files(tmp_path: Path) -> None:
    applicants = [make_applicant(projects=1 + i % 3, name=f"考生{i}", id_number=valid_id(
                                     f"3301061985{i % 12 + 1:02d}{i % 28 + 1:02d}{i:03d}"))
                  for i in range(1, 46)]
    rows = [r for a in applicants for r in rows_of(a)]
    roster = write_roster(tmp_path / "r.xlsx", rows)
    serial = write_forms(roster, tmp_path / "serial", jobs=1)
    parallel = write_forms(roster, tmp_path / "parallel", jobs=2)
    assert len(serial.forms) == len(parallel.forms) == 45
    for form in serial.forms:
        assert (tmp_path / "parallel" / form.path.name).read_bytes() == form.path.read_bytes()


def test_an_old_form_of_a_now_rejected_applicant_is_flagged(tmp_path: Path) -> None:
    a = make_applicant(projects=1)
    write_forms(write_roster(tmp_path / "r.xlsx", rows_of(a)), tmp_path / "out")
    bad = rows_of(a)
    bad[0]["phone"] = "12"
    result = write_forms(write_roster(tmp_path / "r.xlsx", bad), tmp_path / "out", force=True)
    assert result.rejected_rows == {2}
    assert any("earlier run" in w.reason for w in result.warnings)


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path, capsys) -> None:
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant()))
    write_forms(roster, tmp_path / "out", progress=True)
    assert "form/s" not in capsys.readouterr().err


def test_group_rows_keeps_roster_order() -> None:
    from normbook.forms.roster import RosterRow

    a, b = make_applicant(projects=2), make_applicant(projects=1, id_number=valid_id(
        "33070219900101002"))
    rows = [RosterRow(i + 2, r) for i, r in enumerate([rows_of(a)[0], *rows_of(b),
                                                       rows_of(a)[1]])]
    grouped = group_rows(rows)
    assert [x.rows for x in grouped.applicants] == [(2, 4), (3,)]


# ---- number cells: what Excel keeps of an ID number, a phone, a postcode ----------------------

def excel_number(digits: int) -> float:
    """A number as Excel stores it: 15 significant digits, held as a double."""
    return float(f"{digits:.15g}")


def test_an_id_number_excel_held_as_a_number_is_rejected_with_the_text_hint(
        tmp_path: Path) -> None:
    # 330106198001011235 becomes 330106198001011008 in a number cell, and that number passes
    # the check character (one such ID in eleven does): only the cell's type gives it away.
    a = make_applicant(projects=1, id_number="330106198001011235")
    row = {**roster_row(a, a.projects[0]), "id_number": excel_number(330106198001011235)}
    roster = write_roster(tmp_path / "r.xlsx", [row], as_text=False)
    result = write_forms(roster, tmp_path / "out")
    assert not result.forms
    (rejection,) = result.rejections
    assert rejection.field == "id_number" and rejection.row == 2
    assert "Format the column as Text" in rejection.reason
    assert "330106198001011008" not in rejection.reason + rejection.id_number


def test_phone_number_cells(tmp_path: Path) -> None:
    """A mobile in a number cell loses nothing; a landline's lost 0 is rejected with a hint."""
    a = make_applicant(projects=1)
    b = make_applicant(projects=1, name="李四", id_number=valid_id("33070219900101002"))
    rows = [{**roster_row(a, a.projects[0]), "phone": 13857112345},
            {**roster_row(b, b.projects[0]), "phone": 57185382339}]  # was 0571-85382339
    result = write_forms(write_roster(tmp_path / "r.xlsx", rows, as_text=False),
                         tmp_path / "out")
    (form,) = result.forms
    assert table_cells(form.path)[1][3] == "13857112345"
    (rejection,) = result.rejections
    assert rejection.row == 3 and rejection.field == "phone"
    assert "leading 0 lost" in rejection.reason


def test_trailing_formatted_but_empty_rows_are_not_blank_rows(tmp_path: Path) -> None:
    a = make_applicant(projects=1)
    roster = write_roster(tmp_path / "r.xlsx", [*rows_of(a), None, None])
    rows = read_roster(roster)
    assert [r.row for r in rows] == [2]


def test_duplicate_headers_are_refused(tmp_path: Path) -> None:
    a = make_applicant(projects=1)
    headers = [*a.values(), "category", "project", "subproject", "regulation"]
    headers[1] = "name"  # two columns called name
    roster = write_roster(tmp_path / "r.xlsx", rows_of(a), headers=headers)
    with pytest.raises(FormInputError, match="both mean 姓名"):
        read_roster(roster)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("name,title\n", encoding="utf-8")
    with pytest.raises(FormInputError, match=r"r\.xlsx.*not an \.xlsx workbook"):
        read_roster(path)


# ---- CSV encodings ---------------------------------------------------------------------------

def write_csv(path: Path, rows: list[dict], *, encoding: str, delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(("encoding", "delimiter", "said"), [
    ("gbk", ",", "GB18030"),       # Chinese Excel's "CSV (逗号分隔)" export
    ("gb18030", ",", "GB18030"),
    ("utf-16", ",", "UTF-16"),     # with a byte-order mark
    ("utf-16", "\t", "UTF-16"),    # Excel's "Unicode text" export: tab-separated
])
def test_csv_in_other_encodings(tmp_path: Path, encoding: str, delimiter: str,
                                said: str) -> None:
    a = make_applicant(projects=2)
    roster = write_csv(tmp_path / "r.csv", rows_of(a), encoding=encoding, delimiter=delimiter)
    with pytest.warns(UserWarning, match=f"r\\.csv.*{said}"):
        rows = read_roster(roster)
    assert [r.values for r in rows] == rows_of(a)
    result = write_forms(roster, tmp_path / "out")
    assert [f.rows for f in result.forms] == [(2, 3)]
    (note,) = result.warnings
    assert note.field == "roster" and said in note.reason
    with (tmp_path / "out" / "warnings.csv").open(encoding="utf-8-sig") as handle:
        assert said in handle.read()


def test_utf8_csv_needs_no_warning(tmp_path: Path, recwarn) -> None:
    a = make_applicant(projects=1)
    read_roster(write_csv(tmp_path / "r.csv", rows_of(a), encoding="utf-8"))
    assert not [w for w in recwarn if "encod" in str(w.message)]


def test_csv_in_no_known_encoding(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"name,title\n\x81\xff\xff\n")
    with pytest.raises(FormInputError, match=r"r\.csv.*UTF-8.*GB18030"):
        read_roster(path)


# ---- a template that fails for one applicant: nothing is written ------------------------------

FAILS_FOR_GENG = '{% if name == "庚" %}{{ name.__class__ }}{% endif %}{{ name }}'


def applicants_with_geng(count: int) -> list[dict]:
    people = [make_applicant(projects=1, name="庚" if i == count // 2 else f"考生{i}",
                             id_number=valid_id(f"3301061985{i % 12 + 1:02d}{i % 28 + 1:02d}"
                                                f"{i:03d}"))
              for i in range(count)]
    return [r for p in people for r in rows_of(p)]


@pytest.mark.parametrize("count", [3, 45])  # serial; and a process pool (45 >= PARALLEL_FROM)
def test_a_template_failing_for_one_applicant_writes_nothing(tmp_path: Path,
                                                             count: int) -> None:
    from test_forms_support import docx_template

    from normbook.forms.errors import UnsafeTemplate

    template = docx_template(tmp_path / "t.docx", FAILS_FOR_GENG)
    roster = write_roster(tmp_path / "r.xlsx", applicants_with_geng(count))
    out = tmp_path / "out"
    with pytest.raises(UnsafeTemplate, match=f"row {count // 2 + 2}.*庚.*nothing was written"):
        write_forms(roster, out, template_path=template, jobs=2)
    assert not out.exists() or not list(out.iterdir())


def test_a_failing_template_leaves_earlier_files_alone(tmp_path: Path) -> None:
    from test_forms_support import docx_template

    from normbook.forms.errors import TemplateProblem

    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    template = docx_template(tmp_path / "t.docx", FAILS_FOR_GENG)
    roster = write_roster(tmp_path / "r.xlsx", applicants_with_geng(3))
    with pytest.raises(TemplateProblem):
        write_forms(roster, out, template_path=template)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


# ---- exact duplicate rows --------------------------------------------------------------------

def test_duplicate_rows_are_merged_and_do_not_count_twice(tmp_path: Path) -> None:
    a = make_applicant(projects=3)
    rows = rows_of(a)
    rows.insert(2, dict(rows[0]))  # row 4 repeats row 2
    result = write_forms(write_roster(tmp_path / "r.xlsx", rows), tmp_path / "out")
    (form,) = result.forms
    assert form.rows == (2, 3, 4, 5) and not result.rejections
    cells = table_cells(form.path)[4:10]
    assert [c[1] for c in cells] == ["电子天平", "玻璃液体温度计", "千分尺", "", "", ""]
    (warning,) = result.warnings
    assert warning.row == 4 and "row 2" in warning.reason and "once" in warning.reason
