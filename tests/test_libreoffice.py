"""The LibreOffice helper: finding soffice, failures it reports, and a real recalculation."""

from __future__ import annotations

import json
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from normbook.errors import NormError
from normbook.libreoffice import (
    ConversionFailed,
    LibreOfficeMissing,
    convert,
    find_soffice,
    recalculate,
)

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake soffice is a script")


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """A stand-in soffice: a Python script that logs its arguments, then runs ``body``."""
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(f"""\
        import json, pathlib, sys, time
        args = sys.argv[1:]
        pathlib.Path({str(tmp_path / "args.json")!r}).write_text(json.dumps(args))
        outdir = pathlib.Path(args[args.index("--outdir") + 1])
        src = pathlib.Path(args[-1])
    """) + textwrap.dedent(body), encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "book.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"placeholder")
    return path


# ---- without LibreOffice --------------------------------------------------------------------

def test_missing_soffice_says_how_to_install(monkeypatch, source_file, tmp_path):
    monkeypatch.delenv("NORMBOOK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_soffice() is None
    with pytest.raises(LibreOfficeMissing) as caught:
        convert(source_file, "pdf", tmp_path / "out")
    message = str(caught.value)
    assert "apt-get install libreoffice-calc-nogui libreoffice-writer-nogui" in message
    assert "libreoffice.org" in message
    assert isinstance(caught.value, NormError)


def test_env_var_naming_nothing_is_reported(monkeypatch, source_file, tmp_path):
    monkeypatch.setenv("NORMBOOK_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert find_soffice() is None
    with pytest.raises(LibreOfficeMissing, match=r"NORMBOOK_SOFFICE is .*no-such-soffice"):
        convert(source_file, "pdf", tmp_path / "out")


@posix_only
def test_env_var_overrides_path_and_each_run_has_its_own_profile(monkeypatch, source_file,
                                                                 tmp_path):
    script = fake_soffice(tmp_path, """
        from urllib.parse import unquote, urlparse
        uri = next(a for a in args if a.startswith("-env:UserInstallation="))
        profile = pathlib.Path(unquote(urlparse(uri.split("=", 1)[1]).path))
        assert (profile / "user" / "registrymodifications.xcu").is_file()
        (outdir / (src.stem + ".pdf")).write_text("pdf from " + str(profile))
    """)
    monkeypatch.setenv("NORMBOOK_SOFFICE", str(script))
    assert find_soffice() == str(script)
    out = convert(source_file, "pdf:writer_pdf_Export", tmp_path / "out")
    assert out == tmp_path / "out" / "book.pdf"
    args = json.loads((tmp_path / "args.json").read_text())
    assert args[:3] == ["--headless", "--norestore", "--nolockcheck"]
    assert args[args.index("--convert-to") + 1] == "pdf:writer_pdf_Export"
    assert args[-1] == str(source_file.resolve())
    profile = Path(out.read_text().removeprefix("pdf from "))
    assert not profile.exists(), "the temporary profile must be removed"
    assert sorted(p.name for p in out.parent.iterdir()) == ["book.pdf"], "no staging left"


@posix_only
def test_no_output_is_a_failure_with_soffices_words(monkeypatch, source_file, tmp_path):
    script = fake_soffice(tmp_path, """
        print("Warning: failed to launch javaldx - java may not function correctly")
        print("Error: source file could not be loaded", file=sys.stderr)
    """)
    monkeypatch.setenv("NORMBOOK_SOFFICE", str(script))
    with pytest.raises(ConversionFailed) as caught:
        convert(source_file, "pdf", tmp_path / "out")
    message = str(caught.value)
    assert "book.xlsx" in message
    assert "Error: source file could not be loaded" in message
    assert "javaldx" not in message
    assert list((tmp_path / "out").iterdir()) == []


@posix_only
def test_timeout_stops_soffice(monkeypatch, source_file, tmp_path):
    script = fake_soffice(tmp_path, "time.sleep(60)\n")
    monkeypatch.setenv("NORMBOOK_SOFFICE", str(script))
    with pytest.raises(ConversionFailed, match=r"did not finish within 0\.5 s"):
        convert(source_file, "pdf", tmp_path / "out", timeout=0.5)


def test_missing_source_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("NORMBOOK_SOFFICE", sys.executable)  # any program: never run
    with pytest.raises(ConversionFailed, match=r"nope\.xlsx is not a file"):
        convert(tmp_path / "nope.xlsx", "pdf", tmp_path / "out")


# ---- with LibreOffice -----------------------------------------------------------------------

def _formula_book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["appendix", "cong"])
    for row in (["VI", 10.5], ["VI", 20], ["XXV", 7.25]):
        ws.append(row)
    ws["D1"] = "=2*3"
    ws["D2"] = '=SUMIFS(B2:B4,A2:A4,"VI")'
    ws["D3"] = "=SUMIFS(B:B,A:A,A4)"
    wb.save(path)
    return path


@needs_soffice
def test_recalculate_computes_formulas(tmp_path):
    out = recalculate(_formula_book(tmp_path / "formulas.xlsx"), tmp_path / "out")
    assert out == tmp_path / "out" / "formulas.xlsx"
    ws = openpyxl.load_workbook(out, data_only=True)["Data"]
    assert (ws["D1"].value, ws["D2"].value, ws["D3"].value) == (6, 30.5, 7.25)
    formulas = openpyxl.load_workbook(out)["Data"]
    assert formulas["D2"].value == '=SUMIFS(B2:B4,A2:A4,"VI")', "formulas survive the trip"


@needs_soffice
def test_recalculate_replaces_stale_values_in_place(tmp_path):
    """A cached result (as Excel saves one) is recomputed, not kept; the file is replaced."""
    fresh = _formula_book(tmp_path / "fresh.xlsx")
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(fresh) as src, zipfile.ZipFile(stale, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>2*3</f><v></v>", b"<f>2*3</f><v>5</v>")
                assert b"<v>5</v>" in data
            dst.writestr(info, data)
    assert openpyxl.load_workbook(stale, data_only=True)["Data"]["D1"].value == 5
    out = recalculate(stale, tmp_path)
    assert out == stale
    assert openpyxl.load_workbook(stale, data_only=True)["Data"]["D1"].value == 6


@needs_soffice
def test_broken_file_is_conversion_failed(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a zip archive")
    with pytest.raises(ConversionFailed, match=r"could not convert broken\.xlsx to xlsx"):
        recalculate(broken, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
