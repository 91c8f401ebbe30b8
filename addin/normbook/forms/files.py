"""Writing output files: atomically, never over an existing file unless asked to."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..docx_parts import fixed_zip as fixed_zip  # re-exported for the batch
from ..errors import OutputExists
from ..outputs import save_atomic


def refuse_existing(paths: Iterable[Path], *, force: bool) -> None:
    """Raise :class:`OutputExists` naming every path that exists, unless ``force``."""
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        raise OutputExists(existing)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (outputs.save_atomic).

    The caller has already refused existing outputs (:func:`refuse_existing`) for the batch.
    """
    path = Path(path)
    save_atomic(lambda temp: Path(temp).write_bytes(data), path, suffix=path.suffix.lower(),
                force=True)


