"""Errors of the user data folder: every problem with the file, sheet, row and column."""

from __future__ import annotations

from ..errors import NormError


class UserDataError(NormError, ValueError):
    """A user's data file, or the user data folder, holds something Normbook cannot use.

    ``problems`` lists every problem found, each already naming its place; nothing was added.
    """

    excel_code = "#N/A"

    def __init__(self, summary: str, problems: list[str] | tuple[str, ...] = ()):
        self.summary = summary
        self.problems = tuple(problems)
        lines = [summary, *(f"  {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


class BrokenFolder(UserDataError):
    """A file in the user data folder was changed (by hand) into something invalid."""

    def __init__(self, folder: object, kind: str, problems: list[str]):
        self.folder = folder
        self.kind = kind
        super().__init__(
            f"the user data folder {folder} has {len(problems)} problem(s) in its {kind} "
            f"data; fix the file(s), or take the addition out with `normbook data remove "
            f"{kind} NAME` (it is kept aside), then try again", problems)
