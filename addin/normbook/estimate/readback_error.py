"""The error of reading an estimate workbook back: what is wrong, and where (file, sheet, cell)."""

from __future__ import annotations

from ..errors import NormError
from ..i18n import Domain, Message

_ = Domain(__name__)


class NotAnEstimate(NormError, ValueError):
    """The file is not an estimate workbook Normbook wrote, or an input cell is unusable.

    Attributes:
        where: the file, sheet and cell the problem is in ("" when it is the whole file).
    """

    def __init__(self, message: Message | str, *, where: Message | str = ""):
        self.where = where
        super().__init__(_.later("{where}: {message}", where=where, message=message) if where
                         else message)
