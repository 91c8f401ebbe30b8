"""`normbook form` and `normbook forms`: outputs, messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_forms_roster import mixed_rows, rows_of
from test_forms_support import (
    DATA,
    docx_template,
    make_applicant,
    needs_soffice,
    table_cells,
    write_roster,
)

from normbook.cli import main


def test_form_from_json(tmp_path: Path, capsys) -> None:
    out = tmp_path / "form.docx"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    rows = table_cells(out)
    assert rows[0][1] == "王丽华" and rows[0][5] == "330106198503121231"
    assert rows[4][:2] == ["电离辐射", "医用诊断X射线辐射源"]


def test_form_from_yaml_warns_but_writes(tmp_path: Path, capsys) -> None:
    out = tmp_path / "form.docx"
    assert main(["form", str(DATA / "applicant.yaml"), "-o", str(out)]) == 0
    assert table_cells(out)[1][3] == "0579-82345678"
    assert capsys.readouterr().err == ""  # the sample has nothing to warn about


def test_cross_site_warning_is_printed(tmp_path: Path, capsys) -> None:
    data = json.loads((DATA / "applicant.json").read_text(encoding="utf-8"))
    data["site"] = "杭州"  # the applicant works for Hangzhou's municipal institution
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["form", str(source), "-o", str(tmp_path / "f.docx")]) == 0
    assert "warning: 考点 (site)" in capsys.readouterr().err


def test_rejected_applicant_exits_1_and_writes_nothing(tmp_path: Path, capsys) -> None:
    data = json.loads((DATA / "applicant.json").read_text(encoding="utf-8"))
    data["id_number"] = data["id_number"][:17] + "0"
    data["period"] = 3  # the X-ray project is a special project of periods 2 and 5
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "form.docx"
    assert main(["form", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error: 身份证号 (id_number): the check character is 0" in err
    assert "special project" in err and "no form written" in err
    assert not out.exists()


def test_existing_output_needs_force(tmp_path: Path, capsys) -> None:
    out = tmp_path / "form.docx"
    out.write_bytes(b"old")
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"old"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out), "--force"]) == 0
    assert table_cells(out)[0][1] == "王丽华"


def test_bad_applicant_file_exits_2(tmp_path: Path, capsys) -> None:
    source = tmp_path / "a.json"
    source.write_text("{oops", encoding="utf-8")
    assert main(["form", str(source), "-o", str(tmp_path / "f.docx")]) == 2
    assert "normbook: error:" in capsys.readouterr().err


def test_missing_applicant_file_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["form", str(tmp_path / "nosuch.json"), "-o", str(tmp_path / "x.docx")]) == 2
    assert "nosuch.json: no such applicant file" in capsys.readouterr().err


def test_applicant_file_not_in_utf8_exits_2(tmp_path: Path, capsys) -> None:
    source = tmp_path / "enc.json"
    source.write_bytes(b"\xff\xfe{}")
    assert main(["form", str(source), "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "normbook: error:" in err and "not UTF-8" in err and "Traceback" not in err


@pytest.mark.parametrize("payload", ['{% include "x" %}', "{{ range(100000000)|list }}",
                                     "{{ 'x' * 10**9 }}"])
def test_broken_user_template_exits_2(tmp_path: Path, capsys, payload: str) -> None:
    template = docx_template(tmp_path / "t.docx", payload)
    out = tmp_path / "f.docx"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out),
                 "--template", str(template)]) == 2
    assert f"normbook: error: {template}" in capsys.readouterr().err
    assert not out.exists()


def test_template_failing_for_one_row_of_a_roster_exits_2(tmp_path: Path, capsys) -> None:
    from test_forms_roster import FAILS_FOR_GENG, applicants_with_geng

    template = docx_template(tmp_path / "t.docx", FAILS_FOR_GENG)
    roster = write_roster(tmp_path / "r.xlsx", applicants_with_geng(3))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"),
                 "--template", str(template)]) == 2
    assert "row 3" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("*"))


def test_gbk_csv_roster_warns_which_encoding(tmp_path: Path, capsys) -> None:
    import csv

    rows = rows_of(make_applicant(projects=1))
    path = tmp_path / "r.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["forms", str(path), "-o", str(tmp_path / "out")]) == 0
    assert "warning: roster: " in capsys.readouterr().err


def test_unsafe_user_template_exits_2(tmp_path: Path, capsys) -> None:
    template = docx_template(tmp_path / "t.docx", "{{ name.__class__.__mro__ }}")
    out = tmp_path / "f.docx"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out),
                 "--template", str(template)]) == 2
    assert "sandbox" in capsys.readouterr().err
    assert not out.exists()


def test_user_template(tmp_path: Path) -> None:
    from docx import Document

    template = docx_template(tmp_path / "t.docx", "{{ name }} / {{ site }} / 第{{ period }}期")
    out = tmp_path / "f.docx"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out),
                 "--template", str(template)]) == 0
    assert Document(str(out)).paragraphs[0].text == "王丽华 / 金华 / 第2期"


# ---- forms ------------------------------------------------------------------------------------

def test_forms_all_valid_exits_0(tmp_path: Path, capsys) -> None:
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant(projects=3)))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "3 roster row(s): 1 form(s) from 3 row(s), 0 row(s) rejected" in out
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1


def test_forms_with_rejections_exits_1(tmp_path: Path, capsys) -> None:
    roster = write_roster(tmp_path / "r.xlsx", mixed_rows())
    assert main(["forms", str(roster), "-o", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "11 row(s) rejected" in captured.out
    assert "error: row 4, 身份证号 (id_number)" in captured.err
    assert main(["forms", str(roster), "-o", str(tmp_path / "out")]) == 2  # no --force
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"), "--force"]) == 1


def test_forms_missing_columns_exits_2(tmp_path: Path, capsys) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "职称"])
    book.save(tmp_path / "r.xlsx")
    assert main(["forms", str(tmp_path / "r.xlsx"), "-o", str(tmp_path / "out")]) == 2
    assert "missing column(s)" in capsys.readouterr().err


def test_pdf_without_libreoffice_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NORMBOOK_SOFFICE", str(tmp_path / "no-such-soffice"))
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant(projects=1)))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"), "--pdf"]) == 1
    assert "no PDFs: LibreOffice (soffice) was not found" in capsys.readouterr().err
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1
    out = tmp_path / "form.docx"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out), "--pdf"]) == 1
    assert out.exists() and "no PDF" in capsys.readouterr().err


@needs_soffice
def test_pdf_with_libreoffice(tmp_path: Path) -> None:
    rows = rows_of(make_applicant(projects=1)) + rows_of(make_applicant(
        projects=2, name="李四", id_number="11010519491231002X"))
    roster = write_roster(tmp_path / "r.xlsx", rows)
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"), "--pdf"]) == 0
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert [p.stem for p in pdfs] == sorted(p.stem for p in (tmp_path / "out").glob("*.docx"))
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_help_lists_both_commands(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "form " in out and "forms" in out


def test_commands_import_nothing_heavy() -> None:
    import subprocess
    import sys

    code = ("import sys, normbook.cli; normbook.cli.build_parser(); "
            "print(sorted(m for m in ('pandas', 'docxtpl', 'docx', 'openpyxl', 'lxml') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_existing_pdf_needs_force_too(tmp_path: Path, capsys) -> None:
    out = tmp_path / "form.docx"
    out.with_suffix(".pdf").write_bytes(b"old")
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out), "--pdf"]) == 2
    assert "form.pdf" in capsys.readouterr().err and not out.exists()
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant(projects=1)))
    main(["forms", str(roster), "-o", str(tmp_path / "out")])
    (docx,) = (tmp_path / "out").glob("*.docx")
    docx.unlink()
    docx.with_suffix(".pdf").write_bytes(b"old")
    for name in ("rejections.xlsx", "rejections.csv", "warnings.csv"):
        (tmp_path / "out" / name).unlink()
    assert main(["forms", str(roster), "-o", str(tmp_path / "out"), "--pdf"]) == 2
    assert docx.with_suffix(".pdf").read_bytes() == b"old"
