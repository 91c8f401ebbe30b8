"""The works an appendix's introduction lists ("Nội dung dịch vụ … gồm các công việc: - …"),
as written, so a check can hold them against the works of the tables."""

from __future__ import annotations

from .raw import IntroItem

LIST_MARK = "gồm các công việc"


def read_introduction(appendix: str, heading) -> list[IntroItem]:
    """The bulleted items after the list's lead-in, in order; none when there is no list."""
    items: list[IntroItem] = []
    started = False
    for cell in heading:
        text = cell.text.strip()
        if not started:
            started = LIST_MARK in text and text.rstrip().endswith(":")
            continue
        if not text:
            continue
        if not text.startswith(("-", "–", "+")):
            break  # the list ends at the first line that is not an item
        items.append(IntroItem(appendix, len(items) + 1, text.lstrip("-–+ ").strip(),
                               cell.line))
    return items
