"""The thuyết minh dự toán: its context, and the .docx reopened and read back."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import normbook
from normbook.errors import BadArgument
from normbook.estimate import (
    EquipmentPrice,
    Estimate,
    EstimateRequest,
    MaterialPrice,
    OutputExists,
    Prices,
    WageParameters,
    estimate,
    needed_items,
)
from normbook.estimate.justification import (
    justification_context,
    render_justification,
    write_justification,
)
from normbook.libreoffice import convert, find_soffice
from normbook.vn_words import amount_in_words, format_number
from normbook.wages import vnd

REPO = Path(__file__).parents[1]
TEMPLATE = REPO / "templates" / "thuyet_minh.docx"
BUILDER = REPO / "templates" / "build_justification.py"
INSTITUTE = "Viện Đo lường Việt Nam"
COST_HEADER = ["STT", "Công việc", "Nội dung", "Đơn vị tính", "Khối lượng", "Đơn giá",
               "Thành tiền"]


def _prices(appendices: list[str], leave_out: set[tuple[str, str]] = frozenset(),
            wages: WageParameters | None = None) -> Prices:
    """A price for every item the appendices need (odd half-đồng prices, so rounding shows),
    except the (component, name) pairs in ``leave_out``."""
    priced: dict[str, dict] = {"equipment": {}, "material": {}}
    for component in priced:
        for i, item in enumerate(needed_items(appendices, component)):
            if (component, item.name) in leave_out:
                continue
            value = Decimal(1_000 + 37 * i) + Decimal("0.5")
            priced[component][item.key] = (EquipmentPrice(value) if component == "equipment"
                                           else MaterialPrice(value))
    return Prices(wages or WageParameters(), priced["equipment"], priced["material"])


MISSING = ("equipment", "Máy hút ẩm")  # needed by VI and XXV: missing in both


@pytest.fixture(scope="module")
def est() -> Estimate:
    request = EstimateRequest(["VI", "XXV"], 2024, variants={"XXV": "PTN1"})
    return estimate(request, _prices(["VI", "XXV"], {MISSING}))


@pytest.fixture(scope="module")
def written(est: Estimate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("justification") / "thuyet-minh.docx"
    assert write_justification(est, out, institute=INSTITUTE) == out
    return out


@pytest.fixture(scope="module")
def doc(written: Path):
    return Document(str(written))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _cost_tables(document) -> list[list[list[str]]]:
    return [_rows(t) for t in document.tables if _rows(t)[0] == COST_HEADER]


def _section(rows: list[list[str]], start: str, end: str) -> list[list[str]]:
    """The rows between the row numbered ``start`` and the row numbered ``end``."""
    first = next(i for i, r in enumerate(rows) if r[0] == start)
    last = next(i for i, r in enumerate(rows) if r[0] == end)
    return rows[first + 1:last]


def _money(amount: Decimal) -> str:
    return format_number(vnd(amount))


# ---- the document read back -------------------------------------------------------------------

def test_national_heading_and_institute(doc) -> None:
    left, right = (c.text for c in doc.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert "ngày …… tháng …… năm ……" in right  # no date given: blanks to fill by hand
    assert left.strip() == INSTITUTE.upper()
    texts = _texts(doc)
    assert "THUYẾT MINH DỰ TOÁN" in texts
    assert "Kinh phí duy trì chuẩn đo lường quốc gia năm 2024" in texts
    assert any(t.startswith(f"Năm 2024, {INSTITUTE} thực hiện") for t in texts)


def test_legal_bases(doc, est: Estimate) -> None:
    bases = [t for t in _texts(doc) if t.startswith("- Căn cứ")]
    assert "04/2022/TT-BKHCN" in bases[0] and "204/2004/NĐ-CP" in bases[1]
    # 2024's base salary comes from two decrees: 1.800.000 to June, 2.340.000 from July
    assert [b for b in bases if "lương cơ sở" in b] == [
        f"- Căn cứ {c}{';' if i == 0 else '.'}" for i, c in enumerate(est.base_salary.citations)]
    assert any("24/2023/NĐ-CP" in b for b in bases) and "73/2024/NĐ-CP" in bases[-1]


def test_one_table_per_standard_with_every_line(doc, est: Estimate) -> None:
    tables = _cost_tables(doc)
    assert len(tables) == len(est.appendices) == 2
    for rows, part in zip(tables, est.appendices, strict=True):
        labour = _section(rows, "A.1", "A.2")
        assert len(labour) == len(part.labour)
        assert [r[6] for r in labour] == [_money(x.amount) for x in part.labour]
        assert [r[5] for r in labour] == [_money(x.daily_rate) for x in part.labour]
        assert [r[4] for r in labour] == [format_number(x.cong_total) for x in part.labour]
        equipment = _section(rows, "B", "C")
        gaps = [g for g in part.not_in_source if g.component == "equipment"]
        assert len(equipment) == len(part.equipment) + len(gaps)
        priced = [r for r in equipment if r[6] != "không có định mức"]
        assert [r[6] for r in priced] == [
            "chưa có giá" if x.amount is None else _money(x.amount) for x in part.equipment]
        materials = rows[next(i for i, r in enumerate(rows) if r[0] == "C") + 1:-1]
        assert [r[6] for r in materials] == [_money(x.amount) for x in part.materials]
        marked = "" if part.total.complete else "*"
        assert rows[-1][2:] == ["Tổng cộng (A + B + C)", "", "", "", _money(part.total.amount)
                                + marked]
        assert next(r for r in rows if r[0] == "A")[6] == _money(part.labour_total.amount)
        assert next(r for r in rows if r[0] == "A.2")[4] == format_number(part.cong_indirect)


def test_a_missing_price_is_never_zero(doc, est: Estimate) -> None:
    for rows in _cost_tables(doc):
        line = next(r for r in rows if r[2].startswith(MISSING[1]))
        assert line[5:] == ["chưa có giá", "chưa có giá"]
        assert next(r for r in rows if r[0] == "B")[6].endswith("*")
    texts = _texts(doc)
    assert any(t.startswith("- Phụ lục VI - thiết bị Máy hút ẩm") for t in texts)
    caveat = next(t for t in texts if t.startswith("(*) Tổng kinh phí chưa đầy đủ"))
    assert "chưa bao gồm các khoản chưa có giá (2 khoản)" in caveat


def test_items_without_a_quantity_are_shown_as_such(doc) -> None:
    vi = _cost_tables(doc)[0]
    gap = next(r for r in vi if r[2].startswith("Thiết bị lưu điện"))
    assert gap[4:] == ["—", "—", "không có định mức"]
    assert "Sử dụng khi thực hiện phép đo quan trọng" in gap[2]
    assert ("- Phụ lục VI, công việc 2 - thiết bị Thiết bị lưu điện (10 kVA): Sử dụng khi "
            "thực hiện phép đo quan trọng.") in _texts(doc)


def test_grand_total_in_figures_and_words(doc, est: Estimate) -> None:
    total = vnd(est.total.amount)
    texts = _texts(doc)
    assert f"Tổng kinh phí dự toán: {format_number(total)} đồng" in texts
    assert f"Bằng chữ: {amount_in_words(total)}." in texts
    summary = next(_rows(t) for t in doc.tables if _rows(t)[0][-1] == "Cộng")
    assert summary[-1][2:] == [
        "Tổng cộng", _money(sum((a.labour_total.amount for a in est.appendices), Decimal(0))),
        _money(sum((a.equipment_total.amount for a in est.appendices), Decimal(0))) + "*",
        _money(sum((a.materials_total.amount for a in est.appendices), Decimal(0))),
        format_number(total) + "*"]
    assert [r[1] for r in summary[1:-1]] == ["VI", "XXV"]


def test_assumptions(doc) -> None:
    texts = _texts(doc)
    assert "- Phụ lục XXV: áp dụng định mức cho phòng thí nghiệm loại 1 (PTN1)." in texts
    assert any("(6 × 1.800.000 + 6 × 2.340.000) ÷ 12 = 2.070.000 đồng/tháng" in t
               for t in texts)
    assert any("bảng lương viên chức loại C, nhóm 1 (C1" in t and "giả định" in t for t in texts)
    assert any("10% nhân công trực tiếp" in t for t in texts)
    assert any("làm tròn đến đồng" in t for t in texts)


def test_every_run_names_times_new_roman(written: Path) -> None:
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(written) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    runs = body.iter(qn("w:r"))
    for run in runs:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")) == "Times New Roman"
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/"
                          f"{qn('w:rFonts')}")
    assert default.get(qn("w:eastAsia")) == default.get(qn("w:ascii")) == "Times New Roman"


def test_page_is_a4_with_decree_30_margins(doc) -> None:
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert 2.0 <= round(section.top_margin.cm, 2) <= 2.5
    assert 2.0 <= round(section.bottom_margin.cm, 2) <= 2.5
    assert 3.0 <= round(section.left_margin.cm, 2) <= 3.5
    assert 1.5 <= round(section.right_margin.cm, 2) <= 2.0


# ---- safety and files -------------------------------------------------------------------------

def test_hostile_institute_name_renders_literally(tmp_path: Path) -> None:
    name = 'A & B <Viện> "{{ x }}" {% if 1 %}'
    est = estimate(EstimateRequest(["III"], 2024), _prices(["III"]))
    out = write_justification(est, tmp_path / "x.docx", institute=name)
    document = Document(str(out))
    assert any(t.startswith(f"Năm 2024, {name} thực hiện") for t in _texts(document))
    assert document.tables[0].rows[0].cells[0].text.strip() == name.upper()


def test_overwrite_needs_force(tmp_path: Path) -> None:
    est = estimate(EstimateRequest(["III"], 2024), _prices(["III"]))
    out = tmp_path / "thuyet-minh.docx"
    write_justification(est, out, institute="Viện A")
    before = out.read_bytes()
    with pytest.raises(OutputExists, match="force=True"):
        write_justification(est, out, institute="Viện B")
    assert out.read_bytes() == before
    write_justification(est, out, institute="Viện B", force=True)
    assert Document(str(out)).tables[0].rows[0].cells[0].text.strip() == "VIỆN B"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thuyet-minh.docx"]  # no temp left
    with pytest.raises(BadArgument, match=r"\.docx"):
        write_justification(est, tmp_path / "x.pdf", institute="Viện A")


@pytest.mark.parametrize("name", ["", "   ", "\x00\x07"])
def test_an_institute_name_is_required(name: str) -> None:
    est = estimate(EstimateRequest(["III"], 2024), _prices(["III"]))
    with pytest.raises(BadArgument, match="institute"):
        justification_context(est, institute=name)


# ---- the template -----------------------------------------------------------------------------

def test_template_and_context_declare_the_same_variables(est: Estimate) -> None:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    context = justification_context(est, institute=INSTITUTE)
    template = DocxTemplate(str(TEMPLATE))
    env = SandboxedEnvironment()
    assert template.get_undeclared_template_variables(jinja_env=env, context=context) == set()
    assert template.get_undeclared_template_variables(jinja_env=env) == set(context)


def test_committed_template_is_what_the_script_builds() -> None:
    spec = importlib.util.spec_from_file_location("build_justification", BUILDER)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.build() == TEMPLATE.read_bytes(), \
        "templates/thuyet_minh.docx is stale: run python templates/build_justification.py"


def test_a_context_missing_a_variable_is_an_error(est: Estimate) -> None:
    from normbook.estimate.justification import JustificationTemplateError

    context = justification_context(est, institute=INSTITUTE)
    del context["grand_total_words"]
    with pytest.raises(JustificationTemplateError, match="grand_total_words"):
        render_justification(context)


# ---- the context ------------------------------------------------------------------------------

def test_place_and_date_follow_decree_30() -> None:
    est = estimate(EstimateRequest(["III"], 2024))
    context = justification_context(est, institute="Viện", date=dt.date(2025, 2, 3),
                                    place="Hà Nội", governing_body="Bộ Khoa học và Công nghệ")
    assert context["place_date"] == "Hà Nội, ngày 03 tháng 02 năm 2025"
    assert context["governing_body"] == "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    later = justification_context(est, institute="Viện", date=dt.date(2025, 11, 20))
    assert later["place_date"] == "……, ngày 20 tháng 11 năm 2025"


def test_counts_on_costs_and_a_base_salary_the_user_set() -> None:
    wages = WageParameters(on_costs_percent=Decimal("23.5"), base_salary=2_000_000,
                           working_days_per_month=26)
    request = EstimateRequest(["VI"], 2026, counts={("VI", 3): 0, ("VI", 5): 2})
    context = justification_context(estimate(request, _prices(["VI"], wages=wages)),
                                    institute="Viện")
    notes = context["assumptions"]
    assert any("riêng Phụ lục VI, công việc 3: không thực hiện; Phụ lục VI, công việc 5: 2 lần"
               in n for n in notes)
    assert any("÷ 26 ngày làm việc/tháng" in n for n in notes)
    assert "Chi phí khác theo lương: 23,5% tiền lương tháng." in notes
    assert "Mức lương cơ sở: 2.000.000 đồng/tháng, do đơn vị xác định." in notes
    assert not any("lương cơ sở" in b for b in context["legal_bases"])
    labour = context["standards"][0]["labour"]
    assert any(r["text"].endswith("(không thực hiện trong năm)") and r["quantity"] == "0"
               for r in labour)
    assert any(r["text"].endswith("(× 2 lần)") for r in labour)


def test_a_year_after_the_data_states_its_assumed_base_salary() -> None:
    context = justification_context(estimate(EstimateRequest(["III"], 2027)), institute="Viện")
    assert any("được giả định tiếp tục áp dụng" in n and "161/2026/NĐ-CP" in n
               for n in context["assumptions"])


def test_all_31_appendices_with_every_price(tmp_path: Path) -> None:
    ids = [a.id for a in normbook.appendices()]
    request = EstimateRequest(ids, 2026, variants={a: "PTN1" for a in ids
                                                   if normbook.lab_classes(a)})
    est = estimate(request, _prices(ids))
    assert est.missing_prices == ()
    context = justification_context(est, institute=INSTITUTE)
    xix = next(s for s in context["standards"] if s["appendix"] == "XIX")
    assert xix["equipment"][0]["text"] == (
        "Toàn bộ mục: không có định mức trong nguồn (văn bản nguồn của phụ lục bị cắt ở dòng "
        "9816: không có mục này)")
    assert context["total_caveat"].startswith("(*) Tổng kinh phí chưa đầy đủ: chưa bao gồm các "
                                              "khoản không có định mức trong nguồn")
    data = render_justification(context)
    document = Document(io.BytesIO(data))
    tables = _cost_tables(document)
    assert len(tables) == 31
    for rows, part in zip(tables, est.appendices, strict=True):
        labour = _section(rows, "A.1", "A.2")
        gaps = [g for g in part.not_in_source if g.component == "labour"]
        assert len(labour) == len(part.labour) + len(gaps)
        assert rows[-1][6].rstrip("*") == _money(part.total.amount)
    assert not any("chưa có giá" in c for rows in tables for r in rows for c in r)
    assert f"Bằng chữ: {amount_in_words(vnd(est.total.amount))}." in _texts(document)


# ---- PDF --------------------------------------------------------------------------------------

@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_through_libreoffice(written: Path, est: Estimate, tmp_path: Path) -> None:
    pdf = convert(written, "pdf", tmp_path)  # what --pdf does (normbook.estimate.run.to_pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "THUYẾT MINH DỰ TOÁN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert f"Tổng kinh phí dự toán: {format_number(vnd(est.total.amount))} đồng" in text


# ---- review fixes -------------------------------------------------------------------------------

PROCEDURE = "xây dựng quy trình kiểm định, hiệu chuẩn, thử nghiệm phương tiện đo, chuẩn đo lường"


@pytest.mark.parametrize(("appendices", "title", "heading"), [
    (["III"], "Kinh phí duy trì chuẩn đo lường quốc gia năm 2026", "II. NỘI DUNG DUY TRÌ"),
    (["XXXI"], f"Kinh phí {PROCEDURE} năm 2026", "II. NỘI DUNG XÂY DỰNG QUY TRÌNH"),
    (["III", "XXXI"], f"Kinh phí duy trì chuẩn đo lường quốc gia và {PROCEDURE} năm 2026",
     "II. NỘI DUNG THỰC HIỆN"),
])
def test_the_title_follows_the_kind_of_the_appendices(appendices: list[str], title: str,
                                                      heading: str) -> None:
    est = estimate(EstimateRequest(appendices, 2026), _prices(appendices))
    document = Document(io.BytesIO(render_justification(
        justification_context(est, institute=INSTITUTE))))
    texts = _texts(document)
    assert title in texts and heading in texts
    assert ("Kinh phí duy trì chuẩn đo lường quốc gia năm 2026" in texts) == (
        appendices == ["III"])


def test_irregularities_of_the_source_are_assumptions_with_their_line(doc) -> None:
    texts = _texts(doc)
    assert any(t.startswith("- Phụ lục XXV (dòng 12747 của văn bản nguồn): chức danh mã số "
                            "V.05.02.07 bậc 5/9 được ghi cho PTN1 ở một số công việc và cho "
                            "PTN2 ở các công việc khác") for t in texts)
    assert any(t.startswith("- Phụ lục VI (dòng 3356 của văn bản nguồn): nguồn ghi") and
               "Thiết bị lưu điện" in t for t in texts)


def test_a_gap_of_a_work_not_done_is_shown_but_not_left_out() -> None:
    est = estimate(EstimateRequest(["VI"], 2026, counts={("VI", 2): 0}), _prices(["VI"]))
    context = justification_context(est, institute=INSTITUTE)
    row = next(r for r in context["standards"][0]["equipment"]
               if r["text"].startswith("Thiết bị lưu điện"))
    assert row["text"].startswith("Thiết bị lưu điện (10 kVA) (không thực hiện trong năm): "
                                  "không có định mức trong nguồn")
    assert row["amount"] == "không có định mức"
    assert context["not_in_source"] == [] and context["total_caveat"] == ""
    assert not context["totals"]["total"].endswith("*")


def test_every_irregularity_that_touches_an_estimate_reads_in_vietnamese() -> None:
    from normbook.estimate.source_notes import source_notes, vietnamese

    notes = [i for a in normbook.appendices() for i in source_notes(a.id)]
    assert {i.kind for i in notes} >= {"class_inconsistent", "truncated_appendix",
                                       "note_instead_of_number", "implausible_value"}
    for note in notes:
        sentence = vietnamese(note)
        assert note.detail not in sentence, sentence  # translated, not the extractor's English
        assert sentence.startswith(f"Phụ lục {note.appendix} (dòng {note.line} ")
