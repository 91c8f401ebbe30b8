"""One error hierarchy for the whole package.

Every error says what was asked, what exists and what to do. Each class also inherits the
matching builtin so callers can catch ``LookupError`` or ``ValueError`` as usual.
"""

from __future__ import annotations


class NormError(Exception):
    """Base class of every error Normbook raises on purpose."""

    #: Short Excel-style code used by the add-in ("#N/A", "#VALUE!").
    excel_code = "#VALUE!"


class UnknownAppendix(NormError, LookupError):
    """The appendix asked for is not one of I..XXXI."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        span = f"{known[0]}..{known[-1]}" if known else "none"
        super().__init__(
            f"unknown appendix {asked!r}; the circular has {span} "
            f"(a Roman numeral or 1-{len(known)})"
        )


class UnknownComponent(NormError, LookupError):
    """The component asked for is not labour, equipment, material..."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(f"unknown component {asked!r}; use one of {', '.join(known)}")


class UnknownItem(NormError, LookupError):
    """No equipment or material of that name in the appendix."""

    excel_code = "#N/A"

    def __init__(self, asked: str, appendix: str, table: str, known: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.table = table
        self.known = known
        shown = "; ".join(known[:8]) + ("; ..." if len(known) > 8 else "")
        super().__init__(
            f"no {table} item {asked!r} in appendix {appendix}; it lists: {shown}"
        )


class AmbiguousItem(NormError, LookupError):
    """An item name matches several items; the candidates are listed."""

    excel_code = "#N/A"

    def __init__(self, asked: str, appendix: str, candidates: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.candidates = candidates
        super().__init__(
            f"item {asked!r} is ambiguous in appendix {appendix}: "
            f"{'; '.join(candidates)}; give more of the name"
        )


class UnknownWork(NormError, LookupError):
    """The work item number does not exist in the appendix."""

    excel_code = "#N/A"

    def __init__(self, asked: object, appendix: str, known: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.known = known
        super().__init__(
            f"appendix {appendix} has no work {asked!r}; its works are {', '.join(known)}"
        )


class LabClassRequired(NormError, ValueError):
    """The answer depends on the laboratory class (PTN loại 1 / 2) and none was given."""

    excel_code = "#N/A"

    def __init__(self, appendix: str, choices: tuple[str, ...]):
        self.appendix = appendix
        self.choices = choices
        super().__init__(
            f"appendix {appendix} gives alternative lines per lab class; "
            f"pass variant={' or '.join(repr(c) for c in choices)}"
        )


class UnknownVariant(NormError, ValueError):
    """The variant is not a lab class the appendix knows."""

    excel_code = "#N/A"

    def __init__(self, asked: object, appendix: str, choices: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.choices = choices
        if choices:
            hint = f"use {' or '.join(repr(c) for c in choices)}"
        else:
            hint = "this appendix has no lab-class alternatives; leave variant empty"
        super().__init__(f"unknown variant {asked!r} for appendix {appendix}; {hint}")


class NotInSource(NormError, LookupError):
    """The circular does not give a number for what was asked (a note, a gap, a cut-off)."""

    excel_code = "#N/A"

    def __init__(self, message: str, lines: tuple[int, ...] = ()):
        self.lines = lines
        super().__init__(message)


class BadArgument(NormError, ValueError):
    """An argument has the wrong type or shape."""

    excel_code = "#VALUE!"


class ErrorValueArgument(NormError, ValueError):
    """An argument is an Excel error value (a cell showing ``#DIV/0!``): the error propagates.

    Excel's own functions pass an error argument on; so do ours, instead of reading the error
    cell as empty and answering for a different question.
    """

    #: Codes that come back as they came in; anything newer (``#SPILL!``...) becomes #VALUE!.
    PROPAGATED = ("#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#REF!")

    def __init__(self, argument: str, code: str):
        self.argument = argument
        self.code = code
        self.excel_code = code if code in self.PROPAGATED else "#VALUE!"
        super().__init__(f"{argument} is the error value {code}; fix the cell it comes from")


class OutputExists(NormError, ValueError):
    """The output file exists and ``force`` was not given: nothing is overwritten silently."""

    excel_code = "#VALUE!"

    def __init__(self, paths: object):
        many = isinstance(paths, (list, tuple, set))
        self.paths = list(paths) if many else [paths]
        self.path = self.paths[0] if self.paths else None
        if len(self.paths) == 1:
            message = f"{self.path} already exists"
        else:
            shown = ", ".join(str(p) for p in self.paths[:5])
            more = f" and {len(self.paths) - 5} more" if len(self.paths) > 5 else ""
            message = f"{len(self.paths)} output files exist already: {shown}{more}"
        super().__init__(f"{message}; pass --force (force=True) to replace "
                         f"{'it' if len(self.paths) == 1 else 'them'}")


class DataError(NormError, ValueError):
    """The shipped or extracted data breaks an invariant (a bug in the data, not in the input)."""


class ExtractError(NormError, ValueError):
    """The circular's text does not have the shape the extractor expects."""
