"""Resource limits for the Word templates users supply: their size, what they build, their time.

A template is the user's own file, but it may come from anyone, and one line of template text
can ask for gigabytes: ``{{ '%0999999999d' % 1 }}`` (which Jinja would even build while
*loading* the template, folding constants), a string doubled with ``~`` in a loop,
``'x'|center(10**9)``, nested loops of ten billion turns, a 2 MB .docx whose zip member
inflates to 2 GiB, an XML part with a DOCTYPE. Each is refused here with an error naming the
file, before the machine runs out of memory or time.

The .docx file (:func:`read_members`, :func:`check_xml_parts`): its size, the size of its zip
directory, the number of members and the unpacked size are checked from the zip's central
directory before any member is read, and every member is then read with a cap (a member may
inflate to more than its directory entry says). Every XML part must be UTF-8 and may hold no
DOCTYPE or entity declaration; parts are parsed only with entities unresolved and no network.

The template language (:class:`GuardedEnvironment`, a jinja2 ``SandboxedEnvironment``):

- *Sizes, checked before a value is built.* Every operation that can make a big value from a
  small template is checked from its operands first: ``*`` and ``**``, ``+`` and ``~``,
  ``%`` formatting (widths, precisions, ``*`` widths, every argument), ``str.format``
  (each field's width and value, through the sandbox's formatter), filters with a width or a
  string they repeat (``center``, ``indent``, ``wordwrap``, ``join``, ``replace``, ``format``,
  ``batch``, ``slice``, ``urlize``, ``tojson`` and ``pprint`` indenting, ``sum`` with a list
  start), string methods with a width or a repeated argument (``ljust``, ``zfill``,
  ``expandtabs``, ``replace``, ``join``, ``translate``), ``int.to_bytes``, list growth,
  ``lipsum``. Whatever shows a list or a dict
  as text (output, ``~``, ``%s``, ``|string``...) first estimates the text's length, so
  ``[s] * 100000`` (a small list of a big string) cannot be shown. Every result is checked
  again afterwards, so no operation can compound another one's growth.
- *An allocation budget per form* (:data:`MAX_ALLOCATION`): every value the template makes
  (operator and filter results, call results, output, literals, slices) is charged at its
  size, and every loop turn and call a small fixed amount. A template cannot hold on to more
  than it was charged for, so this bounds its memory even when each value is small; it also
  bounds the work of nested loops, which the sandbox's ``range()`` cap (100,000) does not.
- *A deadline per form* (:data:`MAX_SECONDS`), checked at every charge: every loop turn is
  charged (each ``{% for %}`` iterates through :meth:`GuardedEnvironment.counted`, which the
  code generator puts around every loop's iterable), every call (macros, recursion, methods),
  filter, operator and output too. There is no other way to repeat in a template, so no
  runaway can go more than one bounded builtin operation without a check. (No signal or
  thread: it works on every OS and in any thread, and can never interrupt jinja2 half-way.)
- *Loading*: jinja2 folds constant expressions while compiling; with every operator
  intercepted and every filter needing the render context, nothing it folds can be bigger
  than the template's own text; and a template's tags (:data:`MAX_BRACES`) and tokens
  (:data:`MAX_TOKENS`) are counted before docxtpl and jinja2 work on them. A rendered part,
  and a macro's or block's output, is at most :data:`MAX_OUTPUT` characters long.

What is not bounded: the time and memory of one builtin operation on values within the
limits (sorting a list of :data:`MAX_ITEMS` items, say), which the limits keep small; and
Python's own objects (frames, small integers) beyond the flat charges. These limits are
generous for any real form; a template that needs more is not a form template.
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import sys
import time
import types
import zipfile
import zlib
from collections import abc, deque
from contextlib import contextmanager
from contextvars import ContextVar
from functools import update_wrapper

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace, _PassArg, generate_lorem_ipsum, pass_context
from markupsafe import Markup

# ---- the limits ------------------------------------------------------------------------------

#: The longest string (or bytes) one operation may make, in characters. A form's longest value
#: is a few hundred characters; a million is a whole book, and 4 MB at most in memory.
MAX_STRING = 1_000_000
#: The most items one operation may give a list, tuple or dict (8 MB of references).
MAX_ITEMS = 1_000_000
#: The most items ``*`` may make of a string, list or tuple (a form needs a few hundred).
MAX_REPEAT = 100_000
#: The largest integer ``*`` and ``**`` may make: about 4,300 decimal digits, the most Python
#: prints (sys.int_info.default_max_str_digits), so nothing larger could be shown anyway.
MAX_INT_BITS = 14_300
#: The longest output of one template part (and of one macro or block), in characters: the
#: shipped form's body is 25 KB, a 100-page Word document's about 5 MB.
MAX_OUTPUT = 20_000_000
#: What all the values one form's template makes may add up to, in bytes (estimated as
#: described in the module's docstring). Well under the memory of any machine Word runs on;
#: the shipped form uses well under 1 MB.
MAX_ALLOCATION = 128 * 1024 * 1024
#: The flat charges of a loop turn and of a call (filter, method, macro), in bytes: what
#: Python allocates for them that is not a value (and what a template could keep of it).
ITERATION_COST = 64
CALL_COST = 256
#: The longest a form may take to render, in seconds. The shipped form takes milliseconds.
MAX_SECONDS = 10.0

#: The most "{" characters in the parts of a template that are rendered: each may open a tag,
#: and docxtpl's preparation of the XML takes about 5 us and 1 KB of memory a tag, before
#: jinja2 sees any (20,000: a tenth of a second). The shipped form has 64.
MAX_BRACES = 20_000
#: The most template tokens (tags' words, operators and the text between tags) of all parts of
#: a template: jinja2 takes about 20 us and 1 KB of memory a token to compile, so 50,000 is a
#: second and 50 MB. The shipped form has 313, the budget justification 710.
MAX_TOKENS = 50_000

#: The largest template file (a .docx is a zip: its size bounds its directory).
MAX_TEMPLATE_FILE = 64 * 1024 * 1024
#: The most a template's members may unpack to, in all, in bytes (images included).
MAX_UNPACKED = 50 * 1024 * 1024
#: The largest XML part: lxml's tree of it takes ten times as much, python-docx parses it
#: again, and jinja2 compiles the ones with tags. A long Word document's body is about 5 MB.
MAX_XML_PART = 16 * 1024 * 1024
#: The most members a template may have (a Word document has 10 to 100) and the largest its
#: zip directory may be, in bytes (checked first: reading the directory makes an object per
#: member, about 10 times the directory's size).
MAX_MEMBERS = 1_000
MAX_DIRECTORY = 1024 * 1024


class TemplateLimit(SecurityError):
    """A template asked for more than a form template may have; the message says what."""


# ---- the budget of one render -----------------------------------------------------------------

class Budget:
    """The time and allocation one form's rendering may still use."""

    __slots__ = ("deadline", "left", "seconds")

    def __init__(self) -> None:
        self.seconds = MAX_SECONDS
        self.deadline = time.monotonic() + self.seconds
        self.left = MAX_ALLOCATION

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise TemplateLimit(f"the template makes too much: over {MAX_ALLOCATION >> 20} MiB "
                                "of values for one form")
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"rendering took longer than {self.seconds:g} s")


_BUDGET: ContextVar[Budget | None] = ContextVar("normbook_template_budget", default=None)


@contextmanager
def rendering():
    """Render within one budget (nested uses share the outer one: one form, one budget)."""
    if _BUDGET.get() is not None:
        yield
        return
    token = _BUDGET.set(Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _spend(amount: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:  # loading (constant folding) has no budget: sizes only
        budget.spend(amount)


# ---- sizes ------------------------------------------------------------------------------------

def _too_long(length: int, what: str = "a string") -> TemplateLimit:
    return TemplateLimit(f"{what} of {length:,} characters is too long: a template may make at "
                         f"most {MAX_STRING:,} characters in one value")


def check_length(length: int, limit: int = MAX_STRING, what: str = "a string") -> None:
    if length > limit:
        raise TemplateLimit(f"{what} of {length:,} characters is too long: a template may make "
                            f"at most {limit:,} characters in one value")


def check_items(count: int) -> None:
    if count > MAX_ITEMS:
        raise TemplateLimit(f"a list of {count:,} items is too long: a template may make at "
                            f"most {MAX_ITEMS:,} items in one list")


_END = object()
_SEQUENCES = (list, tuple, set, frozenset, deque, abc.KeysView, abc.ValuesView, abc.ItemsView)


def _children(value):
    """The parts of a value its text shows (None for a value shown as a whole)."""
    if isinstance(value, str | bytes | bytearray):
        return None
    if isinstance(value, dict):
        return itertools.chain.from_iterable(value.items())
    if isinstance(value, _SEQUENCES):
        return value
    if isinstance(value, Namespace):  # its repr shows its attributes
        return itertools.chain.from_iterable(
            object.__getattribute__(value, "_Namespace__attrs").items())
    return None


def _leaf_size(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bytes | bytearray):
        return 4 * len(value) + 3  # b'\x00' shows each byte in up to 4 characters
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2  # log10(2) < 1/3
    if isinstance(value, float):
        return 24
    if isinstance(value, Undefined):
        return 0  # shown as '' or an error
    return 80  # <jinja2.runtime.LoopContext 1/6> and such: short


def text_size(value, limit: int = MAX_STRING) -> int:
    """How long ``str(value)`` is, about (a string in a list counts as itself and its
    quotes), without making it; counting stops past ``limit``, so this takes time in
    proportion to ``limit`` at most, however much the value shares ([s] * 100000)."""
    if isinstance(value, str):
        return len(value)
    size = 0
    stack = [iter((value,))]
    open_ids: list[int | None] = [None]  # the containers being shown, outermost first
    showing: set[int | None] = set()
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
            showing.discard(open_ids.pop())
            continue
        size += 2  # brackets, quotes or a separator
        children = _children(item)
        if children is None:
            size += _leaf_size(item)
        elif id(item) in showing:  # a list that holds itself is shown as [...]
            size += 3
        else:
            open_ids.append(id(item))
            showing.add(id(item))
            stack.append(iter(children))
        if size > limit:
            break
    return size


def _laid_out_items(container, indent: int, step: int, keys: bool):
    inner = indent + step
    if isinstance(container, Namespace):
        container = object.__getattribute__(container, "_Namespace__attrs")
    if isinstance(container, dict):
        for key, value in container.items():
            yield key, inner
            # pprint lines a dict's value up after its key (repr: quotes, then ": ")
            yield value, inner + (text_size(key) + 4 if keys else 0)
    else:
        for item in container:
            yield item, inner


def laid_out_size(value, step: int, keys: bool = False, limit: int = MAX_STRING) -> int:
    """How long the indented text of a value (``|tojson(indent=...)``, ``|pprint``) is at
    most: every item on a line of its own, indented by ``step`` a level (and with ``keys``
    by each key too, as pprint does); counting stops past ``limit``."""
    size = 0
    stack = [iter(((value, 0),))]
    open_ids: list[int | None] = [None]
    showing: set[int | None] = set()
    while stack:
        entry = next(stack[-1], _END)
        if entry is _END:
            stack.pop()
            showing.discard(open_ids.pop())
            continue
        item, indent = entry
        size += indent + 3  # a line break, a separator
        if _children(item) is None:
            size += _leaf_size(item)
        elif id(item) in showing:
            size += 3
        else:
            open_ids.append(id(item))
            showing.add(id(item))
            stack.append(_laid_out_items(item, indent, step, keys))
        if size > limit:
            break
    return size


def _footprint(value) -> int:
    """The memory of a container and of its distinct direct items (bytes, about)."""
    size = sys.getsizeof(value)
    items = itertools.chain.from_iterable(value.items()) if isinstance(value, dict) else value
    seen: set[int] = set()
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            size += sys.getsizeof(item)
    return size


def made(value, limit: int = MAX_STRING):
    """A value an operation made: checked against the limits and charged to the budget."""
    if isinstance(value, str | bytes | bytearray):
        check_length(len(value), limit)
        _spend(sys.getsizeof(value))
    elif isinstance(value, list | tuple | dict | set | frozenset):
        check_items(len(value))
        _spend(_footprint(value))
    else:
        _spend(64)
    return value


def _int(value) -> int:
    """An integer argument, or 0 when it is none (the operation itself then raises)."""
    return value if isinstance(value, int) else 0


def _materialize(iterable) -> list:
    """An iterable as a list, refused past :data:`MAX_ITEMS` items (before more are made)."""
    items = list(itertools.islice(iter(iterable), MAX_ITEMS + 1))
    check_items(len(items))
    return items


# ---- operators --------------------------------------------------------------------------------

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
                    raise TemplateLimit(f"repeating {len(seq):,} item(s) {times:,} times is "
                                        f"too long: at most {MAX_REPEAT:,} items")
                return
        if whole(left) and whole(right) and (abs(left).bit_length() + abs(right).bit_length()
                                             > MAX_INT_BITS):
            raise TemplateLimit(f"the product is too large: at most {MAX_INT_BITS:,} bits")
    elif (operator == "**" and whole(left) and whole(right) and right > 0 and abs(left) > 1
          and abs(left).bit_length() * right > MAX_INT_BITS):
        raise TemplateLimit(f"{left} ** {right} is too large: at most {MAX_INT_BITS:,} bits")
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
            raise _too_long(total, "the formatted string")


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
            check_length(text_size(value), what="a formatted value")
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        spec = str(format_spec)
        numbers = [int(x) if len(x) <= 12 else 10 ** 12 for x in _SPEC_NUMBER.findall(spec)]
        self._made += sum(numbers) + text_size(value, MAX_STRING) + 2
        if self._made > MAX_STRING:
            raise _too_long(self._made, "the formatted string")
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


# ---- filters, methods and globals -------------------------------------------------------------

def _check_center(env, value, width=80, *args, **kwargs):
    check_length(max(text_size(value), _int(width)))
    return value


def _check_indent(env, value, width=4, *args, **kwargs):
    size = text_size(value)
    check_length(size)
    step = text_size(width) if isinstance(width, str) else _int(width)
    check_length(size + (str(value).count("\n") + 1) * step)
    return value


def _check_wordwrap(env, value, width=79, break_long_words=True, wrapstring=None,
                    *args, **kwargs):
    size = text_size(value)
    check_length(size)
    wrap = env.newline_sequence if wrapstring is None else wrapstring
    # Each line but the last, with the next word, is longer than width.
    lines = 2 * size // max(_int(width), 1) + str(value).count("\n") + 2
    check_length(size + lines * text_size(wrap))
    return value


def _check_join(env, value, d="", *args, **kwargs):
    items = _materialize(value)
    total = max(len(items) - 1, 0) * text_size(d)
    for item in items:
        total += text_size(item, MAX_STRING)
        if total > MAX_STRING:
            break
    check_length(total, what="the joined string")
    return items


def _replaced_size(text, old, new, count) -> int:
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def _check_replace(env, value, old="", new="", count=None, *args, **kwargs):
    for part in (value, old, new):
        check_length(text_size(part))
    check_length(_replaced_size(str(value), str(old), str(new), count))
    return value


def _check_format(env, value, *args, **kwargs):
    check_length(text_size(value))
    check_printf(str(value), kwargs or args)
    return value


def _check_batch(env, value, linecount=0, *args, **kwargs):
    check_items(_int(linecount))
    return value


def _check_urlize(env, value, trim_url_limit=None, nofollow=False, target=None, rel=None,
                  *args, **kwargs):
    size = text_size(value)
    check_length(size)
    # A link is at least 4 characters and a space; each shows target and rel once.
    extra = text_size(target or "") + text_size(rel or "")
    check_length(3 * size + (size // 4 + 1) * extra)
    return value


def _check_sum(env, value, attribute=None, start=0, *args, **kwargs):
    if not isinstance(start, list | tuple):
        return value
    # Adding lists copies the sum so far each time (quadratic): count the copies first.
    items = _materialize(value)
    length = copies = len(start)
    for item in items:
        length += len(item) if isinstance(item, list | tuple) else 0
        copies += length
        if copies > 10 * MAX_ITEMS:
            raise TemplateLimit(f"adding {len(items):,} lists one by one copies too much: "
                                f"a template may copy at most {10 * MAX_ITEMS:,} items so")
    return items


def _check_tojson(env, value, indent=None, *args, **kwargs):
    check_length(text_size(value))
    if indent is not None:
        step = len(indent) if isinstance(indent, str) else _int(indent)
        check_length(laid_out_size(value, step), what="the indented JSON")
    return value


def _check_pprint(env, value, *args, **kwargs):
    check_length(text_size(value))
    check_length(laid_out_size(value, 1, keys=True), what="the pretty-printed value")
    return value


_FILTER_CHECKS = {
    "center": _check_center, "indent": _check_indent, "wordwrap": _check_wordwrap,
    "join": _check_join, "replace": _check_replace, "format": _check_format,
    "batch": _check_batch, "slice": _check_batch, "urlize": _check_urlize, "sum": _check_sum,
    "tojson": _check_tojson, "pprint": _check_pprint,
}
# Filters that never show their value as text (the others are refused a value whose text
# would be over MAX_STRING characters before they run).
_STRUCTURAL_FILTERS = frozenset({
    "abs", "attr", "count", "d", "default", "dictsort", "filesizeformat", "first", "float",
    "groupby", "int", "items", "last", "length", "list", "map", "max", "min", "random",
    "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort", "unique",
})


def _guarded_filter(name: str, func):
    """The filter ``func`` with its checks; it takes the context so that jinja2 never runs
    it while compiling (constant folding), where no budget applies."""
    passed = _PassArg.from_obj(func)
    check = _FILTER_CHECKS.get(name)
    shows_text = name not in _STRUCTURAL_FILTERS

    @pass_context
    def guarded(context, value, *args, **kwargs):
        _spend(CALL_COST)
        if check is not None:
            value = check(context.environment, value, *args, **kwargs)
        elif shows_text:
            check_length(text_size(value))
        if passed is _PassArg.context:
            result = func(context, value, *args, **kwargs)
        elif passed is _PassArg.eval_context:
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif passed is _PassArg.environment:
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        return made(result)

    guarded.__name__ = guarded.__qualname__ = getattr(func, "__name__", name)
    guarded.__doc__ = func.__doc__
    return guarded


def _argument(args, kwargs, index: int, name: str, default=None):
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _widest(table) -> int:
    """The longest replacement a str.translate table holds."""
    values = table.values() if isinstance(table, dict) else (
        table if isinstance(table, list | tuple) else ())
    return max((len(v) for v in values if isinstance(v, str | bytes)), default=1)


def _check_method(env, context, name: str, owner, args: tuple, kwargs: dict):
    """Refuse a method call of a builtin value whose result would be too big; return the
    arguments to call it with (an iterable it would read all of, read once, as a list)."""
    if isinstance(owner, str | bytes | bytearray):
        if name in ("center", "ljust", "rjust", "zfill"):
            check_length(_int(_argument(args, kwargs, 0, "width")))
        elif name == "expandtabs":
            tab = "\t" if isinstance(owner, str) else b"\t"
            size = _int(_argument(args, kwargs, 0, "tabsize", 8))
            check_length(len(owner) + owner.count(tab) * max(size, 0))
        elif name == "replace":
            old, new = _argument(args, kwargs, 0, "old"), _argument(args, kwargs, 1, "new")
            if isinstance(old, str | bytes) and isinstance(new, str | bytes) \
                    and isinstance(old, str) == isinstance(owner, str):
                check_length(_replaced_size(owner, old, new, _argument(args, kwargs, 2,
                                                                        "count", -1)))
        elif name == "join" and args:
            items = _materialize(args[0])
            args = (items, *args[1:])
            total = max(len(items) - 1, 0) * len(owner)
            check_length(total + sum(len(x) for x in items if isinstance(x, str | bytes)),
                         what="the joined string")
        elif name == "translate" and args:
            check_length(len(owner) * _widest(args[0]))
    elif isinstance(owner, int) and name == "to_bytes":
        check_length(_int(_argument(args, kwargs, 0, "length", 1)), what="bytes")
    elif isinstance(owner, list) and name == "extend" and args:
        items = _materialize(args[0])
        args = (items,)
        check_items(len(owner) + len(items))
    elif isinstance(owner, list | dict) and name in ("append", "insert", "setdefault"):
        check_items(len(owner) + 1)
    key = kwargs.get("key")
    if callable(key):  # list.sort(key=...) would call it behind the sandbox's back
        kwargs = {**kwargs, "key": lambda item: env.call(context, key, item)}
    return args, kwargs


def _lipsum(n=5, html=True, min=20, max=100):  # jinja2's own names
    check_length(_int(n) * (_int(max) * 13 + 20), what="the lorem ipsum")
    return generate_lorem_ipsum(n, html, min, max)


def _finalize(value):
    """Every ``{{ value }}``: shown as text, so its text must not be too long."""
    size = len(value) if isinstance(value, str) else text_size(value, MAX_OUTPUT)
    check_length(size, MAX_OUTPUT, "an output")
    _spend(size + 64)
    return value


def _join_output(pieces) -> str:
    """jinja2's ``concat``: the output of a template part, macro, block or ``{% set %}``
    block, bounded while it is collected."""
    if isinstance(pieces, list):
        total = sum(map(len, pieces))
    else:
        collected, total = [], 0
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT:
                break
            collected.append(piece)
        pieces = collected
    check_length(total, MAX_OUTPUT, "an output")
    _spend(total + 64)
    return "".join(pieces)


# ---- code generation: loops, ~ and literals ----------------------------------------------------

class _CodeGenerator(CodeGenerator):
    """jinja2's code generator, but every loop turn, every ``~`` and every list, tuple or
    dict literal goes through the environment, which charges it to the budget."""

    def visit_Template(self, node, frame=None):
        # {% for x in xs %} runs as {% for x in environment.counted(xs) %}: a call, which
        # jinja2 never folds into a constant.
        for loop in list(node.find_all(nodes.For)):
            counted = nodes.EnvironmentAttribute("counted", lineno=loop.iter.lineno)
            loop.iter = nodes.Call(counted, [loop.iter], [], None, None,
                                   lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Concat(self, node, frame):
        # As jinja2's own, which joins with markup_join or str_join without a limit.
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        elif frame.eval_ctx.autoescape:
            markup = "True"
        else:
            markup = "False"
        self.write(f"environment.concat_values({markup}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _literal(self, visit, node, frame):
        self.write("environment.literal(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node, frame):
        self._literal(super().visit_List, node, frame)

    def visit_Dict(self, node, frame):
        self._literal(super().visit_Dict, node, frame)

    def visit_Tuple(self, node, frame):
        if node.ctx == "load":
            self._literal(super().visit_Tuple, node, frame)
        else:  # a loop's or an assignment's target
            super().visit_Tuple(node, frame)

    def visit_Const(self, node, frame):
        if isinstance(node.value, list | dict):  # a folded literal: a new one each time
            self._literal(super().visit_Const, node, frame)
        else:
            super().visit_Const(node, frame)


class GuardedTemplate(Template):
    """A template whose ``render`` runs within a budget (unless one is running already)."""

    def render(self, *args, **kwargs):
        with rendering():
            return super().render(*args, **kwargs)


class GuardedEnvironment(SandboxedEnvironment):
    """jinja2's sandbox with every way to make a big value, or to run long, bounded.

    ``render`` of its templates is bounded by :func:`rendering`'s budget; to share one
    budget between several parts (one form), render them within ``with rendering():``.
    """

    # Every operator: checked, and never folded into a constant while loading.
    intercepted_binops = frozenset(SandboxedEnvironment.default_binop_table)
    code_generator_class = _CodeGenerator
    template_class = GuardedTemplate
    concat = staticmethod(_join_output)

    def __init__(self, **options) -> None:
        options.setdefault("finalize", _finalize)
        super().__init__(**options)
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}
        self.globals["lipsum"] = _lipsum

    def call_binop(self, context, operator, left, right):
        _spend(CALL_COST)
        check_binop(operator, left, right)
        return made(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # named as jinja2's
        _spend(CALL_COST)
        owner = getattr(__obj, "__self__", None)
        growing = None
        if isinstance(owner, str | bytes | bytearray | int | list | dict) \
                and not isinstance(owner, bool) and isinstance(getattr(__obj, "__name__", None),
                                                               str):
            args, kwargs = _check_method(__self, __context, __obj.__name__, owner, args,
                                         kwargs)
            if isinstance(owner, list | dict):
                growing = sys.getsizeof(owner)
        result = super().call(__context, __obj, *args, **kwargs)
        if growing is not None:  # list.append and such: the list grew, and holds its items
            added = args[0] if __obj.__name__ == "extend" else (*args, *kwargs.values())
            _spend(max(sys.getsizeof(owner) - growing, 0)
                   + sum(sys.getsizeof(x) for x in added))
            check_items(len(owner))
        return made(result, MAX_OUTPUT)  # a macro's output may be as long as an output

    def getitem(self, obj, argument):
        result = super().getitem(obj, argument)
        if isinstance(argument, slice):  # a copy
            made(result)
        return result

    def counted(self, iterable):
        """A loop's iterable, charged turn by turn (the loop itself when not rendering)."""
        budget = _BUDGET.get()
        if budget is None:
            return iterable
        return _turns(budget, iterable)

    def concat_values(self, markup, values: tuple):
        """``a ~ b ~ c``: refused when its text would be too long, before it is made."""
        total = 0
        for value in values:
            total += text_size(value, MAX_STRING)
            if total > MAX_STRING:
                raise _too_long(total, "the joined string (~)")
        return made(markup_join(values) if markup else str_join(values))

    def literal(self, value):
        _spend(sys.getsizeof(value))
        return value

    def wrap_str_format(self, value):
        """``str.format`` and ``format_map`` with a bounded formatter (jinja2 >= 3.1.5)."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) \
                or value.__name__ not in ("format", "format_map"):
            return None
        text = value.__self__
        if not isinstance(text, str):
            return None
        is_map = value.__name__ == "format_map"

        def wrapper(*args, **kwargs):
            if is_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} "
                                    "given)")
                args, kwargs = (), args[0]
            return _format(self, text, args, kwargs)

        return update_wrapper(wrapper, value)

    def format_string(self, s, args, kwargs, format_func=None):
        """The same for jinja2 < 3.1.5, whose ``call`` hands ``str.format`` calls here."""
        if format_func is not None and format_func.__name__ == "format_map":
            if len(args) != 1 or kwargs:
                raise TypeError("format_map() takes exactly one argument")
            args, kwargs = (), args[0]
        return _format(self, s, args, kwargs)


def count_tokens(env, source: str, limit: int = MAX_TOKENS) -> int:
    """The tokens of a template's source, counted up to just past ``limit`` (lexing is
    cheap; parsing and compiling what it finds is what takes time and memory).

    Raises:
        TemplateLimit: over ``limit`` tokens.
        TemplateSyntaxError: the lexer's.
    """
    count = sum(1 for _ in itertools.islice(env.lex(source), limit + 1))
    if count > limit:
        raise TemplateLimit(f"the template has over {limit:,} tokens (tags' words and the "
                            "text between them): too big to compile; a form template has "
                            "a few hundred")
    return count


def _turns(budget: Budget, iterable):
    for item in iterable:
        budget.spend(ITERATION_COST)
        yield item


# ---- the .docx file ---------------------------------------------------------------------------

def _refuse(message: str):
    from .forms.errors import TemplateProblem

    return TemplateProblem(message)


def _directory_size(data: bytes) -> int | None:
    """The size of a zip's central directory as its end record says (zip64 too), found as
    zipfile finds it; None when there is no end record (zipfile then refuses the file)."""
    signature, end_size = b"PK\x05\x06", 22
    if len(data) >= end_size and data[-end_size:-end_size + 4] == signature \
            and data[-2:] == b"\0\0":
        at = len(data) - end_size
    else:
        at = data.rfind(signature, max(len(data) - end_size - 65535, 0))
        if at < 0 or len(data) - at < end_size:
            return None
    size = struct.unpack("<L", data[at + 12:at + 16])[0]
    locator = at - 20
    if locator >= 56 and data[locator:locator + 4] == b"PK\x06\x07":
        record = data[locator - 56:locator]
        if record[:4] == b"PK\x06\x06":
            size = max(size, struct.unpack("<Q", record[40:48])[0])
    return size


_CHUNK = 1024 * 1024


def read_members(data: bytes, source: str) -> list[tuple[str, bytes]]:
    """The members of a template's zip, (name, bytes) in order.

    Raises:
        TemplateProblem: not a zip, or over :data:`MAX_TEMPLATE_FILE`, :data:`MAX_MEMBERS`
            (or :data:`MAX_DIRECTORY`) or :data:`MAX_UNPACKED` (checked from the
            directory before any member is read, and again while reading).
    """
    from .forms.errors import TemplateProblem

    if len(data) > MAX_TEMPLATE_FILE:
        raise _refuse(f"{source}: the file is {len(data):,} bytes long; a template may be at "
                      f"most {MAX_TEMPLATE_FILE:,} bytes")
    directory = _directory_size(data)
    if directory is not None and directory > MAX_DIRECTORY:
        raise _refuse(f"{source}: its zip directory is {directory:,} bytes long: too many "
                      f"members for a Word document (a template may have {MAX_MEMBERS:,})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refuse(f"{source}: {len(infos):,} zip members; a template may have at most "
                          f"{MAX_MEMBERS:,} members")
        declared = 0
        for info in infos:
            declared += info.file_size
            if declared > MAX_UNPACKED:
                raise _refuse(f"{source}: {info.filename} unpacks to {info.file_size:,} bytes: "
                              f"a template may unpack to at most {MAX_UNPACKED:,} bytes in all")
        members, left = [], MAX_UNPACKED
        for info in infos:
            # In chunks, never past the limit, whatever the directory says: zipfile stops at
            # the declared size, but would inflate as much as it is asked for to get there.
            chunks = []
            with archive.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    left -= len(chunk)
                    if left < 0:
                        raise _refuse(f"{source}: {info.filename} unpacks to more than it "
                                      f"declares: a template may unpack to at most "
                                      f"{MAX_UNPACKED:,} bytes in all")
                    chunks.append(chunk)
            members.append((info.filename, b"".join(chunks)))
    except TemplateProblem:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            RuntimeError, NotImplementedError) as exc:  # RuntimeError: encrypted
        raise _refuse(f"{source}: not a .docx file ({exc})") from exc
    return members


def xml_parser():
    """An lxml parser that resolves no entity, loads no DTD and uses no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xml(blob: bytes, part: str, source: str):
    """Parse an XML part of a template, refusing anything but plain UTF-8 XML without a DTD.

    A DOCTYPE could declare entities (billion laughs, external files): a Word document never
    has one. Only UTF-8 is read, so that no other encoding can hide one from the check of the
    bytes; the parser then confirms it, resolving nothing.

    Raises:
        TemplateProblem: naming the part.
    """
    from lxml import etree

    if len(blob) > MAX_XML_PART:
        raise _refuse(f"{source}: {part} is {len(blob):,} bytes long; an XML part of a template "
                      f"may be at most {MAX_XML_PART:,} bytes")
    text = blob[3:] if blob.startswith(b"\xef\xbb\xbf") else blob
    text = text.lstrip(b" \t\r\n")
    declared = _DECLARED_ENCODING.match(text)
    if not text.startswith(b"<") or b"\0" in blob or (
            declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        raise _refuse(f"{source}: {part} is not UTF-8 XML, as Word writes it; save the "
                      "template again from Word as .docx")
    if _DTD.search(blob):
        raise _refuse(f"{source}: {part} has a DOCTYPE or entity declaration, which a Word "
                      "document never has; refused")
    try:
        root = etree.fromstring(blob, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise _refuse(f"{source}: {part} is not well-formed XML ({exc})") from exc
    if has_doctype(root):
        raise _refuse(f"{source}: {part} has a DOCTYPE, which a Word document never has; "
                      "refused")
    return root


def has_doctype(root) -> bool:
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def check_xml_parts(members: list[tuple[str, bytes]], source: str) -> None:
    """Check every XML part of a template (:func:`check_xml`): those named .xml or .rels and
    those [Content_Types].xml gives an XML type (python-docx parses those, whatever their
    name)."""
    blobs = dict(members)
    xml = {name for name in blobs if name.lower().endswith((".xml", ".rels"))}
    types_xml = blobs.get("[Content_Types].xml")
    if types_xml is not None:
        root = check_xml(types_xml, "[Content_Types].xml", source)
        defaults, overrides = {}, {}
        for element in root:
            tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
            if tag == "Default":
                defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
            elif tag == "Override":
                overrides[element.get("PartName", "").lower()] = element.get("ContentType", "")
        for name in blobs:
            kind = overrides.get("/" + name.lower()) or defaults.get(
                name.rpartition(".")[2].lower() if "." in name else "", "")
            if "xml" in kind and not kind.startswith("image/"):
                xml.add(name)
    for name in sorted(xml):
        if name != "[Content_Types].xml":
            check_xml(blobs[name], name, source)
