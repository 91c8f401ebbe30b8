"""Runs that race for the same outputs: one wins, the other fails with a clear message and
changes nothing; no run reports a file it does not leave behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from normbook.errors import OutputExists
from normbook.outputs import LOCK, OutputBusy, claimed, save_atomic

RUNS = 6


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "normbook", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("trial", range(RUNS))
def test_two_estimates_into_one_folder(trial, tmp_path):
    args = ["estimate", "--appendix", "VI", "--year", "2026", "-o", "est"]
    first, second = start(args, tmp_path), start(args, tmp_path)
    results = [(p.wait(timeout=120), *p.communicate()) for p in (first, second)]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results  # one wins; the other is refused
    (loser,) = [err for code, _, err in results if code == 2]
    assert "Traceback" not in loser
    assert "already exists" in loser or "being written by another Normbook run" in loser
    (winner,) = [out for code, out, _ in results if code == 0]
    for name in ("estimate.xlsx", "thuyet-minh.docx"):
        assert (tmp_path / "est" / name).stat().st_size > 0, (name, winner)
    assert sorted(p.name for p in (tmp_path / "est").iterdir()) == [
        "estimate.xlsx", "thuyet-minh.docx"]  # no claim, no temporary left behind


def test_a_file_is_never_replaced_without_force(tmp_path):
    target = tmp_path / "x.ics"

    def raced(temp: str) -> None:  # another run creates the file while this one writes
        target.write_text("the other run's")
        Path(temp).write_text("this run's")

    with pytest.raises(OutputExists):
        save_atomic(raced, target, suffix=".ics")
    assert target.read_text() == "the other run's"
    assert [p.name for p in tmp_path.iterdir()] == ["x.ics"]  # no temporary left


def test_a_folder_claim_excludes_a_second_run_and_outlives_no_crash(tmp_path):
    with claimed(tmp_path, "test run one") as stale:
        assert stale is None and (tmp_path / LOCK).is_file()
        with pytest.raises(OutputBusy, match="being written by another Normbook run"), \
                claimed(tmp_path, "test run two"):
            pass
    assert not (tmp_path / LOCK).exists()
    # a claim left by a process that is gone (kill -9) is taken over and reported
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    (tmp_path / LOCK).write_text(f"pid {dead.pid} on {socket.gethostname()}, normbook forms, "
                                 "since 2026-12-01 10:00:00\n")
    with claimed(tmp_path, "test run three") as stale:
        assert stale is not None and f"pid {dead.pid}" in stale
    assert not (tmp_path / LOCK).exists()
    assert os.getpid()  # (the test process itself is never taken for dead)


@pytest.mark.parametrize("trial", range(3))
def test_two_batches_into_one_folder(trial, tmp_path):
    """Two `normbook forms` into one folder: one writes everything, the other nothing."""
    from test_forms_support import make_applicant, roster_row, valid_id, write_roster

    from normbook.forms.applicant import Project

    project = Project("力学", "电子天平", "Ⅰ级", "JJG 1036-2022 电子天平检定规程")
    rows = [roster_row(make_applicant([project], id_number=valid_id(f"33010619850312{i:03d}"),
                                      name=f"测试{i}"), project) for i in range(120)]
    write_roster(tmp_path / "roster.xlsx", rows)
    args = ["forms", "roster.xlsx", "-o", "out"]
    first, second = start(args, tmp_path), start(args, tmp_path)
    results = [(p.wait(timeout=300), *p.communicate()) for p in (first, second)]
    assert sorted(code for code, _, _ in results) == [0, 2], results
    (loser,) = [err for code, _, err in results if code == 2]
    assert "Traceback" not in loser
    assert "exist already" in loser or "being written by another Normbook run" in loser
    out = tmp_path / "out"
    assert len(list(out.glob("*.docx"))) == 120
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".docx")) == [
        "rejections.csv", "rejections.xlsx", "warnings.csv"]
