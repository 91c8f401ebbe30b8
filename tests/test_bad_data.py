"""A broken data package is refused with every problem named, and `normbook check` exits 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normbook import _resources, cli
from normbook.dataset import load
from normbook.errors import DataError

NORMS = Path(__file__).parents[1] / "norms"


def _broken_copy(tmp_path: Path, table: str, old: str, new: str) -> Path:
    target = tmp_path / "norms"
    shutil.copytree(NORMS, target)
    path = target / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_every_problem_is_reported_at_once(tmp_path):
    package = _broken_copy(tmp_path, "labour", "VI,1,", "VI,9,")  # work 9 has no heading
    labour = package / "labour.csv"
    # a negative công too: both problems must come back together
    text = labour.read_text(encoding="utf-8").replace(",94,94,", ",-94,94,", 1)
    labour.write_text(text, encoding="utf-8")
    with pytest.raises(ExceptionGroup) as caught:
        load(package)
    messages = [str(e) for e in caught.value.exceptions]
    assert all(isinstance(e, DataError) for e in caught.value.exceptions)
    assert any("negative công" in m and "labour.csv row" in m for m in messages), messages
    assert any("work '9' with no heading" in m for m in messages), messages


def test_a_step_sum_that_breaks_without_a_record_is_structural(tmp_path):
    package = _broken_copy(tmp_path, "labour_steps", "I,5,2,2,Kiểm tra bên ngoài,1.5,",
                           "I,5,2,2,Kiểm tra bên ngoài,2.5,")
    with pytest.raises(ExceptionGroup) as caught:
        load(package)
    assert any("steps do not add up to 52" in str(e) for e in caught.value.exceptions)


def test_check_exits_1_on_broken_data(tmp_path, monkeypatch, capsys):
    package = _broken_copy(tmp_path, "appendices", "VI,6,upkeep", "VI,6,yearly")
    monkeypatch.setattr(_resources, "norms_dir", lambda: package)
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert "appendices.csv row 7" in err and "kind 'yearly'" in err
