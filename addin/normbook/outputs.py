"""Write an output file atomically and never over an existing one unless forced.

Every command that writes a file goes through :func:`save_atomic`: a reader never sees a
half-written file, a failed write leaves nothing behind, an existing file stays unless forced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import BadArgument, OutputExists

__all__ = ["OutputExists", "save_atomic"]


def save_atomic(write: Callable[[str], None], output: Path | str, *, suffix: str,
                force: bool = False) -> Path:
    """Call ``write(temp_path)`` for a temporary file beside ``output``, then rename it over.

    A reader never sees a half-written file, and a failed write leaves no file behind.

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
        BadArgument: ``output`` does not end in ``suffix`` (".xlsx", ".docx").
        FileNotFoundError: the folder does not exist.
    """
    output = Path(output)
    if output.is_dir():
        raise BadArgument(f"{output} is a folder; give the name of the file to write")
    if output.suffix.lower() != suffix:
        raise BadArgument(f"{output}: the file must end in {suffix} (the programs that "
                          f"open it go by the extension)")
    if output.exists() and not force:
        raise OutputExists(output)
    if not output.parent.is_dir():
        raise FileNotFoundError(f"{output.parent}: no such folder for {output.name}")
    handle, temp = tempfile.mkstemp(prefix=f".{output.stem}-", suffix=suffix, dir=output.parent)
    os.close(handle)
    try:
        write(temp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)  # mkstemp makes the file private; a saved file is not
        os.replace(temp, output)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return output
