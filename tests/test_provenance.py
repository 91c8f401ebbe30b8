"""Every output names the data it was made with: Normbook's version, the shipped edition's
checksum and each user addition used, with its citation. Same data, same bytes; other data,
visible in the output. The user additions here are the TEST figures of userdata_support."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import userdata_support as support

from normbook import __version__ as VERSION
from normbook.cli import main
from normbook.userdata.provenance import shipped, shipped_sha256

NORMS_SHA = shipped_sha256("norms")[:12]
WAGES_SHA = shipped_sha256("wages")[:12]
EXAMS_SHA = shipped_sha256("exams")[:12]
ESTIMATE = ["estimate", "--appendix", "VI", "--year", "2028"]

# chinese-calendar as 1.11.0 knows it (through 2026), whatever release is installed
pytestmark = pytest.mark.usefixtures("calendar_through_2026")


def run(args: list[str], capsys) -> str:
    code = main(args)
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def data_used(path: Path) -> list[str]:
    """The Inputs sheet's "Data used" notes of an estimate workbook."""
    ws = openpyxl.load_workbook(path)["Inputs"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if str(r[2] or "").startswith("Data used"))
    return [r[2] for r in rows[start + 1:] if r[2]]


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def core_description(path: Path) -> str:
    import re

    core = zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")
    return re.search(r"<dc:description>(.*?)</dc:description>", core, re.DOTALL).group(1)


def test_the_shipped_editions_have_distinct_checksums():
    sums = {shipped_sha256(d) for d in ("norms", "exams", "wages")}
    assert len(sums) == 3 and all(len(s) == 64 for s in sums)
    assert shipped("holidays").citation.startswith("chinese-calendar ")


def test_norm_source_names_the_edition(capsys, user_data):
    out = run(["norm", "VI", "labour", "--source"], capsys)
    assert out.splitlines()[-1] == (f"data: Normbook {VERSION}; norms: shipped with Normbook "
                                    f"{VERSION}, sha256 {NORMS_SHA}")


def test_estimate_names_shipped_data_then_the_local_decree(tmp_path, capsys, user_data):
    run([*ESTIMATE, "-o", str(tmp_path / "a")], capsys)
    run([*ESTIMATE, "-o", str(tmp_path / "b")], capsys)
    a, b = tmp_path / "a", tmp_path / "b"
    # same inputs and data: the same bytes
    for name in ("estimate.xlsx", "thuyet-minh.docx"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert data_used(a / "estimate.xlsx") == [
        f"Normbook {VERSION}", f"norms: shipped with Normbook {VERSION}, sha256 {NORMS_SHA}",
        f"wages: shipped with Normbook {VERSION}, sha256 {WAGES_SHA}"]
    text = docx_text(a / "thuyet-minh.docx")
    assert f"sha256 {NORMS_SHA} và {WAGES_SHA}" in text
    assert "bổ sung vào dữ liệu tại máy" not in text

    run(["data", "add", "wages", str(support.write_wages(tmp_path / "w.csv")), "--by",
         "Phòng Tài chính"], capsys)
    run([*ESTIMATE, "-o", str(tmp_path / "c")], capsys)
    c = tmp_path / "c"
    used = data_used(c / "estimate.xlsx")
    assert used[:3] == data_used(a / "estimate.xlsx")
    assert len(used) == 4 and used[3].startswith(
        "wages: wages/2027-07-01, added locally by Phòng Tài chính on ")
    assert "not shipped with Normbook" in used[3] and "999/2026/NĐ-CP" in used[3]
    text = docx_text(c / "thuyet-minh.docx")
    # the legal bases cite the user's decree; the assumptions say it was added locally
    assert "Căn cứ TEST FIGURE, not a real decree: Nghị định 999/2026/NĐ-CP" in text
    assert ("Mức lương cơ sở 2.794.000 đồng/tháng (Nghị định số 999/2026/NĐ-CP) do người dùng "
            "bổ sung vào dữ liệu tại máy (wages/2027-07-01, người bổ sung: Phòng Tài chính")\
        in text
    assert "không thuộc dữ liệu kèm theo Normbook" in text
    assert (c / "estimate.xlsx").read_bytes() != (a / "estimate.xlsx").read_bytes()


def test_estimate_changes_by_exactly_the_ratio_of_the_base_salaries(tmp_path, user_data):
    from normbook.estimate import estimate
    from normbook.estimate.run import build_request
    from normbook.reference_data.add import add

    request = build_request(["VI"], 2028)
    before = estimate(request).total.amount
    add("wages", support.write_wages(tmp_path / "w.csv"))
    after = estimate(request).total.amount
    assert after / before == Decimal(2794000) / Decimal(2530000)  # labour only: no prices


def test_forms_carry_the_timetable_edition_in_their_properties(tmp_path, capsys, user_data):
    applicant = Path(__file__).parent / "data" / "forms" / "applicant.json"
    run(["form", str(applicant), "-o", str(tmp_path / "2024.docx")], capsys)
    assert core_description(tmp_path / "2024.docx") == (
        f"Normbook {VERSION}; exams: shipped with Normbook {VERSION}, sha256 {EXAMS_SHA}")

    run(["data", "add", "exams", str(support.write_exams_xlsx(tmp_path / "t.xlsx"))], capsys)
    run(["form", str(applicant), "--year", "2025", "-o", str(tmp_path / "2025.docx")], capsys)
    description = core_description(tmp_path / "2025.docx")
    assert description.startswith(f"Normbook {VERSION}; exams: shipped with Normbook {VERSION}, "
                                  f"sha256 {EXAMS_SHA}; exams: exams/2025, added locally by ")
    assert "source: TEST DATA, not a real timetable" in description

    roster = tmp_path / "roster.xlsx"
    book = openpyxl.Workbook()
    import json

    data = json.loads(applicant.read_text(encoding="utf-8"))
    project = data.pop("projects")[0]
    book.active.append([*data, *project])
    book.active.append([*data.values(), *project.values()])
    book.save(roster)
    run(["forms", str(roster), "--year", "2025", "-o", str(tmp_path / "many")], capsys)
    (form,) = (tmp_path / "many").glob("*.docx")
    assert core_description(form) == description


def test_ics_names_its_data(tmp_path, capsys, user_data):
    run(["exams", "ics", "2024", "-o", str(tmp_path / "2024.ics")], capsys)
    shipped_lines = [line for line in (tmp_path / "2024.ics").read_text("utf-8").splitlines()
                     if line.startswith("X-NORMBOOK-DATA:")]
    assert shipped_lines == [f"X-NORMBOOK-DATA:Normbook {VERSION}",
                             f"X-NORMBOOK-DATA:exams: shipped with Normbook {VERSION}\\, "
                             f"sha256 {EXAMS_SHA}"]
    run(["data", "add", "exams", str(support.write_exams_xlsx(tmp_path / "t.xlsx"))], capsys)
    run(["exams", "ics", "2025", "-o", str(tmp_path / "2025.ics")], capsys)
    text = (tmp_path / "2025.ics").read_text("utf-8").replace("\r\n ", "")
    assert "X-NORMBOOK-DATA:exams: exams/2025\\, added locally by" in text
    assert "TEST DATA\\, not a real timetable" in text


@pytest.mark.parametrize("dataset", ["norms", "exams", "wages"])
def test_the_edition_checksum_follows_the_files(dataset, tmp_path, monkeypatch):
    """A changed shipped file changes the checksum (the cache is cleared for the test)."""
    import shutil

    from normbook import _resources
    from normbook.userdata import provenance

    copy = tmp_path / "norms"
    shutil.copytree(Path(__file__).parents[1] / "norms", copy)
    monkeypatch.setattr(_resources, "norms_dir", lambda: copy)
    provenance.shipped_sha256.cache_clear()
    try:
        before = provenance.shipped_sha256(dataset)
        folder = copy if dataset == "norms" else copy / dataset
        victim = sorted(folder.glob("*.csv"))[0]
        victim.write_bytes(victim.read_bytes() + b"\n")
        provenance.shipped_sha256.cache_clear()
        assert provenance.shipped_sha256(dataset) != before
    finally:
        provenance.shipped_sha256.cache_clear()
