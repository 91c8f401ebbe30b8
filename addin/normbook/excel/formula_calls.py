"""Find Normbook calls in an Excel formula, read their arguments, and write values back in.

The parsing half of ``normbook freeze``; it knows formulas, not workbooks. openpyxl's
:class:`~openpyxl.formula.tokenizer.Tokenizer` splits a formula into tokens; a call is a
``FUNC OPEN`` token whose name is a Normbook function in one of the spellings a file can hold:

- ``NORM(`` / ``norm(``: classic xlwings (a VBA wrapper named like the Python function;
  LibreOffice also lower-cases a function it does not know when it saves a file);
- ``XLWINGS.NORM(``: an Office.js custom function (xlwings Server or Lite) as Excel shows it,
  ``NAMESPACE.NAME``, with the namespace the add-in's manifest chooses and, optionally, a
  sub-namespace from ``@func(namespace=...)``;
- ``_xldudf_XLWINGS_NORM(``: the same function as Excel *stores* it in the file's XML while
  the add-in is not loaded (the dots become underscores); a broken add-in link can prefix it
  with a workbook, ``[2]!_xldudf_...`` or ``Book.xla!_xldudf_...``;
- ``_xll.NORM(``: the prefix Excel writes for functions it believes come from an XLL.

Any namespace is accepted, because the add-in's manifest, not Normbook, chooses it. Names that
Excel assigns when it cannot identify the add-in at all (``_xldudf_96323233322223``) carry no
function name and cannot be recognised. ``_xlfn.`` names are Excel's own newer functions
(``_xlfn.NORM.DIST``) and never match.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.formula.tokenizer import Token, Tokenizer

from ..i18n import Domain

#: Excel's limit for a text constant inside a formula.
MAX_TEXT_LITERAL = 255
#: Excel's limit for the length of a formula.
MAX_FORMULA = 8192
#: The error values a formula can hold as constants, in Excel and LibreOffice alike
#: (``=IFERROR(#N/A,0)``); newer ones such as ``#SPILL!`` have no constant form.
ERROR_LITERALS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")

_ = Domain(__name__)

_CELL = r"[A-Z]{1,3}[1-9][0-9]{0,6}"
_CELL_RE = re.compile(_CELL)
_RANGE_RE = re.compile(f"({_CELL}):({_CELL})")
_NAME_RE = re.compile(r"[A-Za-z_\\][A-Za-z0-9_.\\]*")


@dataclass(frozen=True)
class Arg:
    """One argument of a call, classified.

    ``kind`` is one of ``empty`` (omitted), ``literal`` (``value`` holds it), ``cell`` or
    ``range`` (``sheet`` is None for the formula's own sheet, ``ref`` is ``B3`` or ``B3:C4``
    without ``$``), ``name`` (a defined name, in ``ref``), ``call`` (a nested Normbook call,
    in ``value``) and ``other`` (an expression; ``detail`` says what it is).
    """

    kind: str
    text: str
    value: object = None
    sheet: str | None = None
    ref: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Call:
    """A Normbook call: canonical name, the spelling found, its token span and arguments."""

    name: str
    spelled: str
    start: int
    stop: int
    args: tuple[Arg, ...]

    @property
    def intersects(self) -> bool:
        """``@NORM_TABLE(...)``: Excel's implicit intersection, the first value, no spill."""
        return self.spelled.startswith("@")


@dataclass(frozen=True)
class ParsedFormula:
    """A formula's tokens and its outermost Normbook calls, in order."""

    text: str
    tokens: tuple[Token, ...]
    calls: tuple[Call, ...]

    def whole_call(self) -> tuple[Call | None, bool]:
        """The call that *is* the formula (``=NORM(...)``, ``=+NORM(...)``), or None.

        The flag is True for ``=@NORM(...)``: Excel's implicit intersection, which shows the
        first value of an array instead of spilling it. (Excel stores that as
        ``_xlfn.SINGLE(NORM(...))``, which is an ordinary call embedded in a formula.)
        """
        if len(self.calls) != 1:
            return None, False
        call = self.calls[0]
        rest = [(i, t) for i, t in enumerate(self.tokens)
                if not call.start <= i <= call.stop and t.type != Token.WSPACE]
        if not rest:
            return call, call.intersects
        if len(rest) == 1:
            i, token = rest[0]
            if i < call.start and token.type == Token.OP_PRE and token.value in ("+", "@"):
                return call, call.intersects or token.value == "@"
        return None, False


def function_name(spelled: str, names: Iterable[str]) -> str | None:
    """The Normbook function a spelled name denotes (``_xldudf_XLWINGS_NORM`` -> ``NORM``).

    ``names`` are the upper-case function names; the longest one that fits wins, so
    ``_xldudf_NORM_TABLE`` is NORM_TABLE, not a function TABLE in a namespace NORM.
    """
    known = {n.upper() for n in names}
    name = spelled.upper().rsplit("!", 1)[-1].lstrip("@")
    if name.startswith("_XLFN."):
        return None
    if name.startswith("_XLL."):
        name = name[len("_XLL."):]
    if name.startswith("_XLDUDF_"):
        name = name[len("_XLDUDF_"):]
        fits = [n for n in known if name == n or name.endswith("_" + n)]
        return max(fits, key=len) if fits else None
    name = name.rsplit(".", 1)[-1]
    return name if name in known else None


def mentions(formula: str, names: Iterable[str]) -> bool:
    """A cheap test before tokenizing: does any of the names occur in the text at all?"""
    upper = formula.upper()
    return any(n.upper() in upper for n in names)


def parse(formula: str, names: Iterable[str]) -> ParsedFormula:
    """Tokenize ``formula`` and find its outermost Normbook calls.

    Raises:
        openpyxl.formula.tokenizer.TokenizerError: the formula is malformed.
    """
    names = tuple(names)
    tokens = tuple(Tokenizer(formula).items)
    calls = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name = function_name(token.value[:-1], names)
            if name is not None:
                call = _read_call(tokens, i, name, names)
                calls.append(call)
                i = call.stop + 1
                continue
        i += 1
    return ParsedFormula(formula, tokens, tuple(calls))


def _read_call(tokens: tuple[Token, ...], start: int, name: str,
               names: tuple[str, ...]) -> Call:
    args: list[Arg] = []
    current: list[int] = []
    depth = 0
    separators = 0
    for i in range(start + 1, len(tokens)):
        token = tokens[i]
        if depth == 0 and token.type == Token.SEP and token.subtype == Token.ARG:
            args.append(_classify(tokens, current, names))
            current = []
            separators += 1
            continue
        if depth == 0 and token.type == Token.FUNC and token.subtype == Token.CLOSE:
            args.append(_classify(tokens, current, names))
            if separators == 0 and args[0].kind == "empty":
                args = []  # NORM_APPENDICES(): no argument, not one empty one
            return Call(name, tokens[start].value[:-1], start, i, tuple(args))
        if token.subtype == Token.OPEN:
            depth += 1
        elif token.subtype == Token.CLOSE:
            depth -= 1
        current.append(i)
    raise ValueError(_.later("unbalanced parentheses after {token}", token=tokens[start].value))


def _classify(tokens: tuple[Token, ...], indices: list[int], names: tuple[str, ...]) -> Arg:
    """One argument's tokens as an :class:`Arg`."""
    kept = [i for i in indices if tokens[i].type != Token.WSPACE]
    text = "".join(tokens[i].value for i in indices).strip()
    if not kept:
        return Arg("empty", text)
    first = tokens[kept[0]]
    if first.type == Token.FUNC and first.subtype == Token.OPEN:
        name = function_name(first.value[:-1], names)
        if name is not None:
            call = _read_call(tokens, kept[0], name, names)
            if call.stop == kept[-1]:
                return Arg("call", text, value=call)
        return Arg("other", text, detail="an expression")
    if len(kept) == 2 and first.type == Token.OP_PRE and first.value in "+-":
        second = tokens[kept[1]]
        if second.type == Token.OPERAND and second.subtype == Token.NUMBER:
            number = _number(second.value)
            return Arg("literal", text, value=-number if first.value == "-" else number)
    if len(kept) != 1 or first.type != Token.OPERAND:
        return Arg("other", text, detail="an expression")
    if first.subtype == Token.TEXT:
        return Arg("literal", text, value=first.value[1:-1].replace('""', '"'))
    if first.subtype == Token.NUMBER:
        return Arg("literal", text, value=_number(first.value))
    if first.subtype == Token.LOGICAL:
        return Arg("literal", text, value=first.value.upper() == "TRUE")
    if first.subtype == Token.ERROR:  # handed over as its code, like an error cell
        return Arg("literal", text, value=first.value.upper())
    return _reference(first.value)


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _reference(text: str) -> Arg:
    """A RANGE operand: a cell, a range, a defined name, or something that is neither."""
    sheet = None
    ref = text
    if "!" in text:
        sheet, ref = text.rsplit("!", 1)
        if sheet.startswith("'") and sheet.endswith("'") and len(sheet) >= 2:
            sheet = sheet[1:-1].replace("''", "'")
        if sheet.startswith("[") or "[" in sheet:
            return Arg("other", text, detail="a reference to another workbook")
        if ":" in sheet:
            return Arg("other", text, detail="a reference across several sheets")
    plain = ref.replace("$", "").upper()
    if _CELL_RE.fullmatch(plain):
        return Arg("cell", text, sheet=sheet, ref=plain)
    both = _RANGE_RE.fullmatch(plain)
    if both:
        if both.group(1) == both.group(2):
            return Arg("cell", text, sheet=sheet, ref=both.group(1))
        return Arg("range", text, sheet=sheet, ref=plain)
    if sheet is None and _NAME_RE.fullmatch(ref):
        return Arg("name", text, ref=ref)
    return Arg("other", text, detail="a whole row or column, or a table reference")


# ---- writing values back -----------------------------------------------------------------

@dataclass(frozen=True)
class ErrorValue:
    """An Excel error value such as ``#N/A``: :func:`literal` writes it as an error, not text.

    A quoted ``"#N/A"`` would be a text, and ``IFERROR``/``ISNA`` around it would no longer
    see an error.
    """

    code: str


def literal(value: object) -> str:
    """A value as a formula constant: ``308``, ``(-1.5)``, ``"text"``, ``#N/A``, ``{1,2;3,4}``.

    An array with error values is written as the constant with the errors laid over it,
    ``IF({FALSE,TRUE},#N/A,{5,""})``: Excel allows ``{5,#N/A}``, but LibreOffice's inline
    arrays hold numbers, text and logical values only (an error there makes the whole formula
    an error). Such a formula must be evaluated as an array formula (see
    :func:`has_error_values`), or Excel versions before dynamic arrays would read only the
    first value of the mask.

    Raises:
        ValueError: the value cannot be written into a formula (text over 255 characters,
            NaN, an error without a constant form, an unknown type).
    """
    if not isinstance(value, list):
        return _scalar_literal(value, in_array=False)
    rows = [row if isinstance(row, list) else [row] for row in value]
    codes = dict.fromkeys(v.code for row in rows for v in row if isinstance(v, ErrorValue))
    text = _array_literal([[None if isinstance(v, ErrorValue) else v for v in row]
                           for row in rows])
    for code in reversed(codes):  # the first error code is the outermost IF
        mask = [[isinstance(v, ErrorValue) and v.code == code for v in row] for row in rows]
        text = f"IF({_array_literal(mask)},{_scalar_literal(ErrorValue(code), in_array=False)}," \
               f"{text})"
    return text


def has_error_values(value: object) -> bool:
    """Whether :func:`literal` writes ``value`` with errors laid over an array constant."""
    return isinstance(value, list) and any(
        isinstance(v, ErrorValue) for row in value
        for v in (row if isinstance(row, list) else [row]))


def _array_literal(rows: list[list[object]]) -> str:
    return "{" + ";".join(",".join(_scalar_literal(v, in_array=True) for v in row)
                          for row in rows) + "}"


def _scalar_literal(value: object, *, in_array: bool) -> str:
    if value is None:
        return '""'
    if isinstance(value, ErrorValue):
        if value.code not in ERROR_LITERALS:
            raise ValueError(_.later("the error {code}, which a formula cannot hold as a "
                                     "constant", code=value.code))
        return value.code
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        from openpyxl.utils.datetime import to_excel

        value = to_excel(value)
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(_.later("{value} is not a number Excel can hold",
                                     value=repr(value)))
        text = str(int(number)) if number.is_integer() and abs(number) < 1e15 \
            else repr(number).upper()
        # (-3) so that 2-NORM(...) becomes 2-(-3), not 2--3; array constants allow no brackets
        return f"({text})" if number < 0 and not in_array else text
    if isinstance(value, str):
        if len(value) > MAX_TEXT_LITERAL:
            raise ValueError(_.later("a text of {length} characters; a formula can hold at "
                                     "most {limit}", length=len(value), limit=MAX_TEXT_LITERAL))
        return '"' + value.replace('"', '""') + '"'
    raise ValueError(_.later("a {kind} value, which a formula cannot hold",
                             kind=type(value).__name__))


def substitute(parsed: ParsedFormula, literals: Mapping[int, str]) -> str:
    """The formula with each call (keyed by its start token) replaced by its literal."""
    spans = {c.start: c for c in parsed.calls}
    out = []
    i = 0
    while i < len(parsed.tokens):
        call = spans.get(i)
        if call is not None and call.start in literals:
            out.append(literals[call.start])
            i = call.stop + 1
            continue
        out.append(parsed.tokens[i].value)
        i += 1
    return "=" + "".join(out)
