"""The user data folder's lock, and the signals a change of the folder holds off.

One ``normbook data`` run changes the folder at a time: it holds ``.normbook.lock`` at the
folder's top exclusively (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), and the
system releases the lock when the process ends, however it ends.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

LOCK = ".normbook.lock"


class FolderLock:
    """The folder's lock file, held exclusively; the system releases it when the process ends."""

    def __init__(self, root: Path):
        self._fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        self._held = False

    def take(self) -> bool:
        """Take the lock if no one holds it; False if another process (or thread) does."""
        try:
            if os.name == "nt":
                import msvcrt

                os.lseek(self._fd, 0, os.SEEK_SET)
                msvcrt.locking(self._fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError on POSIX, PermissionError on Windows: held
            return False
        self._held = True
        return True

    def close(self) -> None:
        """Release the lock and close the file (POSIX releases on close; Windows is told)."""
        try:
            if self._held and os.name == "nt":
                import msvcrt

                os.lseek(self._fd, 0, os.SEEK_SET)
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        finally:
            self._held = False
            os.close(self._fd)


def take(root: Path, wait: float) -> FolderLock | None:
    """The folder's lock, waiting up to ``wait`` seconds; None if another run holds it."""
    lock = FolderLock(root)
    deadline, pause = time.monotonic() + wait, 0.002
    while not lock.take():
        if time.monotonic() >= deadline:
            lock.close()
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return lock


class Interrupted(BaseException):
    """SIGINT or SIGTERM before the journal was written: the change is given up.

    A BaseException, so that no ``except Exception`` of the staging code swallows it.
    """

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


class Signals:
    """SIGINT and SIGTERM during a change: it stops before the journal and waits after it."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.deferring = False
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread receives signals (and may set their handlers)
        for name in ("SIGINT", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                self._previous[number] = signal.signal(number, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        if self.received is None:
            self.received = signum
        if not self.deferring:
            self.deferring = True  # one interruption: the clean-up after it runs whole
            raise Interrupted(signum)

    def stop_if_received(self) -> None:
        """Leave deferring: a signal that came meanwhile stops the change now."""
        if self.received is not None:
            raise Interrupted(self.received)
        self.deferring = False

    def restore(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        self._previous.clear()

    def redeliver(self) -> None:
        """Hand the signal to the handler there was before (the process's usual exit)."""
        if self.received is None:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        signal.raise_signal(self.received)
        raise SystemExit(128 + self.received)  # its handler returned: stop all the same
