"""The primary sources in the repository: present, unchanged, and what ``extract`` reads."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from normbook.cli import main

SOURCES = Path(__file__).parents[1] / "norms" / "sources"


def test_each_source_has_the_checksum_its_readme_gives():
    listed = re.findall(r"^\| `([^`]+\.txt)` \|.*\| `([0-9a-f]{64})` \|$",
                        (SOURCES / "README.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(name for name, _ in listed) == sorted(p.name for p in SOURCES.glob("*.txt"))
    for name, digest in listed:
        assert hashlib.sha256((SOURCES / name).read_bytes()).hexdigest() == digest, name


def test_data_packages_name_their_source_files():
    norms = (SOURCES.parent / "datapackage.json").read_text(encoding="utf-8")
    exams = (SOURCES.parent / "exams" / "datapackage.json").read_text(encoding="utf-8")
    assert '"path": "sources/vn-circular-04-2022-TT-BKHCN.txt"' in norms
    assert '"path": "../sources/zhejiang-metrology-exam-guide-2024.txt"' in exams


def test_extract_without_source_reads_the_checkout(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(SOURCES.parents[1])
    out = tmp_path / "norms"
    assert main(["extract", "-o", str(out)]) == 0
    for name in ("labour.csv", "equipment.csv", "materials.csv", "datapackage.json"):
        assert (out / name).read_bytes() == (SOURCES.parent / name).read_bytes(), name


def test_extract_without_source_outside_a_checkout_says_what_to_give(tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("normbook._resources.circular_text", lambda: None)
    assert main(["extract", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "norms/sources/vn-circular-04-2022-TT-BKHCN.txt" in err and "SOURCE.txt" in err
    assert not (tmp_path / "out").exists()
