"""The estimate workbook in Vietnamese (its readers' default), Chinese and English, and read
back in any of them: the same inputs compare to a difference of zero across languages."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest

from normbook.estimate import EstimateRequest, estimate
from normbook.estimate.compare import compare
from normbook.estimate.readback import read_estimate
from normbook.estimate.workbook import build_estimate_workbook
from normbook.xlsx_parts import save_workbook

VI_SHEETS = ["Thông số đầu vào", "Đơn giá", "Nhân công", "Thiết bị", "Vật tư", "Tổng hợp"]
ZH_SHEETS = ["输入参数", "单价", "人工", "设备", "材料", "汇总"]
EN_SHEETS = ["Inputs", "Prices", "Labour", "Equipment", "Materials", "Summary"]
#: ASCII words a reader may meet in a Vietnamese or Chinese workbook: names, codes, units.
ALLOWED = {"Normbook", "BaseSalary", "WorkingDays", "OnCosts", "IndirectShare", "PriceId",
           "PriceVND", "TT-BKHCN", "kWh", "IF", "SUM", "SUMIFS", "COUNTIFS", "INDEX", "MATCH",
           "MIN", "MAX", "AND", "NA", "COUNT", "PTN", "general_labour_scale"}


def _estimate():
    return estimate(EstimateRequest(("VI", "XIX"), 2026))


def _save(tmp_path, name, lang, result=None):
    path = tmp_path / name
    save_workbook(build_estimate_workbook(result or _estimate(), lang=lang), path, fixed=True)
    return path


def test_a_new_user_gets_a_vietnamese_workbook(no_language_choice):
    book = build_estimate_workbook(_estimate())
    assert book.sheetnames == VI_SHEETS
    assert book.defined_names["NormbookLanguage"].attr_text == '"vi"'
    labour = book["Nhân công"]
    assert labour["A1"].value == "Phụ lục"
    counts = [c.value for c in labour["K"][1:] if isinstance(c.value, str)]
    assert counts and all("'Thông số đầu vào'!" in v for v in counts)


def test_the_status_words_and_their_formulas_speak_the_workbook_language():
    book = build_estimate_workbook(_estimate(), lang="vi")
    formulas = [c.value for ws in book for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert any('"Chưa có giá"' in f for f in formulas)
    assert any('"Không có định mức"' in f for f in formulas)
    assert not any("price missing" in f or "not in source" in f for f in formulas)
    summary = book["Tổng hợp"]
    assert all("COUNTIFS" not in str(c.value) or "'Thiết bị'!" in str(c.value)
               or "'Nhân công'!" in str(c.value) for c in summary["G"][1:])


def _words(book):
    for ws in book:
        yield ws.title
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    yield cell.value
                if cell.comment is not None:
                    yield cell.comment.text
        for chart in ws._charts:
            for part in (chart.title, chart.x_axis.title, chart.y_axis.title):
                for paragraph in part.tx.rich.p:
                    for run in paragraph.r or ():
                        yield run.t


#: English words the workbook's labels, notes, comments and statuses are made of.
ENGLISH = {"the", "and", "of", "for", "with", "price", "prices", "missing", "not", "source",
           "labour", "equipment", "materials", "total", "status", "note", "work", "count",
           "amount", "unit", "rate", "grade", "appendix", "year", "incomplete", "complete",
           "per", "line", "lines", "row", "rows", "inputs", "summary", "scale", "formula",
           "direct", "indirect", "kind", "value", "parameter", "warnings", "basis", "spec",
           "item", "rank", "shift", "shifts", "depreciation", "coefficient", "daily"}


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_no_english_word_a_reader_would_read(lang):
    book = build_estimate_workbook(_estimate(), lang=lang)
    for text in _words(book):
        words = _english_words(text)  # a key such as general_labour_scale is one word
        assert not words & ENGLISH, (lang, text)


def test_chinese_sheet_names():
    assert build_estimate_workbook(_estimate(), lang="zh").sheetnames == ZH_SHEETS


def test_english_is_todays_english():
    assert build_estimate_workbook(_estimate(), lang="en").sheetnames == EN_SHEETS


@pytest.mark.parametrize("first,second", [("vi", "en"), ("en", "vi"), ("zh", "vi")])
def test_a_workbook_in_one_language_compares_to_zero_with_another(tmp_path, first, second):
    old = read_estimate(_save(tmp_path, f"old-{first}.xlsx", first))
    new = read_estimate(_save(tmp_path, f"new-{second}.xlsx", second))
    result = compare(old, new)
    assert result.difference == Decimal(0)
    assert all(v == 0 for v in result.effects.values())


def test_a_workbook_without_a_language_record_is_english(tmp_path):
    path = _save(tmp_path, "old.xlsx", "en")
    book = openpyxl.load_workbook(path)
    del book.defined_names["NormbookLanguage"]
    book.save(path)
    assert read_estimate(path).year == 2026


def test_an_edited_vietnamese_formula_is_still_refused(tmp_path):
    from normbook.estimate.readback import NotAnEstimate

    path = _save(tmp_path, "vi.xlsx", "vi")
    book = openpyxl.load_workbook(path)
    book["Nhân công"]["N2"] = "=L2*M2*2"
    book.save(path)
    with pytest.raises(NotAnEstimate, match="Nhân công"):
        read_estimate(path)


def test_the_comparison_sheet_is_in_the_new_workbook_language(tmp_path):
    old = read_estimate(_save(tmp_path, "old.xlsx", "en"))
    from normbook.estimate.compare import inputs_of

    result = _estimate()
    book = build_estimate_workbook(result, comparison=compare(old, inputs_of(result)),
                                   previous="old.xlsx", lang="vi")
    assert book.sheetnames[-1] == "So sánh"
    assert book["So sánh"]["C4"].value.startswith("='Tổng hợp'!F")


def test_compare_writes_its_workbook_in_vietnamese_and_speaks_the_terminal_language(
        tmp_path, capsys, no_language_choice):
    from normbook.cli import main

    old, new = _save(tmp_path, "old.xlsx", "en"), _save(tmp_path, "new.xlsx", "vi")
    out = tmp_path / "cmp.xlsx"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["So sánh"]
    assert book["So sánh"]["A3"].value == "Phụ lục"
    # a C locale: the terminal falls back to English, the workbook stays Vietnamese
    assert "by chain substitution" in capsys.readouterr().out
    assert main(["--lang", "zh", "compare", str(old), str(new)]) == 0
    assert "按连环替代法" in capsys.readouterr().out


def test_a_drivers_line_is_said_in_the_language_that_shows_it():
    from normbook.estimate.compare import inputs_of

    result = _estimate()
    request = EstimateRequest(("VI", "XIX"), 2026, counts={("VI", "3"): 0})
    fewer = inputs_of(estimate(request))
    comparison = compare(inputs_of(result), fewer)
    line = comparison.drivers[0].line
    assert "work 3" in line  # programs read the English text, as before
    assert "công việc 3" in line.render("vi") and "工作项 3" in line.render("zh")
    assert "×" in line.render("vi") and "." in line.render("vi").split("×")[1]  # 283.991 đ


def test_a_readback_error_is_said_where_it_is_shown(tmp_path):
    from normbook import i18n
    from normbook.estimate.readback import NotAnEstimate

    path = _save(tmp_path, "vi.xlsx", "vi")
    book = openpyxl.load_workbook(path)
    book["Nhân công"]["N2"] = "=L2*M2*2"
    book.save(path)
    with pytest.raises(NotAnEstimate) as info:
        read_estimate(path)
    assert "the formula was changed" in str(info.value)
    with i18n.speaking("vi"):
        assert "trang Nhân công, ô N2" in str(info.value)
        assert "công thức đã bị sửa" in str(info.value)
    with i18n.speaking("zh"):
        assert "公式被修改" in str(info.value)


# ---- the commands a new user runs write Vietnamese workbooks --------------------------------

#: ASCII words a Vietnamese workbook may hold: names, codes, units, option and file names.
COMMAND_ALLOWED = {"normbook", "basesalary", "workingdays", "oncosts", "indirectshare",
                   "priceid", "pricevnd", "tt", "bkhcn", "nđ", "cp", "kwh", "vnd", "ptn",
                   "strict", "xlsx", "docx", "csv", "demo", "prices", "template", "lao",
                   "ca", "btu", "kva", "rh", "abs", "bar", "laser", "gram", "lít", "cm", "mm",
                   "general_labour_scale", "base_salary", "on_costs_percent"}
def _english_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"(?<![^\W\d_])[A-Za-z_]{2,}(?![^\W\d_])", text)}


def _scan(book, allowed=COMMAND_ALLOWED) -> list[tuple[str, set[str]]]:
    """The texts with English words a reader would read, and those words."""
    found = []
    for text in _words(book):
        words = (_english_words(text) & ENGLISH) - allowed
        if words:
            found.append((text, words))
    return found


def test_the_commands_write_vietnamese_workbooks(tmp_path, no_language_choice, capsys,
                                                 monkeypatch):
    from normbook.cli import main

    monkeypatch.chdir(tmp_path)  # the comparison names the old file as given: no temp path

    assert main(["demo", "-o", str(tmp_path / "demo")]) == 0
    assert main(["prices-template", "--appendix", "VI", "--year", "2026",
                 "-o", str(tmp_path / "prices.xlsx")]) == 0
    assert main(["estimate", "--appendix", "VI", "--year", "2026", "--count", "VI:3=0",
                 "-o", str(tmp_path / "old")]) == 0
    assert main(["estimate", "--appendix", "VI", "--year", "2026",
                 "--previous", "old/estimate.xlsx", "-o", str(tmp_path / "new")]) == 0
    assert main(["compare", "old/estimate.xlsx", "new/estimate.xlsx", "-o", "c.xlsx"]) == 0
    books = {name: openpyxl.load_workbook(tmp_path / name) for name in (
        "demo/estimate.xlsx", "prices.xlsx", "old/estimate.xlsx", "new/estimate.xlsx",
        "c.xlsx")}
    assert books["demo/estimate.xlsx"].sheetnames == VI_SHEETS
    assert books["new/estimate.xlsx"].sheetnames == [*VI_SHEETS, "So sánh"]
    assert books["prices.xlsx"].sheetnames == ["Tiền lương", "Thiết bị", "Vật tư",
                                              "Chi phí ngoài định mức", "Ghi chú"]
    assert books["c.xlsx"].sheetnames == ["So sánh"]
    for name, book in books.items():
        assert _scan(book) == [], name


def test_no_gap_is_left_in_an_estimate_workbook():
    """Without the allowance the scan finds no English: the base salary's formula, notes and
    the "Data used" lines are Vietnamese too."""
    book = build_estimate_workbook(_estimate(), lang="vi")
    left = [text for text in _words(book) if (_english_words(text) & ENGLISH) - COMMAND_ALLOWED]
    assert left == []


# ---- the prices template in any language ----------------------------------------------------

def _filled_template(tmp_path, lang):
    from normbook.estimate.prices import build_prices_template, key_of

    template = build_prices_template(["VI"], lang=lang)
    book = template.workbook
    wages, equipment, materials = book.worksheets[:3]
    columns = {key_of(c.value): c.column for c in equipment[1] if key_of(c.value)}
    for r in range(2, equipment.max_row + 1):
        equipment.cell(r, columns["price_per_shift"], "12.500" if r == 2 else 1000 * r)
    equipment.cell(2, columns["price_per_shift"], "12.500,5")  # text, the Vietnamese way
    columns = {key_of(c.value): c.column for c in materials[1] if key_of(c.value)}
    for r in range(2, materials.max_row + 1):
        materials.cell(r, columns["unit_price"], "2.500.000" if r == 2 else 100 * r)
    for r in range(2, wages.max_row + 1):
        if key_of(wages.cell(r, 1).value) == "on_costs_percent":
            wages.cell(r, 2, 23.5)
    path = tmp_path / f"prices-{lang}.xlsx"
    book.save(path)
    return path


def test_a_template_filled_in_vietnamese_or_english_gives_the_same_estimate(tmp_path):
    from normbook.estimate.prices import read_prices

    totals = {}
    for lang in ("vi", "zh", "en"):
        prices = read_prices(_filled_template(tmp_path, lang))
        assert prices.wages.on_costs_percent == Decimal("23.5")
        result = estimate(EstimateRequest(("VI",), 2026), prices)
        totals[lang] = (result.total.amount, result.total.missing_prices)
    assert totals["vi"] == totals["en"] == totals["zh"]
    assert totals["vi"][1] == 0


def test_the_template_states_how_text_numbers_are_read(no_language_choice):
    from normbook.estimate.prices import build_prices_template

    book = build_prices_template(["VI"]).workbook
    for ws in book.worksheets[:3]:
        assert any("1.234.567,5" in str(c.value) for c in ws[1]), ws.title
    assert book["Thiết bị"]["E1"].value == "Đơn giá một ca"


def test_an_ambiguous_text_number_is_still_refused_naming_the_cell(tmp_path):
    from normbook.estimate.model import PricesError
    from normbook.estimate.prices import read_prices

    path = _filled_template(tmp_path, "vi")
    book = openpyxl.load_workbook(path)
    book["Vật tư"]["E3"] = "2.500"
    book.save(path)
    with pytest.raises(PricesError, match=r"Vật tư!E3: '2\.500' is ambiguous"):
        read_prices(path)


def test_a_template_with_0_2_0s_english_headers_still_reads(tmp_path):
    """0.2.0 wrote the keys as headers and parameter names: today's English template."""
    from normbook.estimate.prices import read_prices

    book = openpyxl.load_workbook(_filled_template(tmp_path, "en"))
    assert [c.value for c in book["Wages"][1]][:3] == ["parameter", "value", "note"]
    assert book["Wages"]["A3"].value == "on_costs_percent"
    assert read_prices(tmp_path / "prices-en.xlsx").wages.on_costs_percent == Decimal("23.5")


# ---- a second engine: LibreOffice recalculates the Vietnamese workbook the same ---------------

def _numbers(path):
    book = openpyxl.load_workbook(path, data_only=True)
    return [{c.coordinate: c.value for row in ws.iter_rows() for c in row
             if isinstance(c.value, int | float) and not isinstance(c.value, bool)}
            for ws in book.worksheets]


def test_libreoffice_recalculates_a_vietnamese_estimate_to_the_english_results(tmp_path):
    from normbook.libreoffice import find_soffice, recalculate

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    prices = __import__("normbook.estimate.prices", fromlist=["read_prices"]).read_prices(
        _filled_template(tmp_path, "vi"))
    result = estimate(EstimateRequest(("VI", "XIX"), 2026), prices)
    books = {lang: _save(tmp_path, f"{lang}.xlsx", lang, result) for lang in ("vi", "en")}
    stored = _numbers(books["vi"])
    out = {lang: _numbers(recalculate(path, tmp_path / f"out-{lang}"))
           for lang, path in books.items()}
    for sheet_vi, sheet_en, sheet_stored in zip(out["vi"], out["en"], stored, strict=True):
        assert sheet_vi.keys() == sheet_en.keys()
        for cell, value in sheet_vi.items():
            assert value == pytest.approx(sheet_en[cell], rel=1e-12, abs=1e-9), cell
            if cell in sheet_stored:
                assert value == pytest.approx(sheet_stored[cell], rel=1e-9, abs=1e-6), cell


def test_a_prices_problem_is_said_in_the_language_that_shows_it(tmp_path):
    from normbook import i18n
    from normbook.estimate.model import PricesError
    from normbook.estimate.prices import read_prices

    path = _filled_template(tmp_path, "vi")
    book = openpyxl.load_workbook(path)
    book["Vật tư"]["E3"] = "2.500"
    book.save(path)
    with pytest.raises(PricesError) as info:
        read_prices(path)
    assert info.value.problems[0].startswith("Vật tư!E3: '2.500' is ambiguous")  # programs
    with i18n.speaking("vi"):
        assert "Vật tư!E3: '2.500' không rõ nghĩa" in str(info.value)
        assert "1 lỗi" in str(info.value)
    with i18n.speaking("zh"):
        assert "含义不明" in str(info.value)


def test_a_deleted_language_record_is_read_from_the_sheet_names(tmp_path):
    """Name Manager > Delete on NormbookLanguage: the Vietnamese sheets still say which
    language the formulas were written in, so the workbook reads back, not 'not an estimate'."""
    vi = _save(tmp_path, "vi.xlsx", "vi")
    book = openpyxl.load_workbook(vi)
    del book.defined_names["NormbookLanguage"]
    book.save(vi)
    en = _save(tmp_path, "en.xlsx", "en")
    assert compare(read_estimate(vi), read_estimate(en)).difference == 0
