"""Writing output files: atomically, never over an existing file unless asked to."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputExists
from ..outputs import save_atomic

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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


#: openpyxl stamps the save time into docProps/core.xml whatever the workbook says.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps (members, core properties): same content, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()
