"""Operators bounded before they compute: ``*``, ``**``, ``+``, ``%`` and ``str.format``."""

from __future__ import annotations

import re

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from ..i18n import Domain
from .limits import MAX_INT_BITS, MAX_REPEAT, MAX_STRING, TemplateLimit
from .sizes import _int, _too_long, check_items, check_length, text_size

_ = Domain(__name__)


def check_binop(operator: str, left, right) -> None:
    """Refuse an operator whose result would be too big, before computing it.

    Raises:
        TemplateLimit: a repetition over :data:`MAX_REPEAT` items, an integer over
            :data:`MAX_INT_BITS` bits, a string over :data:`MAX_STRING` characters, a list
            over :data:`MAX_ITEMS` items.
    """
    def whole(x) -> bool:
        return isinstance(x, int)  # bool too: True * 'x' is 'x'

    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | bytes | list | tuple) and whole(times):
                if len(seq) * times > MAX_REPEAT:
                    raise TemplateLimit(_.many_later(
                        "repeating {n:n} item {times:n} times is too long: at most {most:n} "
                        "items", "repeating {n:n} items {times:n} times is too long: at most "
                        "{most:n} items", len(seq), times=times, most=MAX_REPEAT))
                return
        if whole(left) and whole(right) and (abs(left).bit_length() + abs(right).bit_length()
                                             > MAX_INT_BITS):
            raise TemplateLimit(_.later("the product is too large: at most {most:n} bits",
                                        most=MAX_INT_BITS))
    elif (operator == "**" and whole(left) and whole(right) and right > 0 and abs(left) > 1
          and abs(left).bit_length() * right > MAX_INT_BITS):
        raise TemplateLimit(_.later("{left} ** {right} is too large: at most {most:n} bits",
                                    left=left, right=right, most=MAX_INT_BITS))
    elif operator == "+":
        if isinstance(left, str | bytes) and isinstance(right, str | bytes):
            check_length(len(left) + len(right))
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            check_items(len(left) + len(right))
    elif operator == "%" and isinstance(left, str | bytes):
        check_printf(left, right)


def _digits(text: str, i: int) -> tuple[int | str | None, int]:
    """A printf width or precision at ``text[i]``: a number, '*' or None; and what follows."""
    if i < len(text) and text[i] == "*":
        return "*", i + 1
    j = i
    while j < len(text) and "0" <= text[j] <= "9":
        j += 1
    if j == i:
        return None, j
    return (int(text[i:j]) if j - i <= 12 else 10 ** 12), j


def printf_specs(text: str) -> list[tuple[str | None, object, object, str]]:
    """The conversions of a printf-style format: (mapping key, width, precision, type),
    as Python's ``%`` reads them (a key may hold balanced parentheses)."""
    specs = []
    i, n = 0, len(text)
    while True:
        i = text.find("%", i)
        if i < 0 or i + 1 >= n:
            return specs
        i += 1
        key = None
        if text[i] == "(":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            key, i = text[i + 1:j - 1], j
        while i < n and text[i] in "-+ #0":
            i += 1
        width, i = _digits(text, i)
        precision = None
        if i < n and text[i] == ".":
            precision, i = _digits(text, i + 1)
        while i < n and text[i] in "hlL":
            i += 1
        specs.append((key, width, precision, text[i] if i < n else ""))
        i += 1


def check_printf(template, args) -> None:
    """Refuse ``template % args`` when its result could be over :data:`MAX_STRING`
    characters: each conversion makes at most its width, its precision and its value."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    if not isinstance(text, str) or "%" not in text:
        return
    mapping = args if (not isinstance(args, tuple | str | bytes)
                       and hasattr(args, "__getitem__")) else None
    values = list(args) if isinstance(args, tuple) else [args]
    total, position = len(text), 0

    def next_value():
        nonlocal position
        position += 1
        return values[position - 1] if position <= len(values) else None

    for key, width, precision, kind in printf_specs(text):
        if kind == "%":
            continue
        for number in (width, precision):
            total += abs(_int(next_value())) if number == "*" else _int(number)
        if key is not None and mapping is not None:
            try:
                value = mapping[key]
            except Exception:  # Python's % reports it
                value = None
        else:
            value = next_value()
        total += text_size(value, MAX_STRING) + 2
        if total > MAX_STRING:
            raise _too_long(total, _.later("the formatted string"))


# ---- str.format --------------------------------------------------------------------------------

_SPEC_NUMBER = re.compile(r"\d+")


class _Bounded:
    """A formatter that refuses a result over :data:`MAX_STRING` characters, field by field,
    before making the field: its value's length plus the numbers of its spec (width and
    precision; a fill digit counts too, which only makes the estimate safer)."""

    _made = 0

    def vformat(self, format_string, args, kwargs):
        self._made = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value, conversion):
        if conversion is not None:  # !r !s !a show the value as text first
            check_length(text_size(value), what=_.later("a formatted value"))
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        spec = str(format_spec)
        numbers = [int(x) if len(x) <= 12 else 10 ** 12 for x in _SPEC_NUMBER.findall(spec)]
        self._made += sum(numbers) + text_size(value, MAX_STRING) + 2
        if self._made > MAX_STRING:
            raise _too_long(self._made, _.later("the formatted string"))
        return super().format_field(value, format_spec)


class _BoundedFormatter(_Bounded, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_Bounded, SandboxedEscapeFormatter):
    pass


def _format(env, text: str, args, kwargs) -> str:
    if isinstance(text, Markup):
        formatter = _BoundedEscapeFormatter(env, escape=text.escape)
    else:
        formatter = _BoundedFormatter(env)
    return type(text)(formatter.vformat(text, args, kwargs))
