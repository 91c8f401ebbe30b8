"""``normbook data export``: every addition in one zip for a colleague, checked first by each
kind's own loader (an addition edited by hand into invalid data is not exported)."""

from __future__ import annotations

from pathlib import Path

from ..i18n import Domain
from ..userdata import manage
from ..userdata.errors import UserDataError
from ..userdata.folder import KINDS
from .status import load_problems

_ = Domain(__name__)


def export(output: Path | str, *, force: bool = False) -> tuple[Path, int]:
    """Write the folder's additions to ``output`` (.zip); returns it and how many additions.

    Raises:
        UserDataError: the folder has a problem (fix it first: an export is checked data).
        OutputExists: ``output`` exists and ``force`` is false.
    """
    for kind in KINDS:
        problems = load_problems(kind)  # the folder layer's problems are among them
        if problems:
            raise UserDataError(_.later("the {kind} data of the folder has problems; fix them "
                                        "first", kind=kind), problems)
    return manage.export(output, force=force)
