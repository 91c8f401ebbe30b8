"""A batch killed with SIGKILL at several moments: its workers die with it, nothing it staged
is left where the forms go, and the next run says what it found and finishes the job. A disk
that fills up while the reports are written: the error says what was written and what not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_forms_support import make_applicant, roster_row, valid_id, write_roster

from normbook.forms.applicant import Project
from normbook.forms.batch import STAGING
from normbook.outputs import LOCK

APPLICANTS = 600
PROJECT = Project("力学", "电子天平", "Ⅰ级", "JJG 1036-2022 电子天平检定规程")


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "roster-kill-test.xlsx"
    rows = [roster_row(make_applicant([PROJECT], id_number=valid_id(f"33010619850312{i:03d}"),
                                      name=f"测试{i}"), PROJECT) for i in range(APPLICANTS)]
    write_roster(path, rows)
    return path


def processes_of(marker: str) -> list[int]:
    """Processes whose command line names ``marker`` (the batch and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def forms(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.docx")) if out.is_dir() else []


#: When to kill: a condition on the output folder, polled (the machine's speed varies).
MOMENTS = {
    "starting": lambda out: True,
    "rendering": lambda out: len(list((out / STAGING).glob("*.docx"))) >= 50,
    "renaming": lambda out: (out / STAGING / "batch.json").exists(),
    "placed": lambda out: len(forms(out)) >= 1,
    "reporting": lambda out: (out / "rejections.csv").exists(),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_batch_killed_at_any_moment(moment, roster, tmp_path):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "normbook", "forms", str(roster), "-o", str(out),
            "--jobs", "2"]
    batch = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    reached = MOMENTS[moment]
    while batch.poll() is None and time.monotonic() < deadline:
        try:
            if reached(out):
                break
        except OSError:  # the folder changes under the poll
            pass
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    # the workers die with the batch (within a moment, not minutes)
    for _ in range(50):
        if not processes_of(str(roster)):
            break
        time.sleep(0.1)
    assert processes_of(str(roster)) == []
    # nothing staged lies beside the forms: only forms, reports, the staging area, the claim
    if out.is_dir():
        stray = [p.name for p in out.iterdir() if p.name not in (STAGING, LOCK)
                 and p.suffix not in (".docx", ".csv", ".xlsx")]
        assert stray == []
    # the next run says what it found (or, killed before it began, just works)
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if again.returncode == 2:
        assert ("an earlier run into" in again.stderr and "--force" in again.stderr) or \
            "exist already" in again.stderr, again.stderr
        assert "Traceback" not in again.stderr
        again = subprocess.run([*args, "--force"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert len(forms(out)) == APPLICANTS
    assert {"rejections.xlsx", "rejections.csv", "warnings.csv"} <= {p.name
                                                                      for p in out.iterdir()}
    assert not (out / STAGING).exists() and not (out / LOCK).exists()


def test_a_full_disk_while_writing_the_reports_says_what_is_missing(tmp_path, capsys,
                                                                    monkeypatch):
    import errno

    from normbook.cli import main
    from normbook.forms import batch

    rows = [roster_row(make_applicant([PROJECT], id_number=valid_id(f"33010619850312{i:03d}"),
                                      name=f"测试{i}"), PROJECT) for i in range(3)]
    rows.append({**rows[0], "id_number": "330106198503120000"})  # a bad check digit
    write_roster(tmp_path / "r.xlsx", rows)
    real = batch.write_atomic

    def full(path, data):
        if path.name == "rejections.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(batch, "write_atomic", full)
    code = main(["forms", str(tmp_path / "r.xlsx"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert ("3 form(s) were written to" in err and "but the reports were not (no space left on "
            "the disk): rejections.xlsx missing, so 1 rejection(s) are not recorded") in err
    assert "run the same command again with --force" in err
    assert len(forms(tmp_path / "out")) == 3 and not (tmp_path / "out" / LOCK).exists()
    monkeypatch.setattr(batch, "write_atomic", real)
    assert main(["forms", str(tmp_path / "r.xlsx"), "-o", str(tmp_path / "out"),
                 "--force"]) == 1  # 1: a row was rejected; everything is on file now
    assert (tmp_path / "out" / "rejections.xlsx").is_file()
