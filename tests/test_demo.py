"""``normbook demo``: the estimate, justification and form it writes, and its example inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from normbook import demo
from normbook.cli import main
from normbook.errors import DataError, OutputExists
from normbook.estimate import needed_items
from normbook.vn_words import format_number
from normbook.wages import vnd


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> demo.DemoOutputs:
    return demo.run_demo(tmp_path_factory.mktemp("demo") / "out")


def docx_text(path: Path) -> str:
    """Every paragraph of a .docx, body and table cells alike."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_writes_the_three_files_into_the_folder(built):
    names = sorted(p.name for p in built.folder.iterdir())
    assert names == sorted(["estimate.xlsx", "thuyet-minh.docx", built.form.name])
    assert built.form.name == "张三-1236.docx"  # no full ID number in a file name


def test_estimate_covers_both_standards_with_the_lab_class(built):
    estimate = built.estimate
    assert estimate.year == 2026
    assert [a.appendix for a in estimate.appendices] == ["VI", "XXV"]
    assert estimate.appendix("XXV").variant == "PTN1"
    assert estimate.appendix("VI").variant is None


def test_every_line_is_priced(built):
    estimate = built.estimate
    assert estimate.missing_prices == ()
    assert estimate.total.missing_prices == 0
    assert estimate.warnings == ()  # no example price for an item nobody needs
    lines = [x for a in estimate.appendices for x in (*a.equipment, *a.materials)]
    assert lines and all(x.amount is not None and x.price > 0 for x in lines)


def test_every_needed_item_has_an_example_price():
    prices = demo.example_prices()
    for component in ("equipment", "material"):
        for item in needed_items(demo.APPENDICES, component):
            row = prices.price_of(item.key)
            assert row is not None, (component, item.name, item.spec)
            assert row.where.startswith("demo_prices.csv row ")


def test_example_prices_say_they_are_illustrative():
    prices = demo.example_prices()
    assert prices.source == demo.PRICES_SOURCE
    assert "not market prices" in prices.source  # its str: English
    assert "không phải giá thị trường" in prices.source.render("vi")
    with demo._example(demo.PRICES_FILE).open(encoding="utf-8") as handle:
        import csv

        rows = list(csv.DictReader(handle))
    assert rows and all("illustrative" in r["note"] and "not a market price" in r["note"]
                        for r in rows)


def test_workbook_summary_has_both_standards_and_a_total(built):
    book = load_workbook(built.workbook)
    summary = book["Summary"]
    column_a = [summary.cell(r, 1).value for r in range(1, summary.max_row + 1)]
    assert column_a[1:4] == ["VI", "XXV", "Total"]
    cited = [c.value for row in book["Inputs"].iter_rows() for c in row
             if isinstance(c.value, str) and demo.PRICES_SOURCE in c.value]
    assert cited, "the Inputs sheet names the illustrative example prices"


def test_justification_gives_the_grand_total(built):
    text = docx_text(built.justification)
    total = format_number(vnd(built.estimate.total.amount))
    assert total in text
    assert "." in total  # Vietnamese grouping: 910.922.545
    assert demo.INSTITUTE.upper() in text  # issued under an example unit, not a real one
    source = demo.PRICES_SOURCE.render("vi")  # the justification is always Vietnamese
    assert f"Nguồn đơn giá thiết bị và vật liệu: {source}." in text


def test_form_names_the_applicant(built):
    text = docx_text(built.form)
    assert "张三" in text
    assert "330106199003071236" in text
    assert "示例计量检定所" in text


def test_example_applicant_validates_cleanly():
    from normbook.forms.validate import validate

    verdict = validate(demo.example_applicant(), year=2024)
    assert verdict.ok
    assert verdict.problems == ()


def test_summary_shows_totals_and_paths(built, tmp_path):
    text = demo.summary(built, cwd=built.folder.parent)
    for part in (*built.estimate.appendices, built.estimate):
        assert f"{vnd(part.total.amount):,} VND" in text
    assert "an example year" in text and "not market prices" in text
    assert "out/estimate.xlsx" in text and "out/thuyet-minh.docx" in text
    assert f"out/{built.form.name}" in text
    assert "张三" in text and "(special project)" in text
    assert "330106********1236" in text and "330106199003071236" not in text  # masked
    assert "normbook norm VI labour --source" in text
    elsewhere = demo.summary(built, cwd=tmp_path)  # not below: absolute paths
    assert str(built.workbook.resolve()) in elsewhere


def test_rerun_refuses_and_changes_nothing(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", "-o", str(folder)]) == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    capsys.readouterr()
    assert main(["demo", "-o", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--force" in captured.err and "3 output files exist" in captured.err
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before
    assert main(["demo", "-o", str(folder), "--force"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)


def test_one_existing_file_is_enough_to_refuse_before_writing(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    form = demo.form_path(folder, demo.example_applicant())
    form.write_bytes(b"mine")
    with pytest.raises(OutputExists):
        demo.run_demo(folder)
    assert [p.name for p in folder.iterdir()] == [form.name]
    assert form.read_bytes() == b"mine"


def test_output_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("x")
    assert main(["demo", "-o", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.parametrize(("row", "message"), [
    ('equipment,Máy in Laser,Ca,"In A4, 2 mặt",9000,illustrative', "priced twice"),
    ("material,Nước cất,lít,,10000,illustrative", "is not an item"),
    ("material,Ghim,hộp,,mười,illustrative", "must be a number"),
])
def test_broken_example_prices_are_a_data_error(tmp_path, monkeypatch, row, message):
    shipped = demo._example(demo.PRICES_FILE).read_text(encoding="utf-8")
    broken = tmp_path / demo.PRICES_FILE
    broken.write_text(shipped + row + "\n", encoding="utf-8")
    monkeypatch.setattr(demo, "_example", lambda name: broken)
    with pytest.raises(DataError, match=message):
        demo.example_prices()


def test_python_m_normbook_demo_in_an_empty_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "normbook", "demo"], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for name in ("estimate.xlsx", "thuyet-minh.docx", "张三-1236.docx"):
        assert (tmp_path / "normbook-demo" / name).is_file()
        assert str(Path("normbook-demo") / name) in result.stdout
