"""Hostile user data, built on purpose (this module holds no tests): zips that are damaged,
lie about their sizes or unpack to gigabytes, and data folders with deep records, huge files
and broken or escaping symbolic links. Used by tests/test_userdata_limits.py and
bench/bench_hostile.py. The figures in them are the TEST figures of userdata_support.
"""

from __future__ import annotations

import functools
import json
import os
import struct
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = "normbook-data"
RECORD = {"kind": "wages", "name": "2027-07-01", "citation": "TEST DATA, not a real decree",
          "added_by": "test", "added_at": "2026-07-02T00:00:00Z", "original": "w.csv",
          "imported_from": "", "sha256": "0" * 64}


@dataclass(frozen=True)
class Member:
    """A zip member as it is stored: its name, stored bytes, and what the headers declare."""

    name: str
    data: bytes  # as stored (deflated when method is 8)
    crc: int
    size: int  # the uncompressed size the headers declare
    method: int = 8  # 0 stored, 8 deflate, 9 deflate64
    flags: int = 0  # bit 0: encrypted


def member(name: str, content: bytes, method: int = 8) -> Member:
    """A true member holding ``content``."""
    data = content if method == 0 else _deflate([content])
    return Member(name, data, zlib.crc32(content), len(content), method)


def _deflate(chunks) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    return b"".join(packer.compress(c) for c in chunks) + packer.flush()


def zeros(name: str, size: int) -> Member:
    """A member of ``size`` zero bytes, deflated (19 MB of zeros store as about 19 KB)."""
    data, crc = _zeros(size)
    return Member(name, data, crc, size)


@functools.cache
def _zeros(size: int) -> tuple[bytes, int]:
    mib, rest = divmod(size, 1 << 20)
    chunks = [bytes(1 << 20)] * mib + [bytes(rest)]
    crc = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"".join(packer.compress(c) for c in chunks) + packer.flush(), crc


def build(members: list[Member]) -> bytes:
    """A zip of ``members`` exactly as given, headers and all (no zip64: under 4 GB each)."""
    out, directory = bytearray(), bytearray()
    for m in members:
        name = m.name.encode("utf-8")
        flags = m.flags | 0x800  # names in UTF-8
        header = struct.pack("<HHHHHIIIHH", 20, flags, m.method, 0, 0x21, m.crc, len(m.data),
                             m.size, len(name), 0)
        directory += struct.pack("<I", 0x02014B50) + struct.pack("<H", 20) + header + \
            struct.pack("<HHHII", 0, 0, 0, 0o644 << 16, len(out)) + name
        out += struct.pack("<I", 0x04034B50) + header + name + m.data
    count = min(len(members), 0xFFFE)  # more needs zip64; zipfile reads the directory whole
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)


def write(path: Path, members: list[Member]) -> Path:
    path.write_bytes(build(members))
    return path


def record(**changes: str) -> bytes:
    return json.dumps({**RECORD, **changes}).encode("utf-8")


def wage_addition(name: str = "2027-07-01", csv: bytes = b"", record_bytes: bytes | None = None,
                  method: int = 8) -> list[Member]:
    """One wages addition's members: its record and base_salary.csv."""
    where = f"{ROOT}/wages/{name}"
    return [member(f"{where}/addition.json", record_bytes or record(name=name), method),
            member(f"{where}/base_salary.csv", csv, method)]


# ---- zips ---------------------------------------------------------------------------------

def gigabyte_zip(folder: Path, members: int = 120, size: int = 19_000_000) -> Path:
    """120 members of 19 MB each, every one under the old per-member limit: 2.2 GB unpacked
    from a zip of about 2 MB."""
    return write(folder / "bomb.zip", [
        zeros(f"{ROOT}/wages/2030-{n // 12 + 1:02d}-{n % 12 + 1:02d}/base_salary.csv", size)
        for n in range(members)])


def lying_zip(folder: Path, size: int = 19_000_000, declared: int = 1000) -> Path:
    """A member that declares ``declared`` bytes and inflates to ``size``."""
    true = zeros(f"{ROOT}/wages/2027-07-01/base_salary.csv", size)
    return write(folder / "lying.zip", [member(f"{ROOT}/wages/2027-07-01/addition.json",
                                               record()), replace(true, size=declared)])


def many_additions_zip(folder: Path, count: int = 30_000) -> Path:
    """``count`` additions, each a small record and an empty CSV."""
    members = []
    for n in range(count):
        name = f"{2030 + n // 336:04d}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
        members += wage_addition(name)
    return write(folder / "many.zip", members)


def directory_zip(folder: Path, count: int = 540_000) -> Path:
    """Under 50 MB, but a central directory of ``count`` empty members for zipfile to parse."""
    return write(folder / "directory.zip", [Member(f"x{n}", b"", 0, 0, 0) for n in range(count)])


def bad_crc_zip(folder: Path) -> Path:
    good = member(f"{ROOT}/wages/2027-07-01/base_salary.csv", b"effective_from\n", method=0)
    return write(folder / "bad-crc.zip", [member(f"{ROOT}/wages/2027-07-01/addition.json",
                                                 record()), replace(good, crc=good.crc ^ 1)])


def encrypted_zip(folder: Path) -> Path:
    members = wage_addition()
    return write(folder / "encrypted.zip", [replace(m, flags=1) for m in members])


def deflate64_zip(folder: Path) -> Path:
    members = wage_addition()
    return write(folder / "deflate64.zip", [replace(m, method=9) for m in members])


def corrupt_deflate_zip(folder: Path) -> Path:
    members = wage_addition(csv=b"effective_from,amount_vnd\n" * 50)
    spoilt = replace(members[1], data=b"\xff" * len(members[1].data))
    return write(folder / "corrupt-deflate.zip", [members[0], spoilt])


#: Records nested this deep: under the record's size limit, so the nesting is what is met.
DEPTH = 50_000


def deep_record_zip(folder: Path, depth: int = DEPTH) -> Path:
    return write(folder / "deep.zip", wage_addition(record_bytes=b"[" * depth))


def long_name_zip(folder: Path, length: int = 300) -> Path:
    return write(folder / "long-name.zip", wage_addition("2" * length))


def escape_name_zip(folder: Path, name: str = "2026-07-01\x1b[2J\x1b[31mOWNED\n") -> Path:
    return write(folder / "escape-name.zip", wage_addition(name))


# ---- data folders ---------------------------------------------------------------------------

def addition_folder(data: Path, name: str = "2027-07-01", record_bytes: bytes | None = None
                    ) -> Path:
    """A wages addition written by hand: a record and a CSV."""
    folder = data / "wages" / name
    folder.mkdir(parents=True)
    (folder / "addition.json").write_bytes(record_bytes or record(name=name))
    (folder / "base_salary.csv").write_text("effective_from\n", encoding="utf-8")
    return folder


def deep_record_folder(data: Path, depth: int = DEPTH) -> Path:
    return addition_folder(data, record_bytes=b"[" * depth)


def sparse_file(path: Path, size: int = 3 << 30) -> Path:
    """A file of ``size`` bytes that takes no disk (a hole)."""
    with path.open("wb") as f:
        f.truncate(size)
    return path


def huge_linked_holidays(data: Path, outside: Path) -> Path:
    """holidays/2027/holidays.csv a symbolic link to a 3 GB file outside the folder."""
    folder = data / "holidays" / "2027"
    folder.mkdir(parents=True)
    (folder / "addition.json").write_bytes(record(kind="holidays", name="2027"))
    os.symlink(sparse_file(outside / "huge.csv"), folder / "holidays.csv")
    return folder


def huge_holidays(data: Path) -> Path:
    """holidays/2027/holidays.csv a 3 GB file inside the folder."""
    folder = data / "holidays" / "2027"
    folder.mkdir(parents=True)
    (folder / "addition.json").write_bytes(record(kind="holidays", name="2027"))
    sparse_file(folder / "holidays.csv")
    return folder


def many_additions_folder(data: Path, count: int = 30_000) -> Path:
    for n in range(count):
        (data / "wages" / f"{2030 + n // 336:04d}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
         ).mkdir(parents=True)
    return data / "wages"
