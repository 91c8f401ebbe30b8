"""What the data folder layer refuses to follow or read: symbolic links that lead out of the
folder, nowhere or in a loop, and files, folders and zips beyond limits far above real use.

The limits are for hostile or broken input, never for real data: a year's exam tables are a
few KB, an act's base-salary CSV and an ``addition.json`` a few hundred bytes, and a folder
gains one addition per year or decree.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import stat
from pathlib import Path

from ..errors import SHOWN_PATH_LIMIT, os_reason, shown
from ..i18n import Domain, Message

_ = Domain(__name__)

MB = 1024 * 1024
#: The largest ``addition.json`` read (a record is a few hundred bytes).
MAX_RECORD_BYTES = 64 * 1024
#: The largest data file of an addition read (a year's exam tables are a few KB together).
MAX_DATA_FILE_BYTES = 5 * MB
#: The most entries read from one kind's folder (one addition per year or act) or from one
#: addition's folder (a year of exams has six tables).
MAX_ENTRIES = 1_000
#: The longest name of an addition (a year such as 2025 or a date such as 2026-07-01).
MAX_NAME = 64
#: What a name Normbook shows or writes may not hold: C0 and C1 control characters (escape,
#: line breaks), DEL, and the bidirectional overrides that make a line read otherwise.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character (see :data:`_CONTROL`)."""
    return _CONTROL.search(text) is not None


def _path(path: object) -> str:
    """A path inside a message: shortened, escaped, without quotes."""
    return shown(path, SHOWN_PATH_LIMIT, quote=False)


def size_text(size: int) -> Message:
    """A size as a person reads it, in the reader's numbers: 64 KB, 5 MB, 560.8 MB (560,8 MB)."""
    if size < MB:
        return _.later("{size:n} KB", size=round(size / 1024))
    if size % MB == 0:
        return _.later("{size:n} MB", size=size // MB)
    return _.later("{size:n1} MB", size=round(size / MB, 1))


def _broken_link(path: Path) -> tuple[str, str] | None:
    """("loop" or "missing", the link's target) when ``path`` is a link that cannot be followed."""
    try:
        if not path.is_symlink():
            return None
        target = os.readlink(path)
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "loop", target
        if exc.errno == errno.ENOENT:
            return "missing", target
    return None


def link_problem(path: Path, root: Path) -> Message | None:
    """Why the symbolic link ``path`` cannot be followed (it leads nowhere, in a loop, or out of
    the data folder ``root``) and how to fix it; None for anything else.
    """
    broken = _broken_link(path)
    if broken is not None:
        state, target = broken
        if state == "loop":
            return _.later("a symbolic link to {target} that leads back to itself (a loop); "
                           "remove the link and put the folder or file itself in its place",
                           target=_path(target))
        return _.later("a symbolic link to {target}, which does not exist; remove the link "
                       "and put the folder or file itself in its place", target=_path(target))
    if not path.is_symlink():
        return None
    inside = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([inside, real]) != inside:
        return _.later("a symbolic link to {target}, outside the data folder; Normbook reads "
                       "nothing outside it: copy the file or folder in, in place of the link",
                       target=_path(real))
    return None


def root_problem(root: Path) -> Message | None:
    """Why the data folder ``root`` itself is unusable (a file, a broken link, unreadable), or
    None when it is a folder or does not exist yet (it is created when something is added)."""
    where = _path(root)
    broken = _broken_link(root)
    if broken is not None and broken[0] == "loop":
        return _.later("the data folder {where} is a symbolic link to {target} that leads "
                       "back to itself (a loop); remove the link, or point NORMBOOK_DATA or "
                       "--data at a folder", where=where, target=_path(broken[1]))
    if broken is not None:
        return _.later("the data folder {where} is a symbolic link to {target}, which does "
                       "not exist; create that folder, or point NORMBOOK_DATA or --data at a "
                       "folder", where=where, target=_path(broken[1]))
    try:
        info = os.stat(root)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _.later("the data folder {where} cannot be read ({why}); check its "
                       "permissions, or point NORMBOOK_DATA or --data at another folder",
                       where=where, why=os_reason(exc))
    if not stat.S_ISDIR(info.st_mode):
        return _.later("{where} is a file, not a folder; point NORMBOOK_DATA or --data at a "
                       "folder (it is created when something is added)", where=where)
    return None


def entries(folder: Path, limit: int = MAX_ENTRIES) -> tuple[list[Path], bool]:
    """The entries of ``folder`` in name order, at most ``limit``, and whether there were more.

    Raises:
        OSError: the folder cannot be listed.
    """
    with os.scandir(folder) as found:
        names = [e.name for e in itertools.islice(found, limit + 1)]
    return [folder / n for n in sorted(names[:limit])], len(names) > limit


def name_problem(name: str) -> Message | None:
    """Why ``name`` (of a file or folder in the data folder) cannot be shown or used as it is."""
    if has_control(name):
        return _.later("its name holds control characters; rename it or move it out of the "
                       "data folder")
    if len(name) > MAX_NAME:
        return _.later("its name is {length:n} characters long, more than the {most} of any "
                       "file or addition Normbook writes; move it out of the data folder",
                       length=len(name), most=MAX_NAME)
    return None


def size_problem(path: Path, limit: int) -> Message | None:
    """Why the file ``path`` is too large to read (more than ``limit`` bytes), or None."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the read that follows reports it
    if size <= limit:
        return None
    return _.later("{size}, more than the {limit} a file of the data folder may hold; it is "
                   "not one Normbook wrote: move it out of the data folder",
                   size=size_text(size), limit=size_text(limit))


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, read no further than ``limit`` (a file that grows while read).

    Raises:
        ValueError: the file holds more than ``limit`` bytes.
        OSError: it cannot be read.
    """
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(_.later("more than the {limit} a file of the data folder may hold",
                                 limit=size_text(limit)))
    return data
