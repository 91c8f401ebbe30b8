"""`normbook estimate`: both files written with equal totals, exit codes, refusals, bad input.

Tests that write the justification need ``normbook.estimate.justification``; they skip
without it. Error paths stop before any file is written, so they run regardless.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from normbook.cli import main
from normbook.errors import BadArgument
from normbook.estimate import Prices, estimate, read_prices, write_prices_template
from normbook.estimate.run import (
    JUSTIFICATION_NAME,
    WORKBOOK_NAME,
    build_request,
    parse_counts,
    parse_variants,
    run_estimate,
)
from normbook.libreoffice import find_soffice
from normbook.wages import vnd

ARGS = ["estimate", "--appendix", "VI", "--appendix", "XXV", "--variant", "XXV=PTN1",
        "--year", "2026", "--count", "VI:3=0", "--count", "XXV:6=2"]


@pytest.fixture()
def justification():
    return pytest.importorskip("normbook.estimate.justification")


@pytest.fixture(scope="module")
def prices_file(tmp_path_factory) -> Path:
    """A prices workbook for VI and XXV with every price filled."""
    path = tmp_path_factory.mktemp("prices") / "prices.xlsx"
    write_prices_template(path, ["VI", "XXV"], year=2026)
    wb = openpyxl.load_workbook(path)
    for sheet, step in (("Equipment", 1_000), ("Materials", 250)):
        ws = wb[sheet]
        for row in range(2, ws.max_row + 1):
            ws.cell(row, 5, 10_000 + step * row)  # E: price_per_shift / unit_price
    wb.save(path)
    return path


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def vn(amount: Decimal) -> str:
    """Whole đồng the Vietnamese way: 1.234.567."""
    return f"{vnd(amount):,}".replace(",", ".")


def total_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("Total"))


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- it works -----------------------------------------------------------------------------

def test_writes_workbook_and_justification_with_the_same_totals(tmp_path, capsys, prices_file,
                                                                 justification):
    out = tmp_path / "out"
    code, stdout, stderr = run([*ARGS, "--prices", str(prices_file), "-o", str(out),
                                "--institute", "Viện Đo lường & Thử nghiệm"], capsys)
    assert code == 0, stderr
    assert "have no price" not in stderr and "no --prices" not in stderr  # all prices filled
    assert "no quantity in the source" in stderr  # VI's UPS: the source gives a note
    expected = estimate(build_request(["VI", "XXV"], 2026, variants=["XXV=PTN1"],
                                      counts=["VI:3=0", "XXV:6=2"]), read_prices(prices_file))
    wb = openpyxl.load_workbook(out / WORKBOOK_NAME)
    assert wb.sheetnames == ["Inputs", "Prices", "Labour", "Equipment", "Materials", "Summary"]
    assert [wb["Summary"].cell(r, 1).value for r in (2, 3, 4)] == ["VI", "XXV", "Total"]
    inputs = list(wb["Inputs"].iter_rows(values_only=True))
    assert ("Prices from", "prices.xlsx") in [r[:2] for r in inputs]
    counts = {(r[0], r[1]): r[4] for r in inputs if r[0] in ("VI", "XXV") and r[4] is not None}
    assert counts[("VI", 3)] == 0 and counts[("XXV", 6)] == 2 and counts[("VI", 1)] == 1
    text = docx_text(out / JUSTIFICATION_NAME)
    assert "Viện Đo lường & Thử nghiệm" in text
    assert expected.total.missing_prices == 0 and expected.total.not_in_source == 1
    assert vn(expected.total.amount) in text  # the workbook's totals equal these (LibreOffice
    for part in expected.appendices:         # test of test_estimate_workbook.py)
        assert vn(part.total.amount) in text
    assert f"{vnd(expected.total.amount):,}*" in total_line(stdout)  # incomplete: marked


def test_missing_prices_warn_and_still_write(tmp_path, capsys, justification):
    out = tmp_path / "out"
    code, stdout, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "-o",
                                str(out)], capsys)
    assert code == 0
    assert "no --prices" in stderr
    assert "have no price" in stderr and "Điều hòa nhiệt độ" in stderr and "--strict" in stderr
    assert "no quantity in the source" in stderr and "Thiết bị lưu điện" in stderr
    assert "incomplete" in stdout
    prices = openpyxl.load_workbook(out / WORKBOOK_NAME)["Prices"]
    column = [c.value for c in prices[1]].index("price_per_shift")
    marked = [r[0].value for r in prices.iter_rows(min_row=2)
              if r[1].value == "equipment" and r[column].comment is not None]
    assert marked and all(m.startswith("E") for m in marked)
    assert (out / JUSTIFICATION_NAME).is_file()


def test_run_estimate_takes_prices_built_in_code(tmp_path, justification):
    request = build_request(["III"], 2024)
    prices = Prices.from_names({"Điều hòa nhiệt độ": 20_000}, {"Giấy": 80_000})
    outputs = run_estimate(request, prices, tmp_path / "new" / "folder")
    assert outputs.workbook == tmp_path / "new" / "folder" / WORKBOOK_NAME
    assert outputs.workbook.is_file() and outputs.justification.is_file()
    assert outputs.pdfs == ()
    assert outputs.estimate.appendix("III").missing_prices  # only two prices given


# ---- refusals and bad input ---------------------------------------------------------------

def test_strict_refuses_missing_prices(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "--strict", "-o",
                           str(out)], capsys)
    assert code == 2
    assert "no price for" in stderr and "Máy hút ẩm" in stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_an_existing_output_is_not_overwritten(tmp_path, capsys, justification):
    out = tmp_path / "out"
    out.mkdir()
    (out / JUSTIFICATION_NAME).write_bytes(b"keep me")
    code, _, stderr = run(["estimate", "--appendix", "III", "--year", "2026", "-o", str(out)],
                          capsys)
    assert code == 2 and "--force" in stderr and JUSTIFICATION_NAME in stderr
    assert (out / JUSTIFICATION_NAME).read_bytes() == b"keep me"
    assert not (out / WORKBOOK_NAME).exists()  # refused before writing anything
    code, _, _ = run(["estimate", "--appendix", "III", "--year", "2026", "-o", str(out),
                      "--force"], capsys)
    assert code == 0
    assert (out / JUSTIFICATION_NAME).read_bytes()[:2] == b"PK"  # now a real .docx
    assert (out / WORKBOOK_NAME).is_file()


@pytest.mark.parametrize(("extra", "message"), [
    (["--appendix", "XL"], "unknown appendix 'XL'"),
    (["--appendix", "XXV"], "pass --variant XXV=PTN1 or XXV=PTN2"),
    (["--appendix", "XXV", "--variant", "XXV=PTN3"], "unknown variant 'PTN3'"),
    (["--appendix", "VI", "--variant", "XXV=PTN1"], "not in this estimate"),
    (["--appendix", "VI", "--count", "VI3=1"], "write APPENDIX:WORK=N"),
    (["--appendix", "VI", "--count", "VI:9=1"], "appendix VI has no work '9'"),
    (["--appendix", "VI", "--count", "VI:3=-1"], "whole number of times"),
    (["--appendix", "VI", "--count", "XXV:3=1"], "not in this estimate"),
    (["--appendix", "VI", "--count", "VI:1=100000000000000000000000"], "at most 1000"),
    (["--appendix", "XVII", "--count", "XVII:2+3=5"], "works 2 and 3 as one block"),
    (["--appendix", "XXXI", "--count", "XXXI:=3", "--count", "XXXI:2=0"],
     "the whole procedure"),
    (["--appendix", "VI", "--institute", "   "], "institute's name is empty"),
])
def test_bad_arguments_exit_2_with_a_clear_message(tmp_path, capsys, extra, message):
    out = tmp_path / "out"
    code, _, stderr = run(["estimate", "--year", "2026", "-o", str(out), *extra], capsys)
    assert code == 2
    assert stderr.startswith("normbook: error: ") and message in stderr
    assert not out.exists()


def test_a_bad_prices_file_names_sheet_and_cell(tmp_path, capsys, prices_file):
    bad = tmp_path / "bad.xlsx"
    wb = openpyxl.load_workbook(prices_file)
    wb["Equipment"]["E2"] = -5
    wb["Materials"]["E3"] = "mười nghìn"
    wb.save(bad)
    out = tmp_path / "out"
    code, _, stderr = run([*ARGS, "--prices", str(bad), "-o", str(out)], capsys)
    assert code == 2
    assert "Equipment!E2" in stderr and "negative" in stderr
    assert "Materials!E3" in stderr and "not a number" in stderr
    assert not out.exists()


def test_a_missing_prices_file_is_bad_input(tmp_path, capsys):
    code, _, stderr = run([*ARGS, "--prices", str(tmp_path / "none.xlsx"), "-o",
                           str(tmp_path / "out")], capsys)
    assert code == 2 and "none.xlsx" in stderr and "prices-template" in stderr
    assert not (tmp_path / "out").exists()


def test_output_must_be_a_folder(tmp_path, capsys):
    code, _, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "-o",
                           str(tmp_path / "estimate.xlsx")], capsys)
    assert code == 2 and "folder" in stderr


def test_pdf_without_libreoffice_fails_before_writing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NORMBOOK_SOFFICE", str(tmp_path / "no-such-soffice"))
    out = tmp_path / "out"
    code, _, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "--pdf", "-o",
                           str(out)], capsys)
    assert code == 2 and "--pdf needs LibreOffice" in stderr and "drop --pdf" in stderr
    assert not out.exists()


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_through_libreoffice(tmp_path, capsys, justification):
    out = tmp_path / "out"
    code, stdout, stderr = run(["estimate", "--appendix", "III", "--year", "2026", "--pdf",
                                "-o", str(out)], capsys)
    assert code == 0, stderr
    for name in ("estimate.pdf", "thuyet-minh.pdf"):
        assert (out / name).read_bytes()[:5] == b"%PDF-", name
        assert name in stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["estimate.pdf", WORKBOOK_NAME, "thuyet-minh.pdf", JUSTIFICATION_NAME])


# ---- argument parsing ---------------------------------------------------------------------

def test_variants_and_counts_parse():
    assert parse_variants(["XXV=PTN2"], ("VI", "XXV")) == {"XXV": "PTN2"}
    assert parse_variants(["PTN1"], ("VI", "XXV")) == {"XXV": "PTN1"}  # where classes exist
    assert parse_counts(["VI:3=0,XXV:6=2", "XVII:2+3=1"]) == {
        ("VI", "3"): "0", ("XXV", "6"): "2", ("XVII", "2+3"): "1"}
    request = build_request(["VI,XXV"], 2026, variants=["PTN1"], counts=["vi:3=0"])
    assert request.appendices == ("VI", "XXV") and request.variants["XXV"] == "PTN1"
    assert request.counts == {("VI", "3"): 0}
    with pytest.raises(BadArgument, match="two lab classes"):
        parse_variants(["XXV=PTN1", "XXV=PTN2"], ("XXV",))
    with pytest.raises(BadArgument, match="APPENDIX=CLASS"):
        parse_variants(["XXV="], ("XXV",))


# ---- review fixes -------------------------------------------------------------------------

def test_a_refused_institute_writes_nothing_so_the_rerun_works(tmp_path, capsys, justification):
    out = tmp_path / "e6"
    code, _, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "--institute",
                           "   ", "-o", str(out)], capsys)
    assert code == 2 and "institute" in stderr
    assert not out.exists() or list(out.iterdir()) == []
    code, _, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "-o", str(out)],
                          capsys)
    assert code == 0, stderr
    assert (out / WORKBOOK_NAME).is_file() and (out / JUSTIFICATION_NAME).is_file()


def test_a_failed_second_write_removes_the_first(tmp_path, monkeypatch, justification):
    from normbook.estimate import run as run_module

    real = run_module.save_atomic

    def failing(write, output, **kwargs):
        if str(output).endswith(".docx"):
            raise OSError(f"{output}: disk full")
        return real(write, output, **kwargs)

    monkeypatch.setattr(run_module, "save_atomic", failing)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="disk full"):
        run_estimate(build_request(["III"], 2026), None, out)
    assert list(out.iterdir()) == []  # the workbook this run wrote is gone too


def test_a_huge_price_exits_2_naming_the_cell(tmp_path, capsys, prices_file):
    bad = tmp_path / "huge.xlsx"
    wb = openpyxl.load_workbook(prices_file)
    wb["Equipment"]["E2"] = 1e300
    wb.save(bad)
    out = tmp_path / "out"
    code, _, stderr = run([*ARGS, "--prices", str(bad), "-o", str(out)], capsys)
    assert code == 2 and "Equipment!E2" in stderr and "at most" in stderr
    assert not out.exists()


def test_a_gap_of_a_work_not_done_leaves_the_total_complete(tmp_path, capsys, prices_file,
                                                            justification):
    out = tmp_path / "o7"
    code, stdout, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "--prices",
                                str(prices_file), "--count", "VI:2=0", "-o", str(out)], capsys)
    assert code == 0, stderr
    assert "no quantity in the source" not in stderr  # work 2 is not done this year
    assert total_line(stdout).split()[-1] == "complete"
    equipment = openpyxl.load_workbook(out / WORKBOOK_NAME)["Equipment"]
    assert any(r[4].value == "Thiết bị lưu điện" for r in equipment.iter_rows(min_row=2))
    code, _, stderr = run(["estimate", "--appendix", "VI", "--year", "2026", "--prices",
                           str(prices_file), "-o", str(tmp_path / "o8")], capsys)
    assert "1 row has no quantity in the source" in stderr


def test_the_summary_table_never_shows_a_bare_0_for_unpriced_items(tmp_path, capsys,
                                                                   justification):
    code, stdout, _ = run(["estimate", "--appendix", "VI", "--year", "2026", "-o",
                           str(tmp_path / "out")], capsys)
    assert code == 0
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("appendix"))
    vi = lines[header + 1].split()
    assert vi[0] == "VI" and vi[2] == "0*" and vi[3] == "0*" and vi[-1] == "incomplete"
    assert not vi[1].endswith("*")  # labour is priced from the wage data: complete
    assert any(line.startswith("* ") for line in lines[header:])  # the marker is explained
