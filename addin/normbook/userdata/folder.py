"""Where users' additions to the reference data live: one folder, found the same way everywhere.

Precedence, first that is set: ``--data DIR`` (the command line calls :func:`use`), the
environment variable ``NORMBOOK_DATA`` (an institute can point everyone at one shared drive),
the platform's user data folder (``platformdirs``). xlwings Lite runs in the browser and cannot
reach the user's disk, so there the folder is None and only the shipped data is used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..i18n import Domain

_ = Domain(__name__)

ENV = "NORMBOOK_DATA"
#: The datasets a user can add to, each a sub-folder of the data folder.
KINDS = ("exams", "wages", "holidays")
#: Where ``--replace`` and ``remove`` keep what they take out, so nothing is lost.
ASIDE = "replaced"

_override: Path | None = None


def use(path: str | os.PathLike | None) -> None:
    """Use ``path`` as the data folder from now on (``--data DIR``); None goes back to default."""
    global _override
    if path is not None and not str(path).strip():
        from ..errors import BadArgument

        raise BadArgument(_.later("--data needs a folder; leave it out to use NORMBOOK_DATA or "
                                  "the platform's user data folder"))
    if path is not None:
        _check_path(str(path), "--data")
    _override = Path(path) if path is not None else None


def _check_path(text: str, given_by: str) -> None:
    """Refuse a folder path no one means: one with control characters (a line break pasted
    with it) would create a folder named so.

    Raises:
        BadArgument: naming where the path came from.
    """
    from ..errors import shown
    from .guard import has_control

    if has_control(text):
        from ..errors import SHOWN_PATH_LIMIT, BadArgument

        raise BadArgument(_.later("{given_by} {path}: the folder path holds a control "
                                  "character (a line break or tab pasted with it?); give the "
                                  "path alone", given_by=given_by,
                                  path=shown(text, SHOWN_PATH_LIMIT)))


def _expanded(text: str) -> Path:
    """``NORMBOOK_DATA`` with ``~`` or ``~user`` expanded.

    Raises:
        BadArgument: the user is unknown, or no home folder is set.
    """
    try:
        return Path(text).expanduser()
    except RuntimeError:  # pathlib's way of saying ~user has no home here
        from ..errors import SHOWN_PATH_LIMIT, BadArgument, shown

        raise BadArgument(_.later("{variable} {path}: its ~ names no user with a home folder "
                                  "on this computer; give the folder's full path", variable=ENV,
                                  path=shown(text, SHOWN_PATH_LIMIT))) from None


def in_browser() -> bool:
    """True in xlwings Lite (Pyodide): no user folder there."""
    return sys.platform == "emscripten"


def data_dir() -> Path | None:
    """The data folder in force (it may not exist yet: an empty or missing folder adds nothing).

    None in xlwings Lite, which cannot read the user's disk.

    Raises:
        BadArgument: ``NORMBOOK_DATA`` holds a control character or a ``~user`` unknown here.
    """
    if _override is not None:
        return _override
    if in_browser():
        return None
    env = os.environ.get(ENV, "").strip()
    if env:
        _check_path(env, ENV)
        return _expanded(env)
    import platformdirs  # only when no folder is named: the CLI and Excel start fast

    return Path(platformdirs.user_data_dir("normbook", appauthor=False))


def where() -> str:
    """How the folder was chosen, for status: '--data', 'NORMBOOK_DATA', or the words for the
    platform's default (or xlwings Lite's none) in the current language."""
    if _override is not None:
        return "--data"
    if in_browser():
        return _("xlwings Lite (no user folder)")
    return ENV if os.environ.get(ENV, "").strip() else _("platform default")


def fingerprint(kind: str) -> tuple:
    """What the loaders' caches are keyed by: the folder and each entry's path, size, mtime and
    inode (a folder: its inode).

    Adding, editing or removing a file changes it, and so does replacing an addition by one
    with the same file names, sizes and times (the new folder and files are new inodes), so a
    cached dataset is never stale and an addition takes effect without restarting Excel.
    Staged additions (``.tmp-*``) are left out: no loader reads them. Costs one directory walk
    (tens of microseconds for a folder of a few additions; every Excel call pays it).
    """
    return fingerprint_at(data_dir(), kind)


def fingerprint_at(root: Path | None, kind: str) -> tuple:
    """:func:`fingerprint` of the data folder ``root`` (a caller that has it looks it up once)."""
    if root is None:
        return (None,)
    base = os.path.join(root, kind)
    entries: list[tuple] = []
    _walk(base, "", entries)
    return (base, tuple(entries))


def _walk(folder: str, prefix: str, out: list[tuple]) -> None:
    try:
        with os.scandir(folder) as found:
            items = sorted(found, key=lambda e: e.name)
    except OSError:
        return  # missing (nothing added yet) or unreadable: the loader reports the latter
    for entry in items:
        if not prefix and entry.name.startswith(".tmp-"):
            continue  # an addition being staged (store.TEMP_PREFIX): not read until it is in
        name = prefix + entry.name
        try:
            if entry.is_dir(follow_symlinks=False):  # a linked folder is never walked
                # the inode comes with the listing on POSIX (one call per folder on Windows)
                out.append((name + "/", entry.inode(), 0))
                _walk(entry.path, name + "/", out)
            else:
                st = entry.stat()
                out.append((name, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            out.append((name, -1, -1))
