"""What a check finds: a flag with its severity, place, and reason."""

from __future__ import annotations

from dataclasses import dataclass

#: From the most to the least serious.
CHANGES = "changes an amount"
MAY_CHANGE = "may change an amount"
WORDING = "wording only"
SEVERITIES = (CHANGES, MAY_CHANGE, WORDING)


@dataclass(frozen=True)
class Flag:
    """One figure or name of the circular a reviewer would question.

    Attributes:
        check: the rule that raised it (units, full_year, slipped_digit, split_name ...).
        severity: one of SEVERITIES.
        appendix: the appendix (Roman numeral).
        section: labour, equipment or materials.
        works: the works it touches, as the circular numbers them.
        items: the items it touches (names as written).
        lines: the source lines behind it.
        detail: what looks wrong and why, in a sentence.
    """

    check: str
    severity: str
    appendix: str
    section: str
    works: tuple[str, ...]
    items: tuple[str, ...]
    lines: tuple[int, ...]
    detail: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")

    def as_dict(self) -> dict:
        return {"check": self.check, "severity": self.severity, "appendix": self.appendix,
                "section": self.section, "works": list(self.works), "items": list(self.items),
                "lines": list(self.lines), "detail": self.detail}
