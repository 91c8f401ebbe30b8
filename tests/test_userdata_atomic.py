"""A change of the user data folder is one atomic step (issue 16, items 1 and 2).

`normbook data add --replace` and `data remove` run in a child process whose folder calls
(mkdir, rename, replace, unlink) are slowed, as on a network share, and which receives SIGINT,
SIGTERM or SIGKILL before each of those calls in turn, from the first to the last. Afterwards
the folder holds the old addition or the new one, whole, `data status` says which (and what
it completed), and no staged copy is left. Readers in other threads, while another process
replaces an addition forty times, only ever see one of the two whole states.

Every figure here is TEST DATA (tests/userdata_support.py): a 2025 timetable copied from 2024,
base salaries of 2,794,000 and 2,600,000 VND from 2027-07-01 and a 2027 holiday schedule.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import userdata_support as support
from test_userdata import run

from normbook import wages
from normbook.exams.load import dataset
from normbook.userdata import folder as where

pytestmark = pytest.mark.usefixtures("calendar_through_2026")

JOURNAL = ".normbook-journal.json"
COMPLETED = "normbook: interrupted; the change of the user data folder was completed first"
NOTHING = "normbook: interrupted; nothing in the user data folder was changed"
SHIPPED_2028 = Decimal(2530000)  # Decree 161/2026/NĐ-CP

#: Python with the folder calls slowed (a network share), counted, optionally logged, and a
#: signal sent to itself before call number NB_SIGNAL_AT ("N:SIGNUM"); then CODE runs.
PATCH = r'''
import os, sys, time
at, signum = (int(x) for x in os.environ.get("NB_SIGNAL_AT", "0:0").split(":"))
log, slow = os.environ.get("NB_LOG"), float(os.environ.get("NB_SLOW", "0.01"))
calls = 0
def slowed(name, real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if log:
            with open(log, "a", encoding="utf-8") as f:
                f.write(" ".join([name, *(os.fspath(a) for a in args[:2]
                                          if isinstance(a, (str, os.PathLike)))]) + "\n")
        if calls == at:
            os.kill(os.getpid(), signum)
        time.sleep(slow)
        return real(*args, **kwargs)
    return call
for name in ("mkdir", "rename", "replace", "unlink"):
    setattr(os, name, slowed(name, getattr(os, name)))
'''
BOOT = PATCH + r'''
import runpy
sys.argv[0] = "normbook"
runpy.run_module("normbook", run_name="__main__", alter_sys=True)
'''
#: The writer of the readers' test: `data add wages --replace` of two files in turn.
WRITER = PATCH + r'''
from normbook.cli import main
files, rounds = sys.argv[1:3], int(sys.argv[3])
for n in range(rounds):
    if main(["data", "add", "wages", files[n % 2], "--replace"]) != 0:
        sys.exit(1)
'''


def child(code: str, args: list[str], *, signal_at: tuple[int, int] | None = None,
          log: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    extra = {"NB_SIGNAL_AT": f"{signal_at[0]}:{signal_at[1]}"} if signal_at else {}
    if log is not None:
        extra["NB_LOG"] = str(log)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {}), **extra})


# ---- the two states of each kind ---------------------------------------------------------

WAGES_NEW = ["2027-07-01", "2600000", "999/2026/NĐ-CP", "2026-11-16",
             "TEST FIGURE, not a real decree: Nghị định 999/2026/NĐ-CP ngày 16/11/2026 quy định "
             "mức lương cơ sở (test), Điều 3: 2.600.000 đồng/tháng từ ngày 01/7/2027"]


def exams_folder(path: Path, edition: str = "") -> Path:
    """The test 2025 year as a folder of CSVs (read faster than a workbook), its title marked
    with ``edition``."""
    support.write_exams_folder(path)
    years = path / "years.csv"
    with years.open(encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    grid[1][grid[0].index("title")] += edition
    support.write_csv(years, grid[0], grid[1:])
    return path


def files_of(kind: str, tmp_path: Path) -> tuple[str, Path, Path]:
    """The addition's name, the file that adds its old state and the one of its new state."""
    if kind == "wages":
        return ("2027-07-01", support.write_wages(tmp_path / "old-wages.csv"),
                support.write_wages(tmp_path / "new-wages.csv", [WAGES_NEW]))
    if kind == "exams":
        return ("2025", exams_folder(tmp_path / "old-exams"),
                exams_folder(tmp_path / "new-exams", "（第二版）"))
    renamed = [(d, k, "元旦（第二版）" if n == "元旦" else n) for d, k, n in
               support.TEST_HOLIDAYS_2027]
    return ("2027", support.write_holidays(tmp_path / "old-holidays.csv"),
            support.write_holidays(tmp_path / "new-holidays.csv", renamed))


def data_files(path: Path) -> dict[str, bytes]:
    """An addition's data files (its record aside: it holds the time it was added)."""
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "addition.json"}


@dataclass
class Case:
    kind: str
    name: str
    new_file: Path
    base: Path  # a folder holding the old state
    old: dict[str, bytes]
    new: dict[str, bytes]
    calls: list[str]  # the folder calls of an uninterrupted replace, in order

    def state(self, folder: Path) -> str:
        """'old' or 'new': which whole addition the folder has in use (fails on anything else)."""
        place = folder / self.kind
        names = sorted(p.name for p in place.iterdir()) if place.is_dir() else []
        assert names == [self.name], names
        found = data_files(place / self.name)
        assert found in (self.old, self.new), f"{self.kind}/{self.name} is neither state"
        return "old" if found == self.old else "new"

    def kept_aside(self, folder: Path) -> list[dict[str, bytes]]:
        aside = folder / "replaced" / self.kind
        return [data_files(p) for p in sorted(aside.iterdir())] if aside.is_dir() else []


def prepare(kind: str, tmp_path: Path) -> Case:
    name, old_file, new_file = files_of(kind, tmp_path)
    base = tmp_path / "base"
    added = child(BOOT, ["data", "add", kind, str(old_file), "--data", str(base)])
    assert added.returncode == 0, added.stderr
    reference, log = tmp_path / "reference", tmp_path / "calls.log"
    shutil.copytree(base, reference)
    replaced = child(BOOT, ["data", "add", kind, str(new_file), "--replace", "--data",
                            str(reference)], log=log)
    assert replaced.returncode == 0, replaced.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert any(c.startswith("replace ") and c.endswith(f"{kind}/{name}") for c in calls), calls
    return Case(kind, name, new_file, base, data_files(base / kind / name),
                data_files(reference / kind / name), calls)


def leftovers(folder: Path) -> list[str]:
    """Staged copies and journals: none may outlive the command that finds them."""
    found = [p.name for p in folder.iterdir() if p.name.startswith(JOURNAL)]
    return found + [f"{p.parent.name}/{p.name}" for p in folder.glob("*/.tmp-*")]


def status(capsys, folder: Path) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "data", "status", "--format", "json", "--data", str(folder))
    return code, json.loads(out), err


def original_in_use(report: dict, kind: str, name: str) -> str:
    """The file the addition in use was added from, as status reports it."""
    (entry,) = [a for d in report["datasets"] for a in d["added"] if a["path"] == f"{kind}/{name}"]
    return entry["original"]


def one_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip() and
             not x.startswith("normbook: warning")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# ---- item 1: interrupted or killed at any moment ------------------------------------------

@pytest.mark.parametrize("kind", ["wages", "exams", "holidays"])
def test_an_add_interrupted_at_any_moment_is_whole(kind, tmp_path, capsys):
    case = prepare(kind, tmp_path)
    seen = set()
    for n, call in enumerate(case.calls, 1):
        for signum in (signal.SIGINT, signal.SIGTERM):
            moment = f"{signum.name} before call {n} ({call})"
            folder = tmp_path / f"run-{n}-{signum.name}"
            shutil.copytree(case.base, folder)
            done = child(BOOT, ["data", "add", kind, str(case.new_file), "--replace", "--data",
                                str(folder)], signal_at=(n, signum))
            assert done.returncode == (130 if signum == signal.SIGINT else -signum), \
                (moment, done.returncode, done.stderr)
            said = one_line(done.stderr)
            state = case.state(folder)
            seen.add(state)
            if state == "new":
                assert said.startswith(COMPLETED), (moment, said)
                assert case.old in case.kept_aside(folder), moment  # kept, never lost
            else:
                assert said.startswith(NOTHING), (moment, said)
                assert case.kept_aside(folder) == [], moment
            assert leftovers(folder) == [], moment
            code, report, err = status(capsys, folder)
            assert code == 0 and err == "", (moment, err)
            assert report["folder"]["notes"] == [], moment  # nothing was left to complete
            assert original_in_use(report, kind, case.name) == \
                f"{state}-{case.new_file.name.split('-', 1)[1]}", moment
    assert seen == {"old", "new"}  # the moments reach both sides of the journal


@pytest.mark.parametrize("kind", ["wages", "exams", "holidays"])
def test_an_add_killed_at_any_moment_is_completed_by_the_next_command(kind, tmp_path, capsys):
    case = prepare(kind, tmp_path)
    written = next(n for n, c in enumerate(case.calls, 1) if c.startswith("replace ") and
                   c.endswith(JOURNAL))  # the journal is in place after this call
    completed = 0
    for n, call in enumerate(case.calls, 1):
        moment = f"SIGKILL before call {n} ({call})"
        folder = tmp_path / f"run-{n}"
        shutil.copytree(case.base, folder)
        done = child(BOOT, ["data", "add", kind, str(case.new_file), "--replace", "--data",
                            str(folder)], signal_at=(n, signal.SIGKILL))
        assert done.returncode == -signal.SIGKILL, (moment, done.stderr)
        journal = (folder / JOURNAL).exists()
        staged = [p for p in leftovers(folder) if ".tmp-" in p]
        code, report, _ = status(capsys, folder)
        assert code == 0, (moment, report)
        assert leftovers(folder) == [], moment
        state = case.state(folder)
        notes = report["folder"]["notes"]
        if journal:  # written before the kill: the change is rolled forward
            completed += 1
            assert state == "new", moment
            assert any(f"{kind}/{case.name}: an interrupted `normbook data add --replace` was "
                       "completed" in note for note in notes), (moment, notes)
            assert case.old in case.kept_aside(folder), moment
        elif n <= written:  # killed before the journal was in place: nothing changed
            assert state == "old", moment
            assert all("staged copy" in note for note in notes), (moment, notes)
            assert len(notes) == len(staged), (moment, notes, staged)
        else:  # killed after the change was made and its journal deleted
            assert state == "new" and notes == [], (moment, notes)
        assert original_in_use(report, kind, case.name).startswith(state), moment
    assert completed >= 3  # killed between the journal, the moves and its deletion


def test_a_remove_killed_or_interrupted_at_any_moment(tmp_path, capsys):
    name, old_file, _ = files_of("wages", tmp_path)
    base = tmp_path / "base"
    assert child(BOOT, ["data", "add", "wages", str(old_file), "--data", str(base)]).returncode \
        == 0
    log = tmp_path / "calls.log"
    shutil.copytree(base, tmp_path / "reference")
    assert child(BOOT, ["data", "remove", "wages", name, "--data", str(tmp_path / "reference")],
                 log=log).returncode == 0
    calls = log.read_text(encoding="utf-8").splitlines()
    stored = data_files(base / "wages" / name)
    for n in range(1, len(calls) + 1):
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            moment = f"{signum.name} before call {n} ({calls[n - 1]})"
            folder = tmp_path / f"run-{n}-{signum.name}"
            shutil.copytree(base, folder)
            done = child(BOOT, ["data", "remove", "wages", name, "--data", str(folder)],
                         signal_at=(n, signum))
            assert done.returncode in (130, -signum), (moment, done.stderr)
            code, report, _ = status(capsys, folder)
            assert code == 0 and leftovers(folder) == [], moment
            in_place = (folder / "wages" / name).is_dir()
            listed = [a["path"] for d in report["datasets"] for a in d["added"]]
            assert listed == ([f"wages/{name}"] if in_place else []), moment
            aside = list((folder / "replaced" / "wages").glob(f"{name}-*"))
            # in use or kept aside, whole, and in exactly one of the two places
            assert [in_place, len(aside)] in ([True, 0], [False, 1]), moment
            assert data_files(folder / "wages" / name if in_place else aside[0]) == stored
            if signum != signal.SIGKILL:
                said = one_line(done.stderr)
                assert said.startswith(NOTHING if in_place else COMPLETED), (moment, said)


def _killed_between_the_moves(tmp_path: Path) -> tuple[Case, Path]:
    """A wages replace killed after the old addition went aside, before the new one came in."""
    case = prepare("wages", tmp_path)
    n = next(i for i, c in enumerate(case.calls, 1)
             if c.startswith("replace ") and c.endswith(f"wages/{case.name}") and "/.tmp-" in c)
    folder = tmp_path / "killed"
    shutil.copytree(case.base, folder)
    done = child(BOOT, ["data", "add", "wages", str(case.new_file), "--replace", "--data",
                        str(folder)], signal_at=(n, signal.SIGKILL))
    assert done.returncode == -signal.SIGKILL
    assert (folder / JOURNAL).exists() and not (folder / "wages" / case.name).exists()
    return case, folder


def test_a_reader_completes_a_change_its_writer_left(tmp_path, capsys, monkeypatch):
    case, folder = _killed_between_the_moves(tmp_path)
    monkeypatch.setenv("NORMBOOK_DATA", str(folder))
    assert wages.base_salary(2028).amount == Decimal(2600000)  # the new one, never the shipped
    err = capsys.readouterr().err
    assert err.startswith("normbook: warning: wages/2027-07-01: an interrupted `normbook data "
                          "add --replace` was completed"), err
    assert case.state(folder) == "new" and leftovers(folder) == []


def test_a_change_that_cannot_be_completed_is_undone_and_reported(tmp_path, capsys):
    case, folder = _killed_between_the_moves(tmp_path)
    (staged,) = folder.glob("wages/.tmp-*")
    shutil.rmtree(staged)  # deleted by hand: the change cannot be rolled forward
    code, report, _ = status(capsys, folder)
    assert code == 1
    (problem,) = report["folder"]["problems"]
    assert f"wages/{case.name}: an interrupted `normbook data` run could not be completed: " \
           f"its staged copy wages/{staged.name} is missing" in problem
    assert case.state(folder) == "old" and leftovers(folder) == []  # put back as it was
    assert case.kept_aside(folder) == []
    code, report, _ = status(capsys, folder)  # said once; the folder is whole again
    assert code == 0 and report["folder"]["problems"] == []


# ---- item 2: readers never see half of a change --------------------------------------------

def test_readers_never_see_half_a_replacement(user_data, tmp_path):
    old = support.write_wages(tmp_path / "old.csv")
    new = support.write_wages(tmp_path / "new.csv", [WAGES_NEW])
    assert child(BOOT, ["data", "add", "wages", str(old)],
                 env={"NORMBOOK_DATA": str(user_data)}).returncode == 0
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(old), str(new), "40"],
                              env={**os.environ, "NORMBOOK_DATA": str(user_data),
                                   "NB_SLOW": "0.002"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    amounts: list[Decimal] = []
    errors: list[str] = []

    def read(what) -> None:
        while writer.poll() is None:
            try:
                what()
            except Exception as exc:  # any error is a failure of the test, listed below
                errors.append(f"{type(exc).__name__}: {exc}")

    readers = [threading.Thread(target=read, args=(lambda: amounts.append(
                   wages.base_salary(2028).amount),)) for _ in range(2)]
    readers.append(threading.Thread(target=read, args=(dataset,)))
    for reader in readers:
        reader.start()
    _, err = writer.communicate(timeout=120)
    for reader in readers:
        reader.join()
    assert writer.returncode == 0, err
    assert errors == []
    assert len(amounts) >= 200
    # both whole states, and nothing else: never the shipped 2,530,000 of a half-made change
    assert set(amounts) == {Decimal(2794000), Decimal(2600000)}
    assert SHIPPED_2028 not in amounts


def test_a_reader_waits_for_a_live_writer_then_says_the_folder_is_busy(user_data, tmp_path,
                                                                       monkeypatch):
    from normbook.userdata import journal
    from normbook.userdata.lock import FolderLock

    code = child(BOOT, ["data", "add", "wages", str(support.write_wages(tmp_path / "w.csv"))],
                 env={"NORMBOOK_DATA": str(user_data)}).returncode
    assert code == 0
    lock = FolderLock(user_data)
    assert lock.take()  # a writer at work: the lock held, its journal written
    (user_data / JOURNAL).write_text('{"format": 1, "steps": []}', encoding="utf-8")
    monkeypatch.setattr(journal, "WAIT_SECONDS", 0.2)
    try:
        with pytest.raises(journal.FolderBusy) as raised:
            wages.wage_data()
    finally:
        lock.close()
    assert str(raised.value) == (f"another `normbook data` run is changing the user data folder "
                                 f"{user_data}; try again when it has finished")
    assert wages.base_salary(2028).amount == Decimal(2794000)  # its writer gone: completed


def test_a_replaced_addition_changes_the_fingerprint_even_with_same_sizes_and_times(
        user_data, tmp_path, capsys):
    row = list(support.TEST_DECREE)
    same_size = [row[0], "2795000", *row[2:4], row[4].replace("2.794.000", "2.795.000")]
    assert run(capsys, "data", "add", "wages", str(support.write_wages(tmp_path / "a.csv")))[0] \
        == 0
    place = user_data / "wages" / "2027-07-01"
    times = {p.name: p.stat().st_mtime_ns for p in place.iterdir()}
    assert wages.base_salary(2028).amount == Decimal(2794000)  # cached now
    before = where.fingerprint("wages")
    code, _, err = run(capsys, "data", "add", "wages",
                       str(support.write_wages(tmp_path / "b.csv", [same_size])), "--replace")
    assert code == 0, err
    for p in place.iterdir():  # a file system with coarse times: the same times as before
        os.utime(p, ns=(times[p.name], times[p.name]))
    assert sorted((p.name, p.stat().st_size) for p in place.iterdir()) == \
        sorted((p.name, p.stat().st_size) for p in (user_data / "replaced" / "wages").glob(
            "*/*"))
    assert where.fingerprint("wages") != before
    assert wages.base_salary(2028).amount == Decimal(2795000)
