"""Read an exported zip (``normbook data export``) as a hostile file: names, counts and sizes
are checked against limits before anything is unpacked, and the bytes are counted while they
are read, never trusting the sizes the zip declares.

Layout of an export::

    normbook-data/<kind>/<name>/<file>      each addition's data files and addition.json
"""

from __future__ import annotations

import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..errors import os_reason, shown
from ..i18n import Domain, Message, listed
from . import guard
from .errors import Said, UserDataError, reason
from .folder import KINDS
from .guard import has_control
from .store import META, TEMP_PREFIX, ignorable

_ = Domain(__name__)

#: The top folder inside an exported zip.
ZIP_ROOT = "normbook-data"
#: Where each file of an export is, as a message names it.
LAYOUT = f"{ZIP_ROOT}/KIND/NAME/FILE"
#: The largest zip read (an export of a lifetime's additions is well under a megabyte).
MAX_ZIP_BYTES = 50 * guard.MB
#: The most bytes all members unpack to together, and the most members and additions.
MAX_UNPACKED_BYTES = 50 * guard.MB
MAX_MEMBERS = 10_000
MAX_ADDITIONS = guard.MAX_ENTRIES
#: The longest member name (``normbook-data/exams/2025/special_projects.csv`` is 45).
MAX_MEMBER_NAME = 200
#: The largest central directory read: zipfile makes an object of every entry in it, so a
#: 50 MB zip of empty members would take hundreds of MB before any count is checked.
MAX_DIRECTORY_BYTES = MAX_MEMBERS * (46 + MAX_MEMBER_NAME)
#: The end record of a zip (its last 22 bytes, before a comment of up to 65,535).
END_RECORD = b"PK\x05\x06"
#: An addition's name as Normbook writes it: a year or a date, nothing a shell or Windows
#: would read otherwise.
NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")
#: How members of an export are compressed; anything else is not an export of ours.
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
CHUNK = 64 * 1024

#: What a damaged zip raises while it is read: bad CRC, truncated or corrupt deflate data, an
#: encrypted member, a compression zipfile does not implement.
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
           zlib.error, lzma.LZMAError, EOFError, OSError, ValueError)


def _refuse(zip_name: str, message: Said) -> UserDataError:
    return UserDataError(_.later("{zip}: {why}", zip=zip_name, why=message))


def _member_problem(info: zipfile.ZipInfo, allowed: Mapping[str, frozenset[str]]
                    ) -> Message | None:
    """Why the member ``info`` cannot be a file of an export, or None."""
    name = info.filename
    if len(name) > MAX_MEMBER_NAME:
        return _.later("holds a member whose name is {length:n} characters long ({name}); an "
                       "export's names are at most {most}: this zip was not written by "
                       "`normbook data export`", length=len(name), name=shown(name, 60),
                       most=MAX_MEMBER_NAME)
    if has_control(name):
        return _.later("holds a member whose name has control characters ({name}); this zip "
                       "was not written by `normbook data export`", name=shown(name))
    parts = PurePosixPath(name).parts
    if len(parts) != 4 or parts[0] != ZIP_ROOT or parts[1] not in KINDS or \
            "\\" in name or any(p in ("", ".", "..") for p in parts):
        return _.later("{name} is not a file of a Normbook data export ({layout})",
                       name=shown(name), layout=LAYOUT)
    if not NAME.fullmatch(parts[2]) or len(parts[2]) > guard.MAX_NAME or \
            parts[2].startswith(TEMP_PREFIX) or ignorable(parts[2]):
        return _.later("{name}: {addition} is not the name of an addition (a year such as 2025 "
                       "or a date such as 2026-07-01)", name=shown(name),
                       addition=shown(parts[2]))
    if parts[3] not in allowed[parts[1]] | {META}:
        return _.later("{name} is none of the files a {kind} addition holds ({files})",
                       name=shown(name), kind=parts[1],
                       files=listed([*sorted(allowed[parts[1]]), META]))
    if info.flag_bits & 0x1:
        return _.later("{name} is encrypted; an export is not: export it again",
                       name=shown(name))
    if info.compress_type not in METHODS:
        return _.later("{name} is compressed with method {method}, which an export does not "
                       "use (it deflates); export it again", name=shown(name),
                       method=info.compress_type)
    limit = guard.MAX_RECORD_BYTES if parts[3] == META else guard.MAX_DATA_FILE_BYTES
    if info.file_size > limit:
        return _.later("{name} unpacks to {size:n} bytes, more than the {limit} a file of the "
                       "data folder may hold", name=shown(name), size=info.file_size,
                       limit=guard.size_text(limit))
    return None


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, counted as they come: never more than ``limit`` or than it declares.

    Raises:
        ValueError: it unpacks to more than it declares or than ``limit``.
        (and what a damaged member raises, see :data:`DAMAGED`)
    """
    most = min(limit, info.file_size)
    chunks, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > most:
                raise ValueError(_.later("unpacks to more than the {size:n} bytes it "
                                         "declares", size=info.file_size))
            chunks.append(chunk)
    return b"".join(chunks)


def read_export(path: Path, allowed: Mapping[str, frozenset[str]]
                ) -> dict[tuple[str, str], dict[str, bytes]]:
    """The additions in an exported zip: (kind, name) -> file name -> bytes.

    Args:
        path: the zip.
        allowed: each kind's data file names (its kind's module knows them).

    Raises:
        UserDataError: one line naming the zip and what is wrong: not a zip, damaged, too large,
            too many members, a member that is not a file of an export.
    """
    label = shown(path.name, quote=False)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(label, _.later("cannot read it ({why})", why=os_reason(exc))) \
            from None
    if size > MAX_ZIP_BYTES:
        raise _refuse(label, _.later("is {size}, more than the {limit} an export of a data "
                                     "folder can be; it is not one", size=guard.size_text(size),
                                     limit=guard.size_text(MAX_ZIP_BYTES)))
    if (why := _directory_problem(path, size)) is not None:
        raise _refuse(label, why)
    try:
        archive = zipfile.ZipFile(path)
    except DAMAGED as exc:
        raise _refuse(label, _.later("not a zip file ({why})",
                                     why=shown(str(exc), quote=False))) from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise _refuse(label, _.later("holds {count:n} files, more than the {most:n} an "
                                         "export of a data folder can hold; it is not one",
                                         count=len(infos), most=MAX_MEMBERS))
        for info in infos:
            if (why := _member_problem(info, allowed)) is not None:
                raise _refuse(label, why)
        additions = {PurePosixPath(i.filename).parts[1:3] for i in infos}
        if len(additions) > MAX_ADDITIONS:
            raise _refuse(label, _.later("holds {count:n} additions, more than the {most:n} "
                                         "a data folder can hold; it is not an export",
                                         count=len(additions), most=MAX_ADDITIONS))
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNPACKED_BYTES:
            raise _refuse(label, _.later("unpacks to {size}, more than the {limit} an export of "
                                         "a data folder can hold; it is not one",
                                         size=guard.size_text(declared),
                                         limit=guard.size_text(MAX_UNPACKED_BYTES)))
        return _unpack(archive, infos, label)


def _directory_problem(path: Path, size: int) -> Message | None:
    """Why the zip's central directory is too large to parse (read from its end record before
    zipfile parses it), or None; a zip without an end record is left to zipfile to refuse."""
    try:
        with path.open("rb") as f:
            f.seek(max(0, size - 22 - 0xFFFF))
            tail = f.read()
    except OSError:
        return None  # zipfile says why it cannot be read
    at = tail.rfind(END_RECORD)
    if at < 0 or len(tail) < at + 22:
        return None
    count, directory = struct.unpack("<HI", tail[at + 10:at + 16])
    if count == 0xFFFF or directory == 0xFFFFFFFF:
        return _.later("is a zip64 archive, which an export of a data folder never needs; it is "
                       "not one")
    if count > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:
        return _.later("lists {count:n} files in {size}, more than the {most:n} an export of a "
                       "data folder can hold; it is not one", count=count,
                       size=guard.size_text(directory), most=MAX_MEMBERS)
    return None


def _unpack(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], label: str
            ) -> dict[tuple[str, str], dict[str, bytes]]:
    found: dict[tuple[str, str], dict[str, bytes]] = {}
    total = 0
    for info in infos:
        _root, kind, name, file_name = PurePosixPath(info.filename).parts
        files = found.setdefault((kind, name), {})
        if file_name in files:
            raise _refuse(label, _.later("{name} is in the zip twice; which one is meant "
                                         "cannot be told", name=shown(info.filename)))
        limit = guard.MAX_RECORD_BYTES if file_name == META else guard.MAX_DATA_FILE_BYTES
        try:
            files[file_name] = _read(archive, info, min(limit, MAX_UNPACKED_BYTES - total))
        except DAMAGED as exc:
            why = reason(exc)  # ours (it unpacks to more) late, the zip library's escaped
            why = shown(why, quote=False) if isinstance(why, str) else why
            raise _refuse(label, _.later("{name} cannot be read ({why}); the zip is damaged: "
                                         "export it again", name=shown(info.filename),
                                         why=why)) from None
        total += len(files[file_name])
    return found


def record(data: bytes | None, where: str) -> dict[str, str]:
    """An exported addition's provenance record, checked as the folder's own are.

    Raises:
        UserDataError: it is missing or unreadable, naming the addition ``where``
            (``wages/2026-07-01``).
    """
    from .store import parse_record

    if data is None:
        raise UserDataError(_.later("{where}: {record} is missing; an export carries one per "
                                    "addition", where=where, record=META))
    try:
        return parse_record(data)
    except ValueError as exc:
        raise UserDataError(_.later("{where}/{record}: unreadable ({why})", where=where,
                                    record=META, why=reason(exc))) from None
