"""The user data folder against hostile files, each run as a user would run it: in a fresh
process under a 2 GiB memory cap (hostile_support.run_capped). A refusal is one line on stderr
with exit 2 and no traceback, and changes nothing on disk; a folder problem is reported by
`data status` with exit 1. The files are built by userdata_hostile_files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import userdata_hostile_files as hostile
import userdata_support as support
from hostile_support import Outcome, run_capped
from test_userdata import snapshot

#: Every limit of the folder layer, as the messages name them.
RECORD_LIMIT = "64 KB"
DATA_LIMIT = "5 MB"


def run(data: Path | str, *args: str) -> Outcome:
    # a minute is far beyond any of these runs (they take a fraction of a second): a run
    # still going then is stuck in a walk or a loop, and fails as such
    return run_capped(list(args), env={"NORMBOOK_DATA": str(data), "NORMBOOK_LANG": "en"},
                      timeout=60)


def refused(data: Path, *args: str, words: tuple[str, ...] = ()) -> Outcome:
    """Run a command that must be refused: exit 2, one line, no traceback, nothing changed."""
    before = snapshot(data)
    outcome = run(data, *args)
    assert outcome.one_line_error(), (outcome.code, outcome.err)
    assert "Errno" not in outcome.err and "\x1b" not in outcome.err
    for word in words:
        assert word in outcome.err, outcome.err
    assert snapshot(data) == before
    return outcome


def reported(data: Path, *words: str) -> str:
    """`data status` reports a problem (exit 1, no traceback), each word in its output."""
    before = snapshot(data)
    outcome = run(data, "data", "status")
    assert outcome.code == 1 and "Traceback" not in outcome.err, outcome.err
    for word in words:
        assert word in outcome.out, outcome.out
    assert "\x1b" not in outcome.out
    assert snapshot(data) == before
    return outcome.out


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def add_wages(data: Path, tmp_path: Path) -> None:
    outcome = run(data, "data", "add", "wages", str(support.write_wages(tmp_path / "w.csv")))
    assert outcome.code == 0, outcome.err


# ---- no traceback ----------------------------------------------------------------------------

@pytest.mark.parametrize(("depth", "why"), [
    (hostile.DEPTH, "nested too deeply; a record is one flat JSON object"),
    (100_000, f"more than the {RECORD_LIMIT} a file of the data folder may hold"),
])
def test_a_deep_record_in_the_folder_is_a_problem_and_can_be_removed(depth, why, data,
                                                                      tmp_path):
    hostile.deep_record_folder(data, depth)
    reported(data, f"PROBLEM: wages/2027-07-01/addition.json: unreadable ({why})")
    out = tmp_path / "x.zip"
    before = snapshot(data)
    outcome = run(data, "data", "export", "-o", str(out))
    assert outcome.code == 2 and "Traceback" not in outcome.err
    assert f"wages/2027-07-01/addition.json: unreadable ({why})" in outcome.err
    assert not out.exists() and snapshot(data) == before
    outcome = run(data, "data", "remove", "wages", "2027-07-01")  # what the message advises
    assert outcome.code == 0, outcome.err
    assert not (data / "wages" / "2027-07-01").exists()
    assert run(data, "data", "status").code == 0


@pytest.mark.parametrize(("depth", "why"), [
    (hostile.DEPTH, "wages/2027-07-01/addition.json: unreadable (nested too deeply"),
    (100_000, "addition.json' unpacks to 100,000 bytes, more than the 64 KB"),
])
def test_a_deep_record_in_a_zip_is_refused(depth, why, data, tmp_path):
    outcome = run(data, "data", "add", "all", str(hostile.deep_record_zip(tmp_path, depth)))
    assert outcome.code == 2 and "Traceback" not in outcome.err, outcome.err
    assert why in outcome.err
    assert not data.exists()


@pytest.mark.parametrize(("build", "words"), [
    (hostile.bad_crc_zip, ("bad-crc.zip: ", "base_salary.csv' cannot be read", "CRC")),
    (hostile.lying_zip, ("lying.zip: ", "base_salary.csv' cannot be read", "damaged")),
    (hostile.encrypted_zip, ("encrypted.zip: ", "is encrypted",)),
    (hostile.deflate64_zip, ("deflate64.zip: ", "compressed with method 9",)),
    (hostile.corrupt_deflate_zip, ("corrupt-deflate.zip: ", "cannot be read", "damaged")),
])
def test_a_damaged_zip_is_one_line(build, words, data, tmp_path):
    refused(data, "data", "add", "all", str(build(tmp_path)), words=words)


def test_a_home_folder_of_no_user():
    outcome = run("~nosuchuser/x", "data", "status")
    assert outcome.one_line_error(), outcome.err
    assert "NORMBOOK_DATA '~nosuchuser/x': its ~ names no user" in outcome.err


# ---- memory and time bombs -------------------------------------------------------------------

@pytest.mark.parametrize(("size", "words"), [
    # the issue's: each member under the old 20 MB limit of a member
    (19_000_000, ("bomb.zip: 'normbook-data/wages/2030-01-01/base_salary.csv' unpacks to "
                  f"19,000,000 bytes, more than the {DATA_LIMIT} a file of the data folder",)),
    # each under the limit of a file, together far beyond an export
    (4_900_000, ("bomb.zip: unpacks to 560.8 MB, more than the 50 MB an export of a data "
                 "folder can hold",)),
])
def test_a_zip_that_unpacks_to_gigabytes_is_refused_before_it_is_read(size, words, data,
                                                                      tmp_path):
    bomb = hostile.gigabyte_zip(tmp_path, size=size)
    assert bomb.stat().st_size < 5_000_000
    refused(data, "data", "add", "all", str(bomb), words=words)


def test_a_zip_that_lies_about_its_sizes_is_counted_while_read(data, tmp_path):
    refused(data, "data", "add", "all", str(hostile.lying_zip(tmp_path, size=40_000_000)),
            words=("lying.zip: ", "base_salary.csv' cannot be read"))


def test_a_zip_of_thirty_thousand_additions_is_refused_at_once(data, tmp_path):
    refused(data, "data", "add", "all", str(hostile.many_additions_zip(tmp_path)),
            words=("many.zip: lists 60,000 files in 5.2 MB, more than the 10,000",))


def test_a_zip_directory_too_large_to_parse_is_refused_before_it_is_parsed(data, tmp_path):
    path = hostile.directory_zip(tmp_path)
    assert path.stat().st_size < 50 << 20
    refused(data, "data", "add", "all", str(path),
            words=("directory.zip: lists 65,534 files in 27.2 MB, more than the 10,000",))


def test_a_zip_of_more_additions_than_a_folder_holds(data, tmp_path):
    members = [m for n in range(1_001) for m in hostile.wage_addition(
        f"{2030 + n // 336:04d}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}")[:1]]
    refused(data, "data", "add", "all", str(hostile.write(tmp_path / "x.zip", members)),
            words=("x.zip: holds 1,001 additions, more than the 1,000",))


def test_a_huge_file_linked_from_outside_is_never_read(data, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    hostile.huge_linked_holidays(data, outside)
    reported(data, "PROBLEM: holidays/2027/holidays.csv: a symbolic link to "
             f"{outside / 'huge.csv'}, outside the data folder")


def test_a_huge_file_in_the_folder_is_never_read(data):
    hostile.huge_holidays(data)
    reported(data, "PROBLEM: holidays/2027/holidays.csv: 3,072 MB, more than the "
             f"{DATA_LIMIT} a file of the data folder may hold")


def test_a_huge_record_is_never_read(data):
    hostile.addition_folder(data, record_bytes=b" " * 100_000 + hostile.record())
    reported(data, "wages/2027-07-01/addition.json: unreadable (more than the "
             f"{RECORD_LIMIT} a file of the data folder may hold)")


def test_a_folder_of_thirty_thousand_additions(data):
    hostile.many_additions_folder(data)
    reported(data, "PROBLEM: wages: holds more than 1,000 entries")


# ---- broken links ----------------------------------------------------------------------------

def test_a_data_folder_that_is_a_link_loop(tmp_path):
    data = tmp_path / "data"
    os.symlink(data, data)
    reported(data, f"PROBLEM: the data folder {data} is a symbolic link to {data} that leads "
             "back to itself (a loop)")
    refused(data, "data", "add", "wages", str(support.write_wages(tmp_path / "w.csv")),
            words=("is a symbolic link to", "remove the link"))


def test_a_data_folder_that_is_a_dangling_link(tmp_path):
    data = tmp_path / "data"
    os.symlink(tmp_path / "gone", data)
    reported(data, "which does not exist; create that folder")
    refused(data, "data", "add", "wages", str(support.write_wages(tmp_path / "w.csv")),
            words=("which does not exist",))


@pytest.mark.parametrize("target", ["nowhere", "wages"])
def test_a_broken_kind_link_is_a_problem(target, data, tmp_path):
    data.mkdir()
    os.symlink(target, data / "wages")  # dangling, or looping back to itself
    state = "that leads back to itself (a loop)" if target == "wages" else \
        "which does not exist"
    reported(data, f"PROBLEM: wages: a symbolic link to {target}", state)
    refused(data, "data", "add", "wages", str(support.write_wages(tmp_path / "w.csv")),
            words=(f"wages: a symbolic link to {target}", "remove the link and put the folder"))


def test_a_kind_folder_linked_from_outside_is_a_problem(data, tmp_path):
    outside = tmp_path / "elsewhere"
    add_wages(outside, tmp_path)
    data.mkdir()
    os.symlink(outside / "wages", data / "wages")
    reported(data, f"PROBLEM: wages: a symbolic link to {outside / 'wages'}, outside the data "
             "folder")


def test_a_link_out_of_the_folder_anywhere_is_a_problem(data, tmp_path):
    add_wages(data, tmp_path)
    secret = tmp_path / "secret.csv"
    secret.write_text("not reference data\n")
    os.symlink(secret, data / "wages" / "2027-07-01" / "notes.csv")
    os.symlink(tmp_path, data / "replaced")
    out = reported(data, f"wages/2027-07-01/notes.csv: a symbolic link to {secret}, outside",
                   f"PROBLEM: replaced: a symbolic link to {tmp_path}, outside")
    assert out.count("replaced: a symbolic link") == 1


def test_a_folder_linked_from_inside_an_addition_is_never_walked(data, tmp_path):
    add_wages(data, tmp_path)
    maze = tmp_path / "maze"  # three links back to itself: 3 ** 40 paths for a walk that follows
    maze.mkdir()
    for name in "abc":
        os.symlink(maze, maze / name)
    os.symlink(maze, data / "wages" / "2027-07-01" / "sub")
    reported(data, f"PROBLEM: wages/2027-07-01/sub: a symbolic link to {maze}, outside the "
             "data folder")


# ---- messages --------------------------------------------------------------------------------

@pytest.mark.parametrize(("length", "why"), [
    (300, "holds a member whose name is 334 characters long"),
    (100, "is not the name of an addition"),
])
def test_a_long_member_name_is_refused_up_front(length, why, data, tmp_path):
    outcome = refused(data, "data", "add", "all", str(hostile.long_name_zip(tmp_path, length)),
                      words=("long-name.zip: ", why))
    assert "tmp" not in outcome.err.split("long-name.zip", 1)[1]  # no temporary folder


def test_a_member_name_with_escapes_is_shown_escaped(data, tmp_path):
    outcome = refused(data, "data", "add", "all", str(hostile.escape_name_zip(tmp_path)),
                      words=("escape-name.zip: ", "\\x1b[2J\\x1b[31mOWNED\\n",
                             "control characters"))
    assert "OWNED\n" not in outcome.err


def test_names_in_the_folder_are_shown_escaped(data, tmp_path):
    add_wages(data, tmp_path)
    (data / "wages" / "2027-07-01" / "x\x1b[2J.csv").write_text("a\n")
    (data / "wages" / "\x1b]0;title\x07").mkdir()
    (data / "x\nPROBLEM: fake").mkdir()
    out = reported(data, "wages/2027-07-01/x\\x1b[2J.csv: its name holds control characters",
                   "wages/\\x1b]0;title\\x07: its name holds control characters",
                   "note: x\\nPROBLEM: fake: not a folder Normbook uses")
    assert "\x07" not in out and "\nPROBLEM: fake" not in out


def test_a_spoilt_record_in_a_zip_is_named_once(data, tmp_path):
    path = hostile.write(tmp_path / "x.zip", hostile.wage_addition(record_bytes=b"[1, 2]"))
    outcome = run(data, "data", "add", "all", str(path))
    assert outcome.code == 2 and "Traceback" not in outcome.err
    assert outcome.err.count("x.zip") == 1 and outcome.err.count("wages/2027-07-01") == 1
    assert "wages/2027-07-01/addition.json: unreadable (not a JSON object)" in outcome.err


def test_a_record_without_its_date_says_the_key_is_missing(data):
    record = hostile.record()
    hostile.addition_folder(data, record_bytes=record.replace(
        b'"added_at": "2026-07-02T00:00:00Z", ', b""))
    reported(data, "the key added_at (the date and time it was added) is missing")


def test_a_file_as_the_data_folder_is_said_once(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    out = reported(afile, f"PROBLEM: {afile} is a file, not a folder")
    assert out.count("is a file, not a folder") == 1 and "does not exist yet" not in out
    refused(afile, "data", "add", "wages", str(support.write_wages(tmp_path / "w.csv")),
            words=("is a file, not a folder",))


def test_a_file_name_with_control_characters_is_refused(data, tmp_path):
    path = support.write_wages(tmp_path / "w\x1b[2J.csv")
    refused(data, "data", "add", "wages", str(path),
            words=("w\\x1b[2J.csv", "the file name holds control characters"))


def test_text_of_a_users_file_is_shown_escaped(data, tmp_path):
    path = support.write_csv(tmp_path / "w.csv", ["effective_from\x1b[2J", "amount_vnd"], [])
    outcome = run(data, "data", "add", "wages", str(path))  # a summary, then each problem
    assert outcome.code == 2 and "Traceback" not in outcome.err and "\x1b" not in outcome.err
    assert "w.csv, row 1: the header must be" in outcome.err
    assert "not effective_from\\x1b[2J,amount_vnd" in outcome.err
    assert not data.exists()


# ---- accepted silently -----------------------------------------------------------------------

@pytest.mark.parametrize("how", ["--data", "NORMBOOK_DATA"])
def test_a_data_folder_path_with_a_line_break_is_refused(how, tmp_path):
    folder = f"{tmp_path}/a\nb"
    wages = str(support.write_wages(tmp_path / "w.csv"))
    if how == "--data":
        outcome = run(tmp_path / "unused", "data", "add", "wages", wages, "--data", folder)
    else:
        outcome = run(folder, "data", "add", "wages", wages)
    assert outcome.one_line_error(), outcome.err
    assert f"{how} '{tmp_path}/a\\nb': the folder path holds a control character" in \
        outcome.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.csv"]
