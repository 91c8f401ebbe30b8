"""ID numbers stay inside the forms: file names, reports, the terminal and Excel show none.

A resident ID number is sensitive personal information, and the forms and reports are
e-mailed and shared: forms are named by name and the last four characters of the ID number
(or a pattern), and every report shows ID numbers masked (first six, last four).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
from test_forms_excel import book_json, run_lite, sheet_values, written
from test_forms_roster import mixed_rows, rows_of
from test_forms_support import make_applicant, roster_row, table_cells, valid_id, write_roster

from normbook.cli import main
from normbook.forms import excel
from normbook.forms.applicant import Project
from normbook.forms.batch import write_forms
from normbook.forms.names import DEFAULT_PATTERN, FIELDS, name_pattern
from normbook.forms.text import masked_id

FULL_ID = re.compile(r"\d{17}[\dXx]")


def same_last_four(first: str = "3301021990071545") -> tuple[str, str]:
    """Two valid ID numbers that differ but end in the same four characters."""
    wanted = valid_id(first + "3")[-4:]
    for year in range(1960, 2000):
        other = valid_id(f"330102{year}0715453")
        if other[-4:] == wanted and other != valid_id(first + "3"):
            return valid_id(first + "3"), other
    raise AssertionError("no pair found")


def roster_rows() -> list[dict | None]:
    """The roster of test_forms_roster (good, rejected, conflicting, special rows) plus two
    applicants with the same name and the same last four, and an ID held as a number."""
    one, two = same_last_four()
    twins = [roster_row(make_applicant(projects=1, name="张伟", id_number=i),
                        make_applicant().projects[0]) for i in (one, two)]
    scientific = {**roster_row(make_applicant(name="数字"), make_applicant().projects[0]),
                  "id_number": "3.30106198503121E+17"}
    return [*mixed_rows(), *twins, scientific]


def ids_of(rows) -> set[str]:
    return {r["id_number"].upper() for r in rows if r and len(r["id_number"]) == 18}


def report_texts(folder: Path) -> list[str]:
    """Every cell of the rejection and warning reports (CSV and the workbook's sheets)."""
    texts = []
    for name in ("rejections.csv", "warnings.csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            texts += [cell for row in csv.reader(handle) for cell in row]
    book = openpyxl.load_workbook(folder / "rejections.xlsx")
    texts += [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
              if c.value is not None]
    return texts


def test_a_batch_writes_no_full_id_number_in_a_file_name_or_report(tmp_path: Path,
                                                                    capsys) -> None:
    rows = roster_rows()
    roster = write_roster(tmp_path / "roster.xlsx", rows)
    out = tmp_path / "out"
    assert main(["forms", str(roster), "-o", str(out)]) == 1  # some rows are rejected
    said = capsys.readouterr()
    ids = ids_of(rows)
    assert len(ids) >= 8
    names = [p.name for p in out.iterdir()]
    assert len([n for n in names if n.endswith(".docx")]) == 5
    texts = report_texts(out)
    for text in [*names, *texts, said.out, said.err]:
        assert not FULL_ID.search(text), text
        assert not any(i[:14] in text for i in ids), text  # nor the birth date with the region
    # the reports still tell the applicants apart: masked, first six and last four
    assert masked_id(valid_id()[:17] + "0") == "330106********1230"
    assert "330106********1230" in texts
    assert "3.30106…E+17" in texts  # an ID held as a number: its digits not shown either
    # ... and the form itself holds the full number
    form = out / "王丽华-1231.docx"
    assert table_cells(form)[0][5] == valid_id()


def test_same_name_and_last_four_are_told_apart_by_the_roster_row(tmp_path: Path) -> None:
    one, two = same_last_four()
    rows = [roster_row(make_applicant(projects=1, name="张伟", id_number=i),
                       make_applicant().projects[0]) for i in (one, two)]
    out = tmp_path / "out"
    result = write_forms(write_roster(tmp_path / "r.xlsx", rows), out)
    stem = f"张伟-{one[-4:]}"
    assert sorted(p.name for p in out.glob("*.docx")) == [f"{stem}-row2.docx", f"{stem}-row3.docx"]
    assert table_cells(out / f"{stem}-row2.docx")[0][5] == one
    assert table_cells(out / f"{stem}-row3.docx")[0][5] == two
    said = [str(w) for w in result.warnings]
    assert len(said) == 2 and all("told apart by the roster row" in s for s in said)
    with (out / "warnings.csv").open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["id_number"] for r in records] == [masked_id(one), masked_id(two)]


def test_the_default_name(tmp_path: Path) -> None:
    applicant = make_applicant()
    assert name_pattern(None).text == DEFAULT_PATTERN == "{name}-{id4}"
    assert name_pattern(None).stem(applicant) == "王丽华-1231"


@pytest.mark.parametrize(("pattern", "names"), [
    ("{row}-{name}", ["2-王丽华.docx", "4-李四.docx"]),
    ("{name}-{period}-{id4}.docx", ["李四-2-1235.docx", "王丽华-2-1231.docx"]),
    ("申请表_{site}_{row}", ["申请表_杭州_2.docx", "申请表_杭州_4.docx"]),
])
def test_a_name_pattern_names_the_forms(tmp_path: Path, capsys, pattern, names) -> None:
    a = make_applicant(projects=2)
    b = make_applicant(projects=1, name="李四", id_number=valid_id("33010619850512123"))
    roster = write_roster(tmp_path / "r.xlsx", rows_of(a) + rows_of(b))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"), "--name-pattern",
                 pattern]) == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == sorted(names)
    assert capsys.readouterr().err == ""


def test_a_pattern_with_the_full_id_number_is_allowed_with_a_warning(tmp_path: Path,
                                                                      capsys) -> None:
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant()))
    out = tmp_path / "out"
    assert main(["forms", str(roster), "-o", str(out), "--name-pattern", "{id}-{name}"]) == 0
    assert [p.name for p in out.glob("*.docx")] == [f"{valid_id()}-王丽华.docx"]
    err = capsys.readouterr().err
    assert "full ID numbers" in err and "personal information" in err
    assert any("full ID numbers" in t for t in report_texts(out))


@pytest.mark.parametrize(("pattern", "says"), [
    ("{name}", "could give two applicants the same file name: include {row}"),
    ("{id4}", "could give two applicants the same file name"),
    ("{nme}-{row}", "has the field {nme}; the fields are {name}, {id4}, {row}"),
    ("{name}/{row}", "holds /, which a file name cannot hold"),
    ("{row:03}-{name}", "without a format or conversion"),
    ("{name", "cannot be read"),
    ("forms", "has no field"),
])
def test_a_bad_pattern_is_refused_before_anything_is_read(tmp_path: Path, capsys, pattern,
                                                          says) -> None:
    out = tmp_path / "out"
    assert main(["forms", str(tmp_path / "missing.xlsx"), "-o", str(out), "--name-pattern",
                 pattern]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_a_pattern_that_names_two_applicants_alike_is_refused(tmp_path: Path, capsys) -> None:
    one, two = same_last_four()
    rows = [roster_row(make_applicant(projects=1, name="张伟", id_number=i),
                       make_applicant().projects[0]) for i in (one, two)]
    out = tmp_path / "out"
    assert main(["forms", str(write_roster(tmp_path / "r.xlsx", rows)), "-o", str(out),
                 "--name-pattern", "{name}-{id4}-{period}"]) == 2
    err = capsys.readouterr().err
    assert "gives the applicants of rows 2, 3 the same file name" in err
    assert "add {row}" in err
    assert not out.exists() or not list(out.iterdir())


def test_help_lists_the_pattern_fields(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["forms", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--name-pattern" in text and "{name}-{id4}" in text
    assert all("{" + field + "}" in text for field in FIELDS)


def test_excel_statuses_and_results_sheet_show_no_full_id_number(tmp_path: Path,
                                                                  monkeypatch) -> None:
    monkeypatch.setattr(excel, "LITE_FOLDER", tmp_path / "data" / "forms")
    (tmp_path / "data").mkdir()
    book = book_json(sheet_values(), "A2:A4")
    run_lite(book)
    cells = [*written(book).values(), *written(book, 1).values()]
    shown = [str(v) for v in cells if v is not None]
    assert shown and not any(FULL_ID.search(v) for v in shown)
    assert "330106********1230" in shown  # the rejected row's ID number, masked
    assert [p.name for p in (tmp_path / "data" / "forms").iterdir()] == ["王丽华-1231.docx"]


@pytest.mark.parametrize(("value", "masked"), [
    ("330106198505121235", "330106********1235"),
    ("33010619850512123x", "330106********123x"),
    ("33010619850512123", "330106*******2123"),  # a digit short: still most of a number
    ("3.30106198503121E+17", "3.30106…E+17"),
    ("#N/A", "#N/A"), ("", ""), ("+86 1385711", "+86 1385711"),  # no ID in it: as it is
])
def test_masked_id(value: str, masked: str) -> None:
    assert masked_id(value) == masked


def test_a_template_failure_names_the_applicant_without_the_full_number(tmp_path: Path,
                                                                        capsys) -> None:
    from test_forms_support import docx_template

    template = docx_template(tmp_path / "t.docx", "{{ name }} {{ 1 / 0 }}")
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant()))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"), "--template",
                 str(template)]) == 2
    err = capsys.readouterr().err
    assert "330106********1231" in err and not FULL_ID.search(err)


def test_project_rows_of_a_roster_list_keep_their_order() -> None:
    # the mixed roster's projects still group by the full ID number (masking is display only)
    from normbook.forms.roster import RosterRow, group_rows

    rows = [RosterRow(2, roster_row(make_applicant(), Project("力学", "a", "", "JJG 1-2000"))),
            RosterRow(3, roster_row(make_applicant(), Project("力学", "b", "", "JJG 2-2000")))]
    (applicant,) = group_rows(rows).applicants
    assert applicant.id_number == valid_id() and [p.project for p in applicant.projects] == [
        "a", "b"]
